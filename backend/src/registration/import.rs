//! CSV import and export of candidates. An import is validated completely first; with any error it writes
//! nothing, else it writes every row in one transaction. The BSN is the key: a row whose BSN is known
//! updates that candidate, so importing the same file twice creates no duplicates.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::candidates::{BenefitKind, CandidateInput, CandidateStatus, Source, Weekday};
use shared::imports::{ImportReport, RowError};
use shared::reference::PhysicalDemand;
use uuid::Uuid;

use super::service;
use crate::auth::AuthUser;
use crate::csv_io::header_key;
use crate::db::{candidate_status_changes, candidates};
use crate::error::ApiResult;

/// The columns of a candidate file: the API field and the headers (Dutch and English) accepted for it.
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("firstName", &["voornaam", "firstname"]),
    ("lastName", &["achternaam", "lastname"]),
    ("dateOfBirth", &["geboortedatum", "dateofbirth"]),
    ("bsn", &["bsn"]),
    ("email", &["email", "emailadres"]),
    ("phone", &["telefoon", "telefoonnummer", "phone"]),
    ("postcode", &["postcode"]),
    ("houseNumber", &["huisnummer", "housenumber"]),
    ("source", &["bron", "source"]),
    ("targetGroupRegister", &["doelgroepregister", "targetgroupregister"]),
    ("benefitKind", &["uitkering", "soortuitkering", "benefitkind"]),
    ("benefitMonthlyAmount", &["uitkeringsbedrag", "uitkeringpermaand", "benefitmonthlyamount"]),
    ("regularWorkEvidence", &["arbeidsverleden", "onderbouwing", "regularworkevidence"]),
    ("availableHours", &["uren", "urenperweek", "availablehours"]),
    ("availableDays", &["dagen", "beschikbaredagen", "availabledays"]),
    ("physicalLimitations", &["beperkingen", "physicallimitations"]),
    ("limitationNotes", &["toelichtingbeperkingen", "limitationnotes"]),
    ("dreamJob", &["droombaan", "dreamjob"]),
    ("wageValuePct", &["loonwaarde", "wagevaluepct"]),
    ("expectedWageValuePct", &["verwachteloonwaarde", "expectedwagevaluepct"]),
    // Written by the export; an import leaves the status alone (it changes only through the status machine).
    ("status", &["status"]),
];

const REQUIRED: &[&str] = &["firstName", "lastName", "dateOfBirth", "bsn", "postcode", "houseNumber", "source"];

/// The headers an export writes (Dutch, importable again).
pub const EXPORT_HEADERS: &[&str] = &[
    "voornaam", "achternaam", "geboortedatum", "bsn", "email", "telefoon", "postcode", "huisnummer", "bron",
    "doelgroepregister", "uren", "dagen", "loonwaarde", "verwachte loonwaarde", "droombaan", "status",
];

fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .ok()
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_lowercase().as_str() {
        "ja" | "j" | "yes" | "true" | "1" | "waar" => Some(true),
        "nee" | "n" | "no" | "false" | "0" | "onwaar" | "" => Some(false),
        _ => None,
    }
}

fn parse_source(value: &str) -> Option<Source> {
    match value.to_lowercase().as_str() {
        "participatiewet" | "pw" | "gemeente" => Some(Source::Participatiewet),
        "wajong" | "uwv" => Some(Source::Wajong),
        "wsw" | "sw" => Some(Source::Wsw),
        "overig" | "anders" | "other" => Some(Source::Other),
        _ => None,
    }
}

fn parse_benefit(value: &str) -> Option<BenefitKind> {
    match value.to_lowercase().as_str() {
        "geen" => Some(BenefitKind::None),
        "overig" | "anders" => Some(BenefitKind::Other),
        other => BenefitKind::parse(other),
    }
}

fn parse_day(value: &str) -> Option<Weekday> {
    match value.to_lowercase().as_str() {
        "ma" | "maandag" => Some(Weekday::Mon),
        "di" | "dinsdag" => Some(Weekday::Tue),
        "wo" | "woensdag" => Some(Weekday::Wed),
        "do" | "donderdag" => Some(Weekday::Thu),
        "vr" | "vrijdag" => Some(Weekday::Fri),
        "za" | "zaterdag" => Some(Weekday::Sat),
        "zo" | "zondag" => Some(Weekday::Sun),
        other => Weekday::parse(other),
    }
}

