//! CSV import and export of candidates, in one format: [`COLUMNS`], which both directions use.
//!
//! An import is validated completely first; with any error it writes nothing, else it writes every row in
//! one transaction. The BSN is the key: a row whose BSN is known updates that candidate, so importing the
//! same file twice creates no duplicates. A column the file lacks leaves that field of a known candidate as
//! it is (a new one gets the default); a present but empty cell clears an optional field. A row that holds
//! nothing new is neither written nor audited; each changed or new candidate gets one version step and one
//! audit event, and its changed fields go to the change history (source `import`). With a `versie` column, a
//! row whose version is not the stored one fails (`stale_version`).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, TryIntoModel,
};
use shared::audit::AuditAction;
use shared::candidates::{
    BenefitKind, CandidateAbility, CandidateInput, CandidateStatus, ChangeSource, Source, Weekday, normalise_postcode,
};
use shared::imports::{ImportReport, RowError};
use shared::problem::ProblemCode;
use shared::reference::{Neighbourhood, PhysicalDemand};
use uuid::Uuid;

use super::{changes, service};
use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    abilities, candidate_abilities, candidate_status_changes, candidate_wish_categories, candidates, task_categories,
};
use crate::infra::csv_io::{self, Column, Names, join_list, split_list};
use crate::infra::error::{ApiError, ApiResult};

/// One candidate as the export writes it: the row with what belongs to it.
pub type ExportRow = service::CandidateRecord;

/// What a row of a file sets: the input, and the neighbourhood when the file has that column (`None`
/// inside: an empty cell, derive it from the postcode).
#[derive(Debug, Default)]
pub struct RowInput {
    pub input: CandidateInput,
    pub neighbourhood: Option<Option<Uuid>>,
}

/// The reference data that cells name.
pub struct Context {
    neighbourhoods: Names,
    abilities: Names,
    categories: Names,
}

impl Context {
    /// Neighbourhoods of `municipality` (all of them without one), every ability and task category.
    pub async fn load(db: &impl ConnectionTrait, municipality: Option<Uuid>) -> ApiResult<Self> {
        let mut hoods = crate::db::neighbourhoods::Entity::find();
        if let Some(id) = municipality {
            hoods = hoods.filter(crate::db::neighbourhoods::Column::MunicipalityId.eq(id));
        }
        Ok(Context {
            neighbourhoods: Names::new(hoods.all(db).await?.into_iter().map(|n| (n.id, n.name))),
            abilities: Names::new(abilities::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a.name))),
            categories: Names::new(task_categories::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.name))),
        })
    }
}

type CandidateColumn = Column<ExportRow, RowInput, Context>;

const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "ma"),
    (Weekday::Tue, "di"),
    (Weekday::Wed, "wo"),
    (Weekday::Thu, "do"),
    (Weekday::Fri, "vr"),
    (Weekday::Sat, "za"),
    (Weekday::Sun, "zo"),
];

fn set<T>(slot: &mut T, value: T) -> Result<(), String> {
    *slot = value;
    Ok(())
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn source_text(value: &str) -> String {
    match Source::parse(value) {
        Some(Source::Other) => "overig".into(),
        _ => value.to_owned(),
    }
}

fn benefit_text(kind: BenefitKind) -> &'static str {
    match kind {
        BenefitKind::None => "geen",
        BenefitKind::Other => "overig",
        other => other.as_str(),
    }
}

fn day_text(day: Weekday) -> &'static str {
    DAYS.iter().find(|(d, _)| *d == day).map_or("", |(_, text)| text)
}

