//! Integration tests for the service layer. Every test gets a fresh, migrated
//! database (SQLite or PostgreSQL, `HISAAB_TEST_DATABASE=sqlite|postgres`).

mod social;
