//! What a repository is right now on the server (`rdc host repo status`, and the answer of every
//! other action): image, mount, daemon, containers, services and their addresses, isolation,
//! the filesystem's problems.

use anyhow::Result;

use super::layout::Layout;
use super::mounts::is_mounted;
use super::{daemon, isolate, layout, space};
use crate::compose::slots::Slots;
use crate::contract::host::{Job, Status};

pub(crate) fn status(job: &Job, failed: Vec<String>) -> Result<Status> {
    use std::os::unix::fs::MetadataExt;
    let l = Layout::of(job);
    let meta = std::fs::metadata(&l.image).ok();
    let mounted = is_mounted(&l.mount);
    let daemon_running = daemon::ping(&l.socket);
    let services = if mounted {
        Slots::load(&l.mount)
            .map(|s| {
                s.services
                    .keys()
                    .map(|n| (n.clone(), s.ip(job.network_id, n).unwrap().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(Status {
        name: job.name.clone(),
        guid: job.guid.clone(),
        network_id: job.network_id,
        network: job.network_id.cidr(),
        encrypted: job.encrypted,
        image: l.image.display().to_string(),
        image_exists: meta.is_some(),
        image_used_bytes: meta.as_ref().map(|m| m.blocks() * 512).unwrap_or(0),
        image_size_bytes: meta.as_ref().map(|m| m.len()).unwrap_or(0),
        mounted,
        mount: l.mount.display().to_string(),
        daemon_running,
        socket: l.socket.display().to_string(),
        containers_running: if daemon_running {
            daemon::running_containers(&l.socket)
        } else {
            0
        },
        isolation: Some(isolate::state(job, &l)),
        services,
        failed,
        skipped_routes: Vec::new(),
        filesystem: if mounted {
            space::problem(&l.mount).map(|w| w.replace("NAME", &job.name))
        } else {
            None
        },
        overcommit: layout::read_meta(&l.meta).is_some_and(|m| m.overcommit),
    })
}
