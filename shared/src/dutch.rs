//! Dutch notation for people: numbers and amounts as they are typed and read in the Netherlands
//! (`1.234,56`, `€ 1.825,00`), dates as `28-11-2026`. The SPA parses its inputs and formats its pages
//! with these, so that what a person types is never silently lost and what they read is in their format.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Whether `digits` are groups of three after a first group of one to three (`1`, `234`, `567`).
fn grouped(groups: &[&str]) -> bool {
    let all_digits = |g: &&str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    match groups.split_first() {
        Some((first, rest)) => {
            all_digits(first) && first.len() <= 3 && rest.iter().all(|g| all_digits(g) && g.len() == 3)
        }
        None => false,
    }
}

/// A number as a person types it: `1.234,56` and `1234,56` (Dutch), `1234.56` and `12.5` (a point that
/// is not a thousands separator), with an optional `€` and spaces. `None` for anything else, so the caller
/// can say so instead of dropping the value.
pub fn parse_decimal(input: &str) -> Option<Decimal> {
    let cleaned: String = input.chars().filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}').collect();
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    if body.is_empty() {
        return None;
    }
    let comma = body.rfind(',');
    let point = body.rfind('.');
    // The decimal separator is the last of `,` and `.` when both occur; a lone `,` is decimal; a lone `.`
    // is a thousands separator only when every group after it has three digits (`1.825`, `12.345.678`).
    let (whole, fraction) = match (comma, point) {
        (Some(c), Some(p)) => {
            let (decimal, group) = if c > p { (c, '.') } else { (p, ',') };
            let whole = &body[..decimal];
            let groups: Vec<&str> = whole.split(group).collect();
            if !grouped(&groups) {
                return None;
            }
            (groups.concat(), &body[decimal + 1..])
        }
        (Some(c), None) => {
            if body.matches(',').count() > 1 {
                return None;
            }
            (body[..c].to_owned(), &body[c + 1..])
        }
        (None, Some(p)) => {
            let groups: Vec<&str> = body.split('.').collect();
            if groups.len() > 2 || (groups.len() == 2 && groups[1].len() == 3) {
                if !grouped(&groups) {
                    return None;
                }
                (groups.concat(), "")
            } else {
                (body[..p].to_owned(), &body[p + 1..])
            }
        }
        (None, None) => (body.to_owned(), ""),
    };
    let whole = if whole.is_empty() { "0".to_owned() } else { whole };
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if whole.len() > 15 || fraction.len() > 10 {
        return None;
    }
    let text = if fraction.is_empty() { whole } else { format!("{whole}.{fraction}") };
    let value: Decimal = text.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// A whole number as a person types it (`32`, `1.000`); `None` for a fraction or anything else.
pub fn parse_whole(input: &str) -> Option<i64> {
    let value = parse_decimal(input)?;
    if value.fract() != Decimal::ZERO {
        return None;
    }
    value.trunc().to_string().parse().ok()
}

/// `1.234,56`: thousands with points and `decimals` digits after a comma (the amount is rounded to them).
pub fn format_decimal(value: Decimal, decimals: u32) -> String {
    let mut rounded = value.round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals);
    let text = rounded.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_owned(), f.to_owned()),
        None => (text.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{fraction}") }
}

/// `€ 1.825,00`.
pub fn format_money(amount: Decimal) -> String {
    format!("€ {}", format_decimal(amount, 2))
}

/// `28-11-2026`.
pub fn format_date(date: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", date.day(), date.month(), date.year())
}

/// A date typed as `28-11-2026`, `28/11/2026`, `28.11.2026` or `2026-11-28` (what a date input sends).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let text = input.trim();
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let &[a, b, c] = parts.as_slice() else { return None };
    let number = |s: &str| -> Option<u32> { if s.is_empty() { None } else { s.parse().ok() } };
    let (day, month, year) =
        if a.len() == 4 { (number(c)?, number(b)?, number(a)?) } else { (number(a)?, number(b)?, number(c)?) };
    if year < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// The singular or the plural by count: `1 resultaat`, `2 resultaten`, `0 resultaten`.
