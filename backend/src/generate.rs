//! Plausible, clearly fictional data at a chosen scale, for load runs and for trying the lists with the
//! numbers of a municipality or of the whole country: `cargo xtask generate --scale small|municipality|national`.
//!
//! What it owns: the sizes of each scale and one pass that writes municipalities with neighbourhoods
//! (postcode ranges), task categories, abilities, organisations with neighbourhoods and contacts, staff
//! accounts (a consultant per municipality and a regional admin), candidates with abilities, wishes,
//! limitations, available days, statuses and their status history, tasks with required abilities, and task
//! packages in every workflow state with their tasks and workflow history, and contracts (an active one per
//! employed candidate while positions last, then ended ones) with their matches, versions and the
//! employees' and organisations' experience surveys.
//!
//! Invariants: the same seed gives the same rows (ids, names, dates: one seeded RNG, no clock), on SQLite and
//! PostgreSQL alike; every person is fictional (names combined at random, e-mail at `example.org`, BSNs from
//! one counter made to pass the 11-check); rows go in as multi-row inserts, a chunk per transaction, with
//! the candidate counters of the lists (`registration::counts`) in the same transaction; it only writes
//! into an empty database, so it never mixes with real records.

use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use shared::auth::Role;
use shared::candidates::Weekday;
use shared::reference::PhysicalDemand;
use uuid::Uuid;

use crate::db::{
    abilities, candidate_abilities, candidate_available_days, candidate_physical_limitations,
    candidate_preference_lists, candidate_preferences, candidate_status_changes, candidate_wish_categories, candidates,
    contract_versions, contracts, employee_surveys, guidance_assignments, guidance_check_in_domains,
    guidance_check_ins, matches, municipalities, neighbourhood_adjacencies, neighbourhoods, organisation_contacts,
    organisation_neighbourhoods, organisation_surveys, organisations, package_positions, task_categories,
    task_package_status_changes, task_package_tasks, task_packages, task_physical_demands, task_required_abilities,
    task_schedule_slots, tasks, users,
};

/// The password of every generated account (generated data is for development and load runs only).
pub const PASSWORD: &str = "Basisbaan-demo-2026";

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub municipalities: usize,
    pub neighbourhoods_per_municipality: usize,
    pub candidates: usize,
    pub organisations: usize,
    /// Each package brings one or two tasks of its own organisation.
    pub packages: usize,
    /// Contracts of placements (active and ended), with their matches, versions and surveys.
    pub contracts: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A few of everything, for tests.
    Small,
    /// One municipality: 3,000 candidates, 300 organisations, 400 packages.
    Municipality,
    /// The country: 12 municipalities, 200,000 candidates, 20,000 organisations, 30,000 packages, 120,000
    /// contracts.
    National,
}

impl Scale {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "small" => Some(Scale::Small),
            "municipality" => Some(Scale::Municipality),
            "national" => Some(Scale::National),
            _ => None,
        }
    }

    pub fn sizes(self) -> Sizes {
        match self {
            Scale::Small => Sizes {
                municipalities: 2,
                neighbourhoods_per_municipality: 4,
                candidates: 60,
                organisations: 8,
                packages: 12,
                contracts: 24,
            },
            Scale::Municipality => Sizes {
                municipalities: 1,
                neighbourhoods_per_municipality: 10,
                candidates: 3_000,
                organisations: 300,
                packages: 400,
                contracts: 1_800,
            },
            Scale::National => Sizes {
                municipalities: 12,
                neighbourhoods_per_municipality: 10,
                candidates: 200_000,
                organisations: 20_000,
                packages: 30_000,
                contracts: 120_000,
            },
        }
    }
}

/// One finished step, for the progress display.
#[derive(Debug, Clone)]
pub struct Progress {
    pub step: &'static str,
    pub done: usize,
    pub total: usize,
    pub seconds: f64,
}

