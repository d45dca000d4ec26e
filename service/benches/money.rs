//! Benchmarks of the money algorithms at the sizes the product promises:
//! a minimal settle-up plan for 20 members (≤ 50 ms), a greedy plan for 10,000 members
//! (≤ 50 ms), one apportionment among 100 weights (≤ 20 µs), and a 100-way percentage
//! split.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hisaab_service::money::apportion::apportion;
use hisaab_service::settle_plan::{plan_greedy, plan_minimal};
use hisaab_service::split::{Participant, SplitMethod, SplitRequest, compute_split};
use rust_decimal::Decimal;

/// xorshift64: reproducible amounts without a random-number dependency.
struct Amounts(u64);

impl Amounts {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }

    /// A non-zero amount in ±[1, 1,000,000].
    fn balance(&mut self) -> i64 {
        let magnitude = self.next(1_000_000) as i64 + 1;
        if self.next(2) == 0 { magnitude } else { -magnitude }
    }
}

/// `n` random non-zero balances, the last one making them sum to zero. Random
/// amounts seldom contain zero-sum subsets, which is the slowest case for the plan
/// (nothing to prune, and the partition is the whole set).
fn balances(n: usize, seed: u64) -> Vec<(u32, i64)> {
    let mut amounts = Amounts(seed);
    let mut balances: Vec<(u32, i64)> = (0..n as u32 - 1).map(|k| (k, amounts.balance())).collect();
    let sum: i64 = balances.iter().map(|b| b.1).sum();
    if sum == 0 {
        balances[0].1 += 1;
        balances.push((n as u32 - 1, -1));
    } else {
        balances.push((n as u32 - 1, -sum));
    }
    balances
}

fn settle_plans(c: &mut Criterion) {
    let twenty = balances(20, 0x9e37_79b9_7f4a_7c15);
    assert_eq!(
        plan_minimal(&twenty).unwrap().len(),
        19,
        "expected no zero-sum subsets"
    );
    c.bench_function("plan_minimal 20 balances", |b| {
        b.iter(|| plan_minimal(black_box(&twenty)).unwrap())
    });

    let ten_thousand = balances(10_000, 0x2545_f491_4f6c_dd1d);
    c.bench_function("plan_greedy 10,000 balances", |b| {
        b.iter(|| plan_greedy(black_box(&ten_thousand)).unwrap())
    });
}

fn apportionment(c: &mut Criterion) {
    let mut amounts = Amounts(0xdead_beef_cafe_f00d);
    let weights: Vec<Decimal> = (0..100)
        .map(|_| Decimal::new(amounts.next(1_000_000) as i64 + 1, 2))
        .collect();
    c.bench_function("apportion 100 weights", |b| {
        b.iter(|| apportion(black_box(123_456_789), black_box(&weights), b"expense").unwrap())
    });
    let equal = vec![Decimal::ONE; 100];
    c.bench_function("apportion 100 equal weights (all tied)", |b| {
        b.iter(|| apportion(black_box(100_001), black_box(&equal), b"expense").unwrap())
    });

    // 100 percentages of 1.0000 ± a few basis points, adding up to exactly 100.
    let mut values: Vec<i64> = (0..100).map(|_| 10_000).collect();
    for i in 0..50 {
        let shift = amounts.next(5_000) as i64;
        values[2 * i] += shift;
        values[2 * i + 1] -= shift;
    }
    let participants: Vec<Participant<u32>> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| Participant {
            member: i as u32,
            value: Some(Decimal::new(v, 4)),
        })
        .collect();
    let request = SplitRequest {
        method: SplitMethod::Percentage,
        total: 9_876_543,
        exponent: 2,
        participants: &participants,
        items: &[],
        tax: 0,
        tip: 0,
        discount: 0,
        tie_seed: b"expense",
    };
    c.bench_function("compute_split percentage 100 participants", |b| {
        b.iter(|| compute_split(black_box(&request)).unwrap())
    });
}

criterion_group!(benches, settle_plans, apportionment);
criterion_main!(benches);
