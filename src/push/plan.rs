//! What a push would change on a server: pure code, from the rendered files and what the server
//! has now. No I/O, so every rule here is unit-tested.
//!
//! Rules: a file is new, changed or unchanged (byte comparison); a changed input restarts only
//! the service it feeds (a static-config change restarts Traefik, a `router.toml` change only the
//! route server, a new rdc binary only the route server, a new Traefik binary only Traefik); a
//! changed unit file needs `systemctl daemon-reload`, and a unit installed for the first time is
//! enabled and started. With `--service-manager none` nothing is restarted and the plan lists
//! the commands that start the services.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::context::ServiceManager;
use crate::infra::{Feeds, Rendered, mask_secret};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    New,
    Changed,
    Unchanged,
}

impl Action {
    fn of(old: Option<&[u8]>, new: &[u8]) -> Action {
        match old {
            None => Action::New,
            Some(o) if o == new => Action::Unchanged,
            Some(_) => Action::Changed,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Changed => "changed",
            Action::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FileStep {
    pub path: String,
    #[serde(serialize_with = "octal")]
    pub mode: u32,
    pub action: Action,
    pub secret: bool,
    pub feeds: Feeds,
    pub unit: bool,
    #[serde(skip)]
    pub old: Option<Vec<u8>>,
    #[serde(skip)]
    pub new: Vec<u8>,
}

fn octal<S: serde::Serializer>(m: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{m:04o}"))
}

/// A binary to provision (the rdc binary itself, or Traefik when `--traefik-binary` is given).
#[derive(Debug, Clone, Serialize)]
pub struct BinaryStep {
    pub name: &'static str,
    pub path: String,
    pub feeds: Feeds,
    pub local: String,
    pub local_sha256: String,
    pub remote_sha256: Option<String>,
    pub action: Action,
}

impl BinaryStep {
    pub fn new(
        name: &'static str,
        path: String,
        feeds: Feeds,
        local: String,
        local_sha256: String,
        remote_sha256: Option<String>,
    ) -> BinaryStep {
        let action = match &remote_sha256 {
            None => Action::New,
            Some(r) if *r == local_sha256 => Action::Unchanged,
            Some(_) => Action::Changed,
        };
        BinaryStep {
            name,
            path,
            feeds,
            local,
            local_sha256,
            remote_sha256,
            action,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restart {
    pub unit: &'static str,
    /// First installation: `systemctl enable --now` instead of `restart`.
    pub enable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub machine: String,
    pub target: String,
    pub prefix: String,
    pub service_manager: ServiceManager,
    pub files: Vec<FileStep>,
    pub binaries: Vec<BinaryStep>,
    /// Directories created when missing.
    pub dirs: Vec<String>,
    pub daemon_reload: bool,
    pub restarts: Vec<Restart>,
    /// With `--service-manager none`: how to start each service (as its unit would).
    pub start_commands: Vec<String>,
}

impl Plan {
    pub fn changes(&self) -> bool {
        self.files.iter().any(|f| f.action != Action::Unchanged)
            || self.binaries.iter().any(|b| b.action != Action::Unchanged)
    }

    /// A unified diff of every changed file, secrets masked.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for f in self.files.iter().filter(|f| f.action != Action::Unchanged) {
            let show = |b: &[u8]| {
                let s = crate::output::escape_lines(&String::from_utf8_lossy(b));
                if f.secret { mask_secret(&s) } else { s }
            };
            let old = f.old.as_deref().map(show).unwrap_or_default();
            let new = show(&f.new);
            let d = similar::TextDiff::from_lines(&old, &new);
            let (a, b) = if f.old.is_some() {
                (f.path.clone(), f.path.clone())
            } else {
                ("/dev/null".to_string(), f.path.clone())
            };
            out.push_str(
                &d.unified_diff()
                    .context_radius(3)
                    .header(&a, &b)
                    .to_string(),
            );
            if f.secret && f.old.is_some() && old == new {
                out.push_str(&format!(
                    "--- {a}\n+++ {b}\n  (a secret value changed; not shown)\n"
                ));
            }
        }
        out
    }

    /// The plan as people read it.
    pub fn text(&self) -> String {
        let mut s = format!(
            "Plan for {} ({}){}:\n",
            self.machine,
            self.target,
            if self.prefix == "/" {
                String::new()
            } else {
                format!(", prefix {}", self.prefix)
            }
        );
        for b in &self.binaries {
            let detail = match (&b.remote_sha256, b.action) {
                (_, Action::Unchanged) => format!("sha256 {}", short(&b.local_sha256)),
                (Some(r), _) => format!("sha256 {} -> {}", short(r), short(&b.local_sha256)),
                (None, _) => format!("sha256 {}", short(&b.local_sha256)),
            };
            s.push_str(&format!(
                "  {:10} {}  ({} binary, {detail})\n",
                b.action.label(),
                b.path,
                b.name
            ));
        }
        for f in &self.files {
            s.push_str(&format!(
                "  {:10} {}  ({:04o}{})\n",
                f.action.label(),
                f.path,
                f.mode,
                if f.secret { ", secret" } else { "" }
            ));
        }
        if self.daemon_reload {
            s.push_str("  reload     systemd (systemctl daemon-reload)\n");
        }
        for r in &self.restarts {
            s.push_str(&format!(
                "  {:10} {}\n",
                if r.enable { "enable" } else { "restart" },
                r.unit
            ));
        }
        if self.service_manager == ServiceManager::None {
            s.push_str(
                "  (service manager none: nothing is restarted; start the services with:)\n",
            );
            for c in &self.start_commands {
                s.push_str(&format!("    {c}\n"));
            }
        } else if self.changes() && self.restarts.is_empty() {
            s.push_str("  no service needs a restart\n");
        }
        if !self.changes() {
            s.push_str("  nothing to do: the server is up to date\n");
        }
        s
    }
}

/// The first 12 characters of a hash as the server reported it (any bytes: never panics).
fn short(sha: &str) -> String {
    crate::output::escape_controls(&sha.chars().take(12).collect::<String>())
}

/// Build the plan. `remote` holds the server's current bytes of each rendered path (None when
/// absent).
pub fn make(
    machine: &str,
    target: &str,
    rendered: &Rendered,
    remote: &BTreeMap<String, Option<Vec<u8>>>,
    binaries: Vec<BinaryStep>,
    sm: ServiceManager,
) -> Plan {
    let files: Vec<FileStep> = rendered
        .files
        .iter()
        .map(|f| {
            let old = remote.get(&f.path).cloned().flatten();
            FileStep {
                path: f.path.clone(),
                mode: f.mode,
                action: Action::of(old.as_deref(), f.contents.as_bytes()),
                secret: f.secret,
                feeds: f.feeds,
                unit: f.unit,
                old,
                new: f.contents.as_bytes().to_vec(),
            }
        })
        .collect();
    let mut changed: BTreeSet<Feeds> = files
        .iter()
        .filter(|f| f.action != Action::Unchanged)
        .map(|f| f.feeds)
        .collect();
    changed.extend(
        binaries
            .iter()
            .filter(|b| b.action != Action::Unchanged)
            .map(|b| b.feeds),
    );
    let (daemon_reload, restarts) = match sm {
        ServiceManager::None => (false, Vec::new()),
        ServiceManager::Systemd => {
            let reload = files
                .iter()
                .any(|f| f.unit && f.action != Action::Unchanged);
            // The route server first: Traefik polls it.
            let restarts = [Feeds::Router, Feeds::Proxy]
                .into_iter()
                .filter(|f| changed.contains(f))
                .map(|feeds| Restart {
                    unit: feeds.unit(),
                    enable: files
                        .iter()
                        .any(|f| f.unit && f.feeds == feeds && f.action == Action::New),
                })
                .collect();
            (reload, restarts)
        }
    };
    let mut dirs: BTreeSet<String> = files
        .iter()
        .map(|f| parent(&f.path))
        .chain(binaries.iter().map(|b| parent(&b.path)))
        .collect();
    let p = &rendered.paths;
    dirs.insert(p.router_state_dir());
    dirs.insert(parent(&p.acme_json()));
    dirs.insert(p.socket_dir());
    Plan {
        machine: machine.to_string(),
        target: target.to_string(),
        prefix: p.prefix().to_string(),
        service_manager: sm,
        files,
        binaries,
        dirs: dirs.into_iter().collect(),
        daemon_reload,
        restarts,
        start_commands: rendered
            .services
            .iter()
            .map(|(_, s)| s.shell_command())
            .collect(),
    }
}

fn parent(p: &str) -> String {
    std::path::Path::new(p)
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "/".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Infra, Machine};

    fn machine(tcp: Vec<u16>, domain: &str, sm: ServiceManager) -> Machine {
        Machine {
            ip: "127.0.0.1".into(),
            user: "root".into(),
            port: 22,
            datastore: "/mnt/rediacc".into(),
            prefix: "/".into(),
            service_manager: sm,
            known_hosts: None,
            infra: Some(Infra::from_pairs(&[
                ("public_ipv4", "203.0.113.50"),
                ("base_domain", domain),
                ("cert_email", "a@example.com"),
                ("cf_dns_token", "tok-SECRET"),
                (
                    "tcp_ports",
                    &tcp.iter().map(u16::to_string).collect::<Vec<_>>().join(","),
                ),
            ])),
        }
    }

    fn bin(remote: Option<&str>) -> BinaryStep {
        BinaryStep::new(
            "rdc",
            "/usr/local/bin/rdc".into(),
            Feeds::Router,
            "/x/rdc".into(),
            "aaa".into(),
            remote.map(String::from),
        )
    }

    /// The server's files as a previous render left them.
    fn installed(r: &Rendered) -> BTreeMap<String, Option<Vec<u8>>> {
        r.files
            .iter()
            .map(|f| (f.path.clone(), Some(f.contents.as_bytes().to_vec())))
            .collect()
    }

    #[test]
    fn first_push_installs_and_enables_everything() {
        let r = crate::infra::render(
            "m",
            &machine(vec![], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let p = make(
            "m",
            "root@h:22",
            &r,
            &BTreeMap::new(),
            vec![bin(None)],
            ServiceManager::Systemd,
        );
        assert!(p.files.iter().all(|f| f.action == Action::New));
        assert!(p.daemon_reload);
        assert_eq!(
            p.restarts,
            vec![
                Restart {
                    unit: "rediacc-router.service",
                    enable: true
                },
                Restart {
                    unit: "rediacc-proxy.service",
                    enable: true
                }
            ]
        );
        assert!(p.dirs.contains(&"/var/lib/rediacc/router".to_string()));
        assert!(p.text().contains("enable     rediacc-proxy.service"));
    }

    #[test]
    fn second_push_is_a_no_op() {
        let r = crate::infra::render(
            "m",
            &machine(vec![], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let p = make(
            "m",
            "t",
            &r,
            &installed(&r),
            vec![bin(Some("aaa"))],
            ServiceManager::Systemd,
        );
        assert!(!p.changes());
        assert!(p.restarts.is_empty() && !p.daemon_reload);
        assert!(p.text().contains("nothing to do"));
        assert!(p.diff().is_empty());
    }

    #[test]
    fn tcp_ports_restart_only_traefik() {
        let before = crate::infra::render(
            "m",
            &machine(vec![], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let after = crate::infra::render(
            "m",
            &machine(vec![25], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let p = make(
            "m",
            "t",
            &after,
            &installed(&before),
            vec![bin(Some("aaa"))],
            ServiceManager::Systemd,
        );
        let changed: Vec<&str> = p
            .files
            .iter()
            .filter(|f| f.action != Action::Unchanged)
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(changed, vec!["/etc/rediacc/proxy/traefik.yml"]);
        assert_eq!(
            p.restarts,
            vec![Restart {
                unit: "rediacc-proxy.service",
                enable: false
            }]
        );
        assert!(!p.daemon_reload);
        assert!(p.diff().contains("+  tcp-25:"), "{}", p.diff());
    }

    #[test]
    fn base_domain_restarts_only_the_route_server() {
        let before = crate::infra::render(
            "m",
            &machine(vec![], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let after = crate::infra::render(
            "m",
            &machine(vec![], "example.org", ServiceManager::Systemd),
        )
        .unwrap();
        let p = make(
            "m",
            "t",
            &after,
            &installed(&before),
            vec![bin(Some("aaa"))],
            ServiceManager::Systemd,
        );
        assert_eq!(
            p.restarts,
            vec![Restart {
                unit: "rediacc-router.service",
                enable: false
            }]
        );
    }

    #[test]
    fn new_binary_restarts_the_route_server() {
        let r = crate::infra::render(
            "m",
            &machine(vec![], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let p = make(
            "m",
            "t",
            &r,
            &installed(&r),
            vec![bin(Some("old"))],
            ServiceManager::Systemd,
        );
        assert!(p.changes());
        assert_eq!(
            p.restarts,
            vec![Restart {
                unit: "rediacc-router.service",
                enable: false
            }]
        );
        assert!(p.text().contains("sha256 old -> aaa"));
    }

    #[test]
    fn no_service_manager_restarts_nothing_and_says_how_to_start() {
        let r = crate::infra::render("m", &machine(vec![], "example.com", ServiceManager::None))
            .unwrap();
        let p = make(
            "m",
            "t",
            &r,
            &BTreeMap::new(),
            vec![bin(None)],
            ServiceManager::None,
        );
        assert!(p.restarts.is_empty() && !p.daemon_reload);
        assert_eq!(p.start_commands.len(), 2);
        assert!(
            p.text()
                .contains("route-server --config /etc/rediacc/router.toml")
        );
    }

    #[test]
    fn diffs_mask_secrets() {
        let r = crate::infra::render(
            "m",
            &machine(vec![], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let mut remote = installed(&r);
        remote.insert(
            "/etc/rediacc/proxy/traefik.env".into(),
            Some(b"CF_DNS_API_TOKEN=old-SECRET\n".to_vec()),
        );
        let p = make(
            "m",
            "t",
            &r,
            &remote,
            vec![bin(Some("aaa"))],
            ServiceManager::Systemd,
        );
        let d = p.diff();
        assert!(d.contains("traefik.env"));
        assert!(!d.contains("SECRET"), "{d}");
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("SECRET"));
    }
}
