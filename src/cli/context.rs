//! `rdc context …`: contexts, machines, infra settings, rendering and pushing the proxy config.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use toml_edit::DocumentMut;

use super::{GlobalArgs, Run};
use crate::context::store::{int_array, set_value, table_at};
use crate::context::validate::{self, Proto};
use crate::context::{self as ctxmod, Config, Infra, Machine, ServiceManager};
use crate::error::{connection, usage};
use crate::infra;
use crate::output::{self, Format, or_dash};
use crate::ui;

#[derive(Debug, Subcommand)]
pub enum ContextCmd {
    /// Create a context (the first one becomes the current context)
    Create(Create),
    /// List contexts
    #[command(alias = "ls")]
    List,
    /// Show a context (default: the selected one)
    Show(Show),
    /// Print the name of the selected context
    Current,
    /// Make NAME the current context
    Use(Use),
    /// Rename a context
    Rename(Rename),
    /// Delete a context and everything it holds
    #[command(alias = "rm")]
    Delete(Delete),
    /// Set the SSH private key used for the context's machines
    SetSsh(SetSsh),
    /// Add a machine (a server reachable over SSH) to the context
    AddMachine(AddMachine),
    /// Change a machine's connection settings
    SetMachine(SetMachine),
    /// Remove a machine from the context
    RemoveMachine(RemoveMachine),
    /// List the context's machines
    Machines,
    /// Pin machines' SSH host keys (ssh-keyscan), for strict host-key checking
    ScanKeys(ScanKeys),
    /// Store a machine's proxy settings: public IPs, domain, TLS, extra ports
    SetInfra(Box<SetInfra>),
    /// Show a machine's proxy settings (the token is shown as ***)
    ShowInfra(MachineArg),
    /// Render every file push-infra would write, without touching the server
    RenderInfra(RenderInfra),
    /// Install or update the proxy on a machine over SSH: plan, diff, confirm, apply, verify
    PushInfra(PushInfra),
}

impl Run for ContextCmd {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        match self {
            ContextCmd::Create(c) => c.run(g),
            ContextCmd::List => list(g),
            ContextCmd::Show(c) => c.run(g),
            ContextCmd::Current => current(g),
            ContextCmd::Use(c) => c.run(g),
            ContextCmd::Rename(c) => c.run(g),
            ContextCmd::Delete(c) => c.run(g),
            ContextCmd::SetSsh(c) => c.run(g),
            ContextCmd::AddMachine(c) => c.run(g),
            ContextCmd::SetMachine(c) => c.run(g),
            ContextCmd::RemoveMachine(c) => c.run(g),
            ContextCmd::Machines => machines(g),
            ContextCmd::ScanKeys(c) => c.run(g),
            ContextCmd::SetInfra(c) => c.run(g),
            ContextCmd::ShowInfra(c) => show_infra(g, &c.machine),
            ContextCmd::RenderInfra(c) => c.run(g),
            ContextCmd::PushInfra(c) => c.run(g),
        }
    }
}

// ---- contexts ---------------------------------------------------------------------------------

/// Create a context.
///
/// Example: rdc context create prod --ssh-key ~/.ssh/id_ed25519
#[derive(Debug, Args)]
pub struct Create {
    pub name: String,
    /// Private key for SSH to every machine of the context (default: ssh's own: agent,
    /// ~/.ssh/id_*, ~/.ssh/config)
    #[arg(long, value_name = "PATH")]
    pub ssh_key: Option<PathBuf>,
}

impl Run for Create {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        validate::name("context", &self.name)?;
        let key = self.ssh_key.as_deref().map(check_key).transpose()?;
        let became_current = g.store()?.edit(|doc, cfg| {
            if cfg.contexts.contains_key(&self.name) {
                return Err(usage(format!(
                    "context {:?} already exists; pick another name or see it with: rdc context show {}",
                    self.name, self.name
                )));
            }
            let t = table_at(doc, &["contexts", &self.name])?;
            if let Some(k) = &key {
                set_value(t, "ssh_key", k.to_string_lossy().as_ref());
            }
            let make_current = cfg.current.is_none();
            if make_current {
                set_value(doc.as_table_mut(), "current", self.name.as_str());
            }
            Ok(make_current)
        })?;
        ui::done(format!("created context {}", self.name));
        if became_current {
            ui::note(format!("{} is now the current context", self.name));
        }
        Ok(())
    }
}

