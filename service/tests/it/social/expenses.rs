use super::*;
use hisaab_service::social::ItemInput;

#[tokio::test]
async fn an_expense_splits_exactly_and_keeps_its_history() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], true).await;
    let e = social::add_expense(&t.app, &asha, None, g.id, equal(&g, "100.00", 0, &[0, 1, 2]))
        .await
        .unwrap()
        .value;
    assert_eq!(e.total.to_string(), "100.00");
    let mut shares: Vec<String> = e.shares.iter().map(|s| s.amount.to_string()).collect();
    shares.sort();
    assert_eq!(shares, vec!["33.33", "33.33", "33.34"]);

    let mut input = equal(&g, "90.00", 0, &[0, 1, 2]);
    input.description = "Dinner (fixed)".into();
    let stale = e.etag();
    let edited = social::update_expense(&t.app, &asha, e.id, Some(&stale), input.clone())
        .await
        .unwrap();
    assert_eq!(edited.version, 2);
    assert!(edited.shares.iter().all(|s| s.amount.to_string() == "30.00"));
    match social::update_expense(&t.app, &asha, e.id, Some(&stale), input).await {
        Err(Error::PreconditionFailed) => {}
        other => panic!("expected 412, got {other:?}"),
    }
    let activity = social::group_activity(&t.app, &asha, g.id, None, None)
        .await
        .unwrap();
    let changed = activity
        .items
        .iter()
        .find(|a| a.action == "expense.changed")
        .unwrap();
    assert_eq!(changed.details["before"]["total"], "100.00");
    assert_eq!(changed.details["after"]["total"], "90.00");

    social::delete_expense(&t.app, &asha, e.id, None, None)
        .await
        .unwrap();
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    assert!(b.members.iter().all(|m| m.balance.is_zero()));
    social::restore_expense(&t.app, &asha, e.id, None, None)
        .await
        .unwrap();
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(b.members[0].balance.to_string(), "60.00");

    // Another tenant sees nothing and changes nothing.
    let ravi = t.actor(&t.user("ravi@example.com").await);
    not_found(social::get_expense(&t.app, &ravi, e.id).await);
    not_found(social::update_expense(&t.app, &ravi, e.id, None, equal(&g, "1.00", 0, &[0])).await);
    not_found(social::delete_expense(&t.app, &ravi, e.id, None, None).await);
    not_found(social::group_balances(&t.app, &ravi, g.id).await);
    not_found(social::add_expense(&t.app, &ravi, None, g.id, equal(&g, "1.00", 0, &[0])).await);
    assert_eq!(
        social::get_expense(&t.app, &asha, e.id)
            .await
            .unwrap()
            .total
            .to_string(),
        "90.00"
    );
}

#[tokio::test]
async fn mismatches_are_refused_naming_the_field_and_the_gap() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera"], true).await;
    let m = |i: usize| g.members[i].id.to_string();
    let p = |i: usize, v: &str| ParticipantInput {
        member_id: m(i),
        value: Some(v.into()),
    };

    let mut input = equal(&g, "100.00", 0, &[0, 1]);
    input.split.method = "percentage".into();
    input.split.participants = vec![p(0, "50"), p(1, "49.5")];
    let e = invalid(social::add_expense(&t.app, &asha, None, g.id, input.clone()).await);
    assert_eq!(e[0].0, "split.participants");
    assert!(e[0].1.contains("0.5 short"), "{}", e[0].1);

    input.split.method = "exact".into();
    input.split.participants = vec![p(0, "50.00"), p(1, "49.99")];
    let e = invalid(social::add_expense(&t.app, &asha, None, g.id, input.clone()).await);
    assert!(e[0].1.contains("0.01 short"), "{}", e[0].1);

    input.split.method = "itemized".into();
    input.split.items = vec![ItemInput {
        description: "Wine".into(),
        amount: "100.00".into(),
        member_ids: vec![],
    }];
    let e = invalid(social::add_expense(&t.app, &asha, None, g.id, input.clone()).await);
    assert_eq!(e[0].0, "split.items[0].member_ids");

    let mut input = equal(&g, "100.00", 0, &[0, 1]);
    input.payers = vec![
        PayerInput {
            member_id: m(0),
            amount: "60.00".into(),
            account_id: None,
        },
        PayerInput {
            member_id: m(1),
            amount: "30.00".into(),
            account_id: None,
        },
    ];
    let e = invalid(social::add_expense(&t.app, &asha, None, g.id, input).await);
    assert_eq!(e[0].0, "payers");
    assert!(e[0].1.contains("10.00 short"), "{}", e[0].1);
}

