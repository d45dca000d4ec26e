//! Bulk actions on the user list's filter: the count first, then exactly
//! those users, one audit entry each plus one for the bulk action.

use crate::*;
use hisaab_service::entity::session::Surface;
use hisaab_service::entity::user;
use hisaab_service::testkit::meta;
use sea_orm::EntityTrait;
use serde_json::Value;

async fn unverified(t: &TestApp, email: &str) -> UserView {
    identity::admin_create_user(&t.app, email, PASSWORD, None, Role::User, false)
        .await
        .unwrap()
}

async fn locked_emails(t: &TestApp) -> Vec<String> {
    let now = t.app.now();
    let mut emails: Vec<String> = user::Entity::find()
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.locked_until.is_some_and(|l| l > now))
        .map(|u| u.email)
        .collect();
    emails.sort();
    emails
}

async fn entries(t: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .all(&t.app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn bulk_lock_shows_the_count_then_locks_exactly_the_filtered_users() {
    let t = TestApp::new().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    for email in ["spam1@example.com", "spam2@example.com", "spam3@example.com"] {
        let u = unverified(&t, email).await;
        identity::create_session(&t.app, &u, Surface::Web, None, &meta())
            .await
            .unwrap();
    }
    t.user("alice@example.com").await;
    unverified(&t, "bob@example.net").await;

    // The list offers the bulk actions for its filter.
    let list = unescape(&body(b.get("/users?verified=false&q=example.com").await).await);
    assert!(
        list.contains("/users/bulk/lock?q=example.com&verified=false"),
        "{list}"
    );

    let resp = b.get("/users/bulk/lock?q=example.com&verified=false").await;
    resp.assert_status_is_ok();
    let page = body(resp).await;
    assert!(page.contains("This will lock 3 users"), "{page}");
    assert!(page.contains(r#"name="count" value="3""#));
    assert!(
        locked_emails(&t).await.is_empty(),
        "the confirmation changes nothing"
    );

    // No reason: the page again, nothing locked.
    let form = [("q", "example.com"), ("verified", "false"), ("count", "3")];
    let resp = b.post("/users/bulk/lock", &form).await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(resp).await;
    assert!(html.contains("Say why you are doing this") && html.contains("This will lock 3 users"));
    assert!(locked_emails(&t).await.is_empty());

    // A count that no longer matches (someone else verified, signed up…): refused.
    let mut stale = form.to_vec();
    stale[2] = ("count", "4");
    stale.push(("reason", "spam wave"));
    let resp = b.post("/users/bulk/lock", &stale).await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(resp).await.contains("now matches 3 users, not 4"));
    assert!(locked_emails(&t).await.is_empty());

    let mut good = form.to_vec();
    good.push(("reason", "ticket 77: spam wave"));
    let resp = b.post("/users/bulk/lock", &good).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/users?q=example.com&verified=false");
    let rid = request_id(&resp);
    assert_eq!(
        locked_emails(&t).await,
        ["spam1@example.com", "spam2@example.com", "spam3@example.com"]
    );

    let per_user = entries(&t, "admin.user_locked").await;
    assert_eq!(per_user.len(), 3);
    let bulk = entries(&t, "admin.bulk_action").await;
    assert_eq!(bulk.len(), 1);
    let bulk_details: Value = serde_json::from_str(&bulk[0].details).unwrap();
    assert_eq!(bulk_details["count"], 3);
    assert_eq!(bulk_details["action"], "lock");
    assert_eq!(bulk_details["reason"], "ticket 77: spam wave");
    assert_eq!(bulk_details["filter"]["verified"], "false");
    for entry in per_user.iter().chain(&bulk) {
        assert_eq!(entry.actor_user_id, Some(ops.id));
        assert_eq!(entry.request_id.as_deref(), Some(rid.as_str()));
    }
    for entry in &per_user {
        let details: Value = serde_json::from_str(&entry.details).unwrap();
        assert_eq!(details["bulk_id"], bulk_details["bulk_id"]);
        assert_eq!(details["reason"], "ticket 77: spam wave");
        assert_eq!(details["before"]["locked"], false);
        assert_eq!(details["after"]["locked"], true);
        assert_eq!(details["sessions_ended"], 1);
    }
}

#[tokio::test]
async fn bulk_sign_out_never_includes_the_staff_member_and_an_empty_filter_offers_nothing() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let web = identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();

    let page = body(b.get("/users/bulk/revoke-sessions").await).await;
    assert!(page.contains("sign out 1 user"), "{page}");
    let resp = b
        .post(
            "/users/bulk/revoke-sessions",
            &[("count", "1"), ("reason", "key rotation")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert!(
        identity::resolve_session(&t.app, &web, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
    b.get("/users").await.assert_status_is_ok();
    assert_eq!(entries(&t, "admin.sessions_revoked").await.len(), 1);

    let page = body(b.get("/users/bulk/lock?q=nobody").await).await;
    assert!(page.contains("No users match"), "{page}");
    assert!(!page.contains(r#"name="count""#));
    b.get("/users/bulk/explode")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
