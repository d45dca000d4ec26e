//! Acting on one account from its page: lock, unlock, role, plan, sign out
//! everywhere, mark the email verified (superadmins), and send the
//! verification or password-reset mail again (support staff too). Every
//! form asks why; a missing reason re-renders the page with 422 and a
//! message next to that form's reason field, and changes nothing. The
//! service functions check the role and write the audit entry (staff
//! member as actor, the reason, the account before and after, this
//! request's id and address).

use super::users::{detail_context, parse_id};
use crate::flash::Flash;
use hisaab_http::{PageCtx, PageResult, SignedIn, flash};
use hisaab_service::audit::StaffReason;
use hisaab_service::entity::UserId;
use hisaab_service::identity;
use hisaab_service::{Actor, App, Error, Result};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::json;

/// Every action form's fields (each form sends the ones it has).
#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    plan: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Lock,
    Unlock,
    Role,
    Plan,
    RevokeSessions,
    MarkVerified,
    ResendVerification,
    SendPasswordReset,
}

impl Action {
    /// The form's name on the page (its reason field is `reason-<name>`).
    fn name(self) -> &'static str {
        match self {
            Action::Lock => "lock",
            Action::Unlock => "unlock",
            Action::Role => "role",
            Action::Plan => "plan",
            Action::RevokeSessions => "revoke-sessions",
            Action::MarkVerified => "mark-verified",
            Action::ResendVerification => "resend-verification",
            Action::SendPasswordReset => "send-password-reset",
        }
    }

    /// Support staff may send mails; everything else needs a superadmin.
    fn support_may(self) -> bool {
        matches!(self, Action::ResendVerification | Action::SendPasswordReset)
    }
}

async fn apply(app: &App, actor: &Actor, id: UserId, action: Action, form: ActionForm) -> Result<Flash> {
    // Support staff are refused before being asked why (the service checks
    // again): the answer to "may I?" comes first.
    if !action.support_may() && !actor.is_superadmin() {
        return Err(Error::Forbidden(
            "Only a superadmin can change this; support staff can look but not change.".into(),
        ));
    }
    let reason = StaffReason::parse(&form.reason)?;
    let reason = &reason;
    Ok(match action {
        Action::Lock => {
            // The service also ends every session and API sign-in, in the same transaction.
            identity::admin_set_lock(app, actor, id, true, reason).await?;
            Flash::Locked
        }
        Action::Unlock => {
            identity::admin_set_lock(app, actor, id, false, reason).await?;
            Flash::Unlocked
        }
        Action::Role => {
            let role = identity::parse_role(form.role.trim()).ok_or_else(|| {
                Error::invalid(
                    "role",
                    "Choose one of the roles: user, premium, support or superadmin.",
                )
            })?;
            identity::admin_set_role(app, actor, id, role, reason).await?;
            Flash::RoleChanged
        }
        Action::Plan => {
            let plan = identity::parse_plan(form.plan.trim())
                .ok_or_else(|| Error::invalid("plan", "Choose the plan: user or premium."))?;
            identity::admin_set_plan(app, actor, id, plan, reason).await?;
            Flash::PlanChanged
        }
        Action::RevokeSessions => {
            identity::admin_revoke_sessions(app, actor, id, reason).await?;
            Flash::SessionsRevoked
        }
        Action::MarkVerified => {
            identity::admin_mark_verified(app, actor, id, reason).await?;
            Flash::EmailVerified
        }
        Action::ResendVerification => {
            identity::admin_resend_verification(app, actor, id, reason).await?;
            Flash::VerificationSent
        }
        Action::SendPasswordReset => {
            identity::admin_send_password_reset(app, actor, id, reason).await?;
            Flash::ResetSent
        }
    })
}

/// Runs a staff action, then back to the user's page with a toast. A refusal
/// (no reason, removing your own staff role, a support member changing
/// something) re-renders the page with the reason for it.
async fn act(ctx: PageCtx, staff: SignedIn, raw_id: &str, action: Action, form: ActionForm) -> PageResult {
    let id = parse_id(raw_id)?;
    let app = ctx.app();
    let (status, message, field) = match apply(app, &staff.actor, id, action, form).await {
        Ok(done) => return Ok(ctx.redirect_with_flash(&format!("/users/{id}"), done)),
        // Support staff may look, not change: the page says so.
        Err(Error::Forbidden(message)) => (StatusCode::FORBIDDEN, message, String::new()),
        Err(Error::Invalid { detail, errors }) => {
            let field = errors.first().map(|e| e.field.clone()).unwrap_or_default();
            (StatusCode::UNPROCESSABLE_ENTITY, detail, field)
        }
        Err(Error::Conflict(message)) => (StatusCode::UNPROCESSABLE_ENTITY, message, String::new()),
        Err(Error::RateLimited { message, .. }) => (StatusCode::TOO_MANY_REQUESTS, message, String::new()),
        Err(e) => return Err(e.into()),
    };
    let (email, mut context) = detail_context(app, &staff.actor, id).await?;
    context["flash"] = flash::error(&message);
    context["failed"] = json!(action.name());
    if field == "reason" {
        context["reason_error"] = json!(message);
    }
    Ok(ctx.render(
        ctx.form_status(status),
        "admin/users/detail.html",
        &email,
        context,
    ))
}

macro_rules! action_handlers {
    ($($name:ident => $action:expr),* $(,)?) => {$(
        #[handler]
        pub async fn $name(
            ctx: PageCtx,
            staff: SignedIn,
            Path(id): Path<String>,
            Form(form): Form<ActionForm>,
        ) -> PageResult {
            act(ctx, staff, &id, $action, form).await
        }
    )*};
}

action_handlers! {
    lock => Action::Lock,
    unlock => Action::Unlock,
    set_role => Action::Role,
    set_plan => Action::Plan,
    revoke_sessions => Action::RevokeSessions,
    mark_verified => Action::MarkVerified,
    resend_verification => Action::ResendVerification,
    send_password_reset => Action::SendPasswordReset,
}
