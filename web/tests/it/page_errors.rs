//! The htmx error rule (`hisaab_http::page_error`): every error kind, with
//! and without a targeted htmx request. Without htmx the full error page with
//! the status; with htmx a toast fragment retargeted to `#toasts` (never a
//! whole page swapped into a fragment); signed out is a sign-in redirect.

use crate::support::{Harness, Resp};
use hisaab_service::Error;
use hisaab_web::pages::{PageCtx, PageError};
use poem::http::StatusCode;

fn ctx(h: &Harness, htmx: bool) -> PageCtx {
    PageCtx {
        state: hisaab_web::state(h.t.app.clone(), hisaab_web::metrics::HttpMetrics::new()),
        meta: hisaab_service::RequestMeta {
            request_id: Some("req-123".into()),
            ..Default::default()
        },
        csrf: "token".into(),
        session: None,
        htmx,
        hx_request: htmx,
        path: "/social/groups/x".into(),
        return_to: "/social/groups/x?tab=2".into(),
        live_refresh: false,
        flash: None,
        unread_notifications: None,
        reader_revision: None,
        locale: Default::default(),
    }
}

async fn rendered(h: &Harness, htmx: bool, err: Error) -> Resp {
    let resp = PageError::Service(err).render(&ctx(h, htmx));
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().into_string().await.expect("body");
    Resp {
        status,
        headers,
        body,
    }
}

fn assert_toast(resp: &Resp, status: StatusCode, text: &str) {
    resp.assert_status(status);
    assert_eq!(resp.header("hx-retarget"), Some("#toasts"), "{}", resp.body);
    assert_eq!(resp.header("hx-reswap"), Some("innerHTML"));
    assert!(!resp.body.contains("<html"), "a toast, not a page: {}", resp.body);
    assert!(resp.body.contains("toast--error"), "{}", resp.body);
    assert!(resp.body.contains(text), "{text} in {}", resp.body);
}

fn assert_error_page(resp: &Resp, status: StatusCode, text: &str) {
    resp.assert_status(status);
    assert!(resp.header("hx-retarget").is_none());
    resp.assert_full_page();
    assert!(
        resp.body.contains(&format!("Error {}", status.as_u16())),
        "{}",
        resp.body
    );
    assert!(resp.body.contains(text), "{text} in {}", resp.body);
    assert!(resp.body.contains("req-123"), "the reference to quote");
}

/// Each kind the service can refuse with, with its status and a word of its message.
fn kinds() -> Vec<(Error, StatusCode, &'static str)> {
    vec![
        (
            Error::Forbidden("Basic plans have 3 accounts.".into()),
            StatusCode::FORBIDDEN,
            "Basic plans",
        ),
        (Error::NotFound, StatusCode::NOT_FOUND, "not yours to see"),
        (
            Error::Conflict("Settle their balance first.".into()),
            StatusCode::CONFLICT,
            "Settle their balance",
        ),
        (
            Error::PreconditionFailed,
            StatusCode::PRECONDITION_FAILED,
            "Someone changed this",
        ),
        (
            Error::invalid("amount", "Enter an amount."),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Enter an amount.",
        ),
        (
            Error::RateLimited {
                retry_after_secs: 30,
                message: "Too many attempts.".into(),
            },
            StatusCode::TOO_MANY_REQUESTS,
            "Too many attempts.",
        ),
    ]
}

#[tokio::test]
async fn every_refusal_is_a_page_without_htmx() {
    let h = Harness::new().await;
    for (err, status, text) in kinds() {
        assert_error_page(&rendered(&h, false, err).await, status, text);
    }
}

#[tokio::test]
async fn every_refusal_is_a_toast_with_htmx() {
    let h = Harness::new().await;
    for (err, status, text) in kinds() {
        let resp = rendered(&h, true, err).await;
        assert_toast(&resp, status, text);
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(resp.header("retry-after"), Some("30"));
        }
    }
}

#[tokio::test]
async fn an_internal_error_names_only_the_request_id() {
    let h = Harness::new().await;
    let secret = "connection refused at 10.0.0.7";
    let page = rendered(&h, false, Error::Internal(anyhow::anyhow!(secret))).await;
    page.assert_status(StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.contains("req-123") && !page.body.contains(secret));
    assert!(page.header("hx-retarget").is_none());

    let toast = rendered(&h, true, Error::Internal(anyhow::anyhow!(secret))).await;
    assert_toast(&toast, StatusCode::INTERNAL_SERVER_ERROR, "req-123");
    assert!(!toast.body.contains(secret));
}

#[tokio::test]
async fn signed_out_goes_to_sign_in_and_comes_back() {
    let h = Harness::new().await;
    let plain = rendered(&h, false, Error::Unauthenticated("expired".into())).await;
    plain.assert_redirect("/login?next=/social/groups/x%3Ftab%3D2");

    let htmx = rendered(&h, true, Error::Unauthenticated("expired".into())).await;
    htmx.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(
        htmx.header("hx-redirect"),
        Some("/login?next=/social/groups/x%3Ftab%3D2")
    );
}

// Through the real route table: the layer is wired on every page route.

#[tokio::test]
async fn a_signed_out_page_request_redirects_or_hx_redirects() {
    let h = Harness::new().await;
    let b = h.browser();
    // (poem's TestClient sets no original URI, so nested routes would lose
    // their prefix here; a top-level page shows the query is kept.)
    b.get("/app?x=1")
        .await
        .assert_redirect("/login?next=/app%3Fx%3D1");
    let htmx = b.get_htmx("/app").await;
    htmx.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(htmx.header("hx-redirect"), Some("/login?next=/app"));
}

#[tokio::test]
async fn a_missing_record_is_a_page_or_a_toast() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let missing = format!("/social/contacts/{}", uuid::Uuid::now_v7());

    let page = b.get(&missing).await;
    page.assert_status(StatusCode::NOT_FOUND);
    page.assert_full_page();

    let toast = b.get_htmx(&missing).await;
    toast.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(toast.header("hx-retarget"), Some("#toasts"));
    assert!(!toast.body.contains("<html"));

    let nowhere = b.get_htmx("/social/no-such-page").await;
    nowhere.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(nowhere.header("hx-retarget"), Some("#toasts"));
}

#[tokio::test]
async fn a_refused_csrf_token_is_a_page_or_a_toast() {
    let h = Harness::new().await;
    let b = h.browser();
    b.get("/login").await;
    let page = b.post_form("/social/contacts", &[("name", "Bilal")]).await;
    page.assert_status(StatusCode::FORBIDDEN);
    page.assert_full_page();

    let toast = Harness::send(
        b.request(poem::http::Method::POST, "/social/contacts")
            .header("HX-Request", "true")
            .content_type("application/x-www-form-urlencoded")
            .body("name=Bilal"),
    )
    .await;
    toast.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(toast.header("hx-retarget"), Some("#toasts"));
    assert!(toast.body.contains("This form has expired"), "{}", toast.body);
}

#[tokio::test]
async fn a_throttled_sign_in_form_is_re_rendered_with_422_for_htmx() {
    let h = Harness::with_settings(|s| s.auth_rate_limit_per_minute = 2).await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    let mut last = None;
    for _ in 0..3 {
        last = Some(
            b.submit_htmx(
                "/login",
                &[("email", "asha@example.com"), ("password", "wrong password 1")],
            )
            .await,
        );
    }
    let last = last.expect("three tries");
    // A form's refusal is a validation answer for htmx: the form comes back with 422.
    last.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(last.header("hx-retarget").is_none());
    assert!(!last.body.contains("<html"));
    assert!(last.body.contains("Too many"), "{}", last.body);
}
