//! `/social/settlements` (record, list, get, delete and restore, history)
//! and `/social/balances`.

use super::groups::ActivityList;
use super::{SignedAmount, SocialTags, date, instant};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::social::{self, SettlementFilter, SettlementInput, SettlementView};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

pub struct SettlementsApi;

/// A payment: against a peer debt (`peer_debt_id`), or in a group from one member to another.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct CreateSettlement {
    pub group_id: Option<String>,
    pub peer_debt_id: Option<String>,
    /// Group payments: who paid.
    pub from_member_id: Option<String>,
    /// Group payments: who was paid.
    pub to_member_id: Option<String>,
    pub amount: String,
    pub currency: String,
    /// `cash` (default), `bank_transfer`, `upi`, `card` or `other`.
    #[oai(validator(pattern = r"^\s*(cash|bank_transfer|upi|card|other)?\s*$"))]
    pub method: Option<String>,
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    pub date: String,
    pub notes: Option<String>,
    /// One of your accounts: the payment leaves it (you paid) or arrives in it.
    pub account_id: Option<String>,
}

impl poem_openapi::types::Example for CreateSettlement {
    fn example() -> Self {
        Self {
            group_id: Some("01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e5f".into()),
            peer_debt_id: None,
            from_member_id: Some("01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e60".into()),
            to_member_id: Some("01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e61".into()),
            amount: "45.00".into(),
            currency: "USD".into(),
            method: Some("bank_transfer".into()),
            date: "2026-11-25".into(),
            notes: None,
            account_id: None,
        }
    }
}

/// A recorded payment.
#[derive(Object)]
pub struct Settlement {
    pub id: uuid::Uuid,
    pub group_id: Option<uuid::Uuid>,
    pub peer_debt_id: Option<uuid::Uuid>,
    pub from_member_id: Option<uuid::Uuid>,
    pub to_member_id: Option<uuid::Uuid>,
    pub amount: String,
    pub currency: String,
    pub method: String,
    pub date: String,
    pub notes: Option<String>,
    /// For a debt: what is left to pay after this payment.
    pub outstanding: Option<String>,
    /// For a debt: `open`, `partially_settled` or `settled` after this payment.
    pub status: Option<String>,
    /// Group payments: the group's name.
    pub group_name: Option<String>,
    /// IOU payments: the contact the IOU is with.
    pub contact_id: Option<uuid::Uuid>,
    /// Who paid, from your side (`You` for yourself).
    pub from_name: String,
    /// Who was paid, from your side.
    pub to_name: String,
    /// Increases with every change (delete, restore); the ETag.
    pub version: i32,
    /// A deleted payment counts nowhere; `POST /social/settlements/{id}/restore` undoes it.
    pub deleted: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<SettlementView> for Settlement {
    fn from(s: SettlementView) -> Self {
        Self {
            id: s.id.0,
            group_id: s.group_id.map(|g| g.0),
            peer_debt_id: s.peer_debt_id.map(|d| d.0),
            from_member_id: s.from_member_id.map(|m| m.0),
            to_member_id: s.to_member_id.map(|m| m.0),
            amount: s.amount.to_string(),
            currency: s.amount.currency().code().into(),
            method: social::method_name(s.method).into(),
            date: date(s.date),
            notes: s.notes,
            outstanding: s.debt_outstanding.map(|m| m.to_string()),
            status: s.debt_status.map(|st| st.as_str().into()),
            group_name: s.group_name,
            contact_id: s.contact_id.map(|c| c.0),
            from_name: s.from_name,
            to_name: s.to_name,
            version: s.version,
            deleted: s.deleted,
            created_at: instant(s.created_at),
            updated_at: instant(s.updated_at),
        }
    }
}

#[derive(ApiResponse)]
pub enum SettlementCreated {
    /// Recorded (or, for a repeated `Idempotency-Key`, the payment recorded the first time).
    #[oai(status = 201)]
    Created(Json<Settlement>, #[oai(header = "Location")] String),
}

/// One page of payments.
#[derive(Object)]
pub struct SettlementList {
    pub items: Vec<Settlement>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

#[derive(ApiResponse)]
pub enum SettlementResponse {
    /// The payment; `ETag` for `If-Match` on a later `DELETE` or restore.
    #[oai(status = 200)]
    Ok(Json<Settlement>, #[oai(header = "ETag")] String),
}

fn respond(s: SettlementView) -> SettlementResponse {
    let etag = s.etag();
    SettlementResponse::Ok(Json(s.into()), etag)
}

/// Your balance with one person.
#[derive(Object)]
pub struct PersonBalance {
    pub contact_id: uuid::Uuid,
    pub name: String,
    pub balances: Vec<SignedAmount>,
}

/// Per currency: what you are owed and what you owe.
#[derive(Object)]
pub struct OwedTotals {
    pub currency: String,
    pub owed_to_you: String,
    pub you_owe: String,
    /// `owed_to_you − you_owe`.
    pub net: String,
}

/// Your balance in another person's groups and IOUs that they share with you.
#[derive(Object)]
pub struct SharedBalance {
    /// Whose groups and IOUs these are.
    pub owner_name: String,
    pub balances: Vec<SignedAmount>,
}

/// Everyone you have a non-zero balance with.
#[derive(Object)]
pub struct OverallBalances {
    /// Your own contacts.
    pub people: Vec<PersonBalance>,
    /// What others share with you (you are their linked contact); counted in `totals`.
    pub shared: Vec<SharedBalance>,
    pub totals: Vec<OwedTotals>,
}

#[OpenApi(prefix_path = "/social", tag = "SocialTags::Settlements")]
impl SettlementsApi {
    /// Record a payment
    ///
    /// Against a peer debt (`peer_debt_id`; never more than is outstanding) or in a
    /// group (`group_id`, `from_member_id`, `to_member_id`, in the group's currency).
    #[oai(path = "/settlements", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
        body: ApiJson<CreateSettlement>,
    ) -> Result<SettlementCreated, ApiError> {
        let b = body.0;
        let input = SettlementInput {
            group_id: b.group_id,
            peer_debt_id: b.peer_debt_id,
            from_member_id: b.from_member_id,
            to_member_id: b.to_member_id,
            amount: b.amount,
            currency: Some(b.currency),
            method: b.method,
            date: b.date,
            notes: b.notes,
            account_id: b.account_id,
        };
        let s = social::record_settlement(&state.app, &auth.0, key.0.as_deref(), input)
            .await?
            .value;
        let location = match (s.group_id, s.peer_debt_id) {
            (Some(g), _) => format!("/api/v1/social/expense-groups/{g}/balances"),
            (_, Some(d)) => format!("/api/v1/social/peer-debts/{d}"),
            _ => "/api/v1/social/balances".into(),
        };
        Ok(SettlementCreated::Created(Json(s.into()), location))
    }

