//! The label fixtures in `tests/fixtures/labels/*.yaml`: containers in, expected dynamic
//! configuration, skipped reasons, port allocations and owners out. `RDC_UPDATE_FIXTURES=1`
//! writes the actual results back into the files (review the diff before committing).

use super::*;
use crate::contract::NetworkId;
use crate::route_server::config::RepoDecl;
use crate::route_server::owners::Owner;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    description: String,
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    settings: Settings,
    daemons: Vec<FDaemon>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    ports_before: BTreeMap<String, u16>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    owners_before: BTreeMap<String, Owner>,
    /// Seconds since the epoch at which the render runs (default 1,000,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    now: Option<u64>,
    expect: Expect,
}

#[derive(Deserialize, Serialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    base_domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cert_resolver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ipv6: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_routes: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dynamic_ports: Option<[u16; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    udp_ports: Option<Vec<u16>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_base_domain: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repositories: Option<Vec<RepoDecl>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_hold_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tcp_ports: Option<Vec<u16>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    machine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    challenge: Option<crate::contract::router::Challenge>,
}

impl Settings {
    fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FDaemon {
    network_id: NetworkId,
    #[serde(default = "yes", skip_serializing_if = "Clone::clone")]
    listed: bool,
    containers: Vec<FContainer>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FContainer {
    name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    #[serde(default = "running", skip_serializing_if = "is_running")]
    state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    health: Option<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    created: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

fn running() -> String {
    "running".into()
}

fn is_running(s: &str) -> bool {
    s == "running"
}

#[derive(Deserialize, Serialize, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
struct Expect {
    config: Value,
    #[serde(default)]
    skipped: Vec<ExpSkip>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    ports: BTreeMap<String, u16>,
    /// Claim key → owning network id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    owners: BTreeMap<String, NetworkId>,
}

#[derive(Deserialize, Serialize, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
struct ExpSkip {
    network_id: NetworkId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    container: Option<String>,
    what: String,
    /// Expected to be contained in the actual reason.
    reason: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    changed: bool,
}

fn run(f: &Fixture) -> Expect {
    let mut cfg = RouterConfig {
        base_domain: Some("example.com".into()),
        udp_ports: vec![53],
        ..RouterConfig::default()
    };
    let s = &f.settings;
    if let Some(d) = &s.base_domain {
        cfg.base_domain = Some(d.clone());
    }
    if s.no_base_domain == Some(true) {
        cfg.base_domain = None;
    }
    cfg.cert_resolver = s.cert_resolver.clone();
    if let Some(c) = s.challenge {
        cfg.challenge = c;
    }
    if let Some(v) = s.ipv6 {
        cfg.ipv6 = v;
    }
    if let Some(v) = s.auto_routes {
        cfg.auto_routes = v;
    }
    if let Some(v) = s.dynamic_ports {
        cfg.dynamic_ports = v;
    }
    if let Some(v) = &s.udp_ports {
        cfg.udp_ports = v.clone();
    }
    if let Some(v) = &s.repositories {
        cfg.repositories = v.clone();
    }
    if let Some(v) = &s.tcp_ports {
        cfg.tcp_ports = v.clone();
    }
    if let Some(v) = &s.machine {
        cfg.machine = Some(v.clone());
    }
    if let Some(v) = s.claim_hold_secs {
        cfg.claim_hold_secs = v;
    }
    let containers: Vec<Vec<Arc<Container>>> = f
        .daemons
        .iter()
        .map(|d| {
            d.containers
                .iter()
                .map(|c| {
                    Arc::new(Container::new(
                        format!("{:0>12}", c.name.replace(['-', '_'], "")),
                        c.name.clone(),
                        c.labels.clone(),
                        c.state.clone(),
                        c.health.clone(),
                        c.created,
                    ))
                })
                .collect()
        })
        .collect();
    let views: Vec<DaemonView> = f
        .daemons
        .iter()
        .zip(&containers)
        .map(|(d, cs)| DaemonView {
            network_id: d.network_id,
            socket: format!("/run/rediacc/docker-{}.sock", d.network_id),
            listed: d.listed,
            containers: cs,
        })
        .collect();
    let prev = State {
        ports: Allocations {
            tcp: f.ports_before.clone(),
        },
        owners: Owners {
            owners: f.owners_before.clone(),
        },
    };
    let out = render(&cfg, &views, &prev, f.now.unwrap_or(1_000_000));
    Expect {
        config: out.config,
        skipped: out
            .report
            .skipped
            .into_iter()
            .map(|s| ExpSkip {
                network_id: s.network_id,
                container: s.container,
                what: s.what,
                reason: s.reason,
                changed: s.changed,
            })
            .collect(),
        ports: out.state.ports.tcp,
        owners: out
            .state
            .owners
            .owners
            .iter()
            .map(|(k, o)| (k.clone(), o.network_id))
            .collect(),
    }
}

#[test]
fn label_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labels");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let update = std::env::var_os("RDC_UPDATE_FIXTURES").is_some();
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let f: Fixture =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let actual = run(&f);
        // Reasons are matched as substrings, so fixtures can quote the important part.
        let matches = actual.config == f.expect.config
            && actual.ports == f.expect.ports
            && actual.owners == f.expect.owners
            && actual.skipped.len() == f.expect.skipped.len()
            && actual.skipped.iter().zip(&f.expect.skipped).all(|(a, e)| {
                a.network_id == e.network_id
                    && a.container == e.container
                    && a.what == e.what
                    && a.changed == e.changed
                    && a.reason.contains(&e.reason)
            });
        if matches {
            continue;
        }
        if update {
            let description = f.description.clone();
            let updated = Fixture {
                expect: actual,
                ..f
            };
            let body = serde_saphyr::to_string(&updated).unwrap();
            std::fs::write(path, format!("# {description}\n{body}")).unwrap();
            continue;
        }
        failures.push(format!(
            "{} ({}):\nexpected: {}\nactual:   {}",
            path.file_name().unwrap().to_string_lossy(),
            f.description,
            serde_json::to_string(&f.expect).unwrap(),
            serde_json::to_string(&actual).unwrap()
        ));
    }
    assert!(files.len() >= 40, "only {} fixtures", files.len());
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