/// The file format of candidates: every column the export writes and the import reads. Documented for
/// API users on `POST /candidates/import`; keep that text in step.
pub const COLUMNS: &[CandidateColumn] = &[
    Column {
        field: "firstName",
        header: "voornaam",
        aliases: &[],
        write: |r, _| r.model.first_name.clone(),
        read: |v, r, _| set(&mut r.input.first_name, v.into()),
    },
    Column {
        field: "lastName",
        header: "achternaam",
        aliases: &[],
        write: |r, _| r.model.last_name.clone(),
        read: |v, r, _| set(&mut r.input.last_name, v.into()),
    },
    Column {
        field: "dateOfBirth",
        header: "geboortedatum",
        aliases: &[],
        write: |r, _| optional(r.model.date_of_birth),
        read: |v, r, _| match parse_date(v) {
            Some(date) => set(&mut r.input.date_of_birth, Some(date)),
            None if v.is_empty() => set(&mut r.input.date_of_birth, None),
            None => Err("een datum als 2001-12-31 of 31-12-2001".into()),
        },
    },
    Column {
        field: "bsn",
        header: "bsn",
        aliases: &[],
        write: |r, _| r.model.bsn.clone().unwrap_or_default(),
        read: |v, r, _| set(&mut r.input.bsn, csv_io::restore_leading_zeros(v, 9)),
    },
    Column {
        field: "email",
        header: "e-mail",
        aliases: &["emailadres"],
        write: |r, _| r.model.email.clone(),
        read: |v, r, _| set(&mut r.input.email, v.into()),
    },
    Column {
        field: "phone",
        header: "telefoon",
        aliases: &["telefoonnummer"],
        write: |r, _| r.model.phone.clone(),
        read: |v, r, _| set(&mut r.input.phone, v.into()),
    },
    Column {
        field: "postcode",
        header: "postcode",
        aliases: &[],
        write: |r, _| r.model.postcode.clone(),
        read: |v, r, _| set(&mut r.input.postcode, v.into()),
    },
    Column {
        field: "houseNumber",
        header: "huisnummer",
        aliases: &[],
        write: |r, _| r.model.house_number.clone(),
        read: |v, r, _| set(&mut r.input.house_number, v.into()),
    },
    Column {
        field: "neighbourhoodId",
        header: "wijk",
        aliases: &["neighbourhood"],
        write: |r, c| r.model.neighbourhood_id.map(|id| c.neighbourhoods.name(id)).unwrap_or_default(),
        read: |v, r, c| {
            r.neighbourhood = Some(if v.is_empty() { None } else { Some(c.neighbourhoods.id(v, "wijk")?) });
            Ok(())
        },
    },
    Column {
        field: "source",
        header: "bron",
        aliases: &[],
        write: |r, _| source_text(&r.model.source),
        read: |v, r, _| match parse_source(v) {
            Some(source) => set(&mut r.input.source, Some(source)),
            None if v.is_empty() => set(&mut r.input.source, None),
            None => Err("participatiewet, wajong, wsw of overig".into()),
        },
    },
    Column {
        field: "targetGroupRegister",
        header: "doelgroepregister",
        aliases: &[],
        write: |r, _| if r.model.target_group_register { "ja".into() } else { "nee".into() },
        read: |v, r, _| match parse_bool(v) {
            Some(flag) => set(&mut r.input.target_group_register, flag),
            None => Err("ja of nee".into()),
        },
    },
    Column {
        field: "benefitKind",
        header: "uitkering",
        aliases: &["soortuitkering"],
        write: |r, _| {
            r.model.benefit_kind.as_deref().and_then(BenefitKind::parse).map(benefit_text).unwrap_or_default().into()
        },
        read: |v, r, _| match parse_benefit(v) {
            Some(kind) => set(&mut r.input.benefit_kind, Some(kind)),
            None if v.is_empty() => set(&mut r.input.benefit_kind, None),
            None => Err("bijstand, wajong, ww, wia, geen of overig".into()),
        },
    },
    Column {
        field: "benefitMonthlyAmount",
        header: "uitkeringsbedrag",
        aliases: &["uitkeringpermaand"],
        write: |r, _| r.model.benefit_monthly_amount.map(csv_io::format_amount).unwrap_or_default(),
        read: |v, r, _| match csv_io::parse_amount(v) {
            Some(amount) => set(&mut r.input.benefit_monthly_amount, Some(amount)),
            None if v.is_empty() => set(&mut r.input.benefit_monthly_amount, None),
            None => Err("een bedrag, zoals 1250,00".into()),
        },
    },
    Column {
        field: "regularWorkEvidence",
        header: "arbeidsverleden",
        aliases: &["onderbouwing"],
        write: |r, _| r.model.regular_work_evidence.clone(),
        read: |v, r, _| set(&mut r.input.regular_work_evidence, v.into()),
    },
    Column {
        field: "availableHours",
        header: "uren per week",
        aliases: &["uren"],
        write: |r, _| optional(r.model.available_hours),
        read: |v, r, _| match v.parse::<u8>() {
            Ok(hours) => set(&mut r.input.available_hours, Some(hours)),
            Err(_) if v.is_empty() => set(&mut r.input.available_hours, None),
            Err(_) => Err("een heel aantal uren, 0 tot en met 40".into()),
        },
    },
    Column {
        field: "wishedHoursPerWeek",
        header: "gewenste uren per week",
        aliases: &["gewensteuren"],
        write: |r, _| optional(r.model.wished_hours_per_week),
        read: |v, r, _| match v.parse::<u8>() {
            Ok(hours) => set(&mut r.input.wished_hours_per_week, Some(hours)),
            Err(_) if v.is_empty() => set(&mut r.input.wished_hours_per_week, None),
            Err(_) => Err("een heel aantal uren, 0 tot en met 40".into()),
        },
    },
    Column {
        field: "availableDays",
        header: "dagen",
        aliases: &["beschikbaredagen"],
        write: |r, _| r.available_days.iter().map(|d| day_text(*d)).collect::<Vec<_>>().join("|"),
        read: |v, r, _| match list(v, parse_day) {
            Some(days) => set(&mut r.input.available_days, days),
            None => Err("dagen als ma|di|wo".into()),
        },
    },
    Column {
        field: "abilities",
        header: "vaardigheden",
        aliases: &[],
        write: |r, c| {
            let mut items: Vec<(String, u8)> =
                r.abilities.iter().map(|a| (c.abilities.name(a.ability_id), a.level)).collect();
            items.sort();
            join_list(items.into_iter().map(|(name, level)| [name, level.to_string()]))
        },
        read: |v, r, c| {
            let mut abilities = Vec::new();
            for parts in split_list(v) {
                let [name, level] = parts.as_slice() else {
                    return Err("vaardigheden met hun niveau (1-4), zoals Tuinieren:3|Koken:2".into());
                };
                let level = level.parse::<u8>().map_err(|_| format!("het niveau van {name} is 1, 2, 3 of 4"))?;
                abilities.push(CandidateAbility { ability_id: c.abilities.id(name, "vaardigheid")?, level });
            }
            set(&mut r.input.abilities, abilities)
        },
    },
    Column {
        field: "physicalLimitations",
        header: "beperkingen",
        aliases: &[],
        write: |r, _| r.physical_limitations.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("|"),
        read: |v, r, _| match list(v, PhysicalDemand::parse) {
            Some(limits) => set(&mut r.input.physical_limitations, limits),
            None => Err("bekende beperkingen, zoals heavy_lifting|night_work".into()),
        },
    },
    Column {
        field: "limitationNotes",
        header: "toelichting beperkingen",
        aliases: &[],
        write: |r, _| r.model.limitation_notes.clone(),
        read: |v, r, _| set(&mut r.input.limitation_notes, v.into()),
    },
    Column {
        field: "wishCategoryIds",
        header: "voorkeur taken",
        aliases: &["wensen", "wishcategories"],
        write: |r, c| {
            let mut names: Vec<String> = r.wish_category_ids.iter().map(|id| c.categories.name(*id)).collect();
            names.sort();
            join_list(names.into_iter().map(|name| [name]))
        },
        read: |v, r, c| {
            r.input.wish_category_ids = names_in(v, &c.categories, "taakcategorie")?;
            Ok(())
        },
    },
    Column {
        field: "wishNeighbourhoodId",
        header: "voorkeurswijk",
        aliases: &["wishneighbourhood"],
        write: |r, c| r.model.wish_neighbourhood_id.map(|id| c.neighbourhoods.name(id)).unwrap_or_default(),
        read: |v, r, c| {
            r.input.wish_neighbourhood_id = if v.is_empty() { None } else { Some(c.neighbourhoods.id(v, "wijk")?) };
            Ok(())
        },
    },
    Column {
        field: "dreamJob",
        header: "droombaan",
        aliases: &[],
        write: |r, _| r.model.dream_job.clone(),
        read: |v, r, _| set(&mut r.input.dream_job, v.into()),
    },
    Column {
        field: "wageValuePct",
        header: "loonwaarde",
        aliases: &[],
        write: |r, _| optional(r.model.wage_value_pct),
        read: |v, r, _| set(&mut r.input.wage_value_pct, percentage(v)?),
    },
    Column {
        field: "expectedWageValuePct",
        header: "verwachte loonwaarde",
        aliases: &[],
        write: |r, _| optional(r.model.expected_wage_value_pct),
        read: |v, r, _| set(&mut r.input.expected_wage_value_pct, percentage(v)?),
    },
    // Written for the reader; an import leaves the status alone (it changes only through the status machine).
    Column {
        field: "status",
        header: "status",
        aliases: &[],
        write: |r, _| r.model.status.clone(),
        read: |_, _, _| Ok(()),
    },
    Column {
        field: "version",
        header: "versie",
        aliases: &[],
        write: |r, _| r.model.version.to_string(),
        read: |v, r, _| match v.parse::<i32>() {
            Ok(version) => set(&mut r.input.version, Some(version)),
            Err(_) if v.is_empty() => set(&mut r.input.version, None),
            Err(_) => Err("het versienummer uit de export".into()),
        },
    },
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
    let value = value.to_lowercase();
    DAYS.iter().find(|(day, short)| *short == value || day.as_str() == value).map(|(day, _)| *day).or({
        match value.as_str() {
            "maandag" => Some(Weekday::Mon),
            "dinsdag" => Some(Weekday::Tue),
            "woensdag" => Some(Weekday::Wed),
            "donderdag" => Some(Weekday::Thu),
            "vrijdag" => Some(Weekday::Fri),
            "zaterdag" => Some(Weekday::Sat),
            "zondag" => Some(Weekday::Sun),
            _ => None,
        }
    })
}

