//! The group settings page and the contact edit page: each form through the
//! same service function as the API, refusals re-rendered in place, another
//! tenant's ids answered 404.

use super::pages::{page, sign_in};
use super::*;
use hisaab_service::social::{
    self, ContactInput, ExpenseInput, GroupInput, ParticipantInput, PayerInput, SettlementInput, SplitInput,
};
use hisaab_service::{Actor, testkit};
use poem::http::StatusCode;

async fn actor(h: &Harness, email: &str) -> Actor {
    let user = hisaab_service::identity::sign_in(&h.t.app, email, testkit::PASSWORD, &testkit::meta())
        .await
        .unwrap();
    h.t.actor(&user)
}

/// Posts a form: status, `Location` and body.
async fn post(h: &Harness, cookie: &str, csrf: &str, path: &str, body: &str) -> (StatusCode, String, String) {
    let resp = h
        .cli
        .post(path)
        .header("Cookie", cookie)
        .header("X-CSRF-Token", csrf)
        .content_type("application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await;
    let status = resp.0.status();
    let location = resp
        .0
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location, resp.0.into_body().into_string().await.unwrap())
}

/// Asha's group "Flat" with Bo and Cy, where Bo owes her 10.00 USD.
async fn flat(h: &Harness, asha: &Actor) -> social::GroupView {
    let mut ids = Vec::new();
    for name in ["Bo", "Cy"] {
        let c = social::create_contact(
            &h.t.app,
            asha,
            ContactInput {
                name: name.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        ids.push(c.id.to_string());
    }
    let g = social::create_group(
        &h.t.app,
        asha,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: ids,
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    social::add_expense(&h.t.app, asha, None, g.id, paid_by_asha(&g, "Groceries", "20.00"))
        .await
        .unwrap();
    g
}

/// An expense Asha paid, split equally between her and Bo.
fn paid_by_asha(g: &social::GroupView, description: &str, total: &str) -> ExpenseInput {
    ExpenseInput {
        description: description.into(),
        date: "2026-11-20".into(),
        total: total.into(),
        payers: vec![PayerInput {
            member_id: g.members[0].id.to_string(),
            amount: total.into(),
            account_id: None,
        }],
        split: SplitInput {
            method: "equal".into(),
            participants: [0, 1]
                .iter()
                .map(|i: &usize| ParticipantInput {
                    member_id: g.members[*i].id.to_string(),
                    value: None,
                })
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[tokio::test]
async fn the_settings_page_removes_a_settled_member_renames_and_archives() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let asha = actor(&h, "asha@example.com").await;
    let g = flat(&h, &asha).await;
    let settings = format!("/social/groups/{}/settings", g.id);
    let (status, body) = page(&h, &cookie, &settings).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("Remove<span class=\"visually-hidden\"> Bo</span>"),
        "{body}"
    );
    let (status, body) = page(&h, &cookie, &format!("/social/groups/{}", g.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("href=\"{settings}\"")));

    // Bo owes: 409 and the way out, on the page.
    let remove_bo = format!("/social/groups/{}/members/{}/remove", g.id, g.members[1].id);
    let (status, _, body) = post(&h, &cookie, &csrf, &remove_bo, "").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body.contains("Bo still owes 10.00 USD in this group. Settle up first"),
        "{body}"
    );
    let payment = SettlementInput {
        group_id: Some(g.id.to_string()),
        from_member_id: Some(g.members[1].id.to_string()),
        to_member_id: Some(g.members[0].id.to_string()),
        amount: "10.00".into(),
        currency: Some("USD".into()),
        date: "2026-11-25".into(),
        ..Default::default()
    };
    social::record_settlement(&h.t.app, &asha, None, payment)
        .await
        .unwrap();
    let (status, location, _) = post(&h, &cookie, &csrf, &remove_bo, "").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, settings.as_str())
    );
    let (_, body) = page(&h, &cookie, &settings).await;
    assert!(body.contains("Former members: Bo."), "{body}");

    // Rename: a blank name is a 422 next to the field; then saved.
    let (status, _, body) = post(&h, &cookie, &csrf, &settings, "name=&simplify=on").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("id=\"name-error\"><span class=\"visually-hidden\">Error: </span>"),
        "{body}"
    );
    let (status, _, _) = post(&h, &cookie, &csrf, &settings, "name=Home&simplify=on").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        social::get_group(&h.t.app, &asha, g.id).await.unwrap().name,
        "Home"
    );

    // Add someone new, then nobody (422).
    let members = format!("/social/groups/{}/members", g.id);
    let (status, _, _) = post(&h, &cookie, &csrf, &members, "contact_id=&new_name=Dev").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, body) = post(&h, &cookie, &csrf, &members, "contact_id=&new_name=").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Choose one of your contacts, or type the name of someone new."));
    let names: Vec<String> = social::get_group(&h.t.app, &asha, g.id)
        .await
        .unwrap()
        .members
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["You", "Cy", "Dev"]);

    // Archive and restore.
    let (status, _, _) = post(
        &h,
        &cookie,
        &csrf,
        &format!("/social/groups/{}/archive", g.id),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(social::get_group(&h.t.app, &asha, g.id).await.unwrap().archived);
    let (_, body) = page(&h, &cookie, &settings).await;
    assert!(body.contains("Restore group"));
    let card = format!("href=\"/social/groups/{}\">Home</a>", g.id);
    let (_, body) = page(&h, &cookie, "/social/groups?archived=1").await;
    assert!(body.contains(&card), "the archived list: {body}");
    let (_, body) = page(&h, &cookie, "/social/groups").await;
    assert!(!body.contains(&card), "{body}");
    post(
        &h,
        &cookie,
        &csrf,
        &format!("/social/groups/{}/restore", g.id),
        "",
    )
    .await;
    assert!(!social::get_group(&h.t.app, &asha, g.id).await.unwrap().archived);
}

