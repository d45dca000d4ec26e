//! The account through the API (`PATCH /me`, `POST /me/password`,
//! `/me/sessions`, `POST /auth/verify-email/resend`), revocation reaching
//! access tokens, and the settings pages (profile, API sign-ins on security).

use crate::api::{assert_problem, assert_unauthorized, problem_fields};
use crate::support::*;
use hisaab_service::App;
use hisaab_service::clock::FixedClock;
use hisaab_service::entity::session::Surface;
use hisaab_service::identity;
use hisaab_service::testkit::{PASSWORD, meta};
use hisaab_web::metrics::HttpMetrics;
use poem::http::{Method, StatusCode};
use poem::test::TestClient;
use serde_json::json;
use std::sync::Arc;
use time::Duration;

const NEW_PASSWORD: &str = "tangerine-otter-87-violet";

async fn patch_me(h: &Harness, access: &str, body: serde_json::Value) -> Resp {
    h.api(Method::PATCH, "/api/v1/me", Some(body), Some(access)).await
}

async fn sessions(h: &Harness, access: &str) -> Vec<serde_json::Value> {
    let resp = h.api_get("/api/v1/me/sessions", Some(access)).await;
    resp.assert_status(StatusCode::OK);
    resp.json()["items"].as_array().unwrap().clone()
}

async fn end_session(h: &Harness, access: &str, id: &str) -> Resp {
    h.api(
        Method::DELETE,
        &format!("/api/v1/me/sessions/{id}"),
        None,
        Some(access),
    )
    .await
}

// ---------------------------------------------------------------- PATCH /me

#[tokio::test]
async fn patch_me_changes_the_name_and_base_currency() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    let (access, _) = h.tokens_for("asha@example.com").await;

    let resp = patch_me(
        &h,
        &access,
        json!({ "display_name": "Asha Rao", "base_currency": "inr" }),
    )
    .await;
    resp.assert_status(StatusCode::OK);
    assert_eq!(
        resp.json(),
        json!({
            "id": asha.id.to_string(),
            "email": "asha@example.com",
            "display_name": "Asha Rao",
            "role": "user",
            "email_verified": true,
            "base_currency": "INR",
            "locale": null,
        })
    );
    // A field left out keeps its value; sending the same again is the same answer.
    let again = patch_me(&h, &access, json!({ "base_currency": "INR" })).await;
    again.assert_status(StatusCode::OK);
    assert_eq!(again.json(), resp.json());
    assert_eq!(h.api_get("/api/v1/me", Some(&access)).await.json(), resp.json());
}

#[tokio::test]
async fn patch_me_refuses_bad_input_field_by_field() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (access, _) = h.tokens_for("asha@example.com").await;
    let before = h.api_get("/api/v1/me", Some(&access)).await.json();

    let both = patch_me(
        &h,
        &access,
        json!({ "display_name": " ", "base_currency": "XYZ" }),
    )
    .await;
    assert_eq!(problem_fields(&both), ["display_name", "base_currency"]);
    let long = patch_me(&h, &access, json!({ "display_name": "x".repeat(101) })).await;
    assert_eq!(problem_fields(&long), ["display_name"]);
    let unknown = patch_me(&h, &access, json!({ "email": "other@example.com" })).await;
    assert_problem(&unknown, StatusCode::UNPROCESSABLE_ENTITY);
    let number = patch_me(&h, &access, json!({ "base_currency": 840 })).await;
    assert_problem(&number, StatusCode::UNPROCESSABLE_ENTITY);
    assert_unauthorized(
        &h.api(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({ "display_name": "Eve" })),
            None,
        )
        .await,
    );
    assert_eq!(h.api_get("/api/v1/me", Some(&access)).await.json(), before);
}

// ---------------------------------------------------------------- POST /me/password

#[tokio::test]
async fn changing_the_password_by_api_ends_every_other_sign_in() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (mine, my_refresh) = h.tokens_for("asha@example.com").await;
    let (other, other_refresh) = h.tokens_for("asha@example.com").await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;

    let resp = h
        .api(
            Method::POST,
            "/api/v1/me/password",
            Some(json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD })),
            Some(&mine),
        )
        .await;
    resp.assert_status(StatusCode::NO_CONTENT);

    h.api_get("/api/v1/me", Some(&mine))
        .await
        .assert_status(StatusCode::OK);
    assert_unauthorized(&h.api_get("/api/v1/me", Some(&other)).await);
    assert_unauthorized(
        &h.api_post("/api/v1/auth/refresh", json!({ "refresh_token": other_refresh }))
            .await,
    );
    h.api_post("/api/v1/auth/refresh", json!({ "refresh_token": my_refresh }))
        .await
        .assert_status(StatusCode::OK);
    browser.get("/app").await.assert_redirect("/login?next=/app");
    assert_eq!(h.emails_with("password_changed").await.len(), 1);
    identity::sign_in(&h.t.app, "asha@example.com", NEW_PASSWORD, &meta())
        .await
        .expect("the new password works");
}

