//! The queries and writes of the reference data. Every function takes a connection or an open
//! transaction (`&impl ConnectionTrait`) and, when it changes something, the acting `Actor` and the time;
//! a change writes its audit event on the same `db`, so that it commits or rolls back with the caller's
//! transaction.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use shared::audit::AuditAction;
use shared::paging::PageRequest;
use shared::problem::ProblemCode;
use shared::reference::{Neighbourhood, SaveMunicipality, SaveNeighbourhood, resolve_neighbourhood};
use shared::validation::Errors;
use uuid::Uuid;

use super::{format_ranges, to_neighbourhood};
use crate::audit::{self, Actor, Entry};
use crate::db::{municipalities, neighbourhoods};
use crate::infra::error::{ApiError, ApiResult};

/// The neighbourhoods of one municipality, by name.
pub async fn neighbourhoods_of(db: &impl ConnectionTrait, municipality_id: Uuid) -> ApiResult<Vec<Neighbourhood>> {
    Ok(neighbourhoods::Entity::find()
        .filter(neighbourhoods::Column::MunicipalityId.eq(municipality_id))
        .order_by_asc(neighbourhoods::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(to_neighbourhood)
        .collect())
}

/// The municipality used when a request names none: the caller's own, else the first one (a
/// single-municipality deployment has exactly one).
pub async fn default_municipality(db: &impl ConnectionTrait, callers: Option<Uuid>) -> ApiResult<Uuid> {
    if let Some(id) = callers {
        return Ok(id);
    }
    municipalities::Entity::find()
        .order_by_asc(municipalities::Column::CreatedAt)
        .one(db)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| anyhow::anyhow!("no municipality configured").into())
}

