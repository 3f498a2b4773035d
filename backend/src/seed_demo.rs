//! The demo programme of `cargo xtask run`: a Groningen-like municipality with its wijken (real 4-digit
//! postcode areas), task categories, abilities, 12 organisations and 60 candidates. Every person is
//! fictional; BSNs are generated to pass the 11-check.

use chrono::{Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use shared::candidates::{CandidateStatus, Source};
use uuid::Uuid;

use crate::db::{
    abilities, candidate_abilities, candidate_status_changes, candidate_wish_categories, candidates, neighbourhoods,
    organisation_contacts, organisation_neighbourhoods, organisations, task_categories, task_package_status_changes,
    task_package_tasks, task_packages, tasks,
};

/// The first 15 task packages of the Groningen plan: a title, the work provider (index into
/// ORGANISATIONS), and its tasks as (category index, title, hours, days, part of day, physical demands).
type DemoTask = (usize, &'static str, i32, &'static [&'static str], &'static str, &'static str);
const PACKAGES: &[(&str, usize, &[DemoTask])] = &[
    ("Groenmedewerker Beijum", 0, &[(0, "Perken en plantsoenen onderhouden", 16, &["mon", "tue"], "morning", "outdoor_work,kneeling"), (0, "Moestuin bij de flat verzorgen", 16, &["wed", "thu"], "morning", "outdoor_work")]),
    ("Schoon trappenhuis Vinkhuizen", 0, &[(1, "Trappenhuizen en entrees schoonhouden", 24, &["mon", "tue", "wed"], "morning", "prolonged_standing"), (1, "Zwerfafval rond de flats", 8, &["thu"], "morning", "outdoor_work")]),
    ("Gastvrouw buurtkamer De Brug", 1, &[(3, "Koffie en thee in de buurtkamer", 16, &["mon", "wed"], "afternoon", "customer_contact"), (2, "Gezelschap voor ouderen", 16, &["tue", "thu"], "afternoon", "customer_contact")]),
    ("Lunchkok buurthuis", 1, &[(3, "Lunch bereiden in het buurthuis", 24, &["mon", "tue", "wed"], "morning", "prolonged_standing"), (1, "Keuken schoonhouden", 8, &["thu"], "afternoon", "")]),
    ("Maatje voor bewoners", 2, &[(2, "Boodschappen met bewoners", 16, &["mon", "tue"], "afternoon", "prolonged_walking"), (2, "Wandelen en gezelschap", 16, &["wed", "thu"], "afternoon", "prolonged_walking")]),
    ("Helpende hand zorgcentrum", 2, &[(2, "Activiteiten begeleiden", 20, &["mon", "tue", "wed"], "afternoon", "customer_contact"), (4, "Was en linnen rondbrengen", 12, &["thu", "fri"], "morning", "")]),
    ("Medewerker stadsboerderij", 5, &[(0, "Dieren verzorgen", 16, &["mon", "tue"], "morning", "outdoor_work,heavy_lifting"), (0, "Kas en tuin onderhouden", 16, &["wed", "thu"], "morning", "outdoor_work")]),
    ("Kringloopmedewerker", 6, &[(4, "Goederen sorteren en prijzen", 16, &["mon", "tue"], "morning", ""), (4, "Ophaalrit meerijden", 16, &["wed", "thu"], "morning", "heavy_lifting,driving")]),
    ("Winkelhulp kringloop", 6, &[(3, "Klanten helpen in de winkel", 24, &["thu", "fri", "sat"], "afternoon", "customer_contact"), (4, "Magazijn op orde", 8, &["mon"], "afternoon", "")]),
    ("Voedselhulp logistiek", 7, &[(4, "Pakketten samenstellen", 16, &["tue", "wed"], "morning", "prolonged_standing"), (4, "Uitgifte voedselpakketten", 16, &["thu", "fri"], "afternoon", "customer_contact")]),
    ("Terreinbeheer sportpark", 8, &[(0, "Velden en paden bijhouden", 24, &["mon", "tue", "wed"], "morning", "outdoor_work"), (1, "Kleedkamers schoonmaken", 8, &["thu"], "afternoon", "")]),
    ("Gastheer sportkantine", 8, &[(3, "Kantinedienst", 16, &["sat", "sun"], "morning", "customer_contact,prolonged_standing"), (1, "Kantine schoonhouden", 16, &["mon", "tue"], "afternoon", "")]),
    ("Bibliotheekassistent", 9, &[(5, "Boeken terugzetten en ordenen", 16, &["mon", "tue"], "morning", ""), (5, "Hulp bij de digitale balie", 16, &["wed", "thu"], "morning", "customer_contact")]),
    ("Fietsenmaker in de wijk", 1, &[(4, "Fietsen repareren voor buurtbewoners", 24, &["tue", "wed", "thu"], "afternoon", ""), (4, "Onderdelen bestellen en beheren", 8, &["fri"], "morning", "")]),
    ("Baliemedewerker wijkcentrum", 1, &[(5, "Baliewerk en telefoon", 16, &["mon", "wed"], "morning", "customer_contact"), (5, "Post en archief", 16, &["tue", "thu"], "morning", "")]),
];

pub const NEIGHBOURHOODS: &[(&str, &str)] = &[
    ("Binnenstad", "9711-9712"),
    ("Oranjebuurt en Schildersbuurt", "9717-9718"),
    ("Korrewegwijk en De Hoogte", "9714-9716"),
    ("Helpman en De Wijert", "9721-9723,9726-9726"),
    ("Oosterpoort en Herewegwijk", "9724-9725"),
    ("Hoornse Meer en Corpus den Hoorn", "9727-9728"),
    ("Lewenborg en Drielanden", "9731-9733"),
    ("Beijum", "9734-9736"),
    ("Paddepoel en Selwerd", "9741-9743"),
    ("Vinkhuizen en Hoogkerk", "9744-9746"),
];

pub const TASK_CATEGORIES: &[(&str, &str)] = &[
    ("Groenonderhoud", "Perken, plantsoenen, speelplekken en moestuinen in de wijk"),
    ("Schoonmaak", "Trappenhuizen, buurthuizen, zwerfafval"),
    ("Zorg en gezelschap", "Gezelschap, boodschappen, wandelen met bewoners"),
    ("Horeca", "Buurtkamer, lunch in het buurthuis, koffie schenken"),
    ("Logistiek", "Voedselbank, kringloop, magazijn, bezorgen"),
    ("Administratie", "Baliewerk, archief, post en eenvoudige invoer"),
];

pub const ABILITIES: &[&str] = &[
    "Tuinieren", "Schoonmaken", "Koken", "Gastvrijheid", "Administratie", "Fietsen en bezorgen", "Klussen",
    "Sorteren", "Gesprekken voeren", "Computer",
];

const ORGANISATIONS: &[(&str, &str, &str, Option<i64>)] = &[
    ("WoonGroen Groningen", "40112233", "work_provider", Some(5000)),
    ("Buurtcentrum De Brug", "40112234", "work_provider", Some(4000)),
    ("Stichting Zorg Dichtbij", "40112235", "work_provider,guidance_provider", Some(5000)),
    ("Werkbedrijf Stad BV", "40112236", "employer", None),
    ("Begeleiding Op Maat", "40112237", "guidance_provider", None),
    ("Stadsboerderij Het Wilde Veld", "40112238", "work_provider", Some(3000)),
    ("Kringloop De Tweede Ronde", "40112239", "work_provider", Some(5000)),
    ("Voedselhulp Samen Delen", "40112240", "work_provider", Some(2500)),
    ("Sportpark Noord", "40112241", "work_provider", Some(5000)),
    ("Bibliotheek in de Wijk", "40112242", "work_provider", Some(4500)),
    ("Jobcoaching Noord", "40112243", "guidance_provider", None),
];

const FIRST_NAMES: &[&str] = &[
    "Sanne", "Ahmed", "Joke", "Pieter", "Fatma", "Kees", "Noor", "Bram", "Yara", "Henk", "Ilse", "Mohamed", "Ria",
    "Dennis", "Samira", "Gert", "Lotte", "Jeroen", "Anouk", "Rachid",
];
const LAST_NAMES: &[&str] = &[
    "de Vries", "Bakker", "Jansen", "Mulder", "Yilmaz", "Smit", "Meijer", "de Boer", "Bos", "Kok", "Dijkstra",
    "Veenstra", "Hoekstra", "El Amrani", "Postma",
];
const DREAM_JOBS: &[&str] = &[
    "Werken in het groen, buiten", "Koken voor mensen in de buurt", "Iets met fietsen", "Bij de kringloop spullen opknappen",
    "Mensen helpen die alleen zijn", "Op kantoor, met de computer",
];

/// A BSN for `n` that passes the 11-check.
pub fn demo_bsn(n: u32) -> String {
    (0..10)
        .map(|shift| (n * 7919 + 12_345_678 + shift * 104_729) % 100_000_000)
        .find_map(|start| {
            let digits: Vec<u32> = format!("{start:08}").bytes().map(|b| u32::from(b - b'0')).collect();
            let check = digits.iter().zip([9, 8, 7, 6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum::<u32>() % 11;
            (check < 10 && start > 0).then(|| format!("{start:08}{check}"))
        })
        .unwrap_or_else(|| "111222333".into())
}

pub async fn seed(db: &impl ConnectionTrait, municipality_id: Uuid) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let mut hood_ids = Vec::new();
    for (name, ranges) in NEIGHBOURHOODS {
        let id = Uuid::now_v7();
        hood_ids.push((id, ranges.split(',').next().and_then(|r| r.get(..4)).unwrap_or("9711").to_owned()));
        neighbourhoods::Entity::insert(neighbourhoods::ActiveModel {
            id: Set(id),
            municipality_id: Set(municipality_id),
            name: Set((*name).into()),
            postcode_ranges: Set((*ranges).into()),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
    }
    let mut category_ids = Vec::new();
    for (name, description) in TASK_CATEGORIES {
        let id = Uuid::now_v7();
        category_ids.push(id);
        task_categories::Entity::insert(task_categories::ActiveModel {
            id: Set(id),
            name: Set((*name).into()),
            description: Set((*description).into()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
    }
    let mut ability_ids = Vec::new();
    for name in ABILITIES {
        let id = Uuid::now_v7();
        ability_ids.push(id);
        abilities::Entity::insert(abilities::ActiveModel {
            id: Set(id),
            name: Set((*name).into()),
            description: Set(String::new()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
    }
    for (index, (name, kvk, roles, contribution)) in ORGANISATIONS.iter().enumerate() {
        let id = Uuid::now_v7();
        organisations::Entity::insert(organisations::ActiveModel {
            id: Set(id),
            name: Set((*name).into()),
            kvk_number: Set((*kvk).into()),
            roles: Set((*roles).into()),
            description: Set(String::new()),
            contribution_per_position: Set(contribution.map(|c| Decimal::new(c * 100, 2))),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
        for hood in [index % hood_ids.len(), (index + 3) % hood_ids.len()] {
            organisation_neighbourhoods::Entity::insert(organisation_neighbourhoods::ActiveModel {
                organisation_id: Set(id),
                neighbourhood_id: Set(hood_ids[hood].0),
            })
            .exec_without_returning(db)
            .await?;
        }
        organisation_contacts::Entity::insert(organisation_contacts::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(id),
            name: Set(format!("{} {}", FIRST_NAMES[(index + 5) % FIRST_NAMES.len()], LAST_NAMES[index % LAST_NAMES.len()])),
            role: Set("contactpersoon basisbanen".into()),
            email: Set(format!("basisbanen@org{index}.example.nl")),
            phone: Set(format!("050-55{index:05}")),
            position: Set(0),
        })
        .exec_without_returning(db)
        .await?;
    }

    let statuses = [
        CandidateStatus::Registered,
        CandidateStatus::Intake,
        CandidateStatus::Intake,
        CandidateStatus::Eligible,
        CandidateStatus::Eligible,
        CandidateStatus::PreTrajectory,
        CandidateStatus::Matched,
        CandidateStatus::Employed,
        CandidateStatus::Employed,
        CandidateStatus::Exited,
    ];
    let sources = [Source::Participatiewet, Source::Participatiewet, Source::Participatiewet, Source::Wajong, Source::Wsw, Source::Other];
    let limitations = ["", "heavy_lifting", "night_work", "prolonged_standing", "heavy_lifting,outdoor_work", "", "customer_contact"];
    let days = ["mon,tue,wed,thu", "mon,tue,wed,thu,fri", "tue,wed,thu", "mon,wed,fri"];
    for n in 0..60u32 {
        let id = Uuid::now_v7();
        let i = n as usize;
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i * 7) % LAST_NAMES.len()];
        let status = statuses[i % statuses.len()];
        let (hood, pc4) = &hood_ids[i % hood_ids.len()];
        let letters = ["AB", "CD", "EG", "HK", "LM", "NP"][i % 6];
        let birth = NaiveDate::from_ymd_opt(1962 + (i as i32 * 7) % 45, (i % 12) as u32 + 1, (i % 27) as u32 + 1)
            .unwrap_or_default();
        let hours = [32, 24, 16, 32, 28, 12, 20, 32][i % 8];
        let wage = [20, 35, 45, 30, 55, 25, 60, 40][i % 8];
        candidates::Entity::insert(candidates::ActiveModel {
            id: Set(id),
            municipality_id: Set(municipality_id),
            first_name: Set(first.into()),
            last_name: Set(last.into()),
            search_name: Set(format!("{first} {last}").to_lowercase()),
            date_of_birth: Set(Some(birth)),
            bsn: Set(Some(demo_bsn(n + 1))),
            email: Set(format!("{}.{}@example.nl", first.to_lowercase(), n)),
            phone: Set(format!("06-{:08}", 10_000_000 + n * 7_331)),
            postcode: Set(format!("{pc4} {letters}")),
            house_number: Set(format!("{}", n % 120 + 1)),
            neighbourhood_id: Set(Some(*hood)),
            source: Set(sources[i % sources.len()].as_str().into()),
            target_group_register: Set(i % 3 != 0),
            benefit_kind: Set(Some(match sources[i % sources.len()] {
                Source::Wajong => "wajong",
                Source::Participatiewet => "bijstand",
                _ => "none",
            }
            .into())),
            benefit_monthly_amount: Set(Some(Decimal::new(110_000 + i64::from(n) * 1_250, 2))),
            regular_work_evidence: Set("Langdurig zonder werk; eerdere trajecten leidden niet tot regulier werk.".into()),
            available_hours: Set(Some(hours)),
            available_days: Set(days[i % days.len()].into()),
            availability_confirmed_at: Set(Some(now - Duration::days(i64::from(n) * 5))),
            physical_limitations: Set(limitations[i % limitations.len()].into()),
            limitation_notes: Set(if i % 4 == 1 { "Rugklachten; niet zwaar tillen".into() } else { String::new() }),
            wish_neighbourhood_id: Set(Some(*hood)),
            dream_job: Set(DREAM_JOBS[i % DREAM_JOBS.len()].into()),
            wage_value_pct: Set(Some(wage)),
            expected_wage_value_pct: Set(Some((wage + 10).min(100))),
            status: Set(status.as_str().into()),
            exit_reason: Set((status == CandidateStatus::Exited).then(|| "regular_job".into())),
            created_at: Set(now - Duration::days(200 - i64::from(n) * 3)),
            updated_at: Set(now - Duration::days(i64::from(n % 30))),
            erased_at: Set(None),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
        for (k, level) in [(i % ability_ids.len(), (i % 4) as i16 + 1), ((i + 3) % ability_ids.len(), ((i + 1) % 4) as i16 + 1)] {
            candidate_abilities::Entity::insert(candidate_abilities::ActiveModel {
                candidate_id: Set(id),
                ability_id: Set(ability_ids[k]),
                level: Set(level),
            })
            .exec_without_returning(db)
            .await?;
        }
        candidate_wish_categories::Entity::insert(candidate_wish_categories::ActiveModel {
            candidate_id: Set(id),
            task_category_id: Set(category_ids[i % category_ids.len()]),
        })
        .exec_without_returning(db)
        .await?;
        candidate_status_changes::Entity::insert(candidate_status_changes::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(id),
            from_status: Set(None),
            to_status: Set(status.as_str().into()),
            reason: Set("demogegevens".into()),
            exit_reason: Set(None),
            changed_by_id: Set(None),
            changed_by_name: Set(Some("system".into())),
            changed_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
    }
    seed_packages(db, municipality_id, &hood_ids, &category_ids).await
}

async fn seed_packages(
    db: &impl ConnectionTrait,
    municipality_id: Uuid,
    hood_ids: &[(Uuid, String)],
    category_ids: &[Uuid],
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let now = Utc::now();
    let statuses = ["open", "open", "filled", "open", "approved", "submitted", "open", "filled", "open", "draft", "open", "submitted", "open", "approved", "open"];
    for (index, (title, provider, demo_tasks)) in PACKAGES.iter().enumerate() {
        let kvk = ORGANISATIONS[*provider].1;
        let Some(organisation) = organisations::Entity::find().filter(organisations::Column::KvkNumber.eq(kvk)).one(db).await? else {
            continue;
        };
        let hood = hood_ids[index % hood_ids.len()].0;
        let package_id = Uuid::now_v7();
        let mut total = 0;
        let mut task_ids = Vec::new();
        for (category, task_title, hours, days, part, demands) in demo_tasks.iter() {
            let id = Uuid::now_v7();
            total += hours;
            task_ids.push(id);
            tasks::Entity::insert(tasks::ActiveModel {
                id: Set(id),
                municipality_id: Set(municipality_id),
                organisation_id: Set(organisation.id),
                neighbourhood_id: Set(hood),
                session_id: Set(None),
                category_id: Set(category_ids[*category]),
                title: Set((*task_title).into()),
                description: Set(String::new()),
                location: Set(format!("{} ({})", organisation.name, NEIGHBOURHOODS[index % NEIGHBOURHOODS.len()].0)),
                physical_demands: Set((*demands).into()),
                hours_per_week: Set(*hours),
                schedule: Set(days.iter().map(|d| format!("{d}:{part}")).collect::<Vec<_>>().join(",")),
                supervision: Set("Werkbegeleider van de organisatie".into()),
                social_value: Set("Werk dat de wijk leefbaarder maakt en bewoners verbindt".into()),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            })
            .exec_without_returning(db)
            .await?;
        }
        let status = statuses[index % statuses.len()];
        task_packages::Entity::insert(task_packages::ActiveModel {
            id: Set(package_id),
            municipality_id: Set(municipality_id),
            organisation_id: Set(organisation.id),
            title: Set((*title).into()),
            description: Set("Uit het eerste plan van 15 takenpakketten".into()),
            positions: Set(if index % 3 == 0 { 3 } else { 2 }),
            start_date: Set(NaiveDate::from_ymd_opt(2027, 1 + (index as u32 % 6), 1)),
            hours_per_week: Set(total),
            mentor_name: Set(format!("{} {}", FIRST_NAMES[(index + 3) % FIRST_NAMES.len()], LAST_NAMES[(index + 2) % LAST_NAMES.len()])),
            mentor_email: Set(String::new()),
            mentor_phone: Set(String::new()),
            status: Set(status.into()),
            rejection_reason: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
        for (position, task) in task_ids.into_iter().enumerate() {
            task_package_tasks::Entity::insert(task_package_tasks::ActiveModel {
                package_id: Set(package_id),
                task_id: Set(task),
                position: Set(position as i32),
            })
            .exec_without_returning(db)
            .await?;
        }
        task_package_status_changes::Entity::insert(task_package_status_changes::ActiveModel {
            id: Set(Uuid::now_v7()),
            package_id: Set(package_id),
            from_status: Set(None),
            to_status: Set(status.into()),
            reason: Set("demogegevens".into()),
            changed_by_id: Set(None),
            changed_by_name: Set(Some("system".into())),
            changed_by_role: Set(None),
            changed_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_package_keeps_the_hour_and_schedule_rules() {
        use shared::tasks::{ScheduleSlot, TaskLoad, package_hours};
        assert_eq!(PACKAGES.len(), 15);
        for (title, _, tasks) in PACKAGES {
            let loads: Vec<TaskLoad> = tasks
                .iter()
                .map(|(_, _, hours, days, part, _)| TaskLoad {
                    hours_per_week: *hours as u16,
                    schedule: days.iter().filter_map(|d| ScheduleSlot::parse(&format!("{d}:{part}"))).collect(),
                })
                .collect();
            let hours = package_hours(&loads);
            assert_eq!(hours.total_hours, 32, "{title}");
            assert!(hours.overlapping_slots.is_empty(), "{title}");
        }
    }

    #[test]
    fn demo_bsns_pass_the_eleven_check_and_differ() {
        let bsns: std::collections::HashSet<_> = (1..=60).map(demo_bsn).collect();
        assert_eq!(bsns.len(), 60);
        assert!(bsns.iter().all(|b| shared::candidates::is_valid_bsn(b)), "{bsns:?}");
    }
}
