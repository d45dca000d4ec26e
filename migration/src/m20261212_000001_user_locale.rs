//! A person's language (issue 15): `users.locale`, a BCP 47 tag the app
//! supports (`en`, `en-IN`, `hi`) or null for "not chosen" (the browser's
//! `Accept-Language` decides). Nullable, no default: existing accounts keep
//! following their browser.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Locale,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string_len_null(Users::Locale, 16))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::Locale)
                .to_owned(),
        )
        .await
    }
}
