//! Assets, liabilities, loans and net worth pages.

use super::Harness;
use super::pages::{get, post};
use poem::http::StatusCode;

#[tokio::test]
async fn wealth_pages_journey() {
    let h = Harness::new().await;
    let (user, _) = h.user("a@example.com").await;
    let b = h.browser(&user).await;

    for (path, empty) in [
        ("/app/finance/assets", "No assets yet"),
        ("/app/finance/liabilities", "No liabilities yet"),
        ("/app/finance/loans", "No loans yet"),
        ("/app/finance/net-worth", "Nothing counted yet"),
    ] {
        let (s, html) = get(&h, &b, path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(html.contains(empty), "{path}: {html}");
    }
    let (s, _) = get(&h, &b, "/app/finance/gadgets").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Assets: 422 keeps the values, then create, then a new valuation.
    let asset = [
        ("name", "Flat"),
        ("kind", "property"),
        ("currency", "USD"),
        ("value", "1.234"),
        ("value_date", "2026-01-10"),
    ];
    let (s, html, _) = post(&h, &b, "/app/finance/assets", &asset).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("at most 2 decimal places") && html.contains("value=\"Flat\""),
        "{html}"
    );
    let (s, _, loc) = post(
        &h,
        &b,
        "/app/finance/assets",
        &[
            ("name", "Flat"),
            ("kind", "property"),
            ("currency", "USD"),
            ("value", "200000"),
            ("value_date", "2026-01-10"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let asset_path = loc.unwrap();
    let (s, html, _) = post(
        &h,
        &b,
        &format!("{asset_path}/values"),
        &[("date", "2026-11-01"), ("value", "-5")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Enter an amount of zero or more."), "{html}");
    let (s, _, _) = post(
        &h,
        &b,
        &format!("{asset_path}/values"),
        &[("date", "2026-11-01"), ("value", "210000")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html) = get(&h, &b, &asset_path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("210,000.00") && html.contains("200,000.00") && html.contains("Valuations"),
        "{html}"
    );

    let (s, _, loc) = post(
        &h,
        &b,
        "/app/finance/liabilities",
        &[
            ("name", "Card"),
            ("kind", "credit_card_debt"),
            ("currency", "USD"),
            ("value", "500"),
            ("value_date", "2026-11-01"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html) = get(&h, &b, &loc.unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Balances") && html.contains("500.00"), "{html}");

    // A loan with its schedule, a payment from an account, and its progress.
    let (_, _, acct) = post(
        &h,
        &b,
        "/app/finance/accounts",
        &[
            ("name", "Bank"),
            ("kind", "checking"),
            ("currency", "USD"),
            ("opening_balance", "3000"),
            ("opening_date", "2026-01-01"),
        ],
    )
    .await;
    let acct_id = acct.unwrap().rsplit('/').next().unwrap().to_string();
    let loan = [
        ("direction", "borrowed"),
        ("counterparty", "City Bank"),
        ("currency", "USD"),
        ("principal", "10000"),
        ("annual_rate", "abc"),
        ("term_months", "12"),
        ("start_date", "2026-01-01"),
        ("frequency", "monthly"),
    ];
    let (s, html, _) = post(&h, &b, "/app/finance/loans", &loan).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Enter a percentage") && html.contains("value=\"City Bank\""),
        "{html}"
    );
    let mut ok = loan;
    ok[4] = ("annual_rate", "7.5");
    let (s, _, loc) = post(&h, &b, "/app/finance/loans", &ok).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let loan_path = loc.unwrap();
    let (s, _, _) = post(
        &h,
        &b,
        &format!("{loan_path}/payments"),
        &[
            ("amount", "867.57"),
            ("date", "2026-02-01"),
            ("account_id", &acct_id),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html) = get(&h, &b, &loan_path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Amortization schedule")
            && html.contains("<progress")
            && html.contains("8% of $10,000.00"),
        "{html}"
    );
    assert!(html.contains("9,194.93") && html.contains("62.50"), "{html}");
    let (s, html, _) = post(
        &h,
        &b,
        &format!("{loan_path}/payments"),
        &[("amount", "99999"), ("date", "2026-03-01")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("more than this loan needs"), "{html}");

    // Net worth: 210000 + (3000 − 867.57) − 500 − 9194.93
    let (s, html) = get(&h, &b, "/app/finance/net-worth").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("202,437.50")
            && html.contains("<title id=\"nw-chart-title\">")
            && html.contains("<desc")
            && html.contains("Show the numbers"),
        "{html}"
    );
    let (s, html) = get(&h, &b, "/app/finance").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("202,437.50") && html.contains("this month"),
        "{html}"
    );

    // Someone else sees 404s and changes nothing.
    let (other, _) = h.user("b@example.com").await;
    let ob = h.browser(&other).await;
    for path in [asset_path.as_str(), loan_path.as_str()] {
        let (s, _) = get(&h, &ob, path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }
    let (s, _, _) = post(
        &h,
        &ob,
        &format!("{asset_path}/values"),
        &[("date", "2026-11-02"), ("value", "1")],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = post(
        &h,
        &ob,
        &format!("{loan_path}/payments"),
        &[("amount", "1"), ("date", "2026-03-01")],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, html) = get(&h, &b, &asset_path).await;
    assert!(!html.contains("2026-11-02") && !html.contains("2 Nov 2026"));

    // Signed out: to the sign-in page.
    let resp = h.cli.get("/app/finance/net-worth").send().await;
    assert_eq!(resp.0.status(), StatusCode::SEE_OTHER);
}

/// What people owe you is its own line in the breakdown, not a loan.
#[tokio::test]
async fn net_worth_names_what_people_owe_you() {
    use hisaab_service::social::{self, ContactInput, DebtInput};
    let h = Harness::new().await;
    let (user, _) = h.user("a@example.com").await;
    let actor = h.t.actor(&user);
    let contact = social::create_contact(
        &h.t.app,
        &actor,
        ContactInput {
            name: "Bilal".into(),
            email: None,
            phone: None,
            notes: None,
        },
    )
    .await
    .unwrap();
    let debt = DebtInput {
        contact_id: contact.id.to_string(),
        direction: "lent".into(),
        amount: "25.00".into(),
        currency: user.base_currency.clone(),
        date: "2026-11-01".into(),
        reason: None,
        due_date: None,
        account_id: None,
    };
    social::record_debt(&h.t.app, &actor, None, debt).await.unwrap();

    let b = h.browser(&user).await;
    let (s, html) = get(&h, &b, "/app/finance/net-worth").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("People (IOUs and groups)"), "{html}");
    assert!(!html.contains("Loan you gave"), "{html}");
}
