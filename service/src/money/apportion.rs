//! Apportionment: splitting a whole number of minor units in proportion to weights,
//! exactly and reproducibly. Every split, every spread of tax or tip, and every even
//! division in Hisaab goes through [`apportion`], so this is *the* rounding rule:
//!
//! 1. Each share starts as the **floor of its exact proportional part**
//!    `|total| × weightᵢ / Σweights`, computed with integers only (no floating point).
//! 2. The units left over (always fewer than the number of weights) are handed out **one
//!    each to the shares with the largest fractional remainders** (the largest-remainder,
//!    or Hamilton, method), so no share is ever a whole unit away from its exact part.
//! 3. **Ties** between equal remainders go to the shares whose
//!    `sha256(tie_seed ‖ index as u32 big-endian)` is smallest: a pseudo-random but fully
//!    deterministic order, so the same person does not always absorb the odd cent, yet the
//!    same inputs give the same result on every platform and every run.
//!
//! A negative total is apportioned as its magnitude and every share negated, so a refund
//! mirrors the expense it reverses. A zero weight always receives 0.
//!
//! Ties are keyed by a share's *position*, so reordering the weights may move a tied unit
//! to a different member; everything else depends only on the weights themselves.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

/// Why an amount could not be apportioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApportionError {
    /// There are no weights at all.
    Empty,
    /// The weight at this index is negative.
    NegativeWeight(usize),
    /// Every weight is zero, so there is nothing to be proportional to.
    NoWeight,
    /// The computation does not fit the exact representation. The 320-bit fallback makes
    /// this unreachable for any `i64` total and any `Decimal` weights; it exists so that an
    /// impossible case is an error rather than a wrong amount or a panic.
    Overflow,
}

impl fmt::Display for ApportionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("nothing to apportion among: no weights"),
            Self::NegativeWeight(i) => write!(f, "weight {i} is negative"),
            Self::NoWeight => f.write_str("every weight is zero"),
            Self::Overflow => f.write_str("amount or weights too large to apportion exactly"),
        }
    }
}

impl std::error::Error for ApportionError {}

/// Splits `total` minor units in proportion to `weights`; the shares sum exactly to `total`.
///
/// See the [module documentation](self) for the rounding rule. `tie_seed` (for example an
/// expense id) only decides ties between equal remainders.
///
/// # Errors
/// [`ApportionError::Empty`] without weights, [`ApportionError::NegativeWeight`] for the
/// first negative weight, [`ApportionError::NoWeight`] when all weights are zero.
pub fn apportion(total: i64, weights: &[Decimal], tie_seed: &[u8]) -> Result<Vec<i64>, ApportionError> {
    if weights.is_empty() {
        return Err(ApportionError::Empty);
    }
    // Tie keys hash the index as a u32.
    if u32::try_from(weights.len()).is_err() {
        return Err(ApportionError::Overflow);
    }
    let mut parts = Vec::with_capacity(weights.len());
    let mut common_scale = 0;
    for (index, weight) in weights.iter().enumerate() {
        if weight.is_zero() {
            parts.push((0u128, 0u32));
            continue;
        }
        if weight.is_sign_negative() {
            return Err(ApportionError::NegativeWeight(index));
        }
        // Dropping trailing zeros keeps the common scale small, so the fast path applies
        // to inputs such as `33.3300` and `100`.
        let weight = weight.normalize();
        common_scale = common_scale.max(weight.scale());
        parts.push((weight.mantissa().unsigned_abs(), weight.scale()));
    }
    if parts.iter().all(|&(mantissa, _)| mantissa == 0) {
        return Err(ApportionError::NoWeight);
    }

    let magnitude = total.unsigned_abs();
    let shares = match narrow(magnitude, &parts, common_scale) {
        Some((floors, remainders)) => distribute(magnitude, floors, &remainders, tie_seed),
        None => {
            let (floors, remainders) = wide(magnitude, &parts, common_scale)?;
            distribute(magnitude, floors, &remainders, tie_seed)
        }
    };
    signed(shares, total < 0)
}