/// Expand `~` and check the key file exists; returns the absolute path to store.
fn check_key(p: &Path) -> Result<PathBuf> {
    let s = p.to_string_lossy();
    let expanded = if let Some(rest) = s.strip_prefix("~/") {
        std::env::home_dir()
            .ok_or_else(|| usage("cannot expand ~: no home directory"))?
            .join(rest)
    } else {
        p.to_path_buf()
    };
    let abs = if expanded.is_absolute() {
        expanded
    } else {
        std::env::current_dir()?.join(expanded)
    };
    if !abs.is_file() {
        return Err(usage(format!(
            "--ssh-key {}: no such file; give the path of an SSH private key",
            abs.display()
        )));
    }
    Ok(abs)
}

#[derive(Serialize)]
struct ContextRow {
    name: String,
    current: bool,
    ssh_key: Option<String>,
    machines: Vec<String>,
    repos: Vec<String>,
}

fn context_rows(cfg: &Config, selected: Option<&str>) -> Vec<ContextRow> {
    cfg.contexts
        .iter()
        .map(|(name, c)| ContextRow {
            name: name.clone(),
            current: Some(name.as_str()) == selected,
            ssh_key: c.ssh_key.as_ref().map(|p| p.display().to_string()),
            machines: c.machines.keys().cloned().collect(),
            repos: c.repos.keys().cloned().collect(),
        })
        .collect()
}

fn list(g: &GlobalArgs) -> Result<()> {
    let cfg = g.store()?.load()?;
    let sel = ctxmod::context_name(&cfg, g.context.as_deref()).ok();
    let rows = context_rows(&cfg, sel.as_deref());
    if rows.is_empty() && g.output == Format::Table {
        ui::note("no contexts yet; create one with: rdc context create NAME");
        return Ok(());
    }
    output::emit(g.output, &rows, || {
        Ok(output::table(
            &["", "NAME", "MACHINES", "REPOS", "SSH KEY"],
            rows.iter()
                .map(|r| {
                    vec![
                        if r.current { "*".into() } else { String::new() },
                        r.name.clone(),
                        r.machines.len().to_string(),
                        r.repos.len().to_string(),
                        or_dash(r.ssh_key.as_ref()),
                    ]
                })
                .collect(),
        ))
    })
}

/// Show a context.
#[derive(Debug, Args)]
pub struct Show {
    /// Context name (default: the selected context)
    pub name: Option<String>,
}

impl Run for Show {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let cfg = g.store()?.load()?;
        let sel = ctxmod::context_name(&cfg, g.context.as_deref()).ok();
        let name = match &self.name {
            Some(n) => ctxmod::context_name(&cfg, Some(n))?,
            None => ctxmod::context_name(&cfg, g.context.as_deref())?,
        };
        let row = context_rows(&cfg, sel.as_deref())
            .into_iter()
            .find(|r| r.name == name)
            .expect("resolved context exists");
        output::emit(g.output, &row, || {
            Ok(output::record(&[
                ("name", row.name.clone()),
                ("current", if row.current { "yes" } else { "no" }.into()),
                ("ssh_key", or_dash(row.ssh_key.as_ref())),
                ("machines", join_or_dash(&row.machines)),
                ("repos", join_or_dash(&row.repos)),
            ]))
        })
    }
}

fn join_or_dash(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}

fn current(g: &GlobalArgs) -> Result<()> {
    let cfg = g.store()?.load()?;
    let name = ctxmod::context_name(&cfg, g.context.as_deref())?;
    #[derive(Serialize)]
    struct Cur<'a> {
        context: &'a str,
    }
    output::emit(g.output, &Cur { context: &name }, || {
        Ok(format!("{name}\n"))
    })
}

/// Make a context the current one.
#[derive(Debug, Args)]
pub struct Use {
    pub name: String,
}

impl Run for Use {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        g.store()?.edit(|doc, cfg| {
            ctxmod::context_name(cfg, Some(&self.name))?;
            set_value(doc.as_table_mut(), "current", self.name.as_str());
            Ok(())
        })?;
        ui::done(format!("current context is now {}", self.name));
        Ok(())
    }
}

/// Rename a context.
#[derive(Debug, Args)]
pub struct Rename {
    pub old: String,
    pub new: String,
}

impl Run for Rename {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        validate::name("context", &self.new)?;
        g.store()?.edit(|doc, cfg| {
            ctxmod::context_name(cfg, Some(&self.old))?;
            if cfg.contexts.contains_key(&self.new) {
                return Err(usage(format!(
                    "context {:?} already exists; choose another new name",
                    self.new
                )));
            }
            let contexts = table_at(doc, &["contexts"])?;
            let item = contexts.remove(&self.old).expect("context exists");
            contexts.insert(&self.new, item);
            if cfg.current.as_deref() == Some(self.old.as_str()) {
                set_value(doc.as_table_mut(), "current", self.new.as_str());
            }
            Ok(())
        })?;
        ui::done(format!("renamed context {} to {}", self.old, self.new));
        Ok(())
    }
}

