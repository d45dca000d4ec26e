//! The API keeps the contract its OpenAPI document states: unknown and
//! unchangeable fields are named 422s, a repeated key is a 400, `null` only
//! where nullable, referenced ids must be the caller's, every problem
//! carries the request id, a 405 says what is allowed, nothing is cached,
//! and a malformed path id is a 404 everywhere.

use crate::support::*;
use hisaab_service::identity;
use hisaab_service::testkit::meta;
use poem::http::{Method, StatusCode, header};
use serde_json::{Value, json};

const ACCOUNTS: &str = "/api/v1/finance/accounts";
const TRANSACTIONS: &str = "/api/v1/finance/transactions";

async fn token(h: &Harness, email: &str) -> String {
    let user = h.t.user(email).await;
    identity::issue_tokens(&h.t.app, &user, &meta())
        .await
        .unwrap()
        .access_token
}

/// The fields a 422 names, after checking it is a problem with the request id.
#[track_caller]
fn named(resp: &Resp) -> Vec<(String, String)> {
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", resp.body);
    has_request_id(resp);
    resp.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[track_caller]
fn has_request_id(resp: &Resp) {
    assert_eq!(
        resp.header("content-type"),
        Some("application/problem+json"),
        "{}",
        resp.body
    );
    let body = resp.json();
    let id = body["request_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no request_id: {}", resp.body));
    assert_eq!(Some(id), resp.header("x-request-id"));
}

async fn account(h: &Harness, token: &str) -> String {
    let resp = h
        .api(
            Method::POST,
            ACCOUNTS,
            Some(json!({"name": "Checking", "kind": "checking", "currency": "USD"})),
            Some(token),
        )
        .await;
    assert_eq!(resp.status, StatusCode::CREATED, "{}", resp.body);
    resp.json()["id"].as_str().unwrap().to_string()
}

fn expense(account_id: &str, amount: &str) -> Value {
    json!({"account_id": account_id, "kind": "expense", "amount": amount, "date": "2026-11-25", "description": "Lunch"})
}

async fn expense_category(h: &Harness, token: &str) -> String {
    let list = h.api_get("/api/v1/finance/categories", Some(token)).await.json();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "expense")
        .expect("seeded categories")["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_unknown_field_is_a_422_that_names_it() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    let body = json!({"name": "Cash", "kind": "cash", "currency": "USD", "colour": "red"});
    let resp = h.api(Method::POST, ACCOUNTS, Some(body), Some(&token)).await;
    let fields = named(&resp);
    assert_eq!(fields[0].0, "colour");
    assert!(fields[0].1.contains("not a field"), "{}", fields[0].1);
    let list = h.api_get(ACCOUNTS, Some(&token)).await.json();
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "nothing was created");
}

#[tokio::test]
async fn a_money_field_in_an_edit_says_to_correct() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    let account = account(&h, &token).await;
    let created = h
        .api(
            Method::POST,
            TRANSACTIONS,
            Some(expense(&account, "12.50")),
            Some(&token),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let path = format!("{TRANSACTIONS}/{}", created.json()["id"].as_str().unwrap());
    for field in ["amount", "currency", "account_id", "kind", "date"] {
        let resp = h
            .api(Method::PATCH, &path, Some(json!({ field: "1.00" })), Some(&token))
            .await;
        let fields = named(&resp);
        assert_eq!(fields[0].0, field);
        assert!(fields[0].1.contains("/correct"), "{}", fields[0].1);
    }
    let after = h.api_get(&path, Some(&token)).await.json();
    assert_eq!(after["amount"], "12.50", "the amount is untouched");
    // What may be edited still is.
    let resp = h
        .api(
            Method::PATCH,
            &path,
            Some(json!({"payee": null, "description": "Dinner"})),
            Some(&token),
        )
        .await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
}

#[tokio::test]
async fn a_repeated_key_is_a_400_and_nothing_is_written() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    let account = account(&h, &token).await;
    let raw = format!(
        r#"{{"account_id":"{account}","kind":"expense","amount":"1.00","date":"2026-11-25","amount":"1000.00"}}"#
    );
    let req = h
        .cli
        .post(TRANSACTIONS)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .content_type("application/json")
        .body(raw);
    let resp = Harness::send(req).await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST, "{}", resp.body);
    has_request_id(&resp);
    assert!(
        resp.json()["detail"]
            .as_str()
            .unwrap()
            .contains("`amount` is given twice")
    );
    let list = h.api_get(TRANSACTIONS, Some(&token)).await.json();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn an_amount_with_spaces_is_a_422() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    let account = account(&h, &token).await;
    for amount in [" 10 ", "10 ", " 10"] {
        let resp = h
            .api(
                Method::POST,
                TRANSACTIONS,
                Some(expense(&account, amount)),
                Some(&token),
            )
            .await;
        assert_eq!(named(&resp)[0].0, "amount", "{amount:?}");
    }
}

#[tokio::test]
async fn null_is_refused_where_the_schema_does_not_allow_it() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    let account = account(&h, &token).await;
    let resp = h
        .api(
            Method::PATCH,
            &format!("{ACCOUNTS}/{account}"),
            Some(json!({"name": null})),
            Some(&token),
        )
        .await;
    assert_eq!(named(&resp)[0].0, "name");
}

