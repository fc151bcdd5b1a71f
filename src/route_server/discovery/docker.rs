//! The seam between discovery and Docker: the three calls discovery needs (list, inspect,
//! events), as a small trait. [`Bollard`] implements it over a daemon's unix socket (list and
//! inspect through bollard, events read with bounded memory by `super::events`); tests use a
//! scripted fake, so the follow loop is exercised without a daemon. Docker's answers are turned
//! into [`Container`]s here, and nowhere else.

use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use bollard::query_parameters::{InspectContainerOptions, ListContainersOptionsBuilder};
use futures_util::Stream;

use crate::route_server::model::Container;

/// How long a listing may take before the daemon counts as unreachable.
const LIST_TIMEOUT: Duration = Duration::from_secs(30);

/// A container event: what happened (`start`, `health_status: healthy`…) to which container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerEvent {
    pub action: String,
    pub id: String,
}

/// What discovery asks of one daemon.
pub trait DockerApi: Send + Sync {
    /// Every container, running or not.
    fn list(&self) -> impl Future<Output = Result<Vec<Container>>> + Send;
    /// One container; `None` when the daemon does not know it (any more).
    fn inspect(&self, id: &str) -> impl Future<Output = Result<Option<Container>>> + Send;
    /// Container events from `since` (Unix seconds) on, until the stream breaks.
    fn events(&self, since: u64) -> impl Stream<Item = Result<DockerEvent>> + Send + '_;
}

/// Opens a [`DockerApi`] for a socket.
pub trait Connect: Clone + Send + Sync + 'static {
    type Api: DockerApi + 'static;
    fn connect(&self, socket: &Path) -> Result<Self::Api>;
}

/// The real thing: bollard over a unix socket.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bollard;

impl Connect for Bollard {
    type Api = Engine;
    fn connect(&self, socket: &Path) -> Result<Engine> {
        let docker = bollard::Docker::connect_with_unix(
            socket.to_str().unwrap_or_default(),
            30,
            bollard::API_DEFAULT_VERSION,
        )
        .map_err(docker_err)?;
        Ok(Engine {
            docker,
            socket: socket.to_path_buf(),
        })
    }
}

/// One daemon: bollard for list and inspect, its socket for the event stream.
pub struct Engine {
    docker: bollard::Docker,
    socket: std::path::PathBuf,
}

fn docker_err(e: bollard::errors::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

impl DockerApi for Engine {
    async fn list(&self) -> Result<Vec<Container>> {
        let list = tokio::time::timeout(
            LIST_TIMEOUT,
            self.docker.list_containers(Some(
                ListContainersOptionsBuilder::default().all(true).build(),
            )),
        )
        .await
        .map_err(|_| anyhow::anyhow!("listing containers timed out after {LIST_TIMEOUT:?}"))?
        .map_err(docker_err)?;
        Ok(list.into_iter().filter_map(from_summary).collect())
    }

    async fn inspect(&self, id: &str) -> Result<Option<Container>> {
        match self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await
        {
            Ok(info) => Ok(from_inspect(info)),
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => Ok(None),
            Err(e) => Err(docker_err(e)),
        }
    }

    fn events(&self, since: u64) -> impl Stream<Item = Result<DockerEvent>> + Send + '_ {
        // The daemon filters too: exec and attach events (a health check every second sends
        // three, each with every label of its container) never cross the socket; the ones that
        // do are read with bounded memory (`super::events`).
        super::events::stream(self.socket.clone(), since, &WANTED)
    }
}

fn from_summary(s: bollard::models::ContainerSummary) -> Option<Container> {
    let id = s.id?;
    let name = s
        .names
        .and_then(|n| n.into_iter().next())
        .unwrap_or_else(|| id.clone());
    let state = s.state.map(|st| st.to_string()).unwrap_or_default();
    let health = s
        .health
        .and_then(|h| h.status)
        .map(|h| h.to_string())
        .filter(|h| !h.is_empty() && h != "none")
        .or_else(|| health_from_status(s.status.as_deref().unwrap_or("")));
    Some(Container::new(
        id,
        name,
        s.labels.unwrap_or_default().into_iter().collect(),
        state,
        health,
        s.created.unwrap_or(0),
    ))
}