/// Delete a context, with its machines, infra settings and repository credentials.
#[derive(Debug, Args)]
pub struct Delete {
    pub name: String,
}

impl Run for Delete {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let store = g.store()?;
        let cfg = store.load()?;
        ctxmod::context_name(&cfg, Some(&self.name))?;
        let c = &cfg.contexts[&self.name];
        if !c.repos.is_empty() {
            ui::warn(format!(
                "context {} holds {} repository credential(s); without them the encrypted repositories cannot be opened",
                self.name,
                c.repos.len()
            ));
        }
        if !ui::confirm(&format!("Delete context {}?", self.name), g.yes)? {
            return Err(crate::error::declined("nothing deleted"));
        }
        store.edit(|doc, cfg| {
            ctxmod::context_name(cfg, Some(&self.name))?;
            table_at(doc, &["contexts"])?.remove(&self.name);
            if cfg.current.as_deref() == Some(self.name.as_str()) {
                doc.as_table_mut().remove("current");
            }
            Ok(())
        })?;
        ui::done(format!("deleted context {}", self.name));
        Ok(())
    }
}

/// Set the SSH private key of the selected context.
#[derive(Debug, Args)]
pub struct SetSsh {
    /// Path of the private key
    #[arg(long, value_name = "PATH")]
    pub ssh_key: PathBuf,
}

impl Run for SetSsh {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let key = check_key(&self.ssh_key)?;
        let name = g.store()?.edit(|doc, cfg| {
            let name = ctxmod::context_name(cfg, g.context.as_deref())?;
            let t = table_at(doc, &["contexts", &name])?;
            set_value(t, "ssh_key", key.to_string_lossy().as_ref());
            Ok(name)
        })?;
        ui::done(format!("context {name} now uses {}", key.display()));
        Ok(())
    }
}

// ---- machines ---------------------------------------------------------------------------------

/// Add a machine to the selected context.
///
/// Example: rdc context add-machine server-1 --ip 203.0.113.50 --user root
#[derive(Debug, Args)]
pub struct AddMachine {
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
    #[arg(long, default_value = "/mnt/rediacc", value_name = "DIR")]
    pub datastore: String,
    /// Root under which every server path is installed
    #[arg(long, default_value = "/", value_name = "DIR")]
    pub prefix: String,
    /// How services are started on the server
    #[arg(long, value_enum, default_value_t = ServiceManager::Systemd)]
    pub service_manager: ServiceManager,
}

impl Run for AddMachine {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        validate::name("machine", &self.name)?;
        let ip = validate::machine_host(&self.ip)?;
        let user = validate::user(&self.user)?;
        let datastore = validate::server_dir("--datastore", &self.datastore)?;
        let prefix = validate::server_dir("--prefix", &self.prefix)?;
        let ctx = g.store()?.edit(|doc, cfg| {
            let ctx = ctxmod::context_name(cfg, g.context.as_deref())?;
            if cfg.contexts[&ctx].machines.contains_key(&self.name) {
                return Err(usage(format!(
                    "machine {:?} already exists in context {ctx}; change it with: rdc context set-machine {}",
                    self.name, self.name
                )));
            }
            let t = table_at(doc, &["contexts", &ctx, "machines", &self.name])?;
            set_value(t, "ip", ip.as_str());
            set_value(t, "user", user.as_str());
            set_value(t, "port", i64::from(self.port));
            set_value(t, "datastore", datastore.as_str());
            if prefix != "/" {
                set_value(t, "prefix", prefix.as_str());
            }
            if self.service_manager != ServiceManager::Systemd {
                set_value(t, "service_manager", self.service_manager.to_string());
            }
            Ok(ctx)
        })?;
        ui::done(format!("added machine {} to context {ctx}", self.name));
        ui::note(format!(
            "pin its SSH host key with: rdc context scan-keys {}",
            self.name
        ));
        Ok(())
    }
}

/// Change a machine's connection settings.
#[derive(Debug, Args)]
pub struct SetMachine {
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
    /// How services are started on the server
    #[arg(long, value_enum)]
    pub service_manager: Option<ServiceManager>,
}

