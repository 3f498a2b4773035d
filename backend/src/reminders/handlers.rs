//! `/reminders` and `/follow-ups`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::reminders::{CreateFollowUp, MarkReminderDone, Reminder, ReminderCounts, SnoozeReminder};

use super::{FollowUpWriters, ReminderReaders, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::{ApiJson, ApiQuery, ListParams, ListQuery};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(due_reminders)
        .service(reminder_counts)
        .service(mark_reminder_done)
        .service(snooze_reminder)
        .service(create_follow_up);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DueQuery {
    /// How many days ahead an ending trial placement or temporary contract shows (0-365, default 14).
    #[param(minimum = 0, maximum = 365)]
    within_days: Option<u32>,
}

impl DueQuery {
    fn within_days(&self) -> ApiResult<u32> {
        match self.within_days {
            Some(days) if days > shared::reminders::MAX_WITHIN_DAYS => Err(ApiError::validation(
                "withinDays",
                "out_of_range",
                format!("een aantal dagen van 0 tot en met {}", shared::reminders::MAX_WITHIN_DAYS),
            )),
            Some(days) => Ok(days),
            None => Ok(shared::reminders::DEFAULT_WITHIN_DAYS),
        }
    }
}

/// The caller's due and overdue reminders, by due date: its own follow-ups due by today and the reminders
/// derived from the data of what it may see (admins and consultants: their region; a job coach: its
/// caseload; a partner: its own organisation's survey). Not done, and not snoozed past today. Each person
/// listed is audited as a read.
#[utoipa::path(
    tag = "reminders",
    params(ListParams, DueQuery),
    responses((status = 200, description = "One page of due reminders", body = shared::paging::Page<Reminder>))
)]
#[get("/reminders/due")]
async fn due_reminders(
    caller: Authorized<ReminderReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<DueQuery>,
) -> ApiResult<HttpResponse> {
    let within = query.filter.within_days()?;
    Ok(respond(&req, service::due_page(&state.db, &caller, within, query.paging, state.clock.today()).await?))
}

/// How many reminders the caller's due list holds, and how many are overdue (for the navigation's badge).
#[utoipa::path(
    tag = "reminders",
    params(DueQuery),
    responses((status = 200, description = "The counts of the due list", body = ReminderCounts))
)]
#[get("/reminders/counts")]
async fn reminder_counts(
    caller: Authorized<ReminderReaders>,
    state: web::Data<AppState>,
    query: ApiQuery<DueQuery>,
) -> ApiResult<web::Json<ReminderCounts>> {
    let within = query.0.within_days()?;
    Ok(web::Json(service::counts(&state.db, &caller, within, state.clock.today()).await?))
}

/// Mark a reminder of the caller's list done, by its key: it does not show again. 404 for a key of no
/// reminder of the caller.
#[utoipa::path(
    tag = "reminders",
    request_body = MarkReminderDone,
    responses((status = 204, description = "Done"))
)]
#[post("/reminders/done")]
async fn mark_reminder_done(
    caller: Authorized<ReminderReaders>,
    state: web::Data<AppState>,
    body: ApiJson<MarkReminderDone>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    service::mark_done(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Snooze a reminder of the caller's list until a later day, with the reason: it shows again on that day.
/// 404 for a key of no reminder of the caller.
#[utoipa::path(
    tag = "reminders",
    request_body = SnoozeReminder,
    responses((status = 204, description = "Snoozed"))
)]
#[post("/reminders/snooze")]
async fn snooze_reminder(
    caller: Authorized<ReminderReaders>,
    state: web::Data<AppState>,
    body: ApiJson<SnoozeReminder>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    service::snooze(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Set a follow-up on a person or an organisation: a title, a due date (today or later) and a note, owned
/// by the caller; it shows on the caller's due list from its day. 404 for a person the caller does not see
/// (a job coach: outside its caseload) or an organisation that does not exist.
#[utoipa::path(
    tag = "reminders",
    request_body = CreateFollowUp,
    responses((status = 201, description = "Set", body = Reminder))
)]
#[post("/follow-ups")]
async fn create_follow_up(
    caller: Authorized<FollowUpWriters>,
    state: web::Data<AppState>,
    body: ApiJson<CreateFollowUp>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let reminder = service::create_follow_up(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(reminder))
}
