//! Reading and writing CSV the way municipalities have it: UTF-8 (with or without BOM), `;` or `,`
//! separated, Dutch or English headers.
//!
//! A record type's file format is one list of [`Column`]s that both directions use: the export writes
//! every column of the list, the import accepts exactly the columns of the list, so the two cannot drift.
//! Cells with several values use one encoding ([`join_list`], [`split_list`]): values separated by `|`,
//! the parts of one value by `:` (`Tuinieren:3|Koken:2`), and a `\` before a `|`, `:` or `\` that belongs
//! to a name. Reference data is written by name ([`Names`]), so that a file reads well in a spreadsheet.

use shared::problem::ProblemCode;
use std::collections::HashMap;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, http::header};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;

use uuid::Uuid;

use crate::infra::error::ApiError;
use shared::imports::RowError;

/// The largest CSV file accepted: 8 MiB, room for [`ROW_LIMIT`] candidate rows (about 100 bytes each,
/// 1 MB for 10,000 rows) with long notes. A larger file is 413 before it is parsed.
pub const CSV_LIMIT: usize = 8 * 1024 * 1024;

/// The most data rows one import takes (the header not counted); more is 400 `too_many_rows`, before
/// any row is checked.
pub const ROW_LIMIT: usize = 20_000;

/// The most row errors an import reports (in the report's `errors`, or in a refusal's `invalidParams`);
/// the rest are counted in `errorsOmitted` (or one last `rows` entry), so the answer stays bounded.
pub const REPORTED_ERROR_LIMIT: usize = 500;

/// A `text/csv` request body, decoded as UTF-8.
#[derive(Debug)]
pub struct CsvBody(pub String);

impl FromRequest for CsvBody {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_csv = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|mime| mime == "text/csv");
        let mut payload = payload.take();
        let authenticated = crate::infra::extract::AuthGate::after_authentication(req);
        Box::pin(async move {
            authenticated.await;
            if !is_csv {
                return Err(ApiError::UnsupportedMediaType { expected: "text/csv" });
            }
            let mut body = Vec::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|_| ApiError::BadRequest {
                    code: ProblemCode::MalformedCsv,
                    detail: "Het bestand kon niet worden gelezen.".into(),
                })?;
                if body.len() + chunk.len() > CSV_LIMIT {
                    return Err(ApiError::PayloadTooLarge { limit: CSV_LIMIT });
                }
                body.extend_from_slice(&chunk);
            }
            let text = String::from_utf8(body).map_err(|_| ApiError::BadRequest {
                code: ProblemCode::MalformedCsv,
                detail: "Het bestand is geen UTF-8. Sla het op als 'CSV UTF-8'.".into(),
            })?;
            Ok(CsvBody(text.trim_start_matches('\u{feff}').to_owned()))
        })
    }
}

/// `;` when the header line has more of them than commas, else `,`.
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' }
}

/// A header reduced for matching: lower case without spaces, `-`, `_` or `.`.
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| !matches!(c, ' ' | '-' | '_' | '.')).flat_map(char::to_lowercase).collect()
}

/// A parsed CSV file: its header and its data rows.
pub type Parsed = (Vec<String>, Vec<csv::StringRecord>);

/// Parses an uploaded file with [`read`] on actix's blocking thread pool, so that a large file does not
/// hold up an async worker (and no transaction is open while it is parsed).
pub async fn parse(body: CsvBody) -> Result<Parsed, ApiError> {
    actix_web::web::block(move || read(&body.0))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("parsing csv: {e}")))?
}

/// Parses the rows of `text` into header and records; more than [`ROW_LIMIT`] data rows is refused
/// (400 `too_many_rows`) as soon as the reader passes the limit.
pub fn read(text: &str) -> Result<Parsed, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let malformed = |error: csv::Error| ApiError::BadRequest {
        code: ProblemCode::MalformedCsv,
        detail: format!("Het bestand is geen geldige CSV: {error}"),
    };
    let headers: Vec<String> = reader.headers().map_err(malformed)?.iter().map(str::to_owned).collect();
    if headers.iter().all(String::is_empty) {
        return Err(ApiError::BadRequest {
            code: ProblemCode::MalformedCsv,
            detail: "Het bestand is leeg: de eerste regel noemt de kolommen.".into(),
        });
    }
    let mut records = Vec::new();
    for record in reader.records() {
        if records.len() == ROW_LIMIT {
            return Err(ApiError::BadRequest {
                code: ProblemCode::TooManyRows,
                detail: format!("Het bestand heeft meer dan {ROW_LIMIT} rijen. Splits het in delen."),
            });
        }
        records.push(record.map_err(malformed)?.iter().map(restore_formula).collect::<csv::StringRecord>());
    }
    Ok((headers, records))
}

