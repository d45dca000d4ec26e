//! Invitations and sharing: `/social/contacts/{id}/invite`, `/social/invitations`,
//! `/social/shared-debts`.

use super::debts::Debt;
use super::{SocialTags, instant};
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::social::{self, InvitationView};
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

pub struct InvitationsApi;

/// An invitation to share, sent to a contact's email.
#[derive(Object)]
pub struct SocialInvitation {
    pub id: uuid::Uuid,
    /// The inviter's contact (in the inviter's book).
    pub contact_id: uuid::Uuid,
    /// Who invited.
    pub inviter_name: String,
    pub email: String,
    /// `pending`, `accepted`, `declined` or `revoked`.
    pub status: String,
    pub created_at: String,
    pub responded_at: Option<String>,
}

impl From<InvitationView> for SocialInvitation {
    fn from(i: InvitationView) -> Self {
        Self {
            id: i.id.0,
            contact_id: i.contact_id.0,
            inviter_name: i.inviter_name,
            email: i.email,
            status: i.status,
            created_at: instant(i.created_at),
            responded_at: i.responded_at.map(instant),
        }
    }
}

#[derive(Object)]
pub struct SocialInvitationList {
    pub items: Vec<SocialInvitation>,
}

#[derive(Object)]
pub struct SharedDebtList {
    /// Mirrored: the other person's "lent" is your "borrowed"; `contact_name` is who recorded it.
    pub items: Vec<Debt>,
}

#[derive(ApiResponse)]
pub enum InvitationSent {
    /// Sent (through the outbox).
    #[oai(status = 201)]
    Created(Json<SocialInvitation>),
}

#[derive(ApiResponse)]
pub enum Unlinked {
    /// No longer shared; history is kept.
    #[oai(status = 204)]
    Done,
}

#[OpenApi(prefix_path = "/social", tag = "SocialTags::Invitations")]
impl InvitationsApi {
    /// Invite a contact to share
    ///
    /// Emails the contact's address a link. Once the registered user with that
    /// (verified) email accepts, both of you see your debts and shared groups.
    #[oai(path = "/contacts/:id/invite", method = "post")]
    async fn invite(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<InvitationSent, ApiError> {
        let i = social::invite_contact(&state.app, &auth.0, id.0.into()).await?;
        Ok(InvitationSent::Created(Json(i.into())))
    }

    /// Stop sharing with a contact
    #[oai(path = "/contacts/:id/link", method = "delete")]
    async fn unlink(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Unlinked, ApiError> {
        social::unlink_contact(&state.app, &auth.0, id.0.into()).await?;
        Ok(Unlinked::Done)
    }

    /// Invitations you received
    ///
    /// Sent to your email address; empty until it is verified.
    #[oai(path = "/invitations", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<Json<SocialInvitationList>, ApiError> {
        let items = social::list_invitations(&state.app, &auth.0).await?;
        Ok(Json(SocialInvitationList {
            items: items.into_iter().map(Into::into).collect(),
        }))
    }

    /// Accept an invitation
    #[oai(path = "/invitations/:id/accept", method = "post")]
    async fn accept(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<SocialInvitation>, ApiError> {
        let i = social::respond_to_invitation(&state.app, &auth.0, id.0.into(), true).await?;
        Ok(Json(i.into()))
    }

    /// Decline an invitation
    #[oai(path = "/invitations/:id/decline", method = "post")]
    async fn decline(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<SocialInvitation>, ApiError> {
        let i = social::respond_to_invitation(&state.app, &auth.0, id.0.into(), false).await?;
        Ok(Json(i.into()))
    }

    /// Debts shared with you
    #[oai(path = "/shared-debts", method = "get")]
    async fn shared_debts(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<Json<SharedDebtList>, ApiError> {
        let items = social::shared_debts(&state.app, &auth.0).await?;
        Ok(Json(SharedDebtList {
            items: items.into_iter().map(Into::into).collect(),
        }))
    }
}
