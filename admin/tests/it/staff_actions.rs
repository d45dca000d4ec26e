//! Every staff action on a user's page asks why; the audit entry keeps the
//! reason, the account before and after, the request id and the address.
//! Support staff may send mails, nothing else.

use crate::*;
use hisaab_service::entity::session::Surface;
use hisaab_service::entity::user;
use hisaab_service::testkit::meta;
use hisaab_service::{Error, identity};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

/// What a proxy in front of the console says the staff member's address is.
const STAFF_IP: &str = "203.0.113.9";

async fn trusting_proxy() -> TestApp {
    TestApp::with_settings(|s| s.trust_proxy = true).await
}

async fn unverified(t: &TestApp, email: &str) -> UserView {
    identity::admin_create_user(&t.app, email, PASSWORD, None, Role::User, false)
        .await
        .unwrap()
}

async fn row(t: &TestApp, id: UserId) -> user::Model {
    user::Entity::find_by_id(id)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn audit_count(t: &TestApp) -> u64 {
    audit_log::Entity::find().count(&t.app.db).await.unwrap()
}

/// Every action on the page: its path, its other fields, and who may.
const ACTIONS: [(&str, &[(&str, &str)]); 8] = [
    ("lock", &[]),
    ("unlock", &[]),
    ("role", &[("role", "premium")]),
    ("plan", &[("plan", "premium")]),
    ("revoke-sessions", &[]),
    ("mark-verified", &[]),
    ("resend-verification", &[]),
    ("send-password-reset", &[]),
];

#[tokio::test]
async fn every_action_without_a_reason_is_422_next_to_its_field_and_changes_nothing() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = unverified(&t, "alice@example.com").await;
    let web = identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();
    let before = row(&t, alice.id).await;
    let (entries, mails) = (audit_count(&t).await, emails(&t.app).await.len());

    for (path, fields) in ACTIONS {
        for reason in ["", "   ", &"x".repeat(501)] {
            let mut form = fields.to_vec();
            form.push(("reason", reason));
            let resp = b.post(&format!("/users/{}/{path}", alice.id), &form).await;
            resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            let html = body(resp).await;
            let expected = if reason.len() > 500 {
                "under 500 characters"
            } else {
                "Say why you are doing this"
            };
            // The page shows the unlock form only for a locked account.
            if path != "unlock" {
                let message = between(&html, &format!(r#"id="reason-{path}-error">"#), "</p>")
                    .unwrap_or_else(|| panic!("{path}: the form's reason field is on the page"));
                assert!(message.contains(expected), "{path} {reason:?}: {message}");
            }
            assert!(html.contains(expected), "{path}: the toast says it too");
        }
    }
    assert_eq!(row(&t, alice.id).await, before, "the account is as it was");
    assert_eq!(audit_count(&t).await, entries, "no audit entry");
    assert_eq!(emails(&t.app).await.len(), mails, "no mail");
    assert!(
        identity::resolve_session(&t.app, &web, Surface::Web)
            .await
            .unwrap()
            .is_some(),
        "still signed in"
    );
}

/// The one audit entry `action` wrote about `subject`, as JSON details.
async fn only_entry(t: &TestApp, action: &str, subject: UserId) -> (audit_log::Model, Value) {
    let entries = audit(&t.app, action, subject).await;
    assert_eq!(entries.len(), 1, "{action}");
    let details = serde_json::from_str(&entries[0].details).unwrap();
    (entries[0].clone(), details)
}

/// A form (path and fields), the action it writes, the details' before and after.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, Value, Value);

#[tokio::test]
async fn each_action_keeps_its_reason_before_and_after_request_id_and_address() {
    let t = trusting_proxy().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    let alice = unverified(&t, "alice@example.com").await;
    identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();
    identity::issue_tokens(&t.app, &alice, &meta()).await.unwrap();

    let cases: [Case; 7] = [
        (
            "mark-verified",
            &[],
            "admin.email_verified",
            json!({ "email_verified": false }),
            json!({ "email_verified": true }),
        ),
        (
            "plan",
            &[("plan", "premium")],
            "admin.plan_changed",
            json!({ "plan": "user" }),
            json!({ "plan": "premium" }),
        ),
        (
            "role",
            &[("role", "support")],
            "admin.role_changed",
            json!({ "role": "premium" }),
            json!({ "role": "support" }),
        ),
        (
            "revoke-sessions",
            &[],
            "admin.sessions_revoked",
            json!({ "sessions": 1, "api_sign_ins": 1 }),
            json!({ "sessions": 0, "api_sign_ins": 0 }),
        ),
        (
            "lock",
            &[],
            "admin.user_locked",
            json!({ "locked": false }),
            json!({ "locked": true }),
        ),
        (
            "unlock",
            &[],
            "admin.user_unlocked",
            json!({ "locked": true }),
            json!({ "locked": false }),
        ),
        (
            "send-password-reset",
            &[],
            "admin.password_reset_sent",
            Value::Null,
            json!({ "mail": "password_reset", "to": "alice@example.com" }),
        ),
    ];
    for (path, fields, action, before, after) in cases {
        let reason = format!("ticket 42: {path}");
        let mut form = fields.to_vec();
        form.push(("reason", &reason));
        let resp = b
            .post_from(STAFF_IP, &format!("/users/{}/{path}", alice.id), &form)
            .await;
        resp.assert_status(StatusCode::SEE_OTHER);
        let rid = request_id(&resp);
        let (entry, details) = only_entry(&t, action, alice.id).await;
        assert_eq!(details["reason"], json!(reason), "{path}");
        assert_eq!(details["before"], before, "{path}");
        assert_eq!(details["after"], after, "{path}");
        assert_eq!(entry.actor_user_id, Some(ops.id), "{path}");
        assert_eq!(entry.request_id.as_deref(), Some(rid.as_str()), "{path}");
        assert_eq!(entry.ip.as_deref(), Some(STAFF_IP), "{path}");
    }

    // The user's page shows the entries with their reasons.
    let html = body(b.get(&format!("/users/{}", alice.id)).await).await;
    assert!(html.contains("ticket 42: lock") && html.contains(STAFF_IP));
}

#[tokio::test]
async fn resending_verification_queues_a_working_link_and_the_old_one_stops() {
    let t = TestApp::new().await;
    let (help, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    identity::register(
        &t.app,
        identity::RegisterInput {
            email: "new@example.com".into(),
            password: PASSWORD.into(),
            display_name: "New".into(),
        },
        &meta(),
    )
    .await
    .unwrap();
    let first = emails(&t.app).await;
    assert_eq!(first.len(), 1);
    let newcomer = user::Entity::find().all(&t.app.db).await.unwrap();
    let newcomer = newcomer.iter().find(|u| u.email == "new@example.com").unwrap();

    let page = body(b.get(&format!("/users/{}", newcomer.id)).await).await;
    assert!(
        page.contains("Resend verification email"),
        "support sees the mail actions"
    );
    assert!(!page.contains("/lock"), "but not the changes");

    let resp = b
        .post(
            &format!("/users/{}/resend-verification", newcomer.id),
            &[("reason", "ticket 9: never got the mail")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    let mails = emails(&t.app).await;
    assert_eq!(mails.len(), 2, "one more mail is queued");
    let mail = &mails[1];
    assert_eq!(mail.to, "new@example.com");
    assert_eq!(mail.template, "verify_email");
    let token = |m: &hisaab_service::outbox::OutgoingEmail| {
        let link = m.context["link"].as_str().unwrap().to_string();
        link.split("token=").nth(1).unwrap().to_string()
    };
    let (_, details) = only_entry(&t, "admin.verification_resent", newcomer.id).await;
    assert_eq!(details["reason"], "ticket 9: never got the mail");
    assert_eq!(
        audit(&t.app, "admin.verification_resent", newcomer.id).await[0].actor_user_id,
        Some(help.id)
    );

    assert!(
        identity::verify_email(&t.app, &token(&mails[0]), &meta())
            .await
            .is_err(),
        "the first link was replaced"
    );
    let verified = identity::verify_email(&t.app, &token(mail), &meta())
        .await
        .unwrap();
    assert!(verified.email_verified);

    // Verified now: nothing more to resend.
    let resp = b
        .post(
            &format!("/users/{}/resend-verification", newcomer.id),
            &[("reason", "again")],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(resp).await.contains("already verified"));
    assert_eq!(emails(&t.app).await.len(), 2);
}

#[tokio::test]
async fn support_can_send_a_reset_link_that_works() {
    let t = TestApp::new().await;
    let (_, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let alice = t.user("alice@example.com").await;
    let resp = b
        .post(
            &format!("/users/{}/send-password-reset", alice.id),
            &[("reason", "ticket 11: forgot password")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    let mails = emails(&t.app).await;
    let mail = mails.last().unwrap();
    assert_eq!(
        (mail.to.as_str(), mail.template.as_str()),
        ("alice@example.com", "password_reset")
    );
    let token = mail.context["link"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap();
    identity::confirm_password_reset(&t.app, token, "a-brand-new-passphrase-42", &meta())
        .await
        .expect("the link works");
    identity::sign_in(&t.app, "alice@example.com", "a-brand-new-passphrase-42", &meta())
        .await
        .expect("the new password works");
    // The token never reaches the audit log.
    let (_, details) = only_entry(&t, "admin.password_reset_sent", alice.id).await;
    assert!(!details.to_string().contains(token));
}

#[tokio::test]
async fn signing_out_everywhere_ends_api_sign_ins_too() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let pair = identity::issue_tokens(&t.app, &alice, &meta()).await.unwrap();
    identity::authenticate(&t.app, &pair.access_token, meta())
        .await
        .expect("the access token works before");

    b.post(
        &format!("/users/{}/revoke-sessions", alice.id),
        &[("reason", "ticket 5: phone stolen")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);

    assert!(matches!(
        identity::refresh_tokens(&t.app, &pair.refresh_token, &meta()).await,
        Err(Error::Unauthenticated(_))
    ));
    assert!(matches!(
        identity::authenticate(&t.app, &pair.access_token, meta()).await,
        Err(Error::Unauthenticated(_))
    ));
}

#[tokio::test]
async fn a_staff_members_plan_is_not_changed_and_a_verified_address_not_reverified() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let (help, _) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let resp = b
        .post(
            &format!("/users/{}/plan", help.id),
            &[("plan", "premium"), ("reason", "upgrade")],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(resp).await.contains("Staff have no plan"));
    assert_eq!(row(&t, help.id).await.role, Role::Support);
    // The page offers no plan for staff.
    assert!(
        !body(b.get(&format!("/users/{}", help.id)).await)
            .await
            .contains("Change plan")
    );

    let alice = t.user("alice@example.com").await;
    let resp = b
        .post(
            &format!("/users/{}/plan", alice.id),
            &[("plan", "superadmin"), ("reason", "sneaky")],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(row(&t, alice.id).await.role, Role::User);

    let resp = b
        .post(
            &format!("/users/{}/mark-verified", alice.id),
            &[("reason", "checked by phone")],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(audit(&t.app, "admin.email_verified", alice.id).await.is_empty());
    assert!(audit(&t.app, "admin.plan_changed", help.id).await.is_empty());
}
