//! Deleting an account (issue 14, ADR 0026): asked for with the password
//! (and a code), cancelled by signing in during the grace period, then
//! erased by the retention run: private rows gone, shared ones unchanged for
//! the others, the person shown as "Former member".

use crate::social::{contact, equal, linked};
use crate::*;
use hisaab_service::entity::{
    account_deletion, account_erasure, audit_log, finance as fin, notification, session, social as soc, user,
};
use hisaab_service::finance::accounts::{self, NewAccount};
use hisaab_service::identity::{self, Purpose, SignInStep};
use hisaab_service::retention::{self, Pass};
use hisaab_service::social::{self, ContactInput, DebtInput, GroupInput};
use hisaab_service::testkit::{PASSWORD, meta};
use hisaab_service::{Actor, entity::UserId};
use sea_orm::{ActiveModelTrait, Set};
use time::Duration;

async fn schedule(t: &TestApp, who: &Actor) -> identity::DeletionView {
    identity::request_account_deletion(&t.app, who, PASSWORD, None)
        .await
        .expect("deletion scheduled")
}

async fn sign_in(t: &TestApp, email: &str) -> Result<SignInStep, Error> {
    identity::sign_in_start(&t.app, email, PASSWORD, Purpose::Web, &meta()).await
}

async fn live_sessions(t: &TestApp, id: UserId) -> usize {
    session::Entity::find()
        .filter(session::Column::UserId.eq(id))
        .filter(session::Column::RevokedAt.is_null())
        .count(&t.app.db)
        .await
        .unwrap() as usize
}

