//! Groups list, a group's page (expenses, balances, the settle-up plan with
//! one-click "record this payment", activity).

use super::{balance, date, field, id, money, when};
use crate::pages::{FormState, PageCtx};
use hisaab_service::entity::social::ExpenseGroupId;
use hisaab_service::social::{self, ContactFilter, GroupInput, SettlementInput};
use hisaab_service::{Actor, Error};
use poem::http::StatusCode;
use poem::web::{Form, Path};
use poem::{Response, handler};
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
pub async fn groups_page(ctx: PageCtx) -> Response {
    let (session, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let currency = session.user.base_currency.clone();
    match groups_context(&ctx, &actor).await {
        Ok(mut v) => {
            v["form"] = FormState::with_values(&[("currency", &currency)]).to_value();
            v["selected"] = json!([]);
            ctx.render(StatusCode::OK, "web/social/groups.html", "Groups", v)
        }
        Err(e) => ctx.error(e),
    }
}

#[handler]
pub async fn create_group(ctx: PageCtx, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
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
    match social::create_group(&ctx.state.app, &actor, input).await {
        Ok(g) => ctx.redirect(&format!("/social/groups/{}", g.id)),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("name", field(&pairs, "name")),
                ("currency", field(&pairs, "currency")),
            ]);
            let Some(status) = form.absorb(&e) else {
                return ctx.error(e);
            };
            match groups_context(&ctx, &actor).await {
                Ok(mut v) => {
                    v["form"] = form.to_value();
                    v["selected"] = json!(contact_ids);
                    ctx.render(status, "web/social/groups.html", "Groups", v)
                }
                Err(e) => ctx.error(e),
            }
        }
    }
}

/// Balances and the plan: the part of the group page a payment refreshes.
async fn summary_context(ctx: &PageCtx, actor: &Actor, group_id: ExpenseGroupId) -> Result<Value, Error> {
    let app = &ctx.state.app;
    let b = social::group_balances(app, actor, group_id).await?;
    let plan = social::group_plan(app, actor, group_id).await?;
    Ok(json!({
        "balances": b.members.iter().map(|m| json!({ "name": m.name, "is_you": m.is_you, "balance": balance(m.balance) })).collect::<Vec<_>>(),
        "pairwise": b.pairwise.iter().map(|p| json!({ "from": p.from_name, "to": p.to_name, "amount": money(p.amount) })).collect::<Vec<_>>(),
        "plan": plan.payments.iter().map(|p| json!({
            "from_id": p.from_member_id.to_string(), "from": p.from_name, "to_id": p.to_member_id.to_string(), "to": p.to_name,
            "amount": money(p.amount), "explanation": p.explanation,
        })).collect::<Vec<_>>(),
        "simplified": plan.simplified,
        "group_id": group_id.to_string(),
        "today": date(app.now().date()),
    }))
}

#[handler]
pub async fn group_page(ctx: PageCtx, Path(raw): Path<String>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let result = async {
        let app = &ctx.state.app;
        let group_id: ExpenseGroupId = id(&raw)?;
        let g = social::get_group(app, &actor, group_id).await?;
        let expenses = social::list_expenses(app, &actor, group_id, false, None, Some(100)).await?;
        let deleted = social::list_expenses(app, &actor, group_id, true, None, Some(20)).await?;
        let activity = social::group_activity(app, &actor, group_id, None, Some(20)).await?;
        let mut v = summary_context(&ctx, &actor, group_id).await?;
        let you = g.viewer().map(|m| m.id);
        let expense = |e: &social::ExpenseView| {
            let your_share = e.shares.iter().find(|s| Some(s.member_id) == you).map(|s| money(s.amount));
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
        v["activity"] = json!(activity.items.iter().map(|a| json!({ "summary": a.summary, "when": when(a.created_at), "action": a.action })).collect::<Vec<_>>());
        Ok::<_, Error>((g.name, v))
    }
    .await;
    match result {
        Ok((name, v)) => ctx.render(StatusCode::OK, "web/social/group.html", &name, v),
        Err(e) => ctx.error(e),
    }
}

/// Records one payment of the plan ("record this payment").
#[handler]
pub async fn record_group_payment(
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let input = SettlementInput {
        group_id: Some(raw.clone()),
        from_member_id: Some(field(&pairs, "from_member_id").into()),
        to_member_id: Some(field(&pairs, "to_member_id").into()),
        amount: field(&pairs, "amount").into(),
        currency: Some(field(&pairs, "currency").into()),
        method: Some(field(&pairs, "method").into()),
        date: field(&pairs, "date").into(),
        ..Default::default()
    };
    let key = Some(field(&pairs, "idempotency_key")).filter(|k| !k.is_empty());
    if let Err(e) = social::record_settlement(&ctx.state.app, &actor, key, input).await {
        return ctx.error(e);
    }
    if !ctx.htmx {
        return ctx.redirect(&format!("/social/groups/{raw}"));
    }
    let result = async { summary_context(&ctx, &actor, id(&raw)?).await }.await;
    match result {
        Ok(mut v) => {
            v["recorded"] = json!(true);
            ctx.render(
                StatusCode::OK,
                "web/social/group_summary_partial.html",
                "Group",
                v,
            )
        }
        Err(e) => ctx.error(e),
    }
}
