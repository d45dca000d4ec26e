//! Retention: deleting rows that have outlived their purpose. The worker's
//! `PurgeExpired` job calls [`purge_expired`] hourly. Each step is one
//! `DELETE … WHERE <indexed time column> < cutoff`, safe to run concurrently
//! and to repeat (a second run finds nothing), so the job may be retried freely.

use crate::{App, Result, idempotency};
use hisaab_entity::{
    email_token, notification, notification_email, outbox, pending_sign_in, refresh_token, session,
    sign_in_throttle,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait};
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
/// Notifications are kept 90 days after they were read; unread ones stay.
pub const NOTIFICATION_RETENTION_DAYS: i64 = 90;
/// Notifications deleted per statement, so no purge holds locks for long.
pub const NOTIFICATION_PURGE_BATCH: u64 = 1_000;
/// Notification emails already sent are kept a week (what went out, for support).
pub const SENT_EMAIL_RETENTION_DAYS: i64 = 7;
/// Batches per run: the job's run time stays bounded after a long outage;
/// what is left goes at the next hourly run.
pub const NOTIFICATION_PURGE_MAX_BATCHES: u64 = 100;

/// How many rows each step deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
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
    /// Data exports past their seven days (file and row).
    pub exports: u64,
}

impl Purged {
    pub fn total(&self) -> u64 {
        self.idempotency_keys
            + self.outbox
            + self.sessions
            + self.email_tokens
            + self.refresh_tokens
            + self.sign_in_throttles
            + self.realtime_signals
            + self.debt_reminders
            + self.notifications
            + self.notification_emails
            + self.pending_sign_ins
            + self.exports
    }
}

/// Runs every retention step at the app's current time.
pub async fn purge_expired(app: &App) -> Result<Purged> {
    let now = app.now();
    Ok(Purged {
        idempotency_keys: idempotency::purge_expired(app).await?,
        outbox: purge_outbox(app, now).await?,
        sessions: purge_sessions(app, now).await?,
        email_tokens: purge_email_tokens(app, now).await?,
        refresh_tokens: purge_refresh_tokens(app, now).await?,
        sign_in_throttles: purge_sign_in_throttles(app, now).await?,
        realtime_signals: purge_older_than(
            app,
            "realtime_signals",
            now - Duration::days(REALTIME_SIGNAL_RETENTION_DAYS),
        )
        .await?,
        debt_reminders: purge_older_than(
            app,
            "debt_reminders",
            now - Duration::days(DEBT_REMINDER_RETENTION_DAYS),
        )
        .await?,
        notifications: purge_notifications(app, now, NOTIFICATION_PURGE_BATCH).await?,
        notification_emails: purge_sent_emails(app, now).await?,
        pending_sign_ins: purge_pending_sign_ins(app, now).await?,
        exports: crate::exports::purge_expired(app, now).await?,
    })
}

/// Rows of `table` (one without an entity: `realtime_signals`,
/// `debt_reminders`) created before `cutoff`.
async fn purge_older_than(app: &App, table: &str, cutoff: OffsetDateTime) -> Result<u64> {
    let res = app
        .db
        .execute_raw(crate::db::stmt(
            app.db.get_database_backend(),
            &format!("DELETE FROM {table} WHERE created_at < $1"),
            vec![sea_orm::Value::from(cutoff)],
        ))
        .await?;
    Ok(res.rows_affected())
}

/// Pending sign-ins (a password waiting for its second factor, ADR 0023)
/// live five minutes; an hour later nobody needs them, used or not.
pub async fn purge_pending_sign_ins(app: &App, now: OffsetDateTime) -> Result<u64> {
    let res = pending_sign_in::Entity::delete_many()
        .filter(pending_sign_in::Column::ExpiresAt.lt(now - Duration::hours(1)))
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
}

/// Notification emails sent more than [`SENT_EMAIL_RETENTION_DAYS`] ago;
/// unsent ones are work still owed.
pub async fn purge_sent_emails(app: &App, now: OffsetDateTime) -> Result<u64> {
    let cutoff = now - Duration::days(SENT_EMAIL_RETENTION_DAYS);
    let res = notification_email::Entity::delete_many()
        .filter(notification_email::Column::SentAt.lt(cutoff))
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
}

/// Outbox rows dispatched more than [`OUTBOX_RETENTION_DAYS`] ago. Undispatched
/// rows are never deleted, however old: they are work still owed.
pub async fn purge_outbox(app: &App, now: OffsetDateTime) -> Result<u64> {
    let cutoff = now - Duration::days(OUTBOX_RETENTION_DAYS);
    let res = outbox::Entity::delete_many()
        .filter(outbox::Column::DispatchedAt.lt(cutoff))
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
}

