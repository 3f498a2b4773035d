//! `/municipalities`, `/neighbourhoods`, `/task-categories` and `/abilities`.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use shared::audit::AuditAction;
use shared::candidates::normalise_postcode;
use shared::paging::{Page, PageRequest};
use shared::problem::codes;
use shared::reference::{
    Municipality, Neighbourhood, ReferenceItem, SaveMunicipality, SaveNeighbourhood, SaveReferenceItem, resolve_neighbourhood,
};
use shared::validation::Errors;
use uuid::Uuid;

use super::{ability_item, category_item, default_municipality, format_ranges, neighbourhoods_of, to_neighbourhood};
use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::Authorized;
use crate::auth::policy::{Admins, AnyRole};
use crate::db::{abilities, municipalities, neighbourhoods, task_categories};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_municipalities)
        .service(create_municipality)
        .service(list_neighbourhoods)
        .service(create_neighbourhood)
        .service(update_neighbourhood)
        .service(resolve_postcode)
        .service(list_task_categories)
        .service(create_task_category)
        .service(update_task_category)
        .service(list_abilities)
        .service(create_ability)
        .service(update_ability);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ReferenceQuery {
    /// 1-based page number (default 1, at most 100,000).
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    page_size: Option<u64>,
    /// Only active (`true`) or only ended (`false`) items.
    active: Option<bool>,
    /// Neighbourhoods only: those of this municipality.
    municipality_id: Option<Uuid>,
}

fn page_request(query: &ReferenceQuery) -> ApiResult<PageRequest> {
    let mut errors = Errors::default();
    let paging = PageRequest::parse(query.page, query.page_size, &mut errors);
    errors.finish(paging).map_err(ApiError::Validation)
}

/// The municipalities of this deployment.
#[utoipa::path(tag = "reference", params(ReferenceQuery), responses((status = 200, description = "Municipalities", body = Page<Municipality>)))]
#[get("/municipalities")]
async fn list_municipalities(
    _caller: Authorized<AnyRole>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ApiQuery<ReferenceQuery>,
) -> ApiResult<HttpResponse> {
    let paging = page_request(&query.0)?;
    let total = municipalities::Entity::find().count(&state.db).await?;
    let rows = municipalities::Entity::find()
        .order_by_asc(municipalities::Column::Name)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(&state.db)
        .await?;
    let items = rows.into_iter().map(|m| Municipality { id: m.id, name: m.name, code: m.code }).collect();
    Ok(crate::paging::respond(&req, Page::new(items, paging, total)))
}

