//! Checks for every value an operator types. Pure functions: each returns the normalised value
//! and the notes worth telling, or an error that names the value and the fix.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use anyhow::Result;

use crate::contract::paths::{DYNAMIC_TCP_RANGE, PRECONFIGURED_TCP, PRECONFIGURED_UDP};
use crate::error::usage;

/// Names of contexts, machines and repositories: they end up in file names on the server.
pub(crate) fn name(kind: &str, s: &str) -> Result<()> {
    let ok = !s.is_empty()
        && s.len() <= 63
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(usage(format!(
            "invalid {kind} name {s:?}: use 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit"
        )))
    }
}

/// `--ip` of a machine: an IP address, or a host name. Anything made only of digits and dots
/// must be a valid IPv4 address (`999.1.1.1` is a typo, not a host name).
pub(crate) fn machine_host(s: &str) -> Result<String> {
    let s = s.trim();
    if s.parse::<IpAddr>().is_ok() {
        return Ok(s.to_string());
    }
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(usage(format!(
            "--ip {s:?} is not a valid IPv4 address (each of the four numbers is 0-255)"
        )));
    }
    if s.contains(':') {
        // HOST:PORT (or [IPv6]:PORT): the port has its own flag.
        if let Some((host, port)) = host_and_port(s) {
            return Err(usage(format!(
                "--ip {s:?} holds a port; give the address and the port apart: --ip {host} --port {port}"
            )));
        }
        return Err(usage(format!("--ip {s:?} is not a valid IPv6 address")));
    }
    if s.is_empty()
        || s.len() > 253
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        || s.starts_with('-')
        || s.split('.').any(|l| l.is_empty() || l.len() > 63)
    {
        return Err(usage(format!(
            "--ip {s:?} is neither an IP address nor a host name"
        )));
    }
    Ok(s.to_string())
}

/// `HOST:PORT` or `[IPv6]:PORT` with a host rdc would accept alone.
fn host_and_port(s: &str) -> Option<(String, u16)> {
    let (host, port) = match s.strip_prefix('[') {
        Some(rest) => {
            let (h, p) = rest.split_once("]:")?;
            (h, p)
        }
        None => s.rsplit_once(':')?,
    };
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    if host.contains(':') && host.parse::<IpAddr>().is_err() {
        return None;
    }
    machine_host(host).ok().map(|h| (h, port))
}

/// `--user`: a login name.
pub(crate) fn user(s: &str) -> Result<String> {
    let ok = !s.is_empty()
        && s.len() <= 32
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !s.starts_with('-');
    if ok {
        Ok(s.to_string())
    } else {
        Err(usage(format!(
            "--user {s:?} is not a valid user name (letters, digits, '_', '-', '.')"
        )))
    }
}

/// `--datastore`, `--prefix`: an absolute directory on the server. They end up in systemd unit
/// files and shell commands, so characters those treat specially are refused rather than
/// escaped: `%`, quotes, `$`, backslashes, whitespace and control characters.
pub(crate) fn server_dir(flag: &str, s: &str) -> Result<String> {
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "%'\"`$\\".contains(*c))
    {
        return Err(usage(format!(
            "{flag} {s:?} holds {c:?}, which systemd unit files and shells treat specially; choose a path of letters, digits, '/', '-', '_' and '.', e.g. /mnt/rediacc"
        )));
    }
    if !s.starts_with('/') || s.split('/').any(|p| p == "..") {
        return Err(usage(format!(
            "{flag} {s:?} must be an absolute path without '..', e.g. /mnt/rediacc"
        )));
    }
    let t = s.trim_end_matches('/');
    Ok(if t.is_empty() {
        "/".into()
    } else {
        t.to_string()
    })
}

/// The route server's and Traefik's loopback listen addresses must differ.
pub(crate) fn distinct_listens(route: SocketAddr, admin: SocketAddr) -> Result<()> {
    if route == admin {
        return Err(usage(format!(
            "--admin-listen {admin} is also the route server's address (--route-listen); give each its own port, e.g. 127.0.0.1:7111 and 127.0.0.1:7112"
        )));
    }
    Ok(())
}