/// Sessions that expired, or were revoked, more than [`SESSION_RETENTION_DAYS`] ago.
pub async fn purge_sessions(app: &App, now: OffsetDateTime) -> Result<u64> {
    let cutoff = now - Duration::days(SESSION_RETENTION_DAYS);
    let res = session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lt(cutoff))
                .add(session::Column::RevokedAt.lt(cutoff)),
        )
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
}

/// Email tokens (verification, reset) that expired more than
/// [`EMAIL_TOKEN_RETENTION_DAYS`] ago, used or not.
pub async fn purge_email_tokens(app: &App, now: OffsetDateTime) -> Result<u64> {
    let cutoff = now - Duration::days(EMAIL_TOKEN_RETENTION_DAYS);
    let res = email_token::Entity::delete_many()
        .filter(email_token::Column::ExpiresAt.lt(cutoff))
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
}

/// Refresh tokens past their expiry. Reuse detection only matters while a
/// token could still be exchanged, and an expired one cannot.
pub async fn purge_refresh_tokens(app: &App, now: OffsetDateTime) -> Result<u64> {
    let res = refresh_token::Entity::delete_many()
        .filter(refresh_token::Column::ExpiresAt.lt(now))
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
}

/// Notifications read more than [`NOTIFICATION_RETENTION_DAYS`] ago (so
/// created longer ago still); unread ones are never purged. `batch` rows
/// per statement (found through `ix_notifications_read_at`), at most
/// [`NOTIFICATION_PURGE_MAX_BATCHES`] statements per run.
pub async fn purge_notifications(app: &App, now: OffsetDateTime, batch: u64) -> Result<u64> {
    let cutoff = now - Duration::days(NOTIFICATION_RETENTION_DAYS);
    let mut total = 0;
    for _ in 0..NOTIFICATION_PURGE_MAX_BATCHES {
        let ids = notification::Entity::find()
            .select_only()
            .column(notification::Column::Id)
            .filter(notification::Column::ReadAt.lt(cutoff))
            .limit(batch)
            .into_query();
        let deleted = notification::Entity::delete_many()
            .filter(notification::Column::Id.in_subquery(ids))
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

/// Sign-in throttles (unknown-email lockouts) whose lock has ended and whose
/// counting window has passed: such a row no longer changes any decision
/// (`identity::sign_in` starts a fresh window when it finds one like it).
pub async fn purge_sign_in_throttles(app: &App, now: OffsetDateTime) -> Result<u64> {
    let window = Duration::minutes(i64::from(app.settings.lockout_minutes));
    let res = sign_in_throttle::Entity::delete_many()
        .filter(sign_in_throttle::Column::WindowStartedAt.lte(now - window))
        .filter(
            Condition::any()
                .add(sign_in_throttle::Column::LockedUntil.is_null())
                .add(sign_in_throttle::Column::LockedUntil.lte(now)),
        )
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
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

        assert_eq!(purge_outbox(&t.app, now).await.unwrap(), 1);
        assert_eq!(count::<outbox::Entity>(&t).await, 2);
        assert!(
            outbox::Entity::find_by_id(old)
                .one(&t.app.db)
                .await
                .unwrap()
                .is_none()
        );
        // Idempotent: a second run finds nothing.
        assert_eq!(purge_outbox(&t.app, now).await.unwrap(), 0);
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

        assert_eq!(purge_sessions(&t.app, now).await.unwrap(), 2);
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
        assert_eq!(purge_email_tokens(&t.app, now).await.unwrap(), 2);
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
        assert_eq!(purge_refresh_tokens(&t.app, now).await.unwrap(), 2);
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
        assert_eq!(purge_sign_in_throttles(&t.app, now).await.unwrap(), 2);
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
        assert_eq!(purge_notifications(&t.app, now, 2).await.unwrap(), 5);
        let left = notification::Entity::find().all(&t.app.db).await.unwrap();
        assert_eq!(left.len(), 2);
        assert!(left.iter().any(|n| n.read_at.is_none()), "unread stays");
        assert!(
            left.iter().any(|n| n.read_at == Some(now - day * 89)),
            "read 89 days ago stays"
        );
        assert_eq!(purge_notifications(&t.app, now, 2).await.unwrap(), 0);
        // The step runs with the others.
        assert_eq!(purge_expired(&t.app).await.unwrap().notifications, 0);
        assert_eq!(
            purge_notifications(&t.app, now + day * 2, NOTIFICATION_PURGE_BATCH)
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
}
