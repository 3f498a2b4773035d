//! Matching: who is proposed for which task package.
//!
//! The two assignment algorithms of a matching round live here as pure functions on indices, with no
//! database or HTTP in them, so that a service can feed them what it loaded and store what they return:
//! - [`stable`]: candidate-proposing deferred acceptance with capacities (the candidate-optimal stable
//!   matching), driven by the candidates' own preference lists;
//! - [`optimal`]: the assignment that maximises the total fit score (a rectangular assignment problem,
//!   solved by a shortest augmenting path).
//!
//! Both read the scores from one [`AcceptablePairs`] table: a pair that is not in it is unacceptable (a
//! hard exclusion) and is never matched.

pub mod optimal;
pub mod stable;

pub use stable::{AcceptablePairs, Pair, PairsError};
