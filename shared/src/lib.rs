//! Domain types and rules used by both the server and the SPA.
//!
//! Architecture invariant: this crate has no server or browser dependencies (no actix, sea-orm, tokio or
//! web-sys). The OpenAPI schema derive sits behind the `openapi` feature, which only the backend enables,
//! so the same types compile to wasm32 for the SPA.

pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod candidates;
pub mod contracts;
pub mod dashboard;
pub mod duplicates;
pub mod dutch;
pub mod guidance;
pub mod imports;
pub mod matching;
pub mod money;
pub mod monitoring;
pub mod organisations;
pub mod paging;
pub mod problem;
pub mod quick_search;
pub mod reference;
pub mod reminders;
pub mod saved_searches;
pub mod surveys;
pub mod tasks;
pub mod text;
pub mod timeline;
pub mod users;
pub mod validation;

/// Semantic version of the HTTP API, sent as the `API-Version` header on every response.
pub const API_VERSION: &str = "1.0.0";

#[cfg(test)]
mod enum_names {
    //! Each stored and wire enum derives its strings once (strum, snake_case); these tests prove that the
    //! strum names are the serde names, for every variant, so the database and the API can never disagree.
    use serde::Serialize;

    fn same_names<T: Serialize + Copy + std::fmt::Debug + PartialEq>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        for value in all {
            let wire = serde_json::to_value(value).unwrap();
            assert_eq!(wire.as_str(), Some(as_str(*value)), "{value:?}");
            assert_eq!(parse(as_str(*value)), Some(*value));
        }
        assert_eq!(parse("no_such_value"), None);
    }

    #[test]
    fn strum_names_are_the_serde_names() {
        use crate::audit::{AuditAction, AuditResult};
        use crate::auth::Role;
        use crate::candidates::{BenefitKind, CandidateStatus, IntakeKind, Source, Weekday};
        use crate::organisations::OrganisationRole;
        use crate::reference::PhysicalDemand;
        use crate::tasks::{DayPart, PackageStatus};
        same_names(&AuditAction::ALL, AuditAction::as_str, AuditAction::parse);
        same_names(
            &[AuditResult::Success, AuditResult::Failure, AuditResult::Denied],
            AuditResult::as_str,
            AuditResult::parse,
        );
        same_names(&Role::ALL, Role::as_str, Role::parse);
        same_names(&CandidateStatus::ALL, CandidateStatus::as_str, CandidateStatus::parse);
        same_names(&Weekday::ALL, Weekday::as_str, Weekday::parse);
        same_names(&Source::ALL, Source::as_str, Source::parse);
        same_names(&BenefitKind::ALL, BenefitKind::as_str, BenefitKind::parse);
        same_names(&IntakeKind::ALL, IntakeKind::as_str, IntakeKind::parse);
        same_names(&OrganisationRole::ALL, OrganisationRole::as_str, OrganisationRole::parse);
        same_names(&PhysicalDemand::ALL, PhysicalDemand::as_str, PhysicalDemand::parse);
        same_names(&DayPart::ALL, DayPart::as_str, DayPart::parse);
        same_names(&PackageStatus::ALL, PackageStatus::as_str, PackageStatus::parse);
        use crate::contracts::lifecycle::{ContractStatus, EndReason};
        use crate::timeline::TimelineKind;
        same_names(&TimelineKind::ALL, TimelineKind::as_str, TimelineKind::parse);
        same_names(&ContractStatus::ALL, ContractStatus::as_str, ContractStatus::parse);
        same_names(&EndReason::ALL, EndReason::as_str, EndReason::parse);
        use crate::reminders::ReminderKind;
        same_names(&ReminderKind::ALL, ReminderKind::as_str, ReminderKind::parse);
        use crate::guidance::{AssignmentKind, Domain, EmployerNoteKind, GoalStatus, ProvisionKind};
        same_names(AssignmentKind::ALL, AssignmentKind::as_str, AssignmentKind::parse);
        same_names(Domain::ALL, Domain::as_str, Domain::parse);
        same_names(GoalStatus::ALL, GoalStatus::as_str, GoalStatus::parse);
        same_names(ProvisionKind::ALL, ProvisionKind::as_str, ProvisionKind::parse);
        same_names(EmployerNoteKind::ALL, EmployerNoteKind::as_str, EmployerNoteKind::parse);
    }
}
