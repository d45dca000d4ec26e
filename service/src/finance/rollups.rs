//! The per-account monthly rollup (`fin_account_month_totals`, ADR 0004).
//! `apply` runs inside the transaction that writes a record, so the rollup
//! moves with the records or not at all; `verify_rollups` recomputes it from
//! the records and reports every difference; `rebuild_rollups` replaces it.

use super::{AccountId, FlowKind, month_key};
use crate::effects::Effects;
use crate::error::Result;
use crate::{App, db};
use hisaab_entity::TenantId;
use hisaab_entity::finance::account_month_total as amt;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set, Statement,
};
use std::collections::BTreeMap;
use time::Date;

/// What one record adds to its account's month.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Change {
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub date: Date,
    pub kind: FlowKind,
    pub amount: i64,
    pub delta: i64,
    pub is_transfer: bool,
}

/// How many rows one account-month is spread over (ADR 0014).
pub(crate) const STRIPES: i16 = 8;

/// A write's rollup changes, summed per account-month. They are sent with
/// the write's other effects at its commit (`Effects::rollup`): on SQLite
/// that saves the one writer a round trip per record, and on PostgreSQL the
/// rows stay locked only for the commit. A write that touches one
/// account-month twice (a correction's reversal and replacement, an import)
/// sends one change: PostgreSQL refuses two upserts of one row in one
/// statement.
#[derive(Debug, Default)]
pub(crate) struct Pending(BTreeMap<(AccountId, i32), Sums>);

#[derive(Debug, Clone, Copy)]
struct Sums {
    tenant_id: TenantId,
    income: i64,
    expense: i64,
    net_change: i64,
}

impl Pending {
    pub(crate) fn add(&mut self, c: Change) {
        let (income, expense) = match (c.is_transfer, c.kind) {
            (true, _) => (0, 0),
            (false, FlowKind::Income) => (c.amount, 0),
            (false, FlowKind::Expense) => (0, c.amount),
        };
        let sums = self.0.entry((c.account_id, month_key(c.date))).or_insert(Sums {
            tenant_id: c.tenant_id,
            income: 0,
            expense: 0,
            net_change: 0,
        });
        sums.income += income;
        sums.expense += expense;
        sums.net_change += c.delta;
    }

    /// One upsert per account-month that changed, each into a random stripe
    /// (ADR 0014), in account order: two writes upserting the same rows
    /// take them in the same order, so neither waits on the other's second
    /// row while holding its first (a deadlock PostgreSQL would end by
    /// failing one of them).
    pub(crate) fn statements(&self) -> impl Iterator<Item = sea_orm::sea_query::InsertStatement> + '_ {
        self.0
            .iter()
            .filter(|(_, s)| (s.income, s.expense, s.net_change) != (0, 0, 0))
            .map(|(&(account_id, month), s)| upsert(account_id, month, s))
    }
}

fn upsert(account_id: AccountId, month: i32, s: &Sums) -> sea_orm::sea_query::InsertStatement {
    let row = amt::ActiveModel {
        tenant_id: Set(s.tenant_id),
        account_id: Set(account_id),
        month: Set(month),
        stripe: Set(rand::random_range(0..STRIPES)),
        income: Set(s.income),
        expense: Set(s.expense),
        net_change: Set(s.net_change),
    };
    amt::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([amt::Column::AccountId, amt::Column::Month, amt::Column::Stripe])
                .value(
                    amt::Column::Income,
                    Expr::cust("fin_account_month_totals.income + excluded.income"),
                )
                .value(
                    amt::Column::Expense,
                    Expr::cust("fin_account_month_totals.expense + excluded.expense"),
                )
                .value(
                    amt::Column::NetChange,
                    Expr::cust("fin_account_month_totals.net_change + excluded.net_change"),
                )
                .to_owned(),
        )
        .into_query()
}

