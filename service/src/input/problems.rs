//! The collector every parser records into, and the one way out of it.

use crate::error::{Error, FieldError, Result};

/// Collects field errors so a form can report all of them at once.
#[derive(Default, Debug)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.add(field, message);
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A field that may be left out (a patch, a filter): left out is
    /// `Some(None)`, refused is `None`, parsed is `Some(Some(value))`.
    pub fn edit<V, T>(
        &mut self,
        given: Option<V>,
        parse: impl FnOnce(&mut Self, V) -> Option<T>,
    ) -> Option<Option<T>> {
        match given {
            None => Some(None),
            Some(v) => parse(self, v).map(Some),
        }
    }

    /// `Ok` when nothing was added, else one `Invalid` error with every field.
    /// For checks that produce no value; parsed values go through `finish_with`.
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let detail = if self.0.len() == 1 {
            self.0[0].message.clone()
        } else {
            format!("{} fields need attention.", self.0.len())
        };
        Err(Error::Invalid {
            detail,
            errors: self.0,
        })
    }

    /// The parsed values when no problem was recorded, else `Invalid`.
    ///
    /// A parser that returned `None` without recording a problem is a bug in
    /// the parser: that is an `Internal` error, not a panic and not a value.
    pub fn finish_with<P: Parsed>(self, parsed: P) -> Result<P::Value> {
        self.finish()?;
        parsed.into_values().ok_or_else(|| {
            Error::Internal(anyhow::anyhow!(
                "an input parser returned no value and recorded no problem"
            ))
        })
    }
}

/// What parsers hand back: an `Option` or a tuple of them.
pub trait Parsed {
    type Value;
    /// `Some` only when every part is `Some`.
    fn into_values(self) -> Option<Self::Value>;
}

impl<T> Parsed for Option<T> {
    type Value = T;
    fn into_values(self) -> Option<T> {
        self
    }
}

macro_rules! parsed_tuple {
    ($($name:ident),+) => {
        impl<$($name),+> Parsed for ($(Option<$name>,)+) {
            type Value = ($($name,)+);
            #[expect(non_snake_case, reason = "the type parameters name the parts")]
            fn into_values(self) -> Option<Self::Value> {
                let ($($name,)+) = self;
                Some(($($name?,)+))
            }
        }
    };
}

parsed_tuple!(A);
parsed_tuple!(A, B);
parsed_tuple!(A, B, C);
parsed_tuple!(A, B, C, D);
parsed_tuple!(A, B, C, D, E);
parsed_tuple!(A, B, C, D, E, F);
parsed_tuple!(A, B, C, D, E, F, G);
parsed_tuple!(A, B, C, D, E, F, G, H);
parsed_tuple!(A, B, C, D, E, F, G, H, I);
parsed_tuple!(A, B, C, D, E, F, G, H, I, J);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_with_hands_back_values_only_without_problems() {
        let p = Problems::default();
        assert_eq!(p.finish_with((Some(1), Some("a"))).unwrap(), (1, "a"));

        let mut p = Problems::default();
        p.add("date", "Enter a date (YYYY-MM-DD).");
        p.add("amount", "Enter an amount.");
        match p.finish_with((None::<i32>, None::<i32>)) {
            Err(Error::Invalid { detail, errors }) => {
                assert_eq!(detail, "2 fields need attention.");
                let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["date", "amount"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_value_without_a_problem_is_internal() {
        let p = Problems::default();
        assert!(matches!(
            p.finish_with((Some(1), None::<i32>)),
            Err(Error::Internal(_))
        ));
    }

    #[test]
    fn edits_left_out_are_fine() {
        let mut p = Problems::default();
        assert_eq!(
            p.edit(None::<&str>, |p, v| p.text("name", "a name", v, 10)),
            Some(None)
        );
        assert_eq!(
            p.edit(Some(" Ana "), |p, v| p.text("name", "a name", v, 10)),
            Some(Some("Ana".to_string()))
        );
        assert!(p.is_empty());
        assert_eq!(p.edit(Some(" "), |p, v| p.text("name", "a name", v, 10)), None);
        assert!(p.has("name"));
    }

    #[test]
    fn one_problem_is_the_detail() {
        let mut p = Problems::default();
        p.add("name", "Enter a name.");
        assert!(p.has("name") && !p.has("date"));
        match p.finish() {
            Err(Error::Invalid { detail, .. }) => assert_eq!(detail, "Enter a name."),
            other => panic!("{other:?}"),
        }
    }
}
