//! Deleting an account (issue 14, ADR 0026). The owner asks with their
//! password (and a code when two-factor sign-in is on); every session and
//! API sign-in ends and a grace period of `deletion_grace_days` starts.
//! Signing in during it cancels the deletion. After it, the worker's
//! retention run erases the account ([`erase_due`]):
//!
//! - private records go: finance (accounts, transactions, categories, …),
//!   contacts and groups nobody else sees, debts with unlinked contacts,
//!   notifications, sessions, tokens, two-factor secrets, preferences;
//! - what is shared with others stays as it is for them: a group with a
//!   linked member keeps its members, expenses, settlements and balances,
//!   and a debt with a linked contact stays (they see it mirrored). The
//!   person shows as "Former member" (their user row keeps its id with a
//!   made-up address, the name "Former member" and no password);
//! - audit entries about them lose their address, user agent, email and name;
//! - an `account_erasures` row records that it was done (id and dates only).
//!
//! Contacts other people made for this person are theirs and are not touched.

use super::two_factor::confirm_identity;
use crate::audit::Entry;
use crate::effects::Effects;
use crate::error::Result;
use crate::i18n::Locale;
use crate::outbox::{Event, OutgoingEmail};
use crate::{Actor, App, RequestMeta, db};
use hisaab_entity::{UserId, account_deletion, account_erasure, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Value,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};

/// What others see where the person's name was.
pub const FORMER_MEMBER: &str = "Former member";
/// Accounts erased per retention run at most (each is one transaction).
pub const ERASE_BATCH: u64 = 50;

/// A scheduled deletion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeletionView {
    pub requested_at: OffsetDateTime,
    /// When the grace period ends and the account is erased.
    pub deletion_scheduled_at: OffsetDateTime,
}

impl From<account_deletion::Model> for DeletionView {
    fn from(m: account_deletion::Model) -> Self {
        Self {
            requested_at: m.requested_at,
            deletion_scheduled_at: m.erase_after,
        }
    }
}

/// A date as emails and pages say it, in `locale`: `20 December 2026`,
/// `20 दिसंबर 2026`.
pub fn long_date(at: OffsetDateTime, locale: Locale) -> String {
    crate::i18n::format::long_date(at.date(), locale)
}

/// Schedules the deletion of the signed-in person's account: checks the
/// password (and `code` when two-factor sign-in is on), ends every session
/// and API sign-in (this one too), and emails them the date with how to
/// cancel. Asking again while one is scheduled keeps the first date.
pub async fn request_account_deletion(
    app: &App,
    actor: &Actor,
    password_text: &str,
    code: Option<&str>,
) -> Result<DeletionView> {
    let (user, txn) = confirm_identity(app, actor, password_text, code).await?;
    let now = app.now();
    let existing = account_deletion::Entity::find_by_id(user.id).one(&txn).await?;
    let row = match existing {
        Some(row) => row,
        None => {
            account_deletion::ActiveModel {
                user_id: Set(user.id),
                requested_at: Set(now),
                erase_after: Set(now + Duration::days(i64::from(app.settings.deletion_grace_days))),
            }
            .insert(&txn)
            .await?
        }
    };
    let ended = super::sessions::end_all_sign_ins(&txn, user.id, now).await?;
    let view = DeletionView::from(row);
    let mut effects = Effects::by(actor, now);
    effects
        .audit(
            "account.deletion_requested",
            json!({
                "erase_after": view.deletion_scheduled_at.unix_timestamp(),
                "sessions_ended": ended.sessions,
                "api_sign_ins_ended": ended.api_sign_ins,
            }),
        )
        .outbox(
            Some(user.tenant_id),
            Event::Email(OutgoingEmail {
                to: user.email.clone(),
                template: "account_deletion_requested".into(),
                context: json!({
                    "display_name": user.display_name,
                    "erase_on": long_date(view.deletion_scheduled_at, Locale::resolve(user.locale.as_deref(), None)),
                    "login_link": app.link("/login"),
                    "grace_days": app.settings.deletion_grace_days,
                    "locale": user.locale,
                }),
            }),
        );
    txn.commit(&effects).await?;
    super::revocation::sign_ins_ended(app, user.id).await;
    Ok(view)
}

