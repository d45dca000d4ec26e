//! Transfer form, categories, exchange rates and the base-currency setting.

use super::{account_json, category_json, id, key, names_of_categories};
use crate::flash::Flash;
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::Error;
use hisaab_service::finance::categories::{self, CategoryChanges, NewCategory};
use hisaab_service::finance::rates::{self, NewRate, RateFilter};
use hisaab_service::finance::transfers::{self, NewTransfer};
use hisaab_service::finance::{CategoryId, accounts, format_date, settings};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

// ---- transfers ---------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct TransferForm {
    #[serde(default)]
    from_account_id: String,
    #[serde(default)]
    to_account_id: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    to_amount: String,
    #[serde(default)]
    rate: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    idempotency_key: String,
}

async fn render_transfer(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let a = accounts::all_accounts(&ctx.state.app, actor).await?;
    Ok(ctx.render(
        status,
        "web/finance/transfer.html",
        &ctx.t("fin-transfer"),
        json!({
            "form": form.to_value(),
            "active_accounts": a.iter().filter(|a| !a.archived).map(|a| account_json(ctx.locale, a)).collect::<Vec<_>>(),
        }),
    ))
}

#[handler]
pub async fn transfer_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let today = format_date(ctx.state.app.now().date());
    render_transfer(
        &ctx,
        &user.actor,
        StatusCode::OK,
        FormState::with_values(&[("date", &today)]),
    )
    .await
}

#[handler]
pub async fn create_transfer(ctx: PageCtx, user: SignedIn, Form(f): Form<TransferForm>) -> PageResult {
    let input = NewTransfer {
        from_account_id: f.from_account_id.clone(),
        to_account_id: f.to_account_id.clone(),
        amount: f.amount.clone(),
        to_amount: super::opt(&f.to_amount),
        rate: super::opt(&f.rate),
        date: f.date.clone(),
        description: super::opt(&f.description),
    };
    match transfers::record_transfer(&ctx.state.app, &user.actor, input, key(&f.idempotency_key)).await {
        Ok(t) => Ok(ctx.redirect(&format!("/app/finance/accounts/{}", t.from_account_id))),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("from_account_id", &f.from_account_id),
                ("to_account_id", &f.to_account_id),
                ("amount", &f.amount),
                ("to_amount", &f.to_amount),
                ("rate", &f.rate),
                ("date", &f.date),
                ("description", &f.description),
                ("idempotency_key", &f.idempotency_key),
            ]);
            let e = if matches!(e, Error::NotFound) {
                Error::invalid("to_account_id", "Choose two of your accounts.")
            } else {
                e
            };
            let status = form.absorb(e)?;
            render_transfer(&ctx, &user.actor, status, form).await
        }
    }
}

// ---- categories --------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct CategoryForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    color: String,
}

async fn render_categories(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let cats = categories::list_categories(&ctx.state.app, actor, true).await?;
    let names = names_of_categories(&cats);
    let items: Vec<Value> = cats.iter().map(|c| category_json(c, &names)).collect();
    let parents: Vec<Value> = cats
        .iter()
        .filter(|c| c.parent_id.is_none() && !c.archived)
        .map(|c| category_json(c, &names))
        .collect();
    Ok(ctx.render(
        status,
        "web/finance/categories.html",
        &ctx.t("fin-categories"),
        json!({ "categories": items, "parents": parents, "form": form.to_value() }),
    ))
}

#[handler]
pub async fn categories_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    render_categories(
        &ctx,
        &user.actor,
        StatusCode::OK,
        FormState::with_values(&[("kind", "expense")]),
    )
    .await
}

#[handler]
pub async fn create_category(ctx: PageCtx, user: SignedIn, Form(f): Form<CategoryForm>) -> PageResult {
    let parent_id = super::opt(&f.parent_id)
        .map(|p| id::<CategoryId>(&p))
        .transpose()?;
    let input = NewCategory {
        name: f.name.clone(),
        kind: f.kind.clone(),
        parent_id,
        color: super::opt(&f.color),
        icon: None,
    };
    match categories::create_category(&ctx.state.app, &user.actor, input).await {
        Ok(_) => Ok(ctx.redirect("/app/finance/categories")),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("name", &f.name),
                ("kind", &f.kind),
                ("parent_id", &f.parent_id),
                ("color", &f.color),
            ]);
            let status = form.absorb(e)?;
            render_categories(&ctx, &user.actor, status, form).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ArchiveForm {
    #[serde(default)]
    action: String,
}

