use super::*;
use hisaab_service::social::SettlementInput;
use proptest::prelude::*;

#[tokio::test]
async fn plans_settle_groups_and_payments_move_balances() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], true).await;
    // You pay 90 for all three; Meera pays 30 for Meera and Kabir.
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "90.00", 0, &[0, 1, 2]))
        .await
        .unwrap();
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "30.00", 1, &[1, 2]))
        .await
        .unwrap();
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    let bal: Vec<String> = b.members.iter().map(|m| m.balance.to_string()).collect();
    assert_eq!(bal, vec!["60.00", "-15.00", "-45.00"]);
    let pair_sum: i64 = b
        .pairwise
        .iter()
        .filter(|p| p.to_member_id == g.members[0].id)
        .map(|p| p.amount.to_minor())
        .sum();
    assert_eq!(pair_sum, 6000);

    let plan = social::group_plan(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(plan.payments.len(), 2);
    for p in &plan.payments {
        let input = SettlementInput {
            group_id: Some(g.id.to_string()),
            from_member_id: Some(p.from_member_id.to_string()),
            to_member_id: Some(p.to_member_id.to_string()),
            amount: p.amount.to_string(),
            currency: Some("USD".into()),
            date: "2026-11-25".into(),
            ..Default::default()
        };
        social::record_settlement(&t.app, &asha, None, input)
            .await
            .unwrap();
    }
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    assert!(b.members.iter().all(|m| m.balance.is_zero()));
    assert!(
        social::group_plan(&t.app, &asha, g.id)
            .await
            .unwrap()
            .payments
            .is_empty()
    );

    // Per contact and overall: all square now.
    let overall = social::overall_balances(&t.app, &asha).await.unwrap();
    assert!(overall.people.is_empty(), "{overall:?}");

    let ravi = t.actor(&t.user("ravi@example.com").await);
    not_found(social::group_plan(&t.app, &ravi, g.id).await);
    let input = SettlementInput {
        group_id: Some(g.id.to_string()),
        from_member_id: Some(g.members[1].id.to_string()),
        to_member_id: Some(g.members[0].id.to_string()),
        amount: "1".into(),
        currency: Some("USD".into()),
        date: "2026-11-25".into(),
        ..Default::default()
    };
    not_found(social::record_settlement(&t.app, &ravi, None, input).await);
}

#[tokio::test]
async fn without_simplify_payments_follow_pairwise_debts_and_contacts_see_them() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], false).await;
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "90.00", 0, &[0, 1, 2]))
        .await
        .unwrap();
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "30.00", 1, &[1, 2]))
        .await
        .unwrap();
    let plan = social::group_plan(&t.app, &asha, g.id).await.unwrap();
    assert!(!plan.simplified);
    assert_eq!(plan.payments.len(), 3);
    let meera = g.members[1].contact_id.unwrap();
    let bal = social::contact_balance(&t.app, &asha, meera).await.unwrap();
    assert_eq!(bal[0].to_string(), "30.00");
    let overall = social::overall_balances(&t.app, &asha).await.unwrap();
    assert_eq!(overall.totals[0].owed_to_you.to_string(), "60.00");
    assert_eq!(overall.totals[0].you_owe.to_string(), "0.00");
}

fn expense_sets() -> impl Strategy<Value = Vec<(usize, Vec<usize>, i64)>> {
    prop::collection::vec(
        (
            0usize..5,
            prop::collection::btree_set(0usize..5, 1..5),
            1i64..100_000,
        ),
        1..6,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(payer, among, cents)| (payer, among.into_iter().collect(), cents))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn balances_sum_to_zero_and_the_plan_settles_them(expenses in expense_sets()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let t = TestApp::new().await;
            let asha = t.actor(&t.user("asha@example.com").await);
            let g = group(&t, &asha, &["A", "B", "C", "D"], true).await;
            for (payer, among, cents) in &expenses {
                let total = hisaab_service::money::Money::from_minor(*cents, hisaab_service::money::Currency::parse("USD").unwrap()).to_string();
                social::add_expense(&t.app, &asha, None, g.id, equal(&g, &total, *payer, among)).await.unwrap();
            }
            let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
            let mut net: std::collections::HashMap<_, i64> = b.members.iter().map(|m| (m.member_id, m.balance.to_minor())).collect();
            assert_eq!(net.values().sum::<i64>(), 0);
            // Pairwise debts add up to each member's balance.
            for p in &b.pairwise {
                *net.get_mut(&p.from_member_id).unwrap() += p.amount.to_minor();
                *net.get_mut(&p.to_member_id).unwrap() -= p.amount.to_minor();
            }
            assert!(net.values().all(|v| *v == 0), "{net:?}");
            let plan = social::group_plan(&t.app, &asha, g.id).await.unwrap();
            let again = social::group_plan(&t.app, &asha, g.id).await.unwrap();
            assert_eq!(plan, again);
            let mut after: std::collections::HashMap<_, i64> = b.members.iter().map(|m| (m.member_id, m.balance.to_minor())).collect();
            for p in &plan.payments {
                *after.get_mut(&p.from_member_id).unwrap() += p.amount.to_minor();
                *after.get_mut(&p.to_member_id).unwrap() -= p.amount.to_minor();
            }
            assert!(after.values().all(|v| *v == 0));
        });
    }
}
