//! Finance settings: the base currency totals are shown in (`users.base_currency`).

use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::money::Currency;
use crate::{Actor, App, db};
use hisaab_entity::user;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

#[derive(Clone, Debug)]
pub struct FinanceSettings {
    pub base_currency: Currency,
}

pub async fn get_settings(app: &App, actor: &Actor) -> Result<FinanceSettings> {
    let u = user::Entity::find_by_id(actor.user_id)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(FinanceSettings {
        base_currency: Currency::parse(&u.base_currency).unwrap_or(Currency::parse("USD").expect("USD")),
    })
}

pub async fn set_base_currency(app: &App, actor: &Actor, code: &str) -> Result<FinanceSettings> {
    let mut p = Problems::default();
    let currency = p.currency("base_currency", code);
    let currency = p.finish_with(currency)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let u = user::Entity::find_by_id(actor.user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let before = u.base_currency.clone();
    let mut a: user::ActiveModel = u.into();
    a.base_currency = Set(currency.code().into());
    a.updated_at = Set(now);
    a.update(&txn).await?;
    txn.commit(Effects::by(actor, now).audit(
        "finance.base_currency_changed",
        json!({ "before": before, "after": currency.code() }),
    ))
    .await?;
    Ok(FinanceSettings {
        base_currency: currency,
    })
}
