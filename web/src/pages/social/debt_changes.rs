//! Changing an IOU from the contact page: edit its words, correct its money,
//! delete (with an undo) and restore. Each calls the same service function
//! as the API; a refused form comes back in its own row with 422.

use super::contacts::contact_context;
use super::{field, id};
use crate::flash::Flash;
use crate::pages::{FormState, PageCtx, PageResult, SignedIn, form_key};
use hisaab_service::social::{self, DebtCorrection, DebtPatch};
use poem::handler;
use poem::web::{Form, Path};
use serde_json::json;

/// The `If-Match` a form carries: the version it was rendered with.
fn if_match(pairs: &[(String, String)], debt: &str) -> Option<String> {
    let version = field(pairs, "version");
    (!version.is_empty()).then(|| format!("\"{debt}-{version}\""))
}

/// A blank field of a form is "clear it" for the words, "keep it" for the money.
fn given(pairs: &[(String, String)], name: &str) -> Option<String> {
    let v = field(pairs, name).trim();
    (!v.is_empty()).then(|| v.to_string())
}

#[handler]
pub async fn update_debt(
    ctx: PageCtx,
    Path((contact, debt)): Path<(String, String)>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let patch = DebtPatch {
        reason: Some(given(&pairs, "reason")),
        due_date: Some(given(&pairs, "due_date")),
        notes: Some(given(&pairs, "notes")),
    };
    let tag = if_match(&pairs, &debt);
    match social::update_debt(&ctx.state.app, &user.actor, id(&debt)?, tag.as_deref(), patch).await {
        Ok(_) => Ok(ctx.redirect(&format!("/social/contacts/{contact}"))),
        Err(e) => debt_form_error(&ctx, &user, &contact, &debt, "edit", e, &pairs).await,
    }
}

#[handler]
pub async fn correct_debt(
    ctx: PageCtx,
    Path((contact, debt)): Path<(String, String)>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let correction = DebtCorrection {
        direction: given(&pairs, "direction"),
        amount: given(&pairs, "amount"),
        currency: given(&pairs, "currency"),
        date: given(&pairs, "date"),
    };
    let tag = if_match(&pairs, &debt);
    let key = form_key(field(&pairs, "idempotency_key"));
    match social::correct_debt(
        &ctx.state.app,
        &user.actor,
        id(&debt)?,
        tag.as_deref(),
        key,
        correction,
    )
    .await
    {
        Ok(_) => Ok(ctx.redirect(&format!("/social/contacts/{contact}"))),
        Err(e) => debt_form_error(&ctx, &user, &contact, &debt, "correct", e, &pairs).await,
    }
}

/// Deletes, then shows the contact page with an "Undo" for this IOU.
#[handler]
pub async fn delete_debt(
    ctx: PageCtx,
    Path((contact, debt)): Path<(String, String)>,
    user: SignedIn,
) -> PageResult {
    let d = social::delete_debt(&ctx.state.app, &user.actor, id(&debt)?, None, None).await?;
    Ok(ctx.redirect(&format!("/social/contacts/{contact}?deleted={}", d.id)))
}

#[handler]
pub async fn restore_debt(
    ctx: PageCtx,
    Path((contact, debt)): Path<(String, String)>,
    user: SignedIn,
) -> PageResult {
    social::restore_debt(&ctx.state.app, &user.actor, id(&debt)?, None, None).await?;
    Ok(ctx.redirect(&format!("/social/contacts/{contact}")))
}

/// "Send a reminder": back to the contact page with a note; a refusal (sent
/// already today, nobody to reach) is shown in the IOU's row with 409.
#[handler]
pub async fn remind_debt(
    ctx: PageCtx,
    Path((contact, debt)): Path<(String, String)>,
    user: SignedIn,
) -> PageResult {
    match social::send_debt_reminder(&ctx.state.app, &user.actor, id(&debt)?).await {
        Ok(_) => Ok(ctx.redirect_with_flash(&format!("/social/contacts/{contact}"), Flash::ReminderSent)),
        Err(hisaab_service::Error::Conflict(message)) => {
            let mut v = contact_context(&ctx, &user.actor, id(&contact)?, None).await?;
            v["reminder_refused"] = json!({ "debt_id": debt, "message": message });
            v["form"] = fresh_debt_form(&ctx, &user);
            let title = v["contact"]["name"]
                .as_str()
                .map_or_else(|| ctx.t("soc-title-contact"), str::to_string);
            Ok(ctx.render(
                poem::http::StatusCode::CONFLICT,
                "web/social/contact.html",
                &title,
                v,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The "Record an IOU" form, fresh (a refused row form's values are not its own).
fn fresh_debt_form(ctx: &PageCtx, user: &SignedIn) -> serde_json::Value {
    let today = super::date(ctx.state.app.now().date());
    FormState::with_values(&[("currency", &user.session.user.base_currency), ("date", &today)]).to_value()
}

/// The contact page again with the refused form open in its IOU's row, its
/// values and messages kept (and the correct form's idempotency key).
async fn debt_form_error(
    ctx: &PageCtx,
    user: &SignedIn,
    contact: &str,
    debt: &str,
    kind: &str,
    e: hisaab_service::Error,
    pairs: &[(String, String)],
) -> PageResult {
    let values: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k != "csrf_token")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut form = FormState::with_values(&values);
    // Field ids carry the IOU's id (one form per row), so the summary's links land.
    let status = form.absorb_as(e, |f| format!("{f}-{debt}"))?;
    let mut v = contact_context(ctx, &user.actor, id(contact)?, None).await?;
    v["debt_form"] = json!({ "debt_id": debt, "kind": kind, "state": form.to_value() });
    v["form"] = fresh_debt_form(ctx, user);
    let title = v["contact"]["name"]
        .as_str()
        .map_or_else(|| ctx.t("soc-title-contact"), str::to_string);
    Ok(ctx.render(ctx.form_status(status), "web/social/contact.html", &title, v))
}

/// One line of an IOU's history for the page: when, what, and each field's
/// before → after.
pub(super) fn history_line(ctx: &PageCtx, a: &social::ActivityView) -> serde_json::Value {
    let before = &a.details["before"];
    let changes: Vec<serde_json::Value> = a.details["after"]
        .as_object()
        .map(|after| {
            after
                .iter()
                .filter(|(k, v)| before.get(k.as_str()) != Some(v))
                .map(|(k, v)| {
                    let text = |x: Option<&serde_json::Value>| match x {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(serde_json::Value::Null) | None => "—".to_string(),
                        Some(other) => other.to_string(),
                    };
                    json!({ "field": k.replace('_', " "), "before": text(before.get(k.as_str())), "after": text(Some(v)) })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({ "when": super::when(a.created_at), "summary": super::activity_text(ctx, a, None), "changes": changes })
}