impl Run for SetMachine {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let ip = self.ip.as_deref().map(validate::machine_host).transpose()?;
        let user = self.user.as_deref().map(validate::user).transpose()?;
        let datastore = self
            .datastore
            .as_deref()
            .map(|d| validate::server_dir("--datastore", d))
            .transpose()?;
        let prefix = self
            .prefix
            .as_deref()
            .map(|d| validate::server_dir("--prefix", d))
            .transpose()?;
        if ip.is_none()
            && user.is_none()
            && self.port.is_none()
            && datastore.is_none()
            && prefix.is_none()
            && self.service_manager.is_none()
        {
            return Err(usage(
                "nothing to change; give at least one of --ip, --user, --port, --datastore, --prefix, --service-manager",
            ));
        }
        g.store()?.edit(|doc, cfg| {
            let ctx = ctxmod::context_name(cfg, g.context.as_deref())?;
            ctxmod::machine(&ctx, &cfg.contexts[&ctx], &self.name)?;
            let t = table_at(doc, &["contexts", &ctx, "machines", &self.name])?;
            if let Some(v) = &ip {
                set_value(t, "ip", v.as_str());
                // A new address means the pinned host key may belong to another server.
                if t.remove("known_hosts").is_some() {
                    ui::note(format!(
                        "the pinned host key was dropped; pin the new one with: rdc context scan-keys {}",
                        self.name
                    ));
                }
            }
            if let Some(v) = &user {
                set_value(t, "user", v.as_str());
            }
            if let Some(v) = self.port {
                set_value(t, "port", i64::from(v));
            }
            if let Some(v) = &datastore {
                set_value(t, "datastore", v.as_str());
            }
            if let Some(v) = &prefix {
                set_value(t, "prefix", v.as_str());
            }
            if let Some(v) = self.service_manager {
                set_value(t, "service_manager", v.to_string());
            }
            Ok(())
        })?;
        ui::done(format!("updated machine {}", self.name));
        Ok(())
    }
}

/// Remove a machine (and its infra settings) from the selected context.
#[derive(Debug, Args)]
pub struct RemoveMachine {
    pub name: String,
}

