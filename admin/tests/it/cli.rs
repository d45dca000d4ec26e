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
    let secret = b.enrolment_secret().await;
    b.enrol(&t.app, &secret).await.assert_status_is_ok();
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

#[tokio::test]
async fn finance_verify_rollups_lists_mismatches_and_rebuild_repairs_them() {
    use hisaab_service::finance::accounts::{self, NewAccount};
    use hisaab_service::finance::transactions::{self, NewTransaction};
    use sea_orm::ConnectionTrait;

    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let acct = accounts::create_account(
        &t.app,
        &a,
        NewAccount {
            name: "Bank".into(),
            kind: "checking".into(),
            currency: "USD".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for (kind, amount, date) in [("income", "100", "2026-10-01"), ("expense", "30.5", "2026-11-02")] {
        transactions::record_transaction(
            &t.app,
            &a,
            NewTransaction {
                account_id: acct.id.to_string(),
                kind: kind.into(),
                amount: amount.into(),
                date: date.into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    }
    assert_eq!(
        cli::verify_rollups(&t.app, false).await.unwrap(),
        "The monthly rollups match the records."
    );
    t.app
        .db
        .execute_unprepared("UPDATE fin_account_month_totals SET expense = expense + 7 WHERE month = 202611")
        .await
        .unwrap();
    let err = cli::verify_rollups(&t.app, false).await.unwrap_err().to_string();
    assert!(err.starts_with("1 account-month rollup(s) disagree"), "{err}");
    assert!(
        err.contains(&format!("account {} month 202611", acct.id)),
        "{err}"
    );
    assert!(err.contains("--rebuild"), "{err}");
    let fixed = cli::verify_rollups(&t.app, true).await.unwrap();
    assert!(
        fixed.ends_with("Rebuilt 2 rollup rows from the records; they match now."),
        "{fixed}"
    );
    assert_eq!(
        cli::verify_rollups(&t.app, false).await.unwrap(),
        "The monthly rollups match the records."
    );
}

#[tokio::test]
async fn social_verify_rollups_lists_mismatches_and_rebuild_repairs_them() {
    use hisaab_service::social::{
        self, ContactInput, ExpenseInput, GroupInput, ParticipantInput, PayerInput, SplitInput,
    };
    use sea_orm::ConnectionTrait;

    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let meera = social::create_contact(
        &t.app,
        &a,
        ContactInput {
            name: "Meera".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let g = social::create_group(
        &t.app,
        &a,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![meera.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    let everyone = g
        .members
        .iter()
        .map(|m| ParticipantInput {
            member_id: m.id.to_string(),
            value: None,
        })
        .collect();
    let input = ExpenseInput {
        description: "Rent".into(),
        date: "2026-11-01".into(),
        total: "800.00".into(),
        payers: vec![PayerInput {
            member_id: g.members[0].id.to_string(),
            amount: "800.00".into(),
            account_id: None,
        }],
        split: SplitInput {
            method: "equal".into(),
            participants: everyone,
            ..Default::default()
        },
        ..Default::default()
    };
    social::add_expense(&t.app, &a, None, g.id, input).await.unwrap();
    let ok = "The group pair balances match the records.";
    assert_eq!(cli::verify_group_balances(&t.app, false).await.unwrap(), ok);
    t.app
        .db
        .execute_unprepared("DELETE FROM group_pair_balances")
        .await
        .unwrap();
    let err = cli::verify_group_balances(&t.app, false)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("1 group pair balance(s) disagree"), "{err}");
    assert!(err.contains(&format!("group {}", g.id)), "{err}");
    assert!(
        err.contains("records say 4000000, rollup holds 0")
            || err.contains("records say -4000000, rollup holds 0"),
        "{err}"
    );
    let fixed = cli::verify_group_balances(&t.app, true).await.unwrap();
    assert!(
        fixed.ends_with("Rebuilt 1 rollup rows from the records; they match now."),
        "{fixed}"
    );
    assert_eq!(cli::verify_group_balances(&t.app, false).await.unwrap(), ok);
}

#[tokio::test]
async fn retention_run_dry_run_counts_then_run_removes_and_a_second_run_removes_nothing() {
    use hisaab_service::entity::{AuditId, audit_log};
    use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
    let t = TestApp::new().await;
    let before = audit_log::Entity::find().count(&t.app.db).await.unwrap();
    audit_log::ActiveModel {
        id: Set(AuditId::new()),
        tenant_id: Set(None),
        actor_user_id: Set(None),
        subject_user_id: Set(None),
        action: Set("auth.sign_in.success".into()),
        details: Set("{}".into()),
        ip: Set(None),
        user_agent: Set(None),
        request_id: Set(None),
        // Recent today, but more than two years old as of 2030-01-01.
        created_at: Set(t.app.now() - time::Duration::days(1)),
    }
    .insert(&t.app.db)
    .await
    .unwrap();

    let out = cli::run_retention_pass(&t.app, None, true).await.unwrap();
    assert!(out.contains("security audit entries: would remove 0"), "{out}");
    let out = cli::run_retention_pass(&t.app, Some("2030-01-01"), true)
        .await
        .unwrap();
    assert!(
        out.starts_with("Retention dry run (nothing deleted) as of 2030-01-01"),
        "{out}"
    );
    assert!(out.contains("security audit entries: would remove 1"), "{out}");
    assert_eq!(
        audit_log::Entity::find().count(&t.app.db).await.unwrap(),
        before + 1
    );

    let out = cli::run_retention_pass(&t.app, Some("2030-01-01"), false)
        .await
        .unwrap();
    assert!(out.contains("security audit entries: removed 1"), "{out}");
    assert_eq!(audit_log::Entity::find().count(&t.app.db).await.unwrap(), before);
    let out = cli::run_retention_pass(&t.app, Some("2030-01-01"), false)
        .await
        .unwrap();
    assert!(out.ends_with("total: removed 0"), "{out}");

    let err = cli::run_retention_pass(&t.app, Some("31/01/2030"), true)
        .await
        .unwrap_err();
    assert!(err.0.contains("--as-of must be a date like"), "{err}");
}