pub fn plural<'a>(count: u64, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// A percentage as a person types it (`49,5`, `49.5`, `37 %`) as a share (`0.495`, `0.37`).
pub fn parse_percent(input: &str) -> Option<Decimal> {
    let trimmed = input.trim().trim_end_matches('%').trim();
    parse_decimal(trimmed).map(|p| (p / Decimal::from(100)).normalize())
}

/// A share (`0.495`) as a Dutch percentage without the sign (`49,5`; `0.30` gives `30`).
pub fn format_percent(share: Decimal) -> String {
    let percent = (share * Decimal::from(100)).normalize();
    format_decimal(percent, percent.scale())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn dutch_numbers_parse() {
        assert_eq!(parse_decimal("1.234,56"), Some(d("1234.56")));
        assert_eq!(parse_decimal("1234,56"), Some(d("1234.56")));
        assert_eq!(parse_decimal("€ 1.825,00"), Some(d("1825.00")));
        assert_eq!(parse_decimal("1.825"), Some(d("1825")));
        assert_eq!(parse_decimal("12.345.678"), Some(d("12345678")));
        assert_eq!(parse_decimal("1825.00"), Some(d("1825.00")));
        assert_eq!(parse_decimal("12.5"), Some(d("12.5")));
        assert_eq!(parse_decimal(",5"), Some(d("0.5")));
        assert_eq!(parse_decimal("1,234.56"), Some(d("1234.56")));
        assert_eq!(parse_decimal("-4"), Some(d("-4")));
        assert_eq!(parse_decimal(" 32 "), Some(d("32")));
    }

    #[test]
    fn junk_does_not_parse() {
        for junk in ["", " ", "abc", "12a", "1,2,3", "1.23,4.5", "12.34.5", "--4", "€", "1.2345,00", "4-"] {
            assert_eq!(parse_decimal(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("32"), Some(32));
        assert_eq!(parse_whole("-4"), Some(-4));
        assert_eq!(parse_whole("1.000"), Some(1000));
        assert_eq!(parse_whole("3,5"), None);
        assert_eq!(parse_whole("veel"), None);
    }

    #[test]
    fn amounts_and_numbers_format_the_dutch_way() {
        assert_eq!(format_money(d("1825")), "€ 1.825,00");
        assert_eq!(format_money(d("28000.5")), "€ 28.000,50");
        assert_eq!(format_money(d("0.004")), "€ 0,00");
        assert_eq!(format_money(d("-1234567.891")), "€ -1.234.567,89");
        assert_eq!(format_decimal(d("32"), 0), "32");
        assert_eq!(format_decimal(d("999"), 0), "999");
        assert_eq!(format_decimal(d("1000"), 1), "1.000,0");
        assert_eq!(parse_decimal(&format_money(d("1234.56"))), Some(d("1234.56")));
    }

    #[test]
    fn dates() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(format_date(date), "28-11-2026");
        assert_eq!(parse_date("28-11-2026"), Some(date));
        assert_eq!(parse_date("28/11/2026"), Some(date));
        assert_eq!(parse_date("2026-11-28"), Some(date));
        assert_eq!(parse_date("31-02-2026"), None);
        assert_eq!(parse_date("28-11-26"), None);
        assert_eq!(parse_date("morgen"), None);
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "resultaat", "resultaten"), "resultaat");
        assert_eq!(plural(0, "resultaat", "resultaten"), "resultaten");
        assert_eq!(plural(2, "resultaat", "resultaten"), "resultaten");
    }

    #[test]
    fn percentages_are_read_with_a_dutch_comma_and_shown_with_one() {
        assert_eq!(parse_percent("49,5"), Some(Decimal::new(495, 3)));
        assert_eq!(parse_percent("49.5"), Some(Decimal::new(495, 3)));
        assert_eq!(parse_percent(" 37 % "), Some(Decimal::new(37, 2)));
        assert_eq!(parse_percent("veel"), None);
        assert_eq!(format_percent(Decimal::new(495, 3)), "49,5");
        assert_eq!(format_percent(Decimal::new(30, 2)), "30");
    }
}
