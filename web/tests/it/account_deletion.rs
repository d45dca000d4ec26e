//! Deleting an account: `DELETE /api/v1/me` and the deletion part of
//! `/settings/data` (issue 14, ADR 0026).

use crate::api::{assert_problem, assert_unauthorized, problem_fields};
use crate::support::*;
use hisaab_service::testkit::PASSWORD;
use poem::http::{Method, StatusCode};
use serde_json::json;

async fn delete_me(h: &Harness, access: Option<&str>, body: Option<serde_json::Value>) -> Resp {
    h.api(Method::DELETE, "/api/v1/me", body, access).await
}

/// Whether the account with `email` has a deletion scheduled.
async fn scheduled(h: &Harness, email: &str) -> bool {
    use hisaab_service::entity::{account_deletion, user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&h.t.app.db)
        .await
        .unwrap()
        .expect("the user exists");
    account_deletion::Entity::find_by_id(user.id)
        .one(&h.t.app.db)
        .await
        .unwrap()
        .is_some()
}

#[tokio::test]
async fn delete_me_schedules_ends_every_sign_in_and_signing_in_cancels() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (access, refresh) = h.tokens_for("asha@example.com").await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;

    let resp = delete_me(&h, Some(&access), Some(json!({ "password": PASSWORD }))).await;
    resp.assert_status(StatusCode::ACCEPTED);
    assert_eq!(resp.json()["deletion_scheduled_at"], "2026-12-09T12:00:00Z");
    assert!(scheduled(&h, "asha@example.com").await);
    // Every sign-in ended, this one too.
    assert_unauthorized(&h.api_get("/api/v1/me", Some(&access)).await);
    assert_unauthorized(
        &h.api_post("/api/v1/auth/refresh", json!({ "refresh_token": refresh }))
            .await,
    );
    browser.get("/app").await.assert_redirect("/login?next=/app");
    assert_eq!(h.emails_with("account_deletion_requested").await.len(), 1);

    // Signing in (for tokens) during the grace period cancels it.
    let (again, _) = h.tokens_for("asha@example.com").await;
    h.api_get("/api/v1/me", Some(&again))
        .await
        .assert_status(StatusCode::OK);
    assert!(!scheduled(&h, "asha@example.com").await);
    assert_eq!(h.emails_with("account_deletion_cancelled").await.len(), 1);
}

#[tokio::test]
async fn delete_me_refuses_a_wrong_password_a_missing_body_and_no_token() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let (access, _) = h.tokens_for("asha@example.com").await;

    let wrong = delete_me(&h, Some(&access), Some(json!({ "password": "not-it-at-all" }))).await;
    assert_eq!(problem_fields(&wrong), ["password"]);
    let missing = delete_me(&h, Some(&access), Some(json!({}))).await;
    assert_problem(&missing, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = delete_me(
        &h,
        Some(&access),
        Some(json!({ "password": PASSWORD, "why": "bored" })),
    )
    .await;
    assert_problem(&unknown, StatusCode::UNPROCESSABLE_ENTITY);
    assert_unauthorized(&delete_me(&h, None, Some(json!({ "password": PASSWORD }))).await);
    // Nothing happened: still signed in, nothing scheduled, no email.
    h.api_get("/api/v1/me", Some(&access))
        .await
        .assert_status(StatusCode::OK);
    assert!(!scheduled(&h, "asha@example.com").await);
    assert!(h.emails_with("account_deletion_requested").await.is_empty());
}

// ---------------------------------------------------------------- /settings/data

#[tokio::test]
async fn the_data_page_deletes_the_account_shows_the_date_and_signing_in_cancels() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let laptop = h.browser();
    let phone = h.browser_as("Phone");
    laptop.sign_in("asha@example.com").await;
    phone.sign_in("asha@example.com").await;

    let page = laptop.get("/settings/data").await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("Delete your account"), "{}", page.body);
    assert!(page.body.contains("after 14 days"));
    assert!(page.body.contains(r#"action="/settings/data/delete""#));
    assert!(page.body.contains(r#"name="csrf_token""#));
    assert!(
        !page.body.contains(r#"name="code""#),
        "no code field without two-factor"
    );

    // A wrong password: the page again, the message by the field, nothing done.
    let wrong = laptop
        .submit("/settings/data/delete", &[("password", "not-my-password")])
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_full_page();
    assert!(wrong.body.contains("Your password is not right."));
    assert!(!scheduled(&h, "asha@example.com").await);
    // Without the CSRF token: refused, nothing done.
    let forged = laptop
        .post_form("/settings/data/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!scheduled(&h, "asha@example.com").await);

    let done = laptop
        .submit("/settings/data/delete", &[("password", PASSWORD)])
        .await;
    done.assert_redirect("/settings/data/deletion-scheduled?on=2026-12-09");
    let notice = laptop.get(done.location()).await;
    notice.assert_status(StatusCode::OK);
    assert!(notice.body.contains("9 December 2026"), "{}", notice.body);
    assert!(notice.body.contains("Sign in before then"));
    assert!(scheduled(&h, "asha@example.com").await);
    // Signed out everywhere.
    laptop.get("/app").await.assert_redirect("/login?next=/app");
    phone.get("/app").await.assert_redirect("/login?next=/app");

    // Signing in again cancels it, and the page says so.
    laptop.sign_in("asha@example.com").await;
    let home = laptop.get("/app").await;
    assert!(
        home.body.contains("Your account will not be deleted"),
        "{}",
        home.body
    );
    assert!(!scheduled(&h, "asha@example.com").await);
    assert_eq!(h.emails_with("account_deletion_cancelled").await.len(), 1);
}

#[tokio::test]
async fn the_data_page_needs_a_session_and_asks_for_a_code_with_two_factor_on() {
    let h = Harness::new().await;
    let user = h.t.user("asha@example.com").await;
    let anonymous = h.browser();
    anonymous
        .get("/settings/data")
        .await
        .assert_redirect("/login?next=/settings/data");

    let actor = h.t.actor(&user);
    hisaab_service::identity::start_enrolment(&h.t.app, &actor)
        .await
        .unwrap();
    let code = hisaab_service::identity::test_code(&h.t.app, user.id).await;
    hisaab_service::identity::confirm_enrolment(&h.t.app, &actor, &code)
        .await
        .unwrap();
    h.t.clock.advance(time::Duration::minutes(5));
    // Signed in with the second factor through the service, the session opened directly.
    let b = h.browser();
    let token = hisaab_service::identity::create_session(
        &h.t.app,
        &user,
        hisaab_service::entity::session::Surface::Web,
        None,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    b.set_cookie(&h.session_cookie(), &token);
    let page = b.get("/settings/data").await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains(r#"name="code""#));
    let missing = b
        .submit("/settings/data/delete", &[("password", PASSWORD), ("code", "")])
        .await;
    missing.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("Enter the 6-digit code"),
        "{}",
        missing.body
    );
    assert!(!scheduled(&h, "asha@example.com").await);
    let code = hisaab_service::identity::test_code(&h.t.app, user.id).await;
    b.submit(
        "/settings/data/delete",
        &[("password", PASSWORD), ("code", &code)],
    )
    .await
    .assert_redirect("/settings/data/deletion-scheduled?on=2026-12-09");
    assert!(scheduled(&h, "asha@example.com").await);
}
