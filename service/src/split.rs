//! Splitting one group expense among its members, by every method Hisaab offers.
//!
//! Amounts are whole minor units (`i64`: cents, yen, fils); values a person typed are
//! `Decimal`s in major units (`12.50`) or percentages or share counts, and `exponent` is
//! the currency's number of decimal places. Whatever the method, the shares always sum
//! **exactly** to the expense total: every division goes through
//! [`crate::money::apportion::apportion`], whose largest-remainder rule with seeded
//! tie-breaking is the single documented rounding rule.
//!
//! | method | `value` | how the total is divided |
//! | --- | --- | --- |
//! | [`Equal`](SplitMethod::Equal) | unused | evenly among the participants |
//! | [`Exact`](SplitMethod::Exact) | amount owed | as entered; must add up to the total |
//! | [`Percentage`](SplitMethod::Percentage) | percent | apportioned by percentages adding up to exactly 100 |
//! | [`Shares`](SplitMethod::Shares) | shares / units | apportioned by shares |
//! | [`Adjustment`](SplitMethod::Adjustment) | ± amount (default 0) | the total less all adjustments evenly, then each adds their own |
//! | [`Itemized`](SplitMethod::Itemized) | unused | each item evenly among its members; tax, tip and discount in proportion to subtotals |
//!
//! In an itemized split each item is divided evenly among its members, with tie seed
//! `tie_seed ‖ item index as u32 big-endian` so that different items' odd units land on
//! different people. Tax and tip are then added and the discount taken off in proportion
//! to the members' subtotals: their net, `tax + tip − discount`, is apportioned once by
//! the subtotals, which keeps every share within one unit of its exact value and never
//! below zero (rounding the three separately could stack three roundings and, with a
//! discount near the whole bill, push a share below zero).
//!
//! The result has one entry per member, in participant order (for itemized splits, in
//! order of first appearance across the items), including members whose share is 0.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

use rust_decimal::Decimal;

use crate::money::apportion::{ApportionError, apportion, split_evenly};

/// How a group expense is divided. See the [module documentation](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SplitMethod {
    Equal,
    Exact,
    Percentage,
    Shares,
    Itemized,
    Adjustment,
}

/// A member taking part in a split. `value` depends on the method: the exact amount owed
/// (major units, e.g. `12.50`), a percentage (`33.33`), a number of shares (`2`, `1.5`),
/// or a ± adjustment (major units). It is unused for `Equal` and `Itemized`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant<K> {
    pub member: K,
    pub value: Option<Decimal>,
}

/// One line of an itemized bill (minor units), shared evenly by `members`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<K> {
    pub description: String,
    pub amount: i64,
    pub members: Vec<K>,
}

/// Everything needed to split one expense. `items`, `tax`, `tip` and `discount` (minor
/// units) are used only by [`SplitMethod::Itemized`], `participants` by every other
/// method. `tie_seed` (e.g. the expense id) decides which members absorb odd units.
#[derive(Debug, Clone, Copy)]
pub struct SplitRequest<'a, K> {
    pub method: SplitMethod,
    pub total: i64,
    pub exponent: u32,
    pub participants: &'a [Participant<K>],
    pub items: &'a [Item<K>],
    pub tax: i64,
    pub tip: i64,
    pub discount: i64,
    pub tie_seed: &'a [u8],
}

/// A problem with the request, addressed to the person filling in the form: `field` is
/// the path of the input at fault (`"total"`, `"split.participants"`,
/// `"split.participants[2].value"`, `"split.items[0].member_ids"`, …) and `message`
/// says what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub field: String,
    pub message: String,
}

impl SplitError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for SplitError {}

/// Beyond 18 decimals a major unit is no longer a whole number of `i64` minor units;
/// real currencies use 0 to 4.
const MAX_EXPONENT: u32 = 18;

/// Percentages and shares may be entered to this many decimal places.
const WEIGHT_DECIMALS: u32 = 4;

/// Divides `req.total` among the members by `req.method`. The shares are whole minor
/// units, never negative, and sum exactly to the total.
///
/// # Errors
/// A [`SplitError`] naming the offending field whenever the request is inconsistent
/// (see the module documentation for the rules of each method).
pub fn compute_split<K: Clone + Eq + Hash + Ord>(req: &SplitRequest<K>) -> Result<Vec<(K, i64)>, SplitError> {
    if req.exponent > MAX_EXPONENT {
        return Err(SplitError::new(
            "currency",
            "This currency can't be split. Choose another currency.",
        ));
    }
    if req.total <= 0 {
        return Err(SplitError::new("total", "Enter a total greater than zero."));
    }
    match req.method {
        SplitMethod::Equal => equal(req),
        SplitMethod::Exact => exact(req),
        SplitMethod::Percentage => weighted(req, &PERCENTAGE),
        SplitMethod::Shares => weighted(req, &SHARES),
        SplitMethod::Adjustment => adjustment(req),
        SplitMethod::Itemized => itemized(req),
    }
}

