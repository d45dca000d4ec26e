//! Staff reads of the outbox and the dashboard, and retrying failed or
//! dead-lettered events: who may, what changes, what is audited.

use crate::*;
use hisaab_service::admin_jobs::{self, EventState};
use hisaab_service::admin_stats;
use hisaab_service::audit::StaffReason;
use hisaab_service::entity::OutboxId;
use hisaab_service::entity::user::Role;
use hisaab_service::outbox;
use time::Duration;

fn email_event() -> Event {
    Event::Email(OutgoingEmail {
        to: "asha@example.com".into(),
        template: "verify_email".into(),
        context: serde_json::json!({ "display_name": "Asha", "link": "http://x/verify" }),
    })
}

/// An event that failed `times` times (dead-lettered at `DEAD_AFTER_ATTEMPTS`).
async fn failed_event(t: &TestApp, times: i32, error: &str) -> OutboxId {
    let id = outbox::enqueue(&t.app.db, t.app.now(), None, &email_event())
        .await
        .unwrap();
    outbox::fail(&t.app.db, id, times - 1, error, t.app.now())
        .await
        .unwrap();
    id
}

async fn row(t: &TestApp, id: OutboxId) -> outbox_entity::Model {
    outbox_entity::Entity::find_by_id(id)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_outbox_is_listed_by_state_with_its_last_error() {
    let t = TestApp::new().await;
    let ops = t.actor(&t.user_with_role("ops@example.com", Role::Support).await);
    let pending = outbox::enqueue(&t.app.db, t.app.now(), None, &email_event())
        .await
        .unwrap();
    let failed = failed_event(&t, 2, "queue down").await;
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;

    let counts = admin_jobs::admin_outbox_counts(&t.app, &ops).await.unwrap();
    assert_eq!(
        (counts.pending, counts.running, counts.failed, counts.dead),
        (1, 0, 1, 1)
    );
    let all = admin_jobs::admin_list_outbox(&t.app, &ops, None, None, 10)
        .await
        .unwrap();
    assert_eq!(
        all.events.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![dead, failed, pending],
        "newest first"
    );
    let only_dead = admin_jobs::admin_list_outbox(&t.app, &ops, Some(EventState::Dead), None, 10)
        .await
        .unwrap();
    assert_eq!(only_dead.events.len(), 1);
    assert_eq!(
        only_dead.events[0].last_error.as_deref(),
        Some("template missing")
    );

    // Cursor pages: one at a time, each once.
    let first = admin_jobs::admin_list_outbox(&t.app, &ops, None, None, 2)
        .await
        .unwrap();
    let cursor = first.next_cursor.expect("a second page");
    let second = admin_jobs::admin_list_outbox(&t.app, &ops, None, Some(&cursor), 2)
        .await
        .unwrap();
    assert_eq!(
        second.events.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![pending]
    );
    assert!(second.next_cursor.is_none());

    let user = t.actor(&t.user("asha@example.com").await);
    assert!(matches!(
        admin_jobs::admin_list_outbox(&t.app, &user, None, None, 10).await,
        Err(Error::Forbidden(_))
    ));
}

#[tokio::test]
async fn a_retried_dead_event_is_claimed_again_and_the_retry_is_audited() {
    let t = TestApp::new().await;
    let boss = t.actor(&t.user_with_role("boss@example.com", Role::Superadmin).await);
    let help = t.actor(&t.user_with_role("help@example.com", Role::Support).await);
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;
    let reason = StaffReason::parse("template fixed in 1.4.2").unwrap();

    // Support may look, not retry: nothing changes.
    let before = row(&t, dead).await;
    assert!(matches!(
        admin_jobs::admin_retry_outbox_event(&t.app, &help, dead, &reason).await,
        Err(Error::Forbidden(_))
    ));
    assert_eq!(row(&t, dead).await, before);

    t.clock.advance(Duration::minutes(5));
    let after = admin_jobs::admin_retry_outbox_event(&t.app, &boss, dead, &reason)
        .await
        .unwrap();
    assert_eq!((after.state, after.attempts), (EventState::Pending, 0));
    let r = row(&t, dead).await;
    assert!(r.dead_at.is_none() && r.last_error.is_none());
    assert_eq!(r.available_at, t.app.now());
    let claimed = outbox::claim(&t.app.db, "w", t.app.now(), Duration::seconds(30), 10)
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|c| c.id).collect::<Vec<_>>(), vec![dead]);

    let audit = audit_rows(&t, "admin.outbox_retried").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_user_id, Some(boss.user_id));
    let details: serde_json::Value = serde_json::from_str(&audit[0].details).unwrap();
    assert_eq!(details["reason"], "template fixed in 1.4.2");
    assert_eq!(details["before"]["state"], "dead");
    assert_eq!(details["before"]["last_error"], "template missing");
    assert_eq!(details["after"]["state"], "pending");

    // A pending or running event is not "retried".
    assert!(matches!(
        admin_jobs::admin_retry_outbox_event(&t.app, &boss, dead, &reason).await,
        Err(Error::Conflict(_))
    ));
}

