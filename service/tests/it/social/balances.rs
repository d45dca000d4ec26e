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

/// One step of a group's life, for the rollup property test.
#[derive(Clone, Debug)]
enum Step {
    Add {
        payer: usize,
        among: Vec<usize>,
        cents: i64,
    },
    Edit {
        which: usize,
        payer: usize,
        among: Vec<usize>,
        cents: i64,
    },
    Delete {
        which: usize,
    },
    Restore {
        which: usize,
    },
    Settle {
        from: usize,
        to: usize,
        cents: i64,
    },
    /// Deletes a live settlement, restores a deleted one.
    Toggle {
        which: usize,
    },
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let among =
        || prop::collection::btree_set(0usize..4, 1..4).prop_map(|s| s.into_iter().collect::<Vec<_>>());
    let step = prop_oneof![
        3 => (0usize..4, among(), 1i64..50_000).prop_map(|(payer, among, cents)| Step::Add { payer, among, cents }),
        1 => (0usize..8, 0usize..4, among(), 1i64..50_000)
            .prop_map(|(which, payer, among, cents)| Step::Edit { which, payer, among, cents }),
        1 => (0usize..8).prop_map(|which| Step::Delete { which }),
        1 => (0usize..8).prop_map(|which| Step::Restore { which }),
        1 => (0usize..4, 0usize..4, 1i64..20_000).prop_map(|(from, to, cents)| Step::Settle { from, to, cents }),
        1 => (0usize..8).prop_map(|which| Step::Toggle { which }),
    ];
    prop::collection::vec(step, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Whatever happens to a group, the pairwise rollup equals what its
    /// records say, and each member's balance equals paid − owed over the
    /// live expenses plus live settlements paid − received.
    #[test]
    fn the_pairwise_rollup_follows_every_change(steps in steps()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            use hisaab_service::money::{Currency, Money};
            let usd = Currency::parse("USD").unwrap();
            let t = TestApp::new().await;
            let asha = t.actor(&t.user("asha@example.com").await);
            let g = group(&t, &asha, &["A", "B", "C"], true).await;
            let mut expenses: Vec<social::ExpenseView> = Vec::new();
            // (settlement, from, to, cents, deleted)
            let mut payments = Vec::new();
            for step in &steps {
                match step {
                    Step::Add { payer, among, cents } => {
                        let total = Money::from_minor(*cents, usd).to_string();
                        let e = social::add_expense(&t.app, &asha, None, g.id, equal(&g, &total, *payer, among)).await.unwrap();
                        expenses.push(e.value);
                    }
                    Step::Edit { which, payer, among, cents } => {
                        let Some(i) = (!expenses.is_empty()).then(|| which % expenses.len()) else { continue };
                        let total = Money::from_minor(*cents, usd).to_string();
                        match social::update_expense(&t.app, &asha, expenses[i].id, None, equal(&g, &total, *payer, among)).await {
                            Ok(e) => expenses[i] = e,
                            Err(Error::Conflict(_)) => assert!(expenses[i].deleted, "only a deleted expense refuses edits"),
                            Err(e) => panic!("{e:?}"),
                        }
                    }
                    Step::Delete { which } | Step::Restore { which } => {
                        let Some(i) = (!expenses.is_empty()).then(|| which % expenses.len()) else { continue };
                        let id = expenses[i].id;
                        expenses[i] = if matches!(step, Step::Delete { .. }) {
                            social::delete_expense(&t.app, &asha, id, None, None).await.unwrap()
                        } else {
                            social::restore_expense(&t.app, &asha, id, None, None).await.unwrap()
                        };
                    }
                    Step::Settle { from, to, cents } => {
                        if from == to { continue }
                        let (f, to) = (g.members[*from].id, g.members[*to].id);
                        let input = SettlementInput {
                            group_id: Some(g.id.to_string()),
                            from_member_id: Some(f.to_string()),
                            to_member_id: Some(to.to_string()),
                            amount: Money::from_minor(*cents, usd).to_string(),
                            currency: Some("USD".into()),
                            date: "2026-11-25".into(),
                            ..Default::default()
                        };
                        let s = social::record_settlement(&t.app, &asha, None, input).await.unwrap().value;
                        payments.push((s.id, f, to, *cents, false));
                    }
                    Step::Toggle { which } => {
                        let Some(i) = (!payments.is_empty()).then(|| which % payments.len()) else { continue };
                        let (id, .., deleted) = &mut payments[i];
                        let s = if *deleted {
                            social::restore_settlement(&t.app, &asha, *id, None, None).await.unwrap()
                        } else {
                            social::delete_settlement(&t.app, &asha, *id, None, None).await.unwrap()
                        };
                        *deleted = s.deleted;
                    }
                }
            }
            let mut settled: std::collections::HashMap<_, i64> = std::collections::HashMap::new();
            for (_, f, to, cents, _) in payments.iter().filter(|p| !p.4) {
                *settled.entry(*f).or_default() += cents;
                *settled.entry(*to).or_default() -= cents;
            }
            assert_eq!(social::rollup::verify(&t.app).await.unwrap(), vec![]);
            let mut want = settled;
            for e in expenses.iter().filter(|e| !e.deleted) {
                for p in &e.payers {
                    *want.entry(p.member_id).or_default() += p.amount.to_minor();
                }
                for s in &e.shares {
                    *want.entry(s.member_id).or_default() -= s.amount.to_minor();
                }
            }
            let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
            for m in &b.members {
                assert_eq!(m.balance.to_minor(), want.get(&m.member_id).copied().unwrap_or(0), "{}", m.name);
            }
        });
    }
}

#[tokio::test]
async fn verify_reports_a_drifted_pair_and_rebuild_repairs_it() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera"], true).await;
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "10.00", 0, &[0, 1]))
        .await
        .unwrap();
    assert_eq!(social::rollup::verify(&t.app).await.unwrap(), vec![]);
    use sea_orm::ConnectionTrait;
    t.app
        .db
        .execute_unprepared("UPDATE group_pair_balances SET amount = amount + 1")
        .await
        .unwrap();
    let found = social::rollup::verify(&t.app).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].actual - found[0].expected, 1);
    assert_eq!(social::rollup::rebuild(&t.app).await.unwrap(), 1);
    assert_eq!(social::rollup::verify(&t.app).await.unwrap(), vec![]);
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(b.members[0].balance.to_string(), "5.00");
}
