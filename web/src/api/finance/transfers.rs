//! Transfers: `/finance/transfers`.

use super::{FinanceTags, instant, location};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::transfers::{self, NewTransfer, TransferView};
use hisaab_service::finance::{TransferId, format_date};
use poem::web::Data;
use poem_openapi::param::{Header, Path};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

/// Money moved between two of your accounts: an outflow and an inflow, linked.
#[derive(Object)]
struct Transfer {
    id: uuid::Uuid,
    from_account_id: uuid::Uuid,
    to_account_id: uuid::Uuid,
    from_transaction_id: uuid::Uuid,
    to_transaction_id: uuid::Uuid,
    /// Leaving `from_account_id`, in its currency.
    amount: String,
    currency: String,
    /// Arriving in `to_account_id`, in its currency.
    to_amount: String,
    to_currency: String,
    /// Units of `to_currency` per unit of `currency`, as a decimal string.
    rate: String,
    date: String,
    description: String,
    created_at: String,
}

impl From<TransferView> for Transfer {
    fn from(t: TransferView) -> Self {
        Self {
            id: t.id.0,
            from_account_id: t.from_account_id.0,
            to_account_id: t.to_account_id.0,
            from_transaction_id: t.from_transaction_id.0,
            to_transaction_id: t.to_transaction_id.0,
            amount: t.amount.to_string(),
            currency: t.amount.currency().code().into(),
            to_amount: t.to_amount.to_string(),
            to_currency: t.to_amount.currency().code().into(),
            rate: t.rate,
            date: format_date(t.date),
            description: t.description,
            created_at: instant(t.created_at),
        }
    }
}

/// A transfer. Across currencies give `to_amount` (the rate is derived) or
/// `rate` (converted HALF_UP); with neither, your recorded rate for the date is used.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateTransfer {
    from_account_id: uuid::Uuid,
    to_account_id: uuid::Uuid,
    /// Positive decimal string in the source account's currency.
    amount: String,
    to_amount: Option<String>,
    rate: Option<String>,
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    date: String,
    description: Option<String>,
}

impl poem_openapi::types::Example for CreateTransfer {
    fn example() -> Self {
        Self {
            from_account_id: uuid::Uuid::nil(),
            to_account_id: uuid::Uuid::max(),
            amount: "100.00".into(),
            to_amount: Some("8325.00".into()),
            rate: None,
            date: "2026-11-25".into(),
            description: Some("Savings".into()),
        }
    }
}

#[derive(ApiResponse)]
enum Created {
    #[oai(status = 201)]
    Created(Json<Transfer>, #[oai(header = "Location")] String),
}

pub struct TransfersApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Transfers")]
impl TransfersApi {
    /// Move money between two of your accounts
    #[oai(path = "/transfers", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: ApiJson<CreateTransfer>,
    ) -> Result<Created, ApiError> {
        let b = body.0;
        let input = NewTransfer {
            from_account_id: b.from_account_id.to_string(),
            to_account_id: b.to_account_id.to_string(),
            amount: b.amount,
            to_amount: b.to_amount,
            rate: b.rate,
            date: b.date,
            description: b.description,
        };
        let t = transfers::record_transfer(&state.app, &auth.0, input, idempotency_key.0.as_deref()).await?;
        let loc = location(&format!("/transfers/{}", t.id));
        Ok(Created::Created(Json(t.into()), loc))
    }

    /// Get a transfer
    #[oai(path = "/transfers/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Transfer>, ApiError> {
        Ok(Json(
            transfers::get_transfer(&state.app, &auth.0, TransferId(id.0))
                .await?
                .into(),
        ))
    }
}
