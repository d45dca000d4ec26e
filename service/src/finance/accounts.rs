//! Accounts and wallets. A balance is the opening balance plus the SQL sum of
//! the account's transactions: never a stored column that could drift.

use super::{currency_of, format_date};
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done};
use crate::input::{Problems, Sign};
use crate::money::{Currency, Money};
use crate::pagination::{self, Cursor, Page};
use crate::{Actor, App, db};
use hisaab_entity::finance::account::{self, Kind};
use hisaab_entity::finance::{AccountId, transaction};
use hisaab_entity::tenant;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// Active accounts a standard (non-premium) plan may have.
pub const BASIC_ACTIVE_ACCOUNT_LIMIT: u64 = 3;

pub const KINDS: &[(&str, &str)] = &[
    ("cash", "Cash"),
    ("checking", "Checking"),
    ("savings", "Savings"),
    ("credit_card", "Credit card"),
    ("wallet", "Wallet"),
    ("investment", "Investment"),
    ("other", "Other"),
];

/// What kind of account, as views carry it: the entity's `Kind` with its
/// word (`"credit_card"`) for the wire and templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Cash,
    Checking,
    Savings,
    CreditCard,
    Wallet,
    Investment,
    Other,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Cash => "cash",
            AccountKind::Checking => "checking",
            AccountKind::Savings => "savings",
            AccountKind::CreditCard => "credit_card",
            AccountKind::Wallet => "wallet",
            AccountKind::Investment => "investment",
            AccountKind::Other => "other",
        }
    }
}

impl From<Kind> for AccountKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Cash => AccountKind::Cash,
            Kind::Checking => AccountKind::Checking,
            Kind::Savings => AccountKind::Savings,
            Kind::CreditCard => AccountKind::CreditCard,
            Kind::Wallet => AccountKind::Wallet,
            Kind::Investment => AccountKind::Investment,
            Kind::Other => AccountKind::Other,
        }
    }
}

/// An account as pages and the API see it.
#[derive(Clone, Debug)]
pub struct AccountView {
    pub id: AccountId,
    pub name: String,
    pub kind: AccountKind,
    pub currency: Currency,
    pub opening_balance: Money,
    pub opening_date: Date,
    pub balance: Money,
    pub archived: bool,
    pub notes: Option<String>,
    pub created_at: OffsetDateTime,
}