/// Check a whole config (read from disk, possibly edited by hand) with the same rules, and the
/// same messages, as the flags that write it. The error names the key.
pub(crate) fn config(cfg: &crate::context::Config) -> std::result::Result<(), String> {
    let at = |path: String, r: Result<()>| r.map_err(|e| format!("{path}: {e:#}"));
    for (cn, c) in &cfg.contexts {
        at(format!("contexts.{cn}"), name("context", cn))?;
        for (mn, m) in &c.machines {
            let p = format!("contexts.{cn}.machines.{mn}");
            at(p.clone(), name("machine", mn))?;
            at(format!("{p}.ip"), machine_host(&m.ip).map(|_| ()))?;
            at(format!("{p}.user"), user(&m.user).map(|_| ()))?;
            at(
                format!("{p}.datastore"),
                server_dir("--datastore", &m.datastore).map(|_| ()),
            )?;
            at(
                format!("{p}.prefix"),
                server_dir("--prefix", &m.prefix).map(|_| ()),
            )?;
            if let Some(i) = &m.infra {
                i.check().map_err(|e| format!("{p}.infra.{e:#}"))?;
            }
        }
        for (rn, r) in &c.repos {
            let p = format!("contexts.{cn}.repos.{rn}");
            at(p.clone(), name("repository", rn))?;
            if !c.machines.contains_key(&r.machine) {
                return Err(format!(
                    "{p}.machine: machine {:?} is not in context {cn}",
                    r.machine
                ));
            }
            if !r.network_id.is_valid() {
                return Err(format!(
                    "{p}.network_id: {} is not a valid network id (2816 + 64·n)",
                    r.network_id
                ));
            }
            for d in &r.domains {
                at(format!("{p}.domains"), declared_domain(d).map(|_| ()))?;
            }
        }
    }
    Ok(())
}

/// `--domain`: a host name or `*.domain` that only one repository may route. Returns the
/// canonical spelling.
pub(crate) fn declared_domain(s: &str) -> Result<String> {
    crate::contract::hostname::Pattern::parse(s.trim())
        .map(|p| p.to_string())
        .map_err(|e| {
            usage(format!(
                "--domain {s:?}: {e}; give a host name such as app.example.com, or *.example.com for every name below it"
            ))
        })
}

/// Why an address is unusual for a public entrypoint, if it is.
fn v4_oddity(ip: Ipv4Addr) -> Option<&'static str> {
    if ip.is_unspecified() {
        Some(
            "is the unspecified address: Traefik would listen on every interface, including the loopback addresses the containers use",
        )
    } else if ip.is_loopback() {
        Some("is a loopback address: only this server can reach it")
    } else if ip.is_private() {
        Some("is a private address: it is not reachable from the internet without NAT")
    } else if ip.is_link_local() {
        Some("is a link-local address")
    } else if ip.is_documentation() {
        Some("is a documentation address (RFC 5737)")
    } else {
        None
    }
}

fn v6_oddity(ip: Ipv6Addr) -> Option<&'static str> {
    let seg0 = ip.segments()[0];
    if ip.is_unspecified() {
        Some("is the unspecified address: Traefik would listen on every interface")
    } else if ip.is_loopback() {
        Some("is the loopback address: only this server can reach it")
    } else if seg0 & 0xfe00 == 0xfc00 {
        Some("is a unique-local address: it is not routed on the internet")
    } else if seg0 & 0xffc0 == 0xfe80 {
        Some("is a link-local address")
    } else if seg0 == 0x2001 && ip.segments()[1] == 0x0db8 {
        Some("is a documentation address (RFC 3849)")
    } else {
        None
    }
}

/// `--public-ipv4`: an IPv4 address. Unusual ones are allowed with a warning.
pub(crate) fn public_ipv4(s: &str) -> Result<(Ipv4Addr, Option<String>)> {
    let s = s.trim();
    match s.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => Ok((ip, v4_oddity(ip).map(|w| format!("--public-ipv4 {ip} {w}")))),
        Ok(IpAddr::V6(_)) => Err(usage(format!(
            "--public-ipv4 {s} is an IPv6 address; pass it with --public-ipv6 {s}"
        ))),
        Err(_) => Err(usage(format!(
            "--public-ipv4 {s:?} is not an IPv4 address; give four numbers such as 203.0.113.50"
        ))),
    }
}

