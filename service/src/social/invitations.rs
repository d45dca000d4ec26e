//! Invitations and sharing (ADR 0011). Inviting a contact emails their
//! address a link; the registered user with that verified email accepts and
//! the contact is linked to them (share status not_shared → pending →
//! accepted). Sharing is the only way one tenant's records become visible to
//! another user: through a contact linked by an accepted invitation.

use crate::actor::Actor;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::notifications::{self, Channel};
use crate::outbox::{Event, OutgoingEmail};
use crate::{App, db};
use hisaab_entity::social::{ContactId, InvitationId, contact, invitation};
use hisaab_entity::{UserId, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq)]
pub struct InvitationView {
    pub id: InvitationId,
    pub contact_id: ContactId,
    /// Who invited (their display name).
    pub inviter_name: String,
    pub email: String,
    /// pending, accepted, declined or revoked.
    pub status: String,
    pub created_at: OffsetDateTime,
    pub responded_at: Option<OffsetDateTime>,
}

impl From<invitation::Model> for InvitationView {
    fn from(i: invitation::Model) -> Self {
        Self {
            id: i.id,
            contact_id: i.contact_id,
            inviter_name: i.inviter_name,
            email: i.email,
            status: i.status,
            created_at: i.created_at,
            responded_at: i.responded_at,
        }
    }
}

async fn user_of<C: ConnectionTrait>(db: &C, id: UserId) -> Result<user::Model> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound)
}

/// Emails the contact an invitation to share. A pending invitation is
/// replaced by the new one (the old link stops working).
pub async fn invite_contact(app: &App, actor: &Actor, contact_id: ContactId) -> Result<InvitationView> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let c = super::contacts::find(&txn, actor, contact_id).await?;
    let Some(email) = c
        .email
        .clone()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
    else {
        return Err(Error::invalid(
            "email",
            "Add an email address to this contact first: the invitation goes there.",
        ));
    };
    if c.share_status == "accepted" {
        return Err(Error::Conflict(format!(
            "{} has already accepted; you are sharing.",
            c.name
        )));
    }
    let me = user_of(&txn, actor.user_id).await?;
    if me.email.eq_ignore_ascii_case(&email) {
        return Err(Error::invalid("email", "That is your own email address."));
    }
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::Status,
            sea_orm::sea_query::Expr::value("revoked"),
        )
        .filter(invitation::Column::ContactId.eq(contact_id))
        .filter(invitation::Column::Status.eq("pending"))
        .exec(&txn)
        .await?;
    let model = invitation::ActiveModel {
        id: Set(InvitationId::new()),
        tenant_id: Set(actor.tenant_id),
        contact_id: Set(contact_id),
        inviter_user_id: Set(actor.user_id),
        inviter_name: Set(me.display_name.clone()),
        email: Set(email.clone()),
        status: Set("pending".into()),
        invitee_user_id: Set(None),
        created_at: Set(now),
        responded_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let mut active: contact::ActiveModel = c.clone().into();
    active.share_status = Set("pending".into());
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let data = json!({ "invitation_id": model.id.0, "contact_id": contact_id.0, "contact_name": c.name });
    let mut notify = super::audience(&txn, actor, &data).await?;
    // Someone already signed up with that address hears about it in the app
    // too, and gets the email unless they turned invitation emails off.
    let mut emailed = true;
    // Their language when they have an account here; else the email is English.
    let mut invitee_locale = None;
    if let Some(invitee) = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .filter(user::Column::EmailVerified.eq(true))
        .one(&txn)
        .await?
    {
        emailed = notifications::wants(&txn, invitee.id, "invitation.sent", Channel::Email).await?;
        invitee_locale = invitee.locale.clone();
        if !notify.contains(&invitee.id.0) {
            notify.push(invitee.id.0);
        }
    }
    let mut effects = Effects::by(actor, now);
    effects.audit("social.invitation_sent", data.clone());
    if emailed {
        effects.outbox(
            Some(actor.tenant_id),
            Event::Email(OutgoingEmail {
                to: email,
                template: "invitation".into(),
                context: json!({
                    "display_name": c.name,
                    "inviter_name": me.display_name,
                    "link": app.link(&format!("/social/invitations?invitation={}", model.id)),
                    "signup_link": app.link("/signup"),
                    "locale": invitee_locale,
                }),
            }),
        );
    }
    txn.commit(effects.event_to("invitation.sent", data, notify))
        .await?;
    Ok(model.into())
}

