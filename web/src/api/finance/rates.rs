//! Exchange rates: `/finance/exchange-rates`.

use super::{FinanceTags, location};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::entity::finance::ExchangeRateId;
use hisaab_service::finance::format_date;
use hisaab_service::finance::rates::{self, NewRate, RateFilter, RateView};
use hisaab_service::{Error, FieldError};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

/// A rate you recorded: 1 `from` = `rate` `to` on `date`.
#[derive(Object)]
struct ExchangeRate {
    id: uuid::Uuid,
    date: String,
    from: String,
    to: String,
    /// Decimal string.
    rate: String,
}

impl From<RateView> for ExchangeRate {
    fn from(r: RateView) -> Self {
        Self {
            id: r.id.0,
            date: format_date(r.date),
            from: r.from.code().into(),
            to: r.to.code().into(),
            rate: r.rate.to_string(),
        }
    }
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateRate {
    /// `YYYY-MM-DD`; a rate is valid from this date until a newer one.
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    date: String,
    from: String,
    to: String,
    /// Positive decimal string, at most 12 decimals.
    rate: String,
}

impl poem_openapi::types::Example for CreateRate {
    fn example() -> Self {
        Self {
            date: "2026-11-25".into(),
            from: "USD".into(),
            to: "INR".into(),
            rate: "83.25".into(),
        }
    }
}

#[derive(Object)]
struct RateList {
    items: Vec<ExchangeRate>,
    next_cursor: Option<String>,
}

/// CSV text with lines `date,from,to,rate` (a header line is optional).
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportRequest {
    csv: String,
}

#[derive(Object)]
struct ImportResult {
    imported: u64,
}

#[derive(ApiResponse)]
enum Created {
    #[oai(status = 201)]
    Created(Json<ExchangeRate>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
enum Deleted {
    #[oai(status = 204)]
    Deleted,
}

pub struct RatesApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::ExchangeRates")]
impl RatesApi {
    /// Record a rate (replaces the pair's rate for that date)
    #[oai(path = "/exchange-rates", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateRate>,
    ) -> Result<Created, ApiError> {
        let b = body.0;
        let r = rates::record_rate(
            &state.app,
            &auth.0,
            NewRate {
                date: b.date,
                from: b.from,
                to: b.to,
                rate: b.rate,
            },
        )
        .await?;
        let loc = location(&format!("/exchange-rates/{}", r.id));
        Ok(Created::Created(Json(r.into()), loc))
    }

    /// List rates, newest first
    #[oai(path = "/exchange-rates", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        from: Query<Option<String>>,
        to: Query<Option<String>>,
        cursor: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
    ) -> Result<Json<RateList>, ApiError> {
        let page = rates::list_rates(
            &state.app,
            &auth.0,
            RateFilter {
                from: from.0,
                to: to.0,
                cursor: cursor.0,
                limit: limit.0,
            },
        )
        .await?;
        Ok(Json(RateList {
            items: page.items.into_iter().map(ExchangeRate::from).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Delete a rate
    #[oai(path = "/exchange-rates/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Deleted, ApiError> {
        rates::delete_rate(&state.app, &auth.0, ExchangeRateId(id.0)).await?;
        Ok(Deleted::Deleted)
    }

    /// Import rates from CSV
    ///
    /// All or nothing: if any line is wrong, nothing is imported and the 422 names each line (`csv[3].date`).
    #[oai(path = "/exchange-rates/import", method = "post")]
    async fn import(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<ImportRequest>,
    ) -> Result<Json<ImportResult>, ApiError> {
        let report = rates::import_rates_csv(&state.app, &auth.0, &body.0.csv).await?;
        if !report.errors.is_empty() {
            let n = report.errors.len();
            let errors = report
                .errors
                .into_iter()
                .map(|e| FieldError::new(format!("csv[{}].{}", e.line, e.field), e.message))
                .collect();
            return Err(Error::invalid_fields(
                format!(
                    "{n} problem(s) in the CSV; nothing was imported. Fix the lines named and upload again."
                ),
                errors,
            )
            .into());
        }
        Ok(Json(ImportResult {
            imported: report.imported as u64,
        }))
    }
}
