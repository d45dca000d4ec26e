//! The pairwise group rollup `group_pair_balances` (ADR 0012). Every write
//! that changes who owes whom in a group (an expense added, edited, deleted or
//! restored; a settlement) calls `apply` inside its own transaction, so the
//! rollup moves with the records or not at all. A group's balances and plan
//! then read at most n·(n−1)/2 rows, however many expenses it has.
//! `verify` recomputes the pairs from the records and reports each difference;
//! `rebuild` replaces the rollup with the recomputed pairs.

use crate::effects::Effects;
use crate::error::Result;
use crate::money::Stored;
use crate::{App, db};
use hisaab_entity::TenantId;
use hisaab_entity::social::pair_balance as pb;
use hisaab_entity::social::{ExpenseGroupId, GroupExpenseId, GroupMemberId, expense_debt};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Set, Statement,
    Value,
};
use std::collections::BTreeMap;

/// `debtor` owes `creditor` `amount` within one expense: [`Minor`] units as an
/// expense is computed, [`Stored`] units once written (the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Debt<U = Stored> {
    pub debtor: GroupMemberId,
    pub creditor: GroupMemberId,
    pub amount: U,
}

/// One pair, the smaller member id first; positive: `low` owes `high`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PairKey {
    pub group_id: ExpenseGroupId,
    pub low: GroupMemberId,
    pub high: GroupMemberId,
}

/// Debts as signed amounts per pair, summed; zero pairs left out. Sorted by
/// key, so concurrent writers lock rows in the same order (no deadlocks).
fn by_pair(group_id: ExpenseGroupId, debts: &[Debt], sign: i64) -> BTreeMap<PairKey, i64> {
    let mut out: BTreeMap<PairKey, i64> = BTreeMap::new();
    for &Debt {
        debtor,
        creditor,
        amount: Stored(amount),
    } in debts
    {
        let (low, high, signed) = match debtor.cmp(&creditor) {
            std::cmp::Ordering::Less => (debtor, creditor, amount),
            std::cmp::Ordering::Greater => (creditor, debtor, -amount),
            std::cmp::Ordering::Equal => continue,
        };
        *out.entry(PairKey { group_id, low, high }).or_default() += sign * signed;
    }
    out.retain(|_, v| *v != 0);
    out
}

/// Adds `sign` × `debts` to the group's pairs.
pub(crate) async fn apply<C: ConnectionTrait>(
    conn: &C,
    tenant_id: TenantId,
    group_id: ExpenseGroupId,
    debts: &[Debt],
    sign: i64,
) -> Result<()> {
    let pairs = by_pair(group_id, debts, sign);
    if pairs.is_empty() {
        return Ok(());
    }
    let rows = pairs.into_iter().map(|(k, amount)| pb::ActiveModel {
        tenant_id: Set(tenant_id),
        group_id: Set(k.group_id),
        low_member_id: Set(k.low),
        high_member_id: Set(k.high),
        amount: Set(amount),
    });
    pb::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                pb::Column::GroupId,
                pb::Column::LowMemberId,
                pb::Column::HighMemberId,
            ])
            .value(
                pb::Column::Amount,
                Expr::cust("group_pair_balances.amount + excluded.amount"),
            )
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Adds (`sign` = 1) or takes away (−1) the debts one expense's stored rows
/// record: for an edit (the old version out), a delete and a restore.
pub(crate) async fn apply_expense<C: ConnectionTrait>(
    conn: &C,
    tenant_id: TenantId,
    group_id: ExpenseGroupId,
    expense_id: GroupExpenseId,
    sign: i64,
) -> Result<()> {
    let debts: Vec<Debt> = expense_debt::Entity::find()
        .filter(expense_debt::Column::ExpenseId.eq(expense_id))
        .filter(expense_debt::Column::TenantId.eq(tenant_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| Debt {
            debtor: d.debtor_id,
            creditor: d.creditor_id,
            amount: Stored(d.amount),
        })
        .collect();
    apply(conn, tenant_id, group_id, &debts, sign).await
}

/// A group's non-zero pairs (only the columns a balance needs: this runs on
/// every balances and plan request).
pub(crate) async fn pairs<C: ConnectionTrait>(
    conn: &C,
    tenant_id: TenantId,
    group_id: ExpenseGroupId,
) -> Result<Vec<(PairKey, i64)>> {
    db::query_all(
        conn,
        "SELECT low_member_id, high_member_id, amount FROM group_pair_balances \
         WHERE group_id = $1 AND tenant_id = $2 AND amount <> 0",
        vec![Value::from(group_id.0), Value::from(tenant_id.0)],
    )
    .await?
    .iter()
    .map(|r| {
        Ok((
            PairKey {
                group_id,
                low: GroupMemberId(db::get(r, "low_member_id")?),
                high: GroupMemberId(db::get(r, "high_member_id")?),
            },
            db::get(r, "amount")?,
        ))
    })
    .collect()
}

/// The pairs recomputed from the records: expense debtor → creditor rows of
/// expenses not deleted, and group settlements not deleted (a payment from A to B counts
/// as B owing A, which cancels A's debt).
const RECOMPUTE_SQL: &str = "\
    SELECT tenant_id, group_id, \
      CASE WHEN debtor < creditor THEN debtor ELSE creditor END AS low_member_id, \
      CASE WHEN debtor < creditor THEN creditor ELSE debtor END AS high_member_id, \
      CAST(SUM(CASE WHEN debtor < creditor THEN amount ELSE -amount END) AS BIGINT) AS amount \
    FROM ( \
      SELECT d.tenant_id AS tenant_id, d.group_id AS group_id, d.debtor_id AS debtor, d.creditor_id AS creditor, d.amount AS amount \
        FROM group_expense_debts d JOIN group_expenses e ON e.id = d.expense_id WHERE e.deleted_at IS NULL \
      UNION ALL SELECT s.tenant_id, s.group_id, s.to_member_id, s.from_member_id, s.amount \
        FROM settlements s WHERE s.group_id IS NOT NULL AND s.from_member_id IS NOT NULL AND s.to_member_id IS NOT NULL \
        AND s.deleted_at IS NULL \
    ) t WHERE debtor <> creditor \
    GROUP BY tenant_id, group_id, CASE WHEN debtor < creditor THEN debtor ELSE creditor END, \
      CASE WHEN debtor < creditor THEN creditor ELSE debtor END";

#[derive(FromQueryResult)]
struct Recomputed {
    tenant_id: TenantId,
    group_id: ExpenseGroupId,
    low_member_id: GroupMemberId,
    high_member_id: GroupMemberId,
    amount: i64,
}

async fn recompute<C: ConnectionTrait>(conn: &C) -> Result<Vec<Recomputed>> {
    let backend = conn.get_database_backend();
    Ok(
        Recomputed::find_by_statement(Statement::from_string(backend, RECOMPUTE_SQL))
            .all(conn)
            .await?,
    )
}

/// A pair where the rollup and the records disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairMismatch {
    pub tenant_id: TenantId,
    pub pair: PairKey,
    /// Recomputed from the records.
    pub expected: i64,
    /// What the rollup holds.
    pub actual: i64,
}

