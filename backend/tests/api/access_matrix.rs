//! Gate 1 of the security issue: the role x endpoint matrix.
//!
//! [`MATRIX`] is the one declared table of who may call what: for every operation of the OpenAPI
//! document, the status each kind of caller gets. The test calls every operation of the served document
//! as every caller and compares. An operation without a row (a new endpoint) fails the test, and so does a
//! row without an operation, so that every capability added later declares its access rules here.
//!
//! Each call uses the records of organisation A (made by the fixture) for `{id}` and, for a write, the
//! body `{}`: so an allowed caller passes the role and organisation checks and is then refused by
//! validation (400), a refused one gets 401, 403 or (for another organisation's record) 404. An operation
//! without a body (a read, a reveal, a revoke) answers its success status to allowed callers. The table
//! therefore also proves that the role check comes before the body is looked at.
//!
//! The callers are the columns of the table, in [`CALLERS`] order.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{PASSWORD, TestApp, on_each_database};

/// The columns of [`MATRIX`].
const CALLERS: [&str; 12] = [
    "no token",
    "expired token",
    "admin",
    "consultant",
    "job_coach",
    "finance",
    // A partner user of organisation A, which owns the session, task and package of the fixture.
    "partner",
    // A partner user of organisation B: A's records are not found for it.
    "other partner",
    // An API client of organisation A (partner systems).
    "partner client",
    // A Werkkamer user and the Werkkamer's API client: aggregated indicators only.
    "monitor",
    "monitor client",
    // The research partner's API client (machine-only): the evaluation export and nothing else.
    "research client",
];

