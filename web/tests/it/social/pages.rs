//! Social pages render (full pages and the htmx partials) for a signed-in person,
//! and a form post adds an expense through the same service function as the API.

use super::*;
use hisaab_service::social::{self, ContactInput, GroupInput};
use poem::http::StatusCode;

/// Signs in through the page surface and returns the session cookie header.
pub async fn sign_in(h: &Harness, email: &str) -> (String, String) {
    h.t.user(email).await;
    let page = h.cli.get("/login").send().await;
    let cookies: Vec<String> = page
        .0
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    let body = page.0.into_body().into_string().await.unwrap();
    let token = body
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let resp = h
        .cli
        .post("/login")
        .header("Cookie", cookies.join("; "))
        .content_type("application/x-www-form-urlencoded")
        .body(format!(
            "csrf_token={}&email={}&password={}",
            urlencode(&token),
            urlencode(email),
            urlencode(hisaab_service::testkit::PASSWORD)
        ))
        .send()
        .await;
    let mut all = cookies.clone();
    for v in resp.0.headers().get_all("set-cookie") {
        let c = v.to_str().unwrap().split(';').next().unwrap().to_string();
        let name = c.split('=').next().unwrap().to_string();
        all.retain(|x| !x.starts_with(&format!("{name}=")));
        all.push(c);
    }
    let cookie = all.join("; ");
    let page = h.cli.get("/app").header("Cookie", &cookie).send().await;
    let body = page.0.into_body().into_string().await.unwrap();
    let token = body
        .split("X-CSRF-Token&#34;: &#34;")
        .nth(1)
        .or_else(|| body.split("\"X-CSRF-Token\": \"").nth(1))
        .map(|s| {
            s.split('&')
                .next()
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        })
        .unwrap_or(token);
    (cookie, token)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Posts a form as a signed-in person: the status and the redirect target (empty without one).
pub async fn submit(h: &Harness, cookie: &str, csrf: &str, path: &str, body: &str) -> (StatusCode, String) {
    let resp = h
        .cli
        .post(path)
        .header("Cookie", cookie)
        .header("X-CSRF-Token", csrf)
        .content_type("application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await;
    let location = resp
        .0
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (resp.0.status(), location)
}

pub async fn page(h: &Harness, cookie: &str, path: &str) -> (StatusCode, String) {
    let resp = h.cli.get(path).header("Cookie", cookie).send().await;
    let status = resp.0.status();
    (status, resp.0.into_body().into_string().await.unwrap())
}

#[tokio::test]
async fn social_pages_render_and_the_form_adds_an_expense() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let actor = {
        let row = h.t.user("someone-else@example.com").await;
        h.t.actor(&row)
    };
    // Asha's own data, created through the service.
    let me = social::list_contacts(&h.t.app, &actor, Default::default())
        .await
        .unwrap();
    assert!(me.items.is_empty());

    for path in ["/social", "/social/contacts", "/social/groups"] {
        let (status, body) = page(&h, &cookie, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
    // Create a contact and a group through the pages.
    let resp = h
        .cli
        .post("/social/contacts")
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .content_type("application/x-www-form-urlencoded")
        .body("name=Meera")
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::SEE_OTHER);
    let contact_path = resp
        .0
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let (status, body) = page(&h, &cookie, &contact_path).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let contact_id = contact_path.rsplit('/').next().unwrap();
    let (status, group_path) = submit(
        &h,
        &cookie,
        &csrf,
        "/social/groups",
        &format!("name=Flat&currency=USD&contact_id={contact_id}&simplify=on"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, body) = page(&h, &cookie, &format!("{group_path}/expenses/new")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let members: Vec<String> = body
        .split("name=\"in_")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(members.len(), 2);

    let form = format!(
        "description=Rent&date=2026-11-20&total=100.00&currency=USD&method=equal&paid_by={}&in_{}=on&in_{}=on",
        members[0], members[0], members[1]
    );
    // The live preview answers with each person's share.
    let resp = h
        .cli
        .post(format!("{group_path}/expenses/preview"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .header("HX-Request", "true")
        .content_type("application/x-www-form-urlencoded")
        .body(form.clone())
        .send()
        .await;
    let body = resp.0.into_body().into_string().await.unwrap();
    assert!(body.contains("$50.00"), "{body}");
    // A mismatch re-renders the form with a 422.
    let bad = form.replace("method=equal", &format!("method=exact&value_{}=10", members[0]));
    let resp = h
        .cli
        .post(format!("{group_path}/expenses"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .content_type("application/x-www-form-urlencoded")
        .body(bad)
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The message sits next to the second person's value box, and the summary links to it.
    let body = resp.0.into_body().into_string().await.unwrap();
    let value = format!("value_{}", members[1]);
    assert!(
        body.contains(&format!("id=\"{value}-error\"><span class=\"visually-hidden\">Error: </span>Enter how much this person owes.")),
        "{body}"
    );
    assert!(body.contains(&format!("href=\"#{value}\"")), "{body}");
    let input = body
        .split(&format!("id=\"{value}\""))
        .nth(1)
        .unwrap()
        .split('>')
        .next()
        .unwrap();
    assert!(input.contains("aria-invalid=\"true\""), "{input}");

    // With an account of her own, the owner may say she paid from it.
    let resp = h
        .cli
        .post("/app/finance/accounts")
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .content_type("application/x-www-form-urlencoded")
        .body("name=Everyday&kind=checking&currency=USD&opening_balance=0")
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::SEE_OTHER);
    let (_, body) = page(&h, &cookie, &format!("{group_path}/expenses/new")).await;
    assert!(
        body.contains("Paid from your account") && body.contains("Everyday (USD)"),
        "{body}"
    );
    assert!(body.contains("Category for your share"), "{body}");

    let resp = h
        .cli
        .post(format!("{group_path}/expenses"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .content_type("application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await;
    assert_eq!(resp.0.status(), StatusCode::SEE_OTHER);
    let (status, body) = page(&h, &cookie, &group_path).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("Rent") && body.contains("Record this payment"),
        "{body}"
    );

    // The one-click payment from the plan (htmx) returns the refreshed
    // summary: the clicked line's button value beside the form's fields.
    let payment = body
        .split("name=\"payment\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let words: Vec<&str> = payment.split(' ').collect();
    assert_eq!(words.len(), 5, "from to amount currency key: {payment}");
    assert_eq!(&words[2..4], ["50.00", "USD"], "{payment}");
    let resp = h
        .cli
        .post(format!("{group_path}/settle"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .header("HX-Request", "true")
        .content_type("application/x-www-form-urlencoded")
        .body(format!(
            "date=2026-11-25&method=cash&payment={}",
            payment.replace(' ', "+")
        ))
        .send()
        .await;
    let body = resp.0.into_body().into_string().await.unwrap();
    assert!(body.contains("Everyone is settled up"), "{body}");

    // Another person's group is a 404 page.
    let other = social::create_group(
        &h.t.app,
        &actor,
        GroupInput {
            name: "Theirs".into(),
            currency: "USD".into(),
            contact_ids: vec![],
            simplify: None,
        },
    )
    .await
    .unwrap();
    let (status, _) = page(&h, &cookie, &format!("/social/groups/{}", other.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = social::create_contact(
        &h.t.app,
        &actor,
        ContactInput {
            name: "X".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (status, body) = page(&h, &cookie, "/social/contacts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains(">X<"));
}

/// The IOU form carries a fresh key; a refused post comes back with the same
/// key; two posts with one key (a double click, a retry) record one IOU.
#[tokio::test]
async fn the_iou_form_is_idempotent() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let (status, contact) = submit(&h, &cookie, &csrf, "/social/contacts", "name=Bilal").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let key_in = |html: &str| {
        html.split("name=\"idempotency_key\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_string)
    };
    let (_, first) = page(&h, &cookie, &contact).await;
    let (_, second) = page(&h, &cookie, &contact).await;
    assert_ne!(key_in(&first), key_in(&second), "a fresh key per render");

    let debts = format!("{contact}/debts");
    let refused = h
        .cli
        .post(&debts)
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .content_type("application/x-www-form-urlencoded")
        .body("direction=lent&amount=abc&currency=USD&date=2026-11-23&idempotency_key=iou-1")
        .send()
        .await;
    assert_eq!(refused.0.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.0.into_body().into_string().await.unwrap();
    assert_eq!(
        key_in(&html).as_deref(),
        Some("iou-1"),
        "the refused form keeps its key"
    );

    for _ in 0..2 {
        let body = "direction=lent&amount=12.00&currency=USD&date=2026-11-23&idempotency_key=iou-1";
        let (status, _) = submit(&h, &cookie, &csrf, &debts, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let asha = hisaab_service::identity::sign_in(
        &h.t.app,
        "asha@example.com",
        hisaab_service::testkit::PASSWORD,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    let listed = social::list_debts(&h.t.app, &h.t.actor(&asha), Default::default())
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1, "one IOU for one key");
}
