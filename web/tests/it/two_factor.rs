//! Two-factor sign-in on the web and through the API: no session or token
//! without the code, the settings flows, recovery codes once.

use crate::support::*;
use hisaab_service::identity::{self, UserView};
use hisaab_service::testkit::{PASSWORD, TestApp};
use poem::http::StatusCode;
use serde_json::json;
use time::Duration;

/// Turns TOTP on for `user` through the service, then moves the clock past
/// the step the confirmation spent. The recovery codes.
async fn enable(t: &TestApp, user: &UserView) -> Vec<String> {
    let actor = t.actor(user);
    identity::start_enrolment(&t.app, &actor).await.unwrap();
    let code = identity::test_code(&t.app, user.id).await;
    let codes = identity::confirm_enrolment(&t.app, &actor, &code).await.unwrap();
    t.clock.advance(Duration::seconds(30));
    codes
}

fn pending_cookie(h: &Harness) -> String {
    h.cookie_name("hisaab_pending")
}

#[tokio::test]
async fn sign_in_asks_for_the_code_before_any_session() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    enable(&h.t, &asha).await;
    let b = h.browser();
    let resp = b
        .submit(
            "/login",
            &[
                ("email", "asha@example.com"),
                ("password", PASSWORD),
                ("next", "/settings/profile"),
            ],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(resp.location(), "/login/code?next=/settings/profile");
    assert!(
        resp.cookie(&h.session_cookie()).is_none(),
        "no session cookie before the code"
    );
    assert!(b.cookie(&h.session_cookie()).is_none());
    let pending = resp.cookie(&pending_cookie(&h)).expect("pending cookie");
    assert!(pending.has("httponly"));
    assert_eq!(pending.attr("max-age"), Some("300"));
    // Signed-in pages still send to sign-in.
    let app = b.get("/app").await;
    app.assert_status(StatusCode::SEE_OTHER);
    assert!(app.location().starts_with("/login"), "{}", app.location());

    let page = b.get("/login/code?next=%2Fsettings%2Fprofile").await;
    page.assert_status(StatusCode::OK);
    for needle in [
        r#"autocomplete="one-time-code""#,
        r#"<label class="field__label" for="code">"#,
        r#"name="next" value="&#x2f;settings&#x2f;profile""#,
    ] {
        assert!(page.body.contains(needle), "{needle}: {}", page.body);
    }

    let wrong = b
        .submit("/login/code", &[("code", "12345"), ("next", "/settings/profile")])
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("That code is not right."), "{}", wrong.body);
    assert!(b.cookie(&h.session_cookie()).is_none());

    let code = identity::test_code(&h.t.app, asha.id).await;
    let ok = b
        .submit("/login/code", &[("code", &code), ("next", "/settings/profile")])
        .await;
    ok.assert_redirect("/settings/profile");
    assert!(b.cookie(&h.session_cookie()).is_some());
    assert!(
        b.cookie(&pending_cookie(&h)).is_none(),
        "the pending cookie is cleared"
    );
    b.get("/app").await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_looks_the_same_with_or_without_totp() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    h.t.user("bo@example.com").await;
    enable(&h.t, &asha).await;
    let b = h.browser();
    let a = b.login("asha@example.com", "wrong-password-here").await;
    let o = b.login("bo@example.com", "wrong-password-here").await;
    assert_eq!(a.status, o.status);
    assert!(a.cookie(&pending_cookie(&h)).is_none());
    assert_eq!(
        a.body.replace("asha@example.com", "X"),
        o.body
            .replace("bo@example.com", "X")
            .replace(&csrf_in(&o.body).unwrap(), &csrf_in(&a.body).unwrap())
    );
}

#[tokio::test]
async fn the_code_page_without_a_pending_sign_in_starts_again() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    enable(&h.t, &asha).await;
    let b = h.browser();
    b.get("/login/code").await.assert_redirect("/login");
    b.login("asha@example.com", PASSWORD).await;
    h.t.clock.advance(Duration::minutes(6));
    let code = identity::test_code(&h.t.app, asha.id).await;
    let resp = b.submit("/login/code", &[("code", &code), ("next", "")]).await;
    resp.assert_redirect("/login");
    assert!(b.cookie(&h.session_cookie()).is_none());
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    let codes = enable(&h.t, &asha).await;
    let b = h.browser();
    b.login("asha@example.com", PASSWORD).await;
    b.submit("/login/code", &[("code", &codes[0]), ("next", "")])
        .await
        .assert_redirect("/app");
    let other = h.browser();
    other.login("asha@example.com", PASSWORD).await;
    let again = other
        .submit("/login/code", &[("code", &codes[0]), ("next", "")])
        .await;
    again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other.cookie(&h.session_cookie()).is_none());
}

