//! The texts of the due list, the reminder badge and the completeness panel of a person's page (issue 14,
//! items 2 and 3), Dutch and English; part of the one typed catalogue of `i18n.rs`, kept in its own file by
//! capability.

use leptos::prelude::*;

use crate::i18n::{Lang, use_i18n};

pub struct ReminderTexts {
    pub due_title: &'static str,
    pub due_empty: &'static str,
    pub what: &'static str,
    pub about: &'static str,
    pub due_on: &'static str,
    pub overdue: &'static str,
    pub actions: &'static str,
    pub done: &'static str,
    pub done_question: &'static str,
    pub done_saved: &'static str,
    pub snooze: &'static str,
    pub snooze_until: &'static str,
    pub snooze_reason: &'static str,
    pub snooze_save: &'static str,
    pub snoozed: &'static str,
    pub badge_label: &'static str,
    pub completeness_title: &'static str,
    pub complete: &'static str,
    pub missing: &'static str,
    pub matching_needs: &'static str,
    pub availability_confirmed: &'static str,
    pub availability_never: &'static str,
    pub confirm_availability: &'static str,
    pub availability_saved: &'static str,
    pub days_ago_one: &'static str,
    pub days_ago_many: &'static str,
    pub today: &'static str,
    pub by: &'static str,
    pub availability_filter: &'static str,
    pub days: &'static str,
}

const NL: ReminderTexts = ReminderTexts {
    due_title: "Herinneringen: vandaag en te laat",
    due_empty: "Er zijn geen herinneringen voor vandaag.",
    what: "Wat",
    about: "Over",
    due_on: "Datum",
    overdue: "te laat",
    actions: "Acties",
    done: "Afgerond",
    done_question: "Deze herinnering afronden? Ze komt niet meer terug.",
    done_saved: "De herinnering is afgerond.",
    snooze: "Uitstellen",
    snooze_until: "Uitstellen tot",
    snooze_reason: "Reden",
    snooze_save: "Uitstellen",
    snoozed: "De herinnering is uitgesteld.",
    badge_label: "herinneringen vandaag",
    completeness_title: "Volledigheid",
    complete: "Alle gegevens die matching nodig heeft zijn ingevuld.",
    missing: "Nog nodig voor matching:",
    matching_needs: "Nodig voor matching (de intake is pas af als ze zijn ingevuld):",
    availability_confirmed: "Beschikbaarheid bevestigd",
    availability_never: "Beschikbaarheid nog nooit bevestigd",
    confirm_availability: "Beschikbaarheid bevestigen",
    availability_saved: "De beschikbaarheid is bevestigd.",
    days_ago_one: "dag geleden",
    days_ago_many: "dagen geleden",
    today: "vandaag",
    by: "door",
    availability_filter: "Beschikbaarheid bevestigd, ouder dan",
    days: "dagen",
};

const EN: ReminderTexts = ReminderTexts {
    due_title: "Reminders: today and overdue",
    due_empty: "There are no reminders for today.",
    what: "What",
    about: "About",
    due_on: "Date",
    overdue: "overdue",
    actions: "Actions",
    done: "Done",
    done_question: "Mark this reminder done? It will not come back.",
    done_saved: "The reminder is done.",
    snooze: "Snooze",
    snooze_until: "Snooze until",
    snooze_reason: "Reason",
    snooze_save: "Snooze",
    snoozed: "The reminder is snoozed.",
    badge_label: "reminders today",
    completeness_title: "Completeness",
    complete: "Every field that matching needs is filled in.",
    missing: "Still needed for matching:",
    matching_needs: "Needed for matching (the intake is completed only when they are filled in):",
    availability_confirmed: "Availability confirmed",
    availability_never: "Availability never confirmed",
    confirm_availability: "Confirm availability",
    availability_saved: "The availability is confirmed.",
    days_ago_one: "day ago",
    days_ago_many: "days ago",
    today: "today",
    by: "by",
    availability_filter: "Availability confirmed, older than",
    days: "days",
};

pub fn reminder_texts(lang: Lang) -> &'static ReminderTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// A reactive reminder text: `{remtr(|t| t.done)}` in a view follows the language switch.
pub fn remtr(
    pick: fn(&'static ReminderTexts) -> &'static str,
) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let lang = use_i18n().0;
    move || pick(reminder_texts(lang.get()))
}

/// The label of a field of these pages in the language of `t` (for the form components and the error
/// summary).
pub fn label(t: &crate::i18n::Texts, field: &str) -> &'static str {
    let x = reminder_texts(t.lang);
    match field {
        "until" => x.snooze_until,
        "reason" => x.snooze_reason,
        "availabilityOlderThanDays" => x.availability_filter,
        _ => "",
    }
}

/// "12 dagen geleden", "1 dag geleden", "vandaag".
pub fn age_text(lang: Lang, days: i64) -> String {
    let t = reminder_texts(lang);
    match days {
        0 => t.today.to_owned(),
        1 => format!("1 {}", t.days_ago_one),
        n => format!("{n} {}", t.days_ago_many),
    }
}

/// The choices of the candidate list's filter on the age of the availability confirmation.
pub fn availability_options(lang: Lang) -> Vec<(String, String)> {
    let t = reminder_texts(lang);
    [30, 90, 180, 365].into_iter().map(|d| (d.to_string(), format!("{d} {}", t.days))).collect()
}
