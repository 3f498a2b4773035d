//! The income assumptions page (admins and finance): the net bracket table, the holiday allowance and the
//! threshold under which a gain is flagged, the reference data of every income indication. Rates are
//! typed as percentages with a Dutch decimal comma (`49,5`), amounts as euros (`1.800,00`); the API
//! holds rates as shares (`0.495`).

use leptos::prelude::*;
use shared::auth::Role;
use shared::contracts::{IncomeAssumptionsRecord, NetBracket, SaveIncomeAssumptions};
use shared::dutch::{format_percent as percent_text, parse_percent as share_of};

use crate::api::{self, ApiError};
use crate::app::RequireRole;
use crate::components::{FormError, SubmitButton, TextField, button_class, field_error, notify};
use crate::i18n::{Lang, Texts, use_i18n};

const EDITORS: &[Role] = &[Role::Admin, Role::Finance];

pub struct AssumptionTexts {
    pub title: &'static str,
    intro: &'static str,
    brackets: &'static str,
    from_gross: &'static str,
    rate: &'static str,
    add: &'static str,
    remove: &'static str,
    holiday: &'static str,
    threshold: &'static str,
    save: &'static str,
    saved: &'static str,
    invalid_percent: &'static str,
    invalid_amount: &'static str,
    version: &'static str,
}

const NL: AssumptionTexts = AssumptionTexts {
    title: "Uitgangspunten inkomensindicatie",
    intro: "Deze schijven en bedragen zijn benaderingen, geen belastingberekening. Elke inkomensindicatie (ook in het contractformulier) rekent ermee. Van het deel van het bruto per maand boven het begin van een schijf (tot de volgende schijf) wordt het percentage ingehouden.",
    brackets: "Schijven (bruto per maand)",
    from_gross: "Vanaf bruto per maand",
    rate: "Inhouding (%)",
    add: "Schijf toevoegen",
    remove: "Schijf verwijderen",
    holiday: "Vakantiegeld (%)",
    threshold: "Drempel kleine stijging per maand",
    save: "Uitgangspunten opslaan",
    saved: "De uitgangspunten zijn opgeslagen.",
    invalid_percent: "vul een percentage in, bijvoorbeeld 37 of 49,5",
    invalid_amount: "vul een bedrag in, bijvoorbeeld 1.800,00",
    version: "Versie",
};

const EN: AssumptionTexts = AssumptionTexts {
    title: "Income indication assumptions",
    intro: "These brackets and amounts are approximations, not a tax calculation. Every income indication (the contract form too) uses them. Of the part of the gross a month above a bracket's start (up to the next bracket) the percentage is withheld.",
    brackets: "Brackets (gross a month)",
    from_gross: "From gross a month",
    rate: "Withheld (%)",
    add: "Add a bracket",
    remove: "Remove bracket",
    holiday: "Holiday allowance (%)",
    threshold: "Small gain threshold a month",
    save: "Save the assumptions",
    saved: "The assumptions were saved.",
    invalid_percent: "enter a percentage, e.g. 37 or 49.5",
    invalid_amount: "enter an amount, e.g. 1,800.00",
    version: "Version",
};

pub fn assumption_texts(lang: Lang) -> &'static AssumptionTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

type Row = (RwSignal<String>, RwSignal<String>);

fn row(bracket: &NetBracket) -> Row {
    (RwSignal::new(shared::dutch::format_decimal(bracket.from_gross, 2)), RwSignal::new(percent_text(bracket.rate)))
}