/// One account-month of the rollup, its stripes summed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromQueryResult)]
pub(crate) struct MonthSum {
    pub account_id: AccountId,
    pub month: i32,
    pub income: i64,
    pub expense: i64,
    pub net_change: i64,
}

/// The tenant's account-months (optionally only `months` = first..=last
/// yyyymm), ordered by month: what every report reads instead of records.
pub(crate) async fn month_sums<C: ConnectionTrait>(
    conn: &C,
    tenant_id: TenantId,
    months: Option<(i32, i32)>,
) -> Result<Vec<MonthSum>> {
    let mut q = amt::Entity::find()
        .select_only()
        .column(amt::Column::AccountId)
        .column(amt::Column::Month)
        .column_as(Expr::cust("CAST(SUM(income) AS BIGINT)"), "income")
        .column_as(Expr::cust("CAST(SUM(expense) AS BIGINT)"), "expense")
        .column_as(Expr::cust("CAST(SUM(net_change) AS BIGINT)"), "net_change")
        .filter(amt::Column::TenantId.eq(tenant_id));
    if let Some((first, last)) = months {
        q = q
            .filter(amt::Column::Month.gte(first))
            .filter(amt::Column::Month.lte(last));
    }
    Ok(q.group_by(amt::Column::AccountId)
        .group_by(amt::Column::Month)
        .order_by_asc(amt::Column::Month)
        .order_by_asc(amt::Column::AccountId)
        .into_model::<MonthSum>()
        .all(conn)
        .await?)
}

/// Totals of one account-month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromQueryResult)]
pub struct Totals {
    pub income: i64,
    pub expense: i64,
    pub net_change: i64,
}

/// A month where the rollup and the records disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub month: i32,
    /// Recomputed from the records.
    pub expected: Totals,
    /// What the rollup holds.
    pub actual: Totals,
}

#[derive(FromQueryResult)]
struct Recomputed {
    tenant_id: TenantId,
    account_id: AccountId,
    month: i32,
    income: i64,
    expense: i64,
    net_change: i64,
}

/// `yyyymm` of a column named `date`, in the backend's SQL.
pub(crate) fn month_sql(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "CAST(EXTRACT(YEAR FROM date) * 100 + EXTRACT(MONTH FROM date) AS INTEGER)",
        _ => "CAST(strftime('%Y%m', date) AS INTEGER)",
    }
}

type StoredSum = Recomputed;

async fn recompute<C: ConnectionTrait>(conn: &C) -> Result<Vec<Recomputed>> {
    let backend = conn.get_database_backend();
    let month = month_sql(backend);
    let sql = format!(
        "SELECT tenant_id, account_id, {month} AS month, \
         CAST(COALESCE(SUM(CASE WHEN kind = 'income' AND transfer_id IS NULL AND NOT outside_flow THEN amount ELSE 0 END), 0) AS BIGINT) AS income, \
         CAST(COALESCE(SUM(CASE WHEN kind = 'expense' AND transfer_id IS NULL AND NOT outside_flow THEN amount ELSE 0 END), 0) AS BIGINT) AS expense, \
         CAST(COALESCE(SUM(delta), 0) AS BIGINT) AS net_change \
         FROM fin_transactions GROUP BY tenant_id, account_id, {month}"
    );
    Ok(
        Recomputed::find_by_statement(Statement::from_string(backend, sql))
            .all(conn)
            .await?,
    )
}

