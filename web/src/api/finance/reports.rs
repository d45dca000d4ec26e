//! Dashboard, cash flow and finance settings.

use super::FinanceTags;
use super::accounts::Account;
use super::transactions::Transaction;
use crate::api::body::JsonBody;
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::format_date;
use hisaab_service::finance::reports::{
    self, CashFlow as CashFlowView, CashFlowQuery, Interval, Period as PeriodView,
};
use hisaab_service::finance::settings;
use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::{Deserialize, Serialize};

#[derive(Object, Serialize)]
struct Period {
    /// First day of the period, `YYYY-MM-DD`.
    start: String,
    income: String,
    expense: String,
    net: String,
}

impl From<PeriodView> for Period {
    fn from(p: PeriodView) -> Self {
        Self {
            start: format_date(p.start),
            income: p.income.to_string(),
            expense: p.expense.to_string(),
            net: p.net.to_string(),
        }
    }
}

/// Income, expense and net per period in the base currency (transfers excluded).
#[derive(Object, Serialize)]
struct CashFlow {
    base_currency: String,
    /// `month` or `year`.
    interval: String,
    from: String,
    to: String,
    periods: Vec<Period>,
    income: String,
    expense: String,
    net: String,
    /// Currency pairs with no recorded rate (`EUR→USD`): those amounts are left out.
    missing_rates: Vec<String>,
}

impl From<CashFlowView> for CashFlow {
    fn from(c: CashFlowView) -> Self {
        Self {
            base_currency: c.base_currency.code().into(),
            interval: match c.interval {
                Interval::Month => "month".into(),
                Interval::Year => "year".into(),
            },
            from: format_date(c.from),
            to: format_date(c.to),
            periods: c.periods.into_iter().map(Period::from).collect(),
            income: c.income.to_string(),
            expense: c.expense.to_string(),
            net: c.net.to_string(),
            missing_rates: c.missing_rates,
        }
    }
}

/// Everything the finance dashboard shows, in one call.
#[derive(Object, Serialize)]
struct Dashboard {
    base_currency: String,
    /// Active account balances converted to the base currency at today's rates.
    total_balance: String,
    accounts: Vec<Account>,
    this_month: Period,
    recent: Vec<Transaction>,
    /// The last 12 months.
    cash_flow: CashFlow,
    /// Net worth today in the base currency (see `/net-worth`).
    net_worth: String,
    /// Today's net worth minus last month's closing net worth.
    net_worth_change_this_month: String,
    missing_rates: Vec<String>,
    /// With people (IOUs and groups), per currency.
    people: Vec<PeopleTotals>,
}

/// What people owe you and what you owe them, in one currency.
#[derive(Object, Serialize)]
struct PeopleTotals {
    currency: String,
    /// Decimal string: owed to you.
    owed_to_you: String,
    /// Decimal string: you owe (positive).
    you_owe: String,
}

#[derive(Object, Serialize)]
struct FinanceSettings {
    /// ISO 4217 code that totals are shown in.
    base_currency: String,
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateSettings {
    base_currency: String,
}

pub struct ReportsApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Reports")]
impl ReportsApi {
    /// Dashboard: balances, this month, recent records, 12 months of cash flow
    #[oai(path = "/dashboard", method = "get")]
    async fn dashboard(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<JsonBody<Dashboard>, ApiError> {
        let d = reports::dashboard(&state.app, &auth.0).await?;
        Ok(JsonBody(Dashboard {
            base_currency: d.base_currency.code().into(),
            total_balance: d.total_balance.to_string(),
            accounts: d.accounts.into_iter().map(Account::from).collect(),
            this_month: d.this_month.into(),
            recent: d.recent.into_iter().map(Transaction::from).collect(),
            cash_flow: d.cash_flow.into(),
            net_worth: d.net_worth.to_string(),
            net_worth_change_this_month: d.net_worth_change.to_string(),
            missing_rates: d.missing_rates,
            people: d
                .people
                .iter()
                .map(|t| PeopleTotals {
                    currency: t.currency.code().into(),
                    owed_to_you: t.owed_to_you.to_string(),
                    you_owe: t.you_owe.to_string(),
                })
                .collect(),
        }))
    }

    /// Cash flow per month or year in the base currency
    ///
    /// `from`/`to` (`YYYY-MM-DD`) are widened to whole months; default: the last 12 months.
    #[oai(path = "/cash-flow", method = "get")]
    async fn cash_flow(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        #[oai(validator(
            pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
        ))]
        from: Query<Option<String>>,
        #[oai(validator(
            pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
        ))]
        to: Query<Option<String>>,
        /// `month` (default) or `year`.
        #[oai(validator(pattern = "^(month|year)$"))]
        interval: Query<Option<String>>,
    ) -> Result<Json<CashFlow>, ApiError> {
        let flow = reports::cash_flow(
            &state.app,
            &auth.0,
            CashFlowQuery {
                from: from.0,
                to: to.0,
                interval: interval.0,
            },
        )
        .await?;
        Ok(Json(flow.into()))
    }

    /// Finance settings
    #[oai(path = "/settings", method = "get")]
    async fn settings(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<Json<FinanceSettings>, ApiError> {
        let s = settings::get_settings(&state.app, &auth.0).await?;
        Ok(Json(FinanceSettings {
            base_currency: s.base_currency.code().into(),
        }))
    }

    /// Change the base currency
    #[oai(path = "/settings", method = "patch")]
    async fn update_settings(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<UpdateSettings>,
    ) -> Result<Json<FinanceSettings>, ApiError> {
        let s = settings::set_base_currency(&state.app, &auth.0, &body.0.base_currency).await?;
        Ok(Json(FinanceSettings {
            base_currency: s.base_currency.code().into(),
        }))
    }
}
