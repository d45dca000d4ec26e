//! The `hisaab-admin user …` handlers, called as the binary calls them.

use crate::*;
use hisaab_admin::cli::{self, CreateUser, RoleArg, UserCommand};
use hisaab_service::Error;
use hisaab_service::identity;
use hisaab_service::testkit::meta;

fn create(email: &str, password: &str, role: RoleArg) -> CreateUser {
    CreateUser {
        email: email.into(),
        password: password.into(),
        role,
        verified: true,
        name: Some("Ops Team".into()),
    }
}

#[tokio::test]
async fn user_create_makes_a_superadmin_who_can_sign_in_to_the_console() {
    let t = TestApp::new().await;
    let line = cli::create_user(&t.app, &create("Ops@Example.com", PASSWORD, RoleArg::Superadmin))
        .await
        .unwrap();
    assert!(
        line.starts_with("Created ops@example.com (superadmin, id "),
        "{line}"
    );
    assert!(line.ends_with("email verified."), "{line}");
    assert!(!line.contains('\n'));

    let mut b = Browser::open(&t.app).await;
    b.sign_in("ops@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let html = body(b.get("/users").await).await;
    assert!(html.contains("Ops Team"));
}

#[tokio::test]
async fn user_create_explains_what_is_wrong() {
    let t = TestApp::new().await;
    let err = cli::create_user(&t.app, &create("ops@example.com", "short", RoleArg::User))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot create the account: password: Use at least 12 characters (5 so far)."
    );
    let err = cli::create_user(&t.app, &create("ops@example.com", "1Q2W3E4R5T6Y", RoleArg::User))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("most common"), "{err}");
    let err = cli::create_user(&t.app, &create("not-an-email", PASSWORD, RoleArg::User))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("email: "), "{err}");

    cli::create_user(&t.app, &create("ops@example.com", PASSWORD, RoleArg::Premium))
        .await
        .unwrap();
    let err = cli::create_user(&t.app, &create("ops@example.com", PASSWORD, RoleArg::Premium))
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with("cannot create the account: "),
        "{err}"
    );
}

#[tokio::test]
async fn user_lock_and_unlock_by_email() {
    let t = TestApp::new().await;
    let alice = t.user("alice@example.com").await;

    let line = cli::run_user(
        &t.app,
        &UserCommand::Lock {
            email: "Alice@example.com".into(),
        },
    )
    .await
    .unwrap();
    assert!(line.starts_with("Locked alice@example.com"), "{line}");
    let refused = identity::sign_in(&t.app, "alice@example.com", PASSWORD, &meta()).await;
    assert!(matches!(refused, Err(Error::RateLimited { .. })), "{refused:?}");
    assert_eq!(audit(&t.app, "admin.user_locked", alice.id).await.len(), 1);

    let line = cli::run_user(
        &t.app,
        &UserCommand::Unlock {
            email: "alice@example.com".into(),
        },
    )
    .await
    .unwrap();
    assert!(line.starts_with("Unlocked alice@example.com"), "{line}");
    identity::sign_in(&t.app, "alice@example.com", PASSWORD, &meta())
        .await
        .expect("unlocked");

    let err = cli::set_lock(&t.app, "nobody@example.com", true)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot lock the account: there is no account with that email address"
    );
}
