//! Answers kept by the server under the version of what they are computed from
//! (`aggregates::version`, stepped by `aggregates::touch` in every write that changes the feed's inputs).
//! A caller reads the version before anything else and looks its answer up under it: a kept answer is
//! used only while that version is still the stored one, so it is never stale, whichever server instance
//! wrote (docs/werkkamer.md). The Werkkamer feed keeps its years here, the dashboard its money.

use std::sync::{Arc, Mutex, PoisonError};

/// The last `KEPT` answers, the latest first, each with its version and what was asked (`K`).
pub struct Versioned<K, V, const KEPT: usize> {
    kept: Mutex<Vec<(i64, K, Arc<V>)>>,
}

impl<K, V, const KEPT: usize> Default for Versioned<K, V, KEPT> {
    fn default() -> Self {
        Versioned { kept: Mutex::new(Vec::new()) }
    }
}

impl<K: PartialEq, V, const KEPT: usize> Versioned<K, V, KEPT> {
    /// The answer to `key` kept at `version`.
    pub fn find(&self, version: i64, key: &K) -> Option<Arc<V>> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.iter().find(|(v, k, _)| *v == version && k == key).map(|(_, _, value)| value.clone())
    }

    /// Keeps `value` as the answer to `key` at `version`.
    pub fn keep(&self, version: i64, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        // Answers of an older version of the inputs are never asked for again.
        kept.retain(|(v, _, _)| *v >= version);
        kept.insert(0, (version, key, value.clone()));
        kept.truncate(KEPT);
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_found_at_its_version_only_and_a_newer_version_drops_the_older() {
        let cache: Versioned<&str, u32, 2> = Versioned::default();
        cache.keep(1, "a", 10);
        assert_eq!(cache.find(1, &"a").as_deref(), Some(&10));
        assert_eq!(cache.find(2, &"a"), None, "another version");
        assert_eq!(cache.find(1, &"b"), None, "another question");
        cache.keep(2, "b", 20);
        assert_eq!(cache.find(1, &"a"), None, "older versions are dropped");
        cache.keep(2, "c", 30);
        cache.keep(2, "d", 40);
        assert_eq!(cache.find(2, &"b"), None, "at most two kept");
        assert_eq!(cache.find(2, &"d").as_deref(), Some(&40));
    }
}
