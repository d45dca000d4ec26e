//! Income and expense categories, two levels deep. Each tenant gets a default
//! set the first time it lists its categories (lazily, race-safe through the
//! `fin_setup` marker row). Archived categories stay on old records but are
//! not offered for new ones.

use super::{CategoryId, Flow, FlowKind, flow_kind};
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::{Actor, App, db};
use hisaab_entity::finance::{category, setup};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// (kind, name, color, icon, children)
const DEFAULTS: &[(FlowKind, &str, &str, &str, &[&str])] = &[
    (FlowKind::Income, "Salary", "#2e7d32", "briefcase", &[]),
    (FlowKind::Income, "Business", "#00838f", "store", &[]),
    (
        FlowKind::Income,
        "Interest & dividends",
        "#558b2f",
        "percent",
        &[],
    ),
    (FlowKind::Income, "Gifts received", "#6a1b9a", "gift", &[]),
    (FlowKind::Income, "Other income", "#546e7a", "plus", &[]),
    (
        FlowKind::Expense,
        "Food",
        "#ef6c00",
        "utensils",
        &["Groceries", "Eating out"],
    ),
    (
        FlowKind::Expense,
        "Housing",
        "#5d4037",
        "home",
        &["Rent", "Utilities", "Maintenance"],
    ),
    (
        FlowKind::Expense,
        "Transport",
        "#1565c0",
        "car",
        &["Fuel", "Public transport"],
    ),
    (FlowKind::Expense, "Health", "#c62828", "heart", &[]),
    (FlowKind::Expense, "Shopping", "#ad1457", "bag", &[]),
    (FlowKind::Expense, "Entertainment", "#7b1fa2", "film", &[]),
    (FlowKind::Expense, "Education", "#283593", "book", &[]),
    (FlowKind::Expense, "Bills & fees", "#455a64", "receipt", &[]),
    (FlowKind::Expense, "Gifts & donations", "#8e24aa", "gift", &[]),
    (FlowKind::Expense, "Other expense", "#616161", "dots", &[]),
];

#[derive(Clone, Debug)]
pub struct CategoryView {
    pub id: CategoryId,
    pub name: String,
    pub kind: Flow,
    pub parent_id: Option<CategoryId>,
    pub color: Option<String>,
    pub icon: Option<String>,
    pub archived: bool,
}

