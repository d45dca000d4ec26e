//! Exact money. `Decimal` in code, `i64` ten-thousandths in the database,
//! decimal strings on the wire; every currency rounds to its own exponent.

pub mod apportion;
mod currency;
pub mod display;
pub mod locale;
mod units;

pub use currency::{Currency, CurrencyError};
pub use units::{Minor, Stored};

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// Stored amounts count ten-thousandths of the currency unit (DESIGN rule 5):
/// exact on PostgreSQL and SQLite and in SQL `SUM`, and finer than any ISO 4217
/// exponent we accept.
pub const STORAGE_SCALE: u32 = 4;

/// The largest amount a person may enter (in whole units). Far below what an
/// `i64` of ten-thousandths holds, so sums of many records cannot overflow.
pub const MAX_ENTERED_UNITS: i64 = 1_000_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("must be a number like 12.50")]
    NotANumber,
    #[error("must have at most {0} decimal places")]
    TooManyDecimals(u32),
    #[error("is too large")]
    TooLarge,
}

impl Money {
    /// Parses what a person typed (`"12.5"`, `"1200"`, `"-3.25"`) for `currency`:
    /// digits with an optional sign and decimal point, no more decimals than the
    /// currency has, no exponent, no grouping separators, no surrounding
    /// spaces (`" 10 "` is refused, not read as 10).
    pub fn parse(text: &str, currency: Currency) -> Result<Self, MoneyError> {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (int_part, frac_part) = match unsigned.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (unsigned, None),
        };
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty()
            || !digits_ok(int_part)
            || frac_part.is_some_and(|f| f.is_empty() || !digits_ok(f))
            || text.len() > 40
        {
            return Err(MoneyError::NotANumber);
        }
        let amount: Decimal = text.parse().map_err(|_| MoneyError::NotANumber)?;
        let amount = amount.normalize();
        if amount.scale() > currency.exponent() {
            return Err(MoneyError::TooManyDecimals(currency.exponent()));
        }
        if amount.abs() > Decimal::from(MAX_ENTERED_UNITS) {
            return Err(MoneyError::TooLarge);
        }
        Ok(Self::new_rounded(amount, currency))
    }

    /// An amount rounded HALF_UP (away from zero at .5) to the currency's precision.
    pub fn new_rounded(amount: Decimal, currency: Currency) -> Self {
        let mut amount =
            amount.round_dp_with_strategy(currency.exponent(), RoundingStrategy::MidpointAwayFromZero);
        amount.rescale(currency.exponent());
        Self { amount, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::new_rounded(Decimal::ZERO, currency)
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_positive(&self) -> bool {
        self.amount > Decimal::ZERO
    }

    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// The database representation: ten-thousandths of the unit.
    pub fn to_storage(&self) -> i64 {
        let scaled = self.amount * Decimal::from(10_i64.pow(STORAGE_SCALE));
        i64::try_from(scaled.trunc()).expect("entered amounts are bounded far below i64")
    }

    /// Reads a stored value back. Sums of stored values may carry more precision
    /// than the currency (never from our writes), so the result is rounded.
    pub fn from_storage(stored: i64, currency: Currency) -> Self {
        Self::new_rounded(Decimal::new(stored, STORAGE_SCALE), currency)
    }

    /// The amount in minor units (cents for USD, yen for JPY, fils for KWD).
    pub fn to_minor(&self) -> i64 {
        let scaled = self.amount * Decimal::from(10_i64.pow(self.currency.exponent()));
        i64::try_from(scaled.trunc()).expect("entered amounts are bounded far below i64")
    }

    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self::new_rounded(Decimal::new(minor, currency.exponent()), currency)
    }

    /// Converts at `rate` (units of the target per unit of this currency),
    /// rounding HALF_UP to the target's precision.
    pub fn convert(&self, rate: Decimal, to: Currency) -> Self {
        Self::new_rounded(self.amount * rate, to)
    }

    pub fn checked_add(&self, other: &Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| Self::new_rounded(self.amount + other.amount, self.currency))
    }

    pub fn negate(&self) -> Self {
        Self::new_rounded(-self.amount, self.currency)
    }
}

