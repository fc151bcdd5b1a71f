//! `rdc repo list --live`: each machine's repository images as the machine reports them (`rdc
//! host repos`), joined with the config: known repositories with their live state, images the
//! config does not know (orphans, e.g. left by an interrupted create on an older rdc), and
//! repositories the config knows but the machine does not have.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::context::{Context, Machine};
use crate::contract::NetworkId;
use crate::contract::call::Call;
use crate::contract::host::LiveRepo;
use crate::contract::paths::ServerPaths;
use crate::error::{remote, usage};
use crate::progress::Progress;
use crate::ssh::call::Called;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RowState {
    /// In the config and on the machine.
    Known,
    /// On the machine only: remove it with `rdc repo delete --orphan GUID -m MACHINE`.
    Orphan,
    /// In the config only: the machine has no image for it.
    Missing,
    /// The machine could not be asked.
    Unreachable,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct LiveRow {
    pub name: String,
    pub machine: String,
    pub guid: String,
    pub network_id: Option<NetworkId>,
    pub state: RowState,
    pub mounted: bool,
    pub daemon_running: bool,
    pub containers_running: usize,
    pub containers_total: usize,
    pub routes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The images of one machine.
pub(crate) async fn machine(
    name: &str,
    m: &Machine,
    ssh_key: Option<&Path>,
    p: &dyn Progress,
) -> Result<Vec<LiveRepo>> {
    let r = super::connect(name, m, ssh_key, p).await?;
    let rdc = ServerPaths::new(&m.prefix).rdc_bin();
    let res = async {
        let call = Call::Repos {
            prefix: m.prefix.clone(),
            datastore: m.datastore.clone(),
        };
        match r.call::<Vec<LiveRepo>>(&rdc, &call, None).await? {
            Called::Answer(v) => Ok(v),
            Called::NotInstalled => Err(usage(format!(
                "rdc is not installed on {name} ({rdc}); install it with: rdc context push-infra {name}"
            ))),
            Called::Failed { stderr, .. } => Err(remote(format!(
                "listing the repositories of {name} failed: {stderr}"
            ))),
        }
    }
    .await;
    r.close().await;
    res
}

/// A row for an image the machine has (`state`: known to the config, or an orphan).
fn of_image(
    name: String,
    machine: &str,
    network_id: Option<NetworkId>,
    state: RowState,
    l: &LiveRepo,
) -> LiveRow {
    LiveRow {
        name,
        machine: machine.to_string(),
        guid: l.guid.clone(),
        network_id,
        state,
        mounted: l.mounted,
        daemon_running: l.daemon_running,
        containers_running: l.containers_running,
        containers_total: l.containers_total,
        routes: l.routes,
        error: None,
    }
}

/// The rows of one machine: its images joined with the repositories the config puts there.
pub(crate) fn join(c: &Context, machine: &str, live: &[LiveRepo]) -> Vec<LiveRow> {
    let mut rows = Vec::new();
    for (name, repo) in c.repos.iter().filter(|(_, r)| r.machine == machine) {
        let row = match live.iter().find(|l| l.guid == repo.guid) {
            Some(l) => of_image(
                name.clone(),
                machine,
                Some(repo.network_id),
                RowState::Known,
                l,
            ),
            None => LiveRow {
                name: name.clone(),
                machine: machine.to_string(),
                guid: repo.guid.clone(),
                network_id: Some(repo.network_id),
                state: RowState::Missing,
                mounted: false,
                daemon_running: false,
                containers_running: 0,
                containers_total: 0,
                routes: None,
                error: None,
            },
        };
        rows.push(row);
    }
    for l in live {
        if c.repos
            .values()
            .any(|r| r.guid == l.guid && r.machine == machine)
        {
            continue;
        }
        let name = l
            .meta
            .as_ref()
            .map(|m| m.name.clone())
            .unwrap_or_else(|| "?".into());
        let id = l.meta.as_ref().map(|m| m.network_id);
        rows.push(of_image(name, machine, id, RowState::Orphan, l));
    }
    rows
}

/// The rows of `machines` (all of the context's when empty), asked in parallel.
pub(crate) async fn rows(c: &Context, machines: &[String], p: &dyn Progress) -> Vec<LiveRow> {
    let names: Vec<String> = if machines.is_empty() {
        c.machines.keys().cloned().collect()
    } else {
        machines.to_vec()
    };
    let jobs = names.iter().map(|n| async move {
        let Some(m) = c.machines.get(n) else {
            return vec![unreachable(n, format!("machine {n} is not in the context"))];
        };
        match machine(n, m, c.ssh_key.as_deref(), p).await {
            Ok(live) => join(c, n, &live),
            Err(e) => vec![unreachable(n, format!("{e:#}"))],
        }
    });
    futures_util::future::join_all(jobs)
        .await
        .into_iter()
        .flatten()
        .collect()
}

fn unreachable(machine: &str, error: String) -> LiveRow {
    LiveRow {
        name: "-".into(),
        machine: machine.to_string(),
        guid: String::new(),
        network_id: None,
        state: RowState::Unreachable,
        mounted: false,
        daemon_running: false,
        containers_running: 0,
        containers_total: 0,
        routes: None,
        error: Some(error),
    }
}
