//! Finding possible duplicates (blocks in SQL, names compared in Rust), merging and dismissing them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::audit::AuditAction;
use shared::candidates::{CandidateInput, CandidateStatus, normalise_postcode};
use shared::duplicates::{
    DismissRequest, DuplicatePair, DuplicateSide, ImportDuplicate, MergeRequest, MergeResult, MovedRows,
    SIMILARITY_THRESHOLD, name_similarity,
};
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use shared::validation::Errors;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    candidate_preference_lists, candidate_preferences, candidates, duplicate_dismissals,
    guidance_assignments as assignments,
};
use crate::infra::error::{ApiError, ApiResult};

/// A block larger than this is not compared pair by pair (a placeholder date of birth or a shelter's
/// address would otherwise cost quadratic time); its records are still compared within their other block.
pub const MAX_BLOCK: usize = 500;

/// The most possible duplicates an import's dry run lists, and the most name comparisons it makes.
const IMPORT_LISTED: usize = 100;
const IMPORT_COMPARISONS: usize = 200_000;

/// One candidate as the comparison sees it.
#[derive(Debug, Clone)]
struct Person {
    id: Uuid,
    municipality_id: Uuid,
    first_name: String,
    last_name: String,
    date_of_birth: Option<NaiveDate>,
    postcode: String,
    house_number: String,
}

type PersonRow = (Uuid, Uuid, String, String, Option<NaiveDate>, String, String);

impl From<PersonRow> for Person {
    fn from((id, municipality_id, first_name, last_name, date_of_birth, postcode, house_number): PersonRow) -> Self {
        Person { id, municipality_id, first_name, last_name, date_of_birth, postcode, house_number }
    }
}

/// The records that take part: not erased, not merged.
fn live() -> Condition {
    Condition::all().add(candidates::Column::ErasedAt.is_null()).add(candidates::Column::MergedIntoId.is_null())
}

fn person_query() -> sea_orm::Select<candidates::Entity> {
    candidates::Entity::find()
        .select_only()
        .column(candidates::Column::Id)
        .column(candidates::Column::MunicipalityId)
        .column(candidates::Column::FirstName)
        .column(candidates::Column::LastName)
        .column(candidates::Column::DateOfBirth)
        .column(candidates::Column::Postcode)
        .column(candidates::Column::HouseNumber)
}

/// The block keys of a person: its date of birth and its address, each within its municipality.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Block {
    Birth(Uuid, NaiveDate),
    Address(Uuid, String, String),
}

fn blocks_of(p: &Person) -> Vec<Block> {
    let mut keys = Vec::with_capacity(2);
    if let Some(date) = p.date_of_birth {
        keys.push(Block::Birth(p.municipality_id, date));
    }
    let house = p.house_number.trim().to_lowercase();
    if !p.postcode.is_empty() && !house.is_empty() {
        keys.push(Block::Address(p.municipality_id, p.postcode.clone(), house));
    }
    keys
}

/// The live candidates within `scope` that share a date of birth or an address with another one there:
/// the blocks are found by SQL (grouped, over the partial indexes), the rows read in one query.
async fn candidates_in_blocks(db: &impl ConnectionTrait, scope: Condition) -> ApiResult<Vec<Person>> {
    let births = Query::select()
        .column(candidates::Column::DateOfBirth)
        .from(candidates::Entity)
        .cond_where(live().add(scope.clone()).add(candidates::Column::DateOfBirth.is_not_null()))
        .group_by_col(candidates::Column::DateOfBirth)
        .and_having(Expr::cust("COUNT(*)").gt(1))
        .to_owned();
    let addresses = Query::select()
        .column(candidates::Column::Postcode)
        .from(candidates::Entity)
        .cond_where(live().add(scope.clone()).add(candidates::Column::Postcode.ne("")))
        .group_by_columns([candidates::Column::Postcode, candidates::Column::HouseNumber])
        .and_having(Expr::cust("COUNT(*)").gt(1))
        .to_owned();
    let rows: Vec<PersonRow> = person_query()
        .filter(live())
        .filter(scope)
        .filter(
            Condition::any()
                .add(candidates::Column::DateOfBirth.in_subquery(births))
                .add(candidates::Column::Postcode.in_subquery(addresses)),
        )
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Person::from).collect())
}

