//! The evaluation export (issue 13, item 4): one row per person and month for the research partner,
//! pseudonymised with a keyed hash (HMAC-SHA256 with `BASISBAAN_PSEUDONYM_SECRET`, which never leaves the
//! server), without direct identifiers: an age band instead of the date of birth, the neighbourhood instead
//! of the address, no name, BSN or contact details. Every export is audited.
//!
//! Beside status, hours and income, each row holds the person's experience (the scores of their employee
//! survey of that month, or of the latest before it) and the cost of their provisions in that month (each
//! provision's cost spread over its own period's calendar days, as the budget does).

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::Sha256;
use shared::audit::AuditAction;
use shared::candidates::BenefitKind;
use shared::candidates::CandidateStatus;
use shared::contracts::income_indication;
use shared::contracts::lifecycle::ContractStatus;
use shared::monitoring::{EvaluationExport, EvaluationRow, MAX_EXPORT_MONTHS, Period, age_band, month_end};
use shared::problem::{InvalidParam, Language};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    candidate_status_changes, candidates, contracts, employee_surveys, guidance_provisions, municipalities,
    neighbourhoods,
};
use crate::infra::error::{ApiError, ApiResult};

/// The columns of the CSV, in order (the JSON's field names).
pub const COLUMNS: [&str; 20] = [
    "pseudonym",
    "month",
    "municipalityCode",
    "neighbourhood",
    "ageBand",
    "source",
    "targetGroupRegister",
    "status",
    "hoursPerWeek",
    "wageValuePct",
    "grossMonthly",
    "netMonthly",
    "benefitMonthly",
    "incomeOutcome",
    "surveyedOn",
    "surveyWellbeing",
    "surveyIncome",
    "surveyWork",
    "surveySocialContacts",
    "provisionCost",
];

/// The person's pseudonym: HMAC-SHA256 of the id under `secret`, the first 16 bytes in hex.
pub fn pseudonym(secret: &[u8], person: Uuid) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(person.as_bytes());
    mac.finalize().into_bytes().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Reads `from` and `to` (`YYYY-MM`): every problem at once.
fn months(from: Option<&str>, to: Option<&str>) -> ApiResult<(i32, u32, i32, u32)> {
    let mut errors = Vec::new();
    let mut read = |name: &str, value: Option<&str>| match value.and_then(Period::parse) {
        Some(Period::Month { year, month }) => Some((year, month)),
        _ => {
            errors.push(InvalidParam::new(name, "format", "een maand als 2026-03"));
            None
        }
    };
    let (first, last) = (read("from", from), read("to", to));
    let (Some(first), Some(last)) = (first, last) else { return Err(ApiError::Validation(errors)) };
    let span = (last.0 - first.0) * 12 + last.1 as i32 - first.1 as i32;
    if span < 0 {
        return Err(ApiError::validation("to", "before_from", "niet voor from"));
    }
    if span >= MAX_EXPORT_MONTHS as i32 {
        return Err(ApiError::validation("to", "too_long", format!("hoogstens {MAX_EXPORT_MONTHS} maanden")));
    }
    Ok((first.0, first.1, last.0, last.1))
}

