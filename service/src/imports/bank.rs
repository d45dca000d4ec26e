//! Reading a bank statement CSV with a column mapping (pure; ADR 0027).

use super::csv::Row;
use super::{LineNote, RecordPlan};
use crate::input::format_date;
use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// Which column holds what, and how dates and amounts are written. A column
/// is named by its header (any case) or by its number from 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankMapping {
    pub date: String,
    pub description: String,
    /// One signed column (negative is money out) …
    #[serde(default)]
    pub amount: Option<String>,
    /// … or money out and money in in two columns.
    #[serde(default)]
    pub debit: Option<String>,
    #[serde(default)]
    pub credit: Option<String>,
    #[serde(default)]
    pub balance: Option<String>,
    /// `YYYY-MM-DD`, `DD/MM/YYYY` or `MM/DD/YYYY`.
    pub date_format: String,
    /// `.` or `,`.
    pub decimal: String,
}

/// The date formats a mapping may name.
pub const DATE_FORMATS: [&str; 3] = ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY"];
/// What a mapping that names no date format or decimal separator means.
pub const DEFAULT_DATE_FORMAT: &str = DATE_FORMATS[0];
pub const DEFAULT_DECIMAL: &str = ".";

/// The mapping's columns resolved against a header.
struct Columns {
    date: usize,
    description: usize,
    amount: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    balance: Option<usize>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks the mapping on its own: which fields are wrong, as (field, message).
pub(crate) fn check_mapping(m: &BankMapping) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if m.date.trim().is_empty() {
        out.push(("mapping_date", "Say which column holds the date.".to_string()));
    }
    if m.description.trim().is_empty() {
        out.push((
            "mapping_description",
            "Say which column holds the description.".to_string(),
        ));
    }
    match (blank(&m.amount), blank(&m.debit), blank(&m.credit)) {
        (Some(_), None, None) | (None, Some(_), Some(_)) => {}
        _ => out.push((
            "mapping_amount",
            "Give either an amount column or both a debit and a credit column.".to_string(),
        )),
    }
    if !DATE_FORMATS.contains(&m.date_format.as_str()) {
        out.push((
            "mapping_date_format",
            "Choose YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY.".to_string(),
        ));
    }
    if m.decimal != "." && m.decimal != "," {
        out.push((
            "mapping_decimal",
            "Choose . or , as the decimal separator.".to_string(),
        ));
    }
    out
}

/// The separator the header line uses most: comma, semicolon or tab.
pub(crate) fn sniff_delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| (first.matches(*d).count(), *d == ','))
        .unwrap_or(',')
}

fn column(header: &[String], name: &str) -> Result<usize, String> {
    let name = name.trim();
    if let Ok(n) = name.parse::<usize>() {
        return if (1..=header.len()).contains(&n) {
            Ok(n - 1)
        } else {
            Err(format!("There is no column {n}; the file has {}.", header.len()))
        };
    }
    header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            format!(
                "There is no column called “{name}”. The columns are: {}.",
                header.join(", ")
            )
        })
}

/// A mapping naming no such column: the field and the message.
pub(crate) type MappingError = (&'static str, String);

/// Reads every row after the header. Unreadable rows are listed in the
/// second vector with their line numbers; a mapping that names no such
/// column is `Err((field, message))`.
pub(crate) fn parse(
    rows: &[Row],
    m: &BankMapping,
    currency: Currency,
) -> Result<(Vec<RecordPlan>, Vec<LineNote>), MappingError> {
    let mut rows = rows.iter().filter(|r| !r.is_blank());
    let header = rows.next().ok_or(("file", "The file is empty.".to_string()))?;
    let opt = |field: &'static str, v: &Option<String>| -> Result<Option<usize>, MappingError> {
        blank(v)
            .map(|n| column(&header.cells, n))
            .transpose()
            .map_err(|e| (field, e))
    };
    let cols = Columns {
        date: column(&header.cells, &m.date).map_err(|e| ("mapping_date", e))?,
        description: column(&header.cells, &m.description).map_err(|e| ("mapping_description", e))?,
        amount: opt("mapping_amount", &m.amount)?,
        debit: opt("mapping_debit", &m.debit)?,
        credit: opt("mapping_credit", &m.credit)?,
        balance: opt("mapping_balance", &m.balance)?,
    };
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for row in rows {
        match read_row(row, &cols, m, currency) {
            Ok(r) => records.push(r),
            Err(message) => errors.push(LineNote {
                line: row.line,
                message,
            }),
        }
    }
    Ok((records, errors))
}

