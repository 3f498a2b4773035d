//! The CSV file format of organisations and their import and export (KvK number as the key).
//!
//! The import is a service: it takes the caller's open transaction and writes every organisation with its
//! audit events there, or nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::audit::AuditAction;
use shared::imports::{ImportReport, RowError};
use shared::organisations::{ContactPerson, OrganisationRole, SaveOrganisation};
use shared::problem::{InvalidParam, ProblemCode};
use uuid::Uuid;

use super::service::{Filter, Sort, map_unique, new_row, replace_children, roles_text, to_organisations};
use crate::audit::{self, Actor, Entry};
use crate::db::{neighbourhoods, organisations};
use crate::infra::csv_io::{Column, Names, join_list, split_list};
use crate::infra::error::{ApiError, ApiResult};

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
/// for API users on `POST /organisations/import` (`handlers.rs`); keep that text in step.
pub const COLUMNS: &[Column<ExportRow, SaveOrganisation, Context>] = &[
    Column {
        field: "name",
        header: "naam",
        aliases: &["organisatie"],
        write: |r, _| r.model.name.clone(),
        read: |v, o, _| set(&mut o.name, v.into()),
    },
    Column {
        field: "kvkNumber",
        header: "kvk",
        aliases: &["kvknummer"],
        write: |r, _| r.model.kvk_number.clone(),
        read: |v, o, _| set(&mut o.kvk_number, crate::infra::csv_io::restore_leading_zeros(v, 8)),
    },
    Column {
        field: "roles",
        header: "rollen",
        aliases: &["rol"],
        write: |r, _| {
            r.model.roles.split(',').filter_map(OrganisationRole::parse).map(role_text).collect::<Vec<_>>().join("|")
        },
        read: |v, o, _| match v
            .split([',', '/', '|'])
            .filter(|s| !s.trim().is_empty())
            .map(parse_role)
            .collect::<Option<Vec<_>>>()
        {
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
        write: |r, _| r.model.contribution_per_position.map(crate::infra::csv_io::format_amount).unwrap_or_default(),
        read: |v, o, _| match crate::infra::csv_io::parse_amount(v) {
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
        write: |r, _| {
            join_list(r.contacts.iter().map(|c| [c.name.as_str(), c.role.as_str(), c.email.as_str(), c.phone.as_str()]))
        },
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

/// Imports organisations from a parsed CSV file (see `POST /organisations/import` for the format and rules):
/// with `dry_run` only the report; otherwise a file with any error is refused whole and a good one written
/// on `db`, each created or changed organisation with its audit event, and one event for the import.
pub async fn import(
    db: &impl ConnectionTrait,
    actor: &Actor,
    (headers, records): &crate::infra::csv_io::Parsed,
    dry_run: bool,
    now: DateTime<Utc>,
) -> ApiResult<ImportReport> {
    let mut report = ImportReport { dry_run, rows: records.len() as u64, ..ImportReport::default() };
    let columns = crate::infra::csv_io::columns_of(headers, COLUMNS, &["kvkNumber"], &mut report.errors);
    if !report.errors.is_empty() {
        return respond(report);
    }
    let kvk_at = columns.iter().find(|(_, c)| c.field == "kvkNumber").map_or(0, |(index, _)| *index);
    let kvks: Vec<String> = records
        .iter()
        .map(|r| crate::infra::csv_io::restore_leading_zeros(r.get(kvk_at).unwrap_or("").trim(), 8))
        .collect();
    let mut known = Vec::new();
    for chunk in kvks.chunks(500) {
        known.extend(
            organisations::Entity::find()
                .filter(organisations::Column::KvkNumber.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    let existing: HashMap<String, ExportRow> =
        export_rows(db, known).await?.into_iter().map(|row| (row.model.kvk_number.clone(), row)).collect();
    let context = Context::load(db).await?;
    let mut seen = HashMap::new();
    let mut changes: Vec<(Option<&ExportRow>, SaveOrganisation)> = Vec::new();
    for (offset, record) in records.iter().enumerate() {
        let row = offset as u64 + 2;
        let before = report.errors.len();
        let kvk = &kvks[offset];
        if !kvk.is_empty()
            && let Some(first) = seen.insert(kvk.clone(), row)
        {
            report.errors.push(RowError {
                row,
                field: "kvkNumber".into(),
                code: "duplicate".into(),
                reason: format!("hetzelfde KvK-nummer als rij {first}"),
            });
            continue;
        }
        let stored = existing.get(kvk);
        let mut input = stored.map(stored_request).unwrap_or_default();
        crate::infra::csv_io::read_row(row, record, &columns, &mut input, &context, &mut report.errors);
        match (input.version, stored) {
            (Some(version), Some(s)) if version != s.model.version => report.errors.push(RowError {
                row,
                field: "version".into(),
                code: ProblemCode::StaleVersion.as_str().into(),
                reason: format!(
                    "de organisatie is intussen gewijzigd (nu versie {}); exporteer opnieuw",
                    s.model.version
                ),
            }),
            (Some(_), None) => report.errors.push(RowError {
                row,
                field: "version".into(),
                code: ProblemCode::StaleVersion.as_str().into(),
                reason: "deze organisatie bestaat niet (meer); laat de versie leeg om haar aan te maken".into(),
            }),
            _ => {}
        }
        if report.errors.len() == before && stored.is_some_and(|s| normalised(&stored_request(s)) == normalised(&input))
        {
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
                        updated_at: Set(now),
                        version: Set(model.version + 1),
                        ..Default::default()
                    })
                    .filter(organisations::Column::Id.eq(model.id))
                    .filter(organisations::Column::Version.eq(model.version))
                    .exec(db)
                    .await?;
                if result.rows_affected != 1 {
                    return Err(ApiError::stale_version());
                }
                let was = normalised(&stored_request(stored));
                if (&was.neighbourhood_ids, &was.contacts) != (&input.neighbourhood_ids, &input.contacts) {
                    replace_children(db, model.id, &input).await?;
                }
                entries.push(Entry::new(AuditAction::Update, "organisation").record(model.id).details("import"));
            }
            None => {
                let row = new_row(&input, now);
                let id = row.id.clone().unwrap();
                organisations::Entity::insert(row).exec_without_returning(db).await.map_err(map_unique)?;
                replace_children(db, id, &input).await?;
                entries.push(Entry::new(AuditAction::Create, "organisation").record(id).details("import"));
            }
        }
    }
    // The budget's contributions follow the employers' agreements.
    crate::monitoring::aggregates::touch(db).await?;
    audit::record_many(db, actor, entries).await?;
    audit::record(
        db,
        actor.clone(),
        Entry::new(AuditAction::Create, "organisation_import")
            .details(format!("{} created, {} updated", report.created, report.updated)),
    )
    .await?;
    Ok(report)
}

/// The report of a dry run; an import with row errors is refused whole.
fn respond(report: ImportReport) -> ApiResult<ImportReport> {
    if !report.errors.is_empty() && !report.dry_run {
        return Err(crate::infra::csv_io::rejected(report.errors));
    }
    Ok(crate::infra::csv_io::bounded(report))
}

/// The (filtered) organisations as CSV in the import's format, with the stored `versie`; the export is audited.
pub async fn export(db: &impl ConnectionTrait, actor: &Actor, filter: &Filter, sort: Sort) -> ApiResult<String> {
    let rows = sort.apply(organisations::Entity::find().filter(filter.condition())).all(db).await?;
    audit::record(
        db,
        actor.clone(),
        Entry::new(AuditAction::Export, "organisation").details(format!("{} rows", rows.len())),
    )
    .await?;
    let context = Context::load(db).await?;
    let rows = export_rows(db, rows).await?;
    crate::infra::csv_io::write_all(COLUMNS, &rows, &context)
}
