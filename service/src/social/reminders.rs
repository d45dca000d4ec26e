//! IOU reminders (issue 12). An IOU with a due date that is still owed is
//! remembered twice over: the worker reminds its owner (and the linked person
//! when it is shared) on the due date and then once a week while it is
//! overdue; and the owner can send the other person a reminder themself, at
//! most once a day per IOU. Each reminder is a row in `debt_reminders`, unique
//! per debt, day and kind, written in the same transaction as its event: a job
//! that runs twice, or on two workers at once, reminds once.

use super::debts::{DebtView, LIVE, direction_name, find, stored_direction};
use super::{audience, get, query_all, stored_currency};
use crate::db;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::money::Money;
use crate::money::display::format_amount_in;
use crate::outbox::{Event, OutgoingEmail};
use crate::{Actor, App};
use hisaab_entity::social::PeerDebtId;
use hisaab_entity::social::peer_debt::Direction;
use hisaab_entity::{TenantId, UserId};
use sea_orm::{ConnectionTrait, QueryResult, Value};
use serde_json::json;
use time::{Date, OffsetDateTime};

/// While an IOU is overdue, its owner hears about it every this many days.
pub const OVERDUE_EVERY_DAYS: i64 = 7;
/// Debts read per query by the worker's run.
const BATCH: u64 = 200;

/// What one run of the worker's reminders did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReminderRun {
    /// Debts looked at (due today or overdue, still owed).
    pub due: u64,
    /// Reminders sent now (the rest were sent earlier today).
    pub reminded: u64,
}

/// Whether a debt is past its due date and still owed on `today`.
pub fn is_overdue(debt: &DebtView, today: Date) -> bool {
    debt.is_live() && !debt.outstanding.is_zero() && debt.due_date.is_some_and(|due| due < today)
}

/// Whether the worker reminds about a debt due on `due` on `today`.
fn reminds_on(due: Date, today: Date) -> bool {
    let late = (today - due).whole_days();
    late == 0 || (late > 0 && late % OVERDUE_EVERY_DAYS == 0)
}

/// The worker's run for `today`: every live, still-owed IOU due today or
/// overdue by a whole number of weeks gets one reminder (kind `due`), unless
/// it already had one today. Reads in batches, so memory stays flat.
pub async fn remind_due(app: &App, today: Date) -> Result<ReminderRun> {
    let mut run = ReminderRun::default();
    let mut after = uuid::Uuid::nil();
    loop {
        let sql = format!(
            "{DUE_SELECT} AND {LIVE} AND d.due_date IS NOT NULL AND d.due_date <= $1 AND d.id > $2 \
             ORDER BY d.id LIMIT {BATCH}"
        );
        let rows = query_all(&app.db, &sql, vec![Value::from(today), Value::from(after)]).await?;
        for row in &rows {
            let due = Due::read(row)?;
            after = due.id.0;
            if due.outstanding.is_zero() || !reminds_on(due.due_date, today) {
                continue;
            }
            run.due += 1;
            if remind_one(app, &due, today).await? {
                run.reminded += 1;
            }
        }
        if (rows.len() as u64) < BATCH {
            return Ok(run);
        }
    }
}

const DUE_SELECT: &str = "SELECT d.id, d.tenant_id, d.created_by, d.contact_id, c.name AS contact_name, \
     c.linked_user_id, c.share_status, d.direction, d.amount, d.currency, d.due_date, \
     CAST(COALESCE((SELECT SUM(s.amount) FROM settlements s WHERE s.peer_debt_id = d.id AND s.deleted_at IS NULL), 0) AS BIGINT) AS settled \
     FROM peer_debts d JOIN social_contacts c ON c.id = d.contact_id WHERE 1 = 1";

/// A debt as the worker reminds about it (any tenant's).
struct Due {
    id: PeerDebtId,
    tenant_id: TenantId,
    owner: UserId,
    contact_id: uuid::Uuid,
    contact_name: String,
    /// The linked person, when the IOU is shared with them.
    shared_with: Option<uuid::Uuid>,
    direction: Direction,
    outstanding: Money,
    due_date: Date,
}

