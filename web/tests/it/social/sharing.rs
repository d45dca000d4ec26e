//! Invitations and sharing through the API; one ledger on peer debts.

use super::*;
use serde_json::json;

#[tokio::test]
async fn invite_accept_and_see_only_what_is_shared() {
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
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(c["share_status"], "not_shared");
    // Another tenant can't invite Asha's contact.
    expect(
        h.post(&ravi, &format!("/contacts/{id}/invite"), &json!({})).await,
        404,
    )
    .await;
    let inv = expect(
        h.post(&asha, &format!("/contacts/{id}/invite"), &json!({})).await,
        201,
    )
    .await;
    assert_eq!(inv["status"], "pending");
    let c = expect(h.get(&asha, &format!("/contacts/{id}")).await, 200).await;
    assert_eq!(c["share_status"], "pending");

    let list = expect(h.get(&meera, "/invitations").await, 200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        expect(h.get(&ravi, "/invitations").await, 200).await["items"],
        json!([])
    );
    let inv_id = list["items"][0]["id"].as_str().unwrap().to_string();
    expect(
        h.post(&ravi, &format!("/invitations/{inv_id}/accept"), &json!({}))
            .await,
        404,
    )
    .await;
    let accepted = expect(
        h.post(&meera, &format!("/invitations/{inv_id}/accept"), &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(accepted["status"], "accepted");
    expect(
        h.post(&meera, &format!("/invitations/{inv_id}/decline"), &json!({}))
            .await,
        409,
    )
    .await;

    // A debt Asha records is Meera's "borrowed".
    expect(
        h.post(
            &asha,
            "/peer-debts",
            &json!({ "contact_id": id, "direction": "lent", "amount": "25.00", "currency": "USD", "date": "2026-11-20" }),
        )
        .await,
        201,
    )
    .await;
    let shared = expect(h.get(&meera, "/shared-debts").await, 200).await;
    assert_eq!(shared["items"][0]["direction"], "borrowed");
    assert_eq!(
        expect(h.get(&ravi, "/shared-debts").await, 200).await["items"],
        json!([])
    );
    // Meera pays part of it back herself; Ravi can't; more than is left is a 422.
    let debt_id = shared["items"][0]["id"].as_str().unwrap().to_string();
    let paid = expect(
        h.post(
            &meera,
            &format!("/peer-debts/{debt_id}/settlements"),
            &json!({ "amount": "10.00", "date": "2026-11-22", "method": "upi" }),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(paid["outstanding"], "15.00");
    expect(
        h.post(
            &ravi,
            &format!("/peer-debts/{debt_id}/settlements"),
            &json!({ "amount": "1.00", "date": "2026-11-22" }),
        )
        .await,
        404,
    )
    .await;
    expect(
        h.post(
            &meera,
            &format!("/peer-debts/{debt_id}/settlements"),
            &json!({ "amount": "15.01", "date": "2026-11-22" }),
        )
        .await,
        422,
    )
    .await;
    let theirs = expect(h.get(&asha, &format!("/peer-debts/{debt_id}")).await, 200).await;
    assert_eq!(theirs["outstanding"], "15.00");

    // A group with Meera: she sees it and adds an expense; Ravi gets 404.
    let g = expect(
        h.post(
            &asha,
            "/expense-groups",
            &json!({ "name": "Flat", "currency": "USD", "contact_ids": [id] }),
        )
        .await,
        201,
    )
    .await;
    let gid = g["id"].as_str().unwrap().to_string();
    expect(h.get(&meera, &format!("/expense-groups/{gid}")).await, 200).await;
    expect(h.get(&ravi, &format!("/expense-groups/{gid}")).await, 404).await;
    let m = |i: usize| g["members"][i]["id"].as_str().unwrap().to_string();
    let expense = json!({
        "description": "Groceries", "date": "2026-11-21", "total": "40.00",
        "payers": [{ "member_id": m(1), "amount": "40.00" }],
        "split": { "method": "equal", "participants": [{ "member_id": m(0) }, { "member_id": m(1) }] },
    });
    expect(
        h.post(&meera, &format!("/expense-groups/{gid}/expenses"), &expense)
            .await,
        201,
    )
    .await;
    expect(
        h.post(&ravi, &format!("/expense-groups/{gid}/expenses"), &expense)
            .await,
        404,
    )
    .await;
    let mine = expect(
        h.get(&asha, &format!("/expense-groups/{gid}/balances")).await,
        200,
    )
    .await;
    let hers = expect(
        h.get(&meera, &format!("/expense-groups/{gid}/balances")).await,
        200,
    )
    .await;
    // The same numbers; names from each one's side ("You" is whoever asks).
    assert_eq!(mine["pairwise"], hers["pairwise"]);
    for i in 0..2 {
        assert_eq!(mine["members"][i]["balance"], hers["members"][i]["balance"]);
        assert_eq!(mine["members"][i]["member_id"], hers["members"][i]["member_id"]);
    }
    assert_eq!(hers["members"][1]["balance"], "20.00");
    assert_eq!(
        (
            mine["members"][0]["name"].as_str(),
            mine["members"][1]["name"].as_str()
        ),
        (Some("You"), Some("Meera"))
    );
    assert_eq!(hers["members"][1]["name"], "You");
    assert_ne!(hers["members"][0]["name"], "You");

    // Meera's overall balances count what Asha shares with her: she owes
    // 15.00 on the IOU and is owed 20.00 in the group. Ravi has nothing.
    let overall = expect(h.get(&meera, "/balances").await, 200).await;
    let shared = overall["shared"].as_array().expect("shared balances");
    assert_eq!(shared.len(), 1, "{overall}");
    assert!(!shared[0]["owner_name"].as_str().unwrap().is_empty());
    assert_eq!(
        shared[0]["balances"],
        json!([{ "amount": "5.00", "currency": "USD", "direction": "you_are_owed" }])
    );
    assert_eq!(
        expect(h.get(&ravi, "/balances").await, 200).await["shared"],
        json!([])
    );

    // Unlinking: Meera no longer sees the group.
    h.delete(&asha, &format!("/contacts/{id}/link"))
        .await
        .assert_status(poem::http::StatusCode::NO_CONTENT);
    expect(h.get(&meera, &format!("/expense-groups/{gid}")).await, 404).await;
}

#[tokio::test]
async fn a_debt_with_another_tenants_account_is_a_422_naming_it() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let c = expect(h.post(&asha, "/contacts", &json!({ "name": "Meera" })).await, 201).await;
    let body = json!({
        "contact_id": c["id"], "direction": "lent", "amount": "10.00", "currency": "USD",
        "date": "2026-11-20", "account_id": uuid::Uuid::now_v7().to_string(),
    });
    let problem = expect(h.post(&asha, "/peer-debts", &body).await, 422).await;
    assert_eq!(problem["errors"][0]["field"], "account_id");
    let debts = expect(h.get(&asha, "/peer-debts").await, 200).await;
    assert_eq!(debts["items"], json!([]));
}

#[tokio::test]
async fn the_invitation_pages_invite_and_accept() {
    let h = Harness::new().await;
    let (asha_cookie, asha_csrf) = super::pages::sign_in(&h, "asha@example.com").await;
    let (meera_cookie, meera_csrf) = super::pages::sign_in(&h, "meera@example.com").await;
    let resp = h
        .cli
        .post("/social/contacts")
        .header("Cookie", &asha_cookie)
        .header("X-CSRF-Token", &asha_csrf)
        .content_type("application/x-www-form-urlencoded")
        .body("name=Meera&email=meera%40example.com")
        .send()
        .await;
    let location = resp
        .0
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    struct C {
        id: String,
    }
    let c = C {
        id: location.rsplit('/').next().unwrap().to_string(),
    };
    let (status, body) = super::pages::page(&h, &asha_cookie, &format!("/social/contacts/{}", c.id)).await;
    assert_eq!(status, poem::http::StatusCode::OK);
    assert!(body.contains("Invite by email"), "{body}");
    let post = |cookie: &str, csrf: &str, path: String| {
        h.cli
            .post(path)
            .header("Cookie", cookie.to_string())
            .header("X-CSRF-Token", csrf.to_string())
            .content_type("application/x-www-form-urlencoded")
            .body("")
            .send()
    };
    let resp = post(
        &asha_cookie,
        &asha_csrf,
        format!("/social/contacts/{}/invite", c.id),
    )
    .await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::SEE_OTHER);
    let (_, body) = super::pages::page(&h, &meera_cookie, "/social/invitations").await;
    assert!(body.contains("asha</strong> invited you"), "{body}");
    let inv = body
        .split("/social/invitations/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let resp = post(
        &meera_cookie,
        &meera_csrf,
        format!("/social/invitations/{inv}/accept"),
    )
    .await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::SEE_OTHER);
    let (_, body) = super::pages::page(&h, &asha_cookie, &format!("/social/contacts/{}", c.id)).await;
    assert!(body.contains("Stop sharing"), "{body}");
    // An IOU Asha records can be paid from Meera's side, on her invitations page.
    let resp = h
        .cli
        .post(format!("/social/contacts/{}/debts", c.id))
        .header("Cookie", &asha_cookie)
        .header("X-CSRF-Token", &asha_csrf)
        .content_type("application/x-www-form-urlencoded")
        .body("direction=lent&amount=30.00&currency=USD&date=2026-11-20")
        .send()
        .await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::SEE_OTHER);
    let (_, body) = super::pages::page(&h, &meera_cookie, "/social/invitations").await;
    let debt = body
        .split("/social/shared-debts/")
        .nth(1)
        .expect(&body)
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let pay = |amount: &str| {
        h.cli
            .post(format!("/social/shared-debts/{debt}/settle"))
            .header("Cookie", meera_cookie.clone())
            .header("X-CSRF-Token", meera_csrf.clone())
            .content_type("application/x-www-form-urlencoded")
            .body(format!("amount={amount}&date=2026-11-22&method=cash"))
            .send()
    };
    let resp = pay("99.00").await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    let body = resp.0.into_body().into_string().await.unwrap();
    assert!(body.contains("more than what is outstanding"), "{body}");
    assert_eq!(pay("30.00").await.0.status(), poem::http::StatusCode::SEE_OTHER);
    let (_, body) = super::pages::page(&h, &meera_cookie, "/social/invitations").await;
    assert!(body.contains("outstanding $0.00 · settled"), "{body}");
    assert!(!body.contains("/social/shared-debts/"), "{body}");
    // A group Asha starts with Meera: Meera's own pages for it render (the
    // group page and the add-expense form, from her side: she is "You").
    let (status, group_path) = super::pages::submit(
        &h,
        &asha_cookie,
        &asha_csrf,
        "/social/groups",
        &format!("name=Flat&currency=USD&simplify=on&contact_id={}", c.id),
    )
    .await;
    assert_eq!(status, poem::http::StatusCode::SEE_OTHER);
    let (status, body) = super::pages::page(&h, &meera_cookie, &group_path).await;
    assert_eq!(status, poem::http::StatusCode::OK, "{body}");
    assert!(body.contains("Flat") && body.contains("asha"), "{body}");
    let (status, body) = super::pages::page(&h, &meera_cookie, &format!("{group_path}/expenses/new")).await;
    assert_eq!(status, poem::http::StatusCode::OK, "{body}");
    assert!(body.contains("You"), "{body}");
    // What Asha lends her shows on Meera's balances page, under Asha's name.
    let (status, _) = super::pages::submit(
        &h,
        &asha_cookie,
        &asha_csrf,
        &format!("/social/contacts/{}/debts", c.id),
        "direction=lent&amount=5.00&currency=USD&date=2026-11-23",
    )
    .await;
    assert_eq!(status, poem::http::StatusCode::SEE_OTHER);
    let (status, body) = super::pages::page(&h, &meera_cookie, "/social").await;
    assert_eq!(status, poem::http::StatusCode::OK, "{body}");
    assert!(
        body.contains("Shared with you") && body.contains("asha"),
        "{body}"
    );
    assert!(body.contains("$5.00"), "{body}");
    // A payment from Meera to Asha, recorded by Asha: the activity line names
    // each reader "you" (it once said "Meera paid You 7.00 USD" to both).
    let (_, form) = super::pages::page(&h, &asha_cookie, &format!("{group_path}/expenses/new")).await;
    let members: Vec<&str> = form
        .split("name=\"in_")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let (status, _) = super::pages::submit(
        &h,
        &asha_cookie,
        &asha_csrf,
        &format!("{group_path}/settle"),
        &format!(
            "from_member_id={}&to_member_id={}&amount=7.00&currency=USD&method=cash&date=2026-11-21&idempotency_key=k7",
            members[1], members[0]
        ),
    )
    .await;
    assert_eq!(status, poem::http::StatusCode::SEE_OTHER);
    // The first line of the page's activity list that starts with `start`.
    let activity_line = |body: &str, start: &str| -> String {
        let activity = body.split("id=\"group-activity\"").nth(1).unwrap();
        let at = activity
            .find(start)
            .unwrap_or_else(|| panic!("no {start:?} in {activity}"));
        activity[at..].split('<').next().unwrap().to_string()
    };
    let (_, asha_page) = super::pages::page(&h, &asha_cookie, &group_path).await;
    assert_eq!(
        activity_line(&asha_page, "Meera paid you"),
        "Meera paid you $7.00"
    );
    let (_, meera_page) = super::pages::page(&h, &meera_cookie, &group_path).await;
    let line = activity_line(&meera_page, "You paid ");
    assert!(line.ends_with(" $7.00") && !line.contains("Meera"), "{line}");
    // Not linked, not there.
    let (status, _) = super::pages::page(
        &h,
        &super::pages::sign_in(&h, "ravi@example.com").await.0,
        &group_path,
    )
    .await;
    assert_eq!(status, poem::http::StatusCode::NOT_FOUND);
    // Someone else can't invite Asha's contact.
    let resp = post(
        &meera_cookie,
        &meera_csrf,
        format!("/social/contacts/{}/invite", c.id),
    )
    .await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn contact_groups_by_api() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let ravi = h.token("ravi@example.com").await;
    let c = expect(h.post(&asha, "/contacts", &json!({ "name": "Meera" })).await, 201).await;
    let g = expect(
        h.post(
            &asha,
            "/contact-groups",
            &json!({ "name": "Family", "kind": "family", "contact_ids": [c["id"]] }),
        )
        .await,
        201,
    )
    .await;
    let id = g["id"].as_str().unwrap().to_string();
    assert_eq!(g["members"][0]["name"], "Meera");
    let bad = invalid(
        h.post(&asha, "/contact-groups", &json!({ "name": "", "kind": "boat" }))
            .await,
    )
    .await;
    assert_eq!(bad[0].0, "name");
    expect(h.get(&ravi, &format!("/contact-groups/{id}")).await, 404).await;
    expect(h.delete(&ravi, &format!("/contact-groups/{id}")).await, 404).await;
    let started = expect(
        h.post(
            &asha,
            &format!("/contact-groups/{id}/expense-group"),
            &json!({ "currency": "INR" }),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(
        (
            started["name"].as_str(),
            started["members"].as_array().unwrap().len()
        ),
        (Some("Family"), 2)
    );
    expect(
        h.post(
            &ravi,
            &format!("/contact-groups/{id}/expense-group"),
            &json!({ "currency": "INR" }),
        )
        .await,
        404,
    )
    .await;
    h.delete(&asha, &format!("/contact-groups/{id}"))
        .await
        .assert_status(poem::http::StatusCode::NO_CONTENT);
    assert_eq!(
        expect(h.get(&asha, "/contact-groups").await, 200).await["items"],
        json!([])
    );
}

#[tokio::test]
async fn the_contact_groups_page_creates_and_starts_a_group() {
    let h = Harness::new().await;
    let (cookie, csrf) = super::pages::sign_in(&h, "asha@example.com").await;
    let form = |path: &str, body: String| {
        h.cli
            .post(path.to_string())
            .header("Cookie", cookie.clone())
            .header("X-CSRF-Token", csrf.clone())
            .content_type("application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let resp = form("/social/contacts", "name=Meera".into()).await;
    let contact = resp
        .0
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (status, _) = super::pages::page(&h, &cookie, "/social/contact-groups").await;
    assert_eq!(status, poem::http::StatusCode::OK);
    // A blank name re-renders with the message and the values.
    let resp = form("/social/contact-groups", "name=&kind=family".into()).await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::UNPROCESSABLE_ENTITY);
    let resp = form(
        "/social/contact-groups",
        format!("name=Family&kind=family&contact_id={contact}"),
    )
    .await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::SEE_OTHER);
    let (_, body) = super::pages::page(&h, &cookie, "/social/contact-groups").await;
    assert!(body.contains("family · Meera"), "{body}");
    let gid = body
        .split("/social/contact-groups/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let resp = form(
        &format!("/social/contact-groups/{gid}/expense-group"),
        "currency=INR".into(),
    )
    .await;
    assert_eq!(resp.0.status(), poem::http::StatusCode::SEE_OTHER);
    assert!(
        resp.0
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("/social/groups/")
    );
}
