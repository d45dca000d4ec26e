//! `/social/peer-debts`.

use super::groups::Activity;
use super::settlements::{Settlement, SettlementCreated};
use super::{SocialTags, date, instant};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::social::{
    self, DebtCorrection, DebtFilter, DebtInput, DebtPatch, DebtView, SettlementInput,
};
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
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
    pub notes: Option<String>,
    /// Increases with every change; the ETag is `"<id>-<version>"`.
    pub version: i32,
    /// A deleted IOU counts nowhere until `POST /peer-debts/{id}/restore`.
    pub deleted: bool,
    /// On a correction: the IOU it replaced.
    pub replaces_id: Option<uuid::Uuid>,
    /// On a corrected IOU: its replacement (this one counts nowhere any more).
    pub replaced_by_id: Option<uuid::Uuid>,
    pub created_at: String,
    pub updated_at: String,
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
            notes: d.notes,
            version: d.version,
            deleted: d.deleted,
            replaces_id: d.replaces_id.map(|x| x.0),
            replaced_by_id: d.replaced_by_id.map(|x| x.0),
            created_at: instant(d.created_at),
            updated_at: instant(d.updated_at),
        }
    }
}

#[derive(Object)]
pub struct DebtList {
    pub items: Vec<Debt>,
    pub next_cursor: Option<String>,
}

/// The words of an IOU to change; a field left out keeps its value, `null` clears it.
/// The money (`direction`, `amount`, `currency`, `date`) is never edited:
/// `POST /peer-debts/{id}/correct` changes it (a 422 here).
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct UpdateDebt {
    #[oai(nullable)]
    #[serde(default)]
    pub reason: MaybeUndefined<String>,
    /// `YYYY-MM-DD`, not before the IOU's date.
    #[oai(nullable)]
    #[serde(default)]
    pub due_date: MaybeUndefined<String>,
    #[oai(nullable)]
    #[serde(default)]
    pub notes: MaybeUndefined<String>,
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    pub direction: (),
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    pub amount: (),
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    pub currency: (),
    #[oai(skip)]
    #[serde(default, deserialize_with = "through_correct")]
    #[expect(dead_code, reason = "present only to refuse the field")]
    pub date: (),
}

impl poem_openapi::types::Example for UpdateDebt {
    fn example() -> Self {
        Self {
            reason: MaybeUndefined::Value("Concert tickets and dinner".into()),
            due_date: MaybeUndefined::Null,
            notes: MaybeUndefined::Value("Pays back by UPI".into()),
            direction: (),
            amount: (),
            currency: (),
            date: (),
        }
    }
}

/// A money field in an edit: refused with the way to change it.
fn through_correct<'de, D: serde::Deserializer<'de>>(_: D) -> Result<(), D::Error> {
    Err(serde::de::Error::custom(
        "cannot be edited: the money of an IOU is changed with POST /api/v1/social/peer-debts/{id}/correct \
         (the old IOU reversed, a new one linked to it)",
    ))
}

/// The corrected money of an IOU; a field left out keeps its value (at least one must change).
#[derive(Object, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct CorrectDebt {
    /// `lent` or `borrowed`; kept once something was paid.
    pub direction: Option<String>,
    /// Decimal string with at most the currency's decimals; not below what was paid.
    pub amount: Option<String>,
    /// Kept once something was paid, or when the IOU came from an account.
    pub currency: Option<String>,
    /// `YYYY-MM-DD`.
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    pub date: Option<String>,
}

impl poem_openapi::types::Example for CorrectDebt {
    fn example() -> Self {
        Self {
            direction: None,
            amount: Some("1200.00".into()),
            currency: None,
            date: Some("2026-11-24".into()),
        }
    }
}

/// Every change of an IOU, oldest first (its corrected versions included).
#[derive(Object)]
pub struct DebtHistory {
    /// `debt.recorded`, `debt.changed`, `debt.corrected`, `debt.deleted`, `debt.restored`;
    /// edits and corrections carry `{"before": …, "after": …}` in `details`.
    pub items: Vec<Activity>,
}

/// Where a reminder went.
#[derive(Object)]
pub struct ReminderSent {
    /// The person reminded, as you named them.
    pub to: String,
    /// `in_app`: they share the IOU with you and got a notification and an
    /// email; `email`: an email to the contact's address.
    pub channel: String,
    pub sent_at: String,
}

#[derive(ApiResponse)]
pub enum ReminderResponse {
    /// Sent (the email leaves through the outbox).
    #[oai(status = 202)]
    Accepted(Json<ReminderSent>),
}