fn holiday_label(t: &'static Texts) -> &'static str {
    assumption_texts(t.lang).holiday
}

fn threshold_label(t: &'static Texts) -> &'static str {
    assumption_texts(t.lang).threshold
}

#[component]
pub fn IncomeAssumptionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let at = move || assumption_texts(i18n.0.get());
    Effect::new(move |_| crate::app::set_title(at().title));
    let loaded = api::resource(|| async { api::get::<IncomeAssumptionsRecord>("/income-assumptions").await });
    let rows: RwSignal<Vec<Row>> = RwSignal::new(Vec::new());
    let holiday = RwSignal::new(String::new());
    let threshold = RwSignal::new(String::new());
    let version = RwSignal::new(0i32);
    let fill = move |record: &IncomeAssumptionsRecord| {
        rows.set(record.assumptions.brackets.iter().map(row).collect());
        holiday.set(percent_text(record.assumptions.holiday_allowance_rate));
        threshold.set(shared::dutch::format_decimal(record.assumptions.small_gain_threshold, 2));
        version.set(record.version);
    };
    Effect::new(move |_| {
        if let Some(Ok(record)) = loaded.get() {
            fill(&record);
        }
    });
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let t = assumption_texts(i18n.0.get_untracked());
        let mut params = Vec::new();
        let mut fail = |name: String, reason: &str| {
            params.push(shared::problem::InvalidParam { name, code: "invalid".to_owned(), reason: reason.to_owned() })
        };
        let mut brackets = Vec::new();
        for (index, (from, rate)) in rows.get_untracked().into_iter().enumerate() {
            let from_gross = shared::dutch::parse_decimal(&from.get_untracked());
            let share = share_of(&rate.get_untracked());
            if from_gross.is_none() {
                fail(format!("brackets[{index}].fromGross"), t.invalid_amount);
            }
            if share.is_none() {
                fail(format!("brackets[{index}].rate"), t.invalid_percent);
            }
            brackets.push(NetBracket { from_gross: from_gross.unwrap_or_default(), rate: share.unwrap_or_default() });
        }
        let holiday_rate = share_of(&holiday.get_untracked());
        if holiday_rate.is_none() {
            fail("holidayAllowanceRate".to_owned(), t.invalid_percent);
        }
        let small_gain = shared::dutch::parse_decimal(&threshold.get_untracked());
        if small_gain.is_none() {
            fail("smallGainThreshold".to_owned(), t.invalid_amount);
        }
        if !params.is_empty() {
            errors.set(Some(ApiError::invalid(params)));
            return;
        }
        let body = SaveIncomeAssumptions {
            brackets,
            holiday_allowance_rate: holiday_rate.unwrap_or_default(),
            small_gain_threshold: small_gain.unwrap_or_default(),
            version: Some(version.get_untracked()),
        };
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::put::<_, IncomeAssumptionsRecord>("/income-assumptions", &body).await {
                Ok(record) => {
                    fill(&record);
                    notify(assumption_texts(i18n.0.get_untracked()).saved);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let add = move |_| {
        rows.update(|r| r.push((RwSignal::new(String::new()), RwSignal::new(String::new()))));
    };
    view! {
        <h1>{move || at().title}</h1>
        <RequireRole roles=EDITORS>
            <p class="form-hint utrecht-form-field-description" id="income-intro">{move || at().intro}</p>
            <FormError errors=errors prefix="income-"/>
            <form class="form" id="income-form" on:submit=submit novalidate=true>
                <fieldset id="income-brackets">
                    <legend>{move || at().brackets}</legend>
                    <table class="table utrecht-table utrecht-table--html-table" id="income-bracket-table">
                        <thead><tr>
                            <th scope="col">{move || at().from_gross}</th>
                            <th scope="col">{move || at().rate}</th>
                            <th scope="col"><span class="visually-hidden">{move || at().remove}</span></th>
                        </tr></thead>
                        <tbody>
                            {move || rows.get().into_iter().enumerate().map(|(index, (from, rate))| {
                                let from_id = format!("income-brackets[{index}].fromGross");
                                let rate_id = format!("income-brackets[{index}].rate");
                                let from_error = move || errors.get().and_then(|e| e.field_error(&format!("brackets[{index}].fromGross")));
                                let rate_error = move || errors.get().and_then(|e| e.field_error(&format!("brackets[{index}].rate")));
                                let number = index + 1;
                                view! {
                                    <tr>
                                        <td>
                                            <div class="form-field utrecht-form-field" class:form-field--invalid=move || from_error().is_some()>
                                                <label class="visually-hidden" for=from_id.clone() data-label=move || format!("{} {number}", at().from_gross)>{move || format!("{} {number}", at().from_gross)}</label>
                                                <input class="form-input utrecht-textbox utrecht-textbox--html-input" id=from_id.clone() inputmode="decimal"
                                                    aria-invalid=move || from_error().map(|_| "true")
                                                    prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                                                {move || from_error().map(|m| view! { <p class="field-error utrecht-form-field-error-message">{m}</p> })}
                                            </div>
                                        </td>
                                        <td>
                                            <div class="form-field utrecht-form-field" class:form-field--invalid=move || rate_error().is_some()>
                                                <label class="visually-hidden" for=rate_id.clone() data-label=move || format!("{} {number}", at().rate)>{move || format!("{} {number}", at().rate)}</label>
                                                <input class="form-input utrecht-textbox utrecht-textbox--html-input" id=rate_id.clone() inputmode="decimal"
                                                    aria-invalid=move || rate_error().map(|_| "true")
                                                    prop:value=move || rate.get() on:input=move |ev| rate.set(event_target_value(&ev))/>
                                                {move || rate_error().map(|m| view! { <p class="field-error utrecht-form-field-error-message">{m}</p> })}
                                            </div>
                                        </td>
                                        <td>
                                            <button type="button" class=button_class("button button--secondary")
                                                id=format!("income-remove-{index}")
                                                aria-label=move || format!("{} {number}", at().remove)
                                                on:click=move |_| rows.update(|r| { if index < r.len() { r.remove(index); } })>
                                                {move || at().remove}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {move || field_error(errors, "brackets").get().map(|e| view! { <p class="field-error utrecht-form-field-error-message" id="income-brackets-error">{e}</p> })}
                    <button type="button" class=button_class("button button--secondary") id="income-add" on:click=add>{move || at().add}</button>
                </fieldset>
                <TextField id="income-holidayAllowanceRate" label=holiday_label value=holiday inputmode="decimal" required=true error=field_error(errors, "holidayAllowanceRate")/>
                <TextField id="income-smallGainThreshold" label=threshold_label value=threshold inputmode="decimal" required=true error=field_error(errors, "smallGainThreshold")/>
                <p class="form-hint utrecht-form-field-description">{move || at().version} " " {move || version.get()}</p>
                <SubmitButton id="income-submit" label=Signal::derive(move || assumption_texts(i18n.0.get()).save) busy=busy/>
            </form>
        </RequireRole>
    }
}
