//! Assets (`/finance/assets`, with `/valuations`) and liabilities
//! (`/finance/liabilities`, with `/balances`): one shape for both.

use super::{FinanceTags, instant, location};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::holdings::{
    self, HoldingChanges, HoldingView, NewHolding, NewValue, Side, ValueView,
};
use hisaab_service::finance::{HoldingId, format_date};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

/// An asset (what you own) or a liability (what you owe besides loans).
#[derive(Object)]
struct Holding {
    id: uuid::Uuid,
    /// `asset` or `liability`.
    side: String,
    /// Assets: `property`, `vehicle`, `investment`, `cash_equivalent`, `other`.
    /// Liabilities: `credit_card_debt`, `mortgage`, `personal_loan`, `other`.
    kind: String,
    name: String,
    currency: String,
    notes: Option<String>,
    archived: bool,
    /// The latest recorded value (a valuation or a balance), decimal string.
    current_value: String,
    /// The date of that value, `YYYY-MM-DD`; null when none is recorded.
    value_date: Option<String>,
    created_at: String,
}

impl From<HoldingView> for Holding {
    fn from(h: HoldingView) -> Self {
        Self {
            id: h.id.0,
            side: h.side.name().into(),
            kind: h.kind,
            name: h.name,
            currency: h.currency.code().into(),
            notes: h.notes,
            archived: h.archived,
            current_value: h.value.to_string(),
            value_date: h.value_date.map(format_date),
            created_at: instant(h.created_at),
        }
    }
}

/// A dated value: an asset's valuation or a liability's balance.
#[derive(Object)]
struct HoldingValue {
    id: uuid::Uuid,
    date: String,
    value: String,
    currency: String,
}

