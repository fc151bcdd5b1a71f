//! rdc: the operator's CLI (contexts, machines, infra settings, pushes over SSH) and, on each
//! server, the route server that turns Docker labels into Traefik routes.
//!
//! Module map (docs/architecture.md says what each may import): `contract` (what laptop and
//! server share, no I/O), `error` (error classes, exit codes), `progress` (events of long work),
//! `output` (stdout formats), `printer` (the `Printer` passed to commands: verbosity, colour,
//! format, prompts, progress rendering), `procs` (processes read from /proc: identity, command
//! lines, cgroups), `runtime` (the process's one async runtime), `context` (the laptop's config store, infra-field
//! table), `infra` (static config rendering, pure), `ssh` (connections, remote commands),
//! `fetch` (pinned Traefik downloads, local hash cache, HTTP client), `fleet` (several machines
//! at once, summary), `dns` (Cloudflare records a machine needs), `setup` (setup-machine checklist and fixes), `push` (push-infra plan and apply), `proxy` (Traefik supervised, handovers), `isolation` (a repository as a network of its own: cgroups and socket-address
//! programs), `compose` (`rdc compose` guard and injection), `repo`
//! (repositories: `client/` laptop side, `host/` server side), `overview` (what `rdc context
//! status` shows of a machine, gathered on it), `route_server` (discovery, labels, render stages,
//! HTTP), `cli` (clap types, thin `run`s).

pub mod cli;
pub mod compose;
pub(crate) mod context;
pub mod contract;
pub(crate) mod dns;
pub(crate) mod error;
pub(crate) mod fetch;
pub(crate) mod fleet;
pub(crate) mod infra;
pub mod isolation;
pub(crate) mod output;
pub(crate) mod overview;
pub(crate) mod printer;
pub(crate) mod procs;
pub(crate) mod progress;
pub(crate) mod proxy;
pub(crate) mod push;
pub(crate) mod repo;
pub mod route_server;
pub(crate) mod runtime;
pub(crate) mod setup;
pub(crate) mod ssh;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use cli::{Cli, Run};

/// Parse the command line, run the command, map the outcome to an exit code.
pub fn main_entry() -> ExitCode {
    fetch::install_tls_provider();
    let matches = match Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => e.exit(),
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    cli.global.config_on_command_line = config_typed(&matches);
    let g = cli.global.clone();
    let printer = printer::Printer::new(g.quiet, g.verbose, g.color, g.output, g.yes);
    let daemon = matches!(&cli.command, cli::Command::RouteServer(r) if r.cmd.is_none());
    init_logging(g.verbose, g.quiet, daemon);
    let outcome = cli.command.run(&g, &printer);
    if let Some(code) = ssh::cleanup::interrupted() {
        return ExitCode::from(code);
    }
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<error::PassThrough>().is_some() => {
            ExitCode::from(err.downcast_ref::<error::PassThrough>().map_or(1, |p| p.0))
        }
        Err(err) => match error::exit_code_for(&err) {
            None => ExitCode::SUCCESS,
            Some(code) => {
                let msg = format!("{err:#}");
                let one_line: Vec<&str> = msg
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                eprintln!(
                    "{} {}",
                    console::style("rdc:").red().bold().for_stderr(),
                    output::escape_controls(&one_line.join(" | "))
                );
                code
            }
        },
    }
}

/// `--config` given on the command line at any level (the value source tells it from RDC_CONFIG).
fn config_typed(m: &clap::ArgMatches) -> bool {
    if m.try_contains_id("config").unwrap_or(false)
        && m.value_source("config") == Some(clap::parser::ValueSource::CommandLine)
    {
        return true;
    }
    m.subcommand().is_some_and(|(_, sub)| config_typed(sub))
}

/// Logs go to stderr. `RDC_LOG` (an `EnvFilter` string) wins over `-v`/`-q`. Long-running
/// daemons log at info by default, without timestamps under systemd (journald adds them).
fn init_logging(verbose: u8, quiet: bool, daemon: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) if daemon => "info",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("RDC_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!(
            "rdc={level},{}",
            if verbose >= 3 { "debug" } else { "warn" }
        ))
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if std::env::var_os("JOURNAL_STREAM").is_some() {
        let _ = builder.without_time().try_init();
    } else {
        let _ = builder.try_init();
    }
}
