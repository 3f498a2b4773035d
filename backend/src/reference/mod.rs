//! Reference data kept by admins: municipalities, neighbourhoods with their postcodes, task categories and
//! abilities. Everyone with an account may read it (it holds no personal data); only admins change it.
//!
//! `handlers.rs` the endpoints, `service.rs` the queries and writes; here the conversions to the wire types.

pub mod handlers;
pub mod service;

use shared::reference::{Neighbourhood, PostcodeRange, ReferenceItem};

use crate::db::{abilities, neighbourhoods, task_categories};

pub use service::{default_municipality, neighbourhoods_of};

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
    ReferenceItem {
        id: model.id,
        name: model.name,
        description: model.description,
        active: model.active,
        version: model.version,
    }
}

pub fn ability_item(model: abilities::Model) -> ReferenceItem {
    ReferenceItem {
        id: model.id,
        name: model.name,
        description: model.description,
        active: model.active,
        version: model.version,
    }
}
