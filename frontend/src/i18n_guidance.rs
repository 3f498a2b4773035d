//! The texts of the guidance pages (a person's guidance with its forms, the job coach's caseload and the
//! employer notes), Dutch and English; part of the one typed catalogue of `i18n.rs`, kept in its own file by
//! capability.

use leptos::prelude::*;
use shared::guidance::{Domain, GoalStatus, ProvisionKind};

use crate::i18n::{Lang, use_i18n};

pub struct GuidanceTexts {
    pub guidance_title: &'static str,
    pub guidance_link: &'static str,
    pub caseload_title: &'static str,
    pub caseload_all_title: &'static str,
    pub caseload_hint: &'static str,
    pub handover_filter: &'static str,
    pub name: &'static str,
    pub coach: &'static str,
    pub coach_since: &'static str,
    pub mentor: &'static str,
    pub mentor_name: &'static str,
    pub mentor_contact: &'static str,
    pub handover: &'static str,
    pub handover_explained: &'static str,
    pub none: &'static str,
    pub employer: &'static str,
    pub hours: &'static str,
    pub history: &'static str,
    pub kind: &'static str,
    pub from: &'static str,
    pub until: &'static str,
    pub assigned_by: &'static str,
    pub current: &'static str,
    pub assign_coach: &'static str,
    pub assign_mentor: &'static str,
    pub end_mentor: &'static str,
    pub end_reason: &'static str,
    pub assigned: &'static str,
    pub ended: &'static str,
    pub check_ins_title: &'static str,
    pub new_check_in: &'static str,
    pub held_on: &'static str,
    pub domains: &'static str,
    pub note: &'static str,
    pub check_in_saved: &'static str,
    pub no_check_ins: &'static str,
    pub goals_title: &'static str,
    pub new_goal: &'static str,
    pub goal_title: &'static str,
    pub target_date: &'static str,
    pub progress: &'static str,
    pub goal_status: &'static str,
    pub update_goal: &'static str,
    pub goal_saved: &'static str,
    pub no_goals: &'static str,
    pub provisions_title: &'static str,
    pub new_provision: &'static str,
    pub provision_kind: &'static str,
    pub description: &'static str,
    pub cost: &'static str,
    pub provision_costs: &'static str,
    pub provision_saved: &'static str,
    pub no_provisions: &'static str,
    pub notes_title: &'static str,
    pub notes_link: &'static str,
    pub new_note: &'static str,
    pub note_kind: &'static str,
    pub kind_note: &'static str,
    pub kind_contact: &'static str,
    pub subject: &'static str,
    pub note_saved: &'static str,
    pub author: &'static str,
    pub hidden_note: &'static str,
}

pub const NL: GuidanceTexts = GuidanceTexts {
    guidance_title: "Begeleiding",
    guidance_link: "Begeleiding",
    caseload_title: "Mijn caseload",
    caseload_all_title: "Begeleiding: overzicht",
    caseload_hint: "De mensen die u nu als jobcoach begeleidt.",
    handover_filter: "Alleen overdracht nodig",
    name: "Naam",
    coach: "Jobcoach",
    coach_since: "Jobcoach sinds",
    mentor: "Werkplekbegeleider",
    mentor_name: "Naam werkplekbegeleider",
    mentor_contact: "Telefoon of e-mail",
    handover: "Overdracht nodig",
    handover_explained: "De werkplekbegeleider is vertrokken en er is nog geen nieuwe: wijs een nieuwe toe.",
    none: "geen",
    employer: "Werkgever",
    hours: "Uren per week",
    history: "Geschiedenis van begeleiders",
    kind: "Soort",
    from: "Vanaf",
    until: "Tot en met",
    assigned_by: "Toegewezen door",
    current: "huidig",
    assign_coach: "Jobcoach toewijzen",
    assign_mentor: "Werkplekbegeleider toewijzen",
    end_mentor: "Vertrek werkplekbegeleider vastleggen",
    end_reason: "Reden",
    assigned: "De toewijzing is vastgelegd.",
    ended: "Het vertrek is vastgelegd.",
    check_ins_title: "Gesprekken en voortgang",
    new_check_in: "Gesprek vastleggen",
    held_on: "Datum",
    domains: "Leefgebieden",
    note: "Notitie",
    check_in_saved: "Het gesprek is vastgelegd.",
    no_check_ins: "Nog geen gesprekken.",
    goals_title: "Ontwikkeldoelen",
    new_goal: "Doel toevoegen",
    goal_title: "Doel",
    target_date: "Streefdatum",
    progress: "Voortgang (%)",
    goal_status: "Stand",
    update_goal: "Voortgang vastleggen",
    goal_saved: "Het doel is opgeslagen.",
    no_goals: "Nog geen doelen.",
    provisions_title: "Voorzieningen",
    new_provision: "Voorziening toevoegen",
    provision_kind: "Soort voorziening",
    description: "Omschrijving",
    cost: "Kosten (euro)",
    provision_costs: "Kosten van voorzieningen samen",
    provision_saved: "De voorziening is vastgelegd.",
    no_provisions: "Nog geen voorzieningen.",
    notes_title: "Werkgeversbegeleiding",
    notes_link: "Notities en contactmomenten",
    new_note: "Notitie of contactmoment vastleggen",
    note_kind: "Soort",
    kind_note: "Notitie",
    kind_contact: "Contactmoment",
    subject: "Onderwerp",
    note_saved: "De notitie is vastgelegd.",
    author: "Door",
    hidden_note: "Sommige onderdelen ziet u niet met uw rol.",
};

