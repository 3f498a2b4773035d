//! `/duplicates` (issue 14, item 5): the possible duplicate candidates of the consultant's municipality,
//! each pair side by side with both records' fields. Merge (choose the record that stays, then confirm) or
//! dismiss ("not the same person": the pair is not proposed again).

use leptos::prelude::*;
use shared::auth::Role;
use shared::duplicates::{DismissRequest, DuplicatePair, DuplicateSide, MergeRequest, MergeResult};
use shared::paging::Page;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, set_title};
use crate::components::{ConfirmDialog, FormError, Pager, UrlQuery, format_date, list_state, notify};
use crate::i18n::{Lang, status_name, use_i18n};

pub const DUPLICATE_STAFF: &[Role] = &[Role::Admin, Role::Consultant];

pub struct DuplicateTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub pair: &'static str,
    pub field: &'static str,
    pub first: &'static str,
    pub second: &'static str,
    pub name: &'static str,
    pub born: &'static str,
    pub address: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub status: &'static str,
    pub registered: &'static str,
    pub similarity: &'static str,
    pub same_birth: &'static str,
    pub same_address: &'static str,
    pub keep: &'static str,
    pub merge: &'static str,
    pub dismiss: &'static str,
    pub confirm_merge: &'static str,
    pub merge_question: &'static str,
    pub merged: &'static str,
    pub dismissed: &'static str,
    pub open: &'static str,
    pub registration_warning: &'static str,
    pub register_anyway: &'static str,
    pub import_title: &'static str,
    pub row: &'static str,
    pub like_registered: &'static str,
    pub like_row: &'static str,
}

const NL: DuplicateTexts = DuplicateTexts {
    nav: "Dubbelen",
    title: "Mogelijke dubbele kandidaten",
    intro: "Kandidaten met dezelfde geboortedatum of hetzelfde adres en een naam die erg lijkt. Lees beide \
        records; voeg ze samen als het dezelfde persoon is, of markeer ze als verschillende personen.",
    pair: "Paar",
    field: "Gegeven",
    first: "Record 1",
    second: "Record 2",
    name: "Naam",
    born: "Geboortedatum",
    address: "Adres",
    email: "E-mail",
    phone: "Telefoon",
    status: "Status",
    registered: "Ingeschreven op",
    similarity: "Gelijkenis van de namen",
    same_birth: "zelfde geboortedatum",
    same_address: "zelfde adres",
    keep: "Record dat blijft",
    merge: "Samenvoegen",
    dismiss: "Geen dubbele: verschillende personen",
    confirm_merge: "Ja, samenvoegen",
    merge_question: "Alle geschiedenis van het andere record gaat naar het record dat blijft; het andere \
        record verdwijnt uit de lijsten. Dit kan niet ongedaan worden gemaakt. Samenvoegen?",
    merged: "Records samengevoegd.",
    dismissed: "Gemarkeerd als verschillende personen.",
    open: "Openen",
    registration_warning: "Er staan al kandidaten ingeschreven die op deze persoon lijken (zelfde geboortedatum \
        of adres, bijna dezelfde naam). Bekijk ze eerst; is het toch een ander, schrijf dan toch in.",
    register_anyway: "Toch inschrijven",
    import_title: "Mogelijke dubbelen (worden wel ingelezen)",
    row: "Rij",
    like_registered: "lijkt op een ingeschreven kandidaat",
    like_row: "lijkt op rij",
};

const EN: DuplicateTexts = DuplicateTexts {
    nav: "Duplicates",
    title: "Possible duplicate candidates",
    intro: "Candidates with the same date of birth or address and a very similar name. Read both records; \
        merge them when they are the same person, or mark them as different people.",
    pair: "Pair",
    field: "Field",
    first: "Record 1",
    second: "Record 2",
    name: "Name",
    born: "Date of birth",
    address: "Address",
    email: "E-mail",
    phone: "Phone",
    status: "Status",
    registered: "Registered on",
    similarity: "Similarity of the names",
    same_birth: "same date of birth",
    same_address: "same address",
    keep: "Record that stays",
    merge: "Merge",
    dismiss: "Not a duplicate: different people",
    confirm_merge: "Yes, merge",
    merge_question: "All history of the other record moves to the record that stays; the other record leaves \
        the lists. This cannot be undone. Merge?",
    merged: "Records merged.",
    dismissed: "Marked as different people.",
    open: "Open",
    registration_warning: "Registered candidates resemble this person (same date of birth or address, almost \
        the same name). Look at them first; if it is someone else, register all the same.",
    register_anyway: "Register all the same",
    import_title: "Possible duplicates (imported all the same)",
    row: "Row",
    like_registered: "resembles a registered candidate",
    like_row: "resembles row",
};

pub fn duplicate_texts(lang: Lang) -> &'static DuplicateTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// 0.953 as "95,3 %".
fn percent(similarity: f64) -> String {
    format!("{:.1} %", similarity * 100.0).replace('.', ",")
}

#[component]
pub fn Duplicates() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(duplicate_texts(i18n.0.get()).title));
    let url = UrlQuery::new();
    let page = url.page_signal();
    let reload = RwSignal::new(0u32);
    let list = api::resource(move || {
        reload.track();
        let path = format!("/duplicates?page={}&pageSize=10", page.get());
        async move { api::get::<Page<DuplicatePair>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    let on_done = Callback::new(move |()| reload.update(|n| *n += 1));
    view! {
        <h1>{move || duplicate_texts(i18n.0.get()).title}</h1>
        <RequireRole roles=DUPLICATE_STAFF>
            <p class="form-hint utrecht-paragraph">{move || duplicate_texts(i18n.0.get()).intro}</p>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                view! {
                    <div id="duplicates">
                        {page.items.into_iter().enumerate().map(|(n, pair)| view! { <PairCard index=n + 1 pair=pair on_done=on_done/> }).collect_view()}
                    </div>
                }.into_any()
            })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
        </RequireRole>
    }
}

