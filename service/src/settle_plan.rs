//! Settle-up plans: who pays whom, and how much, so that every balance in a group
//! reaches exactly zero.
//!
//! A balance is in minor units: positive means the member is owed money (a creditor),
//! negative means they owe (a debtor). Balances must sum to zero; zero balances are
//! ignored. Every plan pays only positive amounts, from a debtor to a creditor, and
//! applying it settles every balance exactly.
//!
//! Plans are deterministic: members are ordered by key first, so the same balances in
//! any input order give the same plan, and every tie (equal amounts) goes to the smaller
//! key.
//!
//! Each [`Payment`] carries a `cluster`: the index of the zero-sum group of balances it
//! helps clear. Members of one cluster only pay each other, so a cluster is the
//! explanation of a payment ("these three balances cancel out"). Clusters are numbered
//! in order of their smallest member key, and payments are listed cluster by cluster.
//!
//! - [`plan_minimal`] finds the fewest possible payments for up to [`EXACT_LIMIT`]
//!   members with non-zero balances, and falls back to [`plan_greedy`] beyond that.
//! - [`plan_greedy`] is fast for any size and never needs more than `n − 1` payments.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::ops::Add;

/// One transfer of a settle-up plan: `from` (a debtor) pays `amount` minor units to `to`
/// (a creditor). `cluster` is the zero-sum group of balances the payment belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Payment<K> {
    pub from: K,
    pub to: K,
    pub amount: i64,
    pub cluster: usize,
}

/// Why balances cannot be settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanError {
    /// The balances sum to this instead of zero: money would be created or lost.
    Unbalanced(i128),
    /// The member at this input index appears earlier in the input too.
    DuplicateMember(usize),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unbalanced(sum) => write!(f, "balances sum to {sum} instead of zero"),
            Self::DuplicateMember(i) => write!(f, "balance {i} repeats a member listed before it"),
        }
    }
}

impl std::error::Error for PlanError {}

/// The largest number of non-zero balances [`plan_minimal`] solves exactly. The search
/// visits every subset (2²⁰ ≈ 10⁶ here), so each member more doubles its time and memory.
pub const EXACT_LIMIT: usize = 20;

/// A plan with the fewest possible payments.
///
/// With `n` non-zero balances, a plan needs at least `n − k` payments, where `k` is the
/// largest number of disjoint zero-sum groups the balances can be partitioned into
/// (each group of size `s` needs `s − 1` payments, and no plan does better). This finds
/// such a partition by dynamic programming over subsets, then settles each group by
/// having its largest debtor pay its largest creditor until the group is clear.
///
/// Beyond [`EXACT_LIMIT`] non-zero balances this is [`plan_greedy`].
///
/// # Errors
/// [`PlanError::DuplicateMember`] if a member appears twice, [`PlanError::Unbalanced`]
/// if the balances do not sum to zero.
pub fn plan_minimal<K: Clone + Ord>(balances: &[(K, i64)]) -> Result<Vec<Payment<K>>, PlanError> {
    let members = prepare(balances)?;
    if members.len() > EXACT_LIMIT {
        return Ok(greedy(&members));
    }
    let amounts: Vec<i64> = members.iter().map(|m| m.1).collect();
    // Subset sums stay in i64 unless the magnitudes could add up past it.
    let magnitude: i128 = amounts.iter().map(|&a| i128::from(a).abs()).sum();
    let blocks = if magnitude <= i128::from(i64::MAX) {
        zero_sum_blocks::<i64>(&amounts)
    } else {
        zero_sum_blocks::<i128>(&amounts)
    };
    let mut payments = Vec::with_capacity(members.len().saturating_sub(blocks.len()));
    for (cluster, &block) in blocks.iter().enumerate() {
        let indices: Vec<usize> = (0..members.len()).filter(|&i| block & (1 << i) != 0).collect();
        for (from, to, amount) in largest_first(&amounts, &indices) {
            payments.push(payment(&members, from, to, amount, cluster));
        }
    }
    Ok(payments)
}

