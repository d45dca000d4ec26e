//! Transactions: `/finance/transactions` with reverse, correct and history.

use super::{FinanceTags, instant, location};
use crate::api::body::JsonBodyAs;
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::api::wire::{JsonObject, WriteJson};
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::TransactionId;
use hisaab_service::finance::transactions::{
    self, Correction, EditView, NewTransaction, ReverseInput, Totals, TransactionEdits, TransactionFilter,
    TransactionView,
};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::{Deserialize, Serialize};

/// An income or expense record. Money fields never change: reverse or correct it instead.
#[derive(Object, Serialize)]
pub struct Transaction {
    pub id: uuid::Uuid,
    pub account_id: uuid::Uuid,
    /// `income` or `expense`.
    pub kind: String,
    /// Decimal string in the account's currency. Positive; negative only on a
    /// reversing record (`reverses_id` set), so totals by kind net to zero.
    pub amount: String,
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub description: String,
    pub payee: Option<String>,
    pub category_id: Option<uuid::Uuid>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// Set on both legs of a transfer (cash flow ignores them).
    pub transfer_id: Option<uuid::Uuid>,
    /// On a reversing record: the record it reverses.
    pub reverses_id: Option<uuid::Uuid>,
    /// On a reversed record: its reversal.
    pub reversed_by_id: Option<uuid::Uuid>,
    /// On a correcting record: the record it replaces.
    pub corrects_id: Option<uuid::Uuid>,
    /// On a corrected record: its replacement.
    pub corrected_by_id: Option<uuid::Uuid>,
    /// Why it was reversed (on the reversing record).
    pub reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<TransactionView> for Transaction {
    fn from(t: TransactionView) -> Self {
        Self {
            id: t.id.0,
            account_id: t.account_id.0,
            kind: t.kind.as_str().into(),
            amount: t.amount.to_string(),
            currency: t.currency.code().into(),
            date: t.date_text(),
            description: t.description,
            payee: t.payee,
            category_id: t.category_id.map(|c| c.0),
            tags: t.tags,
            notes: t.notes,
            transfer_id: t.transfer_id.map(|x| x.0),
            reverses_id: t.reverses_id.map(|x| x.0),
            reversed_by_id: t.reversed_by_id.map(|x| x.0),
            corrects_id: t.corrects_id.map(|x| x.0),
            corrected_by_id: t.corrected_by_id.map(|x| x.0),
            reason: t.reason,
            created_at: instant(t.created_at),
            updated_at: instant(t.updated_at),
        }
    }
}

#[derive(Object, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateTransaction {
    account_id: uuid::Uuid,
    /// `income` or `expense`.
    #[oai(validator(pattern = r"^\s*(income|expense)\s*$"))]
    kind: String,
    /// A positive decimal string with at most the currency's decimals (`"12.50"`; `"1200"` for JPY).
    amount: String,
    /// Optional; when given it must be the account's currency.
    currency: Option<String>,
    /// `YYYY-MM-DD` between 1900 and 2200.
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    date: String,
    description: Option<String>,
    payee: Option<String>,
    /// A category of the same kind.
    category_id: Option<uuid::Uuid>,
    /// Up to 20 tags of at most 32 characters.
    tags: Option<Vec<String>>,
    notes: Option<String>,
}

impl poem_openapi::types::Example for CreateTransaction {
    fn example() -> Self {
        Self {
            account_id: uuid::Uuid::nil(),
            kind: "expense".into(),
            amount: "12.50".into(),
            currency: Some("USD".into()),
            date: "2026-11-25".into(),
            description: Some("Lunch".into()),
            payee: Some("Corner cafe".into()),
            category_id: None,
            tags: Some(vec!["work".into()]),
            notes: None,
        }
    }
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReverseRequest {
    /// Why (1–500 characters); kept on the reversing record.
    reason: String,
}

/// What changes; anything left out is copied from the original.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectRequest {
    account_id: Option<uuid::Uuid>,
    #[oai(validator(pattern = r"^\s*(income|expense)?\s*$"))]
    kind: Option<String>,
    amount: Option<String>,
    currency: Option<String>,
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    date: Option<String>,
    description: Option<String>,
    payee: Option<String>,
    category_id: Option<uuid::Uuid>,
    tags: Option<Vec<String>>,
    notes: Option<String>,
    /// Kept on the reversal; default "Corrected".
    reason: Option<String>,
}

