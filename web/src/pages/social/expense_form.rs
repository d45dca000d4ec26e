//! The add/edit expense form: every split method, several payers, another
//! currency, and a live preview of each person's share as it is typed (the
//! same service split function that saving uses).

use super::{date, field, id, person};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::entity::social::{ExpenseGroupId, GroupExpenseId};
use hisaab_service::social::{
    self, ExpenseInput, GroupView, ItemInput, ParticipantInput, PayerInput, SplitInput,
};
use hisaab_service::{Actor, Error};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde_json::{Map, Value, json};

/// Item rows offered by the form (itemized split).
const ITEM_ROWS: usize = 4;

/// Reads the form's fields into the service's input.
fn input_from(group: &GroupView, pairs: &[(String, String)]) -> ExpenseInput {
    let get = |name: &str| field(pairs, name).to_string();
    let opt = |name: &str| Some(get(name)).filter(|v| !v.trim().is_empty());
    let mut payers: Vec<PayerInput> = group
        .members
        .iter()
        .filter(|m| !get(&format!("paid_{}", m.id)).trim().is_empty())
        .map(|m| PayerInput {
            member_id: m.id.to_string(),
            amount: get(&format!("paid_{}", m.id)),
            account_id: if m.is_you() { opt("account_id") } else { None },
        })
        .collect();
    if payers.is_empty() {
        payers.push(PayerInput {
            member_id: get("paid_by"),
            amount: String::new(),
            account_id: group
                .members
                .iter()
                .any(|m| m.is_you() && m.id.to_string() == get("paid_by"))
                .then(|| opt("account_id"))
                .flatten(),
        });
    }
    let participants = group
        .members
        .iter()
        .filter(|m| get(&format!("in_{}", m.id)) == "on")
        .map(|m| ParticipantInput {
            member_id: m.id.to_string(),
            value: opt(&format!("value_{}", m.id)),
        })
        .collect();
    let items = (0..ITEM_ROWS)
        .filter(|n| !get(&format!("item{n}_amount")).trim().is_empty())
        .map(|n| ItemInput {
            description: get(&format!("item{n}_description")),
            amount: get(&format!("item{n}_amount")),
            member_ids: pairs
                .iter()
                .filter(|(k, _)| *k == format!("item{n}_member"))
                .map(|(_, v)| v.clone())
                .collect(),
        })
        .collect();
    ExpenseInput {
        description: get("description"),
        date: get("date"),
        total: get("total"),
        currency: opt("currency"),
        rate: opt("rate"),
        payers,
        split: SplitInput {
            method: get("method"),
            participants,
            items,
            tax: opt("tax"),
            tip: opt("tip"),
            discount: opt("discount"),
        },
        notes: opt("notes"),
        category_id: opt("category_id"),
    }
}

/// The form's values for an existing expense (to edit it).
fn values_from(group: &GroupView, input: &ExpenseInput) -> Map<String, Value> {
    let mut v = Map::new();
    let mut put = |k: String, val: &str| {
        v.insert(k, json!(val));
    };
    put("description".into(), &input.description);
    put("date".into(), &input.date);
    put("total".into(), &input.total);
    put(
        "currency".into(),
        input.currency.as_deref().unwrap_or(group.currency.code()),
    );
    put("rate".into(), input.rate.as_deref().unwrap_or(""));
    if let Some(account) = input.payers.iter().find_map(|p| p.account_id.as_deref()) {
        put("account_id".into(), account);
    }
    put("category_id".into(), input.category_id.as_deref().unwrap_or(""));
    put("method".into(), &input.split.method);
    for k in ["tax", "tip", "discount"] {
        let val = match k {
            "tax" => &input.split.tax,
            "tip" => &input.split.tip,
            _ => &input.split.discount,
        };
        put(k.into(), val.as_deref().unwrap_or(""));
    }
    if let [only] = input.payers.as_slice() {
        put("paid_by".into(), &only.member_id);
    } else {
        for p in &input.payers {
            put(format!("paid_{}", p.member_id), &p.amount);
        }
    }
    for p in &input.split.participants {
        put(format!("in_{}", p.member_id), "on");
        put(format!("value_{}", p.member_id), p.value.as_deref().unwrap_or(""));
    }
    for (n, item) in input.split.items.iter().enumerate().take(ITEM_ROWS) {
        put(format!("item{n}_description"), &item.description);
        put(format!("item{n}_amount"), &item.amount);
        for m in &item.member_ids {
            put(format!("item{n}_member_{m}"), "on");
        }
    }
    v
}

