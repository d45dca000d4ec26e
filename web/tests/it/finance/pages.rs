use super::Harness;
use poem::http::StatusCode;

pub(super) async fn get(h: &Harness, b: &super::Browser, path: &str) -> (StatusCode, String) {
    let resp = h.cli.get(path).header("cookie", &b.cookie).send().await;
    let s = resp.0.status();
    (s, resp.0.into_body().into_string().await.unwrap())
}

pub(super) async fn post(
    h: &Harness,
    b: &super::Browser,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let resp = h
        .cli
        .post(path)
        .header("cookie", &b.cookie)
        .header("x-csrf-token", &b.csrf)
        .form(&form.to_vec())
        .send()
        .await;
    let s = resp.0.status();
    let loc = resp
        .0
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (s, resp.0.into_body().into_string().await.unwrap(), loc)
}

#[tokio::test]
async fn journey_through_the_finance_pages() {
    let h = Harness::new().await;
    let (user, _) = h.user("a@example.com").await;
    let b = h.browser(&user).await;

    let (s, html) = get(&h, &b, "/app/finance").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Add your first account"));
    let (s, html) = get(&h, &b, "/app/finance/accounts").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("No accounts yet"));
    let (s, _) = get(&h, &b, "/app/finance/accounts/new").await;
    assert_eq!(s, StatusCode::OK);
    // Without an account there is nothing to list or filter: one empty
    // state, not a second one under eight empty filter fields.
    let (s, html) = get(&h, &b, "/app/finance/transactions").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Add an account first"), "{html}");
    assert!(
        !html.contains("id=\"tx-results\"") && !html.contains("role=\"search\""),
        "{html}"
    );

    // Inline errors keep the values.
    let (s, html, _) = post(
        &h,
        &b,
        "/app/finance/accounts",
        &[
            ("name", "Wallet"),
            ("kind", "cash"),
            ("currency", "JPY"),
            ("opening_balance", "10.5"),
            ("opening_date", "2026-01-01"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("JPY has no decimals") && html.contains("value=\"Wallet\""),
        "{html}"
    );

    let (s, _, loc) = post(
        &h,
        &b,
        "/app/finance/accounts",
        &[
            ("name", "Wallet"),
            ("kind", "cash"),
            ("currency", "USD"),
            ("opening_balance", "100"),
            ("opening_date", "2026-01-01"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let wallet = loc.unwrap();
    let wallet_id = wallet.rsplit('/').next().unwrap().to_string();
    let (_, _, loc2) = post(
        &h,
        &b,
        "/app/finance/accounts",
        &[("name", "Bank"), ("kind", "checking"), ("currency", "USD")],
    )
    .await;
    let bank_id = loc2.unwrap().rsplit('/').next().unwrap().to_string();

    let (s, html, _) = post(
        &h,
        &b,
        "/app/finance/transactions",
        &[
            ("account_id", &wallet_id),
            ("kind", "expense"),
            ("amount", "12.345"),
            ("date", "2026-11-02"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("at most 2 decimal places"), "{html}");
    let (s, _, loc) = post(
        &h,
        &b,
        "/app/finance/transactions",
        &[
            ("account_id", &wallet_id),
            ("kind", "expense"),
            ("amount", "12.5"),
            ("date", "2026-11-02"),
            ("description", "Lunch <b>"),
            ("tags", "food, work"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let tx_path = loc.unwrap();
    let (s, html) = get(&h, &b, &tx_path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Lunch &lt;b&gt;") && html.contains("12.50"));

    let (s, _, _) = post(
        &h,
        &b,
        &format!("{tx_path}/edit"),
        &[("description", "Team lunch"), ("tags", "food")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = get(&h, &b, &tx_path).await;
    assert!(html.contains("Team lunch") && html.contains("description"));

    let (s, html) = get(&h, &b, &wallet).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("87.50"), "{html}");

    let (s, html) = get(&h, &b, "/app/finance/transactions?q=team").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Team lunch"));
    let resp = h
        .cli
        .get("/app/finance/transactions?q=nothing-like-this")
        .header("cookie", &b.cookie)
        .header("hx-request", "true")
        .send()
        .await;
    let partial = resp.0.into_body().into_string().await.unwrap();
    assert!(
        partial.starts_with("<div id=\"tx-results\"") && partial.contains("Nothing here"),
        "{partial}"
    );

    let (s, _, _) = post(
        &h,
        &b,
        "/app/finance/transfers/new",
        &[
            ("from_account_id", &wallet_id),
            ("to_account_id", &bank_id),
            ("amount", "20"),
            ("date", "2026-11-03"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html, _) = post(
        &h,
        &b,
        "/app/finance/transfers/new",
        &[
            ("from_account_id", &wallet_id),
            ("to_account_id", &wallet_id),
            ("amount", "20"),
            ("date", "2026-11-03"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("different account"));

    let (s, _, _) = post(
        &h,
        &b,
        &format!("{tx_path}/reverse"),
        &[("reason", "paid by a friend")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = get(&h, &b, &wallet).await;
    assert!(html.contains("80.00"), "{html}");

    let (s, html) = get(&h, &b, "/app/finance").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("100.00"), "{html}");
    for page in [
        "/app/finance/categories",
        "/app/finance/rates",
        "/app/finance/settings",
        "/app/finance/transfers/new",
        "/app/finance/transactions",
    ] {
        let (s, _) = get(&h, &b, page).await;
        assert_eq!(s, StatusCode::OK, "{page}");
    }
    let (s, html, _) = post(
        &h,
        &b,
        "/app/finance/rates/import",
        &[("csv", "2026-01-01,USD,EUR,x")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Line 1"));
    let (s, html, _) = post(&h, &b, "/app/finance/settings", &[("base_currency", "EUR")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Saved"));
}

#[tokio::test]
async fn pages_need_sign_in_and_hide_other_tenants() {
    let h = Harness::new().await;
    let resp = h.cli.get("/app/finance/accounts").send().await;
    assert_eq!(resp.0.status(), StatusCode::SEE_OTHER);
    assert!(
        resp.0
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("/login")
    );

    let (a, token) = h.user("a@example.com").await;
    let (other, _) = h.user("b@example.com").await;
    let (_, acct, _) = h
        .send(
            "POST",
            "/api/v1/finance/accounts",
            Some(&token),
            Some(serde_json::json!({"name": "Mine", "kind": "cash", "currency": "USD"})),
            None,
        )
        .await;
    let id = acct["id"].as_str().unwrap();
    let _ = a;
    let b = h.browser(&other).await;
    let (s, _) = get(&h, &b, &format!("/app/finance/accounts/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = post(
        &h,
        &b,
        &format!("/app/finance/accounts/{id}/edit"),
        &[("action", "archive")],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, still, _) = h
        .send(
            "GET",
            &format!("/api/v1/finance/accounts/{id}"),
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(still["archived"].as_bool(), Some(false));
}
