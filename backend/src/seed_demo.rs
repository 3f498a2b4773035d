//! The demo programme of `cargo xtask run`: the Groningen plan (seed 000) a few months in, told from the
//! seeding day. Three wijken held their sessions in the past weeks and proposed tasks there; the first 15
//! task packages (40 jobs) are on their way through the workflow, some open for matching; 60 people from
//! the Participatiewet (and a few from the Wajong) were registered over the past months, went through intake
//! and got an eligibility decision with its motivation. Until Matching and Contracts exist nobody is matched
//! or employed and no package is filled.
//!
//! Everything is written to the tables the API writes, with the history rows the API would have written on
//! the way (status changes, intakes, eligibility decisions, package steps by the demo `consultant` and
//! `partner`). Every person is fictional; BSNs are generated to pass the 11-check.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::candidates::{CandidateStatus, ExitReason, IntakeKind, Source};
use shared::reference::PhysicalDemand;
use shared::tasks::{PackageStatus, ScheduleSlot};
use uuid::Uuid;

use crate::db::{
    abilities, candidate_abilities, candidate_available_days, candidate_physical_limitations,
    candidate_preference_lists, candidate_preferences, candidate_status_changes, candidate_wish_categories, candidates,
    eligibility_decisions, intakes, neighbourhood_adjacencies, neighbourhood_session_organisations,
    neighbourhood_sessions, neighbourhoods, organisation_contacts, organisation_neighbourhoods, organisations,
    package_positions, task_categories, task_package_status_changes, task_package_tasks, task_packages,
    task_physical_demands, task_required_abilities, task_schedule_slots, tasks, users,
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
/// Which wijken border each other (the fit's stand-in for travel), by their index in [`NEIGHBOURHOODS`].
pub const ADJACENT: &[(usize, usize)] =
    &[(0, 1), (0, 2), (0, 4), (1, 8), (1, 9), (2, 6), (2, 7), (3, 4), (3, 5), (6, 7), (8, 9)];
const BINNENSTAD: usize = 0;
const KORREWEGWIJK: usize = 2;
const HELPMAN: usize = 3;
const OOSTERPOORT: usize = 4;
const LEWENBORG: usize = 6;
const BEIJUM: usize = 7;
const PADDEPOEL: usize = 8;
const VINKHUIZEN: usize = 9;

pub const TASK_CATEGORIES: &[(&str, &str)] = &[
    ("Groenonderhoud", "Perken, plantsoenen, speelplekken en moestuinen in de wijk"),
    ("Schoonmaak", "Trappenhuizen, buurthuizen, zwerfafval"),
    ("Zorg en gezelschap", "Gezelschap, boodschappen, wandelen met bewoners"),
    ("Horeca", "Buurtkamer, lunch in het buurthuis, koffie schenken"),
    ("Logistiek", "Voedselbank, kringloop, magazijn, bezorgen"),
    ("Administratie", "Baliewerk, archief, post en eenvoudige invoer"),
];
const GROEN: usize = 0;
const SCHOON: usize = 1;
const ZORG: usize = 2;
const HORECA: usize = 3;
const LOGISTIEK: usize = 4;
const ADMINISTRATIE: usize = 5;

pub const ABILITIES: &[&str] = &[
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
];
const TUINIEREN: usize = 0;
const SCHOONMAKEN: usize = 1;
const KOKEN: usize = 2;
const GASTVRIJHEID: usize = 3;
const ADMINISTREREN: usize = 4;
const FIETSEN: usize = 5;
const KLUSSEN: usize = 6;
const SORTEREN: usize = 7;
const GESPREKKEN: usize = 8;
const COMPUTER: usize = 9;
/// The ability that goes with each task category, for candidates who wish for that category.
const CATEGORY_ABILITY: [usize; 6] = [TUINIEREN, SCHOONMAKEN, GESPREKKEN, KOKEN, SORTEREN, ADMINISTREREN];

struct DemoOrganisation {
    name: &'static str,
    kvk: &'static str,
    roles: &'static str,
    contribution: Option<i64>,
    description: &'static str,
    neighbourhoods: &'static [usize],
    contact: &'static str,
    domain: &'static str,
}

#[allow(clippy::too_many_arguments)] // a table row of the demo, one argument per column
const fn org(
    name: &'static str,
    kvk: &'static str,
    roles: &'static str,
    contribution: Option<i64>,
    description: &'static str,
    neighbourhoods: &'static [usize],
    contact: &'static str,
    domain: &'static str,
) -> DemoOrganisation {
    DemoOrganisation { name, kvk, roles, contribution, description, neighbourhoods, contact, domain }
}

/// The parties of the plan: work providers from the wijk sessions (with their contribution per position),
/// the municipal employer (BV) and three guidance organisations.
const ORGANISATIONS: &[DemoOrganisation] = &[
    org(
        "WoonGroen Groningen",
        "40112233",
        "work_provider",
        Some(5000),
        "Woningcorporatie met flats in Beijum en Vinkhuizen; brengt groen- en schoonmaakwerk rond de flats in.",
        &[BEIJUM, VINKHUIZEN],
        "Petra Zijlstra",
        "woongroen",
    ),
    org(
        "Buurtcentrum De Brug",
        "40112234",
        "work_provider",
        Some(4000),
        "Buurtcentrum in de Korrewegwijk met buurtkamer, keuken en straks een balie in het nieuwe wijkcentrum.",
        &[KORREWEGWIJK],
        "Marieke de Jong",
        "debrug",
    ),
    org(
        "Stichting Zorg Dichtbij",
        "40112235",
        "work_provider,guidance_provider",
        Some(5000),
        "Zorgcentrum en wijkzorg in Lewenborg; begeleidt ook medewerkers op de werkvloer.",
        &[LEWENBORG, BEIJUM],
        "Fenna Bosma",
        "zorgdichtbij",
    ),
    org(
        "Werkbedrijf Stad BV",
        "40112236",
        "employer",
        None,
        "Het onderdeel (BV) van de gemeente waar basisbaners in dienst komen, volgens de cao Wsw.",
        &[BINNENSTAD, KORREWEGWIJK, HELPMAN, OOSTERPOORT, LEWENBORG, BEIJUM, PADDEPOEL, VINKHUIZEN],
        "Ruud Mulder",
        "werkbedrijfstad",
    ),
    org(
        "Begeleiding Op Maat",
        "40112237",
        "guidance_provider",
        None,
        "Jobcoaches voor basisbaners in Beijum, Lewenborg en de Korrewegwijk.",
        &[BEIJUM, LEWENBORG, KORREWEGWIJK],
        "Ilse Dijkstra",
        "opmaat",
    ),
    org(
        "Stadsboerderij Het Wilde Veld",
        "40112238",
        "work_provider",
        Some(3000),
        "Stadsboerderij met dieren, kas en moestuin in Beijum.",
        &[BEIJUM],
        "Jelle Wiersma",
        "wildeveld",
    ),
    org(
        "Kringloop De Tweede Ronde",
        "40112239",
        "work_provider",
        Some(5000),
        "Kringloopwinkel met ophaaldienst in Vinkhuizen.",
        &[VINKHUIZEN, PADDEPOEL],
        "Hennie Kuipers",
        "tweederonde",
    ),
    org(
        "Voedselhulp Samen Delen",
        "40112240",
        "work_provider",
        Some(2500),
        "Uitgiftepunt van de voedselbank in de Oosterpoort.",
        &[OOSTERPOORT, HELPMAN],
        "Saskia Tuin",
        "samendelen",
    ),
    org(
        "Sportpark Noord",
        "40112241",
        "work_provider",
        Some(5000),
        "Sportpark met velden en kantine in Paddepoel en Selwerd.",
        &[PADDEPOEL],
        "Bert Oosting",
        "sportparknoord",
    ),
    org(
        "Bibliotheek in de Wijk",
        "40112242",
        "work_provider",
        Some(4500),
        "Wijkbibliotheek met digitale balie in Helpman.",
        &[HELPMAN, BINNENSTAD],
        "Esther Brouwer",
        "bibliotheekindewijk",
    ),
    org(
        "Jobcoaching Noord",
        "40112243",
        "guidance_provider",
        None,
        "Jobcoaches voor basisbaners in Vinkhuizen, Paddepoel en de Oosterpoort.",
        &[VINKHUIZEN, PADDEPOEL, OOSTERPOORT],
        "Gert Veenstra",
        "jobcoachingnoord",
    ),
];
/// The organisation of the demo `partner` login: a housing corporation with work in two wijken.
const PARTNER_ORGANISATION: usize = 0;

/// "Gesprekken in drie wijken": the sessions where the parties agreed which work is useful.
struct DemoSession {
    neighbourhood: usize,
    /// The holder; `None`: the municipality's staff.
    holder: Option<usize>,
    days_ago: i64,
    title: &'static str,
    notes: &'static str,
    participants: &'static [usize],
}

const SESSIONS: &[DemoSession] = &[
    DemoSession {
        neighbourhood: BEIJUM,
        holder: Some(0),
        days_ago: 45,
        title: "Wijkavond Beijum",
        notes: "Bewoners willen meer groen rond de flats en een moestuin bij de flat. De stadsboerderij zoekt handen voor de dieren en de kas. WoonGroen en de stadsboerderij werken de taken uit; Begeleiding Op Maat begeleidt.",
        participants: &[0, 5, 2, 4],
    },
    DemoSession {
        neighbourhood: VINKHUIZEN,
        holder: None,
        days_ago: 38,
        title: "Wijkgesprek Vinkhuizen en Hoogkerk",
        notes: "Vuile trappenhuizen en zwerfafval rond de flats zijn de grootste ergernis. De kringloop wil de ophaaldienst uitbreiden en de winkel langer open houden. Jobcoaching Noord begeleidt in deze wijk.",
        participants: &[0, 6, 10, 3],
    },
    DemoSession {
        neighbourhood: KORREWEGWIJK,
        holder: Some(1),
        days_ago: 31,
        title: "Buurttafel Korrewegwijk",
        notes: "De buurtkamer kan vaker open als er een gastvrouw is; ouderen zoeken gezelschap. Lunch in het buurthuis besproken, en een balie voor het nieuwe wijkcentrum dat over ruim een jaar opengaat.",
        participants: &[1, 2, 4, 3],
    },
];

/// A task: category, title, schedule (`mon` is a whole day, `mon:morning` half of one; 4 hours a block),
/// physical demands, and the abilities it requires with their minimum level.
type DemoTask = (usize, &'static str, &'static str, &'static str, &'static [(usize, i16)]);

struct DemoPackage {
    title: &'static str,
    organisation: usize,
    neighbourhood: usize,
    status: PackageStatus,
    positions: i32,
    /// The start date is the first of the month this many months after the seeding day.
    start_in_months: u32,
    mentor: &'static str,
    location: &'static str,
    description: &'static str,
    social_value: &'static str,
    /// Why it was rejected or closed.
    reason: &'static str,
    tasks: &'static [DemoTask],
}

/// The first set of 15 task packages, 40 positions in all (the plan's 40 jobs), each 32 hours in 4-hour
/// blocks without overlap, every task in the package's own wijk.
const PACKAGES: &[DemoPackage] = &[
    DemoPackage {
        title: "Groenmedewerker Beijum",
        organisation: 0,
        neighbourhood: BEIJUM,
        status: PackageStatus::Open,
        positions: 3,
        start_in_months: 2,
        mentor: "Gerrit Hoekstra",
        location: "Flats van WoonGroen in Beijum-Oost",
        description: "Groenonderhoud rond de flats, zoals de bewoners op de wijkavond vroegen.",
        social_value: "Een groene, verzorgde buurt en een moestuin waar bewoners elkaar treffen",
        reason: "",
        tasks: &[
            (GROEN, "Perken en plantsoenen onderhouden", "mon,tue", "outdoor_work,kneeling", &[(TUINIEREN, 2)]),
            (GROEN, "Moestuin bij de flat verzorgen", "wed,thu", "outdoor_work", &[(TUINIEREN, 1), (GESPREKKEN, 1)]),
        ],
    },
    DemoPackage {
        title: "Schoon trappenhuis Vinkhuizen",
        organisation: 0,
        neighbourhood: VINKHUIZEN,
        status: PackageStatus::Submitted,
        positions: 3,
        start_in_months: 3,
        mentor: "Anja Visser",
        location: "Portiekflats van WoonGroen in Vinkhuizen",
        description: "Schone trappenhuizen en een opgeruimde buitenruimte, het grootste punt van het wijkgesprek.",
        social_value: "Bewoners voelen zich veiliger in een schoon trappenhuis en een buurt zonder zwerfafval",
        reason: "",
        tasks: &[
            (SCHOON, "Trappenhuizen en entrees schoonhouden", "mon,tue,wed", "prolonged_standing", &[(SCHOONMAKEN, 2)]),
            (SCHOON, "Zwerfafval rond de flats", "thu", "outdoor_work,prolonged_walking", &[(SCHOONMAKEN, 1)]),
        ],
    },
    DemoPackage {
        title: "Huismeester-assistent Beijum",
        organisation: 0,
        neighbourhood: BEIJUM,
        status: PackageStatus::Rejected,
        positions: 2,
        start_in_months: 3,
        mentor: "Gerrit Hoekstra",
        location: "Flats van WoonGroen in Beijum-Oost",
        description: "Rondes door de flats en nieuwe bewoners wegwijs maken.",
        social_value: "Nieuwe bewoners vinden hun weg en kleine gebreken worden snel gezien",
        reason: "Kleine reparaties in de flats doet nu de huismeesterdienst van WoonGroen: dat is regulier werk, en een basisbaan mag dat niet verdringen. Vervang die taak door werk dat er nu niet is en dien het pakket opnieuw in.",
        tasks: &[
            (
                SCHOON,
                "Rondes door de flats en kleine reparaties",
                "mon,tue",
                "working_at_height,heavy_lifting",
                &[(KLUSSEN, 3)],
            ),
            (ZORG, "Nieuwe bewoners wegwijs maken", "wed,thu", "customer_contact", &[(GESPREKKEN, 2)]),
        ],
    },
    DemoPackage {
        title: "Gastvrouw buurtkamer De Brug",
        organisation: 1,
        neighbourhood: KORREWEGWIJK,
        status: PackageStatus::Open,
        positions: 3,
        start_in_months: 2,
        mentor: "Marieke de Jong",
        location: "Buurtcentrum De Brug, Korrewegwijk",
        description: "De buurtkamer vier dagen open, met koffie en gezelschap voor ouderen.",
        social_value: "Ouderen in de wijk zijn minder alleen",
        reason: "",
        tasks: &[
            (HORECA, "Koffie en thee in de buurtkamer", "mon,wed", "customer_contact", &[(GASTVRIJHEID, 2)]),
            (ZORG, "Gezelschap voor ouderen", "tue,thu", "customer_contact", &[(GESPREKKEN, 2)]),
        ],
    },
    DemoPackage {
        title: "Lunchkok buurthuis",
        organisation: 1,
        neighbourhood: KORREWEGWIJK,
        status: PackageStatus::Closed,
        positions: 2,
        start_in_months: 2,
        mentor: "Marieke de Jong",
        location: "Buurtcentrum De Brug, Korrewegwijk",
        description: "Een betaalbare lunch in het buurthuis, drie dagen per week.",
        social_value: "Een warme lunch en een plek om elkaar te ontmoeten",
        reason: "Ingetrokken op verzoek van De Brug: de keuken van het buurthuis gaat dit voorjaar dicht voor verbouwing.",
        tasks: &[
            (HORECA, "Lunch bereiden in het buurthuis", "mon,tue,wed", "prolonged_standing", &[(KOKEN, 2)]),
            (SCHOON, "Keuken schoonhouden", "thu", "prolonged_standing", &[(SCHOONMAKEN, 1)]),
        ],
    },
    DemoPackage {
        title: "Baliemedewerker wijkcentrum",
        organisation: 1,
        neighbourhood: KORREWEGWIJK,
        status: PackageStatus::Draft,
        positions: 2,
        start_in_months: 14,
        mentor: "Marieke de Jong",
        location: "Nieuw wijkcentrum Korrewegwijk",
        description: "Voor het nieuwe wijkcentrum, dat over ruim een jaar opengaat; de balie bestaat nu nog niet.",
        social_value: "Bewoners kunnen met hun vragen terecht bij een bekend gezicht",
        reason: "",
        tasks: &[
            (
                ADMINISTRATIE,
                "Baliewerk en telefoon",
                "mon,wed",
                "customer_contact",
                &[(ADMINISTREREN, 2), (GESPREKKEN, 1)],
            ),
            (ADMINISTRATIE, "Post en archief", "tue,thu", "", &[(ADMINISTREREN, 1)]),
        ],
    },
    DemoPackage {
        title: "Maatje voor bewoners",
        organisation: 2,
        neighbourhood: LEWENBORG,
        status: PackageStatus::Open,
        positions: 3,
        start_in_months: 2,
        mentor: "Fenna Bosma",
        location: "Zorgcentrum Zorg Dichtbij, Lewenborg",
        description: "Boodschappen, wandelen en gezelschap met bewoners die weinig buiten komen.",
        social_value: "Bewoners komen buiten en blijven langer zelfstandig",
        reason: "",
        tasks: &[
            (ZORG, "Boodschappen met bewoners", "mon,tue", "prolonged_walking", &[(GESPREKKEN, 2)]),
            (ZORG, "Wandelen en gezelschap", "wed,thu", "prolonged_walking,outdoor_work", &[(GESPREKKEN, 1)]),
        ],
    },
    DemoPackage {
        title: "Helpende hand zorgcentrum",
        organisation: 2,
        neighbourhood: LEWENBORG,
        status: PackageStatus::Approved,
        positions: 3,
        start_in_months: 3,
        mentor: "Fenna Bosma",
        location: "Zorgcentrum Zorg Dichtbij, Lewenborg",
        description: "Activiteiten in de middag en de was rondbrengen in de ochtend.",
        social_value: "Meer activiteiten en aandacht voor bewoners van het zorgcentrum",
        reason: "",
        tasks: &[
            (
                ZORG,
                "Activiteiten begeleiden",
                "mon:afternoon,tue:afternoon,wed:afternoon,thu:afternoon,fri:afternoon",
                "customer_contact",
                &[(GESPREKKEN, 2), (GASTVRIJHEID, 1)],
            ),
            (
                LOGISTIEK,
                "Was en linnen rondbrengen",
                "mon:morning,tue:morning,wed:morning",
                "prolonged_walking",
                &[(SORTEREN, 1)],
            ),
        ],
    },
    DemoPackage {
        title: "Medewerker stadsboerderij",
        organisation: 5,
        neighbourhood: BEIJUM,
        status: PackageStatus::Open,
        positions: 3,
        start_in_months: 3,
        mentor: "Jelle Wiersma",
        location: "Stadsboerderij Het Wilde Veld, Beijum",
        description: "Dieren verzorgen en de kas en tuin bijhouden.",
        social_value: "Een open boerderij waar kinderen en buurtbewoners dieren en groente zien groeien",
        reason: "",
        tasks: &[
            (GROEN, "Dieren verzorgen", "mon,tue", "outdoor_work,heavy_lifting", &[(TUINIEREN, 1), (KLUSSEN, 1)]),
            (GROEN, "Kas en tuin onderhouden", "wed,thu", "outdoor_work,kneeling", &[(TUINIEREN, 2)]),
        ],
    },
    DemoPackage {
        title: "Kringloopmedewerker",
        organisation: 6,
        neighbourhood: VINKHUIZEN,
        status: PackageStatus::Open,
        positions: 3,
        start_in_months: 2,
        mentor: "Hennie Kuipers",
        location: "Kringloop De Tweede Ronde, Vinkhuizen",
        description: "Goederen sorteren en prijzen, en meerijden met de ophaaldienst.",
        social_value: "Minder afval en betaalbare spullen voor de buurt",
        reason: "",
        tasks: &[
            (LOGISTIEK, "Goederen sorteren en prijzen", "mon,tue", "", &[(SORTEREN, 2)]),
            (LOGISTIEK, "Ophaalrit meerijden", "wed,thu", "heavy_lifting", &[(FIETSEN, 1), (KLUSSEN, 1)]),
        ],
    },
    DemoPackage {
        title: "Winkelhulp kringloop",
        organisation: 6,
        neighbourhood: VINKHUIZEN,
        status: PackageStatus::Submitted,
        positions: 2,
        start_in_months: 4,
        mentor: "Hennie Kuipers",
        location: "Kringloop De Tweede Ronde, Vinkhuizen",
        description: "De winkel ook op zaterdag open, en het magazijn op orde.",
        social_value: "Een kringloopwinkel die open is als de buurt tijd heeft",
        reason: "",
        tasks: &[
            (LOGISTIEK, "Klanten helpen in de winkel", "thu,fri,sat", "customer_contact", &[(GASTVRIJHEID, 2)]),
            (LOGISTIEK, "Magazijn op orde", "wed", "heavy_lifting", &[(SORTEREN, 1)]),
        ],
    },
    DemoPackage {
        title: "Voedselhulp logistiek",
        organisation: 7,
        neighbourhood: OOSTERPOORT,
        status: PackageStatus::Open,
        positions: 3,
        start_in_months: 3,
        mentor: "Saskia Tuin",
        location: "Uitgiftepunt Samen Delen, Oosterpoort",
        description: "Pakketten samenstellen en uitgeven.",
        social_value: "Gezinnen in de wijk krijgen elke week hun pakket, met een vriendelijk woord",
        reason: "",
        tasks: &[
            (LOGISTIEK, "Pakketten samenstellen", "tue,wed", "prolonged_standing", &[(SORTEREN, 2)]),
            (
                LOGISTIEK,
                "Uitgifte voedselpakketten",
                "thu,fri",
                "customer_contact",
                &[(GASTVRIJHEID, 1), (GESPREKKEN, 1)],
            ),
        ],
    },
    DemoPackage {
        title: "Terreinbeheer sportpark",
        organisation: 8,
        neighbourhood: PADDEPOEL,
        status: PackageStatus::Approved,
        positions: 3,
        start_in_months: 4,
        mentor: "Bert Oosting",
        location: "Sportpark Noord, Paddepoel",
        description: "Velden en paden bijhouden, kleedkamers schoon.",
        social_value: "Een verzorgd sportpark voor de clubs en de buurt",
        reason: "",
        tasks: &[
            (GROEN, "Velden en paden bijhouden", "mon,tue,wed", "outdoor_work", &[(TUINIEREN, 2)]),
            (SCHOON, "Kleedkamers schoonmaken", "thu", "", &[(SCHOONMAKEN, 1)]),
        ],
    },
    DemoPackage {
        title: "Gastheer sportkantine",
        organisation: 8,
        neighbourhood: PADDEPOEL,
        status: PackageStatus::Draft,
        positions: 2,
        start_in_months: 6,
        mentor: "Bert Oosting",
        location: "Sportpark Noord, Paddepoel",
        description: "Kantinedienst in het weekend, vanaf het nieuwe seizoen.",
        social_value: "Een kantine die open is als de buurt komt sporten",
        reason: "",
        tasks: &[
            (HORECA, "Kantinedienst", "sat,sun", "customer_contact,prolonged_standing", &[(GASTVRIJHEID, 2)]),
            (SCHOON, "Kantine schoonhouden", "mon,tue", "", &[(SCHOONMAKEN, 1)]),
        ],
    },
    DemoPackage {
        title: "Bibliotheekassistent",
        organisation: 9,
        neighbourhood: HELPMAN,
        status: PackageStatus::Submitted,
        positions: 3,
        start_in_months: 4,
        mentor: "Esther Brouwer",
        location: "Bibliotheek in de Wijk, Helpman",
        description: "Boeken ordenen en bewoners helpen aan de digitale balie.",
        social_value: "Bewoners komen mee in een digitale wereld",
        reason: "",
        tasks: &[
            (ADMINISTRATIE, "Boeken terugzetten en ordenen", "mon,tue", "", &[(SORTEREN, 1), (ADMINISTREREN, 1)]),
            (
                ADMINISTRATIE,
                "Hulp bij de digitale balie",
                "wed,thu",
                "customer_contact",
                &[(COMPUTER, 2), (GESPREKKEN, 1)],
            ),
        ],
    },
];

/// The 60 candidates by status. Nobody is matched or employed until Matching and Contracts exist.
const CANDIDATE_STATUSES: &[(CandidateStatus, usize)] = &[
    (CandidateStatus::Registered, 8),
    (CandidateStatus::Intake, 12),
    (CandidateStatus::Eligible, 27),
    (CandidateStatus::PreTrajectory, 9),
    (CandidateStatus::Exited, 4),
];
/// The last of the eligible went through a pre-trajectory first.
const ELIGIBLE_AFTER_PRE_TRAJECTORY: usize = 3;
const CANDIDATES: usize = 60;

const FIRST_NAMES: &[&str] = &[
    "Sanne", "Ahmed", "Joke", "Pieter", "Fatma", "Kees", "Noor", "Bram", "Yara", "Henk", "Ilse", "Mohamed", "Ria",
    "Dennis", "Samira", "Gert", "Lotte", "Jeroen", "Anouk", "Rachid",
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
];
/// In the candidate's own words, one per task category.
const DREAM_JOBS: [&str; 6] = [
    "Werken in het groen, buiten",
    "Een schone buurt, daar word ik blij van",
    "Mensen helpen die alleen zijn",
    "Koken voor mensen in de buurt",
    "Bij de kringloop spullen opknappen",
    "Op kantoor, met de computer",
];
const EVIDENCE: [&str; 3] = [
    "Ruim vijf jaar in de bijstand; twee re-integratietrajecten (werkfit en een proefplaatsing) leidden niet tot regulier werk.",
    "Na de schooltijd alleen korte uitzendbanen; sinds acht jaar zonder werk ondanks sollicitaties en een opleiding via de gemeente.",
    "Langdurig zonder werk na een burn-out; vrijwilligerswerk bij het buurthuis gaat goed, een reguliere baan bleek te zwaar.",
];
const WAJONG_EVIDENCE: &str =
    "Wajong sinds het achttiende jaar; alleen werkervaring op een beschutte plek, regulier werk bleek niet haalbaar.";
const LIMITATIONS: [&str; 7] =
    ["", "heavy_lifting", "", "prolonged_standing", "heavy_lifting,outdoor_work", "", "night_work"];

const CONSULTANT_NAME: &str = "Carla Consulent";

/// The demo accounts that took the programme's steps, as the API records them (by username).
pub struct DemoStaff {
    pub consultant: (Uuid, String),
    pub partner: (Uuid, String),
}

/// What the demo holds, for the console.
pub fn summary() -> String {
    format!(
        "{} wijken, {} wijkbijeenkomsten, {} organisaties, {} kandidaten, {} takenpakketten",
        NEIGHBOURHOODS.len(),
        SESSIONS.len(),
        ORGANISATIONS.len(),
        CANDIDATES,
        PACKAGES.len()
    )
}

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

/// The first of the month `months` months after `today`: a package's start date.
fn start_date(today: NaiveDate, months: u32) -> NaiveDate {
    today.with_day(1).and_then(|first| first.checked_add_months(Months::new(months))).unwrap_or(today)
}

/// A moment `days_ago` days before `today`, at a working hour.
fn at(today: NaiveDate, days_ago: i64, hour: u32, minute: u32) -> DateTime<Utc> {
    (today - Duration::days(days_ago)).and_hms_opt(hour, minute, 0).unwrap_or_default().and_utc()
}

/// A schedule in slot codes: `mon` is `mon:morning,mon:afternoon`.
fn schedule(text: &str) -> Vec<String> {
    text.split(',')
        .flat_map(|part| match part.split_once(':') {
            Some(_) => vec![part.to_owned()],
            None => vec![format!("{part}:morning"), format!("{part}:afternoon")],
        })
        .collect()
}

/// The steps of the package workflow that lead to `status`.
fn package_path(status: PackageStatus) -> &'static [PackageStatus] {
    use PackageStatus::*;
    match status {
        Draft => &[Draft],
        Submitted => &[Draft, Submitted],
        Approved => &[Draft, Submitted, Approved],
        Open => &[Draft, Submitted, Approved, Open],
        Rejected => &[Draft, Submitted, Rejected],
        Closed => &[Draft, Submitted, Approved, Closed],
        // Filled comes from placements (the demo round), never from the seed itself.
        Filled => &[],
    }
}

