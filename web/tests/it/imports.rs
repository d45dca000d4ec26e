//! Imports through the API and the pages (ADR 0027).

use crate::finance::{Browser, Harness, fields};
use poem::http::StatusCode;
use serde_json::Value;

const SPLITWISE: &str = "Date,Description,Category,Cost,Currency,Asha,Bilal,Chen\n\
    2026-01-05,Dinner,Dining out,90.00,USD,60.00,-30.00,-30.00\n\
    2026-01-06,Taxi,Transport,20.00,USD,-10.00,10.00,0.00\n\
    \n2026-01-07,Total balance, , ,USD,50.00,-20.00,-30.00\n";

const BAD: &str = "Date,Description,Category,Cost,Currency,Asha,Bilal\n\
    2026-01-05,Dinner,Dining out,90.00,USD,45.00,-45.00\n\
    2026-01-06,Taxi,Transport,20.00,USD,-10.00,9.00\n";

const STATEMENT: &str =
    "Date,Description,Amount\n2026-01-05,Coffee,-3.50\n2026-01-06,Coffee,-3.50\n2026-01-06,Coffee,-3.50\n";

/// A multipart body: text fields, then the file.
fn multipart(fields: &[(&str, &str)], file: &str) -> (String, Vec<u8>) {
    let boundary = "XBOUNDARYX";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Trip_2026-01-07_export.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    ));
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

async fn upload(h: &Harness, token: &str, fields: &[(&str, &str)], file: &str) -> (StatusCode, Value) {
    let (ct, body) = multipart(fields, file);
    let resp = h
        .cli
        .post("/api/v1/me/imports")
        .header("authorization", format!("Bearer {token}"))
        .content_type(ct)
        .body(body)
        .send()
        .await;
    let s = resp.0.status();
    let bytes = resp.0.into_body().into_bytes().await.unwrap();
    (s, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn splitwise_through_the_api() {
    let h = Harness::new().await;
    let (_, token) = h.user("asha@example.com").await;
    let (_, other) = h.user("ravi@example.com").await;

    let (s, body) = upload(&h, &token, &[("kind", "splitwise")], SPLITWISE).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["state"], "previewed");
    assert_eq!(body["preview"]["group_name"], "Trip");
    assert_eq!(body["preview"]["expenses"].as_array().unwrap().len(), 2);
    assert_eq!(body["preview"]["expenses"][1]["shares"][1]["paid"], "20.00");
    assert_eq!(body["preview"]["people"][2]["balance"], "-30.00");
    let id = body["id"].as_str().unwrap().to_string();

    // Another person: 404 on read and confirm.
    let (s, _, _) = h
        .send(
            "GET",
            &format!("/api/v1/me/imports/{id}"),
            Some(&other),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = h
        .send(
            "POST",
            &format!("/api/v1/me/imports/{id}/confirm"),
            Some(&other),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, done, _) = h
        .send(
            "POST",
            &format!("/api/v1/me/imports/{id}/confirm"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["state"], "confirmed");
    assert_eq!(done["result"]["expenses"], 2);
    let group = done["result"]["group_id"].as_str().unwrap();
    let (s, g, _) = h
        .send(
            "GET",
            &format!("/api/v1/social/expense-groups/{group}"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{g}");

    // The same file again answers the first import (200, not a new preview).
    let (s, again) = upload(&h, &token, &[("kind", "splitwise")], SPLITWISE).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again["id"].as_str(), Some(id.as_str()));
}

#[tokio::test]
async fn bad_files_are_problems_with_line_numbers() {
    let h = Harness::new().await;
    let (_, token) = h.user("asha@example.com").await;
    // Not a Splitwise file at all: 422 at once.
    let (s, body) = upload(&h, &token, &[("kind", "splitwise")], "a,b\n1,2\n").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), vec!["file"]);
    // A CSV given as our own export: not an export, a 422 on the file.
    let (s, body) = upload(&h, &token, &[("kind", "hisaab")], SPLITWISE).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), vec!["file"]);
    assert!(
        body["detail"].as_str().unwrap().contains("not valid JSON"),
        "{body}"
    );
    // A bad line: listed in the preview, and confirming is a 422 naming it.
    let (s, body) = upload(&h, &token, &[("kind", "splitwise")], BAD).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(body["preview"]["errors"][0]["line"], 3);
    let id = body["id"].as_str().unwrap();
    let (s, problem, headers) = h
        .send(
            "POST",
            &format!("/api/v1/me/imports/{id}/confirm"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("line 3"),
        "{problem}"
    );
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Line 3:")
    );
}

