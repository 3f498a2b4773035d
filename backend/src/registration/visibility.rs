//! What each role sees of a person: the one declared field-visibility table ([`TABLE`]), after PRODUCT.md's
//! roles table (issue 10, finding 4).
//!
//! Every answer that carries a person's data to a role that reads candidates goes through it: the record
//! (`GET /candidates/{id}`, where a field the role may not see is left out and named in `hiddenFields`), a
//! row of a list or search (left out too), the intakes (their `notes`) and the change history (the values).
//! `backend/tests/api/visibility.rs` checks every field for every role over HTTP.

use shared::auth::Role;

/// Every field of a person's record by its wire name: those of `shared::candidates::Candidate` (a row of a
/// list, `CandidateSummary`, has a subset of them under the same names), and what other endpoints show of
/// the person: `intakes` (`GET /candidates/{id}/intakes`: the conversations and assessments with their
/// results), `intakeNotes` (their notes) and `statusHistory` (`GET /candidates/{id}/status-changes`, whose
/// reasons hold the eligibility motivations). `hiddenFields` is not data about the person and is always shown.
pub const PERSON_FIELDS: [&str; 41] = [
    "id",
    "municipalityId",
    "firstName",
    "lastName",
    "dateOfBirth",
    "age",
    "bsn",
    "bsnMasked",
    "email",
    "phone",
    "postcode",
    "houseNumber",
    "neighbourhoodId",
    "neighbourhoodName",
    "source",
    "targetGroupRegister",
    "benefit",
    "regularWorkEvidence",
    "availableHours",
    "wishedHoursPerWeek",
    "availableDays",
    "availabilityConfirmedAt",
    "availabilityConfirmedBy",
    "missing",
    "abilities",
    "physicalLimitations",
    "limitationNotes",
    "wishCategoryIds",
    "wishNeighbourhoodId",
    "dreamJob",
    "wageValuePct",
    "expectedWageValuePct",
    "status",
    "exitReason",
    "wageEarningCriteria",
    "createdAt",
    "updatedAt",
    "version",
    "intakes",
    "intakeNotes",
    "statusHistory",
];

/// The fields one role sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Every field.
    All,
    /// Every field but these.
    AllBut(&'static [&'static str]),
    /// Only these.
    Only(&'static [&'static str]),
}

impl Fields {
    pub fn shows(self, field: &str) -> bool {
        match self {
            Fields::All => true,
            Fields::AllBut(hidden) => !hidden.contains(&field),
            Fields::Only(shown) => shown.contains(&field),
        }
    }
}

/// The field-visibility table: for each role, what it sees of a person.
pub const TABLE: [(Role, Fields); 7] = [
    (Role::Admin, Fields::All),
    (Role::Consultant, Fields::All),
    // "read candidates and employees": everything but health and intake notes, which a job coach sees of
    // its own caseload only ([`CASELOAD`], through [`fields_of`]).
    (Role::JobCoach, Fields::AllBut(&["physicalLimitations", "limitationNotes", "intakeNotes"])),
    // Of a person only who it is, where, its status and the money: the benefit's kind and monthly amount
    // (and later the money fields of contracts). No contact details, register flag, wage value, health,
    // intake results or notes, eligibility motivations (`intakes`, `statusHistory`).
    (Role::Finance, Fields::Only(&["id", "firstName", "lastName", "municipalityId", "status", "benefit"])),
    // Never a person's record (the endpoints refuse them; nothing would be shown either).
    (Role::Partner, Fields::Only(&[])),
    (Role::Monitor, Fields::Only(&[])),
    (Role::Research, Fields::Only(&[])),
];

/// What a job coach sees of a person in its caseload (whose current coach assignment names it, see
/// `guidance::service::in_caseload`): everything, health and intake notes included.
pub const CASELOAD: Fields = Fields::All;

/// What `role` sees of one person: [`CASELOAD`] for a job coach and a person of its caseload, else the
/// role's row of [`TABLE`].
pub fn fields_of(role: Role, in_caseload: bool) -> Fields {
    if role == Role::JobCoach && in_caseload { CASELOAD } else { fields(role) }
}

/// The fields of [`PERSON_FIELDS`] that `fields` leaves out, in that order.
pub fn hidden_by(fields: Fields) -> Vec<&'static str> {
    PERSON_FIELDS.iter().copied().filter(|f| !fields.shows(f)).collect()
}

/// A serialised record with only the fields of `fields` (and `hiddenFields`).
pub fn restrict_to(mut value: serde_json::Value, fields: Fields) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut value {
        map.retain(|key, _| key == "hiddenFields" || fields.shows(key));
    }
    value
}

/// What `role` sees of a person ([`TABLE`]).
pub fn fields(role: Role) -> Fields {
    TABLE.iter().find(|(r, _)| *r == role).map_or(Fields::Only(&[]), |(_, fields)| *fields)
}

/// The fields of [`PERSON_FIELDS`] that `role` does not see, in that order.
pub fn hidden(role: Role) -> Vec<&'static str> {
    let fields = fields(role);
    PERSON_FIELDS.iter().copied().filter(|f| !fields.shows(f)).collect()
}

/// A serialised record or list row with only the fields `role` sees (and `hiddenFields`).
pub fn restrict(mut value: serde_json::Value, role: Role) -> serde_json::Value {
    let fields = fields(role);
    if let serde_json::Value::Object(map) = &mut value {
        map.retain(|key, _| key == "hiddenFields" || fields.shows(key));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_one_row_and_every_named_field_exists() {
        for role in Role::ALL {
            assert_eq!(TABLE.iter().filter(|(r, _)| *r == role).count(), 1, "{role}");
        }
        for (role, fields) in TABLE {
            if let Fields::AllBut(named) | Fields::Only(named) = fields {
                assert!(named.iter().all(|f| PERSON_FIELDS.contains(f)), "{role}: {named:?}");
            }
        }
    }

    #[test]
    fn a_restricted_row_keeps_only_the_fields_of_the_role() {
        let row = serde_json::json!({"id": 1, "firstName": "A", "email": "a@b.nl", "benefit": {}, "hiddenFields": []});
        let finance = restrict(row.clone(), Role::Finance);
        let mut keys: Vec<&String> = finance.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["benefit", "firstName", "hiddenFields", "id"]);
        assert_eq!(restrict(row.clone(), Role::Admin), row);
        assert_eq!(hidden(Role::JobCoach), ["physicalLimitations", "limitationNotes", "intakeNotes"]);
        assert_eq!(hidden(Role::Consultant), Vec::<&str>::new());
        assert_eq!(hidden_by(fields_of(Role::JobCoach, true)), Vec::<&str>::new());
        assert_eq!(hidden_by(fields_of(Role::JobCoach, false)), hidden(Role::JobCoach));
        assert_eq!(fields_of(Role::Finance, true), fields(Role::Finance));
    }
}
