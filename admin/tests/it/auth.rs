//! Staff sign-in, sessions, CSRF, and what an outsider gets.

use crate::*;
use hisaab_service::entity::session::Surface;
use hisaab_service::identity;
use hisaab_service::testkit::meta;

#[tokio::test]
async fn sign_in_page_renders_with_security_headers() {
    let t = TestApp::new().await;
    let b = Browser::open(&t.app).await;
    let resp = b.get("/login").await;
    resp.assert_status_is_ok();
    resp.assert_header_exist("content-security-policy");
    resp.assert_header_exist("x-request-id");
    resp.assert_header("x-frame-options", "DENY");
    resp.assert_header_is_not_exist("strict-transport-security");
    let html = body(resp).await;
    assert!(html.contains("Staff sign in"), "{html}");
    assert!(html.contains("Hisaab admin"));
    assert!(!b.csrf_token.is_empty());
}

#[tokio::test]
async fn health_checks_answer() {
    let t = TestApp::new().await;
    let b = Browser::open(&t.app).await;
    let resp = b.get("/health").await;
    resp.assert_status_is_ok();
    assert!(body(resp).await.contains("ok"));
    b.get("/health/ready").await.assert_status_is_ok();
}

#[tokio::test]
async fn superadmin_signs_in_with_a_strict_cookie_and_signs_out() {
    let t = TestApp::new().await;
    let ops = t.user_with_role("ops@example.com", Role::Superadmin).await;
    let mut b = Browser::open(&t.app).await;
    // Enrolled already (the two-factor tests cover the enrolment itself).
    let first = b.sign_in("ops@example.com", PASSWORD).await;
    assert_eq!(location(&first), "/login/enrol");
    let secret = b.enrolment_secret().await;
    b.enrol(&t.app, &secret).await.assert_status_is_ok();
    b.session = None;
    t.clock.advance(time::Duration::seconds(30));

    let resp = b.sign_in("OPS@example.com ", PASSWORD).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login/code");
    assert!(
        set_cookie(&resp, ADMIN_COOKIE).is_none(),
        "no session on a password"
    );
    let pending = set_cookie_line(&resp, PENDING_COOKIE).expect("pending cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Max-Age=300"] {
        assert!(pending.contains(flag), "{pending} lacks {flag}");
    }
    let code = identity::test_code(&t.app, ops.id).await;
    let resp = b.enter_code(&code).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/users");
    let cookie = set_cookie_line(&resp, ADMIN_COOKIE).expect("session cookie");
    for flag in ["Path=/", "HttpOnly", "SameSite=Strict", "Secure"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    assert!(
        !cookie.contains("Max-Age"),
        "a staff cookie ends with the browser: {cookie}"
    );

    // The flash cookie rides along to the next page.
    let flash = set_cookie(&resp, "__Host-hisaab_admin_flash").expect("flash");
    let page = b
        .cli
        .get("/users")
        .header(
            header::COOKIE,
            format!("{}; __Host-hisaab_admin_flash={flash}", b.cookies()),
        )
        .send()
        .await;
    page.assert_status_is_ok();
    let html = body(page).await;
    assert!(html.contains("Signed in to the admin console."), "{html}");
    assert!(html.contains("ops@example.com"));

    let out = b.post("/logout", &[]).await;
    out.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/login");
    let cleared = set_cookie_line(&out, ADMIN_COOKIE).expect("cleared cookie");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // The old cookie is dead server-side, not just forgotten by the browser.
    let again = b.get("/users").await;
    again.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&again), "/login");
}