#[tokio::test]
async fn asking_needs_the_password_and_schedules_in_14_days_ending_every_sign_in() {
    let t = TestApp::new().await;
    let asha_user = t.user("asha@example.com").await;
    let asha = t.actor(&asha_user);
    identity::create_session(&t.app, &asha_user, session::Surface::Web, None, &meta())
        .await
        .unwrap();
    assert_eq!(live_sessions(&t, asha.user_id).await, 1);

    let wrong = identity::request_account_deletion(&t.app, &asha, "not-my-password", None).await;
    match wrong {
        Err(Error::Invalid { errors, .. }) => {
            assert_eq!(errors[0].field, "password");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert!(
        identity::account_deletion_status(&t.app, &asha)
            .await
            .unwrap()
            .is_none()
    );

    let view = schedule(&t, &asha).await;
    assert_eq!(view.deletion_scheduled_at, t.app.now() + Duration::days(14));
    assert_eq!(
        identity::account_deletion_status(&t.app, &asha).await.unwrap(),
        Some(view)
    );
    assert_eq!(live_sessions(&t, asha.user_id).await, 0, "signed out everywhere");
    let mail = only_email(&t, "account_deletion_requested").await;
    assert_eq!(mail.to, "asha@example.com");
    assert_eq!(mail.context["erase_on"], "9 December 2026");
    let rendered =
        hisaab_service::mail::render(&hisaab_service::templating::Templates::new(|_| {}), &mail).unwrap();
    assert_eq!(
        rendered.subject,
        "Your Hisaab account will be deleted on 9 December 2026"
    );
    assert!(
        rendered.text.contains("Sign in before 9 December 2026"),
        "{}",
        rendered.text
    );
    assert!(
        rendered.html.contains("Sign in to keep my account"),
        "with the sign-in button"
    );
    assert!(rendered.text.contains("/login"), "with the sign-in link");
    // Asking again keeps the first date.
    t.clock.advance(Duration::days(1));
    assert_eq!(schedule(&t, &asha).await, view);
}

#[tokio::test]
async fn with_two_factor_on_a_code_is_needed_too() {
    let t = TestApp::new().await;
    let asha_user = t.user("asha@example.com").await;
    let asha = t.actor(&asha_user);
    identity::start_enrolment(&t.app, &asha).await.unwrap();
    let code = identity::test_code(&t.app, asha.user_id).await;
    identity::confirm_enrolment(&t.app, &asha, &code).await.unwrap();
    t.clock.advance(Duration::minutes(5));

    match identity::request_account_deletion(&t.app, &asha, PASSWORD, None).await {
        Err(Error::Invalid { errors, .. }) => assert_eq!(errors[0].field, "code"),
        other => panic!("expected a code error, got {other:?}"),
    }
    match identity::request_account_deletion(&t.app, &asha, PASSWORD, Some("000000")).await {
        Err(Error::Invalid { errors, .. }) => assert_eq!(errors[0].field, "code"),
        other => panic!("expected a code error, got {other:?}"),
    }
    assert!(
        identity::account_deletion_status(&t.app, &asha)
            .await
            .unwrap()
            .is_none()
    );
    let code = identity::test_code(&t.app, asha.user_id).await;
    identity::request_account_deletion(&t.app, &asha, PASSWORD, Some(&code))
        .await
        .unwrap();
    assert!(
        identity::account_deletion_status(&t.app, &asha)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn signing_in_during_the_grace_period_cancels_it_and_says_so() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    schedule(&t, &asha).await;
    t.clock.advance(Duration::days(13));
    assert!(matches!(
        sign_in(&t, "asha@example.com").await,
        Ok(SignInStep::Done(_))
    ));
    assert!(
        identity::account_deletion_status(&t.app, &asha)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        only_email(&t, "account_deletion_cancelled").await.to,
        "asha@example.com"
    );
    let cancelled = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("account.deletion_cancelled"))
        .count(&t.app.db)
        .await
        .unwrap();
    assert_eq!(cancelled, 1);
    // Past the old date nothing is erased.
    t.clock.advance(Duration::days(2));
    assert_eq!(retention::purge_expired(&t.app).await.unwrap().accounts_erased, 0);
    // A second sign-in sends nothing more.
    sign_in(&t, "asha@example.com").await.unwrap();
    assert_eq!(emails_with(&t, "account_deletion_cancelled").await.len(), 1);
}

/// Tenant isolation: a deletion is only ever the asker's own; another
/// person's sign-in or request neither cancels nor changes it, and they
/// cannot see it.
#[tokio::test]
async fn nobody_else_can_see_cancel_or_change_a_scheduled_deletion() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bo = t.actor(&t.user("bo@example.com").await);
    let view = schedule(&t, &asha).await;
    assert!(
        identity::account_deletion_status(&t.app, &bo)
            .await
            .unwrap()
            .is_none()
    );
    sign_in(&t, "bo@example.com").await.unwrap();
    t.clock.advance(Duration::days(3));
    let bos = schedule(&t, &bo).await;
    assert_ne!(bos, view);
    assert_eq!(
        identity::account_deletion_status(&t.app, &asha).await.unwrap(),
        Some(view)
    );
    // At Asha's date only Asha is erased.
    t.clock.advance(Duration::days(12));
    let purged = retention::purge_expired(&t.app).await.unwrap();
    assert_eq!(purged.accounts_erased, 1);
    assert!(identity::erased_at(&t.app, asha.user_id).await.unwrap().is_some());
    assert!(identity::erased_at(&t.app, bo.user_id).await.unwrap().is_none());
    assert!(
        identity::account_deletion_status(&t.app, &bo)
            .await
            .unwrap()
            .is_some()
    );
}

/// What Asha sees of a group, with names left out: the amounts per member
/// and the plan's payments.
async fn amounts(
    t: &TestApp,
    who: &Actor,
    group: hisaab_service::entity::social::ExpenseGroupId,
) -> (Vec<String>, Vec<String>) {
    let b = social::group_balances(&t.app, who, group).await.unwrap();
    let plan = social::group_plan(&t.app, who, group).await.unwrap();
    (
        b.members
            .iter()
            .map(|m| format!("{} {}", m.member_id, m.balance))
            .collect(),
        plan.payments
            .iter()
            .map(|p| format!("{} -> {} {}", p.from_member_id, p.to_member_id, p.amount))
            .collect(),
    )
}

async fn count_in<E: EntityTrait>(t: &TestApp, col: E::Column, id: uuid::Uuid) -> u64
where
    E::Model: Sync,
{
    E::find().filter(col.eq(id)).count(&t.app.db).await.unwrap()
}

#[tokio::test]
async fn erasure_keeps_the_other_members_balances_and_plans_and_removes_the_private_rows() {
    let t = TestApp::new().await;
    // Asha's contact "Meera" is linked to Meera (Asha invited, Meera accepted).
    let (asha, meera, asha_contact_for_meera) = linked(&t).await;
    // Meera links back to Asha, so Meera's own group can be shared with her.
    let meeras_asha = social::create_contact(
        &t.app,
        &meera,
        ContactInput {
            name: "Asha".into(),
            email: Some("asha@example.com".into()),
            notes: Some("met at work".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let inv = social::invite_contact(&t.app, &meera, meeras_asha.id)
        .await
        .unwrap();
    social::respond_to_invitation(&t.app, &asha, inv.id, true)
        .await
        .unwrap();

    // Asha's group with Meera: Meera paid 40 for both.
    let flat = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![asha_contact_for_meera.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    social::add_expense(&t.app, &meera, None, flat.id, equal(&flat, "40.00", 1, &[0, 1]))
        .await
        .unwrap();
    // Meera's group with Asha and Kabir (a contact only Meera has): Asha paid 90.
    let kabir = contact(&t, &meera, "Kabir").await;
    let trip = social::create_group(
        &t.app,
        &meera,
        GroupInput {
            name: "Trip".into(),
            currency: "USD".into(),
            contact_ids: vec![meeras_asha.id.to_string(), kabir.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    let trip_for_asha = social::get_group(&t.app, &asha, trip.id).await.unwrap();
    let asha_idx = trip_for_asha
        .members
        .iter()
        .position(|m| m.viewer)
        .expect("Asha is in Trip");
    social::add_expense(
        &t.app,
        &asha,
        None,
        trip.id,
        equal(&trip_for_asha, "90.00", asha_idx, &[0, 1, 2]),
    )
    .await
    .unwrap();
    // A debt Meera shares with Asha (Asha sees it mirrored).
    let shared_debt = |contact_id: String, amount: &str| DebtInput {
        contact_id,
        direction: "lent".into(),
        amount: amount.into(),
        currency: "USD".into(),
        date: "2026-11-20".into(),
        ..Default::default()
    };
    social::record_debt(
        &t.app,
        &meera,
        None,
        shared_debt(meeras_asha.id.to_string(), "50.00"),
    )
    .await
    .unwrap();
    // Meera's private things: a contact, a group and a debt with him, an account.
    let ravi = contact(&t, &meera, "Ravi").await;
    let private = social::create_group(
        &t.app,
        &meera,
        GroupInput {
            name: "Gym".into(),
            currency: "USD".into(),
            contact_ids: vec![ravi.id.to_string()],
            simplify: Some(false),
        },
    )
    .await
    .unwrap();
    social::record_debt(&t.app, &meera, None, shared_debt(ravi.id.to_string(), "12.00"))
        .await
        .unwrap();
    accounts::create_account(
        &t.app,
        &meera,
        NewAccount {
            name: "Savings".into(),
            kind: "savings".into(),
            currency: "USD".into(),
            opening_balance: Some("1000".into()),
            opening_date: Some("2026-11-01".into()),
            notes: None,
        },
    )
    .await
    .unwrap();

    // What Asha sees before.
    let flat_before = amounts(&t, &asha, flat.id).await;
    let trip_before = amounts(&t, &asha, trip.id).await;
    let debts_before = social::shared_debts(&t.app, &asha).await.unwrap();
    assert_eq!(debts_before.len(), 1);
    assert_eq!(debts_before[0].contact_name, "meera");
    let contact_before = soc::contact::Entity::find_by_id(asha_contact_for_meera.id)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !trip_before.1.is_empty() && !flat_before.1.is_empty(),
        "someone owes someone"
    );

    // Meera asks; nothing happens before the grace period ends.
    let view = schedule(&t, &meera).await;
    t.clock.advance(Duration::days(13));
    assert_eq!(retention::purge_expired(&t.app).await.unwrap().accounts_erased, 0);
    let dry = retention::run(
        &t.app,
        Pass {
            as_of: view.deletion_scheduled_at,
            dry_run: true,
        },
    )
    .await
    .unwrap();
    assert_eq!(dry.accounts_erased, 1);
    assert!(
        identity::erased_at(&t.app, meera.user_id)
            .await
            .unwrap()
            .is_none(),
        "a dry run erases nothing"
    );
    t.clock.advance(Duration::days(1));
    assert_eq!(retention::purge_expired(&t.app).await.unwrap().accounts_erased, 1);
    // A purge twice erases nothing the second time.
    assert_eq!(retention::purge_expired(&t.app).await.unwrap().accounts_erased, 0);

    // Asha's balances and plans are unchanged; Meera is "Former member".
    assert_eq!(amounts(&t, &asha, flat.id).await, flat_before);
    assert_eq!(amounts(&t, &asha, trip.id).await, trip_before);
    let trip_after = social::get_group(&t.app, &asha, trip.id).await.unwrap();
    assert!(
        trip_after
            .members
            .iter()
            .any(|m| m.name == identity::FORMER_MEMBER),
        "{:?}",
        trip_after.members
    );
    assert!(trip_after.members.iter().any(|m| m.name == "Kabir"));
    let debts_after = social::shared_debts(&t.app, &asha).await.unwrap();
    assert_eq!(debts_after.len(), 1);
    assert_eq!(debts_after[0].contact_name, identity::FORMER_MEMBER);
    assert_eq!(debts_after[0].amount, debts_before[0].amount);
    // Asha's contact for Meera is Asha's: untouched.
    let contact_after = soc::contact::Entity::find_by_id(asha_contact_for_meera.id)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(contact_after, contact_before);

    // Meera's private rows are gone.
    let tenant = meera.tenant_id.0;
    assert_eq!(
        count_in::<fin::account::Entity>(&t, fin::account::Column::TenantId, tenant).await,
        0
    );
    assert_eq!(
        count_in::<fin::transaction::Entity>(&t, fin::transaction::Column::TenantId, tenant).await,
        0
    );
    assert_eq!(
        count_in::<fin::category::Entity>(&t, fin::category::Column::TenantId, tenant).await,
        0
    );
    let left: Vec<String> = soc::contact::Entity::find()
        .filter(soc::contact::Column::TenantId.eq(tenant))
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| {
            assert!(c.email.is_none() && c.notes.is_none(), "{c:?}");
            c.name
        })
        .collect();
    assert_eq!(left.len(), 2);
    assert!(left.contains(&"Asha".to_string()) && left.contains(&"Kabir".to_string()));
    assert!(
        soc::group::Entity::find_by_id(private.id)
            .one(&t.app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        soc::group::Entity::find_by_id(trip.id)
            .one(&t.app.db)
            .await
            .unwrap()
            .is_some()
    );
    let debts: Vec<_> = soc::peer_debt::Entity::find()
        .filter(soc::peer_debt::Column::TenantId.eq(tenant))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(debts.len(), 1);
    assert_eq!(debts[0].contact_id, meeras_asha.id);
    let uid = meera.user_id.0;
    assert_eq!(
        count_in::<session::Entity>(&t, session::Column::UserId, uid).await,
        0
    );
    assert_eq!(
        count_in::<notification::Entity>(&t, notification::Column::UserId, uid).await,
        0
    );
    assert_eq!(
        count_in::<account_deletion::Entity>(&t, account_deletion::Column::UserId, uid).await,
        0
    );

    // The person: pseudonymised, cannot sign in; the erasure is recorded.
    let tombstone = user::Entity::find_by_id(meera.user_id)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tombstone.display_name, identity::FORMER_MEMBER);
    assert!(!tombstone.email.contains("meera"), "{}", tombstone.email);
    assert!(sign_in(&t, "meera@example.com").await.is_err());
    let erasure = account_erasure::Entity::find()
        .filter(account_erasure::Column::UserId.eq(uid))
        .one(&t.app.db)
        .await
        .unwrap()
        .expect("the erasure is recorded");
    assert_eq!(erasure.requested_at, view.requested_at);
    // Audit entries about Meera keep what happened, not her address or email.
    let about: Vec<_> = audit_log::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(audit_log::Column::ActorUserId.eq(uid))
                .add(audit_log::Column::SubjectUserId.eq(uid)),
        )
        .all(&t.app.db)
        .await
        .unwrap();
    assert!(about.iter().any(|a| a.action == "account.deletion_requested"));
    assert!(about.iter().any(|a| a.action == "account.erased"));
    for a in &about {
        assert!(a.ip.is_none() && a.user_agent.is_none(), "{a:?}");
        assert!(!a.details.contains("meera@example.com"), "{a:?}");
    }
    // Nothing still addressed to her in the outbox.
    assert!(emails(&t).await.iter().all(|e| e.to != "meera@example.com"));
}

/// An audit entry that names the person's email in its details (as a
/// sign-up attempt with their address does) is pseudonymised too.
#[tokio::test]
async fn audit_details_naming_the_email_are_pseudonymised() {
    let t = TestApp::new().await;
    let bo = t.actor(&t.user("bo@example.com").await);
    audit_log::ActiveModel {
        id: Set(hisaab_service::entity::AuditId::new()),
        tenant_id: Set(None),
        actor_user_id: Set(None),
        subject_user_id: Set(Some(bo.user_id)),
        action: Set("auth.signup_existing_email".into()),
        details: Set(serde_json::json!({ "email": "bo@example.com" }).to_string()),
        ip: Set(Some("198.51.100.7".into())),
        user_agent: Set(Some("curl".into())),
        request_id: Set(None),
        created_at: Set(t.app.now()),
    }
    .insert(&t.app.db)
    .await
    .unwrap();
    schedule(&t, &bo).await;
    t.clock.advance(Duration::days(15));
    assert_eq!(retention::purge_expired(&t.app).await.unwrap().accounts_erased, 1);
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("auth.signup_existing_email"))
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!entry.details.contains("bo@example.com"), "{}", entry.details);
    assert!(entry.details.contains("@erased.invalid"), "{}", entry.details);
    assert_eq!((entry.ip, entry.user_agent), (None, None));
}

/// Exports and their files, imports and remembered mappings are the
/// person's too: erasure removes them (the zip on disk as well).
#[tokio::test]
async fn erasure_removes_the_persons_exports_with_their_files() {
    use hisaab_service::entity::export;
    use hisaab_service::exports;
    let t = TestApp::new().await;
    let meera_user = t.user("meera@example.com").await;
    let meera = t.actor(&meera_user);
    let asked = exports::request(&t.app, &meera).await.unwrap();
    exports::build(&t.app, asked.id).await.unwrap();
    let file = t
        .app
        .settings
        .data_dir
        .join("exports")
        .join(meera.user_id.to_string())
        .join(format!("{}.zip", asked.id));
    assert!(file.exists(), "the zip is on disk: {}", file.display());

    let view = schedule(&t, &meera).await;
    t.clock.advance(Duration::days(15));
    let purged = retention::run(&t.app, Pass::at(view.deletion_scheduled_at + Duration::days(1)))
        .await
        .unwrap();
    assert_eq!(purged.accounts_erased, 1);
    assert_eq!(
        count_in::<export::Entity>(&t, export::Column::UserId, meera.user_id.0).await,
        0
    );
    assert!(!file.exists(), "the zip is gone too");
}
