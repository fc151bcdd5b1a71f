//! `rdc completions SHELL`: shell completion scripts, generated from the clap definitions.
//! The generated files are committed under `completions/`; a test fails when they are stale.

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, GlobalArgs, Run};
use crate::printer::Printer;

/// Print a completion script for SHELL on stdout.
///
/// Examples:
///   rdc completions bash > ~/.local/share/bash-completion/completions/rdc
///   rdc completions zsh > ~/.zfunc/_rdc
///   rdc completions fish > ~/.config/fish/completions/rdc.fish
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct Completions {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The command line as completions offer it: without hidden commands (the server-side
/// helpers) and hidden arguments, at every level.
pub fn visible() -> clap::Command {
    fn strip(c: &clap::Command) -> clap::Command {
        let mut n = clap::Command::new(c.get_name().to_string())
            .disable_help_subcommand(true)
            .disable_help_flag(true)
            .disable_version_flag(true)
            .args(c.get_arguments().filter(|a| !a.is_hide_set()).cloned())
            .visible_aliases(
                c.get_visible_aliases()
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            );
        if let Some(a) = c.get_about() {
            n = n.about(a.clone());
        }
        if let Some(v) = c.get_version() {
            n = n.version(v.to_string());
        }
        for s in c.get_subcommands().filter(|s| !s.is_hide_set()) {
            n = n.subcommand(strip(s));
        }
        n
    }
    let mut cmd = Cli::command();
    cmd.build();
    strip(&cmd)
}

/// The script for `shell`, as bytes.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut visible(), "rdc", &mut out);
    out
}

/// File name under `completions/` for each shell.
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "rdc.bash",
        Shell::Zsh => "_rdc",
        Shell::Fish => "rdc.fish",
        Shell::Elvish => "rdc.elv",
        Shell::PowerShell => "_rdc.ps1",
        _ => "rdc.completion",
    }
}

impl Run for Completions {
    fn run(self, _g: &GlobalArgs, _p: &Printer) -> Result<()> {
        crate::output::print(&String::from_utf8_lossy(&script(self.shell)))
    }
}