/// A pair found: the ids in order (the smaller, older one first), with what they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub first: Uuid,
    pub second: Uuid,
    pub similarity: f64,
    pub same_birth: bool,
    pub same_address: bool,
}

fn ordered(a: Uuid, b: Uuid) -> (Uuid, Uuid) {
    if a < b { (a, b) } else { (b, a) }
}

/// Compares every pair within each block (at most [`MAX_BLOCK`] members) once.
fn compare(people: &[Person]) -> Vec<Found> {
    let mut blocks: HashMap<Block, Vec<usize>> = HashMap::new();
    for (index, person) in people.iter().enumerate() {
        for key in blocks_of(person) {
            blocks.entry(key).or_default().push(index);
        }
    }
    let mut compared: HashMap<(Uuid, Uuid), Option<Found>> = HashMap::new();
    for (key, members) in &blocks {
        if members.len() < 2 || members.len() > MAX_BLOCK {
            continue;
        }
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                let (pa, pb) = (&people[a], &people[b]);
                let pair = ordered(pa.id, pb.id);
                let entry = compared.entry(pair).or_insert_with(|| {
                    let similarity = name_similarity(
                        (pa.first_name.as_str(), pa.last_name.as_str()),
                        (pb.first_name.as_str(), pb.last_name.as_str()),
                    );
                    (similarity >= SIMILARITY_THRESHOLD).then_some(Found {
                        first: pair.0,
                        second: pair.1,
                        similarity,
                        same_birth: false,
                        same_address: false,
                    })
                });
                if let Some(found) = entry {
                    match key {
                        Block::Birth(..) => found.same_birth = true,
                        Block::Address(..) => found.same_address = true,
                    }
                }
            }
        }
    }
    let mut found: Vec<Found> = compared.into_values().flatten().collect();
    found.sort_by(|a, b| {
        b.similarity.total_cmp(&a.similarity).then(a.first.cmp(&b.first)).then(a.second.cmp(&b.second))
    });
    found
}

