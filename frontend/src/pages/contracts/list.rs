//! The contracts list: paged, filtered by status through the URL.

use leptos::prelude::*;
use shared::contracts::lifecycle::ContractStatus;
use shared::contracts::wire::Contract;
use shared::paging::Page;

use super::READERS;
use crate::api;
use crate::app::{RequireRole, page_title};
use crate::components::{Pager, UrlQuery, format_date, format_money, list_state};
use crate::i18n::use_i18n;
use crate::i18n_contracts::{contract_texts, ctr, status_name};

#[component]
pub fn ContractList() -> impl IntoView {
    page_title(|t| contract_texts(t.lang).contracts_title);
    let i18n = use_i18n();
    let url = UrlQuery::new();
    let page = url.page_signal();
    let status = move || url.get("status").parse::<ContractStatus>().ok();
    let list = api::resource(move || {
        let pairs = [
            ("status", status().map(|s| s.as_str().to_owned()).unwrap_or_default()),
            ("candidateId", url.get("candidateId")),
            ("page", page.get().to_string()),
        ];
        let path = format!("/contracts{}", api::query(&pairs));
        async move { api::get::<Page<Contract>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{ctr(|t| t.contracts_title)}</h1>
        <RequireRole roles=READERS>
            <form class="form form--inline" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="status-filter">{ctr(|t| t.status)}</label>
                    <select class="form-select utrecht-select utrecht-select--html-select" id="status-filter"
                        on:change=move |ev| url.set(&[("status", event_target_value(&ev)), ("page", String::new())])>
                        <option value="" selected=move || status().is_none()>{ctr(|t| t.all_statuses)}</option>
                        {ContractStatus::ALL.iter().map(|s| {
                            let s = *s;
                            view! { <option value=s.as_str() selected=move || status() == Some(s)>{move || status_name(i18n.0.get(), s)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </form>
            {move || {
                let lang = i18n.0.get();
                list_state(lang, list.get(), |page| {
                    let c = contract_texts(lang);
                    view! {
                            <table class="table utrecht-table utrecht-table--html-table" id="contracts-table">
                                <caption>{c.contracts_title}</caption>
                                <thead><tr>
                                    <th scope="col">{c.employee}</th>
                                    <th scope="col">{c.package}</th>
                                    <th scope="col">{c.status}</th>
                                    <th scope="col">{c.start_date}</th>
                                    <th scope="col">{c.hours_per_week}</th>
                                    <th scope="col">{c.hourly_wage}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|x| view! {
                                        <tr>
                                            <td><a href=format!("/contracts/{}", x.id)>{x.candidate_name.clone()}</a></td>
                                            <td>{x.package_title.clone()}</td>
                                            <td>{status_name(lang, x.status)}</td>
                                            <td>{format_date(&x.start_date)}</td>
                                            <td>{x.hours_per_week}</td>
                                            <td>{x.hourly_wage.as_ref().map(format_money).unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                    }
                    .into_any()
                })
            }}
            <Pager page=page total_pages=total_pages total_items=total_items/>
        </RequireRole>
    }
}
