//! `rdc repo list`.

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::runtime;
use crate::cli::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::contract::NetworkId;
use crate::output::{self, Format, or_dash};
use crate::printer::Printer;
use crate::repo::live::{self, RowState};

/// List the repositories of the context (with --live, as the machines see them)
///
/// Example: rdc repo list --live -o json
///
/// Without --live this reads the config only. With --live every machine (or the one given with
/// -m) is asked over SSH, in parallel: whether each repository is mounted, its daemon running,
/// its containers up, its routes served; images the config does not know are listed as orphans
/// (remove one with: rdc repo delete --orphan GUID -m MACHINE).
#[derive(Debug, Args)]
pub struct List {
    /// Ask the machines what is running (default: the config only)
    #[arg(long)]
    pub live: bool,
    /// Only this machine (with --live); repeatable
    #[arg(
        short = 'm',
        long = "machine",
        value_name = "MACHINE",
        requires = "live"
    )]
    pub machines: Vec<String>,
}

impl Run for List {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        if self.live {
            live_list(g, p, &self.machines)
        } else {
            list(g, p)
        }
    }
}

fn live_list(g: &GlobalArgs, p: &Printer, machines: &[String]) -> Result<()> {
    let cfg = g.store()?.load()?;
    let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
    for m in machines {
        ctxmod::machine(&ctx, c, m)?;
    }
    let rows = runtime()?.block_on(live::rows(c, machines, p));
    for r in rows.iter().filter(|r| r.state == RowState::Orphan) {
        p.warn(format!(
            "{} has an image the config does not know: {} ({}); remove it with: rdc repo delete --orphan {} -m {}",
            r.machine, r.guid, r.name, r.guid, r.machine
        ));
    }
    output::emit(g.output, &rows, || {
        Ok(output::table(
            &[
                "NAME",
                "MACHINE",
                "STATE",
                "MOUNTED",
                "DAEMON",
                "CONTAINERS",
                "ROUTES",
                "GUID",
            ],
            rows.iter()
                .map(|r| {
                    vec![
                        r.name.clone(),
                        r.machine.clone(),
                        match r.state {
                            RowState::Known => "ok".into(),
                            RowState::Orphan => "ORPHAN".into(),
                            RowState::Missing => "missing on server".into(),
                            RowState::Unreachable => {
                                format!("unreachable: {}", r.error.as_deref().unwrap_or(""))
                            }
                        },
                        if r.mounted { "yes" } else { "no" }.into(),
                        if r.daemon_running {
                            "running"
                        } else {
                            "stopped"
                        }
                        .into(),
                        format!("{}/{}", r.containers_running, r.containers_total),
                        r.routes
                            .map(|n| n.to_string())
                            .unwrap_or_else(|| "-".into()),
                        r.guid[..8.min(r.guid.len())].to_string(),
                    ]
                })
                .collect(),
        ))
    })
}

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    machine: &'a str,
    network_id: NetworkId,
    network: String,
    guid: &'a str,
    size: Option<&'a str>,
    encrypted: bool,
}

fn list(g: &GlobalArgs, p: &Printer) -> Result<()> {
    let cfg = g.store()?.load()?;
    let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
    let rows: Vec<Row> = c
        .repos
        .iter()
        .map(|(n, r)| Row {
            name: n,
            machine: &r.machine,
            network_id: r.network_id,
            network: r.network_id.cidr(),
            guid: &r.guid,
            size: r.size.as_deref(),
            encrypted: r.encrypted,
        })
        .collect();
    if rows.is_empty() && g.output == Format::Table {
        p.note(format!(
            "context {ctx} has no repositories; create one with: rdc repo create NAME -m MACHINE"
        ));
        return Ok(());
    }
    output::emit(g.output, &rows, || {
        Ok(output::table(
            &[
                "NAME",
                "MACHINE",
                "NETWORK",
                "ADDRESSES",
                "SIZE",
                "ENCRYPTED",
                "GUID",
            ],
            rows.iter()
                .map(|r| {
                    vec![
                        r.name.to_string(),
                        r.machine.to_string(),
                        r.network_id.to_string(),
                        r.network.clone(),
                        or_dash(r.size),
                        if r.encrypted { "yes" } else { "NO" }.into(),
                        r.guid[..8.min(r.guid.len())].to_string(),
                    ]
                })
                .collect(),
        ))
    })
}
