//! Notifications: the consumer side of domain events. The worker turns an
//! outbox `Event::Domain` into one row per person to notify (idempotently:
//! a redelivered event adds nothing); SSE streams send rows by id so a client
//! reconnecting with `Last-Event-ID` gets exactly what it missed.
//!
//! The centre (`centre`) lists them with a title and a link (`describe`),
//! marks them read and counts the unread for the bell; `catalogue` names
//! every kind and its default channels; `preferences` holds each person's
//! choices (ADR 0022).

pub mod catalogue;
mod centre;
mod describe;
pub mod email;
pub mod preferences;

pub use catalogue::{Category, KINDS, Kind};
pub(crate) use centre::bell_columns;
pub use centre::{
    Bell, NotificationFilter, bell, get_notification, list_notifications, mark_all_read, mark_read,
    unread_count,
};
pub use describe::{Notice, NotificationItem, actor_of, title};
pub use preferences::{
    Channel, Digest, Preference, PreferenceInput, email_digest, preferences, set_preferences, wanting, wants,
};

use crate::error::{Error, Result};
use crate::{Actor, App};
use hisaab_entity::{NotificationId, OutboxId, notification, user};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq)]
pub struct NotificationView {
    pub id: NotificationId,
    pub event_type: String,
    pub data: serde_json::Value,
    pub created_at: OffsetDateTime,
}

impl From<notification::Model> for NotificationView {
    fn from(n: notification::Model) -> Self {
        Self {
            id: n.id,
            event_type: n.event_type,
            data: serde_json::from_str(&n.data).unwrap_or(serde_json::Value::Null),
            created_at: n.created_at,
        }
    }
}

/// One domain event to record as notifications.
#[derive(Clone, Copy, Debug)]
pub struct Delivery<'a> {
    pub outbox_id: OutboxId,
    pub event_type: &'a str,
    pub notify: &'a [uuid::Uuid],
    pub data: &'a serde_json::Value,
    /// When the write happened: the notification's date.
    pub created_at: OffsetDateTime,
}

/// Records `event_type` for each user in `notify` who wants it in-app
/// (unknown users are skipped). The person who acted (`data.actor_id`) gets
/// theirs already read: it streams to their other devices but never rings
/// their bell. Safe to call again for the same outbox event.
pub async fn deliver<C: ConnectionTrait>(
    db: &C,
    outbox_id: OutboxId,
    event_type: &str,
    notify: &[uuid::Uuid],
    data: &serde_json::Value,
    now: OffsetDateTime,
) -> Result<u64> {
    let one = Delivery {
        outbox_id,
        event_type,
        notify,
        data,
        created_at: now,
    };
    deliver_all(db, &[one]).await
}