impl From<category::Model> for CategoryView {
    fn from(c: category::Model) -> Self {
        Self {
            id: c.id,
            name: c.name,
            kind: c.kind.into(),
            parent_id: c.parent_id,
            color: c.color,
            icon: c.icon,
            archived: c.archived,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct NewCategory {
    pub name: String,
    pub kind: String,
    pub parent_id: Option<CategoryId>,
    pub color: Option<String>,
    pub icon: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct CategoryChanges {
    pub name: Option<String>,
    pub color: Option<Option<String>>,
    pub icon: Option<Option<String>>,
    pub archived: Option<bool>,
}

/// Creates the default categories once per tenant.
pub async fn ensure_defaults(app: &App, actor: &Actor) -> Result<()> {
    let done = setup::Entity::find_by_id(actor.tenant_id).one(&app.db).await?;
    if done.is_some() {
        return Ok(());
    }
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let marker = setup::ActiveModel {
        tenant_id: Set(actor.tenant_id),
        created_at: Set(now),
    }
    .insert(&txn)
    .await;
    match marker {
        Ok(_) => {}
        // Another request set this tenant up meanwhile.
        Err(e) if db::is_unique_violation(&e) => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    for (kind, name, color, icon, children) in DEFAULTS {
        let parent = insert(&txn, actor, name, *kind, None, Some(color), Some(icon), now).await?;
        for child in *children {
            insert(&txn, actor, child, *kind, Some(parent), Some(color), None, now).await?;
        }
    }
    txn.commit(&Effects::by(actor, now)).await?;
    Ok(())
}

#[expect(clippy::too_many_arguments, reason = "one category row's columns")]
async fn insert<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    name: &str,
    kind: FlowKind,
    parent: Option<CategoryId>,
    color: Option<&str>,
    icon: Option<&str>,
    now: time::OffsetDateTime,
) -> Result<CategoryId> {
    let id = CategoryId::new();
    category::ActiveModel {
        id: Set(id),
        tenant_id: Set(actor.tenant_id),
        name: Set(name.to_string()),
        kind: Set(kind),
        parent_id: Set(parent),
        color: Set(color.map(str::to_string)),
        icon: Set(icon.map(str::to_string)),
        archived: Set(false),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: CategoryId,
) -> Result<category::Model> {
    category::Entity::find_by_id(id)
        .filter(category::Column::TenantId.eq(actor.tenant_id))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// Categories ordered by kind then name (defaults created on first use).
pub async fn list_categories(app: &App, actor: &Actor, include_archived: bool) -> Result<Vec<CategoryView>> {
    ensure_defaults(app, actor).await?;
    let mut q = category::Entity::find()
        .filter(category::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(category::Column::Kind)
        .order_by_asc(category::Column::Name);
    if !include_archived {
        q = q.filter(category::Column::Archived.eq(false));
    }
    Ok(q.all(&app.db)
        .await?
        .into_iter()
        .map(CategoryView::from)
        .collect())
}

pub async fn get_category(app: &App, actor: &Actor, id: CategoryId) -> Result<CategoryView> {
    Ok(load(&app.db, actor, id).await?.into())
}

/// An optional `#rrggbb` color, lower-cased; blank is `Some(None)`.
fn check_color(p: &mut Problems, color: Option<&str>) -> Option<Option<String>> {
    let Some(c) = color.map(str::trim).filter(|c| !c.is_empty()) else {
        return Some(None);
    };
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    p.check(ok, "color", "Enter a color like #1e88e5.");
    ok.then(|| Some(c.to_ascii_lowercase()))
}

/// An optional icon name; blank is `Some(None)`.
fn check_icon(p: &mut Problems, icon: Option<&str>) -> Option<Option<String>> {
    let Some(i) = icon.map(str::trim).filter(|i| !i.is_empty()) else {
        return Some(None);
    };
    let ok = i.len() <= 32
        && i.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    p.check(
        ok,
        "icon",
        "Enter an icon name of lower-case letters, digits and dashes.",
    );
    ok.then(|| Some(i.to_string()))
}

pub async fn create_category(app: &App, actor: &Actor, input: NewCategory) -> Result<CategoryView> {
    ensure_defaults(app, actor).await?;
    let mut p = Problems::default();
    let name = p.text("name", "a name for the category", &input.name, 60);
    let kind = flow_kind(&mut p, "kind", &input.kind);
    let color = check_color(&mut p, input.color.as_deref());
    let icon = check_icon(&mut p, input.icon.as_deref());
    let (name, kind, color, icon) = p.finish_with((name, kind, color, icon))?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    if let Some(parent_id) = input.parent_id {
        let parent = load(&txn, actor, parent_id)
            .await
            .map_err(|_| Error::invalid("parent_id", "is not one of your categories"))?;
        if parent.parent_id.is_some() {
            return Err(Error::invalid(
                "parent_id",
                "Categories go two levels deep: choose a top-level category as the parent.",
            ));
        }
        if parent.kind != kind {
            return Err(Error::invalid(
                "parent_id",
                "The parent must be of the same kind (income or expense).",
            ));
        }
    }
    let id = insert(
        &txn,
        actor,
        &name,
        kind,
        input.parent_id,
        color.as_deref(),
        icon.as_deref(),
        now,
    )
    .await?;
    let model = load(&txn, actor, id).await?;
    txn.commit(Effects::by(actor, now).audit(
        "finance.category_created",
        json!({ "category_id": id.to_string(), "name": name }),
    ))
    .await?;
    Ok(model.into())
}

pub async fn update_category(
    app: &App,
    actor: &Actor,
    id: CategoryId,
    changes: CategoryChanges,
) -> Result<CategoryView> {
    let mut p = Problems::default();
    let name = p.edit(changes.name.as_deref(), |p, n| {
        p.text("name", "a name for the category", n, 60)
    });
    let color = p.edit(changes.color.as_ref(), |p, c| check_color(p, c.as_deref()));
    let icon = p.edit(changes.icon.as_ref(), |p, i| check_icon(p, i.as_deref()));
    let (name, color, icon) = p.finish_with((name, color, icon))?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let current = load(&txn, actor, id).await?;
    let mut active: category::ActiveModel = current.clone().into();
    if let Some(n) = name {
        active.name = Set(n);
    }
    if let Some(c) = color {
        active.color = Set(c);
    }
    if let Some(i) = icon {
        active.icon = Set(i);
    }
    if let Some(a) = changes.archived {
        active.archived = Set(a);
    }
    let updated = active.update(&txn).await?;
    txn.commit(Effects::by(actor, now).audit(
        "finance.category_updated",
        json!({ "category_id": id.to_string(), "archived": updated.archived, "name": updated.name }),
    ))
    .await?;
    Ok(updated.into())
}
