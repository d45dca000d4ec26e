//! `/api/v1/social/settlements` (list, get, delete, restore, history) and
//! the payments on the group and contact pages (delete, undo).

use super::pages::{page, sign_in, submit};
use super::*;
use poem::http::StatusCode;
use serde_json::json;

async fn contact(h: &Harness, token: &str, name: &str) -> String {
    let body = expect(h.post(token, "/contacts", &json!({ "name": name })).await, 201).await;
    body["id"].as_str().unwrap().to_string()
}

/// Asha's USD group with Meera, a 40.00 dinner Asha paid, and Meera paying her 20.00 back.
async fn paid_back(h: &Harness, token: &str) -> (Value, Value) {
    let meera = contact(h, token, "Meera").await;
    let g = expect(
        h.post(
            token,
            "/expense-groups",
            &json!({ "name": "Flat", "currency": "USD", "contact_ids": [meera], "simplify": true }),
        )
        .await,
        201,
    )
    .await;
    let member = |i: usize| g["members"][i]["id"].as_str().unwrap().to_string();
    let gid = g["id"].as_str().unwrap();
    let dinner = json!({
        "description": "Dinner", "date": "2026-11-20", "total": "40.00",
        "payers": [{ "member_id": member(0), "amount": "40.00" }],
        "split": { "method": "equal", "participants": [{ "member_id": member(0) }, { "member_id": member(1) }] },
    });
    expect(
        h.post(token, &format!("/expense-groups/{gid}/expenses"), &dinner)
            .await,
        201,
    )
    .await;
    let s = expect(
        h.post_key(
            token,
            "/settlements",
            "pay-1",
            &json!({ "group_id": gid, "from_member_id": member(1), "to_member_id": member(0),
                     "amount": "20.00", "currency": "USD", "date": "2026-11-21", "method": "upi" }),
        )
        .await,
        201,
    )
    .await;
    (g, s)
}

async fn change(
    h: &Harness,
    token: &str,
    delete: bool,
    id: &str,
    if_match: Option<&str>,
    key: Option<&str>,
) -> TestResponse {
    let mut req = if delete {
        h.cli.delete(format!("/api/v1/social/settlements/{id}"))
    } else {
        h.cli.post(format!("/api/v1/social/settlements/{id}/restore"))
    }
    .header("Authorization", format!("Bearer {token}"));
    if let Some(tag) = if_match {
        req = req.header("If-Match", tag);
    }
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.send().await
}

fn etag(resp: &TestResponse) -> String {
    resp.0
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

fn problem(resp: &TestResponse) -> bool {
    resp.0
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().starts_with("application/problem+json"))
}

