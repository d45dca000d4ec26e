//! Reading settlements: one payment, the cursor list (by group, contact,
//! IOU and dates) and a payment's history. Every read is one statement that
//! joins the names it shows (no query per row).
//!
//! Who may read: the owner (their tenant), and the person a group or an IOU is
//! shared with (a linked contact, see `access`). Anything else is `NotFound`.

use super::activity::ActivityView;
use super::{get, query_all, stored_currency};
use crate::App;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::input::{Problems, format_date, iso_date};
use crate::money::Money;
use crate::pagination::{self, Cursor, Page};
use hisaab_entity::social::peer_debt::Direction;
use hisaab_entity::social::settlement::{self, Method};
use hisaab_entity::social::{
    ActivityId, ContactId, ExpenseGroupId, GroupMemberId, PeerDebtId, SettlementId, activity,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QueryResult, Value,
};
use time::{Date, OffsetDateTime};

/// A payment as the person asking sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct SettlementView {
    pub id: SettlementId,
    pub group_id: Option<ExpenseGroupId>,
    pub peer_debt_id: Option<PeerDebtId>,
    pub from_member_id: Option<GroupMemberId>,
    pub to_member_id: Option<GroupMemberId>,
    pub amount: Money,
    pub method: Method,
    pub date: Date,
    pub notes: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// Increases with every change (delete, restore): the ETag.
    pub version: i32,
    /// A deleted payment counts nowhere; it can be restored.
    pub deleted: bool,
    /// The group's name (group payments).
    pub group_name: Option<String>,
    /// The IOU's contact (IOU payments).
    pub contact_id: Option<ContactId>,
    /// In the viewer's own ledger (not a group or IOU shared with them).
    pub yours: bool,
    /// Who paid and who was paid, from the viewer's side ("You").
    pub from_name: String,
    pub to_name: String,
    /// For a debt: what is left after this payment, and the debt's status
    /// (filled in only by the answer to recording it).
    pub debt_outstanding: Option<Money>,
    pub debt_status: Option<super::DebtStatus>,
}

impl SettlementView {
    pub fn etag(&self) -> String {
        etag(self.id, self.version)
    }
}

pub(crate) fn etag(id: SettlementId, version: i32) -> String {
    format!("\"{id}-{version}\"")
}

/// Whether an `If-Match` value (absent: no condition) still names `version`.
pub(crate) fn matches(if_match: Option<&str>, id: SettlementId, version: i32) -> bool {
    if_match.is_none_or(|tag| {
        let tag = tag.trim();
        tag == "*" || tag == etag(id, version)
    })
}

