//! Numbers and dates as a locale writes them. Presentation only: the exact
//! decimal text is kept (no rounding, no float), only separators change.
//!
//! - Grouping: Indian (lakh, crore: `12,34,567.89`) for `hi` and `en-IN`;
//!   thousands (`1,234,567.89`) for `en`. Digits stay ASCII in every locale
//!   (what Indian banks and apps print).
//! - Dates: day, abbreviated month, year (`6 Dec 2026`, `6 दिस॰ 2026`), the
//!   CLDR abbreviated month names; no ICU.

use super::Locale;
use time::Date;

/// Commas between the integer digits of `digits` (ASCII digits only):
/// Indian (3, then 2s) or thousands.
pub fn group_integer(digits: &str, indian: bool) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 2);
    for (i, c) in digits.chars().enumerate() {
        let left = n - i; // digits from here to the end, this one included
        if i > 0 {
            let boundary = if indian {
                left == 3 || (left > 3 && (left - 3).is_multiple_of(2))
            } else {
                left.is_multiple_of(3)
            };
            if boundary {
                out.push(',');
            }
        }
        out.push(c);
    }
    out
}

/// A plain decimal string (`"-1234567.50"`) with the locale's grouping
/// (`"-12,34,567.50"` in `hi`); decimals untouched. Text that is not a
/// plain decimal comes back unchanged.
pub fn group_number(text: &str, locale: Locale) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int_part, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let grouped = group_integer(int_part, locale.indian_grouping());
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// CLDR's abbreviated Hindi month names (format context).
const MONTHS_HI: [&str; 12] = [
    "जन॰",
    "फ़र॰",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुल॰",
    "अग॰",
    "सित॰",
    "अक्तू॰",
    "नव॰",
    "दिस॰",
];

/// A date as the locale writes it: `6 Dec 2026` (`en`, `en-IN`),
/// `6 दिस॰ 2026` (`hi`).
pub fn date(d: Date, locale: Locale) -> String {
    let months = match locale {
        Locale::Hi => &MONTHS_HI,
        Locale::En | Locale::EnIn => &MONTHS_EN,
    };
    let month = months[usize::from(u8::from(d.month())) - 1];
    format!("{} {month} {}", d.day(), d.year())
}

/// CLDR's wide Hindi month names (format context).
const MONTHS_HI_LONG: [&str; 12] = [
    "जनवरी",
    "फ़रवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्तूबर",
    "नवंबर",
    "दिसंबर",
];

/// A date with the month written out, for sentences (emails): `6 December
/// 2026` (`en`, `en-IN`), `6 दिसंबर 2026` (`hi`).
pub fn long_date(d: Date, locale: Locale) -> String {
    match locale {
        Locale::Hi => format!(
            "{} {} {}",
            d.day(),
            MONTHS_HI_LONG[usize::from(u8::from(d.month())) - 1],
            d.year()
        ),
        Locale::En | Locale::EnIn => format!("{} {} {}", d.day(), d.month(), d.year()),
    }
}

/// An instant to the minute, in UTC, as the pages list them: English keeps
/// the plain `2026-12-06 14:05 UTC` it has always had; `hi` writes the
/// date its own way (`6 दिस॰ 2026, 14:05 UTC`).
pub fn timestamp(t: time::OffsetDateTime, locale: Locale) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    match locale {
        Locale::Hi => format!(
            "{}, {:02}:{:02} UTC",
            date(t.date(), locale),
            t.hour(),
            t.minute()
        ),
        Locale::En | Locale::EnIn => format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn indian_grouping_for_hi_and_en_in() {
        assert_eq!(group_number("1234567.89", Locale::Hi), "12,34,567.89");
        assert_eq!(group_number("1234567.89", Locale::EnIn), "12,34,567.89");
        assert_eq!(group_number("100000", Locale::Hi), "1,00,000");
        assert_eq!(group_number("-123456789.125", Locale::EnIn), "-12,34,56,789.125");
        assert_eq!(group_number("999", Locale::Hi), "999");
    }

    #[test]
    fn thousands_for_en() {
        assert_eq!(group_number("1234567.89", Locale::En), "1,234,567.89");
        assert_eq!(group_number("100000", Locale::En), "100,000");
        assert_eq!(group_number("n/a", Locale::En), "n/a");
        assert_eq!(group_number("", Locale::Hi), "");
    }

    #[test]
    fn dates_per_locale() {
        assert_eq!(date(date!(2026 - 12 - 06), Locale::En), "6 Dec 2026");
        assert_eq!(date(date!(2026 - 12 - 06), Locale::EnIn), "6 Dec 2026");
        assert_eq!(date(date!(2026 - 12 - 06), Locale::Hi), "6 दिस॰ 2026");
        assert_eq!(date(date!(2027 - 01 - 31), Locale::Hi), "31 जन॰ 2027");
    }

    #[test]
    fn long_dates_and_timestamps() {
        assert_eq!(long_date(date!(2026 - 12 - 06), Locale::En), "6 December 2026");
        assert_eq!(long_date(date!(2026 - 12 - 06), Locale::Hi), "6 दिसंबर 2026");
        let t = time::macros::datetime!(2026-12-06 14:05:09 UTC);
        assert_eq!(timestamp(t, Locale::En), "2026-12-06 14:05 UTC");
        assert_eq!(timestamp(t, Locale::EnIn), "2026-12-06 14:05 UTC");
        assert_eq!(timestamp(t, Locale::Hi), "6 दिस॰ 2026, 14:05 UTC");
    }
}
