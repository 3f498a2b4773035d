//! Issue 14 item 3: reminders. Follow-ups that staff set on a person or an organisation, and the state
//! (done, or snoozed until a date with a reason) of every reminder, a follow-up's or a derived one's, keyed
//! by the reminder's stable key. Derived reminders themselves are never stored: queries compute them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum FollowUps {
    Table,
    Id,
    MunicipalityId,
    CandidateId,
    OrganisationId,
    Title,
    Note,
    DueOn,
    OwnerId,
    OwnerName,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReminderStates {
    Table,
    /// The reminder's stable key (`follow_up:<id>`, `trial_ending:<match>:<date>`, ...).
    Key,
    CandidateId,
    /// `done` or `snoozed`.
    State,
    SnoozedUntil,
    Reason,
    ById,
    ByName,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use FollowUps as F;
        use ReminderStates as R;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(pk_uuid(F::Id))
                    .col(uuid(F::MunicipalityId))
                    .col(uuid_null(F::CandidateId))
                    .col(uuid_null(F::OrganisationId))
                    .col(string_len(F::Title, 200))
                    .col(text(F::Note))
                    .col(date(F::DueOn))
                    .col(uuid(F::OwnerId))
                    .col(string_len(F::OwnerName, 120))
                    .col(timestamp_with_time_zone(F::CreatedAt))
                    .foreign_key(&mut fk("fk_follow_ups_owner", F::Table, F::OwnerId, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        // A user's due list reads its own follow-ups by due date; a person's and an organisation's by subject.
        index(manager, "idx_follow_ups_owner_due", F::Table, &[F::OwnerId, F::DueOn]).await?;
        index(manager, "idx_follow_ups_candidate", F::Table, &[F::CandidateId]).await?;
        index(manager, "idx_follow_ups_organisation", F::Table, &[F::OrganisationId]).await?;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(string_len(R::Key, 120).primary_key())
                    .col(uuid_null(R::CandidateId))
                    .col(string_len(R::State, 10))
                    .col(date_null(R::SnoozedUntil))
                    .col(text(R::Reason))
                    .col(uuid_null(R::ById))
                    .col(string_len(R::ByName, 120))
                    .col(timestamp_with_time_zone(R::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_reminder_states_candidate", R::Table, &[R::CandidateId]).await?;
        // The derived reminders' queries: trial placements by their end, contracts by theirs, people by
        // their registration (intake not completed).
        index(manager, "idx_matches_trial_end", Matches::Table, &[Matches::Stage, Matches::TrialEndDate]).await?;
        index(manager, "idx_contracts_end", Contracts::Table, &[Contracts::Status, Contracts::EndDate]).await?;
        index(
            manager,
            "idx_candidates_intake_since",
            Candidates::Table,
            &[Candidates::MunicipalityId, Candidates::Status, Candidates::CreatedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_matches_trial_end", Matches::Table.into_iden()),
            ("idx_contracts_end", Contracts::Table.into_iden()),
            ("idx_candidates_intake_since", Candidates::Table.into_iden()),
        ] {
            manager.drop_index(Index::drop().name(name).table(table).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(ReminderStates::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(FollowUps::Table).to_owned()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Stage,
    TrialEndDate,
}

#[derive(DeriveIden, Clone, Copy)]
enum Contracts {
    Table,
    Status,
    EndDate,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    MunicipalityId,
    Status,
    CreatedAt,
}