/// What was written: rows per table and the time it took.
#[derive(Debug, Clone)]
pub struct Report {
    pub rows: Vec<(&'static str, u64)>,
    pub seconds: f64,
    /// Usernames of the generated staff accounts (password [`PASSWORD`]).
    pub accounts: Vec<String>,
}

const MUNICIPALITIES: &[&str] = &[
    "Noorderveld",
    "Zuiderwaard",
    "Oosterbroek",
    "Westerhaven",
    "Middelrode",
    "Heuvelkamp",
    "Lindeveen",
    "Dalenmark",
    "Bosschenhoek",
    "Merelwijk",
    "Zandvoorde-Oost",
    "Rietendam",
    "Kraanswaal",
    "Ekelhorst",
    "Valkenrade",
    "Brugmeer",
];
const NEIGHBOURHOODS: &[&str] = &[
    "Centrum",
    "Oost",
    "West",
    "Noord",
    "Zuid",
    "De Hoven",
    "Het Park",
    "Molenwijk",
    "Bloemenbuurt",
    "Vogelbuurt",
    "Havenkwartier",
    "De Akkers",
];
const TASK_CATEGORIES: &[(&str, &str)] = &[
    ("Groenonderhoud", "Perken, plantsoenen, speelplekken en moestuinen in de wijk"),
    ("Schoonmaak", "Trappenhuizen, buurthuizen, zwerfafval"),
    ("Zorg en gezelschap", "Gezelschap, boodschappen, wandelen met bewoners"),
    ("Horeca", "Buurtkamer, lunch in het buurthuis, koffie schenken"),
    ("Logistiek", "Voedselbank, kringloop, magazijn, bezorgen"),
    ("Administratie", "Baliewerk, archief, post en eenvoudige invoer"),
    ("Techniek en klussen", "Fietsen, kleine reparaties, onderhoud"),
    ("Sport en spel", "Sportpark, speeltuin, activiteiten voor kinderen"),
];
/// Task titles per category (same order as TASK_CATEGORIES).
const TASK_TITLES: &[&[&str]] = &[
    &["Perken en plantsoenen onderhouden", "Moestuin verzorgen", "Speelplek netjes houden"],
    &["Trappenhuizen schoonhouden", "Zwerfafval rapen", "Buurthuis schoonmaken"],
    &["Gezelschap voor ouderen", "Boodschappen met bewoners", "Wandelen met bewoners"],
    &["Koffie schenken in de buurtkamer", "Lunch bereiden", "Kantinedienst"],
    &["Voedselpakketten samenstellen", "Goederen sorteren", "Magazijn op orde houden"],
    &["Baliewerk en telefoon", "Post en archief", "Gegevens invoeren"],
    &["Fietsen repareren", "Kleine klussen in de wijk", "Onderhoud van het gebouw"],
    &["Activiteiten begeleiden", "Sportmateriaal beheren", "Speeltuin openhouden"],
];
const ABILITIES: &[&str] = &[
    "Tuinieren",
    "Schoonmaken",
    "Koken",
    "Gastvrijheid",
    "Administratie",
    "Fietsen en bezorgen",
    "Klussen",
    "Sorteren",
    "Gesprekken voeren",
    "Computer",
    "Rijbewijs B",
    "Kinderen begeleiden",
];
const FIRST_NAMES: &[&str] = &[
    "Sanne", "Ahmed", "Joke", "Pieter", "Fatma", "Kees", "Noor", "Bram", "Yara", "Henk", "Ilse", "Mohamed", "Ria",
    "Dennis", "Samira", "Gert", "Lotte", "Jeroen", "Anouk", "Rachid", "Emma", "Daan", "Julia", "Sem", "Mila", "Lucas",
    "Tess", "Finn", "Sara", "Milan", "Eva", "Bilal", "Nadia", "Thijs", "Iris", "Youssef", "Fleur", "Ruben", "Aylin",
    "Wouter", "Esra", "Koen", "Marloes", "Mustafa", "Ingrid", "Jasper", "Zeynep", "Gerrit", "Wilma", "Tim",
];
const LAST_NAMES: &[&str] = &[
    "de Vries",
    "Bakker",
    "Jansen",
    "Mulder",
    "Yilmaz",
    "Smit",
    "Meijer",
    "de Boer",
    "Bos",
    "Kok",
    "Dijkstra",
    "Veenstra",
    "Hoekstra",
    "El Amrani",
    "Postma",
    "de Jong",
    "van Dijk",
    "Visser",
    "van den Berg",
    "Janssen",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Kaya",
    "Vos",
    "van der Meer",
    "Willems",
    "Schouten",
    "Prins",
    "Huisman",
    "Kuipers",
    "Boersma",
    "Aydin",
    "Bouzid",
    "Wijnands",
    "Zijlstra",
    "van Wijk",
    "Koster",
    "Verhoeven",
    "Sanders",
    "Groen",
    "Lammers",
    "Haddou",
    "Timmermans",
    "Scholten",
    "Hermans",
    "Vermeulen",
];
const DREAM_JOBS: &[&str] = &[
    "Werken in het groen, buiten",
    "Koken voor mensen in de buurt",
    "Iets met fietsen",
    "Bij de kringloop spullen opknappen",
    "Mensen helpen die alleen zijn",
    "Op kantoor, met de computer",
    "In een sportkantine",
    "Met kinderen werken",
];
const ORGANISATION_KINDS: &[&str] = &[
    "Stichting",
    "Buurtcentrum",
    "Kringloop",
    "Stadsboerderij",
    "Woningcorporatie",
    "Zorgcentrum",
    "Sportvereniging",
    "Voedselhulp",
    "Bibliotheek",
    "Wijkbedrijf",
];
const ORGANISATION_NAMES: &[&str] = &[
    "De Brug",
    "Samen Sterk",
    "Het Wilde Veld",
    "De Tweede Ronde",
    "Dichtbij",
    "Op Maat",
    "De Linde",
    "Het Anker",
    "Noorderlicht",
    "De Wending",
    "Zonnehoek",
    "De Schakel",
    "Groen Hart",
    "De Werf",
    "Klaverblad",
    "De Kiem",
];
const CHECK_IN_DOMAINS: &[&str] = &["work", "wellbeing", "income", "social_problems"];

const CHECK_IN_NOTES: &[&str] = &[
    "Gaat goed op het werk; afspraken over de werktijden nagelopen.",
    "Wat moe de laatste weken; met de werkbegeleider de taken verdeeld.",
    "Vragen over de loonstrook besproken; doorverwezen naar de budgetcoach.",
    "Contact met collega's loopt beter; volgende keer de ontwikkeldoelen.",
    "Reistijd blijft lastig; vervoersvoorziening aangevraagd.",
];

const PHYSICAL_DEMANDS: &[&str] = &[
    "heavy_lifting",
    "prolonged_standing",
    "prolonged_walking",
    "kneeling",
    "outdoor_work",
    "night_work",
    "working_at_height",
    "driving",
    "noisy_environment",
    "customer_contact",
];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The status path of a candidate; `exited` can follow any step.
const CANDIDATE_PATH: &[&str] = &["registered", "intake", "eligible", "pre_trajectory", "matched", "employed"];
const EXIT_REASONS: &[&str] = &["regular_job", "other_work", "moved", "stopped", "other"];
/// The workflow path of a package; `rejected` follows `submitted`.
const PACKAGE_PATH: &[&str] = &["draft", "submitted", "approved", "open", "filled", "closed"];

/// Binds per statement stay under SQLite's limit (32,766) and PostgreSQL's (65,535).
const MAX_BINDS: usize = 30_000;
/// Candidates (with their abilities, wishes and history) per transaction.
const CANDIDATES_PER_TRANSACTION: usize = 5_000;

/// Generates `sizes` from `seed` into `db`, which must be migrated and hold no municipality or account yet.
pub async fn generate(
    db: &DatabaseConnection,
    sizes: Sizes,
    seed: u64,
    progress: &mut dyn FnMut(&Progress),
) -> anyhow::Result<Report> {
    if municipalities::Entity::find().count(db).await? > 0 || users::Entity::find().count(db).await? > 0 {
        anyhow::bail!(
            "the database already holds municipalities or accounts; generated data goes only into a new, empty database"
        );
    }
    let started = Instant::now();
    let mut g = Generator {
        rng: StdRng::seed_from_u64(seed),
        base: Utc.with_ymd_and_hms(2025, 1, 6, 8, 0, 0).unwrap(),
        bsn: 0,
    };
    let password_hash = crate::auth::password::hash_password(PASSWORD)?;

    let step = Instant::now();
    let txn = db.begin().await?;
    let mut reference = g.reference(&txn, sizes).await?;
    let accounts = g.accounts(&txn, &mut reference, &password_hash).await?;
    txn.commit().await?;
    let hoods = reference.municipalities.len() * sizes.neighbourhoods_per_municipality;
    progress(&Progress {
        step: "municipalities, neighbourhoods, reference data, accounts",
        done: hoods,
        total: hoods,
        seconds: step.elapsed().as_secs_f64(),
    });

    let step = Instant::now();
    let organisations = g
        .organisations(db, &reference, sizes.organisations, &mut |done| {
            progress(&Progress {
                step: "organisations",
                done,
                total: sizes.organisations,
                seconds: step.elapsed().as_secs_f64(),
            })
        })
        .await?;

    let step = Instant::now();
    let mut done = 0;
    while done < sizes.candidates {
        let count = CANDIDATES_PER_TRANSACTION.min(sizes.candidates - done);
        let txn = db.begin().await?;
        g.candidates(&txn, &reference, count).await?;
        txn.commit().await?;
        done += count;
        progress(&Progress {
            step: "candidates",
            done,
            total: sizes.candidates,
            seconds: step.elapsed().as_secs_f64(),
        });
    }

    let step = Instant::now();
    g.packages(db, &reference, &organisations, sizes.packages, &mut |done| {
        progress(&Progress {
            step: "tasks and packages",
            done,
            total: sizes.packages,
            seconds: step.elapsed().as_secs_f64(),
        })
    })
    .await?;

    let step = Instant::now();
    let chosen = g.preferences(db, &reference).await?;
    progress(&Progress {
        step: "preferences of eligible candidates",
        done: chosen,
        total: chosen,
        seconds: step.elapsed().as_secs_f64(),
    });

    let step = Instant::now();
    let made = g
        .contracts(db, &reference, sizes.contracts, &mut |done| {
            progress(&Progress {
                step: "contracts with matches, versions and surveys",
                done,
                total: sizes.contracts,
                seconds: step.elapsed().as_secs_f64(),
            })
        })
        .await?;
    progress(&Progress {
        step: "contracts with matches, versions and surveys",
        done: made,
        total: sizes.contracts,
        seconds: step.elapsed().as_secs_f64(),
    });

    let step = Instant::now();
    let built = crate::monitoring::aggregates::rebuild(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    progress(&Progress {
        step: "the Werkkamer feed's monthly aggregates",
        done: built.people,
        total: built.people,
        seconds: step.elapsed().as_secs_f64(),
    });

    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // Fresh statistics and visibility map, so that the first queries get the plans they will keep.
        db.execute_unprepared("VACUUM ANALYZE").await?;
    } else {
        db.execute_unprepared("ANALYZE").await?;
    }

    let rows = vec![
        ("municipalities", municipalities::Entity::find().count(db).await?),
        ("neighbourhoods", neighbourhoods::Entity::find().count(db).await?),
        ("users", users::Entity::find().count(db).await?),
        ("organisations", organisations::Entity::find().count(db).await?),
        ("organisation_contacts", organisation_contacts::Entity::find().count(db).await?),
        ("candidates", candidates::Entity::find().count(db).await?),
        ("candidate_abilities", candidate_abilities::Entity::find().count(db).await?),
        ("candidate_wish_categories", candidate_wish_categories::Entity::find().count(db).await?),
        ("candidate_status_changes", candidate_status_changes::Entity::find().count(db).await?),
        ("tasks", tasks::Entity::find().count(db).await?),
        ("task_required_abilities", task_required_abilities::Entity::find().count(db).await?),
        ("task_packages", task_packages::Entity::find().count(db).await?),
        ("task_package_tasks", task_package_tasks::Entity::find().count(db).await?),
        ("task_package_status_changes", task_package_status_changes::Entity::find().count(db).await?),
        ("candidate_available_days", candidate_available_days::Entity::find().count(db).await?),
        ("candidate_physical_limitations", candidate_physical_limitations::Entity::find().count(db).await?),
        ("candidate_preferences", candidate_preferences::Entity::find().count(db).await?),
        ("task_schedule_slots", task_schedule_slots::Entity::find().count(db).await?),
        ("matches", matches::Entity::find().count(db).await?),
        ("contracts", contracts::Entity::find().count(db).await?),
        ("contract_versions", contract_versions::Entity::find().count(db).await?),
        ("employee_surveys", employee_surveys::Entity::find().count(db).await?),
        ("guidance_assignments", guidance_assignments::Entity::find().count(db).await?),
        ("guidance_check_ins", guidance_check_ins::Entity::find().count(db).await?),
        ("organisation_surveys", organisation_surveys::Entity::find().count(db).await?),
        ("monitoring_counts", crate::db::monitoring_counts::Entity::find().count(db).await?),
        ("monitoring_cost_days", crate::db::monitoring_cost_days::Entity::find().count(db).await?),
    ];
    Ok(Report { rows, seconds: started.elapsed().as_secs_f64(), accounts })
}

/// Inserts `rows` as multi-row statements of at most [`MAX_BINDS`] values each.
async fn insert_all<A>(db: &impl ConnectionTrait, rows: Vec<A>, columns: usize) -> Result<(), sea_orm::DbErr>
where
    A: ActiveModelTrait + Send,
{
    let per_statement = (MAX_BINDS / columns).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

struct Municipality {
    id: Uuid,
    code: String,
    /// (id, first 4-digit postcode, last 4-digit postcode)
    neighbourhoods: Vec<(Uuid, u16, u16)>,
    /// Share of the region's candidates and organisations.
    weight: f64,
}

struct Reference {
    municipalities: Vec<Municipality>,
    categories: Vec<Uuid>,
    abilities: Vec<Uuid>,
    /// For status history: (id, username) of the consultant of each municipality, same order.
    consultants: Vec<(Uuid, String)>,
    /// The job coach of each municipality, same order: the coach of its contracts' people.
    job_coaches: Vec<(Uuid, String)>,
    admin: (Uuid, String),
}

impl Reference {
    fn pick_municipality(&self, rng: &mut StdRng) -> usize {
        let total: f64 = self.municipalities.iter().map(|m| m.weight).sum();
        let mut point = rng.random::<f64>() * total;
        for (index, m) in self.municipalities.iter().enumerate() {
            point -= m.weight;
            if point < 0.0 {
                return index;
            }
        }
        self.municipalities.len() - 1
    }
}

/// One contract to generate: whose, where, from when, and when it ended (none: active).
struct ContractPlan {
    candidate: Uuid,
    municipality: Uuid,
    position: Uuid,
    package: Uuid,
    start: NaiveDate,
    ended: Option<NaiveDate>,
    /// The person's last contract before leaving the programme.
    exited: bool,
}

const SURVEY_COMMENTS: &[&str] = &[
    "",
    "Gaat goed, voelt zich thuis in het team.",
    "Wil graag meer uren.",
    "Reistijd valt zwaar.",
    "Meer contact met de buren dan vroeger.",
    "Rondkomen blijft lastig.",
];
const ORGANISATION_COMMENTS: &[&str] =
    &["", "Tevreden over de inzet.", "Bewoners merken het verschil.", "Begeleiding kost meer tijd dan gedacht."];

#[derive(Clone)]
struct GeneratedOrganisation {
    id: Uuid,
    municipality: usize,
    neighbourhoods: Vec<Uuid>,
    name: String,
}

struct Generator {
    rng: StdRng,
    /// The earliest moment in the generated history.
    base: DateTime<Utc>,
    /// The BSN counter.
    bsn: u32,
}

impl Generator {
    /// Up to five open packages of their municipality for each eligible candidate, best first, as staff
    /// recorded them; returns how many candidates chose.
    async fn preferences(&mut self, db: &DatabaseConnection, reference: &Reference) -> anyhow::Result<usize> {
        let open: Vec<(Uuid, Uuid)> = task_packages::Entity::find()
            .select_only()
            .columns([task_packages::Column::Id, task_packages::Column::MunicipalityId])
            .filter(task_packages::Column::Status.eq("open"))
            .into_tuple()
            .all(db)
            .await?;
        let eligible: Vec<(Uuid, Uuid)> = candidates::Entity::find()
            .select_only()
            .columns([candidates::Column::Id, candidates::Column::MunicipalityId])
            .filter(candidates::Column::Status.eq("eligible"))
            .into_tuple()
            .all(db)
            .await?;
        let (mut lists, mut rows) = (Vec::new(), Vec::new());
        for (candidate, municipality) in eligible {
            let own: Vec<Uuid> = open.iter().filter(|(_, m)| *m == municipality).map(|(p, _)| *p).collect();
            let count = self.rng.random_range(0..=5).min(own.len());
            if count == 0 {
                continue;
            }
            let mut chosen = self.some(&own, count);
            rand::seq::SliceRandom::shuffle(chosen.as_mut_slice(), &mut self.rng);
            let consultant = reference
                .municipalities
                .iter()
                .position(|m| m.id == municipality)
                .map(|i| reference.consultants[i].clone())
                .unwrap_or_else(|| reference.admin.clone());
            lists.push(candidate_preference_lists::ActiveModel {
                candidate_id: Set(candidate),
                recorded_by_id: Set(Some(consultant.0)),
                recorded_by_name: Set(Some(consultant.1)),
                recorded_at: Set(self.base + Duration::days(self.rng.random_range(300..600))),
                version: Set(1),
            });
            rows.extend(chosen.into_iter().enumerate().map(|(rank, package)| candidate_preferences::ActiveModel {
                candidate_id: Set(candidate),
                rank: Set(rank as i32 + 1),
                package_id: Set(package),
            }));
        }
        let chosen = lists.len();
        let txn = db.begin().await?;
        insert_all(&txn, lists, 5).await?;
        insert_all(&txn, rows, 3).await?;
        txn.commit().await?;
        Ok(chosen)
    }

    /// An instant up to `days` after the start of the generated history.
    fn moment(&mut self, days: i64) -> DateTime<Utc> {
        self.base + Duration::seconds(self.rng.random_range(0..days.max(1) * 86_400))
    }

    /// A UUIDv7 for `at` with random bits from the seeded RNG (so ids sort by time and repeat per seed).
    fn id(&mut self, at: DateTime<Utc>) -> Uuid {
        let random: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis().max(0) as u64, &random).into_uuid()
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items.choose(&mut self.rng).copied().unwrap_or_default()
    }

    /// `count` distinct items of `items` (fewer when there are fewer), in their order.
    fn some<T: Copy>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut picked = rand::seq::index::sample(&mut self.rng, items.len(), count.min(items.len())).into_vec();
        picked.sort_unstable();
        picked.into_iter().map(|i| items[i]).collect()
    }