/// Editable fields; `null` clears payee, category or notes. Each edit is kept in the history.
/// Money fields (`account_id`, `kind`, `amount`, `currency`, `date`) are never edited:
/// `POST /finance/transactions/{id}/correct` changes them (a 422 here).
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateTransaction {
    description: Option<String>,
    #[oai(nullable)]
    #[serde(default)]
    payee: MaybeUndefined<String>,
    #[oai(nullable)]
    #[serde(default)]
    category_id: MaybeUndefined<uuid::Uuid>,
    tags: Option<Vec<String>>,
    #[oai(nullable)]
    #[serde(default)]
    notes: MaybeUndefined<String>,
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    account_id: (),
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    kind: (),
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    amount: (),
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    currency: (),
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    date: (),
}

/// A money field in an edit: refused with the way to change it.
fn through_correct<'de, D: serde::Deserializer<'de>>(_: D) -> Result<(), D::Error> {
    Err(serde::de::Error::custom(
        "cannot be edited: money fields are changed with POST /api/v1/finance/transactions/{id}/correct \
         (a reversal and a corrected record)",
    ))
}

/// Totals in one currency (transfers between your own accounts excluded).
#[derive(Object, Serialize)]
struct CurrencyTotals {
    currency: String,
    income: String,
    expense: String,
    net: String,
}

impl From<&Totals> for CurrencyTotals {
    fn from(t: &Totals) -> Self {
        Self {
            currency: t.currency.code().into(),
            income: t.income.to_string(),
            expense: t.expense.to_string(),
            net: t.net.to_string(),
        }
    }
}

/// Totals of every record matching the filter (not just this page).
#[derive(Object, Serialize)]
struct ListTotals {
    /// The currency of `income`/`expense`/`net` when the records use one currency; else `null` (see `by_currency`).
    currency: Option<String>,
    income: Option<String>,
    expense: Option<String>,
    net: Option<String>,
    by_currency: Vec<CurrencyTotals>,
}

#[derive(Object, Serialize)]
struct TransactionList {
    items: Vec<Transaction>,
    next_cursor: Option<String>,
    /// On the first page (no `cursor`) only: the totals are the same for
    /// every page of one filter; `null` on the pages after.
    totals: Option<ListTotals>,
}

/// A `TransactionList` written straight from the service's page: no
/// `Transaction` (and its ten strings) per item, and no escaping of what
/// cannot need it (`api::wire`). Documented as `TransactionList`;
/// `tests::the_list_body_is_byte_for_byte_a_transaction_list` holds the two
/// equal.
struct TransactionListBody {
    items: Vec<TransactionView>,
    next_cursor: Option<String>,
    totals: Option<ListTotals>,
}

impl WriteJson for TransactionListBody {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut list = JsonObject::begin(out);
        list.array("items", &self.items, write_transaction);
        list.opt_text("next_cursor", self.next_cursor.as_deref());
        list.serde("totals", &self.totals);
        list.end();
    }
}

/// One `TransactionView` as a `Transaction`, member for member.
fn write_transaction(out: &mut Vec<u8>, t: &TransactionView) {
    let mut o = JsonObject::begin(out);
    o.uuid("id", t.id.0);
    o.uuid("account_id", t.account_id.0);
    o.plain("kind", t.kind.as_str());
    o.plain_display("amount", t.amount);
    o.plain("currency", t.currency.code());
    o.date("date", t.date);
    o.text("description", &t.description);
    o.opt_text("payee", t.payee.as_deref());
    o.opt_uuid("category_id", t.category_id.map(|c| c.0));
    o.texts("tags", &t.tags);
    o.opt_text("notes", t.notes.as_deref());
    o.opt_uuid("transfer_id", t.transfer_id.map(|x| x.0));
    o.opt_uuid("reverses_id", t.reverses_id.map(|x| x.0));
    o.opt_uuid("reversed_by_id", t.reversed_by_id.map(|x| x.0));
    o.opt_uuid("corrects_id", t.corrects_id.map(|x| x.0));
    o.opt_uuid("corrected_by_id", t.corrected_by_id.map(|x| x.0));
    o.opt_text("reason", t.reason.as_deref());
    o.instant("created_at", t.created_at);
    o.instant("updated_at", t.updated_at);
    o.end();
}

#[derive(Object, Serialize)]
struct Change {
    field: String,
    before: serde_json::Value,
    after: serde_json::Value,
}

#[derive(Object, Serialize)]
struct Edit {
    at: String,
    user_id: uuid::Uuid,
    changes: Vec<Change>,
}

