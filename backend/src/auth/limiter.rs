//! Rate limiting of password and secret checks (`/auth/login`, `/auth/password`, `/auth/token`).
//!
//! Every attempt is counted *before* its password is hashed, under the limiter's lock, so a burst of
//! parallel requests cannot all slip past the check; a success takes its attempt back. Two kinds of key:
//!
//! - **account and address** ([`Key::account`]): after `max_failures` attempts the pair backs off, first
//!   for [`BASE_BACKOFF`], doubling with every further failed attempt, never longer than the window. An
//!   attacker elsewhere therefore slows down only their own pair: the real user, from their own address,
//!   can still log in (no hard account lock).
//! - **address** ([`Key::address`]): the client's address (behind a trusted proxy, from `X-Forwarded-For`;
//!   see `infra::client_address`) gets `max_failures * ADDRESS_FACTOR` attempts, then backs off the same way.
//!
//! Memory is bounded: keys are cut to [`KEY_MAX`] bytes, the entries are spread over [`SHARDS`] maps of at
//! most `capacity / SHARDS` entries each, and pruning touches one shard at a time (never one lock over
//! everything). A shard that is full of live entries refuses attempts for new keys (fail closed) until its
//! entries expire.
//!
//! The state lives in this process ([`MemoryLimiter`]); [`AttemptLimiter`] is the seam where a shared
//! store (a PostgreSQL table, for several instances) can replace it.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bytes of a key kept (a longer username or address is cut; the key stays unique enough for a limit).
pub const KEY_MAX: usize = 160;
/// The number of independently locked maps.
pub const SHARDS: usize = 16;
/// The first back-off after the allowed attempts; it doubles with each further failure.
pub const BASE_BACKOFF: Duration = Duration::from_secs(30);
/// An address gets this many times the attempts of one account at that address.
pub const ADDRESS_FACTOR: u32 = 4;

/// What one attempt is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    name: String,
    factor: u32,
}

impl Key {
    fn new(name: String, factor: u32) -> Self {
        let mut name = name;
        if name.len() > KEY_MAX {
            let mut cut = KEY_MAX;
            while !name.is_char_boundary(cut) {
                cut -= 1;
            }
            name.truncate(cut);
        }
        Self { name, factor }
    }

    /// An account (a username, a user id or a client id, with its kind as prefix) at one address.
    pub fn account(account: &str, address: &str) -> Self {
        Self::new(format!("{address}|{account}"), 1)
    }

    /// Every attempt from one address.
    pub fn address(address: &str) -> Self {
        Self::new(format!("ip:{address}"), ADDRESS_FACTOR)
    }
}

/// A limiter of failed attempts. `attempt` counts before the check it guards; `succeeded` after a correct
/// password or secret.
pub trait AttemptLimiter: Send + Sync {
    /// Counts one attempt against every key; `Err(seconds to wait)` when one of them is backing off (the
    /// attempt must then not be checked at all).
    fn attempt(&self, keys: &[Key]) -> Result<(), u64>;
    /// The attempt succeeded: the account's pair starts afresh and the address gets its attempt back.
    fn succeeded(&self, keys: &[Key]);
    /// Drops expired entries (called now and then from a background task).
    fn prune(&self);
}

#[derive(Debug, Clone)]
struct Entry {
    /// Attempts within the window (the window restarts when it has passed since the last attempt).
    attempts: u32,
    last: Instant,
    blocked_until: Option<Instant>,
}

/// The in-process limiter.
#[derive(Debug)]
pub struct MemoryLimiter {
    max_failures: u32,
    window: Duration,
    shard_capacity: usize,
    hasher: std::collections::hash_map::RandomState,
    shards: Vec<Mutex<HashMap<Key, Entry>>>,
}

impl MemoryLimiter {
    pub fn new(max_failures: u32, window: Duration, capacity: usize) -> Self {
        Self {
            max_failures: max_failures.max(1),
            window,
            shard_capacity: (capacity / SHARDS).max(1),
            hasher: std::collections::hash_map::RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
        }
    }

    fn shard(&self, key: &Key) -> &Mutex<HashMap<Key, Entry>> {
        &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS]
    }

    fn expired(&self, entry: &Entry, now: Instant) -> bool {
        now.duration_since(entry.last) >= self.window && entry.blocked_until.is_none_or(|until| until <= now)
    }

    fn backoff(&self, over: u32) -> Duration {
        let doubled = BASE_BACKOFF.saturating_mul(1u32 << over.min(16));
        doubled.min(self.window.max(BASE_BACKOFF))
    }

    /// Counts one attempt for `key`, or says how long it must wait.
    fn count(&self, key: &Key, now: Instant) -> Result<(), u64> {
        let mut map = self.shard(key).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !map.contains_key(key) && map.len() >= self.shard_capacity {
            map.retain(|_, entry| !self.expired(entry, now));
            if map.len() >= self.shard_capacity {
                // Full of live entries: refuse rather than forget someone's failures.
                return Err(self.window.as_secs().max(1));
            }
        }
        let entry = map.entry(key.clone()).or_insert(Entry { attempts: 0, last: now, blocked_until: None });
        if let Some(until) = entry.blocked_until
            && until > now
        {
            return Err(until.duration_since(now).as_secs().max(1));
        }
        if now.duration_since(entry.last) >= self.window {
            entry.attempts = 0;
        }
        entry.attempts += 1;
        entry.last = now;
        let allowed = self.max_failures.saturating_mul(key.factor);
        if entry.attempts >= allowed {
            entry.blocked_until = Some(now + self.backoff(entry.attempts - allowed));
        }
        Ok(())
    }
}

