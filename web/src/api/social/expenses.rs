//! Group expenses: `/social/expense-groups/{id}/expenses` and `/social/group-expenses/{id}`.

use super::{SocialTags, date, instant};
use crate::api::body::JsonBodyAs;
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::api::wire::{JsonObject, WriteJson};
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::pagination::Page;
use hisaab_service::social::{
    self, ExpenseFilter, ExpenseInput, ExpenseSummary, ExpenseView, ItemInput, ParticipantInput, PayerInput,
    ShareView, SplitInput,
};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub struct ExpensesApi;

/// Someone who paid towards the expense.
#[derive(Object, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PayerRequest {
    pub member_id: String,
    /// In the expense's currency. The payers' amounts must add up to the total.
    pub amount: String,
    /// Only for you: the account you paid from. The account drops by what you
    /// paid; your share is an expense, the rest is owed to you.
    pub account_id: Option<String>,
}

/// Someone who shares the expense.
#[derive(Object, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ParticipantRequest {
    pub member_id: String,
    /// By method: the exact amount (`exact`), the percentage (`percentage`), the number of
    /// shares (`shares`) or the ± adjustment (`adjustment`); unused for `equal`.
    pub value: Option<String>,
}

/// One line of an itemized bill.
#[derive(Object, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ItemRequest {
    pub description: Option<String>,
    pub amount: String,
    /// Who shares this item (at least one).
    pub member_ids: Vec<String>,
}

/// How the expense is divided.
#[derive(Object, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    /// `equal`, `exact`, `percentage`, `shares`, `itemized` or `adjustment`.
    pub method: String,
    /// Who shares it. For `equal`, leaving it out (or sending `[]`) means every
    /// current member of the group; the other methods name each participant.
    pub participants: Option<Vec<ParticipantRequest>>,
    /// `itemized` only.
    pub items: Option<Vec<ItemRequest>>,
    /// `itemized` only: spread in proportion to each person's subtotal.
    pub tax: Option<String>,
    pub tip: Option<String>,
    pub discount: Option<String>,
}

/// A group expense as entered.
#[derive(Object, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct ExpenseRequest {
    pub description: String,
    /// `YYYY-MM-DD`.
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    pub date: String,
    /// In `currency`.
    pub total: String,
    /// Defaults to the group's currency.
    pub currency: Option<String>,
    /// Group-currency units per unit of `currency`; required when they differ.
    pub rate: Option<String>,
    pub payers: Vec<PayerRequest>,
    pub split: SplitRequest,
    pub notes: Option<String>,
    /// A finance expense category for your share, when you paid from an account.
    pub category_id: Option<String>,
}

impl poem_openapi::types::Example for ExpenseRequest {
    fn example() -> Self {
        let member = |n: u8| format!("01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e{n:02x}");
        Self {
            description: "Dinner at Fisherman's Wharf".into(),
            date: "2026-11-25".into(),
            total: "120.00".into(),
            currency: None,
            rate: None,
            payers: vec![PayerRequest {
                member_id: member(1),
                amount: "120.00".into(),
                account_id: None,
            }],
            split: SplitRequest {
                method: "shares".into(),
                participants: Some(vec![
                    ParticipantRequest {
                        member_id: member(1),
                        value: Some("1".into()),
                    },
                    ParticipantRequest {
                        member_id: member(2),
                        value: Some("2".into()),
                    },
                ]),
                items: None,
                tax: None,
                tip: None,
                discount: None,
            },
            notes: None,
            category_id: None,
        }
    }
}

impl From<ExpenseRequest> for ExpenseInput {
    fn from(r: ExpenseRequest) -> Self {
        Self {
            description: r.description,
            date: r.date,
            total: r.total,
            currency: r.currency,
            rate: r.rate,
            payers: r
                .payers
                .into_iter()
                .map(|p| PayerInput {
                    member_id: p.member_id,
                    amount: p.amount,
                    account_id: p.account_id,
                })
                .collect(),
            split: SplitInput {
                method: r.split.method,
                participants: r
                    .split
                    .participants
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| ParticipantInput {
                        member_id: p.member_id,
                        value: p.value,
                    })
                    .collect(),
                items: r
                    .split
                    .items
                    .unwrap_or_default()
                    .into_iter()
                    .map(|i| ItemInput {
                        description: i.description.unwrap_or_default(),
                        amount: i.amount,
                        member_ids: i.member_ids,
                    })
                    .collect(),
                tax: r.split.tax,
                tip: r.split.tip,
                discount: r.split.discount,
            },
            notes: r.notes,
            category_id: r.category_id,
        }
    }
}

/// One member's part of an expense.
#[derive(Object, Serialize)]
pub struct Share {
    pub member_id: uuid::Uuid,
    pub name: String,
    /// In the group's currency.
    pub amount: String,
}

