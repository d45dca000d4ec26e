//! Worker integration tests: one binary, real database (SQLite or PostgreSQL by
//! `HISAAB_TEST_DATABASE`), real queue (apalis on SQL, or the real Redis).

mod concurrency;
mod email_flow;
mod exports;
mod failures;
mod notification_emails;
mod notifications;
mod reminders;
mod support;