impl From<ValueView> for HoldingValue {
    fn from(v: ValueView) -> Self {
        Self {
            id: v.id.0,
            date: format_date(v.date),
            currency: v.value.currency().code().into(),
            value: v.value.to_string(),
        }
    }
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateHolding {
    kind: String,
    name: String,
    currency: String,
    notes: Option<String>,
    /// An optional first value (decimal string, zero or more).
    value: Option<String>,
    /// The date of that value (default today).
    value_date: Option<String>,
}

impl poem_openapi::types::Example for CreateHolding {
    fn example() -> Self {
        Self {
            kind: "property".into(),
            name: "Flat in Pune".into(),
            currency: "INR".into(),
            notes: None,
            value: Some("8500000.00".into()),
            value_date: Some("2026-11-01".into()),
        }
    }
}

impl From<CreateHolding> for NewHolding {
    fn from(b: CreateHolding) -> Self {
        Self {
            kind: b.kind,
            name: b.name,
            currency: b.currency,
            notes: b.notes,
            value: b.value,
            value_date: b.value_date,
        }
    }
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateHolding {
    name: Option<String>,
    notes: Option<String>,
    archived: Option<bool>,
}

/// `{date, value}`: recording a date again replaces its value.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateHoldingValue {
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    date: String,
    /// Decimal string, zero or more, with at most the currency's decimals.
    value: String,
}

impl poem_openapi::types::Example for CreateHoldingValue {
    fn example() -> Self {
        Self {
            date: "2026-11-25".into(),
            value: "8700000.00".into(),
        }
    }
}

#[derive(Object)]
struct HoldingList {
    items: Vec<Holding>,
    next_cursor: Option<String>,
}

#[derive(Object)]
struct HoldingValueList {
    /// Newest first.
    items: Vec<HoldingValue>,
    next_cursor: Option<String>,
}

#[derive(ApiResponse)]
enum Created {
    #[oai(status = 201)]
    Created(Json<Holding>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
enum ValueCreated {
    #[oai(status = 201)]
    Created(Json<HoldingValue>),
}

fn base(side: Side) -> &'static str {
    match side {
        Side::Asset => "/assets",
        Side::Liability => "/liabilities",
    }
}

async fn create(
    state: &AppState,
    auth: &BearerAuth,
    side: Side,
    b: CreateHolding,
    idempotency_key: Option<&str>,
) -> Result<Created, ApiError> {
    let h = holdings::create_holding_once(&state.app, &auth.0, side, b.into(), idempotency_key).await?;
    let loc = location(&format!("{}/{}", base(side), h.id));
    Ok(Created::Created(Json(h.into()), loc))
}

async fn list(
    state: &AppState,
    auth: &BearerAuth,
    side: Side,
    include_archived: Option<bool>,
    cursor: Option<String>,
    limit: Option<u64>,
) -> Result<Json<HoldingList>, ApiError> {
    let page = holdings::list_holdings(
        &state.app,
        &auth.0,
        side,
        include_archived.unwrap_or(false),
        cursor,
        limit,
    )
    .await?;
    Ok(Json(HoldingList {
        items: page.items.into_iter().map(Holding::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

async fn get(
    state: &AppState,
    auth: &BearerAuth,
    side: Side,
    id: uuid::Uuid,
) -> Result<Json<Holding>, ApiError> {
    Ok(Json(
        holdings::get_holding(&state.app, &auth.0, side, HoldingId(id))
            .await?
            .into(),
    ))
}

async fn update(
    state: &AppState,
    auth: &BearerAuth,
    side: Side,
    id: uuid::Uuid,
    b: UpdateHolding,
) -> Result<Json<Holding>, ApiError> {
    let changes = HoldingChanges {
        name: b.name,
        notes: b.notes.map(Some),
        archived: b.archived,
    };
    Ok(Json(
        holdings::update_holding(&state.app, &auth.0, side, HoldingId(id), changes)
            .await?
            .into(),
    ))
}

async fn values(
    state: &AppState,
    auth: &BearerAuth,
    side: Side,
    id: uuid::Uuid,
) -> Result<Json<HoldingValueList>, ApiError> {
    let items = holdings::list_values(&state.app, &auth.0, side, HoldingId(id)).await?;
    Ok(Json(HoldingValueList {
        items: items.into_iter().map(HoldingValue::from).collect(),
        next_cursor: None,
    }))
}

async fn add_value(
    state: &AppState,
    auth: &BearerAuth,
    side: Side,
    id: uuid::Uuid,
    key: Option<&str>,
    b: CreateHoldingValue,
) -> Result<ValueCreated, ApiError> {
    let input = NewValue {
        date: b.date,
        value: b.value,
    };
    let v = holdings::record_value(&state.app, &auth.0, side, HoldingId(id), input, key).await?;
    Ok(ValueCreated::Created(Json(v.into())))
}

pub struct AssetsApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Wealth")]
impl AssetsApi {
    /// Add an asset (property, vehicle, investment, cash equivalent, other)
    #[oai(path = "/assets", method = "post")]
    async fn create_asset(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateHolding>,
        /// A retry with the same key and body answers the same asset and adds no second one.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
    ) -> Result<Created, ApiError> {
        create(&state, &auth, Side::Asset, body.0, idempotency_key.0.as_deref()).await
    }

    /// Your assets with their latest valuations
    #[oai(path = "/assets", method = "get")]
    async fn list_assets(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        include_archived: Query<Option<bool>>,
        cursor: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
    ) -> Result<Json<HoldingList>, ApiError> {
        list(&state, &auth, Side::Asset, include_archived.0, cursor.0, limit.0).await
    }

    /// Get an asset
    #[oai(path = "/assets/:id", method = "get")]
    async fn get_asset(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Holding>, ApiError> {
        get(&state, &auth, Side::Asset, id.0).await
    }

    /// Rename, edit notes, archive or restore an asset
    #[oai(path = "/assets/:id", method = "patch")]
    async fn update_asset(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<UpdateHolding>,
    ) -> Result<Json<Holding>, ApiError> {
        update(&state, &auth, Side::Asset, id.0, body.0).await
    }

    /// An asset's valuation history, newest first
    #[oai(path = "/assets/:id/valuations", method = "get")]
    async fn asset_valuations(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<HoldingValueList>, ApiError> {
        values(&state, &auth, Side::Asset, id.0).await
    }

    /// Record an asset's value on a date
    #[oai(path = "/assets/:id/valuations", method = "post")]
    async fn value_asset(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: ApiJson<CreateHoldingValue>,
    ) -> Result<ValueCreated, ApiError> {
        add_value(
            &state,
            &auth,
            Side::Asset,
            id.0,
            idempotency_key.0.as_deref(),
            body.0,
        )
        .await
    }
}

pub struct LiabilitiesApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Wealth")]
impl LiabilitiesApi {
    /// Add a liability (credit card debt, mortgage, personal loan, other)
    #[oai(path = "/liabilities", method = "post")]
    async fn create_liability(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateHolding>,
        /// A retry with the same key and body answers the same liability and adds no second one.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
    ) -> Result<Created, ApiError> {
        create(
            &state,
            &auth,
            Side::Liability,
            body.0,
            idempotency_key.0.as_deref(),
        )
        .await
    }

    /// Your liabilities with their latest balances
    #[oai(path = "/liabilities", method = "get")]
    async fn list_liabilities(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        include_archived: Query<Option<bool>>,
        cursor: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
    ) -> Result<Json<HoldingList>, ApiError> {
        list(
            &state,
            &auth,
            Side::Liability,
            include_archived.0,
            cursor.0,
            limit.0,
        )
        .await
    }

    /// Get a liability
    #[oai(path = "/liabilities/:id", method = "get")]
    async fn get_liability(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Holding>, ApiError> {
        get(&state, &auth, Side::Liability, id.0).await
    }

    /// Rename, edit notes, archive or restore a liability
    #[oai(path = "/liabilities/:id", method = "patch")]
    async fn update_liability(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<UpdateHolding>,
    ) -> Result<Json<Holding>, ApiError> {
        update(&state, &auth, Side::Liability, id.0, body.0).await
    }

    /// A liability's balance history, newest first
    #[oai(path = "/liabilities/:id/balances", method = "get")]
    async fn liability_balances(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<HoldingValueList>, ApiError> {
        values(&state, &auth, Side::Liability, id.0).await
    }

    /// Record a liability's balance on a date
    #[oai(path = "/liabilities/:id/balances", method = "post")]
    async fn record_liability_balance(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: ApiJson<CreateHoldingValue>,
    ) -> Result<ValueCreated, ApiError> {
        add_value(
            &state,
            &auth,
            Side::Liability,
            id.0,
            idempotency_key.0.as_deref(),
            body.0,
        )
        .await
    }
}