impl From<EditView> for Edit {
    fn from(e: EditView) -> Self {
        Self {
            at: instant(e.at),
            user_id: e.user_id.0,
            changes: e
                .changes
                .into_iter()
                .map(|c| Change {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
        }
    }
}

#[derive(Object, Serialize)]
struct History {
    items: Vec<Edit>,
}

#[derive(ApiResponse)]
enum Created {
    /// The record was written (or, for a replayed `Idempotency-Key`, was written before).
    #[oai(status = 201)]
    Created(Json<Transaction>, #[oai(header = "Location")] String),
}

fn created(t: TransactionView) -> Created {
    let loc = location(&format!("/transactions/{}", t.id));
    Created::Created(Json(t.into()), loc)
}

pub struct TransactionsApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Transactions")]
impl TransactionsApi {
    /// Record income or an expense
    #[oai(path = "/transactions", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// 1–255 visible characters: a retry with the same key and body returns the first result.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
        body: ApiJson<CreateTransaction>,
    ) -> Result<Created, ApiError> {
        let b = body.0;
        let input = NewTransaction {
            account_id: b.account_id.to_string(),
            kind: b.kind,
            amount: b.amount,
            currency: b.currency,
            date: b.date,
            description: b.description,
            payee: b.payee,
            category_id: b.category_id.map(|c| c.to_string()),
            tags: b.tags.unwrap_or_default(),
            notes: b.notes,
        };
        Ok(created(
            transactions::record_transaction(&state.app, &auth.0, input, idempotency_key.0.as_deref())
                .await?,
        ))
    }

    /// List transactions
    ///
    /// Newest first (date, then id). Filters combine; `totals` cover every matching record.
    #[oai(path = "/transactions", method = "get")]
    #[expect(
        clippy::too_many_arguments,
        reason = "one parameter per query filter: poem-openapi documents each"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        account_id: Query<Option<uuid::Uuid>>,
        category_id: Query<Option<uuid::Uuid>>,
        /// `income` or `expense`.
        #[oai(validator(pattern = "^(income|expense)$"))]
        kind: Query<Option<String>>,
        /// `YYYY-MM-DD`, inclusive.
        #[oai(validator(
            pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
        ))]
        from: Query<Option<String>>,
        /// `YYYY-MM-DD`, inclusive.
        #[oai(validator(
            pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
        ))]
        to: Query<Option<String>>,
        /// Text in the description, payee or notes.
        q: Query<Option<String>>,
        /// A decimal: up to 12 digits before the point and 4 after, optionally negative.
        #[oai(validator(pattern = r"^\s*-?\d{1,12}(\.\d{1,4})?\s*$"))]
        min_amount: Query<Option<String>>,
        /// Like `min_amount`.
        #[oai(validator(pattern = r"^\s*-?\d{1,12}(\.\d{1,4})?\s*$"))]
        max_amount: Query<Option<String>>,
        tag: Query<Option<String>>,
        cursor: Query<Option<String>>,
        /// 1–200, default 50.
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<JsonBodyAs<TransactionList, TransactionListBody>, ApiError> {
        let filter = TransactionFilter {
            account_id: account_id.0.map(|id| id.to_string()),
            category_id: category_id.0.map(|id| id.to_string()),
            kind: kind.0,
            from: from.0,
            to: to.0,
            q: q.0,
            min_amount: min_amount.0,
            max_amount: max_amount.0,
            tag: tag.0,
            cursor: cursor.0,
            limit: limit.0,
        };
        let page = transactions::list_transactions(&state.app, &auth.0, filter).await?;
        let totals = page.totals.map(|totals| {
            let single = (totals.len() == 1).then(|| &totals[0]);
            ListTotals {
                currency: single.map(|t| t.currency.code().to_string()),
                income: single.map(|t| t.income.to_string()),
                expense: single.map(|t| t.expense.to_string()),
                net: single.map(|t| t.net.to_string()),
                by_currency: totals.iter().map(CurrencyTotals::from).collect(),
            }
        });
        Ok(JsonBodyAs::new(TransactionListBody {
            items: page.items,
            next_cursor: page.next_cursor,
            totals,
        }))
    }

    /// Get a transaction
    #[oai(path = "/transactions/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Transaction>, ApiError> {
        Ok(Json(
            transactions::get_transaction(&state.app, &auth.0, TransactionId(id.0))
                .await?
                .into(),
        ))
    }

    /// Edit description, payee, category, tags or notes
    #[oai(path = "/transactions/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<UpdateTransaction>,
    ) -> Result<Json<Transaction>, ApiError> {
        let b = body.0;
        let category: Option<Option<uuid::Uuid>> = b.category_id.into();
        let edits = TransactionEdits {
            description: b.description,
            payee: b.payee.into(),
            category_id: category.map(|c| c.map(|c| c.to_string())),
            tags: b.tags,
            notes: b.notes.into(),
        };
        Ok(Json(
            transactions::update_transaction(&state.app, &auth.0, TransactionId(id.0), edits)
                .await?
                .into(),
        ))
    }

    /// Reverse a transaction
    ///
    /// Writes a linked record with the opposite amount (for a transfer leg: reverses both legs). Returns the reversing record.
    #[oai(path = "/transactions/:id/reverse", method = "post")]
    async fn reverse(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: ApiJson<ReverseRequest>,
    ) -> Result<Created, ApiError> {
        let input = ReverseInput {
            reason: body.0.reason,
        };
        Ok(created(
            transactions::reverse_transaction(
                &state.app,
                &auth.0,
                TransactionId(id.0),
                input,
                idempotency_key.0.as_deref(),
            )
            .await?,
        ))
    }

    /// Correct a transaction
    ///
    /// Reverses it and records the corrected replacement in one step, linked both ways. Returns the new record.
    #[oai(path = "/transactions/:id/correct", method = "post")]
    async fn correct(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: ApiJson<CorrectRequest>,
    ) -> Result<Created, ApiError> {
        let b = body.0;
        let c = Correction {
            account_id: b.account_id.map(|a| a.to_string()),
            kind: b.kind,
            amount: b.amount,
            currency: b.currency,
            date: b.date,
            description: b.description,
            payee: b.payee,
            category_id: b.category_id.map(|c| c.to_string()),
            tags: b.tags,
            notes: b.notes,
            reason: b.reason,
        };
        Ok(created(
            transactions::correct_transaction(
                &state.app,
                &auth.0,
                TransactionId(id.0),
                c,
                idempotency_key.0.as_deref(),
            )
            .await?,
        ))
    }

    /// Edit history of a transaction (before → after, who, when)
    #[oai(path = "/transactions/:id/history", method = "get")]
    async fn history(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<History>, ApiError> {
        let items = transactions::transaction_history(&state.app, &auth.0, TransactionId(id.0)).await?;
        Ok(Json(History {
            items: items.into_iter().map(Edit::from).collect(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hisaab_service::finance::{AccountId, CategoryId, Flow, TransferId};
    use hisaab_service::money::{Currency, Money};
    use time::macros::{date, datetime};

    fn view(everything: bool) -> TransactionView {
        let jpy = Currency::parse("JPY").unwrap();
        let usd = Currency::parse("USD").unwrap();
        let some_id = || everything.then(uuid::Uuid::now_v7);
        TransactionView {
            id: TransactionId(uuid::Uuid::now_v7()),
            account_id: AccountId(uuid::Uuid::now_v7()),
            kind: if everything { Flow::Income } else { Flow::Expense },
            amount: if everything {
                Money::from_storage(-1_234_500, usd)
            } else {
                Money::from_storage(120_000_000, jpy)
            },
            currency: if everything { usd } else { jpy },
            date: date!(2026 - 02 - 28),
            description: "Café \"Ñ\" \\ tab\there".into(),
            payee: everything.then(|| "Corner <shop>".into()),
            category_id: some_id().map(CategoryId),
            tags: if everything {
                vec!["work".into(), "trip-2026".into()]
            } else {
                vec![]
            },
            notes: everything.then(|| "line one\nline two".into()),
            transfer_id: some_id().map(TransferId),
            reverses_id: some_id().map(TransactionId),
            reversed_by_id: some_id().map(TransactionId),
            corrects_id: some_id().map(TransactionId),
            corrected_by_id: some_id().map(TransactionId),
            reason: everything.then(|| "Duplicate".into()),
            created_at: datetime!(2026-12-04 02:37:47.321798 UTC),
            updated_at: datetime!(2026-12-05 00:00:00 UTC),
        }
    }

    /// What the list writes equals what the documented `TransactionList`
    /// would send, as poem-openapi writes it, field for field.
    #[test]
    fn the_list_body_is_byte_for_byte_a_transaction_list() {
        let totals = Some(ListTotals {
            currency: Some("USD".into()),
            income: Some("1.00".into()),
            expense: Some("2.00".into()),
            net: Some("-1.00".into()),
            by_currency: vec![],
        });
        let full = (vec![view(true), view(false)], Some("a\"b".to_string()), totals);
        let empty = (vec![], None, None);
        for (items, next_cursor, totals) in [full, empty] {
            let documented = TransactionList {
                items: items.iter().cloned().map(Transaction::from).collect(),
                next_cursor: next_cursor.clone(),
                totals: totals.as_ref().map(|t: &ListTotals| ListTotals {
                    currency: t.currency.clone(),
                    income: t.income.clone(),
                    expense: t.expense.clone(),
                    net: t.net.clone(),
                    by_currency: vec![],
                }),
            };
            let body = TransactionListBody {
                items,
                next_cursor,
                totals,
            };
            crate::api::wire::assert_writes_as(&body, &documented);
        }
    }
}