#[tokio::test]
async fn a_wrong_current_password_or_a_weak_new_one_is_422() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (access, _) = h.tokens_for("asha@example.com").await;
    let (other, _) = h.tokens_for("asha@example.com").await;
    let change = |current: &str, new: &str| json!({ "current_password": current, "new_password": new });

    let wrong = h
        .api(
            Method::POST,
            "/api/v1/me/password",
            Some(change("not-it-at-all", NEW_PASSWORD)),
            Some(&access),
        )
        .await;
    assert_eq!(problem_fields(&wrong), ["current_password"]);
    let weak = h
        .api(
            Method::POST,
            "/api/v1/me/password",
            Some(change(PASSWORD, "short")),
            Some(&access),
        )
        .await;
    assert_eq!(problem_fields(&weak), ["new_password"]);
    let missing = h
        .api(
            Method::POST,
            "/api/v1/me/password",
            Some(json!({ "new_password": NEW_PASSWORD })),
            Some(&access),
        )
        .await;
    assert_problem(&missing, StatusCode::UNPROCESSABLE_ENTITY);
    assert_unauthorized(
        &h.api(
            Method::POST,
            "/api/v1/me/password",
            Some(change(PASSWORD, NEW_PASSWORD)),
            None,
        )
        .await,
    );
    // Nothing changed: the other sign-in still works, no email went out.
    h.api_get("/api/v1/me", Some(&other))
        .await
        .assert_status(StatusCode::OK);
    assert!(h.emails_with("password_changed").await.is_empty());
}

// ---------------------------------------------------------------- /me/sessions

#[tokio::test]
async fn the_sessions_list_has_both_kinds_and_marks_the_current_one() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;
    h.t.clock.advance(Duration::minutes(1));
    let (access, _) = h.tokens_for("asha@example.com").await;

    let items = sessions(&h, &access).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let api = &items[0];
    let web = &items[1];
    assert_eq!(api["kind"], "api");
    assert_eq!(api["current"], true);
    assert_eq!(web["kind"], "web");
    assert_eq!(web["current"], false);
    assert!(web["user_agent"].as_str().unwrap().contains("Firefox"));
    let mut keys: Vec<&str> = api.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "created_at",
            "current",
            "id",
            "ip",
            "kind",
            "last_seen_at",
            "user_agent"
        ]
    );
    assert!(api["created_at"].as_str().unwrap().ends_with('Z'));
    assert_unauthorized(&h.api_get("/api/v1/me/sessions", None).await);
}

#[tokio::test]
async fn ending_an_api_sign_in_refuses_its_access_token() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (phone, phone_refresh) = h.tokens_for("asha@example.com").await;
    let (laptop, _) = h.tokens_for("asha@example.com").await;
    let phone_id = sessions(&h, &phone)
        .await
        .into_iter()
        .find(|s| s["current"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    end_session(&h, &laptop, &phone_id)
        .await
        .assert_status(StatusCode::NO_CONTENT);

    // The stale access token is refused at once, its refresh token too.
    assert_unauthorized(&h.api_get("/api/v1/me", Some(&phone)).await);
    assert_unauthorized(
        &h.api_post("/api/v1/auth/refresh", json!({ "refresh_token": phone_refresh }))
            .await,
    );
    h.api_get("/api/v1/me", Some(&laptop))
        .await
        .assert_status(StatusCode::OK);
    // Already ended: 404. A malformed id: 404 too.
    assert_problem(&end_session(&h, &laptop, &phone_id).await, StatusCode::NOT_FOUND);
    assert_problem(
        &end_session(&h, &laptop, "not-a-uuid").await,
        StatusCode::NOT_FOUND,
    );
    // Ending one's own current sign-in signs this client out.
    let laptop_id = sessions(&h, &laptop).await[0]["id"].as_str().unwrap().to_string();
    end_session(&h, &laptop, &laptop_id)
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_unauthorized(&h.api_get("/api/v1/me", Some(&laptop)).await);
}

#[tokio::test]
async fn ending_a_web_session_by_api_signs_the_browser_out() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;
    let (access, _) = h.tokens_for("asha@example.com").await;
    let web = sessions(&h, &access)
        .await
        .into_iter()
        .find(|s| s["kind"] == "web")
        .unwrap();

    end_session(&h, &access, web["id"].as_str().unwrap())
        .await
        .assert_status(StatusCode::NO_CONTENT);
    browser.get("/app").await.assert_redirect("/login?next=/app");
}

