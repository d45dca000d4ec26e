//! From what a person typed to what an expense writes: payers, the split by
//! any method (through `split::compute_split`, so shares always sum exactly to
//! the total), another currency at a rate, and the debtor → creditor rows.

use super::expenses::ExpenseInput;
use super::groups::GroupView;
use super::rollup::Debt;
use crate::error::{Error, Result};
use crate::input::{Problems, Sign};
use crate::money::apportion::apportion;
use crate::money::{Currency, Minor, Money};
use crate::split::{Item, Participant, SplitMethod, SplitRequest, compute_split};
use hisaab_entity::social::GroupMemberId;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;
use time::Date;

/// The words for `SplitMethod` on the wire.
const SPLIT_METHODS: &[(&str, SplitMethod)] = &[
    ("equal", SplitMethod::Equal),
    ("exact", SplitMethod::Exact),
    ("percentage", SplitMethod::Percentage),
    ("shares", SplitMethod::Shares),
    ("itemized", SplitMethod::Itemized),
    ("adjustment", SplitMethod::Adjustment),
];

pub fn method_name(m: SplitMethod) -> &'static str {
    match m {
        SplitMethod::Equal => "equal",
        SplitMethod::Exact => "exact",
        SplitMethod::Percentage => "percentage",
        SplitMethod::Shares => "shares",
        SplitMethod::Itemized => "itemized",
        SplitMethod::Adjustment => "adjustment",
    }
}

/// Everything an expense writes, in the group's currency (minor units).
pub(super) struct Computed {
    pub(super) description: String,
    pub(super) date: Date,
    pub(super) total: Money,
    pub(super) original: Money,
    pub(super) rate: Decimal,
    pub(super) method: SplitMethod,
    pub(super) lines: Vec<MemberLine>,
    /// Who owes whom.
    pub(super) debts: Vec<Debt<Minor>>,
}

/// What one member paid and owes for an expense, in the group's currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MemberLine {
    pub member: GroupMemberId,
    pub paid: Minor,
    pub owed: Minor,
}

fn member_of(p: &mut Problems, group: &GroupView, field: &str, raw: &str) -> Option<GroupMemberId> {
    let id = p.id(field, raw)?;
    if group.member(id).is_none() {
        p.add(field, "Choose a member of this group.");
        return None;
    }
    Some(id)
}

/// A split value (an amount, a percentage, a number of shares). Like an
/// amount, surrounding spaces are refused rather than trimmed.
fn decimal(p: &mut Problems, field: &str, raw: Option<&str>) -> Option<Decimal> {
    let raw = raw.filter(|r| !r.trim().is_empty())?;
    let ok = raw.len() <= 30
        && raw
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.');
    match Decimal::from_str(raw).ok().filter(|_| ok) {
        Some(d) => Some(d),
        None => {
            p.add(field, "Enter a number like 12.50.");
            None
        }
    }
}

fn minor(m: Option<Money>) -> i64 {
    m.map_or(0, |m| m.to_minor())
}

/// What a person typed, parsed and checked (amounts in the expense's currency).
struct Parsed {
    description: String,
    date: Date,
    total: Money,
    rate: Decimal,
    method: SplitMethod,
    payers: Vec<(GroupMemberId, i64)>,
    participants: Vec<Participant<GroupMemberId>>,
    items: Vec<Item<GroupMemberId>>,
    tax: i64,
    tip: i64,
    discount: i64,
}

/// Parses the expense, splits it and turns it into what it writes: the
/// lines per member and the debts between them, in the group's currency.
pub(super) fn compute(group: &GroupView, input: &ExpenseInput, seed: &[u8]) -> Result<Computed> {
    let parsed = parse(group, input)?;
    let shares = split(&parsed, seed)?;
    let (total, shares, payers) = in_group_currency(group, &parsed, shares, seed)?;
    let lines = member_lines(&payers, &shares);
    let debts = pair_debts(&lines);
    Ok(Computed {
        description: parsed.description,
        date: parsed.date,
        total,
        original: parsed.total,
        rate: parsed.rate,
        method: parsed.method,
        lines,
        debts,
    })
}

