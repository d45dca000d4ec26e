//! Groups list, a group's page (expenses, balances, the settle-up plan with
//! one-click "record this payment", activity).

use super::{balance, date, field, id, money, when};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::entity::social::ExpenseGroupId;
use hisaab_service::social::{self, ContactFilter, GroupInput, SettlementInput};
use hisaab_service::{Actor, Error};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

async fn groups_context(ctx: &PageCtx, actor: &Actor) -> Result<Value, Error> {
    let app = &ctx.state.app;
    let groups = social::list_groups(app, actor, false, None, Some(200)).await?;
    let contacts = social::list_contacts(
        app,
        actor,
        ContactFilter {
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    let mut rows = Vec::new();
    for g in &groups.items {
        let b = social::group_balances(app, actor, g.id).await?;
        let you = b.members.iter().find(|m| m.is_you).map(|m| balance(m.balance));
        rows.push(json!({ "id": g.id.to_string(), "name": g.name, "currency": g.currency.code(), "members": g.members.len(), "you": you }));
    }
    Ok(json!({
        "groups": rows,
        "contacts": contacts.items.iter().map(|c| json!({ "id": c.id.to_string(), "name": c.name })).collect::<Vec<_>>(),
    }))
}

#[handler]
pub async fn groups_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let mut v = groups_context(&ctx, &user.actor).await?;
    v["form"] = FormState::with_values(&[("currency", &user.session.user.base_currency)]).to_value();
    v["selected"] = json!([]);
    Ok(ctx.render(StatusCode::OK, "web/social/groups.html", "Groups", v))
}

/// Keeps the posted pairs: `contact_id` repeats, once per ticked contact.
#[handler]
pub async fn create_group(
    ctx: PageCtx,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let contact_ids: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "contact_id")
        .map(|(_, v)| v.clone())
        .collect();
    let input = GroupInput {
        name: field(&pairs, "name").into(),
        currency: field(&pairs, "currency").into(),
        contact_ids: contact_ids.clone(),
        simplify: Some(field(&pairs, "simplify") == "on"),
    };
    match social::create_group(&ctx.state.app, &user.actor, input).await {
        Ok(g) => Ok(ctx.redirect(&format!("/social/groups/{}", g.id))),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("name", field(&pairs, "name")),
                ("currency", field(&pairs, "currency")),
            ]);
            let status = form.absorb(e)?;
            let mut v = groups_context(&ctx, &user.actor).await?;
            v["form"] = form.to_value();
            v["selected"] = json!(contact_ids);
            Ok(ctx.render(status, "web/social/groups.html", "Groups", v))
        }
    }
}

/// Balances and the plan: the part of the group page a payment refreshes.
async fn summary_context(ctx: &PageCtx, actor: &Actor, group_id: ExpenseGroupId) -> Result<Value, Error> {
    let app = &ctx.state.app;
    let b = social::group_balances(app, actor, group_id).await?;
    let plan = social::group_plan(app, actor, group_id).await?;
    let is_you = |id| b.members.iter().any(|m| m.member_id == id && m.is_you);
    // Who a payment settles (the viewer first), and how many payments do it together:
    // the template words it ("You pay Bilal …", "One of 2 payments that settle you, Bilal and Chen").
    let settles = |p: &social::PlanPayment| {
        let mut names: Vec<Value> = p
            .clears
            .iter()
            .map(|&id| json!({ "name": b.members.iter().find(|m| m.member_id == id).map_or("", |m| m.name.as_str()), "is_you": is_you(id) }))
            .collect();
        names.sort_by_key(|n| !n["is_you"].as_bool().unwrap_or(false));
        let together = plan.payments.iter().filter(|q| q.clears == p.clears).count();
        json!({ "names": names, "payments": together })
    };
    Ok(json!({
        "balances": b.members.iter().map(|m| json!({ "name": m.name, "is_you": m.is_you, "balance": balance(m.balance) })).collect::<Vec<_>>(),
        "pairwise": b.pairwise.iter().map(|p| json!({ "from": p.from_name, "to": p.to_name, "amount": money(p.amount) })).collect::<Vec<_>>(),
        "plan": plan.payments.iter().map(|p| json!({
            "from_id": p.from_member_id.to_string(), "from": p.from_name, "to_id": p.to_member_id.to_string(), "to": p.to_name,
            "from_is_you": is_you(p.from_member_id), "to_is_you": is_you(p.to_member_id), "settles": settles(p),
            "amount": money(p.amount), "explanation": p.explanation,
        })).collect::<Vec<_>>(),
        "simplified": plan.simplified,
        "group_id": group_id.to_string(),
        "today": date(app.now().date()),
    }))
}