impl From<ShareView> for Share {
    fn from(s: ShareView) -> Self {
        Self {
            member_id: s.member_id.0,
            name: s.name,
            amount: s.amount.to_string(),
        }
    }
}

#[derive(Object)]
pub struct Expense {
    pub id: uuid::Uuid,
    pub group_id: uuid::Uuid,
    pub description: String,
    pub date: String,
    /// In the group's currency.
    pub total: String,
    pub currency: String,
    /// As entered.
    pub original_amount: String,
    pub original_currency: String,
    /// Group-currency units per unit of the original currency.
    pub rate: String,
    pub split_method: String,
    /// What each payer paid (group currency).
    pub payers: Vec<Share>,
    /// What each member owes (group currency); sums exactly to `total`.
    pub shares: Vec<Share>,
    /// Increases with every change; the ETag.
    pub version: i32,
    /// A deleted expense can be restored.
    pub deleted: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<ExpenseView> for Expense {
    fn from(e: ExpenseView) -> Self {
        Self {
            id: e.id.0,
            group_id: e.group_id.0,
            description: e.description,
            date: date(e.date),
            total: e.total.to_string(),
            currency: e.total.currency().code().into(),
            original_amount: e.original.to_string(),
            original_currency: e.original.currency().code().into(),
            rate: e.rate.to_string(),
            split_method: e.split_method,
            payers: e.payers.into_iter().map(Into::into).collect(),
            shares: e.shares.into_iter().map(Into::into).collect(),
            version: e.version,
            deleted: e.deleted,
            created_at: instant(e.created_at),
            updated_at: instant(e.updated_at),
        }
    }
}

/// An expense as the list shows it: who paid, and your part. Every member's
/// share is on the expense's own endpoint (`GET /group-expenses/{id}`).
#[derive(Object, Serialize)]
pub struct ExpenseListItem {
    pub id: uuid::Uuid,
    pub group_id: uuid::Uuid,
    pub description: String,
    pub date: String,
    /// In the group's currency.
    pub total: String,
    pub currency: String,
    /// As entered.
    pub original_amount: String,
    pub original_currency: String,
    /// Group-currency units per unit of the original currency.
    pub rate: String,
    pub split_method: String,
    /// The finance category chosen for the expense, if any.
    pub category_id: Option<uuid::Uuid>,
    /// What each payer paid (group currency).
    pub payers: Vec<Share>,
    /// What you owe of it (group currency); `null` when you are not in the split.
    pub your_share: Option<String>,
    /// What you paid towards it (group currency); `null` when nothing.
    pub you_paid: Option<String>,
    /// Increases with every change; the ETag of the expense.
    pub version: i32,
    /// A deleted expense can be restored.
    pub deleted: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<ExpenseSummary> for ExpenseListItem {
    fn from(e: ExpenseSummary) -> Self {
        Self {
            id: e.id.0,
            group_id: e.group_id.0,
            description: e.description,
            date: date(e.date),
            total: e.total.to_string(),
            currency: e.total.currency().code().into(),
            original_amount: e.original.to_string(),
            original_currency: e.original.currency().code().into(),
            rate: e.rate.to_string(),
            split_method: e.split_method,
            category_id: e.category_id.map(|c| c.0),
            payers: e.payers.into_iter().map(Into::into).collect(),
            your_share: e.your_share.map(|m| m.to_string()),
            you_paid: e.you_paid.map(|m| m.to_string()),
            version: e.version,
            deleted: e.deleted,
            created_at: instant(e.created_at),
            updated_at: instant(e.updated_at),
        }
    }
}

/// A page of a group's expenses, newest first.
#[derive(Object, Serialize)]
pub struct ExpenseList {
    pub items: Vec<ExpenseListItem>,
    /// Pass as `cursor` (with the same filters) for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// An `ExpenseList` written straight from the page the view cache holds: no
/// copy of its items, no `ExpenseListItem` (and its dozen strings) per item,
/// no escaping of what cannot need it (`api::wire`). Documented as
/// `ExpenseList`; `tests::the_list_body_is_byte_for_byte_an_expense_list`
/// holds the two equal.
pub struct ExpenseListBody(Arc<Page<ExpenseSummary>>);

impl WriteJson for ExpenseListBody {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut list = JsonObject::begin(out);
        list.array("items", &self.0.items, write_expense_summary);
        list.opt_text("next_cursor", self.0.next_cursor.as_deref());
        list.end();
    }
}

/// One `ExpenseSummary` as an `ExpenseListItem`, member for member.
fn write_expense_summary(out: &mut Vec<u8>, e: &ExpenseSummary) {
    let mut o = JsonObject::begin(out);
    o.uuid("id", e.id.0);
    o.uuid("group_id", e.group_id.0);
    o.text("description", &e.description);
    o.date("date", e.date);
    o.plain_display("total", e.total);
    o.plain("currency", e.total.currency().code());
    o.plain_display("original_amount", e.original);
    o.plain("original_currency", e.original.currency().code());
    o.plain_display("rate", e.rate);
    o.plain("split_method", &e.split_method);
    o.opt_uuid("category_id", e.category_id.map(|c| c.0));
    o.array("payers", &e.payers, write_share);
    match e.your_share {
        Some(m) => o.plain_display("your_share", m),
        None => o.null("your_share"),
    }
    match e.you_paid {
        Some(m) => o.plain_display("you_paid", m),
        None => o.null("you_paid"),
    }
    o.serde("version", &e.version);
    o.serde("deleted", &e.deleted);
    o.instant("created_at", e.created_at);
    o.instant("updated_at", e.updated_at);
    o.end();
}

/// One `ShareView` as a `Share`.
fn write_share(out: &mut Vec<u8>, s: &ShareView) {
    let mut o = JsonObject::begin(out);
    o.uuid("member_id", s.member_id.0);
    o.text("name", &s.name);
    o.plain_display("amount", s.amount);
    o.end();
}

#[derive(ApiResponse)]
pub enum ExpenseCreated {
    /// Added (or, for a repeated `Idempotency-Key`, the expense added the first time).
    #[oai(status = 201)]
    Created(
        Json<Expense>,
        #[oai(header = "Location")] String,
        #[oai(header = "ETag")] String,
    ),
}

#[derive(ApiResponse)]
pub enum ExpenseResponse {
    /// The expense; `ETag` for `If-Match` on a later `PATCH`.
    #[oai(status = 200)]
    Ok(Json<Expense>, #[oai(header = "ETag")] String),
}

fn respond(e: ExpenseView) -> ExpenseResponse {
    let etag = e.etag();
    ExpenseResponse::Ok(Json(e.into()), etag)
}

#[OpenApi(prefix_path = "/social", tag = "SocialTags::GroupExpenses")]
impl ExpensesApi {
    /// Add an expense to a group
    ///
    /// Payers' amounts must add up to the total, and the split must add up too (exact
    /// amounts to the total, percentages to 100, every item to someone): otherwise a 422
    /// names the field and says by how much.
    #[oai(path = "/expense-groups/:id/expenses", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
        body: ApiJson<ExpenseRequest>,
    ) -> Result<ExpenseCreated, ApiError> {
        let e = social::add_expense(&state.app, &auth.0, key.0.as_deref(), id.0.into(), body.0.into())
            .await?
            .value;
        let (location, etag) = (format!("/api/v1/social/group-expenses/{}", e.id), e.etag());
        Ok(ExpenseCreated::Created(Json(e.into()), location, etag))
    }