fn percentage(value: &str) -> Result<Option<u8>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    value.trim_end_matches('%').trim().parse::<u8>().map(Some).map_err(|_| "een percentage, 0 tot en met 100".into())
}

/// A list of codes: `ma|di|wo` (`,` and `/` separate as well).
fn list<T>(value: &str, parse: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    value.split([',', '/', '|']).map(str::trim).filter(|s| !s.is_empty()).map(parse).collect()
}

/// A stored comma-separated list of codes as the file writes it.
/// The ids that a [`join_list`] cell of names means.
fn names_in(cell: &str, names: &Names, what: &str) -> Result<Vec<Uuid>, String> {
    split_list(cell)
        .into_iter()
        .map(|parts| match parts.as_slice() {
            [name] => names.id(name, what),
            _ => Err("namen gescheiden door |, een : in een naam als \\:".into()),
        })
        .collect()
}

/// The input that would write the stored record as it is. A stored value that does not parse is a fault.
fn stored_input(row: &ExportRow) -> ApiResult<CandidateInput> {
    let m = &row.model;
    Ok(CandidateInput {
        first_name: m.first_name.clone(),
        last_name: m.last_name.clone(),
        date_of_birth: m.date_of_birth,
        bsn: m.bsn.clone().unwrap_or_default(),
        email: m.email.clone(),
        phone: m.phone.clone(),
        postcode: m.postcode.clone(),
        house_number: m.house_number.clone(),
        neighbourhood_id: m.neighbourhood_id,
        source: Some(crate::db::stored(&m.source, "source")?),
        target_group_register: m.target_group_register,
        benefit_kind: crate::db::stored_opt(m.benefit_kind.as_deref(), "benefit kind")?,
        benefit_monthly_amount: m.benefit_monthly_amount,
        regular_work_evidence: m.regular_work_evidence.clone(),
        available_hours: m.available_hours.map(|h| h.clamp(0, 255) as u8),
        wished_hours_per_week: m.wished_hours_per_week.map(|h| h.clamp(0, 255) as u8),
        available_days: row.available_days.clone(),
        abilities: row.abilities.clone(),
        physical_limitations: row.physical_limitations.clone(),
        limitation_notes: m.limitation_notes.clone(),
        wish_category_ids: row.wish_category_ids.clone(),
        wish_neighbourhood_id: m.wish_neighbourhood_id,
        dream_job: m.dream_job.clone(),
        wage_value_pct: m.wage_value_pct.map(|v| v.clamp(0, 255) as u8),
        expected_wage_value_pct: m.expected_wage_value_pct.map(|v| v.clamp(0, 255) as u8),
        version: None,
    })
}

