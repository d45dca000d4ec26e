//! Cross-cutting request handling, applied by each server's route table.

pub mod body_limit;
pub mod cookies;
pub mod csrf;
pub mod request_context;
pub mod security_headers;
pub mod session;
