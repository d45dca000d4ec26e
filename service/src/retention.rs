//! Retention: deleting rows that have outlived their purpose. The worker's
//! `PurgeExpired` job calls [`purge_expired`] hourly; `hisaab-admin retention
//! run [--as-of YYYY-MM-DD] [--dry-run]` calls [`run`]. Each step is a
//! `DELETE … WHERE <time column> < cutoff` (the large tables in bounded
//! batches), safe to run concurrently and to repeat (a second run finds
//! nothing), so the job may be retried freely. A dry run counts the same rows
//! with `SELECT COUNT` and deletes nothing.
//!
//! The periods that are policy (audit entries, notifications, exports, jobs)
//! are settings (`HISAAB_RETENTION_*`); the operational ones are constants.

use crate::jobs::QueueLocation;
use crate::{App, Result, idempotency};
use hisaab_entity::{
    audit_log, email_token, idempotency_key, notification, notification_email, outbox, pending_sign_in,
    refresh_token, session, sign_in_throttle,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend,
    EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait,
};
use time::{Duration, OffsetDateTime};

/// Dispatched outbox rows are kept a week for debugging delivery problems.
pub const OUTBOX_RETENTION_DAYS: i64 = 7;
/// Expired or revoked sessions are kept a month so "where am I signed in" and
/// security reviews can still see recent ones.
pub const SESSION_RETENTION_DAYS: i64 = 30;
/// Expired email tokens are kept a week so a late click can be told "expired"
/// rather than "unknown" while the support trail is fresh.
pub const EMAIL_TOKEN_RETENTION_DAYS: i64 = 7;
/// Realtime signals (the embedded default's bus) matter for seconds; a day
/// covers any web process that was briefly away.
pub const REALTIME_SIGNAL_RETENTION_DAYS: i64 = 1;
/// IOU reminder rows only decide "already reminded today"; a month keeps
/// them for support questions.
pub const DEBT_REMINDER_RETENTION_DAYS: i64 = 30;
/// Rows deleted per statement in the batched steps (notifications, audit
/// entries, jobs), so no purge holds locks for long.
pub const PURGE_BATCH: u64 = 1_000;
/// Kept under its first name for the notification tests.
pub const NOTIFICATION_PURGE_BATCH: u64 = PURGE_BATCH;
/// Notification emails already sent are kept a week (what went out, for support).
pub const SENT_EMAIL_RETENTION_DAYS: i64 = 7;
/// Batches per step and run: the job's run time stays bounded after a long
/// outage; what is left goes at the next hourly run.
pub const PURGE_MAX_BATCHES: u64 = 100;
/// Kept under its first name.
pub const NOTIFICATION_PURGE_MAX_BATCHES: u64 = PURGE_MAX_BATCHES;
/// Audit actions that are security events (sign-ins, second factors,
/// sessions, tokens, passwords; staff sign-ins to the console): kept
/// `retention_security_audit_days`. Every other action records a financial
/// or account change and is kept `retention_audit_days`.
pub const SECURITY_AUDIT_PREFIXES: [&str; 2] = ["auth.", "admin.sign_in."];

/// One retention run: the moment it measures from, and whether it only counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pass {
    pub as_of: OffsetDateTime,
    pub dry_run: bool,
}

impl Pass {
    /// A real run at `as_of`.
    pub fn at(as_of: OffsetDateTime) -> Self {
        Self {
            as_of,
            dry_run: false,
        }
    }
}

/// How many rows each step deleted (or, in a dry run, would delete).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Accounts past their deletion grace period, erased (ADR 0026).
    pub accounts_erased: u64,
    pub idempotency_keys: u64,
    pub outbox: u64,
    pub sessions: u64,
    pub email_tokens: u64,
    pub refresh_tokens: u64,
    pub sign_in_throttles: u64,
    pub realtime_signals: u64,
    pub debt_reminders: u64,
    pub notifications: u64,
    pub notification_emails: u64,
    pub pending_sign_ins: u64,
    pub security_audit_entries: u64,
    pub audit_entries: u64,
    pub jobs: u64,
    /// Data exports past their retention days (file and row).
    pub exports: u64,
}

