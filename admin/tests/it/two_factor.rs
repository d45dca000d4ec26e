//! Staff must sign in with TOTP: enrolment on first sign-in, the code step
//! after, recovery codes, `user reset-totp`, and the 30-minute idle timeout.

use crate::*;
use hisaab_admin::cli::{self, UserCommand};
use hisaab_service::entity::session::Surface;
use time::Duration;

#[tokio::test]
async fn staff_without_totp_reach_only_enrolment() {
    let t = TestApp::new().await;
    let ops = t.user_with_role("ops@example.com", Role::Support).await;
    let alice = t.user("alice@example.com").await;
    let mut b = Browser::open(&t.app).await;
    let resp = b.sign_in("ops@example.com", PASSWORD).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login/enrol");
    assert!(b.session.is_none() && b.pending.is_some());
    assert_eq!(session_rows(&t.app, ops.id).await, 0);

    // Every console page sends them back to enrolment, and changes nothing.
    for path in [
        "/",
        "/users".to_string().as_str(),
        &format!("/users/{}", alice.id),
        "/login/code",
    ] {
        let resp = b.get(path).await;
        resp.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(location(&resp), "/login/enrol", "{path}");
    }
    let resp = b.post(&format!("/users/{}/lock", alice.id), &[]).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login/enrol");
    b.get_htmx("/users?q=a", &[])
        .await
        .assert_header("HX-Redirect", "/login/enrol");

    // The page: a QR code as inline SVG, the secret as text, a code field.
    let page = b.get("/login/enrol").await;
    page.assert_status_is_ok();
    let html = body(page).await;
    assert!(html.contains("<svg"), "{html}");
    assert!(!html.contains("<?xml"));
    assert!(html.contains(r#"autocomplete="one-time-code""#));
    assert!(html.contains(r#"inputmode="numeric""#));
    assert!(html.contains(r#"<label class="field__label" for="code">"#));
    let secret = between(&html, r#"id="totp-secret">"#, "<").unwrap();

    // A wrong code: the form again with the message by the field.
    let right = identity::test_code_for_secret(&secret, t.app.now());
    let wrong = if right == "000000" { "111111" } else { "000000" };
    let resp = b.post("/login/enrol", &[("code", wrong)]).await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_summary(&body(resp).await).contains("not right"));
    assert!(b.session.is_none());

    let done = b.enrol(&t.app, &secret).await;
    done.assert_status_is_ok();
    let html = body(done).await;
    assert!(html.contains("Save these recovery codes now."), "{html}");
    assert_eq!(html.matches("<li><code>").count(), 10);
    assert!(b.session.is_some() && b.pending.is_none());
    b.get("/users").await.assert_status_is_ok();
    assert_eq!(audit(&t.app, "auth.totp.enabled", ops.id).await.len(), 1);
}

#[tokio::test]
async fn staff_with_totp_need_the_code_and_a_recovery_code_works_once() {
    let t = TestApp::new().await;
    let ops = t.user_with_role("ops@example.com", Role::Superadmin).await;
    let mut b = Browser::open(&t.app).await;
    b.sign_in("ops@example.com", PASSWORD).await;
    let secret = b.enrolment_secret().await;
    let html = body(b.enrol(&t.app, &secret).await).await;
    let first_code = between(&html, "<li><code>", "</code>").expect("a recovery code");
    t.clock.advance(Duration::seconds(30));

    let mut b = Browser::open(&t.app).await;
    let resp = b.sign_in("ops@example.com", PASSWORD).await;
    assert_eq!(location(&resp), "/login/code");
    let resp = b.get("/users").await;
    assert_eq!(location(&resp), "/login/code");
    let page = b.get("/login/code").await;
    page.assert_status_is_ok();
    assert!(body(page).await.contains(r#"autocomplete="one-time-code""#));

    let resp = b.enter_code("12345").await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.session.is_none());
    assert_eq!(audit(&t.app, "auth.second_factor.failure", ops.id).await.len(), 1);

    let resp = b.enter_code(&first_code).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/users");
    assert!(b.session.is_some());
    assert_eq!(
        audit(&t.app, "auth.totp.recovery_code_used", ops.id).await.len(),
        1
    );

    // The same recovery code again: refused.
    let mut again = Browser::open(&t.app).await;
    again.sign_in("ops@example.com", PASSWORD).await;
    let resp = again.enter_code(&first_code).await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.session.is_none());
}

#[tokio::test]
async fn an_expired_pending_sign_in_starts_again() {
    let t = TestApp::new().await;
    let (ops, _) = staff(&t, "ops@example.com").await;
    let mut b = Browser::open(&t.app).await;
    b.sign_in("ops@example.com", PASSWORD).await;
    t.clock.advance(Duration::minutes(6));
    let code = identity::test_code(&t.app, ops.id).await;
    let resp = b.enter_code(&code).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login");
    assert!(b.session.is_none() && b.pending.is_none());
}

#[tokio::test]
async fn admin_sessions_idle_out_after_thirty_minutes() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    t.clock.advance(Duration::minutes(29));
    b.get("/users").await.assert_status_is_ok();
    // Activity slides the timeout: 29 more minutes are still fine.
    t.clock.advance(Duration::minutes(29));
    b.get("/users").await.assert_status_is_ok();
    t.clock.advance(Duration::minutes(30));
    let resp = b.get("/users").await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login");

    // Web sessions keep their days.
    let alice = t.user("alice@example.com").await;
    let token = identity::create_session(
        &t.app,
        &alice,
        Surface::Web,
        None,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    t.clock.advance(Duration::hours(2));
    assert!(
        identity::resolve_session(&t.app, &token, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn reset_totp_removes_it_ends_sessions_and_staff_enrol_again() {
    let t = TestApp::new().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    b.get("/users").await.assert_status_is_ok();

    let line = cli::run_user(
        &t.app,
        &UserCommand::ResetTotp {
            email: "Ops@Example.com".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        line.starts_with("Reset two-factor sign-in of ops@example.com"),
        "{line}"
    );
    assert!(!identity::two_factor_enabled(&t.app, ops.id).await.unwrap());
    // The console session is over.
    let resp = b.get("/users").await;
    assert_eq!(location(&resp), "/login");
    let rows = audit(&t.app, "admin.totp_reset", ops.id).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].details.contains(r#""via":"cli""#), "{}", rows[0].details);

    let mut b = Browser::open(&t.app).await;
    let resp = b.sign_in("ops@example.com", PASSWORD).await;
    assert_eq!(location(&resp), "/login/enrol");

    let err = cli::reset_totp(&t.app, "nobody@example.com").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot reset two-factor sign-in: there is no account with that email address"
    );
}
