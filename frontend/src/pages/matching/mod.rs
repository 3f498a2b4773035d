//! Matching (issue 11): the ranked lists with each entry's explanation drawn as a breakdown, the
//! candidate's preference editor, the match board by stage and a match's page with its allowed steps; a
//! partner's view of its own packages' matches (declining one for the organisation) and a job coach's
//! read-only view of its caseload's.

pub mod caseload;
pub mod matches;
pub mod organisation;
pub mod ranked;
pub mod rounds;
pub mod weights;

use leptos::prelude::*;
use shared::auth::Role;
use shared::matching::wire::Explanation;

use crate::i18n::Lang;
use crate::i18n_matching::{factor_name, match_texts};

/// Who matches: admins and consultants (the API's `Matchers`).
pub const MATCHERS: &[Role] = &[Role::Admin, Role::Consultant];

/// Why an entry of a ranked list ranks where it ranks: the hard exclusions in words (shown at once), and
/// behind a disclosure the soft factors as a bar (for the eye) and a table (for everyone) whose points add
/// up to the score, each with its reason.
pub fn explanation(lang: Lang, key: String, score: u8, explanation: &Explanation) -> AnyView {
    let m = match_texts(lang);
    let exclusions = (!explanation.hard_exclusions.is_empty()).then(|| {
        let reasons = explanation
            .hard_exclusions
            .iter()
            .map(|e| view! { <li data-code=e.code.clone()>{e.reason.clone()}</li> })
            .collect_view();
        view! {
            <div class="fit-exclusions">
                <p class="fit-exclusions__title">{m.exclusions}</p>
                <ul>{reasons}</ul>
            </div>
        }
    });
    // The bar is SVG: the page's Content-Security-Policy allows no inline styles, and attributes are not
    // styles. 100 units wide: one unit a point.
    let mut x = 0u32;
    let bar = explanation
        .factors
        .iter()
        .filter(|f| f.points > 0)
        .map(|f| {
            let class = format!("fit-part--{}", f.code.as_str());
            let at = x;
            x += u32::from(f.points);
            view! { <rect class=class x=at.to_string() y="0" width=f.points.to_string() height="10" vector-effect="non-scaling-stroke"></rect> }
        })
        .collect_view();
    let rows = explanation
        .factors
        .iter()
        .map(|f| {
            let class = format!("fit-key fit-part--{}", f.code.as_str());
            view! {
                <tr>
                    <th scope="row"><span class=class aria-hidden="true"></span>{factor_name(lang, f.code)}</th>
                    <td class="fit-table__points">{f.points} " " {m.of_points} " " {f.weight}</td>
                    <td>{f.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {exclusions}
        <details class="fit-explanation" id=format!("explain-{key}")>
            <summary>{m.why}</summary>
            <svg class="fit-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">{bar}</svg>
            <table class="table utrecht-table utrecht-table--html-table fit-table">
                <caption>{m.breakdown}</caption>
                <thead><tr><th scope="col">{m.factor}</th><th scope="col">{m.points}</th><th scope="col">{m.reason}</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th scope="row">{m.total}</th><td class="fit-table__points fit-total">{score} " " {m.points}</td><td></td></tr></tfoot>
            </table>
            {(!explanation.hard_exclusions.is_empty()).then(|| view! { <p class="form-hint utrecht-form-field-description">{m.excluded_note}</p> })}
        </details>
    }
    .into_any()
}
