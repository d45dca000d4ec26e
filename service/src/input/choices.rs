//! One of a fixed set of words (an enum on the wire: `"credit_card"`).
//! Blank and unknown words get the same message, listing the words.

use super::Problems;

fn message(options: &[(&str, impl Copy)]) -> String {
    let words: Vec<&str> = options.iter().map(|(w, _)| *w).collect();
    format!("Choose one of {}.", words.join(", "))
}

impl Problems {
    /// A required choice: `options` maps each word to its value.
    pub fn choice<T: Copy>(&mut self, field: &str, raw: &str, options: &[(&str, T)]) -> Option<T> {
        let raw = raw.trim();
        match options.iter().find(|(word, _)| *word == raw) {
            Some((_, value)) => Some(*value),
            None => {
                self.add(field, message(options));
                None
            }
        }
    }

    /// An optional choice: absent or blank is `default`.
    pub fn choice_or<T: Copy>(
        &mut self,
        field: &str,
        raw: Option<&str>,
        options: &[(&str, T)],
        default: T,
    ) -> Option<T> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Some(default),
            Some(raw) => self.choice(field, raw, options),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIDES: &[(&str, i8)] = &[("asset", 1), ("liability", -1)];

    #[test]
    fn parses_words() {
        let mut p = Problems::default();
        assert_eq!(p.choice("side", " liability ", SIDES), Some(-1));
        assert_eq!(p.choice_or("side", None, SIDES, 1), Some(1));
        assert_eq!(p.choice_or("side", Some(""), SIDES, 1), Some(1));
        assert!(p.is_empty());
    }

    #[test]
    fn blank_and_unknown_say_the_same() {
        let mut p = Problems::default();
        assert_eq!(p.choice("side", "", SIDES), None);
        assert_eq!(p.choice("side", "Asset", SIDES), None);
        assert_eq!(p.choice_or("side", Some("both"), SIDES, 1), None);
        match p.finish() {
            Err(crate::Error::Invalid { errors, .. }) => {
                assert_eq!(errors.len(), 3);
                assert!(
                    errors
                        .iter()
                        .all(|e| e.message == "Choose one of asset, liability.")
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
