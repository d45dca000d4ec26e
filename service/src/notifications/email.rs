//! Email notifications (issue 12, ADR 0022): what someone else did that
//! concerns you, by email, batched, with one-click unsubscribe.
//!
//! 1. **Queued by the dispatcher.** For each domain event the worker calls
//!    [`enqueue`]: everyone notified but the person who acted, who wants the
//!    kind by email (`preferences::wanting`) and has a verified address, gets
//!    a `notification_emails` row (once per event and person, whatever
//!    redelivery does), tagged with its batch: the category and the group,
//!    IOU contact or kind it is about.
//! 2. **Sent in batches.** The worker calls [`send_due`] every 30 seconds.
//!    For a person who gets email as things happen, a batch is due once its
//!    oldest row is [`BATCH_WINDOW`] old, and everything of that batch goes
//!    in one email: a burst of expenses in one group within a few minutes is
//!    one email. For a daily (weekly) digest, all of a person's rows go in one
//!    email once one of them is older than the last day's (Monday's)
//!    [`DIGEST_HOUR`]:00 UTC. Sending marks the rows sent and writes the
//!    email to the outbox in one transaction (rows another sender took
//!    meanwhile roll it back), so the `SendEmail` job delivers it once.
//! 3. **One-click unsubscribe** (RFC 8058). Each email carries
//!    `List-Unsubscribe: <…/unsubscribe?token=…>` and
//!    `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (see `mail`): the
//!    token is signed with the server secret, names the person and the scope
//!    (a category, or every email for a digest), and works without signing
//!    in. A `POST` to it turns that email off ([`unsubscribe`]).
//!
//! The invitation to share has an email of its own (with the link to
//! accept), sent by `invite_contact`; its kind is never batched here.

use super::catalogue::{self, Category, Kind};
use super::describe::{actor_of, describe_all};
use super::preferences::{self, Channel, Digest, PreferenceInput};
use crate::audit;
use crate::crypto;
use crate::db::{self, get, query_all};
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::outbox::{Event, OutgoingEmail};
use crate::templating::Templates;
use crate::{Actor, App, RequestMeta};
use hisaab_entity::{NotificationId, OutboxId, UserId, notification, notification_email, user};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, Value};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime, Time};

/// How long a batch collects before it is sent (as-things-happen email).
pub const BATCH_WINDOW: Duration = Duration::minutes(5);
/// The hour (UTC) daily and weekly (Mondays) digests go out.
pub const DIGEST_HOUR: u8 = 6;
/// Items in one email; more wait for the next.
pub const MAX_ITEMS: u64 = 100;
/// Emails written per run of [`send_due`]; the rest wait for the next run.
pub const EMAILS_PER_RUN: u64 = 200;
/// Kinds whose use case sends an email of its own.
const OWN_EMAIL: &[&str] = &["invitation.sent"];

/// What an email's items are sent together with.
fn batch_key(kind: &Kind, data: &Json) -> String {
    let id = |key: &str| data.get(key).and_then(Json::as_str).map(str::to_string);
    let scope = id("group_id")
        .map(|g| format!("group:{g}"))
        .or_else(|| id("contact_id").map(|c| format!("contact:{c}")))
        .unwrap_or_else(|| kind.event_type.to_string());
    format!("{}:{scope}", kind.category.name())
}

fn category_of(batch_key: &str) -> Option<Category> {
    batch_key.split(':').next().and_then(Category::parse)
}

/// Queues `event_type` for email to those of `notify` who want it (never the
/// person who acted; only verified addresses). Safe to call again for the
/// same outbox event.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    outbox_id: OutboxId,
    event_type: &str,
    notify: &[uuid::Uuid],
    data: &Json,
    created_at: OffsetDateTime,
) -> Result<u64> {
    let Some(kind) = catalogue::find(event_type).filter(|k| k.about_others) else {
        return Ok(0);
    };
    if OWN_EMAIL.contains(&event_type) {
        return Ok(0);
    }
    let actor = actor_of(data);
    let others: Vec<uuid::Uuid> = notify.iter().copied().filter(|u| Some(*u) != actor).collect();
    let wanted = preferences::wanting(db, event_type, Channel::Email, &others).await?;
    if wanted.is_empty() {
        return Ok(0);
    }
    let verified = user::Entity::find()
        .filter(user::Column::Id.is_in(wanted))
        .filter(user::Column::EmailVerified.eq(true))
        .all(db)
        .await?;
    if verified.is_empty() {
        return Ok(0);
    }
    let key = batch_key(kind, data);
    let rows = verified.iter().map(|u| notification_email::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        user_id: Set(u.id),
        outbox_id: Set(outbox_id),
        event_type: Set(event_type.to_string()),
        batch_key: Set(key.clone()),
        data: Set(data.to_string()),
        created_at: Set(created_at),
        sent_at: Set(None),
    });
    Ok(notification_email::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                notification_email::Column::OutboxId,
                notification_email::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?)
}

