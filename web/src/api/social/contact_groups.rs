//! `/social/contact-groups`: named sets of contacts; start an expense group from one.

use super::SocialTags;
use super::groups::{Group, GroupCreated};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::social::{self, ContactGroupInput, ContactGroupView};
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

pub struct ContactGroupsApi;

/// A contact group to create or replace.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct ContactGroupRequest {
    /// 1–100 characters.
    pub name: String,
    /// `roommates`, `family`, `trip`, `work`, `friends` or `other` (default).
    #[oai(validator(pattern = r"^\s*(roommates|family|trip|work|friends|other)?\s*$"))]
    pub kind: Option<String>,
    /// Your contacts in the group.
    #[oai(default)]
    #[serde(default)]
    pub contact_ids: Vec<String>,
}

impl poem_openapi::types::Example for ContactGroupRequest {
    fn example() -> Self {
        Self {
            name: "Flatmates".into(),
            kind: Some("roommates".into()),
            contact_ids: vec!["01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e5f".into()],
        }
    }
}

impl From<ContactGroupRequest> for ContactGroupInput {
    fn from(r: ContactGroupRequest) -> Self {
        Self {
            name: r.name,
            kind: r.kind,
            contact_ids: r.contact_ids,
        }
    }
}

#[derive(Object)]
pub struct ContactGroupMemberItem {
    pub contact_id: uuid::Uuid,
    pub name: String,
}

/// A named set of contacts.
#[derive(Object)]
pub struct ContactGroup {
    pub id: uuid::Uuid,
    pub name: String,
    pub kind: String,
    pub members: Vec<ContactGroupMemberItem>,
}

impl From<ContactGroupView> for ContactGroup {
    fn from(g: ContactGroupView) -> Self {
        Self {
            id: g.id.0,
            name: g.name,
            kind: g.kind,
            members: g
                .members
                .into_iter()
                .map(|m| ContactGroupMemberItem {
                    contact_id: m.contact_id.0,
                    name: m.name,
                })
                .collect(),
        }
    }
}

#[derive(Object)]
pub struct ContactGroupList {
    pub items: Vec<ContactGroup>,
}

/// The expense group to start.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartExpenseGroup {
    pub currency: String,
    /// Defaults to the contact group's name.
    pub name: Option<String>,
}

#[derive(ApiResponse)]
pub enum ContactGroupCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<ContactGroup>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum ContactGroupDeleted {
    /// Deleted; the contacts stay.
    #[oai(status = 204)]
    Done,
}

#[OpenApi(prefix_path = "/social", tag = "SocialTags::Contacts")]
impl ContactGroupsApi {
    /// Create a contact group
    #[oai(path = "/contact-groups", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<ContactGroupRequest>,
    ) -> Result<ContactGroupCreated, ApiError> {
        let g = social::create_contact_group(&state.app, &auth.0, body.0.into()).await?;
        let location = format!("/api/v1/social/contact-groups/{}", g.id);
        Ok(ContactGroupCreated::Created(Json(g.into()), location))
    }

    /// List contact groups
    #[oai(path = "/contact-groups", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<Json<ContactGroupList>, ApiError> {
        let items = social::list_contact_groups(&state.app, &auth.0).await?;
        Ok(Json(ContactGroupList {
            items: items.into_iter().map(Into::into).collect(),
        }))
    }

    /// Get a contact group
    #[oai(path = "/contact-groups/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<ContactGroup>, ApiError> {
        let g = social::get_contact_group(&state.app, &auth.0, id.0.into()).await?;
        Ok(Json(g.into()))
    }

    /// Replace a contact group (name, kind and members)
    #[oai(path = "/contact-groups/:id", method = "put")]
    async fn replace(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<ContactGroupRequest>,
    ) -> Result<Json<ContactGroup>, ApiError> {
        let g = social::update_contact_group(&state.app, &auth.0, id.0.into(), body.0.into()).await?;
        Ok(Json(g.into()))
    }

    /// Delete a contact group
    #[oai(path = "/contact-groups/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ContactGroupDeleted, ApiError> {
        social::delete_contact_group(&state.app, &auth.0, id.0.into()).await?;
        Ok(ContactGroupDeleted::Done)
    }

    /// Start an expense group from a contact group
    #[oai(path = "/contact-groups/:id/expense-group", method = "post")]
    async fn start(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<StartExpenseGroup>,
    ) -> Result<GroupCreated, ApiError> {
        let b = body.0;
        let g = social::start_expense_group(&state.app, &auth.0, id.0.into(), &b.currency, b.name.as_deref())
            .await?;
        let location = format!("/api/v1/social/expense-groups/{}", g.id);
        Ok(GroupCreated::Created(Json(Group::from(g)), location))
    }
}
