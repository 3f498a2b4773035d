//! The texts of the experience surveys (the section on a contract's page and on an organisation's page)
//! and of the budget chart, Dutch and English; part of the one typed catalogue of `i18n.rs`, kept in its
//! own file by capability.

use leptos::prelude::*;

use crate::i18n::{Lang, use_i18n};

pub struct SurveyTexts {
    pub employee_title: &'static str,
    pub organisation_title: &'static str,
    pub intro_employee: &'static str,
    pub intro_organisation: &'static str,
    pub next_due: &'static str,
    pub overdue: &'static str,
    pub not_due: &'static str,
    pub none_yet: &'static str,
    pub new_survey: &'static str,
    pub surveyed_on: &'static str,
    pub wellbeing: &'static str,
    pub income: &'static str,
    pub work: &'static str,
    pub social_contacts: &'static str,
    pub satisfaction: &'static str,
    pub neighbourhood_effect: &'static str,
    pub comment: &'static str,
    pub entered_by: &'static str,
    pub score_hint: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub chart_title: &'static str,
    pub chart_summary: &'static str,
    pub month: &'static str,
    pub realised_month: &'static str,
    pub committed_month: &'static str,
    pub cumulative: &'static str,
    pub budget_line: &'static str,
    pub months: [&'static str; 12],
}

pub const NL: SurveyTexts = SurveyTexts {
    employee_title: "Ervaringsmetingen",
    organisation_title: "Ervaringsmetingen van de organisatie",
    intro_employee: "Elke drie maanden vanaf de eerste werkdag, zolang het contract actief is.",
    intro_organisation: "Elke zes maanden zolang de organisatie een plaatsing heeft.",
    next_due: "Volgende meting",
    overdue: "te laat",
    not_due: "Er is nu geen meting nodig.",
    none_yet: "Nog geen metingen.",
    new_survey: "Meting invoeren",
    surveyed_on: "Datum van de meting",
    wellbeing: "Welzijn",
    income: "Inkomen",
    work: "Werk",
    social_contacts: "Sociale contacten",
    satisfaction: "Tevredenheid",
    neighbourhood_effect: "Effect op de buurt",
    comment: "Toelichting",
    entered_by: "Ingevoerd door",
    score_hint: "Cijfers van 1 tot en met 10.",
    save: "Meting opslaan",
    saved: "De meting is opgeslagen.",
    chart_title: "Kosten per maand",
    chart_summary: "Gerealiseerde en verplichte kosten per maand, opgeteld over het jaar, tegen het budget.",
    month: "Maand",
    realised_month: "Gerealiseerd",
    committed_month: "Verplicht",
    cumulative: "Opgeteld",
    budget_line: "Budget",
    months: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
};

pub const EN: SurveyTexts = SurveyTexts {
    employee_title: "Experience surveys",
    organisation_title: "The organisation's experience surveys",
    intro_employee: "Every three months from the first working day, while the contract is active.",
    intro_organisation: "Every six months while the organisation has a placement.",
    next_due: "Next survey",
    overdue: "overdue",
    not_due: "No survey is needed now.",
    none_yet: "No surveys yet.",
    new_survey: "Enter a survey",
    surveyed_on: "Date of the survey",
    wellbeing: "Wellbeing",
    income: "Income",
    work: "Work",
    social_contacts: "Social contacts",
    satisfaction: "Satisfaction",
    neighbourhood_effect: "Effect on the neighbourhood",
    comment: "Comment",
    entered_by: "Entered by",
    score_hint: "Scores from 1 to 10.",
    save: "Save the survey",
    saved: "The survey has been saved.",
    chart_title: "Cost per month",
    chart_summary: "Realised and committed cost per month, added up over the year, against the budget.",
    month: "Month",
    realised_month: "Realised",
    committed_month: "Committed",
    cumulative: "Cumulative",
    budget_line: "Budget",
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

pub fn survey_texts(lang: Lang) -> &'static SurveyTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// A reactive survey text: `{svt(|t| t.wellbeing)}` in a view follows the language switch.
pub fn svt(
    pick: fn(&'static SurveyTexts) -> &'static str,
) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let lang = use_i18n().0;
    move || pick(survey_texts(lang.get()))
}

/// The label of a survey form field in the language of `t` (for the form components and the error summary).
pub fn label(t: &crate::i18n::Texts, field: &str) -> &'static str {
    let x = survey_texts(t.lang);
    match field {
        "surveyedOn" => x.surveyed_on,
        "wellbeing" => x.wellbeing,
        "income" => x.income,
        "work" => x.work,
        "socialContacts" => x.social_contacts,
        "satisfaction" => x.satisfaction,
        "neighbourhoodEffect" => x.neighbourhood_effect,
        "comment" => x.comment,
        _ => "",
    }
}