#[tokio::test]
async fn non_staff_get_the_wrong_password_message_and_no_session() {
    let t = TestApp::new().await;
    t.user_with_role("ops@example.com", Role::Superadmin).await;
    let alice = t.user("alice@example.com").await;
    let pat = t.user_with_role("pat@example.com", Role::Premium).await;
    let mut b = Browser::open(&t.app).await;

    let wrong = b.sign_in("ops@example.com", "not-the-password-at-all").await;
    let wrong_status = wrong.0.status();
    assert!(set_cookie(&wrong, ADMIN_COOKIE).is_none());
    let wrong_summary = error_summary(&body(wrong).await);
    assert!(
        wrong_summary.contains("The email or password is not right."),
        "{wrong_summary}"
    );

    for user in [&alice, &pat] {
        let resp = b.sign_in(&user.email, PASSWORD).await;
        assert_eq!(resp.0.status(), wrong_status);
        assert!(
            set_cookie(&resp, ADMIN_COOKIE).is_none(),
            "no session cookie for {}",
            user.email
        );
        assert_eq!(error_summary(&body(resp).await), wrong_summary);
        assert_eq!(
            session_rows(&t.app, user.id).await,
            0,
            "no session row for {}",
            user.email
        );
    }
    assert!(b.session.is_none());

    // Through htmx (the layout boosts forms) the refusal is a 422, which htmx swaps in.
    let resp = b
        .cli
        .post("/login")
        .header(header::COOKIE, b.cookies())
        .header("HX-Request", "true")
        .header("HX-Boosted", "true")
        .form(&[
            ("csrf_token", b.csrf_token.as_str()),
            ("email", "alice@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&body(resp).await), wrong_summary);
}

#[tokio::test]
async fn a_web_session_does_not_open_the_console() {
    let t = TestApp::new().await;
    let ops = t.user_with_role("ops@example.com", Role::Superadmin).await;
    let web_token = identity::create_session(&t.app, &ops, Surface::Web, None, &meta())
        .await
        .unwrap();
    let mut b = Browser::open(&t.app).await;

    b.session = Some(web_token.clone());
    let resp = b.get("/users").await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login");

    // Nor under the web's own cookie name.
    b.session = None;
    let resp = b
        .cli
        .get("/users")
        .header(
            header::COOKIE,
            format!("{}; {WEB_COOKIE}={web_token}", b.cookies()),
        )
        .send()
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login");
}

#[tokio::test]
async fn outsiders_are_sent_to_sign_in() {
    let t = TestApp::new().await;
    let alice = t.user("alice@example.com").await;
    let b = Browser::open(&t.app).await;

    for path in [
        "/".to_string(),
        "/jobs".into(),
        "/jobs?state=dead".into(),
        "/users".into(),
        "/users?q=alice".into(),
        format!("/users/{}", alice.id),
        "/users/not-an-id".into(),
    ] {
        let resp = b.get(&path).await;
        resp.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(location(&resp), "/login", "{path}");
    }
    // htmx is told to navigate rather than swap the sign-in page into a table.
    let resp = b.get_htmx("/users?q=a", &[]).await;
    resp.assert_header("HX-Redirect", "/login");

    // A valid CSRF token without a session changes nothing.
    let resp = b.post(&format!("/users/{}/lock", alice.id), &[]).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login");
    assert!(
        identity::sign_in(&t.app, "alice@example.com", PASSWORD, &meta())
            .await
            .is_ok()
    );
    assert!(audit(&t.app, "admin.user_locked", alice.id).await.is_empty());
}

#[tokio::test]
async fn sign_in_without_the_csrf_token_is_refused_with_the_console_error_page() {
    let t = TestApp::new().await;
    let ops = t.user_with_role("ops@example.com", Role::Superadmin).await;
    let b = Browser::open(&t.app).await;
    let resp = b
        .post_raw("/login", &[("email", "ops@example.com"), ("password", PASSWORD)])
        .await;
    resp.assert_status(StatusCode::FORBIDDEN);
    assert!(set_cookie(&resp, ADMIN_COOKIE).is_none());
    let html = body(resp).await;
    assert!(html.contains("This form has expired"), "{html}");
    assert!(
        html.contains("Back to users"),
        "the console's own error page: {html}"
    );
    assert_eq!(session_rows(&t.app, ops.id).await, 0);
}
