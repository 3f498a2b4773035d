//! The application's clock. Services take the time from here (through `AppState::clock`), never from the
//! system directly, so that tests can set the day on which rules such as "availability older than 90 days"
//! or "a trial placement ending within 14 days" are checked.

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that always says `at` (tests).
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(at) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    /// Today's date (UTC).
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_and_the_system_clock_moves_on() {
        let at = DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.today().to_string(), "2026-11-28");
        assert!(Clock::system().now() > at - chrono::Duration::days(365 * 100));
    }
}
