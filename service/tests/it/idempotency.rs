//! `Idempotency-Key`: the same key and body replay the first result with one
//! effect, even when the duplicates arrive at once.

use crate::*;
use hisaab_service::effects::Effects;
use hisaab_service::entity::{AuditId, audit_log, idempotency_key};
use hisaab_service::idempotency::{self, Done, Outcome};
use hisaab_service::testkit::TestApp;
use hisaab_service::{Actor, App, Error};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

const EFFECT: &str = "test.effect";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Created {
    id: String,
    note: String,
}

/// An idempotent operation whose effect is one audit row; returns a fresh id
/// each time it really runs, so a replay is recognisable.
async fn create(
    app: &App,
    actor: &Actor,
    key: Option<&str>,
    body: &Value,
) -> Result<Outcome<Created>, Error> {
    let now = app.now();
    let actor_for_work = actor.clone();
    let note = body["note"].as_str().unwrap_or_default().to_string();
    let (outcome, fresh) = idempotency::run(app, actor, key, "test.create", body, move |_| {
        Box::pin(async move {
            let mut effects = Effects::by(&actor_for_work, now);
            effects.audit(EFFECT, json!({ "note": note }));
            let created = Created {
                id: uuid::Uuid::now_v7().to_string(),
                note,
            };
            Ok(Done::with_value(created.clone(), created, effects))
        })
    })
    .await?;
    // The first request gets its own value back; a replay gets the stored one.
    assert_eq!(fresh.is_none(), outcome.replayed);
    assert!(fresh.is_none_or(|v| v == outcome.value));
    Ok(outcome)
}

async fn effects(t: &TestApp) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(EFFECT))
        .count(&t.app.db)
        .await
        .unwrap()
}

async fn stored_keys(t: &TestApp) -> u64 {
    idempotency_key::Entity::find().count(&t.app.db).await.unwrap()
}

#[tokio::test]
async fn same_key_and_body_replays_the_first_result_with_one_effect() {
    let t = TestApp::new().await;
    let actor = t.actor(&t.user("asha@example.com").await);
    let body = json!({ "note": "dinner", "amount": "12.50" });

    let first = create(&t.app, &actor, Some("key-1"), &body).await.unwrap();
    assert!(!first.replayed);
    let second = create(&t.app, &actor, Some("key-1"), &body).await.unwrap();
    assert!(second.replayed);
    assert_eq!(second.value, first.value);
    // Field order in the body does not matter.
    let reordered: Value = serde_json::from_str(r#"{"amount": "12.50", "note": "dinner"}"#).unwrap();
    let third = create(&t.app, &actor, Some("key-1"), &reordered).await.unwrap();
    assert!(third.replayed);
    assert_eq!(third.value, first.value);

    assert_eq!(effects(&t).await, 1);
    assert_eq!(stored_keys(&t).await, 1);
}

#[tokio::test]
async fn same_key_with_another_body_or_operation_is_invalid() {
    let t = TestApp::new().await;
    let actor = t.actor(&t.user("asha@example.com").await);
    create(&t.app, &actor, Some("key-1"), &json!({ "note": "dinner" }))
        .await
        .unwrap();

    let other_body = create(&t.app, &actor, Some("key-1"), &json!({ "note": "lunch" })).await;
    assert_eq!(invalid_fields(other_body), ["Idempotency-Key"]);

    let other_operation = idempotency::run(
        &t.app,
        &actor,
        Some("key-1"),
        "test.other",
        &json!({ "note": "dinner" }),
        |_| {
            let effects = Effects::by(&actor, t.app.now());
            Box::pin(async { Ok(Done::new(1_u32, effects)) })
        },
    )
    .await;
    assert_eq!(invalid_fields(other_operation), ["Idempotency-Key"]);
    assert_eq!(effects(&t).await, 1);
}

#[tokio::test]
async fn keys_belong_to_one_user() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bilal = t.actor(&t.user("bilal@example.com").await);
    let body = json!({ "note": "dinner" });
    let a = create(&t.app, &asha, Some("shared-key"), &body).await.unwrap();
    let b = create(&t.app, &bilal, Some("shared-key"), &body).await.unwrap();
    assert!(!b.replayed, "another user's key is not replayed to me");
    assert_ne!(a.value.id, b.value.id);
    assert_eq!(effects(&t).await, 2);
}

