//! Reading `fin_transactions` rows for lists, by column position.
//!
//! SeaORM's derived decoder looks every column up by name and, for each NULL
//! in an `Option` column, formats an error string it then throws away. A list
//! page is 51 rows with about ten NULL columns each; profiled under load that
//! was a tenth of the web process's CPU. `ListedRecord` decodes the same
//! columns by index straight from the driver's row, where a NULL is a flag.
//! The result is the entity's own `Model`, so everything after is unchanged;
//! `tests/it/finance/transactions.rs` checks both decoders agree.

use hisaab_entity::finance::{FlowKind, transaction};
use sea_orm::sqlx::Row;
use sea_orm::{ActiveEnum, DbErr, FromQueryResult, QueryResult};

/// A transaction row read positionally; select with `select_listed`.
pub(crate) struct ListedRecord(pub transaction::Model);

/// Decodes the entity's columns, in the entity's order, from a driver row.
macro_rules! decode_model {
    ($row:expr) => {{
        let row = $row;
        (|| -> Result<_, sea_orm::sqlx::Error> {
            let kind: String = row.try_get(3)?;
            Ok((
                kind,
                transaction::Model {
                    id: hisaab_entity::finance::TransactionId(row.try_get(0)?),
                    tenant_id: hisaab_entity::TenantId(row.try_get(1)?),
                    account_id: hisaab_entity::finance::AccountId(row.try_get(2)?),
                    // Set from the text above once out of the driver's error type.
                    kind: FlowKind::Income,
                    amount: row.try_get(4)?,
                    delta: row.try_get(5)?,
                    currency: row.try_get(6)?,
                    date: row.try_get(7)?,
                    description: row.try_get(8)?,
                    payee: row.try_get(9)?,
                    category_id: row
                        .try_get::<Option<uuid::Uuid>, _>(10)?
                        .map(hisaab_entity::finance::CategoryId),
                    tags: row.try_get(11)?,
                    notes: row.try_get(12)?,
                    transfer_id: row
                        .try_get::<Option<uuid::Uuid>, _>(13)?
                        .map(hisaab_entity::finance::TransferId),
                    reverses_id: row
                        .try_get::<Option<uuid::Uuid>, _>(14)?
                        .map(hisaab_entity::finance::TransactionId),
                    reversed_by_id: row
                        .try_get::<Option<uuid::Uuid>, _>(15)?
                        .map(hisaab_entity::finance::TransactionId),
                    corrects_id: row
                        .try_get::<Option<uuid::Uuid>, _>(16)?
                        .map(hisaab_entity::finance::TransactionId),
                    corrected_by_id: row
                        .try_get::<Option<uuid::Uuid>, _>(17)?
                        .map(hisaab_entity::finance::TransactionId),
                    reason: row.try_get(18)?,
                    social_id: row.try_get(19)?,
                    outside_flow: row.try_get(20)?,
                    created_by: hisaab_entity::UserId(row.try_get(21)?),
                    created_at: row.try_get(22)?,
                    updated_at: row.try_get(23)?,
                },
            ))
        })()
    }};
}

impl FromQueryResult for ListedRecord {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        let driver = |e: sea_orm::sqlx::Error| DbErr::Custom(format!("reading a transaction row: {e}"));
        let decoded = if let Some(row) = res.try_as_pg_row() {
            decode_model!(row).map_err(driver)?
        } else if let Some(row) = res.try_as_sqlite_row() {
            decode_model!(row).map_err(driver)?
        } else {
            return transaction::Model::from_query_result(res, pre).map(ListedRecord);
        };
        let (kind, mut model) = decoded;
        model.kind = FlowKind::try_from_value(&kind)?;
        Ok(ListedRecord(model))
    }
}

#[cfg(test)]
mod tests {
    use hisaab_entity::finance::transaction;
    use sea_orm::{EntityTrait, Iterable};

    /// The decoder reads by position: the entity's columns must stay in the
    /// order it expects.
    #[test]
    fn columns_are_in_the_decoders_order() {
        let names: Vec<String> = transaction::Column::iter()
            .map(|c| sea_orm::IdenStatic::as_str(&c).to_string())
            .collect();
        assert_eq!(
            names,
            [
                "id",
                "tenant_id",
                "account_id",
                "kind",
                "amount",
                "delta",
                "currency",
                "date",
                "description",
                "payee",
                "category_id",
                "tags",
                "notes",
                "transfer_id",
                "reverses_id",
                "reversed_by_id",
                "corrects_id",
                "corrected_by_id",
                "reason",
                "social_id",
                "outside_flow",
                "created_by",
                "created_at",
                "updated_at",
            ]
        );
        let _ = transaction::Entity::find();
    }
}
