//! Collecting field errors, and the field rules used by both sides.
//!
//! Every check pushes into one [`Errors`] so that a request is answered with all its field errors at once.

use crate::problem::InvalidParam;

/// The field errors of one request, in the order they were found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Errors(Vec<InvalidParam>);

impl Errors {
    pub fn add(&mut self, name: impl Into<String>, code: impl Into<String>, reason: impl Into<String>) {
        self.0.push(InvalidParam::new(name, code, reason));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<InvalidParam> {
        self.0
    }

    /// `Ok(value)` when no error was found, else every error.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<InvalidParam>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.0) }
    }

    /// The `version` a change was based on (optimistic concurrency): required, 1 to [`MAX_VERSION`] (so that
    /// the next version still fits). Returns it, or 0 after recording the error.
    pub fn version(&mut self, version: Option<i32>) -> i32 {
        match version {
            Some(v) if (1..=MAX_VERSION).contains(&v) => v,
            _ => {
                self.add("version", "required", "stuur de versie mee die u heeft gelezen");
                0
            }
        }
    }

    /// A required text: trimmed, not empty, at most `max` characters.
    /// The length is counted as stored: after NFC (`crate::text::clean`).
    pub fn text(&mut self, name: &str, value: &str, max: usize) -> String {
        let cleaned = crate::text::clean(value);
        if cleaned.is_empty() {
            self.add(name, "required", "dit veld is verplicht");
        } else if cleaned.chars().count() > max {
            self.add(name, "too_long", format!("maximaal {max} tekens"));
        }
        cleaned
    }
}

/// The highest `version` a change may be based on: its successor is the largest 32-bit integer.
pub const MAX_VERSION: i32 = i32::MAX - 1;

pub const USERNAME_MAX: usize = 64;
pub const DISPLAY_NAME_MAX: usize = 120;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;
/// An e-mail address, as long as its columns (`candidates.email`, `organisation_contacts.email`).
pub const EMAIL_MAX: usize = 200;

/// A username: 3-64 characters of lower-case letters, digits, `.`, `-`, `_` or `@`.
pub fn check_username(errors: &mut Errors, name: &str, value: &str) {
    let len = value.chars().count();
    if !(3..=USERNAME_MAX).contains(&len) {
        errors.add(name, "length", format!("een gebruikersnaam heeft 3 tot {USERNAME_MAX} tekens"));
    } else if !value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_@".contains(c)) {
        errors.add(name, "pattern", "alleen kleine letters, cijfers en . - _ @");
    }
}

/// A new password: 12-128 characters, not only letters or only digits.
pub fn check_new_password(errors: &mut Errors, name: &str, value: &str) {
    let len = value.chars().count();
    if len < PASSWORD_MIN {
        errors.add(name, "too_short", format!("een wachtwoord heeft minstens {PASSWORD_MIN} tekens"));
    } else if len > PASSWORD_MAX {
        errors.add(name, "too_long", format!("een wachtwoord heeft hoogstens {PASSWORD_MAX} tekens"));
    } else if value.chars().all(char::is_alphabetic) || value.chars().all(|c| c.is_ascii_digit()) {
        errors.add(name, "too_weak", "gebruik naast letters ook cijfers of leestekens");
    } else if is_common_password(value) {
        errors.add(name, "too_common", "dit is een veelgebruikt wachtwoord; kies een ander");
    }
}

/// The list of common passwords and stems, shipped with the code (`common_passwords.txt`).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether `value` is a common password or a common stem dressed up with digits and punctuation
/// (`Wachtwoord2026!`, `P@ssw0rd-1234`); see the head of `common_passwords.txt` for the rule.
pub fn is_common_password(value: &str) -> bool {
    let lower = value.to_lowercase();
    let whole: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    let symbols_read: String = lower
        .chars()
        .map(|c| match c {
            '@' => 'a',
            '$' => 's',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect();
    let stem: String = symbols_read
        .trim_matches(|c: char| c.is_ascii_digit())
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            other => other,
        })
        .collect();
    COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .any(|entry| entry == whole || entry == stem)
}

/// A KvK (Chamber of Commerce) number: exactly 8 digits.
pub fn is_valid_kvk(value: &str) -> bool {
    value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_also_with_digits_and_punctuation() {
        for common in
            ["Wachtwoord2026!", "P@ssw0rd-1234", "Welkom123456", "1qaz2wsx3edc", "Qwerty-123456", "!!Basisbaan2026"]
        {
            assert!(is_common_password(common), "{common}");
            let mut errors = Errors::default();
            check_new_password(&mut errors, "p", common);
            assert_eq!(errors.into_vec()[0].code, "too_common", "{common}");
        }
        for fine in ["Test-wachtwoord-1", "Admin-wachtwoord-1", "Basisbaan-demo-2026", "kraanvogel-ochtend-7"] {
            assert!(!is_common_password(fine), "{fine}");
        }
    }

    #[test]
    fn usernames() {
        for (value, ok) in
            [("ab", false), ("anna", true), ("Anna", false), ("a.de-vries@gemeente", true), ("x y z", false)]
        {
            let mut errors = Errors::default();
            check_username(&mut errors, "username", value);
            assert_eq!(errors.is_empty(), ok, "{value}");
        }
    }

    #[test]
    fn passwords() {
        for (value, ok) in
            [("short1", false), ("onlylettersherexx", false), ("123456789012", false), ("correct horse 9", true)]
        {
            let mut errors = Errors::default();
            check_new_password(&mut errors, "password", value);
            assert_eq!(errors.is_empty(), ok, "{value}");
        }
    }

    #[test]
    fn kvk_numbers() {
        assert!(is_valid_kvk("12345678"));
        assert!(!is_valid_kvk("1234567"));
        assert!(!is_valid_kvk("1234567a"));
    }

    #[test]
    fn text_collects_every_error() {
        let mut errors = Errors::default();
        assert_eq!(errors.text("a", "  x  ", 5), "x");
        errors.text("b", "   ", 5);
        errors.text("c", "toolong", 5);
        let codes: Vec<_> = errors.into_vec().into_iter().map(|e| (e.name, e.code)).collect();
        assert_eq!(codes, vec![("b".into(), "required".into()), ("c".into(), "too_long".into())]);
    }
}
