//! What a push would change on a server: pure code, from the rendered files and what the server
//! has now. No I/O, so every rule here is unit-tested.
//!
//! Rules: a file is new, changed or unchanged (bytes, mode and owner: a file whose mode or owner
//! was changed by hand is put back, without a restart when its content is the same); a changed
//! input restarts only
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
pub(crate) enum Action {
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
    pub(crate) fn label(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Changed => "changed",
            Action::Unchanged => "unchanged",
        }
    }
}

/// What the server has at a rendered path now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Current {
    pub bytes: Vec<u8>,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

/// A symlink push-infra keeps (`renet` → `rdc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LinkStep {
    pub path: String,
    pub target: String,
    /// What it points to now (None: absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    pub action: Action,
}

/// What the server reports for a path that exists but is not a symlink.
pub(crate) const NOT_A_LINK: &str = "(not a link)";

/// Every file rdc installs belongs to root.
pub(crate) const OWNER: (u32, u32) = (0, 0);

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FileStep {
    pub path: String,
    #[serde(serialize_with = "octal")]
    pub mode: u32,
    pub action: Action,
    /// Mode and owner fixes of a file changed by hand (`mode 0644 -> 0600`, `owner …`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<String>,
    /// Whether the bytes differ (a mode or owner fix alone restarts nothing).
    #[serde(skip)]
    pub content_changed: bool,
    /// Mode and owner on the server before the push, to restore them on rollback.
    #[serde(skip)]
    pub old_meta: Option<(u32, u32, u32)>,
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
pub(crate) struct BinaryStep {
    pub name: &'static str,
    pub path: String,
    pub feeds: Feeds,
    pub local: String,
    pub local_sha256: String,
    pub remote_sha256: Option<String>,
    pub action: Action,
}

impl BinaryStep {
    pub(crate) fn new(
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
pub(crate) struct Restart {
    pub unit: &'static str,
    /// First installation: `systemctl enable --now` instead of `restart`.
    pub enable: bool,
    /// `systemctl reload`: the proxy hands Traefik over to a new process without refusing a
    /// connection (its unit file is unchanged, only what Traefik reads changed).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reload: bool,
}

impl Restart {
    /// The systemctl verb.
    pub(crate) fn verb(&self) -> &'static str {
        if self.enable {
            "enable"
        } else if self.reload {
            "reload"
        } else {
            "restart"
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Plan {
    pub machine: String,
    pub target: String,
    pub prefix: String,
    pub service_manager: ServiceManager,
    pub files: Vec<FileStep>,
    pub binaries: Vec<BinaryStep>,
    pub links: Vec<LinkStep>,
    /// Directories created when missing.
    pub dirs: Vec<String>,
    /// Old copies of secret files (`FILE.rdc-prev`) to remove: a rotated or unset secret must
    /// not survive in a backup.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    pub daemon_reload: bool,
    pub restarts: Vec<Restart>,
    /// With `--service-manager none`: how to start each service (as its unit would).
    pub start_commands: Vec<String>,
}

impl Plan {
    pub(crate) fn changes(&self) -> bool {
        self.files.iter().any(|f| f.action != Action::Unchanged)
            || self.binaries.iter().any(|b| b.action != Action::Unchanged)
            || self.links.iter().any(|l| l.action != Action::Unchanged)
            || !self.remove.is_empty()
    }

    /// A unified diff of every changed file, secrets masked.
    pub(crate) fn diff(&self) -> String {
        let mut out = String::new();
        for f in self.files.iter().filter(|f| f.content_changed) {
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
    pub(crate) fn text(&self) -> String {
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
                (Some(r), _) => format!(
                    "sha256 {} -> {}, from {}",
                    short(r),
                    short(&b.local_sha256),
                    b.local
                ),
                (None, _) => format!("sha256 {}, from {}", short(&b.local_sha256), b.local),
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
                "  {:10} {}  ({:04o}{}{})\n",
                f.action.label(),
                f.path,
                f.mode,
                if f.secret { ", secret" } else { "" },
                if f.fixes.is_empty() {
                    String::new()
                } else {
                    format!("; {}", f.fixes.join(", "))
                }
            ));
        }
        for l in &self.links {
            if l.current.as_deref() == Some(NOT_A_LINK) {
                s.push_str(&format!(
                    "  {:10} {}  (another program, left alone: `renet compose` runs it, not rdc)\n",
                    "keep", l.path
                ));
                continue;
            }
            s.push_str(&format!(
                "  {:10} {}  (link to {}: the guide's `renet compose` runs rdc)\n",
                l.action.label(),
                l.path,
                l.target
            ));
        }
        for r in &self.remove {
            s.push_str(&format!(
                "  {:10} {r}  (an old copy of a secret)\n",
                "remove"
            ));
        }
        if self.daemon_reload {
            s.push_str("  reload     systemd (systemctl daemon-reload)\n");
        }
        for r in &self.restarts {
            s.push_str(&format!(
                "  {:10} {}{}\n",
                r.verb(),
                r.unit,
                if r.reload {
                    "  (handover: a new Traefik takes over; no connection is refused)"
                } else {
                    ""
                }
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

/// What the plan is made from on the server's side.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServerState {
    /// Each rendered path: what is there now (None when absent).
    pub files: BTreeMap<String, Option<Current>>,
    /// `FILE.rdc-prev` copies that exist on the server.
    pub prev: BTreeSet<String>,
    /// Where each link rdc keeps points now (None: absent, or not a link).
    pub links: BTreeMap<String, Option<String>>,
}

/// Build the plan from what is rendered and what the server has.
pub(crate) fn make(
    machine: &str,
    target: &str,
    rendered: &Rendered,
    remote: &ServerState,
    binaries: Vec<BinaryStep>,
    sm: ServiceManager,
) -> Plan {
    let files: Vec<FileStep> = rendered
        .files
        .iter()
        .map(|f| {
            let cur = remote.files.get(&f.path).cloned().flatten();
            let old = cur.as_ref().map(|c| c.bytes.clone());
            let content = Action::of(old.as_deref(), f.contents.as_bytes());
            let mut fixes = Vec::new();
            if let Some(c) = &cur {
                if c.mode & 0o7777 != f.mode {
                    fixes.push(format!("mode {:04o} -> {:04o}", c.mode & 0o7777, f.mode));
                }
                if (c.uid, c.gid) != OWNER {
                    fixes.push(format!("owner {}:{} -> root", c.uid, c.gid));
                }
            }
            let action = if content == Action::Unchanged && !fixes.is_empty() {
                Action::Changed
            } else {
                content
            };
            FileStep {
                path: f.path.clone(),
                mode: f.mode,
                action,
                fixes,
                content_changed: content != Action::Unchanged,
                old_meta: cur.as_ref().map(|c| (c.mode & 0o7777, c.uid, c.gid)),
                secret: f.secret,
                feeds: f.feeds,
                unit: f.unit,
                old,
                new: f.contents.as_bytes().to_vec(),
            }
        })
        .collect();
    let renet = rendered.paths.renet_link();
    let current = remote.links.get(&renet).cloned().flatten();
    let links = vec![LinkStep {
        action: match current.as_deref() {
            None => Action::New,
            // Another program installed there (upstream's renet, say) is left alone.
            Some("rdc") | Some(NOT_A_LINK) => Action::Unchanged,
            Some(_) => Action::Changed,
        },
        path: renet,
        target: "rdc".into(),
        current,
    }];
    let remove: Vec<String> = files
        .iter()
        .filter(|f| f.secret)
        .map(|f| format!("{}.rdc-prev", f.path))
        .filter(|p| remote.prev.contains(p))
        .collect();
    let router_toml = rendered.paths.router_toml();
    let mut changed: BTreeSet<Feeds> = files
        .iter()
        .filter(|f| f.content_changed)
        // The route server re-reads router.toml's declarations and ports while it runs.
        .filter(|f| f.path != router_toml || router_needs_restart(f))
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
            let reload = files.iter().any(|f| f.unit && f.content_changed);
            // The route server first: Traefik polls it.
            let restarts = [Feeds::Router, Feeds::Proxy]
                .into_iter()
                .filter(|f| changed.contains(f))
                .map(|feeds| {
                    let unit_file = files.iter().find(|f| f.unit && f.feeds == feeds);
                    let enable = unit_file.is_some_and(|f| f.action == Action::New);
                    Restart {
                        unit: feeds.unit(),
                        enable,
                        // Only the proxy can hand over; a changed unit file needs a restart.
                        reload: feeds == Feeds::Proxy
                            && !enable
                            && unit_file.is_some_and(|f| !f.content_changed),
                    }
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
        links,
        dirs: dirs.into_iter().collect(),
        remove,
        daemon_reload,
        restarts,
        start_commands: rendered
            .services
            .iter()
            .map(|(_, s)| s.shell_command())
            .collect(),
    }
}

/// Whether a changed router.toml changes a setting the route server reads only at start.
fn router_needs_restart(f: &FileStep) -> bool {
    use crate::contract::router::RouterConfig;
    let parse = |b: &[u8]| RouterConfig::parse(&String::from_utf8_lossy(b)).ok();
    match (f.old.as_deref().and_then(parse), parse(&f.new)) {
        (Some(old), Some(new)) => RouterConfig::needs_restart(&old, &new),
        _ => true,
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
    fn current(bytes: &[u8], mode: u32) -> Option<Current> {
        Some(Current {
            bytes: bytes.to_vec(),
            mode,
            uid: 0,
            gid: 0,
        })
    }

    fn installed(r: &Rendered) -> ServerState {
        ServerState {
            files: r
                .files
                .iter()
                .map(|f| (f.path.clone(), current(f.contents.as_bytes(), f.mode)))
                .collect(),
            prev: BTreeSet::new(),
            links: BTreeMap::from([(r.paths.renet_link(), Some("rdc".to_string()))]),
        }
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
            &ServerState::default(),
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
                    enable: true,
                    reload: false
                },
                Restart {
                    unit: "rediacc-proxy.service",
                    enable: true,
                    reload: false
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
    /// A new port is a static change of Traefik only: planned as a reload of the proxy unit,
    /// whose `ExecReload` hands over to a new Traefik (no restart, no refused connection).
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
        // router.toml learns the port too (its routers are checked against the entrypoints);
        // the route server re-reads that while it runs, so only Traefik is handed over.
        assert_eq!(
            changed,
            vec!["/etc/rediacc/proxy/traefik.yml", "/etc/rediacc/router.toml"]
        );
        assert_eq!(
            p.restarts,
            vec![Restart {
                unit: "rediacc-proxy.service",
                enable: false,
                reload: true
            }]
        );
        assert!(!p.daemon_reload);
        assert!(p.diff().contains("+  tcp-25:"), "{}", p.diff());
        assert!(
            p.text()
                .contains("reload     rediacc-proxy.service  (handover: a new Traefik takes over"),
            "{}",
            p.text()
        );
        // A changed proxy unit file (a new rdc that starts it differently) needs a restart.
        let mut old_unit = installed(&before);
        let unit = "/etc/systemd/system/rediacc-proxy.service";
        old_unit
            .files
            .insert(unit.into(), current(b"[Unit]\nold\n", 0o644));
        let p = make(
            "m",
            "t",
            &after,
            &old_unit,
            vec![bin(Some("aaa"))],
            ServiceManager::Systemd,
        );
        assert_eq!(p.restarts[0].verb(), "restart");
        assert!(p.daemon_reload);
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
                enable: false,
                reload: false
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
                enable: false,
                reload: false
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
            &ServerState::default(),
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
        remote.files.insert(
            "/etc/rediacc/proxy/traefik.env".into(),
            current(b"CF_DNS_API_TOKEN=old-SECRET\n", 0o600),
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

    /// A file chmodded or chowned by hand is put back, without restarting anything; an old copy
    /// of a secret is removed.
    #[test]
    fn modes_and_owners_are_part_of_the_state() {
        let r = crate::infra::render(
            "m",
            &machine(vec![], "example.com", ServiceManager::Systemd),
        )
        .unwrap();
        let mut remote = installed(&r);
        let env = "/etc/rediacc/proxy/traefik.env";
        let want = remote.files[env].clone().unwrap();
        remote.files.insert(
            env.into(),
            Some(Current {
                mode: 0o644,
                uid: 65534,
                gid: 65534,
                ..want
            }),
        );
        remote.prev.insert(format!("{env}.rdc-prev"));
        remote
            .prev
            .insert("/etc/rediacc/router.toml.rdc-prev".into());
        let p = make(
            "m",
            "t",
            &r,
            &remote,
            vec![bin(Some("aaa"))],
            ServiceManager::Systemd,
        );
        assert!(p.changes());
        let f = p.files.iter().find(|f| f.path == env).unwrap();
        assert_eq!(f.action, Action::Changed);
        assert!(!f.content_changed);
        assert_eq!(
            f.fixes,
            vec!["mode 0644 -> 0600", "owner 65534:65534 -> root"]
        );
        assert!(p.restarts.is_empty(), "{:?}", p.restarts);
        assert!(!p.daemon_reload);
        assert_eq!(p.remove, vec![format!("{env}.rdc-prev")]);
        let text = p.text();
        assert!(text.contains("mode 0644 -> 0600"), "{text}");
        assert!(text.contains("an old copy of a secret"), "{text}");
        assert!(p.diff().is_empty(), "{}", p.diff());
    }
}