fn values_from_pairs(pairs: &[(String, String)]) -> Map<String, Value> {
    let mut v = Map::new();
    for (k, val) in pairs {
        if k == "csrf_token" {
            continue;
        }
        if let Some(n) = k.strip_suffix("_member").filter(|p| p.starts_with("item")) {
            v.insert(format!("{n}_member_{val}"), json!("on"));
        } else {
            v.insert(k.clone(), json!(val));
        }
    }
    v
}

/// The form input a service field name is about: `payers[1].amount` is the
/// "paid" box of that payer's row, `split.participants[2].value` the value box
/// of that participant's row, `split.items[0].amount` the first item's price.
fn form_field(input: &ExpenseInput, field: &str) -> String {
    let index = |rest: &str| -> Option<(usize, String)> {
        let (n, tail) = rest.split_once(']')?;
        Some((n.parse().ok()?, tail.trim_start_matches('.').to_string()))
    };
    if let Some((i, tail)) = field.strip_prefix("payers[").and_then(index) {
        if tail == "account_id" {
            return "account_id".into();
        }
        let single_blank = input.payers.len() == 1 && input.payers[0].amount.trim().is_empty();
        return match input.payers.get(i) {
            Some(p) if !single_blank => format!("paid_{}", p.member_id.trim()),
            _ => "paid_by".into(),
        };
    }
    if let Some((i, _)) = field.strip_prefix("split.participants[").and_then(index) {
        return match input.split.participants.get(i) {
            Some(p) => format!("value_{}", p.member_id.trim()),
            None => "method".into(),
        };
    }
    if let Some((i, _)) = field.strip_prefix("split.items[").and_then(index) {
        return format!("item{i}_amount");
    }
    match field {
        "payers" => "paid_by".into(),
        "split.method" => "method".into(),
        "split.tax" | "split.tip" | "split.discount" => field.trim_start_matches("split.").into(),
        other => other.into(),
    }
}

/// The person's own accounts and expense categories, for "paid from your
/// account" (only the group's owner links accounts: ADR 0011).
async fn add_ledger_options(
    ctx: &PageCtx,
    actor: &Actor,
    group: &GroupView,
    v: &mut Value,
) -> Result<(), Error> {
    if !group.viewer().is_some_and(|m| m.is_you()) {
        return Ok(());
    }
    let app = &ctx.state.app;
    let accounts = hisaab_service::finance::accounts::all_accounts(app, actor).await?;
    let categories = hisaab_service::finance::categories::list_categories(app, actor, false).await?;
    v["accounts"] = json!(accounts
        .iter()
        .filter(|a| !a.archived)
        .map(|a| json!({ "value": a.id.to_string(), "label": format!("{} ({})", a.name, a.currency.code()) }))
        .collect::<Vec<_>>());
    v["categories"] = json!(
        categories
            .iter()
            .filter(|c| c.kind == hisaab_service::finance::Flow::Expense)
            .map(|c| json!({ "value": c.id.to_string(), "label": c.name }))
            .collect::<Vec<_>>()
    );
    Ok(())
}

fn form_context(
    ctx: &PageCtx,
    group: &GroupView,
    values: Map<String, Value>,
    errors: &FormState,
    action: &str,
    expense: Option<(GroupExpenseId, i32)>,
) -> Value {
    let mut form = errors.to_value();
    form["values"] = Value::Object(values);
    json!({
        "group": { "id": group.id.to_string(), "name": group.name, "currency": group.currency.code() },
        "members": group.members.iter().map(|m| json!({ "id": m.id.to_string(), "name": person(ctx, &m.name), "is_you": m.is_you() })).collect::<Vec<_>>(),
        "items": (0..ITEM_ROWS).collect::<Vec<_>>(),
        "form": form,
        "action": action,
        "expense_id": expense.map(|e| e.0.to_string()),
        "version": expense.map(|e| e.1),
        "methods": ["equal", "exact", "percentage", "shares", "adjustment", "itemized"],
        // Filled by `add_ledger_options` for the group's owner.
        "accounts": [],
        "categories": [],
    })
}