impl Purged {
    /// Each step's name and count, in the order they run (for the CLI and logs).
    pub fn steps(&self) -> [(&'static str, u64); 16] {
        [
            ("accounts erased", self.accounts_erased),
            ("idempotency keys", self.idempotency_keys),
            ("outbox events", self.outbox),
            ("sessions", self.sessions),
            ("email tokens", self.email_tokens),
            ("refresh tokens", self.refresh_tokens),
            ("sign-in throttles", self.sign_in_throttles),
            ("realtime signals", self.realtime_signals),
            ("debt reminders", self.debt_reminders),
            ("read notifications", self.notifications),
            ("sent notification emails", self.notification_emails),
            ("pending sign-ins", self.pending_sign_ins),
            ("security audit entries", self.security_audit_entries),
            ("financial and account audit entries", self.audit_entries),
            ("finished and dead jobs", self.jobs),
            ("expired exports", self.exports),
        ]
    }

    pub fn total(&self) -> u64 {
        self.steps().iter().map(|(_, n)| n).sum()
    }
}

/// Runs every retention step at the app's current time.
pub async fn purge_expired(app: &App) -> Result<Purged> {
    run(app, Pass::at(app.now())).await
}

/// Runs every retention step for `pass` (its time, and whether to delete).
pub async fn run(app: &App, pass: Pass) -> Result<Purged> {
    let now = pass.as_of;
    let settings = &app.settings;
    let days = |n: u32| Duration::days(i64::from(n));
    Ok(Purged {
        // First, so what the erasure leaves to expire goes in the same run.
        accounts_erased: crate::identity::erase_due(app, now, pass.dry_run).await?,
        idempotency_keys: remove::<idempotency_key::Entity>(
            app,
            Condition::all().add(
                idempotency_key::Column::CreatedAt.lt(now - Duration::hours(idempotency::RETENTION_HOURS)),
            ),
            pass,
        )
        .await?,
        outbox: purge_outbox(app, pass).await?,
        sessions: purge_sessions(app, pass).await?,
        email_tokens: purge_email_tokens(app, pass).await?,
        refresh_tokens: purge_refresh_tokens(app, pass).await?,
        sign_in_throttles: purge_sign_in_throttles(app, pass).await?,
        realtime_signals: purge_older_than(
            app,
            "realtime_signals",
            now - Duration::days(REALTIME_SIGNAL_RETENTION_DAYS),
            pass.dry_run,
        )
        .await?,
        debt_reminders: purge_older_than(
            app,
            "debt_reminders",
            now - Duration::days(DEBT_REMINDER_RETENTION_DAYS),
            pass.dry_run,
        )
        .await?,
        notifications: purge_notifications(app, pass, PURGE_BATCH).await?,
        notification_emails: purge_sent_emails(app, pass).await?,
        pending_sign_ins: purge_pending_sign_ins(app, pass).await?,
        security_audit_entries: purge_audit(
            app,
            pass,
            true,
            now - days(settings.retention_security_audit_days),
            PURGE_BATCH,
        )
        .await?,
        audit_entries: purge_audit(
            app,
            pass,
            false,
            now - days(settings.retention_audit_days),
            PURGE_BATCH,
        )
        .await?,
        jobs: purge_jobs(app, pass, PURGE_BATCH).await?,
        exports: crate::exports::purge_expired(app, pass.as_of, pass.dry_run).await?,
    })
}

/// Deletes the rows of `E` that match `cond`, or counts them in a dry run.
async fn remove<E>(app: &App, cond: Condition, pass: Pass) -> Result<u64>
where
    E: EntityTrait,
    E::Model: Sync,
{
    if pass.dry_run {
        return Ok(E::find().filter(cond).count(&app.db).await?);
    }
    Ok(E::delete_many().filter(cond).exec(&app.db).await?.rows_affected)
}

/// Deletes the rows of `E` that match `cond`, `batch` per statement (found
/// by `id`), at most [`PURGE_MAX_BATCHES`] statements; a dry run counts what
/// this run would delete.
async fn remove_in_batches<E>(
    app: &App,
    id: E::Column,
    cond: Condition,
    batch: u64,
    pass: Pass,
) -> Result<u64>
where
    E: EntityTrait,
    E::Model: Sync,
{
    if pass.dry_run {
        let n = E::find().filter(cond).count(&app.db).await?;
        return Ok(n.min(batch * PURGE_MAX_BATCHES));
    }
    let mut total = 0;
    for _ in 0..PURGE_MAX_BATCHES {
        let ids = E::find()
            .select_only()
            .column(id)
            .filter(cond.clone())
            .limit(batch)
            .into_query();
        let deleted = E::delete_many()
            .filter(id.in_subquery(ids))
            .exec(&app.db)
            .await?
            .rows_affected;
        total += deleted;
        if deleted < batch {
            break;
        }
    }
    Ok(total)
}

/// Rows of `table` (one without an entity: `realtime_signals`,
/// `debt_reminders`) created before `cutoff`.
async fn purge_older_than(app: &App, table: &str, cutoff: OffsetDateTime, dry_run: bool) -> Result<u64> {
    let backend = app.db.get_database_backend();
    if dry_run {
        let row = app
            .db
            .query_one_raw(crate::db::stmt(
                backend,
                &format!("SELECT COUNT(*) AS n FROM {table} WHERE created_at < $1"),
                vec![sea_orm::Value::from(cutoff)],
            ))
            .await?;
        return Ok(row
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0)
            .max(0) as u64);
    }
    let res = app
        .db
        .execute_raw(crate::db::stmt(
            backend,
            &format!("DELETE FROM {table} WHERE created_at < $1"),
            vec![sea_orm::Value::from(cutoff)],
        ))
        .await?;
    Ok(res.rows_affected())
}

/// Pending sign-ins (a password waiting for its second factor, ADR 0023)
/// live five minutes; an hour later nobody needs them, used or not.
pub async fn purge_pending_sign_ins(app: &App, pass: Pass) -> Result<u64> {
    let cond = Condition::all().add(pending_sign_in::Column::ExpiresAt.lt(pass.as_of - Duration::hours(1)));
    remove::<pending_sign_in::Entity>(app, cond, pass).await
}

