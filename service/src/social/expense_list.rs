//! A group's expenses as a list: filtered (description, member, dates,
//! category), keyset pages on (date desc, id desc), each expense as a summary
//! (who paid, what the person asking paid and owes). A page is **one**
//! statement whatever its size or the group's: the page's expenses in a
//! derived table, joined to the viewer's own line and to the payers' lines
//! (`ix_lines_expense_member`, `ix_lines_payers`, migration
//! `m20261205_000004`). Every share of every expense is on the expense's own
//! endpoint (`get_expense`), not here: a 50-person split would make a page of
//! 50 expenses 2,500 lines (ADR 0020).

use super::access::SharedGroup;
use super::expenses::ShareView;
use super::groups::GroupView;
use crate::App;
use crate::actor::Actor;
use crate::db;
use crate::error::{Error, Result};
use crate::input::{Problems, format_date, iso_date};
use crate::money::Money;
use crate::pagination::{self, Cursor, Page};
use hisaab_entity::finance::CategoryId;
use hisaab_entity::social::{ExpenseGroupId, GroupExpenseId, GroupMemberId};
use rust_decimal::Decimal;
use sea_orm::{QueryResult, Value};
use serde::Serialize;
use std::str::FromStr;
use time::{Date, OffsetDateTime};

/// Longest `q` accepted, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;

/// Filters as typed in a query string; every field is optional.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ExpenseFilter {
    /// Deleted (restorable) expenses instead of the live ones.
    pub deleted: bool,
    /// Part of the description, any case.
    pub q: Option<String>,
    /// A member who paid towards or shares the expense.
    pub member_id: Option<String>,
    /// On or after this date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// On or before this date.
    pub to: Option<String>,
    /// The finance category chosen for the expense.
    pub category_id: Option<String>,
    #[serde(skip)]
    pub cursor: Option<String>,
    #[serde(skip)]
    pub limit: Option<u64>,
}

/// One expense as a list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpenseSummary {
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
    pub category_id: Option<CategoryId>,
    /// Who paid and how much (group currency).
    pub payers: Vec<ShareView>,
    /// What the person asking owes of it; `None` when they are not in the split.
    pub your_share: Option<Money>,
    /// What the person asking paid towards it; `None` when nothing.
    pub you_paid: Option<Money>,
    pub version: i32,
    pub deleted: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl ExpenseSummary {
    /// The same `ETag` as the expense's own endpoint.
    pub fn etag(&self) -> String {
        format!("\"{}-{}\"", self.id, self.version)
    }
}

/// A group's expense list: the group (members named from the viewer's side)
/// and one page.
#[derive(Clone, Debug)]
pub struct ExpenseList {
    pub group: GroupView,
    pub items: Vec<ExpenseSummary>,
    pub next_cursor: Option<String>,
}