/// Filters of `list_settlements`; every one may be left out.
#[derive(Clone, Debug, Default)]
pub struct SettlementFilter {
    pub group_id: Option<ExpenseGroupId>,
    /// Payments between you and this contact: of IOUs with them, and group
    /// payments between you and them (the ones their balance counts).
    pub contact_id: Option<ContactId>,
    pub peer_debt_id: Option<PeerDebtId>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `true`: only deleted (restorable) payments; otherwise only live ones.
    pub deleted: bool,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

/// Every settlement column plus the names a view shows. `$1` the tenant,
/// `$2` the viewer's user id, `$3` the viewer's own tenant (a different
/// tenant means the group or IOU is shared with them: the owner is named).
const SELECT: &str = "\
    SELECT s.*, g.name AS group_name, d.contact_id AS debt_contact_id, d.direction AS debt_direction, \
      dc.name AS debt_contact_name, CASE WHEN s.tenant_id = $3 THEN 1 ELSE 0 END AS yours, \
      CASE WHEN cf.linked_user_id = $2 AND cf.share_status = 'accepted' THEN 'You' \
        WHEN mf.contact_id IS NULL AND s.tenant_id <> $3 THEN (SELECT u.display_name FROM users u \
          WHERE u.tenant_id = s.tenant_id ORDER BY u.created_at LIMIT 1) \
        ELSE COALESCE(cf.name, mf.name) END AS from_name, \
      CASE WHEN ct.linked_user_id = $2 AND ct.share_status = 'accepted' THEN 'You' \
        WHEN mt.contact_id IS NULL AND s.tenant_id <> $3 THEN (SELECT u.display_name FROM users u \
          WHERE u.tenant_id = s.tenant_id ORDER BY u.created_at LIMIT 1) \
        ELSE COALESCE(ct.name, mt.name) END AS to_name, \
      CASE WHEN s.peer_debt_id IS NOT NULL AND s.tenant_id <> $3 THEN (SELECT u.display_name FROM users u \
        WHERE u.tenant_id = s.tenant_id ORDER BY u.created_at LIMIT 1) END AS owner_name \
    FROM settlements s \
      LEFT JOIN expense_groups g ON g.id = s.group_id \
      LEFT JOIN expense_group_members mf ON mf.id = s.from_member_id \
      LEFT JOIN social_contacts cf ON cf.id = mf.contact_id \
      LEFT JOIN expense_group_members mt ON mt.id = s.to_member_id \
      LEFT JOIN social_contacts ct ON ct.id = mt.contact_id \
      LEFT JOIN peer_debts d ON d.id = s.peer_debt_id \
      LEFT JOIN social_contacts dc ON dc.id = d.contact_id \
    WHERE s.tenant_id = $1";

fn base_values(viewer: &Actor, effective: &Actor) -> Vec<Value> {
    vec![
        Value::from(effective.tenant_id.0),
        Value::from(viewer.user_id.0),
        Value::from(viewer.tenant_id.0),
    ]
}

fn row_view(row: &QueryResult) -> Result<SettlementView> {
    let s = settlement::Model::from_query_result(row, "")?;
    let currency = stored_currency(&s.currency)?;
    let (from_name, to_name) = if s.peer_debt_id.is_some() {
        // The contact pays back what the owner lent, and the other way round.
        let contact: String = get::<Option<String>>(row, "debt_contact_name")?.unwrap_or_default();
        let owner: Option<String> = get(row, "owner_name")?;
        let (contact, owner) = match owner {
            // Shared with the viewer: they are the contact.
            Some(owner) => ("You".to_string(), owner),
            None => (contact, "You".to_string()),
        };
        let direction: Option<Direction> = get(row, "debt_direction")?;
        match direction {
            Some(Direction::Borrowed) => (owner, contact),
            _ => (contact, owner),
        }
    } else {
        (
            get::<Option<String>>(row, "from_name")?.unwrap_or_else(|| "Former member".into()),
            get::<Option<String>>(row, "to_name")?.unwrap_or_else(|| "Former member".into()),
        )
    };
    Ok(SettlementView {
        id: s.id,
        group_id: s.group_id,
        peer_debt_id: s.peer_debt_id,
        from_member_id: s.from_member_id,
        to_member_id: s.to_member_id,
        amount: Money::from_storage(s.amount, currency),
        method: s.method,
        date: s.date,
        notes: s.notes,
        created_at: s.created_at,
        updated_at: s.updated_at,
        version: s.version,
        deleted: s.deleted_at.is_some(),
        group_name: get(row, "group_name")?,
        contact_id: get::<Option<uuid::Uuid>>(row, "debt_contact_id")?.map(ContactId),
        yours: get::<i32>(row, "yours")? == 1,
        from_name,
        to_name,
        debt_outstanding: None,
        debt_status: None,
    })
}

/// The actor to work on settlement `id` as: its group's or its IOU's (see
/// `access`). Anything else is `NotFound`.
pub(crate) async fn settlement_actor<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: SettlementId,
) -> Result<Actor> {
    let rows = query_all(
        db,
        "SELECT group_id, peer_debt_id FROM settlements WHERE id = $1",
        vec![Value::from(id.0)],
    )
    .await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    let group: Option<uuid::Uuid> = get(row, "group_id")?;
    let debt: Option<uuid::Uuid> = get(row, "peer_debt_id")?;
    match (group, debt) {
        (Some(g), _) => super::access::group_actor(db, actor, ExpenseGroupId(g)).await,
        (None, Some(d)) => super::access::debt_actor(db, actor, PeerDebtId(d)).await,
        (None, None) => Err(Error::NotFound),
    }
}

/// One payment as `viewer` sees it, read as `effective` (its owner's tenant).
pub(crate) async fn fetch<C: ConnectionTrait>(
    db: &C,
    viewer: &Actor,
    effective: &Actor,
    id: SettlementId,
) -> Result<SettlementView> {
    let mut values = base_values(viewer, effective);
    values.push(Value::from(id.0));
    let rows = query_all(db, &format!("{SELECT} AND s.id = $4"), values).await?;
    rows.first().map(row_view).transpose()?.ok_or(Error::NotFound)
}

/// One payment (deleted ones too: they can be restored).
pub async fn get_settlement(app: &App, actor: &Actor, id: SettlementId) -> Result<SettlementView> {
    let effective = settlement_actor(&app.db, actor, id).await?;
    fetch(&app.db, actor, &effective, id).await
}