/// Every field, with every mistake reported at once.
fn parse(group: &GroupView, input: &ExpenseInput) -> Result<Parsed> {
    let mut p = Problems::default();
    let description = p.text("description", "a description", &input.description, 200);
    // Checked as before, though a group expense keeps no notes.
    p.optional_text("notes", "the notes", input.notes.as_deref(), 2000);
    let date = p.date("date", &input.date);
    let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => p.currency("currency", code),
        None => Some(group.currency),
    };
    let total = p.amount("total", &input.total, currency, Sign::Positive);
    let rate = parse_rate(&mut p, group, currency, input.rate.as_deref());
    let method = p.choice("split.method", &input.split.method, SPLIT_METHODS);
    let payers = parse_payers(&mut p, group, input, total, currency);
    let mut participants = parse_participants(&mut p, group, input);
    // `equal` with nobody named: every current member of the group.
    if method == Some(SplitMethod::Equal) && input.split.participants.is_empty() {
        participants = group
            .members
            .iter()
            .map(|m| Participant {
                member: m.id,
                value: None,
            })
            .collect();
    }
    let items = parse_items(&mut p, group, input, currency);
    let tax = minor(p.amount_or_zero(
        "split.tax",
        input.split.tax.as_deref(),
        currency,
        Sign::NonNegative,
    ));
    let tip = minor(p.amount_or_zero(
        "split.tip",
        input.split.tip.as_deref(),
        currency,
        Sign::NonNegative,
    ));
    let discount = minor(p.amount_or_zero(
        "split.discount",
        input.split.discount.as_deref(),
        currency,
        Sign::NonNegative,
    ));
    if let Some(t) = total
        && payers.len() == input.payers.len()
        && !payers.is_empty()
    {
        check_payers_add_up(&mut p, t, &payers);
    }
    let (description, date, total, rate, method) = p.finish_with((description, date, total, rate, method))?;
    Ok(Parsed {
        description,
        date,
        total,
        rate,
        method,
        payers,
        participants,
        items,
        tax,
        tip,
        discount,
    })
}

/// Units of the group's currency per unit of the expense's: 1 (and nothing
/// typed) in the group's currency, required otherwise.
fn parse_rate(
    p: &mut Problems,
    group: &GroupView,
    currency: Option<Currency>,
    raw: Option<&str>,
) -> Option<Decimal> {
    match (currency, decimal(p, "rate", raw)) {
        (Some(c), rate) if c != group.currency => match rate {
            Some(r)
                if r > Decimal::ZERO && r <= Decimal::from(1_000_000_000) && r.normalize().scale() <= 10 =>
            {
                Some(r.normalize())
            }
            Some(_) => {
                p.add("rate", "Enter a rate greater than 0 with at most 10 decimals.");
                None
            }
            None if !p.has("rate") => {
                p.add(
                    "rate",
                    format!("Enter how many {} one {} is worth.", group.currency, c),
                );
                None
            }
            None => None,
        },
        (_, Some(r)) if r != Decimal::ONE => {
            p.add(
                "rate",
                "Leave the rate empty: the expense is in the group's currency.",
            );
            None
        }
        _ => Some(Decimal::ONE),
    }
}

/// Who paid what, in the expense's currency (a lone payer's blank amount is the total).
fn parse_payers(
    p: &mut Problems,
    group: &GroupView,
    input: &ExpenseInput,
    total: Option<Money>,
    currency: Option<Currency>,
) -> Vec<(GroupMemberId, i64)> {
    let mut payers: Vec<(GroupMemberId, i64)> = Vec::new();
    if input.payers.is_empty() {
        p.add("payers", "Say who paid.");
    }
    let mut seen = HashSet::new();
    for (i, payer) in input.payers.iter().enumerate() {
        let id = member_of(p, group, &format!("payers[{i}].member_id"), &payer.member_id);
        if let Some(id) = id
            && !seen.insert(id)
        {
            p.add(
                format!("payers[{i}].member_id"),
                "This person is already listed as a payer.",
            );
        }
        let amount = if payer.amount.trim().is_empty() && input.payers.len() == 1 {
            total
        } else {
            p.amount(
                &format!("payers[{i}].amount"),
                &payer.amount,
                currency,
                Sign::Positive,
            )
        };
        if let (Some(id), Some(a)) = (id, amount) {
            payers.push((id, a.to_minor()));
        }
    }
    payers
}

fn parse_participants(
    p: &mut Problems,
    group: &GroupView,
    input: &ExpenseInput,
) -> Vec<Participant<GroupMemberId>> {
    input
        .split
        .participants
        .iter()
        .enumerate()
        .filter_map(|(i, part)| {
            let member = member_of(
                p,
                group,
                &format!("split.participants[{i}].member_id"),
                &part.member_id,
            );
            let value = decimal(
                p,
                &format!("split.participants[{i}].value"),
                part.value.as_deref(),
            );
            member.map(|member| Participant { member, value })
        })
        .collect()
}

fn parse_items(
    p: &mut Problems,
    group: &GroupView,
    input: &ExpenseInput,
    currency: Option<Currency>,
) -> Vec<Item<GroupMemberId>> {
    input
        .split
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| Item {
            description: item.description.clone(),
            amount: minor(p.amount(
                &format!("split.items[{i}].amount"),
                &item.amount,
                currency,
                Sign::Positive,
            )),
            members: item
                .member_ids
                .iter()
                .enumerate()
                .filter_map(|(j, m)| member_of(p, group, &format!("split.items[{i}].member_ids[{j}]"), m))
                .collect(),
        })
        .collect()
}