impl AccountView {
    pub(crate) fn build(a: account::Model, sum: i64) -> Result<Self> {
        let currency = currency_of(&a.currency)?;
        Ok(Self {
            id: a.id,
            name: a.name,
            kind: a.kind.into(),
            currency,
            opening_balance: Money::from_storage(a.opening_balance, currency),
            opening_date: a.opening_date,
            balance: Money::from_storage(a.opening_balance + sum, currency),
            archived: a.archived,
            notes: a.notes,
            created_at: a.created_at,
        })
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewAccount {
    pub name: String,
    pub kind: String,
    pub currency: String,
    pub opening_balance: Option<String>,
    pub opening_date: Option<String>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct AccountChanges {
    pub name: Option<String>,
    /// `Some(None)` clears the notes.
    pub notes: Option<Option<String>>,
    pub archived: Option<bool>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct AccountFilter {
    pub include_archived: bool,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

/// The account with `id` if it belongs to the actor's tenant.
pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: AccountId,
) -> Result<account::Model> {
    account::Entity::find_by_id(id)
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

#[derive(FromQueryResult)]
struct SumRow {
    account_id: AccountId,
    total: i64,
}

/// Σ delta per account, by one grouped aggregate.
pub(crate) async fn sums<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    ids: &[AccountId],
) -> Result<HashMap<AccountId, i64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = transaction::Entity::find()
        .select_only()
        .column(transaction::Column::AccountId)
        .column_as(Expr::cust("CAST(COALESCE(SUM(delta), 0) AS BIGINT)"), "total")
        .filter(transaction::Column::TenantId.eq(actor.tenant_id))
        .filter(transaction::Column::AccountId.is_in(ids.to_vec()))
        .group_by(transaction::Column::AccountId)
        .into_model::<SumRow>()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| (r.account_id, r.total)).collect())
}

async fn view<C: ConnectionTrait>(conn: &C, actor: &Actor, a: account::Model) -> Result<AccountView> {
    let sum = sums(conn, actor, &[a.id]).await?.get(&a.id).copied().unwrap_or(0);
    AccountView::build(a, sum)
}

/// Locks the tenant row on PostgreSQL so plan limits hold under concurrency
/// (SQLite write transactions are already serialized).
async fn lock_tenant(postgres: bool, txn: &WriteTx, actor: &Actor) -> Result<()> {
    if postgres {
        tenant::Entity::find_by_id(actor.tenant_id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    Ok(())
}

async fn check_plan_limit<C: ConnectionTrait>(conn: &C, actor: &Actor) -> Result<()> {
    if actor.is_premium() {
        return Ok(());
    }
    let active = account::Entity::find()
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .filter(account::Column::Archived.eq(false))
        .count(conn)
        .await?;
    if active >= BASIC_ACTIVE_ACCOUNT_LIMIT {
        return Err(Error::Forbidden(format!(
            "Your plan includes {BASIC_ACTIVE_ACCOUNT_LIMIT} active accounts and you have {active}. \
             Archive an account you no longer use, or upgrade to Premium for unlimited accounts."
        )));
    }
    Ok(())
}

/// The words for `Kind` on the wire.
const KIND_WORDS: &[(&str, Kind)] = &[
    ("cash", Kind::Cash),
    ("checking", Kind::Checking),
    ("savings", Kind::Savings),
    ("credit_card", Kind::CreditCard),
    ("wallet", Kind::Wallet),
    ("investment", Kind::Investment),
    ("other", Kind::Other),
];

fn check_name(p: &mut Problems, name: &str) -> Option<String> {
    p.text("name", "a name for the account", name, 100)
}

pub async fn create_account(app: &App, actor: &Actor, input: NewAccount) -> Result<AccountView> {
    create_account_once(app, actor, input, None).await
}

/// Opens an account (its opening balance is money). With `idempotency_key`, a
/// retry with the same body answers the same account and opens no second one.
pub async fn create_account_once(
    app: &App,
    actor: &Actor,
    input: NewAccount,
    idempotency_key: Option<&str>,
) -> Result<AccountView> {
    let mut p = Problems::default();
    let name = check_name(&mut p, &input.name);
    let kind = p.choice("kind", &input.kind, KIND_WORDS);
    let currency = p.currency("currency", &input.currency);
    let opening = p.amount_or_zero(
        "opening_balance",
        input.opening_balance.as_deref(),
        currency,
        Sign::Any,
    );
    let opening_date = p
        .optional_date("opening_date", input.opening_date.as_deref())
        .map(|d| d.unwrap_or_else(|| app.now().date()));
    let notes = p.optional_text("notes", "notes", input.notes.as_deref(), 2000);
    let (name, kind, currency, opening, opening_date, notes) =
        p.finish_with((name, kind, currency, opening, opening_date, notes))?;

    let now = app.now();
    let postgres = db::is_postgres(&app.db);
    let (outcome, written) = idempotency::run(app, actor, idempotency_key, "finance.create_account", &input, |tx| {
        let actor = actor.clone();
        Box::pin(async move {
            lock_tenant(postgres, tx, &actor).await?;
            check_plan_limit(tx, &actor).await?;
            let model = account::ActiveModel {
                id: Set(AccountId::new()),
                tenant_id: Set(actor.tenant_id),
                name: Set(name),
                kind: Set(kind),
                currency: Set(currency.code().to_string()),
                opening_balance: Set(opening.to_storage()),
                opening_date: Set(opening_date),
                archived: Set(false),
                notes: Set(notes),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx)
            .await?;
            let details = json!({ "account_id": model.id.to_string(), "name": model.name, "currency": model.currency, "opening_balance": opening.to_string() });
            let mut effects = Effects::by(&actor, now);
            effects
                .audit("finance.account_created", details.clone())
                .event("account.created", details);
            Ok(Done::with_value(model.id.0, model, effects))
        })
    })
    .await?;
    match written {
        Some(model) => AccountView::build(model, 0),
        None => get_account(app, actor, AccountId(outcome.value)).await,
    }
}

pub async fn get_account(app: &App, actor: &Actor, id: AccountId) -> Result<AccountView> {
    let a = load(&app.db, actor, id).await?;
    view(&app.db, actor, a).await
}

/// Accounts ordered by creation (oldest first), with balances.
pub async fn list_accounts(app: &App, actor: &Actor, filter: AccountFilter) -> Result<Page<AccountView>> {
    let limit = pagination::limit(filter.limit)?;
    let tag = pagination::filter_tag(&("accounts", filter.include_archived));
    let mut q = account::Entity::find()
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(account::Column::Id);
    if !filter.include_archived {
        q = q.filter(account::Column::Archived.eq(false));
    }
    if let Some(c) = filter.cursor.as_deref().filter(|c| !c.is_empty()) {
        let cursor = pagination::decode(c, &tag)?;
        let after: AccountId = cursor
            .id
            .parse()
            .map_err(|_| Error::invalid("cursor", "is not a cursor from this list"))?;
        q = q.filter(account::Column::Id.gt(after));
    }
    let rows: Vec<account::Model> = crate::db::all_limited(&app.db, q, limit + 1).await?;
    let ids: Vec<AccountId> = rows.iter().map(|a| a.id).collect();
    let sums = sums(&app.db, actor, &ids).await?;
    let views = rows
        .into_iter()
        .map(|a| {
            let s = sums.get(&a.id).copied().unwrap_or(0);
            AccountView::build(a, s)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(views, limit, &tag, |a| Cursor {
        key: String::new(),
        id: a.id.to_string(),
    }))
}

/// Every account (active first), for pickers and summaries.
pub async fn all_accounts(app: &App, actor: &Actor) -> Result<Vec<AccountView>> {
    let rows = account::Entity::find()
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(account::Column::Archived)
        .order_by_asc(account::Column::Id)
        .all(&app.db)
        .await?;
    let ids: Vec<AccountId> = rows.iter().map(|a| a.id).collect();
    let sums = sums(&app.db, actor, &ids).await?;
    rows.into_iter()
        .map(|a| {
            let s = sums.get(&a.id).copied().unwrap_or(0);
            AccountView::build(a, s)
        })
        .collect()
}

/// Every account (active first) with balances from the monthly rollup (ADR
/// 0004): the same numbers as `all_accounts` (the rollup holds every record),
/// at a cost of accounts × months instead of records. For reports.
pub async fn all_accounts_from_rollup(app: &App, actor: &Actor) -> Result<Vec<AccountView>> {
    use hisaab_entity::finance::account_month_total as amt;
    let rows = account::Entity::find()
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(account::Column::Archived)
        .order_by_asc(account::Column::Id)
        .all(&app.db)
        .await?;
    let sums: HashMap<AccountId, i64> = amt::Entity::find()
        .select_only()
        .column(amt::Column::AccountId)
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(net_change), 0) AS BIGINT)"),
            "total",
        )
        .filter(amt::Column::TenantId.eq(actor.tenant_id))
        .group_by(amt::Column::AccountId)
        .into_model::<SumRow>()
        .all(&app.db)
        .await?
        .into_iter()
        .map(|r| (r.account_id, r.total))
        .collect();
    rows.into_iter()
        .map(|a| {
            let s = sums.get(&a.id).copied().unwrap_or(0);
            AccountView::build(a, s)
        })
        .collect()
}

/// Renames, edits notes, archives or restores. Restoring counts against the plan limit.
pub async fn update_account(
    app: &App,
    actor: &Actor,
    id: AccountId,
    changes: AccountChanges,
) -> Result<AccountView> {
    let mut p = Problems::default();
    let name = p.edit(changes.name.as_deref(), check_name);
    let notes = p.edit(changes.notes.as_ref(), |p, n| {
        p.optional_text("notes", "notes", n.as_deref(), 2000)
    });
    let (name, notes) = p.finish_with((name, notes))?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    lock_tenant(db::is_postgres(&app.db), &txn, actor).await?;
    let current = load(&txn, actor, id).await?;
    if changes.archived == Some(false) && current.archived {
        check_plan_limit(&txn, actor).await?;
    }
    let mut active: account::ActiveModel = current.clone().into();
    let mut changed = serde_json::Map::new();
    if let Some(name) = name.filter(|n| *n != current.name) {
        changed.insert("name".into(), json!({ "before": current.name, "after": name }));
        active.name = Set(name);
    }
    if let Some(notes) = notes.filter(|n| *n != current.notes) {
        changed.insert("notes".into(), json!({ "before": current.notes, "after": notes }));
        active.notes = Set(notes);
    }
    if let Some(archived) = changes.archived.filter(|a| *a != current.archived) {
        changed.insert(
            "archived".into(),
            json!({ "before": current.archived, "after": archived }),
        );
        active.archived = Set(archived);
    }
    if changed.is_empty() {
        drop(txn);
        return view(&app.db, actor, current).await;
    }
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    txn.commit(Effects::by(actor, now).audit(
        "finance.account_updated",
        json!({ "account_id": id.to_string(), "changes": changed }),
    ))
    .await?;
    view(&app.db, actor, updated).await
}

/// For templates: the opening date as text.
pub fn opening_date_text(a: &AccountView) -> String {
    format_date(a.opening_date)
}
