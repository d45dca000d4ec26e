//! Domain events become one notification per person, once.

use crate::support::Harness;
use hisaab_service::notifications;
use hisaab_service::outbox::{self, Event};
use hisaab_worker::jobs::dispatch_outbox::dispatch_outbox;
use sea_orm::{ConnectionTrait, DbBackend};

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

/// A batch whose delivery fails undoes all of it, its claim included; the
/// batch is claimed again and goes one by one, so the one bad event fails
/// (and waits for its retry) alone while the others are delivered.
#[tokio::test]
async fn a_failed_batch_is_undone_and_its_events_go_one_by_one() {
    let h = Harness::sql().await;
    let asha = h.t.user("asha@example.com").await;
    // The database refuses one event's notification (a stand-in for any
    // failure inside the batch's transaction).
    let refuse = match h.t.app.db.get_database_backend() {
        DbBackend::Sqlite => vec![
            "CREATE TRIGGER refuse_poison BEFORE INSERT ON notifications \
             WHEN NEW.data LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'poison refused'); END"
                .to_string(),
        ],
        _ => vec![
            "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN \
             IF NEW.data LIKE '%poison%' THEN RAISE EXCEPTION 'poison refused'; END IF; \
             RETURN NEW; END $$ LANGUAGE plpgsql"
                .to_string(),
            "CREATE TRIGGER refuse_poison BEFORE INSERT ON notifications \
             FOR EACH ROW EXECUTE FUNCTION refuse_poison()"
                .to_string(),
        ],
    };
    for sql in refuse {
        h.t.app.db.execute_unprepared(&sql).await.unwrap();
    }
    let mut ids = Vec::new();
    for what in ["fine 1", "poison", "fine 2"] {
        let event = Event::Domain {
            event_type: "expense.added".into(),
            notify: vec![asha.id.0],
            data: serde_json::json!({ "description": what, "total": "1.00" }),
        };
        ids.push(
            outbox::enqueue(&h.t.app.db, h.t.app.now(), Some(asha.tenant_id), &event)
                .await
                .unwrap(),
        );
    }

    let run = dispatch_outbox(&h.ctx, "test-dispatcher").await.unwrap();
    assert_eq!(run.claimed, 3);
    assert_eq!(run.completed, vec![ids[0], ids[2]]);
    assert_eq!(run.failed, vec![ids[1]]);
    let seen = notifications::since(&h.t.app, &h.t.actor(&asha), None, 10)
        .await
        .unwrap();
    let mut described: Vec<String> = seen
        .iter()
        .map(|n| n.data["description"].as_str().unwrap_or_default().to_string())
        .collect();
    described.sort();
    assert_eq!(described, ["fine 1", "fine 2"], "each good event once");
    // The bad one waits for its retry, unleased: nobody holds a claim on it.
    let row = h.outbox_row(ids[1]).await;
    assert!(
        row.dispatched_at.is_none() && row.lease_until.is_none(),
        "{row:?}"
    );
    assert_eq!(row.attempts, 1);
}
