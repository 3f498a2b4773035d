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
    organisation_contacts, organisation_neighbourhoods, organisations, task_categories,
};

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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_bsns_pass_the_eleven_check_and_differ() {
        let bsns: std::collections::HashSet<_> = (1..=60).map(demo_bsn).collect();
        assert_eq!(bsns.len(), 60);
        assert!(bsns.iter().all(|b| shared::candidates::is_valid_bsn(b)), "{bsns:?}");
    }
}
