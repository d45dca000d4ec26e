//! Editing the non-money fields of a record, and the history of those edits
//! (before → after, who, when).

use super::transactions::{TransactionView, load, usable_category};
use super::{CategoryId, TransactionId, tags_from_db, tags_to_db};
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::Result;
use crate::input::Problems;
use crate::{Actor, App, db};
use hisaab_entity::UserId;
use hisaab_entity::finance::{TransactionEditId, transaction, transaction_edit};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;

/// Fields to change; `None` leaves a field alone, `Some("")`/`Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct TransactionEdits {
    pub description: Option<String>,
    pub payee: Option<Option<String>>,
    pub category_id: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<Option<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

#[derive(Clone, Debug)]
pub struct EditView {
    pub at: OffsetDateTime,
    pub user_id: UserId,
    pub changes: Vec<FieldChange>,
}

/// The edits, parsed: `None` leaves a field alone.
struct Parsed {
    description: Option<String>,
    payee: Option<Option<String>>,
    notes: Option<Option<String>>,
    tags: Option<Vec<String>>,
    category: Option<Option<CategoryId>>,
}

/// Changes a record's description, payee, category, tags or notes, and keeps
/// the change (before → after) in its history. Nothing changed writes nothing.
pub async fn update_transaction(
    app: &App,
    actor: &Actor,
    id: TransactionId,
    edits: TransactionEdits,
) -> Result<TransactionView> {
    let parsed = parse_edits(&edits)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let current = load(&txn, actor, id).await?;
    let (active, changes) = plan_edits(&txn, actor, &current, parsed).await?;
    if changes.is_empty() {
        drop(txn);
        return TransactionView::build(current);
    }
    let updated = write_edits(&txn, actor, now, active, &changes).await?;
    txn.commit(Effects::by(actor, now).audit(
        "finance.transaction_edited",
        json!({ "transaction_id": id.to_string(), "changes": changes }),
    ))
    .await?;
    TransactionView::build(updated)
}

fn parse_edits(edits: &TransactionEdits) -> Result<Parsed> {
    let mut p = Problems::default();
    let description = p.edit(edits.description.as_deref(), |p, d| {
        p.optional_text("description", "the description", Some(d), 200)
            .map(Option::unwrap_or_default)
    });
    let payee = p.edit(edits.payee.as_ref(), |p, v| {
        p.optional_text("payee", "the payee", v.as_deref(), 100)
    });
    let notes = p.edit(edits.notes.as_ref(), |p, v| {
        p.optional_text("notes", "notes", v.as_deref(), 2000)
    });
    let tags = p.edit(edits.tags.as_ref(), |p, t| p.tags("tags", t));
    let category = p.edit(edits.category_id.as_ref(), |p, c| {
        p.optional_id::<CategoryId>("category_id", c.as_deref())
    });
    let (description, payee, notes, tags, category) =
        p.finish_with((description, payee, notes, tags, category))?;
    Ok(Parsed {
        description,
        payee,
        notes,
        tags,
        category,
    })
}

/// The record with the edits that change something applied, and those
/// changes (a new category must be usable for the record's kind).
async fn plan_edits(
    txn: &WriteTx,
    actor: &Actor,
    current: &transaction::Model,
    parsed: Parsed,
) -> Result<(transaction::ActiveModel, Vec<FieldChange>)> {
    let mut active: transaction::ActiveModel = current.clone().into();
    let mut changes = Vec::new();
    let mut note = |field: &str, before: Value, after: Value| {
        if before != after {
            changes.push(FieldChange {
                field: field.into(),
                before,
                after,
            });
            true
        } else {
            false
        }
    };
    if let Some(d) = parsed.description
        && note("description", json!(current.description), json!(d))
    {
        active.description = Set(d);
    }
    if let Some(v) = parsed.payee
        && note("payee", json!(current.payee), json!(v))
    {
        active.payee = Set(v);
    }
    if let Some(v) = parsed.notes
        && note("notes", json!(current.notes), json!(v))
    {
        active.notes = Set(v);
    }
    if let Some(t) = parsed.tags
        && note("tags", json!(tags_from_db(&current.tags)), json!(t))
    {
        active.tags = Set(tags_to_db(&t));
    }
    if let Some(c) = parsed.category
        && note(
            "category_id",
            json!(current.category_id.map(|i| i.to_string())),
            json!(c.map(|i| i.to_string())),
        )
    {
        if let Some(cid) = c {
            usable_category(txn, actor, cid, current.kind).await?;
        }
        active.category_id = Set(c);
    }
    Ok((active, changes))
}

/// Saves the edited record and its history entry.
async fn write_edits(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    mut active: transaction::ActiveModel,
    changes: &[FieldChange],
) -> Result<transaction::Model> {
    active.updated_at = Set(now);
    let updated = active.update(txn).await?;
    let changes_json = serde_json::to_string(changes).map_err(anyhow::Error::from)?;
    transaction_edit::ActiveModel {
        id: Set(TransactionEditId::new()),
        tenant_id: Set(actor.tenant_id),
        transaction_id: Set(updated.id),
        user_id: Set(actor.user_id),
        changes: Set(changes_json),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(updated)
}

/// Every edit of a record, oldest first.
pub async fn transaction_history(app: &App, actor: &Actor, id: TransactionId) -> Result<Vec<EditView>> {
    load(&app.db, actor, id).await?;
    let rows = transaction_edit::Entity::find()
        .filter(transaction_edit::Column::TenantId.eq(actor.tenant_id))
        .filter(transaction_edit::Column::TransactionId.eq(id))
        .order_by_asc(transaction_edit::Column::CreatedAt)
        .order_by_asc(transaction_edit::Column::Id)
        .all(&app.db)
        .await?;
    rows.into_iter()
        .map(|r| {
            let changes: Vec<FieldChange> = serde_json::from_str(&r.changes).map_err(anyhow::Error::from)?;
            Ok(EditView {
                at: r.created_at,
                user_id: r.user_id,
                changes,
            })
        })
        .collect()
}
