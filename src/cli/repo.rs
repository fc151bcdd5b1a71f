//! `rdc repo …`: repositories on machines.

use crate::contract::NetworkId;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::contract::host::Action;
use crate::output::{self, Format, or_dash};
use crate::printer::Printer;
use crate::repo::{self, Target, host::Status};

#[derive(Debug, Subcommand)]
pub enum RepoCmd {
    /// Create a repository on a machine: an image, a network id, a credential
    Create(Create),
    /// Mount (with --mount), start its Docker daemon, run its Rediaccfiles: prep() then up()
    Up(Up),
    /// Run down() in its Rediaccfiles; with --unmount also stop its daemon and unmount it
    Down(Down),
    /// Copy a local directory into a mounted repository
    Sync(Sync),
    /// Change a repository's settings: the domains only it may route
    Set(Set),
    /// Show a repository's state on its machine
    Status(NameArg),
    /// List the repositories of the context
    #[command(alias = "ls")]
    List,
}

impl Run for RepoCmd {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        match self {
            RepoCmd::Create(c) => c.run(g, p),
            RepoCmd::Up(c) => c.run(g, p),
            RepoCmd::Down(c) => c.run(g, p),
            RepoCmd::Sync(c) => c.run(g, p),
            RepoCmd::Set(c) => c.run(g, p),
            RepoCmd::Status(c) => status(g, p, &c.name, c.machine.as_deref()),
            RepoCmd::List => list(g, p),
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Create a repository.
///
/// Example: rdc repo create my-app -m server-1 --size 10G --from examples/full-example
#[derive(Debug, Args)]
pub struct Create {
    pub name: String,
    /// Machine that hosts it
    #[arg(short = 'm', long = "machine", value_name = "MACHINE")]
    pub machine: String,
    /// Size of the (sparse) image, e.g. 10G or 500M
    #[arg(long, default_value = "10G")]
    pub size: String,
    /// Do not encrypt the image (LUKS needs device-mapper on the server); the repository is
    /// then stored in plain text, and `repo status` says so
    #[arg(long)]
    pub no_encrypt: bool,
    /// Put the files of this local directory (compose files, Rediaccfile…) into the new repository
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// A host name only this repository may route (repeatable; `*.example.com` covers every
    /// name below example.com). Other repositories' claims on it are refused
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
}

impl Run for Create {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let files = match &self.from {
            Some(d) => {
                let (files, notes) = repo::collect_files(d)?;
                notes.iter().for_each(|n| p.note(n));
                files
            }
            None => Vec::new(),
        };
        if self.no_encrypt {
            p.warn(format!(
                "repository {} will NOT be encrypted (--no-encrypt)",
                self.name
            ));
        }
        let store = g.store()?;
        let s = runtime()?.block_on(repo::create(
            &store,
            g.context.as_deref(),
            repo::NewRepo {
                name: &self.name,
                machine: &self.machine,
                size: &self.size,
                encrypt: !self.no_encrypt,
                files,
                domains: self.domains.clone(),
            },
            p,
        ))?;
        p.done(format!(
            "created repository {} on {} (network {} = {}, {})",
            self.name,
            self.machine,
            s.network_id,
            s.network,
            if s.encrypted {
                "encrypted"
            } else {
                "not encrypted"
            }
        ));
        if !self.domains.is_empty() {
            let cfg = store.load()?;
            let (_, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
            let pushed = runtime()?.block_on(repo::push_router_toml(c, &self.machine, p))?;
            report_router_push(p, &self.machine, &pushed);
        }
        p.note(format!("start it with: rdc repo up {} --mount", self.name));
        emit(g, &s)
    }
}

/// Declare the domains only this repository may route.
///
/// Example: rdc repo set my-app --domain app.example.com --domain '*.shop.example.com'
///
/// The list replaces the previous one. The machine's route server gets it at once (router.toml
/// is updated over SSH and re-read within a second); from then on, another repository's claim on
/// these names is refused, and this repository's rules that could match any host
/// (HostRegexp, PathPrefix only) are confined to them.
#[derive(Debug, Args)]
pub struct Set {
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
        report_router_push(p, &machine, &pushed);
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

fn report_router_push(p: &Printer, machine: &str, pushed: &repo::RouterPush) {
    match pushed {
        repo::RouterPush::NotSetUp => p.note(format!(
            "{machine} has no infra settings yet; the declarations reach its route server with: rdc context push-infra {machine}"
        )),
        repo::RouterPush::Unchanged => {}
        repo::RouterPush::Updated(path) => p.note(format!(
            "updated {path} on {machine}; the route server applies it within a second"
        )),
    }
}

/// A repository name, and optionally the machine (checked against the config).
#[derive(Debug, Args)]
pub struct NameArg {
    pub name: String,
    /// Its machine (default: the one it was created on)
    #[arg(short = 'm', long = "machine", value_name = "MACHINE")]
    pub machine: Option<String>,
}

/// Start a repository.
#[derive(Debug, Args)]
pub struct Up {
    #[command(flatten)]
    pub target: NameArg,
    /// Mount the image first if it is not mounted
    #[arg(long)]
    pub mount: bool,
    /// Fail at once when another operation on the repository is running (default: wait)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for Up {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let mut job = t.job();
        job.mount = self.mount;
        job.no_wait = self.no_wait;
        let s = runtime()?.block_on(repo::call(&t, Action::Up, &job, p))?;
        p.done(format!(
            "{} is up on {}: {} container(s) running; {}",
            t.name,
            t.machine_name,
            s.containers_running,
            services(&s)
        ));
        emit(g, &s)
    }
}

/// Stop a repository.
#[derive(Debug, Args)]
pub struct Down {
    #[command(flatten)]
    pub target: NameArg,
    /// Also stop its Docker daemon and unmount the image
    #[arg(long)]
    pub unmount: bool,
    /// Seconds each down() hook, and then each container, gets to stop before it is killed
    /// (a container's own stop_grace_period counts when it is shorter)
    #[arg(long, value_name = "SECS", default_value_t = crate::repo::host::DEFAULT_STOP_TIMEOUT)]
    pub timeout: u64,
    /// Fail at once when another operation on the repository is running (default: wait)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for Down {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let mut job = t.job();
        job.unmount = self.unmount;
        job.no_wait = self.no_wait;
        job.timeout_secs = Some(self.timeout);
        let s = runtime()?.block_on(repo::call(&t, Action::Down, &job, p))?;
        p.done(format!(
            "{} is down on {}{}",
            t.name,
            t.machine_name,
            if s.mounted {
                ""
            } else {
                " (daemon stopped, image unmounted)"
            }
        ));
        emit(g, &s)
    }
}

/// Copy files into a mounted repository.
#[derive(Debug, Args)]
pub struct Sync {
    #[command(flatten)]
    pub target: NameArg,
    /// Local directory whose files are copied to the repository's root
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// Fail at once when another operation on the repository is running (default: wait)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for Sync {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let mut job = t.job();
        let (files, notes) = repo::collect_files(&self.from)?;
        notes.iter().for_each(|n| p.note(n));
        job.files = files;
        let n = job.files.len();
        job.no_wait = self.no_wait;
        let s = runtime()?.block_on(repo::call(&t, Action::Sync, &job, p))?;
        p.done(format!("copied {n} file(s) into {}", t.name));
        emit(g, &s)
    }
}

