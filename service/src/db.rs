//! Connecting to the database and keeping the schema honest.

use crate::effects::Effects;
use crate::error::Result;
use anyhow::Context;
use hisaab_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, FromQueryResult, QueryResult, QueryTrait, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait, Value,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

/// Opens a pool. SQLite gets WAL, foreign keys and a busy timeout explicitly
/// (sqlx leaves `journal_mode` alone).
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .map(|p| p.split('?').next().unwrap_or(p))
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create database directory {}", parent.display()))?;
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings a connection on every checkout by default: one more
        // round trip per query (a third of a one-query request's database
        // work). A connection only goes stale after sitting idle (a restart,
        // a proxy's idle timeout), so only those are checked first.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false);
    sqlite_options(&mut options, Duration::from_secs(10), None);
    Database::connect(options)
        .await
        .context("cannot connect to the database (check HISAAB_DATABASE_URL)")
}

/// Starts a transaction that will write. On SQLite it runs on the file's one
/// writer connection ([`sqlite_writer`]) and takes the write lock at `BEGIN`
/// (IMMEDIATE): a deferred transaction that later upgrades can fail with
/// SQLITE_BUSY instead of waiting.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTx, DbErr> {
    let Some(file) = sqlite_file(db) else {
        return Ok(WriteTx {
            tx: db.begin().await?,
            checkpoints: None,
        });
    };
    let writer = sqlite_writer(&file).await?;
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    // Another process (the worker) holds the file's write lock: its
    // transactions last a millisecond or two, so try again every
    // millisecond. SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20,
    // 25 … ms between tries and overshoots, and every writer queued behind
    // this connection would wait with it (ADR 0028).
    let started = std::time::Instant::now();
    loop {
        match writer.conn.begin_with_options(options).await {
            Ok(tx) => {
                return Ok(WriteTx {
                    tx,
                    checkpoints: Some((writer, db.clone())),
                });
            }
            Err(e) if is_sqlite_busy(&e) && started.elapsed() < SQLITE_LOCK_WAIT => {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// How long a write waits for another process's write lock on a SQLite file.
const SQLITE_LOCK_WAIT: Duration = Duration::from_secs(10);

/// SQLITE_BUSY, or one of its extended codes (the low byte is 5).
fn is_sqlite_busy(e: &DbErr) -> bool {
    let (DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime)) = e else {
        return false;
    };
    let sea_orm::RuntimeErr::SqlxError(sqlx) = runtime else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(db) = &**sqlx else {
        return false;
    };
    db.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == 5)
}

/// The file of a SQLite pool; `None` on PostgreSQL, and for an in-memory
/// database (a second connection would be another database).
fn sqlite_file(db: &DatabaseConnection) -> Option<PathBuf> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_path_buf();
    (file.as_os_str() != ":memory:").then_some(file)
}

/// One SQLite file's writer connection, and its checkpoints.
struct SqliteWriter {
    conn: DatabaseConnection,
    /// Commits since the last background checkpoint started.
    commits: AtomicU32,
    checkpointing: AtomicBool,
}

/// Commits between two background checkpoints (a write is about 20 pages).
const CHECKPOINT_EVERY: u32 = 256;
/// WAL pages after which the writer's own commit checkpoints (SQLite's
/// default is 1,000): 32 MB of 4 KB pages.
const WRITER_AUTOCHECKPOINT: &str = "8000";

impl SqliteWriter {
    /// Counts a commit; every `CHECKPOINT_EVERY`, copies the WAL into the
    /// database file on a connection of `readers`, beside the writer.
    ///
    /// A checkpoint copies WAL pages into the database file and fsyncs both.
    /// SQLite runs it in the connection whose commit takes the WAL past
    /// `wal_autocheckpoint` pages, before that commit returns: on the one
    /// writer connection, with its default of 1,000 pages (about 50 writes
    /// of ~20 pages each here), every writer queued behind waited 5–15 ms
    /// many times a second. A PASSIVE checkpoint here takes no lock a writer
    /// or reader needs and does that copying beside them; the writer's own
    /// checkpoint, now at 8,000 pages, finds little left to copy and lets
    /// the WAL start over (a background pass alone never catches a WAL that
    /// is being written to, so it would grow without end).
    fn committed(self: &Arc<Self>, readers: &DatabaseConnection) {
        if self.commits.fetch_add(1, Ordering::Relaxed) + 1 < CHECKPOINT_EVERY
            || self.checkpointing.swap(true, Ordering::AcqRel)
        {
            return;
        }
        self.commits.store(0, Ordering::Relaxed);
        let (writer, readers) = (self.clone(), readers.clone());
        tokio::spawn(async move {
            if let Err(e) = readers.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await {
                tracing::debug!(error = %e, "SQLite background checkpoint skipped");
            }
            writer.checkpointing.store(false, Ordering::Release);
        });
    }
}

