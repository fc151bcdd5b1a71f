//! Where things are on a server, and the defaults both sides assume: listen addresses, the socket
//! glob, state directories, the pre-configured and dynamic ports, entrypoint and unit names.

use std::net::SocketAddr;
use std::ops::RangeInclusive;

/// The route server's API (loopback).
pub const DEFAULT_ROUTE_LISTEN: &str = "127.0.0.1:7111";
/// Traefik's `traefik` entrypoint: ping and API (loopback).
pub const DEFAULT_ADMIN_LISTEN: &str = "127.0.0.1:7112";
/// Where repository images live on a machine.
pub const DEFAULT_DATASTORE: &str = "/mnt/rediacc";
/// The route server's settings file.
pub const ROUTER_TOML: &str = "/etc/rediacc/router.toml";
/// The repositories' Docker sockets; the `*` is the network id.
pub const SOCKETS_GLOB: &str = "/var/run/rediacc/docker-*.sock";
/// The route server's state (`ports.json`, `claims.json`).
pub const ROUTER_STATE_DIR: &str = "/var/lib/rediacc/router";

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
/// Short: a Traefik that is being replaced cannot finish shutting down before its held poll
/// is answered (Traefik gives up and kills itself after 10 s), and an unchanged answer costs
/// a hash comparison.
pub const LONG_POLL_HEADER: &str = "X-Rdc-Long-Poll";
pub const LONG_POLL_SECONDS: u64 = 4;

/// The probe route that the route server adds on Traefik's admin entrypoint, and that a proxy
/// handover asks a new Traefik for (`route_server::probe`, `proxy::supervisor`).
pub mod probe {
    pub const HOST: &str = "probe.rdc.invalid";
    pub const PATH: &str = "/rdc-probe";
    pub const NAME: &str = "rdc-probe";
    /// What the route server answers on [`PATH`].
    pub const BODY: &str = "rdc probe\n";
}

pub const PROXY_UNIT: &str = "rediacc-proxy.service";
pub const ROUTER_UNIT: &str = "rediacc-router.service";

/// `web` + IPv6 → `web-v6`.
pub fn entrypoint_name(base: &str, v6: bool) -> String {
    if v6 {
        format!("{base}-v6")
    } else {
        base.to_string()
    }
}

pub fn default_route_listen() -> SocketAddr {
    DEFAULT_ROUTE_LISTEN.parse().expect("valid default")
}

pub fn default_admin_listen() -> SocketAddr {
    DEFAULT_ADMIN_LISTEN.parse().expect("valid default")
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
        self.at(ROUTER_TOML)
    }
    pub fn unit_dir(&self) -> String {
        self.at("/etc/systemd/system")
    }
    pub fn rdc_bin(&self) -> String {
        self.at("/usr/local/bin/rdc")
    }
    /// `renet`, a link to rdc: the networking guide's Rediaccfiles call `renet compose -- …`.
    pub fn renet_link(&self) -> String {
        self.at("/usr/local/bin/renet")
    }
    pub fn traefik_bin(&self) -> String {
        self.at("/usr/local/bin/traefik")
    }
    pub fn state_dir(&self) -> String {
        self.at("/var/lib/rediacc")
    }
    pub fn router_state_dir(&self) -> String {
        self.at(ROUTER_STATE_DIR)
    }
    pub fn acme_json(&self) -> String {
        self.at("/var/lib/rediacc/proxy/acme.json")
    }
    pub fn socket_dir(&self) -> String {
        self.at("/var/run/rediacc")
    }
    /// The proxy supervisor's control socket (`rdc host proxy handover`).
    pub fn proxy_control(&self) -> String {
        self.at("/var/run/rediacc/proxy.ctl")
    }
    pub fn sockets_glob(&self) -> String {
        self.at(SOCKETS_GLOB)
    }
    /// What `rdc context push-infra` installed: each binary's `stat` stamp and sha256, so an
    /// unchanged binary is not hashed again on every push.
    pub fn push_manifest(&self) -> String {
        self.at("/var/lib/rediacc/push-manifest.json")
    }
    /// The lock `push-infra` and `setup-machine` hold while they read and change the server
    /// (`ssh::lock`).
    pub fn server_lock(&self) -> String {
        self.at("/var/lib/rediacc/server.lock")
    }
}
