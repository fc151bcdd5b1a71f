//! What the route server knows about a container, independent of where it came from (the Docker
//! API, or `docker inspect` JSON for the offline render).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::labels::{self, DecodeError, Decoded};

pub const L_SERVICE_NAME: &str = "rediacc.service_name";
pub const L_SERVICE_IP: &str = "rediacc.service_ip";
pub const L_NETWORK_ID: &str = "rediacc.network_id";
pub const L_SERVICE_PORT: &str = "rediacc.service_port";
pub const L_TCP_PORTS: &str = "rediacc.tcp_ports";
pub const L_UDP_PORTS: &str = "rediacc.udp_ports";
pub const L_ENABLE: &str = "traefik.enable";
pub const L_COMPOSE_SERVICE: &str = "com.docker.compose.service";
pub const L_COMPOSE_PROJECT: &str = "com.docker.compose.project";

/// The most label bytes of one container the route server holds (`limits.label_bytes` can be
/// set up to this); a container above gets no route, and only its identity labels are kept.
pub const LABEL_CEILING: usize = 1 << 20;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Container {
    pub id: String,
    /// Without the leading `/`.
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// Docker state: `running`, `exited`, `created`, `paused`, …
    pub state: String,
    /// `healthy`, `unhealthy` or `starting` when the image has a health check.
    pub health: Option<String>,
    /// Creation time (seconds since the epoch).
    pub created: i64,
    /// The image or container defines a health check (a fresh start is then `starting`).
    #[serde(default)]
    pub has_healthcheck: bool,
    /// Bytes of its labels as Docker gave them (keys and values). Above [`LABEL_CEILING`] only
    /// the small `rediacc.*` and `com.docker.compose.*` labels are kept in `labels` (the
    /// container gets no route anyway): a 20 MB label set is not held, cloned or re-read.
    #[serde(default)]
    label_bytes: usize,
    /// Decoded labels, kept as compact JSON text: a tree of small `serde_json` maps costs ~14 KB
    /// per container, the text a few hundred bytes (10,000 containers: 46 MB vs 1.5 MB).
    #[serde(skip)]
    decoded: OnceLock<Result<CompactDecoded, DecodeError>>,
}

#[derive(Debug, Clone)]
struct CompactDecoded {
    /// Empty when no Traefik configuration label is present.
    root: Box<str>,
    ignored: Vec<labels::IgnoredLabel>,
    refused: Vec<labels::Refusal>,
}

impl PartialEq for Container {
    fn eq(&self, o: &Self) -> bool {
        self.id == o.id
            && self.name == o.name
            && self.labels == o.labels
            && self.state == o.state
            && self.health == o.health
            && self.created == o.created
    }
}

