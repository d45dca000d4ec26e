use crate::{OutboxId, UserId};
use sea_orm::entity::prelude::*;

/// An event still to be emailed to one person (or already sent: `sent_at`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_emails")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: UserId,
    pub outbox_id: OutboxId,
    pub event_type: String,
    /// What it is sent together with: `{category}:group:{id}`, `{category}:contact:{id}`
    /// or `{category}:{event type}`.
    pub batch_key: String,
    /// The event's data (JSON).
    pub data: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub sent_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
