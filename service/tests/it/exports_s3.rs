//! Exports kept in an S3-compatible bucket (ADR 0030), against the real
//! S3 server `bin/test` starts (moto, `HISAAB_TEST_S3_URL`); each test skips
//! with a notice when that variable is unset.

use crate::exports::{bytes_of, read_zip};
use hisaab_service::exports::{self, Built, ExportState, ExportStore, LocalStore, S3Store};
use hisaab_service::settings::S3Settings;
use hisaab_service::testkit::{self, TestApp};
use rand::RngCore;
use std::io::Write;
use time::Duration;

fn key(t: &TestApp, user: uuid::Uuid, export: uuid::Uuid) -> (String, std::path::PathBuf) {
    let key = format!("{user}/{export}.zip");
    let path = t.data_dir.path().join("exports").join(&key);
    (key, path)
}

fn store(t: &TestApp, s3: &S3Settings) -> S3Store {
    S3Store::new(s3, LocalStore::new(t.data_dir.path().join("exports"))).unwrap()
}

/// `bytes` random bytes written to the local file of `key`, as the builder would.
fn write_local(store: &S3Store, key: &str, bytes: usize) -> Vec<u8> {
    let mut data = vec![0_u8; bytes];
    rand::rng().fill_bytes(&mut data);
    let mut file = store.create(key).unwrap();
    file.write_all(&data).unwrap();
    file.sync_all().unwrap();
    data
}

/// The multipart uploads still open in `s3`'s bucket (moto does not check
/// signatures, so a plain request lists them).
async fn open_uploads(s3: &S3Settings) -> usize {
    let url = format!("{}/{}?uploads", s3.endpoint, s3.bucket);
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    text.matches("<Upload>").count()
}

#[tokio::test]
async fn an_export_in_a_bucket_is_uploaded_downloaded_and_purged() {
    let Some(s3) = testkit::s3_bucket("an_export_in_a_bucket_is_uploaded_downloaded_and_purged").await else {
        return;
    };
    let t = TestApp::with_settings(|s| s.s3 = Some(s3.clone())).await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let view = exports::request(&t.app, &asha).await.unwrap();
    let Built::Ready(size) = exports::build(&t.app, view.id).await.unwrap() else {
        panic!("not built")
    };
    let (key, local) = key(&t, asha.user_id.0, view.id.0);
    let bucket = store(&t, &s3);
    // In the bucket, not on local disk (nor its scratch parts).
    assert!(bucket.exists(&key).await.unwrap());
    assert!(!local.exists());
    assert!(!local.with_extension("parts").exists());

    let got = exports::download(&t.app, &asha, view.id).await.unwrap();
    assert_eq!(got.size, size);
    let (doc, csvs) = read_zip(bytes_of(got).await);
    assert_eq!(doc["person"]["email"], "asha@example.com");
    assert!(csvs.contains_key("transactions"));

    t.clock.advance(Duration::days(7) + Duration::seconds(1));
    assert_eq!(
        exports::list(&t.app, &asha).await.unwrap()[0].state,
        ExportState::Expired
    );
    let purged = hisaab_service::retention::purge_expired(&t.app).await.unwrap();
    assert_eq!(purged.exports, 1);
    assert!(!bucket.exists(&key).await.unwrap());
    assert!(exports::list(&t.app, &asha).await.unwrap().is_empty());
    // Deleting an object already gone is not an error (a purge may repeat).
    bucket.remove(&key).await.unwrap();
}

