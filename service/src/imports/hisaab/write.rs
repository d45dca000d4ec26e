//! Writing a confirmed Hisaab import inside the confirmation's transaction:
//! every owned record with a new id, every reference (and every id inside an
//! expense's split and a group's default split) turned to the new ids, then
//! what is derived from the records — each expense's debtor → creditor rows,
//! the group pair rollup, the account-month rollup — for the new rows only.
//!
//! New ids keep the old ids' order within each kind, so anything ordered by
//! id (an expense's member lines, the pair rollup's low/high member, a
//! second export) comes out the same as in the old account.

use super::read::{self, Row, Wrap};
use super::{NOT_IMPORTED, Owned};
use crate::actor::Actor;
use crate::db;
use crate::error::{Error, Result};
use crate::exports::KINDS;
use crate::imports::{ImportPreview, ImportResult, KindCount};
use crate::money::{Minor, Money, Stored};
use crate::social::{self, MemberLine, rollup};
use hisaab_entity::finance::{FlowKind, account_month_total as amt, exchange_rate, setup, transaction};
use hisaab_entity::social::{ExpenseDebtId, expense_debt};
use hisaab_entity::{TenantId, UserId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::OffsetDateTime;
use uuid::Uuid;

/// Rows per INSERT (well under both backends' bind-parameter limits).
const CHUNK: usize = 200;

/// Old id → new id, for every record imported.
#[derive(Default)]
struct Ids(HashMap<Uuid, Uuid>);

impl Ids {
    /// New ids for `old`, in the same order as the old ones.
    fn fresh(&mut self, old: impl Iterator<Item = Uuid>) {
        let mut old: Vec<Uuid> = old.collect();
        old.sort_unstable();
        let mut new: Vec<Uuid> = old.iter().map(|_| Uuid::now_v7()).collect();
        new.sort_unstable();
        self.0.extend(old.into_iter().zip(new));
    }

    fn id<T: Wrap>(&self, old: T) -> Result<T> {
        self.0
            .get(&old.uuid())
            .map(|u| T::wrap(*u))
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("import: no new id for {}", old.uuid())))
    }

    fn opt<T: Wrap>(&self, old: Option<T>) -> Result<Option<T>> {
        old.map(|o| self.id(o)).transpose()
    }

    /// Every id in a JSON text (an expense's split as entered, a group's
    /// default split) turned to its new id; text that is not JSON is kept.
    fn in_json(&self, text: &str) -> String {
        fn walk(v: &mut Json, ids: &Ids) {
            match v {
                Json::String(s) => {
                    if let Some(new) = s.parse::<Uuid>().ok().and_then(|u| ids.0.get(&u)) {
                        *s = new.to_string();
                    }
                }
                Json::Array(items) => items.iter_mut().for_each(|i| walk(i, ids)),
                Json::Object(map) => map.values_mut().for_each(|i| walk(i, ids)),
                _ => {}
            }
        }
        match serde_json::from_str::<Json>(text) {
            Ok(mut v) => {
                walk(&mut v, self);
                v.to_string()
            }
            Err(_) => text.to_string(),
        }
    }
}

/// The rows of `kind`, read as the preview checked them.
fn rows<T>(owned: &Owned, kind: &str, read: impl Fn(&mut Row) -> Option<T>) -> Result<Vec<T>> {
    let items = owned.records.get(kind).and_then(Json::as_array);
    items
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| {
            Row::new(v)
                .ok()
                .and_then(|mut r| read(&mut r))
                .ok_or_else(|| Error::invalid("file", format!("{kind} #{} cannot be read.", i + 1)))
        })
        .collect()
}

async fn insert_all<E, A>(txn: &db::WriteTx, rows: Vec<E::Model>) -> Result<()>
where
    E: EntityTrait<ActiveModel = A>,
    E::Model: IntoActiveModel<A>,
    A: sea_orm::ActiveModelTrait<Entity = E>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows
            .by_ref()
            .take(CHUNK)
            .map(IntoActiveModel::into_active_model)
            .collect();
        E::insert_many(chunk).exec_without_returning(txn).await?;
    }
    Ok(())
}

