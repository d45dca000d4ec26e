//! `/social/peer-debts`.

use super::settlements::{Settlement, SettlementCreated};
use super::{SocialTags, date, instant};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::social::{self, DebtFilter, DebtInput, DebtView, SettlementInput};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

pub struct DebtsApi;

/// A new IOU. Linking it to an account (`account_id`) arrives with personal finance.
#[derive(Object, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct CreateDebt {
    pub contact_id: String,
    /// `lent` (they owe you) or `borrowed` (you owe them).
    #[oai(validator(pattern = r"^\s*(lent|borrowed)\s*$"))]
    pub direction: String,
    /// Decimal string with at most the currency's decimals.
    pub amount: String,
    pub currency: String,
    /// `YYYY-MM-DD`.
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    pub date: String,
    pub reason: Option<String>,
    pub due_date: Option<String>,
    /// One of your accounts in `currency`: lending takes the money out of it,
    /// borrowing puts it in (neither is income or expense).
    pub account_id: Option<String>,
}

impl poem_openapi::types::Example for CreateDebt {
    fn example() -> Self {
        Self {
            contact_id: "01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e5f".into(),
            direction: "lent".into(),
            amount: "1500.00".into(),
            currency: "INR".into(),
            date: "2026-11-25".into(),
            reason: Some("Concert tickets".into()),
            due_date: Some("2026-12-31".into()),
            account_id: None,
        }
    }
}

/// A payment against a debt.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct SettleDebt {
    /// At most what is outstanding.
    pub amount: String,
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    pub date: String,
    /// `cash` (default), `bank_transfer`, `upi`, `card` or `other`.
    #[oai(validator(pattern = r"^\s*(cash|bank_transfer|upi|card|other)?\s*$"))]
    pub method: Option<String>,
    pub notes: Option<String>,
}

impl poem_openapi::types::Example for SettleDebt {
    fn example() -> Self {
        Self {
            amount: "500.00".into(),
            date: "2026-12-01".into(),
            method: Some("upi".into()),
            notes: None,
        }
    }
}

/// An IOU and what is left of it.
#[derive(Object)]
pub struct Debt {
    pub id: uuid::Uuid,
    pub contact_id: uuid::Uuid,
    pub contact_name: String,
    /// `lent` or `borrowed`.
    pub direction: String,
    pub amount: String,
    pub currency: String,
    /// Paid back so far.
    pub settled: String,
    /// `amount − settled`.
    pub outstanding: String,
    /// `open`, `partially_settled` or `settled`.
    pub status: String,
    pub date: String,
    pub reason: Option<String>,
    pub due_date: Option<String>,
    pub created_at: String,
}

impl From<DebtView> for Debt {
    fn from(d: DebtView) -> Self {
        Self {
            id: d.id.0,
            contact_id: d.contact_id.0,
            contact_name: d.contact_name.clone(),
            direction: d.direction_name().into(),
            amount: d.amount.to_string(),
            currency: d.amount.currency().code().into(),
            settled: d.settled.to_string(),
            outstanding: d.outstanding.to_string(),
            status: d.status.as_str().into(),
            date: date(d.date),
            reason: d.reason,
            due_date: d.due_date.map(date),
            created_at: instant(d.created_at),
        }
    }
}

#[derive(Object)]
pub struct DebtList {
    pub items: Vec<Debt>,
    pub next_cursor: Option<String>,
}

#[derive(ApiResponse)]
pub enum DebtCreated {
    /// Recorded (or, for a repeated `Idempotency-Key`, the debt recorded the first time).
    #[oai(status = 201)]
    Created(Json<Debt>, #[oai(header = "Location")] String),
}

#[OpenApi(prefix_path = "/social", tag = "SocialTags::PeerDebts")]
impl DebtsApi {
    /// Record an IOU
    #[oai(path = "/peer-debts", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
        body: ApiJson<CreateDebt>,
    ) -> Result<DebtCreated, ApiError> {
        let b = body.0;
        let input = DebtInput {
            contact_id: b.contact_id,
            direction: b.direction,
            amount: b.amount,
            currency: b.currency,
            date: b.date,
            reason: b.reason,
            due_date: b.due_date,
            account_id: b.account_id,
        };
        let d = social::record_debt(&state.app, &auth.0, key.0.as_deref(), input)
            .await?
            .value;
        let location = format!("/api/v1/social/peer-debts/{}", d.id);
        Ok(DebtCreated::Created(Json(d.into()), location))
    }

    /// List IOUs
    ///
    /// Newest first. `status=open` (open or partially settled), `settled`, or `all`.
    #[oai(path = "/peer-debts", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        contact_id: Query<Option<uuid::Uuid>>,
        /// `open`, `settled` or `all` (default).
        #[oai(validator(pattern = "^(all|open|settled)$"))]
        status: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<DebtList>, ApiError> {
        let contact_id = contact_id.0.map(Into::into);
        let page = social::list_debts(
            &state.app,
            &auth.0,
            DebtFilter {
                contact_id,
                status: status.0,
                cursor: cursor.0,
                limit: limit.0,
            },
        )
        .await?;
        Ok(Json(DebtList {
            items: page.items.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Get an IOU
    #[oai(path = "/peer-debts/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Debt>, ApiError> {
        Ok(Json(
            social::get_debt(&state.app, &auth.0, id.0.into()).await?.into(),
        ))
    }

    /// Pay off part or all of an IOU
    ///
    /// More than what is outstanding is a 422. Concurrent payments never over-settle.
    #[oai(path = "/peer-debts/:id/settlements", method = "post")]
    async fn settle(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
        body: ApiJson<SettleDebt>,
    ) -> Result<SettlementCreated, ApiError> {
        let b = body.0;
        let input = SettlementInput {
            amount: b.amount,
            date: b.date,
            method: b.method,
            notes: b.notes,
            ..Default::default()
        };
        let s = social::settle_debt(&state.app, &auth.0, key.0.as_deref(), id.0.into(), input)
            .await?
            .value;
        let location = format!("/api/v1/social/peer-debts/{}", id.0);
        Ok(SettlementCreated::Created(Json(Settlement::from(s)), location))
    }
}
