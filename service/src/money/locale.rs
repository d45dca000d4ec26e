//! A currency suggested from the browser's languages (`Accept-Language`), for
//! the base-currency choice at sign-up. Only a suggestion: the person picks.

use super::Currency;

/// The currencies the sign-up form lists (a suggested one outside the list is
/// added to it).
pub const COMMON: &[&str] = &[
    "USD", "EUR", "GBP", "INR", "JPY", "CNY", "CAD", "AUD", "NZD", "SGD", "HKD", "CHF", "SEK", "NOK", "DKK",
    "PLN", "CZK", "HUF", "ZAR", "BRL", "MXN", "AED", "SAR", "KWD", "PKR", "BDT", "LKR", "NPR", "IDR", "MYR",
    "PHP", "THB", "VND", "KRW", "TRY", "ILS", "NGN", "KES", "EGP",
];

/// The currency of a region (ISO 3166 alpha-2, upper case).
fn of_region(region: &str) -> Option<&'static str> {
    Some(match region {
        "US" | "EC" | "SV" | "PR" => "USD",
        "AT" | "BE" | "CY" | "DE" | "EE" | "ES" | "FI" | "FR" | "GR" | "HR" | "IE" | "IT" | "LT" | "LU"
        | "LV" | "MT" | "NL" | "PT" | "SI" | "SK" => "EUR",
        "GB" => "GBP",
        "IN" => "INR",
        "JP" => "JPY",
        "CN" => "CNY",
        "CA" => "CAD",
        "AU" => "AUD",
        "NZ" => "NZD",
        "SG" => "SGD",
        "HK" => "HKD",
        "CH" | "LI" => "CHF",
        "SE" => "SEK",
        "NO" => "NOK",
        "DK" => "DKK",
        "PL" => "PLN",
        "CZ" => "CZK",
        "HU" => "HUF",
        "ZA" => "ZAR",
        "BR" => "BRL",
        "MX" => "MXN",
        "AE" => "AED",
        "SA" => "SAR",
        "KW" => "KWD",
        "PK" => "PKR",
        "BD" => "BDT",
        "LK" => "LKR",
        "NP" => "NPR",
        "ID" => "IDR",
        "MY" => "MYR",
        "PH" => "PHP",
        "TH" => "THB",
        "VN" => "VND",
        "KR" => "KRW",
        "TR" => "TRY",
        "IL" => "ILS",
        "NG" => "NGN",
        "KE" => "KES",
        "EG" => "EGP",
        _ => return None,
    })
}

/// A language spoken mostly in one currency area, for a tag without a region ("hi", "ja").
fn of_language(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "hi" | "bn" | "ta" | "te" | "mr" | "gu" | "kn" | "ml" | "pa" | "or" | "as" => "INR",
        "ja" => "JPY",
        "zh" => "CNY",
        "ko" => "KRW",
        "de" | "fr" | "it" | "es" | "nl" | "pt" | "fi" | "el" | "et" | "lv" | "lt" | "sk" | "sl" | "mt"
        | "ga" => "EUR",
        "sv" => "SEK",
        "nb" | "nn" | "no" => "NOK",
        "da" => "DKK",
        "pl" => "PLN",
        "cs" => "CZK",
        "hu" => "HUF",
        "tr" => "TRY",
        "he" => "ILS",
        "th" => "THB",
        "vi" => "VND",
        "id" => "IDR",
        "ur" => "PKR",
        "ne" => "NPR",
        "si" => "LKR",
        _ => return None,
    })
}

/// The currency of the most preferred language tag that names one
/// (`"en-IN,en;q=0.9"` → INR, `"ja"` → JPY); `None` when nothing does.
pub fn suggest_currency(accept_language: &str) -> Option<Currency> {
    let mut tags: Vec<(f32, usize, &str)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.into_iter().find_map(|(_, _, tag)| {
        let mut parts = tag.split(['-', '_']);
        let lang = parts.next()?.to_ascii_lowercase();
        // The region is the first two-letter (or three-digit) subtag after the language.
        let region = parts
            .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase);
        let code = match region {
            Some(r) => of_region(&r).or_else(|| of_language(&lang)),
            None => of_language(&lang),
        }?;
        Currency::parse(code).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(h: &str) -> Option<&'static str> {
        suggest_currency(h).map(|c| c.code())
    }

    #[test]
    fn from_region_then_language() {
        assert_eq!(s("en-IN,en;q=0.9"), Some("INR"));
        assert_eq!(s("en-US,en;q=0.9"), Some("USD"));
        assert_eq!(s("de-DE"), Some("EUR"));
        assert_eq!(s("en-GB"), Some("GBP"));
        assert_eq!(s("ja"), Some("JPY"));
        assert_eq!(s("hi"), Some("INR"));
        assert_eq!(s("zh-Hant-HK"), Some("HKD"));
        assert_eq!(s("ar-KW"), Some("KWD"));
    }

    #[test]
    fn preference_order_and_weights() {
        assert_eq!(s("en;q=0.9, fr-CH"), Some("CHF"), "a bare 'en' names no currency");
        assert_eq!(s("en-US;q=0.5, en-IN;q=0.8"), Some("INR"));
        assert_eq!(s("en-IN;q=0, en-GB"), Some("GBP"));
    }

    #[test]
    fn nothing_to_go_on() {
        for h in ["", "*", "en", "xx-ZZ", "garbage;;;"] {
            assert_eq!(s(h), None, "{h}");
        }
    }

    #[test]
    fn every_listed_currency_can_be_kept() {
        for code in COMMON {
            assert!(Currency::parse(code).is_ok(), "{code}");
        }
    }
}
