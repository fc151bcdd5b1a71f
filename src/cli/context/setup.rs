//! `rdc context setup-machine`: the checklist of every machine first, one confirmation, then the
//! fixes (several machines in parallel, with a summary).

use std::collections::BTreeMap;
use std::sync::Mutex;

use anyhow::Result;
use clap::Args;

use super::super::select::Machines;
use super::super::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::fleet::{self, Summary};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::progress::Progress;
use crate::setup::{self, Prepared, Report, plan::Size};

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
        let parallel = usize::from(self.machines.parallel);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let table = g.output == Format::Table;
        let single = names.len() == 1;
        let lanes = p.lanes();
        let lane: BTreeMap<String, _> = names.iter().map(|n| (n.clone(), lanes.lane(n))).collect();
        let progress = |n: &str| -> &dyn Progress { if single { p } else { &lane[n] } };
        let size = self.datastore_size;
        let lock = (!self.dry_run).then_some(!self.no_wait);
        let prepared = rt.block_on(fleet::each(&names, parallel, |name| {
            let m = c.machines[&name].clone();
            let pr = progress(&name);
            async move { setup::prepare(&name, &m, c.ssh_key.as_deref(), size, lock, pr).await }
        }));
        let mut summary = Summary::default();
        let mut ready: BTreeMap<String, Prepared> = BTreeMap::new();
        for r in prepared {
            match r.result {
                Ok(prep) => {
                    ready.insert(r.machine, prep);
                }
                Err(e) if single => return Err(e),
                Err(e) => {
                    lane[&r.machine].finish(false, &format!("{e:#}"));
                    summary.failed(&r.machine, r.took, &e);
                }
            }
        }
        if table {
            let text: String = names
                .iter()
                .filter_map(|n| ready.get(n))
                .map(|prep| setup::text(&prep.machine, &prep.items))
                .collect();
            lanes.suspend(|| output::print(&text))?;
        }
        let changing: Vec<&str> = names
            .iter()
            .filter(|n| ready.get(*n).is_some_and(Prepared::changes))
            .map(String::as_str)
            .collect();
        let go = !self.dry_run && !changing.is_empty();
        if go {
            let prompt = format!(
                "Make these changes on {} machine(s) ({})?",
                changing.len(),
                changing.join(", ")
            );
            let yes = lanes.suspend(|| p.ask(&prompt));
            if !matches!(yes, Ok(true)) {
                for (_, prep) in std::mem::take(&mut ready) {
                    rt.block_on(prep.close());
                }
                return match yes {
                    Err(e) => Err(e),
                    _ => Err(crate::error::declined("nothing was changed")),
                };
            }
        } else if table && self.dry_run {
            p.note("dry run: nothing was changed");
        }
        let ready = Mutex::new(ready);
        let order: Vec<String> = names
            .iter()
            .filter(|n| ready.lock().expect("setup").contains_key(*n))
            .cloned()
            .collect();
        let done = rt.block_on(fleet::each(&order, parallel, |name| {
            let prep = ready.lock().expect("setup").remove(&name).expect("once");
            let pr = progress(&name);
            async move {
                if go && prep.changes() {
                    prep.apply(pr).await.map(Some)
                } else {
                    let items = prep.items.clone();
                    prep.close().await;
                    Ok(Some((Vec::new(), items)))
                }
            }
        }));
        let mut reports: Vec<(String, Vec<String>, Vec<setup::plan::Item>)> = Vec::new();
        for r in done {
            match r.result {
                Ok(Some((applied, items))) => {
                    let not_ready = items.iter().filter(|i| i.state == "not ready").count();
                    let what = if applied.is_empty() {
                        if self.dry_run && items.iter().any(|i| i.fix.is_some()) {
                            "dry run".to_string()
                        } else {
                            "nothing to do".to_string()
                        }
                    } else {
                        applied.join("; ")
                    };
                    let detail = if not_ready > 0 {
                        format!("{what}; {not_ready} item(s) not ready (see the checklist)")
                    } else {
                        what.clone()
                    };
                    if single {
                        if table && !applied.is_empty() {
                            output::print(&format!("\n{}", setup::text(&r.machine, &items)))?;
                        }
                        if table {
                            p.done(format!("{}: {detail}", r.machine));
                        }
                    } else {
                        lane[&r.machine].finish(true, &detail);
                    }
                    summary.ok(
                        &r.machine,
                        r.took,
                        if applied.is_empty() {
                            "ready"
                        } else {
                            "applied"
                        },
                        detail,
                    );
                    reports.push((r.machine, applied, items));
                }
                Ok(None) => {}
                Err(e) if single => return Err(e),
                Err(e) => {
                    lane[&r.machine].finish(false, &format!("{e:#}"));
                    summary.failed(&r.machine, r.took, &e);
                }
            }
        }
        summary.sort_by(&names);
        drop(lane);
        drop(lanes);
        if table {
            if !single {
                output::print(&format!("\n{}", summary.table()))?;
            }
        } else {
            let rs: Vec<Report> = reports
                .iter()
                .map(|(m, applied, items)| Report {
                    machine: m,
                    items,
                    applied: applied.clone(),
                })
                .collect();
            if single && rs.len() == 1 {
                output::emit(g.output, &rs[0], || Ok(String::new()))?;
            } else {
                output::emit(g.output, &rs, || Ok(String::new()))?;
            }
        }
        summary.into_result()
    }
}