fn equal<K: Clone + Eq + Hash>(req: &SplitRequest<K>) -> Result<Vec<(K, i64)>, SplitError> {
    check_members(req.participants)?;
    let shares = split_evenly(req.total, req.participants.len(), req.tie_seed).map_err(unexpected)?;
    Ok(pair(req.participants, shares))
}

fn exact<K: Clone + Eq + Hash>(req: &SplitRequest<K>) -> Result<Vec<(K, i64)>, SplitError> {
    check_members(req.participants)?;
    let mut shares = Vec::with_capacity(req.participants.len());
    for (i, participant) in req.participants.iter().enumerate() {
        let field = value_field(i);
        let value = participant
            .value
            .ok_or_else(|| SplitError::new(&field, "Enter how much this person owes."))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(SplitError::new(
                field,
                "An amount can't be negative. Enter 0 or more.",
            ));
        }
        shares.push(minor_units(value, req.exponent, &field, "The amount")?);
    }
    // i128: many large amounts must not wrap before they are compared with the total.
    let sum: i128 = shares.iter().map(|&s| i128::from(s)).sum();
    let total = i128::from(req.total);
    if sum != total {
        let e = req.exponent;
        return Err(SplitError::new(
            "split.participants",
            format!(
                "The amounts add up to {} but the expense is {} ({}). \
                 Change the amounts so they add up to {}.",
                format_minor(sum, e),
                format_minor(total, e),
                gap(format_minor((sum - total).abs(), e), sum < total),
                format_minor(total, e),
            ),
        ));
    }
    Ok(pair(req.participants, shares))
}

/// The rules that differ between percentage and share splits.
struct WeightRules {
    missing: &'static str,
    out_of_range: &'static str,
    too_precise: &'static str,
    /// The sum the weights must reach, if any.
    required_sum: Option<Decimal>,
    /// The largest weight allowed, if any.
    max: Option<Decimal>,
}

const PERCENTAGE: WeightRules = WeightRules {
    missing: "Enter this person's percentage.",
    out_of_range: "Enter a percentage greater than 0 and at most 100.",
    too_precise: "Use at most 4 decimal places for a percentage.",
    required_sum: Some(Decimal::ONE_HUNDRED),
    max: Some(Decimal::ONE_HUNDRED),
};

const SHARES: WeightRules = WeightRules {
    missing: "Enter this person's number of shares.",
    out_of_range: "Enter a number of shares greater than 0.",
    too_precise: "Use at most 4 decimal places for shares.",
    required_sum: None,
    max: None,
};

fn weighted<K: Clone + Eq + Hash>(
    req: &SplitRequest<K>,
    rules: &WeightRules,
) -> Result<Vec<(K, i64)>, SplitError> {
    check_members(req.participants)?;
    let mut weights = Vec::with_capacity(req.participants.len());
    for (i, participant) in req.participants.iter().enumerate() {
        let field = value_field(i);
        let value = participant
            .value
            .ok_or_else(|| SplitError::new(&field, rules.missing))?;
        if value <= Decimal::ZERO || rules.max.is_some_and(|max| value > max) {
            return Err(SplitError::new(field, rules.out_of_range));
        }
        if value.normalize().scale() > WEIGHT_DECIMALS {
            return Err(SplitError::new(field, rules.too_precise));
        }
        weights.push(value);
    }
    if let Some(required) = rules.required_sum {
        // Each weight is at most 100 with 4 decimals, so only an absurd number of
        // participants could overflow a Decimal; that case is simply not 100 either.
        let sum = weights
            .iter()
            .try_fold(Decimal::ZERO, |acc, w| acc.checked_add(*w));
        if sum != Some(required) {
            let message = match sum {
                Some(sum) => format!(
                    "The percentages add up to {}, not {} ({}). \
                     Change them so they add up to exactly {}.",
                    sum.normalize(),
                    required,
                    gap((sum - required).abs().normalize(), sum < required),
                    required,
                ),
                None => format!("The percentages must add up to exactly {required}."),
            };
            return Err(SplitError::new("split.participants", message));
        }
    }
    let shares = apportion(req.total, &weights, req.tie_seed).map_err(unexpected)?;
    Ok(pair(req.participants, shares))
}