/// [`deliver`] for a batch of events in three statements whatever its size
/// (the choices, the people, one insert): the worker's batch on SQLite holds
/// the file's one write lock, which the web server's writers queue behind,
/// for three statements instead of three per event (ADR 0028).
pub async fn deliver_all<C: ConnectionTrait>(db: &C, deliveries: &[Delivery<'_>]) -> Result<u64> {
    let everyone = deliveries.iter().flat_map(|d| d.notify.iter().copied());
    let choices = preferences::Choices::of(
        db,
        Channel::InApp,
        deliveries.iter().map(|d| d.event_type),
        everyone,
    )
    .await?;
    let wanted: Vec<(&Delivery, Vec<uuid::Uuid>)> = deliveries
        .iter()
        .map(|d| (d, choices.wanting(d.event_type, d.notify)))
        .filter(|(_, users)| !users.is_empty())
        .collect();
    let ids: std::collections::BTreeSet<uuid::Uuid> =
        wanted.iter().flat_map(|(_, u)| u.iter().copied()).collect();
    if ids.is_empty() {
        return Ok(0);
    }
    let users: std::collections::HashMap<uuid::Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id.0, u))
        .collect();
    let rows: Vec<notification::ActiveModel> = wanted
        .iter()
        .flat_map(|(d, wanted)| {
            let actor = actor_of(d.data);
            let data = d.data.to_string();
            let users = &users;
            wanted
                .iter()
                .filter_map(move |raw| users.get(raw))
                .map(move |u| notification::ActiveModel {
                    id: Set(NotificationId::new()),
                    user_id: Set(u.id),
                    tenant_id: Set(u.tenant_id),
                    outbox_id: Set(d.outbox_id),
                    event_type: Set(d.event_type.to_string()),
                    data: Set(data.clone()),
                    created_at: Set(d.created_at),
                    read_at: Set((actor == Some(u.id.0)).then_some(d.created_at)),
                })
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let res = notification::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([notification::Column::OutboxId, notification::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(res)
}

/// The caller's notifications after `after` (oldest first), at most `limit`.
pub async fn since(
    app: &App,
    actor: &Actor,
    after: Option<NotificationId>,
    limit: u64,
) -> Result<Vec<NotificationView>> {
    let mut query = notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(notification::Column::Id);
    if let Some(after) = after {
        query = query.filter(notification::Column::Id.gt(after));
    }
    Ok(
        crate::db::all_limited::<notification::Model, _, _>(&app.db, query, limit)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    )
}

/// The newest notification id, so a fresh stream starts from "now".
pub async fn latest_id(app: &App, actor: &Actor) -> Result<Option<NotificationId>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .order_by_desc(notification::Column::Id)
        .one(&app.db)
        .await?
        .map(|n| n.id))
}

/// Parses a `Last-Event-ID`; an id that isn't ours is simply "from now".
pub fn parse_last_event_id(text: Option<&str>) -> Result<Option<NotificationId>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .parse::<NotificationId>()
            .map(Some)
            .map_err(|_| Error::invalid("Last-Event-ID", "is not an event id from this stream")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::TestApp;

    #[tokio::test]
    async fn delivery_is_idempotent_ordered_and_private() {
        let t = TestApp::new().await;
        let asha = t.user("asha@example.com").await;
        let ravi = t.user("ravi@example.com").await;
        let outbox = OutboxId::new();
        let data = serde_json::json!({ "expense_id": "e1" });
        let now = t.app.now();
        let n = deliver(
            &t.app.db,
            outbox,
            "expense.added",
            &[asha.id.0, ravi.id.0],
            &data,
            now,
        )
        .await
        .unwrap();
        assert_eq!(n, 2);
        // A redelivered event notifies nobody twice.
        let again = deliver(
            &t.app.db,
            outbox,
            "expense.added",
            &[asha.id.0, ravi.id.0],
            &data,
            now,
        )
        .await
        .unwrap();
        assert_eq!(again, 0);
        deliver(
            &t.app.db,
            OutboxId::new(),
            "settlement.recorded",
            &[asha.id.0],
            &data,
            now,
        )
        .await
        .unwrap();

        let mine = since(&t.app, &t.actor(&asha), None, 10).await.unwrap();
        assert_eq!(
            mine.iter().map(|n| n.event_type.as_str()).collect::<Vec<_>>(),
            ["expense.added", "settlement.recorded"]
        );
        let after_first = since(&t.app, &t.actor(&asha), Some(mine[0].id), 10)
            .await
            .unwrap();
        assert_eq!(after_first.len(), 1);
        assert_eq!(after_first[0].event_type, "settlement.recorded");
        assert_eq!(
            latest_id(&t.app, &t.actor(&asha)).await.unwrap(),
            Some(mine[1].id)
        );

        let theirs = since(&t.app, &t.actor(&ravi), None, 10).await.unwrap();
        assert_eq!(theirs.len(), 1, "Ravi sees only what he was notified of");
        assert!(parse_last_event_id(Some("not-an-id")).is_err());
        assert_eq!(parse_last_event_id(Some(" ")).unwrap(), None);
    }
}
