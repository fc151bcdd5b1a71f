//! The command line: clap types, one file per command group, each with a thin [`Run`] that
//! calls into the modules doing the work.

pub mod completions;
pub mod compose;
pub mod context;
pub mod host;
pub mod repo;
pub mod route_server;
pub mod select;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use crate::context::Store;
use crate::output::Format;
use crate::printer::{ColorChoice, Printer};

const AFTER_HELP: &str = "\
Exit codes:
  0  success            4  config file unusable (permissions, syntax, lock)
  1  unexpected error   5  server unreachable or refused (SSH, host key, sudo)
  2  invalid input      6  remote operation failed (rolled back where possible)
  3  not found          7  confirmation declined or needed (use --yes)

Configuration: --config PATH, $RDC_CONFIG, or ~/.config/rdc/config.toml.
Logs: -v / -vv, or RDC_LOG=debug. Colours: --color, NO_COLOR.";

/// rdc: contexts and machines on your laptop, Traefik routes on your servers.
///
/// On your machine, rdc keeps contexts (groups of servers) and each server's proxy settings in a
/// TOML file, renders Traefik's static configuration from them and pushes it over SSH. On a
/// server, the same binary runs the route server that turns Docker labels of every repository's
/// daemon into Traefik routes.
#[derive(Debug, Parser)]
#[command(name = "rdc", version, propagate_version = true, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The heading every command's help shows the global options under, apart from its own.
const GLOBAL: &str = "Global options";

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Context to use (default: the current context, else the one named "default")
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "RDC_CONTEXT",
        hide_env_values = true,
        value_name = "NAME"
    )]
    pub context: Option<String>,
    /// The configuration file [default: ~/.config/rdc/config.toml]
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "RDC_CONFIG",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub config: Option<PathBuf>,
    /// Whether `--config` was typed on the command line (not taken from RDC_CONFIG).
    #[arg(skip)]
    pub config_on_command_line: bool,
    /// Output format of lists and records
    #[arg(long, short = 'o', global = true,
        help_heading = GLOBAL, value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// More log output (-v info, -vv debug, -vvv trace)
    #[arg(long, short = 'v', global = true,
        help_heading = GLOBAL, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr
    #[arg(long, short = 'q', global = true,
        help_heading = GLOBAL, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Answer yes to confirmations (needed when there is no terminal)
    #[arg(long, short = 'y', global = true, help_heading = GLOBAL)]
    pub yes: bool,
    /// When to use colours
    #[arg(long, global = true,
        help_heading = GLOBAL, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

impl GlobalArgs {
    pub fn store(&self) -> Result<Store> {
        Store::locate(self.config.as_deref())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Contexts, machines and their proxy (infra) settings
    #[command(subcommand)]
    Context(context::ContextCmd),
    /// Repositories: create, start (up --mount), stop, status
    #[command(subcommand)]
    Repo(repo::RepoCmd),
    /// Host side: serve Traefik routes from the repositories' Docker labels
    ///
    /// Watches every repository's Docker daemon and serves Traefik's dynamic configuration on a
    /// loopback HTTP API (/routes.yaml, /routes.json, /health, /ports); push-infra installs it
    /// as a systemd unit. Here `--config PATH` names its router.toml [default:
    /// /etc/rediacc/router.toml; built-in defaults when it is absent], written by push-infra;
    /// flags override it. RDC_CONFIG (the laptop's config) does not apply.
    RouteServer(route_server::RouteServer),
    /// Host side: docker compose on a repository's daemon (from a Rediaccfile)
    Compose(compose::Compose),
    /// Print a shell completion script
    Completions(completions::Completions),
    /// Server-side helpers called over SSH
    #[command(subcommand, hide = true)]
    Host(host::HostCmd),
}

/// A value parser for a domain enum that does not derive clap's traits: the names are listed
/// in `--help` and completions, and parsed with the enum's `FromStr`.
pub fn choice<T>(names: &'static [&'static str]) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Debug,
{
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(names)
        .map(|s| s.parse::<T>().expect("one of the possible values"))
}