/// The amount with exactly the currency's decimals: `12.50`, `1200`, `1.250`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn c(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    #[test]
    fn parses_to_the_currency_precision() {
        assert_eq!(Money::parse("12.5", c("USD")).unwrap().to_string(), "12.50");
        assert_eq!(Money::parse("1200", c("JPY")).unwrap().to_string(), "1200");
        assert_eq!(Money::parse("1.25", c("KWD")).unwrap().to_string(), "1.250");
        assert_eq!(
            Money::parse("12.345", c("USD")),
            Err(MoneyError::TooManyDecimals(2))
        );
        assert_eq!(Money::parse("1.5", c("JPY")), Err(MoneyError::TooManyDecimals(0)));
        for bad in [
            "", "abc", "1e5", "1,000", " 1 2", "1.", ".5", "--1", "+1", "NaN", " 10 ", "10 ", "\t1",
        ] {
            assert_eq!(
                Money::parse(bad, c("USD")),
                Err(MoneyError::NotANumber),
                "{bad:?}"
            );
        }
        assert_eq!(Money::parse("1000000000001", c("USD")), Err(MoneyError::TooLarge));
        // Trailing zeros beyond the exponent are not extra precision.
        assert_eq!(Money::parse("12.500", c("USD")).unwrap().to_string(), "12.50");
    }

    #[test]
    fn storage_round_trips() {
        let m = Money::parse("12345678901.23", c("USD")).unwrap();
        assert_eq!(m.to_storage(), 123_456_789_012_300);
        assert_eq!(Money::from_storage(m.to_storage(), c("USD")), m);
        assert_eq!(Money::parse("12.34", c("USD")).unwrap().to_minor(), 1234);
        assert_eq!(Money::from_minor(1234, c("USD")).to_string(), "12.34");
    }

    #[test]
    fn conversion_rounds_half_up() {
        let m = Money::parse("10.00", c("USD")).unwrap();
        assert_eq!(m.convert(dec!(0.12345), c("EUR")).to_string(), "1.23");
        assert_eq!(
            Money::parse("1.00", c("USD"))
                .unwrap()
                .convert(dec!(0.125), c("EUR"))
                .to_string(),
            "0.13"
        );
        assert_eq!(
            Money::parse("1", c("USD"))
                .unwrap()
                .convert(dec!(149.5), c("JPY"))
                .to_string(),
            "150"
        );
        assert_eq!(
            Money::parse("-1", c("USD"))
                .unwrap()
                .convert(dec!(0.125), c("EUR"))
                .to_string(),
            "-0.13"
        );
    }

    proptest! {
        #[test]
        fn storage_is_exact_for_any_entered_amount(minor in -100_000_000_000_000i64..100_000_000_000_000i64, cur in prop::sample::select(vec!["USD", "JPY", "KWD", "EUR", "CLF"])) {
            let currency = c(cur);
            let m = Money::from_minor(minor, currency);
            prop_assert_eq!(m.to_minor(), minor);
            prop_assert_eq!(Money::from_storage(m.to_storage(), currency), m);
            prop_assert_eq!(Money::parse(&m.to_string(), currency).ok().filter(|_| m.amount().abs() <= Decimal::from(MAX_ENTERED_UNITS)).is_none_or(|p| p == m), true);
        }

        #[test]
        fn conversion_rounds_half_up_to_target_precision(minor in 0i64..1_000_000_000, rate_milli in 1i64..10_000_000, to in prop::sample::select(vec!["USD", "JPY", "KWD"])) {
            let target = c(to);
            let m = Money::from_minor(minor, c("USD"));
            let rate = Decimal::new(rate_milli, 6);
            let converted = m.convert(rate, target);
            let exact = m.amount() * rate;
            let unit = Decimal::new(1, target.exponent());
            prop_assert!((converted.amount() - exact).abs() <= unit / Decimal::TWO);
            prop_assert_eq!(converted.amount().scale(), target.exponent());
        }

        #[test]
        fn sums_of_storage_equal_storage_of_sums(values in prop::collection::vec(-1_000_000_000i64..1_000_000_000, 1..200)) {
            let usd = c("USD");
            let total: i64 = values.iter().map(|v| Money::from_minor(*v, usd).to_storage()).sum();
            let expected: i64 = values.iter().sum();
            prop_assert_eq!(Money::from_storage(total, usd).to_minor(), expected);
        }
    }
}
