//! CSRF protection for the page surface (signed double-submit cookie).
//! A random nonce lives in an HttpOnly cookie; the token is an HMAC of it under
//! the server secret, put in every form (hidden `csrf_token`) and in htmx's
//! `X-CSRF-Token` header. Every unsafe method must present the token that
//! matches its cookie, or it is refused with 403 before any handler runs.

use super::cookies;
use crate::state::AppState;
use hisaab_service::crypto;
use poem::http::{Method, StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

const FIELD: &str = "csrf_token";
const HEADER: &str = "x-csrf-token";

pub fn token_for(state: &AppState, nonce: &str) -> String {
    crypto::b64(&crypto::keyed_hash(
        state.app.settings.secret_key.expose(),
        "csrf",
        nonce.as_bytes(),
    ))
}

fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// The token a form sent: the header, else the urlencoded body field. The
/// body is read and put back so the handler can still parse it.
async fn submitted_token(req: &mut Request) -> Option<String> {
    if let Some(value) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return Some(value.to_string());
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return None;
    }
    let bytes = req.take_body().into_bytes().await.ok()?;
    let token = serde_urlencoded_field(&bytes, FIELD);
    req.set_body(Body::from(bytes));
    token
}

fn serde_urlencoded_field(body: &[u8], field: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == field)
            .then(|| v.replace('+', " "))
            .map(|v| percent_decode(&v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn around<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let state = req.data::<AppState>().cloned().expect("AppState is attached");
    let secure = state.app.settings.secure_cookies();
    let cookie_name = cookies::name(secure, "hisaab_csrf");
    let existing = cookies::get(&req, &cookie_name).filter(|n| n.len() == 43);
    let fresh = existing.is_none();
    let nonce = existing.unwrap_or_else(crypto::random_token);
    let expected = token_for(&state, &nonce);
    // A browser without the cookie gets it with whatever answer it receives.
    let with_nonce = |mut resp: Response| {
        if fresh {
            resp.headers_mut().append(
                header::SET_COOKIE,
                cookies::set(&cookie_name, &nonce, None, secure)
                    .parse()
                    .expect("valid cookie"),
            );
        }
        resp
    };

    if !is_safe(req.method()) {
        let ok = match submitted_token(&mut req).await {
            Some(sent) => !fresh && crypto::constant_time_eq(sent.as_bytes(), expected.as_bytes()),
            None => false,
        };
        if !ok {
            tracing::warn!("CSRF check failed");
            let ctx = crate::page::PageCtx::from_parts(&req).expect("AppState is attached");
            let resp = crate::page_error::error_response(
                &ctx,
                StatusCode::FORBIDDEN,
                "This form has expired",
                "For your security the form could not be accepted. Go back, reload the page and try again.",
            );
            return Ok(with_nonce(resp));
        }
    }
    req.set_data(CsrfToken(expected));
    Ok(with_nonce(ep.call(req).await?.into_response()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_form_field() {
        assert_eq!(
            serde_urlencoded_field(b"a=1&csrf_token=ab%2Dc+d&b=2", "csrf_token").as_deref(),
            Some("ab-c d")
        );
        assert_eq!(serde_urlencoded_field(b"a=1", "csrf_token"), None);
    }
}
