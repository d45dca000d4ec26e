//! The happy path: an outbox email becomes a `.eml` file, exactly once.

use crate::support::{Harness, decode_qp, eml_files, eventually, wait_for_emails};
use hisaab_service::jobs::SendEmail;
use hisaab_service::outbox::OutgoingEmail;
use hisaab_worker::jobs::{dispatch_outbox::dispatch_outbox, purge_expired, send_email};
use std::time::Duration;

const LINK: &str = "http://127.0.0.1:8000/verify-email/tok-4f2a9c71";

/// The job a dispatcher pushes for the outbox email `id`.
fn duplicate_of(id: impl std::fmt::Display) -> SendEmail {
    SendEmail {
        outbox_id: Some(id.to_string()),
        email: OutgoingEmail {
            to: "asha@example.com".into(),
            template: "verify_email".into(),
            context: serde_json::json!({ "display_name": "Asha", "link": LINK }),
        },
    }
}

async fn outbox_email_is_delivered_once(h: Harness) {
    let id = h.enqueue_email("asha@example.com", "verify_email", LINK).await;
    let running = h.start();

    let files = wait_for_emails(&h.mailbox(), 1, Duration::from_secs(20)).await;
    assert_eq!(files.len(), 1);
    // Named after the outbox event: the delivery key that makes retries idempotent.
    assert_eq!(files[0].file_stem().unwrap().to_string_lossy(), id.to_string());
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert!(raw.contains("multipart/alternative"), "{raw}");
    assert!(raw.contains("Content-Type: text/plain"), "{raw}");
    assert!(raw.contains("Content-Type: text/html"), "{raw}");
    assert!(raw.contains("To: asha@example.com"), "{raw}");
    // A second delivery of the event (after a crash) carries the same Message-ID.
    assert!(
        raw.contains(&format!("Message-ID: <{id}@hisaab.localhost>")),
        "{raw}"
    );
    assert!(
        raw.contains("Subject: Confirm your email address for Hisaab"),
        "{raw}"
    );
    // minijinja escapes `/` in HTML as `&#x2f;` (browsers read it back as `/`).
    let decoded = decode_qp(&raw).replace("&#x2f;", "/");
    // Once in the text part, at least twice in the HTML (button and fallback).
    assert!(decoded.matches(LINK).count() >= 3, "{decoded}");

    // The dispatcher marks the row after the job is queued, so the email may
    // be written a moment before the row is.
    eventually("outbox row marked dispatched", Duration::from_secs(5), || async {
        h.outbox_row(id).await.dispatched_at.is_some()
    })
    .await;
    let row = h.outbox_row(id).await;
    assert_eq!(row.payload, "{}", "one-time links are cleared from the outbox");
    let metrics = h.ctx.metrics.clone();
    eventually("SendEmail counted", Duration::from_secs(5), || {
        let m = metrics.clone();
        async move { m.counts(send_email::JOB).0 == 1 }
    })
    .await;
    // The purge schedule enqueued this hour's purge and a worker ran it.
    eventually("PurgeExpired ran", Duration::from_secs(10), || {
        let m = metrics.clone();
        async move { m.counts(purge_expired::JOB).0 == 1 }
    })
    .await;

    // Dispatching again finds nothing: the event is done.
    let again = dispatch_outbox(&h.ctx, "test-dispatcher").await.unwrap();
    assert_eq!(again.claimed, 0);
    // A dispatcher that died after pushing but before completing would push the
    // same job again: the queue's idempotency key keeps it to one job.
    let duplicate = duplicate_of(id);
    let key = send_email::delivery_key(&duplicate);
    h.ctx
        .queue
        .push(duplicate, &key, send_email::MAX_ATTEMPTS)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(h.ctx.metrics.counts(send_email::JOB), (1, 0, 0));
    assert_eq!(eml_files(&h.mailbox()).len(), 1);
    // A job run again for the same event (its worker killed after the
    // delivery, before the job was marked done) delivers nothing new: the
    // file is the first delivery's, not a second copy written over it.
    let first = std::fs::metadata(&files[0]).unwrap();
    send_email::send_email(&h.ctx, &duplicate_of(id)).await.unwrap();
    let after = std::fs::metadata(&files[0]).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(
        (after.ino(), after.mtime_nsec()),
        (first.ino(), first.mtime_nsec())
    );
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), raw);

    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_email_is_delivered_once_through_the_sql_queue() {
    outbox_email_is_delivered_once(Harness::sql().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_email_is_delivered_once_through_redis() {
    outbox_email_is_delivered_once(Harness::redis().await).await;
}
