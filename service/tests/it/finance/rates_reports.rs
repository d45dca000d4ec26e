use super::{account, field_of, record, tx};
use hisaab_service::Error;
use hisaab_service::finance::rates::{self, NewRate, RateFilter};
use hisaab_service::finance::reports::{self, CashFlowQuery};
use hisaab_service::finance::settings;
use hisaab_service::money::Currency;
use hisaab_service::testkit::TestApp;
use rust_decimal_macros::dec;

fn c(code: &str) -> Currency {
    Currency::parse(code).unwrap()
}

#[tokio::test]
async fn uses_the_latest_rate_on_or_before_the_date() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let b = t.actor(&t.user("b@example.com").await);
    let rate = |date: &str, r: &str| NewRate {
        date: date.into(),
        from: "EUR".into(),
        to: "USD".into(),
        rate: r.into(),
    };
    rates::record_rate(&t.app, &a, rate("2026-01-01", "1.10"))
        .await
        .unwrap();
    rates::record_rate(&t.app, &a, rate("2026-03-01", "1.20"))
        .await
        .unwrap();
    // Same pair and date replaces.
    rates::record_rate(&t.app, &a, rate("2026-03-01", "1.25"))
        .await
        .unwrap();
    let d = |s: &str| hisaab_service::input::iso_date(s).unwrap();
    assert_eq!(
        rates::find_rate(&t.app, &a, c("EUR"), c("USD"), d("2025-12-31"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        rates::find_rate(&t.app, &a, c("EUR"), c("USD"), d("2026-02-15"))
            .await
            .unwrap(),
        Some(dec!(1.10))
    );
    assert_eq!(
        rates::find_rate(&t.app, &a, c("EUR"), c("USD"), d("2026-12-01"))
            .await
            .unwrap(),
        Some(dec!(1.25))
    );
    assert_eq!(
        rates::find_rate(&t.app, &a, c("USD"), c("EUR"), d("2026-12-01"))
            .await
            .unwrap(),
        Some(dec!(0.8))
    );
    assert_eq!(
        rates::find_rate(&t.app, &b, c("EUR"), c("USD"), d("2026-12-01"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        rates::list_rates(&t.app, &a, RateFilter::default())
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    assert!(
        rates::list_rates(&t.app, &b, RateFilter::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let bad = rates::record_rate(
        &t.app,
        &a,
        NewRate {
            date: "2026-01-01".into(),
            from: "EUR".into(),
            to: "EUR".into(),
            rate: "-1".into(),
        },
    )
    .await
    .unwrap_err();
    let fields = field_of(&bad);
    assert!(
        fields.contains(&"to".to_string()) && fields.contains(&"rate".to_string()),
        "{fields:?}"
    );
    let id = rates::list_rates(&t.app, &a, RateFilter::default())
        .await
        .unwrap()
        .items[0]
        .id;
    assert!(matches!(
        rates::delete_rate(&t.app, &b, id).await,
        Err(Error::NotFound)
    ));
    rates::delete_rate(&t.app, &a, id).await.unwrap();
}

#[tokio::test]
async fn csv_import_reports_each_bad_line_and_imports_nothing_then() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let report = rates::import_rates_csv(
        &t.app,
        &a,
        "date,from,to,rate\n2026-01-01,USD,INR,83.1\n2026-13-01,USD,INR,83\n2026-01-02,USD,XXX,1\nnope\n",
    )
    .await
    .unwrap();
    assert_eq!(report.imported, 0);
    let lines: Vec<(usize, &str)> = report.errors.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(lines, vec![(3, "date"), (4, "to"), (5, "line")]);
    assert!(
        rates::list_rates(&t.app, &a, RateFilter::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let ok = rates::import_rates_csv(&t.app, &a, "2026-01-01,USD,INR,83.1\n2026-01-02,usd,inr,83.2\n")
        .await
        .unwrap();
    assert_eq!((ok.imported, ok.errors.len()), (2, 0));
}

#[tokio::test]
async fn cash_flow_converts_to_the_base_currency_and_ignores_transfers() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let e = settings::set_base_currency(&t.app, &a, "XXX").await.unwrap_err();
    assert_eq!(field_of(&e), vec!["base_currency"]);
    settings::set_base_currency(&t.app, &a, "usd").await.unwrap();
    assert_eq!(
        settings::get_settings(&t.app, &a)
            .await
            .unwrap()
            .base_currency
            .code(),
        "USD"
    );
    let usd = account(&t, &a, "Bank", "USD", "0").await;
    let eur = account(&t, &a, "Euro", "EUR", "0").await;
    record(&t, &a, tx(&usd, "income", "1000", "2026-10-01")).await;
    record(&t, &a, tx(&usd, "expense", "200", "2026-10-05")).await;
    record(&t, &a, tx(&eur, "expense", "100", "2026-11-03")).await;
    hisaab_service::finance::transfers::record_transfer(
        &t.app,
        &a,
        hisaab_service::finance::transfers::NewTransfer {
            from_account_id: usd.id.to_string(),
            to_account_id: eur.id.to_string(),
            amount: "50".into(),
            to_amount: Some("45".into()),
            date: "2026-11-04".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let flow = reports::cash_flow(
        &t.app,
        &a,
        CashFlowQuery {
            from: Some("2026-10-01".into()),
            to: Some("2026-11-30".into()),
            interval: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(flow.missing_rates, vec!["EUR→USD"]);
    assert_eq!(flow.periods.len(), 2);
    assert_eq!(
        (
            flow.periods[0].income.to_string().as_str(),
            flow.periods[0].expense.to_string().as_str()
        ),
        ("1000.00", "200.00")
    );
    rates::record_rate(
        &t.app,
        &a,
        NewRate {
            date: "2026-11-01".into(),
            from: "EUR".into(),
            to: "USD".into(),
            rate: "1.1".into(),
        },
    )
    .await
    .unwrap();
    let flow = reports::cash_flow(
        &t.app,
        &a,
        CashFlowQuery {
            from: Some("2026-10-01".into()),
            to: Some("2026-11-30".into()),
            interval: Some("month".into()),
        },
    )
    .await
    .unwrap();
    assert!(flow.missing_rates.is_empty());
    assert_eq!(flow.periods[1].expense.to_string(), "110.00");
    assert_eq!(flow.net.to_string(), "690.00");
    let yearly = reports::cash_flow(
        &t.app,
        &a,
        CashFlowQuery {
            from: Some("2026-01-01".into()),
            to: Some("2026-12-31".into()),
            interval: Some("year".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(yearly.periods.len(), 1);
    let e = reports::cash_flow(
        &t.app,
        &a,
        CashFlowQuery {
            interval: Some("fortnight".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["interval"]);

    let dash = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(dash.accounts.len(), 2);
    assert_eq!(dash.recent.len(), 5);
    assert_eq!(dash.cash_flow.periods.len(), 12);
    // 1000 - 200 - 50 = 750 USD, plus (45 - 100) EUR × 1.1 = -60.50.
    assert_eq!(dash.total_balance.to_string(), "689.50");
}
