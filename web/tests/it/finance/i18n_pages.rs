//! The finance pages in Hindi (issue 15): a person whose language is `hi`
//! reads every finance page, its field errors and its dates in Hindi, and
//! none of the finance catalogue's English sentences is left on them.

use super::Harness;
use super::pages::{get, post};
use hisaab_service::i18n::{self, Locale};
use hisaab_service::identity::{self, ProfileInput};
use poem::http::StatusCode;
use std::collections::BTreeSet;

/// Builds accounts, a category, records, a transfer, a rate, an asset, a
/// liability and a loan with a payment, then renders every finance page and
/// a refused form of each kind: `(what, html)`.
async fn every_finance_page(h: &Harness, email: &str, locale: Option<&str>) -> Vec<(String, String)> {
    let (user, _) = h.user(email).await;
    if let Some(locale) = locale {
        identity::update_profile(
            &h.t.app,
            &h.t.actor(&user),
            ProfileInput {
                locale: Some(Some(locale.to_string())),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let b = h.browser(&user).await;
    let mut pages = Vec::new();
    for path in [
        "/app/finance",
        "/app/finance/accounts",
        "/app/finance/transactions",
        "/app/finance/transfers/new",
        "/app/finance/assets",
        "/app/finance/loans",
        "/app/finance/net-worth",
        "/app/finance/rates",
    ] {
        let (s, html) = get(h, &b, path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        pages.push((format!("{path} (empty)"), html));
    }
    let mut refused = |what: &str, (s, html, _): (StatusCode, String, Option<String>)| {
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {html}");
        pages.push((what.to_string(), html));
    };
    refused(
        "new account, refused",
        post(
            h,
            &b,
            "/app/finance/accounts",
            &[
                ("name", ""),
                ("kind", "cash"),
                ("currency", ""),
                ("opening_date", "2026-13-01"),
            ],
        )
        .await,
    );
    let created = |loc: Option<String>| loc.expect("a redirect to the new page");
    let (_, _, wallet) = post(
        h,
        &b,
        "/app/finance/accounts",
        &[
            ("name", "Batua"),
            ("kind", "cash"),
            ("currency", "USD"),
            ("opening_balance", "100"),
            ("opening_date", "2026-01-01"),
        ],
    )
    .await;
    let wallet = created(wallet);
    let wallet_id = wallet.rsplit('/').next().unwrap().to_string();
    let (_, _, bank) = post(
        h,
        &b,
        "/app/finance/accounts",
        &[
            ("name", "HDFC"),
            ("kind", "savings"),
            ("currency", "INR"),
            ("opening_balance", "250000"),
            ("opening_date", "2026-01-01"),
        ],
    )
    .await;
    let bank_id = created(bank).rsplit('/').next().unwrap().to_string();
    post(
        h,
        &b,
        "/app/finance/categories",
        &[("name", "Chai"), ("kind", "expense")],
    )
    .await;
    refused(
        "quick add, refused",
        post(
            h,
            &b,
            "/app/finance/transactions",
            &[
                ("account_id", &wallet_id),
                ("kind", "expense"),
                ("amount", ""),
                ("date", ""),
            ],
        )
        .await,
    );
    let (_, _, tx) = post(
        h,
        &b,
        "/app/finance/transactions",
        &[
            ("account_id", &wallet_id),
            ("kind", "expense"),
            ("amount", "12.5"),
            ("date", "2026-11-02"),
            ("description", "Samosa"),
            ("tags", "khana"),
        ],
    )
    .await;
    let tx = created(tx);
    post(
        h,
        &b,
        &format!("{tx}/edit"),
        &[("description", "Samose"), ("payee", "Dukaan")],
    )
    .await;
    refused(
        "transfer, refused",
        post(
            h,
            &b,
            "/app/finance/transfers/new",
            &[
                ("from_account_id", &wallet_id),
                ("to_account_id", &wallet_id),
                ("amount", "20"),
                ("date", "2026-11-03"),
            ],
        )
        .await,
    );
    post(
        h,
        &b,
        "/app/finance/transfers/new",
        &[
            ("from_account_id", &wallet_id),
            ("to_account_id", &bank_id),
            ("amount", "20"),
            ("to_amount", "1660"),
            ("date", "2026-11-03"),
        ],
    )
    .await;
    post(
        h,
        &b,
        "/app/finance/rates",
        &[
            ("date", "2026-10-01"),
            ("from", "INR"),
            ("to", "USD"),
            ("rate", "0.012"),
        ],
    )
    .await;
    let (_, _, asset) = post(
        h,
        &b,
        "/app/finance/assets",
        &[
            ("name", "Ghar"),
            ("kind", "property"),
            ("currency", "USD"),
            ("value", "200000"),
            ("value_date", "2026-01-10"),
        ],
    )
    .await;
    let asset = created(asset);
    let (_, _, liability) = post(
        h,
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
    let liability = created(liability);
    refused(
        "loan, refused",
        post(
            h,
            &b,
            "/app/finance/loans",
            &[
                ("direction", "borrowed"),
                ("counterparty", ""),
                ("currency", "USD"),
                ("principal", "10000"),
                ("annual_rate", "abc"),
                ("term_months", "0"),
                ("start_date", "2026-01-01"),
                ("frequency", "monthly"),
            ],
        )
        .await,
    );
    let (_, _, loan) = post(
        h,
        &b,
        "/app/finance/loans",
        &[
            ("direction", "borrowed"),
            ("counterparty", "Sharma ji"),
            ("currency", "USD"),
            ("principal", "10000"),
            ("annual_rate", "7.5"),
            ("term_months", "12"),
            ("start_date", "2026-01-01"),
            ("frequency", "monthly"),
        ],
    )
    .await;
    let loan = created(loan);
    post(
        h,
        &b,
        &format!("{loan}/payments"),
        &[
            ("amount", "867.57"),
            ("date", "2026-02-01"),
            ("account_id", &wallet_id),
        ],
    )
    .await;
    refused(
        "import of rates, refused",
        post(
            h,
            &b,
            "/app/finance/rates/import",
            &[("csv", "2026-01-01,USD,EUR,x")],
        )
        .await,
    );
    for path in [
        "/app/finance",
        "/app/finance/accounts",
        "/app/finance/accounts/new",
        wallet.as_str(),
        "/app/finance/transactions",
        tx.as_str(),
        "/app/finance/transfers/new",
        "/app/finance/categories",
        "/app/finance/rates",
        "/app/finance/settings",
        "/app/finance/net-worth",
        "/app/finance/assets",
        asset.as_str(),
        "/app/finance/liabilities",
        liability.as_str(),
        "/app/finance/loans",
        loan.as_str(),
    ] {
        let (s, html) = get(h, &b, path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        pages.push((path.to_string(), html));
    }
    pages
}

/// The English of every finance message (and of the form fields' shared
/// errors, which finance forms show) without arguments and of more than
/// one word (one word could be a name the test typed), as the page escapes it.
fn english_sentences() -> Vec<(String, String)> {
    i18n::message_ids(Locale::En)
        .into_iter()
        .filter(|id| id.starts_with("fin-") || id.starts_with("svc-fin-") || id.starts_with("svc-input-"))
        .map(|id| {
            let text = i18n::tr(Locale::En, &id);
            (id, text)
        })
        .filter(|(_, text)| !text.contains('{') && text.trim().contains(' '))
        .map(|(id, text)| {
            let escaped = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#x27;");
            (id, escaped)
        })
        .collect()
}

#[tokio::test]
async fn a_hindi_reader_sees_the_finance_pages_in_hindi() {
    let h = Harness::new().await;
    let hindi = every_finance_page(&h, "asha@example.com", Some("hi")).await;
    let english = every_finance_page(&h, "ravi@example.com", None).await;
    let sentences = english_sentences();

    // The same pages in English show the catalogue's sentences (so the
    // check below can find them) ...
    let shown: BTreeSet<&str> = sentences
        .iter()
        .filter(|(_, text)| english.iter().any(|(_, html)| html.contains(text.as_str())))
        .map(|(id, _)| id.as_str())
        .collect();
    assert!(shown.len() > 150, "{} English sentences shown", shown.len());
    // ... and none of them is left on a Hindi page.
    for (what, html) in &hindi {
        assert!(html.contains(r#"<html lang="hi" dir="ltr">"#), "{what}");
        let left: Vec<&str> = sentences
            .iter()
            .filter(|(_, text)| html.contains(text.as_str()))
            .map(|(id, _)| id.as_str())
            .collect();
        assert!(left.is_empty(), "{what}: English left: {left:?}");
    }

    let page = |what: &str| {
        &hindi
            .iter()
            .rev()
            .find(|(w, _)| w == what)
            .unwrap_or_else(|| panic!("{what}"))
            .1
    };
    let dashboard = page("/app/finance");
    assert!(dashboard.contains("<title>वित्त · Hisaab</title>"), "{dashboard}");
    assert!(dashboard.contains(">सारांश</a>") && dashboard.contains("आपका पैसा"));
    assert!(dashboard.contains("इस महीने की आमदनी"));
    // Chart labels and dates as Hindi writes them; amounts in lakhs.
    assert!(dashboard.contains(">नव॰</text>"), "{dashboard}");
    assert!(dashboard.contains("2 नव॰ 2026 · Samose"), "{dashboard}");
    let bank = page("/app/finance/accounts");
    assert!(
        bank.contains("बचत खाता") && bank.contains("₹2,51,660.00"),
        "{bank}"
    );
    let tx = hindi
        .iter()
        .find(|(w, _)| w.starts_with("/app/finance/transactions/"))
        .unwrap();
    assert!(
        tx.1.contains("<strong>विवरण</strong>"),
        "the edit history: {}",
        tx.1
    );
    assert!(
        tx.1.contains("25 नव॰ 2026 12:00 UTC"),
        "the edit's time: {}",
        tx.1
    );
    let loan = hindi
        .iter()
        .find(|(w, _)| w.starts_with("/app/finance/loans/"))
        .unwrap();
    assert!(
        loan.1.contains("Sharma ji से लिया लोन")
            && loan.1.contains("7.5% सालाना · 12 महीने · हर महीने, 1 जन॰ 2026 से"),
        "{}",
        loan.1
    );
    // Field errors the service wrote in English, in Hindi.
    assert!(page("quick add, refused").contains("रकम डालें।"));
    assert!(page("transfer, refused").contains("भेजने वाले खाते से अलग खाता होना चाहिए"));
    assert!(page("new account, refused").contains("खाते का नाम डालें।"));
    assert!(page("loan, refused").contains("लोन किसके साथ है, यह डालें।"));
    assert!(page("import of rates, refused").contains("पंक्ति 1 (rate):"));
}