/// Payments, newest first (by date, then id), `limit` at a time. With
/// `group_id` or `peer_debt_id` a group or IOU shared with you is listed
/// too; otherwise your own payments.
pub async fn list_settlements(
    app: &App,
    actor: &Actor,
    filter: SettlementFilter,
) -> Result<Page<SettlementView>> {
    let limit = pagination::limit(filter.limit)?;
    let mut p = Problems::default();
    let from = p.optional_date("from", filter.from.as_deref());
    let to = p.optional_date("to", filter.to.as_deref());
    if filter.group_id.is_some() && filter.peer_debt_id.is_some() {
        p.add(
            "peer_debt_id",
            "A payment settles a group or an IOU, not both: filter by one of them.",
        );
    }
    let (from, to) = p.finish_with((from, to))?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(Error::invalid("to", "must be on or after the from date"));
    }
    let effective = match (filter.group_id, filter.peer_debt_id) {
        (Some(g), _) => super::access::group_actor(&app.db, actor, g).await?,
        (None, Some(d)) => super::access::debt_actor(&app.db, actor, d).await?,
        (None, None) => actor.clone(),
    };
    if let Some(contact) = filter.contact_id {
        super::contacts::find(&app.db, &effective, contact).await?;
    }
    let tag = pagination::filter_tag(&(
        filter.group_id.map(|g| g.0),
        filter.contact_id.map(|c| c.0),
        filter.peer_debt_id.map(|d| d.0),
        from.map(format_date),
        to.map(format_date),
        filter.deleted,
    ));
    let mut sql = SELECT.to_string();
    let mut values = base_values(actor, &effective);
    fn bind(values: &mut Vec<Value>, v: Value) -> String {
        values.push(v);
        format!("${}", values.len())
    }
    sql.push_str(if filter.deleted {
        " AND s.deleted_at IS NOT NULL"
    } else {
        " AND s.deleted_at IS NULL"
    });
    if let Some(g) = filter.group_id {
        let n = bind(&mut values, Value::from(g.0));
        sql.push_str(&format!(" AND s.group_id = {n}"));
    }
    if let Some(d) = filter.peer_debt_id {
        let n = bind(&mut values, Value::from(d.0));
        sql.push_str(&format!(" AND s.peer_debt_id = {n}"));
    }
    if let Some(c) = filter.contact_id {
        let n = bind(&mut values, Value::from(c.0));
        sql.push_str(&format!(
            " AND (d.contact_id = {n} OR (mf.contact_id = {n} AND mt.contact_id IS NULL) \
               OR (mt.contact_id = {n} AND mf.contact_id IS NULL))"
        ));
    }
    if let Some(from) = from {
        let n = bind(&mut values, Value::from(from));
        sql.push_str(&format!(" AND s.date >= {n}"));
    }
    if let Some(to) = to {
        let n = bind(&mut values, Value::from(to));
        sql.push_str(&format!(" AND s.date <= {n}"));
    }
    if let Some(cursor) = &filter.cursor {
        let Cursor { key, id } = pagination::decode(cursor, &tag)?;
        let bad = || Error::invalid("cursor", "is not a cursor from this list; start again without it");
        let date = iso_date(&key).ok_or_else(bad)?;
        let id = uuid::Uuid::parse_str(&id).map_err(|_| bad())?;
        let d = bind(&mut values, Value::from(date));
        let i = bind(&mut values, Value::from(id));
        sql.push_str(&format!(" AND (s.date < {d} OR (s.date = {d} AND s.id < {i}))"));
    }
    // The limit is written into the SQL (ADR 0015); it is a checked number.
    sql.push_str(&format!(" ORDER BY s.date DESC, s.id DESC LIMIT {}", limit + 1));
    let rows = query_all(&app.db, &sql, values)
        .await?
        .iter()
        .map(row_view)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, limit, &tag, |s| Cursor {
        key: format_date(s.date),
        id: s.id.to_string(),
    }))
}

/// A group's payments, newest first (at most 200).
pub async fn list_group_settlements(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
) -> Result<Vec<SettlementView>> {
    let filter = SettlementFilter {
        group_id: Some(group_id),
        limit: Some(pagination::MAX_LIMIT),
        ..Default::default()
    };
    Ok(list_settlements(app, actor, filter).await?.items)
}

/// What happened to a payment (recorded, deleted, restored), newest first.
pub async fn settlement_history(
    app: &App,
    actor: &Actor,
    id: SettlementId,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<ActivityView>> {
    let effective = settlement_actor(&app.db, actor, id).await?;
    let limit = pagination::limit(limit)?;
    let tag = pagination::filter_tag(&id.0);
    let mut query = activity::Entity::find()
        .filter(activity::Column::TenantId.eq(effective.tenant_id))
        .filter(activity::Column::SubjectId.eq(id.0));
    if let Some(text) = cursor {
        let Cursor { id, .. } = pagination::decode(text, &tag)?;
        let id: ActivityId = id.parse().map_err(|_| {
            Error::invalid("cursor", "is not a cursor from this list; start again without it")
        })?;
        // Ids are time-ordered (v7), so they order the log on their own.
        query = query.filter(Condition::all().add(activity::Column::Id.lt(id)));
    }
    let rows: Vec<activity::Model> =
        crate::db::all_limited(&app.db, query.order_by_desc(activity::Column::Id), limit + 1).await?;
    let page = Page::from_rows(rows, limit, &tag, |a| Cursor {
        key: String::new(),
        id: a.id.to_string(),
    });
    Ok(page.map(super::activity::view))
}
