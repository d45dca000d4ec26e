//! Contact groups page: list, create, delete, start an expense group.

use super::{field, id};
use crate::pages::{FormState, PageCtx};
use hisaab_service::social::{self, ContactFilter, ContactGroupInput};
use hisaab_service::{Actor, Error};
use poem::http::StatusCode;
use poem::web::{Form, Path};
use poem::{Response, handler};
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
pub async fn contact_groups_page(ctx: PageCtx) -> Response {
    let (session, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    match context(&ctx, &actor, &session.user.base_currency).await {
        Ok(v) => ctx.render(
            StatusCode::OK,
            "web/social/contact_groups.html",
            "Contact groups",
            v,
        ),
        Err(e) => ctx.error(e),
    }
}

#[handler]
pub async fn create_contact_group(ctx: PageCtx, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let (session, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
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
    match social::create_contact_group(&ctx.state.app, &actor, input).await {
        Ok(_) => ctx.redirect("/social/contact-groups"),
        Err(e) => {
            let mut form =
                FormState::with_values(&[("name", field(&pairs, "name")), ("kind", field(&pairs, "kind"))]);
            let Some(status) = form.absorb(&e) else {
                return ctx.error(e);
            };
            match context(&ctx, &actor, &session.user.base_currency).await {
                Ok(mut v) => {
                    v["form"] = form.to_value();
                    v["selected"] = json!(contact_ids);
                    ctx.render(status, "web/social/contact_groups.html", "Contact groups", v)
                }
                Err(e) => ctx.error(e),
            }
        }
    }
}

#[handler]
pub async fn delete_contact_group(ctx: PageCtx, Path(raw): Path<String>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let result = async { social::delete_contact_group(&ctx.state.app, &actor, id(&raw)?).await }.await;
    match result {
        Ok(()) => ctx.redirect("/social/contact-groups"),
        Err(e) => ctx.error(e),
    }
}

#[handler]
pub async fn start_expense_group(
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let currency = field(&pairs, "currency").to_string();
    let result =
        async { social::start_expense_group(&ctx.state.app, &actor, id(&raw)?, &currency, None).await }.await;
    match result {
        Ok(g) => ctx.redirect(&format!("/social/groups/{}", g.id)),
        Err(e) => ctx.error(e),
    }
}
