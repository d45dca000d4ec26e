//! Failures: outbox events back off and stay undispatched; email jobs retry
//! with backoff when delivery fails and give up at once when rendering does.

use crate::support::{Harness, eml_files, eventually, wait_for_emails};
use hisaab_service::entity::outbox as outbox_entity;
use hisaab_service::jobs::SendEmail;
use hisaab_service::outbox::{self, OutgoingEmail};
use hisaab_worker::jobs::dispatch_outbox::{self, dispatch_outbox};
use hisaab_worker::jobs::send_email;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use std::time::Duration;
use time::Duration as TimeDuration;

#[tokio::test]
async fn a_failing_event_backs_off_and_stays_undispatched() {
    let h = Harness::sql().await;
    let id = h
        .enqueue_email("asha@example.com", "no_such_template", "http://x.test/a")
        .await;
    let now = h.t.app.now();

    let run = dispatch_outbox(&h.ctx, "dispatcher-a").await.unwrap();
    assert_eq!(
        (run.claimed, run.completed.len(), run.failed.clone()),
        (1, 0, vec![id])
    );
    let row = h.outbox_row(id).await;
    assert_eq!(row.attempts, 1);
    assert_eq!(
        row.available_at,
        now + TimeDuration::seconds(2),
        "backoff 2^attempts s"
    );
    assert!(row.dispatched_at.is_none());
    assert!(row.lease_until.is_none(), "lease released for the retry");
    assert!(
        row.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("no_such_template"),
        "{row:?}"
    );

    // Within the backoff nobody picks it up again.
    assert_eq!(dispatch_outbox(&h.ctx, "dispatcher-b").await.unwrap().claimed, 0);

    // After it, the event is retried, fails again and waits twice as long.
    h.t.clock.advance(TimeDuration::seconds(2));
    let run = dispatch_outbox(&h.ctx, "dispatcher-b").await.unwrap();
    assert_eq!(run.failed, vec![id]);
    let row = h.outbox_row(id).await;
    assert_eq!(row.attempts, 2);
    assert_eq!(row.available_at, h.t.app.now() + TimeDuration::seconds(4));
    assert!(row.dispatched_at.is_none());
    assert!(eml_files(&h.mailbox()).is_empty(), "nothing was sent");
    assert_eq!(h.ctx.metrics.counts(dispatch_outbox::JOB), (0, 0, 2));
}

#[tokio::test]
async fn an_event_that_always_fails_is_dead_lettered_and_never_claimed_again() {
    let h = Harness::sql().await;
    let id = h
        .enqueue_email("asha@example.com", "no_such_template", "http://x.test/a")
        .await;
    let n = outbox::DEAD_AFTER_ATTEMPTS as usize;
    for attempt in 1..=n {
        let run = dispatch_outbox(&h.ctx, "dispatcher-a").await.unwrap();
        assert_eq!(run.failed, vec![id], "attempt {attempt}");
        let dead = if attempt == n { vec![id] } else { vec![] };
        assert_eq!(run.dead_lettered, dead, "attempt {attempt}");
        // Past the longest backoff: the next run finds it due (if alive).
        h.t.clock.advance(TimeDuration::hours(1));
    }
    let row = h.outbox_row(id).await;
    assert_eq!(row.attempts, outbox::DEAD_AFTER_ATTEMPTS);
    assert!(row.dead_at.is_some() && row.dispatched_at.is_none(), "{row:?}");
    assert!(row.last_error.unwrap_or_default().contains("no_such_template"));

    h.t.clock.advance(TimeDuration::days(7));
    assert_eq!(dispatch_outbox(&h.ctx, "dispatcher-b").await.unwrap().claimed, 0);
    // Every failure but the last was a retry; the last one is for good.
    assert_eq!(h.ctx.metrics.counts(dispatch_outbox::JOB), (0, 1, n as u64 - 1));
    assert_eq!(h.ctx.metrics.dead_lettered_count(), 1);
    h.ctx.metrics.sample(&h.t.app).await;
    let text = prometheus::TextEncoder::new()
        .encode_to_string(&h.ctx.metrics.registry.gather())
        .unwrap();
    assert!(text.contains("outbox_dead 1"), "{text}");
    assert!(text.contains("outbox_dead_lettered_total 1"), "{text}");
    assert!(eml_files(&h.mailbox()).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_unreadable_payload_backs_off_too() {
    let h = Harness::sql().await;
    let id = h
        .enqueue_email("asha@example.com", "verify_email", "http://x.test/a")
        .await;
    outbox_entity::ActiveModel {
        id: Set(id),
        payload: Set("{not json".into()),
        ..Default::default()
    }
    .update(&h.t.app.db)
    .await
    .unwrap();
    let run = dispatch_outbox(&h.ctx, "dispatcher-a").await.unwrap();
    assert_eq!(run.failed, vec![id]);
    let row = outbox_entity::Entity::find_by_id(id)
        .one(&h.t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.attempts, 1);
    assert!(row.dispatched_at.is_none());
    assert!(row.last_error.unwrap().contains("unreadable outbox payload"));
}

fn email(template: &str) -> SendEmail {
    SendEmail {
        outbox_id: None,
        email: OutgoingEmail {
            to: "asha@example.com".into(),
            template: template.into(),
            context: serde_json::json!({ "display_name": "Asha", "link": "http://x.test/verify" }),
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_delivery_is_retried_with_backoff() {
    let h = Harness::sql().await;
    // A file where the mailbox folder should be: every delivery fails...
    std::fs::create_dir_all(&h.t.app.settings.data_dir).unwrap();
    std::fs::write(h.mailbox(), b"in the way").unwrap();
    let job = email("verify_email");
    let key = send_email::delivery_key(&job);
    h.ctx
        .queue
        .push(job, &key, send_email::MAX_ATTEMPTS)
        .await
        .unwrap();
    let running = h.start();
    let metrics = h.ctx.metrics.clone();
    eventually("a failed attempt", Duration::from_secs(10), || {
        let m = metrics.clone();
        async move { m.counts(send_email::JOB).2 >= 1 }
    })
    .await;
    // ...until the problem goes away; the next attempt (after a backoff) succeeds.
    std::fs::remove_file(h.mailbox()).unwrap();
    let files = wait_for_emails(&h.mailbox(), 1, Duration::from_secs(20)).await;
    assert_eq!(files[0].file_stem().unwrap().to_string_lossy(), key);
    // The file lands before the job is marked done and counted: wait for the count.
    let counted = h.ctx.metrics.clone();
    eventually("the delivery counted", Duration::from_secs(10), || {
        let m = counted.clone();
        async move { m.counts(send_email::JOB).0 >= 1 }
    })
    .await;
    let (processed, failed, retried) = h.ctx.metrics.counts(send_email::JOB);
    assert_eq!((processed, failed), (1, 0));
    assert!(
        (1..send_email::MAX_ATTEMPTS as u64).contains(&retried),
        "retried {retried}"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_that_cannot_render_is_not_retried() {
    let h = Harness::sql().await;
    let job = email("no_such_template");
    let key = send_email::delivery_key(&job);
    h.ctx
        .queue
        .push(job, &key, send_email::MAX_ATTEMPTS)
        .await
        .unwrap();
    let running = h.start();
    let metrics = h.ctx.metrics.clone();
    eventually("the job to fail", Duration::from_secs(10), || {
        let m = metrics.clone();
        async move { m.counts(send_email::JOB).1 == 1 }
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        h.ctx.metrics.counts(send_email::JOB),
        (0, 1, 0),
        "failed once, never retried"
    );
    assert!(eml_files(&h.mailbox()).is_empty());
    running.stop().await;
}
