//! `rdc compose [--repo-dir DIR] [--unsafe] -- ARGS`: docker compose against the repository's
//! own daemon, on a rewritten project.
//!
//! The project is first normalized by compose itself (`config`: interpolation of `${WEBAPP_IP}`,
//! `extends`, several files, relative paths made absolute). Then every service gets
//! `network_mode: host` (there is no bridge in a repository's daemon), its `ports:` turned into
//! where each port is reachable (a single TCP port is its HTTP port, `rediacc.service_port`;
//! other TCP ports `rediacc.tcp_ports`, dynamic public ports; UDP ports `rediacc.udp_ports`; a
//! note per port), `expose:`, `networks:`, `links:`, `hostname:` and `dns:` dropped with a note,
//! the labels `rediacc.service_name`, `rediacc.service_ip`, `rediacc.network_id` and
//! the variables `SERVICE_IP`, `REPOSITORY_NETWORK_ID` injected, and every service name (with
//! its network aliases and `links:` aliases) resolving to that service's loopback address
//! through `extra_hosts` (`DB_HOST: db` keeps working without Docker's DNS). Settings that lead out of the
//! repository (host paths, devices, capabilities, host namespaces, disabled seccomp…) are
//! refused unless `--unsafe` (`guard`). A service without a slot in `.rediacc.json` is refused
//! (`rdc repo up` refreshes the slots).

use crate::contract::NetworkId;
mod confine;
pub mod guard;
mod invoke;
pub mod stage;
pub use invoke::{Flavor, detect};
mod run;
pub use run::run;
pub mod slots;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};

use crate::error::usage;
use crate::progress::Progress;
use slots::Slots;

/// The outcome of a rewrite: the new project and what was changed on the way.
#[derive(Debug, Clone)]
pub struct Rewritten {
    pub project: Value,
    pub notes: Vec<String>,
}