impl AttemptLimiter for MemoryLimiter {
    fn attempt(&self, keys: &[Key]) -> Result<(), u64> {
        let now = Instant::now();
        // Every key is checked first, so that a refused attempt does not count against the other keys.
        let mut wait = 0;
        for key in keys {
            let map = self.shard(key).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(until) = map.get(key).and_then(|entry| entry.blocked_until)
                && until > now
            {
                wait = wait.max(until.duration_since(now).as_secs().max(1));
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for key in keys {
            self.count(key, now)?;
        }
        Ok(())
    }

    fn succeeded(&self, keys: &[Key]) {
        for key in keys {
            let mut map = self.shard(key).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if key.factor == 1 {
                map.remove(key);
            } else if let Some(entry) = map.get_mut(key) {
                entry.attempts = entry.attempts.saturating_sub(1);
                let allowed = self.max_failures.saturating_mul(key.factor);
                if entry.attempts < allowed {
                    entry.blocked_until = None;
                }
            }
        }
    }

    fn prune(&self) {
        for shard in &self.shards {
            let now = Instant::now();
            let mut map = shard.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            map.retain(|_, entry| !self.expired(entry, now));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(max: u32) -> MemoryLimiter {
        MemoryLimiter::new(max, Duration::from_secs(900), 10_000)
    }

    #[test]
    fn the_attempt_is_counted_before_it_is_checked() {
        let limiter = limiter(3);
        let keys = [Key::account("user:a", "1.2.3.4")];
        // Three attempts in flight at once (none has failed yet): the fourth is refused all the same.
        for _ in 0..3 {
            assert!(limiter.attempt(&keys).is_ok());
        }
        let wait = limiter.attempt(&keys).unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
    }

    #[test]
    fn a_success_starts_the_account_afresh() {
        let limiter = limiter(3);
        let keys = [Key::account("user:a", "1.2.3.4")];
        for _ in 0..2 {
            limiter.attempt(&keys).unwrap();
        }
        limiter.succeeded(&keys);
        for _ in 0..3 {
            assert!(limiter.attempt(&keys).is_ok());
        }
    }

    #[test]
    fn failures_from_one_address_do_not_lock_the_account_at_another() {
        let limiter = limiter(3);
        let attacker = [Key::account("user:a", "6.6.6.6"), Key::address("6.6.6.6")];
        let owner = [Key::account("user:a", "1.2.3.4"), Key::address("1.2.3.4")];
        for _ in 0..3 {
            limiter.attempt(&attacker).unwrap();
        }
        assert!(limiter.attempt(&attacker).is_err());
        assert!(limiter.attempt(&owner).is_ok());
    }

    #[test]
    fn the_back_off_doubles_and_stays_within_the_window() {
        let limiter = MemoryLimiter::new(2, Duration::from_secs(100), 100);
        assert_eq!(limiter.backoff(0), Duration::from_secs(30));
        assert_eq!(limiter.backoff(1), Duration::from_secs(60));
        assert_eq!(limiter.backoff(2), Duration::from_secs(100));
        assert_eq!(limiter.backoff(40), Duration::from_secs(100));
    }

    #[test]
    fn an_address_gets_more_room_than_an_account_and_a_success_gives_its_attempt_back() {
        let limiter = limiter(2);
        let address = [Key::address("9.9.9.9")];
        for _ in 0..7 {
            limiter.attempt(&address).unwrap();
        }
        limiter.succeeded(&address);
        // Eight attempts in all, one given back: two more pass, the next is refused.
        limiter.attempt(&address).unwrap();
        limiter.attempt(&address).unwrap();
        assert!(limiter.attempt(&address).is_err());
    }

    #[test]
    fn keys_are_bounded_and_a_full_limiter_refuses_new_keys() {
        let long = "x".repeat(10_000);
        assert!(Key::account(&long, "1.2.3.4").name.len() <= KEY_MAX);
        let limiter = MemoryLimiter::new(5, Duration::from_secs(900), SHARDS);
        let mut refused = 0;
        for n in 0..200 {
            if limiter.attempt(&[Key::account(&format!("user:{n}"), "1.2.3.4")]).is_err() {
                refused += 1;
            }
        }
        assert!(refused > 0);
        let held: usize = limiter.shards.iter().map(|s| s.lock().unwrap().len()).sum();
        assert!(held <= SHARDS, "{held}");
    }

    #[test]
    fn pruning_drops_expired_entries() {
        let limiter = MemoryLimiter::new(5, Duration::from_millis(0), 1000);
        limiter.attempt(&[Key::account("user:a", "1.2.3.4")]).unwrap();
        limiter.prune();
        let held: usize = limiter.shards.iter().map(|s| s.lock().unwrap().len()).sum();
        assert_eq!(held, 0);
    }
}
