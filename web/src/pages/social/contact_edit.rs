//! Editing a contact (`/social/contacts/{id}/edit`: name, email, phone,
//! notes) and archiving or restoring it, through the same service function as
//! `PATCH /api/v1/social/contacts/{id}`.

use super::{id, t_args};
use crate::flash::Flash;
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::Actor;
use hisaab_service::entity::social::ContactId;
use hisaab_service::social::{self, ContactPatch, ContactView};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::json;

fn render(ctx: &PageCtx, c: &ContactView, form: &FormState, status: StatusCode) -> PageResult {
    let v = json!({
        "contact": { "id": c.id.to_string(), "name": c.name, "initials": c.initials, "archived": c.archived },
        "form": form.to_value(),
    });
    Ok(ctx.render(
        status,
        "web/social/contact_edit.html",
        &t_args(ctx, "soc-title-edit-contact", &[("name", &c.name)]),
        v,
    ))
}

#[handler]
pub async fn edit_contact_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let c = social::get_contact(&ctx.state.app, &user.actor, id(&raw)?).await?;
    let form = FormState::with_values(&[
        ("name", c.name.as_str()),
        ("email", c.email.as_deref().unwrap_or("")),
        ("phone", c.phone.as_deref().unwrap_or("")),
        ("notes", c.notes.as_deref().unwrap_or("")),
    ]);
    render(&ctx, &c, &form, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct ContactEditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    notes: String,
}

/// Saves the edit; a blank email, phone or notes clears it.
#[handler]
pub async fn save_contact(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(f): Form<ContactEditForm>,
) -> PageResult {
    let contact_id: ContactId = id(&raw)?;
    let patch = ContactPatch {
        name: Some(f.name.clone()),
        email: Some(f.email.clone()),
        phone: Some(f.phone.clone()),
        notes: Some(f.notes.clone()),
        archived: None,
    };
    match social::update_contact(&ctx.state.app, &user.actor, contact_id, patch).await {
        Ok(_) => Ok(ctx.redirect_with_flash(&format!("/social/contacts/{raw}"), Flash::ContactSaved)),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("name", &f.name),
                ("email", &f.email),
                ("phone", &f.phone),
                ("notes", &f.notes),
            ]);
            let status = form.absorb(e)?;
            let c = social::get_contact(&ctx.state.app, &user.actor, contact_id).await?;
            render(&ctx, &c, &form, ctx.form_status(status))
        }
    }
}

async fn set_archived(ctx: &PageCtx, actor: &Actor, raw: &str, archived: bool) -> PageResult {
    let patch = ContactPatch {
        archived: Some(archived),
        ..Default::default()
    };
    social::update_contact(&ctx.state.app, actor, id(raw)?, patch).await?;
    let flash = if archived {
        Flash::ContactArchived
    } else {
        Flash::ContactRestored
    };
    Ok(ctx.redirect_with_flash(&format!("/social/contacts/{raw}"), flash))
}

#[handler]
pub async fn archive_contact_form(ctx: PageCtx, Path(raw): Path<String>, user: SignedIn) -> PageResult {
    set_archived(&ctx, &user.actor, &raw, true).await
}

#[handler]
pub async fn restore_contact_form(ctx: PageCtx, Path(raw): Path<String>, user: SignedIn) -> PageResult {
    set_archived(&ctx, &user.actor, &raw, false).await
}