/// A command that can run, with the global flags and the printer for everything said on
/// stderr. Commands that need async work build their own runtime, so the quick local commands
/// start without one.
pub trait Run {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()>;
}

impl Run for Command {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        match self {
            Command::Context(c) => c.run(g, p),
            Command::Repo(c) => c.run(g, p),
            Command::RouteServer(c) => c.run(g, p),
            Command::Compose(c) => c.run(g, p),
            Command::Completions(c) => c.run(g, p),
            Command::Host(c) => c.run(g, p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command and every argument explains itself in `--help`.
    #[test]
    fn everything_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for sub in cmd.get_subcommands() {
                let p = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() && sub.get_long_about().is_none() {
                    missing.push(format!("command `{p}`"));
                }
                for arg in sub.get_arguments() {
                    if arg.is_hide_set() || arg.is_global_set() {
                        continue;
                    }
                    let id = arg.get_id().as_str();
                    if id == "help" || id == "version" {
                        continue;
                    }
                    if arg.get_help().is_none() && arg.get_long_help().is_none() {
                        missing.push(format!("argument `{id}` of `{p}`"));
                    }
                }
                walk(sub, &p, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "rdc", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }

    /// A setting declared only in the table (`context::infra::TEST_FIELD`, test builds) gets its
    /// `set-infra` flag and its `--unset` name without any code here.
    #[test]
    fn a_declared_setting_gets_its_flags() {
        let m = Cli::command()
            .try_get_matches_from([
                "rdc",
                "context",
                "set-infra",
                "m1",
                "--example-setting",
                "shop.example.com",
            ])
            .expect("flag generated from the table");
        let (_, ctx) = m.subcommand().unwrap();
        let (_, set) = ctx.subcommand().unwrap();
        assert_eq!(
            set.get_one::<String>("example_setting").map(String::as_str),
            Some("shop.example.com")
        );
        Cli::command()
            .try_get_matches_from([
                "rdc",
                "context",
                "set-infra",
                "m1",
                "--unset",
                "example-setting",
            ])
            .expect("--unset name generated from the table");
    }

    /// Every visible command with its usage and one-line description, as in README's Commands.
    fn command_summary() -> String {
        fn walk(cmd: &mut clap::Command, out: &mut Vec<(String, String)>) {
            let leaf = !cmd.has_subcommands();
            if leaf || cmd.is_subcommand_required_set().not() && !cmd.get_name().eq("rdc") {
                let usage = cmd.render_usage().to_string();
                let usage = usage
                    .trim_start_matches("Usage: ")
                    .lines()
                    .next()
                    .unwrap_or("");
                let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
                out.push((usage.trim().to_string(), about));
            }
            for sub in cmd.get_subcommands_mut() {
                if !sub.is_hide_set() && sub.get_name() != "help" {
                    walk(sub, out);
                }
            }
        }
        use std::ops::Not;
        let mut cmd = Cli::command();
        cmd.build();
        let mut rows = Vec::new();
        walk(&mut cmd, &mut rows);
        rows.iter()
            .map(|(u, a)| format!("{u}\n    {a}\n"))
            .collect::<String>()
    }

    /// README's Commands section is generated from the clap definitions; regenerate it with
    /// `RDC_UPDATE_README=1 cargo test --lib readme`.
    #[test]
    fn readme_commands_match_the_cli() {
        let begin = "<!-- commands: generated from --help by `RDC_UPDATE_README=1 cargo test --lib readme` -->\n```text\n";
        let end = "```\n<!-- commands: end -->";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let (Some(i), Some(j)) = (readme.find(begin), readme.find(end)) else {
            panic!("README.md lacks the generated commands block");
        };
        let want = command_summary();
        let have = &readme[i + begin.len()..j];
        if have != want {
            if std::env::var_os("RDC_UPDATE_README").is_some() {
                let new = format!("{}{want}{}", &readme[..i + begin.len()], &readme[j..]);
                std::fs::write(path, new).unwrap();
            } else {
                panic!(
                    "README's Commands section is stale; regenerate with: RDC_UPDATE_README=1 cargo test --lib readme"
                );
            }
        }
    }
}
