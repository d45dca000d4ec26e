//! Schema history. Append-only: a migration that has shipped is never edited;
//! a change is a new file. Migrations never import `hisaab-entity`, so a model
//! can change without rewriting history.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_identity;
mod m20261125_000002_notifications;
mod m20261126_000001_finance;
mod m20261126_000002_social;
mod m20261126_000003_wealth;
mod m20261126_000004_sharing;
mod m20261126_000005_group_pair_balances;
mod m20261203_000001_striped_rollup_and_view_revisions;
mod m20261205_000001_peer_debt_corrections;
mod m20261205_000002_settlement_corrections;
mod m20261205_000003_group_management;
mod m20261205_000004_expense_list;
mod m20261205_000005_sign_in_revocation;
mod m20261206_000010_realtime;
mod m20261206_000011_expense_line_covering_index;
mod m20261206_000012_debt_reminders;
mod m20261207_000001_notification_centre;
mod m20261207_000002_notification_email;
mod m20261208_000001_two_factor;
mod m20261209_000001_audit_log_search;
mod m20261209_000002_outbox_dead_letter;
mod m20261210_000001_admin_record_indexes;
mod m20261211_000001_exports;
mod m20261211_000002_account_deletion;
mod m20261211_000003_imports;
mod m20261212_000001_user_locale;
mod util;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_identity::Migration),
            Box::new(m20261125_000002_notifications::Migration),
            Box::new(m20261126_000001_finance::Migration),
            Box::new(m20261126_000002_social::Migration),
            Box::new(m20261126_000003_wealth::Migration),
            Box::new(m20261126_000004_sharing::Migration),
            Box::new(m20261126_000005_group_pair_balances::Migration),
            Box::new(m20261203_000001_striped_rollup_and_view_revisions::Migration),
            Box::new(m20261205_000001_peer_debt_corrections::Migration),
            Box::new(m20261205_000002_settlement_corrections::Migration),
            Box::new(m20261205_000003_group_management::Migration),
            Box::new(m20261205_000004_expense_list::Migration),
            Box::new(m20261205_000005_sign_in_revocation::Migration),
            Box::new(m20261206_000010_realtime::Migration),
            Box::new(m20261206_000011_expense_line_covering_index::Migration),
            Box::new(m20261206_000012_debt_reminders::Migration),
            Box::new(m20261207_000001_notification_centre::Migration),
            Box::new(m20261207_000002_notification_email::Migration),
            Box::new(m20261208_000001_two_factor::Migration),
            Box::new(m20261209_000001_audit_log_search::Migration),
            Box::new(m20261209_000002_outbox_dead_letter::Migration),
            Box::new(m20261210_000001_admin_record_indexes::Migration),
            Box::new(m20261211_000001_exports::Migration),
            Box::new(m20261211_000002_account_deletion::Migration),
            Box::new(m20261211_000003_imports::Migration),
            Box::new(m20261212_000001_user_locale::Migration),
        ]
    }
}