fn defaults(group: &GroupView, today: &str) -> Map<String, Value> {
    let mut v = Map::new();
    v.insert("date".into(), json!(today));
    v.insert("currency".into(), json!(group.currency.code()));
    v.insert("method".into(), json!("equal"));
    if let Some(you) = group.viewer() {
        v.insert("paid_by".into(), json!(you.id.to_string()));
    }
    match &group.default_split {
        // The group's default split (say 60/40): by percentages, its members ticked.
        Some(split) => {
            v.insert("method".into(), json!("percentage"));
            for share in split {
                v.insert(format!("in_{}", share.member_id), json!("on"));
                v.insert(
                    format!("value_{}", share.member_id),
                    json!(share.percent.to_string()),
                );
            }
        }
        None => {
            for m in &group.members {
                v.insert(format!("in_{}", m.id), json!("on"));
            }
        }
    }
    v
}

#[handler]
pub async fn new_expense_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let g = social::get_group(&ctx.state.app, &user.actor, id(&raw)?).await?;
    let values = defaults(&g, &date(ctx.state.app.now().date()));
    let mut v = form_context(
        &ctx,
        &g,
        values,
        &FormState::default(),
        &format!("/social/groups/{}/expenses", g.id),
        None,
    );
    add_ledger_options(&ctx, &user.actor, &g, &mut v).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/social/expense_form.html",
        &ctx.t("soc-title-add-expense"),
        v,
    ))
}

/// The form again after a refused save, with the values typed (its
/// `idempotency_key` among them, so the corrected retry keeps it).
async fn rerender(
    ctx: &PageCtx,
    actor: &Actor,
    g: &GroupView,
    pairs: &[(String, String)],
    e: Error,
    action: &str,
    expense: Option<(GroupExpenseId, i32)>,
) -> PageResult {
    let mut form = FormState::default();
    let input = input_from(g, pairs);
    let status = form.absorb_as(e, |field| form_field(&input, field))?;
    let mut v = form_context(ctx, g, values_from_pairs(pairs), &form, action, expense);
    add_ledger_options(ctx, actor, g, &mut v).await?;
    Ok(ctx.render(
        status,
        "web/social/expense_form.html",
        &ctx.t("soc-title-add-expense"),
        v,
    ))
}

/// Keeps the posted pairs: the per-member inputs (`paid_<id>`, `in_<id>`,
/// `value_<id>`) and the item rows are named by the group.
#[handler]
pub async fn create_expense(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let app = &ctx.state.app;
    let group = social::get_group(app, &user.actor, id(&raw)?).await?;
    let input = input_from(&group, &pairs);
    let key = super::form_key(field(&pairs, "idempotency_key"));
    match social::add_expense(app, &user.actor, key, group.id, input).await {
        Ok(_) => Ok(ctx.redirect(&format!("/social/groups/{}", group.id))),
        Err(e) => {
            rerender(
                &ctx,
                &user.actor,
                &group,
                &pairs,
                e,
                &format!("/social/groups/{}/expenses", group.id),
                None,
            )
            .await
        }
    }
}

/// The live preview: each person's share, or what doesn't add up yet.
#[handler]
pub async fn preview_expense(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let app = &ctx.state.app;
    let group_id: ExpenseGroupId = id(&raw)?;
    let group = social::get_group(app, &user.actor, group_id).await?;
    let expense_id: Option<GroupExpenseId> = Some(field(&pairs, "expense_id"))
        .filter(|v| !v.is_empty())
        .and_then(|v| id(v).ok());
    let currency = group.currency.code();
    // What doesn't add up yet is shown in the preview, not an error.
    let context = match social::preview_split(
        app,
        &user.actor,
        group_id,
        expense_id,
        &input_from(&group, &pairs),
    )
    .await
    {
        Ok(shares) => {
            json!({ "shares": shares.iter().map(|s| json!({ "name": person(&ctx, &s.name), "amount": s.amount.to_string() })).collect::<Vec<_>>(), "currency": currency, "problems": [] })
        }
        Err(Error::Invalid { errors, .. }) => {
            json!({ "shares": [], "currency": currency, "problems": errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>() })
        }
        Err(e) => return Err(e.into()),
    };
    Ok(ctx.render(
        StatusCode::OK,
        "web/social/split_preview_partial.html",
        &ctx.t("soc-title-preview"),
        context,
    ))
}