/// One candidate's story: the status of each step with the day it was taken.
struct Story {
    status: CandidateStatus,
    /// Days ago of registration.
    registered: i64,
    /// Within its status, the how-manieth this candidate is.
    rank: usize,
}

impl Story {
    fn new(n: usize) -> Self {
        // Spread the statuses over the list: candidate n takes slot (7n mod 60) of the status table.
        let slot = (n * 7) % CANDIDATES;
        let mut start = 0;
        let (status, rank) = CANDIDATE_STATUSES
            .iter()
            .find_map(|(status, count)| {
                let found = (slot < start + count).then(|| (*status, slot - start));
                start += count;
                found
            })
            .unwrap_or((CandidateStatus::Registered, 0));
        let registered = match status {
            CandidateStatus::Registered => 2 + 2 * rank as i64,
            CandidateStatus::Intake => 10 + 3 * rank as i64,
            CandidateStatus::Eligible if rank >= 27 - ELIGIBLE_AFTER_PRE_TRAJECTORY => 100 + 5 * (rank as i64 - 24),
            CandidateStatus::Eligible => 24 + 3 * rank as i64,
            CandidateStatus::PreTrajectory => 25 + 5 * rank as i64,
            _ => [50, 60, 90, 120][rank.min(3)],
        };
        Story { status, registered, rank }
    }