    /// List payments
    ///
    /// Newest first (by date). Filter by `group_id` (a group shared with you too), `peer_debt_id`
    /// (an IOU shared with you too), `contact_id` (IOU payments with them, and group payments
    /// between you and them) and `from`/`to` (`YYYY-MM-DD`, inclusive). `deleted=true` lists the
    /// deleted (restorable) ones instead.
    #[oai(path = "/settlements", method = "get")]
    #[expect(clippy::too_many_arguments, reason = "one parameter per documented filter")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        group_id: Query<Option<uuid::Uuid>>,
        contact_id: Query<Option<uuid::Uuid>>,
        peer_debt_id: Query<Option<uuid::Uuid>>,
        /// Earliest payment date, `YYYY-MM-DD`.
        from: Query<Option<String>>,
        /// Latest payment date, `YYYY-MM-DD`.
        to: Query<Option<String>>,
        deleted: Query<Option<bool>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<SettlementList>, ApiError> {
        let filter = SettlementFilter {
            group_id: group_id.0.map(Into::into),
            contact_id: contact_id.0.map(Into::into),
            peer_debt_id: peer_debt_id.0.map(Into::into),
            from: from.0,
            to: to.0,
            deleted: deleted.0.unwrap_or(false),
            cursor: cursor.0,
            limit: limit.0,
        };
        let page = social::list_settlements(&state.app, &auth.0, filter).await?;
        Ok(Json(SettlementList {
            items: page.items.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Get a payment
    #[oai(path = "/settlements/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<SettlementResponse, ApiError> {
        Ok(respond(
            social::get_settlement(&state.app, &auth.0, id.0.into()).await?,
        ))
    }

    /// Delete a payment
    ///
    /// The balances, the settle-up plan and the IOU's outstanding amount no longer count it, and
    /// a finance record it made in one of your accounts is reversed. With `If-Match` (the ETag
    /// from `GET`), a change made meanwhile is a 412. Undo with `POST /social/settlements/{id}/restore`.
    #[oai(path = "/settlements/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "If-Match")] if_match: Header<Option<String>>,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
    ) -> Result<SettlementResponse, ApiError> {
        Ok(respond(
            social::delete_settlement(
                &state.app,
                &auth.0,
                id.0.into(),
                if_match.0.as_deref(),
                key.0.as_deref(),
            )
            .await?,
        ))
    }

    /// Restore a deleted payment
    ///
    /// Everything the payment moved moves again, its finance record too. A 409 when the IOU has
    /// since been paid so far that this payment would pay more than it, or when its account is
    /// archived. `If-Match` as for `DELETE`.
    #[oai(path = "/settlements/:id/restore", method = "post")]
    async fn restore(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "If-Match")] if_match: Header<Option<String>>,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
    ) -> Result<SettlementResponse, ApiError> {
        Ok(respond(
            social::restore_settlement(
                &state.app,
                &auth.0,
                id.0.into(),
                if_match.0.as_deref(),
                key.0.as_deref(),
            )
            .await?,
        ))
    }

    /// A payment's history
    ///
    /// Newest first: when it was recorded, deleted and restored, and by whom.
    #[oai(path = "/settlements/:id/history", method = "get")]
    async fn history(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<ActivityList>, ApiError> {
        let page = social::settlement_history(&state.app, &auth.0, id.0.into(), cursor.0.as_deref(), limit.0)
            .await?;
        Ok(Json(ActivityList {
            items: page.items.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Overall balances
    ///
    /// Per person and per currency: "you are owed" (positive) or "you owe" (negative).
    #[oai(path = "/balances", method = "get")]
    async fn balances(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<Json<OverallBalances>, ApiError> {
        let o = social::overall_balances(&state.app, &auth.0).await?;
        Ok(Json(OverallBalances {
            people: o
                .people
                .into_iter()
                .map(|p| PersonBalance {
                    contact_id: p.contact_id.0,
                    name: p.name,
                    balances: p.balances.into_iter().map(Into::into).collect(),
                })
                .collect(),
            shared: o
                .shared
                .into_iter()
                .map(|s| SharedBalance {
                    owner_name: s.owner_name,
                    balances: s.balances.into_iter().map(Into::into).collect(),
                })
                .collect(),
            totals: o
                .totals
                .into_iter()
                .map(|t| OwedTotals {
                    currency: t.currency.code().into(),
                    owed_to_you: t.owed_to_you.to_string(),
                    you_owe: t.you_owe.to_string(),
                    net: t.net.to_string(),
                })
                .collect(),
        }))
    }
}
