//! Identity: registration, email verification, sign-in and lockout, per-IP
//! limits, sessions, API tokens and password reset.

use crate::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hisaab_service::entity::session::{self, Surface};
use hisaab_service::entity::user::Role;
use hisaab_service::entity::{email_token, refresh_token_family};
use hisaab_service::identity::{self, AccessClaims, RegisterInput, password};
use hisaab_service::settings::DEV_SECRET_KEY;
use hisaab_service::testkit::{PASSWORD, TestApp, meta};
use hisaab_service::{Error, crypto};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use time::Duration;

const NEW_PASSWORD: &str = "tangerine-otter-87-violet";

fn registration(email: &str) -> RegisterInput {
    RegisterInput {
        email: email.into(),
        password: "tangerine-otter-87".into(),
        display_name: "Asha".into(),
    }
}

async fn register(t: &TestApp, email: &str) {
    identity::register(&t.app, registration(email), &meta())
        .await
        .expect("register");
}

// ---------------------------------------------------------------- register

#[tokio::test]
async fn register_creates_an_unverified_user_and_a_verification_email() {
    let t = TestApp::new().await;
    register(&t, "  Asha@Example.COM ").await;

    let user = user_row(&t, "asha@example.com")
        .await
        .expect("user stored with a normalized email");
    assert!(!user.email_verified);
    assert!(user.email_verified_at.is_none());
    assert_eq!(user.display_name, "Asha");
    assert_eq!(user.role, Role::User);
    assert!(password::verify("tangerine-otter-87", &user.password_hash).await);
    assert!(
        user.password_hash.starts_with("$argon2id$"),
        "hash {}",
        user.password_hash
    );

    let mail = only_email(&t, "verify_email").await;
    assert_eq!(mail.to, "asha@example.com");
    assert_eq!(mail.context["display_name"], "Asha");
    let link = mail.context["link"].as_str().unwrap();
    assert!(
        link.starts_with(&format!("{}/verify-email?token=", t.app.settings.public_url)),
        "{link}"
    );
    assert_eq!(email_token(&mail).len(), 43, "a 256-bit URL-safe token: {link}");
    let registered = audit_rows(&t, "auth.registered").await;
    assert_eq!(registered.len(), 1);
    assert_eq!(registered[0].subject_user_id, Some(user.id));
    assert_eq!(registered[0].ip.as_deref(), Some("192.0.2.1"));

    // Only the token's hash is stored.
    let stored = email_token::Entity::find().all(&t.app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, email_token(&mail));
    assert_eq!(stored[0].token_hash, crypto::token_hash(&email_token(&mail)));
}

#[tokio::test]
async fn verification_token_verifies_once() {
    let t = TestApp::new().await;
    register(&t, "asha@example.com").await;
    let token = email_token(&only_email(&t, "verify_email").await);

    let user = identity::verify_email(&t.app, &token, &meta())
        .await
        .expect("verify");
    assert!(user.email_verified);
    let row = user_row(&t, "asha@example.com").await.unwrap();
    assert!(row.email_verified);
    assert_eq!(row.email_verified_at, Some(t.app.now()));
    assert_eq!(audit_rows(&t, "auth.email_verified").await.len(), 1);

    let again = identity::verify_email(&t.app, &token, &meta()).await;
    assert_eq!(invalid_fields(again), ["token"]);
    assert_eq!(audit_rows(&t, "auth.email_verified").await.len(), 1);
}

#[tokio::test]
async fn verification_token_expires_after_48_hours() {
    let t = TestApp::new().await;
    register(&t, "asha@example.com").await;
    register(&t, "bilal@example.com").await;
    let mails = emails_with(&t, "verify_email").await;
    let asha = email_token(mails.iter().find(|m| m.to == "asha@example.com").unwrap());
    let bilal = email_token(mails.iter().find(|m| m.to == "bilal@example.com").unwrap());

    t.clock.advance(Duration::hours(47));
    identity::verify_email(&t.app, &bilal, &meta())
        .await
        .expect("still valid after 47 h");

    t.clock.advance(Duration::hours(2));
    let expired = identity::verify_email(&t.app, &asha, &meta()).await;
    assert_eq!(invalid_fields(expired), ["token"]);
    assert!(!user_row(&t, "asha@example.com").await.unwrap().email_verified);
}

#[tokio::test]
async fn bogus_verification_tokens_are_refused() {
    let t = TestApp::new().await;
    register(&t, "asha@example.com").await;
    for bogus in ["", "nope", &"x".repeat(129), "' OR 1=1 --", "tok\0en"] {
        let res = identity::verify_email(&t.app, bogus, &meta()).await;
        assert_eq!(invalid_fields(res), ["token"], "{bogus:?}");
    }
    assert!(!user_row(&t, "asha@example.com").await.unwrap().email_verified);
}

