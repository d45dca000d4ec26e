//! `hisaab-http`: what the public site (`hisaab-web`) and the staff console
//! (`hisaab-admin`) share, so neither depends on the other. Middleware
//! (request ids, security headers, body limit, CSRF, sessions), the page
//! handler shape (`PageCtx`, `SignedIn`, `PageError`, `FormState`), flash
//! messages, health checks, metrics, assets and start-up.
//!
//! A surface (web or admin) describes itself once in a [`Surface`] and hands
//! it to [`AppState::new`]; everything here reads it from the state.

pub mod assets;
pub mod csv;
pub mod flash;
pub mod form;
pub mod health;
pub mod metrics;
pub mod middleware;
pub mod page;
pub mod page_error;
pub mod problem;
pub mod server;
mod spliced;
pub mod stall;
pub mod state;
pub mod surface;

pub use flash::Flash;
pub use form::FormState;
pub use page::{PageCtx, SignedIn, form_key, path_id, redirect, urlencode};
pub use page_error::{PageError, PageResult};
pub use state::AppState;
pub use surface::Surface;
