//! Assets, liabilities, loans and net worth.

use super::{account, field_of, record, tx};
use hisaab_service::Error;
use hisaab_service::entity::user::Role;
use hisaab_service::finance::holdings::{self, HoldingChanges, NewHolding, NewValue, Side};
use hisaab_service::finance::loans::{self, NewLoan, NewPayment};
use hisaab_service::finance::rates::{self, NewRate};
use hisaab_service::finance::{accounts, net_worth, reports};
use hisaab_service::testkit::TestApp;

fn house(value: Option<&str>) -> NewHolding {
    NewHolding {
        kind: "property".into(),
        name: "Flat".into(),
        currency: "USD".into(),
        value: value.map(str::to_string),
        value_date: Some("2026-01-15".into()),
        ..Default::default()
    }
}

fn value(date: &str, v: &str) -> NewValue {
    NewValue {
        date: date.into(),
        value: v.into(),
    }
}

pub fn loan(direction: &str, principal: &str, rate: &str, term: &str) -> NewLoan {
    NewLoan {
        direction: direction.into(),
        counterparty: "Bank".into(),
        currency: "USD".into(),
        principal: principal.into(),
        annual_rate: rate.into(),
        term_months: term.into(),
        start_date: "2026-01-01".into(),
        frequency: Some("monthly".into()),
        notes: None,
    }
}

#[tokio::test]
async fn assets_keep_a_valuation_history() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let h = holdings::create_holding(&t.app, &a, Side::Asset, house(Some("250000")))
        .await
        .unwrap();
    assert_eq!(h.value.to_string(), "250000.00");
    holdings::record_value(
        &t.app,
        &a,
        Side::Asset,
        h.id,
        value("2026-06-30", "260000.5"),
        None,
    )
    .await
    .unwrap();
    // Recording the same date again replaces the value.
    holdings::record_value(&t.app, &a, Side::Asset, h.id, value("2026-06-30", "261000"), None)
        .await
        .unwrap();
    let history = holdings::list_values(&t.app, &a, Side::Asset, h.id)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].value.to_string(), "261000.00");
    let got = holdings::get_holding(&t.app, &a, Side::Asset, h.id)
        .await
        .unwrap();
    assert_eq!(got.value.to_string(), "261000.00");
    // An asset is not a liability.
    assert!(matches!(
        holdings::get_holding(&t.app, &a, Side::Liability, h.id).await,
        Err(Error::NotFound)
    ));
    let e = holdings::record_value(&t.app, &a, Side::Asset, h.id, value("1899-01-01", "-1.001"), None)
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), ["date", "value"]);
    let e = holdings::create_holding(
        &t.app,
        &a,
        Side::Liability,
        NewHolding {
            kind: "property".into(),
            name: "x\u{0}".into(),
            currency: "ZZZ".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), ["name", "kind", "currency"]);
}

#[tokio::test]
async fn valuations_are_idempotent() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let h = holdings::create_holding(
        &t.app,
        &a,
        Side::Liability,
        NewHolding {
            kind: "mortgage".into(),
            name: "Mortgage".into(),
            currency: "JPY".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let one = holdings::record_value(
        &t.app,
        &a,
        Side::Liability,
        h.id,
        value("2026-02-01", "5000"),
        Some("k1"),
    )
    .await
    .unwrap();
    let two = holdings::record_value(
        &t.app,
        &a,
        Side::Liability,
        h.id,
        value("2026-02-01", "5000"),
        Some("k1"),
    )
    .await
    .unwrap();
    assert_eq!(one.id, two.id);
    let e = holdings::record_value(
        &t.app,
        &a,
        Side::Liability,
        h.id,
        value("2026-02-01", "5000.5"),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), ["value"]);
}