/// The pairs dismissed within `scope` (of municipalities).
async fn dismissed(db: &impl ConnectionTrait, caller: &AuthUser) -> ApiResult<HashSet<(Uuid, Uuid)>> {
    let rows: Vec<(Uuid, Uuid)> = duplicate_dismissals::Entity::find()
        .select_only()
        .column(duplicate_dismissals::Column::FirstCandidateId)
        .column(duplicate_dismissals::Column::SecondCandidateId)
        .filter(caller.within_region(duplicate_dismissals::Column::MunicipalityId))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Every possible duplicate pair within the caller's region that nobody dismissed, most alike first.
pub async fn find_pairs(db: &impl ConnectionTrait, caller: &AuthUser) -> ApiResult<Vec<Found>> {
    let scope = caller.within_region(candidates::Column::MunicipalityId);
    let people = candidates_in_blocks(db, scope).await?;
    let dismissed = dismissed(db, caller).await?;
    Ok(compare(&people).into_iter().filter(|f| !dismissed.contains(&(f.first, f.second))).collect())
}

fn side(model: &candidates::Model) -> ApiResult<DuplicateSide> {
    Ok(DuplicateSide {
        candidate_id: model.id,
        first_name: model.first_name.clone(),
        last_name: model.last_name.clone(),
        date_of_birth: model.date_of_birth,
        postcode: model.postcode.clone(),
        house_number: model.house_number.clone(),
        email: model.email.clone(),
        phone: model.phone.clone(),
        status: crate::db::stored(&model.status, "candidate status")?,
        registered_at: model.created_at,
    })
}

/// One page of the possible duplicates within the caller's region, both records of each pair with the
/// fields staff compare. Every record shown is audited as read.
pub async fn list(db: &impl ConnectionTrait, caller: &AuthUser, paging: PageRequest) -> ApiResult<Page<DuplicatePair>> {
    let found = find_pairs(db, caller).await?;
    let total = found.len() as u64;
    let start = usize::try_from(paging.offset()).unwrap_or(usize::MAX).min(found.len());
    let end = start.saturating_add(usize::try_from(paging.page_size).unwrap_or(usize::MAX)).min(found.len());
    let shown = &found[start..end];
    let ids: Vec<Uuid> = shown.iter().flat_map(|f| [f.first, f.second]).collect::<HashSet<_>>().into_iter().collect();
    let models: HashMap<Uuid, candidates::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        candidates::Entity::find()
            .filter(candidates::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect()
    };
    let mut items = Vec::with_capacity(shown.len());
    for f in shown {
        let (Some(first), Some(second)) = (models.get(&f.first), models.get(&f.second)) else { continue };
        items.push(DuplicatePair {
            first: side(first)?,
            second: side(second)?,
            similarity: (f.similarity * 1000.0).round() / 1000.0,
            same_date_of_birth: f.same_birth,
            same_address: f.same_address,
        });
    }
    let mut read: Vec<Uuid> = ids;
    read.sort();
    let entries = read
        .into_iter()
        .map(|id| Entry::new(AuditAction::Read, "candidate").record(id).details("duplicates"))
        .collect();
    audit::record_many(db, &Actor::from(caller), entries).await?;
    Ok(Page::new(items, paging, total))
}

/// The live candidates of `municipality` whose date of birth or address and name resemble the input's
/// (for the warning at registration), most alike first.
pub async fn resembling(db: &impl ConnectionTrait, municipality: Uuid, input: &CandidateInput) -> ApiResult<Vec<Uuid>> {
    let postcode = normalise_postcode(&input.postcode).unwrap_or_default();
    let house = input.house_number.trim().to_owned();
    let mut same_block = Condition::any();
    let mut blocked = false;
    if let Some(date) = input.date_of_birth {
        same_block = same_block.add(candidates::Column::DateOfBirth.eq(date));
        blocked = true;
    }
    if !postcode.is_empty() && !house.is_empty() {
        blocked = true;
        same_block = same_block.add(
            Condition::all()
                .add(candidates::Column::Postcode.eq(postcode))
                .add(candidates::Column::HouseNumber.eq(house)),
        );
    }
    if !blocked {
        return Ok(Vec::new());
    }
    let rows: Vec<PersonRow> = person_query()
        .filter(live())
        .filter(candidates::Column::MunicipalityId.eq(municipality))
        .filter(same_block)
        .limit(MAX_BLOCK as u64)
        .into_tuple()
        .all(db)
        .await?;
    let mut alike: Vec<(f64, Uuid)> = rows
        .into_iter()
        .map(Person::from)
        .map(|p| {
            (
                name_similarity(
                    (input.first_name.as_str(), input.last_name.as_str()),
                    (p.first_name.as_str(), p.last_name.as_str()),
                ),
                p.id,
            )
        })
        .filter(|(similarity, _)| *similarity >= SIMILARITY_THRESHOLD)
        .collect();
    alike.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(alike.into_iter().map(|(_, id)| id).collect())
}

/// The rows of an import (`(row, input)`, new records only) that resemble a registered candidate of the
/// municipality or an earlier row of the file: at most 100 listed, at most 200,000 names compared.
pub async fn in_import(
    db: &impl ConnectionTrait,
    municipality: Uuid,
    rows: &[(u64, &CandidateInput)],
) -> ApiResult<Vec<ImportDuplicate>> {
    let incoming: Vec<(u64, Person)> = rows
        .iter()
        .map(|(row, input)| {
            (
                *row,
                Person {
                    id: Uuid::nil(),
                    municipality_id: municipality,
                    first_name: input.first_name.clone(),
                    last_name: input.last_name.clone(),
                    date_of_birth: input.date_of_birth,
                    postcode: normalise_postcode(&input.postcode).unwrap_or_default(),
                    house_number: input.house_number.trim().to_owned(),
                },
            )
        })
        .collect();
    let mut dates: Vec<NaiveDate> = incoming.iter().filter_map(|(_, p)| p.date_of_birth).collect();
    dates.sort();
    dates.dedup();
    let mut postcodes: Vec<String> =
        incoming.iter().map(|(_, p)| p.postcode.clone()).filter(|p| !p.is_empty()).collect();
    postcodes.sort();
    postcodes.dedup();
    let mut stored: Vec<Person> = Vec::new();
    for chunk in dates.chunks(500) {
        let found: Vec<PersonRow> = person_query()
            .filter(live())
            .filter(candidates::Column::MunicipalityId.eq(municipality))
            .filter(candidates::Column::DateOfBirth.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        stored.extend(found.into_iter().map(Person::from));
    }
    for chunk in postcodes.chunks(500) {
        let found: Vec<PersonRow> = person_query()
            .filter(live())
            .filter(candidates::Column::MunicipalityId.eq(municipality))
            .filter(candidates::Column::Postcode.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        stored.extend(found.into_iter().map(Person::from));
    }
    let mut known = HashSet::new();
    stored.retain(|p| known.insert(p.id));
    let mut stored_blocks: HashMap<Block, Vec<usize>> = HashMap::new();
    for (index, person) in stored.iter().enumerate() {
        for key in blocks_of(person) {
            stored_blocks.entry(key).or_default().push(index);
        }
    }
    let mut row_blocks: HashMap<Block, Vec<usize>> = HashMap::new();
    let mut listed = Vec::new();
    let mut comparisons = 0usize;
    'rows: for (index, (row, person)) in incoming.iter().enumerate() {
        let name = (person.first_name.as_str(), person.last_name.as_str());
        let keys = blocks_of(person);
        let mut best: Option<ImportDuplicate> = None;
        let mut seen = HashSet::new();
        for key in &keys {
            for &other in stored_blocks.get(key).map(Vec::as_slice).unwrap_or_default().iter().take(MAX_BLOCK) {
                let p = &stored[other];
                if !seen.insert(p.id) {
                    continue;
                }
                comparisons += 1;
                let similarity = name_similarity(name, (p.first_name.as_str(), p.last_name.as_str()));
                if similarity >= SIMILARITY_THRESHOLD && best.as_ref().is_none_or(|b| similarity > b.similarity) {
                    best = Some(ImportDuplicate { row: *row, candidate_id: Some(p.id), other_row: None, similarity });
                }
            }
            if best.is_none() {
                for &other in row_blocks.get(key).map(Vec::as_slice).unwrap_or_default().iter().take(MAX_BLOCK) {
                    let (other_row, p) = &incoming[other];
                    comparisons += 1;
                    let similarity = name_similarity(name, (p.first_name.as_str(), p.last_name.as_str()));
                    if similarity >= SIMILARITY_THRESHOLD {
                        best = Some(ImportDuplicate {
                            row: *row,
                            candidate_id: None,
                            other_row: Some(*other_row),
                            similarity,
                        });
                        break;
                    }
                }
            }
            if comparisons > IMPORT_COMPARISONS {
                break 'rows;
            }
        }
        if let Some(mut found) = best {
            found.similarity = (found.similarity * 1000.0).round() / 1000.0;
            listed.push(found);
            if listed.len() >= IMPORT_LISTED {
                break;
            }
        }
        for key in keys {
            row_blocks.entry(key).or_default().push(index);
        }
    }
    Ok(listed)
}

/// The ids of the records merged into `id` (at any depth: a merge re-points earlier merges, so one level).
pub async fn merged_ids(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Vec<Uuid>> {
    let ids: Vec<Uuid> = candidates::Entity::find()
        .select_only()
        .column(candidates::Column::Id)
        .filter(candidates::Column::MergedIntoId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids)
}

/// The tables whose rows move from the merged record to the survivor, with their candidate column. The
/// record's own profile (abilities, wishes, days, limitations) stays with it: the survivor keeps its own.
/// The rows of matching rounds stay too: a round is a record of what it used. Preferences and coach or
/// mentor assignments are moved by [`move_preferences`] and [`end_overlapping_assignments`] first.
pub const MOVED: &[&str] = &[
    "candidate_status_changes",
    "intakes",
    "eligibility_decisions",
    "record_changes",
    "matches",
    "contracts",
    "contract_versions",
    "employee_surveys",
    "guidance_assignments",
    "guidance_check_ins",
    "guidance_check_in_domains",
    "guidance_goals",
    "guidance_goal_updates",
    "guidance_provisions",
];

/// Reads one live record for a merge or dismissal, or names the field's problem.
fn usable(
    model: Option<&candidates::Model>,
    caller: &AuthUser,
    field: &str,
    errors: &mut Errors,
) -> Option<candidates::Model> {
    match model {
        None => errors.add(field, "unknown", "deze kandidaat bestaat niet (of valt buiten uw regio)"),
        Some(m) if !caller.covers(m.municipality_id) => {
            errors.add(field, "unknown", "deze kandidaat bestaat niet (of valt buiten uw regio)")
        }
        Some(m) if m.erased_at.is_some() => errors.add(field, "erased", "de gegevens van deze kandidaat zijn gewist"),
        Some(m) if m.merged_into_id.is_some() => {
            errors.add(field, "merged", "deze kandidaat is al met een ander record samengevoegd")
        }
        Some(m) => return Some(m.clone()),
    }
    None
}

/// The two records of a request, both live, within the caller's region and of the same municipality; or
/// 400 naming each field's problem.
async fn pair(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    (a, a_field): (Uuid, &str),
    (b, b_field): (Uuid, &str),
) -> ApiResult<(candidates::Model, candidates::Model)> {
    let models: HashMap<Uuid, candidates::Model> = candidates::Entity::find()
        .filter(candidates::Column::Id.is_in([a, b]))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut errors = Errors::default();
    let first = usable(models.get(&a), caller, a_field, &mut errors);
    let second = usable(models.get(&b), caller, b_field, &mut errors);
    if let (Some(x), Some(y)) = (&first, &second)
        && x.municipality_id != y.municipality_id
    {
        errors.add(b_field, "other_municipality", "de twee kandidaten horen bij verschillende gemeenten");
    }
    match (first, second, errors.finish(())) {
        (Some(first), Some(second), Ok(())) => Ok((first, second)),
        (_, _, Err(params)) => Err(ApiError::Validation(params)),
        _ => Err(ApiError::NotFound),
    }
}

/// The merged record's preferences join the end of the survivor's list (a package on both lists keeps the
/// survivor's place); the list's "recorded by" moves when the survivor has none.
async fn move_preferences(db: &impl ConnectionTrait, survivor: Uuid, merged: Uuid) -> ApiResult<u64> {
    let mine: Vec<candidate_preferences::Model> = candidate_preferences::Entity::find()
        .filter(candidate_preferences::Column::CandidateId.eq(survivor))
        .all(db)
        .await?;
    let theirs: Vec<candidate_preferences::Model> = candidate_preferences::Entity::find()
        .filter(candidate_preferences::Column::CandidateId.eq(merged))
        .all(db)
        .await?;
    if theirs.is_empty() {
        return Ok(0);
    }
    let taken: HashSet<Uuid> = mine.iter().map(|p| p.package_id).collect();
    let offset = mine.iter().map(|p| p.rank).max().unwrap_or(0);
    let mut theirs = theirs;
    theirs.sort_by_key(|p| p.rank);
    candidate_preferences::Entity::delete_many()
        .filter(candidate_preferences::Column::CandidateId.eq(merged))
        .exec(db)
        .await?;
    let mut moved = 0u64;
    let mut rank = offset;
    let mut rows = Vec::new();
    for p in theirs.into_iter().filter(|p| !taken.contains(&p.package_id)) {
        rank += 1;
        moved += 1;
        rows.push(candidate_preferences::ActiveModel {
            candidate_id: Set(survivor),
            rank: Set(rank),
            package_id: Set(p.package_id),
        });
    }
    if !rows.is_empty() {
        candidate_preferences::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    let survivor_has_list = candidate_preference_lists::Entity::find_by_id(survivor).one(db).await?.is_some();
    if survivor_has_list {
        candidate_preference_lists::Entity::delete_many()
            .filter(candidate_preference_lists::Column::CandidateId.eq(merged))
            .exec(db)
            .await?;
    } else {
        candidate_preference_lists::Entity::update_many()
            .set(candidate_preference_lists::ActiveModel { candidate_id: Set(survivor), ..Default::default() })
            .filter(candidate_preference_lists::Column::CandidateId.eq(merged))
            .exec(db)
            .await?;
    }
    Ok(moved)
}

/// The merged record's open coach or mentor assignment ends yesterday where the survivor has an open one
/// of the same kind (the survivor's coach stays); 409 when it starts today or later.
async fn end_overlapping_assignments(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    survivor: Uuid,
    merged: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let today = now.date_naive();
    let open = |id: Uuid| {
        assignments::Entity::find().filter(assignments::Column::CandidateId.eq(id)).filter(
            Condition::any()
                .add(assignments::Column::UntilDate.is_null())
                .add(assignments::Column::UntilDate.gte(today)),
        )
    };
    let kinds: HashSet<String> = open(survivor).all(db).await?.into_iter().map(|a| a.kind).collect();
    for assignment in open(merged).all(db).await?.into_iter().filter(|a| kinds.contains(&a.kind)) {
        if assignment.from_date >= today {
            return Err(ApiError::Conflict {
                code: ProblemCode::Conflict,
                detail: format!(
                    "beide records hebben een begeleider ({}) vanaf vandaag of later; beëindig er eerst één",
                    assignment.kind
                ),
            });
        }
        assignments::Entity::update_many()
            .set(assignments::ActiveModel {
                until_date: Set(Some(today - Duration::days(1))),
                end_reason: Set("samengevoegd".into()),
                ended_by_id: Set(caller.user_id),
                ended_at: Set(Some(now)),
                ..Default::default()
            })
            .filter(assignments::Column::Id.eq(assignment.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Merges `mergedId` into `survivorId` in the caller's transaction: the merged record's history moves to
/// the survivor ([`MOVED`], preferences), the merged record points at the survivor, leaves the lists and
/// the counts and becomes `exited`; both records get an audit event. 400 for the same record twice, an
/// unknown, erased or merged one, or records of two municipalities; 409 when both have a placement or live
/// contract (a unique rule), or both a coach or mentor from today on. Nothing is written then.
pub async fn merge(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: MergeRequest,
    now: DateTime<Utc>,
) -> ApiResult<MergeResult> {
    let mut errors = Errors::default();
    request.check(&mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let (survivor_id, merged_id) = (request.survivor_id.unwrap_or_default(), request.merged_id.unwrap_or_default());
    let (survivor, merged) = pair(db, caller, (survivor_id, "survivorId"), (merged_id, "mergedId")).await?;
    let mut moved = Vec::new();
    let preferences = move_preferences(db, survivor.id, merged.id).await?;
    if preferences > 0 {
        moved.push(MovedRows { table: "candidate_preferences".into(), rows: preferences });
    }
    end_overlapping_assignments(db, caller, survivor.id, merged.id, now).await?;
    for table in MOVED {
        let update = Query::update()
            .table(sea_orm::sea_query::Alias::new(*table))
            .value(sea_orm::sea_query::Alias::new("candidate_id"), survivor.id)
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("candidate_id")).eq(merged.id))
            .to_owned();
        let rows = db.execute(&update).await?.rows_affected();
        if rows > 0 {
            moved.push(MovedRows { table: (*table).into(), rows });
        }
    }
    // Earlier merges into the merged record now point at the survivor, so the link is one step.
    candidates::Entity::update_many()
        .set(candidates::ActiveModel { merged_into_id: Set(Some(survivor.id)), ..Default::default() })
        .filter(candidates::Column::MergedIntoId.eq(merged.id))
        .exec(db)
        .await?;
    let marked = candidates::Entity::update_many()
        .set(candidates::ActiveModel {
            merged_into_id: Set(Some(survivor.id)),
            merged_at: Set(Some(now)),
            status: Set(CandidateStatus::Exited.as_str().to_owned()),
            exit_reason: Set(Some(
                crate::registration::service::exit_reason_str(shared::candidates::ExitReason::Other).to_owned(),
            )),
            updated_at: Set(now),
            version: Set(merged.version + 1),
            ..Default::default()
        })
        .filter(candidates::Column::Id.eq(merged.id))
        .filter(candidates::Column::Version.eq(merged.version))
        .exec(db)
        .await?;
    if marked.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    crate::registration::counts::erased(db, merged.municipality_id, &merged.status).await?;
    // Both people's contributions to the Werkkamer feed change: the history moved to the survivor.
    crate::monitoring::aggregates::refresh_many(db, &[survivor.id, merged.id]).await?;
    let actor = Actor::from(caller);
    audit::record_many(
        db,
        &actor,
        vec![
            Entry::new(AuditAction::Update, "candidate").record(survivor.id).details(format!("merged {}", merged.id)),
            Entry::new(AuditAction::Update, "candidate")
                .record(merged.id)
                .details(format!("merged into {}", survivor.id)),
        ],
    )
    .await?;
    Ok(MergeResult { survivor_id: survivor.id, merged_id: merged.id, moved })
}

/// Records that two candidates are not the same person, so the pair is not proposed again (a second
/// dismissal of the pair changes nothing). 400 as for a merge.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: DismissRequest,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut errors = Errors::default();
    request.check(&mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let (a, b) = (request.first_id.unwrap_or_default(), request.second_id.unwrap_or_default());
    let (first, _) = pair(db, caller, (a, "firstId"), (b, "secondId")).await?;
    let (low, high) = ordered(a, b);
    let exists = duplicate_dismissals::Entity::find()
        .filter(duplicate_dismissals::Column::FirstCandidateId.eq(low))
        .filter(duplicate_dismissals::Column::SecondCandidateId.eq(high))
        .one(db)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    duplicate_dismissals::Entity::insert(duplicate_dismissals::ActiveModel {
        id: Set(Uuid::now_v7()),
        municipality_id: Set(first.municipality_id),
        first_candidate_id: Set(low),
        second_candidate_id: Set(high),
        dismissed_by_id: Set(caller.user_id),
        dismissed_by_name: Set(Some(caller.name.clone())),
        dismissed_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    let actor = Actor::from(caller);
    audit::record_many(
        db,
        &actor,
        vec![
            Entry::new(AuditAction::Update, "candidate").record(low).details(format!("not a duplicate of {high}")),
            Entry::new(AuditAction::Update, "candidate").record(high).details(format!("not a duplicate of {low}")),
        ],
    )
    .await?;
    Ok(())
}
