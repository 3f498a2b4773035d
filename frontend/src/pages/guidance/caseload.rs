//! `/caseload`: a job coach's caseload (the people whose current coach assignment names it), by name, each
//! with its mentor and the "handover needed" flag; admins and consultants see everyone with guidance in
//! their region. A filter shows only the placements that need a new mentor.

use leptos::prelude::*;
use shared::auth::Role;
use shared::guidance::CaseloadEntry;
use shared::paging::Page;

use super::CASELOAD_READERS;
use crate::api;
use crate::app::{RequireRole, set_title, use_session};
use crate::components::{Pager, UrlQuery, format_date, list_state};
use crate::i18n::use_i18n;
use crate::i18n_guidance::{gtr, guidance_texts};

#[component]
pub fn Caseload() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let coach = move || session.role() == Some(Role::JobCoach);
    let title = move || {
        let g = guidance_texts(i18n.0.get());
        if coach() { g.caseload_title } else { g.caseload_all_title }
    };
    Effect::new(move |_| set_title(title()));
    let url = UrlQuery::new();
    let page = url.page_signal();
    let handover = url.param_signal("handoverNeeded", "");
    let reload = RwSignal::new(0u32);
    let list = api::resource(move || {
        reload.track();
        let filter = if handover.get() == "true" { "&handoverNeeded=true" } else { "" };
        let path = format!("/caseload?page={}{filter}", page.get());
        async move { api::get::<Page<CaseloadEntry>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{title}</h1>
        <RequireRole roles=CASELOAD_READERS>
            <Show when=coach><p class="form-hint utrecht-form-field-description">{gtr(|t| t.caseload_hint)}</p></Show>
            // A checkbox sits beside its label, left-aligned (`.form-check`), not in the grid of a text field.
            <div class="form-check utrecht-form-field utrecht-form-field--checkbox">
                <input type="checkbox" id="handover-only" class="utrecht-checkbox utrecht-checkbox--html-input"
                    prop:checked=move || handover.get() == "true"
                    on:change=move |ev| {
                        handover.set(if event_target_checked(&ev) { "true".into() } else { String::new() });
                        page.set(1);
                    }/>
                <label class="form-label utrecht-form-label utrecht-form-label--checkbox" for="handover-only">{gtr(|t| t.handover_filter)}</label>
            </div>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let g = guidance_texts(i18n.0.get_untracked());
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="caseload">
                        <caption>{g.caseload_title}</caption>
                        <thead><tr>
                            <th scope="col">{g.name}</th>
                            <th scope="col">{g.coach}</th>
                            <th scope="col">{g.coach_since}</th>
                            <th scope="col">{g.mentor}</th>
                            <th scope="col">{g.handover}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|x| view! {
                                <tr id=format!("caseload-{}", x.candidate_id)>
                                    <td><a href=format!("/candidates/{}/guidance", x.candidate_id)>{x.name.clone()}</a></td>
                                    <td>{x.coach_name.clone().unwrap_or_default()}</td>
                                    <td>{x.coach_since.as_ref().map(format_date).unwrap_or_default()}</td>
                                    <td>{x.mentor_name.clone().unwrap_or_else(|| g.none.to_owned())}</td>
                                    <td>{x.handover_needed.then_some(g.handover)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
            <Show when=move || matches!(session.role(), Some(Role::Admin | Role::Consultant))>
                <crate::pages::bulk::CaseloadMoveForm on_done=move |()| reload.update(|n| *n += 1)/>
            </Show>
        </RequireRole>
    }
}
