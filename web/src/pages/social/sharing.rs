//! Invitations and sharing: invite a contact, stop sharing, and the
//! invitations you received (accept / decline), and paying IOUs shared with you.

use super::{date, id, when};
use crate::pages::{FormState, PageCtx};
use hisaab_service::social;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use poem::{Response, handler};
use serde_json::json;

#[handler]
pub async fn invite_contact(ctx: PageCtx, Path(raw): Path<String>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let result = async { social::invite_contact(&ctx.state.app, &actor, id(&raw)?).await }.await;
    match result {
        Ok(_) => ctx.redirect(&format!("/social/contacts/{raw}")),
        Err(e) => ctx.error(e),
    }
}

#[handler]
pub async fn unlink_contact(ctx: PageCtx, Path(raw): Path<String>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let result = async { social::unlink_contact(&ctx.state.app, &actor, id(&raw)?).await }.await;
    match result {
        Ok(()) => ctx.redirect(&format!("/social/contacts/{raw}")),
        Err(e) => ctx.error(e),
    }
}

#[handler]
pub async fn invitations_page(ctx: PageCtx) -> Response {
    invitations(&ctx, StatusCode::OK, FormState::default()).await
}

/// The invitations page; `form` carries a refused payment's messages.
async fn invitations(ctx: &PageCtx, status: StatusCode, form: FormState) -> Response {
    let (session, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let app = &ctx.state.app;
    let result = async {
        let invitations = social::list_invitations(app, &actor).await?;
        let debts = social::shared_debts(app, &actor).await?;
        Ok::<_, hisaab_service::Error>(json!({
            "verified": session.user.email_verified,
            "invitations": invitations.iter().map(|i| json!({
                "id": i.id.to_string(), "inviter_name": i.inviter_name, "status": i.status, "sent": when(i.created_at),
            })).collect::<Vec<_>>(),
            "debts": debts.iter().map(|d| json!({
                "id": d.id.to_string(), "name": d.contact_name, "direction": d.direction_name(), "amount": d.amount.to_string(),
                "outstanding": d.outstanding.to_string(), "currency": d.amount.currency().code(), "date": date(d.date),
                "reason": d.reason, "open": !d.outstanding.is_zero(),
            })).collect::<Vec<_>>(),
            "today": date(app.now().date()),
            "methods": social::METHODS,
            "form": form.to_value(),
        }))
    }
    .await;
    match result {
        Ok(v) => ctx.render(status, "web/social/invitations.html", "Invitations", v),
        Err(e) => ctx.error(e),
    }
}

/// A payment on an IOU someone shared with you (you paid it, or they paid you).
#[handler]
pub async fn settle_shared_debt(
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let input = super::debt_payment(&pairs);
    let result = async { social::settle_debt(&ctx.state.app, &actor, None, id(&raw)?, input).await }.await;
    match result {
        Ok(_) => ctx.redirect("/social/invitations"),
        Err(e) => {
            let mut form = FormState::default();
            match form.absorb(&e) {
                Some(status) => invitations(&ctx, status, form).await,
                None => ctx.error(e),
            }
        }
    }
}

async fn respond(ctx: PageCtx, raw: String, accept: bool) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let result =
        async { social::respond_to_invitation(&ctx.state.app, &actor, id(&raw)?, accept).await }.await;
    match result {
        Ok(_) => ctx.redirect("/social/invitations"),
        Err(e) => ctx.error(e),
    }
}

#[handler]
pub async fn accept_invitation(ctx: PageCtx, Path(raw): Path<String>) -> Response {
    respond(ctx, raw, true).await
}

#[handler]
pub async fn decline_invitation(ctx: PageCtx, Path(raw): Path<String>) -> Response {
    respond(ctx, raw, false).await
}
