//! `GET /werkkamer/indicators`: the Werkkamer feed.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use shared::monitoring::{EvaluationExport, Indicators};

use super::{EvaluationReaders, FeedReaders, evaluation, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::ApiQuery;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(werkkamer_indicators).service(evaluation_export);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct IndicatorsQuery {
    /// A month `YYYY-MM`, a quarter `YYYY-Qn` or a year `YYYY` (2000-2100).
    #[param(example = "2026-Q1")]
    period: String,
    /// A municipality's CBS code (`GM0014`); without it the region and every municipality.
    municipality: Option<String>,
}

/// The Werkkamer's indicators of one period (PRODUCT.md §6): realised jobs against the target and the
/// realisation percentage, the banenafspraak's standard jobs (25.5 hours) of people in the target-group
/// register beside headcount, hours and FTE, people by source and status, inflow and outflow by reason, and
/// the year's money, for the region and per municipality. Stocks are counted on the period's last day, flows
/// within it. Anonymous: a count below `suppressBelow`, or one that published figures would reveal, is
/// `{"value": null, "suppressed": true}` (docs/werkkamer.md). Versioned (`version`: 1). Answers an `ETag`;
/// `If-None-Match` with it gives 304. For the Werkkamer (users and API clients) and admins.
#[utoipa::path(
    tag = "werkkamer",
    params(IndicatorsQuery),
    responses(
        (status = 200, description = "The period's indicators", body = Indicators,
            headers(("ETag" = String, description = "The answer's version"), ("Cache-Control" = String, description = "private, max-age=300"))),
        (status = 304, description = "Unchanged since the `If-None-Match` ETag"),
        (status = 400, description = "An unknown period format or municipality", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/werkkamer/indicators")]
async fn werkkamer_indicators(
    _caller: Authorized<FeedReaders>,
    state: web::Data<AppState>,
    query: ApiQuery<IndicatorsQuery>,
    request: HttpRequest,
) -> ApiResult<HttpResponse> {
    let settings = service::Settings { suppress_below: state.config.suppress_below, fte_hours: state.config.fte_hours };
    let today = state.clock.now().date_naive();
    let answer =
        service::indicators(&state.db, &state.feeds, &query.0.period, query.0.municipality.as_deref(), today, settings)
            .await?;
    let etag = answer.etag.clone();
    let matches = request.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(',').any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/") == etag
        })
    });
    let mut response = if matches { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response.insert_header((header::ETAG, etag)).insert_header((header::CACHE_CONTROL, "private, max-age=300"));
    Ok(if matches { response.finish() } else { response.content_type("application/json").body(answer.body.clone()) })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct EvaluationQuery {
    /// The first month, `YYYY-MM`.
    #[param(example = "2026-01")]
    from: Option<String>,
    /// The last month, `YYYY-MM`: not before `from`, at most 60 months after it.
    #[param(example = "2026-12")]
    to: Option<String>,
    /// `json` (the default) or `csv`; `Accept: text/csv` gives CSV too.
    format: Option<String>,
}

/// The evaluation data set for the research partner: one row per person and month, pseudonymised (a keyed
/// hash, stable across exports) and without direct identifiers (an age band and the neighbourhood only), with
/// status, contract hours, wage value, the income indication, the scores of the person's employee survey of
/// the month (or the latest before it) and the cost of their provisions in the month. JSON, or CSV (`format=csv` or `Accept: text/csv`). Every export is audited. For admins and the
/// research partner's API client.
#[utoipa::path(
    tag = "werkkamer",
    params(EvaluationQuery),
    responses(
        (status = 200, description = "The rows", content(
            (EvaluationExport = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A month is missing or malformed, `to` lies before `from` or too far after it", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/evaluation-export")]
async fn evaluation_export(
    caller: Authorized<EvaluationReaders>,
    state: web::Data<AppState>,
    query: ApiQuery<EvaluationQuery>,
    request: HttpRequest,
) -> ApiResult<HttpResponse> {
    let query = query.0;
    let wants_csv = match query.format.as_deref() {
        Some("csv") => true,
        Some("json") => false,
        Some(_) => return Err(ApiError::validation("format", "unknown", "json of csv")),
        None => request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/csv")),
    };
    let export = evaluation::export(
        &state.db,
        &caller,
        query.from.as_deref(),
        query.to.as_deref(),
        &state.config.pseudonym_secret,
    )
    .await?;
    if wants_csv {
        let csv = crate::infra::csv_io::write(&evaluation::COLUMNS, export.rows.iter().map(evaluation::csv_cells))?;
        let name = format!("evaluatie-{}-{}.csv", export.from, export.to);
        return Ok(crate::infra::csv_io::attachment(&name, csv));
    }
    Ok(HttpResponse::Ok().json(export))
}
