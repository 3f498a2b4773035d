//! The demo programme that `cargo xtask run` seeds: the story of the Groningen plan (seed 000) that a
//! first-time visitor can follow. Everything here is read over the API, as a visitor would see it.
//! One completed matching round has proposals in several stages: a candidate is `matched` exactly when a
//! match of theirs is in a trial placement, and a package `filled` exactly when every position holds one.
//! Every third trial placement was agreed and has a signed contract, every other of those an active one: a
//! candidate is `employed` exactly when a contract of theirs is active.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Utc};
use serde::de::DeserializeOwned;
use shared::auth::{CurrentUser, Role};
use shared::candidates::gdpr::CandidateDataExport;
use shared::candidates::{BenefitKind, CandidateStatus, CandidateSummary, CriterionOutcome, Source, check_transition};
use shared::paging::Page;
use shared::tasks::{
    NeighbourhoodSession, PackageActor, PackageStatus, PackageStatusChange, Task, TaskPackage, check_package_transition,
};
use uuid::Uuid;

use crate::helpers::{TestApp, on_each_database_with};

/// Every item of a list (the demo fits on one page of 100).
async fn all<T: DeserializeOwned>(app: &TestApp, path: &str, token: &str) -> Vec<T> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let response = app.get(&format!("{path}{separator}pageSize=100"), Some(token)).await;
    assert!(response.status().is_success(), "{path}: {}", response.status());
    let page: Page<T> = response.json().await.unwrap();
    assert_eq!(page.total_pages.max(1), 1, "{path} fits on one page");
    page.items
}

