//! The rules and the writes of organisations. Every function takes a connection or an open transaction
//! (`&impl ConnectionTrait`) and the time; a change writes its audit event on the same `db`, so that it
//! commits or rolls back with the caller's transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::organisations::{ContactPerson, Organisation, OrganisationName, OrganisationRole, SaveOrganisation};
use shared::paging::PageRequest;
use shared::problem::ProblemCode;
use shared::validation::Errors;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{neighbourhoods, organisation_contacts, organisation_neighbourhoods, organisations};
use crate::infra::error::{ApiError, ApiResult};

pub(crate) fn roles_text(roles: &[OrganisationRole]) -> String {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Organisations with their neighbourhoods and contacts, loaded in two queries for any number of rows.
pub async fn to_organisations(
    db: &impl ConnectionTrait,
    models: Vec<organisations::Model>,
) -> ApiResult<Vec<Organisation>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut hoods: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let mut contacts: HashMap<Uuid, Vec<ContactPerson>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for link in organisation_neighbourhoods::Entity::find()
            .filter(organisation_neighbourhoods::Column::OrganisationId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            hoods.entry(link.organisation_id).or_default().push(link.neighbourhood_id);
        }
        for contact in organisation_contacts::Entity::find()
            .filter(organisation_contacts::Column::OrganisationId.is_in(chunk.to_vec()))
            .order_by_asc(organisation_contacts::Column::Position)
            .all(db)
            .await?
        {
            contacts.entry(contact.organisation_id).or_default().push(ContactPerson {
                name: contact.name,
                role: contact.role,
                email: contact.email,
                phone: contact.phone,
            });
        }
    }
    models
        .into_iter()
        .map(|model| {
            Ok(Organisation {
                neighbourhood_ids: hoods.remove(&model.id).unwrap_or_default(),
                contacts: contacts.remove(&model.id).unwrap_or_default(),
                id: model.id,
                name: model.name,
                kvk_number: model.kvk_number,
                roles: crate::db::stored_list(&model.roles, "organisation role")?,
                description: model.description,
                contribution_per_position: model.contribution_per_position.map(shared::money::euros),
                created_at: model.created_at,
                version: model.version,
            })
        })
        .collect()
}

async fn one(db: &impl ConnectionTrait, model: organisations::Model) -> ApiResult<Organisation> {
    to_organisations(db, vec![model]).await?.pop().ok_or(ApiError::NotFound)
}

/// Which organisations a list or export holds.
#[derive(Debug, Default)]
pub struct Filter {
    /// Part of the name, or the KvK number.
    pub q: Option<String>,
    pub role: Option<OrganisationRole>,
    pub neighbourhood_id: Option<Uuid>,
}

impl Filter {
    pub(crate) fn condition(&self) -> Condition {
        let mut condition = Condition::all();
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            condition = condition.add(
                Condition::any()
                    .add(crate::infra::search::contains(organisations::Column::Name, &shared::text::clean(q)))
                    .add(organisations::Column::KvkNumber.eq(q)),
            );
        }
        if let Some(role) = self.role {
            condition = condition.add(organisations::Column::Roles.contains(role.as_str()));
        }
        if let Some(neighbourhood) = self.neighbourhood_id {
            condition = condition.add(
                organisations::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(organisation_neighbourhoods::Column::OrganisationId)
                        .from(organisation_neighbourhoods::Entity)
                        .and_where(organisation_neighbourhoods::Column::NeighbourhoodId.eq(neighbourhood))
                        .to_owned(),
                ),
            );
        }
        condition
    }
}

/// The order of a list or export: by name unless told otherwise, then by id.
#[derive(Debug, Clone, Copy)]
pub struct Sort {
    column: organisations::Column,
    descending: bool,
}

impl Sort {
    /// What the organisation list and export sort by (`-` before one for descending).
    pub const KEYS: [&'static str; 2] = ["name", "createdAt"];

    /// `name` or `createdAt`, prefix `-` for descending; anything else is a field error on `sort`.
    pub fn parse(sort: Option<&str>, errors: &mut Errors) -> Sort {
        let Some((key, descending)) = shared::paging::parse_sort(sort.unwrap_or("name"), &Self::KEYS) else {
            errors.add("sort", "unknown", "sorteer op name of createdAt");
            return Sort { column: organisations::Column::Name, descending: false };
        };
        let column = if key == "createdAt" { organisations::Column::CreatedAt } else { organisations::Column::Name };
        Sort { column, descending }
    }

    /// The documented values of `sort` (the same [`Self::KEYS`]).
    pub fn schema() -> utoipa::openapi::schema::Object {
        shared::paging::sort_schema(&Self::KEYS)
    }

    pub(crate) fn apply(
        self,
        select: sea_orm::Select<organisations::Entity>,
    ) -> sea_orm::Select<organisations::Entity> {
        let select = if self.descending { select.order_by_desc(self.column) } else { select.order_by_asc(self.column) };
        select.order_by_asc(organisations::Column::Id)
    }
}

/// One page of organisations and the number of all that match.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &Filter,
    sort: Sort,
    paging: PageRequest,
) -> ApiResult<(Vec<Organisation>, u64)> {
    let select = organisations::Entity::find().filter(filter.condition());
    let total = select.clone().count(db).await?;
    let rows = sort.apply(select).offset(paging.offset()).limit(paging.page_size).all(db).await?;
    Ok((to_organisations(db, rows).await?, total))
}

