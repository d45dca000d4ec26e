//! Writing a JSON object by hand, for the one answer where serde's general
//! path was most of the request: a list page of 50 records is ~30 KB, and
//! serde escaped every key and every uuid, date and amount character by
//! character, and formatted each through `fmt` (a third of hisaab-web's
//! instructions per page under callgrind). Here keys are written as they
//! are, values that cannot hold a character JSON escapes (uuids, dates,
//! instants, decimals, currency codes) are written as they are, and only
//! text a person typed goes through serde_json's escaping.
//!
//! Each use has a test that its bytes equal what serde writes for the
//! documented wire type (see `finance::transactions::tests`).

use std::io::Write;
use time::{Date, OffsetDateTime};

/// Something that writes itself as a JSON document (see `body::JsonBodyAs`).
pub trait WriteJson: Send {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// Writes one object's members in order; `end` closes it.
pub struct JsonObject<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> JsonObject<'a> {
    pub fn begin(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, first: true }
    }

    /// A member's name: ours, plain ASCII, so written as it is.
    fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// Text someone typed: escaped.
    pub fn text(&mut self, key: &'static str, value: &str) {
        escaped(self.key(key), value);
    }

    pub fn opt_text(&mut self, key: &'static str, value: Option<&str>) {
        match value {
            Some(v) => self.text(key, v),
            None => self.null(key),
        }
    }

    /// Text that never holds a quote, backslash or control character (a
    /// currency code, a kind name): written as it is.
    pub fn plain(&mut self, key: &'static str, value: &str) {
        quoted(self.key(key), value.as_bytes());
    }

    /// A value's `Display` form that is plain in the same sense (a decimal).
    pub fn plain_display(&mut self, key: &'static str, value: impl std::fmt::Display) {
        let out = self.key(key);
        out.push(b'"');
        // Writing to a Vec cannot fail.
        let _ = write!(out, "{value}");
        out.push(b'"');
    }

    pub fn uuid(&mut self, key: &'static str, value: uuid::Uuid) {
        let mut buffer = uuid::Uuid::encode_buffer();
        quoted(
            self.key(key),
            value.hyphenated().encode_lower(&mut buffer).as_bytes(),
        );
    }

    pub fn opt_uuid(&mut self, key: &'static str, value: Option<uuid::Uuid>) {
        match value {
            Some(v) => self.uuid(key, v),
            None => self.null(key),
        }
    }

    /// `YYYY-MM-DD` (years 0–9999, as `finance::format_date` writes them).
    pub fn date(&mut self, key: &'static str, value: Date) {
        let out = self.key(key);
        let year = value.year().clamp(0, 9999) as u32;
        let month = u8::from(value.month()) as u32;
        let day = value.day() as u32;
        let digits = [
            b'"',
            b'0' + (year / 1000) as u8,
            b'0' + (year / 100 % 10) as u8,
            b'0' + (year / 10 % 10) as u8,
            b'0' + (year % 10) as u8,
            b'-',
            b'0' + (month / 10) as u8,
            b'0' + (month % 10) as u8,
            b'-',
            b'0' + (day / 10) as u8,
            b'0' + (day % 10) as u8,
            b'"',
        ];
        out.extend_from_slice(&digits);
    }

    /// RFC 3339, as `time` writes it.
    pub fn instant(&mut self, key: &'static str, value: OffsetDateTime) {
        let out = self.key(key);
        out.push(b'"');
        let _ = value.format_into(out, &time::format_description::well_known::Rfc3339);
        out.push(b'"');
    }

    /// An array of typed texts.
    pub fn texts(&mut self, key: &'static str, values: &[String]) {
        self.array(key, values, |out, v| escaped(out, v));
    }

    pub fn null(&mut self, key: &'static str) {
        self.key(key).extend_from_slice(b"null");
    }

    /// Any serde value (for the small parts of an answer).
    pub fn serde(&mut self, key: &'static str, value: &impl serde::Serialize) {
        // Only a map with non-string keys fails; none of ours has one.
        let _ = serde_json::to_writer(self.key(key), value);
    }

    /// An array whose items write themselves.
    pub fn array<T>(&mut self, key: &'static str, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
        let out = self.key(key);
        out.push(b'[');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            item(out, v);
        }
        out.push(b']');
    }

    pub fn end(self) {
        self.out.push(b'}');
    }
}

fn quoted(out: &mut Vec<u8>, plain: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(plain);
    out.push(b'"');
}

fn escaped(out: &mut Vec<u8>, text: &str) {
    let _ = serde_json::to_writer(out, text);
}

/// For the tests of each use: what `body` writes equals what the documented
/// wire value would send, as poem-openapi writes it, field for field and
/// byte for byte.
#[cfg(test)]
pub(crate) fn assert_writes_as<T>(body: &impl WriteJson, documented: &T)
where
    T: serde::Serialize + poem_openapi::types::ToJSON,
{
    let mut bytes = Vec::new();
    body.write_json(&mut bytes);
    let got: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(got, documented.to_json().unwrap());
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        serde_json::to_string(documented).unwrap(),
        "same members, same order, same text"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use hisaab_service::finance::format_date;
    use time::macros::datetime;

    fn written(f: impl FnOnce(&mut JsonObject)) -> String {
        let mut out = Vec::new();
        let mut o = JsonObject::begin(&mut out);
        f(&mut o);
        o.end();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn dates_read_as_format_date_writes_them() {
        let mut d = Date::from_calendar_date(1900, time::Month::January, 1).unwrap();
        let end = Date::from_calendar_date(2200, time::Month::December, 31).unwrap();
        while d <= end {
            assert_eq!(
                written(|o| o.date("d", d)),
                format!("{{\"d\":\"{}\"}}", format_date(d))
            );
            d = d.next_day().unwrap();
        }
    }

    #[test]
    fn instants_read_as_rfc3339() {
        for t in [
            datetime!(2026-12-04 02:37:47.321798 UTC),
            datetime!(2026-01-01 00:00:00 UTC),
            datetime!(1999-12-31 23:59:59.999999999 +05:30),
        ] {
            let expected = t.format(&time::format_description::well_known::Rfc3339).unwrap();
            assert_eq!(
                written(|o| o.instant("t", t)),
                format!("{{\"t\":\"{expected}\"}}")
            );
        }
    }

    #[test]
    fn typed_text_is_escaped_and_members_are_separated() {
        let json = written(|o| {
            o.text("a", "quote \" backslash \\ newline \n tab \t nul \u{0}");
            o.opt_text("b", None);
            o.texts("c", &["x\"y".into(), "z".into()]);
            o.plain("d", "USD");
        });
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["a"], "quote \" backslash \\ newline \n tab \t nul \u{0}");
        assert!(value["b"].is_null());
        assert_eq!(value["c"], serde_json::json!(["x\"y", "z"]));
        assert_eq!(value["d"], "USD");
    }
}
