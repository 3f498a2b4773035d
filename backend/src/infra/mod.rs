//! The server's infrastructure, shared by every capability: the error type and its problem+json answers,
//! request extractors, the request envelope, the request's context, paging, the OpenAPI document, serving
//! the SPA, CSV reading and writing, logging and the clock.

pub mod client_address;
pub mod clock;
pub mod context;
pub mod csv_io;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod openapi;
pub mod paging;
pub mod search;
pub mod spa;
pub mod telemetry;