/// A fast plan of at most `n − 1` payments for any number of members.
///
/// First every debtor who owes exactly what some creditor is owed pays that creditor
/// (one payment clears two balances); then the largest remaining debtor repeatedly pays
/// the largest remaining creditor as much as possible. Each payment clears at least one
/// balance and the last clears two.
///
/// # Errors
/// As [`plan_minimal`].
pub fn plan_greedy<K: Clone + Ord>(balances: &[(K, i64)]) -> Result<Vec<Payment<K>>, PlanError> {
    Ok(greedy(&prepare(balances)?))
}

/// Validates the balances and returns the non-zero ones sorted by key.
fn prepare<K: Clone + Ord>(balances: &[(K, i64)]) -> Result<Vec<(K, i64)>, PlanError> {
    let mut order: Vec<usize> = (0..balances.len()).collect();
    order.sort_by(|&a, &b| balances[a].0.cmp(&balances[b].0).then(a.cmp(&b)));
    for pair in order.windows(2) {
        if balances[pair[0]].0 == balances[pair[1]].0 {
            return Err(PlanError::DuplicateMember(pair[1]));
        }
    }
    let sum: i128 = balances.iter().map(|b| i128::from(b.1)).sum();
    if sum != 0 {
        return Err(PlanError::Unbalanced(sum));
    }
    Ok(order
        .into_iter()
        .filter(|&i| balances[i].1 != 0)
        .map(|i| balances[i].clone())
        .collect())
}

fn greedy<K: Clone>(members: &[(K, i64)]) -> Vec<Payment<K>> {
    let amounts: Vec<i64> = members.iter().map(|m| m.1).collect();
    let mut debtors: Vec<usize> = (0..amounts.len()).filter(|&i| amounts[i] < 0).collect();
    let mut creditors: Vec<usize> = (0..amounts.len()).filter(|&i| amounts[i] > 0).collect();
    debtors.sort_by_key(|&i| (amounts[i].unsigned_abs(), i));
    creditors.sort_by_key(|&i| (amounts[i].unsigned_abs(), i));

    // Within a run of equal amounts both lists are in key order, so the k-th debtor
    // pairs with the k-th creditor.
    let mut transfers = Vec::with_capacity(amounts.len());
    let mut paired = vec![false; amounts.len()];
    let (mut d, mut c) = (0, 0);
    while d < debtors.len() && c < creditors.len() {
        let (debtor, creditor) = (debtors[d], creditors[c]);
        let owed = amounts[debtor].unsigned_abs();
        match owed.cmp(&amounts[creditor].unsigned_abs()) {
            std::cmp::Ordering::Less => d += 1,
            std::cmp::Ordering::Greater => c += 1,
            std::cmp::Ordering::Equal => {
                transfers.push((debtor, creditor, amounts[creditor]));
                paired[debtor] = true;
                paired[creditor] = true;
                d += 1;
                c += 1;
            }
        }
    }
    let rest: Vec<usize> = (0..amounts.len()).filter(|&i| !paired[i]).collect();
    transfers.extend(largest_first(&amounts, &rest));

    // The payments form a forest; each tree is a zero-sum group of balances.
    let mut groups = UnionFind::new(amounts.len());
    for &(from, to, _) in &transfers {
        groups.union(from, to);
    }
    // Members are in key order, so the first member met in each group is its smallest.
    let mut cluster_of_root = vec![usize::MAX; amounts.len()];
    let mut clusters = 0;
    for i in 0..amounts.len() {
        let root = groups.find(i);
        if cluster_of_root[root] == usize::MAX {
            cluster_of_root[root] = clusters;
            clusters += 1;
        }
    }
    let mut payments: Vec<Payment<K>> = transfers
        .into_iter()
        .map(|(from, to, amount)| {
            let cluster = cluster_of_root[groups.find(from)];
            payment(members, from, to, amount, cluster)
        })
        .collect();
    payments.sort_by_key(|p| p.cluster);
    payments
}

