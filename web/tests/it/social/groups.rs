//! Managing groups through the API: members in and out, leaving a shared
//! group, the default split.

use super::*;
use poem::http::StatusCode;
use serde_json::json;

async fn group_with(h: &Harness, token: &str, names: &[&str]) -> Value {
    let mut ids = Vec::new();
    for n in names {
        let c = expect(h.post(token, "/contacts", &json!({ "name": n })).await, 201).await;
        ids.push(c["id"].as_str().unwrap().to_string());
    }
    expect(
        h.post(
            token,
            "/expense-groups",
            &json!({ "name": "Flat", "currency": "USD", "contact_ids": ids }),
        )
        .await,
        201,
    )
    .await
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn member(g: &Value, i: usize) -> String {
    g["members"][i]["id"].as_str().unwrap().to_string()
}

/// An equal split of `total` between `a` and `b`, paid by `a`.
async fn owe(h: &Harness, token: &str, g: &Value, total: &str, a: usize, b: usize) {
    let body = json!({
        "description": "Groceries", "date": "2026-11-20", "total": total,
        "payers": [{ "member_id": member(g, a), "amount": total }],
        "split": { "method": "equal", "participants": [{ "member_id": member(g, a) }, { "member_id": member(g, b) }] },
    });
    let path = format!("/expense-groups/{}/expenses", id(g));
    expect(h.post(token, &path, &body).await, 201).await;
}

async fn pay(h: &Harness, token: &str, g: &Value, from: usize, to: usize, amount: &str) {
    let body = json!({
        "group_id": id(g), "from_member_id": member(g, from), "to_member_id": member(g, to), "amount": amount,
        "currency": "USD", "date": "2026-11-25",
    });
    expect(
        h.post_key(token, "/settlements", &format!("pay-{from}-{to}-{amount}"), &body)
            .await,
        201,
    )
    .await;
}

#[tokio::test]
async fn removing_a_member_needs_a_zero_balance_and_keeps_them_as_former() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let ravi = h.token("ravi@example.com").await;
    let g = group_with(&h, &asha, &["Bo", "Cy"]).await;
    let gid = id(&g);
    let bo = member(&g, 1);
    owe(&h, &asha, &g, "20.00", 0, 1).await;

    let path = format!("/expense-groups/{gid}/members/{bo}");
    let problem = expect(h.delete(&asha, &path).await, 409).await;
    assert_eq!(problem["type"], "https://hisaab.example/problems/conflict");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .starts_with("Bo still owes 10.00 USD in this group. Settle up first"),
        "{problem:#}"
    );
    // Another tenant: 404, and nothing changes.
    expect(h.delete(&ravi, &path).await, 404).await;
    // Yourself: 409; not a member of this group: 404.
    expect(
        h.delete(&asha, &format!("/expense-groups/{gid}/members/{}", member(&g, 0)))
            .await,
        409,
    )
    .await;
    expect(
        h.delete(&asha, &format!("/expense-groups/{gid}/members/{gid}"))
            .await,
        404,
    )
    .await;
    expect(
        h.delete(&asha, &format!("/expense-groups/{gid}/members/not-a-uuid"))
            .await,
        404,
    )
    .await;

    pay(&h, &asha, &g, 1, 0, "10.00").await;
    h.delete(&asha, &path).await.assert_status(StatusCode::NO_CONTENT);
    let after = expect(h.get(&asha, &format!("/expense-groups/{gid}")).await, 200).await;
    assert_eq!(after["members"].as_array().unwrap().len(), 2);
    assert_eq!(after["former_members"][0]["name"], "Bo");
    expect(h.delete(&asha, &path).await, 404).await;
}

