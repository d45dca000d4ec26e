//! Reading `fin_transactions` rows for lists, by column position.
//!
//! A list page is 51 rows. SeaORM's derived decoder looks every column up by
//! name and, for each NULL in an `Option` column, formats an error string it
//! then throws away (about ten per row); profiled under load that was a tenth
//! of the web process's CPU. A list also needs only the columns it shows. So
//! lists select `LISTED_COLUMNS` and `ListedRecord` decodes them by index
//! straight from the driver's row into the `TransactionView` a single read
//! builds from the entity's model; `tests/it/finance/transactions.rs` checks
//! both give the same views.

use super::transactions::TransactionView;
use super::{AccountId, CategoryId, TransactionId, TransferId, currency_of};
use crate::money::Money;
use hisaab_entity::finance::transaction;
use sea_orm::sqlx::{ColumnIndex, Decode, Row, Type};
use sea_orm::{DbErr, FromQueryResult, QueryResult};
use time::{Date, OffsetDateTime};

/// The columns a list shows, in the order `ListedRecord` reads them.
pub(crate) const LISTED_COLUMNS: [transaction::Column; 19] = {
    use transaction::Column as C;
    [
        C::Id,
        C::AccountId,
        C::Kind,
        C::Amount,
        C::Currency,
        C::Date,
        C::Description,
        C::Payee,
        C::CategoryId,
        C::Tags,
        C::Notes,
        C::TransferId,
        C::ReversesId,
        C::ReversedById,
        C::CorrectsId,
        C::CorrectedById,
        C::Reason,
        C::CreatedAt,
        C::UpdatedAt,
    ]
};

/// A listed record, and the viewer's revision when the list selected it
/// after `LISTED_COLUMNS` (see `listing::page_of`).
pub(crate) struct ListedRecord(pub TransactionView, pub Option<i64>);

type DriverResult<T> = Result<T, sea_orm::sqlx::Error>;

/// Decodes one row of any sqlx backend whose types we store.
fn decode<R>(row: &R) -> Result<ListedRecord, DbErr>
where
    R: Row,
    usize: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> uuid::Uuid: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<uuid::Uuid>: Decode<'r, R::Database>,
    for<'r> Date: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> OffsetDateTime: Decode<'r, R::Database> + Type<R::Database>,
{
    let driver = |e: sea_orm::sqlx::Error| DbErr::Custom(format!("reading a transaction row: {e}"));
    let id = |i: usize| -> DriverResult<Option<uuid::Uuid>> { row.try_get(i) };
    let currency_code: String = row.try_get(4).map_err(driver)?;
    let currency = currency_of(&currency_code).map_err(|e| DbErr::Custom(e.to_string()))?;
    let kind: String = row.try_get(2).map_err(driver)?;
    let kind = match kind.as_str() {
        "income" => "income",
        "expense" => "expense",
        other => return Err(DbErr::Custom(format!("stored record kind {other}"))),
    };
    let tags: String = row.try_get(9).map_err(driver)?;
    let view = TransactionView {
        id: TransactionId(row.try_get(0).map_err(driver)?),
        account_id: AccountId(row.try_get(1).map_err(driver)?),
        kind,
        amount: Money::from_storage(row.try_get(3).map_err(driver)?, currency),
        currency,
        date: row.try_get(5).map_err(driver)?,
        description: row.try_get(6).map_err(driver)?,
        payee: row.try_get(7).map_err(driver)?,
        category_id: id(8).map_err(driver)?.map(CategoryId),
        tags: super::tags_from_db(&tags),
        notes: row.try_get(10).map_err(driver)?,
        transfer_id: id(11).map_err(driver)?.map(TransferId),
        reverses_id: id(12).map_err(driver)?.map(TransactionId),
        reversed_by_id: id(13).map_err(driver)?.map(TransactionId),
        corrects_id: id(14).map_err(driver)?.map(TransactionId),
        corrected_by_id: id(15).map_err(driver)?.map(TransactionId),
        reason: row.try_get(16).map_err(driver)?,
        created_at: row.try_get(17).map_err(driver)?,
        updated_at: row.try_get(18).map_err(driver)?,
    };
    let revision = if row.len() > LISTED_COLUMNS.len() {
        Some(row.try_get(LISTED_COLUMNS.len()).map_err(driver)?)
    } else {
        None
    };
    Ok(ListedRecord(view, revision))
}

impl FromQueryResult for ListedRecord {
    fn from_query_result(res: &QueryResult, _pre: &str) -> Result<Self, DbErr> {
        if let Some(row) = res.try_as_pg_row() {
            decode(row)
        } else if let Some(row) = res.try_as_sqlite_row() {
            decode(row)
        } else {
            Err(DbErr::Custom(
                "transaction lists read PostgreSQL or SQLite rows".into(),
            ))
        }
    }
}
