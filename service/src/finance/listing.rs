//! Listing records: filters, keyset pagination on (date desc, id desc) over
//! the `(tenant_id[, account_id], date, id)` indexes, and totals for the filter.

use super::record_rows::{LISTED_COLUMNS, decode_page};
use super::transactions::TransactionView;
use super::{AccountId, CategoryId, FlowKind, TransactionId, currency_of, flow_kind, format_date};
use crate::error::{Error, Result};
use crate::input::{Problems, iso_date};
use crate::money::{Currency, Money, STORAGE_SCALE};
use crate::pagination::{self, Cursor};
use crate::{Actor, App, db};
use hisaab_entity::UserId;
use hisaab_entity::finance::transaction;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Value,
};
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// Filters as typed in a query string; every field is optional.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TransactionFilter {
    pub account_id: Option<String>,
    pub category_id: Option<String>,
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub q: Option<String>,
    pub min_amount: Option<String>,
    pub max_amount: Option<String>,
    pub tag: Option<String>,
    #[serde(skip)]
    pub cursor: Option<String>,
    #[serde(skip)]
    pub limit: Option<u64>,
}

/// Income, expense and net in one currency (transfers between one's own accounts excluded).
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    pub currency: Currency,
    pub income: Money,
    pub expense: Money,
    pub net: Money,
}

#[derive(Clone, Debug)]
pub struct TransactionPage {
    pub items: Vec<TransactionView>,
    pub next_cursor: Option<String>,
    /// For every record the filter matches (not just this page), one entry
    /// per currency. On the first page only: they are the same for every
    /// page, and a client paging on already has them.
    pub totals: Option<Vec<Totals>>,
}

#[derive(Default)]
struct Parsed {
    account_id: Option<AccountId>,
    category_id: Option<CategoryId>,
    kind: Option<FlowKind>,
    from: Option<Date>,
    to: Option<Date>,
    q: Option<String>,
    min: Option<i64>,
    max: Option<i64>,
    tag: Option<String>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A filter bound: up to 12 integer digits and 4 decimals, optionally negative
/// (the shape the API document states for `min_amount`/`max_amount`).
fn storage_amount(p: &mut Problems, field: &str, text: &str) -> Option<i64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    match text.parse::<Decimal>() {
        Ok(d) if digits(int_part, 12) && digits(frac_part, STORAGE_SCALE as usize) => {
            i64::try_from((d * Decimal::from(10_i64.pow(STORAGE_SCALE))).trunc()).ok()
        }
        _ => {
            p.add(field, "Enter the amount as a number like 12.50.");
            None
        }
    }
}

