//! `rdc context dns`: the staged flow (`fleet::staged`) over `dns::stage::Stage`: plan the
//! records machines need in Cloudflare, confirm once, apply (several machines in parallel, with
//! a summary). `push-infra --dns` runs the same after a push.

use anyhow::Result;
use clap::Args;

use super::super::select::Machines;
use super::super::{GlobalArgs, Run};
use crate::context::{self as ctxmod, Context};
use crate::dns::stage::Stage;
use crate::fleet::staged::{self, Flow};
use crate::output::Format;
use crate::printer::Printer;

/// Put the DNS records machines need in their Cloudflare zone: plan, confirm, apply
///
/// Put the DNS records machines need in the operator's Cloudflare zone (with the machine's
/// --cf-dns-token): A/AAAA for the base domain and *.{base domain} from the public IPs, and for
/// every custom host the machine routes (its route server's routes, its repositories' declared
/// domains) that those do not cover.
///
/// Shows a plan (create, update, unchanged; records that point elsewhere are reported and left
/// alone), asks once, then applies. Records rdc creates carry the comment "managed by rdc for
/// machine NAME"; rdc never changes or deletes a record without it. Records are not proxied
/// (Traefik terminates TLS and serves TCP/UDP ports).
#[derive(Debug, Args)]
pub struct Dns {
    #[command(flatten)]
    pub machines: Machines,
    /// Show the plan, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Take over the records rdc made for this machine at names these machines now route (a
    /// repository moved from there: rdc repo pull --dns does this); repeatable
    #[arg(long, value_name = "MACHINE")]
    pub take_over: Vec<String>,
}

impl Run for Dns {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let names = self.machines.resolve(&ctx, c, "context dns")?;
        // (A machine no longer in the context may be named: its records outlive it.)
        for m in &self.take_over {
            if names.contains(m) {
                return Err(crate::error::usage(format!(
                    "--take-over {m}: {m} is one of the machines worked on; name the machine the records were made for"
                )));
            }
        }
        crate::runtime::get()?.block_on(flow(
            &names,
            self.machines.parallel.into(),
            c,
            How {
                take_over: &self.take_over,
                nested: false,
                dry_run: self.dry_run,
                format: g.output,
            },
            p,
        ))
    }
}

/// How a dns run goes, besides its machines.
pub(crate) struct How<'a> {
    /// Machines whose records at names these machines route are taken over.
    pub(crate) take_over: &'a [String],
    /// Part of another command (plans on stderr).
    pub(crate) nested: bool,
    pub(crate) dry_run: bool,
    pub(crate) format: Format,
}

/// Plan every machine, confirm once, apply (also `push-infra --dns`, `repo pull --dns`).
pub(crate) async fn flow(
    names: &[String],
    parallel: usize,
    c: &Context,
    how: How<'_>,
    p: &Printer,
) -> Result<()> {
    let How {
        take_over,
        nested,
        dry_run,
        format,
    } = how;
    let flow = Flow {
        names,
        labels: None,
        single: names.len() == 1,
        parallel,
        dry_run,
        format,
        noun: "machines",
        nested,
    };
    staged::run(
        &Stage {
            c,
            dry_run,
            take_over,
        },
        &flow,
        p,
    )
    .await
}
