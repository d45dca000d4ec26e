//! SeaORM entities: one module per table, newtype ids, database enums.
//! A mirror of the schema only: no logic, no serialization. The service layer
//! turns these into domain types; nothing here reaches an HTTP response.

pub mod ids;

pub mod account_deletion;
pub mod account_erasure;
pub mod audit_log;
pub mod bank_import_mapping;
pub mod email_token;
pub mod export;
pub mod finance;
pub mod idempotency_key;
pub mod import;
pub mod notification;
pub mod notification_email;
pub mod notification_preference;
pub mod notification_setting;
pub mod outbox;
pub mod pending_sign_in;
pub mod recovery_code;
pub mod refresh_token;
pub mod refresh_token_family;
pub mod session;
pub mod sign_in_throttle;
pub mod social;
pub mod tenant;
pub mod user;
pub mod user_totp;
pub mod view_revision;

pub use ids::*;