/// The last digest time at or before `now`: today's (or yesterday's)
/// [`DIGEST_HOUR`]:00 UTC for daily, the last Monday's for weekly.
pub fn digest_cutoff(now: OffsetDateTime, digest: Digest) -> Option<OffsetDateTime> {
    let now = now.to_offset(time::UtcOffset::UTC);
    let at = now.replace_time(Time::from_hms(DIGEST_HOUR, 0, 0).expect("a valid hour"));
    let daily = if now >= at { at } else { at - Duration::days(1) };
    match digest {
        Digest::Off => None,
        Digest::Daily => Some(daily),
        Digest::Weekly => Some(daily - Duration::days(i64::from(daily.weekday().number_days_from_monday()))),
    }
}

/// What one run of [`send_due`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    /// Emails written to the outbox.
    pub emails: u64,
    /// Notifications they carry.
    pub items: u64,
}

/// A batch to send: a person's rows of one batch key, or all of them (a digest).
struct Due {
    user: UserId,
    batch_key: Option<String>,
    digest: Digest,
}

/// Writes every email that is due to the outbox (see the module doc).
pub async fn send_due(app: &App, templates: &Templates) -> Result<Sent> {
    let now = app.now();
    let mut due: Vec<Due> = query_all(
        &app.db,
        &format!(
            "SELECT DISTINCT e.user_id AS user_id, e.batch_key AS batch_key FROM notification_emails e \
             LEFT JOIN notification_settings s ON s.user_id = e.user_id \
             WHERE e.sent_at IS NULL AND COALESCE(s.email_digest, 'off') = 'off' AND e.created_at <= $1 \
             LIMIT {EMAILS_PER_RUN}"
        ),
        vec![Value::from(now - BATCH_WINDOW)],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Due {
            user: UserId(get(r, "user_id")?),
            batch_key: Some(get(r, "batch_key")?),
            digest: Digest::Off,
        })
    })
    .collect::<Result<_>>()?;
    for digest in [Digest::Daily, Digest::Weekly] {
        let Some(cutoff) = digest_cutoff(now, digest) else {
            continue;
        };
        let users = query_all(
            &app.db,
            &format!(
                "SELECT DISTINCT e.user_id AS user_id FROM notification_emails e \
                 JOIN notification_settings s ON s.user_id = e.user_id \
                 WHERE e.sent_at IS NULL AND s.email_digest = $1 AND e.created_at < $2 \
                 LIMIT {EMAILS_PER_RUN}"
            ),
            vec![Value::from(digest.name()), Value::from(cutoff)],
        )
        .await?;
        for r in &users {
            due.push(Due {
                user: UserId(get(r, "user_id")?),
                batch_key: None,
                digest,
            });
        }
    }
    let mut sent = Sent::default();
    for d in due.into_iter().take(EMAILS_PER_RUN as usize) {
        sent.items += send_one(app, templates, now, d).await?;
        sent.emails += 1;
    }
    Ok(sent)
}

