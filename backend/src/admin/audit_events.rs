//! `GET /audit-events`: the audit log for admins, filterable by actor, record, action and period.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::audit::{AuditAction, AuditEvent, AuditResult};
use shared::paging::Page;
use shared::validation::Errors;
use uuid::Uuid;

use super::service::{self, AuditFilter};
use crate::AppState;
use crate::auth::Authorized;
use crate::auth::policy::Admins;
use crate::db::audit_events;
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::{ListParams, ListQuery};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_audit_events);
}

/// An audit row as the API shows it (the audit log and the GDPR copy).
pub fn to_event(model: audit_events::Model) -> ApiResult<AuditEvent> {
    Ok(AuditEvent {
        id: model.id,
        occurred_at: model.occurred_at,
        actor_id: model.actor_id,
        actor_name: model.actor_name,
        actor_role: crate::db::stored_opt(model.actor_role.as_deref(), "role")?,
        client_id: model.client_id,
        action: crate::db::stored(&model.action, "audit action")?,
        record_type: model.record_type,
        record_id: model.record_id,
        result: crate::db::stored(&model.result, "audit result")?,
        request_id: model.request_id,
        details: model.details,
        client_address: model.client_address,
        actor_kind: model.actor_kind,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
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
    params(ListParams, AuditQuery),
    responses((status = 200, description = "One page of audit events", body = Page<AuditEvent>))
)]
#[get("/audit-events")]
async fn list_audit_events(
    _admin: Authorized<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<AuditQuery>,
) -> ApiResult<HttpResponse> {
    let paging = query.paging;
    let query = query.filter;
    let mut errors = Errors::default();
    if let (Some(from), Some(to)) = (query.from, query.to)
        && to < from
    {
        errors.add("to", "before_from", "de einddatum ligt voor de begindatum");
    }
    errors.finish(()).map_err(ApiError::Validation)?;

    let filter = AuditFilter {
        actor_id: query.actor_id,
        record_type: query.record_type,
        record_id: query.record_id,
        action: query.action,
        result: query.result,
        from: query.from,
        to: query.to,
    };
    let (rows, total) = service::list_audit_events(&state.db, &filter, paging).await?;
    Ok(crate::infra::paging::respond(
        &req,
        Page::new(rows.into_iter().map(to_event).collect::<ApiResult<_>>()?, paging, total),
    ))
}
