//! Social finance: contacts, peer debts (IOUs), expense groups and their
//! members, group expenses (one line per member: paid and owed; one row per
//! debtor → creditor pair), settlements and the activity log.
//!
//! Money columns are BIGINT ten-thousandths of the currency unit, so every
//! balance is an exact SQL `SUM`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SocialContacts {
    Table,
    Id,
    TenantId,
    Name,
    Email,
    Phone,
    Notes,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PeerDebts {
    Table,
    Id,
    TenantId,
    ContactId,
    Direction,
    Amount,
    Currency,
    Date,
    Reason,
    DueDate,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExpenseGroups {
    Table,
    Id,
    TenantId,
    Name,
    Currency,
    Simplify,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ExpenseGroupMembers {
    Table,
    Id,
    TenantId,
    GroupId,
    ContactId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GroupExpenses {
    Table,
    Id,
    TenantId,
    GroupId,
    Description,
    Date,
    Total,
    OriginalAmount,
    OriginalCurrency,
    Rate,
    SplitMethod,
    Spec,
    Version,
    DeletedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupExpenseLines {
    Table,
    Id,
    TenantId,
    GroupId,
    ExpenseId,
    MemberId,
    Paid,
    Owed,
}

#[derive(DeriveIden)]
enum GroupExpenseDebts {
    Table,
    Id,
    TenantId,
    GroupId,
    ExpenseId,
    DebtorId,
    CreditorId,
    Amount,
}

#[derive(DeriveIden)]
enum Settlements {
    Table,
    Id,
    TenantId,
    GroupId,
    PeerDebtId,
    FromMemberId,
    ToMemberId,
    Amount,
    Currency,
    Method,
    Date,
    Notes,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SocialActivity {
    Table,
    Id,
    TenantId,
    GroupId,
    ContactId,
    SubjectId,
    ActorUserId,
    Action,
    Summary,
    Details,
    CreatedAt,
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
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for c in cols {
        stmt.col(c);
    }
    m.create_index(stmt.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SocialContacts::Table)
                .col(pk_uuid(SocialContacts::Id))
                .col(uuid(SocialContacts::TenantId))
                .col(text(SocialContacts::Name))
                .col(text_null(SocialContacts::Email))
                .col(text_null(SocialContacts::Phone))
                .col(text_null(SocialContacts::Notes))
                .col(timestamp_with_time_zone_null(SocialContacts::ArchivedAt))
                .col(timestamp_with_time_zone(SocialContacts::CreatedAt))
                .col(timestamp_with_time_zone(SocialContacts::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_contacts_tenant",
                    (SocialContacts::Table, SocialContacts::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_contacts_tenant_name",
            SocialContacts::Table,
            vec![
                SocialContacts::TenantId.into_iden(),
                SocialContacts::Name.into_iden(),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PeerDebts::Table)
                .col(pk_uuid(PeerDebts::Id))
                .col(uuid(PeerDebts::TenantId))
                .col(uuid(PeerDebts::ContactId))
                .col(string_len(PeerDebts::Direction, 16))
                .col(big_integer(PeerDebts::Amount))
                .col(string_len(PeerDebts::Currency, 3))
                .col(date(PeerDebts::Date))
                .col(text_null(PeerDebts::Reason))
                .col(date_null(PeerDebts::DueDate))
                .col(uuid(PeerDebts::CreatedBy))
                .col(timestamp_with_time_zone(PeerDebts::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_debts_tenant",
                    (PeerDebts::Table, PeerDebts::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_debts_contact",
                    (PeerDebts::Table, PeerDebts::ContactId),
                    (SocialContacts::Table, SocialContacts::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_debts_contact",
            PeerDebts::Table,
            vec![PeerDebts::TenantId.into_iden(), PeerDebts::ContactId.into_iden()],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ExpenseGroups::Table)
                .col(pk_uuid(ExpenseGroups::Id))
                .col(uuid(ExpenseGroups::TenantId))
                .col(text(ExpenseGroups::Name))
                .col(string_len(ExpenseGroups::Currency, 3))
                .col(boolean(ExpenseGroups::Simplify))
                .col(timestamp_with_time_zone_null(ExpenseGroups::ArchivedAt))
                .col(timestamp_with_time_zone(ExpenseGroups::CreatedAt))
                .col(timestamp_with_time_zone(ExpenseGroups::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_groups_tenant",
                    (ExpenseGroups::Table, ExpenseGroups::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_groups_tenant",
            ExpenseGroups::Table,
            vec![
                ExpenseGroups::TenantId.into_iden(),
                ExpenseGroups::CreatedAt.into_iden(),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ExpenseGroupMembers::Table)
                .col(pk_uuid(ExpenseGroupMembers::Id))
                .col(uuid(ExpenseGroupMembers::TenantId))
                .col(uuid(ExpenseGroupMembers::GroupId))
                .col(uuid_null(ExpenseGroupMembers::ContactId))
                .col(text(ExpenseGroupMembers::Name))
                .col(timestamp_with_time_zone(ExpenseGroupMembers::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_members_group",
                    (ExpenseGroupMembers::Table, ExpenseGroupMembers::GroupId),
                    (ExpenseGroups::Table, ExpenseGroups::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_members_contact",
                    (ExpenseGroupMembers::Table, ExpenseGroupMembers::ContactId),
                    (SocialContacts::Table, SocialContacts::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_members_group",
            ExpenseGroupMembers::Table,
            vec![ExpenseGroupMembers::GroupId.into_iden()],
        )
        .await?;
        index(
            m,
            "ix_members_contact",
            ExpenseGroupMembers::Table,
            vec![ExpenseGroupMembers::ContactId.into_iden()],
        )
        .await?;
        // A contact joins a group once.
        m.create_index(
            Index::create()
                .name("ux_members_group_contact")
                .table(ExpenseGroupMembers::Table)
                .col(ExpenseGroupMembers::GroupId)
                .col(ExpenseGroupMembers::ContactId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(GroupExpenses::Table)
                .col(pk_uuid(GroupExpenses::Id))
                .col(uuid(GroupExpenses::TenantId))
                .col(uuid(GroupExpenses::GroupId))
                .col(text(GroupExpenses::Description))
                .col(date(GroupExpenses::Date))
                .col(big_integer(GroupExpenses::Total))
                .col(big_integer(GroupExpenses::OriginalAmount))
                .col(string_len(GroupExpenses::OriginalCurrency, 3))
                .col(string_len(GroupExpenses::Rate, 40))
                .col(string_len(GroupExpenses::SplitMethod, 16))
                .col(text(GroupExpenses::Spec))
                .col(integer(GroupExpenses::Version))
                .col(timestamp_with_time_zone_null(GroupExpenses::DeletedAt))
                .col(uuid(GroupExpenses::CreatedBy))
                .col(timestamp_with_time_zone(GroupExpenses::CreatedAt))
                .col(timestamp_with_time_zone(GroupExpenses::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_expenses_group",
                    (GroupExpenses::Table, GroupExpenses::GroupId),
                    (ExpenseGroups::Table, ExpenseGroups::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_expenses_group_date",
            GroupExpenses::Table,
            vec![
                GroupExpenses::GroupId.into_iden(),
                GroupExpenses::Date.into_iden(),
                GroupExpenses::Id.into_iden(),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(GroupExpenseLines::Table)
                .col(pk_uuid(GroupExpenseLines::Id))
                .col(uuid(GroupExpenseLines::TenantId))
                .col(uuid(GroupExpenseLines::GroupId))
                .col(uuid(GroupExpenseLines::ExpenseId))
                .col(uuid(GroupExpenseLines::MemberId))
                .col(big_integer(GroupExpenseLines::Paid))
                .col(big_integer(GroupExpenseLines::Owed))
                .foreign_key(&mut fk(
                    "fk_lines_expense",
                    (GroupExpenseLines::Table, GroupExpenseLines::ExpenseId),
                    (GroupExpenses::Table, GroupExpenses::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_lines_group_member",
            GroupExpenseLines::Table,
            vec![
                GroupExpenseLines::GroupId.into_iden(),
                GroupExpenseLines::MemberId.into_iden(),
            ],
        )
        .await?;
        index(
            m,
            "ix_lines_expense",
            GroupExpenseLines::Table,
            vec![GroupExpenseLines::ExpenseId.into_iden()],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(GroupExpenseDebts::Table)
                .col(pk_uuid(GroupExpenseDebts::Id))
                .col(uuid(GroupExpenseDebts::TenantId))
                .col(uuid(GroupExpenseDebts::GroupId))
                .col(uuid(GroupExpenseDebts::ExpenseId))
                .col(uuid(GroupExpenseDebts::DebtorId))
                .col(uuid(GroupExpenseDebts::CreditorId))
                .col(big_integer(GroupExpenseDebts::Amount))
                .foreign_key(&mut fk(
                    "fk_debts_expense",
                    (GroupExpenseDebts::Table, GroupExpenseDebts::ExpenseId),
                    (GroupExpenses::Table, GroupExpenses::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_expense_debts_group",
            GroupExpenseDebts::Table,
            vec![
                GroupExpenseDebts::GroupId.into_iden(),
                GroupExpenseDebts::DebtorId.into_iden(),
                GroupExpenseDebts::CreditorId.into_iden(),
            ],
        )
        .await?;
        index(
            m,
            "ix_expense_debts_expense",
            GroupExpenseDebts::Table,
            vec![GroupExpenseDebts::ExpenseId.into_iden()],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Settlements::Table)
                .col(pk_uuid(Settlements::Id))
                .col(uuid(Settlements::TenantId))
                .col(uuid_null(Settlements::GroupId))
                .col(uuid_null(Settlements::PeerDebtId))
                .col(uuid_null(Settlements::FromMemberId))
                .col(uuid_null(Settlements::ToMemberId))
                .col(big_integer(Settlements::Amount))
                .col(string_len(Settlements::Currency, 3))
                .col(string_len(Settlements::Method, 16))
                .col(date(Settlements::Date))
                .col(text_null(Settlements::Notes))
                .col(uuid(Settlements::CreatedBy))
                .col(timestamp_with_time_zone(Settlements::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_settlements_tenant",
                    (Settlements::Table, Settlements::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_settlements_group",
                    (Settlements::Table, Settlements::GroupId),
                    (ExpenseGroups::Table, ExpenseGroups::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_settlements_debt",
                    (Settlements::Table, Settlements::PeerDebtId),
                    (PeerDebts::Table, PeerDebts::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_settlements_debt",
            Settlements::Table,
            vec![Settlements::PeerDebtId.into_iden()],
        )
        .await?;
        index(
            m,
            "ix_settlements_group",
            Settlements::Table,
            vec![
                Settlements::GroupId.into_iden(),
                Settlements::FromMemberId.into_iden(),
                Settlements::ToMemberId.into_iden(),
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SocialActivity::Table)
                .col(pk_uuid(SocialActivity::Id))
                .col(uuid(SocialActivity::TenantId))
                .col(uuid_null(SocialActivity::GroupId))
                .col(uuid_null(SocialActivity::ContactId))
                .col(uuid_null(SocialActivity::SubjectId))
                .col(uuid(SocialActivity::ActorUserId))
                .col(string_len(SocialActivity::Action, 64))
                .col(text(SocialActivity::Summary))
                .col(text(SocialActivity::Details))
                .col(timestamp_with_time_zone(SocialActivity::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_activity_tenant",
                    (SocialActivity::Table, SocialActivity::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_activity_group",
            SocialActivity::Table,
            vec![
                SocialActivity::GroupId.into_iden(),
                SocialActivity::CreatedAt.into_iden(),
            ],
        )
        .await?;
        index(
            m,
            "ix_activity_subject",
            SocialActivity::Table,
            vec![
                SocialActivity::SubjectId.into_iden(),
                SocialActivity::CreatedAt.into_iden(),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SocialActivity::Table.into_iden(),
            Settlements::Table.into_iden(),
            GroupExpenseDebts::Table.into_iden(),
            GroupExpenseLines::Table.into_iden(),
            GroupExpenses::Table.into_iden(),
            ExpenseGroupMembers::Table.into_iden(),
            ExpenseGroups::Table.into_iden(),
            PeerDebts::Table.into_iden(),
            SocialContacts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