    /// The next BSN that passes the 11-check, from a counter: unique within one run.
    fn next_bsn(&mut self) -> String {
        loop {
            self.bsn += 1;
            let body = 10_000_000 + self.bsn;
            let digits: Vec<u32> = format!("{body:08}").bytes().map(|b| u32::from(b - b'0')).collect();
            let check = digits.iter().zip([9, 8, 7, 6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum::<u32>() % 11;
            if check < 10 {
                return format!("{body:08}{check}");
            }
        }
    }

    fn phone(&mut self) -> String {
        format!("06-{:08}", self.rng.random_range(10_000_000..99_999_999u32))
    }

    async fn reference(&mut self, db: &impl ConnectionTrait, sizes: Sizes) -> anyhow::Result<Reference> {
        let created = self.base;
        let count = sizes.municipalities.clamp(1, MUNICIPALITIES.len());
        let per = sizes.neighbourhoods_per_municipality.clamp(1, NEIGHBOURHOODS.len());
        let mut rows = Vec::new();
        let mut hood_rows = Vec::new();
        let mut list = Vec::new();
        for (index, name) in MUNICIPALITIES.iter().take(count).enumerate() {
            let id = self.id(created);
            let code = format!("GM9{:03}", index + 1);
            rows.push(municipalities::ActiveModel {
                id: Set(id),
                name: Set((*name).into()),
                code: Set(code.clone()),
                created_at: Set(created),
            });
            // 4-digit postcode areas of their own per municipality: 500 numbers each, 40 per neighbourhood.
            let first = 1_000 + (index as u16) * 500;
            let mut neighbourhoods = Vec::new();
            for (k, hood) in NEIGHBOURHOODS.iter().take(per).enumerate() {
                let from = first + (k as u16) * 40;
                let to = from + self.rng.random_range(5..40);
                let hood_id = self.id(created);
                hood_rows.push(neighbourhoods::ActiveModel {
                    id: Set(hood_id),
                    municipality_id: Set(id),
                    name: Set(format!("{name}-{hood}")),
                    postcode_ranges: Set(format!("{from}-{to}")),
                    created_at: Set(created),
                    updated_at: Set(created),
                    version: Set(1),
                });
                neighbourhoods.push((hood_id, from, to));
            }
            // A few large municipalities and many smaller ones, as in the country.
            list.push(Municipality { id, code, neighbourhoods, weight: 1.0 / (index as f64 + 1.0) });
        }
        insert_all(db, rows, 4).await?;
        insert_all(db, hood_rows, 7).await?;
        // Neighbourhoods border the next one in their municipality's list (postcode areas run in a line).
        let mut borders = Vec::new();
        for municipality in &list {
            for pair in municipality.neighbourhoods.windows(2) {
                let (a, b) = (pair[0].0, pair[1].0);
                for (from, to) in [(a, b), (b, a)] {
                    borders.push(neighbourhood_adjacencies::ActiveModel {
                        neighbourhood_id: Set(from),
                        adjacent_id: Set(to),
                    });
                }
            }
        }
        insert_all(db, borders, 2).await?;

        let mut categories = Vec::new();
        let mut category_rows = Vec::new();
        for (name, description) in TASK_CATEGORIES {
            let id = self.id(created);
            categories.push(id);
            category_rows.push(task_categories::ActiveModel {
                id: Set(id),
                name: Set((*name).into()),
                description: Set((*description).into()),
                active: Set(true),
                created_at: Set(created),
                updated_at: Set(created),
                version: Set(1),
            });
        }
        insert_all(db, category_rows, 7).await?;
        let mut abilities_list = Vec::new();
        let mut ability_rows = Vec::new();
        for name in ABILITIES {
            let id = self.id(created);
            abilities_list.push(id);
            ability_rows.push(abilities::ActiveModel {
                id: Set(id),
                name: Set((*name).into()),
                description: Set(String::new()),
                active: Set(true),
                created_at: Set(created),
                updated_at: Set(created),
                version: Set(1),
            });
        }
        insert_all(db, ability_rows, 7).await?;
        Ok(Reference {
            municipalities: list,
            categories,
            abilities: abilities_list,
            consultants: Vec::new(),
            job_coaches: Vec::new(),
            admin: (Uuid::nil(), String::new()),
        })
    }

    /// A regional admin (`admin`, every municipality) and a consultant per municipality (`consulent-gm9001`, ...).
    async fn accounts(
        &mut self,
        db: &impl ConnectionTrait,
        reference: &mut Reference,
        password_hash: &str,
    ) -> anyhow::Result<Vec<String>> {
        let created = self.base;
        let mut rows = Vec::new();
        let mut names = Vec::new();
        let mut account = |g: &mut Self, username: String, display: String, role: Role, municipality: Option<Uuid>| {
            let id = g.id(created);
            rows.push(users::ActiveModel {
                id: Set(id),
                username: Set(username.clone()),
                display_name: Set(display),
                password_hash: Set(password_hash.to_owned()),
                role: Set(role.as_str().to_owned()),
                organisation_id: Set(None),
                disabled: Set(false),
                created_at: Set(created),
                updated_at: Set(created),
                last_login_at: Set(None),
                version: Set(1),
                municipality_id: Set(municipality),
                session_generation: Set(0),
                must_change_password: Set(false),
            });
            names.push(username.clone());
            (id, username)
        };
        let admin = account(self, "admin".into(), "Regiobeheerder".into(), Role::Admin, None);
        let mut consultants = Vec::new();
        for m in &reference.municipalities {
            let username = format!("consulent-{}", m.code.to_lowercase());
            consultants.push(account(self, username, format!("Consulent {}", m.code), Role::Consultant, Some(m.id)));
        }
        let mut job_coaches = Vec::new();
        for m in &reference.municipalities {
            let username = format!("jobcoach-{}", m.code.to_lowercase());
            job_coaches.push(account(self, username, format!("Jobcoach {}", m.code), Role::JobCoach, Some(m.id)));
        }
        insert_all(db, rows, 13).await?;
        reference.admin = admin;
        reference.consultants = consultants;
        reference.job_coaches = job_coaches;
        Ok(names)
    }

    async fn organisations(
        &mut self,
        db: &DatabaseConnection,
        reference: &Reference,
        count: usize,
        progress: &mut dyn FnMut(usize),
    ) -> anyhow::Result<Vec<GeneratedOrganisation>> {
        let mut all = Vec::with_capacity(count);
        let mut done = 0;
        while done < count {
            let batch = 5_000.min(count - done);
            let (mut rows, mut links, mut contacts) = (Vec::new(), Vec::new(), Vec::new());
            for n in done..done + batch {
                let municipality = reference.pick_municipality(&mut self.rng);
                let m = &reference.municipalities[municipality];
                let created = self.moment(400);
                let id = self.id(created);
                let kind = self.pick(ORGANISATION_KINDS);
                let name = format!("{kind} {} {}", self.pick(ORGANISATION_NAMES), MUNICIPALITIES[municipality]);
                // Unique names: the number keeps organisations with the same words apart.
                let name = format!("{name} {}", n + 1);
                let roles = match self.rng.random_range(0..10) {
                    0 => "guidance_provider",
                    1 => "employer",
                    2 => "work_provider,guidance_provider",
                    _ => "work_provider",
                };
                let contribution =
                    roles.contains("work_provider").then(|| Decimal::new(self.rng.random_range(20..=60) * 10_000, 2));
                rows.push(organisations::ActiveModel {
                    id: Set(id),
                    name: Set(name.clone()),
                    // Fictional 8-digit numbers from one counter, so unique.
                    kvk_number: Set(format!("{:08}", 90_000_000 + n)),
                    roles: Set(roles.into()),
                    created_at: Set(created),
                    updated_at: Set(created),
                    version: Set(1),
                    description: Set(format!(
                        "{kind} in {} die werk met maatschappelijke waarde biedt.",
                        MUNICIPALITIES[municipality]
                    )),
                    contribution_per_position: Set(contribution),
                });
                let hood_ids: Vec<Uuid> = m.neighbourhoods.iter().map(|h| h.0).collect();
                let count = self.rng.random_range(1..=3);
                let hoods = self.some(&hood_ids, count);
                for hood in &hoods {
                    links.push(organisation_neighbourhoods::ActiveModel {
                        organisation_id: Set(id),
                        neighbourhood_id: Set(*hood),
                    });
                }
                for position in 0..self.rng.random_range(1..=2) {
                    let first = self.pick(FIRST_NAMES);
                    let last = self.pick(LAST_NAMES);
                    contacts.push(organisation_contacts::ActiveModel {
                        id: Set(self.id(created)),
                        organisation_id: Set(id),
                        name: Set(format!("{first} {last}")),
                        role: Set(if position == 0 { "Coördinator".into() } else { "Werkbegeleider".into() }),
                        email: Set(format!("contact{}.{position}@example.org", n + 1)),
                        phone: Set(self.phone()),
                        position: Set(position),
                    });
                }
                if roles.contains("work_provider") {
                    all.push(GeneratedOrganisation { id, municipality, neighbourhoods: hoods, name });
                }
            }
            let txn = db.begin().await?;
            insert_all(&txn, rows, 9).await?;
            insert_all(&txn, links, 2).await?;
            insert_all(&txn, contacts, 7).await?;
            txn.commit().await?;
            done += batch;
            progress(done);
        }
        Ok(all)
    }

    async fn candidates(
        &mut self,
        db: &impl ConnectionTrait,
        reference: &Reference,
        count: usize,
    ) -> anyhow::Result<()> {
        let (mut rows, mut skills, mut wishes, mut history) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut day_rows, mut limitation_rows) = (Vec::new(), Vec::new());
        // Candidates per (municipality, status), for the list counters in the same transaction.
        let mut counted: Vec<(Uuid, &str, i64)> = Vec::new();
        for _ in 0..count {
            let municipality = reference.pick_municipality(&mut self.rng);
            let m = &reference.municipalities[municipality];
            let (hood, from, to) = *m.neighbourhoods.choose(&mut self.rng).expect("neighbourhoods");
            let letters: String = loop {
                let pair: String = (0..2).map(|_| char::from(self.rng.random_range(b'A'..=b'Z'))).collect();
                if !["SA", "SD", "SS"].contains(&pair.as_str()) {
                    break pair;
                }
            };
            let postcode = format!("{} {letters}", self.rng.random_range(from..=to));
            let created = self.moment(600);
            let id = self.id(created);
            let first = self.pick(FIRST_NAMES).to_owned();
            let last = self.pick(LAST_NAMES).to_owned();
            let birth =
                NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + Duration::days(self.rng.random_range(0..45 * 365));
            let source = match self.rng.random_range(0..100) {
                0..70 => "participatiewet",
                70..82 => "wajong",
                82..90 => "wsw",
                _ => "other",
            };
            let benefit = match source {
                "participatiewet" => Some("bijstand"),
                "wajong" => Some("wajong"),
                _ => ["ww", "wia", "none", "other"].choose(&mut self.rng).copied(),
            };
            let amount =
                benefit.filter(|b| *b != "none").map(|_| Decimal::new(self.rng.random_range(80_000..140_000), 2));
            let day_count = self.rng.random_range(2..=5);
            let days = self.some(DAYS, day_count);
            let limit_count = [0, 0, 0, 1, 1, 2].choose(&mut self.rng).copied().unwrap_or(0);
            let limitations = self.some(PHYSICAL_DEMANDS, limit_count);
            let wage = self.rng.random_bool(0.6).then(|| self.rng.random_range(30..=90));
            let expected = self.rng.random_bool(0.7).then(|| self.rng.random_range(40..=90));
            // How far along the path, then whether they left.
            let reached = *[0, 0, 1, 1, 2, 2, 2, 2, 2, 3, 3, 4, 4, 5, 5].choose(&mut self.rng).unwrap_or(&0);
            let exited = self.rng.random_bool(0.1);
            let status = if exited { "exited" } else { CANDIDATE_PATH[reached] };
            let exit_reason = exited.then(|| self.pick(EXIT_REASONS).to_owned());
            let consultant = &reference.consultants[municipality];
            let mut at = created;
            let mut from_status: Option<&str> = None;
            let steps: Vec<&str> =
                CANDIDATE_PATH[..=reached].iter().copied().chain(exited.then_some("exited")).collect();
            for to_status in &steps {
                history.push(candidate_status_changes::ActiveModel {
                    id: Set(self.id(at)),
                    candidate_id: Set(id),
                    from_status: Set(from_status.map(str::to_owned)),
                    to_status: Set((*to_status).to_owned()),
                    reason: Set(if from_status.is_none() {
                        "Aangemeld".into()
                    } else {
                        "Na gesprek met de consulent".into()
                    }),
                    exit_reason: Set(if *to_status == "exited" { exit_reason.clone() } else { None }),
                    changed_by_id: Set(Some(consultant.0)),
                    changed_by_name: Set(Some(consultant.1.clone())),
                    changed_at: Set(at),
                });
                from_status = Some(*to_status);
                at += Duration::seconds(self.rng.random_range(86_400..30 * 86_400));
            }
            let updated = at - Duration::days(1);
            counted.push((m.id, status, 1));
            rows.push(candidates::ActiveModel {
                id: Set(id),
                municipality_id: Set(m.id),
                search_name: Set(shared::text::fold(&format!("{first} {last}"))),
                sort_name: Set(shared::text::sort_name(&last, &first)),
                email: Set(format!("{}.{}@example.org", first.to_lowercase(), self.bsn + 1)),
                first_name: Set(first),
                last_name: Set(last),
                date_of_birth: Set(Some(birth)),
                bsn: Set(Some(self.next_bsn())),
                phone: Set(self.phone()),
                postcode: Set(postcode),
                house_number: Set(self.rng.random_range(1..=250).to_string()),
                neighbourhood_id: Set(Some(hood)),
                source: Set(source.into()),
                target_group_register: Set(self.rng.random_bool(0.4)),
                benefit_kind: Set(benefit.map(str::to_owned)),
                benefit_monthly_amount: Set(amount),
                regular_work_evidence: Set(if reached >= 2 {
                    "Twee jaar geen regulier werk gevonden ondanks ondersteuning".into()
                } else {
                    String::new()
                }),
                available_hours: Set(Some(self.rng.random_range(2..=8) * 4)),
                wished_hours_per_week: Set(None),
                available_days_mask: Set(shared::matching::day_mask(days.iter().filter_map(|d| Weekday::parse(d)))),
                limitations_mask: Set(shared::matching::demand_mask(
                    limitations.iter().filter_map(|l| PhysicalDemand::parse(l)),
                )),
                // Confirmed with the person at the last step of their path, by the municipality's consultant.
                availability_confirmed_at: Set(Some(updated.max(created))),
                availability_confirmed_by_id: Set(Some(consultant.0)),
                availability_confirmed_by_name: Set(Some(consultant.1.clone())),
                limitation_notes: Set(if limitations.is_empty() {
                    String::new()
                } else {
                    "Besproken bij de intake".into()
                }),
                wish_neighbourhood_id: Set(self.rng.random_bool(0.3).then_some(hood)),
                dream_job: Set(self.pick(DREAM_JOBS).into()),
                wage_value_pct: Set(wage),
                expected_wage_value_pct: Set(expected),
                status: Set(status.into()),
                exit_reason: Set(exit_reason),
                created_at: Set(created),
                updated_at: Set(updated.max(created)),
                erased_at: Set(None),
                version: Set(steps.len() as i32),
                merged_into_id: Set(None),
                merged_at: Set(None),
            });
            day_rows.extend(
                days.iter().map(|d| candidate_available_days::ActiveModel {
                    candidate_id: Set(id),
                    day: Set((*d).to_owned()),
                }),
            );
            limitation_rows.extend(limitations.iter().map(|l| candidate_physical_limitations::ActiveModel {
                candidate_id: Set(id),
                limitation: Set((*l).to_owned()),
            }));
            let skill_count = self.rng.random_range(1..=4);
            for ability in self.some(&reference.abilities, skill_count) {
                skills.push(candidate_abilities::ActiveModel {
                    candidate_id: Set(id),
                    ability_id: Set(ability),
                    level: Set(self.rng.random_range(1..=4)),
                });
            }
            let wish_count = self.rng.random_range(1..=3);
            for category in self.some(&reference.categories, wish_count) {
                wishes.push(candidate_wish_categories::ActiveModel {
                    candidate_id: Set(id),
                    task_category_id: Set(category),
                });
            }
        }
        insert_all(db, rows, 33).await?;
        crate::registration::counts::add(db, &counted).await?;
        insert_all(db, skills, 3).await?;
        insert_all(db, day_rows, 2).await?;
        insert_all(db, limitation_rows, 2).await?;
        insert_all(db, wishes, 2).await?;
        insert_all(db, history, 9).await?;
        Ok(())
    }

    async fn packages(
        &mut self,
        db: &DatabaseConnection,
        reference: &Reference,
        providers: &[GeneratedOrganisation],
        count: usize,
        progress: &mut dyn FnMut(usize),
    ) -> anyhow::Result<()> {
        if providers.is_empty() {
            return Ok(());
        }
        let mut done = 0;
        while done < count {
            let batch = 5_000.min(count - done);
            let (mut demand_rows, mut slot_rows) = (Vec::new(), Vec::new());
            let mut position_rows = Vec::new();
            let (mut task_rows, mut required, mut package_rows, mut members, mut history) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for _ in 0..batch {
                let organisation = providers.choose(&mut self.rng).expect("providers").clone();
                let municipality = reference.municipalities[organisation.municipality].id;
                let created = self.moment(500);
                let package_id = self.id(created);
                // One task of 32 hours, or two that add up to 32 on different days (the norm).
                let split = self.rng.random_bool(0.5);
                let hours: Vec<i32> = if split {
                    let first = [8, 12, 16, 20, 24].choose(&mut self.rng).copied().unwrap_or(16);
                    vec![first, 32 - first]
                } else {
                    vec![32]
                };
                let part = self.pick(&["morning", "afternoon"]);
                let mut titles = Vec::new();
                for (position, task_hours) in hours.iter().enumerate() {
                    let category = self.rng.random_range(0..reference.categories.len());
                    let title = self.pick(TASK_TITLES[category % TASK_TITLES.len()]);
                    titles.push(title);
                    // Days of their own per task, so that a package's tasks never overlap.
                    let days: &[&str] = match (split, position) {
                        (false, _) => &["mon", "tue", "wed", "thu"],
                        (true, 0) => &["mon", "tue"],
                        (true, _) => &["wed", "thu"],
                    };
                    let task_id = self.id(created);
                    let demand_count = self.rng.random_range(0..=2);
                    let demands = self.some(PHYSICAL_DEMANDS, demand_count);
                    demand_rows.extend(demands.iter().map(|d| task_physical_demands::ActiveModel {
                        task_id: Set(task_id),
                        demand: Set((*d).to_owned()),
                    }));
                    slot_rows.extend(days.iter().map(|d| task_schedule_slots::ActiveModel {
                        task_id: Set(task_id),
                        day: Set((*d).to_owned()),
                        part: Set((*part).to_owned()),
                    }));
                    let hood = *organisation.neighbourhoods.choose(&mut self.rng).expect("neighbourhoods");
                    task_rows.push(tasks::ActiveModel {
                        id: Set(task_id),
                        municipality_id: Set(municipality),
                        organisation_id: Set(organisation.id),
                        neighbourhood_id: Set(hood),
                        session_id: Set(None),
                        category_id: Set(reference.categories[category]),
                        title: Set(title.into()),
                        description: Set(format!("{title} bij {}.", organisation.name)),
                        location: Set(format!("Locatie {}", organisation.name)),
                        hours_per_week: Set(*task_hours),
                        supervision: Set("Een vaste werkbegeleider op de werkvloer".into()),
                        social_value: Set("Een schonere, vriendelijkere wijk voor de bewoners".into()),
                        active: Set(true),
                        created_at: Set(created),
                        updated_at: Set(created),
                        version: Set(1),
                    });
                    let ability_count = self.rng.random_range(0..=2);
                    for ability in self.some(&reference.abilities, ability_count) {
                        required.push(task_required_abilities::ActiveModel {
                            task_id: Set(task_id),
                            ability_id: Set(ability),
                            min_level: Set(self.rng.random_range(1..=3)),
                        });
                    }
                    members.push(task_package_tasks::ActiveModel {
                        package_id: Set(package_id),
                        task_id: Set(task_id),
                        position: Set(position as i32),
                    });
                }
                let reached = *[0, 1, 2, 3, 3, 3, 3, 4, 4, 5].choose(&mut self.rng).unwrap_or(&0);
                let rejected = reached == 1 && self.rng.random_bool(0.4);
                let steps: Vec<&str> =
                    PACKAGE_PATH[..=reached].iter().copied().chain(rejected.then_some("rejected")).collect();
                let mut at = created;
                let mut from_status: Option<&str> = None;
                for to_status in &steps {
                    let (changer, role) = match *to_status {
                        "draft" | "submitted" => ((None, format!("contact {}", organisation.name)), "partner"),
                        _ => ((Some(reference.admin.0), reference.admin.1.clone()), "admin"),
                    };
                    history.push(task_package_status_changes::ActiveModel {
                        id: Set(self.id(at)),
                        package_id: Set(package_id),
                        from_status: Set(from_status.map(str::to_owned)),
                        to_status: Set((*to_status).to_owned()),
                        reason: Set(if *to_status == "rejected" {
                            "Te weinig begeleiding beschreven".into()
                        } else {
                            String::new()
                        }),
                        changed_by_id: Set(changer.0),
                        changed_by_name: Set(Some(changer.1)),
                        changed_by_role: Set(Some(role.into())),
                        changed_at: Set(at),
                    });
                    from_status = Some(*to_status);
                    at += Duration::seconds(self.rng.random_range(3_600..14 * 86_400));
                }
                let status = *steps.last().unwrap_or(&"draft");
                let positions = self.rng.random_range(1..=4);
                // A package's positions are rows from the day it opens (what rounds and placements take).
                if steps.contains(&"open") {
                    position_rows.extend((1..=positions).map(|number| package_positions::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        package_id: Set(package_id),
                        number: Set(number),
                    }));
                }
                let mentor = format!("{} {}", self.pick(FIRST_NAMES), self.pick(LAST_NAMES));
                package_rows.push(task_packages::ActiveModel {
                    id: Set(package_id),
                    municipality_id: Set(municipality),
                    organisation_id: Set(organisation.id),
                    title: Set(titles.join(" en ")),
                    description: Set(format!("Een basisbaan bij {}.", organisation.name)),
                    positions: Set(positions),
                    start_date: Set(Some((created + Duration::days(self.rng.random_range(30..120))).date_naive())),
                    hours_per_week: Set(32),
                    mentor_name: Set(mentor),
                    mentor_email: Set(format!("werkbegeleider.{}@example.org", package_rows.len() + done + 1)),
                    mentor_phone: Set(self.phone()),
                    status: Set(status.into()),
                    rejection_reason: Set(if status == "rejected" {
                        "Te weinig begeleiding beschreven".into()
                    } else {
                        String::new()
                    }),
                    created_at: Set(created),
                    updated_at: Set(at - Duration::hours(1)),
                    version: Set(steps.len() as i32),
                });
            }
            let txn = db.begin().await?;
            insert_all(&txn, task_rows, 16).await?;
            insert_all(&txn, required, 3).await?;
            insert_all(&txn, demand_rows, 2).await?;
            insert_all(&txn, slot_rows, 3).await?;
            insert_all(&txn, package_rows, 16).await?;
            insert_all(&txn, position_rows, 3).await?;
            insert_all(&txn, members, 3).await?;
            insert_all(&txn, history, 9).await?;
            txn.commit().await?;
            done += batch;
            progress(done);
        }
        Ok(())
    }

