//! `rdc repo autostart enable|disable|list`.

use anyhow::Result;
use clap::{Args, Subcommand};

use super::{NameArg, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::context::ServiceManager;
use crate::output;
use crate::printer::Printer;
use crate::repo::client::autostart as auto;

/// Repositories that come back after a reboot.
///
/// With systemd the machine gets a unit per repository (rediacc-repo-<guid>.service: mount,
/// daemon, prep() and up() at boot, before the route server); without a service manager, a boot
/// script (/etc/rediacc/autostart.sh) to hook into the machine's boot. An encrypted
/// repository's passphrase is kept on the server, root-only, for the unattended boot.
#[derive(Debug, Subcommand)]
pub enum AutostartCmd {
    /// Bring the repository back at boot
    Enable(NameArg),
    /// Stop bringing it back (it keeps running)
    Disable(NameArg),
    /// The repositories with autostart on the context's machines
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this machine (repeatable)
    #[arg(short = 'm', long = "machine", value_name = "MACHINE")]
    pub machines: Vec<String>,
}

impl Run for AutostartCmd {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        match self {
            AutostartCmd::Enable(n) => {
                let t = n.target(g)?;
                let e = runtime()?.block_on(auto::enable(&t, p))?;
                match e.service_manager {
                    ServiceManager::Systemd => p.done(format!(
                        "{} comes back at boot on {}: {} is enabled",
                        t.name, t.machine_name, e.installed
                    )),
                    ServiceManager::None => {
                        p.done(format!(
                            "{} comes back when {} runs {}",
                            t.name, t.machine_name, e.installed
                        ));
                        p.note(format!(
                            "{} has no service manager rdc drives: run {} at boot (rc.local, or a crontab line: @reboot {})",
                            t.machine_name, e.installed, e.installed
                        ));
                    }
                }
                Ok(())
            }
            AutostartCmd::Disable(n) => {
                let t = n.target(g)?;
                let was = runtime()?.block_on(auto::disable(&t, p))?;
                p.done(if was {
                    format!(
                        "{} no longer comes back at boot on {}",
                        t.name, t.machine_name
                    )
                } else {
                    format!("{} had no autostart on {}", t.name, t.machine_name)
                });
                Ok(())
            }
            AutostartCmd::List(a) => {
                let cfg = g.store()?.load()?;
                let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
                for m in &a.machines {
                    ctxmod::machine(&ctx, c, m)?;
                }
                let rows = runtime()?.block_on(auto::list(c, &a.machines, p))?;
                output::emit(g.output, &rows, || {
                    Ok(output::table(
                        &["NAME", "MACHINE", "GUID"],
                        rows.iter()
                            .map(|r| vec![r.name.clone(), r.machine.clone(), r.guid.clone()])
                            .collect(),
                    ))
                })
            }
        }
    }
}