/// Writes rows as `;`-separated CSV (what Dutch spreadsheet programs open directly), with a BOM so that
/// they read it as UTF-8.
pub fn write(headers: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String, ApiError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let fault = |e: csv::Error| ApiError::Internal(anyhow::anyhow!("writing csv: {e}"));
    writer.write_record(headers).map_err(fault)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| neutralise_formula(cell))).map_err(fault)?;
    }
    let bytes = writer.into_inner().map_err(|e| ApiError::Internal(anyhow::anyhow!("writing csv: {e}")))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// An import with row errors is refused whole: every error as a field error named `rows[N].field`, at
/// most [`REPORTED_ERROR_LIMIT`] of them and then one entry `rows` that counts the rest.
pub fn rejected(errors: Vec<shared::imports::RowError>) -> ApiError {
    let omitted = errors.len().saturating_sub(REPORTED_ERROR_LIMIT);
    let mut params: Vec<_> = errors
        .into_iter()
        .take(REPORTED_ERROR_LIMIT)
        .map(|e| shared::problem::InvalidParam::new(format!("rows[{}].{}", e.row, e.field), e.code, e.reason))
        .collect();
    if omitted > 0 {
        params.push(shared::problem::InvalidParam::new("rows", "more_errors", format!("en nog {omitted} fouten")));
    }
    ApiError::Validation(params)
}

/// Keeps a report's `errors` to [`REPORTED_ERROR_LIMIT`], counting the rest in `errorsOmitted`.
pub fn bounded(mut report: shared::imports::ImportReport) -> shared::imports::ImportReport {
    let omitted = report.errors.len().saturating_sub(REPORTED_ERROR_LIMIT);
    report.errors.truncate(REPORTED_ERROR_LIMIT);
    report.errors_omitted += omitted as u64;
    report
}

/// The answer of an export: the CSV as a download named `filename`.
pub fn attachment(filename: &str, csv: String) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .body(csv)
}

/// A cell that a spreadsheet would run as a formula gets a leading quote (CSV injection). A cell that
/// starts with a quote before such a character gets one more, so that [`restore_formula`] gives back
/// exactly what was written.
fn neutralise_formula(cell: &str) -> String {
    let mut chars = cell.chars();
    match (chars.next(), chars.next()) {
        (Some('=' | '+' | '-' | '@' | '\t' | '\r'), _) if cell.parse::<f64>().is_err() => format!("'{cell}"),
        (Some('\''), Some('=' | '+' | '-' | '@' | '\'')) => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// The inverse of [`neutralise_formula`], for every cell read: `'=SOM(A1)` is read as `=SOM(A1)`.
fn restore_formula(cell: &str) -> &str {
    let mut chars = cell.chars();
    match (chars.next(), chars.next()) {
        (Some('\''), Some('=' | '+' | '-' | '@' | '\'')) => &cell[1..],
        _ => cell,
    }
}

/// One column of a record type's file: how the export writes it from `R` and how the import reads it
/// into `I`, both with the reference data `C`.
pub struct Column<R, I, C> {
    /// The field in API naming; row errors name it (`rows[3].availableHours`).
    pub field: &'static str,
    /// The header the export writes (Dutch).
    pub header: &'static str,
    /// Other headers the import accepts for it, as [`header_key`] reduces them. The header itself and the
    /// field name are always accepted.
    pub aliases: &'static [&'static str],
    pub write: fn(&R, &C) -> String,
    /// Reads a (trimmed) cell into the record, or says in Dutch what the cell should hold.
    pub read: fn(&str, &mut I, &C) -> Result<(), String>,
}

impl<R, I, C> Column<R, I, C> {
    fn accepts(&self, key: &str) -> bool {
        header_key(self.header) == key || header_key(self.field) == key || self.aliases.contains(&key)
    }
}

/// The columns of a file's header line, by position. Unknown and repeated headers are errors on row 1;
/// so is a missing `required` column.
pub fn columns_of<'a, R, I, C>(
    headers: &[String],
    columns: &'a [Column<R, I, C>],
    required: &[&str],
    errors: &mut Vec<RowError>,
) -> Vec<(usize, &'a Column<R, I, C>)> {
    let mut found: Vec<(usize, &Column<R, I, C>)> = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let key = header_key(header);
        match columns.iter().find(|c| c.accepts(&key)) {
            Some(column) if found.iter().any(|(_, c)| c.field == column.field) => errors.push(RowError {
                row: 1,
                field: header.clone(),
                code: "duplicate_column".into(),
                reason: format!("deze kolom staat er al ({})", column.header),
            }),
            Some(column) => found.push((index, column)),
            None => errors.push(RowError {
                row: 1,
                field: header.clone(),
                code: "unknown_column".into(),
                reason: "onbekende kolom".into(),
            }),
        }
    }
    for field in required {
        if !found.iter().any(|(_, c)| c.field == *field) {
            errors.push(RowError {
                row: 1,
                field: (*field).into(),
                code: "missing_column".into(),
                reason: "deze kolom ontbreekt".into(),
            });
        }
    }
    found
}