/// The input as `service::apply_input` would store it, for comparing (neighbourhood and version aside).
fn normalised(input: &CandidateInput) -> CandidateInput {
    let mut n = input.clone();
    for text in [
        &mut n.first_name,
        &mut n.last_name,
        &mut n.bsn,
        &mut n.email,
        &mut n.phone,
        &mut n.house_number,
        &mut n.regular_work_evidence,
        &mut n.limitation_notes,
        &mut n.dream_job,
    ] {
        *text = text.trim().to_owned();
    }
    n.postcode = normalise_postcode(&n.postcode).unwrap_or_default();
    n.source = Some(n.source.unwrap_or(Source::Other));
    n.benefit_monthly_amount = n.benefit_monthly_amount.map(|a| a.normalize());
    n.available_days.sort();
    n.available_days.dedup();
    n.physical_limitations.sort();
    n.physical_limitations.dedup();
    n.abilities.sort_by_key(|a| (a.ability_id, a.level));
    n.wish_category_ids.sort();
    n.wish_category_ids.dedup();
    n.neighbourhood_id = None;
    n.version = None;
    n
}

/// The neighbourhood to store. An empty cell, a new postcode under an unchanged neighbourhood, or a new
/// candidate without the column: derived from the postcode. No column and the same postcode: as stored.
fn neighbourhood(stored: Option<&ExportRow>, row: &RowInput, hoods: &[Neighbourhood]) -> Option<Uuid> {
    let postcode = normalise_postcode(&row.input.postcode);
    let derived = postcode
        .as_deref()
        .and_then(|pc| pc[..4].parse::<u16>().ok())
        .and_then(|pc4| shared::reference::resolve_neighbourhood(hoods, pc4))
        .map(|n| n.id);
    let Some(stored) = stored else { return row.neighbourhood.flatten().or(derived) };
    let moved = postcode.unwrap_or_default() != stored.model.postcode;
    match row.neighbourhood {
        None if moved => derived,
        None => stored.model.neighbourhood_id,
        Some(None) => derived,
        Some(Some(id)) if moved && Some(id) == stored.model.neighbourhood_id => derived,
        Some(Some(id)) => Some(id),
    }
}

