//! A machine's infra settings, declared once: [`FIELDS`] is the only place a setting is
//! declared. From it come the `set-infra` flags, the `--unset` names, `show-infra`'s rows (secrets
//! masked), the storage in `config.toml`, and validation — of flags and of a config edited by
//! hand, with the same messages. Rendering reads the settings through typed accessors.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};

use anyhow::Result;
use serde::{Deserialize, Deserializer};

use super::model::Secret;
use super::validate::{self, Proto};
use crate::contract::paths::{CERT_RESOLVER, default_admin_listen, default_route_listen};
use crate::error::usage;

/// What a setting holds, and so how it is checked, stored and shown.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Ipv4,
    Ipv6,
    /// An address of the server itself, IPv4 or IPv6 (`true`), for binding.
    Bind(bool),
    Domain,
    Email,
    /// A secret: read from stdin with `-`, never shown.
    Token,
    /// A port list (replaced as a whole).
    Ports(Proto),
    /// A loopback `address:port`, with its default.
    Listen(fn() -> SocketAddr),
    /// Loopback IPv4 addresses, comma-separated (stored as one string).
    Loopbacks,
    /// A whole number from 1 to the maximum (stored as an integer); absent: the route server's
    /// default.
    Count {
        max: u64,
        default: u64,
    },
    /// One of a few words.
    Choice(&'static [&'static str]),
}

/// One infra setting.
#[derive(Debug)]
pub(crate) struct Field {
    /// Key in config.toml, name for `--unset` (`public_ipv4`; `public-ipv4` is accepted too).
    pub key: &'static str,
    /// The `set-infra` flag, without dashes.
    pub flag: &'static str,
    pub value_name: &'static str,
    pub help: &'static str,
    pub kind: Kind,
}

/// Every infra setting, in the order `show-infra` lists them.
pub(crate) const FIELDS: &[Field] = &[
    Field {
        key: "public_ipv4",
        flag: "public-ipv4",
        value_name: "IP",
        help: "Public IPv4 address Traefik listens on",
        kind: Kind::Ipv4,
    },
    Field {
        key: "public_ipv6",
        flag: "public-ipv6",
        value_name: "IP",
        help: "Public IPv6 address Traefik listens on",
        kind: Kind::Ipv6,
    },
    Field {
        key: "bind_ipv4",
        flag: "bind-ipv4",
        value_name: "IP",
        help: "The server's own IPv4 address Traefik binds when the public one is not on any of its interfaces (clouds that NAT it, e.g. 10.0.0.5); DNS records keep the public address [default: the public IPv4]",
        kind: Kind::Bind(false),
    },
    Field {
        key: "bind_ipv6",
        flag: "bind-ipv6",
        value_name: "IP",
        help: "The server's own IPv6 address Traefik binds when the public one is not on any of its interfaces [default: the public IPv6]",
        kind: Kind::Bind(true),
    },
    Field {
        key: "base_domain",
        flag: "base-domain",
        value_name: "DOMAIN",
        help: "Base domain of the automatic routes {service}-{networkID}.{domain}",
        kind: Kind::Domain,
    },
    Field {
        key: "cert_email",
        flag: "cert-email",
        value_name: "EMAIL",
        help: "E-mail of the Let's Encrypt account",
        kind: Kind::Email,
    },
    Field {
        key: "acme_challenge",
        flag: "acme-challenge",
        value_name: "http|dns",
        help: "How Let's Encrypt checks the names: dns (DNS-01 through Cloudflare: a wildcard certificate for the base domain; needs --cf-dns-token) or http (HTTP-01 on port 80: one certificate per host, no wildcard; needs only --cert-email) [default: dns with a Cloudflare token, http with only an e-mail]",
        kind: Kind::Choice(&["http", "dns"]),
    },
    Field {
        key: "cf_dns_token",
        flag: "cf-dns-token",
        value_name: "TOKEN|-",
        help: "Cloudflare API token (Zone:DNS:Edit) for DNS-01; `-` reads it from stdin (keeps it out of shell history and the process list)",
        kind: Kind::Token,
    },
    Field {
        key: "tcp_ports",
        flag: "tcp-ports",
        value_name: "PORTS",
        help: "Extra TCP ports with a tcp-<port> entrypoint, e.g. 25,143,465,587,993 (replaces the list)",
        kind: Kind::Ports(Proto::Tcp),
    },
    Field {
        key: "udp_ports",
        flag: "udp-ports",
        value_name: "PORTS",
        help: "Extra UDP ports with a udp-<port> entrypoint, e.g. 5353 (replaces the list)",
        kind: Kind::Ports(Proto::Udp),
    },
    Field {
        key: "route_listen",
        flag: "route-listen",
        value_name: "ADDR",
        help: "Loopback address of the route server [default: 127.0.0.1:7111]",
        kind: Kind::Listen(default_route_listen),
    },
    Field {
        key: "admin_listen",
        flag: "admin-listen",
        value_name: "ADDR",
        help: "Loopback address of Traefik's ping entrypoint [default: 127.0.0.1:7112]",
        kind: Kind::Listen(default_admin_listen),
    },
    Field {
        key: "loopback_ips",
        flag: "loopback-ips",
        value_name: "IPS",
        help: "Loopback addresses outside repositories that every repository may still reach, e.g. 127.0.0.54 (the server's loopback resolvers always are; replaces the list; docs/isolation.md)",
        kind: Kind::Loopbacks,
    },
    Field {
        key: "max_resources_per_repo",
        flag: "max-resources-per-repo",
        value_name: "N",
        help: "Routers, services and middlewares one repository may have; beyond, its containers are left out with the reason [default: 500] (per repository: rdc repo set NAME --max-resources 1000)",
        kind: Kind::Count {
            max: 1_000_000,
            default: 500,
        },
    },
    Field {
        key: "max_ports_per_repo",
        flag: "max-ports-per-repo",
        value_name: "N",
        help: "Dynamic public TCP ports (rediacc.tcp_ports) one repository may hold [default: 4] (per repository: rdc repo set NAME --max-ports 8)",
        kind: Kind::Count {
            max: 65_535,
            default: 4,
        },
    },
    Field {
        key: "max_label_bytes",
        flag: "max-label-bytes",
        value_name: "BYTES",
        help: "Bytes of labels one container may carry, up to 1048576; a container over it gets no route [default: 65536]",
        kind: Kind::Count {
            max: 1 << 20,
            default: 64 << 10,
        },
    },
];