#[derive(Default)]
struct Parsed {
    q: Option<String>,
    member: Option<GroupMemberId>,
    from: Option<Date>,
    to: Option<Date>,
    category: Option<CategoryId>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse(group: &GroupView, f: &ExpenseFilter) -> Result<Parsed> {
    let mut p = Problems::default();
    let mut out = Parsed::default();
    if let Some(q) = non_empty(&f.q) {
        out.q = p
            .text("q", "search text", q, MAX_SEARCH_CHARS)
            .map(|q| q.to_lowercase());
    }
    if let Some(m) = non_empty(&f.member_id) {
        out.member = p.id("member_id", m);
        if let Some(id) = out.member
            && group.member(id).is_none()
        {
            p.add("member_id", "Choose a member of this group.");
        }
    }
    if let Some(d) = non_empty(&f.from) {
        out.from = p.date("from", d);
    }
    if let Some(d) = non_empty(&f.to) {
        out.to = p.date("to", d);
    }
    if let Some(c) = non_empty(&f.category_id) {
        out.category = p.id("category_id", c);
    }
    if let (Some(from), Some(to)) = (out.from, out.to) {
        p.check(from <= to, "to", "must be on or after the start date");
    }
    p.finish()?;
    Ok(out)
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

const COLUMNS: &str = "x.id, x.group_id, x.description, x.date, x.total, x.original_amount, x.original_currency, \
     x.rate, x.split_method, x.category_id, x.version, x.deleted_at, x.created_at, x.updated_at";

/// The page's statement: the expenses (limit written in, ADR 0015) in a
/// derived table, then the viewer's line and the payers' lines of just those.
fn statement(
    app: &App,
    actor: &Actor,
    group: &GroupView,
    deleted: bool,
    f: &Parsed,
    after: Option<(Date, GroupExpenseId)>,
    n: u64,
) -> sea_orm::Statement {
    let viewer = group.viewer().map_or(uuid::Uuid::nil(), |m| m.id.0);
    let mut values = vec![
        Value::from(actor.tenant_id.0),
        Value::from(group.id.0),
        Value::from(viewer),
    ];
    let mut bind = |v: Value| {
        values.push(v);
        format!("${}", values.len())
    };
    let mut filters = String::new();
    filters.push_str(if deleted {
        " AND x.deleted_at IS NOT NULL"
    } else {
        " AND x.deleted_at IS NULL"
    });
    if let Some(q) = &f.q {
        let p = bind(Value::from(format!("%{}%", escape_like(q))));
        filters.push_str(&format!(" AND LOWER(x.description) LIKE {p} ESCAPE '\\'"));
    }
    if let Some(m) = f.member {
        let p = bind(Value::from(m.0));
        filters.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM group_expense_lines l WHERE l.expense_id = x.id \
             AND l.member_id = {p} AND (l.paid > 0 OR l.owed > 0))"
        ));
    }
    if let Some(d) = f.from {
        let p = bind(Value::from(d));
        filters.push_str(&format!(" AND x.date >= {p}"));
    }
    if let Some(d) = f.to {
        let p = bind(Value::from(d));
        filters.push_str(&format!(" AND x.date <= {p}"));
    }
    if let Some(c) = f.category {
        let p = bind(Value::from(c.0));
        filters.push_str(&format!(" AND x.category_id = {p}"));
    }
    if let Some((date, id)) = after {
        // A row-value comparison is one range on (group_id, date, id) (see
        // finance::listing): deep pages cost what the first one does.
        let (d, i) = (bind(Value::from(date)), bind(Value::from(id.0)));
        filters.push_str(&format!(" AND (x.date, x.id) < ({d}, {i})"));
    }
    let sql = format!(
        "SELECT e.*, y.paid AS your_paid, y.owed AS your_owed, p.member_id AS payer_id, p.paid AS payer_paid \
         FROM (SELECT {COLUMNS} FROM group_expenses x WHERE x.tenant_id = $1 AND x.group_id = $2{filters} \
           ORDER BY x.date DESC, x.id DESC LIMIT {n}) e \
         LEFT JOIN group_expense_lines y ON y.expense_id = e.id AND y.member_id = $3 \
         LEFT JOIN group_expense_lines p ON p.expense_id = e.id AND p.paid > 0 \
         ORDER BY e.date DESC, e.id DESC, p.member_id"
    );
    db::stmt(app.db.get_database_backend(), &sql, values)
}

/// Rows of one expense come together (one per payer); folded into summaries.
fn decode(group: &GroupView, rows: &[QueryResult]) -> Result<Vec<ExpenseSummary>> {
    let cur = group.currency;
    let mut out: Vec<ExpenseSummary> = Vec::new();
    for row in rows {
        let id = GroupExpenseId(db::get(row, "id")?);
        let payer: Option<uuid::Uuid> = db::get(row, "payer_id")?;
        let payer_paid: Option<i64> = db::get(row, "payer_paid")?;
        let payer = payer.zip(payer_paid).map(|(m, paid)| ShareView {
            member_id: GroupMemberId(m),
            name: group.member_name(GroupMemberId(m)),
            amount: Money::from_storage(paid, cur),
        });
        if let Some(last) = out.last_mut()
            && last.id == id
        {
            last.payers.extend(payer);
            continue;
        }
        let original_currency = super::stored_currency(&db::get::<String>(row, "original_currency")?)?;
        let rate: String = db::get(row, "rate")?;
        let your_paid: Option<i64> = db::get(row, "your_paid")?;
        let your_owed: Option<i64> = db::get(row, "your_owed")?;
        let deleted_at: Option<OffsetDateTime> = db::get(row, "deleted_at")?;
        out.push(ExpenseSummary {
            id,
            group_id: ExpenseGroupId(db::get(row, "group_id")?),
            description: db::get(row, "description")?,
            date: db::get(row, "date")?,
            total: Money::from_storage(db::get(row, "total")?, cur),
            original: Money::from_storage(db::get(row, "original_amount")?, original_currency),
            rate: Decimal::from_str(&rate).unwrap_or(Decimal::ONE),
            split_method: db::get(row, "split_method")?,
            category_id: db::get::<Option<uuid::Uuid>>(row, "category_id")?.map(CategoryId),
            payers: payer.into_iter().collect(),
            your_share: your_owed.filter(|v| *v != 0).map(|v| Money::from_storage(v, cur)),
            you_paid: your_paid.filter(|v| *v != 0).map(|v| Money::from_storage(v, cur)),
            version: db::get(row, "version")?,
            deleted: deleted_at.is_some(),
            created_at: db::get(row, "created_at")?,
            updated_at: db::get(row, "updated_at")?,
        });
    }
    Ok(out)
}