/// Sends one batch; returns how many items it carried (0: another sender
/// took them first).
async fn send_one(app: &App, templates: &Templates, now: OffsetDateTime, due: Due) -> Result<u64> {
    let Some(person) = user::Entity::find_by_id(due.user).one(&app.db).await? else {
        return Ok(0);
    };
    let mut query = notification_email::Entity::find()
        .filter(notification_email::Column::UserId.eq(due.user))
        .filter(notification_email::Column::SentAt.is_null());
    if let Some(key) = &due.batch_key {
        query = query.filter(notification_email::Column::BatchKey.eq(key.clone()));
    }
    let rows: Vec<notification_email::Model> = db::all_limited(
        &app.db,
        query
            .order_by_asc(notification_email::Column::CreatedAt)
            .order_by_asc(notification_email::Column::Id),
        MAX_ITEMS,
    )
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
    let category = due.batch_key.as_deref().and_then(category_of);
    let email = compose(app, templates, &person, &rows, due.digest, category).await?;
    let txn = db::begin_write(&app.db).await?;
    let marked = notification_email::Entity::update_many()
        .col_expr(notification_email::Column::SentAt, Expr::value(now))
        .filter(notification_email::Column::Id.is_in(ids.clone()))
        .filter(notification_email::Column::SentAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if marked != ids.len() as u64 {
        // Another sender took some of them: theirs goes out, this one does not.
        txn.rollback().await?;
        return Ok(0);
    }
    txn.commit(Effects::system(now).outbox(Some(person.tenant_id), Event::Email(email)))
        .await?;
    Ok(marked)
}

/// The email for `rows`, worded for `person` (`email/notifications`).
async fn compose(
    app: &App,
    templates: &Templates,
    person: &user::Model,
    rows: &[notification_email::Model],
    digest: Digest,
    category: Option<Category>,
) -> Result<OutgoingEmail> {
    let viewer = Actor {
        user_id: person.id,
        tenant_id: person.tenant_id,
        role: person.role,
        meta: RequestMeta::default(),
    };
    let as_rows = rows
        .iter()
        .map(|r| notification::Model {
            id: NotificationId(r.id),
            user_id: r.user_id,
            tenant_id: person.tenant_id,
            outbox_id: r.outbox_id,
            event_type: r.event_type.clone(),
            data: r.data.clone(),
            created_at: r.created_at,
            read_at: None,
        })
        .collect();
    let items = describe_all(&app.db, &viewer, as_rows).await?;
    // The email is worded in the person's language (their setting).
    let locale = Locale::resolve(person.locale.as_deref(), None);
    // Sections by category, in catalogue order (a batch has one).
    let mut sections: BTreeMap<usize, (Category, Vec<Json>)> = BTreeMap::new();
    for item in &items {
        let c = catalogue::find(&item.event_type).map_or(Category::Sharing, |k| k.category);
        let order = Category::ALL.iter().position(|x| *x == c).unwrap_or(0);
        sections.entry(order).or_insert((c, Vec::new())).1.push(json!({
            "title": item.title_in(templates, locale),
            "link": app.link(&item.link),
        }));
    }
    let first = items.first();
    let scope = match (digest, category) {
        (Digest::Off, Some(c)) => Scope::Category(c),
        _ => Scope::All,
    };
    let unsubscribe = app.link(&format!(
        "/unsubscribe?token={}",
        unsubscribe_token(app, person.id, scope)
    ));
    let category_links: Vec<Json> = sections
        .values()
        .map(|(c, _)| {
            json!({
                "label": c.label_in(locale),
                "link": app.link(&format!(
                    "/unsubscribe?token={}",
                    unsubscribe_token(app, person.id, Scope::Category(*c))
                )),
            })
        })
        .collect();
    Ok(OutgoingEmail {
        to: person.email.clone(),
        template: "notifications".into(),
        context: json!({
            "display_name": person.display_name,
            "digest": (digest != Digest::Off).then(|| digest.name()),
            "count": items.len(),
            "first_title": first.map(|i| i.title_in(templates, locale)),
            "group": first.and_then(|i| i.notice.group.clone()),
            "sections": sections
                .into_values()
                .map(|(c, items)| json!({ "heading": c.label_in(locale), "items": items }))
                .collect::<Vec<_>>(),
            "scope_label": scope.label_in(locale),
            "category_links": category_links,
            "centre_link": app.link("/notifications"),
            "settings_link": app.link("/settings/notifications"),
            "list_unsubscribe": unsubscribe,
            "locale": person.locale,
        }),
    })
}

/// What an unsubscribe link turns off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Email about the kinds of one category.
    Category(Category),
    /// Every notification email (a digest's link).
    All,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Category(c) => c.name(),
            Scope::All => "all",
        }
    }

    fn parse(name: &str) -> Option<Scope> {
        match name {
            "all" => Some(Scope::All),
            other => Category::parse(other).map(Scope::Category),
        }
    }

    /// What the person stops getting, for a sentence ("emails about …").
    pub fn label(self) -> &'static str {
        match self {
            Scope::Category(c) => c.label(),
            Scope::All => "anything",
        }
    }

    /// [`Scope::label`] in the reader's language.
    pub fn label_in(self, locale: Locale) -> String {
        match self {
            Scope::Category(c) => c.label_in(locale),
            Scope::All => crate::i18n::tr(locale, "ntf-scope-anything"),
        }
    }

    fn kinds(self) -> impl Iterator<Item = &'static Kind> {
        catalogue::KINDS
            .iter()
            .filter(move |k| k.about_others && (self == Scope::All || Scope::Category(k.category) == self))
    }
}

fn token_mac(app: &App, payload: &str) -> String {
    let mac = crypto::keyed_hash(
        app.settings.secret_key.expose(),
        "unsubscribe",
        payload.as_bytes(),
    );
    crypto::b64(&mac[..18])
}