/// A setting that exists only in test builds, to show that a declaration in the table is all a
/// new setting needs (see the tests below and `cli::tests`).
#[cfg(test)]
pub(crate) const TEST_FIELD: Field = Field {
    key: "example_setting",
    flag: "example-setting",
    value_name: "DOMAIN",
    help: "A setting declared only in test builds",
    kind: Kind::Domain,
};

/// Every declared setting.
pub(crate) fn fields() -> Vec<&'static Field> {
    #[allow(unused_mut)]
    let mut v: Vec<&'static Field> = FIELDS.iter().collect();
    #[cfg(test)]
    v.push(&TEST_FIELD);
    v
}

/// A setting by its key or flag name (`public_ipv4`, `public-ipv4`).
pub(crate) fn field(name: &str) -> Option<&'static Field> {
    fields()
        .into_iter()
        .find(|f| f.key == name || f.flag == name)
}

/// A machine's infra settings, as stored: keys from [`fields`], values as TOML.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Infra {
    values: BTreeMap<String, toml::Value>,
}

impl<'de> Deserialize<'de> for Infra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let values = BTreeMap::<String, toml::Value>::deserialize(d)?;
        for (k, v) in &values {
            let f = field(k).filter(|f| f.key == k).ok_or_else(|| {
                let known: Vec<&str> = fields().iter().map(|f| f.key).collect();
                serde::de::Error::custom(format!(
                    "unknown field `{k}`, expected one of {}",
                    known.join(", ")
                ))
            })?;
            let shape_ok = match f.kind {
                Kind::Ports(_) => v
                    .as_array()
                    .is_some_and(|a| a.iter().all(|x| x.as_integer().is_some())),
                _ => v.is_str(),
            };
            if !shape_ok {
                return Err(serde::de::Error::custom(format!(
                    "`{k}` must be {}",
                    if matches!(f.kind, Kind::Ports(_)) {
                        "a list of port numbers"
                    } else {
                        "a string"
                    }
                )));
            }
        }
        Ok(Infra { values })
    }
}

