use super::{Harness, fields};
use hisaab_service::entity::user::Role;
use poem::http::StatusCode;
use serde_json::{Value, json};

const A: &str = "/api/v1/finance/accounts";
const T: &str = "/api/v1/finance/transactions";

async fn account(h: &Harness, token: &str, currency: &str, opening: &str) -> Value {
    let (s, body, _) = h.send("POST", A, Some(token), Some(json!({"name": format!("{currency} account"), "kind": "checking", "currency": currency, "opening_balance": opening})), None).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    body
}

#[tokio::test]
async fn accounts_contract() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let (s, body, headers) = h
        .send(
            "POST",
            A,
            Some(&token),
            Some(json!({"name": "Cash", "kind": "cash", "currency": "KWD", "opening_balance": "1.5"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let id = body["id"].as_str().unwrap();
    assert_eq!(headers.get("location").unwrap(), &format!("{A}/{id}"));
    assert_eq!(
        (
            body["name"].as_str(),
            body["kind"].as_str(),
            body["currency"].as_str()
        ),
        (Some("Cash"), Some("cash"), Some("KWD"))
    );
    assert_eq!(
        (
            body["opening_balance"].as_str(),
            body["balance"].as_str(),
            body["archived"].as_bool()
        ),
        (Some("1.500"), Some("1.500"), Some(false))
    );

    let (s, list, _) = h.send("GET", A, Some(&token), None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert!(list["next_cursor"].is_null());

    let (s, patched, _) = h
        .send(
            "PATCH",
            &format!("{A}/{id}"),
            Some(&token),
            Some(json!({"name": "Petty cash", "archived": true})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (patched["name"].as_str(), patched["archived"].as_bool()),
        (Some("Petty cash"), Some(true))
    );

    for (body, field) in [
        (
            json!({"name": "X", "kind": "cash", "currency": "USD", "opening_balance": 12.5}),
            "opening_balance",
        ),
        (
            json!({"name": "X", "kind": "cash", "currency": "USD", "opening_balance": "12.345"}),
            "opening_balance",
        ),
        (
            json!({"name": "X", "kind": "cash", "currency": "ABC"}),
            "currency",
        ),
        (json!({"name": "X", "kind": "yacht", "currency": "USD"}), "kind"),
        (
            json!({"name": "X", "kind": "cash", "currency": "USD", "opening_date": "2300-01-01"}),
            "opening_date",
        ),
        (json!({"kind": "cash", "currency": "USD"}), "name"),
    ] {
        let (s, problem, headers) = h.send("POST", A, Some(&token), Some(body), None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), vec![field]);
        assert!(
            headers
                .get("content-type")
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("application/problem+json")
        );
    }
}

#[tokio::test]
async fn plan_limit_is_a_403_that_says_what_to_do() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    for _ in 0..3 {
        account(&h, &token, "USD", "0").await;
    }
    let (s, body, _) = h
        .send(
            "POST",
            A,
            Some(&token),
            Some(json!({"name": "4th", "kind": "cash", "currency": "USD"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("Archive") && detail.contains("upgrade"),
        "{detail}"
    );
    let (_, premium) = h.user_with_role("p@example.com", Role::Premium).await;
    for _ in 0..4 {
        account(&h, &premium, "USD", "0").await;
    }
}

#[tokio::test]
async fn unauthenticated_requests_get_401() {
    let h = Harness::new().await;
    for (m, p) in [
        ("GET", A.to_string()),
        ("POST", A.to_string()),
        ("GET", T.to_string()),
        ("POST", T.to_string()),
        ("POST", "/api/v1/finance/transfers".into()),
        ("GET", "/api/v1/finance/dashboard".into()),
        ("GET", "/api/v1/finance/cash-flow".into()),
        ("GET", "/api/v1/finance/exchange-rates".into()),
        ("GET", "/api/v1/finance/categories".into()),
    ] {
        let (s, _, headers) = h
            .send(m, &p, None, Some(json!({})).filter(|_| m == "POST"), None)
            .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{m} {p}");
        assert_eq!(headers.get("www-authenticate").unwrap(), "Bearer");
        let (s, _, _) = h
            .send(
                m,
                &p,
                Some("not-a-token"),
                Some(json!({})).filter(|_| m == "POST"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{m} {p}");
    }
}

#[tokio::test]
async fn transactions_contract_and_bad_input() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let acct = account(&h, &token, "USD", "100").await;
    let aid = acct["id"].as_str().unwrap();
    let (s, tx, headers) = h.send("POST", T, Some(&token), Some(json!({"account_id": aid, "kind": "expense", "amount": "12.5", "date": "2026-11-20", "description": "Lunch", "payee": "Cafe", "tags": ["food"]})), None).await;
    assert_eq!(s, StatusCode::CREATED, "{tx}");
    assert!(headers.get("location").is_some());
    assert_eq!(
        (
            tx["amount"].as_str(),
            tx["currency"].as_str(),
            tx["kind"].as_str(),
            tx["date"].as_str()
        ),
        (Some("12.50"), Some("USD"), Some("expense"), Some("2026-11-20"))
    );
    let (_, acct_now, _) = h
        .send("GET", &format!("{A}/{aid}"), Some(&token), None, None)
        .await;
    assert_eq!(acct_now["balance"].as_str(), Some("87.50"));

    let base = json!({"account_id": aid, "kind": "expense", "amount": "1.00", "date": "2026-11-20"});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (body, field) in [
        (with("amount", json!(12.5)), "amount"),
        (with("amount", json!("1.001")), "amount"),
        (with("amount", json!("0")), "amount"),
        (with("amount", json!("-3")), "amount"),
        (with("currency", json!("EUR")), "currency"),
        (with("date", json!("1899-01-01")), "date"),
        (with("date", json!("2201-01-01")), "date"),
        (with("kind", json!("gift")), "kind"),
        (with("account_id", json!("nope")), "account_id"),
    ] {
        let (s, problem, _) = h.send("POST", T, Some(&token), Some(body.clone()), None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {problem}");
        assert_eq!(fields(&problem), vec![field], "{body}");
    }
    let (s, problem, _) = h
        .send("POST", T, Some(&token), Some(with("amount", json!(12.5))), None)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("string")
    );
}

#[tokio::test]
async fn idempotency_key_on_post_transactions() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let acct = account(&h, &token, "JPY", "0").await;
    let body = json!({"account_id": acct["id"], "kind": "income", "amount": "1200", "date": "2026-11-20"});
    let (s1, first, _) = h
        .send("POST", T, Some(&token), Some(body.clone()), Some("k-123"))
        .await;
    let (s2, second, _) = h
        .send("POST", T, Some(&token), Some(body.clone()), Some("k-123"))
        .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, second);
    let mut other = body.clone();
    other["amount"] = json!("1300");
    let (s, problem, _) = h.send("POST", T, Some(&token), Some(other), Some("k-123")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem), vec!["Idempotency-Key"]);

    let futures: Vec<_> = (0..5)
        .map(|_| {
            h.send(
                "POST",
                T,
                Some(&token),
                Some(
                    json!({"account_id": acct["id"], "kind": "expense", "amount": "5", "date": "2026-11-21"}),
                ),
                Some("race"),
            )
        })
        .collect();
    let results = futures_util::future::join_all(futures).await;
    for (s, _, _) in &results {
        assert!(*s == StatusCode::CREATED || *s == StatusCode::CONFLICT, "{s}");
    }
    let (_, list, _) = h
        .send("GET", &format!("{T}?kind=expense"), Some(&token), None, None)
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let (_, acct_now, _) = h
        .send(
            "GET",
            &format!("{A}/{}", acct["id"].as_str().unwrap()),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(acct_now["balance"].as_str(), Some("1195"));
}

#[tokio::test]
async fn another_tenants_ids_are_404_and_nothing_changes() {
    let h = Harness::new().await;
    let (_, a) = h.user("a@example.com").await;
    let (_, b) = h.user("b@example.com").await;
    let acct = account(&h, &a, "USD", "10").await;
    let aid = acct["id"].as_str().unwrap();
    let (_, tx, _) = h
        .send(
            "POST",
            T,
            Some(&a),
            Some(json!({"account_id": aid, "kind": "expense", "amount": "1", "date": "2026-11-20"})),
            None,
        )
        .await;
    let tid = tx["id"].as_str().unwrap();
    let checks = [
        ("GET", format!("{A}/{aid}"), None),
        (
            "PATCH",
            format!("{A}/{aid}"),
            Some(json!({"name": "mine now", "archived": true})),
        ),
        ("GET", format!("{T}/{tid}"), None),
        (
            "PATCH",
            format!("{T}/{tid}"),
            Some(json!({"description": "mine now"})),
        ),
        ("POST", format!("{T}/{tid}/reverse"), Some(json!({"reason": "x"}))),
        ("POST", format!("{T}/{tid}/correct"), Some(json!({"amount": "2"}))),
        ("GET", format!("{T}/{tid}/history"), None),
    ];
    for (m, p, body) in checks {
        let (s, _, _) = h.send(m, &p, Some(&b), body, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{m} {p}");
    }
    // Someone else's account named in a body: invalid input naming the field.
    let (s, problem, _) = h
        .send(
            "POST",
            T,
            Some(&b),
            Some(json!({"account_id": aid, "kind": "income", "amount": "1000", "date": "2026-11-20"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "account_id");
    let (_, still, _) = h.send("GET", &format!("{A}/{aid}"), Some(&a), None, None).await;
    assert_eq!(
        (
            still["name"].as_str(),
            still["archived"].as_bool(),
            still["balance"].as_str()
        ),
        (Some("USD account"), Some(false), Some("9.00"))
    );
    let (_, tx_now, _) = h.send("GET", &format!("{T}/{tid}"), Some(&a), None, None).await;
    assert_eq!(tx_now, tx);
}

#[tokio::test]
async fn idempotency_key_on_post_accounts_opens_one_account() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let body = json!({"name": "Savings", "kind": "savings", "currency": "INR", "opening_balance": "1000.50"});
    let (s1, first, _) = h
        .send("POST", A, Some(&token), Some(body.clone()), Some("open-1"))
        .await;
    let (s2, second, _) = h
        .send("POST", A, Some(&token), Some(body.clone()), Some("open-1"))
        .await;
    assert_eq!(
        (s1, s2),
        (StatusCode::CREATED, StatusCode::CREATED),
        "{first} {second}"
    );
    assert_eq!(first["id"], second["id"]);
    assert_eq!(second["balance"], "1000.50");
    let mut other = body.clone();
    other["opening_balance"] = json!("9.00");
    let (s, problem, _) = h.send("POST", A, Some(&token), Some(other), Some("open-1")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem), vec!["Idempotency-Key"]);
    let (_, list, _) = h.send("GET", A, Some(&token), None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
}

/// Assets, liabilities and loans are money records: a replayed key answers
/// the first record, a different body under the same key is refused.
#[tokio::test]
async fn idempotency_key_on_holdings_and_loans_creates_one_record() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let cases = [
        (
            "/api/v1/finance/assets",
            json!({"name": "Flat", "kind": "property", "currency": "INR", "value": "5000000"}),
            "value",
        ),
        (
            "/api/v1/finance/liabilities",
            json!({"name": "Card", "kind": "credit_card_debt", "currency": "USD", "value": "120.50"}),
            "value",
        ),
        (
            "/api/v1/finance/loans",
            json!({"direction": "borrowed", "counterparty": "Bank", "currency": "USD", "principal": "1000",
                   "annual_rate": "12", "term_months": 12, "start_date": "2026-01-01"}),
            "principal",
        ),
    ];
    // A key belongs to one request (whatever its path): each case has its own.
    for (path, body, money_field) in cases {
        let key = format!("k-{path}");
        let key = Some(key.as_str());
        let (s1, first, _) = h.send("POST", path, Some(&token), Some(body.clone()), key).await;
        let (s2, second, _) = h.send("POST", path, Some(&token), Some(body.clone()), key).await;
        assert_eq!(
            (s1, s2),
            (StatusCode::CREATED, StatusCode::CREATED),
            "{path}: {first} {second}"
        );
        assert_eq!(first["id"], second["id"], "{path}");
        let mut other = body.clone();
        other[money_field] = json!("7");
        let (s, problem, _) = h.send("POST", path, Some(&token), Some(other), key).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {problem}");
        assert_eq!(fields(&problem), vec!["Idempotency-Key"], "{path}");
        let (_, list, _) = h.send("GET", path, Some(&token), None, None).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{path}: {list}");
    }
}
