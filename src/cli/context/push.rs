//! `rdc context push-infra`: the staged flow (`fleet::staged`) over `push::stage::Stage`: every
//! plan first, one confirmation, then every machine in parallel with a line each and a summary.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use clap::Args;

use super::super::select::Machines;
use super::super::{GlobalArgs, Run};
use crate::context::{self as ctxmod};
use crate::fetch::{self, hashes::Cache};
use crate::fleet::staged::{self, Flow};
use crate::output::Format;
use crate::printer::Printer;
use crate::push::Options;
use crate::push::stage::Stage;

/// Install or update the proxy on machines over SSH: plan, diff, confirm, apply, verify
///
/// Install or update the proxy on machines: the rdc binary, Traefik (the pinned release,
/// downloaded and verified, unless --traefik-binary is given), Traefik's static config, the env
/// file with the token (0600), router.toml and the systemd units.
///
/// Shows a plan and a diff (secrets masked), asks before changing anything (--yes to skip; needed
/// without a terminal), uploads each file atomically, restarts only what changed and checks the
/// route server and Traefik; on failure it restores the previous files. Re-run it after any
/// set-infra change; a push with nothing to change does nothing. Several machines (-m a,b or
/// --all) are planned first, confirmed once, then pushed in parallel; one failing machine does
/// not stop the others, and the exit code says whether any failed.
#[derive(Debug, Args)]
pub struct PushInfra {
    #[command(flatten)]
    pub machines: Machines,
    /// Show the plan and the diff, change nothing (and download nothing)
    #[arg(long)]
    pub dry_run: bool,
    /// rdc binary to install on the server (default: this executable; use another for a server
    /// of another architecture)
    #[arg(long, value_name = "PATH")]
    pub rdc_binary: Option<PathBuf>,
    /// Traefik binary to install (default: the pinned Traefik release for the server's
    /// architecture, downloaded once into the cache and verified; use this without internet)
    #[arg(long, value_name = "PATH")]
    pub traefik_binary: Option<PathBuf>,
    /// Base URL of a mirror serving the pinned Traefik files under their own names (checked
    /// against the same checksums)
    #[arg(long, value_name = "URL", env = fetch::MIRROR_ENV, hide_env_values = true)]
    pub traefik_mirror: Option<String>,
    /// Install this rdc even when the server runs a newer version
    #[arg(long)]
    pub allow_downgrade: bool,
    /// Then put the machines' DNS records in Cloudflare, as `rdc context dns` does
    #[arg(long)]
    pub dns: bool,
    /// Fail at once when another push-infra or setup-machine is running on the server (the
    /// default is to wait for it, saying who holds it)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for PushInfra {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let names = self.machines.resolve(&ctx, c, "context push-infra")?;
        if self.dns && g.output != Format::Table {
            return Err(crate::error::usage(
                "--dns prints its own plan; with -o json or yaml run the two commands: rdc context push-infra … -o json, then rdc context dns … -o json",
            ));
        }
        let (dns, dry_run, parallel) = (self.dns, self.dry_run, self.machines.parallel.into());
        let cache_dir = fetch::cache_dir()?;
        let opts = Options {
            dry_run: self.dry_run,
            rdc_binary: self.rdc_binary,
            traefik_binary: self.traefik_binary,
            traefik_mirror: self.traefik_mirror,
            allow_downgrade: self.allow_downgrade,
            output: g.output,
            hashes: Arc::new(Cache::open(&cache_dir)),
            cache_dir,
            wait: !self.no_wait,
        };
        let rt = crate::runtime::get()?;
        let flow = Flow {
            names: &names,
            labels: None,
            single: names.len() == 1,
            parallel,
            dry_run,
            format: g.output,
            noun: "machines",
            nested: false,
        };
        let pushed = rt.block_on(staged::run(&Stage { c, opts: &opts }, &flow, p));
        if !dns {
            return pushed;
        }
        if let Err(e) = pushed {
            p.warn("DNS records were not touched: the push did not succeed everywhere");
            return Err(e);
        }
        rt.block_on(super::dns::flow(
            &names,
            parallel,
            c,
            super::dns::How {
                take_over: &[],
                nested: false,
                dry_run,
                format: g.output,
            },
            p,
        ))
    }
}
