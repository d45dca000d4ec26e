//! The per-group pairwise rollup (ADR 0012): for each pair of members, what
//! one owes the other, kept in the same transaction as every expense and
//! settlement so a group's balances and plan read at most n·(n−1)/2 rows
//! instead of every expense. Filled here from the records already present.

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ExpenseGroups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ExpenseGroupMembers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum GroupPairBalances {
    Table,
    TenantId,
    GroupId,
    LowMemberId,
    HighMemberId,
    Amount,
}

/// The pairwise sums recomputed from the records, in the shape of the table:
/// the member with the smaller id first; a positive amount means it owes the
/// other. A settlement from A to B counts as B owing A (it cancels A's debt).
const RECOMPUTE_SQL: &str = "\
    SELECT tenant_id, group_id, \
      CASE WHEN debtor < creditor THEN debtor ELSE creditor END AS low_member_id, \
      CASE WHEN debtor < creditor THEN creditor ELSE debtor END AS high_member_id, \
      CAST(SUM(CASE WHEN debtor < creditor THEN amount ELSE -amount END) AS BIGINT) AS amount \
    FROM ( \
      SELECT d.tenant_id AS tenant_id, d.group_id AS group_id, d.debtor_id AS debtor, d.creditor_id AS creditor, d.amount AS amount \
        FROM group_expense_debts d JOIN group_expenses e ON e.id = d.expense_id WHERE e.deleted_at IS NULL \
      UNION ALL SELECT s.tenant_id, s.group_id, s.to_member_id, s.from_member_id, s.amount \
        FROM settlements s WHERE s.group_id IS NOT NULL AND s.from_member_id IS NOT NULL AND s.to_member_id IS NOT NULL \
    ) t WHERE debtor <> creditor \
    GROUP BY tenant_id, group_id, CASE WHEN debtor < creditor THEN debtor ELSE creditor END, \
      CASE WHEN debtor < creditor THEN creditor ELSE debtor END";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(GroupPairBalances::Table)
                .col(uuid(GroupPairBalances::TenantId))
                .col(uuid(GroupPairBalances::GroupId))
                .col(uuid(GroupPairBalances::LowMemberId))
                .col(uuid(GroupPairBalances::HighMemberId))
                .col(big_integer(GroupPairBalances::Amount))
                .primary_key(
                    Index::create()
                        .col(GroupPairBalances::GroupId)
                        .col(GroupPairBalances::LowMemberId)
                        .col(GroupPairBalances::HighMemberId),
                )
                .foreign_key(&mut fk_cascade(
                    "fk_group_pair_balances_group",
                    (GroupPairBalances::Table, GroupPairBalances::GroupId),
                    (ExpenseGroups::Table, ExpenseGroups::Id),
                ))
                .foreign_key(&mut fk_cascade(
                    "fk_group_pair_balances_low",
                    (GroupPairBalances::Table, GroupPairBalances::LowMemberId),
                    (ExpenseGroupMembers::Table, ExpenseGroupMembers::Id),
                ))
                .foreign_key(&mut fk_cascade(
                    "fk_group_pair_balances_high",
                    (GroupPairBalances::Table, GroupPairBalances::HighMemberId),
                    (ExpenseGroupMembers::Table, ExpenseGroupMembers::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO group_pair_balances (tenant_id, group_id, low_member_id, high_member_id, amount) {RECOMPUTE_SQL}"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(GroupPairBalances::Table).to_owned())
            .await
    }
}
