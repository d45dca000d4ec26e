use super::{account, balance, field_of};
use hisaab_service::Error;
use hisaab_service::finance::rates::{self, NewRate};
use hisaab_service::finance::transactions::{self, ReverseInput, TransactionFilter};
use hisaab_service::finance::transfers::{self, NewTransfer};
use hisaab_service::finance::{accounts, rollups};
use hisaab_service::testkit::TestApp;

fn transfer(from: &accounts::AccountView, to: &accounts::AccountView, amount: &str) -> NewTransfer {
    NewTransfer {
        from_account_id: from.id.to_string(),
        to_account_id: to.id.to_string(),
        amount: amount.into(),
        date: "2026-06-01".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn same_currency_transfer_moves_money_and_is_not_cash_flow() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let bank = account(&t, &a, "Bank", "USD", "100").await;
    let cash = account(&t, &a, "Cash", "USD", "0").await;
    let tr = transfers::record_transfer(&t.app, &a, transfer(&bank, &cash, "40"), None)
        .await
        .unwrap();
    assert_eq!(
        (
            tr.amount.to_string().as_str(),
            tr.to_amount.to_string().as_str(),
            tr.rate.as_str()
        ),
        ("40.00", "40.00", "1")
    );
    assert_eq!(balance(&t, &a, bank.id).await, "60.00");
    assert_eq!(balance(&t, &a, cash.id).await, "40.00");
    let out = transactions::get_transaction(&t.app, &a, tr.from_transaction_id)
        .await
        .unwrap();
    assert_eq!((out.kind.as_str(), out.transfer_id), ("expense", Some(tr.id)));
    let list = transactions::list_transactions(&t.app, &a, TransactionFilter::default())
        .await
        .unwrap();
    assert_eq!(list.items.len(), 2);
    let totals = list.totals.unwrap();
    assert_eq!(totals[0].income.to_string(), "0.00");
    assert_eq!(totals[0].expense.to_string(), "0.00");
    // Reversing one leg reverses both; the answer is the reversal of the
    // leg asked for (the later account's, reversed second).
    let reversal = transactions::reverse_transaction(
        &t.app,
        &a,
        tr.to_transaction_id,
        ReverseInput {
            reason: "oops".into(),
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(reversal.reverses_id, Some(tr.to_transaction_id));
    assert_eq!(balance(&t, &a, bank.id).await, "100.00");
    assert_eq!(balance(&t, &a, cash.id).await, "0.00");
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
}

#[tokio::test]
async fn cross_currency_transfers_derive_or_apply_the_rate() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let usd = account(&t, &a, "USD", "USD", "1000").await;
    let inr = account(&t, &a, "INR", "INR", "0").await;
    let jpy = account(&t, &a, "JPY", "JPY", "0").await;
    let mut both = transfer(&usd, &inr, "10");
    both.to_amount = Some("832.50".into());
    let tr = transfers::record_transfer(&t.app, &a, both, None).await.unwrap();
    assert_eq!(
        (tr.to_amount.to_string().as_str(), tr.rate.as_str()),
        ("832.50", "83.25")
    );
    let mut rated = transfer(&usd, &jpy, "1.01");
    rated.rate = Some("149.5".into());
    let tr = transfers::record_transfer(&t.app, &a, rated, None).await.unwrap();
    // 1.01 × 149.5 = 150.995 → 151 (HALF_UP to JPY's 0 decimals).
    assert_eq!(tr.to_amount.to_string(), "151");
    // With neither, the recorded rate for the date is used; without one it's a 422.
    let e = transfers::record_transfer(&t.app, &a, transfer(&usd, &jpy, "2"), None)
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["to_amount"]);
    rates::record_rate(
        &t.app,
        &a,
        NewRate {
            date: "2026-05-01".into(),
            from: "JPY".into(),
            to: "USD".into(),
            rate: "0.008".into(),
        },
    )
    .await
    .unwrap();
    let tr = transfers::record_transfer(&t.app, &a, transfer(&usd, &jpy, "2"), None)
        .await
        .unwrap();
    assert_eq!(tr.to_amount.to_string(), "250");
}

#[tokio::test]
async fn refuses_bad_transfers() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let b = t.actor(&t.user("b@example.com").await);
    let usd = account(&t, &a, "USD", "USD", "0").await;
    let usd2 = account(&t, &a, "USD2", "USD", "0").await;
    let theirs = account(&t, &b, "Theirs", "USD", "0").await;
    assert_eq!(
        field_of(
            &transfers::record_transfer(&t.app, &a, transfer(&usd, &usd, "1"), None)
                .await
                .unwrap_err()
        ),
        vec!["to_account_id"]
    );
    assert_eq!(
        field_of(
            &transfers::record_transfer(&t.app, &a, transfer(&usd, &usd2, "0"), None)
                .await
                .unwrap_err()
        ),
        vec!["amount"]
    );
    assert_eq!(
        field_of(
            &transfers::record_transfer(&t.app, &a, transfer(&usd, &usd2, "1.001"), None)
                .await
                .unwrap_err()
        ),
        vec!["amount"]
    );
    let mut mismatch = transfer(&usd, &usd2, "1");
    mismatch.to_amount = Some("2".into());
    assert_eq!(
        field_of(
            &transfers::record_transfer(&t.app, &a, mismatch, None)
                .await
                .unwrap_err()
        ),
        vec!["to_amount"]
    );
    let e = transfers::record_transfer(&t.app, &a, transfer(&usd, &theirs, "1"), None).await;
    assert!(
        matches!(&e, Err(Error::Invalid { errors, .. }) if errors[0].field == "to_account_id"),
        "{e:?}"
    );
    let e = transfers::record_transfer(&t.app, &b, transfer(&usd, &theirs, "1"), None).await;
    assert!(
        matches!(&e, Err(Error::Invalid { errors, .. }) if errors[0].field == "from_account_id"),
        "{e:?}"
    );
    assert_eq!(balance(&t, &b, theirs.id).await, "0.00");
    // Idempotent.
    let x = transfers::record_transfer(&t.app, &a, transfer(&usd, &usd2, "5"), Some("t-1"))
        .await
        .unwrap();
    let y = transfers::record_transfer(&t.app, &a, transfer(&usd, &usd2, "5"), Some("t-1"))
        .await
        .unwrap();
    assert_eq!(x.id, y.id);
    assert_eq!(balance(&t, &a, usd2.id).await, "5.00");
    assert!(matches!(
        transfers::get_transfer(&t.app, &b, x.id).await,
        Err(Error::NotFound)
    ));
}

/// Opposite transfers between the same two accounts at once: each locks a
/// rollup row of both accounts until it commits, so they must lock them in
/// the same order or PostgreSQL ends a deadlock by failing one of them.
#[tokio::test]
async fn concurrent_opposite_transfers_all_land() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let bank = account(&t, &a, "Bank", "USD", "1000").await;
    let cash = account(&t, &a, "Cash", "USD", "1000").await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..96 {
        let (app, actor) = (t.app.clone(), a.clone());
        let input = if i % 2 == 0 {
            transfer(&bank, &cash, "1")
        } else {
            transfer(&cash, &bank, "2")
        };
        tasks.spawn(async move { transfers::record_transfer(&app, &actor, input, None).await });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().expect("every transfer lands");
    }
    // 48 × 1 out of the bank and 48 × 2 back: +48; the cash the other way.
    assert_eq!(balance(&t, &a, bank.id).await, "1048.00");
    assert_eq!(balance(&t, &a, cash.id).await, "952.00");
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
}
