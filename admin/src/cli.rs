//! The `hisaab-admin` command line: `serve` (the default) runs the console;
//! `user …` are operator tools for when no one can sign in to the console yet
//! (the first superadmin) or quickly (locking an account from a shell). Each
//! handler returns the one line to print, so tests call them directly.

use clap::{Args, Parser, Subcommand, ValueEnum};
use hisaab_service::entity::user::Role;
use hisaab_service::finance::rollups;
use hisaab_service::identity::{self, UserView};
use hisaab_service::{App, Error};
use hisaab_service::{retention, social};

#[derive(Parser, Debug)]
#[command(
    name = "hisaab-admin",
    version,
    about = "Hisaab's staff console and account tools"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the admin console (the default when no command is given).
    Serve,
    /// Create, lock and unlock accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Personal finance maintenance.
    Finance {
        #[command(subcommand)]
        command: FinanceCommand,
    },
    /// Social finance maintenance.
    Social {
        #[command(subcommand)]
        command: SocialCommand,
    },
    /// Data retention (the worker's hourly purge, on demand).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum RetentionCommand {
    /// Run every retention step now and print what each removed; with
    /// `--dry-run`, only count what would go.
    Run {
        /// Measure the periods from the start of this day (UTC) instead of now.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum SocialCommand {
    /// Compare each group's pairwise balances with the expenses and
    /// settlements (exit 1 and list every mismatch); `--rebuild` replaces them.
    VerifyRollups {
        #[arg(long)]
        rebuild: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum FinanceCommand {
    /// Compare the monthly rollups with the ledger records (exit 1 and list
    /// every mismatch); `--rebuild` replaces them from the records.
    VerifyRollups {
        #[arg(long)]
        rebuild: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account (no email is sent).
    Create(CreateUser),
    /// Stop an account from signing in until it is unlocked.
    Lock { email: String },
    /// Let a locked account sign in again.
    Unlock { email: String },
    /// Remove an account's two-factor sign-in (TOTP and recovery codes) and
    /// end its sessions: for staff who lost their authenticator. Staff enrol
    /// again at their next console sign-in.
    ResetTotp { email: String },
}

#[derive(Args, Debug, Clone)]
pub struct CreateUser {
    #[arg(long)]
    pub email: String,
    /// Must pass the same policy as everyone's (12+ characters, not common).
    #[arg(long)]
    pub password: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// Mark the email address as already verified.
    #[arg(long)]
    pub verified: bool,
    /// Display name (default: the part of the email before the @).
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleArg {
    User,
    Premium,
    Support,
    Superadmin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::User => Role::User,
            RoleArg::Premium => Role::Premium,
            RoleArg::Support => Role::Support,
            RoleArg::Superadmin => Role::Superadmin,
        }
    }
}

/// A failure worth one clear line on stderr.
#[derive(Debug, PartialEq, Eq)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

/// Says what went wrong; for invalid input, every field's message.
fn explain(doing: &str, err: Error) -> CliError {
    let why = match err {
        Error::Invalid { detail, errors } if errors.is_empty() => detail,
        Error::Invalid { errors, .. } => errors
            .iter()
            .map(|e| format!("{}: {}", e.field.replace('_', " "), e.message))
            .collect::<Vec<_>>()
            .join("; "),
        Error::NotFound => "there is no account with that email address".into(),
        Error::Internal(e) => format!("{e:#}"),
        Error::Unauthenticated(m) | Error::Forbidden(m) | Error::Conflict(m) => m,
        Error::RateLimited { message, .. } => message,
        Error::PreconditionFailed => "it changed meanwhile; try again".into(),
    };
    CliError(format!("cannot {doing}: {why}"))
}

fn describe(u: &UserView) -> String {
    format!("{} ({}, id {})", u.email, identity::role_name(u.role), u.id)
}

/// `user create`
pub async fn create_user(app: &App, args: &CreateUser) -> Result<String, CliError> {
    let user = identity::admin_create_user(
        app,
        &args.email,
        &args.password,
        args.name.as_deref(),
        args.role.into(),
        args.verified,
    )
    .await
    .map_err(|e| explain("create the account", e))?;
    let verified = if user.email_verified {
        "verified"
    } else {
        "not verified"
    };
    Ok(format!("Created {}, email {verified}.", describe(&user)))
}

/// `user lock` / `user unlock`
pub async fn set_lock(app: &App, email: &str, locked: bool) -> Result<String, CliError> {
    let doing = if locked {
        "lock the account"
    } else {
        "unlock the account"
    };
    let user = identity::admin_set_lock_by_email(app, email, locked)
        .await
        .map_err(|e| explain(doing, e))?;
    Ok(if locked {
        // The service's lock does not end sessions (the console's does).
        format!(
            "Locked {}: sign-in is refused. Existing sessions stay until you end them in the console.",
            describe(&user)
        )
    } else {
        format!("Unlocked {}: they can sign in again.", describe(&user))
    })
}

/// `user reset-totp`
pub async fn reset_totp(app: &App, email: &str) -> Result<String, CliError> {
    let user = identity::reset_two_factor_by_email(app, email)
        .await
        .map_err(|e| explain("reset two-factor sign-in", e))?;
    Ok(format!(
        "Reset two-factor sign-in of {}: its authenticator and recovery codes are removed and every session is ended.{}",
        describe(&user),
        if user.role.is_staff() {
            " They set up a new authenticator at their next console sign-in."
        } else {
            ""
        }
    ))
}

/// Runs one `user …` command.
pub async fn run_user(app: &App, command: &UserCommand) -> Result<String, CliError> {
    match command {
        UserCommand::Create(args) => create_user(app, args).await,
        UserCommand::Lock { email } => set_lock(app, email, true).await,
        UserCommand::Unlock { email } => set_lock(app, email, false).await,
        UserCommand::ResetTotp { email } => reset_totp(app, email).await,
    }
}

fn mismatch_line(m: &rollups::Mismatch) -> String {
    let t = |x: &rollups::Totals| format!("income {} expense {} net {}", x.income, x.expense, x.net_change);
    format!(
        "tenant {} account {} month {}: records say {}, rollup holds {} (ten-thousandths)",
        m.tenant_id,
        m.account_id,
        m.month,
        t(&m.expected),
        t(&m.actual)
    )
}

/// What a rollup's verify-and-rebuild command says about it.
struct RollupWords {
    /// "account-month rollup(s)", "group pair balance(s)"
    items: &'static str,
    matching: &'static str,
}

/// Verifies a rollup; with `rebuild`, replaces it from the records and
/// verifies again. The lines to print, or an error listing the mismatches.
async fn check_rollup(
    words: RollupWords,
    verify: impl AsyncFn() -> Result<Vec<String>, CliError>,
    rebuild_rows: impl AsyncFn() -> Result<u64, CliError>,
    rebuild: bool,
) -> Result<String, CliError> {
    let found = verify().await?;
    if found.is_empty() {
        return Ok(words.matching.into());
    }
    let items = words.items;
    if !rebuild {
        return Err(CliError(format!(
            "{} {items} disagree with the records:\n{}\nRun again with --rebuild to replace them from the records.",
            found.len(),
            found.join("\n")
        )));
    }
    let rows = rebuild_rows().await?;
    let left = verify().await?;
    if !left.is_empty() {
        return Err(CliError(format!(
            "rebuilt {rows} rows but {} still disagree",
            left.len()
        )));
    }
    Ok(format!(
        "{} {items} disagreed with the records:\n{}\nRebuilt {rows} rollup rows from the records; they match now.",
        found.len(),
        found.join("\n")
    ))
}

/// `finance verify-rollups [--rebuild]`
pub async fn verify_rollups(app: &App, rebuild: bool) -> Result<String, CliError> {
    check_rollup(
        RollupWords {
            items: "account-month rollup(s)",
            matching: "The monthly rollups match the records.",
        },
        async || {
            let found = rollups::verify_rollups(app)
                .await
                .map_err(|e| explain("verify the rollups", e))?;
            Ok(found.iter().map(mismatch_line).collect())
        },
        async || {
            rollups::rebuild_rollups(app)
                .await
                .map_err(|e| explain("rebuild the rollups", e))
        },
        rebuild,
    )
    .await
}

/// `social verify-rollups [--rebuild]`
pub async fn verify_group_balances(app: &App, rebuild: bool) -> Result<String, CliError> {
    check_rollup(
        RollupWords {
            items: "group pair balance(s)",
            matching: "The group pair balances match the records.",
        },
        async || {
            let found = social::rollup::verify(app)
                .await
                .map_err(|e| explain("verify the group balances", e))?;
            Ok(found
                .iter()
                .map(|m| {
                    format!(
                        "tenant {} group {} members {} / {}: records say {}, rollup holds {} (ten-thousandths the first owes the second)",
                        m.tenant_id, m.pair.group_id, m.pair.low, m.pair.high, m.expected, m.actual
                    )
                })
                .collect())
        },
        async || {
            social::rollup::rebuild(app)
                .await
                .map_err(|e| explain("rebuild the group balances", e))
        },
        rebuild,
    )
    .await
}

/// Runs one `social …` command.
pub async fn run_social(app: &App, command: &SocialCommand) -> Result<String, CliError> {
    match command {
        SocialCommand::VerifyRollups { rebuild } => verify_group_balances(app, *rebuild).await,
    }
}

/// `retention run [--as-of YYYY-MM-DD] [--dry-run]`: one line per step.
pub async fn run_retention_pass(app: &App, as_of: Option<&str>, dry_run: bool) -> Result<String, CliError> {
    let as_of = match as_of {
        None => app.now(),
        Some(text) => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(text.trim(), &format)
                .map_err(|_| CliError(format!("--as-of must be a date like 2026-12-31, not {text:?}")))?
                .midnight()
                .assume_utc()
        }
    };
    let purged = retention::run(app, retention::Pass { as_of, dry_run })
        .await
        .map_err(|e| explain("run the retention purge", e))?;
    let verb = if dry_run { "would remove" } else { "removed" };
    let mut lines = vec![format!(
        "Retention {} as of {as_of}:",
        if dry_run {
            "dry run (nothing deleted)"
        } else {
            "run"
        }
    )];
    for (step, n) in purged.steps() {
        lines.push(format!("  {step}: {verb} {n}"));
    }
    lines.push(format!("  total: {verb} {}", purged.total()));
    Ok(lines.join("\n"))
}

/// Runs one `retention …` command.
pub async fn run_retention(app: &App, command: &RetentionCommand) -> Result<String, CliError> {
    match command {
        RetentionCommand::Run { as_of, dry_run } => run_retention_pass(app, as_of.as_deref(), *dry_run).await,
    }
}

/// Runs one `finance …` command.
pub async fn run_finance(app: &App, command: &FinanceCommand) -> Result<String, CliError> {
    match command {
        FinanceCommand::VerifyRollups { rebuild } => verify_rollups(app, *rebuild).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_commands() {
        let cli = Cli::try_parse_from(["hisaab-admin"]).unwrap();
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["hisaab-admin", "serve"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Serve)));
        let cli = Cli::try_parse_from([
            "hisaab-admin",
            "user",
            "create",
            "--email",
            "ops@example.com",
            "--password",
            "p",
            "--role",
            "superadmin",
            "--verified",
            "--name",
            "Ops",
        ])
        .unwrap();
        let Some(Command::User {
            command: UserCommand::Create(c),
        }) = cli.command
        else {
            panic!("not a create command");
        };
        assert_eq!(
            (c.role, c.verified, c.name.as_deref()),
            (RoleArg::Superadmin, true, Some("Ops"))
        );
        let cli = Cli::try_parse_from(["hisaab-admin", "user", "lock", "a@example.com"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::User {
                command: UserCommand::Lock { .. }
            })
        ));
        let cli = Cli::try_parse_from(["hisaab-admin", "user", "reset-totp", "a@example.com"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::User {
                command: UserCommand::ResetTotp { ref email }
            }) if email == "a@example.com"
        ));
        let cli = Cli::try_parse_from(["hisaab-admin", "finance", "verify-rollups", "--rebuild"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Finance {
                command: FinanceCommand::VerifyRollups { rebuild: true }
            })
        ));
        let cli = Cli::try_parse_from(["hisaab-admin", "social", "verify-rollups"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Social {
                command: SocialCommand::VerifyRollups { rebuild: false }
            })
        ));
        let cli = Cli::try_parse_from([
            "hisaab-admin",
            "retention",
            "run",
            "--as-of",
            "2027-01-31",
            "--dry-run",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Retention {
                command: RetentionCommand::Run { ref as_of, dry_run: true }
            }) if as_of.as_deref() == Some("2027-01-31")
        ));
        assert!(
            Cli::try_parse_from([
                "hisaab-admin",
                "user",
                "create",
                "--email",
                "a@b.co",
                "--password",
                "p",
                "--role",
                "root"
            ])
            .is_err()
        );
    }

    #[test]
    fn explains_every_field() {
        let err = Error::invalid_fields(
            "2 fields need attention.",
            vec![
                hisaab_service::FieldError::new("email", "Enter an email address like name@example.com."),
                hisaab_service::FieldError::new("password", "Use at least 12 characters (5 so far)."),
            ],
        );
        assert_eq!(
            explain("create the account", err).0,
            "cannot create the account: email: Enter an email address like name@example.com.; password: Use at least 12 characters (5 so far)."
        );
    }
}