/// Notification emails sent more than [`SENT_EMAIL_RETENTION_DAYS`] ago;
/// unsent ones are work still owed.
pub async fn purge_sent_emails(app: &App, pass: Pass) -> Result<u64> {
    let cutoff = pass.as_of - Duration::days(SENT_EMAIL_RETENTION_DAYS);
    let cond = Condition::all().add(notification_email::Column::SentAt.lt(cutoff));
    remove::<notification_email::Entity>(app, cond, pass).await
}

/// Outbox rows dispatched more than [`OUTBOX_RETENTION_DAYS`] ago. Undispatched
/// rows are never deleted, however old: they are work still owed.
pub async fn purge_outbox(app: &App, pass: Pass) -> Result<u64> {
    let cutoff = pass.as_of - Duration::days(OUTBOX_RETENTION_DAYS);
    let cond = Condition::all().add(outbox::Column::DispatchedAt.lt(cutoff));
    remove::<outbox::Entity>(app, cond, pass).await
}

/// Sessions that expired, or were revoked, more than [`SESSION_RETENTION_DAYS`] ago.
pub async fn purge_sessions(app: &App, pass: Pass) -> Result<u64> {
    let cutoff = pass.as_of - Duration::days(SESSION_RETENTION_DAYS);
    let cond = Condition::any()
        .add(session::Column::ExpiresAt.lt(cutoff))
        .add(session::Column::RevokedAt.lt(cutoff));
    remove::<session::Entity>(app, cond, pass).await
}

/// Email tokens (verification, reset) that expired more than
/// [`EMAIL_TOKEN_RETENTION_DAYS`] ago, used or not.
pub async fn purge_email_tokens(app: &App, pass: Pass) -> Result<u64> {
    let cutoff = pass.as_of - Duration::days(EMAIL_TOKEN_RETENTION_DAYS);
    let cond = Condition::all().add(email_token::Column::ExpiresAt.lt(cutoff));
    remove::<email_token::Entity>(app, cond, pass).await
}

/// Refresh tokens past their expiry. Reuse detection only matters while a
/// token could still be exchanged, and an expired one cannot.
pub async fn purge_refresh_tokens(app: &App, pass: Pass) -> Result<u64> {
    let cond = Condition::all().add(refresh_token::Column::ExpiresAt.lt(pass.as_of));
    remove::<refresh_token::Entity>(app, cond, pass).await
}

/// Notifications read more than `retention_notification_days` ago (so
/// created longer ago still); unread ones are never purged. `batch` rows
/// per statement (found through `ix_notifications_read_at`), at most
/// [`PURGE_MAX_BATCHES`] statements per run.
pub async fn purge_notifications(app: &App, pass: Pass, batch: u64) -> Result<u64> {
    let cutoff = pass.as_of - Duration::days(i64::from(app.settings.retention_notification_days));
    let cond = Condition::all().add(notification::Column::ReadAt.lt(cutoff));
    remove_in_batches::<notification::Entity>(app, notification::Column::Id, cond, batch, pass).await
}

/// Audit entries created before `cutoff`: the security ones
/// ([`SECURITY_AUDIT_PREFIXES`]) when `security`, else every other one.
/// Batched like notifications.
pub async fn purge_audit(
    app: &App,
    pass: Pass,
    security: bool,
    cutoff: OffsetDateTime,
    batch: u64,
) -> Result<u64> {
    let mut is_security = Condition::any();
    for prefix in SECURITY_AUDIT_PREFIXES {
        is_security = is_security.add(audit_log::Column::Action.starts_with(prefix));
    }
    let kind = if security { is_security } else { is_security.not() };
    let cond = Condition::all()
        .add(audit_log::Column::CreatedAt.lt(cutoff))
        .add(kind);
    remove_in_batches::<audit_log::Entity>(app, audit_log::Column::Id, cond, batch, pass).await
}

/// Sign-in throttles (unknown-email lockouts) whose lock has ended and whose
/// counting window has passed: such a row no longer changes any decision
/// (`identity::sign_in` starts a fresh window when it finds one like it).
pub async fn purge_sign_in_throttles(app: &App, pass: Pass) -> Result<u64> {
    let now = pass.as_of;
    let window = Duration::minutes(i64::from(app.settings.lockout_minutes));
    let cond = Condition::all()
        .add(sign_in_throttle::Column::WindowStartedAt.lte(now - window))
        .add(
            Condition::any()
                .add(sign_in_throttle::Column::LockedUntil.is_null())
                .add(sign_in_throttle::Column::LockedUntil.lte(now)),
        );
    remove::<sign_in_throttle::Entity>(app, cond, pass).await
}

/// apalis marks a job `Done`, `Killed`, or `Failed`; a `Failed` one with
/// attempts left is retried, so only one out of attempts is finished.
const FINISHED_JOB: &str =
    "(status IN ('Done', 'Killed') OR (status = 'Failed' AND attempts >= max_attempts))";

