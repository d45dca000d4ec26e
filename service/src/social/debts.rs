//! Peer debts (udhaar / IOUs): "I lent" and "I borrowed", settled in parts.
//! What is outstanding is always `amount − SUM(settlements)`, in SQL.

use super::activity::{Line, Said};
use super::ledger::Posting;
use super::{contacts, get, query_all, stored_currency, tenant_value};
use crate::App;
use crate::actor::Actor;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::finance::{AccountId, FlowKind};
use crate::idempotency::{self, Done, Outcome};
use crate::input::{Problems, Sign, iso_date};
use crate::money::Money;
use crate::pagination::{self, Cursor, Page};
use hisaab_entity::social::peer_debt::{self, Direction};
use hisaab_entity::social::{ContactId, PeerDebtId};
use sea_orm::{ActiveModelTrait, ConnectionTrait, QueryResult, Set, Value};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DebtInput {
    pub contact_id: String,
    /// `lent` or `borrowed`.
    pub direction: String,
    pub amount: String,
    pub currency: String,
    pub date: String,
    pub reason: Option<String>,
    pub due_date: Option<String>,
    /// The account the money left (lent) or arrived in (borrowed).
    #[serde(default)]
    pub account_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebtStatus {
    Open,
    PartiallySettled,
    Settled,
}

impl DebtStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::PartiallySettled => "partially_settled",
            Self::Settled => "settled",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DebtView {
    pub id: PeerDebtId,
    pub contact_id: ContactId,
    pub contact_name: String,
    pub direction: Direction,
    pub amount: Money,
    pub settled: Money,
    pub outstanding: Money,
    pub status: DebtStatus,
    pub date: Date,
    pub reason: Option<String>,
    pub due_date: Option<Date>,
    pub notes: Option<String>,
    /// 1, then +1 on every change (see `etag`).
    pub version: i32,
    /// Deleted (restorable): it counts nowhere until restored.
    pub deleted: bool,
    /// The debt this one corrected.
    pub replaces_id: Option<PeerDebtId>,
    /// Set once this debt was corrected: it is reversed and counts nowhere.
    pub replaced_by_id: Option<PeerDebtId>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl DebtView {
    pub fn direction_name(&self) -> &'static str {
        direction_name(self.direction)
    }

    /// The strong ETag `If-Match` compares with: `"<id>-<version>"`.
    pub fn etag(&self) -> String {
        etag(self.id, self.version)
    }

    /// Neither deleted nor corrected: it counts in balances and can be changed.
    pub fn is_live(&self) -> bool {
        !self.deleted && self.replaced_by_id.is_none()
    }
}

pub(crate) fn etag(id: PeerDebtId, version: i32) -> String {
    format!("\"{id}-{version}\"")
}

/// A direction as stored (`lent`, else `borrowed`).
pub(crate) fn stored_direction(stored: &str) -> Direction {
    match stored {
        "lent" => Direction::Lent,
        _ => Direction::Borrowed,
    }
}

pub fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Lent => "lent",
        Direction::Borrowed => "borrowed",
    }
}