/// Reads the cells of `record` in the `columns` found, into `into`; each bad cell is an error of `row`.
pub fn read_row<R, I, C>(
    row: u64,
    record: &csv::StringRecord,
    columns: &[(usize, &Column<R, I, C>)],
    into: &mut I,
    context: &C,
    errors: &mut Vec<RowError>,
) {
    for (index, column) in columns {
        if let Err(reason) = (column.read)(record.get(*index).unwrap_or("").trim(), into, context) {
            errors.push(RowError { row, field: column.field.into(), code: "invalid".into(), reason });
        }
    }
}

/// The whole file of `records`: every column, in the order of the list.
pub fn write_all<R, I, C>(columns: &[Column<R, I, C>], records: &[R], context: &C) -> Result<String, ApiError> {
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    write(&headers, records.iter().map(|record| columns.iter().map(|c| (c.write)(record, context)).collect()))
}

/// A cell of several values, each of one or more parts: `Tuinieren:3|Koken:2`. `|`, `:` and `\` inside a
/// part get a `\` before them.
pub fn join_list<P: AsRef<str>>(values: impl IntoIterator<Item = impl IntoIterator<Item = P>>) -> String {
    let escape = |part: &str| part.replace('\\', "\\\\").replace('|', "\\|").replace(':', "\\:");
    values
        .into_iter()
        .map(|parts| parts.into_iter().map(|p| escape(p.as_ref())).collect::<Vec<_>>().join(":"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The values of a [`join_list`] cell, each split into its trimmed parts; empty values are left out.
pub fn split_list(cell: &str) -> Vec<Vec<String>> {
    let mut values = Vec::new();
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => part.push(chars.next().unwrap_or('\\')),
            ':' => parts.push(std::mem::take(&mut part).trim().to_owned()),
            '|' => {
                parts.push(std::mem::take(&mut part).trim().to_owned());
                values.push(std::mem::take(&mut parts));
            }
            other => part.push(other),
        }
    }
    parts.push(part.trim().to_owned());
    values.push(parts);
    values.into_iter().filter(|parts| parts.iter().any(|p| !p.is_empty())).collect()
}

/// Reference data by name, for files: the name is written where it is unique, the id where it is not;
/// both are read back. Names match exactly, or else without regard to case when that is unambiguous.
#[derive(Debug, Default)]
pub struct Names {
    by_id: HashMap<Uuid, String>,
    /// `None` when more than one record has the name.
    exact: HashMap<String, Option<Uuid>>,
    folded: HashMap<String, Option<Uuid>>,
}

impl Names {
    pub fn new(items: impl IntoIterator<Item = (Uuid, String)>) -> Self {
        let mut names = Names::default();
        for (id, name) in items {
            for (map, key) in [(&mut names.exact, name.clone()), (&mut names.folded, name.to_lowercase())] {
                map.entry(key).and_modify(|found| *found = None).or_insert(Some(id));
            }
            names.by_id.insert(id, name);
        }
        names
    }

    /// How a file names `id`.
    pub fn name(&self, id: Uuid) -> String {
        match self.by_id.get(&id) {
            Some(name) if self.exact.get(name) == Some(&Some(id)) && Uuid::parse_str(name).is_err() => name.clone(),
            _ => id.to_string(),
        }
    }

    /// The record a file means by `text` (a name or an id), or why there is none.
    pub fn id(&self, text: &str, what: &str) -> Result<Uuid, String> {
        if let Ok(id) = Uuid::parse_str(text)
            && self.by_id.contains_key(&id)
        {
            return Ok(id);
        }
        match self.exact.get(text).or_else(|| self.folded.get(&text.to_lowercase())) {
            Some(Some(id)) => Ok(*id),
            Some(None) => Err(format!("er zijn meer {what} met de naam '{text}'; gebruik het id")),
            None => Err(format!("onbekende {what}: '{text}'")),
        }
    }
}

/// A number as Dutch spreadsheets write it, `1250,50`; read back by [`parse_amount`].
pub fn format_amount(amount: rust_decimal::Decimal) -> String {
    shared::money::euros(amount).to_string().replace('.', ",")
}

/// Euros as written in Dutch files: `1250,00`, `1.250,00`, `€ 1250` or `1250.00`.
pub fn parse_amount(value: &str) -> Option<rust_decimal::Decimal> {
    let value = value.trim_start_matches('€').trim();
    let normalised = if value.contains(',') { value.replace('.', "").replace(',', ".") } else { value.to_owned() };
    normalised.parse().ok()
}

/// A number of `digits` digits whose leading zero a spreadsheet dropped (`12345678` for BSN
/// `012345678`) gets it back; anything else is returned as it is (and its check will fail).
pub fn restore_leading_zeros(value: &str, digits: usize) -> String {
    if value.len() + 1 == digits && value.bytes().all(|b| b.is_ascii_digit()) && !value.starts_with('0') {
        format!("0{value}")
    } else {
        value.to_owned()
    }
}

/// The query of every CSV import endpoint.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Only check the file and report what an import would do (default `false`).
    pub dry_run: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_a_header_line_is_refused() {
        for empty in ["", "\n", " ; \n"] {
            let error = read(empty).unwrap_err();
            assert!(matches!(error, ApiError::BadRequest { code: ProblemCode::MalformedCsv, .. }), "{empty:?}");
        }
        assert!(read("voornaam;achternaam\n").is_ok());
    }

    #[test]
    fn the_separator_is_taken_from_the_header() {
        assert_eq!(delimiter("voornaam;achternaam;bsn\nA;B;C"), b';');
        assert_eq!(delimiter("firstName,lastName\nA,B"), b',');
    }

    #[test]
    fn headers_match_whatever_their_spelling() {
        assert_eq!(header_key("Uren per week"), "urenperweek");
        assert_eq!(header_key("first_name"), "firstname");
    }

    #[test]
    fn formulas_are_neutralised_but_numbers_kept() {
        assert_eq!(neutralise_formula("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise_formula("-5000.00"), "-5000.00");
        let csv = write(&["a", "b"], vec![vec!["x;y".to_owned(), "1".to_owned()]].into_iter()).unwrap();
        assert_eq!(csv, "\u{feff}a;b\n\"x;y\";1\n");
    }

    #[test]
    fn neutralised_cells_read_back_as_they_were() {
        for cell in ["=SUM(A1)", "+31 6 1234", "@x", "'=x", "''=x", "'plain", "-5", "gewoon", "", "'"] {
            let written = neutralise_formula(cell);
            assert!(!written.starts_with(['=', '+', '@']), "{written}");
            assert_eq!(restore_formula(&written), cell, "{cell} -> {written}");
        }
        let csv = write(&["a"], vec![vec!["=1+1".to_owned()]].into_iter()).unwrap();
        let (_, records) = read(csv.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(&records[0][0], "=1+1");
    }

    #[test]
    fn lists_survive_names_with_separators() {
        let values = vec![vec!["Koken | bakken".to_owned(), "2".to_owned()], vec!["a:b\\c".to_owned(), "".to_owned()]];
        let cell = join_list(values.clone());
        assert_eq!(cell, "Koken \\| bakken:2|a\\:b\\\\c:");
        assert_eq!(split_list(&cell), values);
        assert_eq!(split_list(" ma | di ||"), vec![vec!["ma".to_owned()], vec!["di".to_owned()]]);
        assert!(split_list("").is_empty());
    }

    #[test]
    fn names_are_written_when_unique_and_read_back() {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let names = Names::new([(a, "Centrum".to_owned()), (b, "Noord".to_owned()), (c, "Noord".to_owned())]);
        assert_eq!(names.name(a), "Centrum");
        assert_eq!(names.name(b), b.to_string());
        assert_eq!(names.id("centrum", "wijk"), Ok(a));
        assert_eq!(names.id(&b.to_string(), "wijk"), Ok(b));
        assert!(names.id("Noord", "wijk").unwrap_err().contains("meer"));
        assert!(names.id("Zuid", "wijk").is_err());
    }

    #[test]
    fn amounts_and_leading_zeros() {
        assert_eq!(format_amount(rust_decimal::Decimal::new(125050, 2)), "1250,50");
        assert_eq!(format_amount(rust_decimal::Decimal::new(5000, 0)), "5000,00");
        for text in ["1250,50", "1.250,50", "€ 1250,5", "1250.50"] {
            assert_eq!(parse_amount(text), Some(rust_decimal::Decimal::new(125050, 2)), "{text}");
        }
        assert_eq!(restore_leading_zeros("12345678", 9), "012345678");
        assert_eq!(restore_leading_zeros("123456789", 9), "123456789");
        assert_eq!(restore_leading_zeros("12a", 9), "12a");
        assert_eq!(restore_leading_zeros("123", 8), "123");
    }
}
