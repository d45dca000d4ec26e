//! Currencies: an ISO 4217 code with a minor unit (case-insensitive).

use super::Problems;
use crate::money::{Currency, CurrencyError};

pub(super) const BLANK: &str = "Choose a currency (an ISO 4217 code like USD, EUR or INR).";
pub(super) const UNKNOWN: &str = "Enter an ISO 4217 currency code like USD, EUR or INR.";
pub(super) const NO_MINOR_UNIT: &str =
    "Choose a currency money can be kept in (like USD, EUR or INR), not a metal or a fund.";

impl Problems {
    pub fn currency(&mut self, field: &str, raw: &str) -> Option<Currency> {
        if raw.trim().is_empty() {
            self.add(field, BLANK);
            return None;
        }
        match Currency::parse(raw) {
            Ok(c) => Some(c),
            Err(CurrencyError::Unknown) => {
                self.add(field, UNKNOWN);
                None
            }
            Err(CurrencyError::NoMinorUnit) => {
                self.add(field, NO_MINOR_UNIT);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &str) -> String {
        let mut p = Problems::default();
        assert!(p.currency("currency", raw).is_none(), "{raw:?}");
        match p.finish() {
            Err(crate::Error::Invalid { errors, .. }) => errors[0].message.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_codes() {
        let mut p = Problems::default();
        assert_eq!(p.currency("currency", "usd").map(|c| c.code()), Some("USD"));
        assert_eq!(p.currency("currency", " JPY ").map(|c| c.code()), Some("JPY"));
        assert!(p.is_empty());
    }

    #[test]
    fn each_mistake_has_one_message() {
        assert_eq!(message(""), BLANK);
        assert_eq!(message("XYZ"), UNKNOWN);
        assert_eq!(message("dollars"), UNKNOWN);
        assert_eq!(message("XAU"), NO_MINOR_UNIT);
    }
}