/// One page of municipalities, by name, and the number of all.
pub async fn list_municipalities(
    db: &impl ConnectionTrait,
    paging: PageRequest,
) -> ApiResult<(Vec<municipalities::Model>, u64)> {
    let total = municipalities::Entity::find().count(db).await?;
    let rows = municipalities::Entity::find()
        .order_by_asc(municipalities::Column::Name)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Adds a municipality (its code in capitals, unique), audited.
pub async fn create_municipality(
    db: &impl ConnectionTrait,
    actor: &Actor,
    request: SaveMunicipality,
    now: DateTime<Utc>,
) -> ApiResult<municipalities::Model> {
    request.validate().map_err(ApiError::Validation)?;
    let code = request.code.trim().to_ascii_uppercase();
    if municipalities::Entity::find().filter(municipalities::Column::Code.eq(code.as_str())).one(db).await?.is_some() {
        return Err(ApiError::Conflict {
            code: ProblemCode::Duplicate,
            detail: format!("Gemeentecode {code} bestaat al."),
        });
    }
    let model = municipalities::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(shared::text::clean(&request.name)),
        code: Set(code),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    // The Werkkamer feed lists every municipality of the region.
    crate::monitoring::aggregates::touch(db).await?;
    audit::record(db, actor.clone(), Entry::new(AuditAction::Create, "municipality").record(model.id)).await?;
    Ok(model)
}

/// One page of neighbourhoods (of one municipality, or all), by name, and the number of all that match.
pub async fn list_neighbourhoods(
    db: &impl ConnectionTrait,
    municipality: Option<Uuid>,
    paging: PageRequest,
) -> ApiResult<(Vec<neighbourhoods::Model>, u64)> {
    let mut select = neighbourhoods::Entity::find();
    if let Some(municipality) = municipality {
        select = select.filter(neighbourhoods::Column::MunicipalityId.eq(municipality));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_asc(neighbourhoods::Column::Name)
        .order_by_asc(neighbourhoods::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok((rows, total))
}

fn duplicate_name() -> ApiError {
    ApiError::Conflict { code: ProblemCode::Duplicate, detail: "Deze naam bestaat al.".into() }
}

fn map_unique(error: sea_orm::DbErr) -> ApiError {
    match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_name(),
        _ => error.into(),
    }
}

async fn checked_municipality(
    db: &impl ConnectionTrait,
    requested: Option<Uuid>,
    errors: &mut Errors,
) -> ApiResult<Option<Uuid>> {
    match requested {
        Some(id) => {
            let exists = municipalities::Entity::find_by_id(id).one(db).await?.is_some();
            if !exists {
                errors.add("municipalityId", "unknown", "deze gemeente bestaat niet");
            }
            Ok(exists.then_some(id))
        }
        None => Ok(Some(default_municipality(db, None).await?)),
    }
}

/// Adds a neighbourhood (to the named municipality, else the default one), audited.
pub async fn create_neighbourhood(
    db: &impl ConnectionTrait,
    actor: &Actor,
    request: SaveNeighbourhood,
    now: DateTime<Utc>,
) -> ApiResult<neighbourhoods::Model> {
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let municipality = checked_municipality(db, request.municipality_id, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let model = neighbourhoods::ActiveModel {
        id: Set(Uuid::now_v7()),
        municipality_id: Set(municipality.unwrap_or_default()),
        name: Set(shared::text::clean(&request.name)),
        postcode_ranges: Set(format_ranges(&request.postcode_ranges)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await
    .map_err(map_unique)?;
    audit::record(db, actor.clone(), Entry::new(AuditAction::Create, "neighbourhood").record(model.id)).await?;
    Ok(model)
}

/// Changes a neighbourhood's name or postcodes, audited; a stale `version` answers 409.
pub async fn update_neighbourhood(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    request: SaveNeighbourhood,
    now: DateTime<Utc>,
) -> ApiResult<neighbourhoods::Model> {
    let current = neighbourhoods::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let version = errors.version(request.version);
    errors.finish(()).map_err(ApiError::Validation)?;
    let result = neighbourhoods::Entity::update_many()
        .set(neighbourhoods::ActiveModel {
            name: Set(shared::text::clean(&request.name)),
            postcode_ranges: Set(format_ranges(&request.postcode_ranges)),
            updated_at: Set(now),
            version: Set(current.version + 1),
            ..Default::default()
        })
        .filter(neighbourhoods::Column::Id.eq(current.id))
        .filter(neighbourhoods::Column::Version.eq(version))
        .exec(db)
        .await
        .map_err(map_unique)?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    audit::record(db, actor.clone(), Entry::new(AuditAction::Update, "neighbourhood").record(current.id)).await?;
    neighbourhoods::Entity::find_by_id(current.id).one(db).await?.ok_or(ApiError::NotFound)
}

/// The neighbourhood of the municipality (or the default one) whose postcode ranges hold `pc4`.
pub async fn resolve_postcode(
    db: &impl ConnectionTrait,
    pc4: u16,
    municipality: Option<Uuid>,
) -> ApiResult<Option<Neighbourhood>> {
    let municipality = default_municipality(db, municipality).await?;
    let all = neighbourhoods_of(db, municipality).await?;
    Ok(resolve_neighbourhood(&all, pc4).cloned())
}

/// The list, create and change functions of a named reference list (task categories, abilities), in a
/// module named after the record type.
macro_rules! reference_list {
    ($module:ident, $entity:ident, $record:literal) => {
        pub mod $module {
            use chrono::{DateTime, Utc};
            use sea_orm::{
                ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
                PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
            };
            use shared::audit::AuditAction;
            use shared::paging::PageRequest;
            use shared::reference::SaveReferenceItem;
            use shared::validation::Errors;
            use uuid::Uuid;

            use crate::audit::{self, Actor, Entry};
            use crate::db::$entity;
            use crate::infra::error::{ApiError, ApiResult};

            /// One page, by name (only active or only ended items when `active` says so), and the number of all that match.
            pub async fn list(
                db: &impl ConnectionTrait,
                active: Option<bool>,
                paging: PageRequest,
            ) -> ApiResult<(Vec<$entity::Model>, u64)> {
                let mut condition = Condition::all();
                if let Some(active) = active {
                    condition = condition.add($entity::Column::Active.eq(active));
                }
                let select = $entity::Entity::find().filter(condition);
                let total = select.clone().count(db).await?;
                let rows = select
                    .order_by_asc($entity::Column::Name)
                    .offset(paging.offset())
                    .limit(paging.page_size)
                    .all(db)
                    .await?;
                Ok((rows, total))
            }

            /// Adds an item (active unless told otherwise), audited.
            pub async fn create(
                db: &impl ConnectionTrait,
                actor: &Actor,
                request: SaveReferenceItem,
                now: DateTime<Utc>,
            ) -> ApiResult<$entity::Model> {
                request.validate().map_err(ApiError::Validation)?;
                let model = $entity::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    name: Set(shared::text::clean(&request.name)),
                    description: Set(shared::text::clean(&request.description)),
                    active: Set(request.active.unwrap_or(true)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(db)
                .await
                .map_err(super::map_unique)?;
                audit::record(db, actor.clone(), Entry::new(AuditAction::Create, $record).record(model.id)).await?;
                Ok(model)
            }

            /// Changes or ends an item, audited; a stale `version` answers 409.
            pub async fn update(
                db: &impl ConnectionTrait,
                actor: &Actor,
                id: Uuid,
                request: SaveReferenceItem,
                now: DateTime<Utc>,
            ) -> ApiResult<$entity::Model> {
                let current = $entity::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
                let mut errors = Errors::default();
                if let Err(params) = request.validate() {
                    params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
                }
                let version = errors.version(request.version);
                errors.finish(()).map_err(ApiError::Validation)?;
                let result = $entity::Entity::update_many()
                    .set($entity::ActiveModel {
                        name: Set(shared::text::clean(&request.name)),
                        description: Set(shared::text::clean(&request.description)),
                        active: Set(request.active.unwrap_or(current.active)),
                        updated_at: Set(now),
                        version: Set(current.version + 1),
                        ..Default::default()
                    })
                    .filter($entity::Column::Id.eq(current.id))
                    .filter($entity::Column::Version.eq(version))
                    .exec(db)
                    .await
                    .map_err(super::map_unique)?;
                if result.rows_affected != 1 {
                    return Err(ApiError::stale_version());
                }
                audit::record(db, actor.clone(), Entry::new(AuditAction::Update, $record).record(current.id)).await?;
                $entity::Entity::find_by_id(current.id).one(db).await?.ok_or(ApiError::NotFound)
            }
        }
    };
}

reference_list!(task_categories, task_categories, "task_category");
reference_list!(abilities, abilities, "ability");