impl Due {
    fn read(row: &QueryResult) -> Result<Self> {
        let currency = stored_currency(&get::<String>(row, "currency")?)?;
        let owed = get::<i64>(row, "amount")? - get::<i64>(row, "settled")?;
        let linked: Option<uuid::Uuid> = get(row, "linked_user_id")?;
        let shared = get::<String>(row, "share_status")? == "accepted";
        Ok(Self {
            id: PeerDebtId(get(row, "id")?),
            tenant_id: TenantId(get(row, "tenant_id")?),
            owner: UserId(get(row, "created_by")?),
            contact_id: get(row, "contact_id")?,
            contact_name: get(row, "contact_name")?,
            shared_with: linked.filter(|_| shared),
            direction: stored_direction(&get::<String>(row, "direction")?),
            outstanding: Money::from_storage(owed, currency),
            due_date: get(row, "due_date")?,
        })
    }
}

/// Records the day's reminder and its event together; false when one was
/// already recorded today (by an earlier run or another worker).
async fn remind_one(app: &App, due: &Due, today: Date) -> Result<bool> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    if !claim_day(&txn, due.tenant_id, due.id, today, "due", None, now).await? {
        txn.rollback().await?;
        return Ok(false);
    }
    let late = (today - due.due_date).whole_days();
    let data = json!({
        "id": due.id.0, "contact_id": due.contact_id, "contact_name": due.contact_name,
        "direction": direction_name(due.direction), "outstanding": due.outstanding.to_string(),
        "currency": due.outstanding.currency().code(), "due_date": due.due_date.to_string(),
        "days_overdue": late, "kind": "due",
    });
    let mut notify = vec![due.owner.0];
    notify.extend(due.shared_with);
    let mut effects = Effects::system(now);
    effects.outbox(
        Some(due.tenant_id),
        Event::Domain {
            event_type: "debt.reminder".into(),
            notify,
            data,
        },
    );
    txn.commit(&effects).await?;
    Ok(true)
}

/// Inserts the (debt, day, kind) row unless it exists: true when inserted.
async fn claim_day<C: ConnectionTrait>(
    conn: &C,
    tenant: TenantId,
    debt: PeerDebtId,
    day: Date,
    kind: &str,
    sent_by: Option<UserId>,
    now: OffsetDateTime,
) -> Result<bool> {
    let inserted = conn
        .execute_raw(db::stmt(
            conn.get_database_backend(),
            "INSERT INTO debt_reminders (id, tenant_id, debt_id, day, kind, sent_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (debt_id, day, kind) DO NOTHING",
            vec![
                Value::from(uuid::Uuid::now_v7()),
                Value::from(tenant.0),
                Value::from(debt.0),
                Value::from(day),
                Value::from(kind),
                Value::from(sent_by.map(|u| u.0)),
                Value::from(now),
            ],
        ))
        .await?;
    Ok(inserted.rows_affected() > 0)
}

/// Where a reminder the owner sent went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderSent {
    /// The person's name as the owner knows them.
    pub to: String,
    /// `in_app` (a notification to the linked person, who also gets an email)
    /// or `email` (to the contact's address: they have no account here).
    pub channel: &'static str,
    pub sent_at: OffsetDateTime,
}