/// Splits `total` into `n` shares as equal as possible: exactly [`apportion`] with `n`
/// weights of 1, without the decimal arithmetic.
///
/// # Errors
/// [`ApportionError::Empty`] when `n` is 0.
pub fn split_evenly(total: i64, n: usize, tie_seed: &[u8]) -> Result<Vec<i64>, ApportionError> {
    if n == 0 {
        return Err(ApportionError::Empty);
    }
    if u32::try_from(n).is_err() {
        return Err(ApportionError::Overflow);
    }
    let magnitude = total.unsigned_abs();
    let count = n as u64;
    let mut shares = vec![magnitude / count; n];
    let leftover = (magnitude % count) as usize;
    if leftover > 0 {
        // Every remainder is equal, so the whole list is one tie.
        let mut order: Vec<usize> = (0..n).collect();
        let keys: Vec<[u8; 32]> = order.iter().map(|&i| tie_key(tie_seed, i)).collect();
        order.select_nth_unstable_by(leftover - 1, |&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
        for &i in &order[..leftover] {
            shares[i] += 1;
        }
    }
    signed(shares, total < 0)
}

fn signed(shares: Vec<u64>, negative: bool) -> Result<Vec<i64>, ApportionError> {
    shares
        .into_iter()
        .map(|share| {
            // A share of 2⁶³ only arises from `i64::MIN` given to a single weight, and
            // negating it still fits; on the positive side it cannot arise.
            if negative {
                0i64.checked_sub_unsigned(share)
            } else {
                i64::try_from(share).ok()
            }
            .ok_or(ApportionError::Overflow)
        })
        .collect()
}

/// Floors and remainders with every weight scaled to `scale` decimals, in `u128`, when
/// `magnitude × weight` and `Σweights` fit (the usual case: money and percentages).
fn narrow(magnitude: u64, parts: &[(u128, u32)], scale: u32) -> Option<(Vec<u64>, Vec<u128>)> {
    let mut scaled = Vec::with_capacity(parts.len());
    let mut sum: u128 = 0;
    let mut largest: u128 = 0;
    for &(mantissa, own_scale) in parts {
        let weight = mantissa.checked_mul(10u128.checked_pow(scale - own_scale)?)?;
        sum = sum.checked_add(weight)?;
        largest = largest.max(weight);
        scaled.push(weight);
    }
    u128::from(magnitude).checked_mul(largest)?;
    let mut floors = Vec::with_capacity(parts.len());
    let mut remainders = Vec::with_capacity(parts.len());
    for weight in scaled {
        let numerator = u128::from(magnitude) * weight;
        // The quotient never exceeds `magnitude`, a u64.
        floors.push((numerator / sum) as u64);
        remainders.push(numerator % sum);
    }
    Some((floors, remainders))
}

/// The same computation in 320-bit integers. Bounds: a `Decimal` mantissa is < 2⁹⁶ and
/// rescaling multiplies by at most 10²⁸ < 2⁹⁴, so a weight is < 2¹⁹⁰, the sum of at most
/// 2³² weights is < 2²²², `magnitude × weight` < 2²⁵⁴, and the sum shifted by 63 bits for
/// long division is < 2²⁸⁵: all below 2³²⁰.
fn wide(magnitude: u64, parts: &[(u128, u32)], scale: u32) -> Result<(Vec<u64>, Vec<Wide>), ApportionError> {
    let mut scaled = Vec::with_capacity(parts.len());
    let mut sum = Wide::ZERO;
    for &(mantissa, own_scale) in parts {
        let weight = Wide::from_u128(mantissa).times_pow10(scale - own_scale)?;
        sum = sum.checked_add(&weight)?;
        scaled.push(weight);
    }
    // Binary long division with a 64-bit quotient: precompute `sum << bit` once.
    let mut shifted = [Wide::ZERO; 64];
    for (bit, slot) in shifted.iter_mut().enumerate() {
        *slot = sum.shl(bit as u32)?;
    }
    let mut floors = Vec::with_capacity(parts.len());
    let mut remainders = Vec::with_capacity(parts.len());
    for weight in scaled {
        let mut rest = weight.times(magnitude)?;
        let mut quotient = 0u64;
        for bit in (0..64).rev() {
            if rest >= shifted[bit] {
                rest = rest.minus(&shifted[bit]);
                quotient |= 1 << bit;
            }
        }
        floors.push(quotient);
        remainders.push(rest);
    }
    Ok((floors, remainders))
}

/// Hands the leftover units to the largest remainders, breaking ties by tie key. All
/// remainders share the denominator `Σweights`, so comparing numerators compares fractions.
fn distribute<R: Ord + Copy + Default>(
    magnitude: u64,
    mut floors: Vec<u64>,
    remainders: &[R],
    tie_seed: &[u8],
) -> Vec<u64> {
    // Σ floors ≤ magnitude, and the leftover Σ(remainderᵢ / Σweights) is a sum of
    // fractions each < 1 over the shares with a non-zero remainder, so fewer units are
    // left than such shares: every unit goes to a positive remainder, never to a zero
    // weight.
    let mut candidates: Vec<usize> = (0..remainders.len())
        .filter(|&i| remainders[i] > R::default())
        .collect();
    let leftover = (magnitude - floors.iter().sum::<u64>()) as usize;
    if leftover == 0 {
        return floors;
    }
    let (_, &mut boundary_index, _) =
        candidates.select_nth_unstable_by(leftover - 1, |&a, &b| remainders[b].cmp(&remainders[a]));
    let boundary = remainders[boundary_index];
    let mut tied = Vec::new();
    let mut above = 0;
    for &i in &candidates {
        match remainders[i].cmp(&boundary) {
            Ordering::Greater => {
                floors[i] += 1;
                above += 1;
            }
            Ordering::Equal => tied.push(i),
            Ordering::Less => {}
        }
    }
    let wanted = leftover - above;
    if wanted < tied.len() {
        // Hash only the tied shares: with distinct remainders nothing is hashed at all.
        let mut keyed: Vec<([u8; 32], usize)> = tied.iter().map(|&i| (tie_key(tie_seed, i), i)).collect();
        keyed.sort_unstable();
        tied = keyed[..wanted].iter().map(|&(_, i)| i).collect();
    }
    for i in tied {
        floors[i] += 1;
    }
    floors
}

fn tie_key(seed: &[u8], index: usize) -> [u8; 32] {
    // Callers check that every index fits a u32.
    let index = index as u32;
    Sha256::new()
        .chain_update(seed)
        .chain_update(index.to_be_bytes())
        .finalize()
        .into()
}

/// An unsigned 320-bit integer, most significant limb first so that the derived `Ord`
/// (lexicographic over the limbs) is numeric order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Wide([u64; 5]);

impl Wide {
    const ZERO: Self = Self([0; 5]);

    fn from_u128(value: u128) -> Self {
        Self([0, 0, 0, (value >> 64) as u64, value as u64])
    }

    fn times(&self, factor: u64) -> Result<Self, ApportionError> {
        let mut out = [0u64; 5];
        let mut carry = 0u128;
        for i in (0..5).rev() {
            let product = u128::from(self.0[i]) * u128::from(factor) + carry;
            out[i] = product as u64;
            carry = product >> 64;
        }
        if carry == 0 {
            Ok(Self(out))
        } else {
            Err(ApportionError::Overflow)
        }
    }

    fn times_pow10(self, exponent: u32) -> Result<Self, ApportionError> {
        let mut value = self;
        let mut left = exponent;
        while left > 0 {
            // 10¹⁹ is the largest power of ten in a u64.
            let step = left.min(19);
            value = value.times(10u64.pow(step))?;
            left -= step;
        }
        Ok(value)
    }

    fn checked_add(&self, other: &Self) -> Result<Self, ApportionError> {
        let mut out = [0u64; 5];
        let mut carry = false;
        for i in (0..5).rev() {
            let (sum, c1) = self.0[i].overflowing_add(other.0[i]);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            out[i] = sum;
            carry = c1 || c2;
        }
        if carry {
            Err(ApportionError::Overflow)
        } else {
            Ok(Self(out))
        }
    }

    /// `self − other`, for `self ≥ other`.
    fn minus(&self, other: &Self) -> Self {
        let mut out = [0u64; 5];
        let mut borrow = false;
        for i in (0..5).rev() {
            let (diff, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (diff, b2) = diff.overflowing_sub(u64::from(borrow));
            out[i] = diff;
            borrow = b1 || b2;
        }
        Self(out)
    }

    /// `self << bits`, for `bits < 64`.
    fn shl(&self, bits: u32) -> Result<Self, ApportionError> {
        if bits == 0 {
            return Ok(*self);
        }
        if self.0[0] >> (64 - bits) != 0 {
            return Err(ApportionError::Overflow);
        }
        let mut out = [0u64; 5];
        for (i, limb) in out.iter_mut().enumerate() {
            let next = self.0.get(i + 1).copied().unwrap_or(0);
            *limb = (self.0[i] << bits) | (next >> (64 - bits));
        }
        Ok(Self(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn ones(n: usize) -> Vec<Decimal> {
        vec![Decimal::ONE; n]
    }

    /// Exact integer weights at a common scale, computed independently of the module.
    fn scaled(weights: &[Decimal]) -> Vec<i128> {
        let scale = weights.iter().map(|w| w.scale()).max().unwrap_or(0);
        weights
            .iter()
            .map(|w| w.mantissa() * 10i128.pow(scale - w.scale()))
            .collect()
    }

    fn remainders(total: i64, weights: &[Decimal]) -> Vec<i128> {
        let w = scaled(weights);
        let sum: i128 = w.iter().sum();
        w.iter().map(|&x| (i128::from(total).abs() * x) % sum).collect()
    }

    /// Each share's floor (toward zero, with the total's sign).
    fn floors_of(total: i64, weights: &[Decimal]) -> Vec<i64> {
        let w = scaled(weights);
        let sum: i128 = w.iter().sum();
        w.iter()
            .map(|&x| {
                let floor = i128::from(total).abs() * x / sum;
                i64::try_from(floor * i128::from(total.signum())).unwrap()
            })
            .collect()
    }

    #[test]
    fn splits_a_hundred_three_ways() {
        let shares = apportion(100, &ones(3), b"expense-1").unwrap();
        assert_eq!(shares.iter().sum::<i64>(), 100);
        let mut sorted = shares.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![33, 33, 34]);
    }

    #[test]
    fn the_odd_unit_goes_to_the_smallest_hash() {
        for seed in [&b"a"[..], b"b", b"expense-42", b""] {
            let shares = apportion(100, &ones(3), seed).unwrap();
            let winner = (0..3).min_by_key(|&i| tie_key(seed, i)).unwrap();
            for (i, &share) in shares.iter().enumerate() {
                assert_eq!(share, if i == winner { 34 } else { 33 });
            }
        }
    }

    #[test]
    fn tie_key_is_sha256_of_seed_and_big_endian_index() {
        let mut message = b"seed".to_vec();
        message.extend_from_slice(&[0, 0, 1, 2]);
        let expected: [u8; 32] = Sha256::digest(&message).into();
        assert_eq!(tie_key(b"seed", 258), expected);
    }

    #[test]
    fn pinned_results_catch_any_change_of_rule() {
        // Stored splits must never change under a refactor or on another platform.
        assert_eq!(apportion(100, &ones(3), b"hisaab").unwrap(), PINNED_THIRDS);
        assert_eq!(split_evenly(10, 4, b"hisaab").unwrap(), PINNED_QUARTERS);
        assert_eq!(
            apportion(1000, &[dec!(33.33), dec!(33.33), dec!(33.34)], b"hisaab").unwrap(),
            vec![333, 333, 334]
        );
    }

    // Worked out independently (Python hashlib): for seed "hisaab" the tie order of
    // indices 0..4 by sha256(seed ‖ u32 BE index) is 0, 3, 2, 1.
    const PINNED_THIRDS: [i64; 3] = [34, 33, 33];
    const PINNED_QUARTERS: [i64; 4] = [3, 2, 2, 3];

    #[test]
    fn largest_remainder_wins_before_any_tie() {
        // Exact parts 3.5, 2.9, 3.6 → floors 3, 2, 3 and one unit to the 0.9 remainder.
        let shares = apportion(10, &[dec!(35), dec!(29), dec!(36)], b"").unwrap();
        assert_eq!(shares, vec![3, 3, 4]);
    }

    #[test]
    fn zero_weights_get_nothing() {
        let shares = apportion(7, &[dec!(0), dec!(1), dec!(0), dec!(1)], b"s").unwrap();
        assert_eq!(shares[0], 0);
        assert_eq!(shares[2], 0);
        assert_eq!(shares[1] + shares[3], 7);
    }

    #[test]
    fn negative_totals_mirror_positive_ones() {
        let weights = [dec!(1), dec!(2), dec!(2.5)];
        let positive = apportion(1001, &weights, b"x").unwrap();
        let negative = apportion(-1001, &weights, b"x").unwrap();
        assert_eq!(negative, positive.iter().map(|s| -s).collect::<Vec<_>>());
    }

    #[test]
    fn extreme_totals() {
        assert_eq!(apportion(i64::MIN, &[dec!(1)], b"").unwrap(), vec![i64::MIN]);
        assert_eq!(apportion(i64::MAX, &[dec!(1)], b"").unwrap(), vec![i64::MAX]);
        let halves = apportion(i64::MIN, &ones(2), b"").unwrap();
        assert_eq!(halves, vec![i64::MIN / 2, i64::MIN / 2]);
        let thirds = apportion(i64::MAX, &ones(3), b"").unwrap();
        assert_eq!(thirds.iter().sum::<i64>(), i64::MAX);
        assert_eq!(apportion(0, &ones(3), b"").unwrap(), vec![0, 0, 0]);
    }

    #[test]
    fn huge_and_tiny_weights_take_the_wide_path() {
        // Decimal::MAX at scale 0 next to 28 decimals: 190-bit scaled weights.
        let weights = [
            Decimal::MAX,
            Decimal::new(1, 28),
            Decimal::from_i128_with_scale(33_333_333_333_333_333_333_333_333_333, 28),
        ];
        let shares = apportion(i64::MAX, &weights, b"").unwrap();
        assert_eq!(shares.iter().sum::<i64>(), i64::MAX);
        assert_eq!(shares[1], 0);
        assert_eq!(shares[2], 0);
        let many = vec![Decimal::MAX; 10_000];
        let shares = apportion(i64::MAX / 10_000, &many, b"").unwrap();
        assert_eq!(shares.iter().sum::<i64>(), i64::MAX / 10_000);
    }

    #[test]
    fn errors() {
        assert_eq!(apportion(1, &[], b""), Err(ApportionError::Empty));
        assert_eq!(
            apportion(1, &[dec!(1), dec!(-1)], b""),
            Err(ApportionError::NegativeWeight(1))
        );
        assert_eq!(
            apportion(1, &[dec!(0), dec!(0.000)], b""),
            Err(ApportionError::NoWeight)
        );
        assert_eq!(split_evenly(1, 0, b""), Err(ApportionError::Empty));
        // Negative zero is zero, not negative.
        assert_eq!(apportion(5, &[-dec!(0), dec!(1)], b"").unwrap(), vec![0, 5]);
    }

    #[test]
    fn wide_arithmetic() {
        let a = Wide::from_u128(u128::MAX);
        let b = a.checked_add(&Wide::from_u128(1)).unwrap();
        assert_eq!(b, Wide([0, 0, 1, 0, 0]));
        assert_eq!(b.minus(&Wide::from_u128(1)), a);
        assert_eq!(Wide::from_u128(1).shl(63).unwrap(), Wide([0, 0, 0, 0, 1 << 63]));
        assert_eq!(b.shl(1).unwrap(), Wide([0, 0, 2, 0, 0]));
        assert!(Wide([1 << 63, 0, 0, 0, 0]).shl(1).is_err());
        assert!(Wide([u64::MAX; 5]).times(2).is_err());
        assert_eq!(
            Wide::from_u128(7).times_pow10(20).unwrap(),
            Wide::from_u128(700_000_000_000_000_000_000)
        );
    }

    fn weight() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            Just(Decimal::ZERO),
            (0i64..1_000_000_000, 0u32..7).prop_map(|(m, s)| Decimal::new(m, s)),
            (1i64..5).prop_map(Decimal::from),
        ]
    }

    fn weights() -> impl Strategy<Value = Vec<Decimal>> {
        prop::collection::vec(weight(), 1..20)
            .prop_filter("one positive weight", |w| w.iter().any(|x| !x.is_zero()))
    }

    fn total() -> impl Strategy<Value = i64> {
        prop_oneof![-1000i64..1000, any::<i64>()]
    }

    proptest! {
        #[test]
        fn shares_sum_to_the_total(total in total(), weights in weights(), seed in any::<Vec<u8>>()) {
            let shares = apportion(total, &weights, &seed).unwrap();
            prop_assert_eq!(shares.len(), weights.len());
            prop_assert_eq!(shares.iter().map(|&s| i128::from(s)).sum::<i128>(), i128::from(total));
        }

        #[test]
        fn each_share_is_within_one_unit_of_its_exact_part(total in total(), weights in weights()) {
            let shares = apportion(total, &weights, b"seed").unwrap();
            let w = scaled(&weights);
            let sum: i128 = w.iter().sum();
            for (i, &share) in shares.iter().enumerate() {
                // |share − total·wᵢ/Σw| < 1, multiplied through by Σw.
                let gap = (i128::from(share) * sum - i128::from(total) * w[i]).abs();
                prop_assert!(gap < sum, "share {} of {} is {}", i, total, share);
                if w[i] == 0 {
                    prop_assert_eq!(share, 0);
                }
            }
        }

        #[test]
        fn equal_weights_differ_by_at_most_one(total in total(), n in 1usize..50, w in 1i64..1000, seed in any::<Vec<u8>>()) {
            let shares = apportion(total, &vec![Decimal::new(w, 2); n], &seed).unwrap();
            let min = shares.iter().min().unwrap();
            let max = shares.iter().max().unwrap();
            prop_assert!(max - min <= 1);
            prop_assert_eq!(&shares, &split_evenly(total, n, &seed).unwrap());
        }

        #[test]
        fn deterministic(total in total(), weights in weights(), seed in any::<Vec<u8>>()) {
            prop_assert_eq!(apportion(total, &weights, &seed), apportion(total, &weights, &seed));
        }

        #[test]
        fn negative_totals_mirror(total in -i64::MAX..=i64::MAX, weights in weights(), seed in any::<Vec<u8>>()) {
            let positive = apportion(total, &weights, &seed).unwrap();
            let negative = apportion(-total, &weights, &seed).unwrap();
            prop_assert_eq!(negative, positive.iter().map(|s| -s).collect::<Vec<_>>());
        }

        /// Permuting the weights permutes the shares, except where a tie between equal
        /// remainders is cut: ties follow the position, so there only the number of units
        /// the tied group receives is preserved (and no share moves by more than one).
        #[test]
        fn permutation_moves_shares_with_their_weights(
            total in total(),
            (weights, order) in weights().prop_flat_map(|w| {
                let n = w.len();
                (Just(w), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
            }),
            seed in any::<Vec<u8>>(),
        ) {
            let shares = apportion(total, &weights, &seed).unwrap();
            let permuted: Vec<Decimal> = order.iter().map(|&i| weights[i]).collect();
            let moved = apportion(total, &permuted, &seed).unwrap();
            let rems = remainders(total, &weights);
            let floors = floors_of(total, &weights);
            for (j, &i) in order.iter().enumerate() {
                prop_assert!((moved[j] - shares[i]).abs() <= 1);
                let in_class = |k: usize| rems[k] == rems[i];
                let before: i64 = (0..weights.len()).filter(|&k| in_class(k)).map(|k| shares[k]).sum();
                let after: i64 = (0..order.len()).filter(|&jj| in_class(order[jj])).map(|jj| moved[jj]).sum();
                prop_assert_eq!(before, after);
                let class_size = (0..weights.len()).filter(|&k| in_class(k)).count();
                let bumped = (0..weights.len()).filter(|&k| in_class(k) && shares[k] != floors[k]).count();
                if bumped == 0 || bumped == class_size {
                    prop_assert_eq!(moved[j], shares[i]);
                }
            }
        }

        #[test]
        fn wide_path_agrees_with_narrow(magnitude in any::<u64>(), weights in weights(), seed in any::<Vec<u8>>()) {
            let magnitude = magnitude >> 1;
            let parts: Vec<(u128, u32)> = weights
                .iter()
                .map(|w| { let w = w.normalize(); (w.mantissa().unsigned_abs(), w.scale()) })
                .collect();
            let scale = parts.iter().map(|p| p.1).max().unwrap();
            if let Some((floors, rems)) = narrow(magnitude, &parts, scale) {
                let (wide_floors, wide_rems) = wide(magnitude, &parts, scale).unwrap();
                prop_assert_eq!(&floors, &wide_floors);
                let as_wide: Vec<Wide> = rems.iter().map(|&r| Wide::from_u128(r)).collect();
                prop_assert_eq!(&as_wide, &wide_rems);
                prop_assert_eq!(
                    distribute(magnitude, floors, &rems, &seed),
                    distribute(magnitude, wide_floors, &wide_rems, &seed)
                );
            }
        }

        #[test]
        fn arbitrary_decimals_never_panic(total in any::<i64>(), raw in prop::collection::vec((any::<i128>(), 0u32..=28), 1..12)) {
            let weights: Vec<Decimal> = raw
                .iter()
                .map(|&(m, s)| Decimal::from_i128_with_scale(m % 79_228_162_514_264_337_593_543_950_335, s))
                .collect();
            match apportion(total, &weights, b"") {
                Ok(shares) => prop_assert_eq!(shares.iter().map(|&s| i128::from(s)).sum::<i128>(), i128::from(total)),
                Err(ApportionError::NegativeWeight(i)) => prop_assert!(weights[i].is_sign_negative()),
                Err(ApportionError::NoWeight) => prop_assert!(weights.iter().all(|w| w.is_zero())),
                Err(e) => prop_assert!(false, "unexpected {e}"),
            }
        }
    }
}
