//! The group expense list: `GET /api/v1/social/expense-groups/{id}/expenses`
//! (filters, cursors, summaries, refusals, other tenants) and the group page
//! (first page, "More" by htmx and without, search and filters).

use super::*;
use crate::support::Harness as Site;
use hisaab_service::social::{
    self as svc, ExpenseInput, GroupInput, ParticipantInput, PayerInput, SplitInput,
};
use poem::http::StatusCode;
use serde_json::json;

async fn contact(h: &Harness, token: &str, name: &str) -> String {
    let body = expect(h.post(token, "/contacts", &json!({ "name": name })).await, 201).await;
    body["id"].as_str().unwrap().to_string()
}

fn member(g: &Value, i: usize) -> String {
    g["members"][i]["id"].as_str().unwrap().to_string()
}

fn expense(g: &Value, description: &str, date: &str, payer: usize, among: &[usize]) -> Value {
    json!({
        "description": description, "date": date, "total": "30.00",
        "payers": [{ "member_id": member(g, payer), "amount": "30.00" }],
        "split": { "method": "equal", "participants": among.iter().map(|i| json!({ "member_id": member(g, *i) })).collect::<Vec<_>>() },
    })
}

fn descriptions(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_api_lists_summaries_with_filters_and_cursors() {
    let h = Harness::new().await;
    let asha = h.token("asha@example.com").await;
    let ids = vec![
        contact(&h, &asha, "Meera").await,
        contact(&h, &asha, "Kabir").await,
    ];
    let g = expect(
        h.post(
            &asha,
            "/expense-groups",
            &json!({ "name": "Trip", "currency": "USD", "contact_ids": ids }),
        )
        .await,
        201,
    )
    .await;
    let gid = g["id"].as_str().unwrap().to_string();
    let path = format!("/expense-groups/{gid}/expenses");
    for body in [
        expense(&g, "Dinner", "2026-11-01", 0, &[0, 1]),
        expense(&g, "Taxi", "2026-11-05", 1, &[1, 2]),
        expense(&g, "Museum tickets", "2026-11-09", 2, &[0, 2]),
    ] {
        expect(h.post(&asha, &path, &body).await, 201).await;
    }
    // `equal` without participants: every member.
    let mut all = expense(&g, "Groceries", "2026-11-10", 0, &[]);
    all["split"] = json!({ "method": "equal" });
    let created = expect(h.post(&asha, &path, &all).await, 201).await;
    assert_eq!(created["shares"].as_array().unwrap().len(), 3);

    let list = expect(h.get(&asha, &path).await, 200).await;
    assert_eq!(
        descriptions(&list),
        ["Groceries", "Museum tickets", "Taxi", "Dinner"]
    );
    assert!(list["next_cursor"].is_null());
    let first = &list["items"][0];
    assert_eq!(first["your_share"], "10.00");
    assert_eq!(first["you_paid"], "30.00");
    assert_eq!(first["payers"][0]["name"], "You");
    assert!(
        first.get("shares").is_none(),
        "every share is on the expense's own endpoint"
    );
    let taxi = &list["items"][2];
    assert!(taxi["your_share"].is_null() && taxi["you_paid"].is_null());

    // Filters.
    let got = expect(h.get(&asha, &format!("{path}?q=TAXI")).await, 200).await;
    assert_eq!(descriptions(&got), ["Taxi"]);
    let kabir = member(&g, 2);
    let got = expect(h.get(&asha, &format!("{path}?member_id={kabir}")).await, 200).await;
    assert_eq!(descriptions(&got), ["Groceries", "Museum tickets", "Taxi"]);
    let got = expect(
        h.get(&asha, &format!("{path}?from=2026-11-05&to=2026-11-09"))
            .await,
        200,
    )
    .await;
    assert_eq!(descriptions(&got), ["Museum tickets", "Taxi"]);

    // Cursor pages, with the filters that made them.
    let one = expect(
        h.get(&asha, &format!("{path}?member_id={kabir}&limit=2")).await,
        200,
    )
    .await;
    assert_eq!(descriptions(&one), ["Groceries", "Museum tickets"]);
    let cursor = one["next_cursor"].as_str().unwrap().to_string();
    let two = expect(
        h.get(
            &asha,
            &format!("{path}?member_id={kabir}&limit=2&cursor={cursor}"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(descriptions(&two), ["Taxi"]);
    assert!(two["next_cursor"].is_null());

    // Refusals name the parameter.
    for (query, field) in [
        (format!("cursor={cursor}"), "cursor"),
        ("cursor=garbage".to_string(), "cursor"),
        ("from=2026-11-10&to=2026-11-01".to_string(), "to"),
        (format!("member_id={}", uuid::Uuid::nil()), "member_id"),
        ("member_id=nope".to_string(), "member_id"),
        ("from=2026-13-01".to_string(), "from"),
        (format!("q={}", "x".repeat(101)), "q"),
        ("limit=0".to_string(), "limit"),
        ("limit=201".to_string(), "limit"),
    ] {
        let errors = invalid(h.get(&asha, &format!("{path}?{query}")).await).await;
        assert_eq!(errors[0].0, field, "{query}: {errors:?}");
    }

    // Another tenant: 404, with or without filters.
    let ravi = h.token("ravi@example.com").await;
    expect(h.get(&ravi, &path).await, 404).await;
    expect(h.get(&ravi, &format!("{path}?q=taxi")).await, 404).await;
}

fn input(g: &svc::GroupView, description: &str, date: &str) -> ExpenseInput {
    ExpenseInput {
        description: description.into(),
        date: date.into(),
        total: "30.00".into(),
        payers: vec![PayerInput {
            member_id: g.members[0].id.to_string(),
            amount: "30.00".into(),
            account_id: None,
        }],
        split: SplitInput {
            method: "equal".into(),
            participants: g
                .members
                .iter()
                .map(|m| ParticipantInput {
                    member_id: m.id.to_string(),
                    value: None,
                })
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn rows(body: &str) -> usize {
    body.matches("/social/expenses/").count() / 2
}

/// The "More" link's address, as a browser would follow it.
fn more_link(body: &str) -> String {
    let at = body.find("id=\"expense-more\"").expect("a More row");
    body[at..]
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_group_page_pages_and_searches() {
    let h = Site::new().await;
    let user = h.t.user("asha@example.com").await;
    let actor = h.t.actor(&user);
    let meera = svc::create_contact(
        &h.t.app,
        &actor,
        svc::ContactInput {
            name: "Meera".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let g = svc::create_group(
        &h.t.app,
        &actor,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![meera.id.to_string()],
            simplify: None,
        },
    )
    .await
    .unwrap();
    for i in 0..55 {
        let date = format!("2026-10-{:02}", 1 + i % 28);
        svc::add_expense(
            &h.t.app,
            &actor,
            None,
            g.id,
            input(&g, &format!("Groceries {i}"), &date),
        )
        .await
        .unwrap();
    }
    svc::add_expense(&h.t.app, &actor, None, g.id, input(&g, "Taxi home", "2026-11-02"))
        .await
        .unwrap();
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let path = format!("/social/groups/{}", g.id);

    // The first 50, a "More" row loaded when revealed, and the filters.
    let page = b.get(&path).await;
    page.assert_status(StatusCode::OK);
    page.assert_full_page();
    assert_eq!(rows(&page.body), 50);
    assert!(page.body.contains("hx-trigger=\"revealed\""));
    assert!(page.body.contains("name=\"q\"") && page.body.contains("name=\"member_id\""));
    assert!(page.body.contains("hx-push-url=\"true\""));
    // Your share sits under "Your share": 15.00 of each 30.00.
    assert!(
        page.body
            .contains("data-label=\"Your share\" class=\"num\"><span class=\"money\">$15.00</span>"),
        "the share is a table cell under its own header"
    );
    let more = more_link(&page.body);
    assert!(more.contains("cursor="), "{more}");

    // htmx: the next rows alone, and no further "More".
    let next = b.get_htmx(&more).await;
    next.assert_status(StatusCode::OK);
    next.assert_fragment();
    assert_eq!(rows(&next.body), 6);
    assert!(!next.body.contains("expense-more"));
    assert!(next.body.trim_start().starts_with("<tr"));
    // Without JS: the whole page at that cursor.
    let plain = b.get(&more).await;
    plain.assert_full_page();
    assert_eq!(rows(&plain.body), 6);

    // A live refresh of a list scrolled to its end redraws every row it shows,
    // and no "More"; part way, a "More" for the rest, without `shown`;
    // nonsense or too few is a page.
    let refreshed = b.get(&format!("{path}?shown=56")).await;
    refreshed.assert_full_page();
    assert_eq!(rows(&refreshed.body), 56);
    assert!(!refreshed.body.contains("expense-more"));
    let part = b.get(&format!("{path}?shown=55")).await;
    assert_eq!(rows(&part.body), 55);
    let rest = more_link(&part.body);
    assert!(!rest.contains("shown"), "{rest}");
    assert_eq!(rows(&b.get_htmx(&rest).await.body), 1);
    for shown in ["3", "many", "-1", ""] {
        let page = b.get(&format!("{path}?shown={shown}")).await;
        assert_eq!(rows(&page.body), 50, "shown={shown}");
    }
    // More than one query may return: as many as it may.
    let capped = b.get(&format!("{path}?shown=100000")).await;
    capped.assert_status(StatusCode::OK);
    assert_eq!(rows(&capped.body), 56);

    // Search: the list alone for htmx, the page without.
    let found = b.get_htmx(&format!("{path}?q=taxi")).await;
    found.assert_fragment();
    assert!(found.body.contains("id=\"expense-results\""));
    assert_eq!(rows(&found.body), 1);
    assert!(found.body.contains("Taxi home"));
    let found = b
        .get(&format!("{path}?q=taxi&member_id={}", g.members[1].id))
        .await;
    found.assert_full_page();
    assert_eq!(rows(&found.body), 1);
    assert!(found.body.contains("value=\"taxi\""));
    let none = b.get_htmx(&format!("{path}?q=nothing-like-this")).await;
    assert!(none.body.contains("Nothing matches"));

    // A refused filter is said next to the filters.
    let bad = b.get_htmx(&format!("{path}?from=2026-11-10&to=2026-11-01")).await;
    bad.assert_status(StatusCode::OK);
    assert!(bad.body.contains("notice--error"), "{}", bad.body);
    let bad = b.get(&format!("{path}?from=2026-11-10&to=2026-11-01")).await;
    bad.assert_full_page();
    assert!(bad.body.contains("notice--error"));
    assert_eq!(rows(&bad.body), 50);

    // Someone else's group: 404, for the page and for its fragments.
    let ravi = h.t.user("ravi@example.com").await;
    let other = h.browser();
    other.sign_in(&ravi.email).await;
    other.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(other.get_htmx(&more).await.status, StatusCode::NOT_FOUND);
}