/// Compares the rollup with the records, for every tenant.
pub async fn verify_rollups(app: &App) -> Result<Vec<Mismatch>> {
    let mut expected: BTreeMap<(AccountId, i32), (TenantId, Totals)> = BTreeMap::new();
    for r in recompute(&app.db).await? {
        expected.insert(
            (r.account_id, r.month),
            (
                r.tenant_id,
                Totals {
                    income: r.income,
                    expense: r.expense,
                    net_change: r.net_change,
                },
            ),
        );
    }
    let stored = StoredSum::find_by_statement(Statement::from_string(
        app.db.get_database_backend(),
        "SELECT tenant_id, account_id, month, CAST(SUM(income) AS BIGINT) AS income, \
         CAST(SUM(expense) AS BIGINT) AS expense, CAST(SUM(net_change) AS BIGINT) AS net_change \
         FROM fin_account_month_totals GROUP BY tenant_id, account_id, month ORDER BY account_id, month",
    ))
    .all(&app.db)
    .await?;
    let mut mismatches = Vec::new();
    for row in stored {
        let actual = Totals {
            income: row.income,
            expense: row.expense,
            net_change: row.net_change,
        };
        let (tenant_id, want) = expected
            .remove(&(row.account_id, row.month))
            .unwrap_or((row.tenant_id, Totals::default()));
        if want != actual {
            mismatches.push(Mismatch {
                tenant_id,
                account_id: row.account_id,
                month: row.month,
                expected: want,
                actual,
            });
        }
    }
    for ((account_id, month), (tenant_id, want)) in expected {
        if want != Totals::default() {
            mismatches.push(Mismatch {
                tenant_id,
                account_id,
                month,
                expected: want,
                actual: Totals::default(),
            });
        }
    }
    Ok(mismatches)
}

/// Replaces the rollup with one recomputed from the records; returns the rows written.
pub async fn rebuild_rollups(app: &App) -> Result<u64> {
    let txn = db::begin_write(&app.db).await?;
    amt::Entity::delete_many().exec(&txn).await?;
    let rows = recompute(&txn).await?;
    let n = rows.len() as u64;
    for chunk in rows.chunks(500) {
        let models = chunk.iter().map(|r| amt::ActiveModel {
            tenant_id: Set(r.tenant_id),
            account_id: Set(r.account_id),
            month: Set(r.month),
            stripe: Set(0),
            income: Set(r.income),
            expense: Set(r.expense),
            net_change: Set(r.net_change),
        });
        amt::Entity::insert_many(models)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit(&Effects::system(app.now())).await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(account: AccountId, date: Date, kind: FlowKind, amount: i64, is_transfer: bool) -> Change {
        Change {
            tenant_id: TenantId(uuid::Uuid::nil()),
            account_id: account,
            date,
            kind,
            amount,
            delta: super::super::record::delta_of(kind, amount),
            is_transfer,
        }
    }

    #[test]
    fn a_writes_changes_are_one_upsert_per_account_month_in_account_order() {
        let (a, b) = (
            AccountId(uuid::Uuid::from_u128(1)),
            AccountId(uuid::Uuid::from_u128(2)),
        );
        let nov = Date::from_calendar_date(2026, time::Month::November, 20).unwrap();
        let dec = Date::from_calendar_date(2026, time::Month::December, 1).unwrap();
        let mut p = Pending::default();
        // A correction on b: the reversal and a larger replacement, same month.
        p.add(change(b, nov, FlowKind::Expense, -500, false));
        p.add(change(b, nov, FlowKind::Expense, 700, false));
        // A transfer leg on a: the balance moves, no income or expense.
        p.add(change(a, dec, FlowKind::Income, 300, true));
        // A record and its reversal on a in November: nothing to send.
        p.add(change(a, nov, FlowKind::Income, 900, false));
        p.add(change(a, nov, FlowKind::Income, -900, false));
        let sent: Vec<String> = p
            .statements()
            .map(|s| s.to_string(sea_orm::sea_query::SqliteQueryBuilder))
            .collect();
        assert_eq!(sent.len(), 2, "{sent:#?}");
        let values = |s: &str| {
            s.split("VALUES")
                .nth(1)
                .unwrap()
                .split(')')
                .next()
                .unwrap()
                .to_string()
        };
        assert!(
            values(&sent[0]).contains("202612") && values(&sent[0]).ends_with("0, 0, 300"),
            "{}",
            sent[0]
        );
        assert!(
            values(&sent[1]).contains("202611") && values(&sent[1]).ends_with("0, 200, -200"),
            "{}",
            sent[1]
        );
    }
}
