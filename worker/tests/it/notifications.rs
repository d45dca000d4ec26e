//! Domain events become one notification per person, once.

use crate::support::Harness;
use hisaab_service::notifications;
use hisaab_service::outbox::{self, Event};
use hisaab_worker::jobs::dispatch_outbox::dispatch_outbox;

#[tokio::test]
async fn domain_events_notify_each_person_once() {
    let h = Harness::sql().await;
    let asha = h.t.user("asha@example.com").await;
    let ravi = h.t.user("ravi@example.com").await;
    let event = Event::Domain {
        event_type: "expense.added".into(),
        notify: vec![asha.id.0, ravi.id.0],
        data: serde_json::json!({ "expense_id": "e1", "total": "12.50" }),
    };
    let id = outbox::enqueue(&h.t.app.db, h.t.app.now(), Some(asha.tenant_id), &event)
        .await
        .unwrap();

    let run = dispatch_outbox(&h.ctx, "test-dispatcher").await.unwrap();
    assert_eq!(run.completed, vec![id]);
    // Redelivery (a dispatcher that died before marking the row) adds nothing.
    notifications::deliver(
        &h.t.app.db,
        id,
        "expense.added",
        &[asha.id.0, ravi.id.0],
        &serde_json::json!({}),
        h.t.app.now(),
    )
    .await
    .unwrap();

    for user in [&asha, &ravi] {
        let seen = notifications::since(&h.t.app, &h.t.actor(user), None, 10)
            .await
            .unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].event_type, "expense.added");
        assert_eq!(seen[0].data["total"], "12.50");
    }
}

/// A run's domain events are delivered together (one write transaction on
/// SQLite's one write lock): every one is marked done, in the order claimed,
/// and each person gets exactly their own.
#[tokio::test]
async fn a_batch_of_domain_events_reaches_each_person() {
    let h = Harness::sql().await;
    let asha = h.t.user("asha@example.com").await;
    let ravi = h.t.user("ravi@example.com").await;
    // The batch is delivered in one statement, yet each person's choice
    // still applies to its own kind: Ravi turned payments off in the app.
    notifications::set_preferences(
        &h.t.app,
        &h.t.actor(&ravi),
        vec![notifications::PreferenceInput {
            event_type: "settlement.recorded".into(),
            in_app: false,
            email: false,
        }],
        None,
    )
    .await
    .unwrap();
    let mut ids = Vec::new();
    for (n, (kind, notify)) in [
        ("expense.added", vec![asha.id.0]),
        ("expense.added", vec![ravi.id.0]),
        ("expense.added", vec![asha.id.0, ravi.id.0]),
        ("settlement.recorded", vec![asha.id.0, ravi.id.0]),
    ]
    .into_iter()
    .enumerate()
    {
        let event = Event::Domain {
            event_type: kind.into(),
            notify,
            data: serde_json::json!({ "expense_id": format!("e{n}") }),
        };
        ids.push(
            outbox::enqueue(&h.t.app.db, h.t.app.now(), Some(asha.tenant_id), &event)
                .await
                .unwrap(),
        );
    }

    let run = dispatch_outbox(&h.ctx, "test-dispatcher").await.unwrap();
    assert_eq!((run.claimed, run.completed.clone()), (4, ids));
    assert!(run.failed.is_empty());
    assert_eq!(
        dispatch_outbox(&h.ctx, "test-dispatcher").await.unwrap().claimed,
        0
    );
    for (user, expected) in [
        (&asha, ["e0", "e2", "e3"].as_slice()),
        (&ravi, ["e1", "e2"].as_slice()),
    ] {
        let seen = notifications::since(&h.t.app, &h.t.actor(user), None, 10)
            .await
            .unwrap();
        let got: Vec<&str> = seen
            .iter()
            .map(|n| n.data["expense_id"].as_str().unwrap())
            .collect();
        assert_eq!(got, expected, "in the order they happened");
    }
}
