//! Reading `fin_transactions` rows for lists, by column position.
//!
//! A list page is 51 rows. SeaORM's derived decoder looks every column up by
//! name and, for each NULL in an `Option` column, formats an error string it
//! then throws away (about ten per row); profiled under load that was a tenth
//! of the web process's CPU. A list also needs only the columns it shows. So
//! lists select `LISTED_COLUMNS` and `decode_page` reads them by index
//! straight from the driver's rows into the `TransactionView` a single read
//! builds from the entity's model; `tests/it/finance/transactions.rs` checks
//! both give the same views.

use super::transactions::TransactionView;
use super::{AccountId, CategoryId, Flow, TransactionId, TransferId, currency_of};
use crate::money::{Currency, Money};
use hisaab_entity::finance::transaction;
use sea_orm::sqlx::{ColumnIndex, Decode, Row};
use sea_orm::{DbErr, QueryResult};
use time::{Date, OffsetDateTime};

/// The columns a list shows, in the order `decode` reads them.
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

/// A page of listed records, and the viewer's revision when the list
/// selected it after `LISTED_COLUMNS` (see `listing::page_of`).
pub(crate) struct ListedPage {
    pub items: Vec<TransactionView>,
    pub revision: Option<i64>,
}

/// Decodes the rows of a list query.
pub(crate) fn decode_page(rows: &[QueryResult]) -> Result<ListedPage, DbErr> {
    let mut currencies = Currencies::default();
    let mut page = ListedPage {
        items: Vec::with_capacity(rows.len()),
        revision: None,
    };
    for res in rows {
        let (view, revision) = if let Some(row) = res.try_as_pg_row() {
            decode(row, &mut currencies)?
        } else if let Some(row) = res.try_as_sqlite_row() {
            decode(row, &mut currencies)?
        } else {
            return Err(DbErr::Custom(
                "transaction lists read PostgreSQL or SQLite rows".into(),
            ));
        };
        page.items.push(view);
        page.revision = page.revision.or(revision);
    }
    Ok(page)
}

/// The last currency code read and what it parsed to: a page's records are
/// in a handful of currencies, and parsing a code is a lookup among 180.
#[derive(Default)]
struct Currencies(Option<(String, Currency)>);

impl Currencies {
    fn of(&mut self, code: &str) -> Result<Currency, DbErr> {
        if let Some((last, currency)) = &self.0
            && last == code
        {
            return Ok(*currency);
        }
        let currency = currency_of(code).map_err(|e| DbErr::Custom(e.to_string()))?;
        self.0 = Some((code.to_string(), currency));
        Ok(currency)
    }
}

type DriverResult<T> = Result<T, sea_orm::sqlx::Error>;

/// Decodes one row of any sqlx backend whose types we store. The columns are
/// ours (the migrations fix their types), so values are decoded without
/// sqlx's per-value type comparison (`try_get_unchecked`): a mismatch is
/// still an error from the decoder, never a wrong value, and both backends'
/// suites read every column through here.
fn decode<R>(row: &R, currencies: &mut Currencies) -> Result<(TransactionView, Option<i64>), DbErr>
where
    R: Row,
    usize: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database>,
    for<'r> &'r str: Decode<'r, R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database>,
    for<'r> i64: Decode<'r, R::Database>,
    for<'r> uuid::Uuid: Decode<'r, R::Database>,
    for<'r> Option<uuid::Uuid>: Decode<'r, R::Database>,
    for<'r> Date: Decode<'r, R::Database>,
    for<'r> OffsetDateTime: Decode<'r, R::Database>,
{
    let driver = |e: sea_orm::sqlx::Error| DbErr::Custom(format!("reading a transaction row: {e}"));
    let id = |i: usize| -> DriverResult<Option<uuid::Uuid>> { row.try_get_unchecked(i) };
    // Text that only selects a value is read in place, not copied out.
    let currency = currencies.of(row.try_get_unchecked(4).map_err(driver)?)?;
    let kind = match row.try_get_unchecked::<&str, _>(2).map_err(driver)? {
        "income" => Flow::Income,
        "expense" => Flow::Expense,
        other => return Err(DbErr::Custom(format!("stored record kind {other}"))),
    };
    let tags: &str = row.try_get_unchecked(9).map_err(driver)?;
    let view = TransactionView {
        id: TransactionId(row.try_get_unchecked(0).map_err(driver)?),
        account_id: AccountId(row.try_get_unchecked(1).map_err(driver)?),
        kind,
        amount: Money::from_storage(row.try_get_unchecked(3).map_err(driver)?, currency),
        currency,
        date: row.try_get_unchecked(5).map_err(driver)?,
        description: row.try_get_unchecked(6).map_err(driver)?,
        payee: row.try_get_unchecked(7).map_err(driver)?,
        category_id: id(8).map_err(driver)?.map(CategoryId),
        tags: super::tags_from_db(tags),
        notes: row.try_get_unchecked(10).map_err(driver)?,
        transfer_id: id(11).map_err(driver)?.map(TransferId),
        reverses_id: id(12).map_err(driver)?.map(TransactionId),
        reversed_by_id: id(13).map_err(driver)?.map(TransactionId),
        corrects_id: id(14).map_err(driver)?.map(TransactionId),
        corrected_by_id: id(15).map_err(driver)?.map(TransactionId),
        reason: row.try_get_unchecked(16).map_err(driver)?,
        created_at: row.try_get_unchecked(17).map_err(driver)?,
        updated_at: row.try_get_unchecked(18).map_err(driver)?,
    };
    let revision = if row.len() > LISTED_COLUMNS.len() {
        Some(row.try_get_unchecked(LISTED_COLUMNS.len()).map_err(driver)?)
    } else {
        None
    };
    Ok((view, revision))
}
