//! Terminal interaction on stderr: notes, warnings, confirmations, progress.
//!
//! stdout carries results only (see `output`); everything meant for the person at the terminal
//! goes to stderr, is coloured only when stderr is a terminal (and `NO_COLOR` is unset, which
//! `console` honours), and is silenced by `-q` except for errors.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use clap::ValueEnum;
use console::style;

use crate::error::declined;

static QUIET: AtomicBool = AtomicBool::new(false);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

pub fn init(color: ColorChoice, quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    match color {
        ColorChoice::Auto => {
            // console already checks NO_COLOR / CLICOLOR and whether the stream is a terminal.
        }
        ColorChoice::Always => {
            console::set_colors_enabled(true);
            console::set_colors_enabled_stderr(true);
        }
        ColorChoice::Never => {
            console::set_colors_enabled(false);
            console::set_colors_enabled_stderr(false);
        }
    }
}

pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// An informational line (`note: …`), hidden by `-q`.
pub fn note(msg: impl AsRef<str>) {
    if !quiet() {
        eprintln!(
            "{} {}",
            style("note:").cyan().bold().for_stderr(),
            msg.as_ref()
        );
    }
}

/// A warning (`warning: …`), hidden by `-q`.
pub fn warn(msg: impl AsRef<str>) {
    if !quiet() {
        eprintln!(
            "{} {}",
            style("warning:").yellow().bold().for_stderr(),
            msg.as_ref()
        );
    }
}

/// A success line (`✓ …`), hidden by `-q`.
pub fn done(msg: impl AsRef<str>) {
    if !quiet() {
        eprintln!(
            "{} {}",
            style("✓").green().bold().for_stderr(),
            msg.as_ref()
        );
    }
}

/// Whether we may prompt: both stdin and stderr must be terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ask for a yes/no confirmation. `--yes` answers yes; without a terminal the answer cannot be
/// asked, so the command is refused with a message naming `--yes` (exit 7).
pub fn confirm(prompt: &str, yes: bool) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !interactive() {
        return Err(declined(format!(
            "{prompt}: confirmation needed, but there is no terminal to ask on; re-run with --yes"
        )));
    }
    let answer = dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact_opt();
    // dialoguer hides the cursor while prompting; make sure it comes back even on Esc/errors.
    let _ = console::Term::stderr().show_cursor();
    match answer {
        Ok(Some(true)) => Ok(true),
        Ok(_) => Ok(false),
        Err(e) => Err(declined(format!("{prompt}: no answer ({e})"))),
    }
}

/// A spinner for one remote step, on stderr; hidden when stderr is not a terminal or with `-q`.
pub fn spinner(msg: impl Into<String>) -> indicatif::ProgressBar {
    let pb = if quiet() || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new_spinner()
    };
    pb.set_style(
        indicatif::ProgressStyle::with_template("{spinner:.cyan} {msg} {elapsed:.dim}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    pb.set_message(msg.into());
    pb.enable_steady_tick(Duration::from_millis(100));
    pb
}

/// A bar with a known number of steps, on stderr.
pub fn steps(len: u64, msg: impl Into<String>) -> indicatif::ProgressBar {
    let pb = if quiet() || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(len)
    };
    pb.set_style(
        indicatif::ProgressStyle::with_template("{bar:24.cyan/blue} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb.set_message(msg.into());
    pb
}
