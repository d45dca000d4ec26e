//! Groups list, a group's page (expenses, balances, the settle-up plan with
//! one-click "record this payment", activity).

use super::{activity_text, balance, date, field, id, money, person, when};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::entity::social::{ExpenseGroupId, GroupMemberId};
use hisaab_service::social::PlanPayment;
use hisaab_service::social::{
    self, ContactFilter, ExpenseFilter, ExpenseSummary, GroupInput, SettlementInput,
};
use hisaab_service::{Actor, Error, crypto, pagination, view_cache};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;

async fn groups_context(ctx: &PageCtx, actor: &Actor, archived: bool) -> Result<Value, Error> {
    let app = &ctx.state.app;
    let groups = social::list_groups(app, actor, archived, None, Some(200)).await?;
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
        "archived": archived,
        "groups": rows,
        "contacts": contacts.items.iter().map(|c| json!({ "id": c.id.to_string(), "name": c.name })).collect::<Vec<_>>(),
    }))
}

/// `?archived=1` lists the archived groups instead.
#[derive(Deserialize, Default)]
pub struct GroupsQuery {
    archived: Option<String>,
}

#[handler]
pub async fn groups_page(ctx: PageCtx, user: SignedIn, Query(query): Query<GroupsQuery>) -> PageResult {
    let archived = query.archived.is_some_and(|a| !a.is_empty() && a != "0");
    let mut v = groups_context(&ctx, &user.actor, archived).await?;
    v["form"] = FormState::with_values(&[("currency", &user.session.user.base_currency)]).to_value();
    v["selected"] = json!([]);
    Ok(ctx.render(
        StatusCode::OK,
        "web/social/groups.html",
        &ctx.t("soc-title-groups"),
        v,
    ))
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
            let mut v = groups_context(&ctx, &user.actor, false).await?;
            v["form"] = form.to_value();
            v["selected"] = json!(contact_ids);
            Ok(ctx.render(status, "web/social/groups.html", &ctx.t("soc-title-groups"), v))
        }
    }
}

/// A plan payment's idempotency key: one per line of the plan the person
/// saw at `revision` (their view revision, ADR 0014), whichever rendering
/// of it they click. Two tabs showing one plan record a payment once; the
/// same line after anything changed (a payment bumps the revision) is a new
/// payment. Keys are per person, so the person needs no part in it.
fn plan_payment_key(
    ctx: &PageCtx,
    group_id: ExpenseGroupId,
    revision: i64,
    p: &PlanPayment,
    today: &str,
) -> String {
    let line = format!(
        "{group_id}/{revision}/{}/{}/{}/{}/{today}",
        p.from_member_id,
        p.to_member_id,
        p.amount,
        p.amount.currency().code()
    );
    let secret = ctx.state.app.settings.secret_key.expose();
    let mac = crypto::keyed_hash(secret, "plan-payment-key", line.as_bytes());
    format!("plan-{}", crypto::b64(&mac[..16]))
}