/// Settles the zero-sum group `indices`: the largest debtor pays the largest creditor
/// (ties to the smaller index, i.e. key) the smaller of the two amounts, until all are
/// clear. Returns `(debtor, creditor, amount)` triples.
fn largest_first(amounts: &[i64], indices: &[usize]) -> Vec<(usize, usize, i64)> {
    let mut debtors = BinaryHeap::new();
    let mut creditors = BinaryHeap::new();
    for &i in indices {
        // u64 magnitudes: a debt of i64::MIN has no i64 magnitude.
        let entry = (amounts[i].unsigned_abs(), Reverse(i));
        if amounts[i] < 0 {
            debtors.push(entry);
        } else if amounts[i] > 0 {
            creditors.push(entry);
        }
    }
    let mut transfers = Vec::with_capacity(indices.len().saturating_sub(1));
    while let (Some((owes, Reverse(debtor))), Some((owed, Reverse(creditor)))) =
        (debtors.pop(), creditors.pop())
    {
        let paid = owes.min(owed);
        // Bounded by a creditor's positive i64 balance.
        transfers.push((debtor, creditor, paid as i64));
        if owes > paid {
            debtors.push((owes - paid, Reverse(debtor)));
        }
        if owed > paid {
            creditors.push((owed - paid, Reverse(creditor)));
        }
    }
    transfers
}

/// What subset sums are added up in: `i64` normally, `i128` when the balances are
/// large enough that a subset could overflow.
trait SubsetSum: Copy + Default + PartialEq + Add<Output = Self> + From<i64> {}
impl<T: Copy + Default + PartialEq + Add<Output = T> + From<i64>> SubsetSum for T {}

/// A partition of all balances into the largest number of zero-sum groups, as bitmasks
/// ordered by their lowest member.
///
/// `best[mask]` is the most zero-sum prefixes any ordering of `mask`'s members can have:
/// the best over dropping one member, plus one if `mask` itself sums to zero. For the
/// full set that is the number of groups, the differences between consecutive zero-sum
/// prefixes. O(n·2ⁿ) time, 2ⁿ sums and 2ⁿ bytes.
fn zero_sum_blocks<T: SubsetSum>(amounts: &[i64]) -> Vec<u32> {
    let n = amounts.len();
    if n == 0 {
        return Vec::new();
    }
    let size = 1usize << n;
    let zero = T::default();
    let mut sums = vec![zero; size];
    let mut best = vec![0u8; size];
    for mask in 1..size {
        let low = mask & mask.wrapping_neg();
        sums[mask] = sums[mask ^ low] + T::from(amounts[low.trailing_zeros() as usize]);
        let mut most = 0;
        let mut rest = mask;
        while rest != 0 {
            let bit = rest & rest.wrapping_neg();
            most = most.max(best[mask ^ bit]);
            rest ^= bit;
        }
        best[mask] = most + u8::from(sums[mask] == zero);
    }

    // Walk back from the full set along optimal steps (dropping the smallest member that
    // keeps the optimum); every zero-sum prefix reached closes a group.
    let mut blocks = Vec::with_capacity(usize::from(best[size - 1]));
    let mut current = size - 1;
    let mut block = 0;
    while current != 0 {
        let target = best[current] - u8::from(sums[current] == zero);
        // `best[current]` was computed as this maximum, so some member attains it.
        let bit = bits(current)
            .find(|&bit| best[current ^ bit] == target)
            .expect("an optimal step exists");
        block |= bit;
        current ^= bit;
        if sums[current] == zero {
            blocks.push(block as u32);
            block = 0;
        }
    }
    blocks.sort_by_key(|b| b.trailing_zeros());
    blocks
}

/// The set bits of `mask`, lowest first, each as a one-bit mask.
fn bits(mask: usize) -> impl Iterator<Item = usize> {
    let mut rest = mask;
    std::iter::from_fn(move || {
        let bit = rest & rest.wrapping_neg();
        rest ^= bit;
        (bit != 0).then_some(bit)
    })
}