#[derive(ApiResponse)]
pub enum DebtResponse {
    /// The IOU; `ETag` for `If-Match` on a later `PATCH` or correction.
    #[oai(status = 200)]
    Ok(Json<Debt>, #[oai(header = "ETag")] String),
}

fn respond(d: DebtView) -> DebtResponse {
    let etag = d.etag();
    DebtResponse::Ok(Json(d.into()), etag)
}

#[derive(ApiResponse)]
pub enum DebtCorrected {
    /// The new IOU, linked to the one it replaces (or, for a repeated
    /// `Idempotency-Key`, the one the first request made).
    #[oai(status = 201)]
    Created(
        Json<Debt>,
        #[oai(header = "Location")] String,
        #[oai(header = "ETag")] String,
    ),
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
    /// Deleted and corrected IOUs are left out (`deleted=true` lists the deleted ones).
    #[oai(path = "/peer-debts", method = "get")]
    #[expect(
        clippy::too_many_arguments,
        reason = "one parameter per query filter: poem-openapi documents each"
    )]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        contact_id: Query<Option<uuid::Uuid>>,
        /// `open`, `settled` or `all` (default).
        #[oai(validator(pattern = "^(all|open|settled)$"))]
        status: Query<Option<String>>,
        /// `true` lists deleted (restorable) IOUs instead.
        deleted: Query<Option<bool>>,
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
                deleted: deleted.0.unwrap_or(false),
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
    ///
    /// Yours, or one shared with you (mirrored). A deleted or corrected IOU is still
    /// found here (`deleted`, `replaced_by_id`).
    #[oai(path = "/peer-debts/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<DebtResponse, ApiError> {
        Ok(respond(social::get_debt(&state.app, &auth.0, id.0.into()).await?))
    }

    /// Edit an IOU's reason, due date or notes
    ///
    /// With `If-Match` (the ETag from `GET`), a change made meanwhile is a 412. Money
    /// fields are refused (422): correct them with `POST /peer-debts/{id}/correct`.
    /// Each change is kept in the history. Only the person who recorded the IOU may
    /// change it (403 for the person it is shared with).
    #[oai(path = "/peer-debts/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "If-Match")] if_match: Header<Option<String>>,
        body: ApiJson<UpdateDebt>,
    ) -> Result<DebtResponse, ApiError> {
        let b = body.0;
        let patch = DebtPatch {
            reason: b.reason.into(),
            due_date: b.due_date.into(),
            notes: b.notes.into(),
        };
        Ok(respond(
            social::update_debt(&state.app, &auth.0, id.0.into(), if_match.0.as_deref(), patch).await?,
        ))
    }

    /// Correct an IOU's amount, currency, date or direction
    ///
    /// The IOU is reversed (it counts nowhere from now on, `replaced_by_id`) and a new
    /// one linked to it (`replaces_id`) takes its place, with its payments and, when it
    /// came from an account, its finance record. An amount below what was already paid
    /// is a 422, as is a new currency or direction once something was paid. A deleted or
    /// already corrected IOU is a 409; a stale `If-Match` a 412.
    #[oai(path = "/peer-debts/:id/correct", method = "post")]
    async fn correct(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
        #[oai(name = "If-Match")] if_match: Header<Option<String>>,
        body: ApiJson<CorrectDebt>,
    ) -> Result<DebtCorrected, ApiError> {
        let b = body.0;
        let correction = DebtCorrection {
            direction: b.direction,
            amount: b.amount,
            currency: b.currency,
            date: b.date,
        };
        let d = social::correct_debt(
            &state.app,
            &auth.0,
            id.0.into(),
            if_match.0.as_deref(),
            key.0.as_deref(),
            correction,
        )
        .await?
        .value;
        let (location, etag) = (format!("/api/v1/social/peer-debts/{}", d.id), d.etag());
        Ok(DebtCorrected::Created(Json(d.into()), location, etag))
    }

    /// Delete an IOU
    ///
    /// A tombstone: it leaves every balance until `POST /peer-debts/{id}/restore`. An
    /// IOU with payments is a 409 (delete the payments first, or correct it).
    #[oai(path = "/peer-debts/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The IOU's `ETag`: a 412 when it changed since you read it.
        #[oai(name = "If-Match")]
        if_match: Header<Option<String>>,
        /// A retry with the same key answers as the first request did and changes nothing.
        #[oai(name = "Idempotency-Key")]
        key: Header<Option<String>>,
    ) -> Result<DebtResponse, ApiError> {
        Ok(respond(
            social::delete_debt(
                &state.app,
                &auth.0,
                id.0.into(),
                if_match.0.as_deref(),
                key.0.as_deref(),
            )
            .await?,
        ))
    }

    /// Restore a deleted IOU
    #[oai(path = "/peer-debts/:id/restore", method = "post")]
    async fn restore(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        /// The IOU's `ETag`: a 412 when it changed since you read it.
        #[oai(name = "If-Match")]
        if_match: Header<Option<String>>,
        /// A retry with the same key answers as the first request did and changes nothing.
        #[oai(name = "Idempotency-Key")]
        key: Header<Option<String>>,
    ) -> Result<DebtResponse, ApiError> {
        Ok(respond(
            social::restore_debt(
                &state.app,
                &auth.0,
                id.0.into(),
                if_match.0.as_deref(),
                key.0.as_deref(),
            )
            .await?,
        ))
    }

    /// History of an IOU
    ///
    /// Every change, oldest first, across its corrections: who, when, and before → after.
    #[oai(path = "/peer-debts/:id/history", method = "get")]
    async fn history(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<DebtHistory>, ApiError> {
        let items = social::debt_history(&state.app, &auth.0, id.0.into()).await?;
        Ok(Json(DebtHistory {
            items: items.into_iter().map(Activity::from).collect(),
        }))
    }

    /// Remind the other person of an IOU they owe you
    ///
    /// For an IOU you lent that is still owed: a notification and an email when it
    /// is shared with them, otherwise an email to the contact's address. At most one
    /// a day per IOU (409 for a second, for an IOU you owe, a settled one, or a
    /// contact you cannot reach).
    #[oai(path = "/peer-debts/:id/remind", method = "post")]
    async fn remind(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ReminderResponse, ApiError> {
        let sent = social::send_debt_reminder(&state.app, &auth.0, id.0.into()).await?;
        Ok(ReminderResponse::Accepted(Json(ReminderSent {
            to: sent.to,
            channel: sent.channel.into(),
            sent_at: instant(sent.sent_at),
        })))
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