fn adjustment<K: Clone + Eq + Hash>(req: &SplitRequest<K>) -> Result<Vec<(K, i64)>, SplitError> {
    check_members(req.participants)?;
    let e = req.exponent;
    let mut adjustments = Vec::with_capacity(req.participants.len());
    for (i, participant) in req.participants.iter().enumerate() {
        let value = participant.value.unwrap_or(Decimal::ZERO);
        adjustments.push(i128::from(minor_units(
            value,
            e,
            &value_field(i),
            "The adjustment",
        )?));
    }
    let sum: i128 = adjustments.iter().sum();
    let base = i128::from(req.total) - sum;
    if base < 0 {
        return Err(SplitError::new(
            "split.participants",
            format!(
                "The adjustments add up to {}, more than the expense total of {}. \
                 Reduce them by at least {}.",
                format_minor(sum, e),
                format_minor(i128::from(req.total), e),
                format_minor(-base, e),
            ),
        ));
    }
    let base = i64::try_from(base).map_err(|_| {
        SplitError::new(
            "split.participants",
            "These reductions are too large. Use smaller amounts.",
        )
    })?;
    let even = split_evenly(base, req.participants.len(), req.tie_seed).map_err(unexpected)?;
    let mut shares = Vec::with_capacity(even.len());
    for (i, (&even_share, &adjustment)) in even.iter().zip(&adjustments).enumerate() {
        let share = i128::from(even_share) + adjustment;
        if share < 0 {
            return Err(SplitError::new(
                value_field(i),
                format!(
                    "This reduction is too large: this person's share would be {}. Use a smaller reduction.",
                    format_minor(share, e),
                ),
            ));
        }
        // Non-negative shares summing to the total are each at most the total.
        shares.push(i64::try_from(share).map_err(|_| unexpected(ApportionError::Overflow))?);
    }
    Ok(pair(req.participants, shares))
}

/// See the module documentation for why tax, tip and discount are apportioned as one
/// net amount. It cannot push a share below zero: the total is at least 1, so the net is
/// more than `−Σsubtotals`, and apportioning it takes at most `subtotal` from anyone.
fn itemized<K: Clone + Eq + Hash>(req: &SplitRequest<K>) -> Result<Vec<(K, i64)>, SplitError> {
    if req.items.is_empty() {
        return Err(SplitError::new("split.items", "Add at least one item to split."));
    }
    let e = req.exponent;
    let mut members: Vec<(K, i128)> = Vec::new();
    let mut position: HashMap<K, usize> = HashMap::new();
    let mut items_sum: i128 = 0;
    for (i, item) in req.items.iter().enumerate() {
        if item.amount <= 0 {
            return Err(SplitError::new(
                format!("split.items[{i}].amount"),
                "Enter a price greater than zero for this item.",
            ));
        }
        let field = format!("split.items[{i}].member_ids");
        if item.members.is_empty() {
            return Err(SplitError::new(field, "Assign this item to at least one person."));
        }
        let mut seen = HashSet::with_capacity(item.members.len());
        if item.members.iter().any(|m| !seen.insert(m)) {
            return Err(SplitError::new(
                field,
                "Each person can be on an item only once. Remove the duplicate.",
            ));
        }
        let mut seed = req.tie_seed.to_vec();
        // A bill never has 2³² items; the index only has to vary the tie order.
        seed.extend_from_slice(&(i as u32).to_be_bytes());
        let shares = split_evenly(item.amount, item.members.len(), &seed).map_err(unexpected)?;
        for (member, share) in item.members.iter().zip(shares) {
            let at = *position.entry(member.clone()).or_insert_with(|| {
                members.push((member.clone(), 0));
                members.len() - 1
            });
            members[at].1 += i128::from(share);
        }
        items_sum += i128::from(item.amount);
    }
    for (field, amount, name) in [("split.tax", req.tax, "Tax"), ("split.tip", req.tip, "A tip")] {
        if amount < 0 {
            return Err(SplitError::new(
                field,
                format!("{name} can't be negative. Enter 0 or more."),
            ));
        }
    }
    if req.discount < 0 {
        return Err(SplitError::new(
            "split.discount",
            "A discount can't be negative. Enter 0 or more.",
        ));
    }
    let gross = items_sum + i128::from(req.tax) + i128::from(req.tip);
    if gross > i128::from(i64::MAX) {
        return Err(SplitError::new(
            "split.items",
            "These amounts are too large to record. Check the prices.",
        ));
    }
    if i128::from(req.discount) > gross {
        return Err(SplitError::new(
            "split.discount",
            format!(
                "The discount ({}) is more than the items, tax and tip together ({}). \
                 Lower the discount.",
                format_minor(i128::from(req.discount), e),
                format_minor(gross, e),
            ),
        ));
    }
    let bill = gross - i128::from(req.discount);
    let total = i128::from(req.total);
    if bill != total {
        return Err(SplitError::new(
            "total",
            format!(
                "The items come to {} with tax, tip and discount, but the expense total is {} ({}). \
                 Set the total to {} or change the items.",
                format_minor(bill, e),
                format_minor(total, e),
                gap(format_minor((bill - total).abs(), e), bill < total),
                format_minor(bill, e),
            ),
        ));
    }
    // Each subtotal is at most the items' sum, which the check above kept within i64;
    // so is the net, at most the tax and tip or at least minus the discount.
    let to_i64 = |v: i128| i64::try_from(v).map_err(|_| unexpected(ApportionError::Overflow));
    let net = to_i64(i128::from(req.tax) + i128::from(req.tip) - i128::from(req.discount))?;
    let weights = members
        .iter()
        .map(|&(_, subtotal)| to_i64(subtotal).map(Decimal::from))
        .collect::<Result<Vec<_>, _>>()?;
    let extras = apportion(net, &weights, req.tie_seed).map_err(unexpected)?;
    members
        .into_iter()
        .zip(extras)
        .map(|((member, subtotal), extra)| {
            let share = to_i64(subtotal + i128::from(extra))?;
            if share < 0 {
                return Err(unexpected(ApportionError::Overflow));
            }
            Ok((member, share))
        })
        .collect()
}

