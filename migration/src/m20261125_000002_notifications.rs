//! Notifications: what each person should hear about, delivered over SSE
//! with resume by id.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    TenantId,
    OutboxId,
    EventType,
    Data,
    CreatedAt,
    ReadAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_uuid(Notifications::Id))
                .col(uuid(Notifications::UserId))
                .col(uuid(Notifications::TenantId))
                .col(uuid(Notifications::OutboxId))
                .col(string_len(Notifications::EventType, 64))
                .col(text(Notifications::Data))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .to_owned(),
        )
        .await?;
        // Ids are UUIDv7 (time-ordered): "everything after id X" is a range scan.
        m.create_index(
            Index::create()
                .name("ix_notifications_user_id")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::Id)
                .to_owned(),
        )
        .await?;
        // A redelivered outbox event notifies each person once.
        m.create_index(
            Index::create()
                .name("ux_notifications_outbox_user")
                .table(Notifications::Table)
                .col(Notifications::OutboxId)
                .col(Notifications::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Notifications::Table).to_owned())
            .await
    }
}