#[tokio::test]
async fn resending_verification_replaces_the_old_link() {
    let t = TestApp::new().await;
    register(&t, "asha@example.com").await;
    let first = email_token(&only_email(&t, "verify_email").await);
    let user: identity::UserView = user_row(&t, "asha@example.com").await.unwrap().into();
    assert!(
        identity::resend_verification(&t.app, &t.actor(&user))
            .await
            .unwrap()
    );
    let mails = emails_with(&t, "verify_email").await;
    assert_eq!(mails.len(), 2);
    let second = email_token(&mails[1]);
    assert_eq!(
        invalid_fields(identity::verify_email(&t.app, &first, &meta()).await),
        ["token"]
    );
    identity::verify_email(&t.app, &second, &meta())
        .await
        .expect("the newest link works");
    // Once verified there is nothing to resend.
    assert!(
        !identity::resend_verification(&t.app, &t.actor(&user))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn registering_an_existing_email_tells_the_owner_and_creates_nothing() {
    let t = TestApp::new().await;
    let owner = t.user("asha@example.com").await;
    let before = user_row(&t, "asha@example.com").await.unwrap();

    let res = identity::register(
        &t.app,
        RegisterInput {
            email: "ASHA@example.com ".into(),
            password: "another-password-entirely".into(),
            display_name: "Impostor".into(),
        },
        &meta(),
    )
    .await;
    assert!(res.is_ok(), "same answer as a new email: {res:?}");

    assert_eq!(count_users(&t).await, 1);
    assert_eq!(
        user_row(&t, "asha@example.com").await.unwrap(),
        before,
        "the account is untouched"
    );
    assert!(emails_with(&t, "verify_email").await.is_empty());
    let mail = only_email(&t, "signup_attempt").await;
    assert_eq!(mail.to, "asha@example.com");
    assert_eq!(mail.context["display_name"], owner.display_name.as_str());
    assert!(mail.context["login_link"].as_str().unwrap().ends_with("/login"));
    assert!(
        mail.context["reset_link"]
            .as_str()
            .unwrap()
            .ends_with("/password-reset")
    );
    assert_eq!(audit_rows(&t, "auth.signup_existing_email").await.len(), 1);
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .expect("old password still works");
}

#[tokio::test]
async fn invalid_registrations_name_the_field_and_store_nothing() {
    let t = TestApp::new().await;
    let cases: Vec<(&str, RegisterInput)> = vec![
        (
            "password",
            RegisterInput {
                password: "short".into(),
                ..registration("asha@example.com")
            },
        ),
        (
            "password",
            RegisterInput {
                password: "1Q2W3E4R5T6Y".into(),
                ..registration("asha@example.com")
            },
        ),
        (
            "password",
            RegisterInput {
                password: "x".repeat(129),
                ..registration("asha@example.com")
            },
        ),
        (
            "password",
            RegisterInput {
                password: "my-ashaparekh-password".into(),
                ..registration("ashaparekh@example.com")
            },
        ),
        ("email", registration("")),
        ("email", registration("asha")),
        ("email", registration("asha@")),
        ("email", registration("@example.com")),
        ("email", registration("asha rao@example.com")),
        ("email", registration("asha@localhost")),
        ("email", registration("asha@example..com")),
        ("email", registration("asha@@example.com")),
        ("email", registration("as\0ha@example.com")),
        ("email", registration(&format!("{}@example.com", "a".repeat(65)))),
        (
            "display_name",
            RegisterInput {
                display_name: "   ".into(),
                ..registration("asha@example.com")
            },
        ),
        (
            "display_name",
            RegisterInput {
                display_name: "A".repeat(101),
                ..registration("asha@example.com")
            },
        ),
        (
            "display_name",
            RegisterInput {
                display_name: "As\0ha".into(),
                ..registration("asha@example.com")
            },
        ),
    ];
    for (field, input) in cases {
        let shown = format!("{:?}/{:?}/{:?}", input.email, input.password, input.display_name);
        let fields = invalid_fields(identity::register(&t.app, input, &meta()).await);
        assert!(
            fields.iter().any(|f| f == field),
            "{shown}: expected {field} in {fields:?}"
        );
    }
    // Several problems are reported together.
    let all = identity::register(
        &t.app,
        RegisterInput {
            email: "nope".into(),
            password: "short".into(),
            display_name: String::new(),
        },
        &meta(),
    )
    .await;
    let mut fields = invalid_fields(all);
    fields.sort();
    assert_eq!(fields, ["display_name", "email", "password"]);

    assert_eq!(count_users(&t).await, 0);
    assert_eq!(count_outbox(&t).await, 0);
    assert_eq!(count_audit(&t).await, 0);
}

#[tokio::test]
async fn common_password_list_has_at_least_ten_thousand_entries() {
    assert!(
        password::common_count() >= 10_000,
        "only {}",
        password::common_count()
    );
    assert!(password::validate("password", "1q2w3e4r5t6y", "a@example.com").is_err());
    assert!(password::validate("password", "tangerine-otter-87", "a@example.com").is_ok());
}

// ---------------------------------------------------------------- sign-in

#[tokio::test]
async fn sign_in_with_the_right_password_is_audited_with_request_details() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let user = identity::sign_in(&t.app, " ASHA@example.com", PASSWORD, &meta())
        .await
        .expect("sign in");
    assert_eq!(user.id, asha.id);

    let rows = audit_rows(&t, "auth.sign_in.success").await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.subject_user_id, Some(asha.id));
    assert_eq!(row.tenant_id, Some(asha.tenant_id));
    assert_eq!(row.ip.as_deref(), Some("192.0.2.1"));
    assert_eq!(row.user_agent.as_deref(), Some("hisaab-tests"));
    assert_eq!(row.request_id.as_deref(), Some("test-request"));
    assert_eq!(row.created_at, t.app.now());
}

