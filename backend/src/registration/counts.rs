//! The number of candidates per municipality and status (`candidate_counts`), so that the candidate lists
//! answer their exact `totalItems` from a few counter rows instead of counting index entries on every
//! request (BENCHMARKS.md, "Lists at national scale").
//!
//! Invariant: for every (municipality, status), `n` equals the number of candidates with that municipality
//! and status that are not erased. Every write that changes which row a candidate counts in calls
//! [`add`] (or [`moved`], [`erased`]) in its own transaction: create, CSV import, a status change (also
//! the ones Matching and Contracts take through `service::move_status`), erasure, the generator and the demo
//! seeding. A rolled-back write leaves the counters as they were.
//!
//! Concurrency: a change is one statement, `INSERT ... ON CONFLICT DO UPDATE SET n = candidate_counts.n +
//! excluded.n`, which adds atomically (PostgreSQL takes the row's lock; SQLite serialises writers). The
//! deltas of one statement are merged per key and written in key order, so two transactions that touch the
//! same two rows (one candidate `eligible -> matched`, another `matched -> eligible`) lock them in the same
//! order and cannot deadlock on them. A counter row stays locked until its transaction ends, so writes to
//! the same municipality and status queue behind each other for that long, no longer.

use std::collections::BTreeMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr};
use shared::candidates::CandidateStatus;
use uuid::Uuid;

use super::service::CandidateFilter;
use crate::auth::AuthUser;

#[derive(Clone, Copy)]
enum Counts {
    Table,
    MunicipalityId,
    Status,
    N,
}

impl sea_orm::sea_query::Iden for Counts {
    fn unquoted(&self) -> &str {
        match self {
            Counts::Table => "candidate_counts",
            Counts::MunicipalityId => "municipality_id",
            Counts::Status => "status",
            Counts::N => "n",
        }
    }
}

/// Adds each `(municipality, status, delta)` to its counter (negative deltas subtract), in one statement.
pub async fn add(db: &impl ConnectionTrait, deltas: &[(Uuid, &str, i64)]) -> Result<(), DbErr> {
    // Merged per key (PostgreSQL refuses one statement that changes a row twice) and in key order.
    let mut merged: BTreeMap<(Uuid, &str), i64> = BTreeMap::new();
    for (municipality, status, delta) in deltas {
        *merged.entry((*municipality, *status)).or_default() += delta;
    }
    merged.retain(|_, delta| *delta != 0);
    if merged.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert();
    insert.into_table(Counts::Table).columns([Counts::MunicipalityId, Counts::Status, Counts::N]);
    for ((municipality, status), delta) in merged {
        insert.values_panic([municipality.into(), status.into(), delta.into()]);
    }
    insert.on_conflict(
        OnConflict::columns([Counts::MunicipalityId, Counts::Status])
            .value(Counts::N, Expr::col((Counts::Table, Counts::N)).add(Expr::col((Alias::new("excluded"), Counts::N))))
            .to_owned(),
    );
    db.execute(&insert).await?;
    Ok(())
}

/// One candidate moved from `(municipality, status)` to another (a status change, or a move to another
/// municipality).
pub async fn moved(db: &impl ConnectionTrait, from: (Uuid, &str), to: (Uuid, &str)) -> Result<(), DbErr> {
    add(db, &[(from.0, from.1, -1), (to.0, to.1, 1)]).await
}

/// `count` new candidates of `municipality` in `status`.
pub async fn created(
    db: &impl ConnectionTrait,
    municipality: Uuid,
    status: CandidateStatus,
    count: u64,
) -> Result<(), DbErr> {
    add(db, &[(municipality, status.as_str(), i64::try_from(count).unwrap_or(i64::MAX))]).await
}

/// A candidate was erased: it no longer counts where it counted.
pub async fn erased(db: &impl ConnectionTrait, municipality: Uuid, status: &str) -> Result<(), DbErr> {
    add(db, &[(municipality, status, -1)]).await
}

/// Recounts every counter from the candidates, in the caller's transaction: for a database that one
/// process fills on its own (the demo seeding), never while others write.
pub async fn recount(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM candidate_counts").await?;
    db.execute_unprepared(
        "INSERT INTO candidate_counts (municipality_id, status, n) \
         SELECT municipality_id, status, COUNT(*) FROM candidates WHERE erased_at IS NULL AND merged_into_id IS NULL \
         GROUP BY municipality_id, status",
    )
    .await?;
    Ok(())
}

/// The query of a list's exact total from the counters, when the list's filter is one that they cover: the
/// caller's region and at most a status (no neighbourhood, source or register filter, no search term).
/// `None` otherwise: such a list counts its rows.
pub fn total(caller: &AuthUser, filter: &CandidateFilter) -> Option<SelectStatement> {
    if filter.neighbourhood_id.is_some()
        || filter.source.is_some()
        || filter.target_group_register.is_some()
        || filter.availability_confirmed_before.is_some()
    {
        return None;
    }
    let mut select = Query::select();
    select.expr(Expr::cust("CAST(COALESCE(SUM(n), 0) AS BIGINT)")).from(Counts::Table);
    if let Some(municipality) = caller.municipality_id {
        select.and_where(Expr::col(Counts::MunicipalityId).eq(municipality));
    }
    if let Some(status) = filter.status {
        select.and_where(Expr::col(Counts::Status).eq(status.as_str()));
    }
    Some(select.to_owned())
}