/// A link token naming `user` and `scope`, signed with the server secret.
/// It does not expire: an unsubscribe link in an old email keeps working.
pub fn unsubscribe_token(app: &App, user: UserId, scope: Scope) -> String {
    let payload = format!("{}.{}", user.0.simple(), scope.name());
    format!("{payload}.{}", token_mac(app, &payload))
}

/// The person and scope a token names, if it is one of ours.
fn read_token(app: &App, token: &str) -> Option<(UserId, Scope)> {
    let (payload, mac) = token.trim().rsplit_once('.')?;
    if !crypto::constant_time_eq(mac.as_bytes(), token_mac(app, payload).as_bytes()) {
        return None;
    }
    let (user, scope) = payload.split_once('.')?;
    Some((UserId(uuid::Uuid::parse_str(user).ok()?), Scope::parse(scope)?))
}

/// What a valid unsubscribe link would turn off (for its confirmation
/// page); a link that is not ours is `NotFound`.
pub async fn unsubscribe_scope(app: &App, token: &str) -> Result<Scope> {
    let (user, scope) = read_token(app, token).ok_or(Error::NotFound)?;
    user::Entity::find_by_id(user)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(scope)
}

/// Turns off the email a link names (RFC 8058 one-click; no sign-in): each
/// kind of the scope keeps its in-app setting and gets email off, and what
/// was queued for it is dropped. Doing it twice changes nothing more.
pub async fn unsubscribe(app: &App, token: &str, meta: &RequestMeta) -> Result<Scope> {
    let (user_id, scope) = read_token(app, token).ok_or(Error::NotFound)?;
    let person = user::Entity::find_by_id(user_id)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    let now = app.now();
    let current = preferences::preferences_of(&app.db, user_id).await?;
    let off: Vec<PreferenceInput> = scope
        .kinds()
        .map(|k| PreferenceInput {
            event_type: k.event_type.to_string(),
            in_app: current
                .iter()
                .find(|p| p.kind.event_type == k.event_type)
                .is_none_or(|p| p.in_app),
            email: false,
        })
        .collect();
    let types: Vec<String> = off.iter().map(|p| p.event_type.clone()).collect();
    let txn = db::begin_write(&app.db).await?;
    preferences::upsert(&txn, user_id, &off, now).await?;
    notification_email::Entity::delete_many()
        .filter(notification_email::Column::UserId.eq(user_id))
        .filter(notification_email::Column::SentAt.is_null())
        .filter(notification_email::Column::EventType.is_in(types))
        .exec(&txn)
        .await?;
    txn.commit(Effects::anonymous(meta, now).audit_entry(audit::Entry {
        action: "notifications.unsubscribed",
        tenant_id: Some(person.tenant_id),
        actor_user_id: None,
        subject_user_id: Some(user_id),
        details: json!({ "scope": scope.name() }),
        meta,
    }))
    .await?;
    Ok(scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn digests_go_out_at_six_utc_daily_and_on_mondays() {
        // 2026-11-25 is a Wednesday.
        let wed_noon = datetime!(2026-11-25 12:00 UTC);
        assert_eq!(digest_cutoff(wed_noon, Digest::Off), None);
        assert_eq!(
            digest_cutoff(wed_noon, Digest::Daily),
            Some(datetime!(2026-11-25 06:00 UTC))
        );
        assert_eq!(
            digest_cutoff(datetime!(2026-11-25 05:59 UTC), Digest::Daily),
            Some(datetime!(2026-11-24 06:00 UTC))
        );
        assert_eq!(
            digest_cutoff(wed_noon, Digest::Weekly),
            Some(datetime!(2026-11-23 06:00 UTC))
        );
        assert_eq!(
            digest_cutoff(datetime!(2026-11-23 05:00 UTC), Digest::Weekly),
            Some(datetime!(2026-11-16 06:00 UTC))
        );
    }

    #[test]
    fn batches_are_per_category_and_place() {
        let expense = catalogue::find("expense.added").unwrap();
        let paid = catalogue::find("settlement.recorded").unwrap();
        let data = json!({ "group_id": "g1", "contact_id": "c1" });
        assert_eq!(batch_key(expense, &data), "expenses:group:g1");
        assert_eq!(batch_key(paid, &data), "payments:group:g1");
        assert_eq!(
            batch_key(paid, &json!({ "contact_id": "c1" })),
            "payments:contact:c1"
        );
        assert_eq!(batch_key(expense, &json!({})), "expenses:expense.added");
        assert_eq!(category_of("payments:group:g1"), Some(Category::Payments));
    }
}
