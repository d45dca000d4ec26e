//! Email notifications (issue 12, ADR 0022):
//!
//! - `notification_emails`: what is still to be emailed, one row per event
//!   and person (unique, so a redelivered event queues nothing twice). The
//!   worker sends a person's rows of one batch (a category in a group, an
//!   IOU, …) as one email once the oldest is a few minutes old, or all of
//!   them in their daily or weekly digest; `sent_at` marks them sent.
//! - `notification_settings`: per person, whether email comes as things
//!   happen or as a daily or weekly digest (no row: as things happen).

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NotificationEmails {
    Table,
    Id,
    UserId,
    OutboxId,
    EventType,
    BatchKey,
    Data,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    EmailDigest,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(NotificationEmails::Table)
                .col(pk_uuid(NotificationEmails::Id))
                .col(uuid(NotificationEmails::UserId))
                .col(uuid(NotificationEmails::OutboxId))
                .col(string_len(NotificationEmails::EventType, 64))
                .col(string_len(NotificationEmails::BatchKey, 128))
                .col(text(NotificationEmails::Data))
                .col(timestamp_with_time_zone(NotificationEmails::CreatedAt))
                .col(timestamp_with_time_zone_null(NotificationEmails::SentAt))
                .foreign_key(&mut fk_cascade(
                    "fk_notification_emails_user",
                    (NotificationEmails::Table, NotificationEmails::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_notification_emails_outbox_user")
                .table(NotificationEmails::Table)
                .col(NotificationEmails::OutboxId)
                .col(NotificationEmails::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        // The sender reads what is unsent, by person and batch; the purge
        // finds what was sent long ago.
        m.create_index(
            Index::create()
                .name("ix_notification_emails_pending")
                .table(NotificationEmails::Table)
                .col(NotificationEmails::SentAt)
                .col(NotificationEmails::UserId)
                .col(NotificationEmails::BatchKey)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NotificationSettings::Table)
                .col(uuid(NotificationSettings::UserId).primary_key())
                .col(string_len(NotificationSettings::EmailDigest, 16))
                .col(timestamp_with_time_zone(NotificationSettings::UpdatedAt))
                .foreign_key(&mut fk_cascade(
                    "fk_notification_settings_user",
                    (NotificationSettings::Table, NotificationSettings::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(NotificationSettings::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(NotificationEmails::Table).to_owned())
            .await
    }
}