#[tokio::test]
async fn settings_turn_two_factor_on_show_codes_once_and_turn_it_off() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let page = b.get("/settings/security").await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.body.contains(r#"href="/settings/security/two-factor""#),
        "{}",
        page.body
    );

    let setup = b.get("/settings/security/two-factor").await;
    setup.assert_status(StatusCode::OK);
    assert!(setup.body.contains("<svg"), "inline SVG QR code");
    assert!(setup.body.contains(r#"inputmode="numeric""#));
    let secret = setup
        .body
        .split(r#"id="totp-secret">"#)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the secret as text")
        .to_string();
    let wrong = b
        .submit("/settings/security/two-factor", &[("code", "abc")])
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains(&secret), "the same secret is shown again");

    let code = identity::test_code_for_secret(&secret, h.t.app.now());
    let done = b
        .submit("/settings/security/two-factor", &[("code", &code)])
        .await;
    done.assert_status(StatusCode::OK);
    assert!(done.body.contains("Save these recovery codes now."));
    assert_eq!(done.body.matches("<li><code>").count(), 10);
    let first = done
        .body
        .split("<li><code>")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap()
        .to_string();
    assert!(identity::two_factor_enabled(&h.t.app, asha.id).await.unwrap());
    let page = b.get("/settings/security").await;
    assert!(page.body.contains("Recovery codes left: 10."), "{}", page.body);
    assert!(!page.body.contains(&first), "codes are shown once");
    b.get("/settings/security/two-factor")
        .await
        .assert_redirect("/settings/security");

    // New recovery codes need a code.
    let refused = b
        .submit("/settings/security/two-factor/recovery-codes", &[("code", "000")])
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let fresh = b
        .submit(
            "/settings/security/two-factor/recovery-codes",
            &[("code", &first)],
        )
        .await;
    fresh.assert_status(StatusCode::OK);
    assert_eq!(fresh.body.matches("<li><code>").count(), 10);

    // Off: the password and a code.
    h.t.clock.advance(Duration::seconds(30));
    let code = identity::test_code(&h.t.app, asha.id).await;
    let refused = b
        .submit(
            "/settings/security/two-factor/disable",
            &[("password", "wrong-password-here"), ("code", &code)],
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Your password is not right."));
    let refused = b
        .submit(
            "/settings/security/two-factor/disable",
            &[("password", PASSWORD), ("code", "999")],
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    // The message sits by this form's code field, and the summary links to it.
    assert!(
        refused.body.contains(r##"<a href="#disable_code">"##),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"id="disable_code" name="code""#));
    assert_eq!(refused.body.matches(r#"aria-invalid="true""#).count(), 1);
    let off = b
        .submit(
            "/settings/security/two-factor/disable",
            &[("password", PASSWORD), ("code", &code)],
        )
        .await;
    off.assert_redirect("/settings/security");
    assert!(!identity::two_factor_enabled(&h.t.app, asha.id).await.unwrap());
}

// ---------------------------------------------------------------- API

#[tokio::test]
async fn the_token_endpoint_needs_the_code_for_a_two_factor_account() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    let codes = enable(&h.t, &asha).await;
    let resp = h
        .api_post(
            "/api/v1/auth/token",
            json!({ "email": "asha@example.com", "password": PASSWORD }),
        )
        .await;
    resp.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(resp.header("content-type"), Some("application/problem+json"));
    let problem = resp.json();
    assert_eq!(problem["mfa_required"], true, "{problem}");
    assert!(problem["type"].as_str().unwrap().ends_with("/mfa-required"));
    assert!(problem.get("access_token").is_none());
    let mfa_token = problem["mfa_token"].as_str().expect("mfa_token").to_string();

    // A wrong code: 401, no tokens, the token still usable.
    let wrong = h
        .api_post(
            "/api/v1/auth/token/mfa",
            json!({ "mfa_token": mfa_token, "code": "12345" }),
        )
        .await;
    wrong.assert_status(StatusCode::UNAUTHORIZED);
    assert!(wrong.json().get("access_token").is_none());

    let code = identity::test_code(&h.t.app, asha.id).await;
    let ok = h
        .api_post(
            "/api/v1/auth/token/mfa",
            json!({ "mfa_token": mfa_token, "code": code }),
        )
        .await;
    ok.assert_status(StatusCode::OK);
    let pair = ok.json();
    assert_eq!(pair["token_type"], "Bearer");
    let access = pair["access_token"].as_str().unwrap();
    h.api_get("/api/v1/me", Some(access))
        .await
        .assert_status(StatusCode::OK);

    // Replayed: refused, even with another valid code.
    let replay = h
        .api_post(
            "/api/v1/auth/token/mfa",
            json!({ "mfa_token": mfa_token, "code": codes[0] }),
        )
        .await;
    replay.assert_status(StatusCode::UNAUTHORIZED);
    assert!(replay.json().get("mfa_token").is_none());

    // A wrong password: the plain 401, no mfa members.
    let wrong_pw = h
        .api_post(
            "/api/v1/auth/token",
            json!({ "email": "asha@example.com", "password": "wrong-password-here" }),
        )
        .await;
    wrong_pw.assert_status(StatusCode::UNAUTHORIZED);
    assert!(wrong_pw.json().get("mfa_required").is_none());
}

#[tokio::test]
async fn wrong_api_codes_lock_the_account() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    enable(&h.t, &asha).await;
    let resp = h
        .api_post(
            "/api/v1/auth/token",
            json!({ "email": "asha@example.com", "password": PASSWORD }),
        )
        .await;
    let mfa_token = resp.json()["mfa_token"].as_str().unwrap().to_string();
    for _ in 0..5 {
        h.api_post(
            "/api/v1/auth/token/mfa",
            json!({ "mfa_token": mfa_token, "code": "000000x" }),
        )
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    }
    let code = identity::test_code(&h.t.app, asha.id).await;
    let locked = h
        .api_post(
            "/api/v1/auth/token/mfa",
            json!({ "mfa_token": mfa_token, "code": code }),
        )
        .await;
    locked.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.header("retry-after").is_some());
}

#[tokio::test]
async fn the_mfa_body_is_closed() {
    let h = Harness::new().await;
    let resp = h
        .api_post(
            "/api/v1/auth/token/mfa",
            json!({ "mfa_token": "x", "code": "123456", "extra": 1 }),
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let resp = h
        .api_post(
            "/api/v1/auth/token/mfa",
            json!({ "mfa_token": "x", "code": "123456" }),
        )
        .await;
    resp.assert_status(StatusCode::UNAUTHORIZED);
}