/// The export of `rows` (already filtered and ordered): every column of [`COLUMNS`].
pub async fn export_csv(
    db: &impl ConnectionTrait,
    municipality: Option<Uuid>,
    rows: Vec<candidates::Model>,
) -> ApiResult<String> {
    let context = Context::load(db, municipality).await?;
    let rows = service::load_many(db, rows).await?;
    // Every stored value parses (else a fault), so the columns' writers never fall back to an empty cell.
    for row in &rows {
        stored_input(row)?;
    }
    csv_io::write_all(COLUMNS, &rows, &context)
}

/// Validates the whole file and, unless `dry_run` or an error was found, writes it in `db` (a transaction),
/// with one audit event per created or changed candidate and, for a changed one, its changed fields
/// (source `import`). `now` is the application clock's time.
#[allow(clippy::too_many_arguments)]
pub async fn import_candidates(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    municipality_id: Uuid,
    headers: &[String],
    records: &[csv::StringRecord],
    dry_run: bool,
    now: DateTime<Utc>,
) -> ApiResult<ImportReport> {
    let today = now.date_naive();
    let mut report = ImportReport { dry_run, rows: records.len() as u64, ..ImportReport::default() };
    let columns = csv_io::columns_of(headers, COLUMNS, &["bsn"], &mut report.errors);
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let bsn_at = columns.iter().find(|(_, c)| c.field == "bsn").map_or(0, |(index, _)| *index);
    let bsns: Vec<String> =
        records.iter().map(|r| csv_io::restore_leading_zeros(r.get(bsn_at).unwrap_or("").trim(), 9)).collect();

    // Which BSNs are known already, in chunks that stay under every database's parameter limit.
    let mut known = Vec::new();
    for chunk in bsns.chunks(500) {
        known.extend(candidates::Entity::find().filter(candidates::Column::Bsn.is_in(chunk.to_vec())).all(db).await?);
    }
    let existing: HashMap<String, ExportRow> = service::load_many(db, known)
        .await?
        .into_iter()
        .filter_map(|row| Some((row.model.bsn.clone()?, row)))
        .collect();
    let context = Context::load(db, Some(municipality_id)).await?;
    let hoods = crate::reference::neighbourhoods_of(db, municipality_id).await?;

    let mut seen = HashMap::new();
    let mut creates: Vec<(CandidateInput, Option<Uuid>)> = Vec::new();
    let mut create_rows: Vec<u64> = Vec::new();
    let mut updates: Vec<(&ExportRow, CandidateInput, Option<Uuid>)> = Vec::new();
    for (offset, record) in records.iter().enumerate() {
        let row = offset as u64 + 2;
        let before = report.errors.len();
        let mut fail = |field: &str, code: &str, reason: String| {
            report.errors.push(RowError { row, field: field.into(), code: code.into(), reason })
        };
        let bsn = &bsns[offset];
        if !bsn.is_empty()
            && let Some(first) = seen.insert(bsn.clone(), row)
        {
            fail("bsn", "duplicate", format!("hetzelfde BSN als rij {first}"));
            continue;
        }
        let stored = existing.get(bsn);
        if stored.is_some_and(|s| s.model.municipality_id != municipality_id) {
            fail("bsn", "other_municipality", "dit BSN hoort bij een kandidaat van een andere gemeente".into());
            continue;
        }
        let mut target =
            RowInput { input: stored.map(stored_input).transpose()?.unwrap_or_default(), neighbourhood: None };
        csv_io::read_row(row, record, &columns, &mut target, &context, &mut report.errors);
        match (target.input.version, stored) {
            (Some(version), Some(s)) if version != s.model.version => report.errors.push(RowError {
                row,
                field: "version".into(),
                code: ProblemCode::StaleVersion.as_str().into(),
                reason: format!(
                    "de kandidaat is intussen gewijzigd (nu versie {}); exporteer opnieuw",
                    s.model.version
                ),
            }),
            (Some(_), None) => report.errors.push(RowError {
                row,
                field: "version".into(),
                code: ProblemCode::StaleVersion.as_str().into(),
                reason: "deze kandidaat bestaat niet (meer); laat de versie leeg om hem aan te maken".into(),
            }),
            _ => {}
        }
        let neighbourhood = neighbourhood(stored, &target, &hoods);
        // A row that holds nothing new writes nothing, so it is not held to today's rules either (a
        // candidate who has since passed the age limit still round-trips).
        if report.errors.len() == before
            && let Some(s) = stored
            && normalised(&stored_input(s)?) == normalised(&target.input)
            && neighbourhood == s.model.neighbourhood_id
        {
            report.unchanged += 1;
            continue;
        }
        if let Err(params) = target.input.validate(today) {
            for param in params {
                if !report.errors[before..].iter().any(|e| e.field == param.name) {
                    report.errors.push(RowError { row, field: param.name, code: param.code, reason: param.reason });
                }
            }
        }
        if report.errors.len() > before {
            continue;
        }
        match stored {
            Some(s) => updates.push((s, target.input, neighbourhood)),
            None => {
                create_rows.push(row);
                creates.push((target.input, neighbourhood));
            }
        }
    }
    report.created = creates.len() as u64;
    report.updated = updates.len() as u64;
    if dry_run {
        // The new rows that look like a registered candidate or an earlier row: listed, not refused.
        let rows: Vec<(u64, &CandidateInput)> =
            create_rows.iter().copied().zip(creates.iter().map(|(i, _)| i)).collect();
        report.possible_duplicates = crate::duplicates::service::in_import(db, municipality_id, &rows).await?;
    }
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }

    let mut audit_entries = Vec::with_capacity(creates.len() + updates.len());
    let mut new_rows = Vec::with_capacity(creates.len());
    let mut history = Vec::with_capacity(creates.len());
    let mut new_abilities = Vec::new();
    let mut new_wishes = Vec::new();
    let mut new_days = Vec::new();
    let mut new_limitations = Vec::new();
    let mut new_ids = Vec::with_capacity(creates.len());
    for (input, neighbourhood) in &creates {
        let id = Uuid::now_v7();
        new_ids.push(id);
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
        service::apply_input(&mut active, input, *neighbourhood);
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
        let normal = normalised(input);
        new_abilities.extend(normal.abilities.iter().map(|a| candidate_abilities::ActiveModel {
            candidate_id: Set(id),
            ability_id: Set(a.ability_id),
            level: Set(i16::from(a.level)),
        }));
        new_wishes.extend(
            normal
                .wish_category_ids
                .iter()
                .map(|c| candidate_wish_categories::ActiveModel { candidate_id: Set(id), task_category_id: Set(*c) }),
        );
        let (days, limitations) = service::day_and_limitation_rows(id, input);
        new_days.extend(days);
        new_limitations.extend(limitations);
        audit_entries.push(Entry::new(AuditAction::Create, "candidate").record(id).details("import"));
    }
    // 500 rows of about 35 columns stay under SQLite's and PostgreSQL's parameter limits.
    insert_chunked(db, new_rows, 500).await?;
    super::counts::created(db, municipality_id, CandidateStatus::Registered, creates.len() as u64).await?;
    insert_chunked(db, history, 1000).await?;
    insert_chunked(db, new_abilities, 1000).await?;
    insert_chunked(db, new_wishes, 1000).await?;
    insert_chunked(db, new_days, 1000).await?;
    insert_chunked(db, new_limitations, 1000).await?;
    let mut changed_models = Vec::with_capacity(updates.len());
    let mut changed_children = Vec::with_capacity(updates.len());
    for (stored, input, neighbourhood) in &updates {
        let model = &stored.model;
        let mut active = <candidates::ActiveModel as Default>::default();
        service::apply_input(&mut active, input, *neighbourhood);
        // The row as this update leaves it, for the change history.
        let mut after = model.clone().into_active_model();
        service::apply_input(&mut after, input, *neighbourhood);
        changed_models.push(after.try_into_model()?);
        let was = normalised(&stored_input(stored)?);
        let now_is = normalised(input);
        active.version = Set(model.version + 1);
        active.updated_at = Set(now);
        let result = candidates::Entity::update_many()
            .set(active)
            .filter(candidates::Column::Id.eq(model.id))
            .filter(candidates::Column::Version.eq(model.version))
            .exec(db)
            .await?;
        if result.rows_affected != 1 {
            return Err(ApiError::stale_version());
        }
        let children = |i: &CandidateInput| {
            (i.abilities.clone(), i.wish_category_ids.clone(), i.available_days.clone(), i.physical_limitations.clone())
        };
        if children(&was) != children(&now_is) {
            service::replace_children(db, model.id, &now_is).await?;
        }
        changed_children.push(children(&now_is));
        audit_entries.push(Entry::new(AuditAction::Update, "candidate").record(model.id).details("import"));
    }
    let actor = Actor::from(caller);
    let changed = updates.iter().zip(&changed_models).zip(&changed_children).map(
        |(((stored, _, _), after), (abilities, wishes, days, limitations))| {
            let now_is = changes::Snapshot {
                model: after,
                abilities,
                wish_category_ids: wishes,
                available_days: days,
                physical_limitations: limitations,
            };
            (stored.model.id, changes::Snapshot::from(*stored), now_is)
        },
    );
    changes::record_many(db, &actor, ChangeSource::Import, now, changed).await?;
    audit::record_many(db, &actor, audit_entries).await?;
    let touched: Vec<Uuid> = new_ids.into_iter().chain(updates.iter().map(|(stored, _, _)| stored.model.id)).collect();
    crate::monitoring::aggregates::refresh_many(db, &touched).await?;
    Ok(report)
}

async fn insert_chunked<A>(db: &impl ConnectionTrait, rows: Vec<A>, size: usize) -> ApiResult<()>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(size).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_its_own_header_and_field() {
        for (i, a) in COLUMNS.iter().enumerate() {
            for b in &COLUMNS[i + 1..] {
                assert_ne!(a.field, b.field);
                assert_ne!(csv_io::header_key(a.header), csv_io::header_key(b.header));
            }
        }
    }

    #[test]
    fn dates_as_spreadsheets_write_them() {
        for text in ["1990-05-17", "17-05-1990", "17-5-1990", "17/05/1990"] {
            assert_eq!(parse_date(text), NaiveDate::from_ymd_opt(1990, 5, 17), "{text}");
        }
    }

    #[test]
    fn days_in_dutch_and_english() {
        assert_eq!(
            list("ma|wo, vrijdag/sun", parse_day),
            Some(vec![Weekday::Mon, Weekday::Wed, Weekday::Fri, Weekday::Sun])
        );
        assert_eq!(day_text(Weekday::Wed), "wo");
    }
}
