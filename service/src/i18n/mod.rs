//! Internationalisation (issue 15, ADR 0031): one message catalogue (Fluent,
//! `locales/<lang>/*.ftl` compiled in), the supported locales and how a
//! request picks one, and number/date presentation per locale.
//!
//! - [`Locale`]: `en`, `en-IN`, `hi`; [`negotiate`] reads `Accept-Language`.
//! - [`tr`]: a message by id in a locale, with Fluent arguments.
//! - [`format`]: digit grouping and dates as the locale writes them.

mod catalogue;
pub mod format;
mod locale;

pub use catalogue::{
    Args, FILES, has_message, message_ids, number, parse_errors, tr, tr_args, translate_service_message,
};
pub use locale::{Direction, Locale, negotiate};