/// The export of the months `from` to `to` (inclusive), audited as an export by `caller`.
pub async fn export(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    from: Option<&str>,
    to: Option<&str>,
    secret: &[u8],
) -> ApiResult<EvaluationExport> {
    let (from_year, from_month, to_year, to_month) = months(from, to)?;
    let first = NaiveDate::from_ymd_opt(from_year, from_month, 1).unwrap_or_default();
    let last = month_end(to_year, to_month);
    let last_moment = last.and_hms_opt(23, 59, 59).map(|t| t.and_utc()).unwrap_or_else(Utc::now);
    let places: HashMap<Uuid, String> =
        municipalities::Entity::find().all(db).await?.into_iter().map(|m| (m.id, m.code)).collect();
    let hoods: HashMap<Uuid, String> =
        neighbourhoods::Entity::find().all(db).await?.into_iter().map(|n| (n.id, n.name)).collect();
    let people = candidates::Entity::find()
        .filter(candidates::Column::ErasedAt.is_null())
        // A merged duplicate is counted once, as the record it was merged into.
        .filter(candidates::Column::MergedIntoId.is_null())
        .filter(candidates::Column::CreatedAt.lte(last_moment))
        .order_by_asc(candidates::Column::Id)
        .all(db)
        .await?;
    let mut history: HashMap<Uuid, Vec<(NaiveDate, CandidateStatus)>> = HashMap::new();
    for change in candidate_status_changes::Entity::find()
        .filter(candidate_status_changes::Column::ChangedAt.lte(last_moment))
        .order_by_asc(candidate_status_changes::Column::ChangedAt)
        .order_by_asc(candidate_status_changes::Column::Id)
        .all(db)
        .await?
    {
        let status: CandidateStatus = crate::db::stored(&change.to_status, "candidate status")?;
        history.entry(change.candidate_id).or_default().push((change.changed_at.date_naive(), status));
    }
    let started = [ContractStatus::Active, ContractStatus::Ended].map(|s| s.as_str());
    let mut jobs: HashMap<Uuid, Vec<contracts::Model>> = HashMap::new();
    for c in contracts::Entity::find()
        .filter(contracts::Column::Status.is_in(started))
        .filter(contracts::Column::StartDate.lte(last))
        .filter(Condition::any().add(contracts::Column::EndedOn.is_null()).add(contracts::Column::EndedOn.gte(first)))
        .all(db)
        .await?
    {
        jobs.entry(c.candidate_id).or_default().push(c);
    }
    // Each person's surveys up to the last month, in order, and the provisions that touch the period.
    let mut surveys: HashMap<Uuid, Vec<employee_surveys::Model>> = HashMap::new();
    for survey in employee_surveys::Entity::find()
        .filter(employee_surveys::Column::SurveyedOn.lte(last))
        .order_by_asc(employee_surveys::Column::SurveyedOn)
        .order_by_asc(employee_surveys::Column::Id)
        .all(db)
        .await?
    {
        surveys.entry(survey.candidate_id).or_default().push(survey);
    }
    let mut provisions: HashMap<Uuid, Vec<guidance_provisions::Model>> = HashMap::new();
    for provision in guidance_provisions::Entity::find()
        .filter(guidance_provisions::Column::FromDate.lte(last))
        .filter(guidance_provisions::Column::UntilDate.gte(first))
        .all(db)
        .await?
    {
        provisions.entry(provision.candidate_id).or_default().push(provision);
    }
    let assumptions = crate::contracts::service::income_assumptions(db).await?.assumptions;
    let mut rows = Vec::new();
    let mut month = (from_year, from_month);
    loop {
        let start = NaiveDate::from_ymd_opt(month.0, month.1, 1).unwrap_or_default();
        let end = month_end(month.0, month.1);
        for person in &people {
            if person.created_at.date_naive() > end {
                continue;
            }
            let statuses = history.get(&person.id).map(Vec::as_slice).unwrap_or_default();
            let status = statuses.iter().rev().find(|(on, _)| *on <= end).map_or(CandidateStatus::Registered, |s| s.1);
            let exited_before = status == CandidateStatus::Exited
                && statuses
                    .iter()
                    .rev()
                    .find(|(on, s)| *on <= end && *s == CandidateStatus::Exited)
                    .is_some_and(|e| e.0 < start);
            if exited_before {
                continue;
            }
            let contract = jobs.get(&person.id).and_then(|list| {
                list.iter().find(|c| {
                    let last_day =
                        if c.status == ContractStatus::Ended.as_str() { c.ended_on.or(c.end_date) } else { c.end_date };
                    c.start_date <= end && last_day.is_none_or(|l| l >= end)
                })
            });
            let benefit_kind: Option<BenefitKind> =
                crate::db::stored_opt(person.benefit_kind.as_deref(), "benefit kind")?;
            let income = contract.map(|c| {
                income_indication(
                    &assumptions,
                    c.hourly_wage,
                    Decimal::from(c.hours_per_week),
                    benefit_kind,
                    person.benefit_monthly_amount,
                    Language::Nl,
                )
            });
            let survey = surveys.get(&person.id).and_then(|list| list.iter().rev().find(|s| s.surveyed_on <= end));
            let score = |value: i16| u8::try_from(value).ok();
            let provision_cost: Decimal = provisions
                .get(&person.id)
                .map(|list| {
                    list.iter()
                        .map(|p| shared::guidance::provision_share(p.cost, p.from_date, p.until_date, start, end))
                        .sum()
                })
                .unwrap_or_default();
            rows.push(EvaluationRow {
                pseudonym: pseudonym(secret, person.id),
                month: format!("{}-{:02}", month.0, month.1),
                municipality_code: places.get(&person.municipality_id).cloned().unwrap_or_default(),
                neighbourhood: person.neighbourhood_id.and_then(|id| hoods.get(&id).cloned()),
                age_band: age_band(person.date_of_birth, end).to_owned(),
                source: person.source.clone(),
                target_group_register: person.target_group_register,
                status: status.as_str().to_owned(),
                hours_per_week: contract.map_or(0, |c| u32::try_from(c.hours_per_week).unwrap_or(0)),
                wage_value_pct: person.wage_value_pct,
                gross_monthly: income.as_ref().map(|i| shared::money::euros(i.gross_monthly)),
                net_monthly: income.as_ref().map(|i| shared::money::euros(i.net_monthly)),
                benefit_monthly: person.benefit_monthly_amount.map(shared::money::euros),
                income_outcome: income
                    .as_ref()
                    .and_then(|i| serde_json::to_value(i.outcome).ok().and_then(|v| v.as_str().map(str::to_owned))),
                surveyed_on: survey.map(|s| s.surveyed_on),
                survey_wellbeing: survey.and_then(|s| score(s.wellbeing)),
                survey_income: survey.and_then(|s| score(s.income)),
                survey_work: survey.and_then(|s| score(s.work)),
                survey_social_contacts: survey.and_then(|s| score(s.social_contacts)),
                provision_cost: shared::money::euros(provision_cost),
            });
        }
        if month == (to_year, to_month) {
            break;
        }
        month = if month.1 == 12 { (month.0 + 1, 1) } else { (month.0, month.1 + 1) };
    }
    let from = format!("{from_year}-{from_month:02}");
    let to = format!("{to_year}-{to_month:02}");
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Export, "evaluation_export").details(format!("{from} to {to}: {} rows", rows.len())),
    )
    .await?;
    Ok(EvaluationExport { from, to, rows })
}