/// One writer per SQLite file in this process (a test process may open
/// several files).
static SQLITE_WRITERS: LazyLock<Mutex<HashMap<PathBuf, WriterCell>>> = LazyLock::new(Mutex::default);

/// A file's writer, opened by the first write.
type WriterCell = Arc<tokio::sync::OnceCell<Arc<SqliteWriter>>>;

/// SQLite lets one transaction write at a time. With writes on the shared
/// pool, each waiting writer holds a pool connection and polls the lock from
/// SQLite's busy handler, sleeping longer after every miss: under many writers
/// a few wait a second or more while later ones slip in, and readers wait for
/// the connections the pollers hold (p99 1 s at 64 connections, ADR 0028).
/// Every write transaction of this process therefore runs on one dedicated
/// connection: writers queue for it in the pool, first come first served,
/// without polling, and the read pool stays free for reads (WAL: they read
/// beside the writer). A writer of another process on the same file (the
/// worker beside the web server) is waited for in `begin_write`.
async fn sqlite_writer(file: &std::path::Path) -> Result<Arc<SqliteWriter>, DbErr> {
    let cell = SQLITE_WRITERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(file.to_path_buf())
        .or_default()
        .clone();
    let writer = cell
        .get_or_try_init(|| async {
            let mut options = ConnectOptions::new(format!("sqlite://{}", file.display()));
            options
                .max_connections(1)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(5))
                // A queue of writers: a request waits its turn up to its own
                // deadline rather than failing at the pool's.
                .acquire_timeout(Duration::from_secs(30))
                .sqlx_logging(false);
            // `begin_write` waits for another process's lock itself, in
            // steps of a millisecond; SQLite's handler would sleep longer.
            sqlite_options(&mut options, Duration::ZERO, Some(WRITER_AUTOCHECKPOINT));
            Ok::<_, DbErr>(Arc::new(SqliteWriter {
                conn: Database::connect(options).await?,
                commits: AtomicU32::new(0),
                checkpointing: AtomicBool::new(false),
            }))
        })
        .await?;
    Ok(writer.clone())
}

/// What every SQLite connection, reader or writer, is opened with; how long
/// SQLite itself waits for a lock (its busy handler) and when a commit
/// checkpoints differ.
fn sqlite_options(
    options: &mut ConnectOptions,
    busy_timeout: Duration,
    autocheckpoint: Option<&'static str>,
) {
    options.map_sqlx_sqlite_opts(move |o| {
        let o = o
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(busy_timeout)
            // What the WAL file is cut back to after it starts over. Above
            // the writer's checkpoint point (8,000 pages, 32 MB), so the file
            // is written over in place rather than cut and grown again every
            // cycle: at 16 MB, 64 writers' p99 was 96 ms, at 64 MB 83 ms
            // (ADR 0028 addendum). A burst that outruns the checkpoints is
            // still cut back to it.
            .pragma("journal_size_limit", "67108864");
        match autocheckpoint {
            Some(pages) => o.pragma("wal_autocheckpoint", pages),
            None => o,
        }
    });
}

/// A write transaction. It reads and writes like any connection, and commits
/// only with the write's `Effects` (see `effects`): a write that does not say
/// what it leaves behind, and whose views it changes, does not compile.
/// Dropping it (or `rollback`) undoes everything.
pub struct WriteTx {
    tx: DatabaseTransaction,
    /// On a SQLite file: its writer, and the read pool its checkpoints use.
    checkpoints: Option<(Arc<SqliteWriter>, DatabaseConnection)>,
}

impl WriteTx {
    /// Sends `effects` (one statement on PostgreSQL) and commits.
    pub async fn commit(self, effects: &Effects) -> Result<(), DbErr> {
        let stmts = effects.statements(self.tx.get_database_backend())?;
        execute_together(&self.tx, stmts).await?;
        self.finish().await
    }

