//! Server-rendered pages. Each handler has the shape `hisaab_http::page`
//! documents: a `PageCtx` (plus `SignedIn` when it needs a person), one
//! service call, a render; errors go out through `PageError`.

mod app_home;
mod auth;
mod data;
mod data_deletion;
mod exports;
pub mod finance;
pub mod imports;
mod install;
mod live_events;
mod notifications;
mod public;
mod security;
pub mod social;

pub use app_home::*;
pub use auth::*;
pub use data::data_page;
pub use data_deletion::*;
pub use exports::{download_export, request_export};
pub use hisaab_http::{
    FormState, PageCtx, PageError, PageResult, SignedIn, form_key, path_id, redirect, urlencode,
};
pub use install::*;
pub use live_events::events;
pub use notifications::*;
pub use public::*;
pub use security::*;
