//! What is between you and one contact: balances per currency and the
//! history behind them, across debts, group expenses and settlements.

use super::group::simplify_adjustments;
use crate::App;
use crate::actor::Actor;
use crate::error::Result;
use crate::money::{Currency, Money};
use crate::social::{contacts, get, query_all, stored_currency, tenant_value};
use hisaab_entity::social::ContactId;
use sea_orm::Value;
use std::collections::{BTreeMap, HashMap};
use time::{Date, OffsetDateTime};

/// Every signed amount between you and each contact: positive when the contact
/// owes you. Columns: contact_id, currency, amount, plus what each row is.
/// Deleted and corrected debts (and their payments) count nowhere (ADR 0016).
pub(super) const CONTACT_ROWS: &str = "\
    SELECT d.contact_id AS contact_id, d.currency AS currency, CASE WHEN d.direction = 'lent' THEN d.amount ELSE -d.amount END AS amount, \
      d.date AS date, d.created_at AS created_at, 'debt' AS kind, d.id AS ref_id, COALESCE(d.reason, '') AS label, d.direction AS detail \
      FROM peer_debts d WHERE d.tenant_id = $1 AND d.deleted_at IS NULL AND d.replaced_by_id IS NULL \
    UNION ALL SELECT d.contact_id, d.currency, CASE WHEN d.direction = 'lent' THEN -s.amount ELSE s.amount END, \
      s.date, s.created_at, 'debt_settlement', s.id, COALESCE(d.reason, ''), s.method \
      FROM settlements s JOIN peer_debts d ON d.id = s.peer_debt_id WHERE s.tenant_id = $1 AND s.deleted_at IS NULL AND d.deleted_at IS NULL AND d.replaced_by_id IS NULL \
    UNION ALL SELECT COALESCE(md.contact_id, mc.contact_id), g.currency, CASE WHEN md.contact_id IS NOT NULL THEN x.amount ELSE -x.amount END, \
      e.date, e.created_at, 'expense', e.id, e.description, g.name \
      FROM group_expense_debts x JOIN group_expenses e ON e.id = x.expense_id JOIN expense_groups g ON g.id = x.group_id \
      JOIN expense_group_members md ON md.id = x.debtor_id JOIN expense_group_members mc ON mc.id = x.creditor_id \
      WHERE x.tenant_id = $1 AND e.deleted_at IS NULL AND ((md.contact_id IS NULL) <> (mc.contact_id IS NULL)) \
    UNION ALL SELECT COALESCE(mf.contact_id, mt.contact_id), g.currency, CASE WHEN mf.contact_id IS NOT NULL THEN -s.amount ELSE s.amount END, \
      s.date, s.created_at, 'group_settlement', s.id, g.name, s.method \
      FROM settlements s JOIN expense_groups g ON g.id = s.group_id \
      JOIN expense_group_members mf ON mf.id = s.from_member_id JOIN expense_group_members mt ON mt.id = s.to_member_id \
      WHERE s.tenant_id = $1 AND s.deleted_at IS NULL AND ((mf.contact_id IS NULL) <> (mt.contact_id IS NULL))";

/// A contact's balances, one per currency (zero ones left out).
#[derive(Clone, Debug, PartialEq)]
pub struct ContactBalances {
    pub contact_id: ContactId,
    pub name: String,
    pub initials: String,
    pub balances: Vec<Money>,
}

