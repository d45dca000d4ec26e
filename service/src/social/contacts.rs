//! Contacts: the people you share money with.

use crate::actor::Actor;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::pagination::{self, Cursor, Page};
use crate::{App, db};
use hisaab_entity::social::ContactId;
use hisaab_entity::social::contact;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ContactInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
}

/// A partial change: `None` leaves a field alone; `Some("")` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    pub archived: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactView {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    /// One or two letters for the avatar.
    pub initials: String,
    pub archived: bool,
    /// not_shared, pending (invited) or accepted (linked to a registered user).
    pub share_status: String,
    pub created_at: OffsetDateTime,
}

impl From<contact::Model> for ContactView {
    fn from(c: contact::Model) -> Self {
        Self {
            id: c.id,
            initials: initials(&c.name),
            name: c.name,
            email: c.email,
            phone: c.phone,
            notes: c.notes,
            archived: c.archived_at.is_some(),
            share_status: c.share_status,
            created_at: c.created_at,
        }
    }
}

/// The first letters of the first and last words: "Asha Rao" → "AR".
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => "?".into(),
        [one] => first(one),
        [a, .., b] => first(a) + &first(b),
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ContactFilter {
    /// Matches name, email or phone (case-insensitive).
    pub q: Option<String>,
    /// Archived contacts instead of active ones.
    pub archived: bool,
    #[serde(skip)]
    pub cursor: Option<String>,
    #[serde(skip)]
    pub limit: Option<u64>,
}

struct Checked {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    notes: Option<String>,
}

fn check(input: &ContactInput) -> Result<Checked> {
    let mut p = Problems::default();
    let name = p.text("name", "a name", &input.name, 100);
    let email = match p.optional_text("email", "the email address", input.email.as_deref(), 254) {
        Some(Some(e)) => p.email("email", &e).map(Some),
        other => other,
    };
    let phone = match p.optional_text("phone", "the phone number", input.phone.as_deref(), 40) {
        Some(Some(ph)) if !ph.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) => {
            p.add(
                "phone",
                "Enter a phone number with digits, spaces and + - ( ) only.",
            );
            None
        }
        other => other,
    };
    let notes = p.optional_text("notes", "the notes", input.notes.as_deref(), 2000);
    let (name, email, phone, notes) = p.finish_with((name, email, phone, notes))?;
    Ok(Checked {
        name,
        email,
        phone,
        notes,
    })
}

