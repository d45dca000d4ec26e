//! Integration tests for the service layer. Every test gets a fresh, migrated
//! database (SQLite or PostgreSQL, `HISAAB_TEST_DATABASE=sqlite|postgres`) and
//! a fixed clock; Redis-backed parts run against the real Redis.

mod admin_jobs;
mod deletion;
mod exports;
mod exports_s3;
mod finance;
mod hisaab_import;
mod idempotency;
mod identity;
mod imports;
mod input;
mod notification_emails;
mod notifications;
mod outbox;
mod ratelimit;
mod schema;
mod sign_ins;
mod social;
mod staff_actions;
mod two_factor;
mod view_cache;

use hisaab_service::entity::{audit_log, outbox as outbox_entity, user};
use hisaab_service::outbox::{Event, OutgoingEmail};
use hisaab_service::testkit::TestApp;
use hisaab_service::{Error, RequestMeta};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Every email in the outbox, oldest first.
pub async fn emails(t: &TestApp) -> Vec<OutgoingEmail> {
    outbox_entity::Entity::find()
        .order_by_asc(outbox_entity::Column::CreatedAt)
        .order_by_asc(outbox_entity::Column::Id)
        .all(&t.app.db)
        .await
        .expect("read outbox")
        .into_iter()
        .filter_map(|row| match serde_json::from_str::<Event>(&row.payload) {
            Ok(Event::Email(email)) => Some(email),
            Ok(_) => None,
            Err(e) => panic!("outbox payload does not parse: {e}: {}", row.payload),
        })
        .collect()
}

/// The emails using `template`.
pub async fn emails_with(t: &TestApp, template: &str) -> Vec<OutgoingEmail> {
    emails(t)
        .await
        .into_iter()
        .filter(|e| e.template == template)
        .collect()
}

/// The one email using `template`; fails if there is not exactly one.
pub async fn only_email(t: &TestApp, template: &str) -> OutgoingEmail {
    let mut found = emails_with(t, template).await;
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {template} email, got {found:#?}"
    );
    found.remove(0)
}

/// The `token=` query value of a link.
pub fn token_in(link: &str) -> String {
    let (_, rest) = link
        .split_once("token=")
        .unwrap_or_else(|| panic!("no token= in {link}"));
    rest.split('&').next().unwrap_or_default().to_string()
}

/// The token from the `link` of an email's context.
pub fn email_token(email: &OutgoingEmail) -> String {
    token_in(email.context["link"].as_str().expect("email has a link"))
}

pub async fn audit_rows(t: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::CreatedAt)
        .all(&t.app.db)
        .await
        .expect("read audit log")
}

pub async fn user_row(t: &TestApp, email: &str) -> Option<user::Model> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&t.app.db)
        .await
        .expect("read users")
}

pub async fn count_users(t: &TestApp) -> u64 {
    user::Entity::find().count(&t.app.db).await.expect("count users")
}

pub async fn count_outbox(t: &TestApp) -> u64 {
    outbox_entity::Entity::find()
        .count(&t.app.db)
        .await
        .expect("count outbox")
}

pub async fn count_audit(t: &TestApp) -> u64 {
    audit_log::Entity::find()
        .count(&t.app.db)
        .await
        .expect("count audit")
}

/// Request metadata from another address.
pub fn meta_from(ip: &str) -> RequestMeta {
    RequestMeta {
        ip: Some(ip.into()),
        user_agent: Some("hisaab-tests".into()),
        request_id: Some(format!("req-{ip}")),
        api_sign_in: None,
    }
}

/// The field names of an `Invalid` error (panics on any other result).
#[track_caller]
pub fn invalid_fields<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<String> {
    match result {
        Err(Error::Invalid { errors, .. }) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[track_caller]
pub fn assert_unauthenticated<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Err(Error::Unauthenticated(_)) => {}
        other => panic!("expected Unauthenticated, got {other:?}"),
    }
}

/// The `retry_after_secs` of a `RateLimited` error (panics on any other result).
#[track_caller]
pub fn retry_after<T: std::fmt::Debug>(result: Result<T, Error>) -> u64 {
    match result {
        Err(Error::RateLimited { retry_after_secs, .. }) => retry_after_secs,
        other => panic!("expected RateLimited, got {other:?}"),
    }
}
