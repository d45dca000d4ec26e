//! The notification centre (issue 12, ADR 0022):
//!
//! - `ix_notifications_user_unread` on (user_id, read_at, id): the bell's
//!   unread count on every page is one range of this index, and the centre's
//!   "unread" list reads it newest first.
//! - `ix_notifications_read_at`: the retention purge finds read notifications
//!   older than 90 days without scanning the table.
//! - `notification_preferences`: one row per person and event type they have
//!   set (in-app, email); a type without a row has the catalogue's defaults.

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    ReadAt,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    EventType,
    InApp,
    Email,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const UNREAD: &str = "ix_notifications_user_unread";
const READ_AT: &str = "ix_notifications_read_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(UNREAD)
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::ReadAt)
                .col(Notifications::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(READ_AT)
                .table(Notifications::Table)
                .col(Notifications::ReadAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NotificationPreferences::Table)
                .col(uuid(NotificationPreferences::UserId))
                .col(string_len(NotificationPreferences::EventType, 64))
                .col(boolean(NotificationPreferences::InApp))
                .col(boolean(NotificationPreferences::Email))
                .col(timestamp_with_time_zone(NotificationPreferences::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(NotificationPreferences::UserId)
                        .col(NotificationPreferences::EventType),
                )
                .foreign_key(&mut fk_cascade(
                    "fk_notification_preferences_user",
                    (NotificationPreferences::Table, NotificationPreferences::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(NotificationPreferences::Table).to_owned())
            .await?;
        for name in [READ_AT, UNREAD] {
            m.drop_index(Index::drop().name(name).table(Notifications::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