pub async fn create_contact(app: &App, actor: &Actor, input: ContactInput) -> Result<ContactView> {
    let c = check(&input)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let model = contact::ActiveModel {
        id: Set(ContactId::new()),
        tenant_id: Set(actor.tenant_id),
        name: Set(c.name),
        email: Set(c.email),
        phone: Set(c.phone),
        notes: Set(c.notes),
        linked_user_id: Set(None),
        share_status: Set("not_shared".into()),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let data = json!({ "id": model.id.0, "name": model.name });
    txn.commit(
        Effects::by(actor, now)
            .audit("social.contact_created", json!({ "contact_id": model.id.0 }))
            .event("contact.created", data),
    )
    .await?;
    Ok(model.into())
}

/// A new contact with just a name (checked by the caller), inserted in the
/// caller's write (adding a new person to a group); the caller records its effects.
pub(crate) async fn insert_named<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    name: String,
    now: OffsetDateTime,
) -> Result<contact::Model> {
    Ok(contact::ActiveModel {
        id: Set(ContactId::new()),
        tenant_id: Set(actor.tenant_id),
        name: Set(name),
        email: Set(None),
        phone: Set(None),
        notes: Set(None),
        linked_user_id: Set(None),
        share_status: Set("not_shared".into()),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?)
}

/// The contact if it is the actor's; `NotFound` otherwise.
pub(crate) async fn find<C: ConnectionTrait>(db: &C, actor: &Actor, id: ContactId) -> Result<contact::Model> {
    contact::Entity::find_by_id(id)
        .filter(contact::Column::TenantId.eq(actor.tenant_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn get_contact(app: &App, actor: &Actor, id: ContactId) -> Result<ContactView> {
    Ok(find(&app.db, actor, id).await?.into())
}

/// Contacts by name, `limit` at a time.
pub async fn list_contacts(app: &App, actor: &Actor, filter: ContactFilter) -> Result<Page<ContactView>> {
    let limit = pagination::limit(filter.limit)?;
    let q = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| q.to_lowercase());
    if q.as_ref()
        .is_some_and(|q| q.chars().count() > 100 || q.chars().any(char::is_control))
    {
        return Err(Error::invalid(
            "q",
            "Search for at most 100 characters of plain text.",
        ));
    }
    let tag = pagination::filter_tag(&(&q, filter.archived));
    let mut query = contact::Entity::find().filter(contact::Column::TenantId.eq(actor.tenant_id));
    query = if filter.archived {
        query.filter(contact::Column::ArchivedAt.is_not_null())
    } else {
        query.filter(contact::Column::ArchivedAt.is_null())
    };
    if let Some(q) = &q {
        let like = format!(
            "%{}%",
            q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
        );
        let lower = |col: contact::Column| {
            sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(sea_orm::sea_query::Expr::col(
                col,
            )))
        };
        use sea_orm::sea_query::ExprTrait;
        query = query.filter(
            Condition::any()
                .add(lower(contact::Column::Name).like(sea_orm::sea_query::LikeExpr::new(&like).escape('\\')))
                .add(
                    lower(contact::Column::Email).like(sea_orm::sea_query::LikeExpr::new(&like).escape('\\')),
                )
                .add(contact::Column::Phone.like(sea_orm::sea_query::LikeExpr::new(&like).escape('\\'))),
        );
    }
    if let Some(text) = &filter.cursor {
        let Cursor { key, id } = pagination::decode(text, &tag)?;
        let id: ContactId = id.parse().map_err(|_| {
            Error::invalid("cursor", "is not a cursor from this list; start again without it")
        })?;
        query = query.filter(
            Condition::any().add(contact::Column::Name.gt(key.clone())).add(
                Condition::all()
                    .add(contact::Column::Name.eq(key))
                    .add(contact::Column::Id.gt(id)),
            ),
        );
    }
    let rows: Vec<contact::Model> = crate::db::all_limited(
        &app.db,
        query
            .order_by_asc(contact::Column::Name)
            .order_by_asc(contact::Column::Id),
        limit + 1,
    )
    .await?;
    let page = Page::from_rows(rows, limit, &tag, |c| Cursor {
        key: c.name.clone(),
        id: c.id.to_string(),
    });
    Ok(page.map(ContactView::from))
}

pub async fn update_contact(
    app: &App,
    actor: &Actor,
    id: ContactId,
    patch: ContactPatch,
) -> Result<ContactView> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let current = find(&txn, actor, id).await?;
    let merged = ContactInput {
        name: patch.name.clone().unwrap_or_else(|| current.name.clone()),
        email: patch.email.clone().or_else(|| current.email.clone()),
        phone: patch.phone.clone().or_else(|| current.phone.clone()),
        notes: patch.notes.clone().or_else(|| current.notes.clone()),
    };
    let c = check(&merged)?;
    let mut model: contact::ActiveModel = current.clone().into();
    model.name = Set(c.name);
    model.email = Set(c.email);
    model.phone = Set(c.phone);
    model.notes = Set(c.notes);
    if let Some(archived) = patch.archived {
        model.archived_at = Set(if archived {
            current.archived_at.or(Some(now))
        } else {
            None
        });
    }
    model.updated_at = Set(now);
    let updated = model.update(&txn).await?;
    let data = json!({ "id": id.0, "name": updated.name, "archived": updated.archived_at.is_some() });
    txn.commit(
        Effects::by(actor, now)
            .audit("social.contact_updated", json!({ "contact_id": id.0 }))
            .event("contact.changed", data),
    )
    .await?;
    Ok(updated.into())
}

/// Archives a contact (history and balances are kept; `update_contact` with
/// `archived: false` brings it back).
pub async fn archive_contact(app: &App, actor: &Actor, id: ContactId) -> Result<ContactView> {
    update_contact(
        app,
        actor,
        id,
        ContactPatch {
            archived: Some(true),
            ..Default::default()
        },
    )
    .await
}
