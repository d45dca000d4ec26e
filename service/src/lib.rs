//! Hisaab's domain: money, identity, tenancy and the use cases. Knows nothing
//! of HTTP: web, admin and worker call these functions and map the results.

pub mod actor;
pub mod admin_jobs;
pub mod admin_records;
pub mod admin_stats;
pub mod audit;
pub mod audit_search;
pub mod clock;
pub mod crypto;
pub mod csv;
pub mod db;
pub mod effects;
pub mod error;
pub mod exports;
pub mod finance;
pub mod i18n;
pub mod idempotency;
pub mod identity;
pub mod imports;
pub mod input;
pub mod jobs;
pub mod mail;
pub mod money;
pub mod notifications;
pub mod outbox;
pub mod pagination;
pub mod ratelimit;
pub mod realtime;
pub mod retention;
pub mod settings;
pub mod settle_plan;
pub mod social;
pub mod split;
pub mod telemetry;
pub mod templating;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod throttle;
pub mod view_cache;

pub use actor::{Actor, RequestMeta};
pub use error::{Error, FieldError, Result};
pub use hisaab_entity as entity;
pub use settings::Settings;

use clock::SharedClock;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use time::OffsetDateTime;

/// Everything a use case needs: the database, settings, the clock and the
/// shared rate limiter. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub clock: SharedClock,
    pub limiter: ratelimit::RateLimiter,
    /// Derived views cached per user (ADR 0014).
    pub views: view_cache::ViewCache,
    /// List pages cached per user the same way (a group's expense pages).
    pub pages: view_cache::ViewCache,
    /// Access tokens already verified (see `identity::VerifiedTokens`).
    pub tokens: identity::VerifiedTokens,
    /// API sign-ins revoked recently, refreshed once a second (ADR 0018).
    pub revoked: identity::RevokedSignIns,
    /// Wake-ups for the web processes' event streams (ADR 0021).
    pub bus: realtime::Bus,
}

impl App {
    /// Connects to the database (and Redis when configured) and checks the
    /// schema: migrates in dev, refuses to run on a schema that is behind otherwise.
    pub async fn start(settings: Settings) -> anyhow::Result<Self> {
        let db = db::connect(&settings.database_url(), settings.database_max_connections).await?;
        db::ensure_schema(&db, settings.auto_migrate).await?;
        let (limiter, bus) = match &settings.redis_url {
            Some(url) => (
                ratelimit::RateLimiter::redis(url.expose()).await?,
                realtime::Bus::redis(url.expose()).await?,
            ),
            None => (ratelimit::RateLimiter::in_memory(), realtime::Bus::database(&db)),
        };
        Ok(Self {
            db,
            settings: Arc::new(settings),
            clock: Arc::new(clock::SystemClock),
            limiter,
            views: Default::default(),
            pages: view_cache::ViewCache::pages(),
            tokens: Default::default(),
            revoked: Default::default(),
            bus,
        })
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// A link into the public web app.
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.settings.public_url, path_and_query)
    }

    /// Readiness: the database answers, and Redis when configured.
    pub async fn check_ready(&self) -> Vec<(&'static str, Result<(), String>)> {
        let database = self.db.ping().await.map_err(|e| e.to_string());
        let mut checks = vec![("database", database)];
        if self.limiter.is_shared() {
            checks.push(("redis", self.limiter.ping().await.map_err(|e| e.to_string())));
        }
        checks
    }
}
