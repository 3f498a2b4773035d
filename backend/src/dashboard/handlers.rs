//! `GET /dashboard`: the programme dashboard.

use actix_web::{get, web};
use serde::Deserialize;
use shared::dashboard::Dashboard;

use super::{DashboardReaders, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::ApiQuery;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(get_dashboard);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// The first month, `YYYY-MM` (default: eleven months before `to`).
    #[param(example = "2026-01", pattern = r"^\d{4}-\d{2}$")]
    from: Option<String>,
    /// The last month, `YYYY-MM` (default: this month); not before `from`, at most 36 months after it.
    #[param(example = "2026-12", pattern = r"^\d{4}-\d{2}$")]
    to: Option<String>,
    /// A municipality's CBS code (`GM0014`) within the caller's region (default: all of them).
    #[param(example = "GM0014")]
    municipality: Option<String>,
    /// The id of a neighbourhood of those municipalities (default: all); people and contracts count by the
    /// person's neighbourhood.
    #[param(format = Uuid)]
    neighbourhood: Option<String>,
}

/// The programme dashboard: for every month of the period, people by status and source (on the month's
/// last day), jobs filled against the year's job target and the realisation percentage, weekly hours, FTE
/// (`fteHours` a week each) and, for people in the target-group register, standard jobs of 25.5 hours; the
/// nature of the work (hours per task category); inflow (registrations, contract starts), outflow by reason
/// and dropout; the employee surveys' average scores; and for admins and finance the contracts' realised and
/// committed cost of the month and each year's money (`finances`: budget, cost, cost per job against the
/// norm, contributions), `null` for other roles. Staff-internal, so not suppressed, and scoped: staff of one
/// municipality see that municipality only. For admins, consultants, job coaches and finance.
#[utoipa::path(
    tag = "dashboard",
    params(DashboardQuery),
    responses(
        (status = 200, description = "The period's figures, month by month", body = Dashboard),
        (status = 400, description = "A month is malformed, `to` lies before `from` or more than 36 months after it, or the municipality or neighbourhood is unknown or outside the caller's region", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard")]
async fn get_dashboard(
    caller: Authorized<DashboardReaders>,
    state: web::Data<AppState>,
    query: ApiQuery<DashboardQuery>,
) -> ApiResult<web::Json<Dashboard>> {
    let query = query.0;
    let ask = service::Ask {
        from: query.from,
        to: query.to,
        municipality: query.municipality,
        neighbourhood: query.neighbourhood,
    };
    let today = state.clock.now().date_naive();
    Ok(web::Json(service::dashboard(&state.db, &state.money, &caller, &ask, today, state.config.fte_hours).await?))
}
