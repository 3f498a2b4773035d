//! The personal-data registry: every table that holds data about a candidate, with how the GDPR copy
//! (art. 15) includes it and how erasure (art. 17) treats it. `gdpr.rs` copies and erases through this list
//! alone, so a table is in both or in neither.
//!
//! A capability that adds a table with data about a candidate adds it here, in the same commit. The test
//! `changes::every_table_with_a_candidate_id_is_in_the_personal_data_registry` (backend/tests/api) reads
//! the migrated schema of both databases and fails when a table with a `candidate_id` column is missing.

/// Where the copy (art. 15) shows a table's rows. Each section is filled by one arm of `gdpr::copy_section`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The record itself (`candidate` and `bsn`), with its abilities and wishes.
    Record,
    StatusChanges,
    Intakes,
    EligibilityDecisions,
    /// The change history of the record, field by field.
    Changes,
    /// The packages the candidate prefers (matching).
    Preferences,
    /// The candidate's matches to task packages.
    Matches,
    /// The matching rounds the candidate took part in: the preferences and scored pairs each used.
    Rounds,
    /// The person's employment contracts and every version of them.
    Contracts,
    /// The person's experience surveys.
    Surveys,
    /// The person's guidance: coach and mentor assignments, check-ins, goals and provisions.
    Guidance,
    /// The follow-ups set on the person and the states of reminders about it.
    Reminders,
    /// Who read or changed the record.
    AuditEvents,
}

/// What erasure (art. 17) does with a table's rows of the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    /// The candidate's row: personal fields removed, the anonymous facts that monitoring counts kept
    /// (`gdpr::anonymise_candidate`).
    Anonymise,
    /// The rows are deleted.
    Delete,
    /// These free-text columns are emptied; the rest of each row (a date, an outcome) stays for counts.
    Clear(&'static [&'static str]),
    /// Kept as they are: they hold no personal data (the audit log names the record by id only, and is
    /// append-only).
    Keep,
}

/// One table with data about a candidate.
#[derive(Debug, Clone, Copy)]
pub struct PersonalTable {
    pub table: &'static str,
    /// The column that holds the candidate's id.
    pub key: &'static str,
    pub copy: Section,
    pub erasure: Erasure,
}

