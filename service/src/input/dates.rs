//! Dates: `YYYY-MM-DD` between 1900 and 2200, the one format pages and the
//! API share.

use super::Problems;
use time::Date;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

/// The years a person may enter.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

const ISO: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

pub(super) const BLANK: &str = "Enter a date (YYYY-MM-DD).";
pub(super) const MALFORMED: &str = "Enter a real date as YYYY-MM-DD, like 2026-11-25.";

fn out_of_range() -> String {
    format!("Enter a date between {MIN_YEAR} and {MAX_YEAR} (YYYY-MM-DD).")
}

impl Problems {
    /// A required date.
    pub fn date(&mut self, field: &str, raw: &str) -> Option<Date> {
        let raw = raw.trim();
        if raw.is_empty() {
            self.add(field, BLANK);
            return None;
        }
        match iso_date(raw) {
            Some(d) if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) => Some(d),
            Some(_) => {
                self.add(field, out_of_range());
                None
            }
            None => {
                self.add(field, MALFORMED);
                None
            }
        }
    }

    /// An optional date: absent or blank is `Some(None)`.
    pub fn optional_date(&mut self, field: &str, raw: Option<&str>) -> Option<Option<Date>> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Some(None),
            Some(raw) => self.date(field, raw).map(Some),
        }
    }
}

/// Exactly `YYYY-MM-DD`, any year; for text we wrote ourselves (cursors).
pub fn iso_date(text: &str) -> Option<Date> {
    Date::parse(text, ISO).ok()
}

/// `YYYY-MM-DD`, as `iso_date` reads it back.
pub fn format_date(d: Date) -> String {
    d.format(ISO).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn message(field: &str, raw: &str) -> String {
        let mut p = Problems::default();
        assert!(p.date(field, raw).is_none(), "{raw:?}");
        match p.finish() {
            Err(Error::Invalid { errors, .. }) => {
                assert_eq!(errors[0].field, field);
                errors[0].message.clone()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_dates_in_range() {
        let mut p = Problems::default();
        let d = p.date("date", " 2026-11-25 ").unwrap();
        assert_eq!(format_date(d), "2026-11-25");
        assert_eq!(p.date("date", "1900-01-01").map(|d| d.year()), Some(1900));
        assert_eq!(p.date("date", "2200-12-31").map(|d| d.year()), Some(2200));
        assert!(p.is_empty());
    }

    #[test]
    fn each_mistake_has_one_message() {
        assert_eq!(message("date", ""), BLANK);
        assert_eq!(message("due_date", "  "), BLANK);
        for bad in [
            "2026-02-30",
            "25/11/2026",
            "2026-1-5",
            "yesterday",
            "2026-11-25T00:00",
        ] {
            assert_eq!(message("date", bad), MALFORMED, "{bad:?}");
        }
        for far in ["1899-12-31", "2201-01-01"] {
            assert_eq!(
                message("date", far),
                "Enter a date between 1900 and 2200 (YYYY-MM-DD)."
            );
        }
    }

    #[test]
    fn optional_dates() {
        let mut p = Problems::default();
        assert_eq!(p.optional_date("due_date", None), Some(None));
        assert_eq!(p.optional_date("due_date", Some(" ")), Some(None));
        assert!(
            p.optional_date("due_date", Some("2026-11-25"))
                .is_some_and(|d| d.is_some())
        );
        assert!(p.is_empty());
        assert_eq!(p.optional_date("due_date", Some("soon")), None);
        assert!(p.has("due_date"));
    }

    #[test]
    fn iso_dates_round_trip_without_trimming() {
        let d = iso_date("2026-03-05").unwrap();
        assert_eq!(format_date(d), "2026-03-05");
        assert!(iso_date(" 2026-03-05").is_none());
    }
}