pub const EN: GuidanceTexts = GuidanceTexts {
    guidance_title: "Guidance",
    guidance_link: "Guidance",
    caseload_title: "My caseload",
    caseload_all_title: "Guidance: overview",
    caseload_hint: "The people you now guide as job coach.",
    handover_filter: "Handover needed only",
    name: "Name",
    coach: "Job coach",
    coach_since: "Job coach since",
    mentor: "Workplace mentor",
    mentor_name: "Workplace mentor's name",
    mentor_contact: "Phone or e-mail",
    handover: "Handover needed",
    handover_explained: "The workplace mentor left and there is no new one yet: assign a new one.",
    none: "none",
    employer: "Employer",
    hours: "Hours a week",
    history: "History of guides",
    kind: "Kind",
    from: "From",
    until: "Until",
    assigned_by: "Assigned by",
    current: "current",
    assign_coach: "Assign a job coach",
    assign_mentor: "Assign a workplace mentor",
    end_mentor: "Record the mentor leaving",
    end_reason: "Reason",
    assigned: "The assignment was recorded.",
    ended: "The departure was recorded.",
    check_ins_title: "Check-ins and progress",
    new_check_in: "Record a check-in",
    held_on: "Date",
    domains: "Domains",
    note: "Note",
    check_in_saved: "The check-in was recorded.",
    no_check_ins: "No check-ins yet.",
    goals_title: "Development goals",
    new_goal: "Add a goal",
    goal_title: "Goal",
    target_date: "Target date",
    progress: "Progress (%)",
    goal_status: "Status",
    update_goal: "Record progress",
    goal_saved: "The goal was saved.",
    no_goals: "No goals yet.",
    provisions_title: "Provisions",
    new_provision: "Add a provision",
    provision_kind: "Kind of provision",
    description: "Description",
    cost: "Cost (euro)",
    provision_costs: "Provision costs together",
    provision_saved: "The provision was recorded.",
    no_provisions: "No provisions yet.",
    notes_title: "Employer guidance",
    notes_link: "Notes and contact moments",
    new_note: "Record a note or contact moment",
    note_kind: "Kind",
    kind_note: "Note",
    kind_contact: "Contact moment",
    subject: "Subject",
    note_saved: "The note was recorded.",
    author: "By",
    hidden_note: "Some parts are not shown for your role.",
};

pub fn guidance_texts(lang: Lang) -> &'static GuidanceTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// A reactive guidance text: `{gtr(|t| t.coach)}` in a view follows the language switch.
pub fn gtr(
    pick: fn(&'static GuidanceTexts) -> &'static str,
) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let lang = use_i18n().0;
    move || pick(guidance_texts(lang.get()))
}

/// The label of a guidance form field in the language of `t` (for the shared form components and the
/// error summary).
pub fn label(t: &crate::i18n::Texts, field: &str) -> &'static str {
    let x = guidance_texts(t.lang);
    match field {
        "coachUserId" => x.coach,
        "mentorName" => x.mentor_name,
        "mentorContact" => x.mentor_contact,
        "from" => x.from,
        "until" => x.until,
        "reason" => x.end_reason,
        "heldOn" => x.held_on,
        "domains" => x.domains,
        "note" => x.note,
        "title" => x.goal_title,
        "description" => x.description,
        "targetDate" => x.target_date,
        "percentage" => x.progress,
        "status" => x.goal_status,
        "kind" => x.kind,
        "cost" => x.cost,
        "subject" => x.subject,
        _ => "",
    }
}

fn dutch(lang: Lang) -> bool {
    lang == Lang::Nl
}

pub fn domain_name(lang: Lang, domain: Domain) -> &'static str {
    domain.label(dutch(lang))
}

pub fn goal_status_name(lang: Lang, status: GoalStatus) -> &'static str {
    status.label(dutch(lang))
}

pub fn provision_kind_name(lang: Lang, kind: ProvisionKind) -> &'static str {
    kind.label(dutch(lang))
}
