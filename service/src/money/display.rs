//! How an amount is shown to a person: the currency's symbol, its decimals and
//! its digit grouping ("₹1,86,010.50", "$1,200.00", "¥1,200", "KD 1.250",
//! "−€3.40"). Display only: stored values and the API stay plain decimal
//! strings ("186010.50").

use super::Currency;
use crate::i18n::Locale;

/// The minus sign shown before a negative amount (U+2212, read as "minus").
pub const MINUS: char = '\u{2212}';
/// Between a letter symbol or an ISO code and the digits: a narrow no-break
/// space, so "CHF 12.00" never wraps between the code and the number.
pub const CODE_GAP: char = '\u{202F}';

/// The symbol written before the digits, for the common currencies. Letter
/// symbols end in a no-break space ("KD 1.250"); the rest get the ISO code.
fn symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "INR" => "₹",
        "JPY" => "¥",
        "CNY" => "CN¥",
        "KRW" => "₩",
        "CAD" => "CA$",
        "AUD" => "A$",
        "NZD" => "NZ$",
        "HKD" => "HK$",
        "SGD" => "S$",
        "MXN" => "MX$",
        "BRL" => "R$",
        "ILS" => "₪",
        "PHP" => "₱",
        "NGN" => "₦",
        "VND" => "₫",
        "THB" => "฿",
        "TRY" => "₺",
        "UAH" => "₴",
        "BDT" => "৳",
        "KWD" => "KD\u{a0}",
        "AED" => "AED\u{a0}",
        "PKR" => "Rs\u{a0}",
        "LKR" => "Rs\u{a0}",
        _ => return None,
    })
}

/// Groups the integer digits: Indian lakh/crore grouping (3, then 2s) or
/// thousands.
fn group(int_part: &str, indian: bool) -> String {
    crate::i18n::format::group_integer(int_part, indian)
}

/// `amount` (a plain decimal string like `"-1200.5"`) in `currency` (an ISO
/// code) as a person reads it. `with_symbol` false gives the grouped digits
/// only (for a column whose header names the currency). The decimals are
/// padded to the currency's exponent; extra non-zero decimals are kept, never
/// rounded. Text that is not a plain decimal comes back unchanged.
pub fn format_amount(amount: &str, currency: &str, with_symbol: bool) -> String {
    format_amount_in(amount, currency, with_symbol, Locale::En)
}

/// [`format_amount`] for a reader in `locale`: `hi` and `en-IN` group every
/// currency the Indian way (`$12,34,567.00`); `en` keeps each currency's own
/// convention (lakh and crore for INR, thousands for the rest), as before
/// locales existed (ADR 0031).
pub fn format_amount_in(amount: &str, currency: &str, with_symbol: bool, locale: Locale) -> String {
    let text = amount.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int_part, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if int_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return amount.to_string();
    }
    let parsed = Currency::parse(currency).ok();
    let code = parsed.map_or_else(|| currency.trim().to_ascii_uppercase(), |c| c.code().to_string());
    let exponent = parsed.map_or(frac.len(), |c| c.exponent() as usize);
    // Keep the significant decimals, padded (or trimmed of zeros) to the exponent.
    let mut frac = frac.trim_end_matches('0').to_string();
    while frac.len() < exponent {
        frac.push('0');
    }
    let int_part = int_part.trim_start_matches('0');
    let int_part = if int_part.is_empty() { "0" } else { int_part };
    let zero = int_part == "0" && frac.bytes().all(|b| b == b'0');
    let mut out = String::new();
    if negative && !zero {
        out.push(MINUS);
    }
    if with_symbol {
        match symbol(&code) {
            Some(s) => out.push_str(s),
            None if code.is_empty() => {}
            None => {
                out.push_str(&code);
                out.push(CODE_GAP);
            }
        }
    }
    out.push_str(&group(int_part, locale.indian_grouping() || code == "INR"));
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(a: &str, c: &str) -> String {
        format_amount(a, c, true)
    }

    #[test]
    fn the_issue_examples() {
        assert_eq!(f("186010.50", "INR"), "₹1,86,010.50");
        assert_eq!(f("1200.00", "USD"), "$1,200.00");
        assert_eq!(f("1200", "JPY"), "¥1,200");
        assert_eq!(f("1.250", "KWD"), "KD\u{a0}1.250");
        assert_eq!(f("4600.00", "INR"), "₹4,600.00");
        assert_eq!(f("-1200.00", "INR"), "−₹1,200.00");
    }

    #[test]
    fn indian_grouping() {
        assert_eq!(f("0.50", "INR"), "₹0.50");
        assert_eq!(f("999", "INR"), "₹999.00");
        assert_eq!(f("1000", "INR"), "₹1,000.00");
        assert_eq!(f("100000", "INR"), "₹1,00,000.00");
        assert_eq!(f("12345678.9", "INR"), "₹1,23,45,678.90");
        assert_eq!(f("1234567890", "INR"), "₹1,23,45,67,890.00");
    }

    #[test]
    fn thousands_and_decimals() {
        assert_eq!(f("1234567.5", "EUR"), "€1,234,567.50");
        assert_eq!(f("100", "GBP"), "£100.00");
        assert_eq!(f("1000000", "JPY"), "¥1,000,000");
        assert_eq!(
            f("1200.0000", "JPY"),
            "¥1,200",
            "storage zeros trimmed to the exponent"
        );
        assert_eq!(f("3.14159", "USD"), "$3.14159", "never rounded");
        assert_eq!(f("-0.00", "USD"), "$0.00", "no sign on zero");
        assert_eq!(f("+5", "USD"), "$5.00");
    }

    #[test]
    fn codes_without_a_symbol() {
        assert_eq!(f("1200.00", "CHF"), "CHF\u{202f}1,200.00");
        assert_eq!(f("-12.5", "SEK"), "−SEK\u{202f}12.50");
        assert_eq!(f("1", "xyz"), "XYZ\u{202f}1", "unknown code: digits as given");
    }

    #[test]
    fn without_the_symbol() {
        assert_eq!(format_amount("186010.5", "INR", false), "1,86,010.50");
        assert_eq!(format_amount("-1200", "USD", false), "−1,200.00");
    }

    #[test]
    fn grouping_follows_the_reader() {
        let hi = |a: &str, c: &str| format_amount_in(a, c, true, Locale::Hi);
        assert_eq!(hi("100000", "INR"), "₹1,00,000.00");
        assert_eq!(hi("1234567.89", "USD"), "$12,34,567.89");
        assert_eq!(
            format_amount_in("1234567.89", "EUR", false, Locale::EnIn),
            "12,34,567.89"
        );
        assert_eq!(
            format_amount_in("1234567.89", "USD", true, Locale::En),
            "$1,234,567.89"
        );
        assert_eq!(
            format_amount_in("100000", "INR", true, Locale::En),
            "₹1,00,000.00"
        );
        assert_eq!(hi("3.14159", "USD"), "$3.14159", "never rounded");
    }

    #[test]
    fn not_a_number_is_left_alone() {
        for s in ["n/a", "", "-", "1.2.3", "1e5", "12,00", ".5"] {
            assert_eq!(f(s, "USD"), s);
        }
    }
}
