//! Data exports over HTTP: the API (`/api/v1/me/exports`) and the page
//! (`/settings/data`), each person seeing and downloading only their own.

use crate::support::Harness;
use hisaab_service::entity::ExportId;
use hisaab_service::exports;
use poem::http::{Method, StatusCode, header};
use std::io::Read;

/// Runs the worker's part for `id`.
async fn build(h: &Harness, id: &str) {
    let id: ExportId = id.parse().unwrap();
    exports::build(&h.t.app, id).await.unwrap();
}

/// A GET with raw bytes back (the zip is not text).
async fn get_bytes(
    req: poem::test::TestRequestBuilder<'_, crate::support::Endpoint>,
) -> (StatusCode, poem::http::HeaderMap, Vec<u8>) {
    let resp = req.send().await.0;
    let (status, headers) = (resp.status(), resp.headers().clone());
    (status, headers, resp.into_body().into_vec().await.unwrap())
}

fn entries(bytes: Vec<u8>) -> (serde_json::Value, Vec<String>) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let mut json = String::new();
    zip.by_name("hisaab.json")
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    (serde_json::from_str(&json).unwrap(), names)
}

#[tokio::test]
async fn the_api_queues_lists_and_downloads_an_export_for_its_owner_only() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("other@example.com").await;
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let (other, _) = h.tokens_for("other@example.com").await;

    let queued = h.api(Method::POST, "/api/v1/me/exports", None, Some(&asha)).await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{}", queued.body);
    let body = queued.json();
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(body["state"], "queued");
    assert_eq!(queued.location(), format!("/api/v1/me/exports/{id}"));
    assert!(body["download_path"].is_null());

    let list = h.api_get("/api/v1/me/exports", Some(&asha)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()["items"][0]["id"], id.as_str());
    assert_eq!(list.json()["items"][0]["state"], "queued");
    // Not ready: no download yet.
    let early = h
        .api_get(&format!("/api/v1/me/exports/{id}/download"), Some(&asha))
        .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);

    build(&h, &id).await;
    // The notification the worker delivers says so and links to the page.
    let claimed = hisaab_service::outbox::claim(
        &h.t.app.db,
        "test",
        h.t.app.now(),
        time::Duration::minutes(1),
        100,
    )
    .await
    .unwrap();
    for c in claimed {
        if let Ok(hisaab_service::outbox::Event::Domain {
            event_type,
            notify,
            data,
        }) = c.event
        {
            hisaab_service::notifications::deliver(
                &h.t.app.db,
                c.id,
                &event_type,
                &notify,
                &data,
                c.created_at,
            )
            .await
            .unwrap();
        }
    }
    let centre = h.api_get("/api/v1/notifications", Some(&asha)).await.json();
    let ready = centre["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["type"] == "export.ready")
        .expect("export.ready notification");
    assert_eq!(ready["title"], "Your data export is ready to download");
    assert_eq!(ready["link"], "/settings/data");
    let one = h
        .api_get(&format!("/api/v1/me/exports/{id}"), Some(&asha))
        .await
        .json();
    assert_eq!(one["state"], "ready");
    assert!(one["size_bytes"].as_i64().unwrap() > 0);
    let path = one["download_path"].as_str().unwrap().to_string();
    assert_eq!(path, format!("/api/v1/me/exports/{id}/download"));

    let req = h
        .cli
        .request(Method::GET, &path)
        .header(header::AUTHORIZATION, format!("Bearer {asha}"));
    let (status, headers, bytes) = get_bytes(req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/zip");
    assert!(
        headers
            .get(header::CONTENT_DISPOSITION)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"hisaab-export-")
    );
    assert_eq!(
        headers.get(header::CONTENT_LENGTH).unwrap().to_str().unwrap(),
        bytes.len().to_string()
    );
    let (doc, names) = entries(bytes);
    assert_eq!(doc["person"]["email"], "asha@example.com");
    assert!(names.contains(&"hisaab.json".to_string()));
    assert!(names.contains(&"csv/transactions.csv".to_string()));
    assert!(names.contains(&"csv/expense_lines.csv".to_string()));

    // Someone else: not in their list, and 404 for it, its download and a
    // malformed id alike; no token at all is a 401.
    assert_eq!(
        h.api_get("/api/v1/me/exports", Some(&other)).await.json()["items"],
        serde_json::json!([])
    );
    for p in [
        format!("/api/v1/me/exports/{id}"),
        format!("/api/v1/me/exports/{id}/download"),
        "/api/v1/me/exports/nope/download".into(),
    ] {
        let resp = h.api_get(&p, Some(&other)).await;
        assert_eq!(resp.status, StatusCode::NOT_FOUND, "{p}");
        assert_eq!(
            resp.header("content-type"),
            Some("application/problem+json"),
            "{p}"
        );
    }
    assert_eq!(
        h.api_get("/api/v1/me/exports", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_data_page_asks_for_an_export_and_downloads_it_with_the_session() {
    let h = Harness::new().await;
    let actor = h.t.actor(&h.t.user("asha@example.com").await);
    h.t.user("other@example.com").await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;

    let page = b.get("/settings/data").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("You have not exported your data yet."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("href=\"/settings/data\" aria-current=\"page\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("action=\"/settings/data/exports\""));

    // Without the CSRF token the form is refused.
    let forged = b.post_form("/settings/data/exports", &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(exports::list(&h.t.app, &actor).await.unwrap().is_empty());

    let sent = b.submit("/settings/data/exports", &[]).await;
    sent.assert_redirect("/settings/data");
    let page = b.get("/settings/data").await;
    assert!(page.body.contains("Waiting to start"), "{}", page.body);
    // htmx: the export region comes back alone, still one export.
    let partial = b.submit_htmx("/settings/data/exports", &[]).await;
    assert_eq!(partial.status, StatusCode::ACCEPTED);
    assert!(
        partial.body.contains("id=\"data-export\"") && !partial.body.contains("<html"),
        "{}",
        partial.body
    );
    assert_eq!(partial.body.matches("Waiting to start").count(), 1);

    let id = page
        .body
        .split("/settings/data/exports/")
        .nth(1)
        .map(|s| s[..36].to_string());
    assert!(id.is_none(), "no download link before it is ready");
    let id = exports::list(&h.t.app, &actor).await.unwrap()[0].id.to_string();
    build(&h, &id).await;
    let page = b.get("/settings/data").await;
    let link = format!("/settings/data/exports/{id}/download");
    assert!(page.body.contains(&link), "{}", page.body);

    let (status, headers, bytes) = get_bytes(b.request(Method::GET, &link)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/zip");
    assert_eq!(entries(bytes).0["person"]["email"], "asha@example.com");

    // Another person's session gets a 404; no session is sent to sign in.
    let other = h.browser();
    other.sign_in("other@example.com").await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
    assert!(!other.get("/settings/data").await.body.contains(&id));
    let anonymous = h.browser().get(&link).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}

/// With `HISAAB_S3_*` set the zip lives in the bucket: the API and the page
/// stream it back byte for byte as stored, with the same headers and audit.
#[tokio::test]
async fn an_export_in_a_bucket_downloads_byte_identical_through_the_api_and_the_page() {
    use hisaab_service::exports::{ExportStore, LocalStore, S3Store};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use tokio::io::AsyncReadExt;
    let test = "an_export_in_a_bucket_downloads_byte_identical_through_the_api_and_the_page";
    let Some(s3) = hisaab_service::testkit::s3_bucket(test).await else {
        return;
    };
    let h = Harness::with_settings(|s| s.s3 = Some(s3.clone())).await;
    let actor = h.t.actor(&h.t.user("asha@example.com").await);
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let queued = h.api(Method::POST, "/api/v1/me/exports", None, Some(&asha)).await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{}", queued.body);
    let id = queued.json()["id"].as_str().unwrap().to_string();
    build(&h, &id).await;

    // What the bucket holds, read straight from it.
    let key = format!("{}/{id}.zip", actor.user_id);
    let local = h.t.data_dir.path().join("exports");
    assert!(!local.join(&key).exists(), "the zip is not kept on local disk");
    let store = S3Store::new(&s3, LocalStore::new(local)).unwrap();
    let mut stored = Vec::new();
    store
        .open(&key)
        .await
        .unwrap()
        .body
        .read_to_end(&mut stored)
        .await
        .unwrap();

    let req = h
        .cli
        .request(Method::GET, format!("/api/v1/me/exports/{id}/download"))
        .header(header::AUTHORIZATION, format!("Bearer {asha}"));
    let (status, headers, bytes) = get_bytes(req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/zip");
    assert!(
        headers
            .get(header::CONTENT_DISPOSITION)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"hisaab-export-")
    );
    assert_eq!(
        headers.get(header::CONTENT_LENGTH).unwrap().to_str().unwrap(),
        stored.len().to_string()
    );
    assert!(bytes == stored, "the API's download differs from the object");
    assert_eq!(entries(bytes).0["person"]["email"], "asha@example.com");

    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let link = format!("/settings/data/exports/{id}/download");
    let (status, headers, bytes) = get_bytes(b.request(Method::GET, &link)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/zip");
    assert!(bytes == stored, "the page's download differs from the object");
    // Each download is audited, as from local disk.
    let audited = hisaab_service::entity::audit_log::Entity::find()
        .filter(hisaab_service::entity::audit_log::Column::Action.eq("data.export_downloaded"))
        .count(&h.t.app.db)
        .await
        .unwrap();
    assert_eq!(audited, 2);
    // Someone else still gets a 404.
    h.t.user("other@example.com").await;
    let (other, _) = h.tokens_for("other@example.com").await;
    let theirs = h
        .api_get(&format!("/api/v1/me/exports/{id}/download"), Some(&other))
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}
