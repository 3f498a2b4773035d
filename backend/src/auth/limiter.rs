//! Rate limiting of failed logins, per account and per address, in this process's memory.
//!
//! With several API instances each keeps its own count; the limit then holds per instance, which still
//! stops online guessing. A shared store can replace this behind the same two calls.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
struct Window {
    started: Instant,
    failures: u32,
}

#[derive(Debug)]
pub struct LoginLimiter {
    max_failures: u32,
    window: Duration,
    windows: Mutex<HashMap<String, Window>>,
}

impl LoginLimiter {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        Self { max_failures, window, windows: Mutex::new(HashMap::new()) }
    }

    /// `Err(seconds)` when any of `keys` has used up its failures within the window.
    pub fn check(&self, keys: &[(String, u32)]) -> Result<(), u64> {
        let now = Instant::now();
        let windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut wait = 0;
        for (key, factor) in keys {
            if let Some(window) = windows.get(key) {
                let elapsed = now.duration_since(window.started);
                if elapsed < self.window && window.failures >= self.max_failures * factor {
                    wait = wait.max((self.window - elapsed).as_secs().max(1));
                }
            }
        }
        if wait == 0 { Ok(()) } else { Err(wait) }
    }

    pub fn record_failure(&self, keys: &[(String, u32)]) {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 100_000 {
            let limit = self.window;
            windows.retain(|_, window| now.duration_since(window.started) < limit);
        }
        for (key, _) in keys {
            let window = windows.entry(key.clone()).or_insert(Window { started: now, failures: 0 });
            if now.duration_since(window.started) >= self.window {
                *window = Window { started: now, failures: 0 };
            }
            window.failures += 1;
        }
    }

    pub fn reset(&self, key: &str) {
        self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_allowed_failures_and_resets_on_success() {
        let limiter = LoginLimiter::new(3, Duration::from_secs(60));
        let keys = [("user:a".to_string(), 1)];
        for _ in 0..3 {
            assert!(limiter.check(&keys).is_ok());
            limiter.record_failure(&keys);
        }
        let wait = limiter.check(&keys).unwrap_err();
        assert!((1..=60).contains(&wait));
        limiter.reset("user:a");
        assert!(limiter.check(&keys).is_ok());
    }

    #[test]
    fn an_address_gets_more_room_than_an_account() {
        let limiter = LoginLimiter::new(2, Duration::from_secs(60));
        let keys = [("ip:x".to_string(), 4)];
        for _ in 0..7 {
            limiter.record_failure(&keys);
        }
        assert!(limiter.check(&keys).is_ok());
        limiter.record_failure(&keys);
        assert!(limiter.check(&keys).is_err());
    }
}
