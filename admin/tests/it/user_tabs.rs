//! The user page's tabs: each lists the person's own records and nothing of
//! another tenant's, pages without repeating or skipping, downloads as
//! formula-safe CSV (audited), never shows a secret; support staff can read.

use crate::*;
use hisaab_service::entity::OutboxId;
use hisaab_service::finance::accounts::{NewAccount, create_account};
use hisaab_service::finance::categories::{NewCategory, create_category};
use hisaab_service::finance::holdings::{NewHolding, Side, create_holding};
use hisaab_service::finance::loans::{NewLoan, NewPayment, create_loan, record_payment};
use hisaab_service::finance::transactions::{NewTransaction, record_transaction};
use hisaab_service::social::{
    self, ContactInput, DebtInput, ExpenseInput, GroupInput, ParticipantInput, PayerInput, SettlementInput,
    SplitInput,
};
use serde_json::json;

const TABS: [&str; 14] = [
    "accounts",
    "transactions",
    "categories",
    "assets",
    "liabilities",
    "loans",
    "contacts",
    "debts",
    "groups",
    "expenses",
    "settlements",
    "notifications",
    "sessions",
    "audit",
];

/// What `fill` made that the tabs are checked for.
struct Owned {
    account_id: String,
}

/// One of every kind of record for `u`, each named with `tag`.
async fn fill(t: &TestApp, u: &UserView, tag: &str) -> Owned {
    let (app, a) = (&t.app, t.actor(u));
    let account = create_account(
        app,
        &a,
        NewAccount {
            name: format!("{tag} wallet"),
            kind: "cash".into(),
            currency: "INR".into(),
            opening_balance: Some("100".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    record_transaction(
        app,
        &a,
        NewTransaction {
            account_id: account.id.to_string(),
            kind: "expense".into(),
            amount: "12.50".into(),
            date: "2026-11-20".into(),
            description: Some(format!("{tag} lunch")),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    create_category(
        app,
        &a,
        NewCategory {
            name: format!("{tag} hobbies"),
            kind: "expense".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for (side, kind, name) in [
        (Side::Asset, "property", "flat"),
        (Side::Liability, "personal_loan", "card"),
    ] {
        create_holding(
            app,
            &a,
            side,
            NewHolding {
                kind: kind.into(),
                name: format!("{tag} {name}"),
                currency: "INR".into(),
                value: Some("5000".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let loan = create_loan(
        app,
        &a,
        NewLoan {
            direction: "borrowed".into(),
            counterparty: format!("{tag} bank"),
            currency: "INR".into(),
            principal: "1000".into(),
            annual_rate: "0".into(),
            term_months: "10".into(),
            start_date: "2026-01-01".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    record_payment(
        app,
        &a,
        loan.id,
        NewPayment {
            amount: "250".into(),
            date: "2026-02-01".into(),
            account_id: None,
        },
        None,
    )
    .await
    .unwrap();
    let contact = social::create_contact(
        app,
        &a,
        ContactInput {
            name: format!("{tag} friend"),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // Due before the test clock's today (2026-11-25): overdue.
    social::record_debt(
        app,
        &a,
        None,
        DebtInput {
            contact_id: contact.id.to_string(),
            direction: "lent".into(),
            amount: "50".into(),
            currency: "INR".into(),
            date: "2026-10-01".into(),
            reason: Some(format!("{tag} iou")),
            due_date: Some("2026-10-15".into()),
            account_id: None,
        },
    )
    .await
    .unwrap();
    let group = social::create_group(
        app,
        &a,
        GroupInput {
            name: format!("{tag} trip"),
            currency: "INR".into(),
            contact_ids: vec![contact.id.to_string()],
            simplify: None,
        },
    )
    .await
    .unwrap();
    let (me, friend) = (group.members[0].id.to_string(), group.members[1].id.to_string());
    social::add_expense(
        app,
        &a,
        None,
        group.id,
        ExpenseInput {
            description: format!("{tag} dinner"),
            date: "2026-11-20".into(),
            total: "300".into(),
            payers: vec![PayerInput {
                member_id: me.clone(),
                amount: "300".into(),
                account_id: None,
            }],
            split: SplitInput {
                method: "equal".into(),
                participants: [&me, &friend]
                    .map(|m| ParticipantInput {
                        member_id: m.clone(),
                        value: None,
                    })
                    .to_vec(),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .await
    .unwrap();
    social::record_settlement(
        app,
        &a,
        None,
        SettlementInput {
            group_id: Some(group.id.to_string()),
            from_member_id: Some(friend),
            to_member_id: Some(me),
            amount: "50".into(),
            currency: Some("INR".into()),
            date: "2026-11-21".into(),
            notes: Some(format!("{tag} paid back")),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    hisaab_service::notifications::deliver(
        &app.db,
        OutboxId::new(),
        "contact.created",
        &[u.id.0],
        &json!({ "id": contact.id.to_string(), "name": format!("{tag} friend"), "actor_id": u.id.to_string() }),
        app.now(),
    )
    .await
    .unwrap();
    identity::create_session(
        app,
        u,
        session::Surface::Web,
        None,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    Owned {
        account_id: account.id.to_string(),
    }
}

async fn page(b: &Browser, path: &str) -> String {
    let resp = b.get(path).await;
    resp.assert_status_is_ok();
    body(resp).await
}

/// What each tab must show of a person filled with `tag`.
fn expected(tab: &str, tag: &str) -> Vec<String> {
    let named = |what: &str| vec![format!("{tag} {what}")];
    match tab {
        "accounts" => named("wallet"),
        "transactions" => vec![format!("{tag} lunch"), format!("{tag} wallet")],
        "categories" => named("hobbies"),
        "assets" => named("flat"),
        "liabilities" => named("card"),
        // A quarter repaid, as a bar with words.
        "loans" => vec![
            format!("{tag} bank"),
            r#"<progress class="fin-progress" max="100" value="25""#.into(),
        ],
        "contacts" => named("friend"),
        "debts" => vec![format!("{tag} friend"), "Overdue since 2026-10-15".into()],
        // Paid 300, owes 150 of it, was paid back 50: owed 100, the friend listed.
        "groups" => vec![
            format!("{tag} trip"),
            format!("You, {tag} friend"),
            "100.00".into(),
        ],
        "expenses" => vec![format!("{tag} dinner"), format!("{tag} trip")],
        "settlements" => vec![format!("{tag} trip"), "50.00".into()],
        "notifications" => vec!["contact.created".into()],
        "sessions" => vec!["hisaab-tests".into(), "192.0.2.1".into()],
        "audit" => vec!["admin.user_created".into()],
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn each_tab_lists_the_persons_records_and_none_of_another_tenants() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let bob = t.user("bob@example.com").await;
    fill(&t, &alice, "alpha").await;
    fill(&t, &bob, "bravo").await;
    for (who, mine, theirs) in [(&alice, "alpha", "bravo"), (&bob, "bravo", "alpha")] {
        for tab in TABS {
            let html = page(&b, &format!("/users/{}/{tab}", who.id)).await;
            for text in expected(tab, mine) {
                assert!(html.contains(&text), "{tab} of {mine} shows {text:?}");
            }
            assert!(
                !html.contains(theirs),
                "{tab} of {mine} shows nothing of {theirs}"
            );
            assert!(
                unescape(&html).contains(&format!(r#"href="/users/{}/{tab}" aria-current="page""#, who.id)),
                "{tab} is the current tab"
            );
        }
    }
    // The overview has the tab bar too; an unknown tab is the console's 404.
    let overview = page(&b, &format!("/users/{}", alice.id)).await;
    assert!(unescape(&overview).contains(&format!(r#"href="/users/{}/debts""#, alice.id)));
    b.get(&format!("/users/{}/passwords", alice.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sign_ins_show_no_secret() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let cookie = identity::create_session(
        &t.app,
        &alice,
        session::Surface::Web,
        None,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    let tokens = identity::issue_tokens(&t.app, &alice, &hisaab_service::testkit::meta())
        .await
        .unwrap();
    let html = page(&b, &format!("/users/{}/sessions", alice.id)).await;
    assert!(
        html.contains(">web<") && html.contains(">api<"),
        "both kinds listed"
    );
    let hashes: Vec<String> = session::Entity::find()
        .filter(session::Column::UserId.eq(alice.id))
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.token_hash)
        .collect();
    for secret in [cookie, tokens.refresh_token, tokens.access_token]
        .into_iter()
        .chain(hashes)
    {
        assert!(!html.contains(&secret), "no token or hash on the page");
    }
    let csv = body(b.get(&format!("/users/{}/sessions?format=csv", alice.id)).await).await;
    assert!(
        csv.starts_with("kind,created_at,last_seen_at,ip,user_agent,status\r\n"),
        "{csv}"
    );
}

/// The ids in a page's Id column, in order.
fn ids(html: &str) -> Vec<String> {
    html.split(r#"<td data-label="Id" class="mono"><span class="table__wrap-anywhere">"#)
        .skip(1)
        .filter_map(|part| part.split('<').next().map(str::to_string))
        .collect()
}

fn more_href(html: &str) -> Option<String> {
    between(html, r#"<tr class="table__more">"#, "</tr>")
        .and_then(|row| between(&row, r#"href=""#, "\""))
        .map(|h| unescape(&h))
}

#[tokio::test]
async fn tabs_page_without_repeating_or_skipping() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let owned = fill(&t, &alice, "alpha").await;
    // 31 records in all, several on one date (the key ties; the id decides).
    for i in 0..30 {
        record_transaction(
            &t.app,
            &t.actor(&alice),
            NewTransaction {
                account_id: owned.account_id.clone(),
                kind: "expense".into(),
                amount: "1".into(),
                date: format!("2026-11-{:02}", 1 + i % 3),
                description: Some(format!("coffee {i}")),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    }
    let first = page(&b, &format!("/users/{}/transactions", alice.id)).await;
    let mut seen = ids(&first);
    assert_eq!(seen.len(), 25);
    let mut next = more_href(&first);
    while let Some(href) = next {
        let resp = b.get_htmx(&href, &[]).await;
        resp.assert_status_is_ok();
        let rows = body(resp).await;
        assert!(!rows.contains("<html"), "only the rows");
        seen.extend(ids(&rows));
        next = more_href(&rows);
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(seen.len(), 31, "every record once");
    assert_eq!(unique.len(), 31, "none twice");

    // The filters narrow the list and stay in "Load more" and the CSV link.
    let filtered = page(
        &b,
        &format!(
            "/users/{}/transactions?from=2026-11-02&to=2026-11-02&kind=expense",
            alice.id
        ),
    )
    .await;
    assert_eq!(ids(&filtered).len(), 10);
    assert!(
        unescape(&filtered).contains("from=2026-11-02&to=2026-11-02&format=csv")
            || unescape(&filtered).contains("kind=expense&from=2026-11-02&to=2026-11-02&format=csv")
    );
}

#[tokio::test]
async fn the_audit_tab_pages_entries_written_in_the_same_instant() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let at = t.app.now();
    for i in 0..40 {
        use sea_orm::{ActiveModelTrait, Set};
        audit_log::ActiveModel {
            id: Set(hisaab_service::entity::AuditId::new()),
            tenant_id: Set(Some(alice.tenant_id)),
            actor_user_id: Set(Some(alice.id)),
            subject_user_id: Set(Some(alice.id)),
            action: Set("auth.sign_in.success".into()),
            details: Set("{}".into()),
            ip: Set(Some("192.0.2.9".into())),
            user_agent: Set(Some("tests".into())),
            request_id: Set(Some(format!("req-{i:02}"))),
            created_at: Set(at),
        }
        .insert(&t.app.db)
        .await
        .unwrap();
    }
    let mut seen: Vec<String> = Vec::new();
    let mut html = page(&b, &format!("/users/{}/audit", alice.id)).await;
    loop {
        seen.extend(
            html.split("req-")
                .skip(1)
                .filter_map(|s| s.get(..2).map(str::to_string)),
        );
        match more_href(&html) {
            Some(href) => html = body(b.get_htmx(&href, &[]).await).await,
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (40, 40), "{seen:?}");
}

#[tokio::test]
async fn a_tab_downloads_as_formula_safe_csv_and_the_download_is_audited() {
    let t = TestApp::new().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let owned = fill(&t, &alice, "alpha").await;
    record_transaction(
        &t.app,
        &t.actor(&alice),
        NewTransaction {
            account_id: owned.account_id.clone(),
            kind: "income".into(),
            amount: "7".into(),
            date: "2026-11-22".into(),
            description: Some("=HYPERLINK(\"http://evil\")".into()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let html = page(&b, &format!("/users/{}/transactions", alice.id)).await;
    assert!(html.contains("format=csv"), "a download link");

    let resp = b
        .get(&format!(
            "/users/{}/transactions?format=csv&kind=income",
            alice.id
        ))
        .await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "text/csv; charset=utf-8");
    let text = body(resp).await;
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "date,description,payee,account,category,kind,amount,currency,id"
    );
    assert_eq!(lines.len(), 2, "only the income: {text}");
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "the formula is prefixed: {}",
        lines[1]
    );
    assert!(
        lines[1].contains(",7.00,INR,"),
        "the exact amount and its currency: {}",
        lines[1]
    );

    let exports = audit(&t.app, "admin.export", alice.id).await;
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].actor_user_id, Some(ops.id));
    assert_eq!(exports[0].tenant_id, Some(alice.tenant_id));
    let details: serde_json::Value = serde_json::from_str(&exports[0].details).unwrap();
    assert_eq!(details["list"], "user.transactions");
    assert_eq!(details["user_id"], alice.id.to_string());
    assert_eq!(details["filters"]["kind"], "income");

    // Every tab downloads (a header line at least), each audited.
    for tab in TABS {
        let resp = b.get(&format!("/users/{}/{tab}?format=csv", alice.id)).await;
        resp.assert_status_is_ok();
        assert!(body(resp).await.contains("\r\n"), "{tab}");
    }
    assert_eq!(
        audit(&t.app, "admin.export", alice.id).await.len(),
        1 + TABS.len()
    );
}

#[tokio::test]
async fn support_staff_can_read_every_tab() {
    let t = TestApp::new().await;
    let (_, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let alice = t.user("alice@example.com").await;
    fill(&t, &alice, "alpha").await;
    for tab in TABS {
        let html = page(&b, &format!("/users/{}/{tab}", alice.id)).await;
        assert!(html.contains(&expected(tab, "alpha")[0]), "{tab}");
    }
}

#[tokio::test]
async fn people_without_a_staff_role_cannot_read_a_users_records() {
    let t = TestApp::new().await;
    let alice = t.user("alice@example.com").await;
    let mallory = t.user("mallory@example.com").await;
    let err = hisaab_service::admin_records::debts(&t.app, &t.actor(&mallory), alice.id, None, 25)
        .await
        .unwrap_err();
    assert!(matches!(err, hisaab_service::Error::Forbidden(_)), "{err:?}");
}
