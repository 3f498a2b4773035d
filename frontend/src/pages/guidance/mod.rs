//! Guidance (issue 12, item 5): a person's guidance page (job coach and workplace mentor with their history
//! and the handover flag, check-ins, development goals, provisions, each with its form for who may record
//! it), the job coach's caseload and the notes and contact moments with an employer.

pub mod caseload;
pub mod notes;
pub mod overview;

use leptos::prelude::*;
use serde::Serialize;
use shared::auth::Role;

use crate::api::{self, ApiError};
use crate::components::notify;

/// Who reads a person's guidance (the API's `GuidanceReaders`; each its own part).
pub const READERS: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner];
/// Who records check-ins and goals: admins, consultants and the person's job coach.
pub const GUIDES: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach];
/// Who assigns coaches, records provisions and employer notes: admins and consultants.
pub const STAFF: &[Role] = &[Role::Admin, Role::Consultant];
/// Who records mentor changes: staff and the partner of the placement.
pub const MENTOR_KEEPERS: &[Role] = &[Role::Admin, Role::Consultant, Role::Partner];
/// Who reads a caseload.
pub const CASELOAD_READERS: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach];

/// Today in the browser's calendar, as a date input wants it (`2026-11-28`).
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// Posts `body` to `path`; on success says `done`, runs `after` and reloads; on failure shows the errors.
pub fn send<B: Serialize + 'static>(
    path: String,
    body: B,
    errors: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
    reload: RwSignal<u32>,
    done: &'static str,
    after: impl FnOnce() + 'static,
) {
    errors.set(None);
    busy.set(true);
    leptos::task::spawn_local(async move {
        match api::post::<_, serde_json::Value>(&path, &body).await {
            Ok(_) => {
                after();
                notify(done);
                reload.update(|n| *n += 1);
            }
            Err(error) => errors.set(Some(error)),
        }
        busy.set(false);
    });
}