/// `--public-ipv6`: an IPv6 address, without brackets.
pub(crate) fn public_ipv6(s: &str) -> Result<(Ipv6Addr, Option<String>)> {
    let raw = s.trim();
    let s = raw.trim_start_matches('[').trim_end_matches(']');
    match s.parse::<IpAddr>() {
        Ok(IpAddr::V6(ip)) => Ok((ip, v6_oddity(ip).map(|w| format!("--public-ipv6 {ip} {w}")))),
        Ok(IpAddr::V4(_)) => Err(usage(format!(
            "--public-ipv6 {s} is an IPv4 address; pass it with --public-ipv4 {s}"
        ))),
        Err(_) => Err(usage(format!(
            "--public-ipv6 {raw:?} is not an IPv6 address; give one such as 2001:db8::1 (no brackets, no port)"
        ))),
    }
}

/// A DNS name (RFC 1123): at least two labels, letters/digits/hyphens, lower-cased. A single
/// trailing dot (fully-qualified form) is accepted and dropped.
pub(crate) fn domain(flag: &str, s: &str) -> Result<(String, Vec<String>)> {
    let mut notes = Vec::new();
    let raw = s.trim();
    if let Some(i) = raw.find("://") {
        let rest = &raw[i + 3..];
        let host = rest.split(['/', ':']).next().unwrap_or(rest);
        return Err(usage(format!(
            "{flag} {raw:?} includes a URL scheme; give the bare domain: {flag} {host}"
        )));
    }
    if raw.contains('/') || raw.contains(':') {
        let host = raw.split(['/', ':']).next().unwrap_or(raw);
        return Err(usage(format!(
            "{flag} {raw:?} includes a path or port; give the bare domain: {flag} {host}"
        )));
    }
    if let Some(base) = raw.strip_prefix("*.") {
        return Err(usage(format!(
            "{flag} {raw:?} is a wildcard; give the base domain itself: {flag} {base}"
        )));
    }
    let mut d = raw.to_string();
    if d.ends_with('.') && !d.ends_with("..") {
        d.pop();
        notes.push(format!("{flag}: dropped the trailing dot of {raw:?}"));
    }
    if !d.is_ascii() {
        return Err(usage(format!(
            "{flag} {raw:?} has non-ASCII characters; give its punycode form (xn--…)"
        )));
    }
    let lower = d.to_ascii_lowercase();
    if lower != d {
        notes.push(format!("{flag}: using lower case {lower:?}"));
        d = lower;
    }
    if d.is_empty() || d.len() > 253 {
        return Err(usage(format!(
            "{flag} {raw:?} is not a domain name (it must be 1-253 characters)"
        )));
    }
    let labels: Vec<&str> = d.split('.').collect();
    if labels.len() < 2 {
        return Err(usage(format!(
            "{flag} {raw:?} has a single label; give a full domain such as example.com"
        )));
    }
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(usage(format!(
                "{flag} {raw:?} is not a valid domain: label {label:?} must be 1-63 letters, digits or '-', not starting or ending with '-'"
            )));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(usage(format!(
            "{flag} {raw:?} looks like an IP address, not a domain; give a domain such as example.com"
        )));
    }
    Ok((d, notes))
}

/// `--cert-email`: the shape of an e-mail address (Let's Encrypt rejects the rest).
pub(crate) fn email(s: &str) -> Result<String> {
    let raw = s.trim();
    let bad = |why: &str| {
        usage(format!(
            "--cert-email {raw:?} is not an e-mail address ({why}); give one such as admin@example.com"
        ))
    };
    let (local, dom) = raw.rsplit_once('@').ok_or_else(|| bad("no '@'"))?;
    if local.is_empty() || local.len() > 64 {
        return Err(bad("the part before '@' must be 1-64 characters"));
    }
    if local.contains('@') || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad(
            "spaces, control characters and a second '@' are not allowed",
        ));
    }
    let (d, _) =
        domain("--cert-email", dom).map_err(|_| bad("the part after '@' is not a domain"))?;
    Ok(format!("{local}@{d}"))
}

/// A Cloudflare API token: one line of visible characters.
pub(crate) fn token(s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(usage(
            "--cf-dns-token is empty; give the token, or `-` to read it from stdin",
        ));
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(usage(
            "--cf-dns-token contains spaces or control characters; a Cloudflare API token is one word",
        ));
    }
    Ok(t.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub(crate) fn flag(self) -> &'static str {
        match self {
            Proto::Tcp => "--tcp-ports",
            Proto::Udp => "--udp-ports",
        }
    }
    fn preconfigured(self, port: u16) -> bool {
        match self {
            Proto::Tcp => PRECONFIGURED_TCP.contains(&port) || DYNAMIC_TCP_RANGE.contains(&port),
            Proto::Udp => PRECONFIGURED_UDP.contains(&port),
        }
    }
}

