//! Tags: trimmed, lower-case, unique, at most 32 characters, without the
//! `|` that separates them in storage or commas.

use super::Problems;

pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 32;

pub(super) const TOO_MANY: &str = "Use at most 20 tags.";
pub(super) const BAD_TAG: &str = "Each tag must be at most 32 characters, without commas or |.";

impl Problems {
    /// Normalized tags; blank ones are dropped.
    pub fn tags(&mut self, field: &str, raw: &[String]) -> Option<Vec<String>> {
        if raw.len() > MAX_TAGS {
            self.add(field, TOO_MANY);
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        for t in raw {
            let t = t.trim().to_lowercase();
            if t.is_empty() {
                continue;
            }
            if t.chars().count() > MAX_TAG_CHARS || t.chars().any(|c| c.is_control() || c == '|' || c == ',')
            {
                self.add(field, BAD_TAG);
                return None;
            }
            if !out.contains(&t) {
                out.push(t);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalizes() {
        let mut p = Problems::default();
        assert_eq!(
            p.tags("tags", &strings(&[" Food ", "food", "", "Trip"])),
            Some(strings(&["food", "trip"]))
        );
        assert_eq!(p.tags("tags", &[]), Some(vec![]));
        assert!(p.is_empty());
    }

    #[test]
    fn each_mistake_has_one_message() {
        for (raw, message) in [
            (vec!["a|b".to_string()], BAD_TAG),
            (vec!["a,b".to_string()], BAD_TAG),
            (vec!["x".repeat(33)], BAD_TAG),
            (vec!["t".to_string(); 21], TOO_MANY),
        ] {
            let mut p = Problems::default();
            assert_eq!(p.tags("tag", &raw), None);
            match p.finish() {
                Err(crate::Error::Invalid { errors, .. }) => {
                    assert_eq!(
                        (errors[0].field.as_str(), errors[0].message.as_str()),
                        ("tag", message)
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