async fn one<T: DeserializeOwned>(app: &TestApp, path: &str, token: &str) -> T {
    let response = app.get(path, Some(token)).await;
    assert!(response.status().is_success(), "{path}: {}", response.status());
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_demo_candidate_has_the_history_that_leads_to_its_status() {
    on_each_database_with(
        |config| config.demo = true,
        async |app: TestApp| {
            let admin = app.admin_token().await;
            let now = Utc::now();
            let today = now.date_naive();
            assert_eq!(app.count("/neighbourhoods").await, 10);
            let resolved: serde_json::Value = app
                .post("/neighbourhoods/resolve", Some(&admin), &serde_json::json!({"postcode": "9741 AB"}))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(resolved["name"], "Paddepoel en Selwerd");

            let candidates: Vec<CandidateSummary> = all(&app, "/candidates", &admin).await;
            assert_eq!(candidates.len(), 60);
            let participatiewet = candidates.iter().filter(|c| c.source == Source::Participatiewet).count();
            assert!(
                participatiewet * 4 >= candidates.len() * 3,
                "the Groningen plan is for the Participatiewet: {participatiewet} of 60"
            );
            assert!(candidates.iter().any(|c| c.source == Source::Wajong), "a few come from the Wajong");
            let statuses: BTreeSet<&str> = candidates.iter().map(|c| c.status.as_str()).collect();
            for status in ["registered", "intake", "eligible", "pre_trajectory"] {
                assert!(statuses.contains(status), "someone is {status}: {statuses:?}");
            }

            for summary in &candidates {
                let data: CandidateDataExport =
                    one(&app, &format!("/candidates/{}/personal-data", summary.id), &admin).await;
                let c = &data.candidate;
                let who = format!("{} {} ({})", c.first_name, c.last_name, c.status.as_str());
                let active =
                    data.contracts.iter().any(|k| k.status == shared::contracts::lifecycle::ContractStatus::Active);
                assert_eq!(
                    c.status == CandidateStatus::Employed,
                    active,
                    "{who}: employed exactly when a contract is active"
                );
                let placed = data.matches.iter().any(|m| m.stage.holds_position());
                assert_eq!(
                    c.status == CandidateStatus::Matched,
                    placed && !active,
                    "{who}: matched exactly when a match of theirs holds a position and no contract is active yet"
                );
                // An active contract has its first survey, on the first working day; no other has any.
                let surveyed: BTreeSet<_> = data.employee_surveys.iter().map(|s| s.contract_id).collect();
                for contract in &data.contracts {
                    let is_active = contract.status == shared::contracts::lifecycle::ContractStatus::Active;
                    assert_eq!(surveyed.contains(&contract.id), is_active, "{who}: surveys of an active contract");
                    let from = data.matches.iter().find(|m| m.id == contract.match_id).expect("the contract's match");
                    assert_eq!(
                        from.stage,
                        shared::matching::lifecycle::MatchStage::Contracted,
                        "{who}: signed, so contracted"
                    );
                }

                let benefit = c.benefit.as_ref().expect("an admin sees the benefit");
                let has_benefit = benefit.kind.is_some_and(|k| k != BenefitKind::None);
                assert_eq!(
                    benefit.monthly_amount.is_some(),
                    has_benefit,
                    "{who}: an amount exactly when there is a benefit: {benefit:?}"
                );

                // Past the intake, a person has every field that matching needs.
                if !matches!(c.status, CandidateStatus::Registered | CandidateStatus::Intake) {
                    assert!(c.missing.is_empty(), "{who}: {:?} missing in {:?}", c.missing, c.status);
                }
                assert!(c.availability_confirmed_by.is_some(), "{who}: confirmed by someone");
                let confirmed = c.availability_confirmed_at.expect("availability is confirmed");
                assert!(
                    confirmed >= c.created_at && confirmed <= now,
                    "{who}: availability confirmed {confirmed}, registered {}",
                    c.created_at
                );
                assert!(
                    c.created_at <= c.updated_at && c.updated_at <= now,
                    "{who}: registered {} and changed {}",
                    c.created_at,
                    c.updated_at
                );

                // The status history, oldest first: registration, then only steps of the status machine.
                let history = &data.status_changes;
                let first = history.first().unwrap_or_else(|| panic!("{who}: no status history"));
                assert_eq!(
                    (first.from, first.to),
                    (None, CandidateStatus::Registered),
                    "{who}: the history starts with registration"
                );
                assert!(first.changed_at >= c.created_at, "{who}: registered before the record existed");
                for pair in history.windows(2) {
                    let (before, step) = (&pair[0], &pair[1]);
                    assert_eq!(step.from, Some(before.to), "{who}: the history is a chain");
                    assert!(step.changed_at > before.changed_at, "{who}: the steps are in order");
                    assert_eq!(
                        check_transition(before.to, step.to, step.exit_reason),
                        Ok(()),
                        "{who}: {:?} -> {:?}",
                        before.to,
                        step.to
                    );
                    assert!(!step.reason.trim().is_empty(), "{who}: every step says why");
                }
                let last = history.last().unwrap();
                assert_eq!(last.to, c.status, "{who}: the history ends in the current status");
                assert_eq!(last.exit_reason, c.exit_reason, "{who}: the exit reason is the last step's");
                assert!(last.changed_at <= c.updated_at, "{who}: changed after the last status change");

                // Past registration: intakes held after registration; each eligibility step has its decision.
                if c.status != CandidateStatus::Registered {
                    assert!(!data.intakes.is_empty(), "{who}: past registration without an intake");
                }
                let registered_on = c.created_at.date_naive();
                let entered_intake =
                    history.iter().find(|s| s.to == CandidateStatus::Intake).map(|s| s.changed_at.date_naive());
                for intake in &data.intakes {
                    assert!(
                        intake.held_on >= registered_on && intake.held_on <= today,
                        "{who}: intake on {}",
                        intake.held_on
                    );
                    assert!(
                        entered_intake.is_some_and(|d| intake.held_on >= d),
                        "{who}: an intake before the status intake"
                    );
                    assert!(!intake.result.trim().is_empty(), "{who}: an intake without its result");
                }
                let decided: Vec<_> = history
                    .iter()
                    .filter(|s| matches!(s.to, CandidateStatus::Eligible | CandidateStatus::PreTrajectory))
                    .collect();
                assert_eq!(
                    data.eligibility_decisions.len(),
                    decided.len(),
                    "{who}: one eligibility decision per decided step"
                );
                for (decision, step) in data.eligibility_decisions.iter().zip(&decided) {
                    assert_eq!(decision.outcome, step.to.as_str(), "{who}: the decision is the step");
                    assert!(!decision.motivation.trim().is_empty(), "{who}: a decision without motivation");
                    assert!(
                        data.intakes.iter().any(|i| i.held_on <= decision.decided_at.date_naive()),
                        "{who}: decided on {} before any intake",
                        decision.decided_at
                    );
                }
                if c.status == CandidateStatus::Eligible {
                    assert!(!data.eligibility_decisions.is_empty(), "{who}: eligible without a decision");
                    assert!(
                        c.wage_earning_criteria.iter().all(|k| k.outcome == CriterionOutcome::Met),
                        "{who}: eligible without meeting the criteria: {:?}",
                        c.wage_earning_criteria
                    );
                }
                if c.status == CandidateStatus::Exited {
                    assert!(c.exit_reason.is_some(), "{who}: exited without a reason");
                }
            }

            let consultant = app.login("consultant", backend::seed::DEMO_PASSWORD).await;
            let eligible: Vec<CandidateSummary> = all(&app, "/candidates?status=eligible", &consultant).await;
            assert!(eligible.len() >= 15, "enough eligible people for the first packages: {}", eligible.len());
            let employed = app.count("/candidates?status=employed").await;
            assert!(employed > 0, "the demo has an active contract");
            assert_eq!(employed, app.count("/contracts?status=active").await);
            assert!(app.count("/contracts?status=signed").await > 0, "and a signed one that has not started");
            assert!(app.count("/candidates?status=matched").await > 0, "the demo round placed someone on trial");
        },
    )
    .await;
}

#[tokio::test]
async fn the_demo_task_intake_follows_the_plan_and_the_partner_sees_its_own_work() {
    on_each_database_with(
        |config| config.demo = true,
        async |app: TestApp| {
            let admin = app.admin_token().await;
            let today = Utc::now().date_naive();
            let tasks: HashMap<Uuid, Task> =
                all::<Task>(&app, "/tasks", &admin).await.into_iter().map(|t| (t.id, t)).collect();
            for task in tasks.values() {
                assert!(!task.required_abilities.is_empty(), "{}: a task without required abilities", task.title);
                assert!(task.required_abilities.iter().all(|a| (1..=4).contains(&a.min_level)), "{}", task.title);
            }

            let packages: Vec<TaskPackage> = all(&app, "/task-packages", &admin).await;
            assert_eq!(packages.len(), 15, "the first 15 task packages of the plan");
            let mut years = BTreeSet::new();
            for package in &packages {
                let name = format!("{} ({})", package.title, package.status.as_str());
                assert_ne!(package.status, PackageStatus::Filled, "{name}: nothing is filled before Matching exists");
                assert_eq!(package.hours.total_hours, 32, "{name}");
                assert!(package.hours.overlapping_slots.is_empty(), "{name}");
                let own: Vec<&Task> = package.task_ids.iter().map(|id| &tasks[id]).collect();
                assert!(!own.is_empty(), "{name}: no tasks");
                assert!(
                    own.iter().all(|t| t.neighbourhood_id == own[0].neighbourhood_id),
                    "{name}: tasks in more than one wijk"
                );
                assert!(
                    own.iter().all(|t| t.organisation_id == package.organisation_id),
                    "{name}: another organisation's task"
                );
                let start = package.start_date.unwrap_or_else(|| panic!("{name}: no start date"));
                years.insert(start.year());
                if package.status == PackageStatus::Open {
                    assert!(start >= today, "{name}: open with a start date in the past ({start})");
                }

                let history: Vec<PackageStatusChange> =
                    one(&app, &format!("/task-packages/{}/status-changes", package.id), &admin).await;
                let first = history.first().unwrap_or_else(|| panic!("{name}: no history"));
                assert_eq!(
                    (first.from, first.to),
                    (None, PackageStatus::Draft),
                    "{name}: the history starts with a draft"
                );
                assert!(first.changed_at >= package.created_at, "{name}");
                for pair in history.windows(2) {
                    let (before, step) = (&pair[0], &pair[1]);
                    assert_eq!(step.from, Some(before.to), "{name}: the history is a chain");
                    assert!(step.changed_at > before.changed_at, "{name}: the steps are in order");
                    let actor = if step.changed_by_role == Some(Role::Partner) {
                        PackageActor::Partner
                    } else {
                        PackageActor::Staff
                    };
                    assert_eq!(
                        check_package_transition(before.to, step.to, actor, &step.reason),
                        Ok(()),
                        "{name}: {:?} -> {:?}",
                        before.to,
                        step.to
                    );
                }
                let last = history.last().unwrap();
                assert_eq!(last.to, package.status, "{name}: the history ends in the current status");
                assert!(last.changed_at <= package.updated_at, "{name}");
                if package.status == PackageStatus::Rejected {
                    assert!(!package.rejection_reason.trim().is_empty(), "{name}: rejected without a reason");
                    assert_eq!(package.rejection_reason, last.reason, "{name}");
                }
            }
            assert!(years.len() > 1, "start dates in the coming months, not all in one year: {years:?}");
            let statuses: BTreeSet<&str> = packages.iter().map(|p| p.status.as_str()).collect();
            for status in ["draft", "submitted", "approved", "open", "rejected"] {
                assert!(statuses.contains(status), "a package is {status}: {statuses:?}");
            }

            let sessions: Vec<NeighbourhoodSession> = all(&app, "/neighbourhood-sessions", &admin).await;
            assert!(
                sessions.iter().any(|s| !s.participant_ids.is_empty() && !s.task_ids.is_empty()),
                "a neighbourhood session with participants and the tasks proposed there"
            );
            for session in &sessions {
                assert!(
                    session.held_on < today && session.held_on > today - chrono::Duration::days(120),
                    "{}: held on {}",
                    session.title,
                    session.held_on
                );
                for id in &session.task_ids {
                    let task = &tasks[id];
                    assert_eq!(
                        task.neighbourhood_id, session.neighbourhood_id,
                        "{}: a task of another wijk",
                        session.title
                    );
                    let took_part = session.participant_ids.contains(&task.organisation_id)
                        || session.organisation_id == Some(task.organisation_id);
                    assert!(
                        took_part,
                        "{}: {} was proposed by an organisation that was not there",
                        session.title, task.title
                    );
                }
            }

            let partner = app.login("partner", backend::seed::DEMO_PASSWORD).await;
            let me: CurrentUser = one(&app, "/auth/me", &partner).await;
            assert_eq!(me.role, Role::Partner);
            let own = me.organisation_id.expect("the partner belongs to an organisation");
            let own_sessions: Vec<NeighbourhoodSession> = all(&app, "/neighbourhood-sessions", &partner).await;
            assert!(
                own_sessions.iter().any(|s| s.organisation_id == Some(own) || s.participant_ids.contains(&own)),
                "the partner sees a session of its own"
            );
            let own_tasks: Vec<Task> = all(&app, "/tasks", &partner).await;
            assert!(
                !own_tasks.is_empty() && own_tasks.iter().all(|t| t.organisation_id == own),
                "the partner sees its own tasks"
            );
            let own_packages: Vec<TaskPackage> = all(&app, "/task-packages", &partner).await;
            assert!(own_packages.iter().all(|p| p.organisation_id == own));
            let own_statuses: BTreeSet<&str> = own_packages.iter().map(|p| p.status.as_str()).collect();
            assert!(own_statuses.len() > 1, "the partner's packages are in more than one status: {own_statuses:?}");
            let own_matches: Vec<shared::matching::wire::Match> = all(&app, "/matches", &partner).await;
            assert!(
                own_matches.iter().all(|m| own_packages.iter().any(|p| p.id == m.package_id)
                    && m.stage != shared::matching::lifecycle::MatchStage::Proposed
                    && m.score.is_none()),
                "the partner sees its own packages' matches from introduced on, without scores"
            );
            assert!(
                own_matches.iter().any(|m| shared::matching::lifecycle::next_steps(
                    m.stage,
                    shared::matching::lifecycle::MatchActor::Partner
                )
                .contains(&shared::matching::lifecycle::MatchStage::Declined)),
                "the demo partner has a match of its own work that it can decline: {:?}",
                own_matches.iter().map(|m| m.stage).collect::<Vec<_>>()
            );
        },
    )
    .await;
}

#[tokio::test]
async fn demo_candidates_in_matching_chose_open_packages_that_rank_them() {
    on_each_database_with(
        |config| config.demo = true,
        async |app: TestApp| {
            let admin = app.admin_token().await;
            let candidates: Vec<CandidateSummary> = all(&app, "/candidates", &admin).await;
            let open: Vec<TaskPackage> = all(&app, "/task-packages?status=open", &admin).await;
            assert!(!open.is_empty(), "the demo has open packages to match");
            let mut with_choice = 0;
            for candidate in &candidates {
                let prefs: shared::matching::wire::Preferences =
                    one(&app, &format!("/candidates/{}/preferences", candidate.id), &admin).await;
                if prefs.package_ids.is_empty() {
                    continue;
                }
                with_choice += 1;
                assert!(
                    matches!(
                        candidate.status,
                        CandidateStatus::Eligible | CandidateStatus::Matched | CandidateStatus::Employed
                    ),
                    "only candidates in matching choose (some since placed by the demo round, a few employed)"
                );
                assert!(prefs.package_ids.len() <= 3 && prefs.version == 1 && prefs.recorded_by.is_some());
                for id in &prefs.package_ids {
                    assert!(open.iter().any(|p| p.id == *id), "a preference names an open package");
                }
            }
            let eligible = candidates.iter().filter(|c| c.status == CandidateStatus::Eligible).count();
            assert!(with_choice * 2 >= eligible, "most eligible candidates chose: {with_choice} of {eligible}");
            // Every open package has candidates to rank, with the explanation of each score, and several who
            // fit it.
            let mut fits = Vec::new();
            for package in &open {
                let ranked: Page<shared::matching::wire::RankedCandidate> =
                    one(&app, &format!("/task-packages/{}/candidates?includeExcluded=true", package.id), &admin).await;
                assert!(ranked.total_items > 0, "{} ranks nobody", package.title);
                for entry in &ranked.items {
                    let points: u32 = entry.explanation.factors.iter().map(|f| u32::from(f.points)).sum();
                    assert_eq!(points, u32::from(entry.score));
                }
                let fitting = ranked.items.iter().filter(|e| !e.excluded).count();
                eprintln!("{}: {fitting} fit of {}", package.title, ranked.total_items);
                fits.push((package.title.clone(), fitting));
                assert!(
                    ranked.items.iter().any(|e| e.excluded),
                    "{} also shows someone a hard exclusion rules out, with the reason",
                    package.title
                );
            }
            assert!(fits.iter().all(|(_, n)| *n >= 3), "several candidates fit each open package: {fits:?}");
        },
    )
    .await;
}

#[tokio::test]
async fn the_demo_round_is_complete_with_its_proposals_in_several_stages() {
    use shared::matching::lifecycle::MatchStage;
    use shared::matching::rounds::{Round, RoundSummary};
    on_each_database_with(
        |config| config.demo = true,
        async |app: TestApp| {
            let consultant = app.login("consultant", backend::seed::DEMO_PASSWORD).await;
            let rounds: Vec<RoundSummary> = all(&app, "/matching-rounds", &consultant).await;
            assert_eq!(rounds.len(), 1, "one completed round");
            let round: Round = one(&app, &format!("/matching-rounds/{}", rounds[0].id), &consultant).await;
            assert!(round.proposals.len() >= 4, "a round worth reading: {} proposals", round.proposals.len());
            assert!(round.inputs.pairs_inline && round.inputs.pairs.len() as u32 == round.inputs.pair_count);
            let stages: BTreeSet<&str> = round.proposals.iter().map(|p| p.stage.as_str()).collect();
            for stage in ["introduced", "trial_placement", "declined"] {
                assert!(stages.contains(stage), "a proposal is {stage}: {stages:?}");
            }
            assert!(!stages.contains("proposed"), "staff went through every proposal: {stages:?}");
            for proposal in &round.proposals {
                let score = round
                    .inputs
                    .pairs
                    .iter()
                    .find(|p| p.candidate_id == proposal.candidate_id && p.package_id == proposal.package_id)
                    .map(|p| p.score);
                assert_eq!(score, Some(proposal.score), "each proposal is an acceptable pair with its score");
                let m: shared::matching::wire::Match =
                    one(&app, &format!("/matches/{}", proposal.match_id), &consultant).await;
                if m.stage == MatchStage::TrialPlacement {
                    let (start, end) = (m.trial_start_date.expect("a start"), m.trial_end_date.expect("an end"));
                    assert!(start < end && m.position_number.is_some());
                }
                let candidate: shared::candidates::Candidate =
                    one(&app, &format!("/candidates/{}", proposal.candidate_id), &consultant).await;
                let expected: &[CandidateStatus] = if m.stage.holds_position() {
                    &[CandidateStatus::Matched, CandidateStatus::Employed]
                } else {
                    &[CandidateStatus::Eligible]
                };
                assert!(expected.contains(&candidate.status), "{}: {:?}", candidate.first_name, candidate.status);
            }
            // A package is filled exactly when every one of its positions holds a placement.
            let packages: Vec<TaskPackage> = all(&app, "/task-packages", &consultant).await;
            for package in packages.iter().filter(|p| matches!(p.status, PackageStatus::Open | PackageStatus::Filled)) {
                let held: Vec<shared::matching::wire::Match> =
                    all(&app, &format!("/matches?packageId={}", package.id), &consultant).await;
                let held: Vec<_> = held.into_iter().filter(|m| m.stage.holds_position()).collect();
                assert_eq!(
                    package.status == PackageStatus::Filled,
                    held.len() == usize::from(package.positions),
                    "{}: {} of {} positions held",
                    package.title,
                    held.len(),
                    package.positions
                );
            }
        },
    )
    .await;
}