#[tokio::test]
async fn another_persons_sessions_are_not_found() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("bilal@example.com").await;
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let (bilal, _) = h.tokens_for("bilal@example.com").await;
    let bilal_browser = h.browser();
    bilal_browser.sign_in("bilal@example.com").await;
    let bilals = sessions(&h, &bilal).await;
    assert_eq!(bilals.len(), 2);

    let seen = sessions(&h, &asha).await;
    assert_eq!(seen.len(), 1, "only her own: {seen:?}");
    for s in &bilals {
        let resp = end_session(&h, &asha, s["id"].as_str().unwrap()).await;
        assert_problem(&resp, StatusCode::NOT_FOUND);
    }
    h.api_get("/api/v1/me", Some(&bilal))
        .await
        .assert_status(StatusCode::OK);
    bilal_browser.get("/app").await.assert_status(StatusCode::OK);
    assert_eq!(sessions(&h, &bilal).await.len(), 2);
}

#[tokio::test]
async fn logout_refuses_the_access_token_too() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (access, refresh) = h.tokens_for("asha@example.com").await;
    h.api_get("/api/v1/me", Some(&access))
        .await
        .assert_status(StatusCode::OK);
    h.api_post("/api/v1/auth/logout", json!({ "refresh_token": refresh }))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_unauthorized(&h.api_get("/api/v1/me", Some(&access)).await);
}

#[tokio::test]
async fn a_revocation_reaches_a_second_server_within_a_second() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (access, refresh) = h.tokens_for("asha@example.com").await;
    // A second web server on the same database, with its own memory and clock.
    let clock = FixedClock::new(h.t.app.now());
    let other_app = App {
        clock: Arc::new(clock.clone()),
        tokens: Default::default(),
        revoked: Default::default(),
        views: Default::default(),
        pages: hisaab_service::view_cache::ViewCache::pages(),
        ..h.t.app.clone()
    };
    let other = TestClient::new(hisaab_web::app(hisaab_web::state(other_app, HttpMetrics::new())));
    let me_there = || async {
        let req = other
            .get("/api/v1/me")
            .header("authorization", format!("Bearer {access}"));
        Harness::send(req).await
    };
    me_there().await.assert_status(StatusCode::OK);

    h.api_post("/api/v1/auth/logout", json!({ "refresh_token": refresh }))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_unauthorized(&h.api_get("/api/v1/me", Some(&access)).await);

    clock.advance(Duration::seconds(1));
    assert_unauthorized(&me_there().await);
}

// ---------------------------------------------------------------- resend

async fn resend(h: &Harness, token: &str) -> Resp {
    h.api(
        Method::POST,
        "/api/v1/auth/verify-email/resend",
        None,
        Some(token),
    )
    .await
}

#[tokio::test]
async fn resend_verification_answers_202_alike_and_is_rate_limited() {
    let h = Harness::new().await;
    h.t.user("verified@example.com").await;
    h.api_post(
        "/api/v1/auth/register",
        json!({ "email": "new@example.com", "password": "tangerine-otter-87", "display_name": "New" }),
    )
    .await
    .assert_status(StatusCode::ACCEPTED);
    let user = identity::sign_in(&h.t.app, "new@example.com", "tangerine-otter-87", &meta())
        .await
        .unwrap();
    let pair = identity::issue_tokens(&h.t.app, &user, &meta()).await.unwrap();
    let (verified, _) = h.tokens_for("verified@example.com").await;

    let a = resend(&h, &pair.access_token).await;
    let b = resend(&h, &verified).await;
    a.assert_status(StatusCode::ACCEPTED);
    b.assert_status(StatusCode::ACCEPTED);
    assert_eq!(a.body, b.body, "the same answer whatever the state");
    assert_eq!(
        h.emails_with("verify_email").await.len(),
        2,
        "sign-up + one resend"
    );

    for _ in 0..4 {
        resend(&h, &pair.access_token)
            .await
            .assert_status(StatusCode::ACCEPTED);
    }
    let limited = resend(&h, &pair.access_token).await;
    assert_problem(&limited, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.header("retry-after").is_some());
    assert_unauthorized(
        &h.api(Method::POST, "/api/v1/auth/verify-email/resend", None, None)
            .await,
    );
}