impl Infra {
    /// Build settings from `(key, text)` pairs as set-infra would store them (tests, examples).
    /// Values are not checked here: [`Infra::check`] does that.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Infra {
        pairs
            .iter()
            .fold(Infra::default(), |i, (k, v)| i.with(k, v))
    }

    /// These settings with one more (`key`, as text), like [`Infra::from_pairs`].
    pub fn with(mut self, key: &str, text: &str) -> Infra {
        let f = field(key).expect("declared field");
        let value = match f.kind {
            Kind::Ports(_) => toml::Value::Array(
                text.split(',')
                    .filter(|x| !x.trim().is_empty())
                    .map(|x| toml::Value::Integer(x.trim().parse().expect("port")))
                    .collect(),
            ),
            _ => toml::Value::String(text.to_string()),
        };
        self.values.insert(f.key.to_string(), value);
        self
    }

    /// The stored value of a setting.
    pub fn get(&self, key: &str) -> Option<&toml::Value> {
        self.values.get(key)
    }

    /// Remove a setting (tests).
    pub fn without(mut self, key: &str) -> Infra {
        self.values.remove(key);
        self
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(toml::Value::as_str)
    }

    fn ports(&self, key: &str) -> Vec<u16> {
        self.values
            .get(key)
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_integer().and_then(|n| u16::try_from(n).ok()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn listen(&self, key: &str) -> SocketAddr {
        let default = match field(key).map(|f| f.kind) {
            Some(Kind::Listen(d)) => d(),
            _ => unreachable!("{key} is a listen address"),
        };
        self.text(key)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    }

    pub fn public_ipv4(&self) -> Option<Ipv4Addr> {
        self.text("public_ipv4").and_then(|s| s.parse().ok())
    }
    pub fn public_ipv6(&self) -> Option<Ipv6Addr> {
        self.text("public_ipv6").and_then(|s| s.parse().ok())
    }
    /// The address Traefik's IPv4 entrypoints bind: `bind_ipv4`, else the public one.
    pub fn listen_ipv4(&self) -> Option<Ipv4Addr> {
        self.text("bind_ipv4")
            .and_then(|s| s.parse().ok())
            .or(self.public_ipv4())
    }
    /// The address Traefik's IPv6 entrypoints bind: `bind_ipv6`, else the public one.
    pub fn listen_ipv6(&self) -> Option<Ipv6Addr> {
        self.text("bind_ipv6")
            .and_then(|s| s.parse().ok())
            .or(self.public_ipv6())
    }
    pub fn base_domain(&self) -> Option<&str> {
        self.text("base_domain")
    }
    pub fn cert_email(&self) -> Option<&str> {
        self.text("cert_email")
    }
    pub fn cf_dns_token(&self) -> Option<Secret> {
        self.text("cf_dns_token").map(Secret::new)
    }
    pub fn tcp_ports(&self) -> Vec<u16> {
        self.ports("tcp_ports")
    }
    pub fn udp_ports(&self) -> Vec<u16> {
        self.ports("udp_ports")
    }
    /// Where the route server listens (loopback only).
    pub fn route_listen(&self) -> SocketAddr {
        self.listen("route_listen")
    }
    /// Traefik's loopback `traefik` entrypoint (ping).
    pub fn admin_listen(&self) -> SocketAddr {
        self.listen("admin_listen")
    }
    /// Loopback addresses repositories may reach besides their own (`--loopback-ips`).
    pub fn loopback_ips(&self) -> Vec<Ipv4Addr> {
        self.text("loopback_ips")
            .unwrap_or("")
            .split(',')
            .filter_map(|a| a.trim().parse().ok())
            .collect()
    }
    /// A count setting, when set.
    pub fn count(&self, key: &str) -> Option<usize> {
        self.values
            .get(key)
            .and_then(toml::Value::as_integer)
            .and_then(|n| usize::try_from(n).ok())
    }
    /// The route server's fair shares (`--max-*-per-repo`, `--max-label-bytes`).
    pub fn limits(&self) -> crate::contract::router::Limits {
        let d = crate::contract::router::Limits::default();
        crate::contract::router::Limits {
            resources_per_repo: self
                .count("max_resources_per_repo")
                .unwrap_or(d.resources_per_repo),
            ports_per_repo: self.count("max_ports_per_repo").unwrap_or(d.ports_per_repo),
            label_bytes: self.count("max_label_bytes").unwrap_or(d.label_bytes),
        }
    }
    /// How certificates are obtained: the `acme_challenge` setting, else DNS-01 with a
    /// Cloudflare token, else HTTP-01 with an ACME e-mail; None: no TLS.
    pub fn acme_challenge(&self) -> Option<crate::contract::router::Challenge> {
        use crate::contract::router::Challenge;
        match self.text("acme_challenge") {
            Some("http") => Some(Challenge::Http),
            Some("dns") => Some(Challenge::Dns),
            _ if self.values.contains_key("cf_dns_token") => Some(Challenge::Dns),
            _ if self.values.contains_key("cert_email") => Some(Challenge::Http),
            _ => None,
        }
    }

    /// TLS is on when certificates can be obtained (a Cloudflare token for DNS-01, or an ACME
    /// e-mail for HTTP-01); rendering checks that what the challenge needs is there.
    pub fn tls_configured(&self) -> bool {
        self.acme_challenge().is_some()
    }

    /// `show-infra`: one row per setting (secrets as `***`, absent as `-`), plus whether TLS
    /// is on.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows: Vec<(&'static str, String)> = fields()
            .into_iter()
            .map(|f| (f.key, self.display(f)))
            .collect();
        rows.push((
            "tls",
            match self.acme_challenge() {
                Some(crate::contract::router::Challenge::Dns) => {
                    format!("{CERT_RESOLVER} (Let's Encrypt, DNS-01 via Cloudflare: wildcard)")
                }
                Some(crate::contract::router::Challenge::Http) => format!(
                    "{CERT_RESOLVER} (Let's Encrypt, HTTP-01 on port 80: one certificate per host)"
                ),
                None => "off (no ACME e-mail or Cloudflare token: HTTP only)".into(),
            },
        ));
        rows
    }

    /// The settings for `-o json|yaml`: every setting (secrets as `***`), plus `tls`.
    pub fn view(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for f in fields() {
            let v = match (f.kind, self.values.get(f.key)) {
                (Kind::Token, Some(_)) => serde_json::json!("***"),
                (Kind::Ports(_), _) => serde_json::json!(self.ports(f.key)),
                (Kind::Listen(_), _) => serde_json::json!(self.listen(f.key).to_string()),
                (Kind::Count { default, .. }, v) => {
                    serde_json::json!(
                        v.and_then(toml::Value::as_integer)
                            .unwrap_or(default as i64)
                    )
                }
                (_, Some(v)) => serde_json::json!(v.as_str()),
                (_, None) => serde_json::Value::Null,
            };
            m.insert(f.key.to_string(), v);
        }
        m.insert("tls".into(), serde_json::json!(self.tls_configured()));
        serde_json::Value::Object(m)
    }

    fn display(&self, f: &Field) -> String {
        match f.kind {
            Kind::Token => self.values.get(f.key).map_or("-".into(), |_| "***".into()),
            Kind::Ports(_) => {
                let p = self.ports(f.key);
                if p.is_empty() {
                    "-".into()
                } else {
                    p.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
                }
            }
            Kind::Listen(_) => self.listen(f.key).to_string(),
            Kind::Count { default, .. } => match self.count(f.key) {
                Some(n) => n.to_string(),
                None => format!("{default} (default)"),
            },
            _ => self.text(f.key).unwrap_or("-").to_string(),
        }
    }

    /// Check every setting with the flags' rules and messages, then the rules between settings.
    /// Returns the notes and warnings the values deserve.
    pub fn check(&self) -> Result<Checked> {
        let mut out = Checked::default();
        let reserved = [self.route_listen().port(), self.admin_listen().port()];
        for f in fields() {
            let Some(v) = self.values.get(f.key) else {
                continue;
            };
            let text = match v {
                toml::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_integer().unwrap_or(-1).to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                toml::Value::Integer(n) => n.to_string(),
                other => other.as_str().unwrap_or_default().to_string(),
            };
            let (value, notes, warnings) =
                check_value(f, &text, &reserved).map_err(|e| usage(format!("{}: {e:#}", f.key)))?;
            out.notes.extend(notes);
            out.warnings.extend(warnings);
            out.values.insert(f.key, value);
        }
        validate::distinct_listens(self.route_listen(), self.admin_listen())
            .map_err(|e| usage(format!("admin_listen: {e:#}")))?;
        Ok(out)
    }
}

