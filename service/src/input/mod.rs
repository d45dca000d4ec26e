//! One input dialect: every field a person (page form) or a client (API body)
//! sends is parsed here, so finance, social and identity say the same thing
//! about the same mistake and name the field exactly as the request did.
//!
//! Each parser is a method of [`Problems`] (one file per kind of value:
//! dates, currencies, amounts, ids, text and email, tags, choices); it
//! records at most one problem and returns
//! `Option<T>`: `None` means "a problem was recorded" (or a value it depends
//! on, like an amount's currency, already failed). [`Problems::finish_with`]
//! then turns the tuple of options into the typed values, or into one
//! `Error::Invalid` listing every field, so no use case unwraps a value
//! "because it was checked".
//!
//! ```
//! # use hisaab_service::input::{Problems, Sign};
//! # fn f() -> hisaab_service::Result<()> {
//! let mut p = Problems::default();
//! let currency = p.currency("currency", "USD");
//! let amount = p.amount("amount", "12.50", currency, Sign::Positive);
//! let date = p.date("date", "2026-11-25");
//! let (amount, date) = p.finish_with((amount, date))?;
//! # let _ = (amount, date); Ok(()) }
//! ```
//!
//! Optional fields parse to `Option<Option<T>>` (blank is `Some(None)`).

mod amounts;
mod choices;
mod currencies;
mod dates;
mod ids;
mod problems;
mod tags;
mod text;

pub use amounts::Sign;
pub use dates::{MAX_YEAR, MIN_YEAR, format_date, iso_date};
pub use problems::{Parsed, Problems};
pub use tags::{MAX_TAG_CHARS, MAX_TAGS};
