//! `/organisations`: work providers, guidance providers and employers, with the neighbourhoods they serve,
//! their contact persons and their contribution agreement; CSV import and export.
//!
//! Invariant: a partner reads and edits only its own organisation; any other id answers 404, never 403, so
//! that a partner cannot learn which organisations exist. A partner cannot change its KvK number, roles or
//! contribution agreement: those are the municipality's.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Deserialize;
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::imports::{ImportReport, RowError};
use shared::organisations::{ContactPerson, CreateOrganisation, Organisation, OrganisationRole, SaveOrganisation};
use shared::paging::{Page, PageRequest};
use shared::problem::{InvalidParam, codes};
use shared::validation::Errors;
use uuid::Uuid;

use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::policy::{OrganisationReaders, OrganisationStaff};
use crate::auth::{AuthUser, Authorized};
use crate::csv_io::{Column, CsvBody, Names, join_list, split_list};
use crate::db::{neighbourhoods, organisation_contacts, organisation_neighbourhoods, organisations};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_organisations)
        .service(create_organisation)
        // Before `/organisations/{id}`, which would otherwise take these paths.
        .service(import_organisations)
        .service(export_organisations)
        .service(get_organisation)
        .service(update_organisation);
}

fn roles_text(roles: &[OrganisationRole]) -> String {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Organisations with their neighbourhoods and contacts, loaded in two queries for any number of rows.
pub async fn to_organisations(db: &impl ConnectionTrait, models: Vec<organisations::Model>) -> ApiResult<Vec<Organisation>> {
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
    Ok(models
        .into_iter()
        .map(|model| Organisation {
            neighbourhood_ids: hoods.remove(&model.id).unwrap_or_default(),
            contacts: contacts.remove(&model.id).unwrap_or_default(),
            id: model.id,
            name: model.name,
            kvk_number: model.kvk_number,
            roles: model.roles.split(',').filter_map(OrganisationRole::parse).collect(),
            description: model.description,
            contribution_per_position: model.contribution_per_position.map(shared::money::euros),
            created_at: model.created_at,
            version: model.version,
        })
        .collect())
}

async fn one(db: &impl ConnectionTrait, model: organisations::Model) -> ApiResult<Organisation> {
    to_organisations(db, vec![model]).await?.pop().ok_or(ApiError::NotFound)
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
    /// Only organisations with this role.
    role: Option<OrganisationRole>,
    /// Only organisations that serve this neighbourhood.
    neighbourhood_id: Option<Uuid>,
    /// `name` or `createdAt`; prefix `-` for descending.
    sort: Option<String>,
}

fn list_condition(query: &OrganisationQuery) -> Condition {
    let mut condition = Condition::all();
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        condition = condition.add(Condition::any().add(organisations::Column::Name.contains(q)).add(organisations::Column::KvkNumber.eq(q)));
    }
    if let Some(role) = query.role {
        condition = condition.add(organisations::Column::Roles.contains(role.as_str()));
    }
    if let Some(neighbourhood) = query.neighbourhood_id {
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

fn sorted(select: sea_orm::Select<organisations::Entity>, sort: Option<&str>, errors: &mut Errors) -> sea_orm::Select<organisations::Entity> {
    let sort = sort.unwrap_or("name");
    let column = match sort.trim_start_matches('-') {
        "name" => organisations::Column::Name,
        "createdAt" => organisations::Column::CreatedAt,
        _ => {
            errors.add("sort", "unknown", "sorteer op name of createdAt");
            organisations::Column::Name
        }
    };
    let select = if sort.starts_with('-') { select.order_by_desc(column) } else { select.order_by_asc(column) };
    select.order_by_asc(organisations::Column::Id)
}

/// List organisations, filtered and sorted (by name unless told otherwise).
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
    let query = query.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(query.page, query.page_size, &mut errors);
    let select = organisations::Entity::find().filter(list_condition(&query));
    let total = select.clone().count(&state.db).await?;
    let select = sorted(select, query.sort.as_deref(), &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let rows = select.offset(paging.offset()).limit(paging.page_size).all(&state.db).await?;
    let items = to_organisations(&state.db, rows).await?;
    Ok(crate::paging::respond(&req, Page::new(items, paging, total)))
}

fn duplicate_kvk() -> ApiError {
    ApiError::Conflict { code: codes::DUPLICATE, detail: "Er is al een organisatie met dit KvK-nummer.".into() }
}

async fn check(db: &impl ConnectionTrait, request: &SaveOrganisation, errors: &mut Errors) -> ApiResult<()> {
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let mut ids = request.neighbourhood_ids.clone();
    ids.sort();
    ids.dedup();
    if !ids.is_empty() {
        let found = neighbourhoods::Entity::find().filter(neighbourhoods::Column::Id.is_in(ids.clone())).count(db).await?;
        if found as usize != ids.len() {
            errors.add("neighbourhoodIds", "unknown", "een of meer wijken bestaan niet");
        }
    }
    Ok(())
}

/// Replaces the organisation's neighbourhoods and contacts.
async fn replace_children(db: &impl ConnectionTrait, id: Uuid, request: &SaveOrganisation) -> ApiResult<()> {
    organisation_neighbourhoods::Entity::delete_many().filter(organisation_neighbourhoods::Column::OrganisationId.eq(id)).exec(db).await?;
    organisation_contacts::Entity::delete_many().filter(organisation_contacts::Column::OrganisationId.eq(id)).exec(db).await?;
    let mut hoods = request.neighbourhood_ids.clone();
    hoods.sort();
    hoods.dedup();
    if !hoods.is_empty() {
        organisation_neighbourhoods::Entity::insert_many(hoods.into_iter().map(|n| organisation_neighbourhoods::ActiveModel {
            organisation_id: Set(id),
            neighbourhood_id: Set(n),
        }))
        .exec_without_returning(db)
        .await?;
    }
    if !request.contacts.is_empty() {
        organisation_contacts::Entity::insert_many(request.contacts.iter().enumerate().map(|(position, c)| organisation_contacts::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(id),
            name: Set(c.name.trim().to_owned()),
            role: Set(c.role.trim().to_owned()),
            email: Set(c.email.trim().to_owned()),
            phone: Set(c.phone.trim().to_owned()),
            position: Set(position as i32),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

fn new_row(request: &SaveOrganisation) -> organisations::ActiveModel {
    let now = Utc::now();
    organisations::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(request.name.trim().to_owned()),
        kvk_number: Set(request.kvk_number.trim().to_owned()),
        roles: Set(roles_text(&request.roles)),
        description: Set(request.description.trim().to_owned()),
        contribution_per_position: Set(request.contribution_per_position),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
}

fn map_unique(error: sea_orm::DbErr) -> ApiError {
    match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_kvk(),
        _ => error.into(),
    }
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
    let mut errors = Errors::default();
    check(&state.db, &request, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let kvk = request.kvk_number.trim();
    if organisations::Entity::find().filter(organisations::Column::KvkNumber.eq(kvk)).count(&state.db).await? > 0 {
        return Err(duplicate_kvk());
    }
    let txn = state.db.begin().await?;
    let organisation = new_row(&request).insert(&txn).await.map_err(map_unique)?;
    replace_children(&txn, organisation.id, &request).await?;
    audit::record(&txn, Actor::from(&staff.0), Entry::new(AuditAction::Create, "organisation").record(organisation.id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(one(&state.db, organisation).await?))
}

/// The organisation `id` if the caller may see it: a partner only its own.
async fn visible(state: &AppState, caller: &AuthUser, id: Uuid) -> ApiResult<organisations::Model> {
    if caller.is(Role::Partner) && caller.organisation_id != Some(id) {
        return Err(ApiError::NotFound);
    }
    organisations::Entity::find_by_id(id).one(&state.db).await?.ok_or(ApiError::NotFound)
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
    let model = visible(&state, &caller, id.0).await?;
    Ok(web::Json(one(&state.db, model).await?))
}

/// Change an organisation's profile. Partners change only their own, and not its KvK number, roles or
/// contribution agreement.
#[utoipa::path(
    tag = "organisations",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    request_body = SaveOrganisation,
    responses(
        (status = 200, description = "Changed", body = Organisation),
        (status = 409, description = "Stale version, or the KvK number is taken", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organisations/{id}")]
async fn update_organisation(
    caller: Authorized<OrganisationReaders>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveOrganisation>,
) -> ApiResult<web::Json<Organisation>> {
    let request = body.0;
    if !matches!(caller.role, Role::Admin | Role::Consultant | Role::Partner) {
        return Err(ApiError::Forbidden);
    }
    let current = visible(&state, &caller, id.0).await?;
    let mut errors = Errors::default();
    check(&state.db, &request, &mut errors).await?;
    let version = errors.version(request.version);
    if caller.is(Role::Partner) {
        if request.kvk_number.trim() != current.kvk_number {
            errors.add("kvkNumber", "not_allowed", "het KvK-nummer wijzigt de gemeente");
        }
        if roles_text(&request.roles) != current.roles {
            errors.add("roles", "not_allowed", "de rollen wijzigt de gemeente");
        }
        if request.contribution_per_position.map(shared::money::euros) != current.contribution_per_position.map(shared::money::euros) {
            errors.add("contributionPerPosition", "not_allowed", "de bijdrage-afspraak wijzigt de gemeente");
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let txn = state.db.begin().await?;
    let result = organisations::Entity::update_many()
        .set(organisations::ActiveModel {
            name: Set(request.name.trim().to_owned()),
            kvk_number: Set(request.kvk_number.trim().to_owned()),
            roles: Set(roles_text(&request.roles)),
            description: Set(request.description.trim().to_owned()),
            contribution_per_position: Set(request.contribution_per_position),
            updated_at: Set(Utc::now()),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(organisations::Column::Id.eq(current.id))
        .filter(organisations::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(map_unique)?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_children(&txn, current.id, &request).await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Update, "organisation").record(current.id)).await?;
    txn.commit().await?;
    let changed = organisations::Entity::find_by_id(current.id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(one(&state.db, changed).await?))
}

/// One organisation as the export writes it.
pub struct ExportRow {
    model: organisations::Model,
    neighbourhood_ids: Vec<Uuid>,
    contacts: Vec<ContactPerson>,
}

/// Every neighbourhood (organisations work across municipalities): by name where it is unique, else by id.
pub struct Context {
    neighbourhoods: Names,
}

impl Context {
    async fn load(db: &impl ConnectionTrait) -> ApiResult<Self> {
        let hoods = neighbourhoods::Entity::find().all(db).await?;
        Ok(Context { neighbourhoods: Names::new(hoods.into_iter().map(|n| (n.id, n.name))) })
    }
}

fn set<T>(slot: &mut T, value: T) -> Result<(), String> {
    *slot = value;
    Ok(())
}

fn role_text(role: OrganisationRole) -> &'static str {
    match role {
        OrganisationRole::WorkProvider => "werkbieder",
        OrganisationRole::GuidanceProvider => "begeleider",
        OrganisationRole::Employer => "werkgever",
    }
}

/// The file format of organisations: every column the export writes and the import reads. Documented
/// for API users on `POST /organisations/import`; keep that text in step.
pub const COLUMNS: &[Column<ExportRow, SaveOrganisation, Context>] = &[
    Column { field: "name", header: "naam", aliases: &["organisatie"], write: |r, _| r.model.name.clone(), read: |v, o, _| set(&mut o.name, v.into()) },
    Column {
        field: "kvkNumber",
        header: "kvk",
        aliases: &["kvknummer"],
        write: |r, _| r.model.kvk_number.clone(),
        read: |v, o, _| set(&mut o.kvk_number, crate::csv_io::restore_leading_zeros(v, 8)),
    },
    Column {
        field: "roles",
        header: "rollen",
        aliases: &["rol"],
        write: |r, _| r.model.roles.split(',').filter_map(OrganisationRole::parse).map(role_text).collect::<Vec<_>>().join("|"),
        read: |v, o, _| match v.split([',', '/', '|']).filter(|s| !s.trim().is_empty()).map(parse_role).collect::<Option<Vec<_>>>() {
            Some(roles) => set(&mut o.roles, roles),
            None => Err("werkbieder, begeleider of werkgever, gescheiden door |".into()),
        },
    },
    Column {
        field: "description",
        header: "omschrijving",
        aliases: &["beschrijving"],
        write: |r, _| r.model.description.clone(),
        read: |v, o, _| set(&mut o.description, v.into()),
    },
    Column {
        field: "contributionPerPosition",
        header: "bijdrage",
        aliases: &["bijdrageperplek"],
        write: |r, _| r.model.contribution_per_position.map(crate::csv_io::format_amount).unwrap_or_default(),
        read: |v, o, _| match crate::csv_io::parse_amount(v) {
            Some(amount) => set(&mut o.contribution_per_position, Some(amount)),
            None if v.is_empty() => set(&mut o.contribution_per_position, None),
            None => Err("een bedrag, zoals 5000,00".into()),
        },
    },
    Column {
        field: "neighbourhoodIds",
        header: "wijken",
        aliases: &["neighbourhoods"],
        write: |r, c| {
            let mut names: Vec<String> = r.neighbourhood_ids.iter().map(|id| c.neighbourhoods.name(*id)).collect();
            names.sort();
            join_list(names.into_iter().map(|name| [name]))
        },
        read: |v, o, c| {
            let ids = split_list(v)
                .into_iter()
                .map(|parts| match parts.as_slice() {
                    [name] => c.neighbourhoods.id(name, "wijk"),
                    _ => Err("wijken gescheiden door |, een : in een naam als \\:".into()),
                })
                .collect::<Result<_, _>>()?;
            set(&mut o.neighbourhood_ids, ids)
        },
    },
    Column {
        field: "contacts",
        header: "contactpersonen",
        aliases: &["contacten"],
        write: |r, _| join_list(r.contacts.iter().map(|c| [c.name.as_str(), c.role.as_str(), c.email.as_str(), c.phone.as_str()])),
        read: |v, o, _| {
            let contacts = split_list(v)
                .into_iter()
                .map(|parts| match parts.as_slice() {
                    [name, rest @ ..] if rest.len() <= 3 => Ok(ContactPerson {
                        name: name.clone(),
                        role: rest.first().cloned().unwrap_or_default(),
                        email: rest.get(1).cloned().unwrap_or_default(),
                        phone: rest.get(2).cloned().unwrap_or_default(),
                    }),
                    _ => Err("naam:rol:e-mail:telefoon per persoon, gescheiden door |".to_owned()),
                })
                .collect::<Result<_, _>>()?;
            set(&mut o.contacts, contacts)
        },
    },
    Column {
        field: "version",
        header: "versie",
        aliases: &[],
        write: |r, _| r.model.version.to_string(),
        read: |v, o, _| match v.parse::<i32>() {
            Ok(version) => set(&mut o.version, Some(version)),
            Err(_) if v.is_empty() => set(&mut o.version, None),
            Err(_) => Err("het versienummer uit de export".into()),
        },
    },
];

fn parse_role(value: &str) -> Option<OrganisationRole> {
    match value.trim().to_lowercase().as_str() {
        "werkbieder" | "werkbiedendepartij" | "werkbiedende partij" => Some(OrganisationRole::WorkProvider),
        "begeleider" | "begeleidingsorganisatie" => Some(OrganisationRole::GuidanceProvider),
        "werkgever" => Some(OrganisationRole::Employer),
        other => OrganisationRole::parse(other),
    }
}

/// The organisations with their neighbourhoods and contacts (in a few queries for any number).
async fn export_rows(db: &impl ConnectionTrait, models: Vec<organisations::Model>) -> ApiResult<Vec<ExportRow>> {
    let full = to_organisations(db, models.clone()).await?;
    Ok(models
        .into_iter()
        .zip(full)
        .map(|(model, o)| ExportRow { model, neighbourhood_ids: o.neighbourhood_ids, contacts: o.contacts })
        .collect())
}

/// The request that would write the stored organisation as it is.
fn stored_request(row: &ExportRow) -> SaveOrganisation {
    SaveOrganisation {
        name: row.model.name.clone(),
        kvk_number: row.model.kvk_number.clone(),
        roles: row.model.roles.split(',').filter_map(OrganisationRole::parse).collect(),
        description: row.model.description.clone(),
        neighbourhood_ids: row.neighbourhood_ids.clone(),
        contacts: row.contacts.clone(),
        contribution_per_position: row.model.contribution_per_position,
        version: None,
    }
}

/// The request as it would be stored, for comparing.
fn normalised(request: &SaveOrganisation) -> SaveOrganisation {
    let mut n = request.clone();
    for text in [&mut n.name, &mut n.kvk_number, &mut n.description] {
        *text = text.trim().to_owned();
    }
    n.roles.sort();
    n.roles.dedup();
    n.neighbourhood_ids.sort();
    n.neighbourhood_ids.dedup();
    for contact in &mut n.contacts {
        for text in [&mut contact.name, &mut contact.role, &mut contact.email, &mut contact.phone] {
            *text = text.trim().to_owned();
        }
    }
    n.contribution_per_position = n.contribution_per_position.map(|a| a.normalize());
    n.version = None;
    n
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Only check the file and report what an import would do (default `false`).
    dry_run: Option<bool>,
}

/// Import organisations from CSV (`text/csv`, UTF-8, `;` or `,`, Dutch or English headers).
///
/// The columns are those of the export (header, then what the cell holds): `naam`, `kvk` (8 digits, the
/// key, required), `rollen` (werkbieder, begeleider, werkgever, separated by `|`), `omschrijving`,
/// `bijdrage` (euros per filled position per year, 5000,00), `wijken` (neighbourhood names separated by
/// `|`; the id where a name occurs in more than one municipality), `contactpersonen` (per person
/// `naam:rol:e-mail:telefoon`, persons separated by `|`) and `versie`. The API field names are accepted as
/// headers too. In a list cell a `|` or `:` that belongs to a name is written `\|` or `\:`. A cell that
/// starts with `'` before `=`, `+`, `-` or `@` is read without that quote (the export writes it so that
/// spreadsheets run no formulas).
///
/// A known KvK number updates that organisation. A column the file lacks leaves that field unchanged (a
/// new organisation gets the default); a present but empty cell clears an optional field. With a `versie`
/// column, a row whose version is not the stored one fails with `stale_version` (an empty cell skips the
/// check; a version for an unknown KvK number fails). Rows that change nothing are not written
/// (`unchanged`); each created or changed organisation gets one version step and one audit event.
///
/// With `dryRun=true` only the report; otherwise a file with any error is refused whole (400, every row
/// error in `invalidParams` as `rows[N].field`) and a good one is written in one transaction.
#[utoipa::path(
    tag = "organisations",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    responses((status = 200, description = "The report", body = ImportReport))
)]
#[post("/organisations/import")]
async fn import_organisations(
    staff: Authorized<OrganisationStaff>,
    state: web::Data<AppState>,
    query: ApiQuery<ImportQuery>,
    body: CsvBody,
) -> ApiResult<web::Json<ImportReport>> {
    let dry_run = query.0.dry_run.unwrap_or(false);
    let (headers, records) = crate::csv_io::read(&body.0)?;
    let mut report = ImportReport { dry_run, rows: records.len() as u64, ..ImportReport::default() };
    let columns = crate::csv_io::columns_of(&headers, COLUMNS, &["kvkNumber"], &mut report.errors);
    if !report.errors.is_empty() {
        return respond(report);
    }
    let kvk_at = columns.iter().find(|(_, c)| c.field == "kvkNumber").map_or(0, |(index, _)| *index);
    let kvks: Vec<String> = records.iter().map(|r| crate::csv_io::restore_leading_zeros(r.get(kvk_at).unwrap_or("").trim(), 8)).collect();
    let txn = state.db.begin().await?;
    let mut known = Vec::new();
    for chunk in kvks.chunks(500) {
        known.extend(organisations::Entity::find().filter(organisations::Column::KvkNumber.is_in(chunk.to_vec())).all(&txn).await?);
    }
    let existing: HashMap<String, ExportRow> =
        export_rows(&txn, known).await?.into_iter().map(|row| (row.model.kvk_number.clone(), row)).collect();
    let context = Context::load(&txn).await?;
    let mut seen = HashMap::new();
    let mut changes: Vec<(Option<&ExportRow>, SaveOrganisation)> = Vec::new();
    for (offset, record) in records.iter().enumerate() {
        let row = offset as u64 + 2;
        let before = report.errors.len();
        let kvk = &kvks[offset];
        if !kvk.is_empty() {
            if let Some(first) = seen.insert(kvk.clone(), row) {
                report.errors.push(RowError { row, field: "kvkNumber".into(), code: "duplicate".into(), reason: format!("hetzelfde KvK-nummer als rij {first}") });
                continue;
            }
        }
        let stored = existing.get(kvk);
        let mut input = stored.map(stored_request).unwrap_or_default();
        crate::csv_io::read_row(row, record, &columns, &mut input, &context, &mut report.errors);
        match (input.version, stored) {
            (Some(version), Some(s)) if version != s.model.version => report.errors.push(RowError {
                row,
                field: "version".into(),
                code: codes::STALE_VERSION.into(),
                reason: format!("de organisatie is intussen gewijzigd (nu versie {}); exporteer opnieuw", s.model.version),
            }),
            (Some(_), None) => report.errors.push(RowError {
                row,
                field: "version".into(),
                code: codes::STALE_VERSION.into(),
                reason: "deze organisatie bestaat niet (meer); laat de versie leeg om haar aan te maken".into(),
            }),
            _ => {}
        }
        if report.errors.len() == before && stored.is_some_and(|s| normalised(&stored_request(s)) == normalised(&input)) {
            report.unchanged += 1;
            continue;
        }
        if let Err(params) = input.validate() {
            for InvalidParam { name, code, reason } in params {
                if !report.errors[before..].iter().any(|e| e.field == name) {
                    report.errors.push(RowError { row, field: name, code, reason });
                }
            }
        }
        if report.errors.len() == before {
            changes.push((stored, input));
        }
    }
    report.updated = changes.iter().filter(|(stored, _)| stored.is_some()).count() as u64;
    report.created = changes.len() as u64 - report.updated;
    if dry_run || !report.errors.is_empty() {
        return respond(report);
    }
    let actor = Actor::from(&staff.0);
    let mut entries = Vec::with_capacity(changes.len());
    for (stored, input) in &changes {
        let input = normalised(input);
        match stored {
            Some(stored) => {
                let model = &stored.model;
                let result = organisations::Entity::update_many()
                    .set(organisations::ActiveModel {
                        name: Set(input.name.clone()),
                        roles: Set(roles_text(&input.roles)),
                        description: Set(input.description.clone()),
                        contribution_per_position: Set(input.contribution_per_position),
                        updated_at: Set(Utc::now()),
                        version: Set(model.version + 1),
                        ..Default::default()
                    })
                    .filter(organisations::Column::Id.eq(model.id))
                    .filter(organisations::Column::Version.eq(model.version))
                    .exec(&txn)
                    .await?;
                if result.rows_affected != 1 {
                    return Err(ApiError::stale_version());
                }
                let was = normalised(&stored_request(stored));
                if (&was.neighbourhood_ids, &was.contacts) != (&input.neighbourhood_ids, &input.contacts) {
                    replace_children(&txn, model.id, &input).await?;
                }
                entries.push(Entry::new(AuditAction::Update, "organisation").record(model.id).details("import"));
            }
            None => {
                let row = new_row(&input);
                let id = row.id.clone().unwrap();
                organisations::Entity::insert(row).exec_without_returning(&txn).await.map_err(map_unique)?;
                replace_children(&txn, id, &input).await?;
                entries.push(Entry::new(AuditAction::Create, "organisation").record(id).details("import"));
            }
        }
    }
    audit::record_many(&txn, &actor, entries).await?;
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::Create, "organisation_import").details(format!("{} created, {} updated", report.created, report.updated)),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(report))
}

/// The report of a dry run; an import with row errors is refused whole.
fn respond(report: ImportReport) -> ApiResult<web::Json<ImportReport>> {
    if !report.errors.is_empty() && !report.dry_run {
        return Err(crate::csv_io::rejected(report.errors));
    }
    Ok(web::Json(report))
}

/// Export the (filtered) organisation list as CSV, in the import's format: every column that
/// `POST /organisations/import` reads (neighbourhoods and contacts included), with the stored `versie`.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationQuery),
    responses((status = 200, description = "The organisations as `;`-separated CSV", body = String, content_type = "text/csv"))
)]
#[get("/organisations/export")]
async fn export_organisations(
    staff: Authorized<OrganisationStaff>,
    state: web::Data<AppState>,
    query: ApiQuery<OrganisationQuery>,
) -> ApiResult<HttpResponse> {
    let mut errors = Errors::default();
    let select = sorted(organisations::Entity::find().filter(list_condition(&query.0)), query.0.sort.as_deref(), &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let rows = select.all(&state.db).await?;
    audit::record(&state.db, Actor::from(&staff.0), Entry::new(AuditAction::Export, "organisation").details(format!("{} rows", rows.len())))
        .await?;
    let context = Context::load(&state.db).await?;
    let rows = export_rows(&state.db, rows).await?;
    let csv = crate::csv_io::write_all(COLUMNS, &rows, &context)?;
    Ok(crate::csv_io::attachment("organisaties.csv", csv))
}
