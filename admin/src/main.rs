//! `hisaab-admin`: the staff console (default, or `serve`) and `user …` tools.

use clap::Parser;
use hisaab_admin::cli::{Cli, Command};
use hisaab_service::{App, Settings, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hisaab-admin: {e}");
            return ExitCode::from(2);
        }
    };
    let command = cli.command.unwrap_or(Command::Serve);
    match command {
        Command::Serve => {
            telemetry::init_tracing(&settings);
            if let Err(e) = hisaab_admin::run(settings).await {
                tracing::error!(error = %format!("{e:#}"), "hisaab-admin failed");
                eprintln!("hisaab-admin: {e:#}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        // No log subscriber for one-shot commands: their output is the one
        // line below (or the error), nothing else on the terminal.
        Command::User { .. }
        | Command::Finance { .. }
        | Command::Social { .. }
        | Command::Retention { .. } => {
            let app = match App::start(settings).await {
                Ok(app) => app,
                Err(e) => {
                    eprintln!("hisaab-admin: {e:#}");
                    return ExitCode::FAILURE;
                }
            };
            let result = match &command {
                Command::User { command } => hisaab_admin::cli::run_user(&app, command).await,
                Command::Finance { command } => hisaab_admin::cli::run_finance(&app, command).await,
                Command::Social { command } => hisaab_admin::cli::run_social(&app, command).await,
                Command::Retention { command } => hisaab_admin::cli::run_retention(&app, command).await,
                Command::Serve => unreachable!("handled above"),
            };
            match result {
                Ok(line) => {
                    println!("{line}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("hisaab-admin: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
