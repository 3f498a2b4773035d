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

    /// The `version` a change was based on (optimistic concurrency): required, at least 1. Returns it, or 0
    /// after recording the error.
    pub fn version(&mut self, version: Option<i32>) -> i32 {
        match version {
            Some(v) if v >= 1 => v,
            _ => {
                self.add("version", "required", "stuur de versie mee die u heeft gelezen");
                0
            }
        }
    }

    /// A required text: trimmed, not empty, at most `max` characters.
    pub fn text(&mut self, name: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.add(name, "required", "dit veld is verplicht");
        } else if trimmed.chars().count() > max {
            self.add(name, "too_long", format!("maximaal {max} tekens"));
        }
        trimmed.to_owned()
    }
}

pub const USERNAME_MAX: usize = 64;
pub const DISPLAY_NAME_MAX: usize = 120;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

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
    }
}

/// A KvK (Chamber of Commerce) number: exactly 8 digits.
pub fn is_valid_kvk(value: &str) -> bool {
    value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

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