/// Service names of a normalized project.
pub fn services(project: &Value) -> BTreeSet<String> {
    project["services"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Rewrite a normalized compose project for a repository.
pub fn rewrite(project: &Value, slots: &Slots, network_id: NetworkId) -> Result<Rewritten> {
    let mut p = project.clone();
    let mut notes = Vec::new();
    let names = resolvable_names(project, slots, network_id);
    let svcs = p
        .get_mut("services")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| usage("the compose project has no services"))?;
    for (name, svc) in svcs.iter_mut() {
        let s = svc
            .as_object_mut()
            .ok_or_else(|| usage(format!("service {name} is not a mapping")))?;
        let ip = slots.ip(network_id, name).ok_or_else(|| {
            usage(format!(
                "service {name} has no slot in .rediacc.json; refresh the slots with: rdc repo up REPO (or add it to a compose file next to a Rediaccfile)"
            ))
        })?;
        match s.get("network_mode").and_then(Value::as_str) {
            None | Some("host") => {}
            Some(other) => notes.push(format!("{name}: network_mode {other} replaced by host")),
        }
        s.insert("network_mode".into(), json!("host"));
        // `ports:` is the author's wish to be reachable: said where each port will be, as labels
        // the route server reads (the guide's `rediacc.tcp_ports` / `rediacc.udp_ports`).
        let wished = s.remove("ports").map(|v| wished_ports(&v));
        for key in [
            "networks",
            "links",
            "hostname",
            "dns",
            "expose",
            "mac_address",
        ] {
            if s.remove(key).is_some() {
                notes.push(format!(
                    "{name}: {key} dropped (services use host networking on {ip})"
                ));
            }
        }
        let labels = as_map(s.entry("labels").or_insert_with(|| json!({})), json!(""));
        for (k, v) in [
            ("rediacc.service_name", name.clone()),
            ("rediacc.service_ip", ip.to_string()),
            ("rediacc.network_id", network_id.to_string()),
        ] {
            if let Some(old) = labels.get(k).and_then(Value::as_str)
                && old != v
            {
                notes.push(format!(
                    "{name}: label {k}={old} replaced by {v} (set by rdc)"
                ));
            }
            labels.insert(k.into(), json!(v));
        }
        if let Some((tcp, udp)) = wished {
            reachable(name, &tcp, &udp, labels, &mut notes);
        }
        let env = as_map(
            s.entry("environment").or_insert_with(|| json!({})),
            Value::Null,
        );
        env.insert("SERVICE_IP".into(), json!(ip.to_string()));
        env.insert(
            "REPOSITORY_NETWORK_ID".into(),
            json!(network_id.to_string()),
        );
        add_hosts(s, &names);
    }
    if !names.is_empty() {
        notes.push(format!(
            "service names resolve to their loopback addresses (extra_hosts): {}",
            names
                .iter()
                .map(|(n, ip)| format!("{n} {ip}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(root) = p.as_object_mut()
        && root.remove("networks").is_some()
    {
        notes.push("top-level networks dropped (host networking)".into());
    }
    Ok(Rewritten { project: p, notes })
}

/// The container side of a service's `ports:` (short syntax `[IP:][HOST:]CONTAINER[/PROTO]`,
/// ranges included, or compose's normalized `{target, protocol}`): TCP ports and UDP ports,
/// sorted, each once.
fn wished_ports(v: &Value) -> (Vec<u16>, Vec<u16>) {
    let mut tcp = BTreeSet::new();
    let mut udp = BTreeSet::new();
    for item in v.as_array().into_iter().flatten() {
        let (target, proto) = match item {
            Value::Object(o) => (
                match o.get("target") {
                    Some(Value::Number(n)) => n.to_string(),
                    Some(Value::String(t)) => t.clone(),
                    _ => continue,
                },
                o.get("protocol")
                    .and_then(Value::as_str)
                    .unwrap_or("tcp")
                    .to_ascii_lowercase(),
            ),
            Value::String(sh) => {
                let (spec, proto) = sh.split_once('/').unwrap_or((sh.as_str(), "tcp"));
                let target = spec.rsplit(':').next().unwrap_or(spec).to_string();
                (target, proto.to_ascii_lowercase())
            }
            Value::Number(n) => (n.to_string(), "tcp".into()),
            _ => continue,
        };
        let range: Vec<u16> = match target.split_once('-') {
            Some((a, b)) => match (a.parse::<u16>(), b.parse::<u16>()) {
                (Ok(a), Ok(b)) if a <= b && b - a < 1000 => (a..=b).collect(),
                _ => continue,
            },
            None => target.parse::<u16>().ok().into_iter().collect(),
        };
        let set = if proto == "udp" { &mut udp } else { &mut tcp };
        set.extend(range.into_iter().filter(|p| *p > 0));
    }
    (tcp.into_iter().collect(), udp.into_iter().collect())
}

/// Where each wished port will be reachable, as labels: a service's single TCP port is its
/// HTTP port (`rediacc.service_port`, unless the author set one); its other TCP ports get
/// dynamic public ports (`rediacc.tcp_ports`), its UDP ports the machine's `udp-<port>`
/// entrypoints (`rediacc.udp_ports`). Labels the author wrote are kept. One note per port.
fn reachable(
    name: &str,
    tcp: &[u16],
    udp: &[u16],
    labels: &mut Map<String, Value>,
    notes: &mut Vec<String>,
) {
    let own = |labels: &Map<String, Value>, k: &str| {
        labels.get(k).and_then(Value::as_str).map(str::to_string)
    };
    let http = match own(labels, "rediacc.service_port") {
        Some(p) => p.trim().parse::<u16>().ok(),
        None if tcp.len() == 1 => {
            labels.insert("rediacc.service_port".into(), json!(tcp[0].to_string()));
            Some(tcp[0])
        }
        None => Some(80),
    };
    let rest: Vec<u16> = tcp.iter().copied().filter(|p| Some(*p) != http).collect();
    let list = |v: &[u16]| v.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
    for p in tcp.iter().filter(|p| Some(**p) == http) {
        notes.push(format!(
            "{name}: port {p}/tcp is reachable through its HTTP route (rediacc.service_port={p})"
        ));
    }
    if !rest.is_empty() {
        match own(labels, "rediacc.tcp_ports") {
            Some(theirs) => notes.push(format!(
                "{name}: ports {} kept as its own rediacc.tcp_ports={theirs}",
                list(&rest)
            )),
            None => {
                labels.insert("rediacc.tcp_ports".into(), json!(list(&rest)));
                for p in &rest {
                    notes.push(format!(
                        "{name}: port {p}/tcp is reachable on a dynamic public TCP port (rediacc.tcp_ports; rdc repo ps shows which)"
                    ));
                }
            }
        }
    }
    if !udp.is_empty() {
        match own(labels, "rediacc.udp_ports") {
            Some(theirs) => notes.push(format!(
                "{name}: UDP ports {} kept as its own rediacc.udp_ports={theirs}",
                list(udp)
            )),
            None => {
                labels.insert("rediacc.udp_ports".into(), json!(list(udp)));
                for p in udp {
                    notes.push(format!(
                        "{name}: port {p}/udp is reachable on the machine's udp-{p} entrypoint when it has one (rediacc.udp_ports; set-infra --udp-ports adds it)"
                    ));
                }
            }
        }
    }
}

/// Every name a service is reached by on Docker's networks — its service name, its network
/// aliases, the aliases other services give it in `links:` — with its loopback address.
fn resolvable_names(
    project: &Value,
    slots: &Slots,
    network_id: NetworkId,
) -> BTreeMap<String, std::net::Ipv4Addr> {
    let mut out = BTreeMap::new();
    let Some(svcs) = project["services"].as_object() else {
        return out;
    };
    let valid = |n: &str| {
        !n.is_empty()
            && n.len() <= 253
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    for (name, svc) in svcs {
        let Some(ip) = slots.ip(network_id, name) else {
            continue;
        };
        if valid(name) {
            out.insert(name.clone(), ip);
        }
        if let Some(nets) = svc["networks"].as_object() {
            for n in nets.values() {
                for a in n["aliases"].as_array().into_iter().flatten() {
                    if let Some(a) = a.as_str().filter(|a| valid(a)) {
                        out.entry(a.to_string()).or_insert(ip);
                    }
                }
            }
        }
    }
    for svc in svcs.values() {
        for l in svc["links"].as_array().into_iter().flatten() {
            let Some(l) = l.as_str() else { continue };
            let (target, alias) = l.split_once(':').unwrap_or((l, l));
            if let Some(ip) = slots.ip(network_id, target)
                && valid(alias)
            {
                out.entry(alias.to_string()).or_insert(ip);
            }
        }
    }
    out
}

/// Add `name:ip` to a service's `extra_hosts` for every name it does not map itself.
fn add_hosts(s: &mut Map<String, Value>, names: &BTreeMap<String, std::net::Ipv4Addr>) {
    if names.is_empty() {
        return;
    }
    let entry = s.entry("extra_hosts").or_insert_with(|| json!([]));
    match entry {
        Value::Object(m) => {
            for (n, ip) in names {
                m.entry(n.clone()).or_insert_with(|| json!(ip.to_string()));
            }
        }
        Value::Array(list) => {
            let have: BTreeSet<String> = list
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|e| e.split([':', '=']).next())
                .map(|h| h.trim().to_string())
                .collect();
            for (n, ip) in names {
                if !have.contains(n) {
                    list.push(json!(format!("{n}:{ip}")));
                }
            }
        }
        other => {
            *other = Value::Array(
                names
                    .iter()
                    .map(|(n, ip)| json!(format!("{n}:{ip}")))
                    .collect(),
            );
        }
    }
}

/// Compose accepts `labels:` and `environment:` as a map or as a list of `KEY=value`; turn the
/// list form into the map form (a bare `KEY` gets `bare`) and return the map.
fn as_map(v: &mut Value, bare: Value) -> &mut Map<String, Value> {
    if let Value::Array(list) = v {
        let mut m = Map::new();
        for item in list.iter().filter_map(Value::as_str) {
            match item.split_once('=') {
                Some((k, val)) => m.insert(k.to_string(), json!(val)),
                None => m.insert(item.to_string(), bare.clone()),
            };
        }
        *v = Value::Object(m);
    }
    if !v.is_object() {
        *v = json!({});
    }
    v.as_object_mut().expect("made a map above")
}

/// The project's compose files in `dir`, as compose looks them up: the first of the default
/// names, and with it every override file present.
pub fn default_files(dir: &Path) -> Vec<PathBuf> {
    const NAMES: [&str; 4] = [
        "compose.yaml",
        "compose.yml",
        "docker-compose.yml",
        "docker-compose.yaml",
    ];
    let present = |names: [String; 4]| {
        names
            .into_iter()
            .map(|n| dir.join(n))
            .filter(|p| p.is_file())
    };
    let Some(main) = present(NAMES.map(String::from)).next() else {
        return Vec::new();
    };
    // compose.yaml -> compose.override.yaml, in the same order.
    let overrides = NAMES.map(|n| n.replacen(".y", ".override.y", 1));
    std::iter::once(main).chain(present(overrides)).collect()
}

/// Service names declared in the compose files of `dir` (read directly, for `.rediacc.json`).
pub fn declared_services(dir: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for f in default_files(dir) {
        let text =
            std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
        let v: Value = serde_saphyr::from_str(&text)
            .map_err(|e| usage(format!("{} is not valid YAML: {e}", f.display())))?;
        out.extend(services(&v));
    }
    Ok(out)
}

/// Where the compose project is, and what it is called.
pub struct Project {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub name: String,
}

/// Everything `rdc compose` needs from its environment.
pub struct RepoEnv {
    pub repo_dir: PathBuf,
    pub network_id: NetworkId,
    pub docker_host: String,
}

impl RepoEnv {
    /// From the variables a Rediaccfile runs with (`REPOSITORY_PATH`, `REPOSITORY_NETWORK_ID`,
    /// `DOCKER_HOST`); `--repo-dir` overrides the path.
    pub fn from_env(repo_dir: Option<PathBuf>) -> Result<RepoEnv> {
        let repo_dir = match repo_dir.or_else(|| std::env::var_os("REPOSITORY_PATH").map(PathBuf::from)) {
            Some(d) => d,
            None => find_up(&std::env::current_dir()?).ok_or_else(|| {
                usage("not inside a repository: no .rediacc.json here or above; pass --repo-dir DIR or run from a Rediaccfile (rdc repo up)")
            })?,
        };
        let network_id: NetworkId = std::env::var("REPOSITORY_NETWORK_ID")
            .ok()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| usage("REPOSITORY_NETWORK_ID is not set: run rdc compose from a Rediaccfile (rdc repo up), or set it"))?;
        let docker_host = std::env::var("DOCKER_HOST").map_err(|_| {
            usage("DOCKER_HOST is not set: run rdc compose from a Rediaccfile (rdc repo up), which points it at the repository's daemon")
        })?;
        Ok(RepoEnv {
            repo_dir,
            network_id,
            docker_host,
        })
    }
}

fn find_up(start: &Path) -> Option<PathBuf> {
    let mut d = Some(start);
    while let Some(dir) = d {
        if dir.join(slots::FILE).is_file() {
            return Some(dir.to_path_buf());
        }
        d = dir.parent();
    }
    None
}

/// Compose's default project name for a directory: lower case, `[a-z0-9_-]`.
pub fn project_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

/// Refuse (or, with `--unsafe`, warn about) what the guard found; print its warnings.
pub(super) fn refuse_findings(
    findings: &guard::Findings,
    unsafe_ok: bool,
    p: &dyn Progress,
) -> Result<()> {
    for w in &findings.warnings {
        p.warn(w);
    }
    if findings.refused.is_empty() {
        return Ok(());
    }
    if unsafe_ok {
        for r in &findings.refused {
            p.warn(&format!("allowed by --unsafe: {r}"));
        }
        return Ok(());
    }
    for r in &findings.refused {
        p.refused(r);
    }
    Err(usage(format!(
        "{} setting(s) above would let a container out of the repository; nothing was started (pass --unsafe to allow them)",
        findings.refused.len()
    )))
}

/// A host path resolved as the kernel will see it: symlinks followed as far as the path exists,
/// the rest appended.
pub fn resolve_host(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(&existing) {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return p.to_path_buf(),
        }
    }
}

/// Labels of a service in a rewritten project (for tests and diagnostics).
pub fn labels_of(project: &Value, service: &str) -> BTreeMap<String, String> {
    project["services"][service]["labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {

    #[test]
    fn default_files_take_the_first_name_and_every_override() {
        let d = tempfile::tempdir().unwrap();
        assert!(default_files(d.path()).is_empty());
        for f in [
            "docker-compose.yml",
            "docker-compose.yaml",
            "compose.override.yaml",
            "docker-compose.override.yml",
        ] {
            std::fs::write(d.path().join(f), "services: {}\n").unwrap();
        }
        let names: Vec<String> = default_files(d.path())
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "docker-compose.yml",
                "compose.override.yaml",
                "docker-compose.override.yml"
            ]
        );
    }
    use super::*;

    fn slots() -> Slots {
        let mut s = Slots::default();
        s.refresh(
            &["webapp", "postgres"]
                .iter()
                .map(|x| x.to_string())
                .collect(),
        )
        .unwrap();
        s
    }

    fn project() -> Value {
        serde_saphyr::from_str(
            r#"
services:
  webapp:
    image: myregistry/webapp:latest
    ports: ["8080:3000"]
    networks: [front]
    labels:
      - "traefik.enable=true"
      - "rediacc.network_id=9999"
    environment:
      - LISTEN_ADDR=127.0.11.3:3000
  postgres:
    image: postgres:17
    network_mode: bridge
networks:
  front: {}
"#,
        )
        .unwrap()
    }

    #[test]
    fn rewrite_injects_and_drops() {
        let rw = rewrite(&project(), &slots(), crate::contract::NetworkId(2816)).unwrap();
        let p = &rw.project;
        assert_eq!(p["services"]["webapp"]["network_mode"], "host");
        assert_eq!(p["services"]["postgres"]["network_mode"], "host");
        assert!(p["services"]["webapp"].get("ports").is_none());
        assert!(p.get("networks").is_none());
        let l = labels_of(p, "webapp");
        assert_eq!(l["rediacc.service_name"], "webapp");
        assert_eq!(l["rediacc.service_ip"], "127.0.11.3");
        assert_eq!(l["rediacc.network_id"], "2816");
        assert_eq!(l["traefik.enable"], "true");
        assert_eq!(
            p["services"]["webapp"]["environment"]["SERVICE_IP"],
            "127.0.11.3"
        );
        assert_eq!(
            p["services"]["webapp"]["environment"]["LISTEN_ADDR"],
            "127.0.11.3:3000"
        );
        assert_eq!(
            p["services"]["postgres"]["environment"]["REPOSITORY_NETWORK_ID"],
            "2816"
        );
        let notes = rw.notes.join("\n");
        // ports: ["8080:3000"]: the container's 3000 is its HTTP port.
        assert_eq!(l["rediacc.service_port"], "3000");
        assert!(!l.contains_key("rediacc.tcp_ports"));
        assert!(
            notes.contains("webapp: port 3000/tcp is reachable through its HTTP route"),
            "{notes}"
        );
        assert!(
            notes.contains("rediacc.network_id=9999 replaced"),
            "{notes}"
        );
        assert!(
            notes.contains("postgres: network_mode bridge replaced by host"),
            "{notes}"
        );
    }

    #[test]
    fn wished_ports_become_labels() {
        let (tcp, udp) = wished_ports(&json!([
            "8080:80",
            "127.0.0.1:9000:9000",
            "5353:5353/udp",
            "7000-7002:7000-7002",
            {"target": 8443, "published": "8443", "protocol": "tcp"},
            "9000"
        ]));
        assert_eq!(tcp, [80, 7000, 7001, 7002, 8443, 9000]);
        assert_eq!(udp, [5353]);
        let mut l = Map::new();
        let mut notes = Vec::new();
        reachable("web", &[8080], &[], &mut l, &mut notes);
        assert_eq!(l["rediacc.service_port"], "8080");
        assert!(!l.contains_key("rediacc.tcp_ports"));
        let mut l = Map::new();
        reachable("db", &[80, 5432], &[53], &mut l, &mut notes);
        assert!(!l.contains_key("rediacc.service_port"), "80 is the default");
        assert_eq!(l["rediacc.tcp_ports"], "5432");
        assert_eq!(l["rediacc.udp_ports"], "53");
        let mut l: Map<String, Value> = [("rediacc.service_port".to_string(), json!("9000"))]
            .into_iter()
            .collect();
        reachable("api", &[9000, 9100], &[], &mut l, &mut notes);
        assert_eq!(l["rediacc.tcp_ports"], "9100");
        let n = notes.join("\n");
        assert!(
            n.contains("db: port 5432/tcp is reachable on a dynamic public TCP port"),
            "{n}"
        );
        assert!(
            n.contains("api: port 9000/tcp is reachable through its HTTP route"),
            "{n}"
        );
    }

    /// Service names (and network and link aliases) keep resolving under host networking.
    #[test]
    fn service_names_resolve_through_extra_hosts() {
        let p = json!({"services": {
            "app": {"image": "a", "environment": {"DB_HOST": "db"},
                    "networks": {"backend_net": {"aliases": ["api"]}},
                    "links": ["db:database"]},
            "db": {"image": "d", "networks": {"backend_net": null},
                   "extra_hosts": ["db:10.0.0.9", "other.example:192.0.2.1"]},
            "web": {"image": "w", "extra_hosts": {"mine": "192.0.2.2"}}
        }});
        let mut slots = Slots::default();
        for n in ["app", "db", "web"] {
            slots.refresh(&BTreeSet::from([n.to_string()])).unwrap();
        }
        let rw = rewrite(&p, &slots, crate::contract::NetworkId(2816)).unwrap();
        let hosts = |svc: &str| rw.project["services"][svc]["extra_hosts"].clone();
        let app = hosts("app");
        for want in [
            "app:127.0.11.2",
            "db:127.0.11.3",
            "web:127.0.11.4",
            "api:127.0.11.2",
            "database:127.0.11.3",
        ] {
            assert!(
                app.as_array().unwrap().contains(&json!(want)),
                "{want} missing: {app}"
            );
        }
        // A service's own mapping wins; other entries stay.
        let db = hosts("db");
        assert!(
            db.as_array().unwrap().contains(&json!("db:10.0.0.9")),
            "{db}"
        );
        assert!(
            !db.as_array().unwrap().contains(&json!("db:127.0.11.3")),
            "{db}"
        );
        assert!(
            db.as_array()
                .unwrap()
                .contains(&json!("other.example:192.0.2.1"))
        );
        // The map form keeps its shape.
        assert_eq!(hosts("web")["mine"], "192.0.2.2");
        assert_eq!(hosts("web")["db"], "127.0.11.3");
        assert!(
            rw.notes
                .iter()
                .any(|n| n.contains("extra_hosts") && n.contains("db 127.0.11.3"))
        );
    }

    #[test]
    fn services_need_a_slot() {
        let mut p = project();
        p["services"]["extra"] = json!({"image": "x"});
        let e = format!(
            "{:#}",
            rewrite(&p, &slots(), crate::contract::NetworkId(2816)).unwrap_err()
        );
        assert!(
            e.contains("service extra has no slot in .rediacc.json"),
            "{e}"
        );
    }

    #[test]
    fn project_names() {
        assert_eq!(project_name(Path::new("/x/My App.1")), "myapp1");
    }
}
