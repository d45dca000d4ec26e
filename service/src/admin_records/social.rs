//! A person's shared money as staff read it: contacts, IOUs, groups with
//! the person's balance, group expenses, settlements; and notifications.

use super::{after, bad_cursor, owner};
use crate::error::Result;
use crate::money::{Currency, Money};
use crate::notifications::{NotificationFilter, NotificationItem, list_notifications};
use crate::pagination::{self, Cursor, Page};
use crate::social::{
    self, ContactFilter, ContactView, DebtFilter, DebtView, SettlementFilter, SettlementView, stored_currency,
};
use crate::{Actor, App, db};
use hisaab_entity::UserId;
use hisaab_entity::social::{ExpenseGroupId, GroupExpenseId, group, group_expense};
use sea_orm::{FromQueryResult, QueryResult, Value};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// Contacts by name, as the person's contact list shows them (active ones).
pub async fn contacts(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<ContactView>> {
    let owner = owner(app, staff, user).await?;
    let filter = ContactFilter {
        cursor: cursor.map(str::to_string),
        limit: Some(limit),
        ..Default::default()
    };
    social::list_contacts(app, &owner, filter).await
}

/// IOUs newest first, open and settled (see `social::is_overdue` for the flag).
pub async fn debts(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<DebtView>> {
    let owner = owner(app, staff, user).await?;
    let filter = DebtFilter {
        cursor: cursor.map(str::to_string),
        limit: Some(limit),
        ..Default::default()
    };
    social::list_debts(app, &owner, filter).await
}

/// Payments newest first (group and IOU ones) in the person's own ledger.
pub async fn settlements(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<SettlementView>> {
    let owner = owner(app, staff, user).await?;
    let filter = SettlementFilter {
        cursor: cursor.map(str::to_string),
        limit: Some(limit),
        ..Default::default()
    };
    social::list_settlements(app, &owner, filter).await
}

/// The person's notifications newest first (reading them marks nothing read).
pub async fn notifications(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<NotificationItem>> {
    let owner = owner(app, staff, user).await?;
    let filter = NotificationFilter {
        unread: false,
        cursor: cursor.map(str::to_string),
        limit: Some(limit),
    };
    list_notifications(app, &owner, filter).await
}

/// A group the person owns: its current members and the person's balance
/// in it (positive: they are owed).
#[derive(Clone, Debug)]
pub struct GroupRow {
    pub id: ExpenseGroupId,
    pub name: String,
    pub currency: Currency,
    pub archived: bool,
    /// Current members, the owner first (as the contacts are named now).
    pub members: Vec<String>,
    pub balance: Money,
    pub created_at: OffsetDateTime,
}

/// The person's net in each group, from the pairwise rollup (ADR 0012):
/// their member is the one without a contact; a pair's amount is what the
/// lower member owes the higher.
const GROUPS_SQL: &str = "\
    SELECT g.*, CAST(COALESCE((SELECT SUM(CASE WHEN p.high_member_id = o.id THEN p.amount ELSE -p.amount END) \
        FROM group_pair_balances p JOIN expense_group_members o ON o.group_id = p.group_id AND o.contact_id IS NULL \
        WHERE p.group_id = g.id AND p.tenant_id = g.tenant_id \
          AND (p.low_member_id = o.id OR p.high_member_id = o.id)), 0) AS BIGINT) AS owner_balance \
    FROM expense_groups g WHERE g.tenant_id = $1";

/// Groups the person owns, newest first, archived ones included (groups
/// others share with them are in those people's ledgers, not theirs).
/// One statement for the page and its balances, one for its members.
pub async fn groups(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<GroupRow>> {
    let owner = owner(app, staff, user).await?;
    let limit = pagination::limit(Some(limit))?;
    let tag = pagination::filter_tag("admin.groups");
    let mut sql = GROUPS_SQL.to_string();
    let mut values = vec![Value::from(owner.tenant_id.0)];
    if let Some(c) = after(cursor, &tag)? {
        let id = uuid::Uuid::parse_str(&c.id).map_err(|_| bad_cursor())?;
        values.push(Value::from(id));
        sql.push_str(" AND g.id < $2");
    }
    sql.push_str(&format!(" ORDER BY g.id DESC LIMIT {}", limit + 1));
    let rows = db::query_all(&app.db, &sql, values).await?;
    let mut groups = Vec::with_capacity(rows.len());
    for row in &rows {
        let g = group::Model::from_query_result(row, "")?;
        let balance: i64 = db::get(row, "owner_balance")?;
        groups.push((g, balance));
    }
    let page = Page::from_rows(groups, limit, &tag, |(g, _)| Cursor {
        key: String::new(),
        id: g.id.to_string(),
    });
    let ids: Vec<ExpenseGroupId> = page.items.iter().map(|(g, _)| g.id).collect();
    let mut members = current_members(app, &owner, &ids).await?;
    let items = page
        .items
        .into_iter()
        .map(|(g, balance)| {
            let currency = stored_currency(&g.currency)?;
            Ok(GroupRow {
                members: members.remove(&g.id).unwrap_or_default(),
                id: g.id,
                name: g.name,
                currency,
                archived: g.archived_at.is_some(),
                balance: Money::from_storage(balance, currency),
                created_at: g.created_at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// The current members' names of `groups`, the owner first.
async fn current_members(
    app: &App,
    owner: &Actor,
    groups: &[ExpenseGroupId],
) -> Result<HashMap<ExpenseGroupId, Vec<String>>> {
    let mut out: HashMap<ExpenseGroupId, Vec<String>> = HashMap::new();
    if groups.is_empty() {
        return Ok(out);
    }
    let mut values = vec![Value::from(owner.tenant_id.0)];
    let placeholders: Vec<String> = groups
        .iter()
        .map(|g| {
            values.push(Value::from(g.0));
            format!("${}", values.len())
        })
        .collect();
    let sql = format!(
        "SELECT m.group_id AS group_id, COALESCE(c.name, m.name) AS name FROM expense_group_members m \
         LEFT JOIN social_contacts c ON c.id = m.contact_id \
         WHERE m.tenant_id = $1 AND m.removed_at IS NULL AND m.group_id IN ({}) \
         ORDER BY m.group_id, CASE WHEN m.contact_id IS NULL THEN 0 ELSE 1 END, m.created_at, m.id",
        placeholders.join(", ")
    );
    for row in db::query_all(&app.db, &sql, values).await? {
        let group = ExpenseGroupId(db::get(&row, "group_id")?);
        out.entry(group).or_default().push(db::get(&row, "name")?);
    }
    Ok(out)
}

/// One group expense as the console lists it.
#[derive(Clone, Debug)]
pub struct ExpenseRow {
    pub id: GroupExpenseId,
    pub group_id: ExpenseGroupId,
    pub group_name: String,
    pub description: String,
    pub date: Date,
    /// In the group's currency.
    pub total: Money,
    pub split_method: String,
    pub deleted: bool,
    pub created_at: OffsetDateTime,
}

const EXPENSES_SQL: &str = "\
    SELECT e.*, g.name AS group_name, g.currency AS group_currency \
    FROM group_expenses e JOIN expense_groups g ON g.id = e.group_id WHERE e.tenant_id = $1";

/// Expenses in all the person's groups, newest first, deleted ones included
/// (flagged), on the `(tenant_id, date, id)` index.
pub async fn expenses(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<ExpenseRow>> {
    let owner = owner(app, staff, user).await?;
    let limit = pagination::limit(Some(limit))?;
    let tag = pagination::filter_tag("admin.expenses");
    let mut sql = EXPENSES_SQL.to_string();
    let mut values = vec![Value::from(owner.tenant_id.0)];
    if let Some(c) = after(cursor, &tag)? {
        let date = crate::input::iso_date(&c.key).ok_or_else(bad_cursor)?;
        let id = uuid::Uuid::parse_str(&c.id).map_err(|_| bad_cursor())?;
        values.push(Value::from(date));
        values.push(Value::from(id));
        sql.push_str(" AND (e.date < $2 OR (e.date = $2 AND e.id < $3))");
    }
    sql.push_str(&format!(" ORDER BY e.date DESC, e.id DESC LIMIT {}", limit + 1));
    let rows = db::query_all(&app.db, &sql, values)
        .await?
        .iter()
        .map(expense_row)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, limit, &tag, |e| Cursor {
        key: crate::input::format_date(e.date),
        id: e.id.to_string(),
    }))
}

fn expense_row(row: &QueryResult) -> Result<ExpenseRow> {
    let e = group_expense::Model::from_query_result(row, "")?;
    let currency = stored_currency(&db::get::<String>(row, "group_currency")?)?;
    Ok(ExpenseRow {
        id: e.id,
        group_id: e.group_id,
        group_name: db::get(row, "group_name")?,
        description: e.description,
        date: e.date,
        total: Money::from_storage(e.total, currency),
        split_method: e.split_method,
        deleted: e.deleted_at.is_some(),
        created_at: e.created_at,
    })
}