#[derive(Clone, Debug, Default)]
pub struct DebtFilter {
    pub contact_id: Option<ContactId>,
    /// `open` (open or partially settled), `settled`, or everything.
    pub status: Option<String>,
    /// Deleted (restorable) debts instead of live ones.
    pub deleted: bool,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

/// Records an IOU. With an `Idempotency-Key`, a retry returns the same debt.
pub async fn record_debt(
    app: &App,
    actor: &Actor,
    key: Option<&str>,
    input: DebtInput,
) -> Result<Outcome<DebtView>> {
    let mut p = Problems::default();
    let contact_id: Option<ContactId> = p.id("contact_id", &input.contact_id);
    let direction = p.choice(
        "direction",
        &input.direction,
        &[("lent", Direction::Lent), ("borrowed", Direction::Borrowed)],
    );
    let currency = p.currency("currency", &input.currency);
    let amount = p.amount("amount", &input.amount, currency, Sign::Positive);
    let date = p.date("date", &input.date);
    let reason = p.optional_text("reason", "the reason", input.reason.as_deref(), 500);
    let due_date = p.optional_date("due_date", input.due_date.as_deref());
    if let (Some(d), Some(Some(due))) = (date, due_date)
        && due < d
    {
        p.add("due_date", "The due date can't be before the date of the debt.");
    }
    let (contact_id, direction, amount, date, reason, due_date) =
        p.finish_with((contact_id, direction, amount, date, reason, due_date))?;
    // A contact that isn't the caller's is a 404 before anything is written.
    let contact = contacts::find(&app.db, actor, contact_id).await?;
    let account_id = super::ledger::account(
        &app.db,
        actor,
        "account_id",
        input.account_id.as_deref(),
        amount.currency(),
    )
    .await?;
    let now = app.now();
    let who = actor.clone();
    let (outcome, _) = idempotency::run(app, actor, key, "social.record_debt", &input, move |txn| {
        Box::pin(async move {
            let id = PeerDebtId::new();
            peer_debt::ActiveModel {
                id: Set(id),
                tenant_id: Set(who.tenant_id),
                contact_id: Set(contact.id),
                direction: Set(direction),
                amount: Set(amount.to_storage()),
                currency: Set(amount.currency().code().to_string()),
                date: Set(date),
                reason: Set(reason.clone()),
                due_date: Set(due_date),
                created_by: Set(who.user_id),
                created_at: Set(now),
                notes: Set(None),
                version: Set(1),
                deleted_at: Set(None),
                updated_at: Set(Some(now)),
                replaces_id: Set(None),
                replaced_by_id: Set(None),
            }
            .insert(txn)
            .await?;
            let mut effects = Effects::by(&who, now);
            if let Some(account_id) = account_id {
                let posting = posting(account_id, direction, amount, date, &contact.name);
                super::ledger::post(txn, &who, now, id.0, posting, &mut effects).await?;
            }
            let summary = format!("{} {} {}", if direction == Direction::Lent { "You lent" } else { "You borrowed" }, amount, amount.currency());
            let data = json!({
                "id": id.0, "contact_id": contact.id.0, "direction": direction_name(direction),
                "amount": amount.to_string(), "currency": amount.currency().code(), "outstanding": amount.to_string(), "status": "open",
                "contact_name": contact.name,
            });
            let notify = super::audience(txn, &who, &data).await?;
            effects
                .audit("social.debt_recorded", json!({ "debt_id": id.0 }))
                .activity(Line { group_id: None, contact_id: Some(contact.id), subject_id: Some(id.0), action: "debt.recorded", summary: &summary, details: json!({}), said: vec![Said::new(if direction == Direction::Lent { "act-debt-lent" } else { "act-debt-borrowed" }).money("amount", amount)] })
                .event_to("debt.recorded", data, notify);
            Ok(Done::new(id.0, effects))
        })
    })
    .await?;
    let view = get_debt(app, actor, PeerDebtId(outcome.value)).await?;
    Ok(Outcome {
        value: view,
        replayed: outcome.replayed,
    })
}

/// The account's side of a debt: lending takes the money out, borrowing puts
/// it in (outside cash flow: neither is income or expense).
pub(super) fn posting(
    account_id: AccountId,
    direction: Direction,
    amount: Money,
    date: Date,
    name: &str,
) -> Posting {
    let (kind, description) = match direction {
        Direction::Lent => (FlowKind::Expense, format!("Lent to {name}")),
        Direction::Borrowed => (FlowKind::Income, format!("Borrowed from {name}")),
    };
    Posting {
        account_id,
        kind,
        amount,
        date,
        description,
        category_id: None,
        outside_flow: true,
    }
}

/// A debt (`d`) that counts: neither deleted nor corrected (ADR 0016).
pub(crate) const LIVE: &str = "d.deleted_at IS NULL AND d.replaced_by_id IS NULL";

const SELECT: &str = "SELECT d.id, d.contact_id, c.name AS contact_name, d.direction, d.amount, d.currency, d.date, d.reason, d.due_date, d.created_at, \
     d.notes, d.version, d.deleted_at, d.updated_at, d.replaces_id, d.replaced_by_id, \
     CAST(COALESCE((SELECT SUM(s.amount) FROM settlements s WHERE s.peer_debt_id = d.id AND s.deleted_at IS NULL), 0) AS BIGINT) AS settled \
     FROM peer_debts d JOIN social_contacts c ON c.id = d.contact_id WHERE d.tenant_id = $1";

pub(super) fn view(row: &QueryResult) -> Result<DebtView> {
    let currency = stored_currency(&get::<String>(row, "currency")?)?;
    let amount = Money::from_storage(get(row, "amount")?, currency);
    let settled = Money::from_storage(get(row, "settled")?, currency);
    let outstanding = Money::from_storage(get::<i64>(row, "amount")? - get::<i64>(row, "settled")?, currency);
    let status = if outstanding.is_zero() {
        DebtStatus::Settled
    } else if settled.is_zero() {
        DebtStatus::Open
    } else {
        DebtStatus::PartiallySettled
    };
    let created_at: OffsetDateTime = get(row, "created_at")?;
    let direction = stored_direction(&get::<String>(row, "direction")?);
    Ok(DebtView {
        id: PeerDebtId(get(row, "id")?),
        contact_id: ContactId(get(row, "contact_id")?),
        contact_name: get(row, "contact_name")?,
        direction,
        amount,
        settled,
        outstanding,
        status,
        date: get(row, "date")?,
        reason: get(row, "reason")?,
        due_date: get(row, "due_date")?,
        notes: get(row, "notes")?,
        version: get(row, "version")?,
        deleted: get::<Option<OffsetDateTime>>(row, "deleted_at")?.is_some(),
        replaces_id: get::<Option<uuid::Uuid>>(row, "replaces_id")?.map(PeerDebtId),
        replaced_by_id: get::<Option<uuid::Uuid>>(row, "replaced_by_id")?.map(PeerDebtId),
        created_at: get(row, "created_at")?,
        updated_at: get::<Option<OffsetDateTime>>(row, "updated_at")?.unwrap_or(created_at),
    })
}

/// A debt of the actor's tenant, live or not.
pub(crate) async fn find<C: ConnectionTrait>(db: &C, actor: &Actor, id: PeerDebtId) -> Result<DebtView> {
    let sql = format!("{SELECT} AND d.id = $2");
    let rows = query_all(db, &sql, vec![tenant_value(actor.tenant_id), Value::from(id.0)]).await?;
    rows.first().map(view).transpose()?.ok_or(Error::NotFound)
}

/// A debt of yours, or one shared with you (mirrored: their "lent" is your
/// "borrowed", and the other person is named).
pub async fn get_debt(app: &App, actor: &Actor, id: PeerDebtId) -> Result<DebtView> {
    match find(&app.db, actor, id).await {
        Err(Error::NotFound) => {
            let sql = format!("{SHARED_SELECT} AND d.id = $2");
            let rows = query_all(
                &app.db,
                &sql,
                vec![Value::from(actor.user_id.0), Value::from(id.0)],
            )
            .await?;
            rows.first().map(mirrored).transpose()?.ok_or(Error::NotFound)
        }
        other => other,
    }
}

/// Your IOUs past their due date and still owed, the longest overdue first
/// (at most 50: the page lists them, the contact pages have the rest).
pub async fn overdue_debts(app: &App, actor: &Actor, today: Date) -> Result<Vec<DebtView>> {
    let sql = format!(
        "{SELECT} AND {LIVE} AND d.due_date IS NOT NULL AND d.due_date < $2 \
         AND d.amount > COALESCE((SELECT SUM(s.amount) FROM settlements s WHERE s.peer_debt_id = d.id AND s.deleted_at IS NULL), 0) \
         ORDER BY d.due_date, d.id LIMIT 50"
    );
    query_all(
        &app.db,
        &sql,
        vec![tenant_value(actor.tenant_id), Value::from(today)],
    )
    .await?
    .iter()
    .map(view)
    .collect()
}

/// Debts other people recorded with you, after you accepted their invitation.
pub async fn shared_debts(app: &App, actor: &Actor) -> Result<Vec<DebtView>> {
    let sql = format!("{SHARED_SELECT} AND {LIVE} ORDER BY d.date DESC, d.id DESC LIMIT 200");
    query_all(&app.db, &sql, vec![Value::from(actor.user_id.0)])
        .await?
        .iter()
        .map(mirrored)
        .collect()
}

const SHARED_SELECT: &str = "SELECT d.id, d.contact_id, u.display_name AS contact_name, d.direction, d.amount, d.currency, d.date, d.reason, d.due_date, d.created_at, \
     d.notes, d.version, d.deleted_at, d.updated_at, d.replaces_id, d.replaced_by_id, \
     CAST(COALESCE((SELECT SUM(s.amount) FROM settlements s WHERE s.peer_debt_id = d.id AND s.deleted_at IS NULL), 0) AS BIGINT) AS settled \
     FROM peer_debts d JOIN social_contacts c ON c.id = d.contact_id JOIN users u ON u.id = d.created_by \
     WHERE c.linked_user_id = $1 AND c.share_status = 'accepted'";

fn mirrored(row: &QueryResult) -> Result<DebtView> {
    let mut v = view(row)?;
    v.direction = match v.direction {
        Direction::Lent => Direction::Borrowed,
        Direction::Borrowed => Direction::Lent,
    };
    Ok(v)
}

/// Debts, newest first.
pub async fn list_debts(app: &App, actor: &Actor, filter: DebtFilter) -> Result<Page<DebtView>> {
    let limit = pagination::limit(filter.limit)?;
    let tag = pagination::filter_tag(&(filter.contact_id.map(|c| c.0), &filter.status, filter.deleted));
    let mut sql = if filter.deleted {
        format!("{SELECT} AND d.deleted_at IS NOT NULL AND d.replaced_by_id IS NULL")
    } else {
        format!("{SELECT} AND {LIVE}")
    };
    let mut values = vec![tenant_value(actor.tenant_id)];
    if let Some(contact) = filter.contact_id {
        values.push(Value::from(contact.0));
        sql.push_str(&format!(" AND d.contact_id = ${}", values.len()));
    }
    if let Some(cursor) = &filter.cursor {
        let Cursor { key, id } = pagination::decode(cursor, &tag)?;
        let (date, id) = parse_cursor(&key, &id)?;
        values.push(Value::from(date));
        let d = values.len();
        values.push(Value::from(id));
        let i = values.len();
        sql.push_str(&format!(
            " AND (d.date < ${d} OR (d.date = ${d} AND d.id < ${i}))"
        ));
    }
    sql.push_str(" ORDER BY d.date DESC, d.id DESC");
    // Status is derived from the aggregate, so it is filtered after it.
    let status = filter.status.as_deref().unwrap_or("all");
    if !["all", "open", "settled"].contains(&status) {
        return Err(Error::invalid("status", "Choose open, settled or all."));
    }
    let rows = query_all(&app.db, &sql, values).await?;
    let mut items = Vec::new();
    for row in &rows {
        let v = view(row)?;
        let keep = match status {
            "open" => v.status != DebtStatus::Settled,
            "settled" => v.status == DebtStatus::Settled,
            _ => true,
        };
        if keep {
            items.push(v);
            if items.len() as u64 > limit {
                break;
            }
        }
    }
    Ok(Page::from_rows(items, limit, &tag, |d| Cursor {
        key: crate::input::format_date(d.date),
        id: d.id.to_string(),
    }))
}

fn parse_cursor(key: &str, id: &str) -> Result<(Date, uuid::Uuid)> {
    let bad = || Error::invalid("cursor", "is not a cursor from this list; start again without it");
    let date = iso_date(key).ok_or_else(bad)?;
    let id = uuid::Uuid::parse_str(id).map_err(|_| bad())?;
    Ok((date, id))
}
