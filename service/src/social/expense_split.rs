//! From what a person typed to what an expense writes: payers, the split by
//! any method (through `split::compute_split`, so shares always sum exactly to
//! the total), another currency at a rate, and the debtor → creditor rows.

use super::expenses::ExpenseInput;
use super::groups::GroupView;
use super::{optional_text, parse_amount, parse_amount_or_zero, parse_currency, parse_date, required_text};
use crate::error::{Error, Problems, Result};
use crate::money::apportion::apportion;
use crate::money::{Currency, Money};
use crate::split::{Item, Participant, SplitMethod, SplitRequest, compute_split};
use hisaab_entity::social::GroupMemberId;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;
use time::Date;

fn method(p: &mut Problems, raw: &str) -> Option<SplitMethod> {
    Some(match raw.trim() {
        "equal" => SplitMethod::Equal,
        "exact" => SplitMethod::Exact,
        "percentage" => SplitMethod::Percentage,
        "shares" => SplitMethod::Shares,
        "itemized" => SplitMethod::Itemized,
        "adjustment" => SplitMethod::Adjustment,
        _ => {
            p.add(
                "split.method",
                "Choose equal, exact, percentage, shares, itemized or adjustment.",
            );
            return None;
        }
    })
}

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
    /// (member, paid, owed)
    pub(super) lines: Vec<(GroupMemberId, i64, i64)>,
    /// (debtor, creditor, amount)
    pub(super) debts: Vec<(GroupMemberId, GroupMemberId, i64)>,
}

fn member_of(p: &mut Problems, group: &GroupView, field: &str, raw: &str) -> Option<GroupMemberId> {
    match uuid::Uuid::parse_str(raw.trim())
        .ok()
        .map(GroupMemberId)
        .filter(|id| group.member(*id).is_some())
    {
        Some(id) => Some(id),
        None => {
            p.add(field, "Choose a member of this group.");
            None
        }
    }
}

fn decimal(p: &mut Problems, field: &str, raw: Option<&str>) -> Option<Decimal> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
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
    let description = required_text(&mut p, "description", "a description", &input.description, 200);
    optional_text(&mut p, "notes", "the notes", input.notes.as_deref(), 2000);
    let date = parse_date(&mut p, "date", &input.date);
    let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => parse_currency(&mut p, "currency", code),
        None => Some(group.currency),
    };
    let total = parse_amount(&mut p, "total", &input.total, currency);
    let rate = parse_rate(&mut p, group, currency, input.rate.as_deref());
    let method = method(&mut p, &input.split.method);
    let payers = parse_payers(&mut p, group, input, total, currency);
    let participants = parse_participants(&mut p, group, input);
    let items = parse_items(&mut p, group, input, currency);
    let tax = minor(parse_amount_or_zero(
        &mut p,
        "split.tax",
        input.split.tax.as_deref(),
        currency,
    ));
    let tip = minor(parse_amount_or_zero(
        &mut p,
        "split.tip",
        input.split.tip.as_deref(),
        currency,
    ));
    let discount = minor(parse_amount_or_zero(
        &mut p,
        "split.discount",
        input.split.discount.as_deref(),
        currency,
    ));
    if let Some(t) = total
        && payers.len() == input.payers.len()
        && !payers.is_empty()
    {
        check_payers_add_up(&mut p, t, &payers);
    }
    p.finish()?;
    Ok(Parsed {
        description,
        date: date.expect("checked"),
        total: total.expect("checked"),
        rate: rate.expect("checked"),
        method: method.expect("checked"),
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
            parse_amount(p, &format!("payers[{i}].amount"), &payer.amount, currency)
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
            amount: minor(parse_amount(
                p,
                &format!("split.items[{i}].amount"),
                &item.amount,
                currency,
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

/// One (member, paid, owed) line per member, in member order.
fn member_lines(
    payers: &[(GroupMemberId, i64)],
    shares: &[(GroupMemberId, i64)],
) -> Vec<(GroupMemberId, i64, i64)> {
    let mut lines: BTreeMap<GroupMemberId, (i64, i64)> = BTreeMap::new();
    for (m, a) in payers {
        lines.entry(*m).or_default().0 += a;
    }
    for (m, a) in shares {
        lines.entry(*m).or_default().1 += a;
    }
    lines
        .into_iter()
        .map(|(m, (paid, owed))| (m, paid, owed))
        .collect()
}

/// Who owes whom within one expense: debtors (owed more than they paid) pay
/// creditors in member order until both sides are clear. Exact, deterministic,
/// at most n − 1 rows.
fn pair_debts(lines: &[(GroupMemberId, i64, i64)]) -> Vec<(GroupMemberId, GroupMemberId, i64)> {
    let mut debtors: Vec<(GroupMemberId, i64)> = lines
        .iter()
        .filter(|l| l.2 > l.1)
        .map(|l| (l.0, l.2 - l.1))
        .collect();
    let mut creditors: Vec<(GroupMemberId, i64)> = lines
        .iter()
        .filter(|l| l.1 > l.2)
        .map(|l| (l.0, l.1 - l.2))
        .collect();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < debtors.len() && j < creditors.len() {
        let amount = debtors[i].1.min(creditors[j].1);
        out.push((debtors[i].0, creditors[j].0, amount));
        debtors[i].1 -= amount;
        creditors[j].1 -= amount;
        if debtors[i].1 == 0 {
            i += 1;
        }
        if creditors[j].1 == 0 {
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
        let lines = vec![
            (m(1), 6000, 2000),
            (m(2), 0, 2000),
            (m(3), 0, 2000),
            (m(4), 4000, 4000),
        ];
        let debts = pair_debts(&lines);
        assert_eq!(debts, vec![(m(2), m(1), 2000), (m(3), m(1), 2000)]);
    }
}
