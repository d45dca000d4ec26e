//! `hisaab-migrate up|down|status|fresh`: runs the schema migrations against
//! `HISAAB_DATABASE_URL` (or the SQLite file in `HISAAB_DATA_DIR`).

use anyhow::Context;
use clap::{Parser, Subcommand};
use hisaab_migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::Database;

#[derive(Parser)]
#[command(
    name = "hisaab-migrate",
    about = "Apply or inspect Hisaab's schema migrations"
)]
struct Cli {
    /// Database URL; defaults to the SQLite file in the data directory.
    #[arg(long, env = "HISAAB_DATABASE_URL")]
    database_url: Option<String>,
    #[arg(long, env = "HISAAB_DATA_DIR", default_value = "./data")]
    data_dir: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply all pending migrations (or the next N).
    Up {
        #[arg(short, long)]
        steps: Option<u32>,
    },
    /// Roll back the last migration (or the last N).
    Down {
        #[arg(short, long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
    /// Drop every table and apply all migrations again. Destroys data.
    Fresh,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let url = match cli.database_url {
        Some(url) => url,
        None => {
            std::fs::create_dir_all(&cli.data_dir)
                .with_context(|| format!("cannot create data directory {}", cli.data_dir))?;
            format!("sqlite://{}/hisaab.sqlite?mode=rwc", cli.data_dir)
        }
    };
    let db = Database::connect(&url)
        .await
        .context("cannot connect to the database")?;
    match cli.command {
        Command::Up { steps } => Migrator::up(&db, steps).await?,
        Command::Down { steps } => Migrator::down(&db, Some(steps)).await?,
        Command::Status => {
            for m in Migrator::get_migration_with_status(&db).await? {
                println!("{:<10} {}", format!("{:?}", m.status()), m.name());
            }
        }
        Command::Fresh => Migrator::fresh(&db).await?,
    }
    Ok(())
}
