//! A scripted Docker for tests: each connection plays the next [`Session`] of the script (the
//! listing, then the events, then how the stream ends); when the script runs out, every further
//! connection is refused. Counts connections, so tests can see reconnects.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{Result, anyhow};
use futures_util::{Stream, StreamExt, stream};

use super::docker::{Connect, DockerApi, DockerEvent};
use crate::route_server::model::Container;

/// How an event stream ends.
#[derive(Debug, Clone, Copy)]
pub(super) enum End {
    /// Stays open, silent (a healthy, idle daemon).
    Hang,
    /// Breaks with an error (the daemon died).
    Fail,
    /// Ends cleanly.
    Close,
}

/// One connection's worth of answers.
#[derive(Debug, Clone)]
pub(super) enum Session {
    /// The daemon does not answer the listing.
    Refused,
    Serve {
        list: Vec<Container>,
        events: Vec<DockerEvent>,
        /// What `inspect` answers (absent: unknown to the daemon).
        inspect: HashMap<String, Container>,
        end: End,
    },
}

#[derive(Clone, Default)]
pub(super) struct Script {
    sessions: Arc<Mutex<VecDeque<Session>>>,
    pub connects: Arc<AtomicUsize>,
}

impl Script {
    pub(super) fn new(sessions: Vec<Session>) -> Script {
        Script {
            sessions: Arc::new(Mutex::new(sessions.into())),
            connects: Arc::default(),
        }
    }
}

pub(super) struct FakeApi(Session);

impl Connect for Script {
    type Api = FakeApi;
    fn connect(&self, _socket: &Path) -> Result<FakeApi> {
        self.connects.fetch_add(1, Ordering::SeqCst);
        let next = self.sessions.lock().unwrap().pop_front();
        Ok(FakeApi(next.unwrap_or(Session::Refused)))
    }
}

impl DockerApi for FakeApi {
    async fn list(&self) -> Result<Vec<Container>> {
        match &self.0 {
            Session::Refused => Err(anyhow!("connection refused (scripted)")),
            Session::Serve { list, .. } => Ok(list.clone()),
        }
    }

    async fn inspect(&self, id: &str) -> Result<Option<Container>> {
        match &self.0 {
            Session::Refused => Err(anyhow!("connection refused (scripted)")),
            Session::Serve { inspect, .. } => Ok(inspect.get(id).cloned()),
        }
    }

    fn events(&self, _since: u64) -> impl Stream<Item = Result<DockerEvent>> + Send + '_ {
        let (events, end) = match &self.0 {
            Session::Refused => (Vec::new(), End::Fail),
            Session::Serve { events, end, .. } => (events.clone(), *end),
        };
        let tail: stream::BoxStream<'static, Result<DockerEvent>> = match end {
            End::Hang => stream::pending().boxed(),
            End::Fail => stream::once(async { Err(anyhow!("stream broke (scripted)")) }).boxed(),
            End::Close => stream::empty().boxed(),
        };
        stream::iter(events.into_iter().map(Ok)).chain(tail)
    }
}

/// A running container with labels.
pub(super) fn container(id: &str, labels: &[(&str, &str)]) -> Container {
    Container::new(
        id,
        id,
        labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        "running",
        None,
        0,
    )
}

pub(super) fn event(action: &str, id: &str) -> DockerEvent {
    DockerEvent {
        action: action.into(),
        id: id.into(),
    }
}