#[tokio::test]
async fn sign_in_with_a_wrong_password_is_unauthenticated() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    assert_unauthenticated(identity::sign_in(&t.app, "asha@example.com", "not-the-password", &meta()).await);
    assert_unauthenticated(identity::sign_in(&t.app, "asha@example.com", "", &meta()).await);
    assert_eq!(
        user_row(&t, "asha@example.com").await.unwrap().failed_login_count,
        2
    );
    assert_eq!(audit_rows(&t, "auth.sign_in.failure").await.len(), 2);
    assert!(audit_rows(&t, "auth.sign_in.success").await.is_empty());
    // A success resets the count.
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .unwrap();
    assert_eq!(
        user_row(&t, "asha@example.com").await.unwrap().failed_login_count,
        0
    );
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    for attempt in 1..=5 {
        let res = identity::sign_in(&t.app, "asha@example.com", "wrong-password-here", &meta()).await;
        match res {
            Err(Error::Unauthenticated(msg)) if attempt < 5 => assert!(!msg.contains("locked"), "{msg}"),
            Err(Error::Unauthenticated(msg)) => assert!(msg.contains("locked for 15 minutes"), "{msg}"),
            other => panic!("attempt {attempt}: {other:?}"),
        }
    }
    // The sixth attempt is refused even with the right password.
    let secs = retry_after(identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta()).await);
    assert_eq!(secs, 900);
    let row = user_row(&t, "asha@example.com").await.unwrap();
    assert_eq!(row.locked_until, Some(t.app.now() + Duration::minutes(15)));

    let mail = only_email(&t, "account_locked").await;
    assert_eq!(mail.to, "asha@example.com");
    assert_eq!(mail.context["locked_minutes"], 15);
    let lockouts = audit_rows(&t, "auth.lockout").await;
    assert_eq!(lockouts.len(), 1);
    assert_eq!(lockouts[0].subject_user_id, Some(asha.id));

    t.clock.advance(Duration::minutes(14));
    assert_eq!(
        retry_after(identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta()).await),
        60
    );
    // Attempts while locked don't extend the lock or send more mail.
    assert_eq!(emails_with(&t, "account_locked").await.len(), 1);

    t.clock.advance(Duration::minutes(1));
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .expect("lock has run out");
    let row = user_row(&t, "asha@example.com").await.unwrap();
    assert_eq!(row.failed_login_count, 0);
    assert_eq!(row.locked_until, None);
}

#[tokio::test]
async fn an_expired_lock_starts_a_fresh_count() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    for _ in 0..5 {
        let _ = identity::sign_in(&t.app, "asha@example.com", "wrong-password-here", &meta()).await;
    }
    t.clock.advance(Duration::minutes(16));
    // One more failure after the lock ran out is just one failure.
    assert_unauthenticated(
        identity::sign_in(&t.app, "asha@example.com", "wrong-password-here", &meta()).await,
    );
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .expect("not locked again");
}

#[tokio::test]
async fn an_unknown_email_locks_out_exactly_like_a_known_one() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..6 {
        known.push(identity::sign_in(&t.app, "asha@example.com", "wrong-password-here", &meta()).await);
        // Case and spaces don't escape the count.
        unknown.push(identity::sign_in(&t.app, " Ghost@Example.com", "wrong-password-here", &meta()).await);
    }
    for (i, (k, u)) in known.iter().zip(&unknown).enumerate() {
        assert_eq!(
            format!("{k:?}"),
            format!("{u:?}"),
            "attempt {}: known and unknown emails must answer alike",
            i + 1
        );
    }
    assert!(matches!(unknown[4], Err(Error::Unauthenticated(_))));
    assert!(matches!(
        unknown[5],
        Err(Error::RateLimited {
            retry_after_secs: 900,
            ..
        })
    ));
    // Still locked with the "right" password for the unknown email.
    assert_eq!(
        retry_after(identity::sign_in(&t.app, "ghost@example.com", PASSWORD, &meta()).await),
        900
    );
    // No account, so no email and no account to audit.
    assert!(emails(&t).await.iter().all(|m| m.to != "ghost@example.com"));

    t.clock.advance(Duration::minutes(15));
    assert_unauthenticated(
        identity::sign_in(&t.app, "ghost@example.com", "wrong-password-here", &meta()).await,
    );
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .expect("known account unlocked");
}

#[tokio::test]
async fn unknown_email_failures_outside_the_window_do_not_add_up() {
    let t = TestApp::new().await;
    for _ in 0..4 {
        let _ = identity::sign_in(&t.app, "ghost@example.com", "wrong-password-here", &meta()).await;
    }
    t.clock.advance(Duration::minutes(16));
    // The window restarted: one failure is not a lockout.
    assert_unauthenticated(
        identity::sign_in(&t.app, "ghost@example.com", "wrong-password-here", &meta()).await,
    );
    assert_unauthenticated(
        identity::sign_in(&t.app, "ghost@example.com", "wrong-password-here", &meta()).await,
    );
}

