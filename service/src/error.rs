//! The service layer's one error type. Web maps it to pages and to RFC 9457
//! problem documents in exactly one place each.

use serde::Serialize;

/// A message about one input field. `field` uses the request's own names,
/// with dots and indexes for nesting (`split.participants[2].value`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Missing, or not the caller's to see (never reveal which).
    #[error("not found")]
    NotFound,
    /// No valid credentials.
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    /// Signed in but not allowed (a role or a plan limit); the message says why.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The input is wrong; nothing was changed.
    #[error("invalid: {detail}")]
    Invalid { detail: String, errors: Vec<FieldError> },
    #[error("conflict: {0}")]
    Conflict(String),
    /// An `If-Match` that no longer matches.
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("rate limited; retry after {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64, message: String },
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Invalid {
            detail: message.clone(),
            errors: vec![FieldError::new(field, message)],
        }
    }

    pub fn invalid_fields(detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        Self::Invalid {
            detail: detail.into(),
            errors,
        }
    }
}

impl Error {
    /// An internal error that is the database being out of reach (see
    /// [`crate::db::is_unavailable`]): nothing changed, the request can be retried.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Internal(e) if crate::db::is_unavailable(e))
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Internal(anyhow::Error::new(e))
    }
}

impl From<sea_orm::TransactionError<Error>> for Error {
    fn from(e: sea_orm::TransactionError<Error>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner,
        }
    }
}
