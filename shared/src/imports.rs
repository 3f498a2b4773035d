//! Bulk import from CSV: the report that a dry run and an import answer with.

use serde::{Deserialize, Serialize};

/// What an import found (dry run) or did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// True when nothing was written.
    pub dry_run: bool,
    /// Data rows in the file (the header not counted).
    pub rows: u64,
    /// Rows that would create (dry run) or created a record.
    pub created: u64,
    /// Rows that would change (dry run) or changed an existing record (same BSN or KvK number). Each
    /// change raises the record's version by one and is audited.
    pub updated: u64,
    /// Rows that match an existing record and hold nothing new: not written, not audited.
    #[serde(default)]
    pub unchanged: u64,
    /// The errors, row by row, at most 500 (the server's limit); an import with any error writes nothing.
    pub errors: Vec<RowError>,
    /// Errors found beyond those listed in `errors`.
    #[serde(default)]
    pub errors_omitted: u64,
    /// A candidate import's dry run: new rows that look like a registered candidate (same date of birth
    /// or address, a name alike) or like an earlier row; at most 100. They are imported all the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_duplicates: Vec<crate::duplicates::ImportDuplicate>,
}

/// One error in one row. Row 1 is the header; data starts at row 2, as a spreadsheet numbers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub row: u64,
    /// The field in API naming (`bsn`, `dateOfBirth`), or the column header for an unknown column.
    pub field: String,
    pub code: String,
    pub reason: String,
}
