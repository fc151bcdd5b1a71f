//! `rdc repo set`: declared domains and fair shares.

use anyhow::Result;
use clap::Args;

use super::runtime;
use crate::cli::{GlobalArgs, Run};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::repo::{self, RepoChange};
use serde::Serialize;

/// Change a repository's settings: the domains only it may route, its fair share
///
/// Example: rdc repo set my-app --domain app.example.com --domain '*.shop.example.com'
///
/// The domain list replaces the previous one. The machine's route server gets the change at once
/// (router.toml is updated over SSH and re-read within a second); from then on, another
/// repository's claim on these names is refused, and this repository's rules that could match
/// any host (HostRegexp, PathPrefix only) are confined to them. --max-resources and --max-ports
/// give this repository another share than the machine's (set-infra --max-resources-per-repo,
/// --max-ports-per-repo).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true)
    .args(["domains", "no_domains", "max_resources", "max_ports", "default_limits"])))]
pub struct Set {
    /// The repository
    pub name: String,
    /// A host name only this repository may route (repeatable; `*.example.com` covers every
    /// name below example.com)
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Remove every declared domain
    #[arg(long, conflicts_with = "domains")]
    pub no_domains: bool,
    /// Routers, services and middlewares this repository may have (its containers beyond are
    /// left out with the reason)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_resources: Option<u32>,
    /// Dynamic public TCP ports this repository may hold
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_ports: Option<u16>,
    /// Back to the machine's shares (removes --max-resources and --max-ports)
    #[arg(long, conflicts_with_all = ["max_resources", "max_ports"])]
    pub default_limits: bool,
}

impl Run for Set {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let store = g.store()?;
        let change = RepoChange {
            domains: if self.no_domains {
                Some(Vec::new())
            } else if self.domains.is_empty() {
                None
            } else {
                Some(self.domains.clone())
            },
            max_resources: if self.default_limits {
                Some(None)
            } else {
                self.max_resources.map(|n| Some(n as usize))
            },
            max_ports: if self.default_limits {
                Some(None)
            } else {
                self.max_ports.map(|n| Some(n as usize))
            },
        };
        let (r, pushed) = runtime()?.block_on(repo::set(
            &store,
            g.context.as_deref(),
            &self.name,
            change,
            p,
        ))?;
        super::report_router_push(p, &r.machine, &pushed);
        let shares = |v: Option<usize>| v.map_or("the machine's".to_string(), |n| n.to_string());
        p.done(format!(
            "{}: {}; resources: {}, dynamic ports: {}",
            self.name,
            if r.domains.is_empty() {
                "no declared domains".to_string()
            } else {
                format!("declares {}", r.domains.join(", "))
            },
            shares(r.max_resources),
            shares(r.max_ports)
        ));
        #[derive(Serialize)]
        struct Out<'a> {
            name: &'a str,
            machine: &'a str,
            domains: &'a [String],
            max_resources: Option<usize>,
            max_ports: Option<usize>,
        }
        if g.output == Format::Table {
            return Ok(());
        }
        output::emit(
            g.output,
            &Out {
                name: &self.name,
                machine: &r.machine,
                domains: &r.domains,
                max_resources: r.max_resources,
                max_ports: r.max_ports,
            },
            || Ok(String::new()),
        )
    }
}
