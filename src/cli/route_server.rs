//! `rdc route-server`: the host-side daemon, and its offline `render`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use super::{GlobalArgs, Run};
use crate::contract::NetworkId;
use crate::error::usage;
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::route_server::config::{self, RouterConfig};
use crate::route_server::model::{self, Container};
use crate::route_server::render::{self, DaemonView};
use crate::route_server::serve;

/// Run the route server: watch every repository's Docker daemon and serve Traefik's dynamic
/// configuration on a loopback HTTP API (/routes.yaml, /routes.json, /health, /ports).
///
/// Settings come from router.toml (written by `rdc context push-infra`); flags override it.
/// Here `--config PATH` names that router.toml [default: /etc/rediacc/router.toml; built-in
/// defaults when it is absent]; RDC_CONFIG (the laptop's config) does not apply.
#[derive(Debug, Args)]
pub struct RouteServer {
    #[command(subcommand)]
    pub cmd: Option<RouteServerCmd>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The settings file is the global `--config PATH` [default: /etc/rediacc/router.toml;
/// built-in defaults when it is absent]. `RDC_CONFIG` (the client's config) does not apply.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Loopback address of the HTTP API [default: 127.0.0.1:7111]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Glob of the repositories' Docker sockets; `*` is the network id
    /// [default: /var/run/rediacc/docker-*.sock]
    #[arg(long, value_name = "GLOB")]
    pub sockets: Option<String>,
    /// Base domain of the automatic routes {service}-{networkID}.{domain}
    #[arg(long, value_name = "DOMAIN")]
    pub base_domain: Option<String>,
    /// Where dynamic port allocations are kept [default: /var/lib/rediacc/router]
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Do not make automatic (tier-1) routes
    #[arg(long)]
    pub no_auto_routes: bool,
}

#[derive(Debug, Subcommand)]
pub enum RouteServerCmd {
    /// Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped
    Render(RenderArgs),
}

/// Offline render: `docker inspect $(docker ps -aq) > c.json; rdc route-server render --containers c.json`
/// (settings from `--config router.toml`, else built-in defaults).
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// `docker inspect` output (a JSON array); `-` reads stdin
    #[arg(long, value_name = "FILE")]
    pub containers: PathBuf,
    /// Network id of the repository these containers belong to [default: each container's
    /// rediacc.network_id label]
    #[arg(long, value_name = "N")]
    pub network_id: Option<u32>,
    /// Base domain of the automatic routes
    #[arg(long, value_name = "DOMAIN")]
    pub base_domain: Option<String>,
}

/// The router.toml given with `--config` on the command line (never from RDC_CONFIG).
fn router_config_path(g: &GlobalArgs) -> Option<PathBuf> {
    g.config_on_command_line.then(|| g.config.clone()).flatten()
}

impl ServeArgs {
    fn resolve(&self, config: Option<PathBuf>) -> Result<RouterConfig> {
        let mut cfg = match &config {
            Some(p) => config::load(p)?,
            None => {
                let p = std::path::Path::new(config::DEFAULT_CONFIG);
                if p.exists() {
                    config::load(p)?
                } else {
                    tracing::warn!("{} not found: using built-in defaults", p.display());
                    RouterConfig::default()
                }
            }
        };
        if let Some(l) = self.listen {
            cfg.listen = l;
        }
        if let Some(s) = &self.sockets {
            cfg.sockets = s.clone();
        }
        if let Some(d) = &self.base_domain {
            cfg.base_domain = Some(crate::context::validate::domain("--base-domain", d)?.0);
        }
        if let Some(s) = &self.state_dir {
            cfg.state_dir = s.clone();
        }
        if self.no_auto_routes {
            cfg.auto_routes = false;
        }
        if !cfg.listen.ip().is_loopback() {
            return Err(usage(format!(
                "listen address {} is not a loopback address; the route server must only be reachable locally",
                cfg.listen
            )));
        }
        if !cfg.sockets.contains('*') {
            return Err(usage(format!(
                "sockets pattern {:?} has no `*` (the network id), e.g. /var/run/rediacc/docker-*.sock",
                cfg.sockets
            )));
        }
        Ok(cfg)
    }
}

