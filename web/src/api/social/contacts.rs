//! `/social/contacts`.

use super::{SignedAmount, SocialTags, date, instant};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::social::{self, ContactFilter, ContactInput, ContactPatch, ContactView, HistoryEntry};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

pub struct ContactsApi;

/// A new contact.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct CreateContact {
    /// 1–100 characters.
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Up to 2000 characters.
    pub notes: Option<String>,
}

impl poem_openapi::types::Example for CreateContact {
    fn example() -> Self {
        Self {
            name: "Meera Iyer".into(),
            email: Some("meera@example.com".into()),
            phone: Some("+91 98765 43210".into()),
            notes: None,
        }
    }
}

/// A change to a contact: only the fields sent change; `""` clears an optional one.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    pub archived: Option<bool>,
}

/// A person you share money with.
#[derive(Object)]
pub struct Contact {
    pub id: uuid::Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    /// One or two letters for an avatar.
    pub initials: String,
    pub archived: bool,
    /// `not_shared`, `pending` (invited) or `accepted` (linked to a registered user).
    pub share_status: String,
    pub created_at: String,
}

impl From<ContactView> for Contact {
    fn from(c: ContactView) -> Self {
        Self {
            id: c.id.0,
            name: c.name,
            email: c.email,
            phone: c.phone,
            notes: c.notes,
            initials: c.initials,
            archived: c.archived,
            share_status: c.share_status,
            created_at: instant(c.created_at),
        }
    }
}

#[derive(Object)]
pub struct ContactList {
    pub items: Vec<Contact>,
    pub next_cursor: Option<String>,
}

/// What a contact owes you (positive) or you owe them (negative), per currency.
#[derive(Object)]
pub struct ContactBalance {
    pub contact_id: uuid::Uuid,
    /// One per currency with a non-zero balance; empty when you are all square.
    pub balances: Vec<SignedAmount>,
}

/// One record between you and a contact.
#[derive(Object)]
pub struct HistoryItem {
    /// `debt`, `debt_settlement`, `expense`, `group_settlement` or `simplified`.
    pub kind: String,
    /// The debt, settlement or expense.
    pub ref_id: uuid::Uuid,
    pub date: String,
    /// The reason, description or group name.
    pub label: String,
    /// How this changed the balance (positive: they owe you more).
    pub amount: SignedAmount,
    /// The balance in this currency after this record.
    pub balance: SignedAmount,
}

impl From<HistoryEntry> for HistoryItem {
    fn from(h: HistoryEntry) -> Self {
        Self {
            kind: h.kind,
            ref_id: h.ref_id,
            date: date(h.date),
            label: h.label,
            amount: h.amount.into(),
            balance: h.running.into(),
        }
    }
}

#[derive(Object)]
pub struct ContactHistory {
    pub contact_id: uuid::Uuid,
    /// Oldest first.
    pub items: Vec<HistoryItem>,
}

#[derive(ApiResponse)]
pub enum ContactCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<Contact>, #[oai(header = "Location")] String),
}

#[OpenApi(prefix_path = "/social", tag = "SocialTags::Contacts")]
impl ContactsApi {
    /// Add a contact
    #[oai(path = "/contacts", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateContact>,
    ) -> Result<ContactCreated, ApiError> {
        let b = body.0;
        let c = social::create_contact(
            &state.app,
            &auth.0,
            ContactInput {
                name: b.name,
                email: b.email,
                phone: b.phone,
                notes: b.notes,
            },
        )
        .await?;
        let location = format!("/api/v1/social/contacts/{}", c.id);
        Ok(ContactCreated::Created(Json(c.into()), location))
    }

    /// List contacts
    ///
    /// By name. `q` searches name, email and phone; `archived=true` lists archived contacts.
    #[oai(path = "/contacts", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        q: Query<Option<String>>,
        archived: Query<Option<bool>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<ContactList>, ApiError> {
        let filter = ContactFilter {
            q: q.0,
            archived: archived.0.unwrap_or(false),
            cursor: cursor.0,
            limit: limit.0,
        };
        let page = social::list_contacts(&state.app, &auth.0, filter).await?;
        Ok(Json(ContactList {
            items: page.items.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Get a contact
    #[oai(path = "/contacts/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Contact>, ApiError> {
        Ok(Json(
            social::get_contact(&state.app, &auth.0, id.0.into())
                .await?
                .into(),
        ))
    }

    /// Change a contact
    #[oai(path = "/contacts/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<UpdateContact>,
    ) -> Result<Json<Contact>, ApiError> {
        let b = body.0;
        let patch = ContactPatch {
            name: b.name,
            email: b.email,
            phone: b.phone,
            notes: b.notes,
            archived: b.archived,
        };
        Ok(Json(
            social::update_contact(&state.app, &auth.0, id.0.into(), patch)
                .await?
                .into(),
        ))
    }

    /// Archive a contact
    ///
    /// History and balances are kept; `POST /contacts/{id}/restore` brings it back.
    #[oai(path = "/contacts/:id", method = "delete")]
    async fn archive(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Contact>, ApiError> {
        Ok(Json(
            social::archive_contact(&state.app, &auth.0, id.0.into())
                .await?
                .into(),
        ))
    }

    /// Restore an archived contact
    #[oai(path = "/contacts/:id/restore", method = "post")]
    async fn restore(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Contact>, ApiError> {
        let patch = ContactPatch {
            archived: Some(false),
            ..Default::default()
        };
        Ok(Json(
            social::update_contact(&state.app, &auth.0, id.0.into(), patch)
                .await?
                .into(),
        ))
    }

    /// A contact's balance
    ///
    /// Across peer debts, group expenses and settlements, per currency.
    #[oai(path = "/contacts/:id/balance", method = "get")]
    async fn balance(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<ContactBalance>, ApiError> {
        let contact_id = id.0.into();
        let balances = social::contact_balance(&state.app, &auth.0, contact_id).await?;
        Ok(Json(ContactBalance {
            contact_id: contact_id.0,
            balances: balances.into_iter().map(Into::into).collect(),
        }))
    }

    /// A contact's history
    ///
    /// Every debt, payment and group expense between you, with the running balance.
    #[oai(path = "/contacts/:id/history", method = "get")]
    async fn history(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<ContactHistory>, ApiError> {
        let contact_id: hisaab_service::entity::social::ContactId = id.0.into();
        let items = social::contact_history(&state.app, &auth.0, contact_id).await?;
        Ok(Json(ContactHistory {
            contact_id: contact_id.0,
            items: items.into_iter().map(Into::into).collect(),
        }))
    }
}
