use super::{Harness, fields};
use poem::http::StatusCode;
use serde_json::{Value, json};

const A: &str = "/api/v1/finance/accounts";
const T: &str = "/api/v1/finance/transactions";

async fn account(h: &Harness, token: &str, currency: &str, opening: &str) -> String {
    let (s, body, _) = h.send("POST", A, Some(token), Some(json!({"name": currency, "kind": "savings", "currency": currency, "opening_balance": opening})), None).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn reverse_correct_edit_history_and_list() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let aid = account(&h, &token, "USD", "0").await;
    let mut ids = vec![];
    for day in 1..=5 {
        let (_, tx, _) = h.send("POST", T, Some(&token), Some(json!({"account_id": aid, "kind": "income", "amount": format!("{day}0"), "date": format!("2026-10-0{day}")})), None).await;
        ids.push(tx["id"].as_str().unwrap().to_string());
    }
    let (s, rev, _) = h
        .send(
            "POST",
            &format!("{T}/{}/reverse", ids[0]),
            Some(&token),
            Some(json!({"reason": "duplicate"})),
            Some("rev-1"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{rev}");
    assert_eq!(
        (rev["amount"].as_str(), rev["reverses_id"].as_str()),
        (Some("-10.00"), Some(ids[0].as_str()))
    );
    let (s, again, _) = h
        .send(
            "POST",
            &format!("{T}/{}/reverse", ids[0]),
            Some(&token),
            Some(json!({"reason": "duplicate"})),
            Some("rev-1"),
        )
        .await;
    assert_eq!((s, again["id"].clone()), (StatusCode::CREATED, rev["id"].clone()));
    let (s, _, _) = h
        .send(
            "POST",
            &format!("{T}/{}/reverse", ids[0]),
            Some(&token),
            Some(json!({"reason": "again"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    let (s, fixed, _) = h
        .send(
            "POST",
            &format!("{T}/{}/correct", ids[1]),
            Some(&token),
            Some(json!({"amount": "25", "date": "2026-10-12"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{fixed}");
    assert_eq!(
        (
            fixed["amount"].as_str(),
            fixed["corrects_id"].as_str(),
            fixed["date"].as_str()
        ),
        (Some("25.00"), Some(ids[1].as_str()), Some("2026-10-12"))
    );
    let (s, problem, _) = h
        .send(
            "POST",
            &format!("{T}/{}/correct", ids[2]),
            Some(&token),
            Some(json!({"amount": 3})),
            None,
        )
        .await;
    assert_eq!(
        (s, fields(&problem)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["amount".to_string()])
    );

    let (s, edited, _) = h
        .send(
            "PATCH",
            &format!("{T}/{}", ids[3]),
            Some(&token),
            Some(json!({"description": "Bonus", "tags": ["work"], "notes": "yearly"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (edited["description"].as_str(), edited["notes"].as_str()),
        (Some("Bonus"), Some("yearly"))
    );
    let (_, cleared, _) = h
        .send(
            "PATCH",
            &format!("{T}/{}", ids[3]),
            Some(&token),
            Some(json!({"notes": null})),
            None,
        )
        .await;
    assert!(cleared["notes"].is_null());
    let (s, history, _) = h
        .send(
            "GET",
            &format!("{T}/{}/history", ids[3]),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0]["changes"][0],
        json!({"field": "description", "before": "", "after": "Bonus"})
    );
    assert_eq!(
        items[1]["changes"][0],
        json!({"field": "notes", "before": "yearly", "after": null})
    );

    // 5 originals + 1 reversal + 1 replacement + 1 reversal of the corrected one = 8.
    let (_, page1, _) = h
        .send(
            "GET",
            &format!("{T}?limit=3&account_id={aid}"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(page1["items"].as_array().unwrap().len(), 3);
    assert_eq!(page1["items"][0]["date"].as_str(), Some("2026-10-12"));
    assert_eq!(page1["totals"]["income"].as_str(), Some("145.00"));
    assert_eq!(page1["totals"]["currency"].as_str(), Some("USD"));
    let mut seen = page1["items"].as_array().unwrap().len();
    let mut cursor = page1["next_cursor"].as_str().map(str::to_string);
    while let Some(c) = cursor {
        let (_, page, _) = h
            .send(
                "GET",
                &format!("{T}?limit=3&account_id={aid}&cursor={c}"),
                Some(&token),
                None,
                None,
            )
            .await;
        seen += page["items"].as_array().unwrap().len();
        assert!(page["totals"].is_null(), "totals come with the first page only");
        cursor = page["next_cursor"].as_str().map(str::to_string);
    }
    assert_eq!(seen, 8);
    let (s, problem, _) = h
        .send("GET", &format!("{T}?limit=500"), Some(&token), None, None)
        .await;
    assert_eq!(
        (s, fields(&problem)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["limit".to_string()])
    );
    let (_, filtered, _) = h
        .send("GET", &format!("{T}?q=bonus&tag=work"), Some(&token), None, None)
        .await;
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn transfers_contract() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let (_, other) = h.user("b@example.com").await;
    let usd = account(&h, &token, "USD", "500").await;
    let inr = account(&h, &token, "INR", "0").await;
    let theirs = account(&h, &other, "USD", "0").await;
    let path = "/api/v1/finance/transfers";
    let (s, tr, headers) = h.send("POST", path, Some(&token), Some(json!({"from_account_id": usd, "to_account_id": inr, "amount": "100", "to_amount": "8325", "date": "2026-11-01"})), Some("tr-1")).await;
    assert_eq!(s, StatusCode::CREATED, "{tr}");
    assert!(headers.get("location").is_some());
    assert_eq!(
        (
            tr["amount"].as_str(),
            tr["to_amount"].as_str(),
            tr["rate"].as_str()
        ),
        (Some("100.00"), Some("8325.00"), Some("83.25"))
    );
    assert!(tr["from_transaction_id"].is_string() && tr["to_transaction_id"].is_string());
    let (_, replay, _) = h.send("POST", path, Some(&token), Some(json!({"from_account_id": usd, "to_account_id": inr, "amount": "100", "to_amount": "8325", "date": "2026-11-01"})), Some("tr-1")).await;
    assert_eq!(replay, tr);
    let (_, with_rate, _) = h.send("POST", path, Some(&token), Some(json!({"from_account_id": usd, "to_account_id": inr, "amount": "0.07", "rate": "83.25", "date": "2026-11-01"})), None).await;
    // 0.07 × 83.25 = 5.8275 → 5.83
    assert_eq!(with_rate["to_amount"].as_str(), Some("5.83"));
    for (body, field) in [
        (
            json!({"from_account_id": usd, "to_account_id": usd, "amount": "1", "date": "2026-11-01"}),
            "to_account_id",
        ),
        (
            json!({"from_account_id": usd, "to_account_id": inr, "amount": 1, "date": "2026-11-01"}),
            "amount",
        ),
        (
            json!({"from_account_id": usd, "to_account_id": inr, "amount": "1", "date": "2026-11-01"}),
            "to_amount",
        ),
        (
            json!({"from_account_id": usd, "to_account_id": inr, "amount": "1", "to_amount": "1.001", "date": "2026-11-01"}),
            "to_amount",
        ),
        (
            json!({"from_account_id": usd, "to_account_id": inr, "amount": "1", "rate": "-2", "date": "2026-11-01"}),
            "rate",
        ),
        (
            json!({"from_account_id": usd, "to_account_id": inr, "amount": "1", "rate": "2", "date": "3000-01-01"}),
            "date",
        ),
    ] {
        let (s, problem, _) = h.send("POST", path, Some(&token), Some(body.clone()), None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body} {problem}");
        assert_eq!(fields(&problem), vec![field], "{body}");
    }
    let (s, problem, _) = h
        .send(
            "POST",
            path,
            Some(&token),
            Some(
                json!({"from_account_id": usd, "to_account_id": theirs, "amount": "1", "date": "2026-11-01"}),
            ),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "to_account_id");
    let (s, _, _) = h
        .send(
            "GET",
            &format!("{path}/{}", tr["id"].as_str().unwrap()),
            Some(&other),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, bal, _) = h
        .send("GET", &format!("{A}/{usd}"), Some(&token), None, None)
        .await;
    assert_eq!(bal["balance"].as_str(), Some("399.93"));
}

#[tokio::test]
async fn rates_settings_cash_flow_and_dashboard() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let (_, other) = h.user("b@example.com").await;
    let r = "/api/v1/finance/exchange-rates";
    let (s, rate, _) = h
        .send(
            "POST",
            r,
            Some(&token),
            Some(json!({"date": "2026-01-01", "from": "EUR", "to": "USD", "rate": "1.1"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{rate}");
    let (s, problem, _) = h
        .send(
            "POST",
            r,
            Some(&token),
            Some(json!({"date": "2026-01-01", "from": "EUR", "to": "USD", "rate": 1.1})),
            None,
        )
        .await;
    assert_eq!(
        (s, fields(&problem)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["rate".to_string()])
    );
    let (s, problem, _) = h
        .send(
            "POST",
            &format!("{r}/import"),
            Some(&token),
            Some(json!({"csv": "date,from,to,rate\n2026-02-01,EUR,USD,1.2\n2026-02-31,EUR,USD,1\n"})),
            None,
        )
        .await;
    assert_eq!(
        (s, fields(&problem)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["csv[3].date".to_string()])
    );
    let (s, ok, _) = h
        .send(
            "POST",
            &format!("{r}/import"),
            Some(&token),
            Some(json!({"csv": "2026-02-01,EUR,USD,1.2\n"})),
            None,
        )
        .await;
    assert_eq!((s, ok["imported"].as_u64()), (StatusCode::OK, Some(1)));
    let (_, list, _) = h.send("GET", r, Some(&token), None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let (_, list_b, _) = h.send("GET", r, Some(&other), None, None).await;
    assert!(list_b["items"].as_array().unwrap().is_empty());
    let (s, _, _) = h
        .send(
            "DELETE",
            &format!("{r}/{}", rate["id"].as_str().unwrap()),
            Some(&other),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, settings, _) = h
        .send(
            "PATCH",
            "/api/v1/finance/settings",
            Some(&token),
            Some(json!({"base_currency": "usd"})),
            None,
        )
        .await;
    assert_eq!(
        (s, settings["base_currency"].as_str()),
        (StatusCode::OK, Some("USD"))
    );
    let (s, problem, _) = h
        .send(
            "PATCH",
            "/api/v1/finance/settings",
            Some(&token),
            Some(json!({"base_currency": "ZZZ"})),
            None,
        )
        .await;
    assert_eq!(
        (s, fields(&problem)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["base_currency".to_string()]
        )
    );

    let eur = account(&h, &token, "EUR", "0").await;
    h.send(
        "POST",
        T,
        Some(&token),
        Some(json!({"account_id": eur, "kind": "expense", "amount": "10", "date": "2026-03-15"})),
        None,
    )
    .await;
    let (s, flow, _) = h
        .send(
            "GET",
            "/api/v1/finance/cash-flow?from=2026-03-01&to=2026-04-30&interval=month",
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{flow}");
    assert_eq!(flow["periods"].as_array().unwrap().len(), 2);
    assert_eq!(
        flow["periods"][0],
        json!({"start": "2026-03-01", "income": "0.00", "expense": "12.00", "net": "-12.00"})
    );
    let (s, dash, _) = h
        .send("GET", "/api/v1/finance/dashboard", Some(&token), None, None)
        .await;
    assert_eq!(s, StatusCode::OK, "{dash}");
    assert_eq!(dash["accounts"].as_array().unwrap().len(), 1);
    assert_eq!(dash["recent"].as_array().unwrap().len(), 1);
    assert_eq!(dash["cash_flow"]["periods"].as_array().unwrap().len(), 12);
    assert_eq!(dash["total_balance"].as_str(), Some("-12.00"));

    let (s, cats, _) = h
        .send("GET", "/api/v1/finance/categories", Some(&token), None, None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let food: Value = cats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Food")
        .cloned()
        .unwrap();
    let (s, created, _) = h
        .send(
            "POST",
            "/api/v1/finance/categories",
            Some(&token),
            Some(json!({"name": "Coffee", "kind": "expense", "parent_id": food["id"]})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let (s, _, _) = h
        .send(
            "PATCH",
            &format!("/api/v1/finance/categories/{}", food["id"].as_str().unwrap()),
            Some(&other),
            Some(json!({"archived": true})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