/// Every table that holds data about a candidate.
pub const TABLES: &[PersonalTable] = &[
    PersonalTable { table: "candidates", key: "id", copy: Section::Record, erasure: Erasure::Anonymise },
    PersonalTable {
        table: "candidate_abilities",
        key: "candidate_id",
        copy: Section::Record,
        erasure: Erasure::Delete,
    },
    PersonalTable {
        table: "candidate_wish_categories",
        key: "candidate_id",
        copy: Section::Record,
        erasure: Erasure::Delete,
    },
    PersonalTable {
        table: "candidate_available_days",
        key: "candidate_id",
        copy: Section::Record,
        erasure: Erasure::Delete,
    },
    // Health data: nothing of it may stay.
    PersonalTable {
        table: "candidate_physical_limitations",
        key: "candidate_id",
        copy: Section::Record,
        erasure: Erasure::Delete,
    },
    PersonalTable {
        table: "candidate_status_changes",
        key: "candidate_id",
        copy: Section::StatusChanges,
        erasure: Erasure::Clear(&["reason"]),
    },
    PersonalTable {
        table: "intakes",
        key: "candidate_id",
        copy: Section::Intakes,
        erasure: Erasure::Clear(&["result", "notes", "assessor"]),
    },
    PersonalTable {
        table: "eligibility_decisions",
        key: "candidate_id",
        copy: Section::EligibilityDecisions,
        erasure: Erasure::Clear(&["motivation"]),
    },
    PersonalTable {
        table: "candidate_preferences",
        key: "candidate_id",
        copy: Section::Preferences,
        erasure: Erasure::Delete,
    },
    PersonalTable {
        table: "candidate_preference_lists",
        key: "candidate_id",
        copy: Section::Preferences,
        erasure: Erasure::Delete,
    },
    // The match stays for the counts; why it was declined is free text about the person.
    PersonalTable {
        table: "matches",
        key: "candidate_id",
        copy: Section::Matches,
        erasure: Erasure::Clear(&["decline_reason"]),
    },
    // That the candidate took part in a round (an id, no personal data) stays, so the round's counts hold.
    PersonalTable {
        table: "matching_round_candidates",
        key: "candidate_id",
        copy: Section::Rounds,
        erasure: Erasure::Keep,
    },
    // The preferences and scores a round used say what the person wished and could do: deleted.
    PersonalTable {
        table: "matching_round_preferences",
        key: "candidate_id",
        copy: Section::Rounds,
        erasure: Erasure::Delete,
    },
    PersonalTable {
        table: "matching_round_pairs",
        key: "candidate_id",
        copy: Section::Rounds,
        erasure: Erasure::Delete,
    },
    // Employment contracts are payroll records with a statutory retention period (7 years, AWR art. 52):
    // kept; they hold no free text. A version's reason is free text about the person: emptied.
    PersonalTable { table: "contracts", key: "candidate_id", copy: Section::Contracts, erasure: Erasure::Keep },
    PersonalTable {
        table: "contract_versions",
        key: "candidate_id",
        copy: Section::Contracts,
        erasure: Erasure::Clear(&["reason"]),
    },
    // How the person rated wellbeing, income, work and social contacts, and a free comment: nothing stays.
    PersonalTable { table: "employee_surveys", key: "candidate_id", copy: Section::Surveys, erasure: Erasure::Delete },
    // Guidance (issue 12): who guided the person stays (dates and ids, for the counts), the reasons are
    // emptied; check-ins and goals are notes about the person: deleted (the domains and the updates first,
    // they point at their rows). Provisions are payments with their cost and period: kept, the description
    // emptied.
    PersonalTable {
        table: "guidance_assignments",
        key: "candidate_id",
        copy: Section::Guidance,
        erasure: Erasure::Clear(&["end_reason"]),
    },
    PersonalTable {
        table: "guidance_check_in_domains",
        key: "candidate_id",
        copy: Section::Guidance,
        erasure: Erasure::Delete,
    },
    PersonalTable {
        table: "guidance_check_ins",
        key: "candidate_id",
        copy: Section::Guidance,
        erasure: Erasure::Delete,
    },
    PersonalTable {
        table: "guidance_goal_updates",
        key: "candidate_id",
        copy: Section::Guidance,
        erasure: Erasure::Delete,
    },
    PersonalTable { table: "guidance_goals", key: "candidate_id", copy: Section::Guidance, erasure: Erasure::Delete },
    PersonalTable {
        table: "guidance_provisions",
        key: "candidate_id",
        copy: Section::Guidance,
        erasure: Erasure::Clear(&["description"]),
    },
    // Reminders (issue 14): a follow-up's title and note are free text about the person, and a reminder's
    // state says why it was put away: deleted.
    PersonalTable { table: "follow_ups", key: "candidate_id", copy: Section::Reminders, erasure: Erasure::Delete },
    PersonalTable { table: "reminder_states", key: "candidate_id", copy: Section::Reminders, erasure: Erasure::Delete },
    // Old and new values of personal fields: nothing of them may stay.
    PersonalTable { table: "record_changes", key: "candidate_id", copy: Section::Changes, erasure: Erasure::Delete },
    PersonalTable { table: "audit_events", key: "record_id", copy: Section::AuditEvents, erasure: Erasure::Keep },
    // What the person adds to the Werkkamer feed's aggregates: counts per month, no personal data. Kept: the
    // erasure of the candidate's row recomputes it (an erased person leaves the counts of people; the jobs
    // they held stay counted), and it is not part of the copy, which holds the rows it is computed from.
    PersonalTable { table: "monitoring_subjects", key: "candidate_id", copy: Section::Record, erasure: Erasure::Keep },
    // Not listed: `duplicate_dismissals` (issue 14) holds two candidate ids, who dismissed the pair and when:
    // no data about the person (like the audit log), kept on erasure so that the pair is not proposed again.
];

/// The sections of the copy, each once, in the order of [`TABLES`].
pub fn sections() -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for table in TABLES {
        if !sections.contains(&table.copy) {
            sections.push(table.copy);
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_once_and_only_the_candidate_row_is_anonymised() {
        for (i, a) in TABLES.iter().enumerate() {
            assert!(TABLES[i + 1..].iter().all(|b| b.table != a.table), "{} twice", a.table);
        }
        let anonymised: Vec<_> = TABLES.iter().filter(|t| t.erasure == Erasure::Anonymise).map(|t| t.table).collect();
        assert_eq!(anonymised, ["candidates"]);
        assert_eq!(sections().first(), Some(&Section::Record));
    }
}
