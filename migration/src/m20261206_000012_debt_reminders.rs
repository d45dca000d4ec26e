//! IOU reminders (issue 12): one row per reminder sent, unique per debt, day
//! and kind (`due`: the worker's, on the due date and weekly while overdue;
//! `manual`: the owner's "Send a reminder"). The unique key is what makes a
//! reminder happen at most once a day however often the job runs.

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DebtReminders {
    Table,
    Id,
    TenantId,
    DebtId,
    Day,
    Kind,
    SentBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PeerDebts {
    Table,
    Id,
}

const UNIQUE: &str = "ux_debt_reminders_debt_day_kind";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DebtReminders::Table)
                .col(uuid(DebtReminders::Id).primary_key())
                .col(uuid(DebtReminders::TenantId))
                .col(uuid(DebtReminders::DebtId))
                .col(date(DebtReminders::Day))
                .col(string_len(DebtReminders::Kind, 16))
                .col(uuid_null(DebtReminders::SentBy))
                .col(timestamp_with_time_zone(DebtReminders::CreatedAt))
                .foreign_key(&mut fk_cascade(
                    "fk_debt_reminders_debt",
                    (DebtReminders::Table, DebtReminders::DebtId),
                    (PeerDebts::Table, PeerDebts::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(UNIQUE)
                .table(DebtReminders::Table)
                .col(DebtReminders::DebtId)
                .col(DebtReminders::Day)
                .col(DebtReminders::Kind)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DebtReminders::Table).to_owned())
            .await
    }
}
