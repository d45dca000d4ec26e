//! HTTP tests for the public web server: pages, the JSON API, security
//! middleware and contract snapshots, all through poem's `TestClient` on the
//! real route table (`hisaab_web::app`). Each test has its own database
//! (`HISAAB_TEST_DATABASE=sqlite|postgres`) and a fixed clock.

mod account;
mod account_deletion;
mod api;
mod api_contract;
mod exports;
mod finance;
mod i18n;
mod i18n_rest;
mod imports;
mod live;
mod notifications;
mod page_errors;
mod pages;
mod security;
mod snapshots;
mod social;
mod support;
mod two_factor;
mod ui;