impl NameArg {
    fn target(&self, g: &GlobalArgs) -> Result<Target> {
        Target::resolve(
            &g.store()?,
            g.context.as_deref(),
            &self.name,
            self.machine.as_deref(),
        )
    }
}

fn services(s: &Status) -> String {
    if s.services.is_empty() {
        "no services".into()
    } else {
        s.services
            .iter()
            .map(|(n, ip)| format!("{n} {ip}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn emit(g: &GlobalArgs, s: &Status) -> Result<()> {
    if g.output == Format::Table {
        return Ok(());
    }
    output::emit(g.output, s, || Ok(String::new()))
}

fn status(g: &GlobalArgs, p: &Printer, name: &str, machine: Option<&str>) -> Result<()> {
    let t = Target::resolve(&g.store()?, g.context.as_deref(), name, machine)?;
    let s = runtime()?.block_on(repo::call(&t, Action::Status, &t.job(), p))?;
    output::emit(g.output, &s, || {
        Ok(output::record(&[
            ("name", s.name.clone()),
            ("machine", t.machine_name.clone()),
            ("network", format!("{} ({})", s.network_id, s.network)),
            (
                "encrypted",
                if s.encrypted {
                    "yes (LUKS)".into()
                } else {
                    "NO (created with --no-encrypt)".into()
                },
            ),
            (
                "image",
                format!(
                    "{} ({} MiB used of {} MiB)",
                    s.image,
                    s.image_used_bytes >> 20,
                    s.image_size_bytes >> 20
                ),
            ),
            (
                "mounted",
                if s.mounted {
                    s.mount.clone()
                } else {
                    "no".into()
                },
            ),
            (
                "daemon",
                if s.daemon_running {
                    s.socket.clone()
                } else {
                    "stopped".into()
                },
            ),
            ("containers", s.containers_running.to_string()),
            ("services", services(&s)),
        ]))
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
