//! The user-interface pass: amounts as a person reads them ("₹1,86,010.50"),
//! settle-up lines that are sentences, the base currency asked at sign-up
//! (suggested from `Accept-Language`) and offered on the dashboard.

use crate::support::*;
use hisaab_service::finance::accounts::{self, NewAccount};
use hisaab_service::identity;
use hisaab_service::social::{self, ContactInput, GroupInput};
use poem::http::{Method, StatusCode};
use serde_json::json;

fn inr_account(name: &str, opening: &str) -> NewAccount {
    NewAccount {
        name: name.into(),
        kind: "savings".into(),
        currency: "INR".into(),
        opening_balance: Some(opening.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn amounts_show_the_symbol_the_decimals_and_indian_grouping() {
    let h = Harness::new().await;
    let user = h.t.user("asha@example.com").await;
    let actor = h.t.actor(&user);
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    b.submit("/app/finance/settings", &[("base_currency", "INR")])
        .await
        .assert_status(StatusCode::OK);
    let a = accounts::create_account(&h.t.app, &actor, inr_account("Savings", "186010.50"))
        .await
        .unwrap();

    let list = b.get("/app/finance/accounts").await;
    list.assert_status(StatusCode::OK);
    assert!(list.body.contains("₹1,86,010.50"), "{}", list.body);
    assert!(
        !list.body.contains("186010.50"),
        "never the plain string on the page"
    );
    let page = b.get(&format!("/app/finance/accounts/{}", a.id)).await;
    assert!(page.body.contains("₹1,86,010.50"), "{}", page.body);
    let dash = b.get("/app/finance").await;
    assert!(dash.body.contains("₹1,86,010.50"), "{}", dash.body);
    // The API keeps the plain decimal string.
    let (token, _) = h.tokens_for("asha@example.com").await;
    let api = h
        .api(
            Method::GET,
            &format!("/api/v1/finance/accounts/{}", a.id),
            None,
            Some(&token),
        )
        .await;
    assert_eq!(api.json()["balance"], "186010.50", "{}", api.body);
}

/// Goa trip (INR, simplify on): Bilal paid 13,800.00 for You, Bilal and Chen.
async fn goa_trip(h: &Harness, simplify: bool) -> String {
    trip(h, &["Bilal", "Chen"], "13800.00", simplify).await
}

/// A trip where the first of `contacts` paid `total` for everyone (You too).
async fn trip(h: &Harness, contacts: &[&str], total: &str, simplify: bool) -> String {
    let user = h.t.user("asha@example.com").await;
    let actor = h.t.actor(&user);
    let app = &h.t.app;
    let mut ids = Vec::new();
    for name in contacts {
        let c = social::create_contact(
            app,
            &actor,
            ContactInput {
                name: name.to_string(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        ids.push(c.id.to_string());
    }
    let g = social::create_group(
        app,
        &actor,
        GroupInput {
            name: "Goa trip".into(),
            currency: "INR".into(),
            contact_ids: ids,
            simplify: Some(simplify),
        },
    )
    .await
    .unwrap();
    let member = |name: &str| g.members.iter().find(|m| m.name == name).unwrap().id.to_string();
    let participants: Vec<_> = g
        .members
        .iter()
        .map(|m| json!({ "member_id": m.id.to_string() }))
        .collect();
    let input = serde_json::from_value(json!({
        "description": "Beach villa", "date": "2026-11-20", "total": total,
        "payers": [{ "member_id": member(contacts[0]), "amount": total }],
        "split": { "method": "equal", "participants": participants },
    }))
    .unwrap();
    social::add_expense(app, &actor, None, g.id, input).await.unwrap();
    g.id.to_string()
}

/// The group page's markup as Asha sees it, whitespace squashed.
async fn group_page_text(h: &Harness, group: &str) -> String {
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let page = b.get(&format!("/social/groups/{group}")).await;
    page.assert_status(StatusCode::OK);
    squash(&page.body)
}

/// The group's settle-up plan through the API, as Asha sees it.
async fn plan_payments(h: &Harness, group: &str) -> Vec<serde_json::Value> {
    let (token, _) = h.tokens_for("asha@example.com").await;
    let plan = h
        .api(
            Method::GET,
            &format!("/api/v1/social/expense-groups/{group}/plan"),
            None,
            Some(&token),
        )
        .await;
    plan.json()["payments"].as_array().unwrap().clone()
}

/// In a big group every plan line would repeat the same names: past five
/// people the reason counts them, on the page and in the API.
#[tokio::test]
async fn a_big_groups_settle_up_lines_count_people() {
    let h = Harness::new().await;
    let group = trip(&h, &["Bilal", "Chen", "Dev", "Esha", "Farid"], "6000.00", true).await;
    let text = group_page_text(&h, &group).await;
    let counted = "One of 5 payments that together settle 6 people.";
    assert_eq!(text.matches(counted).count(), 5, "{text}");
    assert!(!text.contains("settle you,"), "{text}");
    let payments = plan_payments(&h, &group).await;
    assert_eq!(payments.len(), 5, "{payments:?}");
    for p in payments {
        assert_eq!(p["explanation"], counted, "{p}");
        assert_eq!(
            p["clears_member_ids"].as_array().unwrap().len(),
            6,
            "the members are still listed"
        );
    }

    // Five people are still named.
    let h = Harness::new().await;
    let group = trip(&h, &["Bilal", "Chen", "Dev", "Esha"], "5000.00", true).await;
    let text = group_page_text(&h, &group).await;
    assert!(
        text.contains("One of 4 payments that together settle you, Bilal, Chen, Dev and Esha."),
        "{text}"
    );
}

#[tokio::test]
async fn settle_up_lines_are_sentences() {
    let h = Harness::new().await;
    let group = goa_trip(&h, true).await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let page = b.get(&format!("/social/groups/{group}")).await;
    page.assert_status(StatusCode::OK);
    let text = squash(&page.body);
    for line in [
        "You pay Bilal <span class=\"money\"><span class=\"money__amount\">₹4,600.00</span></span>",
        "Chen pays Bilal <span class=\"money\"><span class=\"money__amount\">₹4,600.00</span></span>",
        "One of 2 payments that together settle you, Bilal and Chen.",
        "Record this payment<span class=\"visually-hidden\"> from You to Bilal</span>",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    // What a person reads: the page without its attribute values (a plan
    // line's button value carries the plain "4600.00 INR" it posts).
    let shown: String = text
        .split("value=\"")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('"').map_or("", |(_, rest)| rest)
            }
        })
        .collect();
    for wrong in ["You pays", "With the other payments", "4600.00 INR"] {
        assert!(!shown.contains(wrong), "{wrong}");
    }
    // The one-click button still posts the plain amount.
    assert!(text.contains(" 4600.00 INR plan-"), "{text}");
    // The API explains the same payment in a grammatical sentence.
    let payments = plan_payments(&h, &group).await;
    let explanations: Vec<String> = payments
        .iter()
        .map(|p| p["explanation"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        explanations,
        vec!["One of 2 payments that together settle you, Bilal and Chen."; 2],
        "{payments:?}"
    );
}

#[tokio::test]
async fn pairwise_settle_up_lines_say_who_owes_whom() {
    let h = Harness::new().await;
    let group = goa_trip(&h, false).await;
    let text = group_page_text(&h, &group).await;
    assert!(
        text.contains("Clears what you owe Bilal from shared expenses."),
        "{text}"
    );
    assert!(
        text.contains("Clears what Chen owes Bilal from shared expenses."),
        "{text}"
    );
}

#[tokio::test]
async fn sign_up_suggests_the_base_currency_from_the_browser_language_and_keeps_the_choice() {
    let h = Harness::new().await;
    let b = h.browser();
    let form = b
        .send(
            b.request(Method::GET, "/signup")
                .header("Accept-Language", "en-IN,en;q=0.9"),
        )
        .await;
    form.assert_status(StatusCode::OK);
    assert!(
        form.body.contains("<option value=\"INR\" selected>"),
        "{}",
        form.body
    );
    // Nothing to go on: USD.
    let plain = h.browser().get("/signup").await;
    assert!(
        plain.body.contains("<option value=\"USD\" selected>"),
        "{}",
        plain.body
    );

    // A mistake elsewhere keeps the chosen currency selected.
    let bad = b
        .submit(
            "/signup",
            &[
                ("display_name", "Asha"),
                ("email", "asha-at-example"),
                ("password", "tangerine-otter-87"),
                ("base_currency", "JPY"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("<option value=\"JPY\" selected>"),
        "{}",
        bad.body
    );
    let unknown = b
        .submit(
            "/signup",
            &[
                ("display_name", "Asha"),
                ("email", "asha@example.com"),
                ("password", "tangerine-otter-87"),
                ("base_currency", "XYZ"),
            ],
        )
        .await;
    unknown.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body.contains("href=\"#base_currency\""),
        "{}",
        unknown.body
    );

    let done = b
        .submit(
            "/signup",
            &[
                ("display_name", "Asha"),
                ("email", "asha@example.com"),
                ("password", "tangerine-otter-87"),
                ("base_currency", "INR"),
            ],
        )
        .await;
    done.assert_status(StatusCode::SEE_OTHER);
    let verify = h.last_email("verify_email").await;
    b.get(&h.link_path(&verify)).await;
    let settings = b.get("/app/finance/settings").await;
    assert!(settings.body.contains("value=\"INR\""), "{}", settings.body);
    let dash = b.get("/app/finance").await;
    assert!(dash.body.contains("Totals in INR"), "{}", dash.body);
}

#[tokio::test]
async fn the_api_sign_up_keeps_usd() {
    let h = Harness::new().await;
    identity::register(
        &h.t.app,
        identity::RegisterInput {
            email: "asha@example.com".into(),
            password: "tangerine-otter-87".into(),
            display_name: "Asha".into(),
        },
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    let b = h.browser();
    b.get(&h.link_path(&h.last_email("verify_email").await)).await;
    assert!(b.get("/app/finance").await.body.contains("Totals in USD"));
}

#[tokio::test]
async fn the_dashboard_offers_the_accounts_currency_and_says_why_the_chart_is_empty() {
    let h = Harness::new().await;
    let user = h.t.user("asha@example.com").await;
    let actor = h.t.actor(&user);
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let empty = squash(&b.get("/app/finance").await.body);
    assert!(!empty.contains("as your base currency"), "no accounts, no offer");
    accounts::create_account(&h.t.app, &actor, inr_account("Salary", "86010.50"))
        .await
        .unwrap();

    let dash = squash(&b.get("/app/finance").await.body);
    assert!(
        dash.contains("Your accounts are in INR, but totals are shown in USD."),
        "{dash}"
    );
    assert!(dash.contains("Use INR as your base currency</button>"), "{dash}");
    assert!(
        dash.contains("Nothing to chart in USD: there is no exchange rate for INR→USD yet, so those amounts are left out."),
        "{dash}"
    );

    let saved = b
        .submit(
            "/app/finance/settings",
            &[("base_currency", "INR"), ("next", "/app/finance")],
        )
        .await;
    saved.assert_redirect("/app/finance");
    let dash = squash(&b.get("/app/finance").await.body);
    assert!(dash.contains("Base currency changed"), "the flash: {dash}");
    assert!(
        dash.contains("Totals in INR") && dash.contains("₹86,010.50"),
        "{dash}"
    );
    assert!(!dash.contains("as your base currency"), "{dash}");
    assert!(
        dash.contains("Nothing to chart yet: no income or expense recorded in the last 12 months."),
        "{dash}"
    );

    // Any other `next` is not followed: the settings page answers as before.
    let other = b
        .submit(
            "/app/finance/settings",
            &[("base_currency", "INR"), ("next", "https://evil.example/")],
        )
        .await;
    other.assert_status(StatusCode::OK);
}

/// The body with runs of whitespace made one space (templates wrap lines).
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