#[tokio::test]
async fn a_large_file_goes_up_in_parts_and_comes_back_byte_identical() {
    let Some(s3) = testkit::s3_bucket("a_large_file_goes_up_in_parts_and_comes_back_byte_identical").await
    else {
        return;
    };
    let t = TestApp::new().await;
    let bucket = store(&t, &s3);
    let (key, local) = key(&t, uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    // Two full 8 MiB parts and a short last one.
    let data = write_local(&bucket, &key, 2 * exports::s3::PART_SIZE + 12_345);
    let started = std::time::Instant::now();
    bucket.finish(&key).await.unwrap();
    let up = started.elapsed();
    assert!(!local.exists(), "the local copy is deleted once uploaded");
    let opened = bucket.open(&key).await.unwrap();
    assert_eq!(opened.size, data.len() as u64);
    let mut back = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut { opened.body }, &mut back)
        .await
        .unwrap();
    assert!(back == data, "the object differs from the file uploaded");
    eprintln!(
        "{} bytes up in {up:?}, down in {:?}",
        data.len(),
        started.elapsed() - up
    );
    assert_eq!(open_uploads(&s3).await, 0);
}

#[tokio::test]
async fn a_failed_upload_is_aborted_and_leaves_no_object() {
    let Some(s3) = testkit::s3_bucket("a_failed_upload_is_aborted_and_leaves_no_object").await else {
        return;
    };
    let t = TestApp::new().await;
    // Parts under S3's 5 MiB minimum: the server takes each part, then
    // refuses to complete the upload.
    let bucket = store(&t, &s3).with_part_size(1024 * 1024);
    let (key, _) = key(&t, uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    write_local(&bucket, &key, 3 * 1024 * 1024 + 1);
    let err = bucket.finish(&key).await.unwrap_err();
    assert!(err.to_string().contains("CompleteMultipartUpload"), "{err}");
    assert!(!bucket.exists(&key).await.unwrap());
    assert_eq!(open_uploads(&s3).await, 0, "the upload was aborted");
    // Neither in the bucket nor (once the builder has cleaned up) on local
    // disk: it cannot be opened.
    bucket.remove(&key).await.unwrap();
    let missing = bucket.open(&key).await.unwrap_err();
    assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
}

#[tokio::test]
async fn an_export_whose_upload_fails_ends_failed_with_nothing_kept() {
    let Some(mut s3) = testkit::s3_bucket("an_export_whose_upload_fails_ends_failed_with_nothing_kept").await
    else {
        return;
    };
    let real = s3.clone();
    s3.bucket = format!("{}-missing", s3.bucket);
    let t = TestApp::with_settings(|s| s.s3 = Some(s3.clone())).await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let view = exports::request(&t.app, &asha).await.unwrap();
    let err = exports::build(&t.app, view.id).await.unwrap_err();
    assert!(format!("{err:?}").contains("CreateMultipartUpload"), "{err:?}");
    // The job gives up after its attempts.
    exports::fail(&t.app, view.id).await.unwrap();
    assert_eq!(
        exports::get(&t.app, &asha, view.id).await.unwrap().state,
        ExportState::Failed
    );
    let (key, local) = key(&t, asha.user_id.0, view.id.0);
    assert!(!local.exists(), "the local copy is removed with the failure");
    assert!(!store(&t, &real).exists(&key).await.unwrap());
    assert!(!store(&t, &s3).exists(&key).await.unwrap());
}

/// An export built before the bucket was configured is still on local disk:
/// its download is served from there, and removing it takes the local copy.
#[tokio::test]
async fn an_export_made_before_the_bucket_is_read_from_local_disk() {
    let Some(s3) = testkit::s3_bucket("an_export_made_before_the_bucket_is_read_from_local_disk").await
    else {
        return;
    };
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let (key, local) = key(&t, asha.user_id.0, uuid::Uuid::now_v7());
    let bucket = store(&t, &s3);
    let data = write_local(&bucket, &key, 4_096);
    assert!(!bucket.exists(&key).await.unwrap());

    let mut opened = bucket.open(&key).await.unwrap();
    assert_eq!(opened.size, 4_096);
    let mut got = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut opened.body, &mut got)
        .await
        .unwrap();
    assert_eq!(got, data);

    bucket.remove(&key).await.unwrap();
    assert!(!local.exists());
    assert!(bucket.open(&key).await.is_err(), "gone from both");
}