#[tokio::test]
async fn another_tenant_cannot_touch_holdings_or_loans() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let b = t.actor(&t.user("b@example.com").await);
    let h = holdings::create_holding(&t.app, &a, Side::Asset, house(Some("100")))
        .await
        .unwrap();
    let l = loans::create_loan(&t.app, &a, loan("borrowed", "1000", "5", "12"))
        .await
        .unwrap();
    assert!(matches!(
        holdings::get_holding(&t.app, &b, Side::Asset, h.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        holdings::list_values(&t.app, &b, Side::Asset, h.id).await,
        Err(Error::NotFound)
    ));
    let changes = HoldingChanges {
        archived: Some(true),
        ..Default::default()
    };
    assert!(matches!(
        holdings::update_holding(&t.app, &b, Side::Asset, h.id, changes).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        holdings::record_value(&t.app, &b, Side::Asset, h.id, value("2026-02-01", "1"), None).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        loans::get_loan(&t.app, &b, l.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        loans::loan_schedule(&t.app, &b, l.id).await,
        Err(Error::NotFound)
    ));
    let pay = NewPayment {
        amount: "10".into(),
        date: "2026-02-01".into(),
        account_id: None,
    };
    assert!(matches!(
        loans::record_payment(&t.app, &b, l.id, pay, None).await,
        Err(Error::NotFound)
    ));
    // Nothing changed for the owner.
    let got = holdings::get_holding(&t.app, &a, Side::Asset, h.id)
        .await
        .unwrap();
    assert!(!got.archived);
    assert_eq!(
        holdings::list_values(&t.app, &a, Side::Asset, h.id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(loans::get_loan(&t.app, &a, l.id).await.unwrap().payments_made, 0);
    assert!(
        holdings::all_holdings(&t.app, &b, Side::Asset)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn loan_payments_split_interest_and_principal_and_record_the_transaction() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let bank = account(&t, &a, "Bank", "USD", "5000").await;
    let l = loans::create_loan(&t.app, &a, loan("borrowed", "10000", "7.5", "12"))
        .await
        .unwrap();
    assert_eq!(l.instalment.to_string(), "867.57");
    let (_, s) = loans::loan_schedule(&t.app, &a, l.id).await.unwrap();
    assert_eq!(s.rows.len(), 12);
    assert!(s.rows.last().unwrap().outstanding.is_zero());
    let pay = NewPayment {
        amount: "867.57".into(),
        date: "2026-02-01".into(),
        account_id: Some(bank.id.to_string()),
    };
    let p = loans::record_payment(&t.app, &a, l.id, pay.clone(), Some("pay-1"))
        .await
        .unwrap();
    assert_eq!(
        (p.interest.to_string(), p.principal.to_string()),
        ("62.50".into(), "805.07".into())
    );
    let again = loans::record_payment(&t.app, &a, l.id, pay, Some("pay-1"))
        .await
        .unwrap();
    assert_eq!(again.id, p.id);
    let got = loans::get_loan(&t.app, &a, l.id).await.unwrap();
    assert_eq!(got.outstanding.to_string(), "9194.93");
    assert_eq!(got.interest_paid.to_string(), "62.50");
    assert_eq!(got.payments_made, 1);
    let bal = accounts::get_account(&t.app, &a, bank.id).await.unwrap().balance;
    assert_eq!(bal.to_string(), "4132.43");
    let too_much = NewPayment {
        amount: "20000".into(),
        date: "2026-03-01".into(),
        account_id: None,
    };
    let e = loans::record_payment(&t.app, &a, l.id, too_much, None)
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), ["amount"]);
    let e = loans::create_loan(
        &t.app,
        &a,
        NewLoan {
            direction: "sideways".into(),
            annual_rate: "101".into(),
            term_months: "0".into(),
            frequency: Some("daily".into()),
            ..loan("lent", "0", "1", "1")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        field_of(&e),
        [
            "direction",
            "principal",
            "annual_rate",
            "term_months",
            "frequency"
        ]
    );
}

#[tokio::test]
async fn net_worth_sums_everything_in_the_base_currency_and_has_a_history() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user_with_role("p@example.com", Role::Premium).await);
    let usd = account(&t, &a, "Bank", "USD", "1000").await;
    let eur = account(&t, &a, "Euro", "EUR", "100").await;
    record(&t, &a, tx(&usd, "expense", "200", "2026-10-10")).await;
    rates::record_rate(
        &t.app,
        &a,
        NewRate {
            date: "2026-01-01".into(),
            from: "EUR".into(),
            to: "USD".into(),
            rate: "1.1".into(),
        },
    )
    .await
    .unwrap();
    holdings::create_holding(&t.app, &a, Side::Asset, house(Some("5000")))
        .await
        .unwrap();
    let card = holdings::create_holding(
        &t.app,
        &a,
        Side::Liability,
        NewHolding {
            kind: "credit_card_debt".into(),
            name: "Card".into(),
            currency: "USD".into(),
            value: Some("300".into()),
            value_date: Some("2026-11-01".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let owed = loans::create_loan(&t.app, &a, loan("borrowed", "1000", "0", "10"))
        .await
        .unwrap();
    loans::create_loan(&t.app, &a, loan("lent", "50", "0", "1"))
        .await
        .unwrap();
    loans::record_payment(
        &t.app,
        &a,
        owed.id,
        NewPayment {
            amount: "100".into(),
            date: "2026-10-05".into(),
            account_id: None,
        },
        None,
    )
    .await
    .unwrap();
    let nw = net_worth::net_worth(&t.app, &a).await.unwrap();
    // 800 + 110 + 5000 + 50 − 300 − 900
    assert_eq!(nw.total.to_string(), "4760.00");
    assert_eq!(nw.assets.to_string(), "5960.00");
    assert_eq!(nw.liabilities.to_string(), "1200.00");
    assert_eq!(nw.breakdown.len(), 6);
    assert!(nw.missing_rates.is_empty());

    let h = net_worth::net_worth_history(&t.app, &a, Some(12)).await.unwrap();
    assert_eq!(h.points.len(), 12);
    assert_eq!(h.points[11].total, nw.total);
    let sep = &h.points[9];
    assert_eq!(sep.as_of.to_string(), "2026-09-30");
    // Before October: no expense, no payment, no card balance yet.
    assert_eq!(sep.total.to_string(), "5160.00");
    let oct = &h.points[10];
    assert_eq!(oct.total.to_string(), "5060.00");
    assert_eq!(h.points[0].as_of.to_string(), "2025-12-31");
    assert_eq!(h.points[0].total.to_string(), "0.00");
    assert!(matches!(
        net_worth::net_worth_history(&t.app, &a, Some(0)).await,
        Err(Error::Invalid { .. })
    ));

    let d = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(d.net_worth.to_string(), "4760.00");
    assert_eq!(d.net_worth_change.to_string(), "-300.00");
    let _ = (eur, card);
}

#[tokio::test]
async fn transfers_never_change_net_worth_in_one_currency() {
    use hisaab_service::finance::transfers::{self, NewTransfer};
    let t = TestApp::new().await;
    let a = t.actor(&t.user_with_role("p@example.com", Role::Premium).await);
    let accts = [
        account(&t, &a, "A", "USD", "1000").await,
        account(&t, &a, "B", "USD", "0").await,
        account(&t, &a, "C", "USD", "-50.25").await,
    ];
    let before = net_worth::net_worth(&t.app, &a).await.unwrap().total;
    let mut seed = 2026_u64;
    for i in 0..12 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (from, to) = ((seed >> 33) as usize % 3, (seed >> 40) as usize % 3);
        if from == to {
            continue;
        }
        let cents = (seed >> 20) % 100_000 + 1;
        transfers::record_transfer(
            &t.app,
            &a,
            NewTransfer {
                from_account_id: accts[from].id.to_string(),
                to_account_id: accts[to].id.to_string(),
                amount: format!("{}.{:02}", cents / 100, cents % 100),
                date: format!("2026-{:02}-15", i % 11 + 1),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
        assert_eq!(net_worth::net_worth(&t.app, &a).await.unwrap().total, before);
    }
    let exact: Vec<String> = accounts::all_accounts(&t.app, &a)
        .await
        .unwrap()
        .iter()
        .map(|x| x.balance.to_string())
        .collect();
    let fast: Vec<String> = accounts::all_accounts_from_rollup(&t.app, &a)
        .await
        .unwrap()
        .iter()
        .map(|x| x.balance.to_string())
        .collect();
    assert_eq!(exact, fast);
    let h = net_worth::net_worth_history(&t.app, &a, Some(11)).await.unwrap();
    assert!(
        h.points.iter().all(|p| p.total == before),
        "{:?}",
        h.points.iter().map(|p| p.total.to_string()).collect::<Vec<_>>()
    );
}
