//! The transactional outbox: rows commit with their transaction; workers
//! lease, fail (with backoff) and complete them.

use crate::*;
use hisaab_service::db;
use hisaab_service::effects::Effects;
use hisaab_service::entity::{OutboxId, outbox as row};
use hisaab_service::outbox::{self, Event, OutgoingEmail};
use hisaab_service::testkit::TestApp;
use sea_orm::{EntityTrait, TransactionTrait};
use std::collections::HashSet;
use time::Duration;

fn email(n: usize) -> Event {
    Event::Email(OutgoingEmail {
        to: format!("user{n}@example.com"),
        template: "verify_email".into(),
        context: serde_json::json!({ "display_name": "User", "link": format!("http://x/verify-email?token=t{n}") }),
    })
}

async fn enqueue_committed(t: &TestApp, n: usize) -> Vec<OutboxId> {
    let txn = db::begin_write(&t.app.db).await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(outbox::enqueue(&txn, t.app.now(), None, &email(i)).await.unwrap());
    }
    txn.commit(&Effects::system(t.app.now())).await.unwrap();
    ids
}

async fn get(t: &TestApp, id: OutboxId) -> row::Model {
    row::Entity::find_by_id(id)
        .one(&t.app.db)
        .await
        .unwrap()
        .expect("outbox row")
}

#[tokio::test]
async fn an_event_enqueued_in_a_rolled_back_transaction_leaves_no_row() {
    let t = TestApp::new().await;
    let txn = db::begin_write(&t.app.db).await.unwrap();
    outbox::enqueue(&txn, t.app.now(), None, &email(1)).await.unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(count_outbox(&t).await, 0);

    // Dropping an uncommitted transaction rolls back too.
    {
        let txn = db::begin_write(&t.app.db).await.unwrap();
        outbox::enqueue(&txn, t.app.now(), None, &email(2)).await.unwrap();
    }
    assert_eq!(count_outbox(&t).await, 0);

    // A plain (non-immediate) transaction behaves the same.
    let txn = t.app.db.begin().await.unwrap();
    outbox::enqueue(&txn, t.app.now(), None, &email(3)).await.unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(count_outbox(&t).await, 0);

    let ids = enqueue_committed(&t, 1).await;
    let stored = get(&t, ids[0]).await;
    assert_eq!(stored.event_type, "email.requested");
    assert_eq!(stored.attempts, 0);
    assert_eq!(stored.available_at, t.app.now());
    assert_eq!(serde_json::from_str::<Event>(&stored.payload).unwrap(), email(0));
}

#[tokio::test]
async fn claim_leases_rows_until_the_lease_runs_out() {
    let t = TestApp::new().await;
    let ids = enqueue_committed(&t, 3).await;
    let lease = Duration::seconds(30);

    let first = outbox::claim(&t.app.db, "worker-1", t.app.now(), lease, 10)
        .await
        .unwrap();
    assert_eq!(first.len(), 3);
    assert_eq!(
        first.iter().map(|c| c.id).collect::<HashSet<_>>(),
        ids.iter().copied().collect()
    );
    assert!(first.iter().all(|c| c.attempts == 0));
    assert_eq!(
        first[0].event.as_ref().unwrap(),
        &email(0),
        "oldest first, payload parsed"
    );
    let leased = get(&t, ids[0]).await;
    assert_eq!(leased.lease_owner.as_deref(), Some("worker-1"));
    assert_eq!(leased.lease_until, Some(t.app.now() + lease));

    assert!(
        outbox::claim(&t.app.db, "worker-2", t.app.now(), lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    t.clock.advance(Duration::seconds(30));
    assert!(
        outbox::claim(&t.app.db, "worker-2", t.app.now(), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "the lease lasts until its end"
    );
    t.clock.advance(Duration::seconds(1));
    let second = outbox::claim(&t.app.db, "worker-2", t.app.now(), lease, 10)
        .await
        .unwrap();
    assert_eq!(second.len(), 3, "a crashed worker's lease runs out");
    assert_eq!(get(&t, ids[0]).await.lease_owner.as_deref(), Some("worker-2"));
}

#[tokio::test]
async fn claim_respects_the_limit() {
    let t = TestApp::new().await;
    enqueue_committed(&t, 5).await;
    let lease = Duration::seconds(30);
    let a = outbox::claim(&t.app.db, "w", t.app.now(), lease, 2)
        .await
        .unwrap();
    let b = outbox::claim(&t.app.db, "w", t.app.now(), lease, 2)
        .await
        .unwrap();
    let c = outbox::claim(&t.app.db, "w", t.app.now(), lease, 2)
        .await
        .unwrap();
    assert_eq!((a.len(), b.len(), c.len()), (2, 2, 1));
    let all: HashSet<_> = a.iter().chain(&b).chain(&c).map(|x| x.id).collect();
    assert_eq!(all.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_never_hand_out_a_row_twice() {
    let t = TestApp::new().await;
    enqueue_committed(&t, 40).await;
    let now = t.app.now();
    let tasks: Vec<_> = (0..4)
        .map(|w| {
            let db = t.app.db.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = outbox::claim(&db, &format!("w{w}"), now, Duration::seconds(60), 3)
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|c| c.id));
                }
            })
        })
        .collect();
    let mut seen = Vec::new();
    for task in tasks {
        seen.extend(task.await.unwrap());
    }
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(seen.len(), 40, "every row claimed once");
    assert_eq!(unique.len(), 40, "no row claimed twice");
}

