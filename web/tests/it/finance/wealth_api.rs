//! `/api/v1/finance/{assets,liabilities,loans,net-worth}`.

use super::{Harness, fields};
use poem::http::StatusCode;
use serde_json::json;

const F: &str = "/api/v1/finance";

#[tokio::test]
async fn assets_and_liabilities_contract() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let (s, asset, headers) = h
        .send("POST", &format!("{F}/assets"), Some(&token), Some(json!({"kind": "vehicle", "name": "Car", "currency": "KWD", "value": "1500.5", "value_date": "2026-01-01"})), None)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{asset}");
    let id = asset["id"].as_str().unwrap().to_string();
    assert_eq!(headers.get("location").unwrap(), &format!("{F}/assets/{id}"));
    assert_eq!(asset["current_value"], "1500.500");
    let path = format!("{F}/assets/{id}/valuations");
    let (s, v, _) = h
        .send(
            "POST",
            &path,
            Some(&token),
            Some(json!({"date": "2026-06-01", "value": "1400"})),
            Some("v-1"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, again, _) = h
        .send(
            "POST",
            &path,
            Some(&token),
            Some(json!({"date": "2026-06-01", "value": "1400"})),
            Some("v-1"),
        )
        .await;
    assert_eq!((s, &again["id"]), (StatusCode::CREATED, &v["id"]));
    let (s, body, _) = h
        .send(
            "POST",
            &path,
            Some(&token),
            Some(json!({"date": "2026-06-02", "value": 1400})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["value"]);
    let (s, list, _) = h.send("GET", &path, Some(&token), None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["items"][0]["value"], "1400.000");
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let (_, got, _) = h
        .send("GET", &format!("{F}/assets/{id}"), Some(&token), None, None)
        .await;
    assert_eq!(
        (got["current_value"].as_str(), got["value_date"].as_str()),
        (Some("1400.000"), Some("2026-06-01"))
    );
    let (s, patched, _) = h
        .send(
            "PATCH",
            &format!("{F}/assets/{id}"),
            Some(&token),
            Some(json!({"name": "Old car"})),
            None,
        )
        .await;
    assert_eq!((s, patched["name"].as_str()), (StatusCode::OK, Some("Old car")));
    // An asset's id is not a liability's.
    let (s, _, _) = h
        .send("GET", &format!("{F}/liabilities/{id}"), Some(&token), None, None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, l, _) = h
        .send(
            "POST",
            &format!("{F}/liabilities"),
            Some(&token),
            Some(json!({"kind": "mortgage", "name": "Home", "currency": "USD"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{l}");
    let lid = l["id"].as_str().unwrap();
    let (s, b, _) = h
        .send(
            "POST",
            &format!("{F}/liabilities/{lid}/balances"),
            Some(&token),
            Some(json!({"date": "2026-11-01", "value": "120000"})),
            None,
        )
        .await;
    assert_eq!((s, b["value"].as_str()), (StatusCode::CREATED, Some("120000.00")));
    let (s, list, _) = h
        .send("GET", &format!("{F}/liabilities"), Some(&token), None, None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["items"][0]["current_value"], "120000.00");
    assert!(list["next_cursor"].is_null());
    let (s, body, _) = h
        .send(
            "POST",
            &format!("{F}/liabilities"),
            Some(&token),
            Some(json!({"kind": "vehicle", "name": "", "currency": "usd1"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["name", "kind", "currency"]);

    // Another tenant: 404 on read and change, nothing changed.
    let (_, other) = h.user("b@example.com").await;
    for (method, p, body) in [
        ("GET", format!("{F}/assets/{id}"), None),
        (
            "PATCH",
            format!("{F}/assets/{id}"),
            Some(json!({"archived": true})),
        ),
        ("GET", path.clone(), None),
        (
            "POST",
            path.clone(),
            Some(json!({"date": "2026-07-01", "value": "1"})),
        ),
    ] {
        let (s, _, _) = h.send(method, &p, Some(&other), body, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{method} {p}");
    }
    let (_, got, _) = h
        .send("GET", &format!("{F}/assets/{id}"), Some(&token), None, None)
        .await;
    assert_eq!(
        (got["archived"].as_bool(), got["current_value"].as_str()),
        (Some(false), Some("1400.000"))
    );
    let (s, _, headers) = h.send("GET", &format!("{F}/assets"), None, None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(headers.get("www-authenticate").is_some());
}

#[tokio::test]
async fn loans_schedule_payments_and_net_worth() {
    let h = Harness::new().await;
    let (_, token) = h.user("a@example.com").await;
    let (_, acct, _) = h
        .send("POST", &format!("{F}/accounts"), Some(&token), Some(json!({"name": "Bank", "kind": "checking", "currency": "USD", "opening_balance": "2000", "opening_date": "2026-01-01"})), None)
        .await;
    let (s, loan, _) = h
        .send("POST", &format!("{F}/loans"), Some(&token), Some(json!({"direction": "borrowed", "counterparty": "City Bank", "currency": "USD", "principal": "10000", "annual_rate": "7.5", "term_months": 12, "start_date": "2026-01-01"})), None)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{loan}");
    assert_eq!(
        (loan["instalment"].as_str(), loan["outstanding"].as_str()),
        (Some("867.57"), Some("10000.00"))
    );
    let id = loan["id"].as_str().unwrap();
    let (s, sched, _) = h
        .send(
            "GET",
            &format!("{F}/loans/{id}/schedule"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let rows = sched["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[11]["outstanding"], "0.00");
    assert_eq!(sched["total_interest"], "410.89");
    let pay = json!({"amount": "867.57", "date": "2026-02-01", "account_id": acct["id"]});
    let path = format!("{F}/loans/{id}/payments");
    let (s, p1, _) = h
        .send("POST", &path, Some(&token), Some(pay.clone()), Some("p-1"))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p1}");
    assert_eq!(
        (p1["interest"].as_str(), p1["principal"].as_str()),
        (Some("62.50"), Some("805.07"))
    );
    assert!(p1["transaction_id"].is_string());
    let (s, p2, _) = h.send("POST", &path, Some(&token), Some(pay), Some("p-1")).await;
    assert_eq!((s, &p2["id"]), (StatusCode::CREATED, &p1["id"]));
    let (s, body, _) = h
        .send(
            "POST",
            &path,
            Some(&token),
            Some(json!({"amount": "1", "date": "2026-03-01"})),
            Some("p-1"),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, list, _) = h.send("GET", &path, Some(&token), None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let (s, body, _) = h
        .send(
            "POST",
            &path,
            Some(&token),
            Some(json!({"amount": 10, "date": "2026-03-01"})),
            None,
        )
        .await;
    assert_eq!(
        (s, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["amount".to_string()])
    );
    let (_, other) = h.user("b@example.com").await;
    for (method, p) in [
        ("GET", format!("{F}/loans/{id}")),
        ("GET", format!("{F}/loans/{id}/schedule")),
        ("GET", path.clone()),
    ] {
        let (s, _, _) = h.send(method, &p, Some(&other), None, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
    }
    let (s, _, _) = h
        .send(
            "POST",
            &path,
            Some(&other),
            Some(json!({"amount": "1", "date": "2026-03-01"})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, nw, _) = h
        .send("GET", &format!("{F}/net-worth"), Some(&token), None, None)
        .await;
    assert_eq!(s, StatusCode::OK, "{nw}");
    // 2000 − 867.57 in the bank, 9194.93 owed.
    assert_eq!(nw["base_currency"], "USD");
    assert_eq!(
        (
            nw["total"].as_str(),
            nw["assets"].as_str(),
            nw["liabilities"].as_str()
        ),
        (Some("-8062.50"), Some("1132.43"), Some("9194.93"))
    );
    assert_eq!(nw["breakdown"].as_array().unwrap().len(), 2);
    let (s, hist, _) = h
        .send(
            "GET",
            &format!("{F}/net-worth/history?months=3"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let points = hist["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    assert_eq!(points[2]["total"], nw["total"]);
    assert_eq!(points[0]["date"], "2026-09-30");
    let (s, body, _) = h
        .send(
            "GET",
            &format!("{F}/net-worth/history?months=500"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(
        (s, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["months".to_string()])
    );
    let (s, dash, _) = h
        .send("GET", &format!("{F}/dashboard"), Some(&token), None, None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (
            dash["net_worth"].as_str(),
            dash["net_worth_change_this_month"].as_str()
        ),
        (Some("-8062.50"), Some("0.00"))
    );
}
