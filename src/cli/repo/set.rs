//! `rdc repo set`: declared domains.

use anyhow::Result;
use clap::Args;

use super::runtime;
use crate::cli::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::repo;
use serde::Serialize;

/// Change a repository's settings: the domains only it may route
///
/// Example: rdc repo set my-app --domain app.example.com --domain '*.shop.example.com'
///
/// The list replaces the previous one. The machine's route server gets it at once (router.toml
/// is updated over SSH and re-read within a second); from then on, another repository's claim on
/// these names is refused, and this repository's rules that could match any host
/// (HostRegexp, PathPrefix only) are confined to them.
#[derive(Debug, Args)]
pub struct Set {
    /// The repository
    pub name: String,
    /// A host name only this repository may route (repeatable; `*.example.com` covers every
    /// name below example.com)
    #[arg(
        long = "domain",
        value_name = "DOMAIN",
        required_unless_present = "no_domains"
    )]
    pub domains: Vec<String>,
    /// Remove every declared domain
    #[arg(long, conflicts_with = "domains")]
    pub no_domains: bool,
}

impl Run for Set {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let store = g.store()?;
        let (domains, pushed) = runtime()?.block_on(repo::set_domains(
            &store,
            g.context.as_deref(),
            &self.name,
            &self.domains,
            self.no_domains,
            p,
        ))?;
        let cfg = store.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let machine = ctxmod::repo(&ctx, c, &self.name)?.machine.clone();
        super::report_router_push(p, &machine, &pushed);
        p.done(if domains.is_empty() {
            format!("{} has no declared domains", self.name)
        } else {
            format!("{} declares {}", self.name, domains.join(", "))
        });
        #[derive(Serialize)]
        struct Out<'a> {
            name: &'a str,
            machine: &'a str,
            domains: &'a [String],
        }
        if g.output == Format::Table {
            return Ok(());
        }
        output::emit(
            g.output,
            &Out {
                name: &self.name,
                machine: &machine,
                domains: &domains,
            },
            || Ok(String::new()),
        )
    }
}
