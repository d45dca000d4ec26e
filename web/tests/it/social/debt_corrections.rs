//! IOU corrections over HTTP: `PATCH`, `…/correct`, `DELETE`, `…/restore`,
//! `…/history` on `/api/v1/social/peer-debts/{id}`.

use super::*;
use hisaab_service::entity::social::peer_debt;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

async fn debt(h: &Harness, token: &str, amount: &str) -> (String, Value) {
    let c = expect(h.post(token, "/contacts", &json!({ "name": "Meera" })).await, 201).await;
    let contact = c["id"].as_str().unwrap().to_string();
    let body = json!({ "contact_id": contact, "direction": "lent", "amount": amount, "currency": "USD", "date": "2026-11-01", "reason": "Tickets" });
    let d = expect(h.post(token, "/peer-debts", &body).await, 201).await;
    (contact, d)
}

async fn correct(
    h: &Harness,
    token: &str,
    id: &str,
    key: Option<&str>,
    if_match: Option<&str>,
    body: &Value,
) -> TestResponse {
    let mut req = h
        .cli
        .post(format!("/api/v1/social/peer-debts/{id}/correct"))
        .header("Authorization", format!("Bearer {token}"))
        .body_json(body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    if let Some(tag) = if_match {
        req = req.header("If-Match", tag);
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

async fn balance(h: &Harness, token: &str, contact: &str) -> Value {
    expect(h.get(token, &format!("/contacts/{contact}/balance")).await, 200).await["balances"].clone()
}

#[tokio::test]
async fn peer_debt_patch_edits_words_with_etag_and_refuses_money() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let (_, d) = debt(&h, &asha, "100.00").await;
    let id = d["id"].as_str().unwrap();
    let resp = h.get(&asha, &format!("/peer-debts/{id}")).await;
    let tag = etag(&resp);
    assert_eq!(tag, format!("\"{id}-1\""));
    assert_eq!(json(resp).await["version"], 1);

    let resp = h
        .patch(
            &asha,
            &format!("/peer-debts/{id}"),
            Some(&tag),
            &json!({ "reason": "Tickets and dinner", "notes": "UPI", "due_date": "2026-12-01" }),
        )
        .await;
    resp.assert_status(poem::http::StatusCode::OK);
    assert_eq!(etag(&resp), format!("\"{id}-2\""));
    let body = json(resp).await;
    assert_eq!(
        (
            body["reason"].as_str(),
            body["notes"].as_str(),
            body["due_date"].as_str(),
            body["amount"].as_str()
        ),
        (
            Some("Tickets and dinner"),
            Some("UPI"),
            Some("2026-12-01"),
            Some("100.00")
        )
    );
    // Stale: 412, nothing changed.
    let stale = expect(
        h.patch(
            &asha,
            &format!("/peer-debts/{id}"),
            Some(&tag),
            &json!({ "reason": "X" }),
        )
        .await,
        412,
    )
    .await;
    assert_eq!(stale["status"], 412);
    // null clears; money is refused with the way to change it; bad input names the field.
    let cleared = expect(
        h.patch(
            &asha,
            &format!("/peer-debts/{id}"),
            None,
            &json!({ "notes": null }),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(cleared["notes"], Value::Null);
    let e = invalid(
        h.patch(
            &asha,
            &format!("/peer-debts/{id}"),
            None,
            &json!({ "amount": "5.00" }),
        )
        .await,
    )
    .await;
    assert_eq!(e[0].0, "amount");
    assert!(e[0].1.contains("/correct"), "{}", e[0].1);
    let e = invalid(
        h.patch(
            &asha,
            &format!("/peer-debts/{id}"),
            None,
            &json!({ "due_date": "2026-10-01" }),
        )
        .await,
    )
    .await;
    assert_eq!(e[0].0, "due_date");
    expect(
        h.patch(
            &asha,
            &format!("/peer-debts/{id}"),
            None,
            &json!({ "colour": "red" }),
        )
        .await,
        422,
    )
    .await;

    let history = expect(h.get(&asha, &format!("/peer-debts/{id}/history")).await, 200).await;
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["debt.recorded", "debt.changed", "debt.changed"]);
    assert_eq!(history["items"][1]["details"]["before"]["reason"], "Tickets");
}

#[tokio::test]
async fn peer_debt_correct_links_a_new_debt_once_per_key() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let (contact, d) = debt(&h, &asha, "100.00").await;
    let id = d["id"].as_str().unwrap();
    expect(
        h.post(
            &asha,
            &format!("/peer-debts/{id}/settlements"),
            &json!({ "amount": "30.00", "date": "2026-11-05" }),
        )
        .await,
        201,
    )
    .await;
    // Below what was paid: 422 naming the amount; a JSON number is a 422 too.
    let e = invalid(correct(&h, &asha, id, Some("c-1"), None, &json!({ "amount": "20.00" })).await).await;
    assert_eq!(e[0].0, "amount");
    assert!(e[0].1.contains("30.00"), "{}", e[0].1);
    assert_eq!(
        invalid(correct(&h, &asha, id, None, None, &json!({ "amount": 80 })).await).await[0].0,
        "amount"
    );
    // A stale If-Match: 412.
    expect(
        correct(
            &h,
            &asha,
            id,
            None,
            Some("\"nope\""),
            &json!({ "amount": "80.00" }),
        )
        .await,
        412,
    )
    .await;

    // The refused request stored nothing: the same key works for the corrected retry.
    let resp = correct(
        &h,
        &asha,
        id,
        Some("c-1"),
        Some(&format!("\"{id}-2\"")),
        &json!({ "amount": "80.00" }),
    )
    .await;
    // (Paying bumped nothing on the debt: its version is still 1.)
    assert_eq!(resp.0.status().as_u16(), 412);
    let resp = correct(
        &h,
        &asha,
        id,
        Some("c-1"),
        Some(&format!("\"{id}-1\"")),
        &json!({ "amount": "80.00" }),
    )
    .await;
    resp.assert_status(poem::http::StatusCode::CREATED);
    let location = resp
        .0
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let new = json(resp).await;
    let new_id = new["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/social/peer-debts/{new_id}"));
    assert_eq!(
        (
            new["replaces_id"].as_str(),
            new["amount"].as_str(),
            new["settled"].as_str(),
            new["outstanding"].as_str()
        ),
        (Some(id), Some("80.00"), Some("30.00"), Some("50.00"))
    );
    // Replayed: the same answer, one new debt.
    let again = expect(
        correct(
            &h,
            &asha,
            id,
            Some("c-1"),
            Some(&format!("\"{id}-1\"")),
            &json!({ "amount": "80.00" }),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(again["id"], new["id"]);
    assert_eq!(peer_debt::Entity::find().count(&h.t.app.db).await.unwrap(), 2);
    // The same key for another body: 422.
    expect(
        correct(&h, &asha, id, Some("c-1"), None, &json!({ "amount": "81.00" })).await,
        422,
    )
    .await;
    // The old one is corrected: 409 for another correction, shown with its link.
    expect(
        correct(&h, &asha, id, None, None, &json!({ "amount": "81.00" })).await,
        409,
    )
    .await;
    let old = expect(h.get(&asha, &format!("/peer-debts/{id}")).await, 200).await;
    assert_eq!(old["replaced_by_id"].as_str(), Some(new_id));
    let list = expect(h.get(&asha, "/peer-debts").await, 200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(balance(&h, &asha, &contact).await[0]["amount"], "50.00");
    let history = expect(h.get(&asha, &format!("/peer-debts/{new_id}/history")).await, 200).await;
    assert_eq!(history["items"].as_array().unwrap().len(), 2);
    assert_eq!(history["items"][1]["details"]["after"]["amount"], "80.00");
}

#[tokio::test]
async fn peer_debt_delete_and_restore() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let (contact, d) = debt(&h, &asha, "100.00").await;
    let id = d["id"].as_str().unwrap();
    let deleted = expect(h.delete(&asha, &format!("/peer-debts/{id}")).await, 200).await;
    assert_eq!(
        (deleted["deleted"].as_bool(), deleted["version"].as_i64()),
        (Some(true), Some(2))
    );
    assert_eq!(balance(&h, &asha, &contact).await, json!([]));
    expect(
        h.patch(
            &asha,
            &format!("/peer-debts/{id}"),
            None,
            &json!({ "reason": "X" }),
        )
        .await,
        409,
    )
    .await;
    let restored = expect(
        h.post(&asha, &format!("/peer-debts/{id}/restore"), &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(restored["deleted"], false);
    assert_eq!(balance(&h, &asha, &contact).await[0]["amount"], "100.00");
    // With a payment: 409.
    expect(
        h.post(
            &asha,
            &format!("/peer-debts/{id}/settlements"),
            &json!({ "amount": "1.00", "date": "2026-11-05" }),
        )
        .await,
        201,
    )
    .await;
    let e = expect(h.delete(&asha, &format!("/peer-debts/{id}")).await, 409).await;
    assert!(e["detail"].as_str().unwrap().contains("payments"), "{e}");
}

#[tokio::test]
async fn peer_debt_changes_of_another_tenant_are_404() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let ravi = h.token("ravi@example.com").await;
    let (_, d) = debt(&h, &asha, "100.00").await;
    let id = d["id"].as_str().unwrap();
    expect(
        h.patch(
            &ravi,
            &format!("/peer-debts/{id}"),
            None,
            &json!({ "reason": "X" }),
        )
        .await,
        404,
    )
    .await;
    expect(
        correct(&h, &ravi, id, Some("r-1"), None, &json!({ "amount": "1.00" })).await,
        404,
    )
    .await;
    expect(h.delete(&ravi, &format!("/peer-debts/{id}")).await, 404).await;
    expect(
        h.post(&ravi, &format!("/peer-debts/{id}/restore"), &json!({}))
            .await,
        404,
    )
    .await;
    expect(h.get(&ravi, &format!("/peer-debts/{id}/history")).await, 404).await;
    expect(h.get(&asha, "/peer-debts/not-a-uuid/history").await, 404).await;
    let mine = expect(h.get(&asha, &format!("/peer-debts/{id}")).await, 200).await;
    assert_eq!(
        (mine["version"].as_i64(), mine["reason"].as_str()),
        (Some(1), Some("Tickets"))
    );
}

mod pages {
    use super::super::pages::{page, sign_in, submit};
    use super::*;
    use hisaab_service::social;
    use poem::http::StatusCode;

    async fn actor(h: &Harness, email: &str) -> hisaab_service::Actor {
        let user = hisaab_service::identity::sign_in(
            &h.t.app,
            email,
            hisaab_service::testkit::PASSWORD,
            &hisaab_service::testkit::meta(),
        )
        .await
        .unwrap();
        h.t.actor(&user)
    }

    #[tokio::test]
    async fn peer_debt_edit_correct_delete_and_undo_from_the_contact_page() {
        let h = Harness::new().await;
        let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
        let (_, contact) = submit(&h, &cookie, &csrf, "/social/contacts", "name=Bilal").await;
        let body = "direction=lent&amount=100.00&currency=USD&date=2026-11-20&reason=Tickets";
        let (status, _) = submit(&h, &cookie, &csrf, &format!("{contact}/debts"), body).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let asha = actor(&h, "asha@example.com").await;
        let debt = social::list_debts(&h.t.app, &asha, Default::default())
            .await
            .unwrap()
            .items[0]
            .clone();
        let base = format!("{contact}/debts/{}", debt.id);
        let (status, html) = page(&h, &cookie, &contact).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Change this IOU") && html.contains("History (1)"),
            "{html}"
        );
        assert!(html.contains(&format!("action=\"{base}/correct\"")));

        // Edit the words; a form rendered before that edit is stale (412).
        let (status, _) = submit(
            &h,
            &cookie,
            &csrf,
            &format!("{base}/edit"),
            "version=1&reason=Dinner&due_date=&notes=Cash",
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = submit(
            &h,
            &cookie,
            &csrf,
            &format!("{base}/edit"),
            "version=1&reason=Lunch",
        )
        .await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        let (_, html) = page(&h, &cookie, &contact).await;
        assert!(
            html.contains("History (2)") && html.contains("Tickets → Dinner"),
            "{html}"
        );

        // A refused correction comes back in its row, 422, with its key and message.
        let refused = h
            .cli
            .post(format!("{base}/correct"))
            .header("Cookie", &cookie)
            .header("X-CSRF-Token", &csrf)
            .content_type("application/x-www-form-urlencoded")
            .body("version=2&direction=lent&amount=abc&currency=USD&date=2026-11-20&idempotency_key=fix-1")
            .send()
            .await;
        assert_eq!(refused.0.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.0.into_body().into_string().await.unwrap();
        assert!(html.contains("value=\"fix-1\""), "the refused form keeps its key");
        assert!(
            html.contains(&format!(
                "id=\"amount-{}-error\"><span class=\"visually-hidden\">Error: </span>",
                debt.id
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!("href=\"#amount-{}\"", debt.id)),
            "the summary links to the field"
        );

        // Corrected twice with one key: one new IOU.
        for _ in 0..2 {
            let body =
                "version=2&direction=lent&amount=80.00&currency=USD&date=2026-11-20&idempotency_key=fix-1";
            let (status, to) = submit(&h, &cookie, &csrf, &format!("{base}/correct"), body).await;
            assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, contact.as_str()));
        }
        assert_eq!(peer_debt::Entity::find().count(&h.t.app.db).await.unwrap(), 2);
        let new = social::list_debts(&h.t.app, &asha, Default::default())
            .await
            .unwrap()
            .items[0]
            .clone();
        assert_eq!(
            (new.amount.to_string(), new.replaces_id),
            ("80.00".into(), Some(debt.id))
        );
        let (_, html) = page(&h, &cookie, &contact).await;
        assert!(html.contains("IOU corrected: $100.00 → $80.00"), "{html}");

        // Delete, then undo.
        let new_base = format!("{contact}/debts/{}", new.id);
        let (status, to) = submit(&h, &cookie, &csrf, &format!("{new_base}/delete"), "").await;
        assert_eq!(
            (status, to.clone()),
            (StatusCode::SEE_OTHER, format!("{contact}?deleted={}", new.id))
        );
        let (_, html) = page(&h, &cookie, &to).await;
        assert!(
            html.contains("IOU of $80.00 deleted.") && html.contains(">Undo<"),
            "{html}"
        );
        assert!(html.contains("Deleted IOUs"));
        assert!(
            social::contact_balance(&h.t.app, &asha, new.contact_id)
                .await
                .unwrap()
                .is_empty()
        );
        let (status, _) = submit(&h, &cookie, &csrf, &format!("{new_base}/restore"), "").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            social::contact_balance(&h.t.app, &asha, new.contact_id)
                .await
                .unwrap()[0]
                .to_string(),
            "80.00"
        );

        // Another person: 404 for every change.
        let (other, other_csrf) = sign_in(&h, "ravi@example.com").await;
        for action in ["edit", "correct", "delete", "restore"] {
            let (status, _) = submit(
                &h,
                &other,
                &other_csrf,
                &format!("{new_base}/{action}"),
                "version=1&amount=1",
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{action}");
        }
    }
}

async fn send_with(
    h: &Harness,
    token: &str,
    method: &str,
    path: &str,
    if_match: Option<&str>,
    key: Option<&str>,
) -> TestResponse {
    let url = format!("/api/v1/social{path}");
    let mut req = match method {
        "DELETE" => h.cli.delete(url),
        _ => h.cli.post(url).body_json(&json!({})),
    }
    .header("Authorization", format!("Bearer {token}"));
    if let Some(tag) = if_match {
        req = req.header("If-Match", tag);
    }
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    req.send().await
}

/// Delete and restore honour `If-Match` (412 when stale, nothing changes) and
/// `Idempotency-Key` (a late retry of the first delete does not delete the
/// restored IOU again).
#[tokio::test]
async fn peer_debt_delete_and_restore_take_if_match_and_a_key() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let (contact, d) = debt(&h, &asha, "100.00").await;
    let id = d["id"].as_str().unwrap();
    let path = format!("/peer-debts/{id}");
    let stale = format!("\"{id}-0\"");
    let e = send_with(&h, &asha, "DELETE", &path, Some(&stale), None).await;
    expect(e, 412).await;
    assert_eq!(balance(&h, &asha, &contact).await[0]["amount"], "100.00");

    let fresh = etag(&h.get(&asha, &path).await);
    let deleted = expect(
        send_with(&h, &asha, "DELETE", &path, Some(&fresh), Some("del-1")).await,
        200,
    )
    .await;
    assert_eq!(deleted["deleted"], true);
    let restore = format!("{path}/restore");
    let restored = expect(
        send_with(&h, &asha, "POST", &restore, None, Some("res-1")).await,
        200,
    )
    .await;
    assert_eq!(restored["deleted"], false);
    // The first delete, retried late with its key: answered, not done again.
    let replay = expect(
        send_with(&h, &asha, "DELETE", &path, Some(&fresh), Some("del-1")).await,
        200,
    )
    .await;
    assert_eq!(replay["deleted"], false, "{replay}");
    assert_eq!(balance(&h, &asha, &contact).await[0]["amount"], "100.00");
}