fn payment<K: Clone>(
    members: &[(K, i64)],
    from: usize,
    to: usize,
    amount: i64,
    cluster: usize,
) -> Payment<K> {
    Payment {
        from: members[from].0.clone(),
        to: members[to].0.clone(),
        amount,
        cluster,
    }
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller index as root keeps the result independent of union order.
        self.parent[a.max(b)] = a.min(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn named(amounts: &[i64]) -> Vec<(String, i64)> {
        amounts
            .iter()
            .enumerate()
            .map(|(i, &a)| (((b'a' + i as u8) as char).to_string(), a))
            .collect()
    }

    /// Applies a plan and checks it: positive amounts from debtors to creditors, every
    /// balance at zero afterwards, and each cluster a zero-sum group paying only itself.
    fn assert_settles<K: Clone + Ord + fmt::Debug>(balances: &[(K, i64)], plan: &[Payment<K>]) {
        let mut left: BTreeMap<K, i128> = balances
            .iter()
            .map(|(k, a)| (k.clone(), i128::from(*a)))
            .collect();
        let mut cluster_of: BTreeMap<K, usize> = BTreeMap::new();
        let mut last_cluster = 0;
        for p in plan {
            assert!(p.amount > 0, "{p:?}");
            assert!(left[&p.from] < 0 && left[&p.to] > 0, "{p:?} in {left:?}");
            *left.get_mut(&p.from).unwrap() += i128::from(p.amount);
            *left.get_mut(&p.to).unwrap() -= i128::from(p.amount);
            for member in [&p.from, &p.to] {
                let cluster = *cluster_of.entry(member.clone()).or_insert(p.cluster);
                assert_eq!(cluster, p.cluster, "{member:?} is in two clusters");
            }
            assert!(
                p.cluster >= last_cluster,
                "payments are listed cluster by cluster"
            );
            last_cluster = p.cluster;
        }
        assert!(left.values().all(|&v| v == 0), "unsettled: {left:?}");
        let mut cluster_sums = BTreeMap::new();
        for (k, a) in balances {
            if let Some(c) = cluster_of.get(k) {
                *cluster_sums.entry(*c).or_insert(0i128) += i128::from(*a);
            }
        }
        assert!(cluster_sums.values().all(|&s| s == 0));
        let numbered: Vec<usize> = cluster_sums.keys().copied().collect();
        assert_eq!(numbered, (0..numbered.len()).collect::<Vec<_>>());
    }

    #[test]
    fn minimal_beats_greedy_when_balances_cancel_in_groups() {
        // {a, c, d} and {b, e, f} each cancel out: 2 + 2 payments, where greedy needs 5.
        let balances = named(&[10, 12, 1, -11, -6, -6]);
        let minimal = plan_minimal(&balances).unwrap();
        let greedy = plan_greedy(&balances).unwrap();
        assert_settles(&balances, &minimal);
        assert_settles(&balances, &greedy);
        assert_eq!(minimal.len(), 4);
        assert_eq!(greedy.len(), 5);
        let clusters: Vec<(String, String, i64, usize)> = minimal
            .into_iter()
            .map(|p| (p.from, p.to, p.amount, p.cluster))
            .collect();
        let s = |x: &str| x.to_owned();
        assert_eq!(
            clusters,
            vec![
                (s("d"), s("a"), 10, 0),
                (s("d"), s("c"), 1, 0),
                (s("e"), s("b"), 6, 1),
                (s("f"), s("b"), 6, 1),
            ]
        );
    }

    #[test]
    fn exact_opposites_pair_up() {
        let balances = named(&[-5, 7, 5, -7]);
        let plan = plan_greedy(&balances).unwrap();
        assert_eq!(
            plan,
            vec![
                Payment {
                    from: "a".into(),
                    to: "c".into(),
                    amount: 5,
                    cluster: 0
                },
                Payment {
                    from: "d".into(),
                    to: "b".into(),
                    amount: 7,
                    cluster: 1
                },
            ]
        );
        assert_eq!(plan_minimal(&balances).unwrap(), plan);
    }

    #[test]
    fn zero_balances_and_empty_groups_need_no_payments() {
        assert!(plan_minimal::<u8>(&[]).unwrap().is_empty());
        assert!(plan_greedy(&[(1, 0), (2, 0)]).unwrap().is_empty());
        assert!(plan_minimal(&[(1, 0), (2, 0)]).unwrap().is_empty());
        let plan = plan_minimal(&[(1, 0), (2, -3), (3, 3)]).unwrap();
        assert_eq!(
            plan,
            vec![Payment {
                from: 2,
                to: 3,
                amount: 3,
                cluster: 0
            }]
        );
    }

    #[test]
    fn errors() {
        assert_eq!(plan_minimal(&[(1, 5), (2, -4)]), Err(PlanError::Unbalanced(1)));
        assert_eq!(
            plan_greedy(&[(1, i64::MAX), (2, i64::MAX)]),
            Err(PlanError::Unbalanced(2 * i128::from(i64::MAX)))
        );
        assert_eq!(
            plan_minimal(&[(1, 5), (2, -5), (1, 0)]),
            Err(PlanError::DuplicateMember(2))
        );
        assert_eq!(plan_greedy(&[(3, 0), (3, 0)]), Err(PlanError::DuplicateMember(1)));
    }

    #[test]
    fn extreme_balances() {
        let balances = [(1, i64::MIN), (2, i64::MAX), (3, 1)];
        for plan in [plan_minimal(&balances).unwrap(), plan_greedy(&balances).unwrap()] {
            assert_settles(&balances, &plan);
            assert_eq!(plan.len(), 2);
        }
        // Large enough that subset sums need i128.
        let big = [
            (1, i64::MAX),
            (2, -i64::MAX),
            (3, i64::MAX),
            (4, -i64::MAX),
            (5, 7),
            (6, -7),
        ];
        let plan = plan_minimal(&big).unwrap();
        assert_settles(&big, &plan);
        assert_eq!(plan.len(), 3);
    }

    #[test]
    fn beyond_the_exact_limit_minimal_is_greedy() {
        let mut amounts: Vec<i64> = (1..=EXACT_LIMIT as i64).map(|i| i * 7 - 3).collect();
        amounts.push(-amounts.iter().sum::<i64>());
        let balances: Vec<(usize, i64)> = amounts.into_iter().enumerate().collect();
        assert_eq!(plan_minimal(&balances), plan_greedy(&balances));
    }

    #[test]
    fn twenty_balances_without_common_subsets() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut amounts: Vec<i64> = (0..EXACT_LIMIT - 1)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed % 2_000_001) as i64 - 1_000_000
            })
            .collect();
        amounts.push(-amounts.iter().sum::<i64>());
        let balances: Vec<(usize, i64)> = amounts.into_iter().enumerate().collect();
        let plan = plan_minimal(&balances).unwrap();
        assert_settles(&balances, &plan);
        assert!(plan.len() < EXACT_LIMIT);
    }

    /// The most disjoint zero-sum groups `values` partition into, by trying every group
    /// containing the first value.
    fn brute_force_groups(values: &[i64]) -> usize {
        let Some((&first, rest)) = values.split_first() else {
            return 0;
        };
        let mut most = 0;
        for mask in 0usize..1 << rest.len() {
            let chosen: i64 = (0..rest.len())
                .filter(|&i| mask >> i & 1 == 1)
                .map(|i| rest[i])
                .sum();
            if first + chosen == 0 {
                let others: Vec<i64> = (0..rest.len())
                    .filter(|&i| mask >> i & 1 == 0)
                    .map(|i| rest[i])
                    .collect();
                most = most.max(1 + brute_force_groups(&others));
            }
        }
        most
    }

    /// Balances built from a few zero-sum groups of small amounts (so coincidences and
    /// cross-group cancellations are common), with distinct keys, in random order.
    fn grouped_balances(max_members: usize) -> impl Strategy<Value = Vec<(u32, i64)>> {
        prop::collection::vec(prop::collection::vec(-12i64..=12, 1..5), 1..4)
            .prop_map(move |groups| {
                let mut amounts = Vec::new();
                for mut group in groups {
                    group.push(-group.iter().sum::<i64>());
                    amounts.extend(group);
                }
                amounts.retain(|&a| a != 0);
                while amounts.len() > max_members {
                    let extra = amounts.pop().unwrap_or(0);
                    if let Some(last) = amounts.last_mut() {
                        *last += extra;
                    }
                    amounts.retain(|&a| a != 0);
                }
                amounts
            })
            .prop_flat_map(|amounts| {
                let n = amounts.len();
                (
                    Just(amounts),
                    prop::collection::vec(any::<u32>(), n),
                    prop::collection::vec(0u32..3, n),
                )
            })
            .prop_map(|(amounts, keys, zeros)| {
                let mut balances: Vec<(u32, i64)> = Vec::new();
                let mut next_key = 0u32;
                for ((amount, key), zero) in amounts.into_iter().zip(keys).zip(zeros) {
                    // Unique keys in an order unrelated to the amounts.
                    next_key += 1;
                    balances.push(((key % 1000) * 1000 + next_key, amount));
                    if zero == 0 {
                        next_key += 1;
                        balances.push(((key % 1000) * 1000 + next_key, 0));
                    }
                }
                balances
            })
            .prop_shuffle()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn minimal_is_as_short_as_brute_force(balances in grouped_balances(9)) {
            let plan = plan_minimal(&balances).unwrap();
            assert_settles(&balances, &plan);
            let values: Vec<i64> = balances.iter().map(|b| b.1).filter(|&a| a != 0).collect();
            prop_assert_eq!(plan.len(), values.len() - brute_force_groups(&values));
            let greedy = plan_greedy(&balances).unwrap();
            prop_assert!(plan.len() <= greedy.len());
        }

        #[test]
        fn greedy_settles_in_at_most_n_minus_one(balances in grouped_balances(40)) {
            let plan = plan_greedy(&balances).unwrap();
            assert_settles(&balances, &plan);
            let n = balances.iter().filter(|b| b.1 != 0).count();
            prop_assert!(plan.len() <= n.saturating_sub(1));
        }

        #[test]
        fn plans_ignore_input_order(
            (balances, shuffled) in grouped_balances(12).prop_flat_map(|b| (Just(b.clone()), Just(b).prop_shuffle())),
        ) {
            prop_assert_eq!(plan_minimal(&balances), plan_minimal(&shuffled));
            prop_assert_eq!(plan_greedy(&balances), plan_greedy(&shuffled));
        }

        #[test]
        fn random_large_amounts_settle(
            amounts in prop::collection::vec(any::<i64>().prop_map(|a| a >> 8), 1..25),
        ) {
            // Shifted so that 25 of them and their balancing amount fit in an i64.
            let mut balances: Vec<(usize, i64)> = amounts.iter().copied().enumerate().collect();
            balances.push((usize::MAX, -amounts.iter().sum::<i64>()));
            let minimal = plan_minimal(&balances).unwrap();
            assert_settles(&balances, &minimal);
            let greedy = plan_greedy(&balances).unwrap();
            assert_settles(&balances, &greedy);
            prop_assert!(minimal.len() <= greedy.len());
        }

        #[test]
        fn unbalanced_input_is_refused(balances in grouped_balances(10), extra in 1i64..100) {
            let mut balances = balances;
            balances.push((u32::MAX, extra));
            prop_assert_eq!(plan_minimal(&balances), Err(PlanError::Unbalanced(i128::from(extra))));
            prop_assert_eq!(plan_greedy(&balances), Err(PlanError::Unbalanced(i128::from(extra))));
        }
    }
}