#[tokio::test]
async fn settlements_are_listed_deleted_restored_and_guarded() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let (g, s) = paid_back(&h, &asha).await;
    let gid = g["id"].as_str().unwrap();
    let id = s["id"].as_str().unwrap();
    assert_eq!(
        (s["version"].as_i64(), s["deleted"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(
        (s["from_name"].as_str(), s["to_name"].as_str()),
        (Some("Meera"), Some("You"))
    );

    let list = expect(h.get(&asha, &format!("/settlements?group_id={gid}")).await, 200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["next_cursor"], Value::Null);
    assert_eq!(list["items"][0]["amount"], "20.00");
    let resp = h.get(&asha, &format!("/settlements/{id}")).await;
    let v1 = etag(&resp);
    assert_eq!(v1, format!("\"{id}-1\""));
    let one = expect(resp, 200).await;
    assert_eq!(one["method"], "upi");

    // Bad input names the parameter.
    let e = invalid(h.get(&asha, "/settlements?from=2026-02-30").await).await;
    assert_eq!(e[0].0, "from");
    let e = invalid(h.get(&asha, "/settlements?cursor=nonsense").await).await;
    assert_eq!(e[0].0, "cursor");
    let e = invalid(h.get(&asha, "/settlements?limit=0").await).await;
    assert_eq!(e[0].0, "limit");
    expect(h.get(&asha, "/settlements/not-an-id").await, 404).await;

    // A stale If-Match is a 412 problem; nothing changes.
    let resp = change(&h, &asha, true, id, Some(&format!("\"{id}-7\"")), None).await;
    assert!(problem(&resp));
    expect(resp, 412).await;
    let resp = change(&h, &asha, true, id, Some(&v1), Some("del-1")).await;
    let v2 = etag(&resp);
    let gone = expect(resp, 200).await;
    assert_eq!(
        (gone["version"].as_i64(), gone["deleted"].as_bool()),
        (Some(2), Some(true))
    );
    // The same key and request again: the same answer (not a 412 for the old ETag).
    let replay = expect(change(&h, &asha, true, id, Some(&v1), Some("del-1")).await, 200).await;
    assert_eq!(replay["version"], 2);
    let b = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/balances")).await,
        200,
    )
    .await;
    assert_eq!(b["members"][0]["balance"], "20.00", "{b:#}");
    let live = expect(h.get(&asha, &format!("/settlements?group_id={gid}")).await, 200).await;
    assert!(live["items"].as_array().unwrap().is_empty());
    let deleted = expect(
        h.get(&asha, &format!("/settlements?group_id={gid}&deleted=true"))
            .await,
        200,
    )
    .await;
    assert_eq!(deleted["items"].as_array().unwrap().len(), 1);

    expect(change(&h, &asha, false, id, Some(&v1), None).await, 412).await;
    let resp = change(&h, &asha, false, id, Some(&v2), Some("restore-1")).await;
    assert_eq!(etag(&resp), format!("\"{id}-3\""));
    let back = expect(resp, 200).await;
    assert_eq!(back["deleted"], false);
    let b = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/balances")).await,
        200,
    )
    .await;
    assert_eq!(b["members"][0]["balance"], "0.00");
    // A retried restore gets its first answer; a key for another request is refused.
    let replay = expect(
        change(&h, &asha, false, id, Some(&v2), Some("restore-1")).await,
        200,
    )
    .await;
    assert_eq!(replay["version"], 3);
    let e = invalid(change(&h, &asha, true, id, None, Some("restore-1")).await).await;
    assert_eq!(e[0].0, "Idempotency-Key");
    let e = invalid(change(&h, &asha, true, id, None, Some("no spaces allowed")).await).await;
    assert_eq!(e[0].0, "Idempotency-Key");
    expect(change(&h, &asha, true, "not-an-id", None, None).await, 404).await;
    expect(
        change(&h, &asha, false, &uuid::Uuid::nil().to_string(), None, None).await,
        404,
    )
    .await;

    let history = expect(h.get(&asha, &format!("/settlements/{id}/history")).await, 200).await;
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["settlement.restored", "settlement.deleted", "settlement.recorded"]
    );
    assert_eq!(history["next_cursor"], Value::Null);

    // Another tenant: 404 for every operation, and nothing changes.
    let ravi = h.token("ravi@example.com").await;
    expect(h.get(&ravi, &format!("/settlements/{id}")).await, 404).await;
    expect(h.get(&ravi, &format!("/settlements/{id}/history")).await, 404).await;
    expect(h.get(&ravi, &format!("/settlements?group_id={gid}")).await, 404).await;
    expect(change(&h, &ravi, true, id, None, None).await, 404).await;
    expect(change(&h, &ravi, false, id, None, None).await, 404).await;
    let mine = expect(h.get(&ravi, "/settlements").await, 200).await;
    assert!(mine["items"].as_array().unwrap().is_empty());
    let still = expect(h.get(&asha, &format!("/settlements/{id}")).await, 200).await;
    assert_eq!(
        (still["version"].as_i64(), still["deleted"].as_bool()),
        (Some(3), Some(false))
    );
}