#[tokio::test]
async fn retry_all_requeues_failed_and_dead_events_only() {
    let t = TestApp::new().await;
    let boss = t.actor(&t.user_with_role("boss@example.com", Role::Superadmin).await);
    let pending = outbox::enqueue(&t.app.db, t.app.now(), None, &email_event())
        .await
        .unwrap();
    let failed = failed_event(&t, 3, "queue down").await;
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;
    let reason = StaffReason::parse("incident 7").unwrap();
    assert_eq!(
        admin_jobs::admin_retry_failed_outbox(&t.app, &boss, &reason)
            .await
            .unwrap(),
        2
    );
    for id in [pending, failed, dead] {
        let r = row(&t, id).await;
        assert_eq!((r.attempts, r.dead_at), (0, None), "{id}");
    }
    let details: serde_json::Value =
        serde_json::from_str(&audit_rows(&t, "admin.outbox_retried").await[0].details).unwrap();
    assert_eq!(details["events"], 2);
    assert_eq!(details["before"], serde_json::json!({ "failed": 1, "dead": 1 }));
    assert_eq!(details["after"], serde_json::json!({ "failed": 0, "dead": 0 }));
}

#[tokio::test]
async fn the_dashboard_counts_users_activity_records_and_the_outbox() {
    let t = TestApp::new().await;
    let old = t.user("old@example.com").await;
    hisaab_service::identity::create_session(
        &t.app,
        &old,
        hisaab_service::entity::session::Surface::Web,
        None,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    t.clock.advance(Duration::days(8));
    let ops = t.actor(&t.user_with_role("ops@example.com", Role::Support).await);
    let asha = t.user("asha@example.com").await;
    hisaab_service::identity::admin_create_user(
        &t.app,
        "bob@example.com",
        hisaab_service::testkit::PASSWORD,
        None,
        Role::User,
        false,
    )
    .await
    .unwrap();
    t.user("carol@example.com").await;
    hisaab_service::identity::admin_set_lock_by_email(&t.app, "carol@example.com", true)
        .await
        .unwrap();
    hisaab_service::identity::create_session(
        &t.app,
        &asha,
        hisaab_service::entity::session::Surface::Web,
        None,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    let asha_actor = t.actor(&asha);
    for name in ["Meera", "Ravi"] {
        hisaab_service::social::create_contact(
            &t.app,
            &asha_actor,
            hisaab_service::social::ContactInput {
                name: name.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    failed_event(&t, 1, "queue down").await;
    failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;

    let d = admin_stats::admin_dashboard(&t.app, &ops).await.unwrap();
    let u = &d.users;
    assert_eq!(
        (u.total, u.new_this_week, u.verified, u.unverified, u.locked),
        (5, 4, 4, 1, 1)
    );
    assert_eq!((d.active.last_7_days, d.active.last_30_days), (1, 2));
    assert_eq!(
        (
            d.records.contacts.rows,
            d.records.accounts.rows,
            d.records.ious.rows
        ),
        (2, 0, 0)
    );
    assert!(!d.records.contacts.estimated, "small tables are counted");
    assert_eq!((d.outbox.failed, d.outbox.dead), (1, 1));
    assert_eq!((d.emails_sent, d.emails_failed), (0, 0));
    assert_eq!(d.queue.error, None, "an empty queue is not an error");

    let user = t.actor(&asha);
    assert!(matches!(
        admin_stats::admin_dashboard(&t.app, &user).await,
        Err(Error::Forbidden(_))
    ));
}

/// On PostgreSQL a big table shows the planner's estimate instead of being
/// counted row by row (the test sets the statistic as autovacuum would).
#[tokio::test]
async fn big_tables_are_estimated_on_postgres() {
    let t = TestApp::new().await;
    if !hisaab_service::db::is_postgres(&t.app.db) {
        return;
    }
    use sea_orm::ConnectionTrait;
    let ops = t.actor(&t.user_with_role("ops@example.com", Role::Support).await);
    t.app
        .db
        .execute_unprepared(
            "UPDATE pg_class SET reltuples = 2000000 WHERE oid = to_regclass('fin_transactions')",
        )
        .await
        .unwrap();
    let d = admin_stats::admin_dashboard(&t.app, &ops).await.unwrap();
    assert_eq!(
        d.records.transactions,
        admin_stats::RowCount {
            rows: 2_000_000,
            estimated: true
        }
    );
    assert!(!d.records.contacts.estimated);
}