#[tokio::test]
async fn fail_counts_attempts_and_backs_off_exponentially() {
    let t = TestApp::new().await;
    let id = enqueue_committed(&t, 1).await[0];
    let lease = Duration::seconds(30);

    let claimed = outbox::claim(&t.app.db, "w", t.app.now(), lease, 10)
        .await
        .unwrap();
    outbox::fail(
        &t.app.db,
        id,
        claimed[0].attempts,
        "smtp: connection refused",
        t.app.now(),
    )
    .await
    .unwrap();
    let r = get(&t, id).await;
    assert_eq!(r.attempts, 1);
    assert_eq!(r.available_at, t.app.now() + Duration::seconds(2));
    assert_eq!(r.lease_until, None, "the lease is released");
    assert_eq!(r.last_error.as_deref(), Some("smtp: connection refused"));
    assert!(r.dispatched_at.is_none());

    assert!(
        outbox::claim(&t.app.db, "w", t.app.now(), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "not due yet"
    );
    t.clock.advance(Duration::seconds(2));
    let again = outbox::claim(&t.app.db, "w", t.app.now(), lease, 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    outbox::fail(&t.app.db, id, again[0].attempts, "still down", t.app.now())
        .await
        .unwrap();
    let r = get(&t, id).await;
    assert_eq!(r.attempts, 2);
    assert_eq!(r.available_at, t.app.now() + Duration::seconds(4));

    // The delay is capped at an hour, and long errors are cut.
    outbox::fail(&t.app.db, id, 11, &"e".repeat(5000), t.app.now())
        .await
        .unwrap();
    let r = get(&t, id).await;
    assert_eq!(r.attempts, 12);
    assert_eq!(r.available_at, t.app.now() + Duration::hours(1));
    assert_eq!(r.last_error.unwrap().len(), 2000);
}

#[tokio::test]
async fn an_event_out_of_attempts_is_dead_lettered_and_never_claimed_again() {
    let t = TestApp::new().await;
    let id = enqueue_committed(&t, 1).await[0];
    let lease = Duration::seconds(30);
    let mut outcomes = Vec::new();
    for _ in 0..outbox::DEAD_AFTER_ATTEMPTS {
        let claimed = outbox::claim(&t.app.db, "w", t.app.now(), lease, 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1, "claimable until dead-lettered");
        outcomes.push(
            outbox::fail(
                &t.app.db,
                id,
                claimed[0].attempts,
                "template missing",
                t.app.now(),
            )
            .await
            .unwrap(),
        );
        t.clock.advance(Duration::hours(1));
    }
    assert!(matches!(outcomes[0], outbox::Failed::Rescheduled { .. }));
    assert_eq!(outcomes.last(), Some(&outbox::Failed::DeadLettered));
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == outbox::Failed::DeadLettered)
            .count(),
        1
    );
    let r = get(&t, id).await;
    assert_eq!(r.attempts, outbox::DEAD_AFTER_ATTEMPTS);
    assert!(r.dead_at.is_some());
    assert!(r.dispatched_at.is_none());
    assert_eq!(r.last_error.as_deref(), Some("template missing"));

    t.clock.advance(Duration::days(30));
    assert!(
        outbox::claim(&t.app.db, "w", t.app.now(), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a dead-lettered event is never claimed"
    );
    // It no longer holds the backlog's lag up; it is counted apart.
    assert_eq!(outbox::backlog(&t.app.db, t.app.now()).await.unwrap(), (0, 0.0));
    assert_eq!(outbox::dead_lettered(&t.app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn complete_marks_dispatched_and_clears_the_payload() {
    let t = TestApp::new().await;
    let ids = enqueue_committed(&t, 2).await;
    t.clock.advance(Duration::seconds(90));
    let (pending, lag) = outbox::backlog(&t.app.db, t.app.now()).await.unwrap();
    assert_eq!(pending, 2);
    assert!((lag - 90.0).abs() < 0.001, "lag {lag}");

    let claimed = outbox::claim(&t.app.db, "w", t.app.now(), Duration::seconds(30), 1)
        .await
        .unwrap();
    let done = claimed[0].id;
    outbox::complete(&t.app.db, done, t.app.now()).await.unwrap();
    let r = get(&t, done).await;
    assert_eq!(r.dispatched_at, Some(t.app.now()));
    assert_eq!(r.payload, "{}", "one-time links do not linger");
    assert_eq!(r.lease_until, None);

    t.clock.advance(Duration::days(1));
    let later = outbox::claim(&t.app.db, "w", t.app.now(), Duration::seconds(30), 10)
        .await
        .unwrap();
    assert_eq!(
        later.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![*ids.iter().find(|i| **i != done).unwrap()]
    );
    let (pending, _) = outbox::backlog(&t.app.db, t.app.now()).await.unwrap();
    assert_eq!(pending, 1);
}
