//! Transactions: list with live filters and "load more", quick add,
//! transaction page with reverse, correct, edit and history.

use super::{
    account_json, category_options, id, key, names_of_accounts, names_of_categories, split_tags, tx_json,
};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::finance::transactions::{
    self, Correction, NewTransaction, ReverseInput, TransactionEdits, TransactionFilter,
};
use hisaab_service::finance::{TransactionId, accounts, categories, format_date};
use hisaab_service::{Actor, Error};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct FilterQuery {
    #[serde(default)]
    account_id: String,
    #[serde(default)]
    category_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    min_amount: String,
    #[serde(default)]
    max_amount: String,
    #[serde(default)]
    tag: String,
    #[serde(default, skip_serializing)]
    cursor: String,
}

#[derive(Deserialize, Default)]
pub struct TxForm {
    #[serde(default)]
    account_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    payee: String,
    #[serde(default)]
    category_id: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    reason: String,
    /// The hidden key of the money-creating forms (quick add, reverse,
    /// correct); a re-rendered form keeps it.
    #[serde(default)]
    idempotency_key: String,
}

impl TxForm {
    fn values(&self) -> FormState {
        FormState::with_values(&self.pairs())
    }

    fn pairs(&self) -> [(&'static str, &str); 11] {
        [
            ("account_id", &self.account_id),
            ("kind", &self.kind),
            ("amount", &self.amount),
            ("date", &self.date),
            ("description", &self.description),
            ("payee", &self.payee),
            ("category_id", &self.category_id),
            ("tags", &self.tags),
            ("notes", &self.notes),
            ("reason", &self.reason),
            ("idempotency_key", &self.idempotency_key),
        ]
    }
}

fn filter_of(q: &FilterQuery) -> TransactionFilter {
    let o = |s: &str| super::opt(s);
    TransactionFilter {
        account_id: o(&q.account_id),
        category_id: o(&q.category_id),
        kind: o(&q.kind),
        from: o(&q.from),
        to: o(&q.to),
        q: o(&q.q),
        min_amount: o(&q.min_amount),
        max_amount: o(&q.max_amount),
        tag: o(&q.tag),
        cursor: o(&q.cursor),
        limit: Some(50),
    }
}

async fn render_list(
    ctx: &PageCtx,
    actor: &Actor,
    q: FilterQuery,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let app = &ctx.state.app;
    let accts = accounts::all_accounts(app, actor).await?;
    let cats = categories::list_categories(app, actor, true).await?;
    let (names, cat_names) = (names_of_accounts(&accts), names_of_categories(&cats));
    let filter = filter_of(&q);
    // A filter the service refuses is shown next to the filters.
    let (page, filter_error) = match transactions::list_transactions(app, actor, filter.clone()).await {
        Ok(mut p) => {
            // A page that starts at a cursor still shows the filter's totals.
            if p.totals.is_none() {
                p.totals = Some(transactions::transaction_totals(app, actor, &filter).await?);
            }
            (Some(p), None)
        }
        Err(Error::Invalid { detail, .. }) => (None, Some(detail)),
        Err(e) => return Err(e.into()),
    };
    let rows: Vec<Value> = page
        .as_ref()
        .map(|p| p.items.iter().map(|t| tx_json(t, &names, &cat_names)).collect())
        .unwrap_or_default();
    let totals: Vec<Value> = page
        .as_ref()
        .map(|p| p.totals.iter().flatten().map(|t| json!({ "currency": t.currency.code(), "income": super::money(&t.income), "expense": super::money(&t.expense), "net": super::money(&t.net) })).collect())
        .unwrap_or_default();
    let next_cursor = page.as_ref().and_then(|p| p.next_cursor.clone());
    let filters = serde_json::to_value(&q).unwrap_or(Value::Null);
    let active_accounts: Vec<Value> = accts
        .iter()
        .filter(|a| !a.archived)
        .map(|a| account_json(ctx.locale, a))
        .collect();
    let context = json!({
        // The list is there only once there is an account (see the template).
        "live": (!accts.is_empty()).then_some("#tx-results"),
        "rows": rows,
        "totals": totals,
        "next_cursor": next_cursor,
        "filters": filters,
        "filter_error": filter_error,
        "accounts": accts.iter().map(|a| account_json(ctx.locale, a)).collect::<Vec<_>>(),
        "active_accounts": active_accounts,
        "categories": category_options(&cats),
        "form": form.to_value(),
        "today": format_date(app.now().date()),
    });
    if ctx.htmx && !q.cursor.is_empty() {
        return Ok(ctx.render(
            status,
            "web/finance/tx_rows_partial.html",
            &ctx.t("fin-transactions"),
            context,
        ));
    }
    Ok(ctx.page_or_partial(
        status,
        "web/finance/transactions.html",
        "web/finance/tx_results_partial.html",
        &ctx.t("fin-transactions"),
        context,
    ))
}

#[handler]
pub async fn transactions_page(ctx: PageCtx, user: SignedIn, Query(q): Query<FilterQuery>) -> PageResult {
    let form = FormState::with_values(&[
        ("kind", "expense"),
        ("date", &format_date(ctx.state.app.now().date())),
        ("account_id", &q.account_id),
    ]);
    render_list(&ctx, &user.actor, q, StatusCode::OK, form).await
}

#[handler]
pub async fn create_transaction(ctx: PageCtx, user: SignedIn, Form(f): Form<TxForm>) -> PageResult {
    let input = NewTransaction {
        account_id: f.account_id.clone(),
        kind: f.kind.clone(),
        amount: f.amount.clone(),
        currency: None,
        date: f.date.clone(),
        description: super::opt(&f.description),
        payee: super::opt(&f.payee),
        category_id: super::opt(&f.category_id),
        tags: split_tags(&f.tags),
        notes: super::opt(&f.notes),
    };
    match transactions::record_transaction(&ctx.state.app, &user.actor, input, key(&f.idempotency_key)).await
    {
        Ok(t) => Ok(ctx.redirect(&format!("/app/finance/transactions/{}", t.id))),
        Err(e) => {
            let mut form = f.values();
            let e = if matches!(e, Error::NotFound) {
                Error::invalid("account_id", "Choose one of your accounts.")
            } else {
                e
            };
            let status = form.absorb(e)?;
            render_list(&ctx, &user.actor, FilterQuery::default(), status, form).await
        }
    }
}

/// Inline check of the quick-add form as the person types (amount decimals per currency).
#[handler]
pub async fn validate_transaction(ctx: PageCtx, user: SignedIn, Form(f): Form<TxForm>) -> PageResult {
    let field = "amount";
    let message = match (f.account_id.parse(), f.amount.trim().is_empty()) {
        (_, true) => String::new(),
        (Ok(id), false) => match accounts::get_account(&ctx.state.app, &user.actor, id).await {
            Ok(a) => {
                let mut p = hisaab_service::input::Problems::default();
                p.amount(
                    field,
                    &f.amount,
                    a.currency,
                    hisaab_service::input::Sign::Positive,
                );
                match p.finish() {
                    Err(Error::Invalid { errors, .. }) => {
                        errors.first().map(|e| e.message.clone()).unwrap_or_default()
                    }
                    _ => String::new(),
                }
            }
            // Not one of theirs: nothing to check against; the submit says so.
            Err(Error::NotFound) => String::new(),
            Err(e) => return Err(e.into()),
        },
        (Err(_), false) => String::new(),
    };
    Ok(ctx.render(
        StatusCode::OK,
        "web/auth/field_error_partial.html",
        &ctx.t("fin-transactions"),
        json!({ "field": field, "message": message }),
    ))
}

/// The name of an edited field in a record's history, in the reader's language.
fn history_field(ctx: &PageCtx, field: &str) -> String {
    let id = match field {
        "description" => "fin-tx-field-description",
        "payee" => "fin-tx-field-payee",
        "notes" => "fin-tx-field-notes",
        "tags" => "fin-tx-field-tags",
        "category_id" => "fin-tx-field-category",
        other => return other.to_string(),
    };
    ctx.t(id)
}

async fn render_tx(
    ctx: &PageCtx,
    actor: &Actor,
    id: TransactionId,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let app = &ctx.state.app;
    let t = transactions::get_transaction(app, actor, id).await?;
    let history = transactions::transaction_history(app, actor, id).await?;
    let accts = accounts::all_accounts(app, actor).await?;
    let cats = categories::list_categories(app, actor, true).await?;
    let tx = tx_json(&t, &names_of_accounts(&accts), &names_of_categories(&cats));
    let history: Vec<Value> = history
        .iter()
        .map(|h| {
            json!({
                // The day through the locale's `date` filter; the time as it is.
                "at_date": format_date(h.at.date()),
                "at_time": h.at.format(time::macros::format_description!("[hour]:[minute]")).unwrap_or_default(),
                "changes": h.changes.iter().map(|c| json!({ "field": history_field(ctx, &c.field), "before": c.before.to_string(), "after": c.after.to_string() })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let form = if form.to_value()["values"]
        .as_object()
        .is_some_and(|m| m.is_empty())
    {
        FormState::with_values(&[
            ("description", &t.description),
            ("payee", t.payee.as_deref().unwrap_or("")),
            ("notes", t.notes.as_deref().unwrap_or("")),
            ("tags", &t.tags.join(", ")),
            (
                "category_id",
                &t.category_id.map(|c| c.to_string()).unwrap_or_default(),
            ),
            ("amount", &t.amount.to_string()),
            ("date", &t.date_text()),
            ("account_id", &t.account_id.to_string()),
        ])
    } else {
        form
    };
    Ok(ctx.render(
        status,
        "web/finance/transaction.html",
        &ctx.t("fin-transaction"),
        json!({
            "live": "#tx-header,#tx-details,#tx-history",
            "tx": tx,
            "history": history,
            "form": form.to_value(),
            "active_accounts": accts.iter().filter(|a| !a.archived).map(|a| account_json(ctx.locale, a)).collect::<Vec<_>>(),
            "categories": category_options(&cats),
        }),
    ))
}

#[handler]
pub async fn transaction_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    render_tx(&ctx, &user.actor, id(&raw)?, StatusCode::OK, FormState::default()).await
}

async fn after_write(
    ctx: &PageCtx,
    actor: &Actor,
    id: TransactionId,
    f: &TxForm,
    sent: &str,
    result: hisaab_service::Result<TransactionId>,
) -> PageResult {
    match result {
        Ok(to) => Ok(ctx.redirect(&format!("/app/finance/transactions/{to}"))),
        Err(e) => {
            // Only the form that was sent (`edit`, `reverse`, `correct`)
            // keeps its idempotency key; the page's other form gets a fresh one.
            let mut values = f.pairs().to_vec();
            values.push(("key_for", sent));
            let mut form = FormState::with_values(&values);
            let status = form.absorb(e)?;
            render_tx(ctx, actor, id, status, form).await
        }
    }
}

#[handler]
pub async fn edit_transaction(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<TxForm>,
) -> PageResult {
    let id = id(&raw)?;
    let edits = TransactionEdits {
        description: Some(f.description.clone()),
        payee: Some(super::opt(&f.payee)),
        category_id: Some(super::opt(&f.category_id)),
        tags: Some(split_tags(&f.tags)),
        notes: Some(super::opt(&f.notes)),
    };
    let result = transactions::update_transaction(&ctx.state.app, &user.actor, id, edits)
        .await
        .map(|t| t.id);
    after_write(&ctx, &user.actor, id, &f, "edit", result).await
}

#[handler]
pub async fn reverse_transaction(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<TxForm>,
) -> PageResult {
    let id = id(&raw)?;
    let result = transactions::reverse_transaction(
        &ctx.state.app,
        &user.actor,
        id,
        ReverseInput {
            reason: f.reason.clone(),
        },
        key(&f.idempotency_key),
    )
    .await
    .map(|t| t.id);
    after_write(&ctx, &user.actor, id, &f, "reverse", result).await
}

#[handler]
pub async fn correct_transaction(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<TxForm>,
) -> PageResult {
    let id = id(&raw)?;
    let c = Correction {
        account_id: super::opt(&f.account_id),
        amount: super::opt(&f.amount),
        date: super::opt(&f.date),
        reason: super::opt(&f.reason),
        ..Default::default()
    };
    let result =
        transactions::correct_transaction(&ctx.state.app, &user.actor, id, c, key(&f.idempotency_key))
            .await
            .map(|t| t.id);
    after_write(&ctx, &user.actor, id, &f, "correct", result).await
}
