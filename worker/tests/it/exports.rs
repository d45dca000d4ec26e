//! A requested export goes from the outbox to a `BuildExport` job and a
//! ready zip, once, through each queue backend; its ready email follows.

use crate::support::{Harness, eventually, wait_for_emails};
use hisaab_service::exports::{self, ExportState};
use hisaab_service::jobs::BuildExport;
use hisaab_worker::jobs::build_export;
use std::time::Duration;

async fn a_requested_export_is_built_once(h: Harness) {
    let asha = h.t.actor(&h.t.user("asha@example.com").await);
    let view = exports::request(&h.t.app, &asha).await.unwrap();
    let running = h.start();

    eventually("export ready", Duration::from_secs(20), || async {
        exports::get(&h.t.app, &asha, view.id).await.unwrap().state == ExportState::Ready
    })
    .await;
    // The ready email goes out through the same outbox.
    let files = wait_for_emails(&h.mailbox(), 1, Duration::from_secs(20)).await;
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert!(raw.contains("Subject: Your Hisaab data export is ready"), "{raw}");

    // The same job again (a redelivered event) is skipped: one build.
    h.ctx
        .queue
        .push(
            BuildExport {
                export_id: view.id.to_string(),
            },
            &format!("again:{}", view.id),
            build_export::MAX_ATTEMPTS,
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let metrics = h.ctx.metrics.clone();
    assert_eq!(metrics.counts(build_export::JOB).0, 2);
    let file =
        h.t.data_dir
            .path()
            .join(format!("exports/{}/{}.zip", asha.user_id, view.id));
    assert!(file.exists());
    assert_eq!(exports::list(&h.t.app, &asha).await.unwrap().len(), 1);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requested_export_is_built_once_through_the_sql_queue() {
    a_requested_export_is_built_once(Harness::sql().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requested_export_is_built_once_through_redis() {
    a_requested_export_is_built_once(Harness::redis().await).await;
}

/// With `HISAAB_S3_*` set, the worker's build ends in the bucket: the object
/// is there, the local copy is not, and the download reads it back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requested_export_is_built_into_the_bucket() {
    use hisaab_service::exports::{LocalStore, S3Store};
    let Some(s3) = hisaab_service::testkit::s3_bucket("a_requested_export_is_built_into_the_bucket").await
    else {
        return;
    };
    let h = Harness::sql_with(|s| s.s3 = Some(s3.clone())).await;
    let asha = h.t.actor(&h.t.user("asha@example.com").await);
    let view = exports::request(&h.t.app, &asha).await.unwrap();
    let running = h.start();
    eventually("export ready", Duration::from_secs(30), || async {
        exports::get(&h.t.app, &asha, view.id).await.unwrap().state == ExportState::Ready
    })
    .await;
    running.stop().await;
    let key = format!("{}/{}.zip", asha.user_id, view.id);
    let local = h.t.data_dir.path().join("exports");
    assert!(!local.join(&key).exists());
    let store = S3Store::new(&s3, LocalStore::new(local)).unwrap();
    assert!(store.exists(&key).await.unwrap());
    let got = exports::download(&h.t.app, &asha, view.id).await.unwrap();
    let size = exports::get(&h.t.app, &asha, view.id).await.unwrap().size_bytes;
    assert_eq!(Some(got.size as i64), size);
}