    fn after_pre_trajectory(&self) -> bool {
        self.status == CandidateStatus::Eligible && self.rank >= 27 - ELIGIBLE_AFTER_PRE_TRAJECTORY
    }

    /// Exited candidates: the first two left during intake, the other two after being found eligible.
    fn exit(&self) -> Option<(ExitReason, &'static str, bool)> {
        (self.status == CandidateStatus::Exited).then_some(match self.rank {
            0 => (ExitReason::Moved, "Verhuisd naar Assen; dossier overgedragen aan de gemeente Assen.", false),
            1 => (ExitReason::Stopped, "Wil nu geen basisbaan: de mantelzorg voor een ouder gaat voor.", false),
            2 => (ExitReason::RegularJob, "Vond zelf een baan van 24 uur bij een supermarkt in de wijk.", true),
            _ => (ExitReason::OtherWork, "Werkt nu via een uitzendbureau in de kassen.", true),
        })
    }

    fn pre_trajectory_for_hours(&self) -> bool {
        self.status == CandidateStatus::PreTrajectory && self.rank.is_multiple_of(3)
    }
}

pub async fn seed(db: &impl ConnectionTrait, municipality_id: Uuid, staff: &DemoStaff) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let today = now.date_naive();
    let mut hood_ids = Vec::new();
    for (name, ranges) in NEIGHBOURHOODS {
        let id = Uuid::now_v7();
        hood_ids.push(id);
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
    neighbourhood_adjacencies::Entity::insert_many(ADJACENT.iter().flat_map(|(a, b)| {
        [(hood_ids[*a], hood_ids[*b]), (hood_ids[*b], hood_ids[*a])].map(|(from, to)| {
            neighbourhood_adjacencies::ActiveModel { neighbourhood_id: Set(from), adjacent_id: Set(to) }
        })
    }))
    .exec_without_returning(db)
    .await?;
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
    let organisation_ids = seed_organisations(db, &hood_ids).await?;
    // The demo partner works for its organisation, as an admin would have set on its account.
    use sea_orm::ExprTrait;
    users::Entity::update_many()
        .col_expr(users::Column::OrganisationId, Expr::value(organisation_ids[PARTNER_ORGANISATION]))
        .col_expr(users::Column::Version, Expr::col(users::Column::Version).add(1))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(staff.partner.0))
        .exec(db)
        .await?;
    let system = crate::audit::Actor { name: Some("system".into()), ..Default::default() };
    let entry = crate::audit::Entry::new(shared::audit::AuditAction::Update, "user")
        .record(staff.partner.0)
        .details("organisation");
    crate::audit::record(db, system, entry).await?;
    let ids = Ids {
        municipality_id,
        hoods: hood_ids,
        categories: category_ids,
        abilities: ability_ids,
        organisations: organisation_ids,
    };
    seed_candidates(db, today, &ids, staff).await?;
    seed_task_intake(db, today, &ids, staff).await?;
    seed_preferences(db, &ids, staff, now).await?;
    seed_round(db, staff, now).await?;
    seed_contracts(db, staff, now).await?;
    seed_guidance(db, staff, now).await?;
    seed_surveys(db, staff, now).await?;
    seed_research_client(db, now).await
}