pub(super) async fn balances_by_contact(
    app: &App,
    actor: &Actor,
    contact: Option<ContactId>,
) -> Result<BTreeMap<ContactId, Vec<Money>>> {
    let mut values = vec![tenant_value(actor.tenant_id)];
    let filter = match contact {
        Some(c) => {
            values.push(Value::from(c.0));
            " WHERE t.contact_id = $2"
        }
        None => "",
    };
    let sql = format!(
        "SELECT t.contact_id AS contact_id, t.currency AS currency, CAST(SUM(t.amount) AS BIGINT) AS amount FROM ({CONTACT_ROWS}) t{filter} GROUP BY t.contact_id, t.currency ORDER BY t.currency"
    );
    let mut sums: BTreeMap<(ContactId, &'static str), (Currency, i64)> = BTreeMap::new();
    for row in query_all(&app.db, &sql, values).await? {
        let currency = stored_currency(&get::<String>(&row, "currency")?)?;
        sums.insert(
            (ContactId(get(&row, "contact_id")?), currency.code()),
            (currency, get(&row, "amount")?),
        );
    }
    for adj in simplify_adjustments(app, actor, contact).await? {
        sums.entry((adj.contact_id, adj.currency.code()))
            .or_insert((adj.currency, 0))
            .1 += adj.amount;
    }
    let mut out: BTreeMap<ContactId, Vec<Money>> = BTreeMap::new();
    for ((contact_id, _), (currency, amount)) in sums {
        if amount != 0 {
            out.entry(contact_id)
                .or_default()
                .push(Money::from_storage(amount, currency));
        }
    }
    Ok(out)
}

/// What a contact owes you (positive) or you owe them (negative), per currency,
/// across debts, group expenses and settlements.
pub async fn contact_balance(app: &App, actor: &Actor, contact_id: ContactId) -> Result<Vec<Money>> {
    contacts::find(&app.db, actor, contact_id).await?;
    Ok(balances_by_contact(app, actor, Some(contact_id))
        .await?
        .remove(&contact_id)
        .unwrap_or_default())
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// debt, debt_settlement, expense, group_settlement, or simplified (the
    /// difference "simplify debts" makes in a group, so the running balance
    /// ends at what you actually settle)
    pub kind: String,
    pub ref_id: uuid::Uuid,
    pub date: Date,
    pub label: String,
    pub detail: String,
    /// Positive: this made the contact owe you more.
    pub amount: Money,
    /// The balance in this currency after this entry.
    pub running: Money,
    pub created_at: OffsetDateTime,
}

/// Everything between you and a contact, oldest first, with the running balance per currency.
pub async fn contact_history(app: &App, actor: &Actor, contact_id: ContactId) -> Result<Vec<HistoryEntry>> {
    contacts::find(&app.db, actor, contact_id).await?;
    let sql = format!(
        "SELECT t.kind AS kind, t.ref_id AS ref_id, t.date AS date, t.created_at AS created_at, t.label AS label, t.detail AS detail, t.currency AS currency, \
         CAST(SUM(t.amount) AS BIGINT) AS amount FROM ({CONTACT_ROWS}) t WHERE t.contact_id = $2 \
         GROUP BY t.kind, t.ref_id, t.date, t.created_at, t.label, t.detail, t.currency ORDER BY t.date, t.created_at, t.ref_id"
    );
    let rows = query_all(
        &app.db,
        &sql,
        vec![tenant_value(actor.tenant_id), Value::from(contact_id.0)],
    )
    .await?;
    let mut running: HashMap<Currency, i64> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let currency = stored_currency(&get::<String>(row, "currency")?)?;
        let amount: i64 = get(row, "amount")?;
        let r = running.entry(currency).or_default();
        *r += amount;
        out.push(HistoryEntry {
            kind: get(row, "kind")?,
            ref_id: get(row, "ref_id")?,
            date: get(row, "date")?,
            label: get(row, "label")?,
            detail: get(row, "detail")?,
            amount: Money::from_storage(amount, currency),
            running: Money::from_storage(*r, currency),
            created_at: get(row, "created_at")?,
        });
    }
    for adj in simplify_adjustments(app, actor, Some(contact_id)).await? {
        let r = running.entry(adj.currency).or_default();
        *r += adj.amount;
        let now = app.now();
        out.push(HistoryEntry {
            kind: "simplified".into(),
            ref_id: uuid::Uuid::nil(),
            date: now.date(),
            label: adj.group_name,
            detail: String::new(),
            amount: Money::from_storage(adj.amount, adj.currency),
            running: Money::from_storage(*r, adj.currency),
            created_at: now,
        });
    }
    Ok(out)
}
