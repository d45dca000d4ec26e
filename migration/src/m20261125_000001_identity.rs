//! Tenants, users, sessions, tokens, audit log, outbox and idempotency keys.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TenantId,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    EmailVerified,
    EmailVerifiedAt,
    FailedLoginCount,
    LockedUntil,
    BaseCurrency,
    PasswordChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    Surface,
    UserId,
    TenantId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    Ip,
    UserAgent,
    RevokedAt,
}

#[derive(DeriveIden)]
enum RefreshTokenFamilies {
    Table,
    Id,
    UserId,
    TenantId,
    CreatedAt,
    RevokedAt,
    RevokeReason,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    FamilyId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    TenantId,
    ActorUserId,
    SubjectUserId,
    Action,
    Details,
    Ip,
    UserAgent,
    RequestId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    TenantId,
    EventType,
    Payload,
    CreatedAt,
    AvailableAt,
    Attempts,
    LeaseOwner,
    LeaseUntil,
    DispatchedAt,
    LastError,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    UserId,
    Key,
    Fingerprint,
    StatusCode,
    ResponseBody,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignInThrottles {
    Table,
    EmailKey,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tenants::Table)
                .col(pk_uuid(Tenants::Id))
                .col(text(Tenants::Name))
                .col(timestamp_with_time_zone(Tenants::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_uuid(Users::Id))
                .col(uuid(Users::TenantId))
                .col(text_uniq(Users::Email))
                .col(text(Users::DisplayName))
                .col(text(Users::PasswordHash))
                .col(string_len(Users::Role, 16))
                .col(boolean(Users::EmailVerified))
                .col(timestamp_with_time_zone_null(Users::EmailVerifiedAt))
                .col(integer(Users::FailedLoginCount))
                .col(timestamp_with_time_zone_null(Users::LockedUntil))
                .col(string_len(Users::BaseCurrency, 3))
                .col(timestamp_with_time_zone(Users::PasswordChangedAt))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_users_tenant",
                    (Users::Table, Users::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_users_tenant")
                .table(Users::Table)
                .col(Users::TenantId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(pk_uuid(Sessions::Id))
                .col(text_uniq(Sessions::TokenHash))
                .col(string_len(Sessions::Surface, 16))
                .col(uuid(Sessions::UserId))
                .col(uuid(Sessions::TenantId))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .col(text_null(Sessions::Ip))
                .col(text_null(Sessions::UserAgent))
                .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                .foreign_key(&mut fk(
                    "fk_sessions_user",
                    (Sessions::Table, Sessions::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sessions_user")
                .table(Sessions::Table)
                .col(Sessions::UserId)
                .col(Sessions::Surface)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokenFamilies::Table)
                .col(pk_uuid(RefreshTokenFamilies::Id))
                .col(uuid(RefreshTokenFamilies::UserId))
                .col(uuid(RefreshTokenFamilies::TenantId))
                .col(timestamp_with_time_zone(RefreshTokenFamilies::CreatedAt))
                .col(timestamp_with_time_zone_null(RefreshTokenFamilies::RevokedAt))
                .col(text_null(RefreshTokenFamilies::RevokeReason))
                .foreign_key(&mut fk(
                    "fk_rtf_user",
                    (RefreshTokenFamilies::Table, RefreshTokenFamilies::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rtf_user")
                .table(RefreshTokenFamilies::Table)
                .col(RefreshTokenFamilies::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_uuid(RefreshTokens::Id))
                .col(uuid(RefreshTokens::FamilyId))
                .col(text_uniq(RefreshTokens::TokenHash))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                .foreign_key(&mut fk(
                    "fk_rt_family",
                    (RefreshTokens::Table, RefreshTokens::FamilyId),
                    (RefreshTokenFamilies::Table, RefreshTokenFamilies::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rt_family")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::FamilyId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EmailTokens::Table)
                .col(pk_uuid(EmailTokens::Id))
                .col(uuid(EmailTokens::UserId))
                .col(string_len(EmailTokens::Purpose, 32))
                .col(text_uniq(EmailTokens::TokenHash))
                .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                .foreign_key(&mut fk(
                    "fk_et_user",
                    (EmailTokens::Table, EmailTokens::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_et_user")
                .table(EmailTokens::Table)
                .col(EmailTokens::UserId)
                .col(EmailTokens::Purpose)
                .to_owned(),
        )
        .await?;

        // The audit log outlives the rows it talks about: no foreign keys.
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(uuid_null(AuditLog::TenantId))
                .col(uuid_null(AuditLog::ActorUserId))
                .col(uuid_null(AuditLog::SubjectUserId))
                .col(string_len(AuditLog::Action, 64))
                .col(text(AuditLog::Details))
                .col(text_null(AuditLog::Ip))
                .col(text_null(AuditLog::UserAgent))
                .col(text_null(AuditLog::RequestId))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_subject")
                .table(AuditLog::Table)
                .col(AuditLog::SubjectUserId)
                .col(AuditLog::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_tenant")
                .table(AuditLog::Table)
                .col(AuditLog::TenantId)
                .col(AuditLog::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(pk_uuid(Outbox::Id))
                .col(uuid_null(Outbox::TenantId))
                .col(string_len(Outbox::EventType, 64))
                .col(text(Outbox::Payload))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(timestamp_with_time_zone(Outbox::AvailableAt))
                .col(integer(Outbox::Attempts))
                .col(text_null(Outbox::LeaseOwner))
                .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                .col(timestamp_with_time_zone_null(Outbox::DispatchedAt))
                .col(text_null(Outbox::LastError))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_outbox_pending")
                .table(Outbox::Table)
                .col(Outbox::DispatchedAt)
                .col(Outbox::AvailableAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(pk_uuid(IdempotencyKeys::Id))
                .col(uuid(IdempotencyKeys::UserId))
                .col(string_len(IdempotencyKeys::Key, 255))
                .col(string_len(IdempotencyKeys::Fingerprint, 64))
                .col(integer(IdempotencyKeys::StatusCode))
                .col(text(IdempotencyKeys::ResponseBody))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_idem_user",
                    (IdempotencyKeys::Table, IdempotencyKeys::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        // The unique index is what makes concurrent duplicates create one record.
        m.create_index(
            Index::create()
                .name("ux_idem_user_key")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::UserId)
                .col(IdempotencyKeys::Key)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_idem_created")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SignInThrottles::Table)
                .col(string_len(SignInThrottles::EmailKey, 64).primary_key())
                .col(integer(SignInThrottles::Failures))
                .col(timestamp_with_time_zone(SignInThrottles::WindowStartedAt))
                .col(timestamp_with_time_zone_null(SignInThrottles::LockedUntil))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SignInThrottles::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            Outbox::Table.into_iden(),
            AuditLog::Table.into_iden(),
            EmailTokens::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            RefreshTokenFamilies::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            Tenants::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