/// The research partner's API client (`research`, machine-only: the evaluation export and nothing else),
/// so that the demo shows it on the API clients page. Its secret is random and known to nobody: it is
/// stored hashed and never printed; an admin who wants to try the export rotates it on that page, which
/// shows the new secret once.
async fn seed_research_client(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), sea_orm::DbErr> {
    let id = Uuid::now_v7();
    crate::db::api_clients::Entity::insert(crate::db::api_clients::ActiveModel {
        id: Set(id),
        client_id: Set(format!("bb_{}", id.simple())),
        name: Set("Onderzoeksbureau (evaluatie)".into()),
        secret_hash: Set(crate::auth::password::sha256_hex(&crate::auth::password::random_token())),
        role: Set(shared::auth::Role::Research.as_str().into()),
        organisation_id: Set(None),
        municipality_id: Set(None),
        created_by: Set(None),
        created_at: Set(now),
        revoked_at: Set(None),
        last_used_at: Set(None),
        secret_expires_at: Set(Some(now + Duration::days(90))),
    })
    .exec_without_returning(db)
    .await?;
    let system = crate::audit::Actor { name: Some("system".into()), ..Default::default() };
    crate::audit::record(
        db,
        system,
        crate::audit::Entry::new(shared::audit::AuditAction::Create, "api_client").record(id),
    )
    .await?;
    Ok(())
}

/// Experience surveys for the demo's active contracts: the demo's contracts started two days ago (the
/// round ran nine days ago), so no survey is due yet; each employee and each work provider with a placement
/// gave a first (baseline) survey on the first working day, entered by the consultant. The next falls due
/// three (employee) and six (organisation) months after the start.
async fn seed_surveys(db: &impl ConnectionTrait, staff: &DemoStaff, now: DateTime<Utc>) -> Result<(), sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    use shared::contracts::lifecycle::ContractStatus;
    let failed = |e: crate::infra::error::ApiError| sea_orm::DbErr::Custom(format!("demo surveys: {e:?}"));
    let active = crate::db::contracts::Entity::find()
        .filter(crate::db::contracts::Column::Status.eq(ContractStatus::Active.as_str()))
        .order_by_asc(crate::db::contracts::Column::Id)
        .all(db)
        .await?;
    let comments = ["Eerste week gaat goed.", "Spannend, maar de collega's zijn aardig.", "Reistijd is wennen."];
    let mut employees = Vec::new();
    let mut organisations: Vec<crate::db::organisation_surveys::Model> = Vec::new();
    for (i, c) in active.iter().enumerate() {
        let at = now - Duration::days(1);
        let score = |base: i16| (base + (i % 3) as i16).min(10);
        employees.push(crate::db::employee_surveys::Model {
            id: Uuid::now_v7(),
            contract_id: c.id,
            candidate_id: c.candidate_id,
            organisation_id: c.organisation_id,
            surveyed_on: c.start_date,
            wellbeing: score(6),
            income: score(5),
            work: score(7),
            social_contacts: score(6),
            comment: comments[i % comments.len()].to_owned(),
            entered_by_id: Some(staff.consultant.0),
            entered_by_name: Some(staff.consultant.1.clone()),
            actor_kind: "staff".into(),
            created_at: at,
        });
        if organisations.iter().all(|o| o.organisation_id != c.organisation_id) {
            organisations.push(crate::db::organisation_surveys::Model {
                id: Uuid::now_v7(),
                organisation_id: c.organisation_id,
                surveyed_on: c.start_date,
                satisfaction: score(7),
                neighbourhood_effect: score(6),
                comment: "Goede start; de buurt kijkt mee.".into(),
                entered_by_id: Some(staff.consultant.0),
                entered_by_name: Some(staff.consultant.1.clone()),
                actor_kind: "staff".into(),
                created_at: at,
            });
        }
    }
    crate::surveys::service::insert_employee_surveys(db, employees).await.map_err(failed)?;
    crate::surveys::service::insert_organisation_surveys(db, organisations).await.map_err(failed)
}

/// Guidance of the demo's contracts, through the same services as the API: the demo job coach (`jobcoach`)
/// guides every person with a contract since the trial placement began (so it has a caseload), each with a
/// workplace mentor; check-ins every month or so over the past three months, a development goal with its
/// progress, and provisions (job coaching for the contract's year, for some a workplace adaptation). For
/// every fourth person the mentor left last week and no new one was assigned: "handover needed".
async fn seed_guidance(db: &impl ConnectionTrait, staff: &DemoStaff, now: DateTime<Utc>) -> Result<(), sea_orm::DbErr> {
    use crate::guidance::service as guidance;
    use sea_orm::QueryOrder;
    use shared::guidance::{
        AssignmentKind, CreateAssignment, CreateCheckIn, CreateGoal, CreateProvision, Domain, EndAssignment,
        GoalProgress, GoalStatus, ProvisionKind,
    };
    let failed = |e: crate::infra::error::ApiError| sea_orm::DbErr::Custom(format!("demo guidance: {e:?}"));
    let caller = crate::auth::AuthUser {
        user_id: Some(staff.consultant.0),
        client_id: None,
        name: staff.consultant.1.clone(),
        role: shared::auth::Role::Consultant,
        organisation_id: None,
        municipality_id: None,
        must_change_password: false,
    };
    let coach = users::Entity::find().filter(users::Column::Username.eq("jobcoach")).one(db).await?;
    let contracts = crate::db::contracts::Entity::find().order_by_asc(crate::db::contracts::Column::Id).all(db).await?;
    const MENTORS: [&str; 5] = ["Ria de Vries", "Kees Bakker", "Fatima el Idrissi", "Henk Mulder", "Sanne Smit"];
    const NOTES: [(&str, &[Domain]); 4] = [
        ("Kennismaking op de werkplek; afspraken over begintijden gemaakt.", &[Domain::Work]),
        ("Gaat goed met de collega's; slaapt slecht, huisarts ingeschakeld.", &[Domain::Work, Domain::Wellbeing]),
        ("Vragen over de toeslagen; samen de aanvraag gedaan.", &[Domain::Income]),
        ("Wil graag meer uren; schulden bij de budgetcoach aangemeld.", &[Domain::Work, Domain::SocialProblems]),
    ];
    for (i, contract) in contracts.iter().enumerate() {
        let person = contract.candidate_id;
        let day = |days_ago: i64| (now - Duration::days(days_ago)).date_naive();
        let at = |days_ago: i64| now - Duration::days(days_ago);
        if let Some(coach) = &coach {
            let assignment = CreateAssignment {
                kind: Some(AssignmentKind::Coach),
                from: Some(day(90)),
                coach_user_id: Some(coach.id),
                ..Default::default()
            };
            guidance::assign(db, &caller, person, assignment, at(90)).await.map_err(failed)?;
        }
        let mentor = CreateAssignment {
            kind: Some(AssignmentKind::Mentor),
            from: Some(day(60)),
            mentor_name: MENTORS[i % MENTORS.len()].into(),
            mentor_contact: format!("06-{:08}", 20_000_000 + i * 7919),
            ..Default::default()
        };
        let mentor = guidance::assign(db, &caller, person, mentor, at(60)).await.map_err(failed)?;
        if i % 4 == 3 {
            let end = EndAssignment { until: Some(day(7)), reason: "Mentor uit dienst".into() };
            guidance::end_assignment(db, &caller, mentor.id, end, at(6)).await.map_err(failed)?;
        }
        for (k, days_ago) in [85i64, 55, 25, 4].into_iter().enumerate() {
            let (note, domains) = NOTES[(i + k) % NOTES.len()];
            let check_in = CreateCheckIn { held_on: Some(day(days_ago)), domains: domains.to_vec(), note: note.into() };
            guidance::create_check_in(db, &caller, person, check_in, at(days_ago)).await.map_err(failed)?;
        }
        let goal = CreateGoal {
            title: if i % 2 == 0 { "Zelfstandig naar het werk reizen".into() } else { "Werken met de kassa".into() },
            description: "Afgesproken in het ontwikkelplan.".into(),
            target_date: Some(day(-90)),
        };
        let goal = guidance::create_goal(db, &caller, person, goal, at(80)).await.map_err(failed)?;
        for (version, (status, percentage, days_ago)) in
            [(GoalStatus::InProgress, 30u8, 50i64), (GoalStatus::InProgress, 60, 20)].into_iter().enumerate()
        {
            let progress = GoalProgress {
                status: Some(status),
                percentage: Some(percentage),
                note: "Voortgang besproken met de jobcoach.".into(),
                version: Some(version as i32 + 1),
            };
            guidance::update_goal(db, &caller, goal.id, progress, at(days_ago)).await.map_err(failed)?;
        }
        let coaching = CreateProvision {
            kind: Some(ProvisionKind::JobCoaching),
            description: "Jobcoaching, 4 uur per maand".into(),
            cost: Some(rust_decimal::Decimal::new(240_000, 2)),
            from: Some(contract.start_date),
            until: Some(contract.end_date.unwrap_or(contract.start_date + Duration::days(364))),
        };
        guidance::create_provision(db, &caller, person, coaching, at(2)).await.map_err(failed)?;
        if i % 3 == 0 {
            let adaptation = CreateProvision {
                kind: Some(ProvisionKind::WorkplaceAdaptation),
                description: "Sta-zittafel".into(),
                cost: Some(rust_decimal::Decimal::new(85_000, 2)),
                from: Some(day(30)),
                until: Some(day(30)),
            };
            guidance::create_provision(db, &caller, person, adaptation, at(30)).await.map_err(failed)?;
        }
    }
    Ok(())
}

