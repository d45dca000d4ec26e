//! Amounts: decimal text for a currency, with at most its decimals
//! (`money::Money::parse`). Surrounding spaces are a mistake, not noise: an
//! amount is never guessed from text that is not exactly a number.

use super::Problems;
use crate::money::{Currency, MAX_ENTERED_UNITS, Money, MoneyError};

/// Which signs an amount may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// More than zero (what is paid, owed, moved).
    Positive,
    /// Zero or more (a value, a tip).
    NonNegative,
    /// Anything (an opening balance may be a card's debt).
    Any,
}

pub(super) const BLANK: &str = "Enter an amount.";
pub(super) const NOT_A_NUMBER: &str =
    "Enter the amount as a number like 12.50 (digits and one decimal point, no spaces).";
pub(super) const NOT_POSITIVE: &str = "Enter an amount greater than zero.";
pub(super) const NEGATIVE: &str = "Enter an amount of zero or more.";

fn too_many_decimals(currency: Currency) -> String {
    match currency.exponent() {
        0 => format!("{} has no decimals: enter a whole number.", currency.code()),
        n => format!("{} amounts have at most {n} decimal places.", currency.code()),
    }
}

fn too_large() -> String {
    format!("Enter an amount of at most {MAX_ENTERED_UNITS}.")
}

impl Problems {
    /// A required amount in `currency`. When the currency failed to parse
    /// (`None`), nothing more is said: its own problem is already recorded.
    pub fn amount(
        &mut self,
        field: &str,
        raw: &str,
        currency: impl Into<Option<Currency>>,
        sign: Sign,
    ) -> Option<Money> {
        let currency = currency.into()?;
        if raw.trim().is_empty() {
            self.add(field, BLANK);
            return None;
        }
        let message = match Money::parse(raw, currency) {
            Ok(m) => match sign {
                Sign::Positive if !m.is_positive() => NOT_POSITIVE.to_string(),
                Sign::NonNegative if m.amount().is_sign_negative() && !m.is_zero() => NEGATIVE.to_string(),
                _ => return Some(m),
            },
            Err(MoneyError::NotANumber) => NOT_A_NUMBER.to_string(),
            Err(MoneyError::TooManyDecimals(_)) => too_many_decimals(currency),
            Err(MoneyError::TooLarge) => too_large(),
        };
        self.add(field, message);
        None
    }

    /// An optional amount: absent or blank is zero.
    pub fn amount_or_zero(
        &mut self,
        field: &str,
        raw: Option<&str>,
        currency: impl Into<Option<Currency>>,
        sign: Sign,
    ) -> Option<Money> {
        let currency = currency.into()?;
        match raw.filter(|r| !r.trim().is_empty()) {
            None => Some(Money::zero(currency)),
            Some(raw) => self.amount(field, raw, currency, sign),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    fn message(raw: &str, currency: &str, sign: Sign) -> String {
        let mut p = Problems::default();
        assert!(p.amount("total", raw, c(currency), sign).is_none(), "{raw:?}");
        match p.finish() {
            Err(crate::Error::Invalid { errors, .. }) => {
                assert_eq!(errors[0].field, "total");
                errors[0].message.clone()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_to_the_currency_precision() {
        let mut p = Problems::default();
        let ok = |p: &mut Problems, raw: &str, cur: &str, sign| {
            p.amount("amount", raw, c(cur), sign).map(|m| m.to_string())
        };
        assert_eq!(ok(&mut p, "1.2", "USD", Sign::Positive).as_deref(), Some("1.20"));
        assert_eq!(ok(&mut p, "1200", "JPY", Sign::Positive).as_deref(), Some("1200"));
        assert_eq!(ok(&mut p, "0", "USD", Sign::NonNegative).as_deref(), Some("0.00"));
        assert_eq!(ok(&mut p, "-5", "USD", Sign::Any).as_deref(), Some("-5.00"));
        assert!(p.is_empty());
    }

    #[test]
    fn each_mistake_has_one_message() {
        assert_eq!(message("", "USD", Sign::Positive), BLANK);
        assert_eq!(message("  ", "USD", Sign::Any), BLANK);
        for bad in [" 10 ", "10 ", "1e5", "1,000", "ten", "+1", "1."] {
            assert_eq!(message(bad, "USD", Sign::Positive), NOT_A_NUMBER, "{bad:?}");
        }
        assert_eq!(message("0", "USD", Sign::Positive), NOT_POSITIVE);
        assert_eq!(message("-1", "USD", Sign::Positive), NOT_POSITIVE);
        assert_eq!(message("-0.01", "USD", Sign::NonNegative), NEGATIVE);
        assert_eq!(
            message("1.234", "USD", Sign::Positive),
            "USD amounts have at most 2 decimal places."
        );
        assert_eq!(
            message("1.5", "JPY", Sign::Positive),
            "JPY has no decimals: enter a whole number."
        );
        assert_eq!(
            message("1000000000001", "USD", Sign::Any),
            "Enter an amount of at most 1000000000000."
        );
    }

    #[test]
    fn without_a_currency_nothing_more_is_said() {
        let mut p = Problems::default();
        assert!(p.amount("amount", "abc", None, Sign::Positive).is_none());
        assert!(
            p.amount_or_zero("tip", Some("abc"), None, Sign::NonNegative)
                .is_none()
        );
        assert!(p.is_empty());
    }

    #[test]
    fn blank_optional_amounts_are_zero() {
        let mut p = Problems::default();
        let usd = c("USD");
        assert_eq!(
            p.amount_or_zero("tip", None, usd, Sign::NonNegative),
            Some(Money::zero(usd))
        );
        assert_eq!(
            p.amount_or_zero("tip", Some(" "), usd, Sign::NonNegative),
            Some(Money::zero(usd))
        );
        assert!(p.is_empty());
        assert!(
            p.amount_or_zero("tip", Some("-1"), usd, Sign::NonNegative)
                .is_none()
        );
        assert!(p.has("tip"));
    }
}