/// One page of a group already loaded, as `actor` (the group's tenant) sees it.
async fn page_in(
    app: &App,
    actor: &Actor,
    group: &GroupView,
    filter: &ExpenseFilter,
) -> Result<Page<ExpenseSummary>> {
    let parsed = parse(group, filter)?;
    let limit = pagination::limit(filter.limit)?;
    let tag = pagination::filter_tag(&(group.id.0, filter));
    let after = match filter.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(text) => {
            let Cursor { key, id } = pagination::decode(text, &tag)?;
            let bad = || Error::invalid("cursor", "is not a cursor from this list; start again without it");
            let id: GroupExpenseId = id.parse().map_err(|_| bad())?;
            Some((iso_date(&key).ok_or_else(bad)?, id))
        }
    };
    let statement = statement(app, actor, group, filter.deleted, &parsed, after, limit + 1);
    let rows = sea_orm::ConnectionTrait::query_all_raw(&app.db, statement).await?;
    let items = decode(group, &rows)?;
    Ok(Page::from_rows(items, limit, &tag, |e| Cursor {
        key: format_date(e.date),
        id: e.id.to_string(),
    }))
}

/// One page through the page cache (`ViewCache::pages`), validated against
/// the viewer's `revision` read before the group and the page: every write
/// to a group's expenses, members or settings notifies (and so bumps)
/// everyone who can see the group (`social::audience`), so a cached page is
/// never older than the last commit the reader could see. The key is the
/// whole request: filters, cursor and limit.
async fn cached_page_in(
    app: &App,
    actor: &Actor,
    revision: i64,
    group: &GroupView,
    filter: &ExpenseFilter,
) -> Result<std::sync::Arc<Page<ExpenseSummary>>> {
    let key = format!(
        "social.expenses:{}:{}:{:?}:{:?}",
        group.id,
        serde_json::to_string(filter).unwrap_or_default(),
        filter.cursor,
        filter.limit,
    );
    crate::view_cache::cached_page(
        app,
        actor.user_id,
        revision,
        key,
        page_in(app, actor, group, filter),
    )
    .await
}

/// A group's expenses, newest first, filtered; the group comes with them.
/// One statement when the page was read before at the viewer's revision (the
/// revision; the group with its members and the page come from the view
/// caches), two otherwise.
pub async fn list_expenses(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    filter: ExpenseFilter,
) -> Result<ExpenseList> {
    let (group, page) = group_and_page(app, actor, group_id, &filter).await?;
    Ok(ExpenseList {
        group: GroupView::clone(&group),
        items: page.items.clone(),
        next_cursor: page.next_cursor.clone(),
    })
}

/// The same page without the group, as the view cache holds it: shared, not
/// copied, for an answer written straight from it (the API's list).
pub async fn expense_page(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    filter: ExpenseFilter,
) -> Result<std::sync::Arc<Page<ExpenseSummary>>> {
    Ok(group_and_page(app, actor, group_id, &filter).await?.1)
}

/// The group and one page of it, both from the view caches when they were
/// computed at the reader's revision (read first).
async fn group_and_page(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    filter: &ExpenseFilter,
) -> Result<(SharedGroup, std::sync::Arc<Page<ExpenseSummary>>)> {
    let revision = crate::view_cache::revision(&app.db, actor.user_id).await?;
    let (actor, group) = super::access::cached_group(app, actor, revision, group_id).await?;
    let page = cached_page_in(app, &actor, revision, &group, filter).await?;
    Ok((group, page))
}

/// The group page's lists in one call: the filtered page of live expenses
/// and the latest `recently_deleted` deleted ones.
pub async fn group_expense_lists(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    filter: ExpenseFilter,
    recently_deleted: u64,
) -> Result<(ExpenseList, Vec<ExpenseSummary>)> {
    let revision = crate::view_cache::revision(&app.db, actor.user_id).await?;
    let (actor, group) = super::access::cached_group(app, actor, revision, group_id).await?;
    let page = cached_page_in(app, &actor, revision, &group, &filter).await?;
    let deleted = cached_page_in(
        app,
        &actor,
        revision,
        &group,
        &ExpenseFilter {
            deleted: true,
            limit: Some(recently_deleted),
            ..Default::default()
        },
    )
    .await?;
    Ok((
        ExpenseList {
            group: GroupView::clone(&group),
            items: page.items.clone(),
            next_cursor: page.next_cursor.clone(),
        },
        deleted.items.clone(),
    ))
}
