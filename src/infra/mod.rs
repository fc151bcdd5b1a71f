//! Everything `push-infra` writes on a server, rendered from a machine's settings (DESIGN §4).
//!
//! Pure code: no I/O. [`render`] returns the files (path, mode, contents) for a machine; the
//! caller writes them locally (`render-infra --out`) or pushes them over SSH (`push-infra`).

pub mod traefik;
pub mod units;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;

use anyhow::Result;
use serde::Serialize;

use crate::context::{Infra, Machine};
use crate::error::usage;
use crate::route_server::config::RouterConfig;
use traefik::*;
use units::Service;

/// TCP ports with an entrypoint on every server (seeds, "Ports pré-configurés").
pub const PRECONFIGURED_TCP: [u16; 7] = [3306, 5432, 6379, 27017, 11211, 5672, 9092];
/// UDP ports with an entrypoint on every server.
pub const PRECONFIGURED_UDP: [u16; 1] = [53];
/// The dynamic TCP range: the route server allocates these to `rediacc.tcp_ports`.
pub const DYNAMIC_TCP_RANGE: RangeInclusive<u16> = 10000..=10010;

/// Name of the certificate resolver (DNS-01 through Cloudflare).
pub const CERT_RESOLVER: &str = "letsencrypt";
/// Header with which Traefik opts into the route server's long-poll; the value is the longest
/// time in seconds the route server may hold a poll before answering the unchanged body.
pub const LONG_POLL_HEADER: &str = "X-Rdc-Long-Poll";
pub const LONG_POLL_SECONDS: u64 = 20;

/// `web` + IPv6 → `web-v6`.
pub fn entrypoint_name(base: &str, v6: bool) -> String {
    if v6 {
        format!("{base}-v6")
    } else {
        base.to_string()
    }
}

/// Where things live on a server, under the machine's install prefix (`/` normally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerPaths {
    prefix: String,
}

impl ServerPaths {
    pub fn new(prefix: &str) -> ServerPaths {
        let p = prefix.trim_end_matches('/');
        ServerPaths {
            prefix: p.to_string(),
        }
    }
    /// An absolute server path under the prefix.
    pub fn at(&self, abs: &str) -> String {
        format!("{}{}", self.prefix, abs)
    }
    pub fn prefix(&self) -> &str {
        if self.prefix.is_empty() {
            "/"
        } else {
            &self.prefix
        }
    }
    pub fn traefik_yml(&self) -> String {
        self.at("/etc/rediacc/proxy/traefik.yml")
    }
    pub fn traefik_env(&self) -> String {
        self.at("/etc/rediacc/proxy/traefik.env")
    }
    pub fn router_toml(&self) -> String {
        self.at("/etc/rediacc/router.toml")
    }
    pub fn unit_dir(&self) -> String {
        self.at("/etc/systemd/system")
    }
    pub fn rdc_bin(&self) -> String {
        self.at("/usr/local/bin/rdc")
    }
    pub fn traefik_bin(&self) -> String {
        self.at("/usr/local/bin/traefik")
    }
    pub fn state_dir(&self) -> String {
        self.at("/var/lib/rediacc")
    }
    pub fn router_state_dir(&self) -> String {
        self.at("/var/lib/rediacc/router")
    }
    pub fn acme_json(&self) -> String {
        self.at("/var/lib/rediacc/proxy/acme.json")
    }
    pub fn socket_dir(&self) -> String {
        self.at("/var/run/rediacc")
    }
    pub fn sockets_glob(&self) -> String {
        self.at("/var/run/rediacc/docker-*.sock")
    }
    /// Where `rdc context push-infra` keeps the previous version of each file for rollback.
    pub fn backup_dir(&self) -> String {
        self.at("/var/lib/rediacc/push-backup")
    }
}

/// What a file feeds: which service must restart when it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Feeds {
    /// Traefik (`rediacc-proxy`).
    Proxy,
    /// The route server (`rediacc-router`).
    Router,
}

impl Feeds {
    pub fn unit(self) -> &'static str {
        match self {
            Feeds::Proxy => PROXY_UNIT,
            Feeds::Router => ROUTER_UNIT,
        }
    }
}

