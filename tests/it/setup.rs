//! `rdc context setup-machine` over a real sshd on a temporary prefix: the dry run changes
//! nothing, the first run creates the datastore (a directory; with --datastore-size a btrfs loop
//! image mounted on it and listed in the prefix's fstab), a second run has nothing to do, and
//! what this machine lacks (device-mapper, systemd as PID 1) is reported with what to do.
//! The packages rdc would install are present here (scripts/test installs them), so apt-get is
//! not run; the plan for missing packages is unit-tested (`setup::plan`).

use std::path::PathBuf;

use crate::common::{Server, is_mounted, unmount_below};

struct Unmount(PathBuf);
impl Drop for Unmount {
    fn drop(&mut self) {
        unmount_below(&self.0);
    }
}

#[test]
#[cfg_attr(
    any(rdc_missing_sshd, rdc_missing_btrfs),
    ignore = "requires sshd and btrfs-progs (tests/it/requires.rs; scripts/test installs them)"
)]
fn setup_machine_is_idempotent_and_its_dry_run_changes_nothing() {
    crate::requires::require("btrfs");
    let Server {
        env,
        sshd: _sshd,
        prefix,
    } = Server::new("127.0.0.69", "server", &["--base-domain", "example.test"]);
    let _unmount = Unmount(prefix.clone());
    let ds = prefix.join("mnt/rediacc");

    let plan = env
        .rdc(&["context", "setup-machine", "m", "--dry-run"])
        .ok();
    plan.stdout_has("Checklist for m:")
        .stdout_has("ready      packages")
        .stdout_has(&format!(
            "will fix   datastore      create the directory {}",
            ds.display()
        ))
        .stderr_has("dry run: nothing was changed");
    assert!(!ds.exists(), "a dry run created the datastore");
    // Without a terminal and without --yes: refused.
    env.rdc(&["context", "setup-machine", "m"])
        .code(7)
        .stderr_has("--yes");
    assert!(!ds.exists());

    env.rdc(&["context", "setup-machine", "m", "--yes"])
        .ok()
        .stderr_has(&format!("m: created {}", ds.display()))
        .stdout_has("ready      datastore")
        // What this machine cannot give is said, with the way around it.
        .stdout_has("not ready  device-mapper")
        .stdout_has("--no-encrypt");
    assert!(ds.is_dir());

    let second = env
        .rdc(&["context", "setup-machine", "m", "--yes"])
        .ok()
        .stderr_has("m: nothing to do");
    assert!(!second.stdout.contains("will fix"), "{}", second.stdout);
    let j = env
        .rdc(&["context", "setup-machine", "m", "--yes", "-o", "json"])
        .ok()
        .json();
    assert_eq!(j["machine"], "m");
    assert!(
        j["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["state"] != "will fix")
    );

    // A btrfs loop image as the datastore: created, mounted, in fstab; again: nothing to do.
    env.rdc(&["context", "set-machine", "m", "--datastore", "/srv/ds"])
        .ok();
    let ds2 = prefix.join("srv/ds");
    env.rdc(&[
        "context",
        "setup-machine",
        "m",
        "--datastore-size",
        "300M",
        "--dry-run",
    ])
    .ok()
    .stdout_has("a 300 MiB btrfs image at");
    assert!(!ds2.exists());
    env.rdc(&[
        "context",
        "setup-machine",
        "m",
        "--datastore-size",
        "300M",
        "--yes",
    ])
    .ok()
    .stderr_has("created a 300 MiB btrfs datastore");
    assert!(is_mounted(&ds2), "{} is not mounted", ds2.display());
    let fstab = std::fs::read_to_string(prefix.join("etc/fstab")).unwrap();
    assert_eq!(fstab.lines().count(), 1, "{fstab}");
    assert!(fstab.contains("btrfs loop,nofail"), "{fstab}");
    env.rdc(&[
        "context",
        "setup-machine",
        "m",
        "--datastore-size",
        "300M",
        "--yes",
    ])
    .ok()
    .stderr_has("m: nothing to do");
    assert_eq!(
        std::fs::read_to_string(prefix.join("etc/fstab")).unwrap(),
        fstab
    );

    // Bad sizes: one line naming the value and the form.
    env.rdc(&["context", "setup-machine", "m", "--datastore-size", "lots"])
        .code(2)
        .stderr_has("--datastore-size \"lots\" is not a size");
}