#[tokio::test]
async fn someone_elses_ids_are_a_422_naming_the_field() {
    let h = Harness::new().await;
    let asha = token(&h, "asha@example.com").await;
    let ravi = token(&h, "ravi@example.com").await;
    let ravis_category = expense_category(&h, &ravi).await;
    let ravis_account = account(&h, &ravi).await;
    let ashas_account = account(&h, &asha).await;

    // A transaction on Ravi's account, or in his category.
    let resp = h
        .api(
            Method::POST,
            TRANSACTIONS,
            Some(expense(&ravis_account, "1.00")),
            Some(&asha),
        )
        .await;
    assert_eq!(named(&resp)[0].0, "account_id");
    let mut body = expense(&ashas_account, "1.00");
    body["category_id"] = json!(ravis_category);
    let resp = h.api(Method::POST, TRANSACTIONS, Some(body), Some(&asha)).await;
    assert_eq!(named(&resp)[0].0, "category_id");

    // A group expense with Ravi's category (no account linked).
    let contact = h
        .api(
            Method::POST,
            "/api/v1/social/contacts",
            Some(json!({"name": "Bilal"})),
            Some(&asha),
        )
        .await
        .json();
    let group = h
        .api(
            Method::POST,
            "/api/v1/social/expense-groups",
            Some(json!({"name": "Trip", "currency": "USD", "contact_ids": [contact["id"]]})),
            Some(&asha),
        )
        .await
        .json();
    let members: Vec<Value> = group["members"].as_array().unwrap().clone();
    let expense = |category: &str| {
        json!({
            "description": "Dinner", "date": "2026-11-20", "total": "30.00", "category_id": category,
            "payers": [{"member_id": members[0]["id"], "amount": "30.00"}],
            "split": {"method": "equal", "participants": members.iter().map(|m| json!({"member_id": m["id"]})).collect::<Vec<_>>()},
        })
    };
    let path = format!(
        "/api/v1/social/expense-groups/{}/expenses",
        group["id"].as_str().unwrap()
    );
    let resp = h
        .api(Method::POST, &path, Some(expense(&ravis_category)), Some(&asha))
        .await;
    assert_eq!(named(&resp)[0].0, "category_id");
    let own = expense_category(&h, &asha).await;
    let resp = h.api(Method::POST, &path, Some(expense(&own)), Some(&asha)).await;
    assert_eq!(resp.status, StatusCode::CREATED, "{}", resp.body);
}

#[tokio::test]
async fn every_problem_carries_the_request_id() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    let cases = [
        h.api_get(ACCOUNTS, None).await,                               // 401
        h.api_get("/api/v1/finance/nothing-here", Some(&token)).await, // 404
        h.api_get(&format!("{ACCOUNTS}/{}", uuid::Uuid::nil()), Some(&token))
            .await, // 404 from the service
        h.api(Method::POST, ACCOUNTS, Some(json!({})), Some(&token)).await, // 422
        h.api(Method::DELETE, ACCOUNTS, None, Some(&token)).await,     // 405
        Harness::send(
            h.cli
                .post(ACCOUNTS)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .content_type("text/plain")
                .body("name=Cash"),
        )
        .await, // 415
        Harness::send(
            h.cli
                .post(ACCOUNTS)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .content_type("application/json")
                .body("{nope"),
        )
        .await, // 400
    ];
    let statuses: Vec<u16> = cases.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, [401, 404, 404, 422, 405, 415, 400]);
    for resp in &cases {
        has_request_id(resp);
    }
}

#[tokio::test]
async fn a_405_lists_the_allowed_methods() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    let resp = h.api(Method::DELETE, ACCOUNTS, None, Some(&token)).await;
    assert_eq!(resp.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.header("allow"), Some("GET, POST, HEAD"));
    let id = uuid::Uuid::now_v7();
    let resp = h
        .api(
            Method::PUT,
            &format!("/api/v1/social/group-expenses/{id}"),
            None,
            Some(&token),
        )
        .await;
    assert_eq!(resp.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.header("allow"), Some("DELETE, GET, PATCH, HEAD"));
}

#[tokio::test]
async fn api_answers_are_not_stored() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    for resp in [
        h.api_get(ACCOUNTS, Some(&token)).await,
        h.api_get(ACCOUNTS, None).await,
        h.api_get("/api/v1/me", Some(&token)).await,
    ] {
        assert_eq!(resp.header("cache-control"), Some("no-store"), "{}", resp.body);
    }
}

#[tokio::test]
async fn a_malformed_path_id_is_a_404_everywhere() {
    let h = Harness::new().await;
    let token = token(&h, "asha@example.com").await;
    for path in [
        "/api/v1/finance/accounts/not-a-uuid",
        "/api/v1/finance/transactions/42/history",
        "/api/v1/social/contacts/not-a-uuid",
        "/api/v1/social/expense-groups/xyz/balances",
        "/api/v1/social/group-expenses/%20",
    ] {
        let resp = h.api_get(path, Some(&token)).await;
        assert_eq!(resp.status, StatusCode::NOT_FOUND, "{path}: {}", resp.body);
        has_request_id(&resp);
    }
}
