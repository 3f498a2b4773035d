//! Money: exact decimals in euros, always with two decimals on the wire (`"28000.00"`).

use rust_decimal::Decimal;

/// The amount with exactly two decimals (rounded half away from zero when it had more).
pub fn euros(amount: Decimal) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// Deserializes a decimal from a JSON number (`24`, `27.5`), for inputs that clients naturally send as
/// numbers (hours); amounts of money stay strings on the wire.
pub fn from_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
            // The shortest text that reads back as `v` ("27.5"), not its binary expansion.
            let text = v.to_string();
            text.parse::<Decimal>().or_else(|_| Decimal::from_scientific(&text)).map_err(|_| E::custom("not a number"))
        }
    }
    deserializer.deserialize_any(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_always_carry_two_decimals() {
        assert_eq!(euros(Decimal::new(1250, 0)).to_string(), "1250.00");
        assert_eq!(euros(Decimal::new(12345, 3)).to_string(), "12.35");
        assert_eq!(euros(Decimal::new(-5000, 0)).to_string(), "-5000.00");
    }
}