/// Participants must be present and distinct: a member listed twice would be charged
/// twice.
fn check_members<K: Eq + Hash>(participants: &[Participant<K>]) -> Result<(), SplitError> {
    if participants.is_empty() {
        return Err(SplitError::new(
            "split.participants",
            "Choose at least one person to split this expense with.",
        ));
    }
    let mut seen = HashSet::with_capacity(participants.len());
    for (i, participant) in participants.iter().enumerate() {
        if !seen.insert(&participant.member) {
            return Err(SplitError::new(
                format!("split.participants[{i}].member_id"),
                "This person is already in the split. Remove the duplicate.",
            ));
        }
    }
    Ok(())
}

fn pair<K: Clone>(participants: &[Participant<K>], shares: Vec<i64>) -> Vec<(K, i64)> {
    participants
        .iter()
        .map(|p| p.member.clone())
        .zip(shares)
        .collect()
}

fn value_field(i: usize) -> String {
    format!("split.participants[{i}].value")
}

/// Inputs are validated before any apportioning, so this is a bug, not a user mistake;
/// it is still an error rather than a panic.
fn unexpected(error: ApportionError) -> SplitError {
    SplitError::new(
        "split",
        format!("This split could not be worked out ({error}). Check the amounts and try again."),
    )
}

/// Converts a typed major-unit amount to minor units, refusing sub-unit precision
/// (rounding it silently would change what the person entered).
fn minor_units(value: Decimal, exponent: u32, field: &str, what: &str) -> Result<i64, SplitError> {
    let value = value.normalize();
    if value.scale() > exponent {
        let rule = match exponent {
            0 => "must be a whole number (this currency has no decimal places)".to_owned(),
            1 => "must have at most 1 decimal place".to_owned(),
            n => format!("must have at most {n} decimal places"),
        };
        return Err(SplitError::new(field, format!("{what} {rule}.")));
    }
    value
        .mantissa()
        .checked_mul(10i128.pow(exponent - value.scale()))
        .and_then(|minor| i64::try_from(minor).ok())
        .ok_or_else(|| SplitError::new(field, format!("{what} is too large. Check the amount.")))
}

/// Formats minor units with the currency's decimals: `-1234` at exponent 2 is `-12.34`.
fn format_minor(amount: i128, exponent: u32) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let magnitude = amount.unsigned_abs();
    if exponent == 0 {
        return format!("{sign}{magnitude}");
    }
    let unit = 10u128.pow(exponent);
    let width = exponent as usize;
    format!("{sign}{}.{:0width$}", magnitude / unit, magnitude % unit)
}