async fn load_for_edit(
    ctx: &PageCtx,
    actor: &Actor,
    raw: &str,
) -> Result<(GroupView, social::ExpenseView), Error> {
    let e = social::get_expense(&ctx.state.app, actor, id(raw)?).await?;
    let g = social::get_group(&ctx.state.app, actor, e.group_id).await?;
    Ok((g, e))
}

#[handler]
pub async fn edit_expense_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let (g, e) = load_for_edit(&ctx, &user.actor, &raw).await?;
    let mut v = form_context(
        &ctx,
        &g,
        values_from(&g, &e.input),
        &FormState::default(),
        &format!("/social/expenses/{}/edit", e.id),
        Some((e.id, e.version)),
    );
    add_ledger_options(&ctx, &user.actor, &g, &mut v).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/social/expense_form.html",
        &ctx.t("soc-title-edit-expense"),
        v,
    ))
}

/// Saves an edit. `update_expense` takes no idempotency key: the form's
/// `version` (sent as `If-Match`) already makes a repeated save fail
/// rather than apply twice.
#[handler]
pub async fn update_expense(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let (g, e) = load_for_edit(&ctx, &user.actor, &raw).await?;
    let if_match = format!("\"{}-{}\"", e.id, field(&pairs, "version"));
    match social::update_expense(
        &ctx.state.app,
        &user.actor,
        e.id,
        Some(&if_match),
        input_from(&g, &pairs),
    )
    .await
    {
        Ok(_) => Ok(ctx.redirect(&format!("/social/groups/{}", g.id))),
        Err(err) => {
            rerender(
                &ctx,
                &user.actor,
                &g,
                &pairs,
                err,
                &format!("/social/expenses/{}/edit", e.id),
                Some((e.id, e.version)),
            )
            .await
        }
    }
}

#[handler]
pub async fn delete_expense(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let e = social::delete_expense(&ctx.state.app, &user.actor, id(&raw)?, None, None).await?;
    Ok(ctx.redirect(&format!("/social/groups/{}", e.group_id)))
}

#[handler]
pub async fn restore_expense(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let e = social::restore_expense(&ctx.state.app, &user.actor, id(&raw)?, None, None).await?;
    Ok(ctx.redirect(&format!("/social/groups/{}", e.group_id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(payers: &[(&str, &str)], participants: &[&str]) -> ExpenseInput {
        ExpenseInput {
            payers: payers
                .iter()
                .map(|(m, a)| PayerInput {
                    member_id: (*m).into(),
                    amount: (*a).into(),
                    account_id: None,
                })
                .collect(),
            split: SplitInput {
                participants: participants
                    .iter()
                    .map(|m| ParticipantInput {
                        member_id: (*m).into(),
                        value: None,
                    })
                    .collect(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn service_fields_land_on_the_inputs_they_are_about() {
        let several = input(&[("a", "10"), ("b", "5")], &["a", "c"]);
        assert_eq!(form_field(&several, "payers[1].amount"), "paid_b");
        assert_eq!(form_field(&several, "payers[0].account_id"), "account_id");
        assert_eq!(form_field(&several, "split.participants[1].value"), "value_c");
        assert_eq!(
            form_field(&several, "split.items[2].member_ids[0]"),
            "item2_amount"
        );
        assert_eq!(form_field(&several, "split.tip"), "tip");
        assert_eq!(form_field(&several, "total"), "total");
        // One payer who paid it all is the "Paid by" select.
        let one = input(&[("a", "")], &["a"]);
        assert_eq!(form_field(&one, "payers[0].member_id"), "paid_by");
        assert_eq!(form_field(&one, "payers"), "paid_by");
    }
}