/// The payers' amounts must add up to the total; the message says by how much they miss.
fn check_payers_add_up(p: &mut Problems, total: Money, payers: &[(GroupMemberId, i64)]) {
    let paid: i64 = payers.iter().map(|(_, a)| a).sum();
    let gap = paid - total.to_minor();
    if gap != 0 {
        let c = total.currency();
        p.add(
            "payers",
            format!(
                "The payers' amounts add up to {} but the total is {} ({} {}). Change them so they add up to {}.",
                Money::from_minor(paid, c),
                total,
                Money::from_minor(gap.abs(), c),
                if gap < 0 { "short" } else { "over" },
                total,
            ),
        );
    }
}

/// Each participant's share of the total, by the chosen method (exact to the minor unit).
fn split(parsed: &Parsed, seed: &[u8]) -> Result<Vec<(GroupMemberId, i64)>> {
    compute_split(&SplitRequest {
        method: parsed.method,
        total: parsed.total.to_minor(),
        exponent: parsed.total.currency().exponent(),
        participants: &parsed.participants,
        items: &parsed.items,
        tax: parsed.tax,
        tip: parsed.tip,
        discount: parsed.discount,
        tie_seed: seed,
    })
    .map_err(|e| Error::invalid(e.field, e.message))
}

type Amounts = Vec<(GroupMemberId, i64)>;

/// The total, shares and payments in the group's currency: the total is
/// converted, then apportioned by the original shares and payments, so both
/// still sum exactly to it.
fn in_group_currency(
    group: &GroupView,
    parsed: &Parsed,
    shares: Amounts,
    seed: &[u8],
) -> Result<(Money, Amounts, Amounts)> {
    let total = parsed.total;
    if total.currency() == group.currency {
        return Ok((total, shares, parsed.payers.clone()));
    }
    let converted = total.convert(parsed.rate, group.currency);
    if !converted.is_positive() {
        return Err(Error::invalid(
            "rate",
            format!(
                "At this rate the expense is worth less than the smallest {} amount.",
                group.currency
            ),
        ));
    }
    let by = |parts: &[(GroupMemberId, i64)]| -> Result<Amounts> {
        let weights: Vec<Decimal> = parts.iter().map(|(_, a)| Decimal::from(*a)).collect();
        let amounts = apportion(converted.to_minor(), &weights, seed)
            .map_err(|e| Error::Internal(anyhow::anyhow!("apportion: {e}")))?;
        Ok(parts.iter().map(|(m, _)| *m).zip(amounts).collect())
    };
    Ok((converted, by(&shares)?, by(&parsed.payers)?))
}

/// One line per member, in member order.
fn member_lines(payers: &[(GroupMemberId, i64)], shares: &[(GroupMemberId, i64)]) -> Vec<MemberLine> {
    let mut lines: BTreeMap<GroupMemberId, (i64, i64)> = BTreeMap::new();
    for (m, a) in payers {
        lines.entry(*m).or_default().0 += a;
    }
    for (m, a) in shares {
        lines.entry(*m).or_default().1 += a;
    }
    lines
        .into_iter()
        .map(|(member, (paid, owed))| MemberLine {
            member,
            paid: Minor(paid),
            owed: Minor(owed),
        })
        .collect()
}

/// Who owes whom within one expense: debtors (owed more than they paid) pay
/// creditors in member order until both sides are clear. Exact, deterministic,
/// at most n − 1 rows.
pub(crate) fn pair_debts(lines: &[MemberLine]) -> Vec<Debt<Minor>> {
    let mut debtors: Vec<(GroupMemberId, Minor)> = lines
        .iter()
        .filter(|l| l.owed > l.paid)
        .map(|l| (l.member, l.owed - l.paid))
        .collect();
    let mut creditors: Vec<(GroupMemberId, Minor)> = lines
        .iter()
        .filter(|l| l.paid > l.owed)
        .map(|l| (l.member, l.paid - l.owed))
        .collect();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < debtors.len() && j < creditors.len() {
        let amount = debtors[i].1.min(creditors[j].1);
        out.push(Debt {
            debtor: debtors[i].0,
            creditor: creditors[j].0,
            amount,
        });
        debtors[i].1 -= amount;
        creditors[j].1 -= amount;
        if debtors[i].1 == Minor::ZERO {
            i += 1;
        }
        if creditors[j].1 == Minor::ZERO {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_debts_clear_every_line() {
        let m = |n: u128| GroupMemberId(uuid::Uuid::from_u128(n));
        let line = |n, paid, owed| MemberLine {
            member: m(n),
            paid: Minor(paid),
            owed: Minor(owed),
        };
        let lines = vec![
            line(1, 6000, 2000),
            line(2, 0, 2000),
            line(3, 0, 2000),
            line(4, 4000, 4000),
        ];
        let debts = pair_debts(&lines);
        let debt = |debtor, creditor, amount| Debt {
            debtor: m(debtor),
            creditor: m(creditor),
            amount: Minor(amount),
        };
        assert_eq!(debts, vec![debt(2, 1, 2000), debt(3, 1, 2000)]);
    }
}