#[tokio::test]
async fn without_a_key_the_work_runs_every_time() {
    let t = TestApp::new().await;
    let actor = t.actor(&t.user("asha@example.com").await);
    let body = json!({ "note": "dinner" });
    let first = create(&t.app, &actor, None, &body).await.unwrap();
    let second = create(&t.app, &actor, None, &body).await.unwrap();
    assert!(!first.replayed && !second.replayed);
    assert_ne!(first.value.id, second.value.id);
    assert_eq!(effects(&t).await, 2);
    assert_eq!(stored_keys(&t).await, 0);
}

#[tokio::test]
async fn malformed_keys_are_refused_before_any_work() {
    let t = TestApp::new().await;
    let actor = t.actor(&t.user("asha@example.com").await);
    for key in ["", "has space", "tab\tkey", "ünïcode", &"k".repeat(256)] {
        let res = create(&t.app, &actor, Some(key), &json!({ "note": "x" })).await;
        assert_eq!(invalid_fields(res), ["Idempotency-Key"], "{key:?}");
    }
    create(&t.app, &actor, Some(&"k".repeat(255)), &json!({ "note": "x" }))
        .await
        .expect("255 chars is fine");
    assert_eq!(effects(&t).await, 1);
}

#[tokio::test]
async fn failed_work_stores_nothing_so_a_retry_runs() {
    let t = TestApp::new().await;
    let actor = t.actor(&t.user("asha@example.com").await);
    let now = t.app.now();
    let body = json!({ "note": "dinner" });
    let failing_actor = actor.clone();
    let failed = idempotency::run(&t.app, &actor, Some("key-1"), "test.create", &body, move |txn| {
        Box::pin(async move {
            // A row is written, then the work fails: all of it must roll back.
            audit_log::ActiveModel {
                id: Set(AuditId::new()),
                tenant_id: Set(Some(failing_actor.tenant_id)),
                actor_user_id: Set(Some(failing_actor.user_id)),
                subject_user_id: Set(None),
                action: Set(EFFECT.into()),
                details: Set("{}".into()),
                ip: Set(None),
                user_agent: Set(None),
                request_id: Set(None),
                created_at: Set(now),
            }
            .insert(txn)
            .await?;
            Err::<Done<Created>, _>(Error::invalid("note", "not today"))
        })
    })
    .await;
    assert_eq!(invalid_fields(failed), ["note"]);
    assert_eq!(effects(&t).await, 0);
    assert_eq!(stored_keys(&t).await, 0);

    let retry = create(&t.app, &actor, Some("key-1"), &body).await.unwrap();
    assert!(!retry.replayed);
    assert_eq!(effects(&t).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_have_exactly_one_effect() {
    let t = TestApp::new().await;
    let actor = t.actor(&t.user("asha@example.com").await);
    let body = json!({ "note": "dinner" });
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, actor, body) = (t.app.clone(), actor.clone(), body.clone());
            tokio::spawn(async move { create(&app, &actor, Some("race-key"), &body).await })
        })
        .collect();
    let mut fresh = Vec::new();
    let mut replayed = Vec::new();
    for task in tasks {
        match task.await.expect("task") {
            Ok(o) if o.replayed => replayed.push(o.value),
            Ok(o) => fresh.push(o.value),
            // The API allows a 409 for a duplicate that arrives mid-flight.
            Err(Error::Conflict(_)) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(fresh.len(), 1, "exactly one request did the work");
    assert!(
        replayed.iter().all(|v| *v == fresh[0]),
        "every replay returns the first result"
    );
    assert_eq!(effects(&t).await, 1);
    assert_eq!(stored_keys(&t).await, 1);
}
