use super::*;
use serde_json::json;

async fn contact(h: &Harness, token: &str, name: &str) -> String {
    let body = expect(h.post(token, "/contacts", &json!({ "name": name })).await, 201).await;
    body["id"].as_str().unwrap().to_string()
}

async fn group(h: &Harness, token: &str, names: &[&str], simplify: bool) -> Value {
    let mut ids = Vec::new();
    for n in names {
        ids.push(contact(h, token, n).await);
    }
    expect(
        h.post(
            token,
            "/expense-groups",
            &json!({ "name": "Trip", "currency": "USD", "contact_ids": ids, "simplify": simplify }),
        )
        .await,
        201,
    )
    .await
}

fn member(g: &Value, i: usize) -> String {
    g["members"][i]["id"].as_str().unwrap().to_string()
}

fn dinner(g: &Value, total: &str, payer: usize, among: &[usize]) -> Value {
    json!({
        "description": "Dinner", "date": "2026-11-20", "total": total,
        "payers": [{ "member_id": member(g, payer), "amount": total }],
        "split": { "method": "equal", "participants": among.iter().map(|i| json!({ "member_id": member(g, *i) })).collect::<Vec<_>>() },
    })
}

#[tokio::test]
async fn contacts_endpoints_and_tenancy() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let ravi = h.token("ravi@example.com").await;
    let resp = h
        .post(
            &asha,
            "/contacts",
            &json!({ "name": "Meera Iyer", "email": "meera@example.com" }),
        )
        .await;
    resp.assert_status(poem::http::StatusCode::CREATED);
    assert!(resp.0.headers().get("location").is_some());
    let c = json(resp).await;
    assert_eq!(
        (c["name"].as_str(), c["initials"].as_str()),
        (Some("Meera Iyer"), Some("MI"))
    );
    let id = c["id"].as_str().unwrap();

    let list = expect(h.get(&asha, "/contacts?q=meera").await, 200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        invalid(h.post(&asha, "/contacts", &json!({ "name": "" })).await).await[0].0,
        "name"
    );

    // Ravi: 404 for read, change and archive; nothing changes.
    expect(h.get(&ravi, &format!("/contacts/{id}")).await, 404).await;
    expect(
        h.patch(&ravi, &format!("/contacts/{id}"), None, &json!({ "name": "X" }))
            .await,
        404,
    )
    .await;
    expect(h.delete(&ravi, &format!("/contacts/{id}")).await, 404).await;
    expect(h.get(&ravi, &format!("/contacts/{id}/balance")).await, 404).await;
    let c = expect(h.get(&asha, &format!("/contacts/{id}")).await, 200).await;
    assert_eq!(
        (c["name"].as_str(), c["archived"].as_bool()),
        (Some("Meera Iyer"), Some(false))
    );

    // No token: 401 with WWW-Authenticate.
    let resp = h.cli.get("/api/v1/social/contacts").send().await;
    resp.assert_status(poem::http::StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn peer_debts_settle_exactly_and_replay_once() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let meera = contact(&h, &asha, "Meera").await;
    let body = json!({ "contact_id": meera, "direction": "lent", "amount": "100.00", "currency": "USD", "date": "2026-11-01", "reason": "Tickets" });
    let d = expect(h.post_key(&asha, "/peer-debts", "debt-1", &body).await, 201).await;
    assert_eq!(
        (
            d["amount"].as_str(),
            d["outstanding"].as_str(),
            d["status"].as_str()
        ),
        (Some("100.00"), Some("100.00"), Some("open"))
    );
    let again = expect(h.post_key(&asha, "/peer-debts", "debt-1", &body).await, 201).await;
    assert_eq!(again["id"], d["id"]);
    let list = expect(h.get(&asha, "/peer-debts").await, 200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // A JSON number for an amount is a 422 naming it.
    let e = invalid(h.post(&asha, "/peer-debts", &json!({ "contact_id": meera, "direction": "lent", "amount": 12.5, "currency": "USD", "date": "2026-11-01" })).await).await;
    assert_eq!(e[0].0, "amount");

    let id = d["id"].as_str().unwrap();
    let s = expect(
        h.post(
            &asha,
            &format!("/peer-debts/{id}/settlements"),
            &json!({ "amount": "40.00", "date": "2026-11-05", "method": "upi" }),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(
        (s["outstanding"].as_str(), s["status"].as_str()),
        (Some("60.00"), Some("partially_settled"))
    );
    let e = invalid(
        h.post(
            &asha,
            &format!("/peer-debts/{id}/settlements"),
            &json!({ "amount": "60.01", "date": "2026-11-05" }),
        )
        .await,
    )
    .await;
    assert_eq!(e[0].0, "amount");
    assert!(e[0].1.contains("60.00"), "{}", e[0].1);

    let b = expect(h.get(&asha, &format!("/contacts/{meera}/balance")).await, 200).await;
    assert_eq!(b["balances"][0]["amount"], "60.00");
    assert_eq!(b["balances"][0]["direction"], "you_are_owed");
    let hist = expect(h.get(&asha, &format!("/contacts/{meera}/history")).await, 200).await;
    assert_eq!(hist["items"].as_array().unwrap().len(), 2);

    let ravi = h.token("ravi@example.com").await;
    expect(h.get(&ravi, &format!("/peer-debts/{id}")).await, 404).await;
    expect(
        h.post(
            &ravi,
            &format!("/peer-debts/{id}/settlements"),
            &json!({ "amount": "1.00", "date": "2026-11-05" }),
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn fifty_concurrent_settlements_over_http_never_over_settle() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let meera = contact(&h, &asha, "Meera").await;
    let d = expect(h.post(&asha, "/peer-debts", &json!({ "contact_id": meera, "direction": "borrowed", "amount": "10.00", "currency": "USD", "date": "2026-11-01" })).await, 201).await;
    let path = format!("/peer-debts/{}/settlements", d["id"].as_str().unwrap());
    let body = json!({ "amount": "1.00", "date": "2026-11-02" });
    let results = futures_util::future::join_all((0..50).map(|_| h.post(&asha, &path, &body))).await;
    let created = results.iter().filter(|r| r.0.status().as_u16() == 201).count();
    assert!(
        results
            .iter()
            .all(|r| [201, 422].contains(&r.0.status().as_u16()))
    );
    assert_eq!(created, 10);
    let after = expect(
        h.get(&asha, &format!("/peer-debts/{}", d["id"].as_str().unwrap()))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (after["outstanding"].as_str(), after["status"].as_str()),
        (Some("0.00"), Some("settled"))
    );
}

#[tokio::test]
async fn group_expenses_balances_plan_and_settle_up() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let g = group(&h, &asha, &["Meera", "Kabir"], true).await;
    assert!(g["members"][0]["contact_id"].is_null());
    let gid = g["id"].as_str().unwrap();

    let resp = h
        .post_key(
            &asha,
            &format!("/expense-groups/{gid}/expenses"),
            "exp-1",
            &dinner(&g, "90.00", 0, &[0, 1, 2]),
        )
        .await;
    let etag = resp
        .0
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let e = expect(resp, 201).await;
    assert_eq!(e["shares"].as_array().unwrap().len(), 3);
    let replay = expect(
        h.post_key(
            &asha,
            &format!("/expense-groups/{gid}/expenses"),
            "exp-1",
            &dinner(&g, "90.00", 0, &[0, 1, 2]),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(replay["id"], e["id"]);
    let list = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/expenses")).await,
        200,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    expect(
        h.post(
            &asha,
            &format!("/expense-groups/{gid}/expenses"),
            &dinner(&g, "30.00", 1, &[1, 2]),
        )
        .await,
        201,
    )
    .await;

    // Edit with a fresh ETag, then a stale one is 412.
    let eid = e["id"].as_str().unwrap();
    let mut edited = dinner(&g, "90.00", 0, &[0, 1, 2]);
    edited["description"] = json!("Dinner and dessert");
    expect(
        h.patch(&asha, &format!("/group-expenses/{eid}"), Some(&etag), &edited)
            .await,
        200,
    )
    .await;
    expect(
        h.patch(&asha, &format!("/group-expenses/{eid}"), Some(&etag), &edited)
            .await,
        412,
    )
    .await;
    let activity = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/activity")).await,
        200,
    )
    .await;
    let change = activity["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "expense.changed")
        .unwrap()
        .clone();
    assert_eq!(change["details"]["before"]["description"], "Dinner");

    let b = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/balances")).await,
        200,
    )
    .await;
    let balances: Vec<&str> = b["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["balance"].as_str().unwrap())
        .collect();
    assert_eq!(balances, vec!["60.00", "-15.00", "-45.00"]);
    assert!(!b["pairwise"].as_array().unwrap().is_empty());

    let plan = expect(h.get(&asha, &format!("/expense-groups/{gid}/plan")).await, 200).await;
    let payments = plan["payments"].as_array().unwrap().clone();
    assert_eq!(payments.len(), 2);
    for p in &payments {
        assert!(!p["explanation"].as_str().unwrap().is_empty());
        let body = json!({ "group_id": gid, "from_member_id": p["from_member_id"], "to_member_id": p["to_member_id"], "amount": p["amount"], "currency": "USD", "date": "2026-11-25", "method": "cash" });
        expect(h.post(&asha, "/settlements", &body).await, 201).await;
    }
    let b = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/balances")).await,
        200,
    )
    .await;
    assert!(
        b["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["balance"] == "0.00")
    );
    let overall = expect(h.get(&asha, "/balances").await, 200).await;
    assert!(overall["people"].as_array().unwrap().is_empty());

    // Delete and restore.
    expect(h.delete(&asha, &format!("/group-expenses/{eid}")).await, 200).await;
    let b = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/balances")).await,
        200,
    )
    .await;
    assert_eq!(b["members"][0]["balance"], "-60.00");
    let r = expect(
        h.post(&asha, &format!("/group-expenses/{eid}/restore"), &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(r["deleted"], false);

    // Another tenant: 404 everywhere, nothing changed.
    let ravi = h.token("ravi@example.com").await;
    expect(h.get(&ravi, &format!("/group-expenses/{eid}")).await, 404).await;
    expect(
        h.patch(&ravi, &format!("/group-expenses/{eid}"), None, &edited)
            .await,
        404,
    )
    .await;
    expect(h.delete(&ravi, &format!("/group-expenses/{eid}")).await, 404).await;
    expect(h.get(&ravi, &format!("/expense-groups/{gid}/plan")).await, 404).await;
    expect(
        h.post(
            &ravi,
            &format!("/expense-groups/{gid}/expenses"),
            &dinner(&g, "1.00", 0, &[0]),
        )
        .await,
        404,
    )
    .await;
    expect(h.delete(&ravi, &format!("/expense-groups/{gid}")).await, 404).await;
    let mine = expect(h.get(&asha, &format!("/group-expenses/{eid}")).await, 200).await;
    assert_eq!(
        (mine["description"].as_str(), mine["deleted"].as_bool()),
        (Some("Dinner and dessert"), Some(false))
    );
}

#[tokio::test]
async fn bad_splits_are_422s_that_say_by_how_much() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let g = group(&h, &asha, &["Meera"], true).await;
    let path = format!("/expense-groups/{}/expenses", g["id"].as_str().unwrap());

    let mut body = dinner(&g, "100.00", 0, &[0, 1]);
    body["split"] = json!({ "method": "percentage", "participants": [{ "member_id": member(&g, 0), "value": "60" }, { "member_id": member(&g, 1), "value": "30" }] });
    let e = invalid(h.post(&asha, &path, &body).await).await;
    assert_eq!(e[0].0, "split.participants");
    assert!(e[0].1.contains("10 short"), "{}", e[0].1);

    body["split"] = json!({ "method": "exact", "participants": [{ "member_id": member(&g, 0), "value": "60.00" }, { "member_id": member(&g, 1), "value": "40.01" }] });
    let e = invalid(h.post(&asha, &path, &body).await).await;
    assert!(e[0].1.contains("0.01 over"), "{}", e[0].1);

    body["split"] = json!({ "method": "itemized", "items": [{ "description": "Wine", "amount": "100.00", "member_ids": [] }] });
    assert_eq!(
        invalid(h.post(&asha, &path, &body).await).await[0].0,
        "split.items[0].member_ids"
    );

    let mut body = dinner(&g, "100.00", 0, &[0, 1]);
    body["payers"] = json!([{ "member_id": member(&g, 0), "amount": "50.00" }, { "member_id": member(&g, 1), "amount": "45.00" }]);
    let e = invalid(h.post(&asha, &path, &body).await).await;
    assert_eq!(e[0].0, "payers");
    assert!(e[0].1.contains("5.00 short"), "{}", e[0].1);

    body["split"]["participants"][0]["value"] = json!(3);
    let e = invalid(h.post(&asha, &path, &body).await).await;
    assert_eq!(e[0].0, "split.participants[0].value");
    let list = expect(h.get(&asha, &format!("{path}?limit=10")).await, 200).await;
    assert!(list["items"].as_array().unwrap().is_empty());
}