#[tokio::test]
async fn restoring_an_iou_payment_that_no_longer_fits_is_a_409() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let meera = contact(&h, &asha, "Meera").await;
    let d = expect(
        h.post(
            &asha,
            "/peer-debts",
            &json!({ "contact_id": meera, "direction": "lent", "amount": "10.00", "currency": "USD", "date": "2026-11-01" }),
        )
        .await,
        201,
    )
    .await;
    let pay = |n: &str| json!({ "peer_debt_id": d["id"], "amount": "10.00", "currency": "USD", "date": "2026-11-02", "notes": n });
    let first = expect(h.post(&asha, "/settlements", &pay("first")).await, 201).await;
    let id = first["id"].as_str().unwrap();
    expect(change(&h, &asha, true, id, None, None).await, 200).await;
    let debt = expect(
        h.get(&asha, &format!("/peer-debts/{}", d["id"].as_str().unwrap()))
            .await,
        200,
    )
    .await;
    assert_eq!(debt["outstanding"], "10.00");
    expect(h.post(&asha, "/settlements", &pay("second")).await, 201).await;
    let resp = change(&h, &asha, false, id, None, None).await;
    assert!(problem(&resp));
    let body = expect(resp, 409).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("would pay more than the IOU"),
        "{body:#}"
    );
    let by_contact = expect(
        h.get(&asha, &format!("/settlements?contact_id={meera}")).await,
        200,
    )
    .await;
    assert_eq!(by_contact["items"].as_array().unwrap().len(), 1);
    assert_eq!(by_contact["items"][0]["notes"], "second");
}

/// The form value of `name` after `marker` in a page, HTML entities undone.
fn value_after(body: &str, marker: &str, name: &str) -> String {
    let rest = body
        .split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("{marker} in {body}"));
    rest.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
}

#[tokio::test]
async fn the_group_and_contact_pages_delete_and_undo_a_payment() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let (status, contact_path) = submit(&h, &cookie, &csrf, "/social/contacts", "name=Meera").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let contact_id = contact_path.rsplit('/').next().unwrap();
    let (_, group_path) = submit(
        &h,
        &cookie,
        &csrf,
        "/social/groups",
        &format!("name=Flat&currency=USD&contact_id={contact_id}&simplify=on"),
    )
    .await;
    let (_, form) = page(&h, &cookie, &format!("{group_path}/expenses/new")).await;
    let members: Vec<String> = form
        .split("name=\"in_")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    let (status, _) = submit(
        &h,
        &cookie,
        &csrf,
        &format!("{group_path}/settle"),
        &format!(
            "from_member_id={}&to_member_id={}&amount=15.00&currency=USD&method=cash&date=2026-11-21&idempotency_key=k1",
            members[1], members[0]
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, body) = page(&h, &cookie, &group_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Meera paid you"), "{body}");
    assert!(
        body.contains("hx-confirm=\"Delete this payment of $15.00?"),
        "{body}"
    );
    let (_, contact_page) = page(&h, &cookie, &contact_path).await;
    assert!(contact_page.contains("Meera paid you"), "{contact_page}");
    let action = body
        .split("action=\"/social/settlements/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(action.ends_with("/delete"));
    let id = action.trim_end_matches("/delete").to_string();
    let v1 = value_after(&body, &format!("/social/settlements/{id}/delete"), "if_match");
    assert_eq!(v1, format!("\"{id}-1\""));
    let encoded = |tag: &str| tag.replace('"', "%22");

    // Someone else: 404, nothing changes.
    let (other, other_csrf) = sign_in(&h, "ravi@example.com").await;
    let (status, _) = submit(
        &h,
        &other,
        &other_csrf,
        &format!("/social/settlements/{id}/delete"),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, location) = submit(
        &h,
        &cookie,
        &csrf,
        &format!("/social/settlements/{id}/delete"),
        &format!("if_match={}", encoded(&v1)),
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, group_path.as_str())
    );
    let (_, body) = page(&h, &cookie, &group_path).await;
    assert!(body.contains("Deleted payments"), "{body}");
    assert!(body.contains("No payments yet."), "{body}");
    // The page from before the delete is stale now: a 412, not a second change.
    let (status, _) = submit(
        &h,
        &cookie,
        &csrf,
        &format!("/social/settlements/{id}/restore"),
        &format!("if_match={}", encoded(&v1)),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let v2 = value_after(&body, &format!("/social/settlements/{id}/restore"), "if_match");
    let (status, location) = submit(
        &h,
        &cookie,
        &csrf,
        &format!("/social/settlements/{id}/restore"),
        &format!("if_match={}", encoded(&v2)),
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, group_path.as_str())
    );
    let (_, body) = page(&h, &cookie, &group_path).await;
    assert!(!body.contains("Deleted payments"), "{body}");
    assert!(body.contains("Meera paid you"), "{body}");
}