/// The organisations whose name holds `term` (any case), by name: at most `limit` of them as (id, name),
/// and how many there are. For the quick search of staff who manage organisations.
pub async fn find_by_name(db: &impl ConnectionTrait, term: &str, limit: u64) -> ApiResult<(Vec<(Uuid, String)>, u64)> {
    let found = organisations::Entity::find()
        .filter(crate::infra::search::contains_ignoring_case(organisations::Column::Name, term));
    let total = found.clone().count(db).await?;
    let rows = found
        .select_only()
        .column(organisations::Column::Id)
        .column(organisations::Column::Name)
        .order_by_asc(organisations::Column::Name)
        .order_by_asc(organisations::Column::Id)
        .limit(limit)
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?;
    Ok((rows, total))
}

/// The municipalities whose organisations `caller` may name: its own municipality; for a partner without
/// one, the municipalities of the neighbourhoods its organisation works in; `None` (the whole region) for
/// regional staff and other machine clients.
async fn lookup_municipalities(db: &impl ConnectionTrait, caller: &AuthUser) -> ApiResult<Option<Vec<Uuid>>> {
    if let Some(own) = caller.municipality_id {
        return Ok(Some(vec![own]));
    }
    let Some(organisation) = caller.organisation_id.filter(|_| caller.is(Role::Partner)) else { return Ok(None) };
    let served: Vec<Uuid> = organisation_neighbourhoods::Entity::find()
        .filter(organisation_neighbourhoods::Column::OrganisationId.eq(organisation))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.neighbourhood_id)
        .collect();
    let mut municipalities: Vec<Uuid> = if served.is_empty() {
        Vec::new()
    } else {
        neighbourhoods::Entity::find()
            .filter(neighbourhoods::Column::Id.is_in(served))
            .all(db)
            .await?
            .into_iter()
            .map(|n| n.municipality_id)
            .collect()
    };
    municipalities.sort();
    municipalities.dedup();
    Ok(Some(municipalities))
}

/// The organisations a caller may name as a session's participants, by name: only their id and name, and
/// only those that work in a neighbourhood of the caller's municipality ([`lookup_municipalities`]; the
/// whole region's for a regional caller). `q` is part of the name.
pub async fn lookup(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    q: Option<&str>,
    paging: PageRequest,
) -> ApiResult<(Vec<OrganisationName>, u64)> {
    let mut condition = Condition::all();
    if let Some(municipalities) = lookup_municipalities(db, caller).await? {
        condition = condition.add(
            organisations::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(organisation_neighbourhoods::Column::OrganisationId)
                    .from(organisation_neighbourhoods::Entity)
                    .and_where(
                        organisation_neighbourhoods::Column::NeighbourhoodId.in_subquery(
                            sea_orm::sea_query::Query::select()
                                .column(neighbourhoods::Column::Id)
                                .from(neighbourhoods::Entity)
                                .and_where(neighbourhoods::Column::MunicipalityId.is_in(municipalities))
                                .to_owned(),
                        ),
                    )
                    .to_owned(),
            ),
        );
    }
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        condition = condition.add(crate::infra::search::contains(organisations::Column::Name, &shared::text::clean(q)));
    }
    let select = organisations::Entity::find().filter(condition);
    let total = select.clone().count(db).await?;
    let rows: Vec<(Uuid, String)> = select
        .select_only()
        .column(organisations::Column::Id)
        .column(organisations::Column::Name)
        .order_by_asc(organisations::Column::Name)
        .order_by_asc(organisations::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .into_tuple()
        .all(db)
        .await?;
    Ok((rows.into_iter().map(|(id, name)| OrganisationName { id, name }).collect(), total))
}

fn duplicate_kvk() -> ApiError {
    ApiError::Conflict { code: ProblemCode::Duplicate, detail: "Er is al een organisatie met dit KvK-nummer.".into() }
}

async fn check(db: &impl ConnectionTrait, request: &SaveOrganisation, errors: &mut Errors) -> ApiResult<()> {
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let mut ids = request.neighbourhood_ids.clone();
    ids.sort();
    ids.dedup();
    if !ids.is_empty() {
        let found =
            neighbourhoods::Entity::find().filter(neighbourhoods::Column::Id.is_in(ids.clone())).count(db).await?;
        if found as usize != ids.len() {
            errors.add("neighbourhoodIds", "unknown", "een of meer wijken bestaan niet");
        }
    }
    Ok(())
}

