//! IOU reminders over HTTP: `POST /api/v1/social/peer-debts/{id}/remind` and
//! the contact page's "Send a reminder" (with its overdue marks).

use super::pages::{page, sign_in, submit};
use super::*;
use poem::http::StatusCode;
use serde_json::json;

/// An IOU Cy (cy@example.com) owes `token`'s person, due on 2026-11-20 (the test clock says 2026-11-25).
async fn overdue_debt(h: &Harness, token: &str) -> String {
    let c = expect(
        h.post(
            token,
            "/contacts",
            &json!({ "name": "Cy", "email": "cy@example.com" }),
        )
        .await,
        201,
    )
    .await;
    let body = json!({ "contact_id": c["id"], "direction": "lent", "amount": "25.00", "currency": "USD",
        "date": "2026-11-01", "due_date": "2026-11-20", "reason": "Lunch" });
    let d = expect(h.post(token, "/peer-debts", &body).await, 201).await;
    d["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_api_sends_one_reminder_a_day_to_the_owners_debtor_only() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let id = overdue_debt(&h, &asha).await;
    let path = format!("/peer-debts/{id}/remind");
    let sent = expect(h.post(&asha, &path, &json!({})).await, 202).await;
    assert_eq!(
        (sent["to"].as_str(), sent["channel"].as_str()),
        (Some("Cy"), Some("email"))
    );
    assert!(sent["sent_at"].as_str().unwrap().starts_with("2026-11-25T"));

    let again = h.post(&asha, &path, &json!({})).await;
    assert_eq!(
        again.0.headers().get("content-type").unwrap().to_str().unwrap(),
        "application/problem+json"
    );
    let problem = expect(again, 409).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("already sent"),
        "{problem}"
    );

    let ravi = h.token("ravi@example.com").await;
    expect(h.post(&ravi, &path, &json!({})).await, 404).await;
    let anonymous = h.cli.post(format!("/api/v1/social{path}")).send().await;
    assert_eq!(anonymous.0.status(), StatusCode::UNAUTHORIZED);
    let missing = format!("/peer-debts/{}/remind", uuid::Uuid::now_v7());
    expect(h.post(&asha, &missing, &json!({})).await, 404).await;
}

#[tokio::test]
async fn the_contact_page_marks_overdue_ious_and_sends_a_reminder() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let (status, to) = submit(
        &h,
        &cookie,
        &csrf,
        "/social/contacts",
        "name=Cy&email=cy%40example.com",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let contact = to.clone();
    let (status, _) = submit(
        &h,
        &cookie,
        &csrf,
        &format!("{contact}/debts"),
        "direction=lent&amount=25.00&currency=USD&date=2026-11-01&due_date=2026-11-20&reason=Lunch",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, body) = page(&h, &cookie, &contact).await;
    assert!(
        body.contains("badge--danger\">Overdue"),
        "the IOU is marked overdue"
    );
    let action = body
        .split("action=\"")
        .find(|s| s.split('"').next().unwrap().ends_with("/remind"))
        .and_then(|s| s.split('"').next())
        .expect("a Send a reminder form")
        .to_string();
    assert!(body.contains(">Send a reminder</button>"));
    let (_, social) = page(&h, &cookie, "/social").await;
    assert!(
        social.contains("Overdue IOUs") && social.contains(">Cy</a> owes you $25.00"),
        "/social lists it"
    );

    let (status, to) = submit(&h, &cookie, &csrf, &action, "").await;
    assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, contact.as_str()));
    let resp = h
        .cli
        .post(&action)
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .content_type("application/x-www-form-urlencoded")
        .body("")
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::CONFLICT);
    let body = resp.0.into_body().into_string().await.unwrap();
    assert!(body.contains("already sent to Cy today"), "the refusal is shown");
    // Without the CSRF token nothing is sent.
    let forged = h.cli.post(&action).header("Cookie", &cookie).send().await;
    assert_eq!(forged.0.status(), StatusCode::FORBIDDEN);
}