pub const PROXY_UNIT: &str = "rediacc-proxy.service";
pub const ROUTER_UNIT: &str = "rediacc-router.service";

#[derive(Debug, Clone, Serialize)]
pub struct RenderedFile {
    /// Absolute path on the server (prefix included).
    pub path: String,
    pub mode: u32,
    #[serde(skip)]
    pub contents: String,
    /// Holds a secret: never printed, diffs masked.
    pub secret: bool,
    pub feeds: Feeds,
    /// A systemd unit file (a change needs `systemctl daemon-reload`).
    pub unit: bool,
}

/// Everything rendered for one machine.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: Vec<RenderedFile>,
    pub services: Vec<(Feeds, Service)>,
    pub paths: ServerPaths,
    pub router: RouterConfig,
    /// Traefik's loopback `traefik` entrypoint (ping).
    pub admin_listen: SocketAddr,
}

/// Render every file for `machine`. Fails (exit 2) when the settings cannot make a working
/// proxy: no public address at all, or a DNS token without an ACME e-mail.
pub fn render(machine_name: &str, machine: &Machine) -> Result<Rendered> {
    render_with(machine_name, machine, &[])
}

/// [`render`], with the repositories of the machine (their declared domains go to router.toml).
pub fn render_with(
    machine_name: &str,
    machine: &Machine,
    repos: &[crate::route_server::config::RepoDecl],
) -> Result<Rendered> {
    let infra = machine.infra.as_ref().ok_or_else(|| {
        usage(format!(
            "machine {machine_name:?} has no infra settings; set them with: rdc context set-infra {machine_name} --public-ipv4 IP --base-domain DOMAIN"
        ))
    })?;
    if infra.public_ipv4.is_none() && infra.public_ipv6.is_none() {
        return Err(usage(format!(
            "machine {machine_name:?} has no public address, so Traefik would have nothing to listen on; set one with: rdc context set-infra {machine_name} --public-ipv4 IP (or --public-ipv6 IP)"
        )));
    }
    if infra.cf_dns_token.is_some() && infra.cert_email.is_none() {
        return Err(usage(format!(
            "machine {machine_name:?} has a Cloudflare token but no ACME e-mail; Let's Encrypt needs one: rdc context set-infra {machine_name} --cert-email you@example.com"
        )));
    }
    let paths = ServerPaths::new(&machine.prefix);
    let mut router = router_config(infra, &paths);
    router.repositories = repos.to_vec();
    let stat = static_config(infra, &paths);
    let yaml = format!(
        "# Traefik static configuration for machine {machine_name}.\n# Generated by rdc (rdc context push-infra); local edits are overwritten.\n{}",
        serde_saphyr::to_string(&stat)?
    );
    let env = match &infra.cf_dns_token {
        Some(t) => format!(
            "# Cloudflare DNS API token for the ACME DNS-01 challenge (generated by rdc).\nCF_DNS_API_TOKEN={}\n",
            t.expose()
        ),
        None => "# No Cloudflare token configured: certificates cannot be issued, HTTP only.\n"
            .to_string(),
    };
    let router_toml = format!(
        "# Route server settings for machine {machine_name}.\n# Generated by rdc (rdc context push-infra); local edits are overwritten.\n{}",
        router.to_toml()?
    );
    let services = vec![
        (Feeds::Router, router_service(&paths)),
        (Feeds::Proxy, proxy_service(&paths)),
    ];
    let mut files = vec![
        RenderedFile {
            path: paths.traefik_yml(),
            mode: 0o644,
            contents: yaml,
            secret: false,
            feeds: Feeds::Proxy,
            unit: false,
        },
        RenderedFile {
            path: paths.traefik_env(),
            mode: 0o600,
            contents: env,
            secret: true,
            feeds: Feeds::Proxy,
            unit: false,
        },
        RenderedFile {
            path: paths.router_toml(),
            mode: 0o644,
            contents: router_toml,
            secret: false,
            feeds: Feeds::Router,
            unit: false,
        },
    ];
    for (feeds, svc) in &services {
        files.push(RenderedFile {
            path: format!("{}/{}", paths.unit_dir(), svc.unit),
            mode: 0o644,
            contents: svc.unit_text(),
            secret: false,
            feeds: *feeds,
            unit: true,
        });
    }
    Ok(Rendered {
        files,
        services,
        paths,
        router,
        admin_listen: infra.admin_listen(),
    })
}