/// Replaces the organisation's neighbourhoods and contacts.
pub(crate) async fn replace_children(db: &impl ConnectionTrait, id: Uuid, request: &SaveOrganisation) -> ApiResult<()> {
    organisation_neighbourhoods::Entity::delete_many()
        .filter(organisation_neighbourhoods::Column::OrganisationId.eq(id))
        .exec(db)
        .await?;
    organisation_contacts::Entity::delete_many()
        .filter(organisation_contacts::Column::OrganisationId.eq(id))
        .exec(db)
        .await?;
    let mut hoods = request.neighbourhood_ids.clone();
    hoods.sort();
    hoods.dedup();
    if !hoods.is_empty() {
        organisation_neighbourhoods::Entity::insert_many(
            hoods.into_iter().map(|n| organisation_neighbourhoods::ActiveModel {
                organisation_id: Set(id),
                neighbourhood_id: Set(n),
            }),
        )
        .exec_without_returning(db)
        .await?;
    }
    if !request.contacts.is_empty() {
        organisation_contacts::Entity::insert_many(request.contacts.iter().enumerate().map(|(position, c)| {
            organisation_contacts::ActiveModel {
                id: Set(Uuid::now_v7()),
                organisation_id: Set(id),
                name: Set(shared::text::clean(&c.name)),
                role: Set(shared::text::clean(&c.role)),
                email: Set(c.email.trim().to_owned()),
                phone: Set(c.phone.trim().to_owned()),
                position: Set(position as i32),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

pub(crate) fn new_row(request: &SaveOrganisation, now: DateTime<Utc>) -> organisations::ActiveModel {
    organisations::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(shared::text::clean(&request.name)),
        kvk_number: Set(request.kvk_number.trim().to_owned()),
        roles: Set(roles_text(&request.roles)),
        description: Set(shared::text::clean(&request.description)),
        contribution_per_position: Set(request.contribution_per_position),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
}

pub(crate) fn map_unique(error: sea_orm::DbErr) -> ApiError {
    match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_kvk(),
        _ => error.into(),
    }
}

/// Registers an organisation with its neighbourhoods and contacts, audited.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    request: SaveOrganisation,
    now: DateTime<Utc>,
) -> ApiResult<Organisation> {
    let mut errors = Errors::default();
    check(db, &request, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let kvk = request.kvk_number.trim();
    if organisations::Entity::find().filter(organisations::Column::KvkNumber.eq(kvk)).count(db).await? > 0 {
        return Err(duplicate_kvk());
    }
    let organisation = new_row(&request, now).insert(db).await.map_err(map_unique)?;
    replace_children(db, organisation.id, &request).await?;
    audit::record(db, actor.clone(), Entry::new(AuditAction::Create, "organisation").record(organisation.id)).await?;
    one(db, organisation).await
}

/// The organisation `id` if the caller may see it: a partner only its own (404 for any other).
async fn visible(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<organisations::Model> {
    if caller.is(Role::Partner) && caller.organisation_id != Some(id) {
        return Err(ApiError::NotFound);
    }
    organisations::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)
}

/// One organisation as the caller may see it.
pub async fn get(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<Organisation> {
    let model = visible(db, caller, id).await?;
    one(db, model).await
}

/// Changes an organisation's profile, audited. A partner changes only its own, and not its KvK number,
/// roles or contribution agreement; a stale `version` answers 409.
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: SaveOrganisation,
    now: DateTime<Utc>,
) -> ApiResult<Organisation> {
    let current = visible(db, caller, id).await?;
    let mut errors = Errors::default();
    check(db, &request, &mut errors).await?;
    let version = errors.version(request.version);
    if caller.is(Role::Partner) {
        if request.kvk_number.trim() != current.kvk_number {
            errors.add("kvkNumber", "not_allowed", "het KvK-nummer wijzigt de gemeente");
        }
        if roles_text(&request.roles) != current.roles {
            errors.add("roles", "not_allowed", "de rollen wijzigt de gemeente");
        }
        if request.contribution_per_position.map(shared::money::euros)
            != current.contribution_per_position.map(shared::money::euros)
        {
            errors.add("contributionPerPosition", "not_allowed", "de bijdrage-afspraak wijzigt de gemeente");
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let result = organisations::Entity::update_many()
        .set(organisations::ActiveModel {
            name: Set(shared::text::clean(&request.name)),
            kvk_number: Set(request.kvk_number.trim().to_owned()),
            roles: Set(roles_text(&request.roles)),
            description: Set(shared::text::clean(&request.description)),
            contribution_per_position: Set(request.contribution_per_position),
            updated_at: Set(now),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(organisations::Column::Id.eq(current.id))
        .filter(organisations::Column::Version.eq(version))
        .exec(db)
        .await
        .map_err(map_unique)?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_children(db, current.id, &request).await?;
    // The budget's contributions follow the employer's agreement.
    crate::monitoring::aggregates::touch(db).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "organisation").record(current.id)).await?;
    let changed = organisations::Entity::find_by_id(current.id).one(db).await?.ok_or(ApiError::NotFound)?;
    one(db, changed).await
}