/// Compares the rollup with the records, for every tenant.
pub async fn verify(app: &App) -> Result<Vec<PairMismatch>> {
    let mut expected: BTreeMap<PairKey, (TenantId, i64)> = recompute(&app.db)
        .await?
        .into_iter()
        .map(|r| {
            (
                PairKey {
                    group_id: r.group_id,
                    low: r.low_member_id,
                    high: r.high_member_id,
                },
                (r.tenant_id, r.amount),
            )
        })
        .collect();
    let stored = pb::Entity::find()
        .order_by_asc(pb::Column::GroupId)
        .order_by_asc(pb::Column::LowMemberId)
        .order_by_asc(pb::Column::HighMemberId)
        .all(&app.db)
        .await?;
    let mut mismatches = Vec::new();
    for row in stored {
        let pair = PairKey {
            group_id: row.group_id,
            low: row.low_member_id,
            high: row.high_member_id,
        };
        let (tenant_id, want) = expected.remove(&pair).unwrap_or((row.tenant_id, 0));
        if want != row.amount {
            mismatches.push(PairMismatch {
                tenant_id,
                pair,
                expected: want,
                actual: row.amount,
            });
        }
    }
    for (pair, (tenant_id, want)) in expected {
        if want != 0 {
            mismatches.push(PairMismatch {
                tenant_id,
                pair,
                expected: want,
                actual: 0,
            });
        }
    }
    Ok(mismatches)
}

/// Replaces the rollup with the pairs recomputed from the records; returns the rows written.
pub async fn rebuild(app: &App) -> Result<u64> {
    let txn = db::begin_write(&app.db).await?;
    pb::Entity::delete_many().exec(&txn).await?;
    let rows = recompute(&txn).await?;
    let n = rows.len() as u64;
    for chunk in rows.chunks(500) {
        let models = chunk.iter().map(|r| pb::ActiveModel {
            tenant_id: Set(r.tenant_id),
            group_id: Set(r.group_id),
            low_member_id: Set(r.low_member_id),
            high_member_id: Set(r.high_member_id),
            amount: Set(r.amount),
        });
        pb::Entity::insert_many(models)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit(&Effects::system(app.now())).await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(n: u128) -> GroupMemberId {
        GroupMemberId(uuid::Uuid::from_u128(n))
    }

    fn d(debtor: u128, creditor: u128, amount: i64) -> Debt {
        Debt {
            debtor: m(debtor),
            creditor: m(creditor),
            amount: Stored(amount),
        }
    }

    #[test]
    fn debts_fold_into_one_signed_amount_per_pair() {
        let g = ExpenseGroupId(uuid::Uuid::from_u128(9));
        let debts = [d(2, 1, 500), d(1, 2, 200), d(3, 3, 7), d(1, 3, 100)];
        let pairs = by_pair(g, &debts, 1);
        let key = |low, high| PairKey {
            group_id: g,
            low: m(low),
            high: m(high),
        };
        assert_eq!(pairs.get(&key(1, 2)), Some(&-300), "2 owes 1 three hundred net");
        assert_eq!(pairs.get(&key(1, 3)), Some(&100));
        assert_eq!(pairs.len(), 2, "a member owing themselves is no pair");
        assert_eq!(by_pair(g, &debts, -1).get(&key(1, 2)), Some(&300));
        assert!(by_pair(g, &[d(1, 2, 5), d(2, 1, 5)], 1).is_empty());
    }
}
