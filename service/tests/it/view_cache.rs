//! Cached derived views (ADR 0014): every kind of write that changes a view
//! shows in the next read, reads without writes are answered from the cache,
//! and the striped rollup stays equal to the records under concurrent writes.

use crate::finance::{account, record, tx};
use hisaab_service::finance::accounts::{self, AccountChanges};
use hisaab_service::finance::holdings::{self, NewHolding, NewValue, Side};
use hisaab_service::finance::{net_worth, reports, rollups, settings};
use hisaab_service::testkit::TestApp;

#[tokio::test]
async fn the_dashboard_is_reused_until_a_write_changes_it() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let b = t.actor(&t.user("b@example.com").await);
    let checking = account(&t, &a, "Checking", "USD", "100.00").await;

    let first = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(first.net_worth.to_string(), "100.00");
    let (hits, misses) = t.app.views.stats();
    let again = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(again.net_worth, first.net_worth);
    assert_eq!(
        t.app.views.stats(),
        (hits + 1, misses),
        "an unchanged view is a hit"
    );

    // Another person's write leaves A's view cached.
    account(&t, &b, "Theirs", "USD", "5.00").await;
    reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(t.app.views.stats(), (hits + 2, misses));

    // A record (outbox event) shows at once.
    record(&t, &a, tx(&checking, "expense", "30.00", "2026-11-20")).await;
    let d = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(d.net_worth.to_string(), "70.00");
    assert_eq!(d.recent.len(), 1);

    // Writes without an event bump the revision themselves.
    accounts::update_account(
        &t.app,
        &a,
        checking.id,
        AccountChanges {
            name: Some("Everyday".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let d = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(d.accounts[0].name, "Everyday");

    settings::set_base_currency(&t.app, &a, "EUR").await.unwrap();
    let d = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(d.base_currency.code(), "EUR");
    assert_eq!(d.missing_rates, vec!["USD→EUR".to_string()]);

    // A new day is a new view even without writes.
    let before = t.app.views.stats().1;
    t.clock.advance(time::Duration::days(1));
    reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(t.app.views.stats().1, before + 1);
}

#[tokio::test]
async fn net_worth_history_follows_valuations() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let h = holdings::create_holding(
        &t.app,
        &a,
        Side::Asset,
        NewHolding {
            kind: "property".into(),
            name: "Flat".into(),
            currency: "USD".into(),
            value: Some("1000".into()),
            value_date: Some("2026-01-15".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let last = |h: &net_worth::NetWorthHistory| h.points.last().unwrap().total.to_string();
    let history = net_worth::net_worth_history(&t.app, &a, Some(3)).await.unwrap();
    assert_eq!(last(&history), "1000.00");
    holdings::record_value(
        &t.app,
        &a,
        Side::Asset,
        h.id,
        NewValue {
            date: "2026-11-01".into(),
            value: "1500".into(),
        },
        None,
    )
    .await
    .unwrap();
    let history = net_worth::net_worth_history(&t.app, &a, Some(3)).await.unwrap();
    assert_eq!(last(&history), "1500.00");
    // Another length is another view.
    let longer = net_worth::net_worth_history(&t.app, &a, Some(6)).await.unwrap();
    assert_eq!(longer.points.len(), 6);
}

#[tokio::test]
async fn concurrent_records_in_one_account_month_keep_the_striped_rollup_exact() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let wallet = account(&t, &a, "Wallet", "USD", "0.00").await;
    let writes = (0..40).map(|i| {
        let (app, actor, input) = (
            t.app.clone(),
            a.clone(),
            tx(
                &wallet,
                if i % 4 == 0 { "income" } else { "expense" },
                "1.25",
                "2026-11-20",
            ),
        );
        tokio::spawn(async move {
            hisaab_service::finance::transactions::record_transaction(&app, &actor, input, None).await
        })
    });
    for w in futures_util::future::join_all(writes).await {
        w.unwrap().unwrap();
    }
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
    // 10 incomes and 30 expenses of 1.25.
    let balance = accounts::get_account(&t.app, &a, wallet.id)
        .await
        .unwrap()
        .balance;
    assert_eq!(balance.to_string(), "-25.00");
    let dash = reports::dashboard(&t.app, &a).await.unwrap();
    assert_eq!(dash.accounts[0].balance.to_string(), "-25.00");
    assert_eq!(dash.this_month.income.to_string(), "12.50");
    assert_eq!(dash.this_month.expense.to_string(), "37.50");
    // A rebuild folds the stripes into one row per month, with the same sums.
    rollups::rebuild_rollups(&t.app).await.unwrap();
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
    assert_eq!(
        accounts::get_account(&t.app, &a, wallet.id)
            .await
            .unwrap()
            .balance,
        balance
    );
}

/// The first page reads the viewer's revision in its own statement (and
/// separately when the page is empty); either way the cached totals follow
/// the next write.
#[tokio::test]
async fn list_totals_are_reused_until_a_write_changes_them() {
    use hisaab_service::finance::transactions::{TransactionFilter, list_transactions};
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let checking = account(&t, &a, "Checking", "USD", "100.00").await;
    record(&t, &a, tx(&checking, "expense", "30.00", "2026-11-20")).await;
    let expenses = || TransactionFilter {
        kind: Some("expense".into()),
        ..Default::default()
    };
    let income = || TransactionFilter {
        kind: Some("income".into()),
        ..Default::default()
    };
    let total = |page: &hisaab_service::finance::transactions::TransactionPage, kind: &str| {
        let totals = page.totals.as_ref().expect("a first page has totals");
        let usd = totals.iter().find(|x| x.currency.code() == "USD").unwrap();
        match kind {
            "income" => usd.income.to_string(),
            _ => usd.expense.to_string(),
        }
    };

    let first = list_transactions(&t.app, &a, expenses()).await.unwrap();
    assert_eq!(total(&first, "expense"), "30.00");
    let (hits, misses) = t.app.views.stats();
    let again = list_transactions(&t.app, &a, expenses()).await.unwrap();
    assert_eq!(total(&again, "expense"), "30.00");
    assert_eq!(
        t.app.views.stats(),
        (hits + 1, misses),
        "an unchanged filter is a hit"
    );

    // No income yet: an empty page, whose revision is read on its own.
    let empty = list_transactions(&t.app, &a, income()).await.unwrap();
    assert!(empty.items.is_empty());
    assert_eq!(total(&empty, "income"), "0.00");

    record(&t, &a, tx(&checking, "expense", "12.50", "2026-11-21")).await;
    record(&t, &a, tx(&checking, "income", "200.00", "2026-11-22")).await;
    let after = list_transactions(&t.app, &a, expenses()).await.unwrap();
    assert_eq!(after.items.len(), 2);
    assert_eq!(total(&after, "expense"), "42.50");
    let paid = list_transactions(&t.app, &a, income()).await.unwrap();
    assert_eq!(total(&paid, "income"), "200.00");
}

/// A write finishes through `Effects`: one commit bumps the writer's revision
/// and the revision of everyone its events notify, once each, and nobody else's.
#[tokio::test]
async fn a_write_through_effects_bumps_the_writer_and_everyone_notified() {
    use hisaab_service::effects::Effects;
    use hisaab_service::{db, view_cache};
    let t = TestApp::new().await;
    let writer = t.actor(&t.user("a@example.com").await);
    let told = t.actor(&t.user("b@example.com").await);
    let also_told = t.actor(&t.user("c@example.com").await);
    let bystander = t.actor(&t.user("d@example.com").await);
    let revision = |who: &hisaab_service::Actor| {
        let (db, user) = (t.app.db.clone(), who.user_id);
        async move { view_cache::revision(&db, user).await.unwrap() }
    };
    let before = [
        revision(&writer).await,
        revision(&told).await,
        revision(&also_told).await,
        revision(&bystander).await,
    ];

    let now = t.app.now();
    let mut effects = Effects::by(&writer, now);
    effects
        .audit("test.written", serde_json::json!({}))
        .event("test.mine", serde_json::json!({}))
        .event_to(
            "test.shared",
            serde_json::json!({}),
            vec![writer.user_id.0, told.user_id.0, also_told.user_id.0],
        )
        .event_to("test.again", serde_json::json!({}), vec![told.user_id.0]);
    let mut expected = vec![writer.user_id.0, told.user_id.0, also_told.user_id.0];
    expected.sort_unstable();
    assert_eq!(effects.bumped(), expected, "each person once");
    let tx = db::begin_write(&t.app.db).await.unwrap();
    tx.commit(&effects).await.unwrap();

    let after = [
        revision(&writer).await,
        revision(&told).await,
        revision(&also_told).await,
        revision(&bystander).await,
    ];
    assert_eq!(after[0], before[0] + 1, "the writer");
    assert_eq!(after[1], before[1] + 1, "notified twice, bumped once");
    assert_eq!(after[2], before[2] + 1);
    assert_eq!(after[3], before[3], "nobody else");

    // Effects with nothing but the writer still bump the writer: a write
    // cannot commit without saying whose views it changes.
    let tx = db::begin_write(&t.app.db).await.unwrap();
    tx.commit(&Effects::by(&writer, now)).await.unwrap();
    assert_eq!(revision(&writer).await, after[0] + 1);
    assert_eq!(revision(&told).await, after[1]);

    // A rolled-back write bumps nobody.
    let tx = db::begin_write(&t.app.db).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(revision(&writer).await, after[0] + 1);
}
