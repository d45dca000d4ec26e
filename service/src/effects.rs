//! One way to finish a write. Besides its own rows a write leaves audit
//! entries, activity lines and outbox events, and it must bump the view
//! revision (ADR 0014) of everyone whose cached views it changes. A use case
//! collects those in `Effects` and hands them to `WriteTx::commit`, the only
//! way to commit a transaction from `db::begin_write`: they are sent as one
//! statement on PostgreSQL (`db::execute_together`), then the transaction
//! commits.
//!
//! The bump is not a step to remember: `Effects::by(actor, …)` always bumps
//! the actor, and every domain event bumps everyone it notifies.

use crate::actor::{Actor, RequestMeta};
use crate::audit;
use crate::finance::rollups;
use crate::outbox::{self, Event};
use crate::social::activity;
use hisaab_entity::{TenantId, UserId};
use sea_orm::sea_query::InsertStatement;
use sea_orm::{DbBackend, DbErr, Statement};
use time::OffsetDateTime;

/// What a write leaves besides its rows, in the order added.
///
/// ```ignore
/// tx.commit(
///     Effects::by(actor, now)
///         .audit("finance.account_created", details.clone())
///         .event("account.created", details),
/// )
/// .await?;
/// ```
#[derive(Debug)]
#[must_use = "a write's effects do nothing until `WriteTx::commit` sends them"]
pub struct Effects {
    now: OffsetDateTime,
    /// The signed-in person writing, if any.
    by: Option<(UserId, TenantId)>,
    meta: RequestMeta,
    rows: Vec<InsertStatement>,
    /// The monthly rollup's changes (ADR 0004), summed per account-month.
    rollups: rollups::Pending,
    /// Everyone whose views change (besides `by`).
    bump: Vec<uuid::Uuid>,
    /// A line that needed a signed-in person (see `activity`).
    orphan_activity: bool,
}

impl Effects {
    /// A signed-in person's write. Their own view revision is always bumped.
    pub fn by(actor: &Actor, now: OffsetDateTime) -> Self {
        Self {
            now,
            by: Some((actor.user_id, actor.tenant_id)),
            meta: actor.meta.clone(),
            rows: Vec::new(),
            rollups: rollups::Pending::default(),
            bump: Vec::new(),
            orphan_activity: false,
        }
    }

    /// A write with nobody signed in: signing in or up, a reset link, a
    /// token refresh, the operator's command line, the worker. Nobody's
    /// views change but those its domain events notify.
    pub fn anonymous(meta: &RequestMeta, now: OffsetDateTime) -> Self {
        Self {
            now,
            by: None,
            meta: meta.clone(),
            rows: Vec::new(),
            rollups: rollups::Pending::default(),
            bump: Vec::new(),
            orphan_activity: false,
        }
    }

    /// The system's own bookkeeping (the worker leasing events, an
    /// operator's rebuild): nobody is writing, no view changes.
    pub fn system(now: OffsetDateTime) -> Self {
        Self::anonymous(&RequestMeta::default(), now)
    }

    /// An audit entry by the person writing about themself (all empty for
    /// an anonymous write: use `audit_entry` to name whom it is about).
    pub fn audit(&mut self, action: &str, details: serde_json::Value) -> &mut Self {
        let user = self.by.map(|(u, _)| u);
        let entry = audit::Entry {
            action,
            tenant_id: self.by.map(|(_, t)| t),
            actor_user_id: user,
            subject_user_id: user,
            details,
            meta: &self.meta,
        };
        self.rows.push(audit::insert(self.now, entry));
        self
    }

    /// An audit entry that names its own actor and subject (staff acting on
    /// someone, a sign-in naming the account).
    pub fn audit_entry(&mut self, entry: audit::Entry<'_>) -> &mut Self {
        self.rows.push(audit::insert(self.now, entry));
        self
    }

    /// A line in the activity log of shared data, by the person writing. An
    /// anonymous write has no one to show as its author: its commit fails.
    pub(crate) fn activity(&mut self, line: activity::Line<'_>) -> &mut Self {
        match self.by {
            Some((user, tenant)) => self.rows.push(activity::insert(tenant, user, self.now, line)),
            None => self.orphan_activity = true,
        }
        self
    }

    /// A row of the write itself, sent with the commit ahead of what is
    /// added after it: for a row nothing else in the write reads or points at.
    pub(crate) fn row(&mut self, insert: InsertStatement) -> &mut Self {
        self.rows.push(insert);
        self
    }

    /// A ledger record's change to its account's monthly rollup, sent with
    /// the commit (see `rollups::Pending`).
    pub(crate) fn rollup(&mut self, change: rollups::Change) -> &mut Self {
        self.rollups.add(change);
        self
    }

    /// A domain event that notifies the person writing.
    pub fn event(&mut self, event_type: &str, data: serde_json::Value) -> &mut Self {
        let notify = self.by.map(|(u, _)| u.0).into_iter().collect();
        self.event_to(event_type, data, notify)
    }

    /// A domain event that notifies `notify` (in that order), filed under
    /// the writer's tenant. Everyone notified has their views refreshed.
    pub fn event_to(
        &mut self,
        event_type: &str,
        data: serde_json::Value,
        notify: Vec<uuid::Uuid>,
    ) -> &mut Self {
        let tenant = self.by.map(|(_, t)| t);
        self.outbox(
            tenant,
            Event::Domain {
                event_type: event_type.into(),
                notify,
                data,
            },
        )
    }

    /// Any outbox event (an email, or a domain event filed under another
    /// tenant). A domain event refreshes the views of everyone it notifies,
    /// and its data names who did it (`actor_id`, the signed-in person
    /// writing) unless it already does: notifications say "Asha added …"
    /// and never email people about what they did themselves.
    pub fn outbox(&mut self, tenant_id: Option<TenantId>, mut event: Event) -> &mut Self {
        if let Event::Domain { notify, data, .. } = &mut event {
            self.bump.extend(notify.iter().copied());
            if let (Some((user, _)), serde_json::Value::Object(map)) = (self.by, data) {
                map.entry("actor_id")
                    .or_insert_with(|| serde_json::Value::String(user.0.to_string()));
            }
        }
        self.rows.push(outbox::insert(self.now, tenant_id, &event).1);
        self
    }

    /// Whose view revisions the commit bumps: the writer and everyone notified.
    pub fn bumped(&self) -> Vec<uuid::Uuid> {
        let mut users: Vec<uuid::Uuid> = self.by.map(|(u, _)| u.0).into_iter().collect();
        users.extend(self.bump.iter().copied());
        users.sort_unstable();
        users.dedup();
        users
    }

    /// The effects as statements for `db::execute_together`: the rollup's
    /// changes, the rows, then one bump of every revision (two bumps of one row in one PostgreSQL
    /// statement would conflict; one bump per write is all a view needs).
    pub(crate) fn statements(&self, backend: DbBackend) -> Result<Vec<Statement>, DbErr> {
        if self.orphan_activity {
            return Err(DbErr::Custom(
                "an activity line needs a signed-in person (Effects::by)".into(),
            ));
        }
        let mut stmts: Vec<Statement> = self.rollups.statements().map(|r| backend.build(&r)).collect();
        stmts.extend(self.rows.iter().map(|r| backend.build(r)));
        if let Some((sql, values)) = crate::view_cache::bump_sql(&self.bumped(), 1) {
            stmts.push(crate::db::stmt(backend, &sql, values));
        }
        Ok(stmts)
    }
}
