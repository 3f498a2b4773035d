//! `GET /audit-events`: the audit log for admins, filterable by actor, record, action and period.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use shared::audit::{AuditAction, AuditEvent, AuditResult};
use shared::auth::Role;
use shared::paging::{Page, PageRequest};
use shared::validation::Errors;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authorized;
use crate::auth::policy::Admins;
use crate::db::audit_events;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_audit_events);
}

/// An audit row as the API shows it (the audit log and the GDPR copy).
pub fn to_event(model: audit_events::Model) -> AuditEvent {
    AuditEvent {
        id: model.id,
        occurred_at: model.occurred_at,
        actor_id: model.actor_id,
        actor_name: model.actor_name,
        actor_role: model.actor_role.as_deref().and_then(Role::parse),
        client_id: model.client_id,
        action: AuditAction::parse(&model.action).unwrap_or(AuditAction::Read),
        record_type: model.record_type,
        record_id: model.record_id,
        result: AuditResult::parse(&model.result).unwrap_or(AuditResult::Failure),
        request_id: model.request_id,
        details: model.details,
        client_address: model.client_address,
        actor_kind: model.actor_kind,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// 1-based page number (default 1, at most 100,000).
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    page_size: Option<u64>,
    /// The user who acted.
    actor_id: Option<Uuid>,
    /// The kind of record, e.g. `user`, `candidate`.
    record_type: Option<String>,
    record_id: Option<Uuid>,
    action: Option<AuditAction>,
    result: Option<AuditResult>,
    /// First day (inclusive), `YYYY-MM-DD`.
    from: Option<NaiveDate>,
    /// Last day (inclusive), `YYYY-MM-DD`.
    to: Option<NaiveDate>,
}

/// The audit log, newest first.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, description = "One page of audit events", body = Page<AuditEvent>))
)]
#[get("/audit-events")]
async fn list_audit_events(
    _admin: Authorized<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ApiQuery<AuditQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(query.page, query.page_size, &mut errors);
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if to < from {
            errors.add("to", "before_from", "de einddatum ligt voor de begindatum");
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;

    let mut condition = Condition::all();
    if let Some(actor) = query.actor_id {
        condition = condition.add(audit_events::Column::ActorId.eq(actor));
    }
    if let Some(record_type) = query.record_type.as_deref().filter(|t| !t.is_empty()) {
        condition = condition.add(audit_events::Column::RecordType.eq(record_type));
    }
    if let Some(record) = query.record_id {
        condition = condition.add(audit_events::Column::RecordId.eq(record));
    }
    if let Some(action) = query.action {
        condition = condition.add(audit_events::Column::Action.eq(action.as_str()));
    }
    if let Some(result) = query.result {
        condition = condition.add(audit_events::Column::Result.eq(result.as_str()));
    }
    let start_of = |day: NaiveDate| day.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t));
    if let Some(from) = query.from.and_then(start_of) {
        condition = condition.add(audit_events::Column::OccurredAt.gte(from));
    }
    if let Some(to) = query.to.and_then(|d| d.succ_opt()).and_then(start_of) {
        condition = condition.add(audit_events::Column::OccurredAt.lt(to));
    }
    let select = audit_events::Entity::find().filter(condition);
    let total = select.clone().count(&state.db).await?;
    let rows = select
        .order_by_desc(audit_events::Column::OccurredAt)
        .order_by_desc(audit_events::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(&state.db)
        .await?;
    Ok(crate::paging::respond(&req, Page::new(rows.into_iter().map(to_event).collect(), paging, total)))
}