    /// `commit`, sending `first` in the same round trip ahead of the effects
    /// (the idempotency key: a unique violation there fails the whole write).
    pub(crate) async fn commit_after(self, first: Statement, effects: &Effects) -> Result<(), DbErr> {
        let mut stmts = vec![first];
        stmts.extend(effects.statements(self.tx.get_database_backend())?);
        execute_together(&self.tx, stmts).await?;
        self.finish().await
    }

    async fn finish(self) -> Result<(), DbErr> {
        self.tx.commit().await?;
        if let Some((writer, readers)) = &self.checkpoints {
            writer.committed(readers);
        }
        Ok(())
    }

    /// Undoes everything: for a write that found nothing to change.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.tx.rollback().await
    }
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T, DbErr>> + Send + 'a>>;

// By hand rather than with `async_trait`: each method hands over the inner
// transaction's future as it is.
impl ConnectionTrait for WriteTx {
    fn get_database_backend(&self) -> DbBackend {
        self.tx.get_database_backend()
    }

    fn execute_raw<'a, 'b>(&'a self, stmt: Statement) -> Boxed<'b, ExecResult>
    where
        'a: 'b,
        Self: 'b,
    {
        self.tx.execute_raw(stmt)
    }

    fn execute_unprepared<'a, 's, 'b>(&'a self, sql: &'s str) -> Boxed<'b, ExecResult>
    where
        'a: 'b,
        's: 'b,
        Self: 'b,
    {
        self.tx.execute_unprepared(sql)
    }

    fn query_one_raw<'a, 'b>(&'a self, stmt: Statement) -> Boxed<'b, Option<QueryResult>>
    where
        'a: 'b,
        Self: 'b,
    {
        self.tx.query_one_raw(stmt)
    }

    fn query_all_raw<'a, 'b>(&'a self, stmt: Statement) -> Boxed<'b, Vec<QueryResult>>
    where
        'a: 'b,
        Self: 'b,
    {
        self.tx.query_all_raw(stmt)
    }

    fn support_returning(&self) -> bool {
        self.tx.support_returning()
    }
}

#[derive(Debug, thiserror::Error)]
#[error(
    "the database schema is behind this build ({pending} pending migration(s): {names}); \
     run `hisaab-migrate up` (or set HISAAB_AUTO_MIGRATE=true)"
)]
pub struct SchemaBehind {
    pub pending: usize,
    pub names: String,
}

/// Which of this build's migrations the database lacks (`pending`) and which
/// applied ones this build does not know (`ahead`: a newer release migrated it).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SchemaStatus {
    pub pending: Vec<String>,
    pub ahead: Vec<String>,
}

/// Compares the applied migrations with this build's. sea-orm-migration's own
/// status refuses a database that has migrations it has no file for; we read
/// the table ourselves so that a release can run on the schema of the next
/// one (the expand/contract rule, docs/SUPPORT.md).
pub async fn schema_status(db: &DatabaseConnection) -> anyhow::Result<SchemaStatus> {
    Migrator::install(db).await.context("reading migration status")?;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await
        .context("reading migration status")?;
    let applied = rows
        .iter()
        .map(|r| r.try_get::<String>("", "version"))
        .collect::<Result<std::collections::HashSet<_>, _>>()
        .context("reading migration status")?;
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let mut ahead: Vec<String> = applied.iter().filter(|v| !known.contains(v)).cloned().collect();
    ahead.sort();
    Ok(SchemaStatus {
        pending: known.into_iter().filter(|m| !applied.contains(m)).collect(),
        ahead,
    })
}

/// Applies pending migrations when `auto_migrate`, else refuses to run on a
/// schema that is behind. A schema that is ahead (migrated by a newer
/// release, during a rolling upgrade or after a rollback) is fine: releases
/// only ever expand the schema the one before them reads.
pub async fn ensure_schema(db: &DatabaseConnection, auto_migrate: bool) -> anyhow::Result<()> {
    let status = schema_status(db).await?;
    if !status.ahead.is_empty() {
        tracing::info!(
            newer = %status.ahead.join(", "),
            "the schema is ahead of this build: a newer release migrated it"
        );
    }
    if status.pending.is_empty() {
        return Ok(());
    }
    if auto_migrate && status.ahead.is_empty() {
        Migrator::up(db, None).await.context("applying migrations")?;
        return Ok(());
    }
    Err(SchemaBehind {
        pending: status.pending.len(),
        names: status.pending.join(", "),
    }
    .into())
}

pub fn is_postgres(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}