/// Reminds the other person of an IOU they owe the caller (`lent`, live and
/// still owed): a notification and an email when the IOU is shared with
/// them, otherwise an email to the contact's address. Once a day per IOU.
pub async fn send_debt_reminder(app: &App, actor: &Actor, id: PeerDebtId) -> Result<ReminderSent> {
    let debt = find(&app.db, actor, id).await?;
    if !debt.is_live() {
        return Err(Error::Conflict(
            "This IOU was deleted or corrected: remind about the one that counts.".into(),
        ));
    }
    if debt.direction != Direction::Lent {
        return Err(Error::Conflict(format!(
            "You owe {} on this IOU: there is nobody to remind.",
            debt.contact_name
        )));
    }
    if debt.outstanding.is_zero() {
        return Err(Error::Conflict(
            "This IOU is settled: there is nothing to remind about.".into(),
        ));
    }
    let (linked_email, contact_email, owner_name, linked_locale) = addresses(&app.db, actor, &debt).await?;
    // The linked person's language; an address without an account gets English.
    let locale = Locale::resolve(linked_email.as_ref().and(linked_locale.as_deref()), None);
    let Some(to_email) = linked_email.clone().or(contact_email) else {
        return Err(Error::Conflict(format!(
            "{} has no email address and has not accepted an invitation: add their email on the contact to send reminders.",
            debt.contact_name
        )));
    };
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    if !claim_day(
        &txn,
        actor.tenant_id,
        id,
        now.date(),
        "manual",
        Some(actor.user_id),
        now,
    )
    .await?
    {
        txn.rollback().await?;
        return Err(Error::Conflict(format!(
            "A reminder about this IOU was already sent to {} today. You can send another tomorrow.",
            debt.contact_name
        )));
    }
    let data = json!({
        "id": id.0, "contact_id": debt.contact_id.0, "contact_name": debt.contact_name,
        "direction": direction_name(debt.direction), "outstanding": debt.outstanding.to_string(),
        "currency": debt.outstanding.currency().code(),
        "due_date": debt.due_date.map(|d| d.to_string()), "kind": "manual", "from_name": owner_name,
    });
    let notify = audience(&txn, actor, &data).await?;
    let mut effects = Effects::by(actor, now);
    effects
        .audit("social.debt_reminder_sent", json!({ "debt_id": id.0 }))
        .outbox(
            Some(actor.tenant_id),
            Event::Email(OutgoingEmail {
                to: to_email,
                template: "debt_reminder".into(),
                context: json!({
                    "display_name": debt.contact_name,
                    "owner_name": owner_name,
                    "amount": format_amount_in(&debt.outstanding.to_string(), debt.outstanding.currency().code(), true, locale),
                    "reason": debt.reason,
                    // English keeps the ISO date it always had.
                    "due_date": debt.due_date.map(|d| match locale {
                        Locale::Hi => crate::i18n::format::date(d, locale),
                        Locale::En | Locale::EnIn => d.to_string(),
                    }),
                    "link": linked_email.as_ref().map(|_| app.link("/social")),
                    "locale": locale.tag(),
                }),
            }),
        )
        .event_to("debt.reminder_sent", data, notify);
    txn.commit(&effects).await?;
    Ok(ReminderSent {
        to: debt.contact_name,
        channel: if linked_email.is_some() { "in_app" } else { "email" },
        sent_at: now,
    })
}

/// The linked person's account email (when the IOU is shared with them),
/// the contact's own email, the owner's display name, and the linked
/// person's saved language.
async fn addresses<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    debt: &DebtView,
) -> Result<(Option<String>, Option<String>, String, Option<String>)> {
    let rows = query_all(
        db,
        "SELECT c.email AS contact_email, lu.email AS linked_email, o.display_name AS owner_name, lu.locale AS linked_locale \
         FROM social_contacts c JOIN users o ON o.id = $2 \
         LEFT JOIN users lu ON lu.id = c.linked_user_id AND c.share_status = 'accepted' \
         WHERE c.id = $1 AND c.tenant_id = $3",
        vec![
            Value::from(debt.contact_id.0),
            Value::from(actor.user_id.0),
            Value::from(actor.tenant_id.0),
        ],
    )
    .await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    let blank_is_none = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    Ok((
        blank_is_none(get(row, "linked_email")?),
        blank_is_none(get(row, "contact_email")?),
        get(row, "owner_name")?,
        get(row, "linked_locale")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_worker_reminds_on_the_due_date_and_weekly_after() {
        let due = date!(2026 - 12 - 01);
        assert!(!reminds_on(due, date!(2026 - 11 - 30)));
        assert!(reminds_on(due, due));
        assert!(!reminds_on(due, date!(2026 - 12 - 02)));
        assert!(!reminds_on(due, date!(2026 - 12 - 07)));
        assert!(reminds_on(due, date!(2026 - 12 - 08)));
        assert!(reminds_on(due, date!(2026 - 12 - 15)));
        assert!(!reminds_on(due, date!(2026 - 12 - 16)));
    }
}