/// Older engines only say it in the status text: "Up 3 seconds (health: starting)".
fn health_from_status(status: &str) -> Option<String> {
    if status.contains("(healthy)") {
        Some("healthy".into())
    } else if status.contains("(unhealthy)") {
        Some("unhealthy".into())
    } else if status.contains("(health: starting)") {
        Some("starting".into())
    } else {
        None
    }
}

fn from_inspect(i: bollard::models::ContainerInspectResponse) -> Option<Container> {
    let id = i.id?;
    let name = i.name.unwrap_or_else(|| id.clone());
    let has_healthcheck = i
        .config
        .as_ref()
        .and_then(|c| c.healthcheck.as_ref())
        .and_then(|h| h.test.as_ref())
        .is_some_and(|t| !t.is_empty() && t[0] != "NONE");
    let labels = i.config.and_then(|c| c.labels).unwrap_or_default();
    let (state, health) = match i.state {
        Some(st) => (
            st.status.map(|s| s.to_string()).unwrap_or_default(),
            st.health
                .and_then(|h| h.status)
                .map(|h| h.to_string())
                .filter(|h| !h.is_empty() && h != "none"),
        ),
        None => (String::new(), None),
    };
    let created = i
        .created
        .as_deref()
        .and_then(|t| humantime::parse_rfc3339_weak(t).ok())
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64);
    let mut c = Container::new(
        id,
        name,
        labels.into_iter().collect(),
        state,
        health,
        created,
    );
    c.has_healthcheck |= has_healthcheck;
    Some(c)
}

/// The container after an event, when the event alone says it; None means "inspect it".
pub fn apply_event(c: &Container, action: &str) -> Option<Container> {
    let (verb, arg) = match action.split_once(':') {
        Some((v, a)) => (v.trim(), Some(a.trim())),
        None => (action.trim(), None),
    };
    match verb {
        "start" => Some(c.with_state("running", c.has_healthcheck.then(|| "starting".to_string()))),
        "die" => Some(c.with_state("exited", None)),
        "pause" => Some(c.with_state("paused", c.health.clone())),
        "unpause" => Some(c.with_state("running", c.health.clone())),
        "health_status" => arg.map(|h| c.with_state(&c.state, Some(h.to_string()))),
        // stop, kill and oom are followed by die; restart by die and start: nothing to do.
        "stop" | "kill" | "oom" | "restart" => Some(c.clone()),
        _ => None,
    }
}

/// The events asked of the daemon: the ones [`apply_event`] uses, and those that need an
/// inspect (`create`, `rename`, `update`). `stop`, `kill`, `oom` and `restart` are always
/// followed by `die`/`start`, which say the same.
const WANTED: [&str; 9] = [
    "create",
    "start",
    "die",
    "pause",
    "unpause",
    "destroy",
    "rename",
    "update",
    "health_status",
];

/// Container events that can change routes.
pub fn relevant(action: &str) -> bool {
    let a = action.split(':').next().unwrap_or(action).trim();
    matches!(
        a,
        "create"
            | "start"
            | "restart"
            | "die"
            | "stop"
            | "kill"
            | "pause"
            | "unpause"
            | "destroy"
            | "rename"
            | "update"
            | "health_status"
            | "oom"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_text() {
        assert_eq!(
            health_from_status("Up 3 seconds (health: starting)").as_deref(),
            Some("starting")
        );
        assert_eq!(
            health_from_status("Up 1 minute (healthy)").as_deref(),
            Some("healthy")
        );
        assert_eq!(health_from_status("Up 1 minute"), None);
    }

    #[test]
    fn events_update_known_containers() {
        let c = Container::new("a", "/a", Default::default(), "created", None, 0);
        assert_eq!(apply_event(&c, "start").unwrap().state, "running");
        assert_eq!(apply_event(&c, "start").unwrap().health, None);
        let mut h = c.clone();
        h.has_healthcheck = true;
        assert_eq!(
            apply_event(&h, "start").unwrap().health.as_deref(),
            Some("starting")
        );
        assert_eq!(
            apply_event(&h, "health_status: healthy")
                .unwrap()
                .health
                .as_deref(),
            Some("healthy")
        );
        assert_eq!(apply_event(&c, "die").unwrap().state, "exited");
        assert!(apply_event(&c, "rename").is_none());
        assert!(apply_event(&c, "create").is_none());
    }

    #[test]
    fn relevant_events() {
        assert!(relevant("start"));
        assert!(relevant("health_status: healthy"));
        assert!(!relevant("exec_start: sh"));
        assert!(!relevant("attach"));
    }
}