#[handler]
pub async fn group_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let app = &ctx.state.app;
    let actor = &user.actor;
    let group_id: ExpenseGroupId = id(&raw)?;
    let g = social::get_group(app, actor, group_id).await?;
    let expenses = social::list_expenses(app, actor, group_id, false, None, Some(100)).await?;
    let deleted = social::list_expenses(app, actor, group_id, true, None, Some(20)).await?;
    let activity = social::group_activity(app, actor, group_id, None, Some(20)).await?;
    let mut v = summary_context(&ctx, actor, group_id).await?;
    let you = g.viewer().map(|m| m.id);
    let expense = |e: &social::ExpenseView| {
        let your_share = e
            .shares
            .iter()
            .find(|s| Some(s.member_id) == you)
            .map(|s| money(s.amount));
        json!({
            "id": e.id.to_string(), "description": e.description, "date": date(e.date), "total": money(e.total),
            "original": (e.original.currency() != e.total.currency()).then(|| money(e.original)),
            "paid_by": e.payers.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", "),
            "method": e.split_method, "your_share": your_share,
        })
    };
    v["group"] = json!({ "id": g.id.to_string(), "name": g.name, "currency": g.currency.code(), "simplify": g.simplify, "members": g.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>() });
    v["expenses"] = json!(expenses.items.iter().map(expense).collect::<Vec<_>>());
    v["deleted"] = json!(deleted.items.iter().map(expense).collect::<Vec<_>>());
    v["activity"] = json!(
        activity
            .items
            .iter()
            .map(|a| json!({ "summary": a.summary, "when": when(a.created_at), "action": a.action }))
            .collect::<Vec<_>>()
    );
    Ok(ctx.render(StatusCode::OK, "web/social/group.html", &g.name, v))
}

/// One payment of the plan, as its "record this payment" form posts it.
#[derive(Deserialize)]
pub struct GroupPaymentForm {
    #[serde(default)]
    from_member_id: String,
    #[serde(default)]
    to_member_id: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    idempotency_key: String,
}

/// Records one payment of the plan ("record this payment"). A refusal is
/// answered as an error (a toast for htmx): the plan's forms have no
/// inputs to put a message next to, and the form stays with its key.
#[handler]
pub async fn record_group_payment(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(f): Form<GroupPaymentForm>,
) -> PageResult {
    let input = SettlementInput {
        group_id: Some(raw.clone()),
        from_member_id: Some(f.from_member_id),
        to_member_id: Some(f.to_member_id),
        amount: f.amount,
        currency: Some(f.currency),
        method: Some(f.method),
        date: f.date,
        ..Default::default()
    };
    let key = super::form_key(&f.idempotency_key);
    social::record_settlement(&ctx.state.app, &user.actor, key, input).await?;
    if !ctx.htmx {
        return Ok(ctx.redirect(&format!("/social/groups/{raw}")));
    }
    let mut v = summary_context(&ctx, &user.actor, id(&raw)?).await?;
    v["recorded"] = json!(true);
    Ok(ctx.render(
        StatusCode::OK,
        "web/social/group_summary_partial.html",
        "Group",
        v,
    ))
}
