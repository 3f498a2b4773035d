//! `GET /health` for load balancers: answers 200 when the database answers.

use actix_web::{get, web};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::AppState;
use crate::infra::error::ApiResult;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(health);
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`
    status: &'static str,
    /// The API version.
    version: &'static str,
    /// `ok` when the database answered.
    database: &'static str,
}

/// Health of the service.
#[utoipa::path(
    tag = "health",
    security(()),
    responses((status = 200, description = "The service and its database answer", body = Health))
)]
#[get("/health")]
async fn health(state: web::Data<AppState>) -> ApiResult<web::Json<Health>> {
    state.db.execute_unprepared("SELECT 1").await?;
    Ok(web::Json(Health { status: "ok", version: shared::API_VERSION, database: "ok" }))
}