/// The rows as CSV cells, in [`COLUMNS`] order.
pub fn csv_cells(row: &EvaluationRow) -> Vec<String> {
    let text = |value: Option<Decimal>| value.map(|v| v.to_string()).unwrap_or_default();
    let score = |value: Option<u8>| value.map(|v| v.to_string()).unwrap_or_default();
    vec![
        row.pseudonym.clone(),
        row.month.clone(),
        row.municipality_code.clone(),
        row.neighbourhood.clone().unwrap_or_default(),
        row.age_band.clone(),
        row.source.clone(),
        row.target_group_register.to_string(),
        row.status.clone(),
        row.hours_per_week.to_string(),
        row.wage_value_pct.map(|v| v.to_string()).unwrap_or_default(),
        text(row.gross_monthly),
        text(row.net_monthly),
        text(row.benefit_monthly),
        row.income_outcome.clone().unwrap_or_default(),
        row.surveyed_on.map(|d| d.to_string()).unwrap_or_default(),
        score(row.survey_wellbeing),
        score(row.survey_income),
        score(row.survey_work),
        score(row.survey_social_contacts),
        row.provision_cost.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_per_secret_and_differ_between_secrets() {
        let person = Uuid::from_u128(42);
        let a = pseudonym(b"first secret of at least thirty-two bytes", person);
        assert_eq!(a, pseudonym(b"first secret of at least thirty-two bytes", person));
        assert_ne!(a, pseudonym(b"other secret of at least thirty-two bytes", person));
        assert_ne!(a, pseudonym(b"first secret of at least thirty-two bytes", Uuid::from_u128(43)));
        assert_eq!(a.len(), 32);
        assert!(!a.contains(&person.simple().to_string()));
    }
}
