//! Free text and email addresses: trimmed, counted in characters, no control
//! characters except line breaks and tabs (PostgreSQL rejects NUL where
//! SQLite would store it).

use super::Problems;

pub(super) const EMAIL_BLANK: &str = "Enter your email address.";
pub(super) const EMAIL_MALFORMED: &str = "Enter an email address like name@example.com.";

impl Problems {
    /// Required text, trimmed, 1 to `max` characters. `label` completes
    /// "Enter …" (`"a name"`, `"the reason"`).
    pub fn text(&mut self, field: &str, label: &str, raw: &str, max: usize) -> Option<String> {
        let value = raw.trim();
        self.text_fits(field, label, value, 1, max)
            .then(|| value.to_string())
    }

    /// Optional text: absent or blank is `Some(None)`.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: &str,
        raw: Option<&str>,
        max: usize,
    ) -> Option<Option<String>> {
        match raw.map(str::trim).filter(|v| !v.is_empty()) {
            None => Some(None),
            Some(value) => self
                .text_fits(field, label, value, 0, max)
                .then(|| Some(value.to_string())),
        }
    }

    fn text_fits(&mut self, field: &str, label: &str, value: &str, min: usize, max: usize) -> bool {
        let len = value.chars().count();
        let message = if len < min {
            format!("Enter {label}.")
        } else if len > max {
            format!("{} must be at most {max} characters.", capitalize(label))
        } else if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            format!("{} contains characters that are not allowed.", capitalize(label))
        } else {
            return true;
        };
        self.add(field, message);
        false
    }

    /// An email address, trimmed and lower-cased.
    pub fn email(&mut self, field: &str, raw: &str) -> Option<String> {
        let email = raw.trim().to_lowercase();
        // Counted in characters, as the API document's maxLength and pattern count them.
        let valid = email.chars().count() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local.chars().count() <= 64
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            });
        if email.is_empty() {
            self.add(field, EMAIL_BLANK);
            None
        } else if !valid {
            self.add(field, EMAIL_MALFORMED);
            None
        } else {
            Some(email)
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(p: Problems) -> Vec<(String, String)> {
        match p.finish() {
            Ok(()) => vec![],
            Err(crate::Error::Invalid { errors, .. }) => {
                errors.into_iter().map(|e| (e.field, e.message)).collect()
            }
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn required_text() {
        let mut p = Problems::default();
        assert_eq!(p.text("name", "a name", "  Ana \n", 100).as_deref(), Some("Ana"));
        assert_eq!(
            p.text("notes", "the notes", "a\nb\tc", 100).as_deref(),
            Some("a\nb\tc")
        );
        assert!(p.is_empty());
        assert_eq!(p.text("name", "a name", "   ", 100), None);
        assert_eq!(p.text("name", "a name", "abcd", 3), None);
        assert_eq!(p.text("name", "a name", "a\0b", 3), None);
        assert_eq!(
            messages(p),
            [
                ("name".into(), "Enter a name.".into()),
                ("name".into(), "A name must be at most 3 characters.".into()),
                (
                    "name".into(),
                    "A name contains characters that are not allowed.".into()
                ),
            ]
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut p = Problems::default();
        assert!(p.text("name", "a name", "ééé", 3).is_some());
        assert!(p.is_empty());
    }

    #[test]
    fn optional_text_blank_is_none() {
        let mut p = Problems::default();
        assert_eq!(p.optional_text("notes", "the notes", None, 10), Some(None));
        assert_eq!(p.optional_text("notes", "the notes", Some("  "), 10), Some(None));
        assert_eq!(
            p.optional_text("notes", "the notes", Some(" hi "), 10),
            Some(Some("hi".into()))
        );
        assert!(p.is_empty());
        assert_eq!(
            p.optional_text("notes", "the notes", Some("far too long"), 3),
            None
        );
        assert_eq!(
            messages(p),
            [("notes".into(), "The notes must be at most 3 characters.".into())]
        );
    }

    #[test]
    fn emails_are_normalized_and_checked() {
        let mut p = Problems::default();
        assert_eq!(
            p.email("email", "  Alice@Example.COM ").as_deref(),
            Some("alice@example.com")
        );
        assert!(p.is_empty());
        assert_eq!(p.email("email", ""), None);
        assert_eq!(messages(p), [("email".into(), EMAIL_BLANK.into())]);
        for bad in [
            "alice",
            "alice@",
            "@example.com",
            "a b@example.com",
            "alice@localhost",
            "a@b..com",
            "a\0@b.com",
        ] {
            let mut p = Problems::default();
            assert_eq!(p.email("email", bad), None, "{bad:?}");
            assert_eq!(messages(p), [("email".into(), EMAIL_MALFORMED.into())], "{bad:?}");
        }
    }
}
