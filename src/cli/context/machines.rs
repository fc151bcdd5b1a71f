//! `rdc context add-machine|set-machine|remove-machine|machines|scan-keys`.

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::super::{GlobalArgs, Run};
use crate::context::edit::{self, MachineSpec};
use crate::context::{self as ctxmod, ServiceManager, validate};
use crate::contract::paths::DEFAULT_DATASTORE;
use crate::error::{connection, usage};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::ssh::keyscan;

/// Add a machine (a server reachable over SSH) to the context
///
/// Example: rdc context add-machine server-1 --ip 203.0.113.50 --user root
#[derive(Debug, Args)]
pub struct AddMachine {
    /// Name of the machine in this context
    pub name: String,
    /// SSH address: an IP address or a host name
    #[arg(long, value_name = "ADDRESS")]
    pub ip: String,
    /// SSH user (root, or a user with passwordless sudo)
    #[arg(long)]
    pub user: String,
    /// SSH port
    #[arg(long, default_value_t = 22, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: u16,
    /// Where repositories live on the server
    #[arg(long, default_value = DEFAULT_DATASTORE, value_name = "DIR")]
    pub datastore: String,
    /// Root under which every server path is installed
    #[arg(long, default_value = "/", value_name = "DIR")]
    pub prefix: String,
    /// How services are started on the server: systemd (install units, restart what changed)
    /// or none (install files only; the plan says how to start the services)
    #[arg(
        long,
        value_parser = crate::cli::choice::<ServiceManager>(&ServiceManager::NAMES),
        default_value = "systemd"
    )]
    pub service_manager: ServiceManager,
}

impl Run for AddMachine {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        validate::name("machine", &self.name)?;
        let spec = MachineSpec {
            ip: Some(validate::machine_host(&self.ip)?),
            user: Some(validate::user(&self.user)?),
            port: Some(self.port),
            datastore: Some(validate::server_dir("--datastore", &self.datastore)?),
            prefix: Some(validate::server_dir("--prefix", &self.prefix)?),
            service_manager: Some(self.service_manager),
        };
        warn_unresolved(&self.name, spec.ip.as_deref(), self.port, p);
        let ctx = edit::add_machine(&g.store()?, g.context.as_deref(), &self.name, &spec)?;
        p.done(format!("added machine {} to context {ctx}", self.name));
        p.note(format!(
            "pin its SSH host key with: rdc context scan-keys {}",
            self.name
        ));
        Ok(())
    }
}

/// Change a machine's connection settings.
#[derive(Debug, Args)]
pub struct SetMachine {
    /// Machine to change
    pub name: String,
    /// New SSH address (drops the pinned host key)
    #[arg(long, value_name = "ADDRESS")]
    pub ip: Option<String>,
    /// New SSH user
    #[arg(long)]
    pub user: Option<String>,
    /// New SSH port
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// Where repositories live on the server
    #[arg(long, value_name = "DIR")]
    pub datastore: Option<String>,
    /// Root under which every server path is installed
    #[arg(long, value_name = "DIR")]
    pub prefix: Option<String>,
    /// How services are started on the server: systemd (install units, restart what changed)
    /// or none (install files only; the plan says how to start the services)
    #[arg(long, value_parser = crate::cli::choice::<ServiceManager>(&ServiceManager::NAMES))]
    pub service_manager: Option<ServiceManager>,
}

/// A host name (not an address) that does not resolve from here: stored, with a warning.
fn warn_unresolved(name: &str, host: Option<&str>, port: u16, p: &Printer) {
    if let Some(h) = host
        && h.parse::<std::net::IpAddr>().is_err()
        && !crate::ssh::keyfile::resolves(h, port)
    {
        p.warn(format!(
            "{h} does not resolve from here; it is stored as given, and looked up again at every connection (fix a typo with: rdc context set-machine {name} --ip ADDRESS)"
        ));
    }
}

impl Run for SetMachine {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        warn_unresolved(&self.name, self.ip.as_deref(), self.port.unwrap_or(22), p);
        let spec = MachineSpec {
            ip: self.ip.as_deref().map(validate::machine_host).transpose()?,
            user: self.user.as_deref().map(validate::user).transpose()?,
            port: self.port,
            datastore: self
                .datastore
                .as_deref()
                .map(|d| validate::server_dir("--datastore", d))
                .transpose()?,
            prefix: self
                .prefix
                .as_deref()
                .map(|d| validate::server_dir("--prefix", d))
                .transpose()?,
            service_manager: self.service_manager,
        };
        if spec.is_empty() {
            return Err(usage(
                "nothing to change; give at least one of --ip, --user, --port, --datastore, --prefix, --service-manager",
            ));
        }
        let dropped = edit::set_machine(&g.store()?, g.context.as_deref(), &self.name, &spec)?;
        if dropped {
            p.note(format!(
                "the pinned host key was dropped; pin the new one with: rdc context scan-keys {}",
                self.name
            ));
        }
        p.done(format!("updated machine {}", self.name));
        Ok(())
    }
}

