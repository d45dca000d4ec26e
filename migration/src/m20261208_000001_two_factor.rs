//! Two-factor sign-in (issue 13, ADR 0023):
//!
//! - `user_totp`: one row per person who has started or finished TOTP
//!   enrolment. `secret_enc` is the secret encrypted with a key derived from
//!   `secret_key` (AES-256-GCM, nonce first, base64); `confirmed_at` is null
//!   while the enrolment waits for its first code; `last_step` is the last
//!   accepted time step, so a code works once.
//! - `recovery_codes`: ten per person, stored as keyed hashes; `used_at` set
//!   when one is spent.
//! - `pending_sign_ins`: a correct password waiting for its second factor
//!   (web, console or API): the hash of an opaque token, the person, the
//!   surface, a five-minute expiry and `used_at` (single use); indexed by
//!   person and by expiry (the hourly retention purge).

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UserTotp {
    Table,
    UserId,
    SecretEnc,
    ConfirmedAt,
    LastStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PendingSignIns {
    Table,
    Id,
    TokenHash,
    UserId,
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const RECOVERY_USER: &str = "ix_recovery_codes_user";
const PENDING_USER: &str = "ix_pending_sign_ins_user";
const PENDING_EXPIRES: &str = "ix_pending_sign_ins_expires_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(UserTotp::Table)
                .col(uuid(UserTotp::UserId).primary_key())
                .col(text(UserTotp::SecretEnc))
                .col(timestamp_with_time_zone_null(UserTotp::ConfirmedAt))
                .col(big_integer_null(UserTotp::LastStep))
                .col(timestamp_with_time_zone(UserTotp::CreatedAt))
                .foreign_key(&mut fk_cascade(
                    "fk_user_totp_user",
                    (UserTotp::Table, UserTotp::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecoveryCodes::Table)
                .col(uuid(RecoveryCodes::Id).primary_key())
                .col(uuid(RecoveryCodes::UserId))
                .col(string_len(RecoveryCodes::CodeHash, 64))
                .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                .col(timestamp_with_time_zone(RecoveryCodes::CreatedAt))
                .foreign_key(&mut fk_cascade(
                    "fk_recovery_codes_user",
                    (RecoveryCodes::Table, RecoveryCodes::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(RECOVERY_USER)
                .table(RecoveryCodes::Table)
                .col(RecoveryCodes::UserId)
                .col(RecoveryCodes::CodeHash)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PendingSignIns::Table)
                .col(uuid(PendingSignIns::Id).primary_key())
                .col(string_len(PendingSignIns::TokenHash, 64).unique_key())
                .col(uuid(PendingSignIns::UserId))
                .col(string_len(PendingSignIns::Purpose, 16))
                .col(timestamp_with_time_zone(PendingSignIns::CreatedAt))
                .col(timestamp_with_time_zone(PendingSignIns::ExpiresAt))
                .col(timestamp_with_time_zone_null(PendingSignIns::UsedAt))
                .foreign_key(&mut fk_cascade(
                    "fk_pending_sign_ins_user",
                    (PendingSignIns::Table, PendingSignIns::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(PENDING_USER)
                .table(PendingSignIns::Table)
                .col(PendingSignIns::UserId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(PENDING_EXPIRES)
                .table(PendingSignIns::Table)
                .col(PendingSignIns::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PendingSignIns::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RecoveryCodes::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(UserTotp::Table).to_owned())
            .await
    }
}