/// Contracts for the demo's placements that reached `agreed`: every third trial placement of the round was
/// agreed three days ago and its contract (28 or 32 hours, temporary for a year) drawn up and signed the
/// same day; every other of those started the day before yesterday and is active (the person `employed`).
/// Through the same services as the API, so the match is `contracted` and every version recorded.
async fn seed_contracts(
    db: &impl ConnectionTrait,
    staff: &DemoStaff,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    use shared::contracts::HoursReason;
    use shared::contracts::lifecycle::ContractStatus;
    use shared::contracts::wire::{ContractTransition, CreateContract};
    use shared::matching::lifecycle::MatchStage;
    use shared::matching::wire::MatchTransition;
    let failed = |e: crate::infra::error::ApiError| sea_orm::DbErr::Custom(format!("demo contracts: {e:?}"));
    let caller = crate::auth::AuthUser {
        user_id: Some(staff.consultant.0),
        client_id: None,
        name: staff.consultant.1.clone(),
        role: shared::auth::Role::Consultant,
        organisation_id: None,
        municipality_id: None,
        must_change_password: false,
    };
    let placements = crate::db::matches::Entity::find()
        .filter(crate::db::matches::Column::Stage.eq(MatchStage::TrialPlacement.as_str()))
        .order_by_asc(crate::db::matches::Column::Id)
        .all(db)
        .await?;
    let agreed_at = now - Duration::days(3);
    let start = (now - Duration::days(2)).date_naive();
    for (i, placement) in placements.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        let agree = MatchTransition {
            to: Some(MatchStage::Agreed),
            reason: String::new(),
            version: Some(placement.version),
            declined_by: None,
            position_id: None,
            trial_start_date: None,
            trial_end_date: None,
        };
        crate::matching::match_service::transition(db, &caller, placement.id, agree, agreed_at)
            .await
            .map_err(failed)?;
        let fewer = i % 2 == 1;
        let request = CreateContract {
            match_id: Some(placement.id),
            start_date: Some(start),
            end_date: Some(start + Duration::days(364)),
            kind: None,
            hours_per_week: Some(if fewer { 28 } else { 32 }),
            hours_reason: fewer.then_some(HoursReason::Wish),
            collective_agreement: String::new(),
            pay_scale: "Schaal 2".into(),
            hourly_wage: Some(rust_decimal::Decimal::new(1450, 2)),
            trial_period_months: Some(1),
        };
        let service = crate::contracts::contract_service::create;
        let contract = service(db, &caller, request, agreed_at + Duration::hours(1)).await.map_err(failed)?;
        let step = |to: ContractStatus, version: i32| ContractTransition {
            to: Some(to),
            version: Some(version),
            end_reason: None,
            date: None,
            reason: String::new(),
        };
        let transition = crate::contracts::contract_service::transition;
        transition(db, &caller, contract.id, step(ContractStatus::Signed, 1), agreed_at + Duration::hours(3))
            .await
            .map_err(failed)?;
        if i % 6 == 0 {
            transition(db, &caller, contract.id, step(ContractStatus::Active, 2), now - Duration::days(1))
                .await
                .map_err(failed)?;
        }
    }
    Ok(())
}

/// One completed matching round, nine days ago: a `stable` round over every open package and eligible
/// candidate, run by the consultant through the same services as the API. Staff went through its
/// proposals: three in four accepted (introduced the next day), of which every other one started a trial
/// placement four days later (the candidate is then `matched`; a package is `filled` only when every
/// position holds a placement), and one in four rejected.
async fn seed_round(db: &impl ConnectionTrait, staff: &DemoStaff, now: DateTime<Utc>) -> Result<(), sea_orm::DbErr> {
    use shared::matching::lifecycle::{DeclinedBy, MatchStage};
    use shared::matching::rounds::{CreateRound, RoundAlgorithm};
    use shared::matching::wire::MatchTransition;
    let failed = |e: crate::infra::error::ApiError| sea_orm::DbErr::Custom(format!("demo round: {e:?}"));
    let caller = crate::auth::AuthUser {
        user_id: Some(staff.consultant.0),
        client_id: None,
        name: staff.consultant.1.clone(),
        role: shared::auth::Role::Consultant,
        organisation_id: None,
        municipality_id: None,
        must_change_password: false,
    };
    let ran = now - Duration::days(9);
    let request = CreateRound { algorithm: Some(RoundAlgorithm::Stable), package_ids: None, candidate_ids: None };
    let round = crate::matching::round_service::create(db, &caller, request, ran).await.map_err(failed)?;
    let step = |to: MatchStage, version: i32| MatchTransition {
        to: Some(to),
        reason: String::new(),
        version: Some(version),
        declined_by: None,
        position_id: None,
        trial_start_date: None,
        trial_end_date: None,
    };
    for (k, proposal) in round.proposals.iter().enumerate() {
        let id = proposal.match_id;
        let transition = crate::matching::match_service::transition;
        if k % 4 == 3 {
            let reject = MatchTransition {
                reason: "Past nu minder goed dan de andere voorstellen; volgende ronde opnieuw bekijken.".into(),
                declined_by: Some(DeclinedBy::Staff),
                ..step(MatchStage::Declined, 1)
            };
            transition(db, &caller, id, reject, ran + Duration::hours(2)).await.map_err(failed)?;
            continue;
        }
        let introduced = ran + Duration::days(1) + Duration::hours(k as i64 % 5);
        transition(db, &caller, id, step(MatchStage::Introduced, 1), introduced).await.map_err(failed)?;
        if k % 2 == 0 {
            let start = (ran + Duration::days(5)).date_naive();
            let trial = MatchTransition {
                trial_start_date: Some(start),
                trial_end_date: Some(start + Duration::weeks(8)),
                ..step(MatchStage::TrialPlacement, 2)
            };
            transition(db, &caller, id, trial, introduced + Duration::days(3)).await.map_err(failed)?;
        }
    }
    Ok(())
}