/// Add a municipality to the region (regional admins only: an admin of one municipality gets 403).
#[utoipa::path(
    tag = "reference",
    request_body(content = SaveMunicipality, example = json!({"name": "Westerkwartier", "code": "GM1969"})),
    responses(
        (status = 201, description = "Created", body = Municipality),
        (status = 409, description = "The code exists", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/municipalities")]
async fn create_municipality(admin: Authorized<Admins>, state: web::Data<AppState>, body: ApiJson<SaveMunicipality>) -> ApiResult<HttpResponse> {
    crate::auth::require_regional(&admin)?;
    let request = body.0;
    request.validate().map_err(ApiError::Validation)?;
    let code = request.code.trim().to_ascii_uppercase();
    if municipalities::Entity::find().filter(municipalities::Column::Code.eq(code.as_str())).one(&state.db).await?.is_some() {
        return Err(ApiError::Conflict { code: codes::DUPLICATE, detail: format!("Gemeentecode {code} bestaat al.") });
    }
    let txn = state.db.begin().await?;
    let model = municipalities::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(request.name.trim().to_owned()),
        code: Set(code),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Create, "municipality").record(model.id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(Municipality { id: model.id, name: model.name, code: model.code }))
}

/// Neighbourhoods (wijken) with their postcodes, by name.
#[utoipa::path(tag = "reference", params(ReferenceQuery), responses((status = 200, description = "Neighbourhoods", body = Page<Neighbourhood>)))]
#[get("/neighbourhoods")]
async fn list_neighbourhoods(
    _caller: Authorized<AnyRole>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ApiQuery<ReferenceQuery>,
) -> ApiResult<HttpResponse> {
    let paging = page_request(&query.0)?;
    let mut select = neighbourhoods::Entity::find();
    if let Some(municipality) = query.0.municipality_id {
        select = select.filter(neighbourhoods::Column::MunicipalityId.eq(municipality));
    }
    let total = select.clone().count(&state.db).await?;
    let rows = select
        .order_by_asc(neighbourhoods::Column::Name)
        .order_by_asc(neighbourhoods::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(&state.db)
        .await?;
    Ok(crate::paging::respond(&req, Page::new(rows.into_iter().map(to_neighbourhood).collect(), paging, total)))
}

fn duplicate_name() -> ApiError {
    ApiError::Conflict { code: codes::DUPLICATE, detail: "Deze naam bestaat al.".into() }
}

fn map_unique(error: sea_orm::DbErr) -> ApiError {
    match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_name(),
        _ => error.into(),
    }
}

async fn checked_municipality(state: &AppState, requested: Option<Uuid>, errors: &mut Errors) -> ApiResult<Option<Uuid>> {
    match requested {
        Some(id) => {
            let exists = municipalities::Entity::find_by_id(id).one(&state.db).await?.is_some();
            if !exists {
                errors.add("municipalityId", "unknown", "deze gemeente bestaat niet");
            }
            Ok(exists.then_some(id))
        }
        None => Ok(Some(default_municipality(&state.db, None).await?)),
    }
}

/// Add a neighbourhood.
#[utoipa::path(
    tag = "reference",
    request_body = SaveNeighbourhood,
    responses(
        (status = 201, description = "Created", body = Neighbourhood),
        (status = 409, description = "The name exists in this municipality", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/neighbourhoods")]
async fn create_neighbourhood(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    body: ApiJson<SaveNeighbourhood>,
) -> ApiResult<HttpResponse> {
    let request = body.0;
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let municipality = checked_municipality(&state, request.municipality_id, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let model = neighbourhoods::ActiveModel {
        id: Set(Uuid::now_v7()),
        municipality_id: Set(municipality.unwrap_or_default()),
        name: Set(request.name.trim().to_owned()),
        postcode_ranges: Set(format_ranges(&request.postcode_ranges)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await
    .map_err(map_unique)?;
    audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Create, "neighbourhood").record(model.id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(to_neighbourhood(model)))
}

/// Change a neighbourhood's name or postcodes.
#[utoipa::path(
    tag = "reference",
    params(("id" = Uuid, Path, description = "The neighbourhood's id")),
    request_body = SaveNeighbourhood,
    responses((status = 200, description = "Changed", body = Neighbourhood), (status = 409, description = "Stale version or duplicate name", body = shared::problem::Problem, content_type = "application/problem+json"))
)]
#[put("/neighbourhoods/{id}")]
async fn update_neighbourhood(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveNeighbourhood>,
) -> ApiResult<web::Json<Neighbourhood>> {
    let request = body.0;
    let current = neighbourhoods::Entity::find_by_id(id.0).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let version = errors.version(request.version);
    errors.finish(()).map_err(ApiError::Validation)?;
    let txn = state.db.begin().await?;
    let result = neighbourhoods::Entity::update_many()
        .set(neighbourhoods::ActiveModel {
            name: Set(request.name.trim().to_owned()),
            postcode_ranges: Set(format_ranges(&request.postcode_ranges)),
            updated_at: Set(Utc::now()),
            version: Set(current.version + 1),
            ..Default::default()
        })
        .filter(neighbourhoods::Column::Id.eq(current.id))
        .filter(neighbourhoods::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(map_unique)?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Update, "neighbourhood").record(current.id)).await?;
    txn.commit().await?;
    let changed = neighbourhoods::Entity::find_by_id(current.id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(to_neighbourhood(changed)))
}


/// `POST /neighbourhoods/resolve`.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ResolvePostcode {
    /// A Dutch postcode (`9711 AB`) or its 4 digits.
    #[schema(required = true)]
    postcode: String,
    municipality_id: Option<Uuid>,
}

/// The neighbourhood a postcode belongs to (in the body: a full postcode is personal data).
#[utoipa::path(
    tag = "reference",
    request_body = ResolvePostcode,
    responses((status = 200, description = "The neighbourhood", body = Neighbourhood))
)]
#[post("/neighbourhoods/resolve")]
async fn resolve_postcode(
    caller: Authorized<AnyRole>,
    state: web::Data<AppState>,
    body: ApiJson<ResolvePostcode>,
) -> ApiResult<web::Json<Neighbourhood>> {
    let digits: String = body.0.postcode.chars().filter(char::is_ascii_digit).take(4).collect();
    let full_ok = normalise_postcode(&body.0.postcode).is_some() || body.0.postcode.trim().len() == 4;
    let pc4: u16 = match digits.parse() {
        Ok(pc4) if full_ok && digits.len() == 4 => pc4,
        _ => return Err(ApiError::validation("postcode", "pattern", "een postcode is 4 cijfers en 2 letters, zoals 9711 AB")),
    };
    let municipality = default_municipality(&state.db, body.0.municipality_id.or(caller.municipality_id)).await?;
    let all = neighbourhoods_of(&state.db, municipality).await?;
    resolve_neighbourhood(&all, pc4).cloned().map(web::Json).ok_or(ApiError::NotFound)
}

