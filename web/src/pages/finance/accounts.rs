//! Accounts: list, new, account page with its register, edit/archive.

use super::{account_json, id, kind_options, names_of_accounts, names_of_categories, tx_json};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::finance::accounts::{self, AccountChanges, AccountFilter, KINDS, NewAccount};
use hisaab_service::finance::transactions::account_register;
use hisaab_service::finance::{AccountId, categories};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

#[handler]
pub async fn accounts_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let page = accounts::list_accounts(
        &ctx.state.app,
        &user.actor,
        AccountFilter {
            include_archived: true,
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    let (active, archived): (Vec<_>, Vec<_>) = page.items.iter().partition(|a| !a.archived);
    Ok(ctx.render(
        StatusCode::OK,
        "web/finance/accounts.html",
        &ctx.t("fin-accounts"),
        json!({
            "accounts": active.iter().map(|a| account_json(ctx.locale, a)).collect::<Vec<_>>(),
            "archived": archived.iter().map(|a| account_json(ctx.locale, a)).collect::<Vec<_>>(),
        }),
    ))
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
    #[serde(default)]
    idempotency_key: String,
}

#[handler]
pub async fn new_account_page(ctx: PageCtx, _user: SignedIn) -> PageResult {
    let today = hisaab_service::finance::format_date(ctx.state.app.now().date());
    let form = FormState::with_values(&[
        ("kind", "checking"),
        ("currency", "USD"),
        ("opening_balance", "0"),
        ("opening_date", &today),
    ]);
    Ok(ctx.render(
        StatusCode::OK,
        "web/finance/account_new.html",
        &ctx.t("fin-new-account"),
        json!({ "form": form.to_value(), "kinds": kind_options(ctx.locale, KINDS) }),
    ))
}

#[handler]
pub async fn create_account(ctx: PageCtx, user: SignedIn, Form(f): Form<AccountForm>) -> PageResult {
    let input = NewAccount {
        name: f.name.clone(),
        kind: f.kind.clone(),
        currency: f.currency.clone(),
        opening_balance: super::opt(&f.opening_balance),
        opening_date: super::opt(&f.opening_date),
        notes: super::opt(&f.notes),
    };
    match accounts::create_account_once(&ctx.state.app, &user.actor, input, super::key(&f.idempotency_key))
        .await
    {
        Ok(a) => Ok(ctx.redirect(&format!("/app/finance/accounts/{}", a.id))),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("name", &f.name),
                ("kind", &f.kind),
                ("currency", &f.currency),
                ("opening_balance", &f.opening_balance),
                ("opening_date", &f.opening_date),
                ("notes", &f.notes),
                ("idempotency_key", &f.idempotency_key),
            ]);
            form.absorb(e)?;
            Ok(ctx.render(
                StatusCode::UNPROCESSABLE_ENTITY,
                "web/finance/account_new.html",
                &ctx.t("fin-new-account"),
                json!({ "form": form.to_value(), "kinds": kind_options(ctx.locale, KINDS) }),
            ))
        }
    }
}

async fn render_account(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    id: AccountId,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let app = &ctx.state.app;
    let register = account_register(app, actor, id, 100).await?;
    let cats = categories::list_categories(app, actor, true).await?;
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
    Ok(ctx.render(
        status,
        "web/finance/account.html",
        &register.account.name.clone(),
        json!({
            "live": "#account-header,#account-register",
            "account": account_json(ctx.locale, &register.account),
            "rows": rows,
            "more": register.more,
            "form": edit.to_value(),
        }),
    ))
}

#[handler]
pub async fn account_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let id: AccountId = id(&raw)?;
    render_account(&ctx, &user.actor, id, StatusCode::OK, FormState::default()).await
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
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<AccountEditForm>,
) -> PageResult {
    let id: AccountId = id(&raw)?;
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
    match accounts::update_account(&ctx.state.app, &user.actor, id, changes).await {
        Ok(_) => Ok(ctx.redirect(&format!("/app/finance/accounts/{id}"))),
        Err(e) => {
            let mut form = FormState::with_values(&[("name", &f.name), ("notes", &f.notes)]);
            let status = form.absorb(e)?;
            render_account(&ctx, &user.actor, id, status, form).await
        }
    }
}
