//! A tour of every social page with data on it (contacts, IOUs paid, corrected
//! and deleted, a group with expenses and payments, contact groups, invitations
//! and an IOU shared with the reader), its refused forms and its htmx
//! fragments: the pages the Hindi test reads (`i18n.rs`).

use super::pages::{page, sign_in};
use super::*;
use hisaab_service::social::{
    self, ContactGroupInput, ContactInput, DebtInput, ExpenseInput, GroupInput, ParticipantInput, PayerInput,
    SettlementInput, SplitInput,
};
use hisaab_service::{Actor, testkit};
use poem::http::StatusCode;

async fn actor(h: &Harness, email: &str) -> Actor {
    let user = identity::sign_in(&h.t.app, email, testkit::PASSWORD, &testkit::meta())
        .await
        .unwrap();
    h.t.actor(&user)
}

/// Posts a form (optionally as htmx): status, `Location`, `cookie` updated
/// by the answer's cookies (its flash) and the body.
async fn post(
    h: &Harness,
    cookie: &str,
    csrf: &str,
    path: &str,
    body: &str,
    htmx: bool,
) -> (StatusCode, String, String, String) {
    let mut req = h
        .cli
        .post(path)
        .header("Cookie", cookie)
        .header("X-CSRF-Token", csrf)
        .content_type("application/x-www-form-urlencoded");
    if htmx {
        req = req.header("HX-Request", "true");
    }
    let resp = req.body(body.to_string()).send().await;
    let status = resp.0.status();
    let location = resp
        .0
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let mut cookies: Vec<String> = cookie.split("; ").map(str::to_string).collect();
    for set in resp.0.headers().get_all("set-cookie") {
        let pair = set.to_str().unwrap().split(';').next().unwrap().to_string();
        let name = pair.split('=').next().unwrap().to_string();
        cookies.retain(|c| !c.starts_with(&format!("{name}=")));
        cookies.push(pair);
    }
    let body = resp.0.into_body().into_string().await.unwrap();
    (status, location, cookies.join("; "), body)
}

async fn htmx_page(h: &Harness, cookie: &str, path: &str) -> String {
    let resp = h
        .cli
        .get(path)
        .header("Cookie", cookie)
        .header("HX-Request", "true")
        .send()
        .await;
    resp.0.into_body().into_string().await.unwrap()
}

