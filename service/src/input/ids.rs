//! Ids that arrive in a form field or a body field (not in the path): a
//! malformed one is a 422 on that field, never a 400 or a 404.

use super::Problems;
use uuid::Uuid;

pub(super) const BLANK: &str = "Choose one from the list.";
pub(super) const MALFORMED: &str = "Choose one from the list (this is not a valid id).";

impl Problems {
    /// A required id.
    pub fn id<T: From<Uuid>>(&mut self, field: &str, raw: &str) -> Option<T> {
        let raw = raw.trim();
        if raw.is_empty() {
            self.add(field, BLANK);
            return None;
        }
        match Uuid::parse_str(raw) {
            Ok(id) => Some(T::from(id)),
            Err(_) => {
                self.add(field, MALFORMED);
                None
            }
        }
    }

    /// An optional id: absent or blank is `Some(None)`.
    pub fn optional_id<T: From<Uuid>>(&mut self, field: &str, raw: Option<&str>) -> Option<Option<T>> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Some(None),
            Some(raw) => self.id(field, raw).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hisaab_entity::finance::AccountId;

    #[test]
    fn parses_ids() {
        let mut p = Problems::default();
        let raw = "0190c9f0-7a2b-7c3d-8e4f-0123456789ab";
        let got: Option<AccountId> = p.id("account_id", &format!(" {raw} "));
        assert_eq!(got.map(|a| a.0.to_string()).as_deref(), Some(raw));
        assert_eq!(p.optional_id::<AccountId>("category_id", None), Some(None));
        assert_eq!(p.optional_id::<AccountId>("category_id", Some("")), Some(None));
        assert!(p.is_empty());
    }

    #[test]
    fn each_mistake_has_one_message_naming_the_field() {
        let mut p = Problems::default();
        assert!(p.id::<AccountId>("account_id", "").is_none());
        assert!(p.id::<AccountId>("contact_ids[2]", "42").is_none());
        assert!(p.optional_id::<AccountId>("category_id", Some("nope")).is_none());
        match p.finish() {
            Err(crate::Error::Invalid { errors, .. }) => {
                let got: Vec<_> = errors
                    .iter()
                    .map(|e| (e.field.as_str(), e.message.as_str()))
                    .collect();
                assert_eq!(
                    got,
                    [
                        ("account_id", BLANK),
                        ("contact_ids[2]", MALFORMED),
                        ("category_id", MALFORMED)
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