#[tokio::test]
async fn a_member_is_added_from_a_contact_or_by_name() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let ravi = h.token("ravi@example.com").await;
    let g = group_with(&h, &asha, &[]).await;
    let path = format!("/expense-groups/{}/members", id(&g));
    let dev = expect(h.post(&asha, &path, &json!({ "name": "Dev" })).await, 201).await;
    assert_eq!(dev["name"], "Dev");
    let contact = expect(
        h.get(
            &asha,
            &format!("/contacts/{}", dev["contact_id"].as_str().unwrap()),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(contact["name"], "Dev");
    let e = invalid(h.post(&asha, &path, &json!({})).await).await;
    assert_eq!(e[0].0, "contact_id");
    let e = invalid(h.post(&asha, &path, &json!({ "contact_id": "nope" })).await).await;
    assert_eq!(e[0].0, "contact_id");
    let e = invalid(
        h.post(&asha, &path, &json!({ "name": "Dev", "nickname": "D" }))
            .await,
    )
    .await;
    assert_eq!(e[0].0, "nickname");
    expect(h.post(&ravi, &path, &json!({ "name": "Sam" })).await, 404).await;
    let g = expect(h.get(&asha, &format!("/expense-groups/{}", id(&g))).await, 200).await;
    assert_eq!(g["members"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_default_split_is_set_checked_and_cleared() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let ravi = h.token("ravi@example.com").await;
    let g = group_with(&h, &asha, &["Bo"]).await;
    let path = format!("/expense-groups/{}", id(&g));
    assert_eq!(g["default_split"], Value::Null);
    let split = json!({ "default_split": [
        { "member_id": member(&g, 0), "percent": "60" },
        { "member_id": member(&g, 1), "percent": "40" },
    ] });
    let set = expect(h.patch(&asha, &path, None, &split).await, 200).await;
    assert_eq!(set["default_split"], split["default_split"]);
    assert_eq!(
        expect(h.get(&asha, &path).await, 200).await["default_split"],
        split["default_split"]
    );
    expect(h.patch(&ravi, &path, None, &split).await, 404).await;

    let bad = json!({ "default_split": [
        { "member_id": member(&g, 0), "percent": "60" },
        { "member_id": member(&g, 1), "percent": "30" },
    ] });
    let e = invalid(h.patch(&asha, &path, None, &bad).await).await;
    assert_eq!(e[0].0, "default_split");
    let e = invalid(
        h.patch(
            &asha,
            &path,
            None,
            &json!({ "default_split": [{ "member_id": id(&g), "percent": "100" }] }),
        )
        .await,
    )
    .await;
    assert_eq!(e[0].0, "default_split[0].member_id");

    // Rename and archive keep it; null clears it.
    let renamed = expect(h.patch(&asha, &path, None, &json!({ "name": "Home" })).await, 200).await;
    assert_eq!(renamed["name"], "Home");
    assert_eq!(renamed["default_split"], split["default_split"]);
    let cleared = expect(
        h.patch(&asha, &path, None, &json!({ "default_split": null }))
            .await,
        200,
    )
    .await;
    assert_eq!(cleared["default_split"], Value::Null);
    // Archive and restore.
    assert_eq!(expect(h.delete(&asha, &path).await, 200).await["archived"], true);
    let restored = expect(
        h.patch(&asha, &path, None, &json!({ "archived": false })).await,
        200,
    )
    .await;
    assert_eq!(restored["archived"], false);
}

#[tokio::test]
async fn a_linked_person_leaves_a_shared_group_when_settled() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let meera = h.token("meera@example.com").await;
    let ravi = h.token("ravi@example.com").await;
    let c = expect(
        h.post(
            &asha,
            "/contacts",
            &json!({ "name": "Meera", "email": "meera@example.com" }),
        )
        .await,
        201,
    )
    .await;
    expect(
        h.post(&asha, &format!("/contacts/{}/invite", id(&c)), &json!({}))
            .await,
        201,
    )
    .await;
    let inv = expect(h.get(&meera, "/invitations").await, 200).await;
    let inv_id = inv["items"][0]["id"].as_str().unwrap().to_string();
    expect(
        h.post(&meera, &format!("/invitations/{inv_id}/accept"), &json!({}))
            .await,
        200,
    )
    .await;
    let g = expect(
        h.post(
            &asha,
            "/expense-groups",
            &json!({ "name": "Flat", "currency": "USD", "contact_ids": [id(&c)] }),
        )
        .await,
        201,
    )
    .await;
    let gid = id(&g);
    owe(&h, &asha, &g, "30.00", 0, 1).await;
    let leave = format!("/expense-groups/{gid}/leave");
    let problem = expect(h.post(&meera, &leave, &json!({})).await, 409).await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .starts_with("You still owe 15.00 USD"),
        "{problem:#}"
    );
    expect(h.post(&asha, &leave, &json!({})).await, 409).await;
    expect(h.post(&ravi, &leave, &json!({})).await, 404).await;
    pay(&h, &asha, &g, 1, 0, "15.00").await;
    h.post(&meera, &leave, &json!({}))
        .await
        .assert_status(StatusCode::NO_CONTENT);
    expect(h.get(&meera, &format!("/expense-groups/{gid}")).await, 404).await;
    let seen = expect(h.get(&asha, &format!("/expense-groups/{gid}")).await, 200).await;
    assert_eq!(seen["former_members"][0]["name"], "Meera");
}