// ---------------------------------------------------------------- pages

#[tokio::test]
async fn the_profile_page_saves_and_refuses_with_field_messages() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;

    let page = browser.get("/settings/profile").await;
    page.assert_status(StatusCode::OK);
    page.assert_full_page();
    assert!(page.body.contains("value=\"USD\""));
    assert!(
        page.body.contains("href=\"/settings/security\""),
        "the settings nav"
    );
    assert!(page.body.contains("aria-current=\"page\">Profile"));

    let bad = browser
        .submit(
            "/settings/profile",
            &[("display_name", ""), ("base_currency", "XYZ")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_full_page();
    assert!(bad.body.contains("value=\"XYZ\""), "the values are kept");
    assert!(bad.body.contains("id=\"display_name-error\""));
    assert!(bad.body.contains("Enter an ISO 4217 currency code"));

    let bad_htmx = browser
        .submit_htmx(
            "/settings/profile",
            &[("display_name", "Asha"), ("base_currency", "")],
        )
        .await;
    bad_htmx.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    bad_htmx.assert_fragment();
    assert!(bad_htmx.body.contains("Choose a currency"));

    let saved = browser
        .submit(
            "/settings/profile",
            &[("display_name", "Asha Rao"), ("base_currency", "eur")],
        )
        .await;
    saved.assert_redirect("/settings/profile");
    let page = browser.get("/settings/profile").await;
    assert!(page.body.contains("Your profile is saved."));
    assert!(page.body.contains("value=\"EUR\""));
    assert!(page.body.contains("value=\"Asha Rao\""));

    let saved_htmx = browser
        .submit_htmx(
            "/settings/profile",
            &[("display_name", "Asha"), ("base_currency", "INR")],
        )
        .await;
    saved_htmx.assert_status(StatusCode::OK);
    saved_htmx.assert_fragment();
    assert!(saved_htmx.body.contains("Your profile is saved."));
    assert!(saved_htmx.body.contains("value=\"INR\""));

    // Signed out: to sign in and back.
    h.browser()
        .get("/settings/profile")
        .await
        .assert_redirect("/login?next=/settings/profile");
    // Without the CSRF token: refused, nothing changed.
    let forged = browser
        .post_form(
            "/settings/profile",
            &[("display_name", "Eve"), ("base_currency", "USD")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let me = identity::sign_in(&h.t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .unwrap();
    assert_eq!(me.display_name, "Asha");
    assert_eq!(me.base_currency, "INR");
}

#[tokio::test]
async fn the_security_page_lists_and_ends_api_sign_ins() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("bilal@example.com").await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;
    let (access, _) = h.tokens_for("asha@example.com").await;
    let (bilal, _) = h.tokens_for("bilal@example.com").await;
    let bilal_id = sessions(&h, &bilal).await[0]["id"].as_str().unwrap().to_string();

    let page = browser.get("/settings/security").await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("API sign-in"));
    assert!(
        page.body.contains("href=\"/settings/profile\""),
        "the settings nav"
    );
    let actions = form_actions(&page.body, "/settings/security/sessions/");
    assert_eq!(
        actions.len(),
        1,
        "the API sign-in can be ended, this browser is current"
    );

    let resp = browser.submit_htmx(&actions[0], &[]).await;
    resp.assert_status(StatusCode::OK);
    resp.assert_fragment();
    assert!(!resp.body.contains("API sign-in"));
    assert_unauthorized(&h.api_get("/api/v1/me", Some(&access)).await);

    // Someone else's sign-in through the page: 404, and it goes on working.
    let other = browser
        .submit(&format!("/settings/security/sessions/{bilal_id}/revoke"), &[])
        .await;
    other.assert_status(StatusCode::NOT_FOUND);
    h.api_get("/api/v1/me", Some(&bilal))
        .await
        .assert_status(StatusCode::OK);
    // A web session is still ended from there too.
    let ua_session = identity::create_session(
        &h.t.app,
        &identity::sign_in(&h.t.app, "asha@example.com", PASSWORD, &meta())
            .await
            .unwrap(),
        Surface::Web,
        None,
        &meta(),
    )
    .await
    .unwrap();
    let page = browser.get("/settings/security").await;
    let action = form_actions(&page.body, "/settings/security/sessions/").remove(0);
    browser
        .submit(&action, &[])
        .await
        .assert_redirect("/settings/security");
    assert!(
        identity::resolve_session(&h.t.app, &ua_session, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
}
