//! Everything meant for the person at the terminal, on stderr: notes, warnings, confirmations,
//! spinners, the server's output. One [`Printer`] is made from the global flags and passed to
//! every command (no global state): it knows the verbosity (`-q`/`-v`), whether colours are on
//! (`--color`, `NO_COLOR`), the output format of results (`-o`), whether `--yes` was given, and
//! whether stderr is a terminal (spinners and prompts only then).
//!
//! stdout carries results only (see `output`).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;
use clap::ValueEnum;
use console::style;
use indicatif::ProgressBar;

use crate::error::declined;
use crate::output::Format;
use crate::progress::{Event, Progress};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

pub struct Printer {
    quiet: bool,
    verbose: u8,
    format: Format,
    yes: bool,
    tty: bool,
    /// The spinner of the current step (`Event::Begin` … `End`).
    current: Mutex<Option<ProgressBar>>,
}

impl Printer {
    pub fn new(quiet: bool, verbose: u8, color: ColorChoice, format: Format, yes: bool) -> Printer {
        match color {
            // console checks NO_COLOR / CLICOLOR and whether the stream is a terminal.
            ColorChoice::Auto => {}
            ColorChoice::Always => {
                console::set_colors_enabled(true);
                console::set_colors_enabled_stderr(true);
            }
            ColorChoice::Never => {
                console::set_colors_enabled(false);
                console::set_colors_enabled_stderr(false);
            }
        }
        Printer {
            quiet,
            verbose,
            format,
            yes,
            tty: std::io::stderr().is_terminal(),
            current: Mutex::new(None),
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }
    pub fn quiet(&self) -> bool {
        self.quiet
    }
    pub fn verbose(&self) -> u8 {
        self.verbose
    }
    pub fn yes(&self) -> bool {
        self.yes
    }

    /// Whether we may prompt: both stdin and stderr must be terminals.
    pub fn interactive(&self) -> bool {
        std::io::stdin().is_terminal() && self.tty
    }

    fn line(&self, tag: console::StyledObject<&str>, msg: &str) {
        if self.quiet {
            return;
        }
        self.always(tag, msg);
    }

    /// A line shown even with `-q`.
    fn always(&self, tag: console::StyledObject<&str>, msg: &str) {
        let text = format!("{} {}", tag.for_stderr(), crate::output::escape_lines(msg));
        match self.current.lock().expect("printer").as_ref() {
            Some(pb) => pb.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// An informational line (`note: …`), hidden by `-q`.
    pub fn note(&self, msg: impl AsRef<str>) {
        self.line(style("note:").cyan().bold(), msg.as_ref());
    }

    /// A warning (`warning: …`), hidden by `-q`.
    pub fn warn(&self, msg: impl AsRef<str>) {
        self.line(style("warning:").yellow().bold(), msg.as_ref());
    }

    /// A success line (`✓ …`), hidden by `-q`.
    pub fn done(&self, msg: impl AsRef<str>) {
        self.line(style("✓").green().bold(), msg.as_ref());
    }

    /// A spinner for one step, on stderr; hidden when stderr is not a terminal or with `-q`.
    pub fn spinner(&self, msg: impl Into<String>) -> ProgressBar {
        let pb = if self.quiet || !self.tty {
            ProgressBar::hidden()
        } else {
            ProgressBar::new_spinner()
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
    pub fn steps(&self, len: u64, msg: impl Into<String>) -> ProgressBar {
        let pb = if self.quiet || !self.tty {
            ProgressBar::hidden()
        } else {
            ProgressBar::new(len)
        };
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:24.cyan/blue} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb.set_message(msg.into());
        pb
    }

    /// Ask for a yes/no confirmation. `--yes` answers yes; without a terminal the answer cannot
    /// be asked, so the command is refused with a message naming `--yes` (exit 7).
    pub fn ask(&self, prompt: &str) -> Result<bool> {
        if self.yes {
            return Ok(true);
        }
        if !self.interactive() {
            return Err(declined(format!(
                "nothing was done: rdc asks \"{prompt}\" and there is no terminal to answer on; re-run with --yes to answer yes"
            )));
        }
        let answer = dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact_opt();
        // dialoguer hides the cursor while prompting; make sure it comes back even on Esc.
        let _ = console::Term::stderr().show_cursor();
        match answer {
            Ok(Some(true)) => Ok(true),
            Ok(_) => Ok(false),
            Err(e) => Err(declined(format!("{prompt}: no answer ({e})"))),
        }
    }

    fn finish_current(&self) {
        if let Some(pb) = self.current.lock().expect("printer").take() {
            pb.finish_and_clear();
        }
    }
}

/// A transfer's bar: done / total, rate, ETA; without a total, done and rate only.
fn bytes_style(total: u64) -> indicatif::ProgressStyle {
    let t = if total > 0 {
        "{spinner:.cyan} {msg}: {bytes} / {total_bytes} ({binary_bytes_per_sec}, eta {eta})"
    } else {
        "{spinner:.cyan} {msg}: {bytes} ({binary_bytes_per_sec})"
    };
    indicatif::ProgressStyle::with_template(t)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner())
}

impl Progress for Printer {
    fn event(&self, e: Event) {
        match e {
            Event::Begin(what) => {
                self.finish_current();
                let pb = self.spinner(what);
                *self.current.lock().expect("printer") = Some(pb);
            }
            Event::End => self.finish_current(),
            Event::Step { done, total, what } => {
                let mut cur = self.current.lock().expect("printer");
                let pb = cur.get_or_insert_with(|| self.steps(total, ""));
                pb.set_length(total);
                pb.set_position(done);
                pb.set_message(what);
            }
            Event::Bytes { what, done, total } => {
                let mut cur = self.current.lock().expect("printer");
                let pb = cur.get_or_insert_with(|| self.spinner(""));
                // Bytes, rate and (when the total is known) ETA, as indicatif computes them.
                pb.set_style(bytes_style(total));
                pb.set_length(total);
                pb.set_position(done);
                pb.set_message(what);
            }
            Event::Remote { machine, line } => {
                if !self.quiet {
                    let text = format!(
                        "{} {}",
                        style(format!("[{machine}]")).dim().for_stderr(),
                        crate::output::escape_controls(&line)
                    );
                    match self.current.lock().expect("printer").as_ref() {
                        Some(pb) => pb.suspend(|| eprintln!("{text}")),
                        None => eprintln!("{text}"),
                    }
                }
            }
            Event::Note(m) => self.note(m),
            Event::Warn(m) => self.warn(m),
            Event::Refused(m) => self.always(style("refused:").red().bold(), &m),
            Event::Done(m) => {
                self.finish_current();
                self.done(m)
            }
        }
    }

    fn confirm(&self, prompt: &str) -> Result<bool> {
        self.finish_current();
        self.ask(prompt)
    }
}

/// One progress line per machine while several machines work at once (indicatif
/// `MultiProgress`, on stderr). Notes and warnings of a machine print above the lines, prefixed
/// with its name; without a terminal (or with `-q`) no lines are drawn and messages print as
/// they come.
pub struct Lanes<'a> {
    printer: &'a Printer,
    multi: indicatif::MultiProgress,
}

impl Printer {
    /// Lanes for work on several machines at once.
    pub fn lanes(&self) -> Lanes<'_> {
        let multi = if self.quiet || !self.tty {
            indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden())
        } else {
            indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::stderr())
        };
        Lanes {
            printer: self,
            multi,
        }
    }
}

