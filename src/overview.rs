//! `rdc host overview` (server side): what `rdc context status` shows of a machine, gathered on
//! the machine in one call: this rdc's version, Traefik's, whether the route server is healthy
//! and how many routers it serves, the repositories and how many run, and the certificates
//! Traefik obtained with their expiry.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::contract::host::Isolation;
use crate::contract::host::{Overview, RouteCounts, ServerVersion};
use crate::contract::paths::ServerPaths;

pub(crate) fn gather(prefix: &str, datastore: &str) -> Overview {
    let paths = ServerPaths::new(prefix);
    let v = ServerVersion::this();
    let repos = crate::repo::host::image::list(prefix, datastore).unwrap_or_default();
    let routes = crate::repo::host::routes::fetch(prefix).map(|r| {
        let n = |k: &str| r[k].as_array().map_or(0, Vec::len);
        RouteCounts {
            http: n("http"),
            tcp: n("tcp"),
            udp: n("udp"),
        }
    });
    Overview {
        version: v.version,
        protocol: v.protocol,
        traefik: traefik_version(&paths.traefik_bin()),
        router_healthy: crate::repo::host::routes::healthy(prefix),
        routes,
        repos: repos.len(),
        repos_up: repos.iter().filter(|r| r.daemon_running).count(),
        certs: std::fs::read(paths.acme_json())
            .ok()
            .map(|b| crate::proxy::certs::from_acme(&b)),
        isolation: Some(isolation(prefix, &repos)),
    }
}

/// The machine's isolation: the host's ability, then every running repository's state.
fn isolation(prefix: &str, repos: &[crate::contract::host::LiveRepo]) -> Isolation {
    if let Err(why) = crate::repo::host::isolate::support(prefix) {
        return Isolation::off(why);
    }
    let off: Vec<String> = repos
        .iter()
        .filter_map(|r| {
            let i = r.isolation.as_ref()?;
            (!i.on).then(|| {
                format!(
                    "{}: {}",
                    r.meta.as_ref().map_or(r.guid.as_str(), |m| m.name.as_str()),
                    i.reason.as_deref().unwrap_or("off")
                )
            })
        })
        .collect();
    if off.is_empty() {
        Isolation::on()
    } else {
        Isolation::off(off.join("; "))
    }
}

/// `traefik version`'s `Version:` line, within five seconds.
fn traefik_version(bin: &str) -> Option<String> {
    let mut child = Command::new(bin)
        .arg("version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take()?, &mut out).ok()?;
    parse_version(&out)
}

fn parse_version(out: &str) -> Option<String> {
    out.lines()
        .find_map(|l| l.trim().strip_prefix("Version:"))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn traefik_prints_its_version_first() {
        let out = "Version:      3.7.15\nCodename:     x\nGo version:   go1.24\n";
        assert_eq!(super::parse_version(out).as_deref(), Some("3.7.15"));
        assert_eq!(super::parse_version("garbage"), None);
    }
}
