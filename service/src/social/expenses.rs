//! Group expenses: one or more payers, a split by any method (through
//! `split::compute_split`, so shares always sum exactly to the total), another
//! currency at a rate, edits that keep the earlier version in the activity log,
//! and deletion as a reversible tombstone.
//!
//! Each expense stores one line per member (what they paid and what they owe,
//! group currency) and the debtor → creditor rows it creates, so balances and
//! the pairwise matrix are SQL aggregates.

use super::{
    groups::{self, GroupView},
    optional_text, parse_amount, parse_amount_or_zero, parse_currency, parse_date, required_text,
};
use crate::actor::Actor;
use crate::audit::{self, Entry};
use crate::error::{Error, Problems, Result};
use crate::idempotency::{self, Outcome};
use crate::money::Money;
use crate::money::apportion::apportion;
use crate::pagination::{self, Cursor, Page};
use crate::split::{Item, Participant, SplitMethod, SplitRequest, compute_split};
use crate::{App, db};
use hisaab_entity::social::{
    ExpenseDebtId, ExpenseGroupId, ExpenseLineId, GroupExpenseId, GroupMemberId, expense_debt, expense_line,
    group_expense,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PayerInput {
    pub member_id: String,
    /// Blank for a single payer means "paid the whole total".
    #[serde(default)]
    pub amount: String,
    /// Only for you: the account you paid from (one ledger).
    #[serde(default)]
    pub account_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParticipantInput {
    pub member_id: String,
    #[serde(default)]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemInput {
    #[serde(default)]
    pub description: String,
    pub amount: String,
    pub member_ids: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitInput {
    /// equal, exact, percentage, shares, itemized or adjustment.
    pub method: String,
    #[serde(default)]
    pub participants: Vec<ParticipantInput>,
    #[serde(default)]
    pub items: Vec<ItemInput>,
    #[serde(default)]
    pub tax: Option<String>,
    #[serde(default)]
    pub tip: Option<String>,
    #[serde(default)]
    pub discount: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExpenseInput {
    pub description: String,
    pub date: String,
    pub total: String,
    /// Defaults to the group's currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// Group-currency units per unit of `currency`; required when they differ.
    #[serde(default)]
    pub rate: Option<String>,
    pub payers: Vec<PayerInput>,
    pub split: SplitInput,
    #[serde(default)]
    pub notes: Option<String>,
    /// A finance expense category for your share, when you paid from an account.
    #[serde(default)]
    pub category_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ShareView {
    pub member_id: GroupMemberId,
    pub name: String,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpenseView {
    pub id: GroupExpenseId,
    pub group_id: ExpenseGroupId,
    pub description: String,
    pub date: Date,
    /// In the group's currency.
    pub total: Money,
    /// As entered (another currency when `rate` is not 1).
    pub original: Money,
    pub rate: Decimal,
    pub split_method: String,
    pub payers: Vec<ShareView>,
    pub shares: Vec<ShareView>,
    pub version: i32,
    pub deleted: bool,
    pub input: ExpenseInput,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl ExpenseView {
    /// The value for `ETag` / `If-Match`.
    pub fn etag(&self) -> String {
        format!("\"{}-{}\"", self.id, self.version)
    }
}

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
struct Computed {
    description: String,
    date: Date,
    total: Money,
    original: Money,
    rate: Decimal,
    method: SplitMethod,
    /// (member, paid, owed)
    lines: Vec<(GroupMemberId, i64, i64)>,
    /// (debtor, creditor, amount)
    debts: Vec<(GroupMemberId, GroupMemberId, i64)>,
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

fn compute(group: &GroupView, input: &ExpenseInput, seed: &[u8]) -> Result<Computed> {
    let mut p = Problems::default();
    let description = required_text(&mut p, "description", "a description", &input.description, 200);
    optional_text(&mut p, "notes", "the notes", input.notes.as_deref(), 2000);
    let date = parse_date(&mut p, "date", &input.date);
    let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => parse_currency(&mut p, "currency", code),
        None => Some(group.currency),
    };
    let total = parse_amount(&mut p, "total", &input.total, currency);
    let rate = match (currency, decimal(&mut p, "rate", input.rate.as_deref())) {
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
    };
    let method = method(&mut p, &input.split.method);

    // Payers, in the expense's currency.
    let mut payers: Vec<(GroupMemberId, i64)> = Vec::new();
    if input.payers.is_empty() {
        p.add("payers", "Say who paid.");
    }
    let mut seen = HashSet::new();
    for (i, payer) in input.payers.iter().enumerate() {
        let id = member_of(&mut p, group, &format!("payers[{i}].member_id"), &payer.member_id);
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
            parse_amount(&mut p, &format!("payers[{i}].amount"), &payer.amount, currency)
        };
        if let (Some(id), Some(a)) = (id, amount) {
            payers.push((id, a.to_minor()));
        }
    }
    let participants: Vec<Participant<GroupMemberId>> = input
        .split
        .participants
        .iter()
        .enumerate()
        .filter_map(|(i, part)| {
            let member = member_of(
                &mut p,
                group,
                &format!("split.participants[{i}].member_id"),
                &part.member_id,
            );
            let value = decimal(
                &mut p,
                &format!("split.participants[{i}].value"),
                part.value.as_deref(),
            );
            member.map(|member| Participant { member, value })
        })
        .collect();
    let items: Vec<Item<GroupMemberId>> = input
        .split
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| Item {
            description: item.description.clone(),
            amount: minor(parse_amount(
                &mut p,
                &format!("split.items[{i}].amount"),
                &item.amount,
                currency,
            )),
            members: item
                .member_ids
                .iter()
                .enumerate()
                .filter_map(|(j, m)| {
                    member_of(&mut p, group, &format!("split.items[{i}].member_ids[{j}]"), m)
                })
                .collect(),
        })
        .collect();
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
        let paid: i64 = payers.iter().map(|(_, a)| a).sum();
        let gap = paid - t.to_minor();
        if gap != 0 {
            let c = t.currency();
            p.add(
                "payers",
                format!(
                    "The payers' amounts add up to {} but the total is {} ({} {}). Change them so they add up to {}.",
                    Money::from_minor(paid, c),
                    t,
                    Money::from_minor(gap.abs(), c),
                    if gap < 0 { "short" } else { "over" },
                    t,
                ),
            );
        }
    }
    p.finish()?;
    let (total, rate, method, date) = (
        total.expect("checked"),
        rate.expect("checked"),
        method.expect("checked"),
        date.expect("checked"),
    );
    let currency = total.currency();
    let shares = compute_split(&SplitRequest {
        method,
        total: total.to_minor(),
        exponent: currency.exponent(),
        participants: &participants,
        items: &items,
        tax,
        tip,
        discount,
        tie_seed: seed,
    })
    .map_err(|e| Error::invalid(e.field, e.message))?;

    // Into the group's currency: convert the total, then apportion it by the
    // original shares and payments, so both still sum exactly to it.
    let (group_total, shares, payers) = if currency == group.currency {
        (total, shares, payers)
    } else {
        let converted = total.convert(rate, group.currency);
        if !converted.is_positive() {
            return Err(Error::invalid(
                "rate",
                format!(
                    "At this rate the expense is worth less than the smallest {} amount.",
                    group.currency
                ),
            ));
        }
        let by = |parts: &[(GroupMemberId, i64)]| -> Result<Vec<(GroupMemberId, i64)>> {
            let weights: Vec<Decimal> = parts.iter().map(|(_, a)| Decimal::from(*a)).collect();
            let amounts = apportion(converted.to_minor(), &weights, seed)
                .map_err(|e| Error::Internal(anyhow::anyhow!("apportion: {e}")))?;
            Ok(parts.iter().map(|(m, _)| *m).zip(amounts).collect())
        };
        (converted, by(&shares)?, by(&payers)?)
    };
    let mut lines: BTreeMap<GroupMemberId, (i64, i64)> = BTreeMap::new();
    for (m, a) in &payers {
        lines.entry(*m).or_default().0 += a;
    }
    for (m, a) in &shares {
        lines.entry(*m).or_default().1 += a;
    }
    let lines: Vec<(GroupMemberId, i64, i64)> = lines
        .into_iter()
        .map(|(m, (paid, owed))| (m, paid, owed))
        .collect();
    let debts = pair_debts(&lines);
    Ok(Computed {
        description,
        date,
        total: group_total,
        original: total,
        rate,
        method,
        lines,
        debts,
    })
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

/// Each person's share as the form is typed (nothing is saved). `expense_id`
/// (when editing) makes the odd units land exactly where saving would put them.
pub async fn preview_split(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    expense_id: Option<GroupExpenseId>,
    input: &ExpenseInput,
) -> Result<Vec<ShareView>> {
    let (_, group) = super::access::load_group(&app.db, actor, group_id).await?;
    let seed = expense_id.unwrap_or_default();
    let c = compute(&group, input, seed.0.as_bytes())?;
    Ok(c.lines
        .iter()
        .filter(|l| l.2 > 0)
        .map(|l| ShareView {
            member_id: l.0,
            name: group.member_name(l.0),
            amount: Money::from_minor(l.2, group.currency),
        })
        .collect())
}

/// The expense's per-member lines and debtor → creditor rows (one statement
/// each), and what they add to the group's pairwise rollup.
async fn write_rows<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    group: &GroupView,
    id: GroupExpenseId,
    c: &Computed,
) -> Result<()> {
    let cur = group.currency;
    let storage = |minor: i64| Money::from_minor(minor, cur).to_storage();
    let lines = c
        .lines
        .iter()
        .map(|(member, paid, owed)| expense_line::ActiveModel {
            id: Set(ExpenseLineId::new()),
            tenant_id: Set(actor.tenant_id),
            group_id: Set(group.id),
            expense_id: Set(id),
            member_id: Set(*member),
            paid: Set(storage(*paid)),
            owed: Set(storage(*owed)),
        });
    expense_line::Entity::insert_many(lines)
        .exec_without_returning(txn)
        .await?;
    let debts: Vec<super::rollup::Debt> = c
        .debts
        .iter()
        .map(|(debtor, creditor, amount)| (*debtor, *creditor, storage(*amount)))
        .collect();
    if !debts.is_empty() {
        let rows = debts
            .iter()
            .map(|(debtor, creditor, amount)| expense_debt::ActiveModel {
                id: Set(ExpenseDebtId::new()),
                tenant_id: Set(actor.tenant_id),
                group_id: Set(group.id),
                expense_id: Set(id),
                debtor_id: Set(*debtor),
                creditor_id: Set(*creditor),
                amount: Set(*amount),
            });
        expense_debt::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    super::rollup::apply(txn, actor.tenant_id, group.id, &debts, 1).await
}

/// Adds an expense to a group. With an `Idempotency-Key`, a retry returns the same expense.
pub async fn add_expense(
    app: &App,
    actor: &Actor,
    key: Option<&str>,
    group_id: ExpenseGroupId,
    input: ExpenseInput,
) -> Result<Outcome<ExpenseView>> {
    let (effective, group) = super::access::load_group(&app.db, actor, group_id).await?;
    let shared = super::access::is_shared(actor, &effective);
    let actor = &effective;
    if group.archived {
        return Err(Error::Conflict(
            "This group is archived. Restore it to add expenses.".into(),
        ));
    }
    let id = GroupExpenseId::new();
    let c = compute(&group, &input, id.0.as_bytes())?;
    let link = super::ledger::expense_link(&app.db, actor, &group, &input, shared).await?;
    let now = app.now();
    let who = actor.clone();
    let group_in_txn = group.clone();
    let request = json!({ "group_id": group_id.0, "input": &input });
    let outcome = idempotency::run(app, actor, key, "social.add_expense", &request, move |txn| {
        let group = group_in_txn;
        Box::pin(async move {
            group_expense::ActiveModel {
                id: Set(id),
                tenant_id: Set(who.tenant_id),
                group_id: Set(group.id),
                description: Set(c.description.clone()),
                date: Set(c.date),
                total: Set(c.total.to_storage()),
                original_amount: Set(c.original.to_storage()),
                original_currency: Set(c.original.currency().code().to_string()),
                rate: Set(c.rate.to_string()),
                split_method: Set(method_name(c.method).to_string()),
                spec: Set(serde_json::to_string(&input).map_err(anyhow::Error::from)?),
                version: Set(1),
                deleted_at: Set(None),
                created_by: Set(who.user_id),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(txn)
            .await?;
            write_rows(txn, &who, &group, id, &c).await?;
            if let Some(link) = &link {
                super::ledger::post_expense(txn, &who, now, id.0, link, &c.lines, group.currency, c.date, &c.description).await?;
            }
            audit::record(txn, now, Entry::by(&who, "social.expense_added", json!({ "expense_id": id.0, "group_id": group.id.0 }))).await?;
            let summary = format!("{} added: {} {}", c.description, c.total, group.currency);
            super::activity::record(txn, &who, now, Some(group.id), None, Some(id.0), "expense.added", &summary, json!({ "after": snapshot(&group, &c) })).await?;
            super::emit(txn, &who, now, "expense.added", json!({ "id": id.0, "group_id": group.id.0, "total": c.total.to_string(), "currency": group.currency.code() })).await?;
            Ok(id.0)
        })
    })
    .await?;
    let view = expense_in(&app.db, actor, &group, GroupExpenseId(outcome.value)).await?;
    Ok(Outcome {
        value: view,
        replayed: outcome.replayed,
    })
}

/// What the activity log keeps of a version.
fn snapshot(group: &GroupView, c: &Computed) -> serde_json::Value {
    let cur = group.currency;
    json!({
        "description": c.description,
        "date": super::format_date(c.date),
        "total": c.total.to_string(),
        "currency": cur.code(),
        "original": format!("{} {}", c.original, c.original.currency()),
        "split_method": method_name(c.method),
        "payers": c.lines.iter().filter(|l| l.1 > 0).map(|l| json!({ "name": group.member_name(l.0), "amount": Money::from_minor(l.1, cur).to_string() })).collect::<Vec<_>>(),
        "shares": c.lines.iter().filter(|l| l.2 > 0).map(|l| json!({ "name": group.member_name(l.0), "amount": Money::from_minor(l.2, cur).to_string() })).collect::<Vec<_>>(),
    })
}

fn view_snapshot(e: &ExpenseView) -> serde_json::Value {
    json!({
        "description": e.description,
        "date": super::format_date(e.date),
        "total": e.total.to_string(),
        "currency": e.total.currency().code(),
        "original": format!("{} {}", e.original, e.original.currency()),
        "split_method": e.split_method,
        "payers": e.payers.iter().map(|s| json!({ "name": s.name, "amount": s.amount.to_string() })).collect::<Vec<_>>(),
        "shares": e.shares.iter().map(|s| json!({ "name": s.name, "amount": s.amount.to_string() })).collect::<Vec<_>>(),
    })
}

async fn find<C: ConnectionTrait>(db: &C, actor: &Actor, id: GroupExpenseId) -> Result<group_expense::Model> {
    group_expense::Entity::find_by_id(id)
        .filter(group_expense::Column::TenantId.eq(actor.tenant_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

fn build(group: &GroupView, e: group_expense::Model, lines: &[expense_line::Model]) -> Result<ExpenseView> {
    let cur = group.currency;
    let original_currency = super::stored_currency(&e.original_currency)?;
    let share = |m: GroupMemberId, v: i64| ShareView {
        member_id: m,
        name: group.member_name(m),
        amount: Money::from_storage(v, cur),
    };
    Ok(ExpenseView {
        id: e.id,
        group_id: e.group_id,
        description: e.description,
        date: e.date,
        total: Money::from_storage(e.total, cur),
        original: Money::from_storage(e.original_amount, original_currency),
        rate: Decimal::from_str(&e.rate).unwrap_or(Decimal::ONE),
        split_method: e.split_method,
        payers: lines
            .iter()
            .filter(|l| l.paid > 0)
            .map(|l| share(l.member_id, l.paid))
            .collect(),
        shares: lines
            .iter()
            .filter(|l| l.owed > 0)
            .map(|l| share(l.member_id, l.owed))
            .collect(),
        version: e.version,
        deleted: e.deleted_at.is_some(),
        input: serde_json::from_str(&e.spec).unwrap_or_default(),
        created_at: e.created_at,
        updated_at: e.updated_at,
    })
}

async fn lines_of<C: ConnectionTrait>(
    db: &C,
    ids: Vec<GroupExpenseId>,
) -> Result<HashMap<GroupExpenseId, Vec<expense_line::Model>>> {
    let mut map: HashMap<GroupExpenseId, Vec<expense_line::Model>> = HashMap::new();
    if ids.is_empty() {
        return Ok(map);
    }
    for l in expense_line::Entity::find()
        .filter(expense_line::Column::ExpenseId.is_in(ids))
        .all(db)
        .await?
    {
        map.entry(l.expense_id).or_default().push(l);
    }
    Ok(map)
}

async fn load<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: GroupExpenseId,
) -> Result<(GroupView, ExpenseView)> {
    let e = find(db, actor, id).await?;
    let group = groups::load(db, actor, e.group_id).await?;
    let lines = lines_of(db, vec![id]).await?.remove(&id).unwrap_or_default();
    let view = build(&group, e, &lines)?;
    Ok((group, view))
}

/// One expense of a group already loaded.
async fn expense_in<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    group: &GroupView,
    id: GroupExpenseId,
) -> Result<ExpenseView> {
    let e = find(db, actor, id).await?;
    let lines = lines_of(db, vec![id]).await?.remove(&id).unwrap_or_default();
    build(group, e, &lines)
}

pub async fn get_expense(app: &App, actor: &Actor, id: GroupExpenseId) -> Result<ExpenseView> {
    let actor = &super::access::expense_actor(&app.db, actor, id).await?;
    Ok(load(&app.db, actor, id).await?.1)
}

/// A group's expenses, newest first (deleted ones only when asked).
pub async fn list_expenses(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    deleted: bool,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<ExpenseView>> {
    let actor = &super::access::group_actor(&app.db, actor, group_id).await?;
    let group = groups::load(&app.db, actor, group_id).await?;
    let limit = pagination::limit(limit)?;
    let tag = pagination::filter_tag(&(group_id.0, deleted));
    let mut query = group_expense::Entity::find()
        .filter(group_expense::Column::TenantId.eq(actor.tenant_id))
        .filter(group_expense::Column::GroupId.eq(group_id));
    query = if deleted {
        query.filter(group_expense::Column::DeletedAt.is_not_null())
    } else {
        query.filter(group_expense::Column::DeletedAt.is_null())
    };
    if let Some(text) = cursor {
        let Cursor { key, id } = pagination::decode(text, &tag)?;
        let bad = || Error::invalid("cursor", "is not a cursor from this list; start again without it");
        let id: GroupExpenseId = id.parse().map_err(|_| bad())?;
        let date = parse_date(&mut Problems::default(), "cursor", &key).ok_or_else(bad)?;
        query = query.filter(
            Condition::any().add(group_expense::Column::Date.lt(date)).add(
                Condition::all()
                    .add(group_expense::Column::Date.eq(date))
                    .add(group_expense::Column::Id.lt(id)),
            ),
        );
    }
    let rows = query
        .order_by_desc(group_expense::Column::Date)
        .order_by_desc(group_expense::Column::Id)
        .limit(limit + 1)
        .all(&app.db)
        .await?;
    let page = Page::from_rows(rows, limit, &tag, |e| Cursor {
        key: super::format_date(e.date),
        id: e.id.to_string(),
    });
    let mut lines = lines_of(&app.db, page.items.iter().map(|e| e.id).collect()).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for e in page.items {
        let l = lines.remove(&e.id).unwrap_or_default();
        items.push(build(&group, e, &l)?);
    }
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// Replaces an expense with a new version. `if_match` (an ETag from
/// `ExpenseView::etag`) must still be current, else `PreconditionFailed`.
pub async fn update_expense(
    app: &App,
    actor: &Actor,
    id: GroupExpenseId,
    if_match: Option<&str>,
    input: ExpenseInput,
) -> Result<ExpenseView> {
    let effective = super::access::expense_actor(&app.db, actor, id).await?;
    let shared = super::access::is_shared(actor, &effective);
    let actor = &effective;
    let (group, before) = load(&app.db, actor, id).await?;
    let c = compute(&group, &input, id.0.as_bytes())?;
    let link = super::ledger::expense_link(&app.db, actor, &group, &input, shared).await?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let mut lock =
        group_expense::Entity::find_by_id(id).filter(group_expense::Column::TenantId.eq(actor.tenant_id));
    if db::is_postgres(&app.db) {
        lock = lock.lock_exclusive();
    }
    let current = lock.one(&txn).await?.ok_or(Error::NotFound)?;
    if if_match
        .is_some_and(|tag| tag.trim() != "*" && tag.trim() != format!("\"{}-{}\"", id, current.version))
    {
        return Err(Error::PreconditionFailed);
    }
    if current.deleted_at.is_some() {
        return Err(Error::Conflict(
            "This expense is deleted. Restore it before editing.".into(),
        ));
    }
    let version = current.version + 1;
    let mut model: group_expense::ActiveModel = current.into();
    model.description = Set(c.description.clone());
    model.date = Set(c.date);
    model.total = Set(c.total.to_storage());
    model.original_amount = Set(c.original.to_storage());
    model.original_currency = Set(c.original.currency().code().to_string());
    model.rate = Set(c.rate.to_string());
    model.split_method = Set(method_name(c.method).to_string());
    model.spec = Set(serde_json::to_string(&input).map_err(anyhow::Error::from)?);
    model.version = Set(version);
    model.updated_at = Set(now);
    model.update(&txn).await?;
    super::rollup::apply_expense(&txn, actor.tenant_id, group.id, id, -1).await?;
    expense_line::Entity::delete_many()
        .filter(expense_line::Column::ExpenseId.eq(id))
        .exec(&txn)
        .await?;
    expense_debt::Entity::delete_many()
        .filter(expense_debt::Column::ExpenseId.eq(id))
        .exec(&txn)
        .await?;
    write_rows(&txn, actor, &group, id, &c).await?;
    super::ledger::reverse_all(&txn, actor, now, id.0, "Expense edited").await?;
    if let Some(link) = &link {
        super::ledger::post_expense(
            &txn,
            actor,
            now,
            id.0,
            link,
            &c.lines,
            group.currency,
            c.date,
            &c.description,
        )
        .await?;
    }
    audit::record(
        &txn,
        now,
        Entry::by(
            actor,
            "social.expense_changed",
            json!({ "expense_id": id.0, "version": version }),
        ),
    )
    .await?;
    let details =
        json!({ "before": view_snapshot(&before), "after": snapshot(&group, &c), "version": version });
    super::activity::record(
        &txn,
        actor,
        now,
        Some(group.id),
        None,
        Some(id.0),
        "expense.changed",
        &format!("{} edited", c.description),
        details,
    )
    .await?;
    super::emit(
        &txn,
        actor,
        now,
        "expense.changed",
        json!({ "id": id.0, "group_id": group.id.0, "version": version, "total": c.total.to_string() }),
    )
    .await?;
    txn.commit().await?;
    get_expense(app, actor, id).await
}

async fn set_deleted(app: &App, actor: &Actor, id: GroupExpenseId, deleted: bool) -> Result<ExpenseView> {
    let actor = &super::access::expense_actor(&app.db, actor, id).await?;
    let (group, view) = load(&app.db, actor, id).await?;
    // Restoring pays from the account again (it must still be usable).
    let link = if deleted {
        None
    } else {
        super::ledger::expense_link(&app.db, actor, &group, &view.input, false).await?
    };
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let current = find(&txn, actor, id).await?;
    if current.deleted_at.is_some() == deleted {
        txn.commit().await?;
        return get_expense(app, actor, id).await;
    }
    let group_id = current.group_id;
    let description = current.description.clone();
    let version = current.version + 1;
    let mut model: group_expense::ActiveModel = current.into();
    model.deleted_at = Set(deleted.then_some(now));
    model.version = Set(version);
    model.updated_at = Set(now);
    model.update(&txn).await?;
    super::rollup::apply_expense(&txn, actor.tenant_id, group_id, id, if deleted { -1 } else { 1 }).await?;
    if deleted {
        super::ledger::reverse_all(&txn, actor, now, id.0, "Expense deleted").await?;
    } else if let Some(link) = &link {
        let lines: Vec<(GroupMemberId, i64, i64)> = view
            .payers
            .iter()
            .filter(|p| p.member_id == link.member)
            .map(|p| {
                let owed = view
                    .shares
                    .iter()
                    .find(|s| s.member_id == p.member_id)
                    .map_or(0, |s| s.amount.to_minor());
                (p.member_id, p.amount.to_minor(), owed)
            })
            .collect();
        super::ledger::post_expense(
            &txn,
            actor,
            now,
            id.0,
            link,
            &lines,
            group.currency,
            view.date,
            &view.description,
        )
        .await?;
    }
    let (action, event, summary) = if deleted {
        (
            "social.expense_deleted",
            "expense.deleted",
            format!("{description} deleted"),
        )
    } else {
        (
            "social.expense_restored",
            "expense.restored",
            format!("{description} restored"),
        )
    };
    audit::record(&txn, now, Entry::by(actor, action, json!({ "expense_id": id.0 }))).await?;
    super::activity::record(
        &txn,
        actor,
        now,
        Some(group_id),
        None,
        Some(id.0),
        event,
        &summary,
        json!({ "deleted": deleted }),
    )
    .await?;
    super::emit(
        &txn,
        actor,
        now,
        event,
        json!({ "id": id.0, "group_id": group_id.0 }),
    )
    .await?;
    txn.commit().await?;
    get_expense(app, actor, id).await
}

/// Deletes an expense: a tombstone that `restore_expense` undoes.
pub async fn delete_expense(app: &App, actor: &Actor, id: GroupExpenseId) -> Result<ExpenseView> {
    set_deleted(app, actor, id, true).await
}

pub async fn restore_expense(app: &App, actor: &Actor, id: GroupExpenseId) -> Result<ExpenseView> {
    set_deleted(app, actor, id, false).await
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
