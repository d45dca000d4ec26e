use crate::{OutboxId, TenantId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: OutboxId,
    pub tenant_id: Option<TenantId>,
    pub event_type: String,
    /// JSON body of the event.
    pub payload: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub available_at: TimeDateTimeWithTimeZone,
    pub attempts: i32,
    pub lease_owner: Option<String>,
    pub lease_until: Option<TimeDateTimeWithTimeZone>,
    pub dispatched_at: Option<TimeDateTimeWithTimeZone>,
    pub last_error: Option<String>,
    /// When the event was given up on after too many failed attempts (see
    /// `outbox::DEAD_AFTER_ATTEMPTS`); never claimed again unless retried.
    pub dead_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
