//! Net worth: `/finance/net-worth` (+ `/history`).

use super::FinanceTags;
use crate::api::body::JsonBody;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::format_date;
use hisaab_service::finance::net_worth::{self, NetWorth as NetWorthView, NetWorthItem as ItemView};
use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{Object, OpenApi};
use serde::Serialize;

/// One thing counted in net worth.
#[derive(Object, Serialize)]
struct NetWorthItem {
    /// `account`, `asset`, `liability`, `loan_borrowed`, `loan_lent` or `people` (per currency: what people owe you minus what you owe them).
    kind: String,
    id: uuid::Uuid,
    name: String,
    /// In its own currency: positive adds, negative subtracts.
    amount: String,
    currency: String,
    /// In the base currency; null when no exchange rate is recorded.
    amount_in_base: Option<String>,
}

impl From<ItemView> for NetWorthItem {
    fn from(i: ItemView) -> Self {
        Self {
            kind: i.kind.as_str().into(),
            id: i.id,
            name: i.name,
            currency: i.amount.currency().code().into(),
            amount: i.amount.to_string(),
            amount_in_base: i.in_base.map(|m| m.to_string()),
        }
    }
}

/// Accounts + assets − liabilities − loans you owe + loans you lent, in the base currency.
#[derive(Object, Serialize)]
struct NetWorth {
    base_currency: String,
    /// `YYYY-MM-DD`.
    as_of: String,
    /// `assets − liabilities`.
    total: String,
    /// Everything that adds, as a positive amount.
    assets: String,
    /// Everything that subtracts, as a positive amount.
    liabilities: String,
    breakdown: Vec<NetWorthItem>,
    /// Currency pairs with no recorded rate (`EUR→USD`): those items are left out of the totals.
    missing_rates: Vec<String>,
}

impl From<NetWorthView> for NetWorth {
    fn from(n: NetWorthView) -> Self {
        Self {
            base_currency: n.base_currency.code().into(),
            as_of: format_date(n.as_of),
            total: n.total.to_string(),
            assets: n.assets.to_string(),
            liabilities: n.liabilities.to_string(),
            breakdown: n.breakdown.into_iter().map(NetWorthItem::from).collect(),
            missing_rates: n.missing_rates,
        }
    }
}

/// Net worth at one month end.
#[derive(Object, Serialize)]
struct NetWorthPoint {
    /// The month's last day (today for the current month).
    date: String,
    total: String,
    assets: String,
    liabilities: String,
}

#[derive(Object, Serialize)]
struct NetWorthHistory {
    base_currency: String,
    /// Oldest first.
    points: Vec<NetWorthPoint>,
    missing_rates: Vec<String>,
}

pub struct NetWorthApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Wealth")]
impl NetWorthApi {
    /// Net worth today, with its breakdown
    #[oai(path = "/net-worth", method = "get")]
    async fn net_worth(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<JsonBody<NetWorth>, ApiError> {
        Ok(JsonBody(net_worth::net_worth(&state.app, &auth.0).await?.into()))
    }

    /// Net worth at each month end, computed from the records
    #[oai(path = "/net-worth/history", method = "get")]
    async fn net_worth_history(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// How many months back (1–120, default 12).
        #[oai(validator(minimum(value = "1"), maximum(value = "120")))]
        months: Query<Option<u32>>,
    ) -> Result<JsonBody<NetWorthHistory>, ApiError> {
        let h = net_worth::net_worth_history(&state.app, &auth.0, months.0).await?;
        Ok(JsonBody(NetWorthHistory {
            base_currency: h.base_currency.code().into(),
            points: h
                .points
                .into_iter()
                .map(|p| NetWorthPoint {
                    date: format_date(p.as_of),
                    total: p.total.to_string(),
                    assets: p.assets.to_string(),
                    liabilities: p.liabilities.to_string(),
                })
                .collect(),
            missing_rates: h.missing_rates,
        }))
    }
}