pub(in crate::imports) async fn write_hisaab(
    txn: &db::WriteTx,
    actor: &Actor,
    preview: &ImportPreview,
    now: OffsetDateTime,
) -> Result<ImportResult> {
    let owned: Owned = preview
        .document
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(anyhow::Error::from)?
        .unwrap_or_default();
    let t: TenantId = actor.tenant_id;
    let me = |u: UserId| {
        if Some(u.0) == owned.person_id {
            actor.user_id
        } else {
            u
        }
    };

    let mut accounts = rows(&owned, "accounts", read::account)?;
    let mut categories = rows(&owned, "categories", read::category)?;
    let mut transactions = rows(&owned, "transactions", read::transaction)?;
    let mut transfers = rows(&owned, "transfers", read::transfer)?;
    let mut holdings = rows(&owned, "assets", |r| read::holding(r, "asset"))?;
    holdings.extend(rows(&owned, "liabilities", |r| read::holding(r, "liability"))?);
    let mut valuations = rows(&owned, "valuations", read::valuation)?;
    let mut loans = rows(&owned, "loans", read::loan)?;
    let mut payments = rows(&owned, "loan_payments", read::loan_payment)?;
    let mut rates = rows(&owned, "exchange_rates", read::exchange_rate)?;
    let mut contacts = rows(&owned, "contacts", read::contact)?;
    let mut cgroups = rows(&owned, "contact_groups", read::contact_group)?;
    let mut cmembers = rows(&owned, "contact_group_members", read::contact_group_member)?;
    let mut ious = rows(&owned, "ious", read::iou)?;
    let mut settlements = rows(&owned, "settlements", read::settlement)?;
    let mut groups = rows(&owned, "groups", read::group)?;
    let mut members = rows(&owned, "members", read::member)?;
    let mut expenses = rows(&owned, "expenses", read::expense)?;
    let mut lines = rows(&owned, "expense_lines", read::expense_line)?;

    // An exchange rate the account already has for that day keeps its value.
    let existing: HashSet<(String, String, time::Date)> = exchange_rate::Entity::find()
        .filter(exchange_rate::Column::TenantId.eq(t))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.from_currency, r.to_currency, r.date))
        .collect();
    rates.retain(|r| !existing.contains(&(r.from_currency.clone(), r.to_currency.clone(), r.date)));

    let mut ids = Ids::default();
    ids.fresh(accounts.iter().map(|m| m.id.0));
    ids.fresh(categories.iter().map(|m| m.id.0));
    ids.fresh(transactions.iter().map(|m| m.id.0));
    ids.fresh(transfers.iter().map(|m| m.id.0));
    ids.fresh(holdings.iter().map(|m| m.id.0));
    ids.fresh(valuations.iter().map(|m| m.id.0));
    ids.fresh(loans.iter().map(|m| m.id.0));
    ids.fresh(payments.iter().map(|m| m.id.0));
    ids.fresh(rates.iter().map(|m| m.id.0));
    ids.fresh(contacts.iter().map(|m| m.id.0));
    ids.fresh(cgroups.iter().map(|m| m.id.0));
    ids.fresh(cmembers.iter().map(|m| m.id.0));
    ids.fresh(ious.iter().map(|m| m.id.0));
    ids.fresh(settlements.iter().map(|m| m.id.0));
    ids.fresh(groups.iter().map(|m| m.id.0));
    ids.fresh(members.iter().map(|m| m.id.0));
    ids.fresh(expenses.iter().map(|m| m.id.0));
    ids.fresh(lines.iter().map(|m| m.id.0));

    for m in &mut accounts {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
    }
    for m in &mut categories {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.parent_id = ids.opt(m.parent_id)?;
    }
    for m in &mut transactions {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.account_id = ids.id(m.account_id)?;
        m.category_id = ids.opt(m.category_id)?;
        m.transfer_id = ids.opt(m.transfer_id)?;
        m.reverses_id = ids.opt(m.reverses_id)?;
        m.reversed_by_id = ids.opt(m.reversed_by_id)?;
        m.corrects_id = ids.opt(m.corrects_id)?;
        m.corrected_by_id = ids.opt(m.corrected_by_id)?;
        // Made by a social record not imported (someone else's): unlinked.
        m.social_id = m.social_id.and_then(|s| ids.0.get(&s).copied());
        m.created_by = me(m.created_by);
    }
    for m in &mut transfers {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.from_account_id = ids.id(m.from_account_id)?;
        m.to_account_id = ids.id(m.to_account_id)?;
        m.from_transaction_id = ids.id(m.from_transaction_id)?;
        m.to_transaction_id = ids.id(m.to_transaction_id)?;
    }
    for m in &mut holdings {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
    }
    for m in &mut valuations {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.holding_id = ids.id(m.holding_id)?;
        m.created_by = me(m.created_by);
    }
    for m in &mut loans {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
    }
    for m in &mut payments {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.loan_id = ids.id(m.loan_id)?;
        m.transaction_id = ids.opt(m.transaction_id)?;
        m.created_by = me(m.created_by);
    }
    for m in &mut rates {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
    }
    for m in &mut contacts {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
    }
    for m in &mut cgroups {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
    }
    for m in &mut cmembers {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.contact_group_id = ids.id(m.contact_group_id)?;
        m.contact_id = ids.id(m.contact_id)?;
    }
    for m in &mut ious {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.contact_id = ids.id(m.contact_id)?;
        m.replaces_id = ids.opt(m.replaces_id)?;
        m.replaced_by_id = ids.opt(m.replaced_by_id)?;
        m.created_by = me(m.created_by);
    }
    for m in &mut groups {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.default_split = m.default_split.as_deref().map(|d| ids.in_json(d));
    }
    for m in &mut members {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.group_id = ids.id(m.group_id)?;
        m.contact_id = ids.opt(m.contact_id)?;
    }
    for m in &mut expenses {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.group_id = ids.id(m.group_id)?;
        m.category_id = ids.opt(m.category_id)?;
        m.spec = ids.in_json(&m.spec);
        m.created_by = me(m.created_by);
    }
    for m in &mut lines {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.group_id = ids.id(m.group_id)?;
        m.expense_id = ids.id(m.expense_id)?;
        m.member_id = ids.id(m.member_id)?;
    }
    for m in &mut settlements {
        m.id = ids.id(m.id)?;
        m.tenant_id = t;
        m.group_id = ids.opt(m.group_id)?;
        m.peer_debt_id = ids.opt(m.peer_debt_id)?;
        m.from_member_id = ids.opt(m.from_member_id)?;
        m.to_member_id = ids.opt(m.to_member_id)?;
        m.created_by = me(m.created_by);
    }

    // Derived rows, from the records as they will be stored.
    let month_rows = account_months(t, &transactions);
    let currencies: HashMap<_, _> = groups.iter().map(|g| (g.id, g.currency.clone())).collect();
    let mut by_expense: BTreeMap<_, Vec<MemberLine>> = BTreeMap::new();
    for l in &lines {
        let cur = social::stored_currency(currencies.get(&l.group_id).map_or("", String::as_str))?;
        by_expense.entry(l.expense_id).or_default().push(MemberLine {
            member: l.member_id,
            paid: Minor(Money::from_storage(l.paid, cur).to_minor()),
            owed: Minor(Money::from_storage(l.owed, cur).to_minor()),
        });
    }
    let mut debts = Vec::new();
    let mut pairs: BTreeMap<_, Vec<rollup::Debt>> = BTreeMap::new();
    for e in &expenses {
        let cur = social::stored_currency(currencies.get(&e.group_id).map_or("", String::as_str))?;
        let mut member_lines = by_expense.remove(&e.id).unwrap_or_default();
        // In member order, as the expense computed them (`member_lines`).
        member_lines.sort_by_key(|l| l.member);
        for d in social::pair_debts(&member_lines) {
            let d = rollup::Debt {
                debtor: d.debtor,
                creditor: d.creditor,
                amount: d.amount.to_stored(cur),
            };
            if e.deleted_at.is_none() {
                pairs.entry(e.group_id).or_default().push(d);
            }
            debts.push(expense_debt::Model {
                id: ExpenseDebtId::new(),
                tenant_id: t,
                group_id: e.group_id,
                expense_id: e.id,
                debtor_id: d.debtor,
                creditor_id: d.creditor,
                amount: d.amount.0,
            });
        }
    }
    for s in settlements.iter().filter(|s| s.deleted_at.is_none()) {
        if let (Some(g), Some(from), Some(to)) = (s.group_id, s.from_member_id, s.to_member_id) {
            // A payment from A to B counts as B owing A (`rollup`).
            pairs.entry(g).or_default().push(rollup::Debt {
                debtor: to,
                creditor: from,
                amount: Stored(s.amount),
            });
        }
    }

    let mut created: Vec<KindCount> = Vec::new();
    let mut count = |kind: &str, n: usize| created.push(KindCount::of(kind, n));
    count("accounts", accounts.len());
    count("categories", categories.len());
    count("transactions", transactions.len());
    count("transfers", transfers.len());
    count("assets", holdings.iter().filter(|h| h.side == "asset").count());
    count(
        "liabilities",
        holdings.iter().filter(|h| h.side != "asset").count(),
    );
    count("valuations", valuations.len());
    count("loans", loans.len());
    count("loan_payments", payments.len());
    count("exchange_rates", rates.len());
    count("contacts", contacts.len());
    count("contact_groups", cgroups.len());
    count("contact_group_members", cmembers.len());
    count("ious", ious.len());
    count("settlements", settlements.len());
    count("groups", groups.len());
    count("members", members.len());
    count("expenses", expenses.len());
    count("expense_lines", lines.len());
    debug_assert_eq!(created.len(), KINDS.len() - NOT_IMPORTED.len());
    let total = created.iter().map(|c| c.count).sum();
    let (n_contacts, n_expenses, n_payments) = (contacts.len(), expenses.len(), settlements.len());

    if !categories.is_empty() {
        // The account has its categories: no default set is added on top.
        setup::Entity::insert(setup::ActiveModel {
            tenant_id: Set(t),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(setup::Column::TenantId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    }
    // Parents first: the foreign keys point from each list to the ones before it.
    insert_all::<hisaab_entity::finance::account::Entity, _>(txn, accounts).await?;
    insert_all::<hisaab_entity::finance::category::Entity, _>(txn, categories).await?;
    insert_all::<transaction::Entity, _>(txn, transactions).await?;
    insert_all::<hisaab_entity::finance::transfer::Entity, _>(txn, transfers).await?;
    insert_all::<hisaab_entity::finance::holding::Entity, _>(txn, holdings).await?;
    insert_all::<hisaab_entity::finance::holding_value::Entity, _>(txn, valuations).await?;
    insert_all::<hisaab_entity::finance::loan::Entity, _>(txn, loans).await?;
    insert_all::<hisaab_entity::finance::loan_payment::Entity, _>(txn, payments).await?;
    insert_all::<exchange_rate::Entity, _>(txn, rates).await?;
    insert_all::<hisaab_entity::social::contact::Entity, _>(txn, contacts).await?;
    insert_all::<hisaab_entity::social::contact_group::Entity, _>(txn, cgroups).await?;
    insert_all::<hisaab_entity::social::contact_group_member::Entity, _>(txn, cmembers).await?;
    insert_all::<hisaab_entity::social::peer_debt::Entity, _>(txn, ious).await?;
    insert_all::<hisaab_entity::social::group::Entity, _>(txn, groups).await?;
    insert_all::<hisaab_entity::social::member::Entity, _>(txn, members).await?;
    insert_all::<hisaab_entity::social::group_expense::Entity, _>(txn, expenses).await?;
    insert_all::<hisaab_entity::social::expense_line::Entity, _>(txn, lines).await?;
    insert_all::<expense_debt::Entity, _>(txn, debts).await?;
    insert_all::<hisaab_entity::social::settlement::Entity, _>(txn, settlements).await?;
    // The rollups of the new rows only: every account and group here is new.
    insert_all::<amt::Entity, _>(txn, month_rows).await?;
    for (group_id, debts) in pairs {
        rollup::apply(txn, t, group_id, &debts, 1).await?;
    }
    Ok(ImportResult {
        contacts_created: n_contacts,
        expenses: n_expenses,
        payments: n_payments,
        records: total,
        created,
        ..ImportResult::default()
    })
}

/// The account-month rollup of `transactions` (one stripe per month), as
/// `finance::rollups` recomputes it: transfers and outside-flow records move
/// the balance but are neither income nor expense.
fn account_months(t: TenantId, transactions: &[transaction::Model]) -> Vec<amt::Model> {
    let mut sums: BTreeMap<_, (i64, i64, i64)> = BTreeMap::new();
    for r in transactions {
        let s = sums
            .entry((r.account_id, crate::finance::month_key(r.date)))
            .or_default();
        let flow = r.transfer_id.is_none() && !r.outside_flow;
        match r.kind {
            FlowKind::Income if flow => s.0 += r.amount,
            FlowKind::Expense if flow => s.1 += r.amount,
            _ => {}
        }
        s.2 += r.delta;
    }
    sums.into_iter()
        .map(
            |((account_id, month), (income, expense, net_change))| amt::Model {
                tenant_id: t,
                account_id,
                month,
                stripe: 0,
                income,
                expense,
                net_change,
            },
        )
        .collect()
}