/// `--tcp-ports 25,993` / `--udp-ports 53`: distinct integers 1-65535. 80 and 443 belong to
/// the web entrypoints; `reserved` holds the loopback ports of the route server and Traefik's
/// admin entrypoint. Ports that are pre-configured are accepted with a note and not stored
/// (their entrypoints exist anyway).
pub(crate) fn ports(proto: Proto, s: &str, reserved: &[u16]) -> Result<(Vec<u16>, Vec<String>)> {
    let flag = proto.flag();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    if s.trim().is_empty() {
        return Err(usage(format!(
            "{flag} is empty; to remove the extra ports use --unset {}",
            &flag[2..]
        )));
    }
    for item in s.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(usage(format!(
                "{flag} {s:?} has an empty entry; separate ports with single commas, e.g. 25,993"
            )));
        }
        let port: u16 = match item.parse::<u32>() {
            Ok(p) if (1..=65535).contains(&p) => p as u16,
            Ok(p) => {
                return Err(usage(format!(
                    "{flag}: port {p} is out of range; ports are 1-65535"
                )));
            }
            Err(_) => {
                return Err(usage(format!(
                    "{flag}: {item:?} is not a port number; give integers 1-65535 separated by commas"
                )));
            }
        };
        if !seen.insert(port) {
            return Err(usage(format!(
                "{flag}: port {port} is listed twice; list each port once"
            )));
        }
        if port == 80 || port == 443 {
            return Err(usage(format!(
                "{flag}: port {port} is always served by the web entrypoints (web/websecure); remove it from the list"
            )));
        }
        if reserved.contains(&port) {
            return Err(usage(format!(
                "{flag}: port {port} is reserved for the route server / Traefik admin entrypoint on this machine; choose another port"
            )));
        }
        if proto.preconfigured(port) {
            notes.push(format!(
                "{flag}: {} {port} is pre-configured already; not added twice",
                if proto == Proto::Tcp { "TCP" } else { "UDP" }
            ));
            continue;
        }
        out.push(port);
    }
    out.sort_unstable();
    Ok((out, notes))
}