// ---------------------------------------------------------------- per-IP limit

async fn limited_app() -> TestApp {
    TestApp::with_settings(|s| s.auth_rate_limit_per_minute = 3).await
}

#[tokio::test]
async fn per_ip_limit_applies_to_sign_in() {
    let t = limited_app().await;
    t.user("asha@example.com").await;
    let a = meta_from("198.51.100.7");
    for _ in 0..3 {
        identity::sign_in(&t.app, "asha@example.com", PASSWORD, &a)
            .await
            .expect("within the limit");
    }
    let secs = retry_after(identity::sign_in(&t.app, "asha@example.com", PASSWORD, &a).await);
    assert!((1..=60).contains(&secs), "{secs}");
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta_from("198.51.100.8"))
        .await
        .expect("another IP is not limited");
    // The per-IP limit is not a failed password: the account stays unlocked.
    assert_eq!(
        user_row(&t, "asha@example.com").await.unwrap().failed_login_count,
        0
    );

    t.clock.advance(Duration::seconds(60));
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &a)
        .await
        .expect("a new minute");
}

#[tokio::test]
async fn per_ip_limit_applies_to_register() {
    let t = limited_app().await;
    let a = meta_from("198.51.100.7");
    for n in 0..3 {
        identity::register(&t.app, registration(&format!("user{n}@example.com")), &a)
            .await
            .unwrap();
    }
    let res = identity::register(&t.app, registration("user3@example.com"), &a).await;
    assert!(retry_after(res) <= 60);
    assert!(
        user_row(&t, "user3@example.com").await.is_none(),
        "nothing stored when limited"
    );
    identity::register(
        &t.app,
        registration("user4@example.com"),
        &meta_from("198.51.100.8"),
    )
    .await
    .unwrap();
    assert_eq!(count_users(&t).await, 4);
}

#[tokio::test]
async fn per_ip_limit_applies_to_password_reset() {
    let t = limited_app().await;
    t.user("asha@example.com").await;
    let a = meta_from("198.51.100.7");
    for _ in 0..3 {
        identity::request_password_reset(&t.app, "asha@example.com", &a)
            .await
            .unwrap();
    }
    assert!(retry_after(identity::request_password_reset(&t.app, "asha@example.com", &a).await) <= 60);
    assert_eq!(emails_with(&t, "password_reset").await.len(), 3);
    identity::request_password_reset(&t.app, "asha@example.com", &meta_from("198.51.100.8"))
        .await
        .unwrap();
}

#[tokio::test]
async fn per_ip_limit_is_shared_by_sign_in_register_and_reset() {
    let t = limited_app().await;
    t.user("asha@example.com").await;
    let a = meta_from("198.51.100.7");
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &a)
        .await
        .unwrap();
    identity::register(&t.app, registration("bilal@example.com"), &a)
        .await
        .unwrap();
    identity::request_password_reset(&t.app, "asha@example.com", &a)
        .await
        .unwrap();
    retry_after(identity::sign_in(&t.app, "asha@example.com", PASSWORD, &a).await);
    retry_after(identity::register(&t.app, registration("chen@example.com"), &a).await);
    retry_after(identity::request_password_reset(&t.app, "asha@example.com", &a).await);
}

// ---------------------------------------------------------------- sessions