/// Invitations sent to the signed-in user's email (newest first). Nothing
/// until that email is verified.
pub async fn list_invitations(app: &App, actor: &Actor) -> Result<Vec<InvitationView>> {
    let me = user_of(&app.db, actor.user_id).await?;
    if !me.email_verified {
        return Ok(vec![]);
    }
    Ok(invitation::Entity::find()
        .filter(invitation::Column::Email.eq(me.email.to_lowercase()))
        .filter(invitation::Column::Status.is_in(["pending", "accepted"]))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(&app.db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Accepts (`true`) or declines an invitation addressed to the actor's verified email.
pub async fn respond_to_invitation(
    app: &App,
    actor: &Actor,
    id: InvitationId,
    accept: bool,
) -> Result<InvitationView> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let me = user_of(&txn, actor.user_id).await?;
    let inv = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::Email.eq(me.email.to_lowercase()))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if !me.email_verified {
        return Err(Error::Forbidden(
            "Verify your email address first, then accept the invitation.".into(),
        ));
    }
    if inv.tenant_id == actor.tenant_id {
        return Err(Error::invalid("id", "You can't accept your own invitation."));
    }
    if inv.status != "pending" {
        return Err(Error::Conflict(format!(
            "This invitation is already {}.",
            inv.status
        )));
    }
    let status = if accept { "accepted" } else { "declined" };
    let mut active: invitation::ActiveModel = inv.clone().into();
    active.status = Set(status.into());
    active.invitee_user_id = Set(Some(actor.user_id));
    active.responded_at = Set(Some(now));
    let model = active.update(&txn).await?;
    if let Some(c) = contact::Entity::find_by_id(inv.contact_id).one(&txn).await? {
        let mut c: contact::ActiveModel = c.into();
        c.share_status = Set(if accept { "accepted" } else { "not_shared" }.into());
        c.linked_user_id = Set(accept.then_some(actor.user_id.0));
        c.updated_at = Set(now);
        c.update(&txn).await?;
    }
    let event = if accept {
        "invitation.accepted"
    } else {
        "invitation.declined"
    };
    let data = json!({ "invitation_id": id.0, "contact_id": inv.contact_id.0, "by": me.display_name });
    txn.commit(
        Effects::by(actor, now)
            .audit(&format!("social.{}", event.replace('.', "_")), data.clone())
            // The inviter hears about it (as a notification over SSE).
            .outbox(
                Some(inv.tenant_id),
                Event::Domain {
                    event_type: event.into(),
                    notify: vec![inv.inviter_user_id.0, actor.user_id.0],
                    data,
                },
            ),
    )
    .await?;
    Ok(model.into())
}

/// Stops sharing with a contact. Everything recorded stays; the other
/// person no longer sees it.
pub async fn unlink_contact(app: &App, actor: &Actor, contact_id: ContactId) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let c = super::contacts::find(&txn, actor, contact_id).await?;
    let linked = c.linked_user_id;
    let c_name = c.name.clone();
    let mut active: contact::ActiveModel = c.into();
    active.share_status = Set("not_shared".into());
    active.linked_user_id = Set(None);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::Status,
            sea_orm::sea_query::Expr::value("revoked"),
        )
        .filter(invitation::Column::ContactId.eq(contact_id))
        .filter(invitation::Column::Status.eq("pending"))
        .exec(&txn)
        .await?;
    let data = json!({ "contact_id": contact_id.0, "contact_name": c_name });
    // The person who lost access hears about it, and their views go.
    let mut notify = vec![actor.user_id.0];
    notify.extend(linked);
    txn.commit(
        Effects::by(actor, now)
            .audit("social.contact_unlinked", data.clone())
            .event_to("contact.unlinked", data, notify),
    )
    .await?;
    Ok(())
}
