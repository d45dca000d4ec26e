//! Two dispatchers at once never both take the same outbox row.

use crate::support::{Harness, eml_files, eventually, wait_for_emails};
use hisaab_service::entity::OutboxId;
use hisaab_worker::JobContext;
use hisaab_worker::jobs::dispatch_outbox::dispatch_outbox;
use hisaab_worker::jobs::send_email;
use std::collections::HashSet;
use std::time::Duration;

/// Dispatches until the outbox is empty; returns the events this dispatcher completed.
async fn drain(ctx: JobContext, owner: &'static str) -> Vec<OutboxId> {
    let mut mine = Vec::new();
    loop {
        let run = dispatch_outbox(&ctx, owner).await.expect("dispatch");
        assert!(run.failed.is_empty(), "{run:?}");
        if run.claimed == 0 {
            return mine;
        }
        mine.extend(run.completed);
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_dispatchers_never_share_an_event() {
    let h = Harness::sql().await;
    // More than two batches, so both dispatchers are busy at the same time.
    let n = 130;
    let mut ids = HashSet::new();
    for i in 0..n {
        let link = format!("http://127.0.0.1:8000/verify-email/tok-{i}");
        ids.insert(
            h.enqueue_email(&format!("user{i}@example.com"), "verify_email", &link)
                .await,
        );
    }

    let a = tokio::spawn(drain(h.ctx.clone(), "dispatcher-a"));
    let b = tokio::spawn(drain(h.ctx.clone(), "dispatcher-b"));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());

    let (set_a, set_b): (HashSet<_>, HashSet<_>) = (a.iter().copied().collect(), b.iter().copied().collect());
    assert_eq!(a.len() + b.len(), n, "every event handled exactly once");
    assert!(
        set_a.is_disjoint(&set_b),
        "an event was handled by both dispatchers"
    );
    assert_eq!(set_a.union(&set_b).copied().collect::<HashSet<_>>(), ids);
    for id in &ids {
        assert!(h.outbox_row(*id).await.dispatched_at.is_some());
    }

    // The queue holds one job per event: one .eml each, each job run once.
    let running = h.start();
    let files = wait_for_emails(&h.mailbox(), n, Duration::from_secs(60)).await;
    let names: HashSet<String> = files
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ids.iter().map(|id| id.to_string()).collect::<HashSet<_>>());
    let metrics = h.ctx.metrics.clone();
    eventually("all jobs counted", Duration::from_secs(10), || {
        let m = metrics.clone();
        async move { m.counts(send_email::JOB).0 == n as u64 }
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(h.ctx.metrics.counts(send_email::JOB), (n as u64, 0, 0));
    assert_eq!(eml_files(&h.mailbox()).len(), n);
    running.stop().await;
}
