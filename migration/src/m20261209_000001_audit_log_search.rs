//! The console's audit log page (`/audit`) reads the log newest first in
//! keyset pages on `(created_at, id)`, narrowed by action, by the staff
//! member or person acting, or by one request id. The table had indexes
//! only by subject and by tenant; these serve the rest:
//!
//! - `ix_audit_created`: the whole log, newest first, and a time range;
//! - `ix_audit_action`: one action (`admin.user_locked`), newest first;
//! - `ix_audit_actor`: what one person did, newest first;
//! - `ix_audit_request`: the entries of one request (from a log line or an
//!   error page's request id).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    Action,
    ActorUserId,
    RequestId,
    CreatedAt,
}

const CREATED: &str = "ix_audit_created";
const ACTION: &str = "ix_audit_action";
const ACTOR: &str = "ix_audit_actor";
const REQUEST: &str = "ix_audit_request";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let indexes = [
            (CREATED, vec![AuditLog::CreatedAt, AuditLog::Id]),
            (ACTION, vec![AuditLog::Action, AuditLog::CreatedAt]),
            (ACTOR, vec![AuditLog::ActorUserId, AuditLog::CreatedAt]),
            (REQUEST, vec![AuditLog::RequestId]),
        ];
        for (name, cols) in indexes {
            let mut index = Index::create();
            index.name(name).table(AuditLog::Table);
            for col in cols {
                index.col(col);
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [REQUEST, ACTOR, ACTION, CREATED] {
            m.drop_index(Index::drop().name(name).table(AuditLog::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
