use super::{account, field_of, record, tx};
use hisaab_service::Error;
use hisaab_service::finance::accounts;
use hisaab_service::finance::rollups;
use hisaab_service::finance::transactions::{
    self, Correction, ReverseInput, TransactionEdits, TransactionFilter,
};
use hisaab_service::testkit::TestApp;
use sea_orm::{ConnectionTrait, Statement};

async fn count(t: &TestApp, table: &str) -> i64 {
    let b = t.app.db.get_database_backend();
    let row = t
        .app
        .db
        .query_one_raw(Statement::from_string(
            b,
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn records_with_audit_outbox_and_rollup() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let acct = account(&t, &a, "Wallet", "USD", "0").await;
    let before_outbox = count(&t, "outbox").await;
    let mut input = tx(&acct, "expense", "12.5", "2026-03-04");
    input.tags = vec!["Food".into(), "trip".into()];
    input.payee = Some("Cafe".into());
    let r = transactions::record_transaction(&t.app, &a, input, None)
        .await
        .unwrap();
    assert_eq!(
        (r.kind.as_str(), r.amount.to_string().as_str(), r.currency.code()),
        ("expense", "12.50", "USD")
    );
    assert_eq!(r.tags, vec!["food", "trip"]);
    assert_eq!(count(&t, "outbox").await, before_outbox + 1);
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
}

#[tokio::test]
async fn refuses_bad_input_naming_the_field() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let usd = account(&t, &a, "USD", "USD", "0").await;
    let jpy = account(&t, &a, "JPY", "JPY", "0").await;
    let cases = [
        (tx(&usd, "expense", "1.234", "2026-01-01"), "amount"),
        (tx(&jpy, "expense", "1.5", "2026-01-01"), "amount"),
        (tx(&usd, "expense", "0", "2026-01-01"), "amount"),
        (tx(&usd, "expense", "-5", "2026-01-01"), "amount"),
        (tx(&usd, "expense", "abc", "2026-01-01"), "amount"),
        (tx(&usd, "transfer", "1", "2026-01-01"), "kind"),
        (tx(&usd, "expense", "1", "2201-01-01"), "date"),
        (tx(&usd, "expense", "1", "1899-12-31"), "date"),
    ];
    for (input, field) in cases {
        let e = transactions::record_transaction(&t.app, &a, input, None)
            .await
            .unwrap_err();
        assert_eq!(field_of(&e), vec![field]);
    }
    let mut wrong_currency = tx(&usd, "expense", "1", "2026-01-01");
    wrong_currency.currency = Some("EUR".into());
    assert_eq!(
        field_of(
            &transactions::record_transaction(&t.app, &a, wrong_currency, None)
                .await
                .unwrap_err()
        ),
        vec!["currency"]
    );
    let mut nul = tx(&usd, "expense", "1", "2026-01-01");
    nul.description = Some("a\0b".into());
    assert_eq!(
        field_of(
            &transactions::record_transaction(&t.app, &a, nul, None)
                .await
                .unwrap_err()
        ),
        vec!["description"]
    );
    let mut same_currency = tx(&usd, "expense", "1", "2026-01-01");
    same_currency.currency = Some("usd".into());
    transactions::record_transaction(&t.app, &a, same_currency, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn reverse_and_correct_keep_the_ledger_immutable() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let acct = account(&t, &a, "Bank", "USD", "100").await;
    let other = account(&t, &a, "Cash", "USD", "0").await;
    let r = record(&t, &a, tx(&acct, "expense", "30", "2026-03-01")).await;
    let rev = transactions::reverse_transaction(
        &t.app,
        &a,
        r.id,
        ReverseInput {
            reason: "Duplicate".into(),
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(rev.amount.to_string(), "-30.00");
    assert_eq!(rev.reverses_id, Some(r.id));
    assert_eq!(
        transactions::get_transaction(&t.app, &a, r.id)
            .await
            .unwrap()
            .reversed_by_id,
        Some(rev.id)
    );
    assert_eq!(
        accounts::get_account(&t.app, &a, acct.id)
            .await
            .unwrap()
            .balance
            .to_string(),
        "100.00"
    );
    // Twice is refused; reversing a reversal too.
    assert!(matches!(
        transactions::reverse_transaction(
            &t.app,
            &a,
            r.id,
            ReverseInput {
                reason: "again".into()
            },
            None
        )
        .await,
        Err(Error::Conflict(_))
    ));
    assert!(
        transactions::reverse_transaction(&t.app, &a, rev.id, ReverseInput { reason: "x".into() }, None)
            .await
            .is_err()
    );
    assert_eq!(
        field_of(
            &transactions::reverse_transaction(&t.app, &a, r.id, ReverseInput { reason: " ".into() }, None)
                .await
                .unwrap_err()
        ),
        vec!["reason"]
    );

    let r2 = record(&t, &a, tx(&acct, "expense", "40", "2026-03-02")).await;
    let fixed = transactions::correct_transaction(
        &t.app,
        &a,
        r2.id,
        Correction {
            amount: Some("45".into()),
            account_id: Some(other.id.to_string()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        (
            fixed.amount.to_string().as_str(),
            fixed.account_id,
            fixed.corrects_id
        ),
        ("45.00", other.id, Some(r2.id))
    );
    let original = transactions::get_transaction(&t.app, &a, r2.id).await.unwrap();
    assert_eq!(original.corrected_by_id, Some(fixed.id));
    assert!(original.reversed_by_id.is_some());
    assert_eq!(original.amount.to_string(), "40.00");
    assert_eq!(
        accounts::get_account(&t.app, &a, acct.id)
            .await
            .unwrap()
            .balance
            .to_string(),
        "100.00"
    );
    assert_eq!(
        accounts::get_account(&t.app, &a, other.id)
            .await
            .unwrap()
            .balance
            .to_string(),
        "-45.00"
    );
    // A bad correction changes nothing.
    let r3 = record(&t, &a, tx(&acct, "expense", "5", "2026-03-03")).await;
    let e = transactions::correct_transaction(
        &t.app,
        &a,
        r3.id,
        Correction {
            amount: Some("1.001".into()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["amount"]);
    assert!(
        transactions::get_transaction(&t.app, &a, r3.id)
            .await
            .unwrap()
            .reversed_by_id
            .is_none()
    );
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
}

#[tokio::test]
async fn edits_are_kept_in_history() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let acct = account(&t, &a, "Bank", "USD", "0").await;
    let r = record(&t, &a, tx(&acct, "expense", "3", "2026-03-01")).await;
    let cats = hisaab_service::finance::categories::list_categories(&t.app, &a, false)
        .await
        .unwrap();
    let food = cats.iter().find(|c| c.name == "Food").unwrap();
    let salary = cats.iter().find(|c| c.name == "Salary").unwrap();
    let edited = transactions::update_transaction(
        &t.app,
        &a,
        r.id,
        TransactionEdits {
            description: Some("Lunch".into()),
            category_id: Some(Some(food.id.to_string())),
            tags: Some(vec!["work".into()]),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (edited.description.as_str(), edited.category_id),
        ("Lunch", Some(food.id))
    );
    let e = transactions::update_transaction(
        &t.app,
        &a,
        r.id,
        TransactionEdits {
            category_id: Some(Some(salary.id.to_string())),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["category_id"]);
    transactions::update_transaction(
        &t.app,
        &a,
        r.id,
        TransactionEdits {
            notes: Some(Some("n".into())),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let history = transactions::transaction_history(&t.app, &a, r.id).await.unwrap();
    assert_eq!(history.len(), 2);
    let fields: Vec<&str> = history[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, vec!["description", "tags", "category_id"]);
    assert_eq!(history[0].changes[0].before, serde_json::json!("expense 3"));
    assert_eq!(history[0].changes[0].after, serde_json::json!("Lunch"));
    assert_eq!(history[1].changes[0].field, "notes");
}

#[tokio::test]
async fn lists_filter_paginate_and_total() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let bank = account(&t, &a, "Bank", "USD", "0").await;
    let cash = account(&t, &a, "Cash", "EUR", "0").await;
    for day in 1..=9 {
        let mut i = tx(
            &bank,
            if day % 3 == 0 { "income" } else { "expense" },
            &format!("{day}.25"),
            &format!("2026-04-0{day}"),
        );
        if day == 5 {
            i.description = Some("Coffee 100% beans".into());
            i.tags = vec!["treat".into()];
        }
        record(&t, &a, i).await;
    }
    record(&t, &a, tx(&cash, "expense", "7", "2026-04-05")).await;
    let all = transactions::list_transactions(&t.app, &a, TransactionFilter::default())
        .await
        .unwrap();
    assert_eq!(all.items.len(), 10);
    let dates: Vec<String> = all.items.iter().map(|i| i.date_text()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|x, y| y.cmp(x));
    assert_eq!(dates, sorted);
    let totals = all.totals.as_ref().unwrap();
    assert_eq!(totals.len(), 2);
    let usd = totals.iter().find(|x| x.currency.code() == "USD").unwrap();
    // income: 3.25 + 6.25 + 9.25; expense: the other six.
    assert_eq!(
        (
            usd.income.to_string().as_str(),
            usd.expense.to_string().as_str(),
            usd.net.to_string().as_str()
        ),
        ("18.75", "28.50", "-9.75")
    );

    // Walk with a cursor of 3.
    let mut seen = vec![];
    let mut cursor = None;
    loop {
        let page = transactions::list_transactions(
            &t.app,
            &a,
            TransactionFilter {
                account_id: Some(bank.id.to_string()),
                limit: Some(3),
                cursor: cursor.clone(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        seen.extend(page.items.iter().map(|i| i.id));
        match &page.totals {
            Some(totals) => {
                assert!(cursor.is_none(), "totals come on the first page only");
                assert_eq!(totals[0].expense.to_string(), "28.50");
            }
            None => assert!(cursor.is_some(), "the first page has the totals"),
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 9);
    // A cursor from other filters is refused.
    let e = transactions::list_transactions(
        &t.app,
        &a,
        TransactionFilter {
            cursor: cursor.or(Some("x".into())),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["cursor"]);

    let f = |filter: TransactionFilter| {
        let app = t.app.clone();
        let a = a.clone();
        async move { transactions::list_transactions(&app, &a, filter).await.unwrap() }
    };
    assert_eq!(
        f(TransactionFilter {
            q: Some("100%".into()),
            ..Default::default()
        })
        .await
        .items
        .len(),
        1
    );
    assert_eq!(
        f(TransactionFilter {
            q: Some("COFFEE".into()),
            ..Default::default()
        })
        .await
        .items
        .len(),
        1
    );
    assert_eq!(
        f(TransactionFilter {
            tag: Some("treat".into()),
            ..Default::default()
        })
        .await
        .items
        .len(),
        1
    );
    assert_eq!(
        f(TransactionFilter {
            kind: Some("income".into()),
            ..Default::default()
        })
        .await
        .items
        .len(),
        3
    );
    let range = f(TransactionFilter {
        from: Some("2026-04-02".into()),
        to: Some("2026-04-04".into()),
        account_id: Some(bank.id.to_string()),
        ..Default::default()
    })
    .await;
    assert_eq!(range.items.len(), 3);
    assert_eq!(range.totals.unwrap()[0].net.to_string(), "-3.25");
    assert_eq!(
        f(TransactionFilter {
            min_amount: Some("5".into()),
            max_amount: Some("7".into()),
            ..Default::default()
        })
        .await
        .items
        .len(),
        3
    );
    let e = transactions::list_transactions(
        &t.app,
        &a,
        TransactionFilter {
            from: Some("2026-13-01".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["from"]);
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_other_bodies() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let acct = account(&t, &a, "Bank", "USD", "0").await;
    let first =
        transactions::record_transaction(&t.app, &a, tx(&acct, "expense", "9", "2026-05-01"), Some("key-1"))
            .await
            .unwrap();
    let again =
        transactions::record_transaction(&t.app, &a, tx(&acct, "expense", "9", "2026-05-01"), Some("key-1"))
            .await
            .unwrap();
    assert_eq!(first.id, again.id);
    let e = transactions::record_transaction(
        &t.app,
        &a,
        tx(&acct, "expense", "10", "2026-05-01"),
        Some("key-1"),
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["Idempotency-Key"]);
    // A failed validation is not remembered: a corrected retry works.
    assert!(
        transactions::record_transaction(&t.app, &a, tx(&acct, "expense", "0", "2026-05-01"), Some("key-2"))
            .await
            .is_err()
    );
    transactions::record_transaction(&t.app, &a, tx(&acct, "expense", "1", "2026-05-01"), Some("key-2"))
        .await
        .unwrap();

    // Concurrent duplicates create one record.
    let mut handles = vec![];
    for _ in 0..6 {
        let (app, a, input) = (t.app.clone(), a.clone(), tx(&acct, "income", "100", "2026-05-02"));
        handles.push(tokio::spawn(async move {
            transactions::record_transaction(&app, &a, input, Some("same-key")).await
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for h in handles {
        match h.await.unwrap() {
            Ok(v) => {
                ids.insert(v.id);
            }
            Err(Error::Conflict(_)) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ids.len(), 1);
    let incomes = transactions::list_transactions(
        &t.app,
        &a,
        TransactionFilter {
            kind: Some("income".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(incomes.items.len(), 1);
    assert_eq!(
        accounts::get_account(&t.app, &a, acct.id)
            .await
            .unwrap()
            .balance
            .to_string(),
        "90.00"
    );
}

#[tokio::test]
async fn another_tenant_cannot_see_or_touch_a_transaction() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let b = t.actor(&t.user("b@example.com").await);
    let acct = account(&t, &a, "Bank", "USD", "0").await;
    let r = record(&t, &a, tx(&acct, "expense", "3", "2026-03-01")).await;
    assert!(matches!(
        transactions::get_transaction(&t.app, &b, r.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        transactions::update_transaction(
            &t.app,
            &b,
            r.id,
            TransactionEdits {
                description: Some("x".into()),
                ..Default::default()
            }
        )
        .await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        transactions::reverse_transaction(&t.app, &b, r.id, ReverseInput { reason: "x".into() }, None).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        transactions::correct_transaction(&t.app, &b, r.id, Correction::default(), None).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        transactions::transaction_history(&t.app, &b, r.id).await,
        Err(Error::NotFound)
    ));
    assert!(
        transactions::list_transactions(&t.app, &b, TransactionFilter::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let still = transactions::get_transaction(&t.app, &a, r.id).await.unwrap();
    assert_eq!(
        (still.description.as_str(), still.reversed_by_id),
        ("expense 3", None)
    );
}

/// Lists read rows by position (`finance::record_rows`); a single record is
/// read by SeaORM's own decoder. Both must see the same record, NULLs and
/// every link included.
#[tokio::test]
async fn listed_records_decode_like_single_reads() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let checking = account(&t, &a, "Checking", "USD", "100.00").await;
    let savings = account(&t, &a, "Savings", "USD", "0.00").await;
    let mut full = tx(&checking, "expense", "12.34", "2026-11-20");
    full.payee = Some("Corner cafe".into());
    full.notes = Some("with a note".into());
    full.tags = vec!["food".into(), "work".into()];
    let full = record(&t, &a, full).await;
    let plain = record(&t, &a, tx(&checking, "income", "50.00", "2026-11-21")).await;
    transactions::reverse_transaction(
        &t.app,
        &a,
        plain.id,
        ReverseInput {
            reason: "Typo".into(),
        },
        None,
    )
    .await
    .unwrap();
    transactions::correct_transaction(
        &t.app,
        &a,
        full.id,
        Correction {
            amount: Some("12.43".into()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    hisaab_service::finance::transfers::record_transfer(
        &t.app,
        &a,
        hisaab_service::finance::transfers::NewTransfer {
            from_account_id: checking.id.to_string(),
            to_account_id: savings.id.to_string(),
            amount: "10.00".into(),
            date: "2026-11-22".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let page = transactions::list_transactions(&t.app, &a, TransactionFilter::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 7);
    for listed in page.items {
        let single = transactions::get_transaction(&t.app, &a, listed.id)
            .await
            .unwrap();
        assert_eq!(format!("{listed:?}"), format!("{single:?}"));
    }
}
