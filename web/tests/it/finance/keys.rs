//! Money-creating finance forms carry a fresh idempotency key per render; a
//! refused form keeps its key, and a replayed key gives back the first record.

use super::Harness;
use super::pages::{get, post};
use hisaab_service::finance::holdings::Side;
use hisaab_service::finance::{accounts, loans, valuations};
use poem::http::StatusCode;

async fn balance(
    h: &Harness,
    user: &hisaab_service::identity::UserView,
    account: &str,
) -> rust_decimal::Decimal {
    let id = account.parse().unwrap();
    accounts::get_account(&h.t.app, &h.t.actor(user), id)
        .await
        .unwrap()
        .balance
        .amount()
}

fn keys(html: &str) -> Vec<String> {
    html.match_indices("name=\"idempotency_key\" value=\"")
        .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn finance_forms_carry_fresh_keys() {
    let h = Harness::new().await;
    let (user, _) = h.user("a@example.com").await;
    let b = h.browser(&user).await;
    let (_, _, loc) = post(
        &h,
        &b,
        "/app/finance/accounts",
        &[
            ("name", "Wallet"),
            ("kind", "cash"),
            ("currency", "USD"),
            ("opening_balance", "100"),
        ],
    )
    .await;
    let wallet = loc.unwrap().rsplit('/').next().unwrap().to_string();
    let (_, _, loc) = post(
        &h,
        &b,
        "/app/finance/accounts",
        &[("name", "Bank"), ("kind", "checking"), ("currency", "USD")],
    )
    .await;
    let bank = loc.unwrap().rsplit('/').next().unwrap().to_string();

    let (_, html) = get(&h, &b, "/app/finance/transactions").await;
    let k1 = keys(&html);
    let (_, html) = get(&h, &b, "/app/finance/transactions").await;
    let k2 = keys(&html);
    assert_eq!(k1.len(), 1);
    assert_ne!(k1, k2);
    uuid::Uuid::parse_str(&k1[0]).unwrap();

    // A refused add keeps the key; the corrected retry with it works; a replay is the same record.
    let k = k1[0].clone();
    let (s, html, _) = post(
        &h,
        &b,
        "/app/finance/transactions",
        &[
            ("account_id", &wallet),
            ("kind", "expense"),
            ("amount", "1.234"),
            ("date", "2026-11-02"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(keys(&html), vec![k.clone()]);
    let (s, _, loc_a) = post(
        &h,
        &b,
        "/app/finance/transactions",
        &[
            ("account_id", &wallet),
            ("kind", "expense"),
            ("amount", "1.25"),
            ("date", "2026-11-02"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, loc_b) = post(
        &h,
        &b,
        "/app/finance/transactions",
        &[
            ("account_id", &wallet),
            ("kind", "expense"),
            ("amount", "1.25"),
            ("date", "2026-11-02"),
            ("idempotency_key", &k),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(loc_a, loc_b);
    let tx = loc_a.unwrap();
    let (_, html) = get(&h, &b, "/app/finance/transactions").await;
    assert!(html.contains("1.25"));

    // Transaction page: reverse and correct get different keys; a refused reverse keeps its key only.
    let (_, html) = get(&h, &b, &tx).await;
    let tk = keys(&html);
    assert_eq!(tk.len(), 2);
    assert_ne!(tk[0], tk[1]);
    let (s, html, _) = post(
        &h,
        &b,
        &format!("{tx}/reverse"),
        &[("reason", ""), ("idempotency_key", "rev-key-1")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let tk = keys(&html);
    assert_eq!(tk[0], "rev-key-1");
    assert_ne!(tk[1], "rev-key-1");
    let (s, html, _) = post(
        &h,
        &b,
        &format!("{tx}/correct"),
        &[("amount", "1.234"), ("idempotency_key", "cor-key-1")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let tk = keys(&html);
    assert_ne!(tk[0], "cor-key-1");
    assert_eq!(tk[1], "cor-key-1");
    let (s, _, c1) = post(
        &h,
        &b,
        &format!("{tx}/correct"),
        &[("amount", "2"), ("idempotency_key", "cor-key-1")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, c2) = post(
        &h,
        &b,
        &format!("{tx}/correct"),
        &[("amount", "2"), ("idempotency_key", "cor-key-1")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(c1, c2);

    // Transfer
    let before = balance(&h, &user, &wallet).await;
    let (_, html) = get(&h, &b, "/app/finance/transfers/new").await;
    assert_eq!(keys(&html).len(), 1);
    let (s, html, _) = post(
        &h,
        &b,
        "/app/finance/transfers/new",
        &[
            ("from_account_id", &wallet),
            ("to_account_id", &bank),
            ("amount", "x"),
            ("date", "2026-11-02"),
            ("idempotency_key", "tr-1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(keys(&html), vec!["tr-1".to_string()]);
    let (s, _, t1) = post(
        &h,
        &b,
        "/app/finance/transfers/new",
        &[
            ("from_account_id", &wallet),
            ("to_account_id", &bank),
            ("amount", "5"),
            ("date", "2026-11-02"),
            ("idempotency_key", "tr-1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = post(
        &h,
        &b,
        "/app/finance/transfers/new",
        &[
            ("from_account_id", &wallet),
            ("to_account_id", &bank),
            ("amount", "5"),
            ("date", "2026-11-02"),
            ("idempotency_key", "tr-1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _) = get(&h, &b, &t1.unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    let after = balance(&h, &user, &wallet).await;
    assert_eq!(
        before - after,
        rust_decimal::Decimal::from(5),
        "the replay moved nothing"
    );

    // Loan payment
    let (_, _, loc) = post(
        &h,
        &b,
        "/app/finance/loans",
        &[
            ("direction", "borrowed"),
            ("counterparty", "Bank"),
            ("currency", "USD"),
            ("principal", "1000"),
            ("annual_rate", "5"),
            ("term_months", "12"),
            ("start_date", "2026-01-01"),
            ("frequency", "monthly"),
        ],
    )
    .await;
    let loan = loc.unwrap();
    let (_, html) = get(&h, &b, &loan).await;
    assert_eq!(keys(&html).len(), 1);
    let (s, html, _) = post(
        &h,
        &b,
        &format!("{loan}/payments"),
        &[
            ("amount", "x"),
            ("date", "2026-02-01"),
            ("idempotency_key", "lp-1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(keys(&html), vec!["lp-1".to_string()]);
    for _ in 0..2 {
        let (s, _, _) = post(
            &h,
            &b,
            &format!("{loan}/payments"),
            &[
                ("amount", "100"),
                ("date", "2026-02-01"),
                ("idempotency_key", "lp-1"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
    }
    let loan_id = loan.rsplit('/').next().unwrap().parse().unwrap();
    let payments = loans::list_payments(&h.t.app, &h.t.actor(&user), loan_id)
        .await
        .unwrap();
    assert_eq!(payments.len(), 1, "the replayed payment is the same payment");

    // Holding value
    let (_, _, loc) = post(
        &h,
        &b,
        "/app/finance/assets",
        &[("kind", "property"), ("name", "Flat"), ("currency", "USD")],
    )
    .await;
    let asset = loc.unwrap();
    let (_, html) = get(&h, &b, &asset).await;
    assert_eq!(keys(&html).len(), 1);
    let (s, html, _) = post(
        &h,
        &b,
        &format!("{asset}/values"),
        &[
            ("value", "x"),
            ("date", "2026-02-01"),
            ("idempotency_key", "hv-1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(keys(&html), vec!["hv-1".to_string()]);
    let (s, _, _) = post(
        &h,
        &b,
        &format!("{asset}/values"),
        &[
            ("value", "5"),
            ("date", "2026-02-01"),
            ("idempotency_key", "hv-1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = post(
        &h,
        &b,
        &format!("{asset}/values"),
        &[
            ("value", "5"),
            ("date", "2026-02-01"),
            ("idempotency_key", "hv-1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let asset_id = asset.rsplit('/').next().unwrap().parse().unwrap();
    let values = valuations::list_values(&h.t.app, &h.t.actor(&user), Side::Asset, asset_id)
        .await
        .unwrap();
    assert_eq!(values.len(), 1, "the replayed valuation is the same valuation");

    // Malformed ids are 404s; errors from the service are not swallowed.
    let (s, _) = get(&h, &b, "/app/finance/transactions/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = get(&h, &b, "/app/finance/assets/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = get(&h, &b, "/app/finance/other/00000000-0000-0000-0000-000000000000").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = post(
        &h,
        &b,
        "/app/finance/categories",
        &[("name", "X"), ("kind", "expense"), ("parent_id", "bad")],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
