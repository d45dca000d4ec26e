//! Contacts list, contact page, "I lent" / "I borrowed" and settling a debt.

use super::{balance, date, field, id, money};
use crate::pages::{FormState, PageCtx};
use hisaab_service::Actor;
use hisaab_service::social::{self, ContactFilter, ContactInput, DebtFilter, DebtInput, DebtStatus};
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize, Default)]
pub struct ContactsQuery {
    q: Option<String>,
}

async fn contacts_context(
    ctx: &PageCtx,
    actor: &Actor,
    q: Option<String>,
) -> Result<Value, hisaab_service::Error> {
    let page = social::list_contacts(
        &ctx.state.app,
        actor,
        ContactFilter {
            q: q.clone(),
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    let overall = social::overall_balances(&ctx.state.app, actor).await?;
    let contacts: Vec<Value> = page
        .items
        .iter()
        .map(|c| {
            let balances: Vec<Value> = overall.people.iter().find(|p| p.contact_id == c.id).map(|p| p.balances.iter().map(|b| balance(*b)).collect()).unwrap_or_default();
            json!({ "id": c.id.to_string(), "name": c.name, "initials": c.initials, "email": c.email, "balances": balances })
        })
        .collect();
    Ok(json!({ "contacts": contacts, "q": q.unwrap_or_default() }))
}

#[handler]
pub async fn contacts_page(ctx: PageCtx, Query(query): Query<ContactsQuery>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    match contacts_context(&ctx, &actor, query.q).await {
        Ok(mut v) => {
            v["form"] = FormState::default().to_value();
            ctx.page_or_partial(
                StatusCode::OK,
                "web/social/contacts.html",
                "web/social/contact_rows_partial.html",
                "Contacts",
                v,
            )
        }
        Err(e) => ctx.error(e),
    }
}

#[derive(Deserialize, Default)]
pub struct ContactForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

#[handler]
pub async fn create_contact(ctx: PageCtx, Form(f): Form<ContactForm>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let input = ContactInput {
        name: f.name.clone(),
        email: Some(f.email.clone()),
        phone: Some(f.phone.clone()),
        notes: None,
    };
    match social::create_contact(&ctx.state.app, &actor, input).await {
        Ok(c) => ctx.redirect(&format!("/social/contacts/{}", c.id)),
        Err(e) => {
            let mut form =
                FormState::with_values(&[("name", &f.name), ("email", &f.email), ("phone", &f.phone)]);
            let Some(status) = form.absorb(&e) else {
                return ctx.error(e);
            };
            match contacts_context(&ctx, &actor, None).await {
                Ok(mut v) => {
                    v["form"] = form.to_value();
                    ctx.render(status, "web/social/contacts.html", "Contacts", v)
                }
                Err(e) => ctx.error(e),
            }
        }
    }
}

async fn contact_context(
    ctx: &PageCtx,
    actor: &Actor,
    contact_id: hisaab_service::entity::social::ContactId,
) -> Result<Value, hisaab_service::Error> {
    let app = &ctx.state.app;
    let contact = social::get_contact(app, actor, contact_id).await?;
    let balances = social::contact_balance(app, actor, contact_id).await?;
    let history = social::contact_history(app, actor, contact_id).await?;
    let debts = social::list_debts(
        app,
        actor,
        DebtFilter {
            contact_id: Some(contact_id),
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    Ok(json!({
        "contact": { "id": contact.id.to_string(), "name": contact.name, "initials": contact.initials, "email": contact.email, "phone": contact.phone, "share_status": contact.share_status },
        "accounts": hisaab_service::finance::accounts::all_accounts(app, actor).await?.iter().filter(|a| !a.archived).map(|a| json!({ "id": a.id.to_string(), "name": a.name, "currency": a.currency.code() })).collect::<Vec<_>>(),
        "balances": balances.iter().map(|b| balance(*b)).collect::<Vec<_>>(),
        "history": history.iter().rev().map(|h| json!({ "kind": h.kind, "date": date(h.date), "label": h.label, "detail": h.detail, "amount": balance(h.amount), "running": balance(h.running) })).collect::<Vec<_>>(),
        "debts": debts.items.iter().map(|d| json!({
            "id": d.id.to_string(), "direction": d.direction_name(), "amount": money(d.amount), "outstanding": money(d.outstanding),
            "status": d.status.as_str(), "open": d.status != DebtStatus::Settled, "date": date(d.date), "reason": d.reason,
        })).collect::<Vec<_>>(),
        "today": date(app.now().date()),
        "methods": social::METHODS,
    }))
}

#[handler]
pub async fn contact_page(ctx: PageCtx, Path(raw): Path<String>) -> Response {
    let (session, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let result = async { contact_context(&ctx, &actor, id(&raw)?).await }.await;
    match result {
        Ok(mut v) => {
            let today = date(ctx.state.app.now().date());
            v["form"] =
                FormState::with_values(&[("currency", &session.user.base_currency), ("date", &today)])
                    .to_value();
            let title = v["contact"]["name"].as_str().unwrap_or("Contact").to_string();
            ctx.render(StatusCode::OK, "web/social/contact.html", &title, v)
        }
        Err(e) => ctx.error(e),
    }
}

/// "I lent" / "I borrowed".
#[handler]
pub async fn record_debt(
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let input = DebtInput {
        contact_id: raw.clone(),
        direction: field(&pairs, "direction").into(),
        amount: field(&pairs, "amount").into(),
        currency: field(&pairs, "currency").into(),
        date: field(&pairs, "date").into(),
        reason: Some(field(&pairs, "reason").into()),
        due_date: Some(field(&pairs, "due_date").into()),
        account_id: Some(field(&pairs, "account_id").into()),
    };
    let key = Some(field(&pairs, "idempotency_key")).filter(|k| !k.is_empty());
    match social::record_debt(&ctx.state.app, &actor, key, input).await {
        Ok(_) => ctx.redirect(&format!("/social/contacts/{raw}")),
        Err(e) => form_error(&ctx, &actor, &raw, e, &pairs).await,
    }
}

#[handler]
pub async fn settle_debt(
    ctx: PageCtx,
    Path((contact, debt)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let input = super::debt_payment(&pairs);
    let result = async { social::settle_debt(&ctx.state.app, &actor, None, id(&debt)?, input).await }.await;
    match result {
        Ok(_) => ctx.redirect(&format!("/social/contacts/{contact}")),
        Err(e) => form_error(&ctx, &actor, &contact, e, &pairs).await,
    }
}

async fn form_error(
    ctx: &PageCtx,
    actor: &Actor,
    contact: &str,
    e: hisaab_service::Error,
    pairs: &[(String, String)],
) -> Response {
    let values: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k != "csrf_token")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut form = FormState::with_values(&values);
    let Some(status) = form.absorb(&e) else {
        return ctx.error(e);
    };
    let result = async { contact_context(ctx, actor, id(contact)?).await }.await;
    match result {
        Ok(mut v) => {
            v["form"] = form.to_value();
            let title = v["contact"]["name"].as_str().unwrap_or("Contact").to_string();
            ctx.render(status, "web/social/contact.html", &title, v)
        }
        Err(e) => ctx.error(e),
    }
}

/// "You are owed / you owe", per person and per currency.
#[handler]
pub async fn balances_page(ctx: PageCtx) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    match social::overall_balances(&ctx.state.app, &actor).await {
        Ok(o) => ctx.render(
            StatusCode::OK,
            "web/social/balances.html",
            "Balances",
            json!({
                "people": o.people.iter().map(|p| json!({ "id": p.contact_id.to_string(), "name": p.name, "initials": p.initials, "balances": p.balances.iter().map(|b| balance(*b)).collect::<Vec<_>>() })).collect::<Vec<_>>(),
                "shared": o.shared.iter().map(|s| json!({ "owner_name": s.owner_name, "initials": hisaab_service::social::initials(&s.owner_name), "balances": s.balances.iter().map(|b| balance(*b)).collect::<Vec<_>>() })).collect::<Vec<_>>(),
                "totals": o.totals.iter().map(|t| json!({ "currency": t.currency.code(), "owed_to_you": t.owed_to_you.to_string(), "you_owe": t.you_owe.to_string(), "net": balance(t.net) })).collect::<Vec<_>>(),
            }),
        ),
        Err(e) => ctx.error(e),
    }
}
