//! The server side of repositories (`rdc host repo create|up|down|status|sync`), driven by the
//! client over SSH with a [`Job`] on stdin (the credential travels there, never in argv).
//! Progress goes to stderr (streamed to the operator), the result as JSON to stdout.
//!
//! Layout under the machine's prefix and datastore:
//!   `<datastore>/repositories/<guid>.img`  the sparse image (btrfs; LUKS2 when encrypted)
//!   `<datastore>/mounts/<guid>`             where it is mounted (`REPOSITORY_PATH`)
//!   `<mount>/.rediacc/docker`                the repository daemon's data (inside the image)
//!   `/var/run/rediacc/docker-<id>.sock`      its socket (the route server watches these)
//!   `/var/run/rediacc/x-<id>`                its exec root, and `docker-<id>.pid`

mod actions;
pub(crate) mod autostart;
pub(crate) mod backup;
pub(crate) mod daemon;
pub(crate) mod hangup;
pub(crate) mod image;
pub(crate) mod isolate;
mod layout;
pub(crate) mod lock;
pub(crate) mod look;
pub(crate) mod luks;
pub(crate) mod mounts;
pub(crate) mod rediaccfile;
pub(crate) mod routes;
pub(crate) mod space;
mod status;

pub(crate) use crate::contract::host::{Job, JobFile, Status};
pub(crate) use actions::{down, restart, sync, up};
pub(crate) use layout::say;
pub(crate) use layout::{DEFAULT_STOP_TIMEOUT, Layout, lock};
pub(crate) use status::status;

#[cfg(test)]
mod tests {
    use super::layout::write_files;
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn layout_under_prefix() {
        let job = Job {
            name: "my-app".into(),
            machine: "m".into(),
            guid: "g1".into(),
            network_id: crate::contract::NetworkId(2816),
            credential: None,
            encrypted: false,
            size: None,
            datastore: "/mnt/rediacc".into(),
            prefix: "/tmp/px/".into(),
            mount: false,
            unmount: false,
            files: vec![],
            no_wait: false,
            timeout_secs: None,
            service: None,
            no_isolation: false,
            overcommit: false,
        };
        let l = Layout::of(&job);
        assert_eq!(
            l.image,
            PathBuf::from("/tmp/px/mnt/rediacc/repositories/g1.img")
        );
        assert_eq!(l.mount, PathBuf::from("/tmp/px/mnt/rediacc/mounts/g1"));
        assert_eq!(
            l.socket,
            PathBuf::from("/tmp/px/var/run/rediacc/docker-2816.sock")
        );
        assert_eq!(
            l.data_root,
            PathBuf::from("/tmp/px/mnt/rediacc/mounts/g1/.rediacc/docker")
        );
    }

    #[test]
    fn files_stay_inside() {
        let d = tempfile::tempdir().unwrap();
        let f = |p: &str| JobFile {
            path: p.into(),
            mode: 0o644,
            data: "aGk=".into(),
            link: None,
        };
        write_files(d.path(), &[f("a/b.txt")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(d.path().join("a/b.txt")).unwrap(),
            "hi"
        );
        assert!(write_files(d.path(), &[f("../x")]).is_err());
        assert!(write_files(d.path(), &[f("/etc/x")]).is_err());
    }
}