/// Remove a machine (and its infra settings) from the selected context.
#[derive(Debug, Args)]
pub struct RemoveMachine {
    /// Machine to remove
    pub name: String,
}

impl Run for RemoveMachine {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let store = g.store()?;
        let cfg = store.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        ctxmod::machine(&ctx, c, &self.name)?;
        if let Some((repo, _)) = c.repos.iter().find(|(_, r)| r.machine == self.name) {
            return Err(usage(format!(
                "machine {} still hosts repository {repo} (and maybe others); move or delete them first",
                self.name
            )));
        }
        if !p.ask(&format!("Remove machine {} from context {ctx}?", self.name))? {
            return Err(crate::error::declined("nothing removed"));
        }
        edit::remove_machine(&store, g.context.as_deref(), &self.name)?;
        p.done(format!("removed machine {}", self.name));
        Ok(())
    }
}

#[derive(Serialize)]
struct MachineRow<'a> {
    name: &'a str,
    ip: &'a str,
    user: &'a str,
    port: u16,
    datastore: &'a str,
    prefix: &'a str,
    service_manager: ServiceManager,
    host_key_pinned: bool,
    infra: bool,
}

pub(super) fn list(g: &GlobalArgs, p: &Printer) -> Result<()> {
    let cfg = g.store()?.load()?;
    let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
    let rows: Vec<MachineRow> = c
        .machines
        .iter()
        .map(|(n, m)| MachineRow {
            name: n,
            ip: &m.ip,
            user: &m.user,
            port: m.port,
            datastore: &m.datastore,
            prefix: &m.prefix,
            service_manager: m.service_manager,
            host_key_pinned: m.known_hosts.is_some(),
            infra: m.infra.is_some(),
        })
        .collect();
    if rows.is_empty() && g.output == Format::Table {
        p.note(format!(
            "context {ctx} has no machines; add one with: rdc context add-machine NAME --ip IP --user USER"
        ));
        return Ok(());
    }
    output::emit(g.output, &rows, || {
        Ok(output::table(
            &[
                "NAME",
                "IP",
                "USER",
                "PORT",
                "DATASTORE",
                "HOST KEY",
                "INFRA",
            ],
            rows.iter()
                .map(|r| {
                    vec![
                        r.name.to_string(),
                        r.ip.to_string(),
                        r.user.to_string(),
                        r.port.to_string(),
                        r.datastore.to_string(),
                        if r.host_key_pinned { "pinned" } else { "-" }.into(),
                        if r.infra { "yes" } else { "-" }.into(),
                    ]
                })
                .collect(),
        ))
    })
}

/// Pin machines' SSH host keys (ssh-keyscan), for strict host-key checking
///
/// Pin SSH host keys with ssh-keyscan (trust on first use: compare the printed fingerprints
/// with the server's `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub`).
#[derive(Debug, Args)]
pub struct ScanKeys {
    /// Machine to scan (default: every machine of the context)
    pub machine: Option<String>,
}

impl Run for ScanKeys {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let store = g.store()?;
        let cfg = store.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let names: Vec<String> = match &self.machine {
            Some(m) => {
                ctxmod::machine(&ctx, c, m)?;
                vec![m.clone()]
            }
            None => c.machines.keys().cloned().collect(),
        };
        if names.is_empty() {
            return Err(usage(format!("context {ctx} has no machines to scan")));
        }
        let mut failures = Vec::new();
        for name in &names {
            let m = &c.machines[name];
            let pb = p.spinner(format!("scanning {name} ({}:{})", m.ip, m.port));
            let scanned = keyscan::keyscan(&m.ip, m.port);
            pb.finish_and_clear();
            match scanned {
                Ok(keys) => {
                    edit::pin_host_keys(&store, &ctx, name, &keys)?;
                    p.done(format!("pinned host keys of {name}"));
                    for fp in keyscan::fingerprints(&keys) {
                        if !p.quiet() {
                            eprintln!("  {fp}");
                        }
                    }
                }
                Err(e) => {
                    p.warn(format!("{name}: {e:#}"));
                    failures.push(name.clone());
                }
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(connection(format!(
                "could not scan the host keys of: {}",
                failures.join(", ")
            )))
        }
    }
}
