use super::*;
use hisaab_service::entity::social::settlement;
use hisaab_service::social::{DebtFilter, DebtInput, DebtStatus, SettlementInput};
use sea_orm::{EntityTrait, PaginatorTrait};

fn lend(contact: &social::ContactView, amount: &str) -> DebtInput {
    DebtInput {
        contact_id: contact.id.to_string(),
        direction: "lent".into(),
        amount: amount.into(),
        currency: "USD".into(),
        date: "2026-11-01".into(),
        reason: Some("Concert tickets".into()),
        due_date: None,
        account_id: None,
    }
}

fn pay(amount: &str) -> SettlementInput {
    SettlementInput {
        amount: amount.into(),
        date: "2026-11-10".into(),
        method: Some("upi".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn debts_settle_in_parts_and_refuse_over_settlement() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = social::record_debt(&t.app, &asha, None, lend(&meera, "100.00"))
        .await
        .unwrap()
        .value;
    assert_eq!(
        (debt.amount.to_string(), debt.outstanding.to_string(), debt.status),
        ("100.00".into(), "100.00".into(), DebtStatus::Open)
    );

    let s = social::settle_debt(&t.app, &asha, None, debt.id, pay("30.50"))
        .await
        .unwrap()
        .value;
    assert_eq!(s.debt_outstanding.unwrap().to_string(), "69.50");
    assert_eq!(s.debt_status, Some(DebtStatus::PartiallySettled));
    let errors = invalid(social::settle_debt(&t.app, &asha, None, debt.id, pay("69.51")).await);
    assert_eq!(errors[0].0, "amount");
    assert!(errors[0].1.contains("69.50"), "{}", errors[0].1);
    let s = social::settle_debt(&t.app, &asha, None, debt.id, pay("69.50"))
        .await
        .unwrap()
        .value;
    assert_eq!(s.debt_status, Some(DebtStatus::Settled));

    let borrowed = social::record_debt(
        &t.app,
        &asha,
        None,
        DebtInput {
            direction: "borrowed".into(),
            amount: "40".into(),
            ..lend(&meera, "")
        },
    )
    .await
    .unwrap()
    .value;
    assert_eq!(borrowed.status, DebtStatus::Open);
    let balance = social::contact_balance(&t.app, &asha, meera.id).await.unwrap();
    assert_eq!(
        balance.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
        vec!["-40.00"]
    );
    let history = social::contact_history(&t.app, &asha, meera.id).await.unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(history.last().unwrap().running.to_string(), "-40.00");

    let open = social::list_debts(
        &t.app,
        &asha,
        DebtFilter {
            status: Some("open".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(open.items.len(), 1);
}

#[tokio::test]
async fn debt_input_and_tenancy_are_checked() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let errors = invalid(
        social::record_debt(
            &t.app,
            &asha,
            None,
            DebtInput {
                direction: "gave".into(),
                amount: "1.005".into(),
                date: "1899-12-31".into(),
                ..lend(&meera, "")
            },
        )
        .await,
    );
    let fields: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(fields, vec!["direction", "amount", "date"]);
    // Ravi cannot lend against Asha's contact, read, or settle her debt.
    not_found(social::record_debt(&t.app, &ravi, None, lend(&meera, "10")).await);
    let debt = social::record_debt(&t.app, &asha, None, lend(&meera, "10"))
        .await
        .unwrap()
        .value;
    not_found(social::get_debt(&t.app, &ravi, debt.id).await);
    not_found(social::settle_debt(&t.app, &ravi, None, debt.id, pay("1")).await);
    assert_eq!(
        social::get_debt(&t.app, &asha, debt.id)
            .await
            .unwrap()
            .outstanding
            .to_string(),
        "10.00"
    );
}

#[tokio::test]
async fn a_replayed_key_records_one_debt() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let first = social::record_debt(&t.app, &asha, Some("k1"), lend(&meera, "10"))
        .await
        .unwrap();
    let again = social::record_debt(&t.app, &asha, Some("k1"), lend(&meera, "10"))
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(first.value.id, again.value.id);
    assert_eq!(
        social::list_debts(&t.app, &asha, DebtFilter::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    invalid(social::record_debt(&t.app, &asha, Some("k1"), lend(&meera, "11")).await);
}

#[tokio::test]
async fn fifty_concurrent_partial_settlements_never_over_settle() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = social::record_debt(&t.app, &asha, None, lend(&meera, "20.00"))
        .await
        .unwrap()
        .value;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (app, actor) = (t.app.clone(), asha.clone());
        tasks.push(tokio::spawn(async move {
            social::settle_debt(&app, &actor, None, debt.id, pay("1.00")).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(Error::Invalid { errors, .. }) => assert_eq!(errors[0].field, "amount"),
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 20);
    let after = social::get_debt(&t.app, &asha, debt.id).await.unwrap();
    assert_eq!(after.outstanding.to_string(), "0.00");
    assert_eq!(after.status, DebtStatus::Settled);
    assert_eq!(settlement::Entity::find().count(&t.app.db).await.unwrap(), 20);
}
