//! The texts of the task-intake pages (sessions, tasks, packages), Dutch and English; part of the one
//! typed catalogue of `i18n.rs`, kept in its own file by capability.

use leptos::prelude::*;
use shared::tasks::{DayPart, PackageStatus};

use crate::i18n::{Lang, use_i18n};

pub struct TaskTexts {
    pub tasks_title: &'static str,
    pub new_task: &'static str,
    pub title: &'static str,
    pub category: &'static str,
    pub location: &'static str,
    pub hours_per_week: &'static str,
    pub schedule: &'static str,
    pub physical_demands: &'static str,
    pub supervision: &'static str,
    pub social_value: &'static str,
    pub save_task: &'static str,
    pub packages_title: &'static str,
    pub new_package: &'static str,
    pub package: &'static str,
    pub pick_tasks: &'static str,
    pub total_hours: &'static str,
    pub norm: &'static str,
    pub overlap: &'static str,
    pub positions: &'static str,
    pub start_date: &'static str,
    pub mentor: &'static str,
    pub mentor_email: &'static str,
    pub mentor_phone: &'static str,
    pub save_package: &'static str,
    pub steps: &'static str,
    pub rejection_reason: &'static str,
    pub sessions_title: &'static str,
    pub new_session: &'static str,
    pub held_on: &'static str,
    pub notes: &'static str,
    pub save_session: &'static str,
    pub submit: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub rework: &'static str,
    pub open: &'static str,
    pub filled: &'static str,
    pub close: &'static str,
    pub reopen: &'static str,
    pub confirm_approve: &'static str,
    pub confirm_reject: &'static str,
    pub confirm_close: &'static str,
    pub step_done: &'static str,
    pub task_saved: &'static str,
    pub last_change: &'static str,
}

pub const NL: TaskTexts = TaskTexts {
    tasks_title: "Taken",
    new_task: "Nieuwe taak",
    title: "Titel",
    category: "Categorie",
    location: "Locatie",
    hours_per_week: "Uren per week",
    schedule: "Rooster (dagdelen)",
    physical_demands: "Fysieke eisen",
    supervision: "Begeleiding op de werkvloer",
    social_value: "Maatschappelijke waarde",
    save_task: "Taak opslaan",
    packages_title: "Takenpakketten",
    new_package: "Nieuw takenpakket",
    package: "Takenpakket",
    pick_tasks: "Kies de taken",
    total_hours: "Totaal uren per week",
    norm: "norm 32, hoogstens 40",
    overlap: "Overlappende dagdelen",
    positions: "Aantal plekken",
    start_date: "Startdatum",
    mentor: "Werkbegeleider",
    mentor_email: "E-mail werkbegeleider",
    mentor_phone: "Telefoon werkbegeleider",
    save_package: "Pakket opslaan",
    steps: "Verloop",
    rejection_reason: "Reden van afwijzing",
    sessions_title: "Wijkbijeenkomsten",
    new_session: "Nieuwe wijkbijeenkomst",
    held_on: "Datum",
    notes: "Aantekeningen",
    save_session: "Bijeenkomst opslaan",
    submit: "Indienen",
    approve: "Goedkeuren",
    reject: "Afwijzen",
    rework: "Opnieuw bewerken",
    open: "Openstellen",
    filled: "Vervuld",
    close: "Sluiten",
    reopen: "Weer openstellen",
    confirm_approve: "Dit pakket goedkeuren?",
    confirm_reject: "Dit pakket afwijzen met de opgegeven reden?",
    confirm_close: "Dit pakket sluiten? Daarna kan er niemand meer op worden geplaatst.",
    step_done: "De status van het pakket is gewijzigd.",
    task_saved: "De taak is opgeslagen.",
    last_change: "Laatst gewijzigd",
};

