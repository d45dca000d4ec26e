//! Invitations and sharing: invite a contact, stop sharing, and the
//! invitations you received (accept / decline), and paying IOUs shared with you.

use super::{date, id, when};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::social::{self, SettlementInput};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::json;

#[handler]
pub async fn invite_contact(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    social::invite_contact(&ctx.state.app, &user.actor, id(&raw)?).await?;
    Ok(ctx.redirect(&format!("/social/contacts/{raw}")))
}

#[handler]
pub async fn unlink_contact(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    social::unlink_contact(&ctx.state.app, &user.actor, id(&raw)?).await?;
    Ok(ctx.redirect(&format!("/social/contacts/{raw}")))
}

#[handler]
pub async fn invitations_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    invitations(&ctx, &user, StatusCode::OK, FormState::default()).await
}

/// The invitations page; `form` carries a refused payment's messages, and
/// the IOU (`debt_id`) and `idempotency_key` it was sent with, so that row's
/// form keeps its key for the corrected retry.
async fn invitations(ctx: &PageCtx, user: &SignedIn, status: StatusCode, form: FormState) -> PageResult {
    let app = &ctx.state.app;
    let invitations = social::list_invitations(app, &user.actor).await?;
    let debts = social::shared_debts(app, &user.actor).await?;
    let v = json!({
        "verified": user.session.user.email_verified,
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
    });
    Ok(ctx.render(
        status,
        "web/social/invitations.html",
        &ctx.t("soc-title-invitations"),
        v,
    ))
}

/// A payment on an IOU, as the shared-IOU rows post it.
#[derive(Deserialize)]
pub struct DebtPaymentForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    idempotency_key: String,
}

/// A payment on an IOU someone shared with you (you paid it, or they paid you).
#[handler]
pub async fn settle_shared_debt(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(f): Form<DebtPaymentForm>,
) -> PageResult {
    let input = SettlementInput {
        amount: f.amount,
        date: f.date,
        method: Some(f.method),
        ..Default::default()
    };
    let key = super::form_key(&f.idempotency_key);
    match social::settle_debt(&ctx.state.app, &user.actor, key, id(&raw)?, input).await {
        Ok(_) => Ok(ctx.redirect("/social/invitations")),
        Err(e) => {
            let mut form =
                FormState::with_values(&[("debt_id", &raw), ("idempotency_key", &f.idempotency_key)]);
            let status = form.absorb(e)?;
            invitations(&ctx, &user, status, form).await
        }
    }
}

async fn respond(ctx: PageCtx, user: SignedIn, raw: String, accept: bool) -> PageResult {
    social::respond_to_invitation(&ctx.state.app, &user.actor, id(&raw)?, accept).await?;
    Ok(ctx.redirect("/social/invitations"))
}

#[handler]
pub async fn accept_invitation(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    respond(ctx, user, raw, true).await
}

#[handler]
pub async fn decline_invitation(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    respond(ctx, user, raw, false).await
}