impl Run for RouteServer {
    fn run(self, g: &GlobalArgs, _p: &Printer) -> Result<()> {
        match self.cmd {
            // The global --config may come before `render` or after it; the serving flags
            // belong to the server only.
            Some(RouteServerCmd::Render(r)) => {
                let s = &self.serve;
                if s.listen.is_some()
                    || s.sockets.is_some()
                    || s.state_dir.is_some()
                    || s.no_auto_routes
                    || s.base_domain.is_some()
                {
                    return Err(crate::error::usage(
                        "--listen, --sockets, --state-dir, --no-auto-routes and --base-domain before `render` configure the running server; give render's own options after it (rdc route-server render --help)",
                    ));
                }
                r.run(g, _p)
            }
            None => {
                let cfg = self.serve.resolve(router_config_path(g))?;
                // The daemon logs at info by default (journald adds timestamps).
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()?;
                rt.block_on(serve(cfg))
            }
        }
    }
}

impl Run for RenderArgs {
    fn run(self, g: &GlobalArgs, _p: &Printer) -> Result<()> {
        let text = if self.containers.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin()).context("reading stdin")?
        } else {
            std::fs::read_to_string(&self.containers)
                .map_err(|e| usage(format!("cannot read {}: {e}", self.containers.display())))?
        };
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            usage(format!(
                "{} is not JSON ({e}); give the output of `docker inspect`",
                self.containers.display()
            ))
        })?;
        let containers = model::from_inspect(&v)
            .map_err(|e| usage(format!("{}: {e}", self.containers.display())))?;
        let mut cfg = match router_config_path(g) {
            Some(p) => config::load(&p)?,
            None => RouterConfig::default(),
        };
        if let Some(d) = &self.base_domain {
            cfg.base_domain = Some(crate::context::validate::domain("--base-domain", d)?.0);
        }
        // Group by network id: the flag, else each container's label.
        let mut groups: std::collections::BTreeMap<NetworkId, Vec<Arc<Container>>> =
            Default::default();
        for c in containers {
            let raw = match self.network_id {
                Some(n) => n,
                None => c
                    .label(model::L_NETWORK_ID)
                    .and_then(|s| s.trim().parse().ok())
                    .ok_or_else(|| {
                        usage(format!(
                            "container {} has no rediacc.network_id label; pass --network-id N",
                            c.name
                        ))
                    })?,
            };
            let net = NetworkId::new(raw).ok_or_else(|| {
                usage(format!(
                    "network id {raw} is not a valid rdc network id (2816 + 64·n)"
                ))
            })?;
            groups.entry(net).or_default().push(Arc::new(c));
        }
        let views: Vec<DaemonView> = groups
            .iter()
            .map(|(n, cs)| DaemonView {
                network_id: *n,
                socket: format!("(offline network {n})"),
                listed: true,
                containers: cs,
            })
            .collect();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let out = render::render(&cfg, &views, &render::State::default(), now);
        match g.output {
            Format::Table => {
                output::print(&render::to_yaml(&out.config))?;
                for s in &out.report.skipped {
                    eprintln!(
                        "skipped: [{}] {}{}: {}",
                        s.network_id,
                        s.container
                            .as_deref()
                            .map(|c| format!("{c}: "))
                            .unwrap_or_default(),
                        s.what,
                        s.reason
                    );
                }
                Ok(())
            }
            f => {
                let v = serde_json::json!({"config": out.config, "routers": {"http": out.report.http, "tcp": out.report.tcp, "udp": out.report.udp}, "skipped": out.report.skipped});
                output::emit(f, &v, || Ok(String::new()))
            }
        }
    }
}