/// Finished and dead jobs whose last run (or due time) is more than
/// `retention_job_days` old, from the SQL job queues: PostgreSQL's
/// `apalis.jobs` (in the ledger's database) or the worker's SQLite file
/// (`<data_dir>/jobs.sqlite`, table `Jobs`). apalis never removes them
/// itself. On Redis, the done and dead sets' jobs whose `done_at` is past
/// the cutoff go with their payload, result and metadata
/// (`admin_jobs::queue::purge_redis_finished`).
pub async fn purge_jobs(app: &App, pass: Pass, batch: u64) -> Result<u64> {
    let cutoff = pass.as_of - Duration::days(i64::from(app.settings.retention_job_days));
    match QueueLocation::of(app) {
        QueueLocation::Redis => {
            let conn = crate::admin_jobs::queue::redis_connection(app).await?;
            Ok(crate::admin_jobs::queue::purge_redis_finished(
                &conn,
                "",
                cutoff.unix_timestamp(),
                pass.dry_run,
                batch,
                PURGE_MAX_BATCHES,
            )
            .await?)
        }
        QueueLocation::Postgres => purge_job_rows(&app.db, "apalis.jobs", cutoff, pass.dry_run, batch).await,
        QueueLocation::Sqlite(path) => {
            if !path.exists() {
                // No worker has run here yet: nothing was ever queued.
                return Ok(0);
            }
            let mut options = ConnectOptions::new(format!("sqlite://{}?mode=rw", path.display()));
            options.max_connections(1).sqlx_logging(false);
            let conn = Database::connect(options).await?;
            let purged = purge_job_rows(&conn, "Jobs", cutoff, pass.dry_run, batch).await;
            let _ = conn.close().await;
            purged
        }
    }
}

