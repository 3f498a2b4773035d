//! The matches of a job coach's caseload, read-only, as `GET /matches` gives them to a job coach (those
//! of the people it guides; none until Guidance assigns them).

use leptos::prelude::*;
use shared::auth::Role;
use shared::matching::wire::Match;
use shared::paging::Page;

use super::organisation::stage_cell;
use crate::api;
use crate::app::{RequireRole, page_title};
use crate::components::{Pager, UrlQuery, format_instant, list_state};
use crate::i18n::use_i18n;
use crate::i18n_matching::{match_texts, mtr};

const JOB_COACHES: &[Role] = &[Role::JobCoach];

#[component]
pub fn CaseloadMatches() -> impl IntoView {
    page_title(|t| match_texts(t.lang).caseload_matches_title);
    let i18n = use_i18n();
    let page = UrlQuery::new().page_signal();
    let list = api::resource(move || {
        let path = format!("/matches?page={}", page.get());
        async move { api::get::<Page<Match>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{mtr(|t| t.caseload_matches_title)}</h1>
        <RequireRole roles=JOB_COACHES>
            <p class="form-hint utrecht-form-field-description">{mtr(|t| t.caseload_matches_hint)}</p>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let lang = i18n.0.get_untracked();
                let m = match_texts(lang);
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="caseload-matches">
                        <caption>{m.caseload_matches_title}</caption>
                        <thead><tr>
                            <th scope="col">{m.candidate}</th>
                            <th scope="col">{m.package}</th>
                            <th scope="col">{m.stage}</th>
                            <th scope="col">{m.changed}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|x| view! {
                                <tr id=format!("match-{}", x.id)>
                                    <td><a href=format!("/candidates/{}", x.candidate_id)>{x.candidate_name.clone()}</a></td>
                                    <td>{x.package_title.clone()}</td>
                                    <td class="match-stage">{stage_cell(lang, &x)}</td>
                                    <td>{format_instant(&x.updated_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
        </RequireRole>
    }
}
