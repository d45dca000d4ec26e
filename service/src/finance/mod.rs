//! Personal finance: accounts, categories, transactions, transfers,
//! exchange rates, the monthly rollup and what is computed from them.
//!
//! Every function takes the acting person and filters by their tenant; an id
//! from another tenant is `NotFound`. Money is `Money` (exact), stored as
//! ten-thousandths; amounts arrive as decimal text and are parsed against the
//! currency's exponent by `input`, so pages and the API give the same messages.

pub mod accounts;
pub mod amortization;
pub mod categories;
pub mod holdings;
pub mod loans;
pub mod net_worth;
pub mod rates;
mod record_rows;
pub mod reports;
pub mod rollups;
pub mod settings;
pub mod transactions;
pub mod transfers;
pub mod valuations;

mod history;
mod listing;
pub(crate) mod record;

pub use hisaab_entity::finance::{
    AccountId, CategoryId, FlowKind, HoldingId, LoanId, LoanPaymentId, TransactionId, TransferId,
};

use crate::error::Result;
use crate::input::Problems;
use crate::money::Currency;
use time::{Date, Month};

/// Dates are written as `input` writes them (kept here for the web crate's imports).
pub use crate::input::format_date;

/// Income or expense, as views carry it: the entity's `FlowKind` with its
/// word (`"income"`, `"expense"`) for the wire and templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    Income,
    Expense,
}

impl Flow {
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Income => "income",
            Flow::Expense => "expense",
        }
    }
}

impl From<FlowKind> for Flow {
    fn from(kind: FlowKind) -> Self {
        match kind {
            FlowKind::Income => Flow::Income,
            FlowKind::Expense => Flow::Expense,
        }
    }
}

impl std::fmt::Display for Flow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The words for `FlowKind` on the wire.
pub(crate) const FLOW_KINDS: &[(&str, FlowKind)] =
    &[("income", FlowKind::Income), ("expense", FlowKind::Expense)];

pub(crate) fn flow_kind(p: &mut Problems, field: &str, raw: &str) -> Option<FlowKind> {
    p.choice(field, raw, FLOW_KINDS)
}

pub(crate) fn tags_to_db(tags: &[String]) -> String {
    if tags.is_empty() {
        String::new()
    } else {
        format!("|{}|", tags.join("|"))
    }
}

pub(crate) fn tags_from_db(text: &str) -> Vec<String> {
    text.split('|')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// `yyyymm` of a date (the rollup's month key).
pub fn month_key(d: Date) -> i32 {
    d.year() * 100 + d.month() as i32
}

/// The first day of a `yyyymm` month.
pub fn month_start(key: i32) -> Date {
    let month = Month::try_from((key % 100) as u8).unwrap_or(Month::January);
    Date::from_calendar_date(key / 100, month, 1).unwrap_or(Date::MIN)
}

pub(crate) fn currency_of(code: &str) -> Result<Currency> {
    Currency::parse(code).map_err(|e| crate::Error::Internal(anyhow::anyhow!("stored currency {code}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_serialize_to_their_words() {
        for kind in [FlowKind::Income, FlowKind::Expense] {
            let flow = Flow::from(kind);
            assert_eq!(serde_json::to_value(flow).unwrap(), flow.as_str());
            assert_eq!(
                FLOW_KINDS.iter().find(|(_, k)| *k == kind).map(|(w, _)| *w),
                Some(flow.as_str())
            );
        }
    }

    #[test]
    fn months_and_tags() {
        assert_eq!(
            tags_from_db(&tags_to_db(&["a".into(), "b".into()])),
            vec!["a", "b"]
        );
        assert_eq!(month_key(crate::input::iso_date("2026-03-05").unwrap()), 202603);
        assert_eq!(format_date(month_start(202603)), "2026-03-01");
    }

    /// The finance forms' field errors built from a field's words or a
    /// fixed limit are in the catalogue (`service-finance.ftl`) exactly as
    /// written here, so a Hindi page shows them in Hindi (ADR 0031).
    #[test]
    fn finance_field_errors_have_their_translation() {
        use crate::i18n::{Locale, translate_service_message};
        let mut p = Problems::default();
        // (field's words, its limit, required) of every text field the
        // finance forms check.
        for (label, max, required) in [
            ("a name for the account", 100, true),
            ("notes", 2000, false),
            ("a name for the category", 60, true),
            ("the description", 200, false),
            ("the payee", 100, false),
            ("a name", 100, true),
            ("who the loan is with", 100, true),
            ("a reason", 500, true),
            ("search text", 100, true),
        ] {
            for raw in [" ".to_string(), "x".repeat(max + 1), "a\u{7}b".to_string()] {
                if required {
                    p.text("field", label, &raw, max);
                } else {
                    p.optional_text("field", label, Some(&raw), max);
                }
            }
        }
        let _ = rates::parse_rate(&mut p, "rate", "1.0000000000001");
        let _ = rates::parse_rate(&mut p, "rate", "-1");
        let mut messages: Vec<String> = match p.finish() {
            Err(crate::Error::Invalid { errors, .. }) => errors.into_iter().map(|e| e.message).collect(),
            other => panic!("{other:?}"),
        };
        // Six required fields say three things, three optional ones two.
        assert_eq!(messages.len(), 6 * 3 + 3 * 2 + 2, "{messages:?}");
        messages.push(format!(
            "Enter a percentage from 0 to {} like 7.5 (at most 6 decimals).",
            loans::MAX_RATE_PERCENT
        ));
        messages.push(format!(
            "Enter a whole number of months from 1 to {}.",
            loans::MAX_TERM_MONTHS
        ));
        for message in messages {
            assert_ne!(
                translate_service_message(Locale::Hi, &message),
                message,
                "not in service-finance.ftl"
            );
        }
    }
}
