//! Accounts: list, new, account page with its register, edit/archive.

use super::{account_json, names_of_accounts, names_of_categories, tx_json};
use crate::pages::{FormState, PageCtx};
use hisaab_service::Error;
use hisaab_service::finance::accounts::{self, AccountChanges, AccountFilter, KINDS, NewAccount};
use hisaab_service::finance::transactions::account_register;
use hisaab_service::finance::{AccountId, categories};
use poem::http::StatusCode;
use poem::web::{Form, Path};
use poem::{Response, handler};
use serde::Deserialize;
use serde_json::{Value, json};

fn kinds() -> Value {
    Value::Array(
        KINDS
            .iter()
            .map(|(k, l)| json!({ "value": k, "label": l }))
            .collect(),
    )
}

#[handler]
pub async fn accounts_page(ctx: PageCtx) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(r) => return r,
    };
    match accounts::list_accounts(
        &ctx.state.app,
        &actor,
        AccountFilter {
            include_archived: true,
            limit: Some(200),
            ..Default::default()
        },
    )
    .await
    {
        Ok(page) => {
            let (active, archived): (Vec<_>, Vec<_>) = page.items.iter().partition(|a| !a.archived);
            ctx.render(
                StatusCode::OK,
                "web/finance/accounts.html",
                "Accounts",
                json!({
                    "accounts": active.iter().map(|a| account_json(a)).collect::<Vec<_>>(),
                    "archived": archived.iter().map(|a| account_json(a)).collect::<Vec<_>>(),
                }),
            )
        }
        Err(e) => ctx.error(e),
    }
}

#[derive(Deserialize, Default)]
pub struct AccountForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    opening_balance: String,
    #[serde(default)]
    opening_date: String,
    #[serde(default)]
    notes: String,
}

#[handler]
pub async fn new_account_page(ctx: PageCtx) -> Response {
    if let Err(r) = ctx.require_user() {
        return r;
    }
    let today = hisaab_service::finance::format_date(ctx.state.app.now().date());
    let form = FormState::with_values(&[
        ("kind", "checking"),
        ("currency", "USD"),
        ("opening_balance", "0"),
        ("opening_date", &today),
    ]);
    ctx.render(
        StatusCode::OK,
        "web/finance/account_new.html",
        "New account",
        json!({ "form": form.to_value(), "kinds": kinds() }),
    )
}

#[handler]
pub async fn create_account(ctx: PageCtx, Form(f): Form<AccountForm>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(r) => return r,
    };
    let input = NewAccount {
        name: f.name.clone(),
        kind: f.kind.clone(),
        currency: f.currency.clone(),
        opening_balance: super::opt(&f.opening_balance),
        opening_date: super::opt(&f.opening_date),
        notes: super::opt(&f.notes),
    };
    match accounts::create_account(&ctx.state.app, &actor, input).await {
        Ok(a) => ctx.redirect(&format!("/app/finance/accounts/{}", a.id)),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("name", &f.name),
                ("kind", &f.kind),
                ("currency", &f.currency),
                ("opening_balance", &f.opening_balance),
                ("opening_date", &f.opening_date),
                ("notes", &f.notes),
            ]);
            match form.absorb(&e) {
                Some(_) => ctx.render(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "web/finance/account_new.html",
                    "New account",
                    json!({ "form": form.to_value(), "kinds": kinds() }),
                ),
                None => ctx.error(e),
            }
        }
    }
}

async fn render_account(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    id: AccountId,
    status: StatusCode,
    form: FormState,
) -> Response {
    let app = &ctx.state.app;
    let register = match account_register(app, actor, id, 100).await {
        Ok(r) => r,
        Err(e) => return ctx.error(e),
    };
    let cats = categories::list_categories(app, actor, true)
        .await
        .unwrap_or_default();
    let names = names_of_accounts(std::slice::from_ref(&register.account));
    let cat_names = names_of_categories(&cats);
    let rows: Vec<Value> = register
        .rows
        .iter()
        .map(|(t, after)| {
            let mut v = tx_json(t, &names, &cat_names);
            v["balance_after"] = super::money(after);
            v
        })
        .collect();
    let edit = if form.to_value()["values"]
        .as_object()
        .is_some_and(|m| m.is_empty())
    {
        FormState::with_values(&[
            ("name", &register.account.name),
            ("notes", register.account.notes.as_deref().unwrap_or("")),
        ])
    } else {
        form
    };
    ctx.render(
        status,
        "web/finance/account.html",
        &register.account.name.clone(),
        json!({
            "account": account_json(&register.account),
            "rows": rows,
            "more": register.more,
            "form": edit.to_value(),
        }),
    )
}

#[handler]
pub async fn account_page(ctx: PageCtx, Path(id): Path<String>) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<AccountId>() else {
        return ctx.error(Error::NotFound);
    };
    render_account(&ctx, &actor, id, StatusCode::OK, FormState::default()).await
}

#[derive(Deserialize, Default)]
pub struct AccountEditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    notes: String,
    /// `archive` or `restore` when one of those buttons was pressed.
    #[serde(default)]
    action: String,
}

#[handler]
pub async fn update_account(
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(f): Form<AccountEditForm>,
) -> Response {
    let (_, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<AccountId>() else {
        return ctx.error(Error::NotFound);
    };
    let changes = match f.action.as_str() {
        "archive" => AccountChanges {
            archived: Some(true),
            ..Default::default()
        },
        "restore" => AccountChanges {
            archived: Some(false),
            ..Default::default()
        },
        _ => AccountChanges {
            name: Some(f.name.clone()),
            notes: Some(super::opt(&f.notes)),
            archived: None,
        },
    };
    match accounts::update_account(&ctx.state.app, &actor, id, changes).await {
        Ok(_) => ctx.redirect(&format!("/app/finance/accounts/{id}")),
        Err(e) => {
            let mut form = FormState::with_values(&[("name", &f.name), ("notes", &f.notes)]);
            match form.absorb(&e) {
                Some(status) => render_account(&ctx, &actor, id, status, form).await,
                None => ctx.error(e),
            }
        }
    }
}