    /// Contracts of placements (issue 12): an active one for each `employed` candidate while free positions
    /// of open or filled packages of its municipality last, then ended ones (earlier contracts of employed
    /// and exited people, one before the other) up to `count`, each with its match (`contracted`, released
    /// when the contract ended), its versions (drawn up, signed, active, ended) and the employee's surveys
    /// every three months while it ran; then the organisations' surveys every six months from their
    /// earliest running placement. Dates end at [`Generator::reference_day`].
    async fn contracts(
        &mut self,
        db: &DatabaseConnection,
        reference: &Reference,
        count: usize,
        progress: &mut dyn FnMut(usize),
    ) -> anyhow::Result<usize> {
        use std::collections::{HashMap, HashSet};
        let today = self.reference_day();
        let packages: HashMap<Uuid, (Uuid, Uuid, String)> = task_packages::Entity::find()
            .filter(task_packages::Column::Status.is_in(["open", "filled", "closed"]))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, (p.municipality_id, p.organisation_id, p.status)))
            .collect();
        let mut positions = package_positions::Entity::find().all(db).await?;
        positions.sort_by_key(|p| (p.package_id, p.number));
        // Per municipality: the positions of live packages (for active contracts) and of every opened one.
        let mut live: HashMap<Uuid, Vec<(Uuid, Uuid)>> = HashMap::new();
        let mut any: HashMap<Uuid, Vec<(Uuid, Uuid)>> = HashMap::new();
        for p in &positions {
            let Some((municipality, _, status)) = packages.get(&p.package_id) else { continue };
            any.entry(*municipality).or_default().push((p.id, p.package_id));
            if status != "closed" {
                live.entry(*municipality).or_default().push((p.id, p.package_id));
            }
        }
        let people: Vec<(Uuid, Uuid, String)> = candidates::Entity::find()
            .filter(candidates::Column::Status.is_in(["employed", "exited"]))
            .order_by_asc(candidates::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.municipality_id, c.status))
            .collect();
        let coach_of: HashMap<Uuid, (Uuid, String)> =
            reference.municipalities.iter().map(|m| m.id).zip(reference.job_coaches.iter().cloned()).collect();
        let consultant_of: HashMap<Uuid, (Uuid, String)> =
            reference.municipalities.iter().map(|m| m.id).zip(reference.consultants.iter().cloned()).collect();

        // (candidate, municipality, position, package, start, end date, ended on, end reason)
        let mut plans: Vec<ContractPlan> = Vec::new();
        let mut taken: HashSet<Uuid> = HashSet::new();
        let mut pairs: HashSet<(Uuid, Uuid)> = HashSet::new();
        // The first day of each person's earliest contract so far: an earlier one ends before it.
        let mut earliest: HashMap<Uuid, NaiveDate> = HashMap::new();
        for (candidate, municipality, status) in &people {
            if plans.len() >= count || status != "employed" {
                continue;
            }
            let Some(free) = live.get_mut(municipality) else { continue };
            if free.is_empty() {
                continue;
            }
            let (position, package) = free.swap_remove(self.rng.random_range(0..free.len()));
            taken.insert(position);
            pairs.insert((*candidate, package));
            let start = today - Duration::days(self.rng.random_range(10..480));
            earliest.insert(*candidate, start);
            plans.push(ContractPlan {
                candidate: *candidate,
                municipality: *municipality,
                position,
                package,
                start,
                ended: None,
                exited: false,
            });
        }
        let first_day = self.base.date_naive();
        let mut attempts = 0usize;
        let mut turn = 0usize;
        while plans.len() < count && !people.is_empty() && attempts < count.saturating_mul(4) {
            attempts += 1;
            let (candidate, municipality, status) = &people[turn % people.len()];
            turn += 1;
            let Some(options) = any.get(municipality).filter(|o| !o.is_empty()) else { continue };
            let (position, package) = options[self.rng.random_range(0..options.len())];
            if !pairs.insert((*candidate, package)) {
                continue;
            }
            let before = earliest.get(candidate).copied().unwrap_or(today);
            let ended = before - Duration::days(self.rng.random_range(1..60));
            let start = ended - Duration::days(self.rng.random_range(60..364));
            if start < first_day {
                continue;
            }
            // An exited person's last contract ended with the reason of the exit.
            let exited = status == "exited" && !earliest.contains_key(candidate);
            earliest.insert(*candidate, start);
            plans.push(ContractPlan {
                candidate: *candidate,
                municipality: *municipality,
                position,
                package,
                start,
                ended: Some(ended),
                exited,
            });
        }

        let mut organisation_start: HashMap<Uuid, NaiveDate> = HashMap::new();
        let mut done = 0;
        for chunk in plans.chunks(5_000) {
            let (mut match_rows, mut contract_rows, mut version_rows, mut survey_rows) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let (mut assignment_rows, mut check_in_rows, mut domain_rows) = (Vec::new(), Vec::new(), Vec::new());
            for plan in chunk {
                let Some((_, organisation, _)) = packages.get(&plan.package) else { continue };
                let consultant =
                    consultant_of.get(&plan.municipality).cloned().unwrap_or_else(|| reference.admin.clone());
                if plan.ended.is_none() {
                    let first = organisation_start.entry(*organisation).or_insert(plan.start);
                    *first = (*first).min(plan.start);
                }
                let noon = |day: NaiveDate| Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap_or_default());
                let drawn_up = noon(plan.start - Duration::days(self.rng.random_range(7..30)));
                let signed = drawn_up + Duration::hours(self.rng.random_range(2..72));
                let started = noon(plan.start);
                let hours: i16 = *[32, 32, 32, 32, 28, 24].choose(&mut self.rng).unwrap_or(&32);
                let hours_reason = (hours != 32).then(|| self.pick(&["wish", "ability"]).to_owned());
                let end_date = plan.start + Duration::days(364);
                // A contract that runs past its first year was made structural.
                let (kind, end_date) = match plan.ended {
                    None if end_date < today => ("structural", None),
                    _ => ("temporary", Some(end_date)),
                };
                let wage = Decimal::new(self.rng.random_range(1_420..1_650), 2);
                let end_reason = plan.ended.map(|_| {
                    if plan.exited { self.pick(&["regular_job", "other_work", "moved", "stopped"]) } else { "other" }
                });
                let match_id = self.id(drawn_up - Duration::days(60));
                let contract_id = self.id(drawn_up);
                let last_change = plan.ended.map(noon).unwrap_or(started);
                match_rows.push(matches::ActiveModel {
                    id: Set(match_id),
                    candidate_id: Set(plan.candidate),
                    package_id: Set(plan.package),
                    position_id: Set(Some(plan.position)),
                    round_id: Set(None),
                    stage: Set("contracted".into()),
                    score: Set(Some(self.rng.random_range(55..96))),
                    declined_by: Set(None),
                    decline_reason: Set(String::new()),
                    trial_start_date: Set(Some(plan.start - Duration::days(42))),
                    trial_end_date: Set(Some(plan.start - Duration::days(14))),
                    created_at: Set(drawn_up - Duration::days(60)),
                    updated_at: Set(signed),
                    version: Set(6),
                    released_at: Set(plan.ended.map(noon)),
                });
                let steps: Vec<(&str, DateTime<Utc>, &str)> = [
                    Some(("draft", drawn_up, "Opgesteld uit de match")),
                    Some(("signed", signed, "")),
                    Some(("active", started, "")),
                    plan.ended.map(|d| ("ended", noon(d), "")),
                ]
                .into_iter()
                .flatten()
                .collect();
                let status = steps.last().map(|s| s.0).unwrap_or("draft");
                for (version, (step, at, reason)) in steps.iter().enumerate() {
                    let last = *step == "ended";
                    version_rows.push(contract_versions::ActiveModel {
                        id: Set(self.id(*at)),
                        contract_id: Set(contract_id),
                        candidate_id: Set(plan.candidate),
                        version: Set(version as i32 + 1),
                        status: Set((*step).to_owned()),
                        kind: Set(kind.into()),
                        start_date: Set(plan.start),
                        end_date: Set(end_date),
                        hours_per_week: Set(hours),
                        hours_reason: Set(hours_reason.clone()),
                        collective_agreement: Set(shared::contracts::DEFAULT_COLLECTIVE_AGREEMENT.into()),
                        pay_scale: Set("Schaal 2".into()),
                        hourly_wage: Set(wage),
                        trial_period_months: Set(1),
                        end_reason: Set(if last { end_reason.map(str::to_owned) } else { None }),
                        ended_on: Set(if last { plan.ended } else { None }),
                        reason: Set((*reason).to_owned()),
                        changed_by_id: Set(Some(consultant.0)),
                        changed_by_name: Set(Some(consultant.1.clone())),
                        actor_kind: Set("staff".into()),
                        changed_at: Set(*at),
                    });
                }
                contract_rows.push(contracts::ActiveModel {
                    id: Set(contract_id),
                    candidate_id: Set(plan.candidate),
                    organisation_id: Set(*organisation),
                    package_id: Set(plan.package),
                    match_id: Set(match_id),
                    municipality_id: Set(plan.municipality),
                    status: Set(status.into()),
                    kind: Set(kind.into()),
                    start_date: Set(plan.start),
                    end_date: Set(end_date),
                    hours_per_week: Set(hours),
                    hours_reason: Set(hours_reason.clone()),
                    collective_agreement: Set(shared::contracts::DEFAULT_COLLECTIVE_AGREEMENT.into()),
                    pay_scale: Set("Schaal 2".into()),
                    hourly_wage: Set(wage),
                    trial_period_months: Set(1),
                    end_reason: Set(end_reason.map(str::to_owned)),
                    ended_on: Set(plan.ended),
                    actor_kind: Set("staff".into()),
                    created_at: Set(drawn_up),
                    updated_at: Set(last_change),
                    version: Set(steps.len() as i32),
                });
                // The employee's surveys: at most 14 days before each due date while the contract ran.
                let until = plan.ended.unwrap_or(today);
                // Guidance: the municipality's job coach from the first day, and a check-in every one to
                // two weeks while the contract ran, on one or two domains of the integral view.
                let coach = coach_of.get(&plan.municipality).cloned().unwrap_or_else(|| reference.admin.clone());
                assignment_rows.push(guidance_assignments::ActiveModel {
                    id: Set(self.id(started)),
                    candidate_id: Set(plan.candidate),
                    kind: Set(shared::guidance::AssignmentKind::Coach.as_str().into()),
                    from_date: Set(plan.start),
                    until_date: Set(plan.ended),
                    coach_user_id: Set(Some(coach.0)),
                    guidance_organisation_id: Set(None),
                    organisation_id: Set(None),
                    mentor_name: Set(String::new()),
                    mentor_contact: Set(String::new()),
                    assigned_by_id: Set(Some(consultant.0)),
                    assigned_by_name: Set(Some(consultant.1.clone())),
                    created_at: Set(started),
                    end_reason: Set(String::new()),
                    ended_by_id: Set(None),
                    ended_at: Set(plan.ended.map(noon)),
                });
                let mut held = plan.start + Duration::days(self.rng.random_range(7..=21));
                while held <= until {
                    let id = self.id(noon(held));
                    let domain_count = self.rng.random_range(1..=2);
                    let domains = self.some(CHECK_IN_DOMAINS, domain_count);
                    check_in_rows.push(guidance_check_ins::ActiveModel {
                        id: Set(id),
                        candidate_id: Set(plan.candidate),
                        held_on: Set(held),
                        note: Set(self.pick(CHECK_IN_NOTES).to_owned()),
                        author_id: Set(Some(coach.0)),
                        author_name: Set(Some(coach.1.clone())),
                        created_at: Set(noon(held)),
                    });
                    domain_rows.extend(domains.iter().map(|d| guidance_check_in_domains::ActiveModel {
                        check_in_id: Set(id),
                        domain: Set((*d).to_owned()),
                        candidate_id: Set(plan.candidate),
                    }));
                    held += Duration::days(self.rng.random_range(6..=13));
                }
                let mut k = 1;
                while let Some(due) =
                    shared::surveys::due_date(plan.start, shared::surveys::EMPLOYEE_INTERVAL_MONTHS, k)
                {
                    if due > until {
                        break;
                    }
                    k += 1;
                    if self.rng.random_bool(0.2) {
                        continue;
                    }
                    let on = due - Duration::days(self.rng.random_range(0..=shared::surveys::EARLY_DAYS));
                    let mut score = || self.rng.random_range(4..=10i16);
                    let (wellbeing, income, work, social) = (score(), score(), score(), score());
                    survey_rows.push(employee_surveys::ActiveModel {
                        id: Set(self.id(noon(on))),
                        contract_id: Set(contract_id),
                        candidate_id: Set(plan.candidate),
                        organisation_id: Set(*organisation),
                        surveyed_on: Set(on),
                        wellbeing: Set(wellbeing),
                        income: Set(income),
                        work: Set(work),
                        social_contacts: Set(social),
                        comment: Set(self.pick(SURVEY_COMMENTS).to_owned()),
                        entered_by_id: Set(Some(consultant.0)),
                        entered_by_name: Set(Some(consultant.1.clone())),
                        actor_kind: Set("staff".into()),
                        created_at: Set(noon(on)),
                    });
                }
            }
            let txn = db.begin().await?;
            insert_all(&txn, match_rows, 15).await?;
            insert_all(&txn, contract_rows, 24).await?;
            insert_all(&txn, version_rows, 21).await?;
            insert_all(&txn, survey_rows, 14).await?;
            insert_all(&txn, assignment_rows, 16).await?;
            insert_all(&txn, check_in_rows, 7).await?;
            insert_all(&txn, domain_rows, 3).await?;
            txn.commit().await?;
            done += chunk.len();
            progress(done);
        }

        // The organisations' surveys: every six months from their earliest running placement.
        let mut organisations: Vec<(Uuid, NaiveDate)> = organisation_start.into_iter().collect();
        organisations.sort();
        let mut rows = Vec::new();
        for (organisation, start) in organisations {
            let mut k = 1;
            while let Some(due) = shared::surveys::due_date(start, shared::surveys::ORGANISATION_INTERVAL_MONTHS, k) {
                if due > today {
                    break;
                }
                k += 1;
                if self.rng.random_bool(0.3) {
                    continue;
                }
                let on = due - Duration::days(self.rng.random_range(0..=shared::surveys::EARLY_DAYS));
                let at = Utc.from_utc_datetime(&on.and_hms_opt(10, 0, 0).unwrap_or_default());
                rows.push(organisation_surveys::ActiveModel {
                    id: Set(self.id(at)),
                    organisation_id: Set(organisation),
                    surveyed_on: Set(on),
                    satisfaction: Set(self.rng.random_range(5..=10)),
                    neighbourhood_effect: Set(self.rng.random_range(4..=10)),
                    comment: Set(self.pick(ORGANISATION_COMMENTS).to_owned()),
                    entered_by_id: Set(Some(reference.admin.0)),
                    entered_by_name: Set(Some(reference.admin.1.clone())),
                    actor_kind: Set("staff".into()),
                    created_at: Set(at),
                });
            }
        }
        let txn = db.begin().await?;
        insert_all(&txn, rows, 10).await?;
        txn.commit().await?;
        Ok(plans.len())
    }

    /// The last day of the generated history ("today" of the generated data; no clock, so a seed repeats).
    fn reference_day(&self) -> NaiveDate {
        (self.base + Duration::days(690)).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_bsns_pass_the_eleven_check_and_do_not_repeat() {
        let mut g = Generator { rng: StdRng::seed_from_u64(1), base: Utc::now(), bsn: 0 };
        let bsns: Vec<String> = (0..2_000).map(|_| g.next_bsn()).collect();
        assert!(bsns.iter().all(|b| shared::candidates::is_valid_bsn(b)), "{bsns:?}");
        let mut unique = bsns.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), bsns.len());
    }

    #[test]
    fn the_same_seed_gives_the_same_ids() {
        let at = Utc.with_ymd_and_hms(2025, 1, 6, 8, 0, 0).unwrap();
        let ids = |seed| {
            let mut g = Generator { rng: StdRng::seed_from_u64(seed), base: at, bsn: 0 };
            (0..5).map(|_| g.id(at)).collect::<Vec<_>>()
        };
        assert_eq!(ids(7), ids(7));
        assert_ne!(ids(7), ids(8));
    }

    #[test]
    fn scales_are_named_as_on_the_command_line() {
        assert_eq!(Scale::parse("national").map(|s| s.sizes().candidates), Some(200_000));
        assert_eq!(Scale::parse("municipality").map(|s| s.sizes().organisations), Some(300));
        assert_eq!(Scale::parse("huge"), None);
    }
}