/// What [`Infra::check`] found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every setting in its stored (normalized) form.
    pub values: BTreeMap<&'static str, toml_edit::Value>,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

/// Check one value given for a setting (a flag, or the text of a stored value). Returns the value
/// to store, notes and warnings.
pub(crate) fn check_value(
    f: &Field,
    text: &str,
    reserved: &[u16],
) -> Result<(toml_edit::Value, Vec<String>, Vec<String>)> {
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    let v: toml_edit::Value = match f.kind {
        Kind::Ipv4 => {
            let (ip, w) = validate::public_ipv4(text)?;
            warnings.extend(w);
            ip.to_string().into()
        }
        Kind::Ipv6 => {
            let (ip, w) = validate::public_ipv6(text)?;
            warnings.extend(w);
            ip.to_string().into()
        }
        Kind::Bind(v6) => {
            let ip: std::net::IpAddr = text
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse()
                .map_err(|_| {
                    usage(format!(
                        "--{} {text:?} is not an IP address; give one of the server's own addresses, e.g. 10.0.0.5",
                        f.flag
                    ))
                })?;
            if ip.is_ipv6() != v6 {
                let other = if v6 { "bind-ipv4" } else { "bind-ipv6" };
                return Err(usage(format!(
                    "--{} {ip} is an {} address; give it with --{other}",
                    f.flag,
                    if ip.is_ipv6() { "IPv6" } else { "IPv4" }
                )));
            }
            if ip.is_unspecified() || ip.is_multicast() {
                return Err(usage(format!(
                    "--{} {ip} is not one address: Traefik must bind one of the server's own addresses (every address would take the repositories' loopback ports too)",
                    f.flag
                )));
            }
            ip.to_string().into()
        }
        Kind::Domain => {
            let (d, n) = validate::domain(&format!("--{}", f.flag), text)?;
            notes.extend(n);
            d.into()
        }
        Kind::Email => validate::email(text)?.into(),
        Kind::Token => validate::token(text)?.into(),
        Kind::Ports(proto) => {
            let (ports, n) = validate::ports(proto, text, reserved)?;
            notes.extend(n);
            crate::context::store::int_array(&ports)
        }
        Kind::Listen(_) => validate::loopback_listen(&format!("--{}", f.flag), text)?
            .to_string()
            .into(),
        Kind::Loopbacks => {
            let mut ips = Vec::new();
            for a in text.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                let ip: Ipv4Addr = a.parse().map_err(|_| {
                    usage(format!(
                        "--{} {a:?} is not an IPv4 address; give loopback addresses such as 127.0.0.54, separated by commas",
                        f.flag
                    ))
                })?;
                if !ip.is_loopback() {
                    return Err(usage(format!(
                        "--{} {ip} is not a loopback address (127.0.0.0/8); only loopback destinations are restricted, others are always reachable",
                        f.flag
                    )));
                }
                ips.push(ip.to_string());
            }
            if ips.is_empty() {
                return Err(usage(format!(
                    "--{} needs at least one address; remove the list with: --unset {}",
                    f.flag, f.key
                )));
            }
            ips.join(",").into()
        }
        Kind::Choice(words) => {
            let w = text.trim().to_ascii_lowercase();
            if !words.contains(&w.as_str()) {
                return Err(usage(format!(
                    "--{} {text:?} is not one of {}",
                    f.flag,
                    words.join(", ")
                )));
            }
            w.into()
        }
        Kind::Count { max, .. } => {
            let n: u64 = text.trim().replace('_', "").parse().map_err(|_| {
                usage(format!(
                    "--{} {text:?} is not a whole number; give one from 1 to {max}",
                    f.flag
                ))
            })?;
            if n == 0 || n > max {
                return Err(usage(format!(
                    "--{} {n} is out of range; give one from 1 to {max} (or --unset {} for the default)",
                    f.flag, f.key
                )));
            }
            toml_edit::Value::from(n as i64)
        }
    };
    Ok((v, notes, warnings))
}

