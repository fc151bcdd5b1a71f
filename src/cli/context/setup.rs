//! `rdc context setup-machine`: the staged flow (`fleet::staged`) over `setup::stage::Stage`:
//! the checklist of every machine first, one confirmation, then the fixes (several machines in
//! parallel, with a summary).

use anyhow::Result;
use clap::Args;

use super::super::select::Machines;
use super::super::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::fleet::staged::{self, Flow};
use crate::printer::Printer;
use crate::setup::plan::Size;
use crate::setup::stage::Stage;

/// Prepare servers for rdc: packages, datastore, kernel checks (idempotent)
///
/// Prepare Debian/Ubuntu servers for rdc: install what is missing (Docker, docker-compose,
/// btrfs-progs, cryptsetup), create the datastore, and check what the kernel must provide
/// (btrfs, device-mapper for encrypted repositories, IPv6, systemd).
///
/// Prints a checklist (ready, will fix, not ready with what to do), asks before changing
/// anything (--yes to skip), applies, and prints the checklist again. Running it again changes
/// nothing. The datastore is a directory; with --datastore-size it is a btrfs loop image of that
/// size (default 95% of the free space) mounted on the datastore and listed in /etc/fstab.
#[derive(Debug, Args)]
pub struct SetupMachine {
    #[command(flatten)]
    pub machines: Machines,
    /// Make the datastore a btrfs loop image of this size: a share of the free space (95%) or
    /// a size (500G); without a value, 95%
    #[arg(long, value_name = "SIZE", num_args = 0..=1, default_missing_value = "95%")]
    pub datastore_size: Option<Size>,
    /// Show the checklist and what would be done, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Fail at once when another push-infra or setup-machine is running on the server (the
    /// default is to wait for it, saying who holds it)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for SetupMachine {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let names = self.machines.resolve(&ctx, c, "context setup-machine")?;
        let stage = Stage {
            c,
            size: self.datastore_size,
            dry_run: self.dry_run,
            wait: !self.no_wait,
        };
        let flow = Flow {
            names: &names,
            labels: None,
            single: names.len() == 1,
            parallel: self.machines.parallel.into(),
            dry_run: self.dry_run,
            format: g.output,
            noun: "machines",
            nested: false,
        };
        crate::runtime::get()?.block_on(staged::run(&stage, &flow, p))
    }
}
