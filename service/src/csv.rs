//! The one CSV cell escaper (RFC 4180 quoting plus formula-injection
//! guarding), used by the console's CSV downloads (`hisaab_http::csv`) and
//! by data exports (`exports`).

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula (OWASP's
/// list): such a cell is prefixed with `'` and so stays text.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A plain decimal number (`-12.50`, `3`): a spreadsheet reads it as a
/// number, never as a formula, so a negative amount is left as it is.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// One cell: prefixed when it could be read as a formula, quoted when it
/// holds a separator, a quote or a line break (RFC 4180).
pub fn cell(value: &str) -> Cow<'_, str> {
    let guarded: Cow<'_, str> = if value.starts_with(FORMULA_STARTS) && !is_plain_number(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", guarded.replace('"', "\"\"")))
    } else {
        guarded
    }
}

/// One line of cells, ended by CRLF (RFC 4180).
pub fn line<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for (i, value) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(value.as_ref()));
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_amounts_stay_numbers_and_formulas_do_not() {
        assert_eq!(cell("-12.50"), "-12.50");
        assert_eq!(cell("-3"), "-3");
        for probe in ["-2+3", "-", "-1.", "-.5", "+1", "-A1", "-1e5", "=1"] {
            assert!(cell(probe).starts_with('\''), "{probe:?}");
        }
    }
}