/// The person's scheduled deletion, if any.
pub async fn account_deletion_status(app: &App, actor: &Actor) -> Result<Option<DeletionView>> {
    Ok(account_deletion::Entity::find_by_id(actor.user_id)
        .one(&app.db)
        .await?
        .map(DeletionView::from))
}

/// Part of every successful sign-in (web, API, console): a scheduled
/// deletion is cancelled, audited and the person emailed. Runs in the
/// sign-in's transaction; true when there was one.
pub(super) async fn cancel_on_sign_in<C: ConnectionTrait>(
    app: &App,
    db: &C,
    user: &user::Model,
    meta: &RequestMeta,
    effects: &mut Effects,
) -> Result<bool> {
    let res = account_deletion::Entity::delete_many()
        .filter(account_deletion::Column::UserId.eq(user.id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Ok(false);
    }
    effects
        .audit_entry(Entry {
            action: "account.deletion_cancelled",
            tenant_id: Some(user.tenant_id),
            actor_user_id: Some(user.id),
            subject_user_id: Some(user.id),
            details: json!({ "by": "sign_in" }),
            meta,
        })
        .outbox(
            Some(user.tenant_id),
            Event::Email(OutgoingEmail {
                to: user.email.clone(),
                template: "account_deletion_cancelled".into(),
                context: json!({
                    "display_name": user.display_name,
                    "settings_link": app.link("/settings/data"),
                    "locale": user.locale,
                }),
            }),
        );
    Ok(true)
}

/// Erases the accounts whose grace period ended by `as_of`, at most
/// [`ERASE_BATCH`] per run (the rest at the next). A dry run counts them.
pub async fn erase_due(app: &App, as_of: OffsetDateTime, dry_run: bool) -> Result<u64> {
    let due = account_deletion::Entity::find()
        .filter(account_deletion::Column::EraseAfter.lte(as_of))
        .order_by_asc(account_deletion::Column::EraseAfter);
    if dry_run {
        return Ok(due.count(&app.db).await?.min(ERASE_BATCH));
    }
    let rows = due.limit(ERASE_BATCH).all(&app.db).await?;
    let mut erased = 0;
    for row in rows {
        if erase_account(app, row.user_id, as_of).await? {
            erased += 1;
            tracing::info!(user_id = %row.user_id, "account erased");
        }
    }
    Ok(erased)
}

/// Erases one account whose deletion is due, in one transaction. False when
/// there is nothing to do (cancelled meanwhile, or already erased).
pub async fn erase_account(app: &App, user_id: UserId, as_of: OffsetDateTime) -> Result<bool> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    // Re-read inside the transaction: a sign-in may just have cancelled it.
    let Some(request) = account_deletion::Entity::find_by_id(user_id)
        .filter(account_deletion::Column::EraseAfter.lte(as_of))
        .one(&txn)
        .await?
    else {
        return Ok(false);
    };
    let Some(person) = user::Entity::find_by_id(user_id).one(&txn).await? else {
        return Ok(false);
    };
    let backend = txn.get_database_backend();
    let tenant = Value::from(person.tenant_id.0);
    let uid = Value::from(person.id.0);
    let run = async |sql: &str, values: Vec<Value>| -> Result<u64> {
        Ok(txn
            .execute_raw(db::stmt(backend, sql, values))
            .await?
            .rows_affected())
    };

    // What others can see: groups with a linked member (current or former),
    // and contacts that are linked or are members of such a group.
    const SHARED_GROUPS: &str = "SELECT m.group_id FROM expense_group_members m \
        JOIN social_contacts c ON c.id = m.contact_id \
        WHERE m.tenant_id = $1 AND c.linked_user_id IS NOT NULL";
    const LINKED_CONTACTS: &str =
        "SELECT id FROM social_contacts WHERE tenant_id = $1 AND linked_user_id IS NOT NULL";
    let kept_contacts = format!(
        "SELECT id FROM social_contacts WHERE tenant_id = $1 AND (linked_user_id IS NOT NULL OR id IN \
         (SELECT contact_id FROM expense_group_members WHERE contact_id IS NOT NULL AND group_id IN ({SHARED_GROUPS})))"
    );
    let t = || vec![tenant.clone()];

    // Social: private groups (their expenses, lines, settlements and
    // balances go with them), debts with unlinked contacts, activity nobody
    // else sees, contact groups, invitations, unshared contacts.
    run(
        &format!("DELETE FROM expense_groups WHERE tenant_id = $1 AND id NOT IN ({SHARED_GROUPS})"),
        t(),
    )
    .await?;
    run(
        &format!("DELETE FROM peer_debts WHERE tenant_id = $1 AND contact_id NOT IN ({LINKED_CONTACTS})"),
        t(),
    )
    .await?;
    run(
        &format!(
            "DELETE FROM social_activity WHERE tenant_id = $1 \
             AND (group_id IS NULL OR group_id NOT IN ({SHARED_GROUPS})) \
             AND (contact_id IS NULL OR contact_id NOT IN ({LINKED_CONTACTS}))"
        ),
        t(),
    )
    .await?;
    // Their exports (the files go once this commits), imports and mappings.
    let export_files = crate::exports::file_keys_of(&txn, person.id).await?;
    for table in ["exports", "imports", "bank_import_mappings"] {
        run(&format!("DELETE FROM {table} WHERE tenant_id = $1"), t()).await?;
    }
    for table in ["contact_groups", "social_invitations", "debt_reminders"] {
        run(&format!("DELETE FROM {table} WHERE tenant_id = $1"), t()).await?;
    }
    run(
        &format!("DELETE FROM social_contacts WHERE tenant_id = $1 AND id NOT IN ({kept_contacts})"),
        t(),
    )
    .await?;
    // The kept contacts' private details (their address, phone, notes)
    // were the deleted person's notes; the name stays, others see it.
    run(
        "UPDATE social_contacts SET email = NULL, phone = NULL, notes = NULL WHERE tenant_id = $1",
        t(),
    )
    .await?;
    // The owner's own member line in a shared group.
    run(
        "UPDATE expense_group_members SET name = $2 WHERE tenant_id = $1 AND contact_id IS NULL",
        vec![tenant.clone(), FORMER_MEMBER.into()],
    )
    .await?;

    // Personal finance: all of it is private (children first).
    for table in [
        "fin_transaction_edits",
        "fin_account_month_totals",
        "fin_transactions",
        "fin_transfers",
        "fin_accounts",
        "fin_categories",
        "fin_exchange_rates",
        "fin_holding_values",
        "fin_holdings",
        "fin_loan_payments",
        "fin_loans",
        "fin_setup",
    ] {
        run(&format!("DELETE FROM {table} WHERE tenant_id = $1"), t()).await?;
    }

    // Identity: sign-ins, secrets, notifications, preferences.
    for table in [
        "sessions",
        "refresh_token_families",
        "email_tokens",
        "user_totp",
        "recovery_codes",
        "pending_sign_ins",
        "notification_emails",
        "notification_preferences",
        "notification_settings",
        "notifications",
        "idempotency_keys",
        "view_revisions",
    ] {
        run(
            &format!("DELETE FROM {table} WHERE user_id = $1"),
            vec![uid.clone()],
        )
        .await?;
    }

    // Outbox: what was sent for this tenant, and any event (of anyone's)
    // still holding their address: an email's payload names its recipient.
    run(
        "DELETE FROM outbox WHERE tenant_id = $1 AND dispatched_at IS NOT NULL",
        t(),
    )
    .await?;
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let pattern = format!(
        "%{}%",
        quoted(&person.email)
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    run(
        "DELETE FROM outbox WHERE payload LIKE $1 ESCAPE '\\'",
        vec![pattern.into()],
    )
    .await?;

    // Audit entries about them keep what happened, not who or from where.
    let pseudonym = format!("erased-{}@erased.invalid", person.id);
    run(
        "UPDATE audit_log SET ip = NULL, user_agent = NULL, \
         details = REPLACE(REPLACE(details, $3, $4), $5, $6) \
         WHERE actor_user_id = $1 OR subject_user_id = $1 OR tenant_id = $2",
        vec![
            uid.clone(),
            tenant.clone(),
            quoted(&person.email).into(),
            quoted(&pseudonym).into(),
            quoted(&person.display_name).into(),
            quoted(FORMER_MEMBER).into(),
        ],
    )
    .await?;

    // The tombstone: the id others' records point at, nothing personal.
    run(
        "UPDATE tenants SET name = $2 WHERE id = $1",
        vec![tenant.clone(), FORMER_MEMBER.into()],
    )
    .await?;
    let mut tombstone: user::ActiveModel = person.clone().into();
    tombstone.email = Set(pseudonym);
    tombstone.display_name = Set(FORMER_MEMBER.into());
    // Not a hash any password verifies against.
    tombstone.password_hash = Set("!erased".into());
    tombstone.email_verified = Set(false);
    tombstone.email_verified_at = Set(None);
    tombstone.failed_login_count = Set(0);
    tombstone.locked_until = Set(Some(OffsetDateTime::new_utc(
        time::Date::from_calendar_date(9999, time::Month::January, 1).expect("a valid date"),
        time::Time::MIDNIGHT,
    )));
    tombstone.updated_at = Set(now);
    tombstone.update(&txn).await?;

    // Everyone who sees something of theirs has cached views naming them
    // (ADR 0014): the people linked from their contacts, and the owners of
    // contacts linked to them.
    let viewers = db::query_all(
        &txn,
        "SELECT linked_user_id AS id FROM social_contacts WHERE tenant_id = $1 AND linked_user_id IS NOT NULL \
         UNION SELECT u.id AS id FROM users u JOIN social_contacts c ON c.tenant_id = u.tenant_id \
         WHERE c.linked_user_id = $2",
        vec![tenant.clone(), uid.clone()],
    )
    .await?
    .iter()
    .map(|row| db::get::<uuid::Uuid>(row, "id"))
    .collect::<Result<Vec<_>>>()?;
    if let Some((sql, values)) = crate::view_cache::bump_sql(&viewers, 1) {
        run(&sql, values).await?;
    }

    account_deletion::Entity::delete_by_id(person.id)
        .exec(&txn)
        .await?;
    account_erasure::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        user_id: Set(person.id),
        requested_at: Set(request.requested_at),
        erased_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let mut effects = Effects::system(now);
    effects.audit_entry(Entry {
        action: "account.erased",
        tenant_id: Some(person.tenant_id),
        actor_user_id: None,
        subject_user_id: Some(person.id),
        details: json!({ "requested_at": request.requested_at.unix_timestamp() }),
        meta: &RequestMeta::default(),
    });
    txn.commit(&effects).await?;
    if let Err(e) = crate::exports::remove_files(app, export_files).await {
        // The rows are gone; a file left behind names no one in the database.
        tracing::warn!(error = %e, user_id = %person.id, "could not remove an erased person's export files");
    }
    super::revocation::sign_ins_ended(app, person.id).await;
    Ok(true)
}

/// Whether an account was erased (and when).
pub async fn erased_at(app: &App, user_id: UserId) -> Result<Option<OffsetDateTime>> {
    Ok(account_erasure::Entity::find()
        .filter(account_erasure::Column::UserId.eq(user_id))
        .one(&app.db)
        .await?
        .map(|e| e.erased_at))
}