#[tokio::test]
async fn every_method_multiple_payers_and_another_currency() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], true).await;
    let m = |i: usize| g.members[i].id.to_string();
    let p = |i: usize, v: &str| ParticipantInput {
        member_id: m(i),
        value: Some(v.into()),
    };
    let two_payers = vec![
        PayerInput {
            member_id: m(0),
            amount: "70.00".into(),
            account_id: None,
        },
        PayerInput {
            member_id: m(1),
            amount: "30.00".into(),
            account_id: None,
        },
    ];
    for (method, parts) in [
        ("shares", vec![p(0, "1"), p(1, "2"), p(2, "1")]),
        ("adjustment", vec![p(0, "10"), p(1, "-5"), p(2, "0")]),
        ("percentage", vec![p(0, "25"), p(1, "25"), p(2, "50")]),
    ] {
        let mut input = equal(&g, "100.00", 0, &[]);
        input.payers = two_payers.clone();
        input.split.method = method.into();
        input.split.participants = parts;
        let e = social::add_expense(&t.app, &asha, None, g.id, input)
            .await
            .unwrap()
            .value;
        let sum: i64 = e.shares.iter().map(|s| s.amount.to_minor()).sum();
        assert_eq!(sum, 10_000, "{method}");
        assert_eq!(e.payers.len(), 2);
    }
    let mut input = equal(&g, "110.00", 0, &[]);
    input.split = SplitInput {
        method: "itemized".into(),
        items: vec![
            ItemInput {
                description: "Pizza".into(),
                amount: "60.00".into(),
                member_ids: vec![m(0), m(1)],
            },
            ItemInput {
                description: "Salad".into(),
                amount: "40.00".into(),
                member_ids: vec![m(2)],
            },
        ],
        tax: Some("15.00".into()),
        discount: Some("5.00".into()),
        ..Default::default()
    };
    let e = social::add_expense(&t.app, &asha, None, g.id, input)
        .await
        .unwrap()
        .value;
    assert_eq!(e.shares.iter().map(|s| s.amount.to_minor()).sum::<i64>(), 11_000);

    // 1000 JPY at 0.0067 USD each: shares in USD, the original kept.
    let mut input = equal(&g, "1000", 0, &[0, 1, 2]);
    input.currency = Some("JPY".into());
    input.rate = Some("0.0067".into());
    let e = social::add_expense(&t.app, &asha, None, g.id, input.clone())
        .await
        .unwrap()
        .value;
    assert_eq!(
        (
            e.total.to_string(),
            e.original.to_string(),
            e.original.currency().code()
        ),
        ("6.70".into(), "1000".into(), "JPY")
    );
    assert_eq!(e.shares.iter().map(|s| s.amount.to_minor()).sum::<i64>(), 670);
    input.rate = None;
    assert_eq!(
        invalid(social::add_expense(&t.app, &asha, None, g.id, input).await)[0].0,
        "rate"
    );

    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(b.members.iter().map(|m| m.balance.to_minor()).sum::<i64>(), 0);
}

#[tokio::test]
async fn a_replayed_key_adds_one_expense() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera"], true).await;
    let a = social::add_expense(&t.app, &asha, Some("e-1"), g.id, equal(&g, "10.00", 0, &[0, 1]))
        .await
        .unwrap();
    let b = social::add_expense(&t.app, &asha, Some("e-1"), g.id, equal(&g, "10.00", 0, &[0, 1]))
        .await
        .unwrap();
    assert!(b.replayed);
    assert_eq!(a.value.id, b.value.id);
    let list = social::list_expenses(&t.app, &asha, g.id, Default::default())
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1);
}

/// Restoring (or deleting) the same expense from many requests at once moves
/// the balances once: the row is locked, the later requests find it done.
#[tokio::test]
async fn concurrent_restores_count_the_expense_once() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera"], true).await;
    let e = social::add_expense(&t.app, &asha, None, g.id, equal(&g, "10.00", 0, &[0, 1]))
        .await
        .unwrap()
        .value;
    for deleted in [true, false] {
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (app, actor) = (t.app.clone(), asha.clone());
            tasks.push(tokio::spawn(async move {
                if deleted {
                    social::delete_expense(&app, &actor, e.id, None, None).await
                } else {
                    social::restore_expense(&app, &actor, e.id, None, None).await
                }
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().deleted, deleted);
        }
    }
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    let mut nets: Vec<String> = b.members.iter().map(|m| m.balance.to_string()).collect();
    nets.sort();
    assert_eq!(nets, vec!["-5.00", "5.00"]);
    let after = social::get_expense(&t.app, &asha, e.id).await.unwrap();
    assert_eq!(after.version, 3, "one delete and one restore were written");
}
