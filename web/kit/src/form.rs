//! What a form template needs: the values typed, a message per field, and a
//! summary at the top linking to each field.

use crate::page_error::PageError;
use hisaab_service::Error;
use poem::http::StatusCode;
use serde_json::{Map, Value, json};

#[derive(Default, Clone, Debug)]
pub struct FormState {
    values: Map<String, Value>,
    errors: Map<String, Value>,
    summary: Vec<Value>,
    /// From a rate-limit refusal: sent as `Retry-After` (see `headers_on`).
    retry_after: Option<u64>,
}

impl FormState {
    /// A form showing `values` (passwords are never echoed back).
    pub fn with_values(values: &[(&str, &str)]) -> Self {
        let mut form = Self::default();
        for (k, v) in values {
            if !k.contains("password") {
                form.values.insert((*k).into(), json!(v));
            }
        }
        form
    }

    pub fn add_error(&mut self, field: &str, message: &str) {
        if !field.is_empty() && !self.errors.contains_key(field) {
            self.errors.insert(field.into(), json!(message));
        }
        self.summary.push(json!({ "field": field, "message": message }));
    }

    /// Absorbs a service error about the form: field errors go next to
    /// their fields; a refusal the person can act on in the form (lockout,
    /// rate limit, a conflict, a plan limit) goes in the summary. Returns the
    /// status to re-render the form with (422 for htmx to swap it), or the
    /// error back as a `PageError` when it is not about the form.
    pub fn absorb(&mut self, err: Error) -> Result<StatusCode, PageError> {
        self.absorb_as(err, |field| field.to_string())
    }

    /// Like `absorb`, with the service's field names (`payers[0].amount`)
    /// renamed to the form's inputs (`paid_<member>`), so each message sits
    /// next to the input it is about and the summary links to it.
    pub fn absorb_as(
        &mut self,
        err: Error,
        rename: impl Fn(&str) -> String,
    ) -> Result<StatusCode, PageError> {
        match &err {
            Error::Invalid { errors, detail } => {
                if errors.is_empty() {
                    self.add_error("", detail);
                }
                for e in errors {
                    self.add_error(&rename(&e.field), &e.message);
                }
                Ok(StatusCode::UNPROCESSABLE_ENTITY)
            }
            Error::Unauthenticated(msg) => {
                self.add_error("", msg);
                Ok(StatusCode::UNAUTHORIZED)
            }
            Error::RateLimited {
                message,
                retry_after_secs,
            } => {
                self.retry_after = Some(*retry_after_secs);
                self.add_error("", message);
                Ok(StatusCode::TOO_MANY_REQUESTS)
            }
            Error::Conflict(msg) | Error::Forbidden(msg) => {
                self.add_error("", msg);
                Ok(StatusCode::UNPROCESSABLE_ENTITY)
            }
            _ => Err(PageError::Service(err)),
        }
    }

    /// Adds what the absorbed refusal says in headers (`Retry-After`) to the
    /// re-rendered form.
    pub fn headers_on(&self, mut resp: poem::Response) -> poem::Response {
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(poem::http::header::RETRY_AFTER, secs.into());
        }
        resp
    }

    pub fn to_value(&self) -> Value {
        json!({ "values": self.values, "errors": self.errors, "summary": self.summary })
    }
}