impl Lanes<'_> {
    /// The lane of `machine`.
    pub fn lane(&self, machine: &str) -> Lane<'_> {
        let pb = self.multi.add(ProgressBar::new_spinner());
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner:.cyan} {prefix:.bold} {msg} {elapsed:.dim}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        pb.set_prefix(machine.to_string());
        pb.set_message("waiting");
        pb.enable_steady_tick(Duration::from_millis(100));
        Lane {
            lanes: self,
            machine: machine.to_string(),
            pb,
        }
    }

    /// Run `f` with the lines cleared (a prompt, or stdout output), then draw them again.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.multi.suspend(f)
    }

    fn println(&self, text: String) {
        if self.multi.is_hidden() {
            eprintln!("{text}");
        } else {
            let _ = self.multi.println(text);
        }
    }
}

/// A machine's line: its current step, and its final state once done.
pub struct Lane<'a> {
    lanes: &'a Lanes<'a>,
    machine: String,
    pb: ProgressBar,
}

impl Lane<'_> {
    fn tagged(&self, tag: console::StyledObject<&str>, msg: &str, always: bool) {
        if self.lanes.printer.quiet && !always {
            return;
        }
        self.lanes.println(format!(
            "{} {} {}",
            style(format!("[{}]", self.machine)).dim().for_stderr(),
            tag.for_stderr(),
            crate::output::escape_lines(msg)
        ));
    }

    /// End the lane with a final word (`✓ applied`, `✗ failed`), kept on screen.
    pub fn finish(&self, ok: bool, msg: &str) {
        let mark = if ok {
            style("✓").green().bold()
        } else {
            style("✗").red().bold()
        };
        self.pb.set_style(
            indicatif::ProgressStyle::with_template("{msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        self.pb.finish_with_message(format!(
            "{} {} {}",
            mark.for_stderr(),
            style(&self.machine).bold().for_stderr(),
            crate::output::escape_controls(msg)
        ));
    }
}

impl Progress for Lane<'_> {
    fn event(&self, e: Event) {
        match e {
            Event::Begin(what) => self.pb.set_message(what),
            Event::End => {}
            Event::Step { done, total, what } => {
                self.pb.set_message(format!("[{done}/{total}] {what}"))
            }
            Event::Bytes { what, done, total } => self.pb.set_message(if total > 0 {
                format!(
                    "{what}: {} / {} ({}%)",
                    indicatif::HumanBytes(done),
                    indicatif::HumanBytes(total),
                    (done * 100).checked_div(total).unwrap_or(100)
                )
            } else {
                format!("{what}: {}", indicatif::HumanBytes(done))
            }),
            Event::Remote { machine: _, line } => {
                if !self.lanes.printer.quiet {
                    self.lanes.println(format!(
                        "{} {}",
                        style(format!("[{}]", self.machine)).dim().for_stderr(),
                        crate::output::escape_controls(&line)
                    ));
                }
            }
            Event::Note(m) => self.tagged(style("note:").cyan().bold(), &m, false),
            Event::Warn(m) => self.tagged(style("warning:").yellow().bold(), &m, false),
            Event::Refused(m) => self.tagged(style("refused:").red().bold(), &m, true),
            Event::Done(m) => self.pb.set_message(m),
        }
    }

    /// A lane never asks: the command asks once for every machine before the work starts.
    fn confirm(&self, prompt: &str) -> Result<bool> {
        Err(declined(format!(
            "{}: rdc asks \"{prompt}\" while several machines work at once; confirm before (or pass --yes)",
            self.machine
        )))
    }
}
