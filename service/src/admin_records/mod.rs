//! What a person owns, as staff read it on the console's user page: one
//! function per tab, each a keyset page of one kind of record.
//!
//! Every read checks the staff role, then reads as the person would: an
//! `Actor` for the target user (their tenant, the plain user role, the
//! staff member's request meta), handed to the same view functions the web
//! app uses where they exist, so staff see exactly what the person sees and
//! nothing of another tenant. Where no view function fits (a whole tenant's
//! group expenses, sessions including ended ones, categories without
//! creating the defaults) a query here reads it, still tenant-scoped and one
//! statement per page. Reads are not audited; CSV downloads are (the page
//! does that with `identity::admin_record_export`).

mod account;
mod finance;
mod social;

pub use account::{SignInRow, audit, sign_ins};
pub use finance::{
    AccountName, CategoryName, RecordNames, accounts, categories, holdings, loans, record_names, transactions,
};
pub use social::{ExpenseRow, GroupRow, contacts, debts, expenses, groups, notifications, settlements};

use crate::error::{Error, Result};
use crate::identity::require_staff;
use crate::pagination::{self, Cursor};
use crate::{Actor, App};
use hisaab_entity::UserId;
use hisaab_entity::user::{self, Role};
use sea_orm::EntityTrait;

/// The person whose records staff are reading, as the view functions take
/// them: never more than a plain user, whatever the person's role, so a
/// read can't reach anything a staff or premium check would open.
async fn owner(app: &App, staff: &Actor, id: UserId) -> Result<Actor> {
    require_staff(staff)?;
    let person = user::Entity::find_by_id(id)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Actor {
        user_id: person.id,
        tenant_id: person.tenant_id,
        role: Role::User,
        meta: staff.meta.clone(),
    })
}

/// The cursor's `(key, id)` for lists this module pages itself.
fn after(cursor: Option<&str>, tag: &str) -> Result<Option<Cursor>> {
    cursor
        .filter(|c| !c.trim().is_empty())
        .map(|c| pagination::decode(c, tag))
        .transpose()
}

fn bad_cursor() -> Error {
    Error::invalid("cursor", "is not a cursor from this list; start again without it")
}

/// Records that a staff member downloaded one of a person's record lists
/// (`tab`, narrowed by `filters`) as `admin.export`, about that person, so
/// it also shows in their security audit. Written before the first row is
/// read, like `identity::admin_record_export`.
pub async fn record_export(
    app: &App,
    staff: &Actor,
    user: UserId,
    tab: &str,
    filters: serde_json::Value,
) -> Result<()> {
    let owner = owner(app, staff, user).await?;
    let txn = crate::db::begin_write(&app.db).await?;
    let mut effects = crate::effects::Effects::by(staff, app.now());
    effects.audit_entry(crate::audit::Entry {
        action: "admin.export",
        tenant_id: Some(owner.tenant_id),
        actor_user_id: Some(staff.user_id),
        subject_user_id: Some(owner.user_id),
        details: serde_json::json!({ "list": format!("user.{tab}"), "user_id": user.to_string(), "filters": filters }),
        meta: &staff.meta,
    });
    txn.commit(&effects).await?;
    Ok(())
}
