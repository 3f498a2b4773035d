//! `/municipalities`, `/neighbourhoods`, `/task-categories` and `/abilities`: parse, authorise, call one
//! function of `service` (in a transaction when it writes) and shape the answer.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use shared::candidates::normalise_postcode;
use shared::paging::Page;
use shared::reference::{
    Municipality, Neighbourhood, ReferenceItem, SaveMunicipality, SaveNeighbourhood, SaveReferenceItem,
};
use uuid::Uuid;

use super::{ability_item, category_item, service, to_neighbourhood};
use crate::AppState;
use crate::audit::Actor;
use crate::auth::Authorized;
use crate::auth::policy::{Admins, AnyRole};
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::{ApiJson, ListParams, ListQuery, PathId};

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
    /// Only active (`true`) or only ended (`false`) items.
    active: Option<bool>,
    /// Neighbourhoods only: those of this municipality.
    municipality_id: Option<Uuid>,
}

/// The municipalities of this deployment.
#[utoipa::path(tag = "reference", params(ListParams, ReferenceQuery), responses((status = 200, description = "Municipalities", body = Page<Municipality>)))]
#[get("/municipalities")]
async fn list_municipalities(
    _caller: Authorized<AnyRole>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<ReferenceQuery>,
) -> ApiResult<HttpResponse> {
    let paging = query.paging;
    let (rows, total) = service::list_municipalities(&state.db, paging).await?;
    let items = rows.into_iter().map(|m| Municipality { id: m.id, name: m.name, code: m.code }).collect();
    Ok(crate::infra::paging::respond(&req, Page::new(items, paging, total)))
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
async fn create_municipality(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    body: ApiJson<SaveMunicipality>,
) -> ApiResult<HttpResponse> {
    crate::auth::require_regional(&admin)?;
    let txn = state.db.begin().await?;
    let model = service::create_municipality(&txn, &Actor::from(&admin.0), body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(Municipality { id: model.id, name: model.name, code: model.code }))
}

/// Neighbourhoods (wijken) with their postcodes, by name.
#[utoipa::path(tag = "reference", params(ListParams, ReferenceQuery), responses((status = 200, description = "Neighbourhoods", body = Page<Neighbourhood>)))]
#[get("/neighbourhoods")]
async fn list_neighbourhoods(
    _caller: Authorized<AnyRole>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<ReferenceQuery>,
) -> ApiResult<HttpResponse> {
    let paging = query.paging;
    let (rows, total) = service::list_neighbourhoods(&state.db, query.filter.municipality_id, paging).await?;
    Ok(crate::infra::paging::respond(&req, Page::new(rows.into_iter().map(to_neighbourhood).collect(), paging, total)))
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
    let txn = state.db.begin().await?;
    let model = service::create_neighbourhood(&txn, &Actor::from(&admin.0), body.0, state.clock.now()).await?;
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
    let txn = state.db.begin().await?;
    let model = service::update_neighbourhood(&txn, &Actor::from(&admin.0), id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(to_neighbourhood(model)))
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
        _ => {
            return Err(ApiError::validation(
                "postcode",
                "pattern",
                "een postcode is 4 cijfers en 2 letters, zoals 9711 AB",
            ));
        }
    };
    let found = service::resolve_postcode(&state.db, pc4, body.0.municipality_id.or(caller.municipality_id)).await?;
    found.map(web::Json).ok_or(ApiError::NotFound)
}

/// Generates the list, create and change handlers of a named reference list (task categories, abilities).
macro_rules! reference_list {
    ($service:ident, $convert:ident, $list:ident, $create:ident, $update:ident, $list_path:literal, $item_path:literal, $what:literal) => {
        #[doc = concat!("List the ", $what, ", by name.")]
        #[utoipa::path(tag = "reference", params(ListParams, ReferenceQuery), responses((status = 200, description = "One page", body = Page<ReferenceItem>)))]
        #[get($list_path)]
        async fn $list(
            _caller: Authorized<AnyRole>,
            req: HttpRequest,
            state: web::Data<AppState>,
            query: ListQuery<ReferenceQuery>,
        ) -> ApiResult<HttpResponse> {
            let paging = query.paging;
            let (rows, total) = service::$service::list(&state.db, query.filter.active, paging).await?;
            Ok(crate::infra::paging::respond(&req, Page::new(rows.into_iter().map($convert).collect(), paging, total)))
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
            let txn = state.db.begin().await?;
            let model = service::$service::create(&txn, &Actor::from(&admin.0), body.0, state.clock.now()).await?;
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
            let txn = state.db.begin().await?;
            let model = service::$service::update(&txn, &Actor::from(&admin.0), id.0, body.0, state.clock.now()).await?;
            txn.commit().await?;
            Ok(web::Json($convert(model)))
        }
    };
}

reference_list!(
    task_categories,
    category_item,
    list_task_categories,
    create_task_category,
    update_task_category,
    "/task-categories",
    "/task-categories/{id}",
    "task categories"
);
reference_list!(
    abilities,
    ability_item,
    list_abilities,
    create_ability,
    update_ability,
    "/abilities",
    "/abilities/{id}",
    "abilities"
);