/// Balances and the plan: the part of the group page a payment refreshes.
/// `revision` is the person's view revision read before the summary (the
/// plan's payment keys are made from it).
async fn summary_context(
    ctx: &PageCtx,
    actor: &Actor,
    group_id: ExpenseGroupId,
    revision: i64,
) -> Result<Value, Error> {
    let app = &ctx.state.app;
    let today = date(app.now().date());
    let summary = social::group_summary(app, actor, group_id).await?;
    let (b, plan) = (&*summary, &summary.plan);
    let is_you = |id| b.members.iter().any(|m| m.member_id == id && m.is_you);
    // Payments that settle the same people together share one entry (the
    // template words it: "One of 2 payments that settle you, Bilal and
    // Chen"): with 50 members a plan's 49 payments often settle everyone, and
    // 49 copies of 50 names made the page's context 2,450 objects.
    let mut settle_groups: Vec<(&[GroupMemberId], usize)> = Vec::new();
    let mut group_of: HashMap<&[GroupMemberId], usize> = HashMap::new();
    let settles: Vec<usize> = plan
        .payments
        .iter()
        .map(|p| {
            let i = *group_of.entry(p.clears.as_slice()).or_insert_with(|| {
                settle_groups.push((p.clears.as_slice(), 0));
                settle_groups.len() - 1
            });
            settle_groups[i].1 += 1;
            i
        })
        .collect();
    let names_of = |clears: &[GroupMemberId]| {
        let mut names: Vec<Value> = clears
            .iter()
            .map(|&id| json!({ "name": person(ctx, b.members.iter().find(|m| m.member_id == id).map_or("", |m| m.name.as_str())), "is_you": is_you(id) }))
            .collect();
        // The viewer first.
        names.sort_by_key(|n| !n["is_you"].as_bool().unwrap_or(false));
        names
    };
    Ok(json!({
        "balances": b.members.iter().map(|m| json!({ "name": person(ctx, &m.name), "is_you": m.is_you, "balance": balance(m.balance) })).collect::<Vec<_>>(),
        "settle_groups": settle_groups.iter().map(|(clears, payments)| if clears.len() > social::NAMES_IN_FULL {
            json!({ "counted": clears.len(), "payments": payments })
        } else {
            json!({ "names": names_of(clears), "payments": payments })
        }).collect::<Vec<_>>(),
        "plan": plan.payments.iter().zip(&settles).map(|(p, group)| json!({
            "from_id": p.from_member_id.to_string(), "from": person(ctx, &p.from_name), "to_id": p.to_member_id.to_string(), "to": person(ctx, &p.to_name),
            "from_is_you": is_you(p.from_member_id), "to_is_you": is_you(p.to_member_id), "settles": group,
            "amount": money(p.amount), "explanation": p.explanation,
            "key": plan_payment_key(ctx, group_id, revision, p, &today),
        })).collect::<Vec<_>>(),
        "simplified": plan.simplified,
        "group_id": group_id.to_string(),
        "today": today,
    }))
}

/// The expense list's filters as the group page's query string carries them.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ExpenseQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    member_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    category_id: String,
    #[serde(default, skip_serializing)]
    cursor: String,
    /// How many rows the list already shows: a live refresh (`live.js`)
    /// redraws that many, so an event does not fold a list the person
    /// scrolled through back to its first page.
    #[serde(default, skip_serializing)]
    shown: String,
}

impl ExpenseQuery {
    /// Every field, cursor and rows shown included: what distinguishes one
    /// rendering of the group page from another at one revision.
    fn cache_key(&self) -> String {
        [
            &self.q,
            &self.member_id,
            &self.from,
            &self.to,
            &self.category_id,
            &self.cursor,
            &self.shown,
        ]
        .map(|f| f.as_str())
        .join("\u{1f}")
    }
}

/// Expenses per page (and per "More").
const PAGE_SIZE: u64 = 50;

/// The rows a live refresh redraws: what the list shows, at least a page and
/// at most what one query may return.
fn rows_to_redraw(shown: &str) -> u64 {
    shown
        .trim()
        .parse::<u64>()
        .map_or(PAGE_SIZE, |n| n.clamp(PAGE_SIZE, pagination::MAX_LIMIT))
}

fn expense_filter(q: &ExpenseQuery) -> ExpenseFilter {
    let o = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    ExpenseFilter {
        deleted: false,
        q: o(&q.q),
        member_id: o(&q.member_id),
        from: o(&q.from),
        to: o(&q.to),
        category_id: o(&q.category_id),
        cursor: o(&q.cursor),
        limit: Some(if q.cursor.trim().is_empty() {
            rows_to_redraw(&q.shown)
        } else {
            PAGE_SIZE
        }),
    }
}

fn expense_row(ctx: &PageCtx, e: &ExpenseSummary) -> Value {
    json!({
        "id": e.id.to_string(), "description": e.description, "date": date(e.date), "total": money(e.total),
        "original": (e.original.currency() != e.total.currency()).then(|| money(e.original)),
        "paid_by": e.payers.iter().map(|p| person(ctx, &p.name)).collect::<Vec<_>>().join(", "),
        "method": e.split_method, "your_share": e.your_share.map(money),
    })
}