fn parse(filter: &TransactionFilter) -> Result<Parsed> {
    let mut p = Problems::default();
    let mut out = Parsed::default();
    // Each filter is optional; `out` is handed back only when none was refused.
    if let Some(a) = non_empty(&filter.account_id) {
        out.account_id = p.id("account_id", a);
    }
    if let Some(c) = non_empty(&filter.category_id) {
        out.category_id = p.id("category_id", c);
    }
    if let Some(k) = non_empty(&filter.kind) {
        out.kind = flow_kind(&mut p, "kind", k);
    }
    if let Some(d) = non_empty(&filter.from) {
        out.from = p.date("from", d);
    }
    if let Some(d) = non_empty(&filter.to) {
        out.to = p.date("to", d);
    }
    if let Some(q) = non_empty(&filter.q) {
        out.q = p.text("q", "search text", q, 100).map(|q| q.to_lowercase());
    }
    if let Some(a) = non_empty(&filter.min_amount) {
        out.min = storage_amount(&mut p, "min_amount", a);
    }
    if let Some(a) = non_empty(&filter.max_amount) {
        out.max = storage_amount(&mut p, "max_amount", a);
    }
    if let Some(t) = non_empty(&filter.tag) {
        out.tag = p.tags("tag", &[t.to_string()]).and_then(|t| t.into_iter().next());
    }
    if let (Some(f), Some(t)) = (out.from, out.to) {
        p.check(f <= t, "to", "must be on or after the start date");
    }
    p.finish()?;
    Ok(out)
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn conditions(actor: &Actor, f: &Parsed) -> Condition {
    use transaction::Column as C;
    let mut c = Condition::all().add(C::TenantId.eq(actor.tenant_id));
    if let Some(a) = f.account_id {
        c = c.add(C::AccountId.eq(a));
    }
    if let Some(cat) = f.category_id {
        c = c.add(C::CategoryId.eq(cat));
    }
    if let Some(k) = f.kind {
        c = c.add(C::Kind.eq(k));
    }
    if let Some(d) = f.from {
        c = c.add(C::Date.gte(d));
    }
    if let Some(d) = f.to {
        c = c.add(C::Date.lte(d));
    }
    if let Some(min) = f.min {
        c = c.add(C::Amount.gte(min));
    }
    if let Some(max) = f.max {
        c = c.add(C::Amount.lte(max));
    }
    if let Some(q) = &f.q {
        let pattern = format!("%{}%", escape_like(q));
        let like = |col: C| {
            Expr::expr(Func::lower(Expr::col(col))).like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        c = c.add(
            Condition::any()
                .add(like(C::Description))
                .add(like(C::Payee))
                .add(like(C::Notes)),
        );
    }
    if let Some(tag) = &f.tag {
        c = c.add(Expr::col(C::Tags).like(LikeExpr::new(format!("%|{}|%", escape_like(tag))).escape('\\')));
    }
    c
}

/// One page of the filtered records, newest first, with the filter's totals
/// on the first page (see `TransactionPage::totals`).
pub async fn list_transactions(
    app: &App,
    actor: &Actor,
    filter: TransactionFilter,
) -> Result<TransactionPage> {
    let parsed = parse(&filter)?;
    let first_page = filter.cursor.as_deref().is_none_or(|c| c.trim().is_empty());
    // The first page needs the viewer's revision for the cached totals: the
    // page's statement reads it too, one round trip instead of two.
    let viewer = first_page.then_some(actor.user_id);
    let (items, next_cursor, revision) = page_of(app, actor, &filter, &parsed, viewer).await?;
    let totals = if first_page {
        let revision = match revision {
            Some(r) => r,
            // An empty page carries no row to read it from.
            None => crate::view_cache::revision(&app.db, actor.user_id).await?,
        };
        Some(cached_totals(app, actor, &filter, &parsed, revision).await?)
    } else {
        None
    };
    Ok(TransactionPage {
        items,
        next_cursor,
        totals,
    })
}

/// The filter's totals alone (for a page that starts at a cursor).
pub async fn transaction_totals(app: &App, actor: &Actor, filter: &TransactionFilter) -> Result<Vec<Totals>> {
    let parsed = parse(filter)?;
    let revision = crate::view_cache::revision(&app.db, actor.user_id).await?;
    cached_totals(app, actor, filter, &parsed, revision).await
}

/// The filter's totals, reused until the person's next write (ADR 0014): the
/// same filter's totals come with every first page and every HTML page.
/// `revision` is the viewer's, read before the totals are (ADR 0014).
async fn cached_totals(
    app: &App,
    actor: &Actor,
    filter: &TransactionFilter,
    parsed: &Parsed,
    revision: i64,
) -> Result<Vec<Totals>> {
    // The filter as typed (cursor and limit are not part of it) is the key.
    let key = format!(
        "finance.totals:{}",
        serde_json::to_string(filter).map_err(anyhow::Error::from)?
    );
    let view =
        crate::view_cache::cached_at(app, actor.user_id, revision, key, totals(app, actor, parsed)).await?;
    Ok((*view).clone())
}

/// One page of the filtered records and the cursor of the next, without totals.
pub async fn latest_transactions(
    app: &App,
    actor: &Actor,
    filter: TransactionFilter,
) -> Result<(Vec<TransactionView>, Option<String>)> {
    let parsed = parse(&filter)?;
    let (items, next_cursor, _) = page_of(app, actor, &filter, &parsed, None).await?;
    Ok((items, next_cursor))
}

/// One page and the next page's cursor; with `revision_of`, that user's view
/// revision too (read by the same statement; `None` when the page is empty).
async fn page_of(
    app: &App,
    actor: &Actor,
    filter: &TransactionFilter,
    parsed: &Parsed,
    revision_of: Option<UserId>,
) -> Result<(Vec<TransactionView>, Option<String>, Option<i64>)> {
    let limit = pagination::limit(filter.limit)?;
    let tag = pagination::filter_tag(filter);
    let mut cond = conditions(actor, parsed);
    if let Some(c) = filter.cursor.as_deref().filter(|c| !c.is_empty()) {
        let cursor = pagination::decode(c, &tag)?;
        let bad = || Error::invalid("cursor", "is not a cursor from this list; start again without it");
        let date = iso_date(&cursor.key).ok_or_else(bad)?;
        let id: TransactionId = cursor.id.parse().map_err(|_| bad())?;
        use sea_orm::sea_query::{Expr, ExprTrait};
        use transaction::Column as C;
        // A row-value comparison is one index range on (…, date, id); the
        // equivalent `date < d OR (date = d AND id < i)` makes PostgreSQL
        // filter every newer row, so deep pages got slower with depth.
        cond = cond.add(
            Expr::tuple([Expr::col(C::Date), Expr::col(C::Id)])
                .lt(Expr::tuple([Expr::val(date), Expr::val(id)])),
        );
    }
    let mut select = transaction::Entity::find().select_only().columns(LISTED_COLUMNS);
    if let Some(user) = revision_of {
        // After the listed columns, where `decode_page` looks for it.
        let revision = crate::view_cache::revision_expr(app.db.get_database_backend(), user);
        select = select.column_as(revision, "view_revision");
    }
    let select = select
        .filter(cond)
        .order_by_desc(transaction::Column::Date)
        .order_by_desc(transaction::Column::Id);
    let statement = db::limited(app.db.get_database_backend(), select, limit + 1);
    let rows = sea_orm::ConnectionTrait::query_all_raw(&app.db, statement).await?;
    let page = decode_page(&rows)?;
    let (items, revision) = (page.items, page.revision);
    let page = pagination::Page::from_rows(items, limit, &tag, |t| Cursor {
        key: format_date(t.date),
        id: t.id.to_string(),
    });
    Ok((page.items, page.next_cursor, revision))
}

#[derive(FromQueryResult)]
struct TotalRow {
    currency: String,
    income: i64,
    expense: i64,
}

/// Sums for the filter. Without date, text, amount, category or tag filters
/// the answer comes from the monthly rollup, so it costs per account-month,
/// not per record.
async fn totals(app: &App, actor: &Actor, f: &Parsed) -> Result<Vec<Totals>> {
    let simple = f.category_id.is_none()
        && f.from.is_none()
        && f.to.is_none()
        && f.q.is_none()
        && f.min.is_none()
        && f.max.is_none()
        && f.tag.is_none();
    let mut by_currency: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    if simple {
        // One query: the rollup joined to its accounts' currencies. With an
        // account filter, the account's currency shows even before its first record.
        let (join, account_filter, values) = match f.account_id {
            Some(a) => (
                "LEFT JOIN",
                " AND a.id = $2",
                vec![Value::from(actor.tenant_id.0), Value::from(a.0)],
            ),
            None => ("JOIN", "", vec![Value::from(actor.tenant_id.0)]),
        };
        let sql = format!(
            "SELECT a.currency AS currency, CAST(COALESCE(SUM(t.income), 0) AS BIGINT) AS income, \
             CAST(COALESCE(SUM(t.expense), 0) AS BIGINT) AS expense \
             FROM fin_accounts a {join} fin_account_month_totals t ON t.account_id = a.id \
             WHERE a.tenant_id = $1{account_filter} GROUP BY a.currency"
        );
        for row in db::query_all(&app.db, &sql, values).await? {
            let e = by_currency.entry(db::get(&row, "currency")?).or_default();
            let (income, expense): (i64, i64) = (db::get(&row, "income")?, db::get(&row, "expense")?);
            match f.kind {
                Some(FlowKind::Income) => e.0 += income,
                Some(FlowKind::Expense) => e.1 += expense,
                None => {
                    e.0 += income;
                    e.1 += expense;
                }
            }
        }
    } else {
        let rows = transaction::Entity::find()
            .select_only()
            .column(transaction::Column::Currency)
            .column_as(Expr::cust("CAST(COALESCE(SUM(CASE WHEN kind = 'income' AND transfer_id IS NULL AND NOT outside_flow THEN amount ELSE 0 END), 0) AS BIGINT)"), "income")
            .column_as(Expr::cust("CAST(COALESCE(SUM(CASE WHEN kind = 'expense' AND transfer_id IS NULL AND NOT outside_flow THEN amount ELSE 0 END), 0) AS BIGINT)"), "expense")
            .filter(conditions(actor, f))
            .group_by(transaction::Column::Currency)
            .into_model::<TotalRow>()
            .all(&app.db)
            .await?;
        for r in rows {
            let e = by_currency.entry(r.currency).or_default();
            e.0 += r.income;
            e.1 += r.expense;
        }
    }
    by_currency
        .into_iter()
        .map(|(code, (income, expense))| {
            let currency = currency_of(&code)?;
            Ok(Totals {
                currency,
                income: Money::from_storage(income, currency),
                expense: Money::from_storage(expense, currency),
                net: Money::from_storage(income - expense, currency),
            })
        })
        .collect()
}

/// An account's latest records, newest first, each with the balance after it
/// (the current balance minus the records that came later).
pub struct Register {
    pub account: super::accounts::AccountView,
    pub rows: Vec<(TransactionView, Money)>,
    pub more: bool,
}

pub async fn account_register(app: &App, actor: &Actor, id: AccountId, limit: u64) -> Result<Register> {
    let account = super::accounts::get_account(app, actor, id).await?;
    let (items, next_cursor) = latest_transactions(
        app,
        actor,
        TransactionFilter {
            account_id: Some(id.to_string()),
            limit: Some(limit),
            ..Default::default()
        },
    )
    .await?;
    let mut balance = account.balance;
    let mut rows = Vec::with_capacity(items.len());
    for t in items {
        let after = balance;
        balance = Money::new_rounded(balance.amount() - t.signed_amount().amount(), account.currency);
        rows.push((t, after));
    }
    Ok(Register {
        account,
        rows,
        more: next_cursor.is_some(),
    })
}