async fn purge_job_rows(
    conn: &DatabaseConnection,
    table: &str,
    cutoff: OffsetDateTime,
    dry_run: bool,
    batch: u64,
) -> Result<u64> {
    let backend = conn.get_database_backend();
    let (present, cutoff) = match backend {
        DbBackend::Postgres => (
            "SELECT to_regclass('apalis.jobs') IS NOT NULL AS present",
            sea_orm::Value::from(cutoff),
        ),
        // apalis-sqlite keeps times as Unix seconds.
        _ => (
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Jobs') AS present",
            sea_orm::Value::from(cutoff.unix_timestamp()),
        ),
    };
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(backend, present))
        .await?;
    if !row
        .map(|r| r.try_get::<bool>("", "present"))
        .transpose()?
        .unwrap_or(false)
    {
        // apalis creates its tables when the first worker starts.
        return Ok(0);
    }
    let matching = format!("{FINISHED_JOB} AND COALESCE(done_at, run_at) < $1");
    if dry_run {
        let row = conn
            .query_one_raw(crate::db::stmt(
                backend,
                &format!("SELECT COUNT(*) AS n FROM {table} WHERE {matching}"),
                vec![cutoff],
            ))
            .await?;
        let n = row
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0)
            .max(0) as u64;
        return Ok(n.min(batch * PURGE_MAX_BATCHES));
    }
    let mut total = 0;
    for _ in 0..PURGE_MAX_BATCHES {
        let deleted = conn
            .execute_raw(crate::db::stmt(
                backend,
                &format!(
                    "DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE {matching} LIMIT {batch})"
                ),
                vec![cutoff.clone()],
            ))
            .await?
            .rows_affected();
        total += deleted;
        if deleted < batch {
            break;
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::{Event, OutgoingEmail};
    use crate::testkit::TestApp;
    use hisaab_entity::{
        EmailTokenId, IdempotencyKeyId, RefreshTokenFamilyId, RefreshTokenId, SessionId, UserId,
        email_token::Purpose, idempotency_key, refresh_token_family, session::Surface,
    };
    use sea_orm::{ActiveModelTrait, PaginatorTrait, Set};

    fn email_event() -> Event {
        Event::Email(OutgoingEmail {
            to: "a@example.com".into(),
            template: "verify_email".into(),
            context: serde_json::json!({}),
        })
    }

    async fn count<E: EntityTrait>(t: &TestApp) -> u64
    where
        E::Model: Sync,
    {
        E::find().count(&t.app.db).await.unwrap()
    }

    #[tokio::test]
    async fn outbox_keeps_pending_and_recent_rows() {
        let t = TestApp::new().await;
        let now = t.app.now();
        let old = crate::outbox::enqueue(&t.app.db, now, None, &email_event())
            .await
            .unwrap();
        let recent = crate::outbox::enqueue(&t.app.db, now, None, &email_event())
            .await
            .unwrap();
        // Never dispatched and very old: still owed, must stay.
        crate::outbox::enqueue(&t.app.db, now - Duration::days(90), None, &email_event())
            .await
            .unwrap();
        crate::outbox::complete(&t.app.db, old, now - Duration::days(8))
            .await
            .unwrap();
        crate::outbox::complete(&t.app.db, recent, now - Duration::days(6))
            .await
            .unwrap();

        assert_eq!(purge_outbox(&t.app, Pass::at(now)).await.unwrap(), 1);
        assert_eq!(count::<outbox::Entity>(&t).await, 2);
        assert!(
            outbox::Entity::find_by_id(old)
                .one(&t.app.db)
                .await
                .unwrap()
                .is_none()
        );
        // Idempotent: a second run finds nothing.
        assert_eq!(purge_outbox(&t.app, Pass::at(now)).await.unwrap(), 0);
    }

    async fn add_session(
        t: &TestApp,
        user: UserId,
        tenant: hisaab_entity::TenantId,
        expires: OffsetDateTime,
        revoked: Option<OffsetDateTime>,
    ) -> SessionId {
        let id = SessionId::new();
        session::ActiveModel {
            id: Set(id),
            token_hash: Set(crate::crypto::token_hash(&crate::crypto::random_token())),
            surface: Set(Surface::Web),
            user_id: Set(user),
            tenant_id: Set(tenant),
            created_at: Set(expires - Duration::days(30)),
            last_seen_at: Set(expires - Duration::days(30)),
            expires_at: Set(expires),
            ip: Set(None),
            user_agent: Set(None),
            revoked_at: Set(revoked),
        }
        .insert(&t.app.db)
        .await
        .unwrap();
        id
    }

    #[tokio::test]
    async fn sessions_expired_or_revoked_over_a_month_ago_go() {
        let t = TestApp::new().await;
        let u = t.user("sessions@example.com").await;
        let now = t.app.now();
        let expired_long_ago = add_session(&t, u.id, u.tenant_id, now - Duration::days(31), None).await;
        let revoked_long_ago = add_session(
            &t,
            u.id,
            u.tenant_id,
            now + Duration::days(10),
            Some(now - Duration::days(31)),
        )
        .await;
        let expired_recently = add_session(&t, u.id, u.tenant_id, now - Duration::days(29), None).await;
        let revoked_recently = add_session(
            &t,
            u.id,
            u.tenant_id,
            now + Duration::days(10),
            Some(now - Duration::days(1)),
        )
        .await;
        let live = add_session(&t, u.id, u.tenant_id, now + Duration::days(10), None).await;

        assert_eq!(purge_sessions(&t.app, Pass::at(now)).await.unwrap(), 2);
        for gone in [expired_long_ago, revoked_long_ago] {
            assert!(
                session::Entity::find_by_id(gone)
                    .one(&t.app.db)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        for kept in [expired_recently, revoked_recently, live] {
            assert!(
                session::Entity::find_by_id(kept)
                    .one(&t.app.db)
                    .await
                    .unwrap()
                    .is_some()
            );
        }
    }

    #[tokio::test]
    async fn email_and_refresh_tokens_go_after_expiry() {
        let t = TestApp::new().await;
        let u = t.user("tokens@example.com").await;
        let now = t.app.now();
        for (expires, used) in [
            (now - Duration::days(8), None),
            (now - Duration::days(8), Some(now - Duration::days(9))),
            (now - Duration::days(6), None),
            (now + Duration::hours(1), None),
        ] {
            email_token::ActiveModel {
                id: Set(EmailTokenId::new()),
                user_id: Set(u.id),
                purpose: Set(Purpose::VerifyEmail),
                token_hash: Set(crate::crypto::token_hash(&crate::crypto::random_token())),
                created_at: Set(expires - Duration::days(1)),
                expires_at: Set(expires),
                used_at: Set(used),
            }
            .insert(&t.app.db)
            .await
            .unwrap();
        }
        assert_eq!(purge_email_tokens(&t.app, Pass::at(now)).await.unwrap(), 2);
        assert_eq!(count::<email_token::Entity>(&t).await, 2);

        let family = RefreshTokenFamilyId::new();
        refresh_token_family::ActiveModel {
            id: Set(family),
            user_id: Set(u.id),
            tenant_id: Set(u.tenant_id),
            created_at: Set(now - Duration::days(40)),
            revoked_at: Set(None),
            revoke_reason: Set(None),
            last_seen_at: Set(None),
            ip: Set(None),
            user_agent: Set(None),
        }
        .insert(&t.app.db)
        .await
        .unwrap();
        for expires in [
            now - Duration::seconds(1),
            now - Duration::days(5),
            now + Duration::days(1),
        ] {
            refresh_token::ActiveModel {
                id: Set(RefreshTokenId::new()),
                family_id: Set(family),
                token_hash: Set(crate::crypto::token_hash(&crate::crypto::random_token())),
                created_at: Set(expires - Duration::days(30)),
                expires_at: Set(expires),
                used_at: Set(None),
            }
            .insert(&t.app.db)
            .await
            .unwrap();
        }
        assert_eq!(purge_refresh_tokens(&t.app, Pass::at(now)).await.unwrap(), 2);
        assert_eq!(count::<refresh_token::Entity>(&t).await, 1);
    }

    #[tokio::test]
    async fn sign_in_throttles_go_once_lock_and_window_have_passed() {
        let t = TestApp::new().await;
        let now = t.app.now();
        let window = Duration::minutes(i64::from(t.app.settings.lockout_minutes));
        let rows = [
            ("stale", now - window - Duration::minutes(1), None, true),
            (
                "lock-ended",
                now - window * 3,
                Some(now - Duration::minutes(1)),
                true,
            ),
            ("counting", now - window / 2, None, false),
            (
                "still-locked",
                now - window * 3,
                Some(now + Duration::minutes(5)),
                false,
            ),
        ];
        for (key, window_started_at, locked_until, _) in &rows {
            sign_in_throttle::ActiveModel {
                email_key: Set(key.to_string()),
                failures: Set(1),
                window_started_at: Set(*window_started_at),
                locked_until: Set(*locked_until),
            }
            .insert(&t.app.db)
            .await
            .unwrap();
        }
        assert_eq!(purge_sign_in_throttles(&t.app, Pass::at(now)).await.unwrap(), 2);
        for (key, _, _, gone) in rows {
            let found = sign_in_throttle::Entity::find_by_id(key.to_string())
                .one(&t.app.db)
                .await
                .unwrap();
            assert_eq!(found.is_none(), gone, "{key}");
        }
    }

    #[tokio::test]
    async fn notifications_go_90_days_after_they_were_read_in_batches() {
        let t = TestApp::new().await;
        let u = t.user("reader@example.com").await;
        let now = t.app.now();
        let day = Duration::days(1);
        // (created, read): five read long ago, one read recently, one never read.
        let mut rows = vec![(now - day * 200, Some(now - day * 91)); 5];
        rows.push((now - day * 200, Some(now - day * 89)));
        rows.push((now - day * 400, None));
        for (created, read) in &rows {
            notification::ActiveModel {
                id: Set(hisaab_entity::NotificationId::new()),
                user_id: Set(u.id),
                tenant_id: Set(u.tenant_id),
                outbox_id: Set(hisaab_entity::OutboxId::new()),
                event_type: Set("expense.added".into()),
                data: Set("{}".into()),
                created_at: Set(*created),
                read_at: Set(*read),
            }
            .insert(&t.app.db)
            .await
            .unwrap();
        }
        // Batches of two: three statements for five rows, the last one short.
        assert_eq!(purge_notifications(&t.app, Pass::at(now), 2).await.unwrap(), 5);
        let left = notification::Entity::find().all(&t.app.db).await.unwrap();
        assert_eq!(left.len(), 2);
        assert!(left.iter().any(|n| n.read_at.is_none()), "unread stays");
        assert!(
            left.iter().any(|n| n.read_at == Some(now - day * 89)),
            "read 89 days ago stays"
        );
        assert_eq!(purge_notifications(&t.app, Pass::at(now), 2).await.unwrap(), 0);
        // The step runs with the others.
        assert_eq!(purge_expired(&t.app).await.unwrap().notifications, 0);
        assert_eq!(
            purge_notifications(&t.app, Pass::at(now + day * 2), NOTIFICATION_PURGE_BATCH)
                .await
                .unwrap(),
            1
        );
    }

    #[tokio::test]
    async fn purge_expired_runs_every_step_and_reports_counts() {
        let t = TestApp::new().await;
        let u = t.user("all@example.com").await;
        let now = t.app.now();
        idempotency_key::ActiveModel {
            id: Set(IdempotencyKeyId::new()),
            user_id: Set(u.id),
            key: Set("old-key".into()),
            fingerprint: Set("f".into()),
            status_code: Set(201),
            response_body: Set("{}".into()),
            created_at: Set(now - Duration::hours(idempotency::RETENTION_HOURS + 1)),
        }
        .insert(&t.app.db)
        .await
        .unwrap();
        let id = crate::outbox::enqueue(&t.app.db, now, None, &email_event())
            .await
            .unwrap();
        crate::outbox::complete(&t.app.db, id, now - Duration::days(30))
            .await
            .unwrap();
        add_session(&t, u.id, u.tenant_id, now - Duration::days(60), None).await;

        let purged = purge_expired(&t.app).await.unwrap();
        assert_eq!(
            purged,
            Purged {
                idempotency_keys: 1,
                outbox: 1,
                sessions: 1,
                ..Purged::default()
            }
        );
        assert_eq!(purged.total(), 3);
        assert_eq!(purge_expired(&t.app).await.unwrap(), Purged::default());
    }

    #[tokio::test]
    async fn realtime_signals_go_after_a_day() {
        let t = TestApp::new().await;
        let now = t.app.now();
        for age in [Duration::hours(25), Duration::hours(23)] {
            t.app
                .db
                .execute_raw(crate::db::stmt(
                    t.app.db.get_database_backend(),
                    "INSERT INTO realtime_signals (payload, created_at) VALUES ($1, $2)",
                    vec!["n:x".into(), sea_orm::Value::from(now - age)],
                ))
                .await
                .unwrap();
        }
        let purged = purge_expired(&t.app).await.unwrap();
        assert_eq!(purged.realtime_signals, 1);
        assert_eq!(purge_expired(&t.app).await.unwrap().realtime_signals, 0);
    }

    async fn add_audit(t: &TestApp, action: &str, age_days: i64) -> hisaab_entity::AuditId {
        let id = hisaab_entity::AuditId::new();
        audit_log::ActiveModel {
            id: Set(id),
            tenant_id: Set(None),
            actor_user_id: Set(None),
            subject_user_id: Set(None),
            action: Set(action.into()),
            details: Set("{}".into()),
            ip: Set(Some("203.0.113.9".into())),
            user_agent: Set(None),
            request_id: Set(None),
            created_at: Set(t.app.now() - Duration::days(age_days)),
        }
        .insert(&t.app.db)
        .await
        .unwrap();
        id
    }

    #[tokio::test]
    async fn security_audit_entries_go_after_two_years_and_the_others_after_seven() {
        let t = TestApp::new().await;
        let now = t.app.now();
        let old_sign_in = add_audit(&t, "auth.sign_in.success", 731).await;
        let old_staff_sign_in = add_audit(&t, "admin.sign_in.refused", 800).await;
        let recent_sign_in = add_audit(&t, "auth.sign_in.failure", 729).await;
        let old_expense = add_audit(&t, "expense.added", 800).await;
        let older_expense = add_audit(&t, "expense.added", 2556).await;
        let old_staff_action = add_audit(&t, "admin.role_changed", 2600).await;

        // A dry run counts and deletes nothing.
        let dry = run(
            &t.app,
            Pass {
                as_of: now,
                dry_run: true,
            },
        )
        .await
        .unwrap();
        assert_eq!((dry.security_audit_entries, dry.audit_entries), (2, 2));
        assert_eq!(count::<audit_log::Entity>(&t).await, 6);

        let purged = run(&t.app, Pass::at(now)).await.unwrap();
        assert_eq!((purged.security_audit_entries, purged.audit_entries), (2, 2));
        let left: Vec<_> = audit_log::Entity::find()
            .all(&t.app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        for gone in [old_sign_in, old_staff_sign_in, older_expense, old_staff_action] {
            assert!(!left.contains(&gone));
        }
        for kept in [recent_sign_in, old_expense] {
            assert!(left.contains(&kept));
        }
        // A purge twice removes nothing the second time.
        assert_eq!(run(&t.app, Pass::at(now)).await.unwrap(), Purged::default());
    }

    #[tokio::test]
    async fn audit_entries_go_in_batches() {
        let t = TestApp::new().await;
        for _ in 0..5 {
            add_audit(&t, "auth.sign_out", 1000).await;
        }
        let cutoff = t.app.now() - Duration::days(730);
        assert_eq!(
            purge_audit(&t.app, Pass::at(t.app.now()), true, cutoff, 2)
                .await
                .unwrap(),
            5
        );
        assert_eq!(count::<audit_log::Entity>(&t).await, 0);
    }

    #[tokio::test]
    async fn the_periods_are_settings() {
        let t = TestApp::with_settings(|s| {
            s.retention_security_audit_days = 10;
            s.retention_audit_days = 20;
            s.retention_notification_days = 5;
        })
        .await;
        add_audit(&t, "auth.sign_out", 11).await;
        add_audit(&t, "group.created", 11).await;
        add_audit(&t, "group.created", 21).await;
        let purged = purge_expired(&t.app).await.unwrap();
        assert_eq!((purged.security_audit_entries, purged.audit_entries), (1, 1));
    }

    /// The job queue's table as apalis makes it (the columns the purge
    /// reads), with finished, dead, retrying and waiting jobs.
    async fn queue_with_jobs(t: &TestApp) -> (DatabaseConnection, &'static str) {
        let (conn, table, ddl) = match QueueLocation::of(&t.app) {
            QueueLocation::Postgres => (
                t.app.db.clone(),
                "apalis.jobs",
                vec![
                    "CREATE SCHEMA IF NOT EXISTS apalis",
                    "CREATE TABLE IF NOT EXISTS apalis.jobs (job JSONB NOT NULL, id TEXT NOT NULL, \
                     job_type TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'Pending', attempts INTEGER NOT NULL \
                     DEFAULT 0, max_attempts INTEGER NOT NULL DEFAULT 25, run_at timestamptz NOT NULL DEFAULT now(), \
                     done_at timestamptz)",
                ],
            ),
            QueueLocation::Sqlite(path) => {
                let mut options = ConnectOptions::new(format!("sqlite://{}?mode=rwc", path.display()));
                options.max_connections(1).sqlx_logging(false);
                (
                    Database::connect(options).await.unwrap(),
                    "Jobs",
                    vec![
                        "CREATE TABLE IF NOT EXISTS Jobs (job TEXT NOT NULL, id TEXT NOT NULL UNIQUE, \
                         job_type TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'Pending', attempts INTEGER NOT NULL \
                         DEFAULT 0, max_attempts INTEGER NOT NULL DEFAULT 25, run_at INTEGER NOT NULL, done_at INTEGER)",
                    ],
                )
            }
            QueueLocation::Redis => unreachable!("tests run without Redis queues"),
        };
        for sql in ddl {
            conn.execute_unprepared(sql).await.unwrap();
        }
        let now = t.app.now();
        let backend = conn.get_database_backend();
        let at = |days: i64| -> sea_orm::Value {
            let when = now - Duration::days(days);
            if backend == DbBackend::Postgres {
                when.into()
            } else {
                when.unix_timestamp().into()
            }
        };
        // (id, status, attempts, max_attempts, age of run_at, age of done_at)
        type Row<'a> = (&'a str, &'a str, i32, i32, i64, Option<i64>);
        let rows: [Row; 7] = [
            ("done-old", "Done", 1, 3, 40, Some(40)),
            ("killed-old", "Killed", 1, 3, 40, Some(39)),
            ("dead-old", "Failed", 3, 3, 45, Some(35)),
            ("retrying-old", "Failed", 1, 3, 40, None),
            ("pending-old", "Pending", 0, 3, 60, None),
            ("done-recent", "Done", 1, 3, 40, Some(2)),
            ("dead-recent", "Failed", 3, 3, 29, None),
        ];
        for (id, status, attempts, max, run_age, done_age) in rows {
            conn.execute_raw(crate::db::stmt(
                backend,
                &format!(
                    "INSERT INTO {table} (job, id, job_type, status, attempts, max_attempts, run_at, done_at) \
                     VALUES ('{{}}', $1, 'SendEmail', $2, $3, $4, $5, $6)"
                ),
                vec![
                    id.into(),
                    status.into(),
                    attempts.into(),
                    max.into(),
                    at(run_age),
                    match done_age {
                        Some(d) => at(d),
                        None if backend == DbBackend::Postgres => sea_orm::Value::TimeDateTimeWithTimeZone(None),
                        None => sea_orm::Value::BigInt(None),
                    },
                ],
            ))
            .await
            .unwrap();
        }
        (conn, table)
    }

    async fn job_ids(conn: &DatabaseConnection, table: &str) -> Vec<String> {
        let rows = conn
            .query_all_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                format!("SELECT id FROM {table} ORDER BY id"),
            ))
            .await
            .unwrap();
        rows.iter()
            .map(|r| r.try_get::<String>("", "id").unwrap())
            .collect()
    }

    #[tokio::test]
    async fn finished_and_dead_jobs_go_after_30_days_and_retrying_ones_stay() {
        let t = TestApp::new().await;
        // Before any worker ran there is no queue table: nothing to do.
        assert_eq!(purge_jobs(&t.app, Pass::at(t.app.now()), 2).await.unwrap(), 0);
        let (conn, table) = queue_with_jobs(&t).await;
        let now = t.app.now();
        let dry = Pass {
            as_of: now,
            dry_run: true,
        };
        assert_eq!(purge_jobs(&t.app, dry, 2).await.unwrap(), 3);
        assert_eq!(job_ids(&conn, table).await.len(), 7, "a dry run deletes nothing");

        assert_eq!(purge_jobs(&t.app, Pass::at(now), 2).await.unwrap(), 3);
        assert_eq!(
            job_ids(&conn, table).await,
            ["dead-recent", "done-recent", "pending-old", "retrying-old"]
        );
        assert_eq!(purge_jobs(&t.app, Pass::at(now), 2).await.unwrap(), 0);
        // As of a later day, the recent ones are old enough too.
        let later = Pass::at(now + Duration::days(31));
        assert_eq!(purge_jobs(&t.app, later, 2).await.unwrap(), 2);
        assert_eq!(job_ids(&conn, table).await, ["pending-old", "retrying-old"]);
    }

    #[tokio::test]
    async fn a_dry_run_deletes_nothing_and_a_second_run_removes_nothing() {
        let t = TestApp::new().await;
        let u = t.user("twice@example.com").await;
        let now = t.app.now();
        add_session(&t, u.id, u.tenant_id, now + Duration::days(10), None).await;
        add_session(&t, u.id, u.tenant_id, now - Duration::days(60), None).await;
        add_audit(&t, "auth.sign_in.success", 800).await;
        let id = crate::outbox::enqueue(&t.app.db, now, None, &email_event())
            .await
            .unwrap();
        crate::outbox::complete(&t.app.db, id, now - Duration::days(30))
            .await
            .unwrap();

        let dry = run(
            &t.app,
            Pass {
                as_of: now,
                dry_run: true,
            },
        )
        .await
        .unwrap();
        assert_eq!(dry.sessions, 1);
        assert_eq!(dry.security_audit_entries, 1);
        assert_eq!(dry.outbox, 1);
        assert_eq!(
            run(
                &t.app,
                Pass {
                    as_of: now,
                    dry_run: true
                }
            )
            .await
            .unwrap(),
            dry
        );
        let real = run(&t.app, Pass::at(now)).await.unwrap();
        assert_eq!(real, dry, "the dry run counted what the real run deleted");
        assert_eq!(run(&t.app, Pass::at(now)).await.unwrap().total(), 0);
        // As of a date far ahead, the live session would go too.
        let ahead = run(
            &t.app,
            Pass {
                as_of: now + Duration::days(3650),
                dry_run: true,
            },
        )
        .await
        .unwrap();
        assert!(ahead.sessions >= 1, "{ahead:?}");
    }
}
