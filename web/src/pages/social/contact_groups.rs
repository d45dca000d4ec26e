//! Contact groups page: list, create, delete, start an expense group.

use super::{field, id};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::social::{self, ContactFilter, ContactGroupInput};
use hisaab_service::{Actor, Error};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

const KINDS: &[&str] = &["roommates", "family", "trip", "work", "friends", "other"];

async fn context(ctx: &PageCtx, actor: &Actor, currency: &str) -> Result<Value, Error> {
    let app = &ctx.state.app;
    let groups = social::list_contact_groups(app, actor).await?;
    let contacts = social::list_contacts(
        app,
        actor,
        ContactFilter {
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    Ok(json!({
        "groups": groups.iter().map(|g| json!({
            "id": g.id.to_string(), "name": g.name, "kind": g.kind,
            "members": g.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "contacts": contacts.items.iter().map(|c| json!({ "id": c.id.to_string(), "name": c.name })).collect::<Vec<_>>(),
        "kinds": KINDS,
        "currency": currency,
        "selected": Vec::<String>::new(),
        "form": FormState::default().to_value(),
    }))
}

#[handler]
pub async fn contact_groups_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let v = context(&ctx, &user.actor, &user.session.user.base_currency).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/social/contact_groups.html",
        &ctx.t("soc-title-contact-groups"),
        v,
    ))
}

/// Keeps the posted pairs: `contact_id` repeats, once per ticked contact.
#[handler]
pub async fn create_contact_group(
    ctx: PageCtx,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let contact_ids: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "contact_id")
        .map(|(_, v)| v.clone())
        .collect();
    let input = ContactGroupInput {
        name: field(&pairs, "name").into(),
        kind: Some(field(&pairs, "kind").into()),
        contact_ids: contact_ids.clone(),
    };
    match social::create_contact_group(&ctx.state.app, &user.actor, input).await {
        Ok(_) => Ok(ctx.redirect("/social/contact-groups")),
        Err(e) => {
            let mut form =
                FormState::with_values(&[("name", field(&pairs, "name")), ("kind", field(&pairs, "kind"))]);
            let status = form.absorb(e)?;
            let mut v = context(&ctx, &user.actor, &user.session.user.base_currency).await?;
            v["form"] = form.to_value();
            v["selected"] = json!(contact_ids);
            Ok(ctx.render(
                status,
                "web/social/contact_groups.html",
                &ctx.t("soc-title-contact-groups"),
                v,
            ))
        }
    }
}

#[handler]
pub async fn delete_contact_group(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    social::delete_contact_group(&ctx.state.app, &user.actor, id(&raw)?).await?;
    Ok(ctx.redirect("/social/contact-groups"))
}

#[derive(Deserialize)]
pub struct StartGroupForm {
    #[serde(default)]
    currency: String,
}

#[handler]
pub async fn start_expense_group(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(f): Form<StartGroupForm>,
) -> PageResult {
    let g = social::start_expense_group(&ctx.state.app, &user.actor, id(&raw)?, &f.currency, None).await?;
    Ok(ctx.redirect(&format!("/social/groups/{}", g.id)))
}