fn read_row(row: &Row, c: &Columns, m: &BankMapping, cur: Currency) -> Result<RecordPlan, String> {
    let cell = |i: usize| row.cells.get(i).map_or("", |s| s.trim());
    let date_text = cell(c.date);
    let date = parse_date(date_text, &m.date_format)
        .ok_or_else(|| format!("“{date_text}” is not a date written {}.", m.date_format))?;
    let description: String = cell(c.description).chars().take(200).collect();
    let amount = |i: usize, what: &str| -> Result<Option<i64>, String> {
        let raw = cell(i);
        if raw.is_empty() {
            return Ok(None);
        }
        parse_amount(raw, &m.decimal, cur)
            .map(Some)
            .ok_or_else(|| format!("The {what} “{raw}” is not an amount in {cur}."))
    };
    let minor = match (c.amount, c.debit, c.credit) {
        (Some(a), _, _) => amount(a, "amount")?.ok_or("The amount is empty.")?,
        (None, Some(d), Some(cr)) => {
            let out = amount(d, "debit")?;
            let inn = amount(cr, "credit")?;
            if out.is_none() && inn.is_none() {
                return Err("Both the debit and the credit are empty.".into());
            }
            inn.unwrap_or(0).abs() - out.unwrap_or(0).abs()
        }
        _ => return Err("The mapping has no amount column.".into()),
    };
    if minor == 0 {
        return Err("The amount is 0.".into());
    }
    let balance = match c.balance {
        Some(b) => amount(b, "balance")?.map(|v| Money::from_minor(v, cur).to_string()),
        None => None,
    };
    Ok(RecordPlan {
        line: row.line,
        date: format_date(date),
        description,
        amount: Money::from_minor(minor, cur).to_string(),
        balance,
        duplicate: None,
    })
}

/// A date written in one of `DATE_FORMATS`.
pub(crate) fn parse_date(text: &str, format: &str) -> Option<Date> {
    let parts: Vec<&str> = match format {
        "YYYY-MM-DD" => text.split('-').collect(),
        _ => text.split('/').collect(),
    };
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| s.parse::<u32>().ok().filter(|_| !s.is_empty() && s.len() <= 4);
    let (y, mo, d) = match format {
        "YYYY-MM-DD" => (n(a)?, n(b)?, n(c)?),
        "DD/MM/YYYY" => (n(c)?, n(b)?, n(a)?),
        "MM/DD/YYYY" => (n(c)?, n(a)?, n(b)?),
        _ => return None,
    };
    if y < 1000 {
        return None;
    }
    let month = Month::try_from(u8::try_from(mo).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

/// A signed amount in minor units: `-12.50`, `+12.50`, `(12.50)`, with
/// grouping (`1,234.50`, or `1.234,50` when the decimal separator is `,`).
pub(crate) fn parse_amount(text: &str, decimal: &str, cur: Currency) -> Option<i64> {
    let (negative, body) = if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        (true, inner)
    } else if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else {
        (false, text.strip_prefix('+').unwrap_or(text))
    };
    let group = if decimal == "," { '.' } else { ',' };
    let mut plain: String = body
        .chars()
        .filter(|c| *c != group && *c != ' ' && *c != '\u{a0}')
        .collect();
    if decimal == "," {
        plain = plain.replace(',', ".");
    }
    let m = Money::parse(&plain, cur).ok()?;
    let v = m.to_minor();
    Some(if negative { -v } else { v })
}

/// What two records must share to be the same: date, signed amount and the
/// description without case or repeated spaces.
pub(crate) fn duplicate_key(date: &str, amount_minor: i64, description: &str) -> (String, i64, String) {
    let words: Vec<String> = description.split_whitespace().map(str::to_lowercase).collect();
    (date.to_string(), amount_minor, words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imports::csv::read;

    fn usd() -> Currency {
        Currency::parse("USD").unwrap()
    }

    fn mapping() -> BankMapping {
        BankMapping {
            date: "Date".into(),
            description: "Details".into(),
            amount: None,
            debit: Some("Out".into()),
            credit: Some("In".into()),
            balance: Some("Balance".into()),
            date_format: "DD/MM/YYYY".into(),
            decimal: ",".into(),
        }
    }

    #[test]
    fn reads_debit_and_credit_columns() {
        let text = "Date;Details;Out;In;Balance\n31/01/2024;Rent;1.200,00;;800,00\n01/02/2024;Salary;;2.000,50;2.800,50\n32/01/2024;Bad;1,00;;\n";
        assert_eq!(sniff_delimiter(text), ';');
        let rows = read(text, ';').unwrap();
        let (records, errors) = parse(&rows, &mapping(), usd()).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(
            (records[0].date.as_str(), records[0].amount.as_str()),
            ("2024-01-31", "-1200.00")
        );
        assert_eq!(records[1].amount, "2000.50");
        assert_eq!(records[1].balance.as_deref(), Some("2800.50"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 4);
    }

    #[test]
    fn dates_and_amounts() {
        assert_eq!(
            format_date(parse_date("02/03/2024", "MM/DD/YYYY").unwrap()),
            "2024-02-03"
        );
        assert!(parse_date("2024-02-30", "YYYY-MM-DD").is_none());
        assert_eq!(parse_amount("(1,234.50)", ".", usd()), Some(-123450));
        assert_eq!(parse_amount("12.345", ".", usd()), None);
        assert_eq!(parse_amount("abc", ".", usd()), None);
    }

    #[test]
    fn an_unknown_column_names_the_field() {
        let rows = read("A,B\n", ',').unwrap();
        let err = parse(&rows, &mapping(), usd()).unwrap_err();
        assert_eq!(err.0, "mapping_date");
    }

    #[test]
    fn duplicate_keys_ignore_case_and_spaces() {
        assert_eq!(
            duplicate_key("2024-01-01", -5, " Coffee  SHOP "),
            duplicate_key("2024-01-01", -5, "coffee shop")
        );
    }
}
