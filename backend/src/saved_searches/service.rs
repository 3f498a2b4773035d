//! The rules and writes of saved searches.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use shared::audit::AuditAction;
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use shared::saved_searches::{SaveSavedSearch, SavedSearch, SavedSearchList};
use shared::validation::Errors;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::saved_searches;
use crate::infra::error::{ApiError, ApiResult};

fn to_wire(row: saved_searches::Model, caller: &AuthUser) -> ApiResult<SavedSearch> {
    let list = SavedSearchList::parse(&row.list)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored saved-search list {:?} is unknown", row.list)))?;
    let filters: BTreeMap<String, String> =
        serde_json::from_str(&row.filters).map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    Ok(SavedSearch {
        id: row.id,
        list,
        name: row.name,
        filters,
        sort: row.sort,
        shared: row.shared,
        owner_name: row.owner_name,
        mine: Some(row.owner_id) == caller.user_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    })
}

/// The caller's own searches and those shared in its municipality (regional staff share among the
/// regional staff).
fn visible(caller: &AuthUser) -> Condition {
    let municipality = match caller.municipality_id {
        Some(id) => saved_searches::Column::MunicipalityId.eq(id),
        None => saved_searches::Column::MunicipalityId.is_null(),
    };
    let own = match caller.user_id {
        Some(id) => saved_searches::Column::OwnerId.eq(id),
        None => saved_searches::Column::OwnerId.is_null(),
    };
    Condition::any().add(own).add(Condition::all().add(saved_searches::Column::Shared.eq(true)).add(municipality))
}

/// The searches the caller may use, of one list or all, by name.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    of: Option<SavedSearchList>,
    paging: PageRequest,
) -> ApiResult<Page<SavedSearch>> {
    let mut condition = visible(caller);
    if let Some(list) = of {
        condition = Condition::all().add(condition).add(saved_searches::Column::List.eq(list.as_str()));
    }
    let filtered = saved_searches::Entity::find().filter(condition);
    let (rows, total) = crate::infra::paging::fetch(
        db,
        filtered,
        |s| s.order_by_asc(saved_searches::Column::Name).order_by_asc(saved_searches::Column::Id),
        paging,
    )
    .await?;
    let items = rows.into_iter().map(|row| to_wire(row, caller)).collect::<ApiResult<_>>()?;
    Ok(Page::new(items, paging, total))
}

async fn find_visible(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<saved_searches::Model> {
    saved_searches::Entity::find_by_id(id).filter(visible(caller)).one(db).await?.ok_or(ApiError::NotFound)
}

/// One search the caller may use; 404 for another's unshared one.
pub async fn get(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<SavedSearch> {
    to_wire(find_visible(db, caller, id).await?, caller)
}

/// 409 `duplicate` when the owner has another search of this name for the list.
async fn check_name_free(
    db: &impl ConnectionTrait,
    owner: Uuid,
    list: SavedSearchList,
    name: &str,
    except: Option<Uuid>,
) -> ApiResult<()> {
    let mut query = saved_searches::Entity::find()
        .select_only()
        .column(saved_searches::Column::Id)
        .filter(saved_searches::Column::OwnerId.eq(owner))
        .filter(saved_searches::Column::List.eq(list.as_str()))
        .filter(saved_searches::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(saved_searches::Column::Id.ne(id));
    }
    if query.into_tuple::<Uuid>().one(db).await?.is_some() {
        return Err(ApiError::Conflict {
            code: ProblemCode::Duplicate,
            detail: "U heeft al een bewaarde zoekopdracht met deze naam voor deze lijst.".into(),
        });
    }
    Ok(())
}

fn owner(caller: &AuthUser) -> ApiResult<Uuid> {
    // People save searches; the policy admits no machine, so this holds for every admitted caller.
    caller.user_id.ok_or_else(crate::auth::forbidden)
}

/// Saves a new search for the caller.
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: SaveSavedSearch,
    now: DateTime<Utc>,
) -> ApiResult<SavedSearch> {
    let owner = owner(caller)?;
    let mut errors = Errors::default();
    if request.list.is_none() {
        errors.add("list", "required", "dit veld is verplicht");
    }
    let list = request.list.unwrap_or(SavedSearchList::Candidates);
    let (name, sort) = request.check(list, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    check_name_free(db, owner, list, &name, None).await?;
    let id = Uuid::now_v7();
    let row = saved_searches::ActiveModel {
        id: Set(id),
        owner_id: Set(owner),
        owner_name: Set(caller.name.clone()),
        municipality_id: Set(caller.municipality_id),
        list: Set(list.as_str().to_owned()),
        name: Set(name),
        filters: Set(serde_json::to_string(&request.filters).map_err(|e| ApiError::Internal(e.into()))?),
        sort: Set(sort),
        shared: Set(request.shared),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    saved_searches::Entity::insert(row).exec_without_returning(db).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Create, "saved_search").record(id)).await?;
    get(db, caller, id).await
}

/// Changes the caller's own search (403 for a colleague's shared one, 404 for one it cannot see).
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: SaveSavedSearch,
    now: DateTime<Utc>,
) -> ApiResult<SavedSearch> {
    let mut errors = Errors::default();
    let version = errors.version(request.version);
    let stored = find_visible(db, caller, id).await?;
    crate::auth::require(Some(stored.owner_id) == caller.user_id)?;
    let list = SavedSearchList::parse(&stored.list)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored saved-search list {:?} is unknown", stored.list)))?;
    if request.list.is_some_and(|asked| asked != list) {
        errors.add("list", "unchanged", "een bewaarde zoekopdracht hoort bij één lijst");
    }
    let (name, sort) = request.check(list, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    check_name_free(db, stored.owner_id, list, &name, Some(id)).await?;
    let result = saved_searches::Entity::update_many()
        .set(saved_searches::ActiveModel {
            name: Set(name),
            filters: Set(serde_json::to_string(&request.filters).map_err(|e| ApiError::Internal(e.into()))?),
            sort: Set(sort),
            shared: Set(request.shared),
            updated_at: Set(now),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(saved_searches::Column::Id.eq(id))
        .filter(saved_searches::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "saved_search").record(id)).await?;
    get(db, caller, id).await
}

/// Deletes the caller's own search (403 for a colleague's shared one, 404 for one it cannot see).
pub async fn delete(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<()> {
    let stored = find_visible(db, caller, id).await?;
    crate::auth::require(Some(stored.owner_id) == caller.user_id)?;
    saved_searches::Entity::delete_by_id(id).exec(db).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Delete, "saved_search").record(id)).await?;
    Ok(())
}
