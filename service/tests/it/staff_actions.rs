//! Staff actions in the service: who may do what, what each writes to the
//! audit log, bulk actions, and reading the log.

use crate::*;
use hisaab_service::audit::StaffReason;
use hisaab_service::audit_search::{self, AuditFilter, RawAuditFilter};
use hisaab_service::entity::session::Surface;
use hisaab_service::entity::user::Role;
use hisaab_service::identity::{self, BulkAction, RawUserFilter, SignInsEnded, UserFilter};
use hisaab_service::testkit::{PASSWORD, meta};
use serde_json::{Value, json};

fn why(text: &str) -> StaffReason {
    StaffReason::parse(text).unwrap()
}

async fn details(t: &TestApp, action: &str) -> Vec<Value> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::CreatedAt)
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| serde_json::from_str(&a.details).unwrap())
        .collect()
}

#[tokio::test]
async fn support_may_send_mails_and_nothing_else_and_users_may_do_neither() {
    let t = TestApp::new().await;
    let help = t.actor(&t.user_with_role("help@example.com", Role::Support).await);
    let plain = t.actor(&t.user("plain@example.com").await);
    let alice = identity::admin_create_user(&t.app, "alice@example.com", PASSWORD, None, Role::User, false)
        .await
        .unwrap();
    let r = &why("ticket 1");
    let forbidden = |res: Result<(), Error>| assert!(matches!(res, Err(Error::Forbidden(_))), "{res:?}");

    forbidden(
        identity::admin_set_lock(&t.app, &help, alice.id, true, r)
            .await
            .map(drop),
    );
    forbidden(
        identity::admin_set_role(&t.app, &help, alice.id, Role::Premium, r)
            .await
            .map(drop),
    );
    forbidden(
        identity::admin_set_plan(&t.app, &help, alice.id, Role::Premium, r)
            .await
            .map(drop),
    );
    forbidden(
        identity::admin_mark_verified(&t.app, &help, alice.id, r)
            .await
            .map(drop),
    );
    forbidden(
        identity::admin_revoke_sessions(&t.app, &help, alice.id, r)
            .await
            .map(drop),
    );
    forbidden(
        identity::admin_bulk_count(&t.app, &help, &UserFilter::default())
            .await
            .map(drop),
    );
    forbidden(
        identity::admin_bulk_apply(&t.app, &help, BulkAction::Lock, &UserFilter::default(), 1, r)
            .await
            .map(drop),
    );
    forbidden(identity::admin_resend_verification(&t.app, &plain, alice.id, r).await);
    forbidden(identity::admin_send_password_reset(&t.app, &plain, alice.id, r).await);
    assert_eq!(emails(&t).await.len(), 0);

    identity::admin_resend_verification(&t.app, &help, alice.id, r)
        .await
        .unwrap();
    identity::admin_send_password_reset(&t.app, &help, alice.id, r)
        .await
        .unwrap();
    let sent: Vec<String> = emails(&t).await.into_iter().map(|m| m.template).collect();
    assert_eq!(sent, ["verify_email", "password_reset"]);
    let resent = details(&t, "admin.verification_resent").await;
    assert_eq!(
        resent,
        [json!({
            "reason": "ticket 1",
            "before": null,
            "after": { "mail": "verify_email", "to": "alice@example.com" },
        })]
    );
}

#[tokio::test]
async fn signing_out_everywhere_ends_sessions_and_every_api_refresh_family() {
    let t = TestApp::new().await;
    let ops = t.actor(&t.user_with_role("ops@example.com", Role::Superadmin).await);
    let alice = t.user("alice@example.com").await;
    identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();
    let phone = identity::issue_tokens(&t.app, &alice, &meta()).await.unwrap();
    let tablet = identity::issue_tokens(&t.app, &alice, &meta()).await.unwrap();

    let ended = identity::admin_revoke_sessions(&t.app, &ops, alice.id, &why("phone stolen"))
        .await
        .unwrap();
    assert_eq!(
        ended,
        SignInsEnded {
            sessions: 1,
            api_sign_ins: 2
        }
    );
    for pair in [&phone, &tablet] {
        assert!(
            identity::refresh_tokens(&t.app, &pair.refresh_token, &meta())
                .await
                .is_err()
        );
        assert!(
            identity::authenticate(&t.app, &pair.access_token, meta())
                .await
                .is_err()
        );
    }
    assert_eq!(
        details(&t, "admin.sessions_revoked").await,
        [json!({
            "reason": "phone stolen",
            "before": { "sessions": 1, "api_sign_ins": 2 },
            "after": { "sessions": 0, "api_sign_ins": 0 },
        })]
    );
}

#[tokio::test]
async fn plans_are_for_users_only() {
    let t = TestApp::new().await;
    let ops = t.actor(&t.user_with_role("ops@example.com", Role::Superadmin).await);
    let help = t.user_with_role("help@example.com", Role::Support).await;
    let alice = t.user("alice@example.com").await;
    let r = &why("upgrade");
    let refused = identity::admin_set_plan(&t.app, &ops, help.id, Role::Premium, r).await;
    assert!(matches!(refused, Err(Error::Invalid { .. })), "{refused:?}");
    let refused = identity::admin_set_plan(&t.app, &ops, alice.id, Role::Superadmin, r).await;
    assert!(matches!(refused, Err(Error::Invalid { .. })), "{refused:?}");
    let premium = identity::admin_set_plan(&t.app, &ops, alice.id, Role::Premium, r)
        .await
        .unwrap();
    assert_eq!(premium.role, Role::Premium);
    let back = identity::admin_set_plan(&t.app, &ops, alice.id, Role::User, r)
        .await
        .unwrap();
    assert_eq!(back.role, Role::User);
    let plans: Vec<(Value, Value)> = details(&t, "admin.plan_changed")
        .await
        .into_iter()
        .map(|d| (d["before"].clone(), d["after"].clone()))
        .collect();
    assert_eq!(
        plans,
        [
            (json!({ "plan": "user" }), json!({ "plan": "premium" })),
            (json!({ "plan": "premium" }), json!({ "plan": "user" })),
        ]
    );
}