fn gap(amount: impl fmt::Display, short: bool) -> String {
    format!("{amount} {}", if short { "short" } else { "over" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn people(values: &[Option<Decimal>]) -> Vec<Participant<u32>> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Participant {
                member: i as u32,
                value,
            })
            .collect()
    }

    fn request<'a>(
        method: SplitMethod,
        total: i64,
        exponent: u32,
        participants: &'a [Participant<u32>],
        items: &'a [Item<u32>],
    ) -> SplitRequest<'a, u32> {
        SplitRequest {
            method,
            total,
            exponent,
            participants,
            items,
            tax: 0,
            tip: 0,
            discount: 0,
            tie_seed: b"expense-7",
        }
    }

    fn item(amount: i64, members: &[u32]) -> Item<u32> {
        Item {
            description: "item".into(),
            amount,
            members: members.to_vec(),
        }
    }

    fn err(field: &str, message: &str) -> Result<Vec<(u32, i64)>, SplitError> {
        Err(SplitError::new(field, message))
    }

    #[test]
    fn equal_split_covers_the_total() {
        let p = people(&[None, None, None]);
        let shares = compute_split(&request(SplitMethod::Equal, 10_000, 2, &p, &[])).unwrap();
        assert_eq!(shares.iter().map(|s| s.0).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(shares.iter().map(|s| s.1).sum::<i64>(), 10_000);
        assert!(shares.iter().all(|s| s.1 == 3333 || s.1 == 3334));
    }

    #[test]
    fn total_and_participants_are_checked_first() {
        let p = people(&[None]);
        let expected = err("total", "Enter a total greater than zero.");
        assert_eq!(
            compute_split(&request(SplitMethod::Equal, 0, 2, &p, &[])),
            expected
        );
        assert_eq!(
            compute_split(&request(SplitMethod::Equal, -5, 2, &p, &[])),
            expected
        );
        assert_eq!(
            compute_split(&request(SplitMethod::Equal, 5, 2, &[], &[])),
            err(
                "split.participants",
                "Choose at least one person to split this expense with."
            )
        );
        let mut twice = people(&[None, None, None]);
        twice[2].member = 0;
        assert_eq!(
            compute_split(&request(SplitMethod::Equal, 5, 2, &twice, &[])),
            err(
                "split.participants[2].member_id",
                "This person is already in the split. Remove the duplicate."
            )
        );
        assert_eq!(
            compute_split(&request(SplitMethod::Equal, 5, 19, &p, &[]))
                .unwrap_err()
                .field,
            "currency"
        );
    }

    #[test]
    fn exact_amounts_must_add_up() {
        let p = people(&[Some(dec!(50.00)), Some(dec!(49.99))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Exact, 10_000, 2, &p, &[])),
            err(
                "split.participants",
                "The amounts add up to 99.99 but the expense is 100.00 (0.01 short). \
                 Change the amounts so they add up to 100.00."
            )
        );
        let p = people(&[Some(dec!(50.00)), Some(dec!(50.01))]);
        let e = compute_split(&request(SplitMethod::Exact, 10_000, 2, &p, &[])).unwrap_err();
        assert!(
            e.message
                .starts_with("The amounts add up to 100.01 but the expense is 100.00 (0.01 over).")
        );
        let p = people(&[Some(dec!(60)), Some(dec!(40.000)), Some(dec!(0))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Exact, 10_000, 2, &p, &[])).unwrap(),
            vec![(0, 6000), (1, 4000), (2, 0)]
        );
        let yen = people(&[Some(dec!(700)), Some(dec!(300))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Exact, 1000, 0, &yen, &[])).unwrap(),
            vec![(0, 700), (1, 300)]
        );
    }

    #[test]
    fn exact_amount_errors_name_the_participant() {
        let cases = [
            (
                2,
                Some(dec!(1.005)),
                "The amount must have at most 2 decimal places.",
            ),
            (
                3,
                Some(dec!(1.0005)),
                "The amount must have at most 3 decimal places.",
            ),
            (
                1,
                Some(dec!(1.05)),
                "The amount must have at most 1 decimal place.",
            ),
            (
                0,
                Some(dec!(1.5)),
                "The amount must be a whole number (this currency has no decimal places).",
            ),
            (2, Some(dec!(-1)), "An amount can't be negative. Enter 0 or more."),
            (2, None, "Enter how much this person owes."),
            (
                2,
                Some(Decimal::MAX),
                "The amount is too large. Check the amount.",
            ),
        ];
        for (exponent, value, message) in cases {
            let p = people(&[Some(dec!(1)), value]);
            assert_eq!(
                compute_split(&request(SplitMethod::Exact, 100, exponent, &p, &[])),
                err("split.participants[1].value", message),
                "{value:?} at exponent {exponent}"
            );
        }
    }

    #[test]
    fn percentages_must_total_exactly_one_hundred() {
        let p = people(&[Some(dec!(50)), Some(dec!(49.5))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Percentage, 10_000, 2, &p, &[])),
            err(
                "split.participants",
                "The percentages add up to 99.5, not 100 (0.5 short). \
                 Change them so they add up to exactly 100."
            )
        );
        let p = people(&[Some(dec!(60)), Some(dec!(40.25))]);
        let e = compute_split(&request(SplitMethod::Percentage, 10_000, 2, &p, &[])).unwrap_err();
        assert!(
            e.message
                .starts_with("The percentages add up to 100.25, not 100 (0.25 over).")
        );
        let p = people(&[Some(dec!(33.33)), Some(dec!(33.33)), Some(dec!(33.34))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Percentage, 1000, 2, &p, &[])).unwrap(),
            vec![(0, 333), (1, 333), (2, 334)]
        );
    }

    #[test]
    fn percentage_values_are_checked() {
        for (value, message) in [
            (None, "Enter this person's percentage."),
            (
                Some(dec!(0)),
                "Enter a percentage greater than 0 and at most 100.",
            ),
            (
                Some(dec!(-5)),
                "Enter a percentage greater than 0 and at most 100.",
            ),
            (
                Some(dec!(100.01)),
                "Enter a percentage greater than 0 and at most 100.",
            ),
            (
                Some(dec!(0.00001)),
                "Use at most 4 decimal places for a percentage.",
            ),
        ] {
            let p = people(&[Some(dec!(50)), value]);
            assert_eq!(
                compute_split(&request(SplitMethod::Percentage, 100, 2, &p, &[])),
                err("split.participants[1].value", message)
            );
        }
    }

    #[test]
    fn shares_are_proportional() {
        let p = people(&[Some(dec!(2)), Some(dec!(1)), Some(dec!(1.5))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Shares, 900, 0, &p, &[])).unwrap(),
            vec![(0, 400), (1, 200), (2, 300)]
        );
        for (value, message) in [
            (None, "Enter this person's number of shares."),
            (Some(dec!(0)), "Enter a number of shares greater than 0."),
            (Some(dec!(1.00001)), "Use at most 4 decimal places for shares."),
        ] {
            let p = people(&[value]);
            assert_eq!(
                compute_split(&request(SplitMethod::Shares, 100, 2, &p, &[])),
                err("split.participants[0].value", message)
            );
        }
    }

    #[test]
    fn adjustments_shift_an_even_split() {
        // 100.00 with +10.00 for one and −4.00 for another: 94.00 evenly, then adjust.
        let p = people(&[Some(dec!(10)), None, Some(dec!(-4.00))]);
        let shares = compute_split(&request(SplitMethod::Adjustment, 10_000, 2, &p, &[])).unwrap();
        let even: Vec<i64> = split_evenly(9_400, 3, b"expense-7").unwrap();
        assert_eq!(
            shares,
            vec![(0, even[0] + 1000), (1, even[1]), (2, even[2] - 400)]
        );
        let p = people(&[Some(dec!(80)), Some(dec!(30.50))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Adjustment, 10_000, 2, &p, &[])),
            err(
                "split.participants",
                "The adjustments add up to 110.50, more than the expense total of 100.00. \
                 Reduce them by at least 10.50."
            )
        );
        // A reduction raises everyone else's even share: 90.00 + 90.00 over three is
        // 60.00 each, and 60.00 − 90.00 is below zero.
        let p = people(&[None, Some(dec!(-90)), None]);
        assert_eq!(
            compute_split(&request(SplitMethod::Adjustment, 9_000, 2, &p, &[])),
            err(
                "split.participants[1].value",
                "This reduction is too large: this person's share would be -30.00. Use a smaller reduction."
            )
        );
        let p = people(&[Some(dec!(0.5))]);
        assert_eq!(
            compute_split(&request(SplitMethod::Adjustment, 100, 0, &p, &[])),
            err(
                "split.participants[0].value",
                "The adjustment must be a whole number (this currency has no decimal places)."
            )
        );
    }

    #[test]
    fn itemized_bill_with_tax_tip_and_discount() {
        // Subtotals: 0 → 12.50, 2 → 5.50, 1 → 8.50, 3 → 2.50; 29.00 in all.
        let items = [
            item(1000, &[0]),
            item(1000, &[2, 0, 1, 3]),
            item(600, &[1]),
            item(300, &[2]),
        ];
        let mut req = request(SplitMethod::Itemized, 3000, 2, &[], &items);
        req.tax = 290;
        req.tip = 10;
        req.discount = 200;
        let shares = compute_split(&req).unwrap();
        assert_eq!(shares.iter().map(|s| s.0).collect::<Vec<_>>(), vec![0, 2, 1, 3]);
        assert_eq!(shares.iter().map(|s| s.1).sum::<i64>(), 3000);
        // Net extras 1.00 over a 29.00 subtotal: 1250/2900 ≈ 43.1 of them go to member 0.
        let first = shares[0].1;
        assert!((1250 + 43..=1250 + 44).contains(&first), "{first}");
    }

    #[test]
    fn an_almost_total_discount_never_makes_a_share_negative() {
        // Apportioning tax, tip and discount separately gives shares 1, 1, -1, -1, 1 here.
        let items = [
            item(36, &[0]),
            item(15, &[1]),
            item(23, &[2]),
            item(15, &[3]),
            item(44, &[4]),
        ];
        let mut req = request(SplitMethod::Itemized, 1, 2, &[], &items);
        req.tax = 14;
        req.tip = 48;
        req.discount = 194;
        let shares = compute_split(&req).unwrap();
        assert!(shares.iter().all(|s| s.1 >= 0), "{shares:?}");
        assert_eq!(shares.iter().map(|s| s.1).sum::<i64>(), 1);
    }

    #[test]
    fn itemized_errors() {
        let ok_item = item(100, &[1]);
        // Items, total, tax, tip, discount, then the expected field and message.
        type Case = (Vec<Item<u32>>, i64, i64, i64, i64, &'static str, &'static str);
        let cases: Vec<Case> = vec![
            (
                vec![],
                100,
                0,
                0,
                0,
                "split.items",
                "Add at least one item to split.",
            ),
            (
                vec![ok_item.clone(), item(0, &[1])],
                100,
                0,
                0,
                0,
                "split.items[1].amount",
                "Enter a price greater than zero for this item.",
            ),
            (
                vec![item(100, &[])],
                100,
                0,
                0,
                0,
                "split.items[0].member_ids",
                "Assign this item to at least one person.",
            ),
            (
                vec![item(100, &[1, 2, 1])],
                100,
                0,
                0,
                0,
                "split.items[0].member_ids",
                "Each person can be on an item only once. Remove the duplicate.",
            ),
            (
                vec![ok_item.clone()],
                100,
                -1,
                0,
                0,
                "split.tax",
                "Tax can't be negative. Enter 0 or more.",
            ),
            (
                vec![ok_item.clone()],
                100,
                0,
                -1,
                0,
                "split.tip",
                "A tip can't be negative. Enter 0 or more.",
            ),
            (
                vec![ok_item.clone()],
                100,
                0,
                0,
                -1,
                "split.discount",
                "A discount can't be negative. Enter 0 or more.",
            ),
            (
                vec![ok_item.clone()],
                100,
                10,
                0,
                111,
                "split.discount",
                "The discount (1.11) is more than the items, tax and tip together (1.10). \
                 Lower the discount.",
            ),
            (
                vec![ok_item.clone()],
                100,
                10,
                5,
                0,
                "total",
                "The items come to 1.15 with tax, tip and discount, but the expense total is 1.00 \
                 (0.15 over). Set the total to 1.15 or change the items.",
            ),
            (
                vec![item(i64::MAX, &[1]), item(1, &[1])],
                100,
                0,
                0,
                0,
                "split.items",
                "These amounts are too large to record. Check the prices.",
            ),
        ];
        for (items, total, tax, tip, discount, field, message) in cases {
            let mut req = request(SplitMethod::Itemized, total, 2, &[], &items);
            req.tax = tax;
            req.tip = tip;
            req.discount = discount;
            assert_eq!(compute_split(&req), err(field, message));
        }
    }

    #[test]
    fn formats_minor_units_with_the_currency_decimals() {
        assert_eq!(format_minor(-1234, 2), "-12.34");
        assert_eq!(format_minor(5, 2), "0.05");
        assert_eq!(format_minor(5, 3), "0.005");
        assert_eq!(format_minor(1234, 0), "1234");
        assert_eq!(format_minor(-7, 0), "-7");
        assert_eq!(format_minor(10_000, 2), "100.00");
    }

    fn exponent() -> impl Strategy<Value = u32> {
        prop_oneof![Just(0u32), Just(2), Just(3)]
    }

    fn check(result: &[(u32, i64)], total: i64) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            result.iter().map(|s| i128::from(s.1)).sum::<i128>(),
            i128::from(total)
        );
        prop_assert!(result.iter().all(|s| s.1 >= 0), "negative share in {:?}", result);
        Ok(())
    }

    fn members_of(result: &[(u32, i64)]) -> Vec<u32> {
        result.iter().map(|s| s.0).collect()
    }

    proptest! {
        #[test]
        fn equal_sums(total in 1i64..=i64::MAX, n in 1usize..40, exponent in exponent()) {
            let p = people(&vec![None; n]);
            let result = compute_split(&request(SplitMethod::Equal, total, exponent, &p, &[])).unwrap();
            prop_assert_eq!(members_of(&result), (0..n as u32).collect::<Vec<_>>());
            check(&result, total)?;
        }

        #[test]
        fn exact_sums(amounts in prop::collection::vec(0i64..10_000_000_000, 1..30), exponent in exponent()) {
            let total: i64 = amounts.iter().sum::<i64>() + 1;
            let mut values: Vec<Option<Decimal>> =
                amounts.iter().map(|&a| Some(Decimal::new(a, exponent))).collect();
            values[0] = Some(Decimal::new(amounts[0] + 1, exponent));
            let p = people(&values);
            let result = compute_split(&request(SplitMethod::Exact, total, exponent, &p, &[])).unwrap();
            check(&result, total)?;
            prop_assert_eq!(result[0].1, amounts[0] + 1);
        }

        #[test]
        fn percentage_sums(
            total in 1i64..=i64::MAX / 10,
            cuts in prop::collection::btree_set(1i64..1_000_000, 0..30),
            exponent in exponent(),
        ) {
            let mut bounds = vec![0];
            bounds.extend(cuts);
            bounds.push(1_000_000);
            let values: Vec<Option<Decimal>> =
                bounds.windows(2).map(|w| Some(Decimal::new(w[1] - w[0], 4))).collect();
            let p = people(&values);
            let result = compute_split(&request(SplitMethod::Percentage, total, exponent, &p, &[])).unwrap();
            check(&result, total)?;
        }

        #[test]
        fn shares_sum(
            total in 1i64..=i64::MAX,
            shares in prop::collection::vec((1i64..1_000_000, 0u32..=4), 1..30),
            exponent in exponent(),
        ) {
            let values: Vec<Option<Decimal>> =
                shares.iter().map(|&(m, s)| Some(Decimal::new(m, s))).collect();
            let p = people(&values);
            let result = compute_split(&request(SplitMethod::Shares, total, exponent, &p, &[])).unwrap();
            check(&result, total)?;
        }

        #[test]
        fn adjustment_sums(
            total in 1i64..1_000_000_000_000,
            raw in prop::collection::vec(prop::option::of(0i64..1_000_000), 1..20),
            exponent in exponent(),
        ) {
            // Non-negative adjustments scaled to fit under the total: always valid.
            let sum: i64 = raw.iter().flatten().sum();
            let values: Vec<Option<Decimal>> = raw
                .iter()
                .map(|a| a.map(|a| {
                    let minor = if sum == 0 { 0 } else { i64::try_from(i128::from(a) * i128::from(total) / i128::from(sum)).unwrap() };
                    Decimal::new(minor, exponent)
                }))
                .collect();
            let p = people(&values);
            let result = compute_split(&request(SplitMethod::Adjustment, total, exponent, &p, &[])).unwrap();
            check(&result, total)?;
        }

        #[test]
        fn adjustment_with_reductions_sums_or_explains(
            total in 1i64..1_000_000,
            raw in prop::collection::vec(prop::option::of(-1_000_000i64..1_000_000), 1..20),
            exponent in exponent(),
        ) {
            let values: Vec<Option<Decimal>> =
                raw.iter().map(|a| a.map(|a| Decimal::new(a, exponent))).collect();
            let p = people(&values);
            match compute_split(&request(SplitMethod::Adjustment, total, exponent, &p, &[])) {
                Ok(result) => check(&result, total)?,
                Err(e) => prop_assert!(
                    e.field == "split.participants" || e.field.ends_with("].value"),
                    "{e:?}"
                ),
            }
        }

        #[test]
        fn itemized_sums(
            items in prop::collection::vec(
                (1i64..10_000_000, prop::collection::btree_set(0u32..8, 1..8)),
                1..15,
            ),
            tax in 0i64..1_000_000,
            tip in 0i64..1_000_000,
            discount_share in 0u32..=100,
            exponent in exponent(),
        ) {
            let items: Vec<Item<u32>> = items
                .into_iter()
                .map(|(amount, members)| {
                    let mut members: Vec<u32> = members.into_iter().collect();
                    let len = members.len();
                    members.rotate_left(amount as usize % len);
                    item(amount, &members)
                })
                .collect();
            let gross: i64 = items.iter().map(|i| i.amount).sum::<i64>() + tax + tip;
            // Up to the whole bill less one unit: the total must stay positive.
            let discount = (gross - 1) * i64::from(discount_share) / 100;
            let total = gross - discount;
            let mut req = request(SplitMethod::Itemized, total, exponent, &[], &items);
            req.tax = tax;
            req.tip = tip;
            req.discount = discount;
            let result = compute_split(&req).unwrap();
            check(&result, total)?;
            let mut first_seen = Vec::new();
            for member in items.iter().flat_map(|i| i.members.iter()) {
                if !first_seen.contains(member) {
                    first_seen.push(*member);
                }
            }
            prop_assert_eq!(members_of(&result), first_seen);
        }

        #[test]
        fn any_request_is_an_answer_or_an_error_never_a_panic(
            method in prop_oneof![
                Just(SplitMethod::Equal), Just(SplitMethod::Exact), Just(SplitMethod::Percentage),
                Just(SplitMethod::Shares), Just(SplitMethod::Itemized), Just(SplitMethod::Adjustment),
            ],
            total in prop_oneof![any::<i64>(), -10i64..10_000],
            exponent in prop_oneof![exponent(), 0u32..25],
            values in prop::collection::vec(
                (0u32..4, prop::option::of((any::<i128>(), 0u32..=28, -10_000i64..10_000))),
                0..8,
            ),
            items in prop::collection::vec(
                (prop_oneof![any::<i64>(), -5i64..5_000], prop::collection::vec(0u32..4, 0..5)),
                0..5,
            ),
            extras in (prop_oneof![any::<i64>(), -5i64..500], prop_oneof![any::<i64>(), -5i64..500], prop_oneof![any::<i64>(), -5i64..500]),
        ) {
            let participants: Vec<Participant<u32>> = values
                .iter()
                .map(|&(member, value)| Participant {
                    member,
                    value: value.map(|(m, s, small)| {
                        if m % 2 == 0 {
                            Decimal::new(small, s.min(4))
                        } else {
                            Decimal::from_i128_with_scale(m % 79_228_162_514_264_337_593_543_950_335, s)
                        }
                    }),
                })
                .collect();
            let items: Vec<Item<u32>> = items.iter().map(|(a, m)| item(*a, m)).collect();
            let mut req = request(method, total, exponent, &participants, &items);
            (req.tax, req.tip, req.discount) = extras;
            if let Ok(result) = compute_split(&req) {
                check(&result, total)?;
            }
        }
    }
}
