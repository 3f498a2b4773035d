//! Money: exact decimals in euros, always with two decimals on the wire (`"28000.00"`).

use rust_decimal::Decimal;

/// The amount with exactly two decimals (rounded half away from zero when it had more).
pub fn euros(amount: Decimal) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
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