#[tokio::test]
async fn the_default_split_is_edited_and_pre_fills_the_expense_form() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let asha = actor(&h, "asha@example.com").await;
    let g = flat(&h, &asha).await;
    let (you, cy) = (g.members[0].id, g.members[2].id);
    let path = format!("/social/groups/{}/default-split", g.id);
    let (status, _, body) = post(
        &h,
        &cookie,
        &csrf,
        &path,
        &format!("percent_{you}=60&percent_{cy}=30"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("The percentages add up to 90, not 100."), "{body}");
    assert!(body.contains("value=\"30\""), "values kept: {body}");
    let (status, _, body) = post(
        &h,
        &cookie,
        &csrf,
        &path,
        &format!("percent_{you}=60&percent_{cy}=abc"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains(&format!(
            "id=\"percent_{cy}-error\"><span class=\"visually-hidden\">Error: </span>Enter a percentage"
        )),
        "{body}"
    );
    let (status, _, _) = post(
        &h,
        &cookie,
        &csrf,
        &path,
        &format!("percent_{you}=60&percent_{cy}=40"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, body) = page(&h, &cookie, &format!("/social/groups/{}/expenses/new", g.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<option value=\"percentage\" selected>"), "{body}");
    assert!(
        body.contains(&format!(
            "name=\"value_{you}\" inputmode=\"decimal\" value=\"60\""
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!("name=\"value_{cy}\" inputmode=\"decimal\" value=\"40\"")),
        "{body}"
    );
    assert!(
        !body.contains(&format!("name=\"in_{}\" checked", g.members[1].id)),
        "{body}"
    );

    let (status, _, _) = post(&h, &cookie, &csrf, &path, "clear=1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        social::get_group(&h.t.app, &asha, g.id)
            .await
            .unwrap()
            .default_split
            .is_none()
    );
}

#[tokio::test]
async fn another_tenant_gets_404_from_the_settings_and_contact_forms() {
    let h = Harness::new().await;
    sign_in(&h, "asha@example.com").await;
    let asha = actor(&h, "asha@example.com").await;
    let g = flat(&h, &asha).await;
    let bo = g.members[1].contact_id.unwrap();
    let (cookie, csrf) = sign_in(&h, "ravi@example.com").await;
    let (status, _) = page(&h, &cookie, &format!("/social/groups/{}/settings", g.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = page(&h, &cookie, &format!("/social/contacts/{bo}/edit")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for (path, body) in [
        (
            format!("/social/groups/{}/settings", g.id),
            "name=Mine".to_string(),
        ),
        (
            format!("/social/groups/{}/members/{}/remove", g.id, g.members[2].id),
            String::new(),
        ),
        (format!("/social/groups/{}/members", g.id), "new_name=Sam".into()),
        (format!("/social/groups/{}/archive", g.id), String::new()),
        (format!("/social/groups/{}/default-split", g.id), "clear=1".into()),
        (format!("/social/groups/{}/leave", g.id), String::new()),
        (format!("/social/contacts/{bo}/edit"), "name=Mine".into()),
        (format!("/social/contacts/{bo}/archive"), String::new()),
    ] {
        let (status, _, _) = post(&h, &cookie, &csrf, &path, &body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let after = social::get_group(&h.t.app, &asha, g.id).await.unwrap();
    assert_eq!(
        (after.name.as_str(), after.members.len(), after.archived),
        ("Flat", 3, false)
    );
    assert_eq!(social::get_contact(&h.t.app, &asha, bo).await.unwrap().name, "Bo");
}

#[tokio::test]
async fn a_contact_is_edited_archived_and_restored_from_its_pages() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let asha = actor(&h, "asha@example.com").await;
    let c = social::create_contact(
        &h.t.app,
        &asha,
        ContactInput {
            name: "Meera".into(),
            phone: Some("+91 98200 00000".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let contact = format!("/social/contacts/{}", c.id);
    let (status, body) = page(&h, &cookie, &contact).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("href=\"{contact}/edit\"")));
    let (status, body) = page(&h, &cookie, &format!("{contact}/edit")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("value=\"+91 98200 00000\""), "{body}");

    let edit = format!("{contact}/edit");
    let (status, _, body) = post(
        &h,
        &cookie,
        &csrf,
        &edit,
        "name=&email=not-an-email&phone=&notes=",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("id=\"name-error\"><span class=\"visually-hidden\">Error: </span>"),
        "{body}"
    );
    assert!(
        body.contains("id=\"email-error\"><span class=\"visually-hidden\">Error: </span>"),
        "{body}"
    );
    assert!(body.contains("value=\"not-an-email\""), "values kept: {body}");
    let (status, location, _) = post(
        &h,
        &cookie,
        &csrf,
        &edit,
        "name=Meera+Iyer&email=meera%40example.com&phone=&notes=Flatmate",
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, contact.as_str())
    );
    let saved = social::get_contact(&h.t.app, &asha, c.id).await.unwrap();
    assert_eq!(saved.name, "Meera Iyer");
    assert_eq!(saved.email.as_deref(), Some("meera@example.com"));
    assert_eq!(saved.phone, None);
    assert_eq!(saved.notes.as_deref(), Some("Flatmate"));

    let (status, _, _) = post(&h, &cookie, &csrf, &format!("{contact}/archive"), "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(social::get_contact(&h.t.app, &asha, c.id).await.unwrap().archived);
    let (status, body) = page(&h, &cookie, &format!("{contact}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Restore contact"));
    let (_, body) = page(&h, &cookie, "/social/contacts?archived=1").await;
    assert!(body.contains(">Meera Iyer</a>"), "the archived list: {body}");
    let (_, body) = page(&h, &cookie, "/social/contacts").await;
    assert!(!body.contains(">Meera Iyer</a>"), "{body}");
    post(&h, &cookie, &csrf, &format!("{contact}/restore"), "").await;
    assert!(!social::get_contact(&h.t.app, &asha, c.id).await.unwrap().archived);
}

/// The first element named `name` in `html` (a hidden input, a button): its value.
fn hidden(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The group page's body is kept per revision of its reader (ADR 0032): a
/// reload at the same revision gets the same plan (the same payment keys);
/// a change made elsewhere shows on the next load; and one plan line posted
/// twice, from two loads of the page, records one payment.
#[tokio::test]
async fn the_group_page_is_reused_until_something_changes_and_a_plan_line_pays_once() {
    let h = Harness::new().await;
    let (cookie, csrf) = sign_in(&h, "asha@example.com").await;
    let asha = actor(&h, "asha@example.com").await;
    let g = flat(&h, &asha).await;
    let path = format!("/social/groups/{}", g.id);
    // A plan line's button value ends with its payment key.
    let keys = |body: &str| -> Vec<String> {
        body.split("name=\"payment\" value=\"")
            .skip(1)
            .map(|s| {
                s.split('"')
                    .next()
                    .unwrap()
                    .rsplit(' ')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };

    // The first page a person opens that lists categories creates their
    // default ones: a write, so a new revision.
    let (status, _) = page(&h, &cookie, &path).await;
    assert_eq!(status, StatusCode::OK);
    let (_, first) = page(&h, &cookie, &path).await;
    let (_, again) = page(&h, &cookie, &path).await;
    assert_eq!(keys(&first).len(), 1, "Bo pays Asha: {first}");
    assert_eq!(keys(&again), keys(&first));

    // An expense added through the service, not the page: the next load shows it.
    let taxi = paid_by_asha(&g, "Taxi to the station", "8.00");
    social::add_expense(&h.t.app, &asha, None, g.id, taxi)
        .await
        .unwrap();
    let (_, changed) = page(&h, &cookie, &path).await;
    assert!(changed.contains("Taxi to the station"), "{changed}");
    assert!(!first.contains("Taxi to the station"));
    assert_ne!(keys(&changed), keys(&first), "a new revision, new payment keys");

    // Two tabs at this revision: one plan line posted from each.
    let (_, other_tab) = page(&h, &cookie, &path).await;
    assert_eq!(keys(&other_tab), keys(&changed));
    // What a browser posts for the line: the plan form's fields and the
    // clicked button's value.
    let form = format!(
        "date={}&method={}&payment={}",
        hidden(&changed, "date"),
        hidden(&changed, "method"),
        hidden(&changed, "payment").replace(' ', "+")
    );
    // A line that is not five words is refused and records nothing.
    let (status, _, body) = post(&h, &cookie, &csrf, &format!("{path}/settle"), "payment=a+b").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for _ in 0..2 {
        let (status, location, _) = post(&h, &cookie, &csrf, &format!("{path}/settle"), &form).await;
        assert_eq!(
            (status, location.as_str()),
            (StatusCode::SEE_OTHER, path.as_str())
        );
    }
    let paid = social::list_settlements(
        &h.t.app,
        &asha,
        social::SettlementFilter {
            group_id: Some(g.id),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(paid.items.len(), 1, "one payment, not two");
    let (_, settled) = page(&h, &cookie, &path).await;
    assert!(!keys(&settled).contains(&keys(&changed)[0]));
}