#[handler]
pub async fn archive_category(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<ArchiveForm>,
) -> PageResult {
    let id: CategoryId = id(&raw)?;
    let changes = CategoryChanges {
        archived: Some(f.action != "restore"),
        ..Default::default()
    };
    categories::update_category(&ctx.state.app, &user.actor, id, changes).await?;
    Ok(ctx.redirect("/app/finance/categories"))
}

// ---- exchange rates ----------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct RateForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    rate: String,
    #[serde(default)]
    csv: String,
}

async fn render_rates(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    status: StatusCode,
    form: FormState,
    import: Value,
) -> PageResult {
    let page = rates::list_rates(
        &ctx.state.app,
        actor,
        RateFilter {
            limit: Some(200),
            ..Default::default()
        },
    )
    .await?;
    let base = settings::get_settings(&ctx.state.app, actor)
        .await?
        .base_currency
        .code()
        .to_string();
    let items: Vec<Value> = page.items.iter().map(|r| json!({ "date": format_date(r.date), "from": r.from.code(), "to": r.to.code(), "rate": r.rate.to_string() })).collect();
    Ok(ctx.render(
        status,
        "web/finance/rates.html",
        &ctx.t("fin-exchange-rates"),
        json!({ "rates": items, "form": form.to_value(), "import": import, "base_currency": base }),
    ))
}

#[handler]
pub async fn rates_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let today = format_date(ctx.state.app.now().date());
    render_rates(
        &ctx,
        &user.actor,
        StatusCode::OK,
        FormState::with_values(&[("date", &today)]),
        Value::Null,
    )
    .await
}

#[handler]
pub async fn create_rate(ctx: PageCtx, user: SignedIn, Form(f): Form<RateForm>) -> PageResult {
    let input = NewRate {
        date: f.date.clone(),
        from: f.from.clone(),
        to: f.to.clone(),
        rate: f.rate.clone(),
    };
    match rates::record_rate(&ctx.state.app, &user.actor, input).await {
        Ok(_) => Ok(ctx.redirect("/app/finance/rates")),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("date", &f.date),
                ("from", &f.from),
                ("to", &f.to),
                ("rate", &f.rate),
            ]);
            let status = form.absorb(e)?;
            render_rates(&ctx, &user.actor, status, form, Value::Null).await
        }
    }
}

#[handler]
pub async fn import_rates(ctx: PageCtx, user: SignedIn, Form(f): Form<RateForm>) -> PageResult {
    let report = rates::import_rates_csv(&ctx.state.app, &user.actor, &f.csv).await?;
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let import = json!({ "imported": report.imported, "errors": report.errors, "csv": if report.errors.is_empty() { String::new() } else { f.csv.clone() } });
    render_rates(&ctx, &user.actor, status, FormState::default(), import).await
}

// ---- settings ----------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    base_currency: String,
    /// "/app/finance" when the dashboard's one-click offer sent the form: back there after saving.
    #[serde(default)]
    next: String,
}

#[handler]
pub async fn settings_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let s = settings::get_settings(&ctx.state.app, &user.actor).await?;
    Ok(ctx.render(StatusCode::OK, "web/finance/settings.html", &ctx.t("fin-settings-title"), json!({ "form": FormState::with_values(&[("base_currency", s.base_currency.code())]).to_value(), "saved": false })))
}

#[handler]
pub async fn save_settings(ctx: PageCtx, user: SignedIn, Form(f): Form<SettingsForm>) -> PageResult {
    match settings::set_base_currency(&ctx.state.app, &user.actor, &f.base_currency).await {
        Ok(_) if f.next == "/app/finance" => Ok(ctx.redirect_with_flash("/app/finance", Flash::BaseCurrencySet)),
        Ok(s) => Ok(ctx.render(StatusCode::OK, "web/finance/settings.html", &ctx.t("fin-settings-title"), json!({ "form": FormState::with_values(&[("base_currency", s.base_currency.code())]).to_value(), "saved": true }))),
        Err(e) => {
            let mut form = FormState::with_values(&[("base_currency", &f.base_currency)]);
            let status = form.absorb(e)?;
            Ok(ctx.render(status, "web/finance/settings.html", &ctx.t("fin-settings-title"), json!({ "form": form.to_value(), "saved": false })))
        }
    }
}