/// Euros as written in Dutch files: `1250,00`, `1.250,00` or `1250.00`.
fn parse_amount(value: &str) -> Option<Decimal> {
    let normalised = if value.contains(',') { value.replace('.', "").replace(',', ".") } else { value.to_owned() };
    normalised.trim_start_matches('€').trim().parse().ok()
}

fn list<T>(value: &str, parse: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    value.split([',', '/', '|']).map(str::trim).filter(|s| !s.is_empty()).map(parse).collect()
}

/// One parsed row: the input, or the row's errors.
fn parse_row(
    row: u64,
    record: &csv::StringRecord,
    columns: &[(usize, &'static str)],
    today: NaiveDate,
    errors: &mut Vec<RowError>,
) -> Option<CandidateInput> {
    let mut input = CandidateInput::default();
    let before = errors.len();
    let mut fail = |field: &str, code: &str, reason: &str| {
        errors.push(RowError { row, field: field.into(), code: code.into(), reason: reason.into() })
    };
    for (index, field) in columns {
        let value = record.get(*index).unwrap_or("").trim();
        match *field {
            "firstName" => input.first_name = value.into(),
            "lastName" => input.last_name = value.into(),
            "dateOfBirth" => match parse_date(value) {
                Some(date) => input.date_of_birth = Some(date),
                None if value.is_empty() => {}
                None => fail(field, "invalid", "een datum als 2001-12-31 of 31-12-2001"),
            },
            "bsn" => input.bsn = value.into(),
            "email" => input.email = value.into(),
            "phone" => input.phone = value.into(),
            "postcode" => input.postcode = value.into(),
            "houseNumber" => input.house_number = value.into(),
            "source" => match parse_source(value) {
                Some(source) => input.source = Some(source),
                None if value.is_empty() => {}
                None => fail(field, "invalid", "participatiewet, wajong, wsw of overig"),
            },
            "targetGroupRegister" => match parse_bool(value) {
                Some(flag) => input.target_group_register = flag,
                None => fail(field, "invalid", "ja of nee"),
            },
            "benefitKind" if !value.is_empty() => match parse_benefit(value) {
                Some(kind) => input.benefit_kind = Some(kind),
                None => fail(field, "invalid", "bijstand, wajong, ww, wia, geen of overig"),
            },
            "benefitMonthlyAmount" if !value.is_empty() => match parse_amount(value) {
                Some(amount) => input.benefit_monthly_amount = Some(amount),
                None => fail(field, "invalid", "een bedrag, zoals 1250,00"),
            },
            "regularWorkEvidence" => input.regular_work_evidence = value.into(),
            "availableHours" if !value.is_empty() => match value.parse::<u8>() {
                Ok(hours) => input.available_hours = Some(hours),
                Err(_) => fail(field, "invalid", "een heel aantal uren, 0 tot en met 40"),
            },
            "availableDays" => match list(value, parse_day) {
                Some(days) => input.available_days = days,
                None => fail(field, "invalid", "dagen als ma,di,wo"),
            },
            "physicalLimitations" => match list(value, PhysicalDemand::parse) {
                Some(limits) => input.physical_limitations = limits,
                None => fail(field, "invalid", "bekende beperkingen, zoals heavy_lifting,night_work"),
            },
            "limitationNotes" => input.limitation_notes = value.into(),
            "dreamJob" => input.dream_job = value.into(),
            "wageValuePct" | "expectedWageValuePct" if !value.is_empty() => match value.trim_end_matches('%').trim().parse::<u8>() {
                Ok(pct) if *field == "wageValuePct" => input.wage_value_pct = Some(pct),
                Ok(pct) => input.expected_wage_value_pct = Some(pct),
                Err(_) => fail(field, "invalid", "een percentage, 0 tot en met 100"),
            },
            _ => {}
        }
    }
    if let Err(params) = input.validate(today) {
        for param in params {
            if !errors[before..].iter().any(|e| e.field == param.name) {
                errors.push(RowError { row, field: param.name, code: param.code, reason: param.reason });
            }
        }
    }
    (errors.len() == before).then_some(input)
}

/// Validates the whole file and, unless `dry_run` or an error was found, writes it in `db` (a transaction).
pub async fn import_candidates(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    municipality_id: Uuid,
    headers: &[String],
    records: &[csv::StringRecord],
    dry_run: bool,
) -> ApiResult<ImportReport> {
    let today = Utc::now().date_naive();
    let mut report = ImportReport { dry_run, rows: records.len() as u64, ..ImportReport::default() };
    let mut columns = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let key = header_key(header);
        match COLUMNS.iter().find(|(_, aliases)| aliases.contains(&key.as_str())) {
            Some((field, _)) => columns.push((index, *field)),
            None => report.errors.push(RowError {
                row: 1,
                field: header.clone(),
                code: "unknown_column".into(),
                reason: "onbekende kolom".into(),
            }),
        }
    }
    for required in REQUIRED {
        if !columns.iter().any(|(_, field)| field == required) {
            report.errors.push(RowError { row: 1, field: (*required).into(), code: "missing_column".into(), reason: "deze kolom ontbreekt".into() });
        }
    }
    if !report.errors.is_empty() {
        return Ok(report);
    }

    let mut inputs = Vec::with_capacity(records.len());
    let mut seen = HashMap::new();
    for (offset, record) in records.iter().enumerate() {
        let row = offset as u64 + 2;
        if let Some(input) = parse_row(row, record, &columns, today, &mut report.errors) {
            let bsn = input.bsn.trim().to_owned();
            if let Some(first) = seen.insert(bsn, row) {
                report.errors.push(RowError { row, field: "bsn".into(), code: "duplicate".into(), reason: format!("hetzelfde BSN als rij {first}") });
            } else {
                inputs.push((row, input));
            }
        }
    }

    // Which BSNs are known already, in chunks that stay under every database's parameter limit.
    let bsns: Vec<String> = inputs.iter().map(|(_, i)| i.bsn.trim().to_owned()).collect();
    let mut existing: HashMap<String, candidates::Model> = HashMap::new();
    for chunk in bsns.chunks(500) {
        for model in candidates::Entity::find().filter(candidates::Column::Bsn.is_in(chunk.to_vec())).all(db).await? {
            if let Some(bsn) = model.bsn.clone() {
                existing.insert(bsn, model);
            }
        }
    }
    let hoods = crate::reference::neighbourhoods_of(db, municipality_id).await?;
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    for (row, input) in inputs {
        match existing.get(input.bsn.trim()) {
            Some(model) if model.municipality_id != municipality_id => report.errors.push(RowError {
                row,
                field: "bsn".into(),
                code: "other_municipality".into(),
                reason: "dit BSN hoort bij een kandidaat van een andere gemeente".into(),
            }),
            Some(model) => updates.push((model.clone(), input)),
            None => creates.push(input),
        }
    }
    report.created = creates.len() as u64;
    report.updated = updates.len() as u64;
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }

    let now = Utc::now();
    let neighbourhood_of = |input: &CandidateInput| {
        shared::candidates::normalise_postcode(&input.postcode)
            .and_then(|pc| pc[..4].parse::<u16>().ok())
            .and_then(|pc4| shared::reference::resolve_neighbourhood(&hoods, pc4))
            .map(|n| n.id)
    };
    let mut new_rows = Vec::with_capacity(creates.len());
    let mut history = Vec::with_capacity(creates.len());
    for input in &creates {
        let id = Uuid::now_v7();
        let mut active = candidates::ActiveModel {
            id: Set(id),
            municipality_id: Set(municipality_id),
            status: Set(CandidateStatus::Registered.as_str().to_owned()),
            exit_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            erased_at: Set(None),
            version: Set(1),
            ..Default::default()
        };
        service::apply_input(&mut active, input, neighbourhood_of(input));
        new_rows.push(active);
        history.push(candidate_status_changes::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(id),
            from_status: Set(None),
            to_status: Set(CandidateStatus::Registered.as_str().to_owned()),
            reason: Set("geïmporteerd".into()),
            exit_reason: Set(None),
            changed_by_id: Set(caller.user_id),
            changed_by_name: Set(Some(caller.name.clone())),
            changed_at: Set(now),
        });
    }
    // 500 rows of about 35 columns stay under SQLite's and PostgreSQL's parameter limits.
    let mut rows = new_rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        candidates::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    let mut steps = history.into_iter().peekable();
    while steps.peek().is_some() {
        let chunk: Vec<_> = steps.by_ref().take(1000).collect();
        candidate_status_changes::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    for (model, input) in &updates {
        let mut active = <candidates::ActiveModel as Default>::default();
        let neighbourhood = neighbourhood_of(input).or(model.neighbourhood_id);
        service::apply_input(&mut active, input, neighbourhood);
        active.version = Set(model.version + 1);
        active.updated_at = Set(now);
        candidates::Entity::update_many().set(active).filter(candidates::Column::Id.eq(model.id)).exec(db).await?;
    }
    Ok(report)
}