#[tokio::test]
async fn the_operator_cli_lock_records_before_and_after() {
    let t = TestApp::new().await;
    t.user("alice@example.com").await;
    identity::admin_set_lock_by_email(&t.app, "alice@example.com", true)
        .await
        .unwrap();
    assert_eq!(
        details(&t, "admin.user_locked").await,
        [json!({ "via": "cli", "before": { "locked": false }, "after": { "locked": true } })]
    );
}

#[tokio::test]
async fn a_bulk_action_applies_to_exactly_the_confirmed_users() {
    let t = TestApp::new().await;
    let ops_user = t.user_with_role("ops@example.com", Role::Superadmin).await;
    let ops = t.actor(&ops_user);
    for email in ["a@spam.test", "b@spam.test"] {
        t.user(email).await;
    }
    t.user("keep@example.com").await;
    let filter = UserFilter::parse(&RawUserFilter {
        q: "spam.test".into(),
        ..Default::default()
    })
    .unwrap();
    let r = &why("spam wave");
    assert_eq!(
        identity::admin_bulk_count(&t.app, &ops, &filter).await.unwrap(),
        2
    );

    // Someone else signed up meanwhile: the confirmed count is stale.
    t.user("c@spam.test").await;
    let stale = identity::admin_bulk_apply(&t.app, &ops, BulkAction::Lock, &filter, 2, r).await;
    assert!(matches!(stale, Err(Error::Conflict(_))), "{stale:?}");
    assert!(details(&t, "admin.user_locked").await.is_empty());

    let reached = identity::admin_bulk_apply(&t.app, &ops, BulkAction::Lock, &filter, 3, r)
        .await
        .unwrap();
    let mut emails: Vec<String> = reached.iter().map(|u| u.email.clone()).collect();
    emails.sort();
    assert_eq!(emails, ["a@spam.test", "b@spam.test", "c@spam.test"]);
    let locked = identity::admin_count_users(
        &t.app,
        &ops,
        &UserFilter {
            locked: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(locked, 3);
    assert_eq!(details(&t, "admin.user_locked").await.len(), 3);
    let bulk = details(&t, "admin.bulk_action").await;
    assert_eq!(bulk.len(), 1);
    assert_eq!(bulk[0]["count"], 3);
    assert_eq!(bulk[0]["filter"], json!({ "q": "spam.test" }));

    // An empty filter never reaches the staff member acting.
    let everyone = identity::admin_bulk_count(&t.app, &ops, &UserFilter::default())
        .await
        .unwrap();
    assert_eq!(everyone, 4);
}

#[tokio::test]
async fn the_log_is_searchable_paged_and_never_shows_secrets() {
    let t = TestApp::new().await;
    let ops = t.actor(&t.user_with_role("ops@example.com", Role::Superadmin).await);
    let plain = t.actor(&t.user("plain@example.com").await);
    let alice = t.user("alice@example.com").await;
    identity::admin_set_lock(&t.app, &ops, alice.id, true, &why("ticket 3"))
        .await
        .unwrap();
    identity::admin_set_lock(&t.app, &ops, alice.id, false, &why("ticket 4"))
        .await
        .unwrap();

    let filter = AuditFilter::parse(&RawAuditFilter {
        actor: "ops@".into(),
        target: "alice".into(),
        action: "admin.".into(),
        ..Default::default()
    })
    .unwrap();
    let page = audit_search::admin_search_audit(&t.app, &ops, &filter, None, 1)
        .await
        .unwrap();
    assert_eq!(page.entries.len(), 1);
    let first = &page.entries[0];
    assert_eq!(first.action, "admin.user_unlocked", "newest first");
    assert_eq!(first.actor_email.as_deref(), Some("ops@example.com"));
    assert_eq!(first.subject_email.as_deref(), Some("alice@example.com"));
    let cursor = page.next_cursor.expect("one more");
    let next = audit_search::admin_search_audit(&t.app, &ops, &filter, Some(&cursor), 1)
        .await
        .unwrap();
    assert_eq!(next.entries[0].action, "admin.user_locked");
    assert!(next.next_cursor.is_none());

    // A cursor belongs to its filters.
    let other = AuditFilter::parse(&RawAuditFilter::default()).unwrap();
    assert!(matches!(
        audit_search::admin_search_audit(&t.app, &ops, &other, Some(&cursor), 1).await,
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        audit_search::admin_search_audit(&t.app, &plain, &other, None, 10).await,
        Err(Error::Forbidden(_))
    ));
    let shown: Value = serde_json::from_str(&audit_search::readable_details(
        r#"{"totp_secret":"JBSW","after":{"password_hash":"x"}}"#,
    ))
    .unwrap();
    assert_eq!(
        shown,
        json!({ "after": { "password_hash": "[hidden]" }, "totp_secret": "[hidden]" })
    );
}
