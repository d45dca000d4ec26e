//! Personal finance: accounts, categories, transactions, transfers,
//! exchange rates, the monthly rollup and what is computed from them.
//!
//! Every function takes the acting person and filters by their tenant; an id
//! from another tenant is `NotFound`. Money is `Money` (exact), stored as
//! ten-thousandths; amounts arrive as decimal text and are validated against
//! the currency's exponent here, so pages and the API give the same messages.

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

use crate::error::{Problems, Result};
use crate::money::{Currency, Money, MoneyError};
use time::{Date, Month};

/// Dates a person may enter.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

pub fn kind_name(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Income => "income",
        FlowKind::Expense => "expense",
    }
}

pub fn parse_flow_kind(problems: &mut Problems, field: &str, text: &str) -> Option<FlowKind> {
    match text.trim() {
        "income" => Some(FlowKind::Income),
        "expense" => Some(FlowKind::Expense),
        "" => {
            problems.add(field, "Choose income or expense.");
            None
        }
        _ => {
            problems.add(field, "must be income or expense");
            None
        }
    }
}

/// `YYYY-MM-DD` between 1900 and 2200.
pub fn parse_date(problems: &mut Problems, field: &str, text: &str) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        problems.add(field, "Enter a date (YYYY-MM-DD).");
        return None;
    }
    match parse_date_str(text) {
        Some(d) if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) => Some(d),
        Some(_) => {
            problems.add(field, format!("must be between {MIN_YEAR} and {MAX_YEAR}"));
            None
        }
        None => {
            problems.add(field, "must be a date like 2026-11-25");
            None
        }
    }
}

pub fn parse_date_str(text: &str) -> Option<Date> {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &f).ok()
}

pub fn format_date(d: Date) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    d.format(&f).unwrap_or_default()
}

/// A currency code; messages name `field`.
pub fn parse_currency(problems: &mut Problems, field: &str, text: &str) -> Option<Currency> {
    if text.trim().is_empty() {
        problems.add(field, "Choose a currency (an ISO 4217 code like USD, EUR, INR).");
        return None;
    }
    match Currency::parse(text) {
        Ok(c) => Some(c),
        Err(e) => {
            problems.add(field, e.to_string());
            None
        }
    }
}

/// An amount for `currency`: decimal text with at most the currency's decimals.
/// `positive` refuses zero and negatives.
pub fn parse_amount(
    problems: &mut Problems,
    field: &str,
    text: &str,
    currency: Currency,
    positive: bool,
) -> Option<Money> {
    if text.trim().is_empty() {
        problems.add(field, "Enter an amount.");
        return None;
    }
    match Money::parse(text, currency) {
        Ok(m) if positive && !m.is_positive() => {
            problems.add(field, "must be more than zero");
            None
        }
        Ok(m) => Some(m),
        Err(MoneyError::TooManyDecimals(0)) => {
            problems.add(
                field,
                format!("{} has no decimals: enter a whole number", currency.code()),
            );
            None
        }
        Err(e @ MoneyError::TooManyDecimals(_)) => {
            problems.add(field, format!("{e} for {}", currency.code()));
            None
        }
        Err(e) => {
            problems.add(field, e.to_string());
            None
        }
    }
}

/// Trims optional text; empty becomes `None`. Checks length and control characters.
pub fn optional_text(
    problems: &mut Problems,
    field: &str,
    label: &str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    crate::identity::check_text(problems, field, label, v, 0, max);
    Some(v.to_string())
}

/// Normalizes tags: trimmed, lower-case, unique, 1–32 characters, no `|` or commas.
pub fn parse_tags(problems: &mut Problems, field: &str, tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if tags.len() > 20 {
        problems.add(field, "Use at most 20 tags.");
        return out;
    }
    for t in tags {
        let t = t.trim().to_lowercase();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > 32 || t.chars().any(|c| c.is_control() || c == '|' || c == ',') {
            problems.add(
                field,
                "Each tag must be at most 32 characters, without commas or |.",
            );
            return out;
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
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
    fn parses_inputs() {
        let mut p = Problems::default();
        assert!(parse_date(&mut p, "date", "1899-12-31").is_none());
        assert!(parse_date(&mut p, "date", "2201-01-01").is_none());
        assert!(parse_date(&mut p, "date", "2026-02-30").is_none());
        assert!(parse_date(&mut p, "date", "2026-11-25").is_some());
        let usd = Currency::parse("USD").unwrap();
        assert!(parse_amount(&mut p, "amount", "0", usd, true).is_none());
        assert!(parse_amount(&mut p, "amount", "-1", usd, true).is_none());
        assert!(parse_amount(&mut p, "amount", "1.234", usd, true).is_none());
        assert_eq!(
            parse_amount(&mut p, "amount", "1.2", usd, true)
                .unwrap()
                .to_string(),
            "1.20"
        );
        assert_eq!(
            parse_tags(&mut p, "tags", &[" Food ".into(), "food".into(), "".into()]),
            vec!["food"]
        );
        assert_eq!(
            tags_from_db(&tags_to_db(&["a".into(), "b".into()])),
            vec!["a", "b"]
        );
        assert_eq!(month_key(parse_date_str("2026-03-05").unwrap()), 202603);
        assert_eq!(format_date(month_start(202603)), "2026-03-01");
    }
}