/// `--route-listen` / `--admin-listen`: a loopback socket address (these must never be public).
pub(crate) fn loopback_listen(flag: &str, s: &str) -> Result<SocketAddr> {
    let a: SocketAddr = s.trim().parse().map_err(|_| {
        usage(format!(
            "{flag} {s:?} is not an address:port; give a loopback address such as 127.0.0.1:7111"
        ))
    })?;
    if !a.ip().is_loopback() {
        return Err(usage(format!(
            "{flag} {a} is not a loopback address; this endpoint must not be reachable from outside (use 127.0.0.1:PORT)"
        )));
    }
    if a.port() == 0 {
        return Err(usage(format!("{flag} {a}: give a port other than 0")));
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err<T: std::fmt::Debug>(r: Result<T>) -> String {
        format!("{:#}", r.unwrap_err())
    }

    #[test]
    fn a_port_in_ip_points_at_port() {
        for (given, fix) in [
            ("10.0.0.1:22", "--ip 10.0.0.1 --port 22"),
            ("[2001:db8::1]:2222", "--ip 2001:db8::1 --port 2222"),
            ("host.example.com:2222", "--ip host.example.com --port 2222"),
        ] {
            assert!(err(machine_host(given)).contains(fix), "{given}");
        }
        assert!(err(machine_host("2001:db8::zz")).contains("not a valid IPv6 address"));
        assert_eq!(machine_host("2001:db8::1").unwrap(), "2001:db8::1");
    }

    #[test]
    fn v4_and_v6_are_not_swapped() {
        assert!(err(public_ipv4("2001:db8::1")).contains("--public-ipv6 2001:db8::1"));
        assert!(err(public_ipv6("203.0.113.50")).contains("--public-ipv4 203.0.113.50"));
        assert!(err(public_ipv4("203.0.113")).contains("not an IPv4 address"));
        assert_eq!(public_ipv6("[::1]").unwrap().0, Ipv6Addr::LOCALHOST);
    }

    #[test]
    fn odd_addresses_warn_but_pass() {
        assert!(
            public_ipv4("127.0.0.2")
                .unwrap()
                .1
                .unwrap()
                .contains("loopback")
        );
        assert!(
            public_ipv4("10.1.2.3")
                .unwrap()
                .1
                .unwrap()
                .contains("private")
        );
        assert!(
            public_ipv4("0.0.0.0")
                .unwrap()
                .1
                .unwrap()
                .contains("every interface")
        );
        assert!(public_ipv4("8.8.8.8").unwrap().1.is_none());
        assert!(public_ipv6("::1").unwrap().1.is_some());
        assert!(public_ipv6("2a01:4f8::1").unwrap().1.is_none());
    }

    #[test]
    fn domains() {
        assert_eq!(
            domain("--base-domain", "Example.COM.").unwrap().0,
            "example.com"
        );
        assert!(
            err(domain("--base-domain", "https://example.com/x"))
                .contains("--base-domain example.com")
        );
        assert!(err(domain("--base-domain", "example.com:443")).contains("port"));
        assert!(
            err(domain("--base-domain", "*.example.com")).contains("--base-domain example.com")
        );
        assert!(err(domain("--base-domain", "localhost")).contains("single label"));
        assert!(err(domain("--base-domain", "-a.example.com")).contains("label"));
        assert!(err(domain("--base-domain", "a..example.com")).contains("label"));
        assert!(err(domain("--base-domain", "exa_mple.com")).contains("label"));
        assert!(err(domain("--base-domain", "1.2.3.4")).contains("IP address"));
        assert!(domain("--base-domain", "xn--bcher-kva.example").is_ok());
    }

    #[test]
    fn emails() {
        assert_eq!(email("Admin@Example.com").unwrap(), "Admin@example.com");
        assert!(err(email("admin")).contains("no '@'"));
        assert!(err(email("@example.com")).contains("before '@'"));
        assert!(err(email("a b@example.com")).contains("spaces"));
        assert!(err(email("a@localhost")).contains("after '@'"));
    }

    #[test]
    fn port_lists() {
        let (p, notes) = ports(Proto::Tcp, "993, 25,143", &[7111]).unwrap();
        assert_eq!(p, vec![25, 143, 993]);
        assert!(notes.is_empty());
        let (p, notes) = ports(Proto::Tcp, "25,5432,10005", &[]).unwrap();
        assert_eq!(p, vec![25]);
        assert_eq!(notes.len(), 2);
        let (p, notes) = ports(Proto::Udp, "53,5353", &[]).unwrap();
        assert_eq!(p, vec![5353]);
        assert_eq!(notes.len(), 1);
        assert!(err(ports(Proto::Tcp, "25,25", &[])).contains("twice"));
        assert!(err(ports(Proto::Tcp, "80", &[])).contains("web entrypoints"));
        assert!(err(ports(Proto::Tcp, "443", &[])).contains("web entrypoints"));
        assert!(err(ports(Proto::Tcp, "7111", &[7111])).contains("reserved"));
        assert!(err(ports(Proto::Tcp, "0", &[])).contains("out of range"));
        assert!(err(ports(Proto::Tcp, "70000", &[])).contains("out of range"));
        assert!(err(ports(Proto::Tcp, "smtp", &[])).contains("not a port number"));
        assert!(err(ports(Proto::Tcp, "25,,26", &[])).contains("empty entry"));
        assert!(err(ports(Proto::Tcp, "", &[])).contains("--unset tcp-ports"));
    }

    #[test]
    fn names() {
        assert!(name("machine", "server-1").is_ok());
        assert!(name("machine", "-x").is_err());
        assert!(name("machine", "a/b").is_err());
        assert!(name("machine", "").is_err());
    }

    #[test]
    fn listen_must_be_loopback() {
        assert!(loopback_listen("--route-listen", "127.0.0.1:7111").is_ok());
        assert!(loopback_listen("--route-listen", "[::1]:7111").is_ok());
        assert!(err(loopback_listen("--route-listen", "0.0.0.0:7111")).contains("loopback"));
        assert!(err(loopback_listen("--route-listen", "7111")).contains("address:port"));
    }
}