/// Operation id -> the status for each caller of [`CALLERS`]. Keep the rows in the document's order of
/// paths; `logout` and `change_password` come last because they may end the caller's session.
#[rustfmt::skip]
const MATRIX: &[(&str, [u16; 12])] = &[
    //                               none exp  adm  con  jc   fin  par  oth  pcl  mon  mcl  rcl
    // Users, API clients and the audit log: admins only.
    ("list_users",                 [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("create_user",                [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_user",                   [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("update_user",                [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("reset_password",             [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_api_clients",           [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("create_api_client",          [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("rotate_api_client_secret",   [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("revoke_api_client",          [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_audit_events",          [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("health",                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // Candidates: staff who read them (not partners, not the Werkkamer); changes by consultants and admins.
    // Finance reads no intakes and no status history (results, notes and motivations are not in its row of
    // registration::visibility::TABLE).
    ("list_candidates",            [401, 401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
    ("search_candidates",          [401, 401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
    ("create_candidate",           [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_candidate",              [401, 401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
    ("update_candidate",           [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("reveal_bsn",                 [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Availability is confirmed by its own action, by those who change candidates (no body: 200).
    ("confirm_availability",       [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("change_status",              [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_status_changes",        [401, 401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403]),
    ("list_intakes",               [401, 401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403]),
    ("create_intake",              [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("decide_eligibility",         [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_changes",               [401, 401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
    // Bulk status changes: those who change candidates.
    ("preview_bulk_status",        [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("bulk_status",                [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Job coaches in bulk (a selection, or a whole caseload moved): those who assign coaches.
    ("preview_bulk_coach",         [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("bulk_coach",                 [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("preview_caseload_move",      [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("move_caseload",              [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Possible duplicates: consultants (and admins) list, merge and dismiss them within their region.
    ("list_duplicates",            [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("merge_duplicates",           [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("dismiss_duplicate",          [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("candidate_timeline",         [401, 401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
    ("export_personal_data",       [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("erase_candidate",            [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("import_candidates",          [401, 401, 415, 415, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("export_candidates",          [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Authentication: public doors, and the caller's own account (people only).
    ("login",                      [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400]),
    ("refresh_session",            [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
    ("me",                         [401, 401, 200, 200, 200, 200, 200, 200, 403, 200, 403, 403]),
    ("client_token",               [415, 415, 415, 415, 415, 415, 415, 415, 415, 415, 415, 415]),
    // Task intake: staff and partners; a partner sees only its own organisation's work.
    ("list_sessions",              [401, 401, 200, 200, 200, 403, 200, 200, 200, 403, 403, 403]),
    ("create_session",             [401, 401, 400, 400, 403, 403, 400, 400, 400, 403, 403, 403]),
    ("get_session",                [401, 401, 200, 200, 200, 403, 200, 404, 200, 403, 403, 403]),
    ("update_session",             [401, 401, 400, 400, 403, 403, 400, 404, 400, 403, 403, 403]),
    ("list_tasks",                 [401, 401, 200, 200, 200, 403, 200, 200, 200, 403, 403, 403]),
    ("create_task",                [401, 401, 400, 400, 403, 403, 400, 400, 400, 403, 403, 403]),
    ("get_task",                   [401, 401, 200, 200, 200, 403, 200, 404, 200, 403, 403, 403]),
    ("update_task",                [401, 401, 400, 400, 403, 403, 400, 404, 400, 403, 403, 403]),
    ("list_packages",              [401, 401, 200, 200, 200, 403, 200, 200, 200, 403, 403, 403]),
    ("create_package",             [401, 401, 400, 400, 403, 403, 400, 400, 400, 403, 403, 403]),
    ("get_package",                [401, 401, 200, 200, 200, 403, 200, 404, 200, 403, 403, 403]),
    ("update_package",             [401, 401, 400, 400, 403, 403, 400, 404, 400, 403, 403, 403]),
    ("transition_package",         [401, 401, 400, 400, 403, 403, 400, 404, 400, 403, 403, 403]),
    ("list_package_changes",       [401, 401, 200, 200, 200, 403, 200, 404, 200, 403, 403, 403]),
    // Reference data: read by every role, changed by admins.
    ("list_municipalities",        [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403]),
    ("create_municipality",        [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_neighbourhoods",        [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403]),
    ("create_neighbourhood",       [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("update_neighbourhood",       [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("resolve_postcode",           [401, 401, 400, 400, 400, 400, 400, 400, 400, 400, 400, 403]),
    ("list_task_categories",       [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403]),
    ("create_task_category",       [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("update_task_category",       [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_abilities",             [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403]),
    ("create_ability",             [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("update_ability",             [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Organisations: the list, new ones, import and export for staff who manage them; a partner reads
    // and changes only its own profile.
    ("list_organisations",         [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("create_organisation",        [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_organisation",           [401, 401, 200, 200, 200, 200, 200, 404, 200, 403, 403, 403]),
    ("update_organisation",        [401, 401, 400, 400, 403, 403, 400, 404, 400, 403, 403, 403]),
    ("import_organisations",       [401, 401, 415, 415, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("export_organisations",       [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    // The lookup of names (id and name only) for whoever records neighbourhood sessions.
    ("lookup_organisations",       [401, 401, 200, 200, 200, 403, 200, 200, 200, 403, 403, 403]),
    // Matching: consultants and admins; the fit weights are changed by admins.
    ("ranked_candidates",          [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("ranked_packages",            [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_preferences",            [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("save_preferences",           [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Matches: consultants and admins; a job coach reads its caseload's (none until Guidance exists), a
    // partner its own packages' from `introduced` on and declines them. `{id}` is a match that does not
    // exist, so every caller allowed to read or step gets 404.
    ("list_matches",               [401, 401, 200, 200, 200, 403, 200, 200, 200, 403, 403, 403]),
    ("create_match",               [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_match",                  [401, 401, 404, 404, 404, 403, 404, 404, 404, 403, 403, 403]),
    ("transition_match",           [401, 401, 404, 404, 403, 403, 404, 404, 404, 403, 403, 403]),
    // Matching rounds: consultants and admins; `{id}` is a round that does not exist, so the allowed get 404.
    ("list_rounds",                [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("create_round",               [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_round",                  [401, 401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_round_pairs",           [401, 401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_weights",                [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("save_weights",               [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Costs: admins, consultants and finance read and estimate; admins and finance edit the norms.
    ("get_cost_norms",             [401, 401, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403]),
    ("save_cost_norms",            [401, 401, 400, 403, 403, 400, 403, 403, 403, 403, 403, 403]),
    ("estimate_costs",             [401, 401, 400, 400, 403, 400, 403, 403, 403, 403, 403, 403]),
    // The income assumptions: read by who sees income indications (admins, consultants, finance); edited
    // by admins and finance.
    ("get_income_assumptions",     [401, 401, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403]),
    ("save_income_assumptions",    [401, 401, 400, 403, 403, 400, 403, 403, 403, 403, 403, 403]),
    // The quick search: every role but the Werkkamer's (each kind of hit only for who may read it).
    ("quick_search",               [401, 401, 400, 400, 400, 400, 400, 400, 400, 403, 403, 403]),
    // Saved searches: staff who work with lists (people only); `{id}` is a search that does not exist, so
    // the allowed get 404 (an empty body is refused first on a change).
    ("list_saved_searches",        [401, 401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
    ("create_saved_search",        [401, 401, 400, 400, 400, 400, 403, 403, 403, 403, 403, 403]),
    ("get_saved_search",           [401, 401, 404, 404, 404, 404, 403, 403, 403, 403, 403, 403]),
    ("update_saved_search",        [401, 401, 400, 400, 400, 400, 403, 403, 403, 403, 403, 403]),
    ("delete_saved_search",        [401, 401, 404, 404, 404, 404, 403, 403, 403, 403, 403, 403]),
    // Reminders: every staff role and partners have a due list (each scoped to what it sees; finance's and
    // a partner's are short); the Werkkamer and the research client are refused. Follow-ups are set by
    // admins, consultants and job coaches; an empty body is refused first.
    ("due_reminders",              [401, 401, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403]),
    ("reminder_counts",            [401, 401, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403]),
    ("mark_reminder_done",         [401, 401, 400, 400, 400, 400, 400, 400, 400, 403, 403, 403]),
    ("snooze_reminder",            [401, 401, 400, 400, 400, 400, 400, 400, 400, 403, 403, 403]),
    ("create_follow_up",           [401, 401, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403]),
    // Contracts: admins and consultants write; finance reads them with their money, versions and income
    // indication; a partner reads its own packages' contracts (first name and hours only) and no versions or
    // income; a job coach its caseload's contracts (read-only, no wage); monitors are refused. `{id}` is a
    // contract that does not exist, so every caller allowed to read or write it gets 404.
    ("list_contracts",             [401, 401, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403]),
    ("create_contract",            [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_contract",               [401, 401, 404, 404, 404, 404, 404, 404, 404, 403, 403, 403]),
    ("update_contract",            [401, 401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("transition_contract",        [401, 401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("list_contract_versions",     [401, 401, 404, 404, 403, 404, 403, 403, 403, 403, 403, 403]),
    ("contract_income_indication", [401, 401, 404, 404, 403, 404, 403, 403, 403, 403, 403, 403]),
    // Experience surveys: staff enter and read a contract's (`{id}` a contract that does not exist: 404 for
    // those who pass the role check; a job coach is decided per person, refused until Guidance); a partner
    // enters its own placements' employee surveys and enters and reads its own organisation's.
    ("list_employee_surveys",      [401, 401, 404, 404, 404, 403, 403, 403, 403, 403, 403, 403]),
    ("create_employee_survey",     [401, 401, 404, 404, 404, 403, 404, 404, 404, 403, 403, 403]),
    ("list_organisation_surveys",  [401, 401, 200, 200, 403, 403, 200, 404, 200, 403, 403, 403]),
    ("create_organisation_survey", [401, 401, 400, 400, 403, 403, 400, 404, 400, 403, 403, 403]),
    // The budget: admins and finance keep it and read its figures.
    ("get_budget",                 [401, 401, 200, 403, 403, 200, 403, 403, 403, 403, 403, 403]),
    ("save_budget",                [401, 401, 400, 403, 403, 400, 403, 403, 403, 403, 403, 403]),
    // The Werkkamer feed: the Werkkamer (users and API clients) and admins; without `period` a 400.
    ("werkkamer_indicators",       [401, 401, 400, 403, 403, 403, 403, 403, 403, 400, 400, 403]),
    // The evaluation export: admins and the research client; without `from` and `to` a 400.
    ("evaluation_export",          [401, 401, 400, 403, 403, 403, 403, 403, 403, 403, 403, 400]),
    // The programme dashboard: the programme's staff (the money only for admins and finance); not the
    // Werkkamer (the anonymous feed is its door), partners or the research client. Without parameters the
    // last twelve months: 200.
    ("get_dashboard",              [401, 401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
    // Guidance: a job coach's caseload (admins and consultants anyone's). A person's guidance: admins and
    // consultants, finance (provisions only), the person's job coach and the partner of its placement (the
    // fixture's candidate is in nobody's caseload and no placement: 404); monitors 403. Assignments by admins
    // and consultants (a partner: mentors of its placements, 404 here); check-ins and goals by admins,
    // consultants and the person's job coach (404 outside its caseload); provisions and employer notes by
    // admins and consultants. `{id}` of an assignment or goal does not exist: 404 for who may write it.
    ("list_caseload",              [401, 401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403]),
    ("list_job_coaches",           [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("get_guidance",               [401, 401, 200, 200, 404, 200, 404, 404, 404, 403, 403, 403]),
    ("create_assignment",          [401, 401, 400, 400, 403, 403, 404, 404, 404, 403, 403, 403]),
    ("end_assignment",             [401, 401, 404, 404, 403, 403, 404, 404, 404, 403, 403, 403]),
    ("create_check_in",            [401, 401, 400, 400, 404, 403, 403, 403, 403, 403, 403, 403]),
    ("create_goal",                [401, 401, 400, 400, 404, 403, 403, 403, 403, 403, 403, 403]),
    ("update_goal",                [401, 401, 404, 404, 404, 403, 403, 403, 403, 403, 403, 403]),
    ("create_provision",           [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    // A provision is changed and deleted by admins, consultants and the person's job coach; `{id}` does not
    // exist, so they get 404.
    ("update_provision",           [401, 401, 404, 404, 404, 403, 403, 403, 403, 403, 403, 403]),
    ("delete_provision",           [401, 401, 404, 404, 404, 403, 403, 403, 403, 403, 403, 403]),
    ("list_employer_notes",        [401, 401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("create_employer_note",       [401, 401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Last: these may end the caller's sessions.
    ("change_password",            [401, 401, 400, 400, 400, 400, 400, 400, 403, 400, 403, 403]),
    ("logout",                     [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204]),
];

/// The records of organisation A that `{id}` stands for, by the path's first segment.
struct Fixture {
    ids: BTreeMap<&'static str, String>,
    tokens: Vec<Option<String>>,
}

async fn created(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "creating {what}: {status} {body}");
    body
}

async fn client_token(app: &TestApp, admin: &str, body: Value) -> (String, String) {
    let client = created(app.post("/api-clients", Some(admin), &body).await, "an API client").await;
    let response = app
        .client
        .post(app.url("/auth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client["client"]["clientId"].as_str().unwrap()),
            ("client_secret", client["clientSecret"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    let token: Value = created(response, "a client token").await;
    (token["access_token"].as_str().unwrap().to_owned(), client["client"]["id"].as_str().unwrap().to_owned())
}

/// A copy of `token` whose `exp` and `iat` lie an hour in the past, signed with the server's key.
fn expired(app: &TestApp, token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap();
    let mut claims: Value = serde_json::from_slice(&bytes).unwrap();
    let now = jsonwebtoken::get_current_timestamp();
    claims["iat"] = json!(now - 7200);
    claims["exp"] = json!(now - 3600);
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(&app.jwt_secret),
    )
    .unwrap()
}

async fn user_token(app: &TestApp, username: &str, role: Role, organisation: Option<uuid::Uuid>) -> String {
    app.create_user(username, role, organisation).await;
    app.login(username, PASSWORD).await
}

async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.admin_token().await;
    let (hood, category) = crate::tasks::reference(app).await;
    let ability =
        created(app.post("/abilities", Some(&admin), &json!({"name": "Schoffelen"})).await, "an ability").await;
    let municipalities: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();

    let org_a = app.create_organisation("Organisatie A", "40000001").await;
    let org_b = app.create_organisation("Organisatie B", "40000002").await;
    let consultant = user_token(app, "m.consultant", Role::Consultant, None).await;
    let job_coach = user_token(app, "m.jobcoach", Role::JobCoach, None).await;
    let finance = user_token(app, "m.finance", Role::Finance, None).await;
    let partner = user_token(app, "m.partner.a", Role::Partner, Some(org_a)).await;
    let other_partner = user_token(app, "m.partner.b", Role::Partner, Some(org_b)).await;
    let monitor = user_token(app, "m.monitor", Role::Monitor, None).await;
    let target_user = app.create_user("m.target", Role::Consultant, None).await;
    let (partner_client, _) =
        client_token(app, &admin, json!({"name": "Koppeling A", "role": "partner", "organisationId": org_a})).await;
    let (monitor_client, _) = client_token(app, &admin, json!({"name": "Werkkamer", "role": "monitor"})).await;
    let (research_client, _) = client_token(app, &admin, json!({"name": "Onderzoek", "role": "research"})).await;
    let (_, spare_client) =
        client_token(app, &admin, json!({"name": "Reserve", "role": "partner", "organisationId": org_b})).await;

    let candidate = created(
        app.post("/candidates", Some(&consultant), &crate::candidates::candidate("123456782", "Sanne", "de Boer"))
            .await,
        "a candidate",
    )
    .await;
    let task = created(
        app.post("/tasks", Some(&partner), &crate::tasks::task(&hood, &category, "Perken", 16, &[("mon", "morning")]))
            .await,
        "a task",
    )
    .await;
    let session = created(
        app.post(
            "/neighbourhood-sessions",
            Some(&partner),
            &json!({"neighbourhoodId": hood, "heldOn": "2026-11-02", "title": "Wijkavond"}),
        )
        .await,
        "a session",
    )
    .await;
    let package = created(
        app.post("/task-packages", Some(&partner), &json!({"title": "Groen", "taskIds": [task["id"]], "positions": 1}))
            .await,
        "a package",
    )
    .await;

    let id = |value: &Value| value["id"].as_str().unwrap().to_owned();
    let ids = BTreeMap::from([
        ("users", target_user.to_string()),
        ("api-clients", spare_client),
        ("candidates", id(&candidate)),
        ("neighbourhood-sessions", id(&session)),
        ("tasks", id(&task)),
        ("task-packages", id(&package)),
        ("municipalities", municipalities["items"][0]["id"].as_str().unwrap().to_owned()),
        ("neighbourhoods", hood),
        ("task-categories", category),
        ("abilities", id(&ability)),
        ("organisations", org_a.to_string()),
        ("matches", uuid::Uuid::now_v7().to_string()),
        ("matching-rounds", uuid::Uuid::now_v7().to_string()),
        ("saved-searches", uuid::Uuid::now_v7().to_string()),
        ("contracts", uuid::Uuid::now_v7().to_string()),
        ("guidance-assignments", uuid::Uuid::now_v7().to_string()),
        ("goals", uuid::Uuid::now_v7().to_string()),
        ("provisions", uuid::Uuid::now_v7().to_string()),
    ]);
    let tokens = vec![
        None,
        Some(expired(app, &admin)),
        Some(admin),
        Some(consultant),
        Some(job_coach),
        Some(finance),
        Some(partner),
        Some(other_partner),
        Some(partner_client),
        Some(monitor),
        Some(monitor_client),
        Some(research_client),
    ];
    Fixture { ids, tokens }
}

/// Every operation of the document as (operation id, method, path template).
fn operations(doc: &Value) -> BTreeMap<String, (Method, String)> {
    let mut found = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = Method::from_bytes(method.to_uppercase().as_bytes()) else { continue };
            if let Some(id) = operation["operationId"].as_str() {
                let previous = found.insert(id.to_owned(), (method, path.clone()));
                assert!(previous.is_none(), "operation id {id} is used twice");
            }
        }
    }
    found
}

#[tokio::test]
async fn every_operation_answers_every_caller_as_the_matrix_declares() {
    assert_eq!(CALLERS.len(), MATRIX[0].1.len());
    on_each_database(async |app: TestApp| {
        let doc: Value = app.get("/openapi.json", None).await.json().await.unwrap();
        let operations = operations(&doc);
        let declared: BTreeSet<&str> = MATRIX.iter().map(|(id, _)| *id).collect();
        assert_eq!(declared.len(), MATRIX.len(), "an operation has two rows in MATRIX");
        let missing: Vec<&String> = operations.keys().filter(|id| !declared.contains(id.as_str())).collect();
        assert!(missing.is_empty(), "operations without a row in MATRIX (declare who may call them): {missing:?}");
        let stale: Vec<&&str> = declared.iter().filter(|id| !operations.contains_key(**id)).collect();
        assert!(stale.is_empty(), "rows in MATRIX without an operation in the document: {stale:?}");

        let fixture = fixture(&app).await;
        let mut wrong = Vec::new();
        let mut calls = 0;
        for (operation_id, expected) in MATRIX {
            let (method, template) = &operations[*operation_id];
            let resource = template.trim_start_matches('/').split('/').next().unwrap();
            let path = match fixture.ids.get(resource) {
                Some(id) => template.replace("{id}", id),
                None => template.clone(),
            };
            assert!(!path.contains('{'), "no fixture for {template}");
            for (caller, (token, want)) in CALLERS.iter().zip(fixture.tokens.iter().zip(expected)) {
                let mut request = app.client.request(method.clone(), app.url(&path));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                if *method != Method::GET {
                    request = request.json(&json!({}));
                }
                let response = request.send().await.unwrap();
                calls += 1;
                let status = response.status();
                if status.as_u16() != *want {
                    let body = response.text().await.unwrap_or_default();
                    wrong.push(format!(
                        "{operation_id} ({method} {path}) as {caller}: {status}, declared {want}: {body}"
                    ));
                } else if !status.is_success() {
                    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok());
                    assert_eq!(content_type, Some("application/problem+json"), "{operation_id} as {caller}");
                }
                assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{operation_id} as {caller}");
            }
        }
        eprintln!("access matrix: {} operations x {} callers = {calls} calls", MATRIX.len(), CALLERS.len());
        assert!(wrong.is_empty(), "{} calls differ from MATRIX:\n{}", wrong.len(), wrong.join("\n"));
    })
    .await;
}

/// Authentication and the role check come before the input is looked at: a refused caller gets 401 or
/// 403 whatever its body, query or path, never the validation answer (which would depend on a race
/// between the extractors, and tell a refused caller what input is valid).
#[tokio::test]
async fn a_refused_caller_gets_401_or_403_whatever_its_input() {
    on_each_database(async |app: TestApp| {
        let finance = app.token_for(Role::Finance).await;
        let malformed = |path: &str, content_type: &str, body: &'static str| {
            app.client.post(app.url(path)).bearer_auth(&finance).header("content-type", content_type).body(body).send()
        };
        for (path, content_type, body) in [
            ("/users", "application/json", "{"),
            ("/users", "text/plain", "x"),
            ("/organisations/import", "application/json", "{}"),
            ("/candidates/import?dryRun=maybe", "text/csv", "naam\nx\n"),
            ("/users/not-a-uuid/password-reset", "application/json", "{}"),
        ] {
            let response = malformed(path, content_type, body).await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "POST {path} ({content_type})");
        }
        for path in ["/users?page=zero", "/users/not-a-uuid", "/audit-events?from=yesterday"] {
            assert_eq!(app.get(path, Some(&finance)).await.status(), StatusCode::FORBIDDEN, "GET {path}");
            assert_eq!(app.get(path, Some("not-a-token")).await.status(), StatusCode::UNAUTHORIZED, "GET {path}");
        }
    })
    .await;
}
