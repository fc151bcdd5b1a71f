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
}

impl Run for Dns {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let names = self.machines.resolve(&ctx, c, "context dns")?;
        crate::runtime::get()?.block_on(flow(
            &names,
            self.machines.parallel.into(),
            c,
            self.dry_run,
            g.output,
            p,
        ))
    }
}

/// Plan every machine, confirm once, apply (also `push-infra --dns`).
pub(super) async fn flow(
    names: &[String],
    parallel: usize,
    c: &Context,
    dry_run: bool,
    format: Format,
    p: &Printer,
) -> Result<()> {
    let flow = Flow {
        names,
        labels: None,
        single: names.len() == 1,
        parallel,
        dry_run,
        format,
        noun: "machines",
    };
    staged::run(&Stage { c, dry_run }, &flow, p).await
}
