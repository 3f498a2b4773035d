//! `/organisations`, minimal for the foundation: name, KvK number and roles, enough to bind partner users
//! and API clients to their organisation. The Registration capability extends it.
//!
//! Invariant: a partner reads only its own organisation; any other id answers 404, never 403, so that a
//! partner cannot learn which organisations exist.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::Deserialize;
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::organisations::{CreateOrganisation, Organisation, OrganisationRole};
use shared::paging::{Page, PageRequest};
use shared::problem::codes;
use shared::validation::Errors;
use uuid::Uuid;

use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::Authorized;
use crate::auth::policy::{OrganisationReaders, OrganisationStaff};
use crate::db::organisations;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_organisations).service(create_organisation).service(get_organisation);
}

pub fn to_organisation(model: organisations::Model) -> Organisation {
    Organisation {
        id: model.id,
        name: model.name,
        kvk_number: model.kvk_number,
        roles: model.roles.split(',').filter_map(OrganisationRole::parse).collect(),
        created_at: model.created_at,
        version: model.version,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// 1-based page number (default 1).
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    page_size: Option<u64>,
    /// Part of the name, or the KvK number.
    q: Option<String>,
}

/// List organisations by name.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationQuery),
    responses((status = 200, description = "One page of organisations", body = Page<Organisation>))
)]
#[get("/organisations")]
async fn list_organisations(
    _staff: Authorized<OrganisationStaff>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ApiQuery<OrganisationQuery>,
) -> ApiResult<HttpResponse> {
    let mut errors = Errors::default();
    let paging = PageRequest::parse(query.0.page, query.0.page_size, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut select = organisations::Entity::find();
    if let Some(q) = query.0.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        select = select.filter(
            Condition::any().add(organisations::Column::Name.contains(q)).add(organisations::Column::KvkNumber.eq(q)),
        );
    }
    let total = select.clone().count(&state.db).await?;
    let rows = select
        .order_by_asc(organisations::Column::Name)
        .order_by_asc(organisations::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(&state.db)
        .await?;
    Ok(crate::paging::respond(&req, Page::new(rows.into_iter().map(to_organisation).collect(), paging, total)))
}

/// Register an organisation.
#[utoipa::path(
    tag = "organisations",
    request_body = CreateOrganisation,
    responses(
        (status = 201, description = "Created", body = Organisation),
        (status = 409, description = "An organisation with this KvK number exists", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations")]
async fn create_organisation(
    staff: Authorized<OrganisationStaff>,
    state: web::Data<AppState>,
    body: ApiJson<CreateOrganisation>,
) -> ApiResult<HttpResponse> {
    let request = body.0;
    request.validate().map_err(ApiError::Validation)?;
    let kvk = request.kvk_number.trim().to_owned();
    let duplicate =
        || ApiError::Conflict { code: codes::DUPLICATE, detail: "Er is al een organisatie met dit KvK-nummer.".into() };
    if organisations::Entity::find().filter(organisations::Column::KvkNumber.eq(&kvk)).count(&state.db).await? > 0 {
        return Err(duplicate());
    }
    let mut roles = request.roles.clone();
    roles.sort();
    roles.dedup();
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let organisation = organisations::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(request.name.trim().to_owned()),
        kvk_number: Set(kvk),
        roles: Set(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        description: Set(String::new()),
        contribution_per_position: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(|error| match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate(),
        _ => error.into(),
    })?;
    audit::record(&txn, Actor::from(&staff.0), Entry::new(AuditAction::Create, "organisation").record(organisation.id))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(to_organisation(organisation)))
}

/// Read one organisation. A partner reads only its own (any other id is 404).
#[utoipa::path(
    tag = "organisations",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    responses((status = 200, description = "The organisation", body = Organisation))
)]
#[get("/organisations/{id}")]
async fn get_organisation(
    caller: Authorized<OrganisationReaders>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Organisation>> {
    if caller.is(Role::Partner) && caller.organisation_id != Some(id.0) {
        return Err(ApiError::NotFound);
    }
    let organisation = organisations::Entity::find_by_id(id.0).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(to_organisation(organisation)))
}