    /// List a group's expenses
    ///
    /// Newest first (date, then id), in pages of `limit` with `next_cursor`; every
    /// filter narrows the list, and a cursor only works with the filters that made it.
    /// `deleted=true` lists deleted (restorable) ones. Each item is a summary (payers,
    /// your share); every member's share is on `GET /group-expenses/{id}`.
    #[oai(path = "/expense-groups/:id/expenses", method = "get")]
    #[expect(
        clippy::too_many_arguments,
        reason = "one parameter per query filter: poem-openapi documents each"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        deleted: Query<Option<bool>>,
        /// Text in the description, any case (1–100 characters).
        #[oai(validator(max_length = 100))]
        q: Query<Option<String>>,
        /// A member of the group who paid towards or shares the expense.
        member_id: Query<Option<uuid::Uuid>>,
        /// `YYYY-MM-DD`, inclusive.
        #[oai(validator(
            pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
        ))]
        from: Query<Option<String>>,
        /// `YYYY-MM-DD`, inclusive; on or after `from`.
        #[oai(validator(
            pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
        ))]
        to: Query<Option<String>>,
        /// The finance category chosen for the expense.
        category_id: Query<Option<uuid::Uuid>>,
        cursor: Query<Option<String>>,
        /// 1–200, default 50.
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<JsonBodyAs<ExpenseList, ExpenseListBody>, ApiError> {
        let filter = ExpenseFilter {
            deleted: deleted.0.unwrap_or(false),
            q: q.0,
            member_id: member_id.0.map(|m| m.to_string()),
            from: from.0,
            to: to.0,
            category_id: category_id.0.map(|c| c.to_string()),
            cursor: cursor.0,
            limit: limit.0,
        };
        let page = social::expense_page(&state.app, &auth.0, id.0.into(), filter).await?;
        Ok(JsonBodyAs::new(ExpenseListBody(page)))
    }

    /// Get an expense
    #[oai(path = "/group-expenses/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ExpenseResponse, ApiError> {
        Ok(respond(
            social::get_expense(&state.app, &auth.0, id.0.into()).await?,
        ))
    }

    /// Edit an expense
    ///
    /// Send the whole expense as it should now be. With `If-Match` (the ETag from `GET`),
    /// a change made meanwhile by someone else is a 412. The earlier version stays in the
    /// group's activity.
    #[oai(path = "/group-expenses/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "If-Match")] if_match: Header<Option<String>>,
        body: ApiJson<ExpenseRequest>,
    ) -> Result<ExpenseResponse, ApiError> {
        Ok(respond(
            social::update_expense(
                &state.app,
                &auth.0,
                id.0.into(),
                if_match.0.as_deref(),
                body.0.into(),
            )
            .await?,
        ))
    }

    /// Delete an expense
    ///
    /// Undo with `POST /group-expenses/{id}/restore`.
    #[oai(path = "/group-expenses/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The expense's `ETag`: a 412 when it changed since you read it.
        #[oai(name = "If-Match")]
        if_match: Header<Option<String>>,
        /// A retry with the same key answers as the first request did and changes nothing.
        #[oai(name = "Idempotency-Key")]
        key: Header<Option<String>>,
    ) -> Result<ExpenseResponse, ApiError> {
        Ok(respond(
            social::delete_expense(
                &state.app,
                &auth.0,
                id.0.into(),
                if_match.0.as_deref(),
                key.0.as_deref(),
            )
            .await?,
        ))
    }

    /// Restore a deleted expense
    #[oai(path = "/group-expenses/:id/restore", method = "post")]
    async fn restore(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The expense's `ETag`: a 412 when it changed since you read it.
        #[oai(name = "If-Match")]
        if_match: Header<Option<String>>,
        /// A retry with the same key answers as the first request did and changes nothing.
        #[oai(name = "Idempotency-Key")]
        key: Header<Option<String>>,
    ) -> Result<ExpenseResponse, ApiError> {
        Ok(respond(
            social::restore_expense(
                &state.app,
                &auth.0,
                id.0.into(),
                if_match.0.as_deref(),
                key.0.as_deref(),
            )
            .await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hisaab_service::entity::social::{ExpenseGroupId, GroupExpenseId, GroupMemberId};
    use hisaab_service::finance::CategoryId;
    use hisaab_service::money::{Currency, Money};
    use time::macros::{date, datetime};

    fn summary(everything: bool) -> ExpenseSummary {
        let jpy = Currency::parse("JPY").unwrap();
        let usd = Currency::parse("USD").unwrap();
        let share = |name: &str, amount: i64| ShareView {
            member_id: GroupMemberId(uuid::Uuid::now_v7()),
            name: name.into(),
            amount: Money::from_storage(amount, usd),
        };
        ExpenseSummary {
            id: GroupExpenseId(uuid::Uuid::now_v7()),
            group_id: ExpenseGroupId(uuid::Uuid::now_v7()),
            description: "Café \"Ñ\" \\ tab\there <b>".into(),
            date: date!(2026 - 02 - 28),
            total: Money::from_storage(1_234_567, usd),
            original: if everything {
                Money::from_storage(150_000, jpy)
            } else {
                Money::from_storage(1_234_567, usd)
            },
            rate: if everything {
                "0.00823045".parse().unwrap()
            } else {
                rust_decimal::Decimal::ONE
            },
            split_method: if everything { "shares" } else { "equal" }.into(),
            category_id: everything.then(|| CategoryId(uuid::Uuid::now_v7())),
            payers: if everything {
                vec![share("Bilal \"B\"", 1_000_000), share("You", 234_567)]
            } else {
                vec![]
            },
            your_share: everything.then(|| Money::from_storage(-5, usd)),
            you_paid: everything.then(|| Money::from_storage(234_567, usd)),
            version: if everything { 7 } else { 1 },
            deleted: everything,
            created_at: datetime!(2026-12-04 02:37:47.321798 UTC),
            updated_at: datetime!(2026-12-05 00:00:00 UTC),
        }
    }

    /// What the list writes equals what the documented `ExpenseList` would
    /// send, as poem-openapi writes it, field for field.
    #[test]
    fn the_list_body_is_byte_for_byte_an_expense_list() {
        let full = (vec![summary(true), summary(false)], Some("a\"b".to_string()));
        let empty = (vec![], None);
        for (items, next_cursor) in [full, empty] {
            let documented = ExpenseList {
                items: items.iter().cloned().map(ExpenseListItem::from).collect(),
                next_cursor: next_cursor.clone(),
            };
            let body = ExpenseListBody(Arc::new(Page { items, next_cursor }));
            crate::api::wire::assert_writes_as(&body, &documented);
        }
    }
}
