//! Reference data kept by admins: municipalities, neighbourhoods with their postcodes, task categories and
//! abilities. Everyone with an account may read it (it holds no personal data); only admins change it.

pub mod handlers;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::reference::{Neighbourhood, PostcodeRange, ReferenceItem};
use uuid::Uuid;

use crate::db::{abilities, municipalities, neighbourhoods, task_categories};
use crate::error::ApiResult;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

pub fn parse_ranges(text: &str) -> Vec<PostcodeRange> {
    text.split(',')
        .filter_map(|part| {
            let (from, to) = part.split_once('-').unwrap_or((part, part));
            Some(PostcodeRange { from: from.trim().parse().ok()?, to: to.trim().parse().ok()? })
        })
        .collect()
}

pub fn format_ranges(ranges: &[PostcodeRange]) -> String {
    ranges.iter().map(|r| format!("{}-{}", r.from, r.to)).collect::<Vec<_>>().join(",")
}

pub fn to_neighbourhood(model: neighbourhoods::Model) -> Neighbourhood {
    Neighbourhood {
        id: model.id,
        municipality_id: model.municipality_id,
        postcode_ranges: parse_ranges(&model.postcode_ranges),
        name: model.name,
        version: model.version,
    }
}

pub fn category_item(model: task_categories::Model) -> ReferenceItem {
    ReferenceItem { id: model.id, name: model.name, description: model.description, active: model.active, version: model.version }
}

pub fn ability_item(model: abilities::Model) -> ReferenceItem {
    ReferenceItem { id: model.id, name: model.name, description: model.description, active: model.active, version: model.version }
}

/// The neighbourhoods of one municipality, by name.
pub async fn neighbourhoods_of(db: &impl ConnectionTrait, municipality_id: Uuid) -> ApiResult<Vec<Neighbourhood>> {
    Ok(neighbourhoods::Entity::find()
        .filter(neighbourhoods::Column::MunicipalityId.eq(municipality_id))
        .order_by_asc(neighbourhoods::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(to_neighbourhood)
        .collect())
}

/// The municipality used when a request names none: the caller's own, else the first one (a
/// single-municipality deployment has exactly one).
pub async fn default_municipality(db: &impl ConnectionTrait, callers: Option<Uuid>) -> ApiResult<Uuid> {
    if let Some(id) = callers {
        return Ok(id);
    }
    municipalities::Entity::find()
        .order_by_asc(municipalities::Column::CreatedAt)
        .one(db)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| anyhow::anyhow!("no municipality configured").into())
}