async fn contact(h: &Harness, actor: &Actor, name: &str, email: Option<&str>) -> social::ContactView {
    social::create_contact(
        &h.t.app,
        actor,
        ContactInput {
            name: name.into(),
            email: email.map(str::to_string),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

async fn debt(
    h: &Harness,
    actor: &Actor,
    contact: &social::ContactView,
    direction: &str,
    amount: &str,
    reason: Option<&str>,
    due: Option<&str>,
) -> social::DebtView {
    social::record_debt(
        &h.t.app,
        actor,
        None,
        DebtInput {
            contact_id: contact.id.to_string(),
            direction: direction.into(),
            amount: amount.into(),
            currency: "USD".into(),
            date: "2026-11-01".into(),
            reason: reason.map(str::to_string),
            due_date: due.map(str::to_string),
            account_id: None,
        },
    )
    .await
    .unwrap()
    .value
}

/// Someone (`email`) who invites Asha; she accepts when `accept`, and they
/// record an IOU she owes them.
async fn inviter(h: &Harness, email: &str, accept: bool) {
    let them = {
        let user = h.t.user(email).await;
        h.t.actor(&user)
    };
    let c = contact(h, &them, "Asha", Some("asha@example.com")).await;
    let invitation = social::invite_contact(&h.t.app, &them, c.id).await.unwrap();
    if accept {
        let asha = actor(h, "asha@example.com").await;
        social::respond_to_invitation(&h.t.app, &asha, invitation.id, true)
            .await
            .unwrap();
        debt(h, &them, &c, "lent", "12.00", Some("Books"), None).await;
    }
}

/// Every social page, as `(name, status, html)`, for the signed-in Asha
/// (`cookie`, `csrf`); `hi` sets her language to Hindi first.
pub async fn tour(h: &Harness, hi: bool) -> Vec<(String, StatusCode, String)> {
    let (cookie, csrf) = sign_in(h, "asha@example.com").await;
    let asha = actor(h, "asha@example.com").await;
    if hi {
        identity::update_profile(
            &h.t.app,
            &asha,
            identity::ProfileInput {
                locale: Some(Some("hi".into())),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let mut out = Vec::new();
    // Before anything exists: the empty states.
    for (name, path) in [
        ("balances-empty", "/social"),
        ("contacts-empty", "/social/contacts"),
        ("groups-empty", "/social/groups"),
        ("contact-groups-empty", "/social/contact-groups"),
        ("invitations-empty", "/social/invitations"),
    ] {
        let (status, body) = page(h, &cookie, path).await;
        out.push((name.to_string(), status, body));
    }

    let bilal = contact(h, &asha, "Bilal", Some("bilal@example.com")).await;
    let cy = contact(h, &asha, "Cy", None).await;
    h.t.user("meera@example.com").await;
    let meera = contact(h, &asha, "Meera", Some("meera@example.com")).await;
    let invitation = social::invite_contact(&h.t.app, &asha, meera.id).await.unwrap();
    let meera_actor = actor(h, "meera@example.com").await;
    social::respond_to_invitation(&h.t.app, &meera_actor, invitation.id, true)
        .await
        .unwrap();
    social::invite_contact(&h.t.app, &asha, bilal.id).await.unwrap();
    inviter(h, "ravi@example.com", true).await;
    inviter(h, "dev@example.com", false).await;

    // IOUs: one overdue and partly paid, one borrowed, one corrected, one deleted.
    let lunch = debt(
        h,
        &asha,
        &bilal,
        "lent",
        "100.00",
        Some("Lunch"),
        Some("2026-11-20"),
    )
    .await;
    social::settle_debt(
        &h.t.app,
        &asha,
        None,
        lunch.id,
        SettlementInput {
            amount: "40.00".into(),
            date: "2026-11-21".into(),
            method: Some("upi".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    debt(h, &asha, &bilal, "borrowed", "30.00", None, None).await;
    let taxi = debt(h, &asha, &bilal, "lent", "8.00", Some("Taxi"), None).await;
    social::correct_debt(
        &h.t.app,
        &asha,
        taxi.id,
        None,
        None,
        social::DebtCorrection {
            amount: Some("9.00".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let gone = debt(h, &asha, &bilal, "lent", "5.00", None, None).await;
    social::delete_debt(&h.t.app, &asha, gone.id, None, None)
        .await
        .unwrap();
    debt(h, &asha, &meera, "borrowed", "7.00", Some("Tea"), None).await;

    // A group with expenses and payments (one deleted).
    let flat = social::create_group(
        &h.t.app,
        &asha,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![bilal.id.to_string(), cy.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    let m = |i: usize| flat.members[i].id.to_string();
    let expense =
        |description: &str, total: &str, payer: usize, method: &str, values: &[(usize, &str)]| ExpenseInput {
            description: description.into(),
            date: "2026-11-20".into(),
            total: total.into(),
            payers: vec![PayerInput {
                member_id: m(payer),
                amount: total.into(),
                account_id: None,
            }],
            split: SplitInput {
                method: method.into(),
                participants: values
                    .iter()
                    .map(|(i, v)| ParticipantInput {
                        member_id: m(*i),
                        value: (!v.is_empty()).then(|| v.to_string()),
                    })
                    .collect(),
                ..Default::default()
            },
            ..Default::default()
        };
    for e in [
        expense("Groceries", "30.00", 0, "equal", &[(0, ""), (1, ""), (2, "")]),
        expense(
            "Rent",
            "90.00",
            1,
            "percentage",
            &[(0, "50"), (1, "25"), (2, "25")],
        ),
        expense("Cinema", "12.00", 2, "shares", &[(0, "1"), (2, "1")]),
    ] {
        social::add_expense(&h.t.app, &asha, None, flat.id, e)
            .await
            .unwrap();
    }
    let gone = social::add_expense(
        &h.t.app,
        &asha,
        None,
        flat.id,
        expense("Snacks", "3.00", 0, "equal", &[(0, ""), (1, "")]),
    )
    .await
    .unwrap()
    .value;
    social::delete_expense(&h.t.app, &asha, gone.id, None, None)
        .await
        .unwrap();
    let pay = |amount: &str| SettlementInput {
        group_id: Some(flat.id.to_string()),
        from_member_id: Some(m(2)),
        to_member_id: Some(m(0)),
        amount: amount.into(),
        currency: Some("USD".into()),
        date: "2026-11-22".into(),
        method: Some("bank_transfer".into()),
        ..Default::default()
    };
    social::record_settlement(&h.t.app, &asha, None, pay("1.00"))
        .await
        .unwrap();
    let undone = social::record_settlement(&h.t.app, &asha, None, pay("2.00"))
        .await
        .unwrap()
        .value;
    social::delete_settlement(&h.t.app, &asha, undone.id, None, None)
        .await
        .unwrap();
    // A second group, archived; a contact archived; a contact group.
    let old = social::create_group(
        &h.t.app,
        &asha,
        GroupInput {
            name: "Trip 2025".into(),
            currency: "USD".into(),
            contact_ids: vec![],
            simplify: Some(false),
        },
    )
    .await
    .unwrap();
    social::update_group(
        &h.t.app,
        &asha,
        old.id,
        social::GroupPatch {
            archived: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let gone = contact(h, &asha, "Old friend", None).await;
    social::update_contact(
        &h.t.app,
        &asha,
        gone.id,
        social::ContactPatch {
            archived: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    social::create_contact_group(
        &h.t.app,
        &asha,
        ContactGroupInput {
            name: "Roommates".into(),
            kind: Some("roommates".into()),
            contact_ids: vec![bilal.id.to_string(), cy.id.to_string()],
        },
    )
    .await
    .unwrap();
    social::create_contact_group(
        &h.t.app,
        &asha,
        ContactGroupInput {
            name: "Work".into(),
            kind: Some("work".into()),
            contact_ids: vec![],
        },
    )
    .await
    .unwrap();

    let contact_path = |c: &social::ContactView| format!("/social/contacts/{}", c.id);
    let group_path = format!("/social/groups/{}", flat.id);
    let first_expense = social::list_expenses(&h.t.app, &asha, flat.id, Default::default())
        .await
        .unwrap()
        .items[0]
        .id;
    let pages = [
        ("balances", "/social".to_string()),
        ("contacts", "/social/contacts".to_string()),
        ("contacts-archived", "/social/contacts?archived=1".to_string()),
        ("contacts-no-match", "/social/contacts?q=zzz".to_string()),
        ("contact-bilal", contact_path(&bilal)),
        (
            "contact-bilal-undo",
            format!("{}?deleted={}", contact_path(&bilal), gone.id),
        ),
        ("contact-cy", contact_path(&cy)),
        ("contact-meera", contact_path(&meera)),
        ("contact-edit", format!("{}/edit", contact_path(&bilal))),
        ("contact-edit-archived", format!("{}/edit", contact_path(&gone))),
        ("contact-groups", "/social/contact-groups".to_string()),
        ("groups", "/social/groups".to_string()),
        ("groups-archived", "/social/groups?archived=1".to_string()),
        ("group", group_path.clone()),
        ("group-filter-error", format!("{group_path}?from=2026-13-01")),
        ("group-no-match", format!("{group_path}?q=zzz")),
        ("group-settings", format!("{group_path}/settings")),
        (
            "group-archived-settings",
            format!("/social/groups/{}/settings", old.id),
        ),
        ("group-archived", format!("/social/groups/{}", old.id)),
        ("expense-new", format!("{group_path}/expenses/new")),
        ("expense-edit", format!("/social/expenses/{first_expense}/edit")),
        ("invitations", "/social/invitations".to_string()),
    ];
    for (name, path) in pages {
        let (status, body) = page(h, &cookie, &path).await;
        out.push((name.to_string(), status, body));
    }
    for (name, path) in [
        ("contacts-search-partial", "/social/contacts?q=bil".to_string()),
        ("group-list-partial", format!("{group_path}?q=rent")),
        (
            "group-list-partial-error",
            format!("{group_path}?from=2026-13-01"),
        ),
    ] {
        out.push((
            name.to_string(),
            StatusCode::OK,
            htmx_page(h, &cookie, &path).await,
        ));
    }

    // Refused forms.
    let members: Vec<String> = (0..3).map(m).collect();
    let bilal_debts = format!("{}/debts", contact_path(&bilal));
    let lunch_path = format!("{bilal_debts}/{}", lunch.id);
    let forms: Vec<(&str, String, String, bool)> = vec![
        (
            "contact-refused",
            "/social/contacts".into(),
            "name=&email=nope&phone=abc".into(),
            false,
        ),
        (
            "iou-refused",
            bilal_debts.clone(),
            "direction=lent&amount=&currency=&date=&due_date=2026-99-01".into(),
            false,
        ),
        (
            "iou-edit-refused",
            format!("{lunch_path}/edit"),
            "version=1&reason=Lunch&due_date=2026-10-01".into(),
            false,
        ),
        (
            "iou-correct-refused",
            format!("{lunch_path}/correct"),
            "version=2&direction=lent&amount=-1&currency=USD&date=2026-11-01".into(),
            false,
        ),
        (
            "iou-settle-refused",
            format!("{lunch_path}/settle"),
            "amount=abc&date=2026-11-25&method=cash".into(),
            false,
        ),
        (
            "reminder-sent",
            format!("{lunch_path}/remind"),
            String::new(),
            false,
        ),
        (
            "reminder-refused",
            format!("{lunch_path}/remind"),
            String::new(),
            false,
        ),
        (
            "contact-edit-refused",
            format!("{}/edit", contact_path(&bilal)),
            "name=&email=x".into(),
            false,
        ),
        (
            "group-refused",
            "/social/groups".into(),
            "name=&currency=".into(),
            false,
        ),
        (
            "contact-group-refused",
            "/social/contact-groups".into(),
            "name=&kind=roommates".into(),
            false,
        ),
        (
            "expense-refused",
            format!("{group_path}/expenses"),
            format!(
                "description=&date=&total=abc&currency=USD&method=exact&paid_by={}&in_{}=on&in_{}=on&value_{}=1",
                members[0], members[0], members[1], members[0]
            ),
            false,
        ),
        (
            "expense-preview-problems",
            format!("{group_path}/expenses/preview"),
            format!(
                "description=X&date=2026-11-20&total=10&currency=USD&method=exact&paid_by={}&in_{}=on&in_{}=on&value_{}=1",
                members[0], members[0], members[1], members[0]
            ),
            true,
        ),
        (
            "expense-preview-shares",
            format!("{group_path}/expenses/preview"),
            format!(
                "description=X&date=2026-11-20&total=10&currency=USD&method=equal&paid_by={}&in_{}=on&in_{}=on",
                members[0], members[0], members[1]
            ),
            true,
        ),
        (
            "group-member-refused",
            format!("{group_path}/members"),
            format!("contact_id={}&new_name=Zed", meera.id),
            false,
        ),
        (
            "group-remove-refused",
            format!("{group_path}/members/{}/remove", members[1]),
            String::new(),
            false,
        ),
        (
            "group-rename-refused",
            format!("{group_path}/settings"),
            "name=".into(),
            false,
        ),
        (
            "group-split-refused",
            format!("{group_path}/default-split"),
            format!("percent_{}=70&percent_{}=abc", members[0], members[1]),
            false,
        ),
        (
            "shared-settle-refused",
            format!("/social/shared-debts/{}/settle", shared_debt_id(h, &asha).await),
            "amount=abc&date=2026-11-25&method=cash".into(),
            false,
        ),
        (
            "group-payment-recorded",
            format!("{group_path}/settle"),
            format!(
                "from_member_id={}&to_member_id={}&amount=1.00&currency=USD&date=2026-11-25&method=cash",
                members[2], members[0]
            ),
            true,
        ),
    ];
    for (name, path, body, htmx) in forms {
        let (status, location, with_flash, html) = post(h, &cookie, &csrf, &path, &body, htmx).await;
        // A redirect: the page it leads to (with its flash).
        let (status, html) = if status == StatusCode::SEE_OTHER {
            page(h, &with_flash, &location).await
        } else {
            (status, html)
        };
        out.push((name.to_string(), status, html));
    }
    // The flashes of the settings and contact forms.
    for (name, path, body) in [
        (
            "flash-group-saved",
            format!("{group_path}/settings"),
            "name=Flat&simplify=on".to_string(),
        ),
        (
            "flash-contact-saved",
            format!("{}/edit", contact_path(&cy)),
            "name=Cy".to_string(),
        ),
        (
            "flash-member-added",
            format!("{group_path}/members"),
            "new_name=Zed".to_string(),
        ),
        (
            "flash-contact-archived",
            format!("{}/archive", contact_path(&cy)),
            String::new(),
        ),
        (
            "flash-contact-restored",
            format!("{}/restore", contact_path(&cy)),
            String::new(),
        ),
        (
            "flash-group-archived",
            format!("/social/groups/{}/archive", flat.id),
            String::new(),
        ),
        (
            "flash-group-restored",
            format!("/social/groups/{}/restore", flat.id),
            String::new(),
        ),
    ] {
        let (status, location, with_flash, _) = post(h, &cookie, &csrf, &path, &body, false).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{name}");
        let (status, html) = page(h, &with_flash, &location).await;
        out.push((name.to_string(), status, html));
    }
    out
}

async fn shared_debt_id(h: &Harness, asha: &Actor) -> String {
    social::shared_debts(&h.t.app, asha).await.unwrap()[0]
        .id
        .to_string()
}
