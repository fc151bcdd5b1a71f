//! `rdc context status`: every machine of the context (or those named) in one table.

use anyhow::Result;
use clap::Args;

use super::super::select::Machines;
use super::super::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::fleet;
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::push::status::{self, Row};

/// Every machine in one table: reachable, versions, route server, repositories, certificates
///
/// Show every machine of the context in one table: reachable, rdc and Traefik versions, the
/// route server's health, repositories (running/total), routes, and the soonest certificate
/// expiry (from Traefik's ACME storage on the server). Machines are asked in parallel; an
/// unreachable one is a row that says why.
#[derive(Debug, Args)]
pub struct Status {
    #[command(flatten)]
    pub machines: Machines,
}

impl Run for Status {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let mut sel = self.machines.clone();
        if sel.names.is_empty() && sel.machine.is_empty() {
            sel.all = true;
        }
        let names = sel.resolve(&ctx, c, "context status")?;
        let rt = crate::runtime::get()?;
        let spinner = p.spinner(format!("asking {} machine(s)", names.len()));
        let rows: Vec<Row> = rt
            .block_on(fleet::each(&names, self.machines.parallel.into(), |name| {
                let m = c.machines[&name].clone();
                async move { status::of(&name, &m, c.ssh_key.as_deref()).await }
            }))
            .into_iter()
            .map(|r| r.result)
            .collect();
        spinner.finish_and_clear();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        output::emit(g.output, &rows, || {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| match &r.overview {
                    Some(o) => vec![
                        r.machine.clone(),
                        "yes".into(),
                        o.version.clone(),
                        o.traefik.clone().unwrap_or_else(|| "not installed".into()),
                        match o.router_healthy {
                            Some(true) => "healthy".into(),
                            Some(false) => "not answering".into(),
                            None => "not installed".into(),
                        },
                        format!("{}/{} up", o.repos_up, o.repos),
                        o.isolation
                            .as_ref()
                            .map_or_else(|| "-".into(), |i| i.to_string()),
                        o.routes
                            .as_ref()
                            .map(|c| format!("{} http, {} tcp, {} udp", c.http, c.tcp, c.udp))
                            .unwrap_or_else(|| "-".into()),
                        status::certs_cell(o, now),
                    ],
                    None => vec![
                        r.machine.clone(),
                        if r.reachable {
                            "yes".into()
                        } else {
                            "no".into()
                        },
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        r.error.clone().unwrap_or_default(),
                    ],
                })
                .collect();
            Ok(output::table(
                &[
                    "MACHINE",
                    "REACHABLE",
                    "RDC",
                    "TRAEFIK",
                    "ROUTER",
                    "REPOS",
                    "ISOLATION",
                    "ROUTES",
                    "CERTIFICATES",
                ],
                table,
            ))
        })?;
        if g.output == Format::Table && rows.iter().any(|r| r.error.is_some()) {
            p.note("a machine that cannot answer shows why in its last column");
        }
        Ok(())
    }
}
