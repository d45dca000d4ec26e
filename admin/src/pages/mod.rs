//! Console pages, in the house page shape (`hisaab_http::page`): a
//! `PageCtx`, a `SignedIn` staff member (the console's sessions are staff
//! sessions, see `crate::session`), one service call, an `admin/` template.

mod audit;
mod auth;
mod bulk;
mod dashboard;
mod jobs;
mod record_tabs;
mod user_actions;
mod user_tabs;
mod users;

pub use audit::*;
pub use auth::*;
pub use bulk::*;
pub use dashboard::*;
pub use jobs::*;
pub use user_actions::*;
pub use user_tabs::*;
pub use users::*;

use time::OffsetDateTime;
use time::macros::format_description;

/// Times as staff read them in logs: UTC, to the second.
pub fn when(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
        ))
        .unwrap_or_default()
}
