//! `rdc context set-infra|show-infra|render-infra|push-infra`. The settings and their flags come
//! from the table in `context::infra`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgMatches, Args};
use serde::Serialize;

use super::super::{GlobalArgs, Run};
use crate::context::infra::{self as fields, Change, Kind};
use crate::context::{self as ctxmod, edit, validate};
use crate::error::usage;
use crate::infra;
use crate::output;
use crate::printer::Printer;

/// The value flags of `set-infra`, one per declared setting (`context::infra::FIELDS`).
#[derive(Debug, Default, Clone)]
pub struct InfraFlags {
    /// Given values, by setting key.
    pub values: BTreeMap<&'static str, String>,
}

impl clap::FromArgMatches for InfraFlags {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let mut values = BTreeMap::new();
        for f in fields::fields() {
            if let Some(v) = m.get_one::<String>(f.key) {
                values.insert(f.key, v.clone());
            }
        }
        Ok(InfraFlags { values })
    }
    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for InfraFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        fields::fields().into_iter().fold(cmd, |cmd, f| {
            cmd.arg(
                Arg::new(f.key)
                    .long(f.flag)
                    .value_name(f.value_name)
                    .help(f.help),
            )
        })
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `--unset` takes a setting's name (`public-ipv4`, or `public_ipv4` as stored).
fn unset_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(fields::fields().into_iter().flat_map(|f| {
        [
            PossibleValue::new(f.flag).help(f.help),
            PossibleValue::new(f.key).hide(true),
        ]
    }))
}

/// Store a machine's proxy settings: public IPs, domain, TLS, extra ports
///
/// Store a machine's proxy settings. Only the flags given change; port lists are replaced as a
/// whole. Apply them to the server with `rdc context push-infra MACHINE`.
///
/// Example:
///   rdc context set-infra server-1 --public-ipv4 203.0.113.50 --base-domain example.com \
///       --cert-email admin@example.com --cf-dns-token - --tcp-ports 25,143,465,587,993 --udp-ports 53
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SetInfra {
    /// Machine whose settings change
    pub machine: String,
    #[command(flatten)]
    pub flags: InfraFlags,
    /// Remove a setting (repeatable)
    #[arg(long, value_name = "FIELD", value_parser = unset_parser())]
    pub unset: Vec<String>,
}

impl SetInfra {
    /// The change asked for; a secret given as `-` is read from stdin (or a prompt).
    fn change(&self, p: &Printer) -> Result<Change> {
        let mut change = Change::default();
        for (k, v) in &self.flags.values {
            let f = fields::field(k).expect("declared");
            let v = if matches!(f.kind, Kind::Token) {
                read_secret(p, f.flag, v)?
            } else {
                v.clone()
            };
            change.set.insert(f.key, v);
        }
        for u in &self.unset {
            let f = fields::field(u).expect("value parser only accepts declared names");
            if !change.unset.contains(&f.key) {
                change.unset.push(f.key);
            }
        }
        Ok(change)
    }
}

fn read_secret(p: &Printer, flag: &str, given: &str) -> Result<String> {
    if given != "-" {
        p.warn(format!(
            "the value of --{flag} given on the command line is visible in your shell history and the process list; prefer --{flag} - (reads stdin)"
        ));
        return Ok(given.to_string());
    }
    if p.interactive() {
        return dialoguer::Password::new()
            .with_prompt(format!("value of --{flag}"))
            .interact()
            .map_err(|e| usage(format!("could not read --{flag}: {e}")));
    }
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .with_context(|| format!("reading --{flag} from stdin"))?;
    // The validators trim and check it.
    validate::token(&s)
}

impl Run for SetInfra {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        if self.flags.values.is_empty() && self.unset.is_empty() {
            return Err(usage(format!(
                "nothing to change; give at least one setting, e.g. rdc context set-infra {} --public-ipv4 203.0.113.50 --base-domain example.com (see --help)",
                self.machine
            )));
        }
        let change = self.change(p)?;
        let (ctx, checked) =
            edit::set_infra(&g.store()?, g.context.as_deref(), &self.machine, &change)?;
        for w in &checked.warnings {
            p.warn(w);
        }
        for n in &checked.notes {
            p.note(n);
        }
        p.done(format!(
            "saved infra settings of {} (context {ctx})",
            self.machine
        ));
        p.note(format!(
            "apply them to the server with: rdc context push-infra {}",
            self.machine
        ));
        Ok(())
    }
}

/// A machine name.
#[derive(Debug, Args)]
pub struct MachineArg {
    /// Machine of the selected context
    pub machine: String,
}

pub(super) fn show(g: &GlobalArgs, p: &Printer, machine: &str) -> Result<()> {
    let cfg = g.store()?.load()?;
    let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
    let m = ctxmod::machine(&ctx, c, machine)?;
    let i = edit::infra_of(m);
    if m.infra.is_none() && g.output == output::Format::Table {
        p.note(format!(
            "machine {machine} has no infra settings yet; set them with: rdc context set-infra {machine} --public-ipv4 IP --base-domain DOMAIN"
        ));
        return Ok(());
    }
    let mut view = i.view();
    view["machine"] = serde_json::json!(machine);
    output::emit(g.output, &view, || {
        let mut rows = vec![("machine", machine.to_string())];
        rows.extend(i.rows());
        Ok(output::record(&rows))
    })
}

/// Render every file push-infra would write, without touching the server
///
/// Render the files push-infra would install (static config, env file, router.toml, units).
/// Without --out they are printed with secrets masked; with --out they are written below DIR
/// at their server paths (the env file with mode 0600).
#[derive(Debug, Args)]
pub struct RenderInfra {
    /// Machine to render for
    pub machine: String,
    /// Write the files below this directory instead of printing them
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl Run for RenderInfra {
    fn run(self, g: &GlobalArgs, _p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let m = ctxmod::machine(&ctx, c, &self.machine)?;
        let r = infra::render_with(&self.machine, m, &c.repo_decls(&self.machine))?;
        if let Some(dir) = &self.out {
            let written = crate::push::write_tree(&r, dir)?;
            #[derive(Serialize)]
            struct Written<'a> {
                out: String,
                files: &'a [infra::RenderedFile],
            }
            let w = Written {
                out: dir.display().to_string(),
                files: &r.files,
            };
            return output::emit(g.output, &w, || {
                Ok(written
                    .iter()
                    .map(|p| format!("{}\n", p.display()))
                    .collect())
            });
        }
        #[derive(Serialize)]
        struct Shown {
            path: String,
            mode: String,
            secret: bool,
            contents: String,
        }
        let shown: Vec<Shown> = r
            .files
            .iter()
            .map(|f| Shown {
                path: f.path.clone(),
                mode: format!("{:04o}", f.mode),
                secret: f.secret,
                contents: if f.secret {
                    infra::mask_secret(&f.contents)
                } else {
                    f.contents.clone()
                },
            })
            .collect();
        output::emit(g.output, &shown, || {
            let mut s = String::new();
            for f in &shown {
                s.push_str(&format!("# ==> {} (mode {}) <==\n", f.path, f.mode));
                s.push_str(&f.contents);
                if !f.contents.ends_with('\n') {
                    s.push('\n');
                }
                s.push('\n');
            }
            Ok(s)
        })
    }
}
