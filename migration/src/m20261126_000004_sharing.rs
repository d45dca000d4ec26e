//! Social finance, part two: the one ledger (finance records made by a debt,
//! an expense payment or a settlement carry `social_id`; money that only
//! moves between people is `outside_flow`, so cash flow shows no expense),
//! contact groups, and invitations that link a contact to a registered user.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FinTransactions {
    Table,
    SocialId,
    OutsideFlow,
}

#[derive(DeriveIden)]
enum SocialContacts {
    Table,
    Id,
    LinkedUserId,
    ShareStatus,
}

#[derive(DeriveIden)]
enum ContactGroups {
    Table,
    Id,
    TenantId,
    Name,
    Kind,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ContactGroupMembers {
    Table,
    Id,
    TenantId,
    ContactGroupId,
    ContactId,
}

#[derive(DeriveIden)]
enum SocialInvitations {
    Table,
    Id,
    TenantId,
    ContactId,
    InviterUserId,
    InviterName,
    Email,
    Status,
    InviteeUserId,
    CreatedAt,
    RespondedAt,
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

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    if unique {
        stmt.unique();
    }
    for c in cols {
        stmt.col(c);
    }
    m.create_index(stmt.to_owned()).await
}

async fn add_column(m: &SchemaManager<'_>, table: impl IntoIden, col: ColumnDef) -> Result<(), DbErr> {
    let mut col = col;
    m.alter_table(Table::alter().table(table).add_column(&mut col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_column(m, FinTransactions::Table, uuid_null(FinTransactions::SocialId)).await?;
        add_column(
            m,
            FinTransactions::Table,
            boolean(FinTransactions::OutsideFlow).default(false).to_owned(),
        )
        .await?;
        index(
            m,
            "ix_fin_transactions_social",
            FinTransactions::Table,
            vec![FinTransactions::SocialId.into_iden()],
            false,
        )
        .await?;
        add_column(m, SocialContacts::Table, uuid_null(SocialContacts::LinkedUserId)).await?;
        add_column(
            m,
            SocialContacts::Table,
            text(SocialContacts::ShareStatus).default("not_shared").to_owned(),
        )
        .await?;
        index(
            m,
            "ix_contacts_linked_user",
            SocialContacts::Table,
            vec![SocialContacts::LinkedUserId.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ContactGroups::Table)
                .col(pk_uuid(ContactGroups::Id))
                .col(uuid(ContactGroups::TenantId))
                .col(text(ContactGroups::Name))
                .col(text(ContactGroups::Kind))
                .col(timestamp_with_time_zone(ContactGroups::CreatedAt))
                .col(timestamp_with_time_zone(ContactGroups::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_contact_groups_tenant",
                    (ContactGroups::Table, ContactGroups::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_contact_groups_tenant",
            ContactGroups::Table,
            vec![
                ContactGroups::TenantId.into_iden(),
                ContactGroups::Name.into_iden(),
            ],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ContactGroupMembers::Table)
                .col(pk_uuid(ContactGroupMembers::Id))
                .col(uuid(ContactGroupMembers::TenantId))
                .col(uuid(ContactGroupMembers::ContactGroupId))
                .col(uuid(ContactGroupMembers::ContactId))
                .foreign_key(&mut fk(
                    "fk_contact_group_members_group",
                    (ContactGroupMembers::Table, ContactGroupMembers::ContactGroupId),
                    (ContactGroups::Table, ContactGroups::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_contact_group_members_contact",
                    (ContactGroupMembers::Table, ContactGroupMembers::ContactId),
                    (SocialContacts::Table, SocialContacts::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_contact_group_members",
            ContactGroupMembers::Table,
            vec![
                ContactGroupMembers::ContactGroupId.into_iden(),
                ContactGroupMembers::ContactId.into_iden(),
            ],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SocialInvitations::Table)
                .col(pk_uuid(SocialInvitations::Id))
                .col(uuid(SocialInvitations::TenantId))
                .col(uuid(SocialInvitations::ContactId))
                .col(uuid(SocialInvitations::InviterUserId))
                .col(text(SocialInvitations::InviterName))
                .col(text(SocialInvitations::Email))
                .col(text(SocialInvitations::Status))
                .col(uuid_null(SocialInvitations::InviteeUserId))
                .col(timestamp_with_time_zone(SocialInvitations::CreatedAt))
                .col(timestamp_with_time_zone_null(SocialInvitations::RespondedAt))
                .foreign_key(&mut fk(
                    "fk_invitations_tenant",
                    (SocialInvitations::Table, SocialInvitations::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_invitations_contact",
                    (SocialInvitations::Table, SocialInvitations::ContactId),
                    (SocialContacts::Table, SocialContacts::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_invitations_email",
            SocialInvitations::Table,
            vec![
                SocialInvitations::Email.into_iden(),
                SocialInvitations::Status.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            m,
            "ix_invitations_contact",
            SocialInvitations::Table,
            vec![SocialInvitations::ContactId.into_iden()],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SocialInvitations::Table.into_iden(),
            ContactGroupMembers::Table.into_iden(),
            ContactGroups::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("ix_contacts_linked_user")
                .table(SocialContacts::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_fin_transactions_social")
                .table(FinTransactions::Table)
                .to_owned(),
        )
        .await?;
        for (table, col) in [
            (
                SocialContacts::Table.into_iden(),
                SocialContacts::ShareStatus.into_iden(),
            ),
            (
                SocialContacts::Table.into_iden(),
                SocialContacts::LinkedUserId.into_iden(),
            ),
            (
                FinTransactions::Table.into_iden(),
                FinTransactions::OutsideFlow.into_iden(),
            ),
            (
                FinTransactions::Table.into_iden(),
                FinTransactions::SocialId.into_iden(),
            ),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