/// Whether an error is a unique-constraint violation (on either backend).
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Whether `err` says the database could not be reached rather than that the
/// request or the code is wrong: no connection to be had from the pool, the
/// connection refused, reset or closed under the query, or the server
/// shutting down or starting up (SQLSTATE class 08, 57P01–57P03). A request
/// that failed this way changed nothing and can be sent again, so the web
/// answers 503 (`Retry-After`), not 500.
pub fn is_unavailable(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        if let Some(db) = cause.downcast_ref::<DbErr>() {
            db_unavailable(db)
        } else if let Some(e) = cause.downcast_ref::<sea_orm::sqlx::Error>() {
            sqlx_unavailable(e)
        } else {
            false
        }
    })
}

fn db_unavailable(e: &DbErr) -> bool {
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => match runtime {
            sea_orm::RuntimeErr::SqlxError(e) => sqlx_unavailable(e),
            _ => false,
        },
        _ => false,
    }
}

fn sqlx_unavailable(e: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error as E;
    match e {
        E::Io(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed | E::Tls(_) => true,
        E::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")),
        _ => false,
    }
}

/// Runs `select` with `LIMIT n` written into its SQL rather than bound.
///
/// PostgreSQL keeps one plan for a prepared statement only when a generic
/// plan looks about as cheap as a plan for the values at hand. With the
/// limit as a parameter the generic plan assumes a tenth of the table comes
/// back, so it always loses and every execution of a list query is planned
/// again: a third of a list page's database time, and half the page query's
/// throughput (measured with pgbench, see docs/decisions/0015). `n` is a
/// number, so nothing a caller passes can change the statement.
pub(crate) async fn all_limited<M, C, Q>(conn: &C, select: Q, n: u64) -> Result<Vec<M>, DbErr>
where
    M: FromQueryResult,
    C: ConnectionTrait,
    Q: QueryTrait,
{
    M::find_by_statement(limited(conn.get_database_backend(), select, n))
        .all(conn)
        .await
}

/// `select` as a statement with `LIMIT n` written in (see `all_limited`).
pub(crate) fn limited(backend: DbBackend, select: impl QueryTrait, n: u64) -> Statement {
    let mut statement = select.build(backend);
    statement.sql.push_str(" LIMIT ");
    statement.sql.push_str(&n.to_string());
    statement
}

/// A raw statement written with `$1, $2, …` placeholders for either backend
/// (SQLite gets `?1, ?2, …`).
pub(crate) fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Sqlite {
        sql.replace('$', "?")
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

pub(crate) async fn query_all<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>> {
    Ok(db
        .query_all_raw(stmt(db.get_database_backend(), sql, values))
        .await?)
}

pub(crate) fn get<T: sea_orm::TryGetable>(row: &QueryResult, col: &str) -> Result<T> {
    Ok(row.try_get::<T>("", col)?)
}

/// Runs independent writes whose results nobody reads (an audit entry, an
/// outbox event, a revision bump, an activity line) in the caller's
/// transaction, in **one** round trip: on PostgreSQL as one statement of
/// data-modifying CTEs, on SQLite as one string of statements that its
/// driver steps through in order on its thread. The statements must not
/// touch the same row (PostgreSQL runs them on one snapshot, in no set
/// order).
///
/// On SQLite every write runs on the file's one writer connection, so each
/// round trip to that connection's thread is time every queued writer waits
/// (ADR 0028): the effects of a write used to be four of them.
pub(crate) async fn execute_together<C: ConnectionTrait>(
    conn: &C,
    stmts: Vec<Statement>,
) -> Result<(), DbErr> {
    let backend = conn.get_database_backend();
    match backend {
        _ if stmts.len() < 2 => {
            for s in stmts {
                conn.execute_raw(s).await?;
            }
            return Ok(());
        }
        DbBackend::Sqlite => {
            conn.execute_raw(sqlite_script(stmts)?).await?;
            return Ok(());
        }
        _ => {}
    }
    let mut sql = String::from("WITH ");
    let mut values: Vec<Value> = Vec::new();
    let last = stmts.len() - 1;
    for (i, s) in stmts.into_iter().enumerate() {
        let offset = values.len();
        let renumbered = renumber(&s.sql, offset);
        if i == last {
            sql.push(' ');
            sql.push_str(&renumbered);
        } else {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("w{i} AS ({renumbered})"));
        }
        values.extend(s.values.map(|v| v.0).unwrap_or_default());
    }
    conn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}

/// SQLite statements as one script with one list of values. Every
/// placeholder becomes a bare `?` with its value at its place in the list:
/// sqlx binds a script's bare placeholders in order, statement after
/// statement. (Numbered ones would not do: SQLite counts the unused numbers
/// below a statement's first as parameters, and sqlx stops binding at the
/// first of those past the end of the list.)
///
/// A placeholder without a value is refused rather than bound as NULL
/// (what SQLite and sqlx would do): it is a statement built wrong.
fn sqlite_script(stmts: Vec<Statement>) -> Result<Statement, DbErr> {
    let mut sql = String::new();
    let mut values: Vec<Value> = Vec::new();
    let mut missing = None;
    for s in stmts {
        if !sql.is_empty() {
            sql.push_str(";\n");
        }
        let own = s.values.map(|v| v.0).unwrap_or_default();
        sql.push_str(&sqlite_in_order(&s.sql, |n| match own.get(n - 1) {
            Some(v) => values.push(v.clone()),
            None => missing = Some(format!("placeholder {n} has no value in: {}", s.sql)),
        }));
        if let Some(missing) = missing {
            return Err(DbErr::Custom(missing));
        }
    }
    Ok(Statement::from_sql_and_values(DbBackend::Sqlite, sql, values))
}

/// One SQLite statement with every placeholder written `?`, calling `take`
/// with the number each one had, in the order they appear (a number used
/// twice is taken twice). A bare `?` is one more than the largest number
/// before it, as in SQLite; quoted strings and names are copied as they are.
fn sqlite_in_order(sql: &str, mut take: impl FnMut(usize)) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut largest = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut number: Option<usize> = None;
                while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    number = Some(number.unwrap_or(0) * 10 + d as usize);
                    chars.next();
                }
                let n = number.unwrap_or(largest + 1);
                largest = largest.max(n);
                take(n);
                out.push('?');
            }
            _ => out.push(c),
        }
    }
    out
}

