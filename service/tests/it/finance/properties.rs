//! Seeded random histories: balances, rollups and transfer totals stay exact.

use super::account;
use hisaab_service::entity::user::Role;
use hisaab_service::finance::accounts;
use hisaab_service::finance::rollups;
use hisaab_service::finance::transactions::{self, Correction, NewTransaction, ReverseInput};
use hisaab_service::finance::transfers::{self, NewTransfer};
use hisaab_service::money::{Currency, Money};
use hisaab_service::testkit::TestApp;
use rust_decimal::Decimal;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[tokio::test]
async fn balances_and_rollups_agree_with_records_for_random_histories() {
    for seed in [7_u64, 42, 2026] {
        let t = TestApp::new().await;
        let a = t.actor(&t.user_with_role("p@example.com", Role::Premium).await);
        let mut rng = Rng(seed);
        let specs = [("USD", "12.34"), ("JPY", "500"), ("KWD", "-1.500"), ("USD", "0")];
        let mut accts = vec![];
        let mut expected: Vec<Decimal> = vec![];
        for (i, (cur, opening)) in specs.iter().enumerate() {
            accts.push(account(&t, &a, &format!("A{i}"), cur, opening).await);
            expected.push(opening.parse().unwrap());
        }
        let mut recorded = vec![];
        for _ in 0..60 {
            let i = rng.below(accts.len() as u64) as usize;
            let cur = accts[i].currency;
            let minor = 1 + rng.below(1_000_000) as i64;
            let amount = Money::from_minor(minor, cur);
            let income = rng.below(2) == 0;
            let date = format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
            match rng.below(10) {
                0 if !recorded.is_empty() => {
                    let (id, idx, signed): (_, usize, Decimal) =
                        recorded.remove(rng.below(recorded.len() as u64) as usize);
                    transactions::reverse_transaction(
                        &t.app,
                        &a,
                        id,
                        ReverseInput {
                            reason: "random".into(),
                        },
                        None,
                    )
                    .await
                    .unwrap();
                    expected[idx] -= signed;
                }
                1 if !recorded.is_empty() => {
                    let (id, idx, signed): (_, usize, Decimal) =
                        recorded.remove(rng.below(recorded.len() as u64) as usize);
                    let new_amount = Money::from_minor(1 + rng.below(10_000) as i64, accts[idx].currency);
                    let fixed = transactions::correct_transaction(
                        &t.app,
                        &a,
                        id,
                        Correction {
                            amount: Some(new_amount.to_string()),
                            ..Default::default()
                        },
                        None,
                    )
                    .await
                    .unwrap();
                    expected[idx] -= signed;
                    let s = if fixed.kind.as_str() == "income" {
                        new_amount.amount()
                    } else {
                        -new_amount.amount()
                    };
                    expected[idx] += s;
                    recorded.push((fixed.id, idx, s));
                }
                2 => {
                    // Same-currency transfer between A0 and A3 (both USD).
                    let (from, to) = if rng.below(2) == 0 { (0, 3) } else { (3, 0) };
                    let amt = Money::from_minor(minor, accts[from].currency);
                    let total_before: Decimal = expected[0] + expected[3];
                    transfers::record_transfer(
                        &t.app,
                        &a,
                        NewTransfer {
                            from_account_id: accts[from].id.to_string(),
                            to_account_id: accts[to].id.to_string(),
                            amount: amt.to_string(),
                            date: date.clone(),
                            ..Default::default()
                        },
                        None,
                    )
                    .await
                    .unwrap();
                    expected[from] -= amt.amount();
                    expected[to] += amt.amount();
                    let b0 = accounts::get_account(&t.app, &a, accts[0].id)
                        .await
                        .unwrap()
                        .balance
                        .amount();
                    let b3 = accounts::get_account(&t.app, &a, accts[3].id)
                        .await
                        .unwrap()
                        .balance
                        .amount();
                    assert_eq!(
                        b0 + b3,
                        total_before,
                        "a same-currency transfer never changes the total (seed {seed})"
                    );
                }
                _ => {
                    let input = NewTransaction {
                        account_id: accts[i].id.to_string(),
                        kind: if income { "income" } else { "expense" }.into(),
                        amount: amount.to_string(),
                        date,
                        ..Default::default()
                    };
                    let r = transactions::record_transaction(&t.app, &a, input, None)
                        .await
                        .unwrap();
                    let signed = if income { amount.amount() } else { -amount.amount() };
                    expected[i] += signed;
                    recorded.push((r.id, i, signed));
                }
            }
        }
        for (i, acct) in accts.iter().enumerate() {
            let got = accounts::get_account(&t.app, &a, acct.id).await.unwrap();
            assert_eq!(
                got.balance,
                Money::new_rounded(expected[i], acct.currency),
                "seed {seed}, account {i}"
            );
        }
        assert!(
            rollups::verify_rollups(&t.app).await.unwrap().is_empty(),
            "seed {seed}"
        );
        // Tamper with the rollup: verify notices, rebuild repairs.
        use sea_orm::ConnectionTrait;
        t.app
            .db
            .execute_unprepared("UPDATE fin_account_month_totals SET income = income + 1")
            .await
            .unwrap();
        assert!(!rollups::verify_rollups(&t.app).await.unwrap().is_empty());
        rollups::rebuild_rollups(&t.app).await.unwrap();
        assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
        let _ = Currency::parse("USD");
    }
}

mod amortization_props {
    use hisaab_service::finance::amortization::{Frequency, schedule};
    use hisaab_service::money::{Currency, Money};
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use time::macros::date;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn schedules_sum_to_principal_plus_interest_and_end_at_zero(
            units in 1_i64..100_000_000,
            rate_bp in 0_i64..3_000,
            term in 1_u32..480,
            cur in prop::sample::select(vec!["JPY", "USD", "KWD"]),
            freq in prop::sample::select(vec![Frequency::Monthly, Frequency::Weekly, Frequency::Quarterly]),
        ) {
            let c = Currency::parse(cur).unwrap();
            let principal = Money::new_rounded(Decimal::new(units, 2), c);
            prop_assume!(principal.is_positive());
            let s = schedule(principal, Decimal::new(rate_bp, 2), term, freq, date!(2026 - 01 - 31));
            let paid: Decimal = s.rows.iter().map(|r| r.payment.amount()).sum();
            let interest: Decimal = s.rows.iter().map(|r| r.interest.amount()).sum();
            let principal_sum: Decimal = s.rows.iter().map(|r| r.principal.amount()).sum();
            prop_assert_eq!(principal_sum, principal.amount());
            prop_assert_eq!(paid, principal.amount() + interest);
            prop_assert_eq!(s.total_interest.amount(), interest);
            prop_assert!(s.rows.last().unwrap().outstanding.is_zero());
            prop_assert_eq!(s.rows.len() as u32, freq.periods(term));
            for r in &s.rows {
                prop_assert!(!r.payment.amount().is_sign_negative());
                prop_assert!(!r.interest.amount().is_sign_negative());
                prop_assert!(!r.principal.amount().is_sign_negative());
                prop_assert!(!r.outstanding.amount().is_sign_negative());
                prop_assert_eq!(r.payment.amount(), r.principal.amount() + r.interest.amount());
            }
            if rate_bp == 0 {
                prop_assert!(interest.is_zero());
            }
        }
    }
}
