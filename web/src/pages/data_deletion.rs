//! `/settings/data`, the deletion part (issue 14, ADR 0026): the form that
//! asks to delete the account (password, and a code when two-factor sign-in
//! is on), and the notice shown once it is scheduled. Asking ends every
//! session, this one too, so the notice is a public page; signing in before
//! the date cancels the deletion.

use super::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::{i18n, identity};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Query};
use serde::Deserialize;
use serde_json::{Value, json};

/// What the deletion partial (`web/settings/data_deletion_partial.html`) needs.
pub(super) async fn deletion_context(
    ctx: &PageCtx,
    user: &SignedIn,
    form: &FormState,
) -> Result<Value, super::PageError> {
    let two_factor = identity::two_factor_enabled(ctx.app(), user.actor.user_id).await?;
    Ok(json!({
        "deletion": {
            "form": form.to_value(),
            "two_factor": two_factor,
            "grace_days": ctx.app().settings.deletion_grace_days,
        },
    }))
}

#[derive(Deserialize, Default)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// `POST /settings/data/delete`: schedules the deletion and sends the
/// browser to the notice; a wrong password or code re-renders the page with
/// the field's message (422).
#[handler]
pub async fn request_deletion(ctx: PageCtx, user: SignedIn, Form(f): Form<DeleteForm>) -> PageResult {
    let code = Some(f.code.as_str()).filter(|c| !c.trim().is_empty());
    match identity::request_account_deletion(ctx.app(), &user.actor, &f.password, code).await {
        Ok(view) => {
            let on = view.deletion_scheduled_at.date();
            Ok(ctx.redirect(&format!("/settings/data/deletion-scheduled?on={on}")))
        }
        Err(e) => {
            let mut deletion = FormState::default();
            let status = deletion.absorb(e)?;
            let page = super::data::DataPage {
                deletion,
                ..Default::default()
            };
            super::data::render(&ctx, &user, ctx.form_status(status), page).await
        }
    }
}

#[derive(Deserialize)]
pub struct ScheduledQuery {
    on: Option<String>,
}

/// `GET /settings/data/deletion-scheduled?on=YYYY-MM-DD`: the grace-period
/// notice. Public (the person was just signed out everywhere); the date
/// only words the notice, the schedule itself is on the server.
#[handler]
pub async fn deletion_scheduled(ctx: PageCtx, Query(q): Query<ScheduledQuery>) -> PageResult {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let on =
        q.on.as_deref()
            .and_then(|d| time::Date::parse(d, &format).ok())
            .map(|d| i18n::format::long_date(d, ctx.locale));
    Ok(ctx.render(
        StatusCode::OK,
        "web/settings/deletion_scheduled.html",
        &ctx.t("set-deletion-scheduled-page"),
        json!({ "erase_on": on }),
    ))
}
