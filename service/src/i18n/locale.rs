//! The supported locales, and the choice of one for a request: the person's
//! setting, else the browser's `Accept-Language`, else English.

use serde::{Deserialize, Serialize};

/// A language the app is written in. `en-IN` reads the English catalogue
/// with Indian number grouping; `hi` has its own catalogue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "en-IN")]
    EnIn,
    #[serde(rename = "hi")]
    Hi,
}

/// Writing direction of a locale's script (the root element's `dir`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// Primary languages written right to left, so a locale added in one of
/// them gets `dir="rtl"` without another change.
const RTL_LANGUAGES: &[&str] = &["ar", "fa", "he", "ur", "ps", "sd", "yi", "dv", "ckb"];

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::EnIn, Locale::Hi];

    /// The BCP 47 tag, as stored in `users.locale` and sent in `lang`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::EnIn => "en-IN",
            Self::Hi => "hi",
        }
    }

    /// A stored or submitted tag (exact, case-insensitive); anything else is `None`.
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The catalogue a locale reads (`en-IN` shares English's).
    pub(crate) fn catalogue(self) -> Self {
        match self {
            Self::EnIn => Self::En,
            other => other,
        }
    }

    /// Indian digit grouping (lakh, crore) for every amount and number.
    pub fn indian_grouping(self) -> bool {
        matches!(self, Self::EnIn | Self::Hi)
    }

    pub fn direction(self) -> Direction {
        let primary = self.tag().split('-').next().unwrap_or_default();
        if RTL_LANGUAGES.contains(&primary) {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    /// The locale's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::EnIn => "English (India)",
            Self::Hi => "हिन्दी",
        }
    }

    /// The person's setting if they chose one, else the browser's
    /// languages, else English.
    pub fn resolve(setting: Option<&str>, accept_language: Option<&str>) -> Self {
        setting
            .and_then(Self::parse)
            .or_else(|| accept_language.and_then(negotiate))
            .unwrap_or_default()
    }
}

/// The best supported locale for an `Accept-Language` header: ranges by
/// descending q (ties keep their order; `q=0` means "not this"), each
/// matched exactly first (`en-IN`), then by its primary language (`hi-IN` →
/// `hi`, `en-GB` → `en`). `None` when nothing matches.
pub fn negotiate(header: &str) -> Option<Locale> {
    let mut ranges: Vec<(&str, f32)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((tag, q))
        })
        .collect();
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranges.into_iter().find_map(|(tag, _)| {
        Locale::parse(tag).or_else(|| {
            let primary = tag.split(['-', '_']).next()?;
            Locale::parse(primary)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.tag()), Some(l));
        }
        assert_eq!(Locale::parse("EN-in"), Some(Locale::EnIn));
        assert_eq!(Locale::parse("fr"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn accept_language_honours_q_values() {
        assert_eq!(negotiate("hi"), Some(Locale::Hi));
        assert_eq!(negotiate("hi-IN,hi;q=0.9,en;q=0.8"), Some(Locale::Hi));
        assert_eq!(negotiate("en;q=0.5, hi;q=0.9"), Some(Locale::Hi));
        assert_eq!(negotiate("hi;q=0, en-IN"), Some(Locale::EnIn));
        assert_eq!(negotiate("en-GB,en;q=0.9"), Some(Locale::En));
        assert_eq!(negotiate("en-IN;q=0.8, en-US;q=0.9"), Some(Locale::En));
        assert_eq!(negotiate("fr-FR, de;q=0.8, hi;q=0.1"), Some(Locale::Hi));
        assert_eq!(negotiate("fr-FR, de"), None);
        assert_eq!(negotiate("*"), None);
        assert_eq!(negotiate("hi;q=abc"), None, "a malformed q drops the range");
    }

    #[test]
    fn the_setting_beats_the_header_and_unsupported_is_english() {
        assert_eq!(Locale::resolve(Some("hi"), Some("en")), Locale::Hi);
        assert_eq!(Locale::resolve(Some("en"), Some("hi")), Locale::En);
        assert_eq!(Locale::resolve(None, Some("hi-IN")), Locale::Hi);
        assert_eq!(Locale::resolve(Some("xx"), Some("en-IN")), Locale::EnIn);
        assert_eq!(Locale::resolve(None, Some("fr")), Locale::En);
        assert_eq!(Locale::resolve(None, None), Locale::En);
    }

    #[test]
    fn all_supported_locales_are_left_to_right() {
        for l in Locale::ALL {
            assert_eq!(l.direction(), Direction::Ltr);
        }
    }
}
