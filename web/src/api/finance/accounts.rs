//! Accounts: `/finance/accounts`.

use super::{FinanceTags, instant, location};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::accounts::{self, AccountChanges, AccountFilter, AccountView, NewAccount};
use hisaab_service::finance::{AccountId, format_date};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::{Deserialize, Serialize};

/// An account or wallet.
#[derive(Object, Serialize)]
pub struct Account {
    pub id: uuid::Uuid,
    pub name: String,
    /// `cash`, `checking`, `savings`, `credit_card`, `wallet`, `investment` or `other`.
    pub kind: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Decimal string with the currency's decimals.
    pub opening_balance: String,
    /// `YYYY-MM-DD`.
    pub opening_date: String,
    /// Opening balance plus every transaction on the account, now.
    pub balance: String,
    pub archived: bool,
    pub notes: Option<String>,
    pub created_at: String,
}

impl From<AccountView> for Account {
    fn from(a: AccountView) -> Self {
        Self {
            id: a.id.0,
            name: a.name,
            kind: a.kind.as_str().into(),
            currency: a.currency.code().into(),
            opening_balance: a.opening_balance.to_string(),
            opening_date: format_date(a.opening_date),
            balance: a.balance.to_string(),
            archived: a.archived,
            notes: a.notes,
            created_at: instant(a.created_at),
        }
    }
}

/// A new account.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateAccount {
    /// 1–100 characters.
    name: String,
    #[oai(validator(pattern = r"^\s*(cash|checking|savings|credit_card|wallet|investment|other)\s*$"))]
    /// `cash`, `checking`, `savings`, `credit_card`, `wallet`, `investment` or `other`.
    kind: String,
    /// Any ISO 4217 currency with minor units (`USD`, `INR`, `JPY`, `KWD`…).
    currency: String,
    /// Decimal string, at most the currency's decimals; may be negative (a card's debt). Default `0`.
    opening_balance: Option<String>,
    /// `YYYY-MM-DD` between 1900 and 2200. Default (absent or blank) today.
    #[oai(validator(
        pattern = r"^$|^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    opening_date: Option<String>,
    notes: Option<String>,
}

impl poem_openapi::types::Example for CreateAccount {
    fn example() -> Self {
        Self {
            name: "Everyday checking".into(),
            kind: "checking".into(),
            currency: "USD".into(),
            opening_balance: Some("1250.00".into()),
            opening_date: Some("2026-11-01".into()),
            notes: None,
        }
    }
}

/// Changes to an account; fields left out stay as they are.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateAccount {
    name: Option<String>,
    /// An empty string clears the notes.
    notes: Option<String>,
    /// Archive (`true`) or restore (`false`). Restoring counts against the plan's active-account limit.
    archived: Option<bool>,
}

/// A page of accounts.
#[derive(Object, Serialize)]
struct AccountList {
    items: Vec<Account>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    next_cursor: Option<String>,
}

#[derive(ApiResponse)]
enum Created {
    /// The account was created.
    #[oai(status = 201)]
    Created(Json<Account>, #[oai(header = "Location")] String),
}

pub struct AccountsApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Accounts")]
impl AccountsApi {
    /// Create an account
    ///
    /// Standard plans may have 3 active accounts (403 beyond: archive one or upgrade).
    #[oai(path = "/accounts", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateAccount>,
        /// A retry with the same key and body answers the same account and opens no second one.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
    ) -> Result<Created, ApiError> {
        let b = body.0;
        let input = NewAccount {
            name: b.name,
            kind: b.kind,
            currency: b.currency,
            opening_balance: b.opening_balance,
            opening_date: b.opening_date,
            notes: b.notes,
        };
        let a =
            accounts::create_account_once(&state.app, &auth.0, input, idempotency_key.0.as_deref()).await?;
        let loc = location(&format!("/accounts/{}", a.id));
        Ok(Created::Created(Json(a.into()), loc))
    }

    /// List accounts
    #[oai(path = "/accounts", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Include archived accounts.
        include_archived: Query<Option<bool>>,
        cursor: Query<Option<String>>,
        /// 1–200, default 50.
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<AccountList>, ApiError> {
        let filter = AccountFilter {
            include_archived: include_archived.0.unwrap_or(false),
            cursor: cursor.0,
            limit: limit.0,
        };
        let page = accounts::list_accounts(&state.app, &auth.0, filter).await?;
        Ok(Json(AccountList {
            items: page.items.into_iter().map(Account::from).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Get an account with its current balance
    #[oai(path = "/accounts/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Account>, ApiError> {
        Ok(Json(
            accounts::get_account(&state.app, &auth.0, AccountId(id.0))
                .await?
                .into(),
        ))
    }

    /// Rename, edit notes, archive or restore an account
    #[oai(path = "/accounts/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<UpdateAccount>,
    ) -> Result<Json<Account>, ApiError> {
        let b = body.0;
        let changes = AccountChanges {
            name: b.name,
            notes: b.notes.map(Some),
            archived: b.archived,
        };
        Ok(Json(
            accounts::update_account(&state.app, &auth.0, AccountId(id.0), changes)
                .await?
                .into(),
        ))
    }
}