/// One `set-infra` call: values given (by setting key) and settings to remove.
#[derive(Debug, Default)]
pub(crate) struct Change {
    pub set: BTreeMap<&'static str, String>,
    pub unset: Vec<&'static str>,
}

/// Apply a change to the settings: the result is checked as a whole (so a new port list cannot
/// collide with a new listen address, and the two listen addresses must differ). Returns the
/// new settings in stored form, with notes and warnings; nothing is written here.
pub(crate) fn apply(current: &Infra, change: &Change) -> Result<(Infra, Checked)> {
    for k in &change.unset {
        if change.set.contains_key(k) {
            return Err(usage(format!(
                "{k} is both set and --unset; give one or the other"
            )));
        }
    }
    let mut next = current.clone();
    for k in &change.unset {
        next.values.remove(*k);
    }
    // The listen addresses first: port lists are checked against them.
    let mut ordered: Vec<(&&'static str, &String)> = change.set.iter().collect();
    ordered.sort_by_key(|(k, _)| !matches!(field(k).map(|f| f.kind), Some(Kind::Listen(_))));
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    for (k, text) in ordered {
        let f = field(k).expect("declared field");
        let reserved = [next.route_listen().port(), next.admin_listen().port()];
        let (v, n, w) = check_value(f, text, &reserved)?;
        notes.extend(n);
        warnings.extend(w);
        // An empty port list (every port given was pre-configured) is the same as no list.
        if v.as_array().is_some_and(|a| a.is_empty()) {
            next.values.remove(f.key);
            continue;
        }
        let stored: toml::Value = toml::from_str::<toml::Table>(&format!("v = {v}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .expect("a value toml_edit printed");
        next.values.insert(f.key.to_string(), stored);
    }
    // A stored port list may collide with a new listen address: name both.
    let reserved = [next.route_listen().port(), next.admin_listen().port()];
    for f in fields() {
        if matches!(f.kind, Kind::Ports(_))
            && !change.set.contains_key(f.key)
            && let Some(p) = next.ports(f.key).iter().find(|p| reserved.contains(p))
        {
            return Err(usage(format!(
                "port {p} of {} would collide with the new loopback listen address; change the port list (--{}) or the address",
                f.key, f.flag
            )));
        }
    }
    let mut checked = next.check()?;
    checked.notes = notes;
    checked.warnings = warnings;
    Ok((next, checked))
}

#[cfg(test)]
mod loopback_tests {
    use super::*;

    #[test]
    fn bind_addresses_and_the_challenge_are_checked() {
        let b4 = field("bind-ipv4").unwrap();
        let (v, _, w) = check_value(b4, "10.0.0.5", &[]).unwrap();
        assert_eq!(v.as_str(), Some("10.0.0.5"));
        assert!(w.is_empty(), "a private bind address is the point: {w:?}");
        for (bad, says) in [
            ("0.0.0.0", "not one address"),
            ("2001:db8::1", "give it with --bind-ipv6"),
            ("ten", "not an IP address"),
        ] {
            let e = check_value(b4, bad, &[]).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
        let b6 = field("bind-ipv6").unwrap();
        assert!(check_value(b6, "[fd00::5]", &[]).is_ok());
        let ch = field("acme-challenge").unwrap();
        assert_eq!(
            check_value(ch, "HTTP", &[]).unwrap().0.as_str(),
            Some("http")
        );
        let e = check_value(ch, "tls-alpn", &[]).unwrap_err().to_string();
        assert!(e.contains("is not one of http, dns"), "{e}");
        let i = Infra::from_pairs(&[("public_ipv4", "203.0.113.5"), ("bind_ipv4", "10.0.0.5")]);
        assert_eq!(i.listen_ipv4(), Some("10.0.0.5".parse().unwrap()));
        assert_eq!(i.public_ipv4(), Some("203.0.113.5".parse().unwrap()));
    }

    #[test]
    fn counts_are_whole_numbers_in_range_and_reach_router_toml() {
        let f = field("max-ports-per-repo").unwrap();
        let (v, _, _) = check_value(f, "8", &[]).unwrap();
        assert_eq!(v.as_integer(), Some(8));
        for bad in ["0", "-1", "four", "70000"] {
            let e = check_value(f, bad, &[]).unwrap_err().to_string();
            assert!(e.contains("--max-ports-per-repo"), "{bad}: {e}");
        }
        let mut i = Infra::default();
        assert_eq!(i.limits(), crate::contract::router::Limits::default());
        i.values
            .insert("max_resources_per_repo".into(), toml::Value::Integer(50));
        assert_eq!(i.limits().resources_per_repo, 50);
        i.check().unwrap();
        assert_eq!(i.view()["max_resources_per_repo"], 50);
        assert_eq!(i.view()["max_ports_per_repo"], 4);
    }

    #[test]
    fn loopback_ips_are_loopback_addresses_only() {
        let f = field("loopback-ips").unwrap();
        let (v, _, _) = check_value(f, "127.0.0.54, 127.0.1.1", &[]).unwrap();
        assert_eq!(v.as_str(), Some("127.0.0.54,127.0.1.1"));
        let e = check_value(f, "10.0.0.1", &[]).unwrap_err().to_string();
        assert!(e.contains("not a loopback address"), "{e}");
        let e = check_value(f, "127.0.0.x", &[]).unwrap_err().to_string();
        assert!(e.contains("\"127.0.0.x\" is not an IPv4 address"), "{e}");
        assert!(
            check_value(f, " , ", &[])
                .unwrap_err()
                .to_string()
                .contains("--unset loopback_ips")
        );
        let i = Infra::from_pairs(&[("loopback_ips", "127.0.0.54,127.0.1.1")]);
        assert_eq!(
            i.loopback_ips(),
            vec![Ipv4Addr::new(127, 0, 0, 54), Ipv4Addr::new(127, 0, 1, 1)]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_declared_in_the_table_is_stored_checked_shown_and_unset() {
        // TEST_FIELD exists only in this build: nothing else was written for it.
        let cur = Infra::default();
        let mut ch = Change::default();
        ch.set.insert("example_setting", "Shop.Example.COM.".into());
        let (next, checked) = apply(&cur, &ch).unwrap();
        assert_eq!(
            next.get("example_setting").unwrap().as_str(),
            Some("shop.example.com")
        );
        assert!(
            checked
                .notes
                .iter()
                .any(|n| n.contains("--example-setting"))
        );
        assert!(
            next.rows()
                .contains(&("example_setting", "shop.example.com".into()))
        );
        assert_eq!(next.view()["example_setting"], "shop.example.com");
        let bad = Change {
            set: [("example_setting", "not a domain".to_string())].into(),
            unset: vec![],
        };
        let e = apply(&cur, &bad).unwrap_err();
        assert!(format!("{e:#}").contains("--example-setting"), "{e:#}");
        let (gone, _) = apply(
            &next,
            &Change {
                set: BTreeMap::new(),
                unset: vec!["example_setting"],
            },
        )
        .unwrap();
        assert!(gone.get("example_setting").is_none());
        // Stored by hand in config.toml, it is read and checked too.
        let i: Infra = toml::from_str("example_setting = \"bad..name\"").unwrap();
        assert!(i.check().is_err());
        assert!(toml::from_str::<Infra>("no_such_setting = \"x\"").is_err());
    }

    #[test]
    fn listen_addresses_and_ports_are_checked_together() {
        let cur = Infra::from_pairs(&[("tcp_ports", "7300")]);
        let ch = Change {
            set: [("route_listen", "127.0.0.1:7300".to_string())].into(),
            unset: vec![],
        };
        assert!(
            apply(&cur, &ch).is_err(),
            "stored port collides with the new listen port"
        );
        let ch = Change {
            set: [("admin_listen", "127.0.0.1:7111".to_string())].into(),
            unset: vec![],
        };
        let e = apply(&Infra::default(), &ch).unwrap_err();
        assert!(
            format!("{e:#}").contains("is also the route server's address"),
            "{e:#}"
        );
    }
}