/// The choices the eligible candidates made in their last conversation: up to three open packages with work
/// in their wished wijk first, then in a bordering one.
async fn seed_preferences(
    db: &impl ConnectionTrait,
    ids: &Ids,
    staff: &DemoStaff,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let open: Vec<task_packages::Model> = task_packages::Entity::find()
        .filter(task_packages::Column::Status.eq(PackageStatus::Open.as_str()))
        .all(db)
        .await?;
    let members = task_package_tasks::Entity::find().all(db).await?;
    let task_hoods: std::collections::HashMap<Uuid, Uuid> =
        tasks::Entity::find().all(db).await?.into_iter().map(|t| (t.id, t.neighbourhood_id)).collect();
    let hoods_of = |package: Uuid| -> Vec<Uuid> {
        members.iter().filter(|m| m.package_id == package).filter_map(|m| task_hoods.get(&m.task_id).copied()).collect()
    };
    let index = |hood: Uuid| ids.hoods.iter().position(|h| *h == hood);
    let borders = |a: Uuid, b: Uuid| match (index(a), index(b)) {
        (Some(a), Some(b)) => ADJACENT.iter().any(|pair| *pair == (a, b) || *pair == (b, a)),
        _ => false,
    };
    let eligible = candidates::Entity::find()
        .filter(candidates::Column::Status.eq(CandidateStatus::Eligible.as_str()))
        .all(db)
        .await?;
    for (n, candidate) in eligible.iter().enumerate() {
        let Some(home) = candidate.wish_neighbourhood_id.or(candidate.neighbourhood_id) else { continue };
        let mut ranked: Vec<(u8, &task_packages::Model)> = open
            .iter()
            .filter_map(|p| {
                let hoods = hoods_of(p.id);
                if hoods.contains(&home) {
                    Some((0, p))
                } else if hoods.iter().any(|h| borders(home, *h)) {
                    Some((1, p))
                } else {
                    None
                }
            })
            .collect();
        ranked.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
        ranked.truncate(3);
        if ranked.is_empty() {
            continue;
        }
        let recorded_at = now - Duration::days(2 + (n % 9) as i64) - Duration::hours(3);
        candidate_preference_lists::Entity::insert(candidate_preference_lists::ActiveModel {
            candidate_id: Set(candidate.id),
            recorded_by_id: Set(Some(staff.consultant.0)),
            recorded_by_name: Set(Some(staff.consultant.1.clone())),
            recorded_at: Set(recorded_at),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
        candidate_preferences::Entity::insert_many(ranked.iter().enumerate().map(|(rank, (_, package))| {
            candidate_preferences::ActiveModel {
                candidate_id: Set(candidate.id),
                rank: Set(rank as i32 + 1),
                package_id: Set(package.id),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

struct Ids {
    municipality_id: Uuid,
    hoods: Vec<Uuid>,
    categories: Vec<Uuid>,
    abilities: Vec<Uuid>,
    organisations: Vec<Uuid>,
}

async fn seed_organisations(db: &impl ConnectionTrait, hood_ids: &[Uuid]) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    let now = Utc::now();
    let mut ids = Vec::new();
    for (index, o) in ORGANISATIONS.iter().enumerate() {
        let id = Uuid::now_v7();
        ids.push(id);
        organisations::Entity::insert(organisations::ActiveModel {
            id: Set(id),
            name: Set(o.name.into()),
            kvk_number: Set(o.kvk.into()),
            roles: Set(o.roles.into()),
            description: Set(o.description.into()),
            contribution_per_position: Set(o.contribution.map(|c| Decimal::new(c * 100, 2))),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
        organisation_neighbourhoods::Entity::insert_many(o.neighbourhoods.iter().map(|hood| {
            organisation_neighbourhoods::ActiveModel {
                organisation_id: Set(id),
                neighbourhood_id: Set(hood_ids[*hood]),
            }
        }))
        .exec_without_returning(db)
        .await?;
        let first = o.contact.split(' ').next().unwrap_or("contact").to_lowercase();
        organisation_contacts::Entity::insert(organisation_contacts::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(id),
            name: Set(o.contact.into()),
            role: Set("contactpersoon basisbanen".into()),
            email: Set(format!("{first}@{}.example.nl", o.domain)),
            phone: Set(format!("050-555 {:04}", 1100 + index * 7)),
            position: Set(0),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(ids)
}

/// Rows of one candidate's history, collected for a few multi-row inserts.
#[derive(Default)]
struct CandidateRows {
    candidates: Vec<candidates::ActiveModel>,
    abilities: Vec<candidate_abilities::ActiveModel>,
    days: Vec<candidate_available_days::ActiveModel>,
    limitations: Vec<candidate_physical_limitations::ActiveModel>,
    wishes: Vec<candidate_wish_categories::ActiveModel>,
    changes: Vec<candidate_status_changes::ActiveModel>,
    intakes: Vec<intakes::ActiveModel>,
    decisions: Vec<eligibility_decisions::ActiveModel>,
}

async fn seed_candidates(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    ids: &Ids,
    staff: &DemoStaff,
) -> Result<(), sea_orm::DbErr> {
    let (consultant_id, consultant) = (Some(staff.consultant.0), staff.consultant.1.clone());
    let mut rows = CandidateRows::default();
    for n in 0..CANDIDATES {
        let story = Story::new(n);
        let id = Uuid::now_v7();
        let first = FIRST_NAMES[n % FIRST_NAMES.len()];
        let last = LAST_NAMES[(n * 7) % LAST_NAMES.len()];
        let hood = n % NEIGHBOURHOODS.len();
        let pc4 = NEIGHBOURHOODS[hood].1.get(..4).unwrap_or("9711");
        let letters = ["AB", "CD", "EG", "HK", "LM", "NP"][n % 6];
        let birth =
            NaiveDate::from_ymd_opt(today.year() - 22 - (n as i32 * 7) % 40, (n % 12) as u32 + 1, (n % 27) as u32 + 1)
                .unwrap_or_default();
        let wish = n % TASK_CATEGORIES.len();
        let source = if n % 10 == 3 { Source::Wajong } else { Source::Participatiewet };
        let (benefit_kind, benefit_amount) = match source {
            Source::Wajong => ("wajong", Some(Decimal::new(124_500 + (n as i64 % 3) * 3_000, 2))),
            // Not entitled to bijstand (a partner's income), but registered by the municipality.
            _ if n % 17 == 5 => ("none", None),
            _ => ("bijstand", Some(Decimal::new(118_000 + (n as i64 % 5) * 4_550, 2))),
        };

        // The timeline, in days ago: registered, into intake, the conversation, a work assessment,
        // the decision (and after a pre-trajectory the second one), an exit.
        let r = story.registered;
        let registered_at = at(today, r, 9, (n % 6) as u32 * 10);
        let mut changes = vec![(None, CandidateStatus::Registered, "aangemeld".to_owned(), None, registered_at)];
        let mut confirmed = registered_at;
        let mut writes = 1;
        let exit = story.exit();
        let decided = matches!(story.status, CandidateStatus::Eligible | CandidateStatus::PreTrajectory)
            || exit.is_some_and(|e| e.2);
        let (mut wage, mut expected) = (None, None);
        let mut hours = if story.status == CandidateStatus::Registered {
            story.rank.is_multiple_of(2).then_some(32)
        } else {
            Some([32, 32, 24, 28, 32, 20, 32, 16][n % 8])
        };
        if story.status != CandidateStatus::Registered {
            changes.push((
                Some(CandidateStatus::Registered),
                CandidateStatus::Intake,
                "Intakegesprek ingepland".into(),
                None,
                at(today, r - 4, 10, 0),
            ));
            writes += 1;
            let held = at(today, r - 8, 14, 0);
            let result = format!(
                "Gemotiveerd; droomt van: {}. Beschikbaar {} uur per week.",
                DREAM_JOBS[wish].to_lowercase(),
                hours.unwrap_or(0)
            );
            rows.intakes.push(intake(
                id,
                IntakeKind::Conversation,
                held,
                CONSULTANT_NAME,
                result,
                "Integrale blik: wonen en inkomen op orde; wil dicht bij huis werken.",
                consultant_id,
            ));
            // After the conversation the consultant completes the record: availability confirmed.
            confirmed = held + Duration::hours(1);
            writes += 1;
        }
        if decided {
            let assessor = if n % 2 == 0 { "Begeleiding Op Maat" } else { "Jobcoaching Noord" };
            let (w, e, h) = if story.pre_trajectory_for_hours() {
                (35, 40, 8)
            } else if story.status == CandidateStatus::PreTrajectory || story.after_pre_trajectory() {
                (20 + (story.rank % 2) as i32 * 5, 28, 24)
            } else {
                let w = [30, 35, 40, 45, 50, 55, 60, 40][n % 8];
                (w, (w + 10).min(100), hours.unwrap_or(32))
            };
            hours = Some(h);
            (wage, expected) = (Some(w), Some(e));
            let held = at(today, r - 15, 15, 30);
            let result = format!(
                "Werkplekonderzoek van twee dagen: {h} uur per week belastbaar, loonwaarde nu {w}%, over zes maanden naar verwachting {e}%."
            );
            rows.intakes.push(intake(id, IntakeKind::WorkAssessment, held, assessor, result, "", consultant_id));
            let decided_at = at(today, r - 21, 11, 0);
            let (outcome, motivation) = if story.status == CandidateStatus::PreTrajectory
                || story.after_pre_trajectory()
            {
                let why = if h < 12 {
                    format!(
                        "Nu {h} uur per week belastbaar, minder dan 12: eerst acht weken een werkfitplek om uren op te bouwen, daarna opnieuw beoordelen."
                    )
                } else {
                    format!(
                        "Loonwaarde nu {w}%, ook over zes maanden naar verwachting {e}%, onder de 30%: eerst acht weken een werkfitplek, daarna opnieuw beoordelen."
                    )
                };
                (CandidateStatus::PreTrajectory, why)
            } else {
                (CandidateStatus::Eligible, eligible_motivation(h, w, source))
            };
            changes.push((Some(CandidateStatus::Intake), outcome, motivation.clone(), None, decided_at));
            rows.decisions.push(decision(id, outcome, motivation, decided_at, &staff.consultant));
            writes += 1;
            if story.after_pre_trajectory() {
                expected = Some(35);
                let held = at(today, r - 72, 15, 0);
                let result = format!(
                    "Evaluatie van de werkfitplek: {h} uur per week volgehouden, loonwaarde groeit naar verwachting naar 35% binnen zes maanden."
                );
                rows.intakes.push(intake(id, IntakeKind::WorkAssessment, held, assessor, result, "", consultant_id));
                confirmed = held + Duration::hours(1);
                writes += 1;
                let decided_at = at(today, r - 75, 11, 30);
                let motivation = format!(
                    "Na de werkfitplek: {h} uur per week, loonwaarde over zes maanden naar verwachting 35%. Voldoet nu aan de criteria; klaar voor een basisbaan."
                );
                changes.push((
                    Some(CandidateStatus::PreTrajectory),
                    CandidateStatus::Eligible,
                    motivation.clone(),
                    None,
                    decided_at,
                ));
                rows.decisions.push(decision(id, CandidateStatus::Eligible, motivation, decided_at, &staff.consultant));
                writes += 1;
            }
        }
        if let Some((reason, why, after_decision)) = exit {
            let from = if after_decision { CandidateStatus::Eligible } else { CandidateStatus::Intake };
            let days = if after_decision { r - 35 } else { r - 20 };
            changes.push((Some(from), CandidateStatus::Exited, why.into(), Some(reason), at(today, days, 16, 0)));
            writes += 1;
        }
        let last_change = changes.last().map_or(registered_at, |c| c.4);
        let limitations =
            if story.status == CandidateStatus::Registered { "" } else { LIMITATIONS[n % LIMITATIONS.len()] };
        let days: &[&str] = match hours {
            Some(h) if h <= 16 => &["tue", "thu"],
            Some(h) if h <= 24 => &["mon", "tue", "wed"],
            Some(_) if n % 3 == 0 => &["mon", "tue", "wed", "thu"],
            Some(_) => &["mon", "tue", "wed", "thu", "fri"],
            None => &[],
        };
        rows.candidates.push(candidates::ActiveModel {
            id: Set(id),
            municipality_id: Set(ids.municipality_id),
            first_name: Set(first.into()),
            last_name: Set(last.into()),
            search_name: Set(shared::text::fold(&format!("{first} {last}"))),
            sort_name: Set(shared::text::sort_name(last, first)),
            date_of_birth: Set(Some(birth)),
            bsn: Set(Some(demo_bsn(n as u32 + 1))),
            email: Set(format!("{}.{}@example.nl", first.to_lowercase(), n)),
            phone: Set(format!("06-{:08}", 10_000_000 + n * 7_331)),
            postcode: Set(format!("{pc4} {letters}")),
            house_number: Set(format!("{}", n % 120 + 1)),
            neighbourhood_id: Set(Some(ids.hoods[hood])),
            source: Set(source.as_str().into()),
            target_group_register: Set(source == Source::Wajong || n % 3 == 0),
            benefit_kind: Set(Some(benefit_kind.into())),
            benefit_monthly_amount: Set(benefit_amount),
            regular_work_evidence: Set(if source == Source::Wajong {
                WAJONG_EVIDENCE
            } else {
                EVIDENCE[n % EVIDENCE.len()]
            }
            .into()),
            available_hours: Set(hours),
            wished_hours_per_week: Set(None),
            available_days_mask: Set(shared::matching::day_mask(
                days.iter().filter_map(|d| shared::candidates::Weekday::parse(d)),
            )),
            limitations_mask: Set(shared::matching::demand_mask(
                limitations.split(',').filter_map(PhysicalDemand::parse),
            )),
            availability_confirmed_at: Set(Some(confirmed)),
            availability_confirmed_by_id: Set(Some(staff.consultant.0)),
            availability_confirmed_by_name: Set(Some(staff.consultant.1.clone())),
            limitation_notes: Set(if limitations.contains("heavy_lifting") {
                "Rugklachten; niet zwaar tillen".into()
            } else {
                String::new()
            }),
            wish_neighbourhood_id: Set(Some(ids.hoods[hood])),
            dream_job: Set(DREAM_JOBS[wish].into()),
            wage_value_pct: Set(wage),
            expected_wage_value_pct: Set(expected),
            status: Set(story.status.as_str().into()),
            exit_reason: Set(exit.map(|e| crate::registration::service::exit_reason_str(e.0).into())),
            created_at: Set(registered_at),
            updated_at: Set(last_change.max(confirmed)),
            merged_into_id: Set(None),
            merged_at: Set(None),
            erased_at: Set(None),
            version: Set(writes),
        });
        rows.days.extend(
            days.iter().map(|d| candidate_available_days::ActiveModel { candidate_id: Set(id), day: Set((*d).into()) }),
        );
        rows.limitations.extend(
            limitations.split(',').filter(|l| !l.is_empty()).map(|l| candidate_physical_limitations::ActiveModel {
                candidate_id: Set(id),
                limitation: Set(l.into()),
            }),
        );
        if story.status != CandidateStatus::Registered {
            for (ability, level) in demo_abilities(n, wish) {
                rows.abilities.push(candidate_abilities::ActiveModel {
                    candidate_id: Set(id),
                    ability_id: Set(ids.abilities[ability]),
                    level: Set(level),
                });
            }
        }
        rows.wishes.push(candidate_wish_categories::ActiveModel {
            candidate_id: Set(id),
            task_category_id: Set(ids.categories[wish]),
        });
        for (from, to, reason, exit_reason, changed_at) in changes {
            rows.changes.push(candidate_status_changes::ActiveModel {
                id: Set(Uuid::now_v7()),
                candidate_id: Set(id),
                from_status: Set(from.map(|s| s.as_str().into())),
                to_status: Set(to.as_str().into()),
                reason: Set(reason),
                exit_reason: Set(exit_reason.map(|r| crate::registration::service::exit_reason_str(r).into())),
                changed_by_id: Set(consultant_id),
                changed_by_name: Set(Some(consultant.clone())),
                changed_at: Set(changed_at),
            });
        }
    }
    insert_all(rows.candidates, |m| candidates::Entity::insert_many(m).exec_without_returning(db)).await?;
    // The list counters, in the seeding's one transaction into an empty database (later status changes of
    // the demo's round go through the status service, which keeps them).
    crate::registration::counts::recount(db).await?;
    insert_all(rows.abilities, |m| candidate_abilities::Entity::insert_many(m).exec_without_returning(db)).await?;
    insert_all(rows.wishes, |m| candidate_wish_categories::Entity::insert_many(m).exec_without_returning(db)).await?;
    insert_all(rows.days, |m| candidate_available_days::Entity::insert_many(m).exec_without_returning(db)).await?;
    insert_all(rows.limitations, |m| candidate_physical_limitations::Entity::insert_many(m).exec_without_returning(db))
        .await?;
    insert_all(rows.changes, |m| candidate_status_changes::Entity::insert_many(m).exec_without_returning(db)).await?;
    insert_all(rows.intakes, |m| intakes::Entity::insert_many(m).exec_without_returning(db)).await?;
    insert_all(rows.decisions, |m| eligibility_decisions::Entity::insert_many(m).exec_without_returning(db)).await
}

/// The abilities the open demo packages with work of `category` require, each at the highest level asked.
fn required_by_open_packages(category: usize) -> Vec<(usize, i16)> {
    let mut required: Vec<(usize, i16)> = Vec::new();
    for package in PACKAGES.iter().filter(|p| p.status == PackageStatus::Open) {
        if !package.tasks.iter().any(|t| t.0 == category) {
            continue;
        }
        for (_, _, _, _, abilities) in package.tasks {
            for (ability, level) in *abilities {
                match required.iter_mut().find(|(a, _)| a == ability) {
                    Some(entry) => entry.1 = entry.1.max(*level),
                    None => required.push((*ability, *level)),
                }
            }
        }
    }
    required
}

/// What the intake found candidate `n` can do: the ability of the wished work (level 2 to 4), what the open
/// packages of that work ask (and of two more kinds of work), mostly at the level asked or above, and one
/// more thing. Every fifth person is a level short on one ability, so some ranked lists show why.
fn demo_abilities(n: usize, wish: usize) -> Vec<(usize, i16)> {
    let mut abilities: Vec<(usize, i16)> = vec![(CATEGORY_ABILITY[wish], (n % 3) as i16 + 2)];
    let second = (wish + 1 + n % 3) % TASK_CATEGORIES.len();
    let third = (wish + 4 + n % 2) % TASK_CATEGORIES.len();
    let mut add = |ability: usize, level: i16| match abilities.iter_mut().find(|(a, _)| *a == ability) {
        Some(entry) => entry.1 = entry.1.max(level),
        None => abilities.push((ability, level)),
    };
    for (k, (ability, level)) in [wish, second, third].into_iter().flat_map(required_by_open_packages).enumerate() {
        let level = if n % 5 == 4 && k == 0 { level - 1 } else { (level + (n % 2) as i16).min(4) };
        if level > 0 {
            add(ability, level);
        }
    }
    let other = [(n * 3) % ABILITIES.len(), (n * 3 + 1) % ABILITIES.len()]
        .into_iter()
        .find(|a| *a != CATEGORY_ABILITY[wish])
        .unwrap_or(0);
    add(other, (n % 2) as i16 + 1);
    abilities
}

/// Inserts `rows` in chunks small enough for either database's parameter limit.
async fn insert_all<M, F, Fut>(rows: Vec<M>, insert: F) -> Result<(), sea_orm::DbErr>
where
    F: Fn(Vec<M>) -> Fut,
    Fut: std::future::Future<Output = Result<u64, sea_orm::DbErr>>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        insert(rows.by_ref().take(200).collect()).await?;
    }
    Ok(())
}

fn eligible_motivation(hours: i32, wage: i32, source: Source) -> String {
    let history = match source {
        Source::Wajong => "regulier werk bleek niet haalbaar (Wajong)",
        _ => "eerdere trajecten leidden niet tot regulier werk",
    };
    format!(
        "Voldoet aan de criteria: {hours} uur per week beschikbaar, loonwaarde {wage}%; {history}. Klaar voor een basisbaan."
    )
}

fn intake(
    candidate: Uuid,
    kind: IntakeKind,
    held: DateTime<Utc>,
    assessor: &str,
    result: String,
    notes: &str,
    recorded_by: Option<Uuid>,
) -> intakes::ActiveModel {
    intakes::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(candidate),
        kind: Set(kind.as_str().into()),
        held_on: Set(held.date_naive()),
        assessor: Set(assessor.into()),
        result: Set(result),
        notes: Set(notes.into()),
        created_by_id: Set(recorded_by),
        created_at: Set(held + Duration::minutes(30)),
    }
}

fn decision(
    candidate: Uuid,
    outcome: CandidateStatus,
    motivation: String,
    at: DateTime<Utc>,
    by: &(Uuid, String),
) -> eligibility_decisions::ActiveModel {
    eligibility_decisions::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(candidate),
        outcome: Set(outcome.as_str().into()),
        motivation: Set(motivation),
        decided_by_id: Set(Some(by.0)),
        decided_by_name: Set(Some(by.1.clone())),
        decided_at: Set(at),
    }
}

async fn seed_task_intake(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    ids: &Ids,
    staff: &DemoStaff,
) -> Result<(), sea_orm::DbErr> {
    let mut session_ids = Vec::new();
    for session in SESSIONS {
        let id = Uuid::now_v7();
        session_ids.push(id);
        // Held in the evening on a weekday, written up the next morning.
        let mut held = today - Duration::days(session.days_ago);
        while held.weekday().number_from_monday() > 5 {
            held -= Duration::days(1);
        }
        let recorded = held.and_hms_opt(9, 15, 0).unwrap_or_default().and_utc() + Duration::days(1);
        neighbourhood_sessions::Entity::insert(neighbourhood_sessions::ActiveModel {
            id: Set(id),
            municipality_id: Set(ids.municipality_id),
            neighbourhood_id: Set(ids.hoods[session.neighbourhood]),
            organisation_id: Set(session.holder.map(|o| ids.organisations[o])),
            held_on: Set(held),
            title: Set(session.title.into()),
            notes: Set(session.notes.into()),
            created_at: Set(recorded),
            updated_at: Set(recorded),
            version: Set(1),
        })
        .exec_without_returning(db)
        .await?;
        neighbourhood_session_organisations::Entity::insert_many(session.participants.iter().map(|o| {
            neighbourhood_session_organisations::ActiveModel {
                session_id: Set(id),
                organisation_id: Set(ids.organisations[*o]),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }

    for (index, package) in PACKAGES.iter().enumerate() {
        let organisation = ids.organisations[package.organisation];
        let own = package.organisation == PARTNER_ORGANISATION;
        // When the package was made, in days ago, and the days between its steps.
        let k = (index % 5) as i64;
        let created = match package.status {
            PackageStatus::Draft => 7 - k % 3,
            PackageStatus::Submitted => 12 - k,
            PackageStatus::Approved => 20 - k,
            PackageStatus::Rejected => 18 - k,
            _ => 27 - k,
        };
        let gaps: &[i64] = match package.status {
            PackageStatus::Rejected => &[3, 6],
            PackageStatus::Closed => &[3, 5, 7],
            _ => &[3, 5, 3],
        };
        let created_at = at(today, created, 10, 0);
        // Tasks proposed at a session of their wijk by a party that was there link to it.
        let session = SESSIONS.iter().position(|s| {
            s.neighbourhood == package.neighbourhood
                && (s.holder == Some(package.organisation) || s.participants.contains(&package.organisation))
        });
        let task_created = match session {
            Some(s) => at(today, SESSIONS[s].days_ago - 2, 11, 0),
            None => created_at - Duration::days(1),
        };
        let mut task_ids = Vec::new();
        for (category, title, slots, demands, required) in package.tasks {
            let id = Uuid::now_v7();
            task_ids.push(id);
            let slots = schedule(slots);
            tasks::Entity::insert(tasks::ActiveModel {
                id: Set(id),
                municipality_id: Set(ids.municipality_id),
                organisation_id: Set(organisation),
                neighbourhood_id: Set(ids.hoods[package.neighbourhood]),
                session_id: Set(session.map(|s| session_ids[s])),
                category_id: Set(ids.categories[*category]),
                title: Set((*title).into()),
                description: Set(String::new()),
                location: Set(package.location.into()),
                hours_per_week: Set(4 * slots.len() as i32),
                supervision: Set(format!(
                    "{}, werkbegeleider bij {}",
                    package.mentor, ORGANISATIONS[package.organisation].name
                )),
                social_value: Set(package.social_value.into()),
                active: Set(true),
                created_at: Set(task_created),
                updated_at: Set(task_created),
                version: Set(1),
            })
            .exec_without_returning(db)
            .await?;
            let unknown = |what: &str| sea_orm::DbErr::Custom(format!("demo data: unknown {what}"));
            let demands: Vec<PhysicalDemand> = demands
                .split(',')
                .filter(|d| !d.is_empty())
                .map(|d| PhysicalDemand::parse(d).ok_or_else(|| unknown(d)))
                .collect::<Result<_, _>>()?;
            let slots: Vec<ScheduleSlot> =
                slots.iter().map(|s| ScheduleSlot::parse(s).ok_or_else(|| unknown(s))).collect::<Result<_, _>>()?;
            let (demand_rows, slot_rows) = crate::tasks::service::demand_and_slot_rows(id, &demands, &slots);
            if !demand_rows.is_empty() {
                task_physical_demands::Entity::insert_many(demand_rows).exec_without_returning(db).await?;
            }
            task_schedule_slots::Entity::insert_many(slot_rows).exec_without_returning(db).await?;
            task_required_abilities::Entity::insert_many(required.iter().map(|(ability, level)| {
                task_required_abilities::ActiveModel {
                    task_id: Set(id),
                    ability_id: Set(ids.abilities[*ability]),
                    min_level: Set(*level),
                }
            }))
            .exec_without_returning(db)
            .await?;
        }

        // The workflow as the API records it: the partner (or staff on behalf of an organisation without
        // an account) creates and submits; the consultant approves, rejects, opens or closes.
        let path = package_path(package.status);
        let mut steps = Vec::new();
        let mut when = created_at;
        for (step, to) in path.iter().enumerate() {
            if step > 0 {
                when = when + Duration::days(gaps[step - 1]) + Duration::minutes(35);
            }
            let from = (step > 0).then(|| path[step - 1]);
            let by_partner = own && matches!(to, PackageStatus::Draft | PackageStatus::Submitted);
            let reason = match to {
                PackageStatus::Draft => "aangemaakt".to_owned(),
                PackageStatus::Submitted if by_partner => String::new(),
                PackageStatus::Submitted => {
                    format!("Ingediend namens {} na afstemming over de taken", ORGANISATIONS[package.organisation].name)
                }
                PackageStatus::Approved => "Aanvullend werk met maatschappelijke waarde; 32 uur zonder overlap".into(),
                PackageStatus::Open => "Klaar voor matching".into(),
                _ => package.reason.into(),
            };
            let (by, role) = if by_partner { (&staff.partner, "partner") } else { (&staff.consultant, "consultant") };
            steps.push(task_package_status_changes::ActiveModel {
                id: Set(Uuid::now_v7()),
                package_id: Set(Uuid::nil()),
                from_status: Set(from.map(|s| s.as_str().into())),
                to_status: Set(to.as_str().into()),
                reason: Set(reason),
                changed_by_id: Set(Some(by.0)),
                changed_by_name: Set(Some(by.1.clone())),
                changed_by_role: Set(Some(role.into())),
                changed_at: Set(when),
            });
        }
        let package_id = Uuid::now_v7();
        task_packages::Entity::insert(task_packages::ActiveModel {
            id: Set(package_id),
            municipality_id: Set(ids.municipality_id),
            organisation_id: Set(organisation),
            title: Set(package.title.into()),
            description: Set(package.description.into()),
            positions: Set(package.positions),
            start_date: Set(Some(start_date(today, package.start_in_months))),
            hours_per_week: Set(package.tasks.iter().map(|t| 4 * schedule(t.2).len() as i32).sum()),
            mentor_name: Set(package.mentor.into()),
            mentor_email: Set(format!(
                "{}@{}.example.nl",
                package.mentor.to_lowercase().replace(' ', "."),
                ORGANISATIONS[package.organisation].domain
            )),
            mentor_phone: Set(format!("050-555 {:04}", 2100 + index * 11)),
            status: Set(package.status.as_str().into()),
            rejection_reason: Set(if package.status == PackageStatus::Rejected {
                package.reason.into()
            } else {
                String::new()
            }),
            created_at: Set(created_at),
            updated_at: Set(when),
            version: Set(path.len() as i32),
        })
        .exec_without_returning(db)
        .await?;
        // A package's positions are rows from the day it opens, as `package_service` makes them.
        if path.contains(&PackageStatus::Open) && package.positions > 0 {
            package_positions::Entity::insert_many((1..=package.positions).map(|number| {
                package_positions::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    package_id: Set(package_id),
                    number: Set(number),
                }
            }))
            .exec_without_returning(db)
            .await?;
        }
        task_package_tasks::Entity::insert_many(task_ids.into_iter().enumerate().map(|(position, task)| {
            task_package_tasks::ActiveModel {
                package_id: Set(package_id),
                task_id: Set(task),
                position: Set(position as i32),
            }
        }))
        .exec_without_returning(db)
        .await?;
        for step in &mut steps {
            step.package_id = Set(package_id);
        }
        task_package_status_changes::Entity::insert_many(steps).exec_without_returning(db).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::tasks::{PackageActor, ScheduleSlot, TaskLoad, check_package_transition, package_hours};

    #[test]
    fn every_demo_package_keeps_the_hour_and_schedule_rules_and_its_workflow() {
        assert_eq!(PACKAGES.len(), 15);
        assert_eq!(PACKAGES.iter().map(|p| p.positions).sum::<i32>(), 40, "the plan's 40 jobs");
        for package in PACKAGES {
            let loads: Vec<TaskLoad> = package
                .tasks
                .iter()
                .map(|(_, _, slots, _, _)| {
                    let codes = schedule(slots);
                    let parsed: Vec<ScheduleSlot> = codes.iter().filter_map(|s| ScheduleSlot::parse(s)).collect();
                    assert_eq!(parsed.len(), codes.len(), "{}: {slots}", package.title);
                    TaskLoad { hours_per_week: 4 * parsed.len() as u16, schedule: parsed }
                })
                .collect();
            let hours = package_hours(&loads);
            assert_eq!(hours.total_hours, 32, "{}", package.title);
            assert!(hours.overlapping_slots.is_empty(), "{}", package.title);
            assert!(
                package.tasks.iter().all(|t| !t.4.is_empty() && t.4.iter().all(|(_, l)| (1..=4).contains(l))),
                "{}",
                package.title
            );
            let path = package_path(package.status);
            assert_eq!(path.first(), Some(&PackageStatus::Draft), "{}", package.title);
            for pair in path.windows(2) {
                let actor =
                    if pair[1] == PackageStatus::Submitted { PackageActor::Partner } else { PackageActor::Staff };
                assert_eq!(
                    check_package_transition(pair[0], pair[1], actor, package.reason),
                    Ok(()),
                    "{}",
                    package.title
                );
            }
            assert_eq!(
                matches!(package.status, PackageStatus::Rejected | PackageStatus::Closed),
                !package.reason.is_empty(),
                "{}",
                package.title
            );
        }
        let partner: std::collections::BTreeSet<_> =
            PACKAGES.iter().filter(|p| p.organisation == PARTNER_ORGANISATION).map(|p| p.status.as_str()).collect();
        assert!(partner.len() > 1, "the demo partner's packages are in several states");
    }

    #[test]
    fn package_start_dates_lie_ahead_and_span_two_years_whatever_the_seeding_day() {
        for month in 1..=12 {
            for day in [1, 15, 28] {
                let today = NaiveDate::from_ymd_opt(2026, month, day).unwrap();
                let starts: Vec<NaiveDate> = PACKAGES.iter().map(|p| start_date(today, p.start_in_months)).collect();
                assert!(starts.iter().all(|s| *s > today && s.day() == 1), "{today}: {starts:?}");
                let years: std::collections::BTreeSet<i32> = starts.iter().map(|s| s.year()).collect();
                assert!(years.len() > 1, "{today}: {years:?}");
            }
        }
    }

    #[test]
    fn the_candidates_have_the_planned_statuses_and_timelines_in_the_past() {
        let mut counts = std::collections::HashMap::new();
        for n in 0..CANDIDATES {
            let story = Story::new(n);
            *counts.entry(story.status).or_insert(0) += 1;
            // The last step of the longest story (a second decision after a pre-trajectory) is 75 days
            // after registration; every step lies at least a day before the seeding day.
            let last_step = if story.after_pre_trajectory() {
                75
            } else if story.status == CandidateStatus::Exited {
                if story.exit().is_some_and(|e| e.2) { 35 } else { 20 }
            } else if matches!(story.status, CandidateStatus::Eligible | CandidateStatus::PreTrajectory) {
                21
            } else if story.status == CandidateStatus::Intake {
                8
            } else {
                0
            };
            assert!(
                story.registered - last_step >= 1,
                "candidate {n}: {:?} registered {} days ago",
                story.status,
                story.registered
            );
        }
        for (status, count) in CANDIDATE_STATUSES {
            assert_eq!(counts.get(status), Some(count), "{status:?}");
        }
        assert!(!counts.contains_key(&CandidateStatus::Matched) && !counts.contains_key(&CandidateStatus::Employed));
    }

    #[test]
    fn demo_bsns_pass_the_eleven_check_and_differ() {
        let bsns: std::collections::HashSet<_> = (1..=60).map(demo_bsn).collect();
        assert_eq!(bsns.len(), 60);
        assert!(bsns.iter().all(|b| shared::candidates::is_valid_bsn(b)), "{bsns:?}");
    }
}