impl Run for RemoveMachine {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let store = g.store()?;
        let cfg = store.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        ctxmod::machine(&ctx, c, &self.name)?;
        let used: Vec<&String> = c
            .repos
            .iter()
            .filter(|(_, r)| r.machine == self.name)
            .map(|(n, _)| n)
            .collect();
        if !used.is_empty() {
            return Err(usage(format!(
                "machine {} still hosts repositories: {}; move or delete them first",
                self.name,
                used.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if !ui::confirm(
            &format!("Remove machine {} from context {ctx}?", self.name),
            g.yes,
        )? {
            return Err(crate::error::declined("nothing removed"));
        }
        store.edit(|doc, cfg| {
            let ctx = ctxmod::context_name(cfg, g.context.as_deref())?;
            ctxmod::machine(&ctx, &cfg.contexts[&ctx], &self.name)?;
            table_at(doc, &["contexts", &ctx, "machines"])?.remove(&self.name);
            Ok(())
        })?;
        ui::done(format!("removed machine {}", self.name));
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

fn machines(g: &GlobalArgs) -> Result<()> {
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
        ui::note(format!(
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

/// Pin SSH host keys with ssh-keyscan (trust on first use: compare the printed fingerprints
/// with the server's `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub`).
#[derive(Debug, Args)]
pub struct ScanKeys {
    /// Machine to scan (default: every machine of the context)
    pub machine: Option<String>,
}

impl Run for ScanKeys {
    fn run(self, g: &GlobalArgs) -> Result<()> {
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
            let pb = ui::spinner(format!("scanning {name} ({}:{})", m.ip, m.port));
            let scanned = keyscan(&m.ip, m.port);
            pb.finish_and_clear();
            match scanned {
                Ok(keys) => {
                    let fps = fingerprints(&keys);
                    store.edit(|doc, cfg| {
                        ctxmod::machine(&ctx, &cfg.contexts[&ctx], name)?;
                        let t = table_at(doc, &["contexts", &ctx, "machines", name])?;
                        set_value(t, "known_hosts", keys.as_str());
                        Ok(())
                    })?;
                    ui::done(format!("pinned host keys of {name}"));
                    for fp in fps {
                        eprintln!("  {fp}");
                    }
                }
                Err(e) => {
                    ui::warn(format!("{name}: {e:#}"));
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

fn keyscan(host: &str, port: u16) -> Result<String> {
    let out = std::process::Command::new("ssh-keyscan")
        .args(["-T", "10", "-p", &port.to_string(), host])
        .output()
        .map_err(|e| {
            usage(format!(
                "cannot run ssh-keyscan ({e}); install the OpenSSH client"
            ))
        })?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    if keys.is_empty() {
        return Err(connection(format!(
            "no host key from {host}:{port}; check that sshd runs there and the port is right (--port)"
        )));
    }
    Ok(keys.join("\n") + "\n")
}

fn fingerprints(keys: &str) -> Vec<String> {
    use std::io::Write;
    let child = std::process::Command::new("ssh-keygen")
        .args(["-l", "-f", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return Vec::new();
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(keys.as_bytes());
    }
    child
        .wait_with_output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

// ---- infra ------------------------------------------------------------------------------------

/// A field of a machine's infra settings (for --unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum InfraField {
    #[value(alias = "public_ipv4")]
    PublicIpv4,
    #[value(alias = "public_ipv6")]
    PublicIpv6,
    #[value(alias = "base_domain")]
    BaseDomain,
    #[value(alias = "cert_email")]
    CertEmail,
    #[value(alias = "cf_dns_token")]
    CfDnsToken,
    #[value(alias = "tcp_ports")]
    TcpPorts,
    #[value(alias = "udp_ports")]
    UdpPorts,
    #[value(alias = "route_listen")]
    RouteListen,
    #[value(alias = "admin_listen")]
    AdminListen,
}

impl InfraField {
    fn key(self) -> &'static str {
        match self {
            InfraField::PublicIpv4 => "public_ipv4",
            InfraField::PublicIpv6 => "public_ipv6",
            InfraField::BaseDomain => "base_domain",
            InfraField::CertEmail => "cert_email",
            InfraField::CfDnsToken => "cf_dns_token",
            InfraField::TcpPorts => "tcp_ports",
            InfraField::UdpPorts => "udp_ports",
            InfraField::RouteListen => "route_listen",
            InfraField::AdminListen => "admin_listen",
        }
    }
}

/// Store a machine's proxy settings. Only the flags given change; port lists are replaced as a
/// whole. Apply them to the server with `rdc context push-infra MACHINE`.
///
/// Example:
///   rdc context set-infra server-1 --public-ipv4 203.0.113.50 --base-domain example.com \
///       --cert-email admin@example.com --cf-dns-token - --tcp-ports 25,143,465,587,993 --udp-ports 53
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SetInfra {
    pub machine: String,
    /// Public IPv4 address Traefik listens on
    #[arg(long, value_name = "IP")]
    pub public_ipv4: Option<String>,
    /// Public IPv6 address Traefik listens on
    #[arg(long, value_name = "IP")]
    pub public_ipv6: Option<String>,
    /// Base domain of the automatic routes {service}-{networkID}.{domain}
    #[arg(long, value_name = "DOMAIN")]
    pub base_domain: Option<String>,
    /// E-mail of the Let's Encrypt account
    #[arg(long, value_name = "EMAIL")]
    pub cert_email: Option<String>,
    /// Cloudflare API token (Zone:DNS:Edit) for DNS-01; `-` reads it from stdin (keeps it out of
    /// shell history and the process list)
    #[arg(long, value_name = "TOKEN|-")]
    pub cf_dns_token: Option<String>,
    /// Extra TCP ports with a tcp-<port> entrypoint, e.g. 25,143,465,587,993 (replaces the list)
    #[arg(long, value_name = "PORTS")]
    pub tcp_ports: Option<String>,
    /// Extra UDP ports with a udp-<port> entrypoint, e.g. 5353 (replaces the list)
    #[arg(long, value_name = "PORTS")]
    pub udp_ports: Option<String>,
    /// Loopback address of the route server [default: 127.0.0.1:7111]
    #[arg(long, value_name = "ADDR")]
    pub route_listen: Option<String>,
    /// Loopback address of Traefik's ping entrypoint [default: 127.0.0.1:7112]
    #[arg(long, value_name = "ADDR")]
    pub admin_listen: Option<String>,
    /// Remove a setting (repeatable)
    #[arg(long, value_enum, value_name = "FIELD")]
    pub unset: Vec<InfraField>,
}

/// Validated values of one set-infra call.
#[derive(Default)]
struct InfraChange {
    set: BTreeMap<InfraField, toml_edit::Value>,
    notes: Vec<String>,
    warnings: Vec<String>,
    tcp: Option<String>,
    udp: Option<String>,
}

impl SetInfra {
    fn validate(&self) -> Result<InfraChange> {
        let mut ch = InfraChange::default();
        if let Some(v) = &self.public_ipv4 {
            let (ip, warn) = validate::public_ipv4(v)?;
            ch.warnings.extend(warn);
            ch.set.insert(InfraField::PublicIpv4, ip.to_string().into());
        }
        if let Some(v) = &self.public_ipv6 {
            let (ip, warn) = validate::public_ipv6(v)?;
            ch.warnings.extend(warn);
            ch.set.insert(InfraField::PublicIpv6, ip.to_string().into());
        }
        if let Some(v) = &self.base_domain {
            let (d, notes) = validate::domain("--base-domain", v)?;
            ch.notes.extend(notes);
            ch.set.insert(InfraField::BaseDomain, d.into());
        }
        if let Some(v) = &self.cert_email {
            ch.set
                .insert(InfraField::CertEmail, validate::email(v)?.into());
        }
        if let Some(v) = &self.route_listen {
            let a = validate::loopback_listen("--route-listen", v)?;
            ch.set.insert(InfraField::RouteListen, a.to_string().into());
        }
        if let Some(v) = &self.admin_listen {
            let a = validate::loopback_listen("--admin-listen", v)?;
            ch.set.insert(InfraField::AdminListen, a.to_string().into());
        }
        ch.tcp = self.tcp_ports.clone();
        ch.udp = self.udp_ports.clone();
        for f in &self.unset {
            let given = ch.set.contains_key(f)
                || (*f == InfraField::CfDnsToken && self.cf_dns_token.is_some())
                || (*f == InfraField::TcpPorts && self.tcp_ports.is_some())
                || (*f == InfraField::UdpPorts && self.udp_ports.is_some());
            if given {
                return Err(usage(format!(
                    "{} is both set and --unset; give one or the other",
                    f.key()
                )));
            }
        }
        Ok(ch)
    }

    fn read_token(&self) -> Result<Option<String>> {
        let Some(t) = &self.cf_dns_token else {
            return Ok(None);
        };
        if t != "-" {
            ui::warn(
                "the token given on the command line is visible in your shell history and the process list; prefer --cf-dns-token - (reads stdin)",
            );
            return validate::token(t).map(Some);
        }
        let raw = if ui::interactive() {
            dialoguer::Password::new()
                .with_prompt("Cloudflare DNS API token")
                .interact()
                .map_err(|e| usage(format!("could not read the token: {e}")))?
        } else {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading the token from stdin")?;
            s
        };
        validate::token(&raw).map(Some)
    }
}

impl Run for SetInfra {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let nothing = self.public_ipv4.is_none()
            && self.public_ipv6.is_none()
            && self.base_domain.is_none()
            && self.cert_email.is_none()
            && self.cf_dns_token.is_none()
            && self.tcp_ports.is_none()
            && self.udp_ports.is_none()
            && self.route_listen.is_none()
            && self.admin_listen.is_none()
            && self.unset.is_empty();
        if nothing {
            return Err(usage(format!(
                "nothing to change; give at least one setting, e.g. rdc context set-infra {} --public-ipv4 203.0.113.50 --base-domain example.com (see --help)",
                self.machine
            )));
        }
        let mut ch = self.validate()?;
        let token = self.read_token()?;
        let store = g.store()?;
        let ctx = store.edit(|doc, cfg| {
            let ctx = ctxmod::context_name(cfg, g.context.as_deref())?;
            let m = ctxmod::machine(&ctx, &cfg.contexts[&ctx], &self.machine)?;
            apply_infra(
                doc,
                &ctx,
                &self.machine,
                m,
                &self.unset,
                &mut ch,
                token.as_deref(),
            )
        })?;
        for w in &ch.warnings {
            ui::warn(w);
        }
        for n in &ch.notes {
            ui::note(n);
        }
        ui::done(format!(
            "saved infra settings of {} (context {ctx})",
            self.machine
        ));
        ui::note(format!(
            "apply them to the server with: rdc context push-infra {}",
            self.machine
        ));
        Ok(())
    }
}

fn apply_infra(
    doc: &mut DocumentMut,
    ctx: &str,
    machine: &str,
    m: &Machine,
    unset: &[InfraField],
    ch: &mut InfraChange,
    token: Option<&str>,
) -> Result<String> {
    let current = m.infra.clone().unwrap_or_default();
    // Ports are checked against the loopback ports this machine will use after the change.
    let listen_port = |f: InfraField, cur: std::net::SocketAddr| -> u16 {
        if unset.contains(&f) {
            return if f == InfraField::RouteListen {
                7111
            } else {
                7112
            };
        }
        ch.set
            .get(&f)
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse::<std::net::SocketAddr>().ok())
            .map(|a| a.port())
            .unwrap_or(cur.port())
    };
    let reserved = [
        listen_port(InfraField::RouteListen, current.route_listen()),
        listen_port(InfraField::AdminListen, current.admin_listen()),
    ];
    let listen_addr = |f: InfraField, cur: std::net::SocketAddr| -> std::net::SocketAddr {
        if unset.contains(&f) {
            let d = if f == InfraField::RouteListen {
                crate::context::model::DEFAULT_ROUTE_LISTEN
            } else {
                crate::context::model::DEFAULT_ADMIN_LISTEN
            };
            return d.parse().expect("valid default");
        }
        ch.set
            .get(&f)
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse().ok())
            .unwrap_or(cur)
    };
    validate::distinct_listens(
        listen_addr(InfraField::RouteListen, current.route_listen()),
        listen_addr(InfraField::AdminListen, current.admin_listen()),
    )?;
    if let Some(s) = &ch.tcp {
        let (ports, notes) = validate::ports(Proto::Tcp, s, &reserved)?;
        ch.notes.extend(notes);
        ch.set.insert(InfraField::TcpPorts, int_array(&ports));
    }
    if let Some(s) = &ch.udp {
        let (ports, notes) = validate::ports(Proto::Udp, s, &reserved)?;
        ch.notes.extend(notes);
        ch.set.insert(InfraField::UdpPorts, int_array(&ports));
    }
    // Existing port lists must not collide with new loopback ports either.
    for (f, list) in [
        (InfraField::TcpPorts, &current.tcp_ports),
        (InfraField::UdpPorts, &current.udp_ports),
    ] {
        if !ch.set.contains_key(&f)
            && !unset.contains(&f)
            && let Some(p) = list.iter().find(|p| reserved.contains(p))
        {
            return Err(usage(format!(
                "port {p} of {} would collide with the new loopback listen address; change the port list or the address",
                f.key()
            )));
        }
    }
    if let Some(t) = token {
        ch.set.insert(InfraField::CfDnsToken, t.into());
    }
    let t = table_at(doc, &["contexts", ctx, "machines", machine, "infra"])?;
    for f in unset {
        if t.remove(f.key()).is_none() {
            ch.notes.push(format!("{} was not set", f.key()));
        }
    }
    for (f, v) in &ch.set {
        // An empty port list (every port given was pre-configured) is the same as no list.
        if v.as_array().is_some_and(|a| a.is_empty()) {
            t.remove(f.key());
            continue;
        }
        set_value(t, f.key(), v.clone());
    }
    Ok(ctx.to_string())
}

/// A machine name.
#[derive(Debug, Args)]
pub struct MachineArg {
    pub machine: String,
}

#[derive(Serialize)]
struct InfraView {
    machine: String,
    public_ipv4: Option<String>,
    public_ipv6: Option<String>,
    base_domain: Option<String>,
    cert_email: Option<String>,
    /// `***` when set.
    cf_dns_token: Option<&'static str>,
    tcp_ports: Vec<u16>,
    udp_ports: Vec<u16>,
    tls: bool,
    route_listen: String,
    admin_listen: String,
}

fn show_infra(g: &GlobalArgs, machine: &str) -> Result<()> {
    let cfg = g.store()?.load()?;
    let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
    let m = ctxmod::machine(&ctx, c, machine)?;
    let Some(i) = &m.infra else {
        if g.output == Format::Table {
            ui::note(format!(
                "machine {machine} has no infra settings yet; set them with: rdc context set-infra {machine} --public-ipv4 IP --base-domain DOMAIN"
            ));
            return Ok(());
        }
        return output::emit(
            g.output,
            &InfraView::from_infra(machine, &Infra::default()),
            || Ok(String::new()),
        );
    };
    let v = InfraView::from_infra(machine, i);
    let ports = |p: &[u16]| {
        if p.is_empty() {
            "-".to_string()
        } else {
            p.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    output::emit(g.output, &v, || {
        Ok(output::record(&[
            ("machine", v.machine.clone()),
            ("public_ipv4", or_dash(v.public_ipv4.as_ref())),
            ("public_ipv6", or_dash(v.public_ipv6.as_ref())),
            ("base_domain", or_dash(v.base_domain.as_ref())),
            ("cert_email", or_dash(v.cert_email.as_ref())),
            ("cf_dns_token", or_dash(v.cf_dns_token)),
            ("tcp_ports", ports(&v.tcp_ports)),
            ("udp_ports", ports(&v.udp_ports)),
            (
                "tls",
                if v.tls {
                    format!(
                        "{} (Let's Encrypt, DNS-01 via Cloudflare)",
                        crate::contract::paths::CERT_RESOLVER
                    )
                } else {
                    "off (no Cloudflare token: HTTP only)".into()
                },
            ),
            ("route_listen", v.route_listen.clone()),
            ("admin_listen", v.admin_listen.clone()),
        ]))
    })
}

impl InfraView {
    fn from_infra(machine: &str, i: &Infra) -> InfraView {
        InfraView {
            machine: machine.to_string(),
            public_ipv4: i.public_ipv4.map(|v| v.to_string()),
            public_ipv6: i.public_ipv6.map(|v| v.to_string()),
            base_domain: i.base_domain.clone(),
            cert_email: i.cert_email.clone(),
            cf_dns_token: i.cf_dns_token.as_ref().map(|_| "***"),
            tcp_ports: i.tcp_ports.clone(),
            udp_ports: i.udp_ports.clone(),
            tls: i.tls_configured(),
            route_listen: i.route_listen().to_string(),
            admin_listen: i.admin_listen().to_string(),
        }
    }
}

/// Render the files push-infra would install (static config, env file, router.toml, units).
/// Without --out they are printed with secrets masked; with --out they are written below DIR
/// at their server paths (the env file with mode 0600).
#[derive(Debug, Args)]
pub struct RenderInfra {
    pub machine: String,
    /// Write the files below this directory instead of printing them
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl Run for RenderInfra {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let m = ctxmod::machine(&ctx, c, &self.machine)?;
        let r = infra::render_with(&self.machine, m, &c.repo_decls(&self.machine))?;
        if let Some(dir) = &self.out {
            for f in &r.files {
                let dest = dir.join(f.path.trim_start_matches('/'));
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent)
                        .with_context(|| format!("creating {}", parent.display()))?;
                }
                crate::context::store::write_atomic(&dest, f.contents.as_bytes(), f.mode)?;
                fs::set_permissions(&dest, fs::Permissions::from_mode(f.mode))?;
            }
            #[derive(Serialize)]
            struct Written<'a> {
                out: String,
                files: &'a [infra::RenderedFile],
            }
            let w = Written {
                out: dir.display().to_string(),
                files: &r.files,
            };
            return output::emit(g.output, &w, || {
                let mut s = String::new();
                for f in &r.files {
                    s.push_str(&format!(
                        "{}\n",
                        dir.join(f.path.trim_start_matches('/')).display()
                    ));
                }
                Ok(s)
            });
        }
        #[derive(Serialize)]
        struct Shown {
            path: String,
            mode: String,
            secret: bool,
            contents: String,
        }
        let shown: Vec<Shown> = r
            .files
            .iter()
            .map(|f| Shown {
                path: f.path.clone(),
                mode: format!("{:04o}", f.mode),
                secret: f.secret,
                contents: if f.secret {
                    infra::mask_secret(&f.contents)
                } else {
                    f.contents.clone()
                },
            })
            .collect();
        output::emit(g.output, &shown, || {
            let mut s = String::new();
            for f in &shown {
                s.push_str(&format!("# ==> {} (mode {}) <==\n", f.path, f.mode));
                s.push_str(&f.contents);
                if !f.contents.ends_with('\n') {
                    s.push('\n');
                }
                s.push('\n');
            }
            Ok(s)
        })
    }
}

/// Install or update the proxy on MACHINE: the rdc binary, Traefik's static config, the env file
/// with the token (0600), router.toml and the systemd units.
///
/// Shows a plan and a diff (secrets masked), asks before changing anything (--yes to skip; needed
/// without a terminal), uploads each file atomically, restarts only what changed and checks the
/// route server and Traefik; on failure it restores the previous files. Re-run it after any
/// set-infra change; a push with nothing to change does nothing.
#[derive(Debug, Args)]
pub struct PushInfra {
    pub machine: String,
    /// Show the plan and the diff, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// rdc binary to install on the server (default: this executable; use another for a server
    /// of another architecture)
    #[arg(long, value_name = "PATH")]
    pub rdc_binary: Option<PathBuf>,
    /// Traefik binary to install on the server (default: use the one already there)
    #[arg(long, value_name = "PATH")]
    pub traefik_binary: Option<PathBuf>,
}

impl Run for PushInfra {
    fn run(self, g: &GlobalArgs) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let m = ctxmod::machine(&ctx, c, &self.machine)?.clone();
        let key = c.ssh_key.clone();
        let repos = c.repo_decls(&self.machine);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        rt.block_on(crate::push::run(
            &self.machine,
            &m,
            &repos,
            key.as_deref(),
            crate::push::Options {
                dry_run: self.dry_run,
                yes: g.yes,
                rdc_binary: self.rdc_binary,
                traefik_binary: self.traefik_binary,
                output: g.output,
            },
        ))
    }
}