/// `$n` → `$(n + offset)` in a statement built with numbered placeholders.
fn renumber(sql: &str, offset: usize) -> String {
    if offset == 0 {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '$' && chars.peek().is_some_and(|(_, d)| d.is_ascii_digit()) {
            let mut n = 0usize;
            while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
                n = n * 10 + d.to_digit(10).unwrap_or(0) as usize;
                chars.next();
            }
            out.push_str(&format!("${}", n + offset));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod together_tests {
    #[test]
    fn placeholders_move_past_the_earlier_statements_values() {
        assert_eq!(
            super::renumber("INSERT INTO t (a, b) VALUES ($1, $2), ($10, $2)", 3),
            "INSERT INTO t (a, b) VALUES ($4, $5), ($13, $5)"
        );
        assert_eq!(super::renumber("SELECT $1", 0), "SELECT $1");
    }

    #[test]
    fn sqlite_placeholders_become_bare_in_the_order_their_values_are_bound() {
        let mut taken = Vec::new();
        assert_eq!(
            super::sqlite_in_order(r#"INSERT INTO "t" ("a?", b) VALUES (?, ?, 'x?y', ?)"#, |n| taken
                .push(n)),
            r#"INSERT INTO "t" ("a?", b) VALUES (?, ?, 'x?y', ?)"#
        );
        assert_eq!(taken, [1, 2, 3]);
        taken.clear();
        assert_eq!(
            super::sqlite_in_order("SELECT ?2, ?1, ?, ?1", |n| taken.push(n)),
            "SELECT ?, ?, ?, ?"
        );
        assert_eq!(taken, [2, 1, 3, 1]);
    }

    #[test]
    fn a_sqlite_placeholder_without_a_value_is_refused() {
        let stmt = |sql: &str, n: i32| {
            sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Sqlite, sql, [n.into()])
        };
        let joined = super::sqlite_script(vec![stmt("SELECT ?1", 1), stmt("SELECT ?1, ?2", 2)]);
        assert!(
            matches!(&joined, Err(sea_orm::DbErr::Custom(m)) if m.contains("placeholder 2")),
            "{joined:?}"
        );
        let joined = super::sqlite_script(vec![stmt("SELECT ?", 1), stmt("SELECT ?1", 2)]).unwrap();
        assert_eq!(joined.sql, "SELECT ?;\nSELECT ?");
        assert_eq!(joined.values.unwrap().0, vec![1.into(), 2.into()]);
    }
}