/// What the expense list's templates read: rows, the next page's cursor and
/// the filters that made them (for the "More" link and the filter form).
fn list_context(
    ctx: &PageCtx,
    group_id: ExpenseGroupId,
    q: &ExpenseQuery,
    items: &[ExpenseSummary],
    next: Option<String>,
) -> Value {
    let filtered = [&q.q, &q.member_id, &q.from, &q.to, &q.category_id]
        .iter()
        .any(|f| !f.trim().is_empty());
    json!({
        "group_id": group_id.to_string(),
        "expenses": items.iter().map(|e| expense_row(ctx, e)).collect::<Vec<_>>(),
        "next_cursor": next,
        "filters": serde_json::to_value(q).unwrap_or(Value::Null),
        "filtered": filtered,
        "filter_error": Value::Null,
    })
}

/// What the group page swaps in when its event stream says something changed.
/// The summary's figures, not the summary: its "Payment recorded." notice
/// answers the person's own click and must outlive a refresh that someone
/// else's change (or their own, echoed back) sets off a moment later.
const LIVE_REGIONS: &str =
    "#group-header,#group-balances,#group-plan,#expense-results,#group-deleted,#settlements,#group-activity";

/// The group page. With htmx, a filter change gets the list alone
/// (`expense_results_partial.html`) and a "More" (a `cursor`) the next rows
/// (`expense_rows_partial.html`); without it, the whole page at that cursor.
///
/// The page's body is rendered once per revision of the reader (ADR 0032):
/// a reload, a live refresh or another tab at the same revision gets the
/// same body back around a fresh layout (the bell, the flash). It holds the
/// reader's CSRF token and locale and today's date, so those are in its key.
#[handler]
pub async fn group_page(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(q): Query<ExpenseQuery>,
) -> PageResult {
    let app = &ctx.state.app;
    let actor = &user.actor;
    let group_id: ExpenseGroupId = id(&raw)?;
    if ctx.htmx {
        return expense_list_fragment(&ctx, actor, group_id, &q).await;
    }
    let revision = ctx.reader_revision(actor).await?;
    let key = format!(
        "web.group_page:{group_id}:{}:{}:{}:{}",
        ctx.locale.tag(),
        date(app.now().date()),
        ctx.csrf,
        q.cache_key()
    );
    let body = view_cache::cached_in(
        &ctx.state.rendered,
        actor.user_id,
        revision,
        key,
        group_body(&ctx, actor, group_id, &q, revision),
    )
    .await?;
    Ok(ctx.render_around(
        StatusCode::OK,
        "web/social/group.html",
        &body.title,
        json!({ "live": LIVE_REGIONS }),
        &body.html,
    ))
}

/// The group page's content, rendered, and its title (the group's name).
struct RenderedPage {
    title: String,
    /// Shared by every answer at this revision, never copied (`render_around`).
    html: bytes::Bytes,
}