#[tokio::test]
async fn sessions_are_created_resolved_and_listed() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let token = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    assert_eq!(token.len(), 43);

    let signed_in = identity::resolve_session(&t.app, &token, Surface::Web)
        .await
        .unwrap()
        .expect("live session");
    assert_eq!(signed_in.user.id, asha.id);
    let rows = session::Entity::find().all(&t.app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].token_hash,
        crypto::token_hash(&token),
        "only the hash is stored"
    );

    let list = identity::list_sessions(&t.app, &t.actor(&asha), Some(signed_in.session_id))
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].current);
    assert_eq!(list[0].ip.as_deref(), Some("192.0.2.1"));
    assert_eq!(list[0].user_agent.as_deref(), Some("hisaab-tests"));

    for bogus in ["", "nope", &"x".repeat(200)] {
        assert!(
            identity::resolve_session(&t.app, bogus, Surface::Web)
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn revoked_and_signed_out_sessions_no_longer_resolve() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let actor = t.actor(&asha);
    let one = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let two = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let one_id = identity::resolve_session(&t.app, &one, Surface::Web)
        .await
        .unwrap()
        .unwrap()
        .session_id;
    let two_id = identity::resolve_session(&t.app, &two, Surface::Web)
        .await
        .unwrap()
        .unwrap()
        .session_id;

    identity::revoke_session(&t.app, &actor, one_id).await.unwrap();
    assert!(
        identity::resolve_session(&t.app, &one, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        identity::resolve_session(&t.app, &two, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    assert!(matches!(
        identity::revoke_session(&t.app, &actor, one_id).await,
        Err(Error::NotFound)
    ));

    identity::sign_out(&t.app, &actor, two_id).await.unwrap();
    assert!(
        identity::resolve_session(&t.app, &two, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        identity::list_sessions(&t.app, &actor, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(audit_rows(&t, "auth.session_revoked").await.len(), 1);
    assert_eq!(audit_rows(&t, "auth.sign_out").await.len(), 1);
}

#[tokio::test]
async fn a_new_sign_in_rotates_the_browsers_session() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let old = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let new = identity::create_session(&t.app, &asha, Surface::Web, Some(&old), &meta())
        .await
        .unwrap();
    assert_ne!(old, new);
    assert!(
        identity::resolve_session(&t.app, &old, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        identity::resolve_session(&t.app, &new, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn idle_sessions_expire_after_thirty_days() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let idle = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let active = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();

    t.clock.advance(Duration::days(29));
    // Use slides the idle timeout forward.
    assert!(
        identity::resolve_session(&t.app, &active, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    t.clock.advance(Duration::days(1) + Duration::seconds(1));
    assert!(
        identity::resolve_session(&t.app, &idle, Surface::Web)
            .await
            .unwrap()
            .is_none(),
        "30 days idle"
    );
    assert!(
        identity::resolve_session(&t.app, &active, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    t.clock.advance(Duration::days(30));
    assert!(
        identity::resolve_session(&t.app, &active, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn sessions_only_resolve_on_their_own_surface() {
    let t = TestApp::new().await;
    let staff = t.user_with_role("staff@example.com", Role::Superadmin).await;
    let asha = t.user("asha@example.com").await;

    let web = identity::create_session(&t.app, &staff, Surface::Web, None, &meta())
        .await
        .unwrap();
    assert!(
        identity::resolve_session(&t.app, &web, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        identity::resolve_session(&t.app, &web, Surface::Admin)
            .await
            .unwrap()
            .is_none(),
        "a web session is not an admin session, even for staff"
    );

    let admin = identity::create_session(&t.app, &staff, Surface::Admin, None, &meta())
        .await
        .unwrap();
    assert!(
        identity::resolve_session(&t.app, &admin, Surface::Admin)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        identity::resolve_session(&t.app, &admin, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );

    // An admin-surface session of someone who is not staff is worthless.
    let not_staff = identity::create_session(&t.app, &asha, Surface::Admin, None, &meta())
        .await
        .unwrap();
    assert!(
        identity::resolve_session(&t.app, &not_staff, Surface::Admin)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn change_password_keeps_the_current_session_and_ends_the_others() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let actor = t.actor(&asha);
    let current = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let other = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let pair = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    let current_id = identity::resolve_session(&t.app, &current, Surface::Web)
        .await
        .unwrap()
        .unwrap()
        .session_id;

    identity::change_password(&t.app, &actor, PASSWORD, NEW_PASSWORD, Some(current_id))
        .await
        .unwrap();

    assert!(
        identity::resolve_session(&t.app, &current, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        identity::resolve_session(&t.app, &other, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
    assert_unauthenticated(identity::refresh_tokens(&t.app, &pair.refresh_token, &meta()).await);
    let families = refresh_token_family::Entity::find().all(&t.app.db).await.unwrap();
    assert!(families.iter().all(|f| f.revoked_at.is_some()));

    assert_unauthenticated(identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta()).await);
    identity::sign_in(&t.app, "asha@example.com", NEW_PASSWORD, &meta())
        .await
        .expect("new password");
    assert_eq!(only_email(&t, "password_changed").await.to, "asha@example.com");
    assert_eq!(audit_rows(&t, "auth.password_changed").await.len(), 1);
}

#[tokio::test]
async fn change_password_checks_the_current_and_the_new_password() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let actor = t.actor(&asha);
    let session = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let before = user_row(&t, "asha@example.com").await.unwrap();

    let cases = [
        ("wrong-current-password", NEW_PASSWORD, "current_password"),
        (PASSWORD, "short", "new_password"),
        (PASSWORD, "1Q2W3E4R5T6Y", "new_password"),
        (PASSWORD, "asha-likes-long-passwords", "new_password"),
        (PASSWORD, PASSWORD, "new_password"),
    ];
    for (current, new, field) in cases {
        let fields = invalid_fields(identity::change_password(&t.app, &actor, current, new, None).await);
        assert_eq!(fields, [field], "{current} -> {new}");
    }
    assert_eq!(user_row(&t, "asha@example.com").await.unwrap(), before);
    assert!(
        identity::resolve_session(&t.app, &session, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    assert!(emails(&t).await.is_empty());
}

#[tokio::test]
async fn another_users_session_cannot_be_seen_or_revoked() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let bilal = t.user("bilal@example.com").await;
    let bilal_token = identity::create_session(&t.app, &bilal, Surface::Web, None, &meta())
        .await
        .unwrap();
    let bilal_session = identity::resolve_session(&t.app, &bilal_token, Surface::Web)
        .await
        .unwrap()
        .unwrap()
        .session_id;
    let asha_actor = t.actor(&asha);

    assert!(
        identity::list_sessions(&t.app, &asha_actor, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        identity::revoke_session(&t.app, &asha_actor, bilal_session).await,
        Err(Error::NotFound)
    ));
    // Signing "out" someone else's session does nothing either.
    let _ = identity::sign_out(&t.app, &asha_actor, bilal_session).await;
    // Not even with Bilal's user id but Asha's tenant (a forged actor).
    let mut forged = t.actor(&bilal);
    forged.tenant_id = asha.tenant_id;
    assert!(matches!(
        identity::revoke_session(&t.app, &forged, bilal_session).await,
        Err(Error::NotFound)
    ));

    let row = session::Entity::find_by_id(bilal_session)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.revoked_at.is_none());
    assert!(
        identity::resolve_session(&t.app, &bilal_token, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    assert!(audit_rows(&t, "auth.session_revoked").await.is_empty());
}

// ---------------------------------------------------------------- API tokens

#[tokio::test]
async fn issued_access_tokens_verify() {
    let t = TestApp::new().await;
    let asha = t.user_with_role("asha@example.com", Role::Premium).await;
    let pair = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    assert_eq!(pair.expires_in, 900);
    assert_eq!(pair.access_token.split('.').count(), 3);

    let actor = identity::verify_access_token(&t.app, &pair.access_token, meta()).expect("valid token");
    assert_eq!(actor.user_id, asha.id);
    assert_eq!(actor.tenant_id, asha.tenant_id);
    assert_eq!(actor.role, Role::Premium);
    assert_eq!(audit_rows(&t, "auth.token_issued").await.len(), 1);
}

#[tokio::test]
async fn access_tokens_expire_after_fifteen_minutes() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let pair = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    t.clock.advance(Duration::minutes(15) - Duration::seconds(1));
    identity::verify_access_token(&t.app, &pair.access_token, meta()).expect("still valid");
    t.clock.advance(Duration::minutes(1) + Duration::seconds(1));
    assert_unauthenticated(identity::verify_access_token(&t.app, &pair.access_token, meta()));
}

#[tokio::test]
async fn refresh_rotates_the_pair() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let first = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    t.clock.advance(Duration::minutes(20));
    assert_unauthenticated(identity::verify_access_token(&t.app, &first.access_token, meta()));

    let second = identity::refresh_tokens(&t.app, &first.refresh_token, &meta())
        .await
        .unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(
        identity::verify_access_token(&t.app, &second.access_token, meta())
            .unwrap()
            .user_id,
        asha.id
    );
    let third = identity::refresh_tokens(&t.app, &second.refresh_token, &meta())
        .await
        .unwrap();
    identity::verify_access_token(&t.app, &third.access_token, meta()).unwrap();
    assert_eq!(
        refresh_token_family::Entity::find()
            .all(&t.app.db)
            .await
            .unwrap()
            .len(),
        1,
        "one family"
    );
}

#[tokio::test]
async fn reusing_a_refresh_token_revokes_its_whole_family() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let first = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    let elsewhere = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    let second = identity::refresh_tokens(&t.app, &first.refresh_token, &meta())
        .await
        .unwrap();

    assert_unauthenticated(identity::refresh_tokens(&t.app, &first.refresh_token, &meta()).await);
    assert_unauthenticated(identity::refresh_tokens(&t.app, &second.refresh_token, &meta()).await);

    let families = refresh_token_family::Entity::find().all(&t.app.db).await.unwrap();
    let revoked: Vec<_> = families.iter().filter(|f| f.revoked_at.is_some()).collect();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].revoke_reason.as_deref(), Some("reuse_detected"));
    assert_eq!(audit_rows(&t, "auth.refresh_reuse").await.len(), 1);
    // Another sign-in's family is untouched.
    identity::refresh_tokens(&t.app, &elsewhere.refresh_token, &meta())
        .await
        .expect("other family");
}

#[tokio::test]
async fn logout_revokes_the_family() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let first = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    let second = identity::refresh_tokens(&t.app, &first.refresh_token, &meta())
        .await
        .unwrap();
    identity::logout_refresh_token(&t.app, &first.refresh_token, &meta())
        .await
        .unwrap();
    assert_unauthenticated(identity::refresh_tokens(&t.app, &second.refresh_token, &meta()).await);
    let family = refresh_token_family::Entity::find()
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(family.revoke_reason.as_deref(), Some("logout"));
    // Idempotent, and unknown tokens are ignored.
    identity::logout_refresh_token(&t.app, &second.refresh_token, &meta())
        .await
        .unwrap();
    identity::logout_refresh_token(&t.app, "not-a-token", &meta())
        .await
        .unwrap();
}

#[tokio::test]
async fn refresh_tokens_expire_and_bogus_ones_fail() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let pair = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    for bogus in ["", "nope", &pair.access_token] {
        assert_unauthenticated(identity::refresh_tokens(&t.app, bogus, &meta()).await);
    }
    t.clock.advance(Duration::days(30) + Duration::seconds(1));
    assert_unauthenticated(identity::refresh_tokens(&t.app, &pair.refresh_token, &meta()).await);
}

#[tokio::test]
async fn refresh_is_refused_while_the_account_is_locked() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let pair = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    for _ in 0..5 {
        let _ = identity::sign_in(&t.app, "asha@example.com", "wrong-password-here", &meta()).await;
    }
    assert_unauthenticated(identity::refresh_tokens(&t.app, &pair.refresh_token, &meta()).await);
}

fn b64json(value: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn claims_for(user: &identity::UserView, now: i64) -> AccessClaims {
    AccessClaims {
        sub: user.id.to_string(),
        tenant: user.tenant_id.to_string(),
        role: "user".into(),
        iat: now,
        exp: now + 900,
        jti: uuid::Uuid::now_v7().to_string(),
        typ: "access".into(),
        sid: None,
    }
}

/// Signs claims the way the server does, with its real key.
fn sign(claims: &impl serde::Serialize, alg: Algorithm, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(key)).unwrap()
}

#[tokio::test]
async fn forged_access_tokens_are_refused() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let now = t.app.now().unix_timestamp();
    let server_key = crypto::derive_key(DEV_SECRET_KEY, "jwt-hs256");

    // Control: the harness signs exactly like the server, so the refusals below
    // are about the forgery and nothing else.
    let genuine = sign(&claims_for(&asha, now), Algorithm::HS256, &server_key);
    identity::verify_access_token(&t.app, &genuine, meta()).expect("genuine token");

    let claims = serde_json::to_value(claims_for(&asha, now)).unwrap();
    let alg_none = format!(
        "{}.{}.",
        b64json(&serde_json::json!({"alg": "none", "typ": "JWT"})),
        b64json(&claims)
    );
    let alg_none_upper = format!(
        "{}.{}.",
        b64json(&serde_json::json!({"alg": "None", "typ": "JWT"})),
        b64json(&claims)
    );
    let other_key = sign(
        &claims_for(&asha, now),
        Algorithm::HS256,
        b"some-other-secret-key-0123456789abcdef",
    );
    let hs512 = sign(&claims_for(&asha, now), Algorithm::HS512, &server_key);

    let real = identity::issue_tokens(&t.app, &asha, &meta())
        .await
        .unwrap()
        .access_token;
    let parts: Vec<&str> = real.split('.').collect();
    let mut payload: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["role"] = "superadmin".into();
    let tampered = format!("{}.{}.{}", parts[0], b64json(&payload), parts[2]);
    let stripped = format!("{}.{}.", parts[0], parts[1]);

    let wrong_typ = sign(
        &AccessClaims {
            typ: "refresh".into(),
            ..claims_for(&asha, now)
        },
        Algorithm::HS256,
        &server_key,
    );
    let no_exp = sign(
        &serde_json::json!({"sub": asha.id.to_string(), "tenant": asha.tenant_id.to_string(), "role": "user",
            "iat": now, "jti": "x", "typ": "access"}),
        Algorithm::HS256,
        &server_key,
    );
    let bad_role = sign(
        &AccessClaims {
            role: "root".into(),
            ..claims_for(&asha, now)
        },
        Algorithm::HS256,
        &server_key,
    );
    let bad_sub = sign(
        &AccessClaims {
            sub: "alice".into(),
            ..claims_for(&asha, now)
        },
        Algorithm::HS256,
        &server_key,
    );
    let expired = sign(
        &AccessClaims {
            exp: now - 1,
            ..claims_for(&asha, now)
        },
        Algorithm::HS256,
        &server_key,
    );

    let forgeries = [
        ("alg none", alg_none),
        ("alg None", alg_none_upper),
        ("another key", other_key),
        ("HS512", hs512),
        ("role changed to superadmin", tampered),
        ("signature stripped", stripped),
        ("typ refresh", wrong_typ),
        ("no exp", no_exp),
        ("unknown role", bad_role),
        ("sub not a uuid", bad_sub),
        ("expired", expired),
        ("garbage", "not.a.jwt".to_string()),
        ("empty", String::new()),
    ];
    for (what, token) in forgeries {
        match identity::verify_access_token(&t.app, &token, meta()) {
            Err(Error::Unauthenticated(_)) => {}
            other => panic!("{what}: expected Unauthenticated, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------- password reset

#[tokio::test]
async fn reset_for_an_unknown_email_is_ok_and_sends_nothing() {
    let t = TestApp::new().await;
    identity::request_password_reset(&t.app, "ghost@example.com", &meta())
        .await
        .expect("same answer");
    assert_eq!(count_outbox(&t).await, 0);
    assert_eq!(
        invalid_fields(identity::request_password_reset(&t.app, "not an email", &meta()).await),
        ["email"]
    );
}

#[tokio::test]
async fn reset_sends_a_link_with_a_token() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    identity::request_password_reset(&t.app, " ASHA@example.com ", &meta())
        .await
        .unwrap();
    let mail = only_email(&t, "password_reset").await;
    assert_eq!(mail.to, "asha@example.com");
    assert_eq!(mail.context["expires_minutes"], 60);
    let link = mail.context["link"].as_str().unwrap();
    assert!(
        link.starts_with(&format!(
            "{}/password-reset/confirm?token=",
            t.app.settings.public_url
        )),
        "{link}"
    );
    assert_eq!(audit_rows(&t, "auth.password_reset_requested").await.len(), 1);
}

#[tokio::test]
async fn a_weak_new_password_keeps_the_reset_token_usable() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    identity::request_password_reset(&t.app, "asha@example.com", &meta())
        .await
        .unwrap();
    let token = email_token(&only_email(&t, "password_reset").await);

    for weak in ["short", "1Q2W3E4R5T6Y", "asha-forgot-her-password"] {
        let res = identity::confirm_password_reset(&t.app, &token, weak, &meta()).await;
        assert_eq!(invalid_fields(res), ["new_password"], "{weak}");
    }
    identity::confirm_password_reset(&t.app, &token, NEW_PASSWORD, &meta())
        .await
        .expect("token still usable");
}

#[tokio::test]
async fn confirming_a_reset_changes_the_password_ends_sessions_lifts_lockout_and_verifies() {
    let t = TestApp::new().await;
    register(&t, "asha@example.com").await;
    let asha: identity::UserView = user_row(&t, "asha@example.com").await.unwrap().into();
    assert!(!asha.email_verified);
    let session = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let pair = identity::issue_tokens(&t.app, &asha, &meta()).await.unwrap();
    for _ in 0..5 {
        let _ = identity::sign_in(&t.app, "asha@example.com", "wrong-password-here", &meta()).await;
    }
    assert!(
        user_row(&t, "asha@example.com")
            .await
            .unwrap()
            .locked_until
            .is_some()
    );

    identity::request_password_reset(&t.app, "asha@example.com", &meta())
        .await
        .unwrap();
    let token = email_token(&only_email(&t, "password_reset").await);
    identity::confirm_password_reset(&t.app, &token, NEW_PASSWORD, &meta())
        .await
        .unwrap();

    let row = user_row(&t, "asha@example.com").await.unwrap();
    assert!(row.email_verified, "proving the mailbox verifies the email");
    assert_eq!(row.email_verified_at, Some(t.app.now()));
    assert_eq!(row.locked_until, None);
    assert_eq!(row.failed_login_count, 0);
    assert!(password::verify(NEW_PASSWORD, &row.password_hash).await);
    assert!(
        identity::resolve_session(&t.app, &session, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
    assert_unauthenticated(identity::refresh_tokens(&t.app, &pair.refresh_token, &meta()).await);
    identity::sign_in(&t.app, "asha@example.com", NEW_PASSWORD, &meta())
        .await
        .expect("new password, unlocked");
    assert_eq!(only_email(&t, "password_changed").await.to, "asha@example.com");
    assert_eq!(audit_rows(&t, "auth.password_reset").await.len(), 1);
}

#[tokio::test]
async fn reset_tokens_are_single_use() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    identity::request_password_reset(&t.app, "asha@example.com", &meta())
        .await
        .unwrap();
    let token = email_token(&only_email(&t, "password_reset").await);
    identity::confirm_password_reset(&t.app, &token, NEW_PASSWORD, &meta())
        .await
        .unwrap();
    let again = identity::confirm_password_reset(&t.app, &token, "yet-another-password-99", &meta()).await;
    assert_eq!(invalid_fields(again), ["token"]);
    identity::sign_in(&t.app, "asha@example.com", NEW_PASSWORD, &meta())
        .await
        .expect("first reset stands");
}

#[tokio::test]
async fn reset_tokens_expire_after_an_hour_and_are_replaced_by_newer_ones() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    identity::request_password_reset(&t.app, "asha@example.com", &meta())
        .await
        .unwrap();
    identity::request_password_reset(&t.app, "asha@example.com", &meta())
        .await
        .unwrap();
    let mails = emails_with(&t, "password_reset").await;
    let (older, newer) = (email_token(&mails[0]), email_token(&mails[1]));
    let res = identity::confirm_password_reset(&t.app, &older, NEW_PASSWORD, &meta()).await;
    assert_eq!(
        invalid_fields(res),
        ["token"],
        "a newer link replaces the older one"
    );

    t.clock.advance(Duration::minutes(61));
    let res = identity::confirm_password_reset(&t.app, &newer, NEW_PASSWORD, &meta()).await;
    assert_eq!(invalid_fields(res), ["token"]);
    identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .expect("password unchanged");
}

#[tokio::test]
async fn a_verification_token_cannot_reset_a_password() {
    let t = TestApp::new().await;
    register(&t, "asha@example.com").await;
    let verify = email_token(&only_email(&t, "verify_email").await);
    let res = identity::confirm_password_reset(&t.app, &verify, NEW_PASSWORD, &meta()).await;
    assert_eq!(invalid_fields(res), ["token"]);
    assert!(
        password::verify(
            "tangerine-otter-87",
            &user_row(&t, "asha@example.com").await.unwrap().password_hash
        )
        .await
    );
    for bogus in ["", "nope", &"y".repeat(300)] {
        let res = identity::confirm_password_reset(&t.app, bogus, NEW_PASSWORD, &meta()).await;
        assert_eq!(invalid_fields(res), ["token"], "{bogus:?}");
    }
    // The verification link still works for its own purpose.
    identity::verify_email(&t.app, &verify, &meta())
        .await
        .expect("verify token unspent");
    let unused = email_token::Entity::find()
        .filter(email_token::Column::UsedAt.is_null())
        .all(&t.app.db)
        .await
        .unwrap();
    assert!(unused.is_empty());
}

#[tokio::test]
async fn sign_in_with_control_characters_in_the_email_is_just_a_failure() {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    for email in ["asha\0@example.com", "\0", "asha@example.com\u{7}"] {
        let res = identity::sign_in(&t.app, email, PASSWORD, &meta()).await;
        assert!(
            matches!(res, Err(Error::Unauthenticated(_))),
            "{email:?}: expected Unauthenticated, got {res:?}"
        );
    }
}
