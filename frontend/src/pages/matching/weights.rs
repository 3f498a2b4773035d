//! The admin's page for the fit weights: six whole numbers that add up to 100 (the running sum in view)
//! and the allowed deviation of hours, saved with their version.

use leptos::prelude::*;
use shared::auth::Role;
use shared::matching::FactorCode;
use shared::matching::wire::{FitWeightsRecord, SaveFitWeights};
use shared::problem::InvalidParam;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{FormCheck, FormError, SubmitButton, TextField, field_error, notify};
use crate::i18n::{Texts, use_i18n};
use crate::i18n_matching::{label, match_texts, mtr};

type Label = fn(&'static Texts) -> &'static str;

/// The weight fields, in the order of the fit's factors: the API's field name and its label.
const FIELDS: [(&str, Label); 6] = [
    ("abilities", |t| label(t, "abilities")),
    ("categories", |t| label(t, "categories")),
    ("dreamJob", |t| label(t, "dreamJob")),
    ("neighbourhood", |t| label(t, "neighbourhood")),
    ("hours", |t| label(t, "hours")),
    ("schedule", |t| label(t, "schedule")),
];

#[component]
pub fn FitWeightsPage() -> impl IntoView {
    page_title(|t| match_texts(t.lang).weights_title);
    let i18n = use_i18n();
    let loaded = api::resource(|| async { api::get::<FitWeightsRecord>("/fit-weights").await });
    let values: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let deviation = RwSignal::new(String::new());
    let version = RwSignal::new(0i32);
    let fill = move |record: &FitWeightsRecord| {
        for (code, value) in FactorCode::ALL.iter().zip(values) {
            value.set(code.weight(&record.weights).to_string());
        }
        deviation.set(record.weights.allowed_hours_deviation.to_string());
        version.set(record.version);
    };
    Effect::new(move |_| {
        if let Some(Ok(record)) = loaded.get() {
            fill(&record);
        }
    });
    let sum = move || values.iter().map(|v| shared::dutch::parse_whole(&v.get()).unwrap_or(0)).sum::<i64>();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let mut read: Vec<Option<u8>> =
            FIELDS.iter().zip(values).map(|((field, _), v)| check.whole(field, &v.get_untracked(), 100)).collect();
        read.push(check.whole("allowedHoursDeviation", &deviation.get_untracked(), 40));
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let missing: Vec<InvalidParam> = FIELDS
            .iter()
            .map(|(field, _)| *field)
            .chain(["allowedHoursDeviation"])
            .zip(&read)
            .filter(|(_, v)| v.is_none())
            .map(|(field, _)| InvalidParam {
                name: field.to_owned(),
                code: "required".to_owned(),
                reason: match_texts(lang).value_required.to_owned(),
            })
            .collect();
        if !missing.is_empty() {
            errors.set(Some(ApiError::invalid(missing)));
            return;
        }
        let n = |i: usize| read[i].unwrap_or(0);
        let body = SaveFitWeights {
            abilities: n(0),
            categories: n(1),
            dream_job: n(2),
            neighbourhood: n(3),
            hours: n(4),
            schedule: n(5),
            allowed_hours_deviation: n(6),
            version: Some(version.get_untracked()),
        };
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::put::<_, FitWeightsRecord>("/fit-weights", &body).await {
                Ok(record) => {
                    fill(&record);
                    notify(match_texts(i18n.0.get_untracked()).weights_saved);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{mtr(|t| t.weights_title)}</h1>
        <RequireRole roles=&[Role::Admin]>
            <p class="form-hint utrecht-form-field-description">{mtr(|t| t.weights_hint)}</p>
            <FormError errors=errors/>
            <form class="form" on:submit=submit novalidate=true>
                <fieldset id="weights">
                    <legend>{mtr(|t| t.weights_legend)}</legend>
                    {FIELDS.iter().zip(values).map(|((field, label), value)| view! {
                        <TextField id=field label=*label value=value inputmode="numeric" required=true error=field_error(errors, field)/>
                    }).collect_view()}
                    <p id="weights-sum" aria-live="polite" class:field-error=move || sum() != 100>
                        {mtr(|t| t.weights_sum)} ": " {sum} " / 100"
                    </p>
                    {move || field_error(errors, "weights").get().map(|e| view! { <p class="field-error utrecht-form-field-error-message" id="weights-error">{e}</p> })}
                </fieldset>
                <TextField id="allowedHoursDeviation" label=|t| label(t, "allowedHoursDeviation") value=deviation inputmode="numeric" required=true error=field_error(errors, "allowedHoursDeviation")/>
                <p class="form-hint utrecht-form-field-description">{mtr(|t| t.allowed_deviation_hint)}</p>
                <SubmitButton id="weights-submit" label=Signal::derive(move || match_texts(i18n.0.get()).save_weights) busy=busy/>
            </form>
        </RequireRole>
    }
}
