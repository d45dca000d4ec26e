//! Group expenses: what they are, adding one, reading them. The split is
//! computed in `expense_split`; edits, deletes and restores live in
//! `expense_changes`.
//!
//! Each expense stores one line per member (what they paid and what they owe,
//! group currency) and the debtor → creditor rows it creates, and moves the
//! group's pairwise rollup (ADR 0012) in the same transaction.

use super::activity::{Line, Said};
use super::expense_split::{Computed, compute, method_name};
use super::groups::{self, GroupView};
use crate::App;
use crate::actor::Actor;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done, Outcome};
use crate::money::{Minor, Money};
use hisaab_entity::social::{
    ExpenseDebtId, ExpenseGroupId, ExpenseLineId, GroupExpenseId, GroupMemberId, expense_debt, expense_line,
    group_expense,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
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
        .filter(|l| l.owed > Minor::ZERO)
        .map(|l| ShareView {
            member_id: l.member,
            name: group.member_name(l.member),
            amount: l.owed.to_money(group.currency),
        })
        .collect())
}

/// The expense's per-member lines and debtor → creditor rows (one statement
/// each), and what they add to the group's pairwise rollup.
pub(super) async fn write_rows<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    group: &GroupView,
    id: GroupExpenseId,
    c: &Computed,
) -> Result<Vec<expense_line::Model>> {
    let cur = group.currency;
    let lines: Vec<expense_line::Model> = c
        .lines
        .iter()
        .map(|l| expense_line::Model {
            id: ExpenseLineId::new(),
            tenant_id: actor.tenant_id,
            group_id: group.id,
            expense_id: id,
            member_id: l.member,
            paid: l.paid.to_stored(cur).0,
            owed: l.owed.to_stored(cur).0,
        })
        .collect();
    expense_line::Entity::insert_many(lines.iter().cloned().map(IntoActiveModel::into_active_model))
        .exec_without_returning(txn)
        .await?;
    let debts: Vec<super::rollup::Debt> = c
        .debts
        .iter()
        .map(|d| super::rollup::Debt {
            debtor: d.debtor,
            creditor: d.creditor,
            amount: d.amount.to_stored(cur),
        })
        .collect();
    if !debts.is_empty() {
        let rows = debts.iter().map(|d| expense_debt::ActiveModel {
            id: Set(ExpenseDebtId::new()),
            tenant_id: Set(actor.tenant_id),
            group_id: Set(group.id),
            expense_id: Set(id),
            debtor_id: Set(d.debtor),
            creditor_id: Set(d.creditor),
            amount: Set(d.amount.0),
        });
        expense_debt::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    super::rollup::apply(txn, actor.tenant_id, group.id, &debts, 1).await?;
    Ok(lines)
}

/// The expense row and its lines, debts and rollup change, inserted in the
/// caller's write (which records its effects and any ledger posting).
pub(crate) async fn insert_expense_in<C: ConnectionTrait>(
    txn: &C,
    who: &Actor,
    group: &GroupView,
    id: GroupExpenseId,
    c: &Computed,
    input: &ExpenseInput,
    now: OffsetDateTime,
) -> Result<(group_expense::Model, Vec<expense_line::Model>)> {
    let expense = group_expense::ActiveModel {
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
        spec: Set(serde_json::to_string(input).map_err(anyhow::Error::from)?),
        category_id: Set(category_of(input)),
        version: Set(1),
        deleted_at: Set(None),
        created_by: Set(who.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    let lines = write_rows(txn, who, group, id, c).await?;
    Ok((expense, lines))
}

/// Splits `input` and inserts it as a new expense of `group` in the caller's
/// write (an import): no ledger posting, the caller records the effects.
pub(crate) async fn import_expense_in<C: ConnectionTrait>(
    txn: &C,
    who: &Actor,
    group: &GroupView,
    input: &ExpenseInput,
    now: OffsetDateTime,
) -> Result<GroupExpenseId> {
    let id = GroupExpenseId::new();
    let c = compute(group, input, id.0.as_bytes())?;
    insert_expense_in(txn, who, group, id, &c, input, now).await?;
    Ok(id)
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
    let (outcome, written) = idempotency::run(app, actor, key, "social.add_expense", &request, move |txn| {
        let group = group_in_txn;
        Box::pin(async move {
            let (expense, lines) = insert_expense_in(txn, &who, &group, id, &c, &input, now).await?;
            let mut effects = Effects::by(&who, now);
            if let Some(link) = &link {
                super::ledger::post_expense(txn, &who, now, id.0, link, &c.lines, group.currency, c.date, &c.description, &mut effects).await?;
            }
            let summary = format!("{} added: {} {}", c.description, c.total, group.currency);
            let data = json!({ "id": id.0, "group_id": group.id.0, "total": c.total.to_string(), "currency": group.currency.code(), "description": c.description, "group_name": group.name });
            let notify = super::audience(txn, &who, &data).await?;
            effects
                .audit("social.expense_added", json!({ "expense_id": id.0, "group_id": group.id.0 }))
                .activity(Line { group_id: Some(group.id), contact_id: None, subject_id: Some(id.0), action: "expense.added", summary: &summary, details: json!({ "after": snapshot(&group, &c) }), said: vec![Said::new("act-expense-added").text("description", &c.description).money("amount", c.total)] })
                .event_to("expense.added", data, notify);
            // The rows as written, so a first request answers without reading them back.
            Ok(Done::with_value(id.0, (expense, lines), effects))
        })
    })
    .await?;
    let view = match written {
        Some((expense, lines)) => build(&group, expense, &lines)?,
        None => expense_in(&app.db, actor, &group, GroupExpenseId(outcome.value)).await?,
    };
    Ok(Outcome {
        value: view,
        replayed: outcome.replayed,
    })
}

/// The expense's category as stored in its own column (for the list's
/// filter); `expense_link` has already refused one that is not the actor's.
pub(super) fn category_of(input: &ExpenseInput) -> Option<hisaab_entity::finance::CategoryId> {
    input
        .category_id
        .as_deref()
        .and_then(|c| uuid::Uuid::parse_str(c.trim()).ok())
        .map(hisaab_entity::finance::CategoryId)
}

/// What the activity log keeps of a version.
pub(super) fn snapshot(group: &GroupView, c: &Computed) -> serde_json::Value {
    let cur = group.currency;
    json!({
        "description": c.description,
        "date": crate::input::format_date(c.date),
        "total": c.total.to_string(),
        "currency": cur.code(),
        "original": format!("{} {}", c.original, c.original.currency()),
        "split_method": method_name(c.method),
        "payers": c.lines.iter().filter(|l| l.paid > Minor::ZERO).map(|l| json!({ "name": group.member_name(l.member), "amount": l.paid.to_money(cur).to_string() })).collect::<Vec<_>>(),
        "shares": c.lines.iter().filter(|l| l.owed > Minor::ZERO).map(|l| json!({ "name": group.member_name(l.member), "amount": l.owed.to_money(cur).to_string() })).collect::<Vec<_>>(),
    })
}

pub(super) async fn find<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: GroupExpenseId,
) -> Result<group_expense::Model> {
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

pub(super) async fn load<C: ConnectionTrait>(
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