#[tokio::test]
async fn bank_csv_through_the_api_flags_duplicates() {
    let h = Harness::new().await;
    let (_, token) = h.user("asha@example.com").await;
    let (_, other) = h.user("ravi@example.com").await;
    let (s, acct, _) = h
        .send(
            "POST",
            "/api/v1/finance/accounts",
            Some(&token),
            Some(serde_json::json!({"name": "Current", "kind": "checking", "currency": "USD", "opening_balance": "100"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let account = acct["id"].as_str().unwrap();
    let mapping = [
        ("kind", "bank_csv"),
        ("account_id", account),
        ("mapping_date", "Date"),
        ("mapping_description", "Description"),
        ("mapping_amount", "Amount"),
    ];
    // Someone else cannot import into it.
    let (s, body) = upload(&h, &other, &mapping, STATEMENT).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), vec!["account_id"]);
    let (s, body) = upload(
        &h,
        &token,
        &[
            ("kind", "bank_csv"),
            ("account_id", account),
            ("mapping_date", "Day"),
        ],
        STATEMENT,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields(&body).contains(&"mapping_amount".to_string()), "{body}");

    let (s, body) = upload(&h, &token, &mapping, STATEMENT).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let dup: Vec<bool> = body["preview"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| !r["duplicate"].is_null())
        .collect();
    assert_eq!(dup, vec![false, false, true]);
    let id = body["id"].as_str().unwrap();
    let (s, done, _) = h
        .send(
            "POST",
            &format!("/api/v1/me/imports/{id}/confirm"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(done["result"]["records"], 2);
    let (_, a, _) = h
        .send(
            "GET",
            &format!("/api/v1/finance/accounts/{account}"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(a["balance"], "93.00");
}

async fn page(h: &Harness, b: &Browser, path: &str) -> (StatusCode, String) {
    let resp = h.cli.get(path).header("cookie", &b.cookie).send().await;
    let s = resp.0.status();
    (s, resp.0.into_body().into_string().await.unwrap())
}

async fn post_upload(
    h: &Harness,
    b: &Browser,
    fields: &[(&str, &str)],
    file: &str,
) -> (StatusCode, String, Option<String>) {
    let (ct, body) = multipart(fields, file);
    let resp = h
        .cli
        .post("/settings/data/imports")
        .header("cookie", &b.cookie)
        .header("x-csrf-token", &b.csrf)
        .content_type(ct)
        .body(body)
        .send()
        .await;
    let s = resp.0.status();
    let loc = resp
        .0
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (s, resp.0.into_body().into_string().await.unwrap(), loc)
}

#[tokio::test]
async fn upload_preview_and_confirm_on_the_pages() {
    let h = Harness::new().await;
    let (user, _) = h.user("asha@example.com").await;
    let b = h.browser(&user).await;
    let (s, html) = page(&h, &b, "/settings/data").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Import a Splitwise group"));
    assert!(html.contains("Add an account first"));

    // Without the CSRF token the upload is refused.
    let (ct, body) = multipart(&[("kind", "splitwise")], SPLITWISE);
    let resp = h
        .cli
        .post("/settings/data/imports")
        .header("cookie", &b.cookie)
        .content_type(ct)
        .body(body)
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::FORBIDDEN);

    // A bad file comes back with its message, 422.
    let (s, html, _) = post_upload(&h, &b, &[("kind", "splitwise"), ("me", "Nobody")], SPLITWISE).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Choose one of the people in the file"), "{html}");

    // A file with a bad line: the preview names it and offers no confirmation.
    let (s, _, loc) = post_upload(&h, &b, &[("kind", "splitwise")], BAD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html) = page(&h, &b, &loc.unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("1 line cannot be read"));
    assert!(html.contains("<td>3</td>"));
    assert!(!html.contains("Confirm and import"));

    let (s, _, loc) = post_upload(&h, &b, &[("kind", "splitwise"), ("me", "Bilal")], SPLITWISE).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let preview = loc.unwrap();
    let (s, html) = page(&h, &b, &preview).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Dinner") && html.contains("Taxi"));
    assert!(html.contains("Confirm and import"));

    // Another person sees a 404.
    let (ravi, _) = h.user("ravi@example.com").await;
    let rb = h.browser(&ravi).await;
    let (s, _) = page(&h, &rb, &preview).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let resp = h
        .cli
        .post(format!("{preview}/confirm"))
        .header("cookie", &b.cookie)
        .header("x-csrf-token", &b.csrf)
        .form(&[("csrf_token", b.csrf.as_str())])
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::SEE_OTHER);
    let to = resp
        .0
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(to.starts_with("/social/groups/"), "{to}");
    let (s, html) = page(&h, &b, &to).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Dinner"));
    let (_, html) = page(&h, &b, &preview).await;
    assert!(html.contains("Open the group"));
}

#[tokio::test]
async fn bank_statement_on_the_pages_remembers_the_mapping() {
    let h = Harness::new().await;
    let (user, token) = h.user("asha@example.com").await;
    let b = h.browser(&user).await;
    let (s, acct, _) = h
        .send(
            "POST",
            "/api/v1/finance/accounts",
            Some(&token),
            Some(serde_json::json!({"name": "Current", "kind": "checking", "currency": "USD", "opening_balance": "100"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let account = acct["id"].as_str().unwrap();
    let (s, html) = page(&h, &b, "/settings/data").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Import a bank statement") && html.contains("Current (USD)"));

    // A mapping naming no such column: 422, the message beside the field, values kept.
    let (s, html, _) = post_upload(
        &h,
        &b,
        &[
            ("kind", "bank_csv"),
            ("account_id", account),
            ("mapping_date", "Day"),
            ("mapping_description", "Description"),
            ("mapping_amount", "Amount"),
        ],
        STATEMENT,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("There is no column called “Day”"), "{html}");
    assert!(html.contains("value=\"Day\""));

    let (s, _, loc) = post_upload(
        &h,
        &b,
        &[
            ("kind", "bank_csv"),
            ("account_id", account),
            ("mapping_date", "Date"),
            ("mapping_description", "Description"),
            ("mapping_amount", "Amount"),
        ],
        STATEMENT,
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let preview = loc.unwrap();
    let (_, html) = page(&h, &b, &preview).await;
    assert!(html.contains("2 new records, 1 already there"), "{html}");
    assert!(html.contains("Same date, amount and description as line 3."));
    let resp = h
        .cli
        .post(format!("{preview}/confirm"))
        .header("cookie", &b.cookie)
        .header("x-csrf-token", &b.csrf)
        .form(&[("csrf_token", b.csrf.as_str())])
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        resp.0.headers().get("location").unwrap().to_str().unwrap(),
        format!("/app/finance/accounts/{account}")
    );
    // Next time the form is filled in with the mapping.
    let (_, html) = page(&h, &b, &format!("/settings/data?account_id={account}")).await;
    assert!(
        html.contains("id=\"mapping_amount\" name=\"mapping_amount\" type=\"text\" value=\"Amount\""),
        "{html}"
    );
}

/// A small Hisaab export (`hisaab.json`): one account of the person's own,
/// and a group someone else shared with them.
fn hisaab_export() -> String {
    let mut records = serde_json::Map::new();
    for k in hisaab_service::exports::KINDS {
        records.insert(k.name.into(), serde_json::json!([]));
    }
    records.insert(
        "accounts".into(),
        serde_json::json!([{
            "id": "0193a000-0000-7000-8000-000000000001", "name": "Cash box", "kind": "cash",
            "currency": "USD", "opening_balance": "10.50", "opening_date": "2026-01-01",
            "archived": false, "notes": null,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }]),
    );
    records.insert(
        "groups".into(),
        serde_json::json!([{
            "id": "0193a000-0000-7000-8000-000000000002", "shared": true, "name": "Their trip",
            "currency": "USD", "simplify": true, "default_split": null, "archived_at": null,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }]),
    );
    serde_json::json!({
        "format": "hisaab-export", "version": 1, "exported_at": "2026-11-30T10:00:00Z",
        "person": {"id": "0193a000-0000-7000-8000-0000000000ff", "email": "old@example.com",
                   "display_name": "Old", "base_currency": "USD", "created_at": "2026-01-01T00:00:00Z"},
        "records": records, "counts": {}
    })
    .to_string()
}

/// A multipart body whose file is `file` (bytes), named `name`.
fn multipart_file(kind: &str, name: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "XBOUNDARYX";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload_file(h: &Harness, token: &str, name: &str, file: &[u8]) -> (StatusCode, Value) {
    let (ct, body) = multipart_file("hisaab", name, file);
    let resp = h
        .cli
        .post("/api/v1/me/imports")
        .header("authorization", format!("Bearer {token}"))
        .content_type(ct)
        .body(body)
        .send()
        .await;
    let s = resp.0.status();
    let bytes = resp.0.into_body().into_bytes().await.unwrap();
    (s, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_hisaab_export_through_the_api() {
    let h = Harness::new().await;
    let (_, token) = h.user("asha@example.com").await;
    let (_, other) = h.user("ravi@example.com").await;

    // A zip holding no hisaab.json: a 422 on `file`.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    let not_export = zip.finish().unwrap().into_inner();
    let (s, body) = upload_file(&h, &token, "export.zip", &not_export).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "file", "{body}");

    // The export as a zip.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hisaab.json", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, hisaab_export().as_bytes()).unwrap();
    let export = zip.finish().unwrap().into_inner();
    let (s, body) = upload_file(&h, &token, "hisaab-export-2026-11-30.zip", &export).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["kind"], "hisaab");
    let plan = &body["preview"]["hisaab"];
    assert_eq!(plan["exported_by"], "old@example.com");
    let accounts = plan["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "accounts")
        .unwrap();
    assert_eq!(accounts["count"], 1);
    assert_eq!(plan["shared"][0]["kind"], "groups");
    assert_eq!(plan["shared_groups"][0], "Their trip");
    let id = body["id"].as_str().unwrap().to_string();

    let (s, _, _) = h
        .send(
            "POST",
            &format!("/api/v1/me/imports/{id}/confirm"),
            Some(&other),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, done, _) = h
        .send(
            "POST",
            &format!("/api/v1/me/imports/{id}/confirm"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["result"]["records"], 1);
    let (s, list, _) = h
        .send("GET", "/api/v1/finance/accounts", Some(&token), None, None)
        .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert!(list.to_string().contains("Cash box"), "{list}");
    assert!(list.to_string().contains("10.50"), "{list}");
}

#[tokio::test]
async fn a_hisaab_export_on_the_pages() {
    let h = Harness::new().await;
    let (user, _) = h.user("asha@example.com").await;
    let b = h.browser(&user).await;
    let (_, html) = page(&h, &b, "/settings/data").await;
    assert!(html.contains("Hisaab export (.zip)"), "{html}");
    let (s, _, loc) = post_upload(&h, &b, &[("kind", "hisaab")], &hisaab_export()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let preview = loc.unwrap();
    let (s, html) = page(&h, &b, &preview).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Import a Hisaab export"), "{html}");
    assert!(html.contains("Accounts"), "{html}");
    assert!(
        html.contains("Not imported") && html.contains("“Their trip”"),
        "{html}"
    );
    assert!(html.contains("Confirm and import"));
    // Not an export: the form comes back with the problem on the file.
    let (s, html, _) = post_upload(&h, &b, &[("kind", "hisaab")], "{\"format\": \"other\"}").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("does not say it is a Hisaab export"), "{html}");
}