fn address(side: &DuplicateSide) -> String {
    format!("{} {}", side.postcode, side.house_number).trim().to_owned()
}

/// One pair: both records side by side, the choice of the record that stays, merge (confirmed) and dismiss.
#[component]
fn PairCard(index: usize, pair: DuplicatePair, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || duplicate_texts(i18n.0.get());
    let first_id = pair.first.candidate_id;
    let second_id = pair.second.candidate_id;
    let keep = RwSignal::new(first_id);
    let asking = RwSignal::new(false);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let heading = format!("duplicate-{index}-title");
    let lang = i18n.0.get_untracked();
    let (a, b) = (pair.first.clone(), pair.second.clone());
    let rows: Vec<(&'static str, String, String)> = {
        let d = duplicate_texts(lang);
        vec![
            (d.name, format!("{} {}", a.first_name, a.last_name), format!("{} {}", b.first_name, b.last_name)),
            (
                d.born,
                a.date_of_birth.as_ref().map(format_date).unwrap_or_default(),
                b.date_of_birth.as_ref().map(format_date).unwrap_or_default(),
            ),
            (d.address, address(&a), address(&b)),
            (d.email, a.email.clone(), b.email.clone()),
            (d.phone, a.phone.clone(), b.phone.clone()),
            (d.status, status_name(lang, a.status).to_owned(), status_name(lang, b.status).to_owned()),
            (d.registered, format_date(&a.registered_at.date_naive()), format_date(&b.registered_at.date_naive())),
        ]
    };
    let shared_facts = {
        let d = duplicate_texts(lang);
        let mut facts = Vec::new();
        if pair.same_date_of_birth {
            facts.push(d.same_birth);
        }
        if pair.same_address {
            facts.push(d.same_address);
        }
        facts.join(", ")
    };
    let merge = move || {
        let survivor = keep.get_untracked();
        let merged = if survivor == first_id { second_id } else { first_id };
        let body = MergeRequest { survivor_id: Some(survivor), merged_id: Some(merged) };
        leptos::task::spawn_local(async move {
            match api::post::<_, MergeResult>("/duplicates/merge", &body).await {
                Ok(_) => {
                    asking.set(false);
                    notify(duplicate_texts(i18n.0.get_untracked()).merged);
                    on_done.run(());
                }
                Err(error) => {
                    asking.set(false);
                    errors.set(Some(error));
                }
            }
        });
    };
    let dismiss = move |_| {
        let body = DismissRequest { first_id: Some(first_id), second_id: Some(second_id) };
        leptos::task::spawn_local(async move {
            match api::post_no_content("/duplicates/dismiss", &body).await {
                Ok(()) => {
                    notify(duplicate_texts(i18n.0.get_untracked()).dismissed);
                    on_done.run(());
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let radio = move |id: Uuid, label: &'static str| {
        let input_id = format!("keep-{index}-{id}");
        view! {
            <span class="radio">
                <input type="radio" id=input_id.clone() name=format!("keep-{index}") prop:checked=move || keep.get() == id on:change=move |_| keep.set(id)/>
                " " <label for=input_id>{label}</label>
            </span>
        }
    };
    view! {
        <section class="duplicate-pair card" id=format!("duplicate-{index}") aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{move || t().pair} " " {index}</h2>
            <p>{move || t().similarity} ": " {percent(pair.similarity)} {(!shared_facts.is_empty()).then(|| format!(" ({shared_facts})"))}</p>
            <FormError errors=errors id=format!("duplicate-{index}-error").leak() prefix="duplicate-"/>
            <table class="table utrecht-table utrecht-table--html-table">
                <caption>{move || t().pair} " " {index}</caption>
                <thead><tr>
                    <th scope="col">{move || t().field}</th>
                    <th scope="col"><a href=format!("/candidates/{first_id}")>{move || t().first}</a></th>
                    <th scope="col"><a href=format!("/candidates/{second_id}")>{move || t().second}</a></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, x, y)| view! {
                        <tr><th scope="row">{label}</th><td>{x}</td><td>{y}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <fieldset class="utrecht-form-fieldset">
                <legend>{move || t().keep}</legend>
                {radio(first_id, duplicate_texts(lang).first)}
                " "
                {radio(second_id, duplicate_texts(lang).second)}
            </fieldset>
            <Show when=move || !asking.get() fallback=move || view! {
                <ConfirmDialog
                    id="merge-question"
                    question=Signal::derive(move || t().merge_question.to_owned())
                    confirm_label=Signal::derive(move || t().confirm_merge.to_owned())
                    on_confirm=move |()| merge()
                    on_cancel=move |()| asking.set(false)/>
            }>
                <div class="actions">
                    <button type="button" id=format!("merge-{index}") class="button utrecht-button utrecht-button--primary-action" on:click=move |_| asking.set(true)>{move || t().merge}</button>
                    " "
                    <button type="button" id=format!("dismiss-{index}") class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=dismiss>{move || t().dismiss}</button>
                </div>
            </Show>
        </section>
    }
}