/// Renders the group page's content as the person sees it at `revision`.
async fn group_body(
    ctx: &PageCtx,
    actor: &Actor,
    group_id: ExpenseGroupId,
    q: &ExpenseQuery,
    revision: i64,
) -> Result<RenderedPage, Error> {
    let app = &ctx.state.app;
    // A filter the service refuses is shown next to the filters, over the unfiltered list.
    let (lists, filter_error) = match social::group_expense_lists(app, actor, group_id, expense_filter(q), 20)
        .await
    {
        Ok(lists) => (lists, None),
        Err(Error::Invalid { detail, .. }) => (
            social::group_expense_lists(app, actor, group_id, expense_filter(&ExpenseQuery::default()), 20)
                .await?,
            Some(detail),
        ),
        Err(e) => return Err(e),
    };
    let (list, deleted) = lists;
    let g = &list.group;
    let activity = social::group_activity(app, actor, group_id, None, Some(20)).await?;
    let settlements = super::settlement_rows(
        app,
        actor,
        social::SettlementFilter {
            group_id: Some(group_id),
            ..Default::default()
        },
    )
    .await?;
    let mut v = summary_context(ctx, actor, group_id, revision).await?;
    let owner = g.viewer().is_some_and(|m| m.is_you());
    let categories = if owner {
        hisaab_service::finance::categories::list_categories(app, actor, false)
            .await?
            .iter()
            .filter(|c| c.kind == hisaab_service::finance::Flow::Expense)
            .map(|c| json!({ "id": c.id.to_string(), "name": c.name }))
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    let mut list_v = list_context(ctx, group_id, q, &list.items, list.next_cursor.clone());
    list_v["filter_error"] = json!(filter_error);
    if let (Value::Object(v), Value::Object(l)) = (&mut v, list_v) {
        v.extend(l);
    }
    v["group"] = json!({ "id": g.id.to_string(), "name": g.name, "currency": g.currency.code(), "simplify": g.simplify, "members": g.members.iter().map(|m| person(ctx, &m.name)).collect::<Vec<_>>() });
    v["member_options"] = json!(
        g.members
            .iter()
            .map(|m| json!({ "id": m.id.to_string(), "name": person(ctx, &m.name) }))
            .collect::<Vec<_>>()
    );
    v["category_options"] = json!(categories);
    v["deleted"] = json!(deleted.iter().map(|e| expense_row(ctx, e)).collect::<Vec<_>>());
    v["settlements"] = settlements;
    v["activity"] = json!(
        activity
            .items
            .iter()
            .map(|a| json!({ "summary": activity_text(ctx, a, Some(g)), "when": when(a.created_at), "action": a.action }))
            .collect::<Vec<_>>()
    );
    let html = ctx
        .render_fragment("web/social/group_body.html", &g.name, v)
        .map_err(Error::Internal)?;
    Ok(RenderedPage {
        title: g.name.clone(),
        html: html.into(),
    })
}

/// The list alone (a filter change) or the next rows (a cursor), for htmx.
async fn expense_list_fragment(
    ctx: &PageCtx,
    actor: &Actor,
    group_id: ExpenseGroupId,
    q: &ExpenseQuery,
) -> PageResult {
    let more = !q.cursor.trim().is_empty();
    let (list, filter_error) =
        match social::list_expenses(&ctx.state.app, actor, group_id, expense_filter(q)).await {
            Ok(list) => (Some(list), None),
            // A refused filter is said next to the filters; a bad cursor is a toast.
            Err(Error::Invalid { detail, .. }) if !more => (None, Some(detail)),
            Err(e) => return Err(e.into()),
        };
    let (items, next) = list.map_or((Vec::new(), None), |l| (l.items, l.next_cursor));
    let mut v = list_context(ctx, group_id, q, &items, next);
    v["filter_error"] = json!(filter_error);
    let template = if more {
        "web/social/expense_rows_partial.html"
    } else {
        "web/social/expense_results_partial.html"
    };
    Ok(ctx.render(StatusCode::OK, template, &ctx.t("soc-title-group"), v))
}

/// One payment of the plan, as its "record this payment" form posts it:
/// either the plan's own form (its clicked button's `payment`, "from to
/// amount currency key", beside the shared `date` and `method`) or every
/// field on its own (a client without the plan, the tests).
#[derive(Deserialize)]
pub struct GroupPaymentForm {
    #[serde(default)]
    payment: String,
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

impl GroupPaymentForm {
    /// The plan line's button value spread into the form's own fields.
    /// A value that is not five words changes nothing and is refused.
    fn with_payment_spread(mut self) -> Result<Self, Error> {
        if self.payment.is_empty() {
            return Ok(self);
        }
        let words: Vec<&str> = self.payment.split_ascii_whitespace().collect();
        let [from, to, amount, currency, key] = words[..] else {
            return Err(Error::invalid(
                "payment",
                "This payment could not be read; reload the page and try again.",
            ));
        };
        self.from_member_id = from.to_owned();
        self.to_member_id = to.to_owned();
        self.amount = amount.to_owned();
        self.currency = currency.to_owned();
        self.idempotency_key = key.to_owned();
        Ok(self)
    }
}

/// Records one payment of the plan ("record this payment"). A refusal is
/// answered as an error (a toast for htmx): the plan's lines have no
/// inputs to put a message next to, and the form stays with its key.
#[handler]
pub async fn record_group_payment(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(f): Form<GroupPaymentForm>,
) -> PageResult {
    let f = f.with_payment_spread()?;
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
    let revision = view_cache::reader_revision(&ctx.state.app, &user.actor).await?;
    let mut v = summary_context(&ctx, &user.actor, id(&raw)?, revision).await?;
    v["recorded"] = json!(true);
    Ok(ctx.render(
        StatusCode::OK,
        "web/social/group_summary_partial.html",
        &ctx.t("soc-title-group"),
        v,
    ))
}