/// Replace the value of every `KEY=value` line of a secret file by `***`.
pub fn mask_secret(contents: &str) -> String {
    contents
        .lines()
        .map(|l| {
            if l.trim_start().starts_with('#') {
                l.to_string()
            } else if let Some((k, _)) = l.split_once('=') {
                format!("{k}=***")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

pub fn router_service(paths: &ServerPaths) -> Service {
    Service {
        unit: ROUTER_UNIT,
        description: "rdc route server: Docker labels to Traefik routes",
        exec: vec![
            paths.rdc_bin(),
            "route-server".into(),
            "--config".into(),
            paths.router_toml(),
        ],
        env_file: None,
        requires_file: None,
        after: "",
    }
}

pub fn proxy_service(paths: &ServerPaths) -> Service {
    Service {
        unit: PROXY_UNIT,
        description: "Traefik reverse proxy (managed by rdc)",
        exec: vec![
            paths.traefik_bin(),
            format!("--configFile={}", paths.traefik_yml()),
        ],
        env_file: Some(paths.traefik_env()),
        requires_file: Some(paths.traefik_yml()),
        after: ROUTER_UNIT,
    }
}

/// The UDP ports that get an entrypoint: the pre-configured ones and the user's.
pub fn udp_ports(infra: &Infra) -> Vec<u16> {
    let mut v: Vec<u16> = PRECONFIGURED_UDP.to_vec();
    v.extend(&infra.udp_ports);
    v.sort_unstable();
    v.dedup();
    v
}

/// The TCP ports that get an entrypoint: pre-configured, the dynamic range, the user's.
pub fn tcp_ports(infra: &Infra) -> Vec<u16> {
    let mut v: Vec<u16> = PRECONFIGURED_TCP.to_vec();
    v.extend(DYNAMIC_TCP_RANGE);
    v.extend(&infra.tcp_ports);
    v.sort_unstable();
    v.dedup();
    v
}

fn router_config(infra: &Infra, paths: &ServerPaths) -> RouterConfig {
    RouterConfig {
        listen: infra.route_listen(),
        sockets: paths.sockets_glob(),
        state_dir: paths.router_state_dir().into(),
        base_domain: infra.base_domain.clone(),
        auto_routes: true,
        ipv4: infra.public_ipv4.is_some(),
        ipv6: infra.public_ipv6.is_some(),
        cert_resolver: infra.tls_configured().then(|| CERT_RESOLVER.to_string()),
        dynamic_ports: [*DYNAMIC_TCP_RANGE.start(), *DYNAMIC_TCP_RANGE.end()],
        udp_ports: udp_ports(infra),
        ..RouterConfig::default()
    }
}

fn static_config(infra: &Infra, paths: &ServerPaths) -> StaticConfig {
    let tls = infra.tls_configured();
    let mut eps = BTreeMap::new();
    let families: Vec<(bool, IpAddr)> = [
        infra.public_ipv4.map(|ip| (false, IpAddr::V4(ip))),
        infra.public_ipv6.map(|ip| (true, IpAddr::V6(ip))),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (v6, ip) in families {
        let addr = |port: u16| SocketAddr::new(ip, port).to_string();
        eps.insert(
            EntryPointName::new(entrypoint_name("web", v6)),
            EntryPoint {
                address: addr(80),
                as_default: (!tls).then_some(true),
                http: tls.then(|| EntryPointHttp {
                    redirections: Some(Redirections {
                        entry_point: RedirectTo {
                            to: entrypoint_name("websecure", v6),
                            scheme: "https".into(),
                            permanent: true,
                        },
                    }),
                    tls: None,
                }),
            },
        );
        eps.insert(
            EntryPointName::new(entrypoint_name("websecure", v6)),
            EntryPoint {
                address: addr(443),
                as_default: tls.then_some(true),
                http: tls.then(|| EntryPointHttp {
                    redirections: None,
                    tls: Some(EntryPointTls {
                        cert_resolver: CERT_RESOLVER.into(),
                    }),
                }),
            },
        );
        for port in tcp_ports(infra) {
            eps.insert(
                EntryPointName::new(entrypoint_name(&format!("tcp-{port}"), v6)),
                EntryPoint {
                    address: addr(port),
                    ..Default::default()
                },
            );
        }
        for port in udp_ports(infra) {
            eps.insert(
                EntryPointName::new(entrypoint_name(&format!("udp-{port}"), v6)),
                EntryPoint {
                    address: format!("{}/udp", addr(port)),
                    ..Default::default()
                },
            );
        }
    }
    eps.insert(
        EntryPointName::new("traefik".into()),
        EntryPoint {
            address: infra.admin_listen().to_string(),
            ..Default::default()
        },
    );
    let resolvers = match (&infra.cf_dns_token, &infra.cert_email) {
        (Some(_), Some(email)) => Some(BTreeMap::from([(
            CERT_RESOLVER.to_string(),
            Resolver {
                acme: Acme {
                    email: email.clone(),
                    storage: paths.acme_json(),
                    key_type: "EC256".into(),
                    dns_challenge: DnsChallenge {
                        provider: "cloudflare".into(),
                    },
                },
            },
        )])),
        _ => None,
    };
    StaticConfig {
        global: Global {
            check_new_version: false,
            send_anonymous_usage: false,
        },
        log: Log {
            level: "INFO".into(),
        },
        entry_points: eps,
        ping: Ping {
            entry_point: "traefik".into(),
        },
        providers: Providers {
            providers_throttle_duration: "100ms".into(),
            http: HttpProvider {
                endpoint: format!("http://{}/routes.yaml", infra.route_listen()),
                poll_interval: "100ms".into(),
                poll_timeout: format!("{}s", LONG_POLL_SECONDS + 10),
                headers: BTreeMap::from([(
                    LONG_POLL_HEADER.to_string(),
                    LONG_POLL_SECONDS.to_string(),
                )]),
            },
        },
        certificates_resolvers: resolvers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Machine, Secret, ServiceManager};

    fn machine(infra: Infra) -> Machine {
        Machine {
            ip: "203.0.113.50".into(),
            user: "root".into(),
            port: 22,
            datastore: "/mnt/rediacc".into(),
            prefix: "/".into(),
            service_manager: ServiceManager::Systemd,
            known_hosts: None,
            infra: Some(infra),
        }
    }

    fn seeds() -> Infra {
        Infra {
            public_ipv4: Some("203.0.113.50".parse().unwrap()),
            base_domain: Some("example.com".into()),
            cert_email: Some("admin@example.com".into()),
            cf_dns_token: Some(Secret::new("cf-secret-token")),
            tcp_ports: vec![25, 143, 465, 587, 993],
            ..Infra::default()
        }
    }

    fn file<'a>(r: &'a Rendered, suffix: &str) -> &'a RenderedFile {
        r.files.iter().find(|f| f.path.ends_with(suffix)).unwrap()
    }

    #[test]
    fn seeds_example_with_tls() {
        let r = render("server-1", &machine(seeds())).unwrap();
        insta::assert_snapshot!("traefik_tls_v4", file(&r, "traefik.yml").contents);
        insta::assert_snapshot!("router_tls_v4", file(&r, "router.toml").contents);
        let env = file(&r, "traefik.env");
        assert_eq!(env.mode, 0o600);
        assert!(env.secret);
        assert!(env.contents.contains("CF_DNS_API_TOKEN=cf-secret-token"));
        // The token lives in the env file only.
        for f in r.files.iter().filter(|f| !f.secret) {
            assert!(!f.contents.contains("cf-secret-token"), "{}", f.path);
        }
    }

    #[test]
    fn dual_stack_without_token_is_plain_http() {
        let mut i = seeds();
        i.cf_dns_token = None;
        i.public_ipv6 = Some("2001:db8::1".parse().unwrap());
        i.tcp_ports = vec![];
        i.udp_ports = vec![5353];
        let r = render("server-1", &machine(i)).unwrap();
        let y = &file(&r, "traefik.yml").contents;
        insta::assert_snapshot!("traefik_http_dual", y);
        assert!(!y.contains("redirections"));
        assert!(!y.contains("certificatesResolvers"));
        assert!(
            y.contains("address: '[2001:db8::1]:443'")
                || y.contains("address: \"[2001:db8::1]:443\"")
        );
        assert!(y.contains("udp-5353-v6"));
        assert!(!y.contains("0.0.0.0") && !y.contains("[::]"));
        assert_eq!(r.router.http_entrypoints(), vec!["web", "web-v6"]);
    }

    #[test]
    fn ipv6_only_has_no_ipv4_entrypoints() {
        let mut i = seeds();
        i.public_ipv4 = None;
        i.public_ipv6 = Some("2001:db8::1".parse().unwrap());
        let r = render("m", &machine(i)).unwrap();
        let y = &file(&r, "traefik.yml").contents;
        assert!(y.contains("websecure-v6:"));
        assert!(!y.contains("\n  websecure:\n"));
        assert!(!y.contains("\n  web:\n"));
        assert_eq!(r.router.http_entrypoints(), vec!["websecure-v6"]);
    }

    #[test]
    fn refuses_unusable_settings() {
        let mut i = seeds();
        i.public_ipv4 = None;
        let e = render("m", &machine(i)).unwrap_err();
        assert!(format!("{e:#}").contains("--public-ipv4"));
        let mut i = seeds();
        i.cert_email = None;
        let e = render("m", &machine(i)).unwrap_err();
        assert!(format!("{e:#}").contains("--cert-email"));
        let mut m = machine(seeds());
        m.infra = None;
        assert!(format!("{:#}", render("m", &m).unwrap_err()).contains("set-infra"));
    }

    #[test]
    fn prefix_moves_every_path() {
        let mut m = machine(seeds());
        m.prefix = "/tmp/px/".into();
        let r = render("m", &m).unwrap();
        for f in &r.files {
            assert!(f.path.starts_with("/tmp/px/etc/"), "{}", f.path);
        }
        let y = &file(&r, "traefik.yml").contents;
        assert!(y.contains("storage: /tmp/px/var/lib/rediacc/proxy/acme.json"));
        let unit = &file(&r, "rediacc-proxy.service").contents;
        assert!(unit.contains("ExecStart=/tmp/px/usr/local/bin/traefik --configFile=/tmp/px/etc/rediacc/proxy/traefik.yml"));
        assert!(unit.contains("EnvironmentFile=/tmp/px/etc/rediacc/proxy/traefik.env"));
        assert_eq!(r.router.sockets, "/tmp/px/var/run/rediacc/docker-*.sock");
    }

    #[test]
    fn units_snapshot() {
        let r = render("m", &machine(seeds())).unwrap();
        insta::assert_snapshot!("unit_router", file(&r, "rediacc-router.service").contents);
        insta::assert_snapshot!("unit_proxy", file(&r, "rediacc-proxy.service").contents);
        let cmd = r.services[1].1.shell_command();
        assert_eq!(
            cmd,
            "sh -c 'test -f /etc/rediacc/proxy/traefik.yml && set -a && . /etc/rediacc/proxy/traefik.env && set +a && exec /usr/local/bin/traefik --configFile=/etc/rediacc/proxy/traefik.yml'"
        );
    }

    #[test]
    fn rendered_yaml_is_valid_yaml() {
        let r = render("m", &machine(seeds())).unwrap();
        let v: serde_json::Value =
            serde_saphyr::from_str(&file(&r, "traefik.yml").contents).unwrap();
        assert_eq!(v["entryPoints"]["tcp-25"]["address"], "203.0.113.50:25");
        assert_eq!(v["providers"]["http"]["headers"][LONG_POLL_HEADER], "20");
        let parsed: RouterConfig = toml::from_str(&file(&r, "router.toml").contents).unwrap();
        assert_eq!(parsed, r.router);
    }
}
