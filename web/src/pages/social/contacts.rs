//! Contacts list, contact page, "I lent" / "I borrowed" and settling a debt.

use super::{balance, date, field, id, money};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::Actor;
use hisaab_service::entity::social::peer_debt::Direction;
use hisaab_service::social::{self, ContactFilter, ContactInput, DebtFilter, DebtInput, DebtStatus};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize, Default)]
pub struct ContactsQuery {
    q: Option<String>,
    /// `archived=1`: the archived contacts instead.
    archived: Option<String>,
}

async fn contacts_context(
    ctx: &PageCtx,
    actor: &Actor,
    q: Option<String>,
    archived: bool,
) -> Result<Value, hisaab_service::Error> {
    let page = social::list_contacts(
        &ctx.state.app,
        actor,
        ContactFilter {
            q: q.clone(),
            archived,
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
    Ok(json!({ "contacts": contacts, "q": q.unwrap_or_default(), "archived": archived }))
}

#[handler]
pub async fn contacts_page(ctx: PageCtx, user: SignedIn, Query(query): Query<ContactsQuery>) -> PageResult {
    let archived = query.archived.is_some_and(|a| !a.is_empty() && a != "0");
    let mut v = contacts_context(&ctx, &user.actor, query.q, archived).await?;
    v["form"] = FormState::default().to_value();
    Ok(ctx.page_or_partial(
        StatusCode::OK,
        "web/social/contacts.html",
        "web/social/contact_rows_partial.html",
        &ctx.t("soc-title-contacts"),
        v,
    ))
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
pub async fn create_contact(ctx: PageCtx, user: SignedIn, Form(f): Form<ContactForm>) -> PageResult {
    let actor = &user.actor;
    let input = ContactInput {
        name: f.name.clone(),
        email: Some(f.email.clone()),
        phone: Some(f.phone.clone()),
        notes: None,
    };
    match social::create_contact(&ctx.state.app, actor, input).await {
        Ok(c) => Ok(ctx.redirect(&format!("/social/contacts/{}", c.id))),
        Err(e) => {
            let mut form =
                FormState::with_values(&[("name", &f.name), ("email", &f.email), ("phone", &f.phone)]);
            let status = form.absorb(e)?;
            let mut v = contacts_context(&ctx, actor, None, false).await?;
            v["form"] = form.to_value();
            Ok(ctx.render(
                status,
                "web/social/contacts.html",
                &ctx.t("soc-title-contacts"),
                v,
            ))
        }
    }
}

/// The contact page's data; `just_deleted` (an IOU's id) shows its "Undo".
pub(super) async fn contact_context(
    ctx: &PageCtx,
    actor: &Actor,
    contact_id: hisaab_service::entity::social::ContactId,
    just_deleted: Option<&str>,
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
    let deleted = social::list_debts(
        app,
        actor,
        DebtFilter {
            contact_id: Some(contact_id),
            deleted: true,
            limit: Some(50),
            ..Default::default()
        },
    )
    .await?;
    let mut histories = social::contact_debt_histories(app, actor, contact_id).await?;
    let today = app.now().date();
    // A reminder goes to a linked person or to the contact's email address.
    let reachable =
        contact.share_status == "accepted" || contact.email.as_deref().is_some_and(|e| !e.trim().is_empty());
    let undo = just_deleted.and_then(|raw| deleted.items.iter().find(|d| d.id.to_string() == raw));
    Ok(json!({
        "contact": { "id": contact.id.to_string(), "name": contact.name, "initials": contact.initials, "email": contact.email, "phone": contact.phone, "share_status": contact.share_status, "archived": contact.archived },
        "accounts": hisaab_service::finance::accounts::all_accounts(app, actor).await?.iter().filter(|a| !a.archived).map(|a| json!({ "id": a.id.to_string(), "name": a.name, "currency": a.currency.code() })).collect::<Vec<_>>(),
        "balances": balances.iter().map(|b| balance(*b)).collect::<Vec<_>>(),
        "history": history.iter().rev().map(|h| json!({ "kind": h.kind, "date": date(h.date), "label": h.label, "detail": h.detail, "amount": balance(h.amount), "running": balance(h.running) })).collect::<Vec<_>>(),
        "debts": debts.items.iter().map(|d| json!({
            "id": d.id.to_string(), "direction": d.direction_name(), "amount": money(d.amount), "outstanding": money(d.outstanding),
            "status": d.status.as_str(), "open": d.status != DebtStatus::Settled, "date": date(d.date), "reason": d.reason,
            "due_date": d.due_date.map(date), "notes": d.notes, "version": d.version, "paid": !d.settled.is_zero(),
            "overdue": social::is_overdue(d, today), "remindable": reachable && d.direction == Direction::Lent && d.status != DebtStatus::Settled,
            "history": histories.remove(&d.id).unwrap_or_default().iter().map(|a| super::debt_changes::history_line(ctx, a)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "deleted_debts": deleted.items.iter().map(|d| json!({
            "id": d.id.to_string(), "direction": d.direction_name(), "amount": money(d.amount), "date": date(d.date), "reason": d.reason,
        })).collect::<Vec<_>>(),
        "undo": undo.map(|d| json!({ "id": d.id.to_string(), "amount": money(d.amount) })),
        "debt_form": { "debt_id": "", "kind": "", "state": FormState::default().to_value() },
        "reminder_refused": { "debt_id": "", "message": "" },
        "today": date(app.now().date()),
        "methods": social::METHODS,
        "settlements": super::settlement_rows(app, actor, social::SettlementFilter { contact_id: Some(contact_id), ..Default::default() }).await?,
        // Swapped in when the page's event stream says something changed.
        "live": "#contact-header,#contact-debts,#settlements,#contact-history",
    }))
}

#[derive(Deserialize, Default)]
pub struct ContactQuery {
    /// An IOU just deleted: the page offers to undo it.
    deleted: Option<String>,
}

#[handler]
pub async fn contact_page(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(query): Query<ContactQuery>,
) -> PageResult {
    let mut v = contact_context(&ctx, &user.actor, id(&raw)?, query.deleted.as_deref()).await?;
    let today = date(ctx.state.app.now().date());
    v["form"] = FormState::with_values(&[("currency", &user.session.user.base_currency), ("date", &today)])
        .to_value();
    let title = v["contact"]["name"]
        .as_str()
        .map_or_else(|| ctx.t("soc-title-contact"), str::to_string);
    Ok(ctx.render(StatusCode::OK, "web/social/contact.html", &title, v))
}

/// "I lent" / "I borrowed".
#[handler]
pub async fn record_debt(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
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
    let key = super::form_key(field(&pairs, "idempotency_key"));
    match social::record_debt(&ctx.state.app, &user.actor, key, input).await {
        Ok(_) => Ok(ctx.redirect(&format!("/social/contacts/{raw}"))),
        Err(e) => form_error(&ctx, &user.actor, &raw, e, &pairs).await,
    }
}

#[handler]
pub async fn settle_debt(
    ctx: PageCtx,
    Path((contact, debt)): Path<(String, String)>,
    user: SignedIn,
    Form(mut pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let input = super::debt_payment(&pairs);
    let key = super::form_key(field(&pairs, "idempotency_key"));
    match social::settle_debt(&ctx.state.app, &user.actor, key, id(&debt)?, input).await {
        Ok(_) => Ok(ctx.redirect(&format!("/social/contacts/{contact}"))),
        Err(e) => {
            // Which IOU's row keeps the submitted key for the retry.
            pairs.push(("debt_id".into(), debt));
            form_error(&ctx, &user.actor, &contact, e, &pairs).await
        }
    }
}

async fn form_error(
    ctx: &PageCtx,
    actor: &Actor,
    contact: &str,
    e: hisaab_service::Error,
    pairs: &[(String, String)],
) -> PageResult {
    let values: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k != "csrf_token")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut form = FormState::with_values(&values);
    let status = form.absorb(e)?;
    let mut v = contact_context(ctx, actor, id(contact)?, None).await?;
    v["form"] = form.to_value();
    let title = v["contact"]["name"]
        .as_str()
        .map_or_else(|| ctx.t("soc-title-contact"), str::to_string);
    Ok(ctx.render(status, "web/social/contact.html", &title, v))
}

/// "You are owed / you owe", per person and per currency.
#[handler]
pub async fn balances_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let o = social::overall_balances(&ctx.state.app, &user.actor).await?;
    let overdue = social::overdue_debts(&ctx.state.app, &user.actor, ctx.state.app.now().date()).await?;
    Ok(ctx.render(
            StatusCode::OK,
            "web/social/balances.html",
            &ctx.t("soc-title-balances"),
            json!({
                "people": o.people.iter().map(|p| json!({ "id": p.contact_id.to_string(), "name": p.name, "initials": p.initials, "balances": p.balances.iter().map(|b| balance(*b)).collect::<Vec<_>>() })).collect::<Vec<_>>(),
                "shared": o.shared.iter().map(|s| json!({ "owner_name": s.owner_name, "initials": hisaab_service::social::initials(&s.owner_name), "balances": s.balances.iter().map(|b| balance(*b)).collect::<Vec<_>>() })).collect::<Vec<_>>(),
                "totals": o.totals.iter().map(|t| json!({ "currency": t.currency.code(), "owed_to_you": t.owed_to_you.to_string(), "you_owe": t.you_owe.to_string(), "net": balance(t.net) })).collect::<Vec<_>>(),
                "overdue": overdue.iter().map(|d| json!({ "contact_id": d.contact_id.to_string(), "contact_name": d.contact_name, "direction": d.direction_name(), "outstanding": money(d.outstanding), "reason": d.reason, "due_date": d.due_date.map(date) })).collect::<Vec<_>>(),
                // Nothing here is typed in: the whole page is swapped on a change.
                "live": "#main:innerHTML",
            }),
    ))
}