pub const EN: TaskTexts = TaskTexts {
    tasks_title: "Tasks",
    new_task: "New task",
    title: "Title",
    category: "Category",
    location: "Location",
    hours_per_week: "Hours per week",
    schedule: "Schedule (parts of days)",
    physical_demands: "Physical demands",
    supervision: "Supervision on the work floor",
    social_value: "Social value",
    save_task: "Save task",
    packages_title: "Task packages",
    new_package: "New task package",
    package: "Task package",
    pick_tasks: "Pick the tasks",
    total_hours: "Total hours per week",
    norm: "norm 32, at most 40",
    overlap: "Overlapping parts of days",
    positions: "Positions",
    start_date: "Start date",
    mentor: "Workplace mentor",
    mentor_email: "Mentor's email",
    mentor_phone: "Mentor's phone",
    save_package: "Save package",
    steps: "History",
    rejection_reason: "Reason for rejection",
    sessions_title: "Neighbourhood sessions",
    new_session: "New neighbourhood session",
    held_on: "Date",
    notes: "Notes",
    save_session: "Save session",
    submit: "Submit",
    approve: "Approve",
    reject: "Reject",
    rework: "Rework",
    open: "Open",
    filled: "Filled",
    close: "Close",
    reopen: "Reopen",
    confirm_approve: "Approve this package?",
    confirm_reject: "Reject this package with the reason given?",
    confirm_close: "Close this package? After that nobody can be placed on it.",
    step_done: "The package's status has been changed.",
    task_saved: "The task has been saved.",
    last_change: "Last changed",
};

pub fn task_texts(lang: Lang) -> &'static TaskTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub fn ttr(pick: fn(&'static TaskTexts) -> &'static str) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let lang = use_i18n().0;
    move || pick(task_texts(lang.get()))
}

/// The label of a task-intake form field in the language of `t` (for the shared form components).
pub fn label(t: &crate::i18n::Texts, field: &str) -> &'static str {
    let x = task_texts(t.lang);
    match field {
        "title" => x.title,
        "categoryId" => x.category,
        "location" => x.location,
        "hoursPerWeek" => x.hours_per_week,
        "supervision" => x.supervision,
        "socialValue" => x.social_value,
        "positions" => x.positions,
        "startDate" => x.start_date,
        "mentorName" => x.mentor,
        "mentorEmail" => x.mentor_email,
        "mentorPhone" => x.mentor_phone,
        "reason" => x.rejection_reason,
        "heldOn" => x.held_on,
        "notes" => x.notes,
        _ => "",
    }
}

pub fn package_status_name(lang: Lang, status: PackageStatus) -> &'static str {
    match (lang, status) {
        (Lang::Nl, PackageStatus::Draft) => "Concept",
        (Lang::Nl, PackageStatus::Submitted) => "Ingediend",
        (Lang::Nl, PackageStatus::Approved) => "Goedgekeurd",
        (Lang::Nl, PackageStatus::Open) => "Open",
        (Lang::Nl, PackageStatus::Filled) => "Vervuld",
        (Lang::Nl, PackageStatus::Closed) => "Gesloten",
        (Lang::Nl, PackageStatus::Rejected) => "Afgewezen",
        (Lang::En, PackageStatus::Draft) => "Draft",
        (Lang::En, PackageStatus::Submitted) => "Submitted",
        (Lang::En, PackageStatus::Approved) => "Approved",
        (Lang::En, PackageStatus::Open) => "Open",
        (Lang::En, PackageStatus::Filled) => "Filled",
        (Lang::En, PackageStatus::Closed) => "Closed",
        (Lang::En, PackageStatus::Rejected) => "Rejected",
    }
}

pub fn day_part_name(lang: Lang, part: DayPart) -> &'static str {
    match (lang, part) {
        (Lang::Nl, DayPart::Morning) => "ochtend",
        (Lang::Nl, DayPart::Afternoon) => "middag",
        (Lang::Nl, DayPart::Evening) => "avond",
        (Lang::Nl, DayPart::Night) => "nacht",
        (Lang::En, DayPart::Morning) => "morning",
        (Lang::En, DayPart::Afternoon) => "afternoon",
        (Lang::En, DayPart::Evening) => "evening",
        (Lang::En, DayPart::Night) => "night",
    }
}