/// Generates the list, create and change handlers of a named reference list (task categories, abilities).
macro_rules! reference_list {
    ($entity:ident, $convert:ident, $record:literal, $list:ident, $create:ident, $update:ident, $list_path:literal, $item_path:literal, $what:literal) => {
        #[doc = concat!("List the ", $what, ", by name.")]
        #[utoipa::path(tag = "reference", params(ReferenceQuery), responses((status = 200, description = "One page", body = Page<ReferenceItem>)))]
        #[get($list_path)]
        async fn $list(
            _caller: Authorized<AnyRole>,
            req: HttpRequest,
            state: web::Data<AppState>,
            query: ApiQuery<ReferenceQuery>,
        ) -> ApiResult<HttpResponse> {
            let paging = page_request(&query.0)?;
            let mut condition = Condition::all();
            if let Some(active) = query.0.active {
                condition = condition.add($entity::Column::Active.eq(active));
            }
            let select = $entity::Entity::find().filter(condition);
            let total = select.clone().count(&state.db).await?;
            let rows = select
                .order_by_asc($entity::Column::Name)
                .offset(paging.offset())
                .limit(paging.page_size)
                .all(&state.db)
                .await?;
            Ok(crate::paging::respond(&req, Page::new(rows.into_iter().map($convert).collect(), paging, total)))
        }

        #[doc = concat!("Add to the ", $what, ".")]
        #[utoipa::path(
            tag = "reference",
            request_body = SaveReferenceItem,
            responses((status = 201, description = "Created", body = ReferenceItem), (status = 409, description = "The name exists", body = shared::problem::Problem, content_type = "application/problem+json"))
        )]
        #[post($list_path)]
        async fn $create(
            admin: Authorized<Admins>,
            state: web::Data<AppState>,
            body: ApiJson<SaveReferenceItem>,
        ) -> ApiResult<HttpResponse> {
            let request = body.0;
            request.validate().map_err(ApiError::Validation)?;
            let now = Utc::now();
            let txn = state.db.begin().await?;
            let model = $entity::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(request.name.trim().to_owned()),
                description: Set(request.description.trim().to_owned()),
                active: Set(request.active.unwrap_or(true)),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(&txn)
            .await
            .map_err(map_unique)?;
            audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Create, $record).record(model.id)).await?;
            txn.commit().await?;
            Ok(HttpResponse::Created().json($convert(model)))
        }

        #[doc = concat!("Change or end an item of the ", $what, " (ended items stay on existing records).")]
        #[utoipa::path(
            tag = "reference",
            params(("id" = Uuid, Path, description = "The item's id")),
            request_body = SaveReferenceItem,
            responses((status = 200, description = "Changed", body = ReferenceItem), (status = 409, description = "Stale version or duplicate name", body = shared::problem::Problem, content_type = "application/problem+json"))
        )]
        #[put($item_path)]
        async fn $update(
            admin: Authorized<Admins>,
            state: web::Data<AppState>,
            id: PathId,
            body: ApiJson<SaveReferenceItem>,
        ) -> ApiResult<web::Json<ReferenceItem>> {
            let request = body.0;
            let current = $entity::Entity::find_by_id(id.0).one(&state.db).await?.ok_or(ApiError::NotFound)?;
            let mut errors = Errors::default();
            if let Err(params) = request.validate() {
                params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
            }
            let version = errors.version(request.version);
            errors.finish(()).map_err(ApiError::Validation)?;
            let txn = state.db.begin().await?;
            let result = $entity::Entity::update_many()
                .set($entity::ActiveModel {
                    name: Set(request.name.trim().to_owned()),
                    description: Set(request.description.trim().to_owned()),
                    active: Set(request.active.unwrap_or(current.active)),
                    updated_at: Set(Utc::now()),
                    version: Set(current.version + 1),
                    ..Default::default()
                })
                .filter($entity::Column::Id.eq(current.id))
                .filter($entity::Column::Version.eq(version))
                .exec(&txn)
                .await
                .map_err(map_unique)?;
            if result.rows_affected != 1 {
                return Err(ApiError::stale_version());
            }
            audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Update, $record).record(current.id)).await?;
            txn.commit().await?;
            let changed = $entity::Entity::find_by_id(current.id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
            Ok(web::Json($convert(changed)))
        }
    };
}

reference_list!(
    task_categories, category_item, "task_category", list_task_categories, create_task_category, update_task_category,
    "/task-categories", "/task-categories/{id}", "task categories"
);
reference_list!(
    abilities, ability_item, "ability", list_abilities, create_ability, update_ability, "/abilities", "/abilities/{id}",
    "abilities"
);