impl Container {
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        labels: BTreeMap<String, String>,
        state: impl Into<String>,
        health: Option<String>,
        created: i64,
    ) -> Container {
        let name: String = name.into();
        let label_bytes = labels.iter().map(|(k, v)| k.len() + v.len()).sum();
        let labels = if label_bytes > LABEL_CEILING {
            labels
                .into_iter()
                .filter(|(k, v)| {
                    (k.starts_with("rediacc.") || k.starts_with("com.docker.compose."))
                        && k.len() + v.len() <= 1024
                })
                .collect()
        } else {
            labels
        };
        Container {
            id: id.into(),
            name: name.trim_start_matches('/').to_string(),
            label_bytes,
            labels,
            has_healthcheck: health.is_some(),
            state: state.into(),
            health,
            created,
            decoded: OnceLock::new(),
        }
    }

    /// Bytes of its labels, keys and values, as Docker gave them (what `limits.label_bytes`
    /// bounds).
    pub fn label_bytes(&self) -> usize {
        if self.label_bytes == 0 {
            // Read from JSON (fixtures, `route-server render --containers`).
            self.labels.iter().map(|(k, v)| k.len() + v.len()).sum()
        } else {
            self.label_bytes
        }
    }

    /// The same container in another state (events change nothing else; the decoded labels
    /// are kept).
    pub fn with_state(&self, state: &str, health: Option<String>) -> Container {
        Container {
            id: self.id.clone(),
            name: self.name.clone(),
            labels: self.labels.clone(),
            state: state.to_string(),
            health,
            created: self.created,
            has_healthcheck: self.has_healthcheck,
            label_bytes: self.label_bytes,
            decoded: self.decoded.clone(),
        }
    }

    /// The decoded Traefik labels, computed once per container (and cached).
    pub fn decoded(&self) -> Result<Decoded, DecodeError> {
        let cached = self.decoded.get_or_init(|| {
            labels::decode(&self.labels).map(|d| CompactDecoded {
                root: if d.root.is_empty() {
                    "".into()
                } else {
                    serde_json::to_string(&d.root).unwrap_or_default().into()
                },
                ignored: d.ignored,
                refused: d.refused,
            })
        });
        match cached {
            Err(e) => Err(e.clone()),
            Ok(c) => Ok(Decoded {
                root: if c.root.is_empty() {
                    serde_json::Map::new()
                } else {
                    serde_json::from_str(&c.root).unwrap_or_default()
                },
                ignored: c.ignored.clone(),
                refused: c.refused.clone(),
            }),
        }
    }

    pub fn label(&self, k: &str) -> Option<&str> {
        self.labels.get(k).map(String::as_str)
    }

    pub fn running(&self) -> bool {
        self.state == "running"
    }

    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(12)]
    }

    pub fn compose_service(&self) -> Option<&str> {
        self.label(L_COMPOSE_SERVICE)
    }

    /// Traefik's name for the container's default router/service: `normalize(service_project)`
    /// for compose containers, else `normalize(container name)`.
    pub fn traefik_name(&self) -> String {
        match (self.label(L_COMPOSE_SERVICE), self.label(L_COMPOSE_PROJECT)) {
            (Some(s), Some(p)) => normalize(&format!("{s}_{p}")),
            _ => normalize(&self.name),
        }
    }

    /// The rdc service name: `rediacc.service_name`, else the compose service, else the
    /// container name.
    pub fn service(&self) -> String {
        self.label(L_SERVICE_NAME)
            .or(self.compose_service())
            .map(str::to_string)
            .unwrap_or_else(|| self.traefik_name())
    }
}

/// Traefik's `provider.Normalize`: every run of characters that are neither letters nor digits
/// becomes one `-`, with none at either end (`/My_App.30` → `My-App-30`).
pub fn normalize(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A DNS label from a service name: lower case, `[a-z0-9-]`, no leading/trailing `-`.
pub fn dns_label(name: &str) -> String {
    let s: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-');
    let mut out = String::new();
    for c in s.chars() {
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Containers from `docker inspect` JSON (an array of objects), for the offline render.
pub fn from_inspect(v: &serde_json::Value) -> Result<Vec<Container>, String> {
    let arr = v
        .as_array()
        .ok_or("expected a JSON array, as printed by `docker inspect`")?;
    let mut out = Vec::new();
    for (i, c) in arr.iter().enumerate() {
        let id = c["Id"].as_str().ok_or(format!("element {i}: no Id"))?;
        let name = c["Name"].as_str().unwrap_or(id);
        let mut labels = BTreeMap::new();
        if let Some(m) = c["Config"]["Labels"].as_object() {
            for (k, v) in m {
                labels.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
            }
        }
        let state = c["State"]["Status"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| {
                if c["State"]["Running"].as_bool().unwrap_or(false) {
                    "running".into()
                } else {
                    "exited".into()
                }
            });
        let health = c["State"]["Health"]["Status"].as_str().map(str::to_string);
        let created = c["Created"]
            .as_str()
            .and_then(|t| humantime::parse_rfc3339_weak(t).ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs() as i64);
        out.push(Container::new(id, name, labels, state, health, created));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(normalize("/My_App.30"), "My-App-30");
        assert_eq!(normalize("svc_proj"), "svc-proj");
        assert_eq!(dns_label("Web_App"), "web-app");
        assert_eq!(dns_label("--a..b--"), "a-b");
    }
}
