//! The notification centre: a person's notifications newest first, what is
//! unread, and marking them read.
//!
//! What you did yourself is written already read (see `deliver`): it is in
//! the list and on your streams, so your other devices' pages follow, but it
//! never rings your bell. The bell's count is one range of the index
//! `(user_id, read_at, id)`.

use super::describe::{NotificationItem, describe_all};
use crate::error::{Error, Result};
use crate::pagination::{self, Cursor, Page};
use crate::{Actor, App};
use hisaab_entity::{NotificationId, notification};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Which notifications, and which page of them.
#[derive(Clone, Debug, Default)]
pub struct NotificationFilter {
    /// Only those not read yet.
    pub unread: bool,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

fn mine(actor: &Actor) -> sea_orm::Select<notification::Entity> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::TenantId.eq(actor.tenant_id))
}

/// The caller's notifications, newest first, in cursor pages (API.md "Lists").
pub async fn list_notifications(
    app: &App,
    actor: &Actor,
    filter: NotificationFilter,
) -> Result<Page<NotificationItem>> {
    let limit = pagination::limit(filter.limit)?;
    let tag = pagination::filter_tag(&("notifications", filter.unread));
    let mut query = mine(actor);
    if filter.unread {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(text) = filter.cursor.as_deref().filter(|c| !c.trim().is_empty()) {
        let Cursor { id, .. } = pagination::decode(text, &tag)?;
        let id: NotificationId = id.parse().map_err(|_| {
            Error::invalid("cursor", "is not a cursor from this list; start again without it")
        })?;
        query = query.filter(notification::Column::Id.lt(id));
    }
    let rows: Vec<notification::Model> =
        crate::db::all_limited(&app.db, query.order_by_desc(notification::Column::Id), limit + 1).await?;
    let page = Page::from_rows(rows, limit, &tag, |n| Cursor {
        key: n.id.to_string(),
        id: n.id.to_string(),
    });
    let items = describe_all(&app.db, actor, page.items).await?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// How many of the caller's notifications are unread: the bell's number,
/// read on every full page. The user id alone decides whose rows they are
/// (a user belongs to one tenant), so the count stays inside the index.
pub async fn unread_count(app: &App, actor: &Actor) -> Result<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(&app.db)
        .await?)
}

/// What every full page's layout needs of the signed-in person, read in one
/// statement: the bell's unread count, and their revision (ADR 0014), which a
/// page that keeps its rendering per revision (the group page, ADR 0032) then
/// uses instead of a round trip of its own. One statement is one snapshot, so
/// the revision is read no later than the count, and before the page's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bell {
    pub unread: u64,
    pub revision: i64,
}

pub async fn bell(app: &App, actor: &Actor) -> Result<Bell> {
    let (unread, revision) = bell_columns("$1");
    let sql = format!("SELECT {unread} AS unread, {revision} AS revision");
    let rows = crate::db::query_all(&app.db, &sql, vec![actor.user_id.0.into()]).await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    Ok(Bell {
        unread: u64::try_from(crate::db::get::<i64>(row, "unread")?).unwrap_or(0),
        revision: crate::db::get(row, "revision")?,
    })
}

/// The bell's two columns as scalar subqueries about the person `who` (a
/// placeholder, or a column of an outer query such as the session's
/// `sessions.user_id`): the unread count and the revision.
pub(crate) fn bell_columns(who: &str) -> (String, String) {
    (
        format!("(SELECT COUNT(*) FROM notifications WHERE user_id = {who} AND read_at IS NULL)"),
        crate::view_cache::REVISION_OF_USER.replace("$1", who),
    )
}

/// One notification of the caller's, described.
pub async fn get_notification(app: &App, actor: &Actor, id: NotificationId) -> Result<NotificationItem> {
    let row = mine(actor)
        .filter(notification::Column::Id.eq(id))
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    describe_all(&app.db, actor, vec![row])
        .await?
        .pop()
        .ok_or(Error::NotFound)
}

/// Marks one of the caller's notifications read (already read: unchanged).
/// Anyone else's id is `NotFound`.
pub async fn mark_read(app: &App, actor: &Actor, id: NotificationId) -> Result<NotificationItem> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(app.now()))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::TenantId.eq(actor.tenant_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&app.db)
        .await?;
    get_notification(app, actor, id).await
}

/// Marks every unread notification of the caller's read, or only those up
/// to and including `up_to` (the newest one the person saw, so one that
/// arrived meanwhile stays unread). Returns how many it marked.
pub async fn mark_all_read(app: &App, actor: &Actor, up_to: Option<NotificationId>) -> Result<u64> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(app.now()))
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::TenantId.eq(actor.tenant_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(up_to) = up_to {
        update = update.filter(notification::Column::Id.lte(up_to));
    }
    Ok(update.exec(&app.db).await?.rows_affected)
}
