//! Backups through real components: a loop-mounted btrfs datastore under the test server's
//! prefix, real sshd, real rclone (a `local` storage, a directory), real `btrfs send/receive`.
//! A running repository is pushed (full), changed, pushed again (incremental: only the change
//! travels), its image lost, pulled back from the chain and brought up with every file intact.
//! A storage that fills up mid-stream leaves the previous backups listed and whole; bad input
//! gets one clear line each.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::common::{Server, ServerCleanup, traefik_bin};

const IP: &str = "127.0.0.74";

fn sh(cmd: &mut Command) {
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn write_random(path: &Path, mb: usize, seed: u8) {
    let mut data = vec![0u8; mb << 20];
    let mut x: u32 = 0x9e37_79b9 ^ u32::from(seed);
    for b in data.iter_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    std::fs::write(path, &data).unwrap();
}

fn sha(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// A tmpfs of `mb` MB at `dir`, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn new(dir: &Path, mb: u32) -> Tmpfs {
        std::fs::create_dir_all(dir).unwrap();
        sh(Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(dir));
        Tmpfs(dir.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[cfg_attr(
    any(
        rdc_missing_sshd,
        rdc_missing_dockerd,
        rdc_missing_btrfs,
        rdc_missing_rclone
    ),
    ignore = "requires sshd, dockerd, btrfs-progs and rclone (tests/it/requires.rs; scripts/test installs them)"
)]
fn push_change_push_lose_pull_and_everything_is_back() {
    let Server {
        env,
        sshd: _sshd,
        prefix: server,
    } = Server::new(IP, "srv", &["--base-domain", "example.com"]);
    let _cleanup = ServerCleanup(server.clone());
    let bin = server.join("usr/local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(traefik_bin(), bin.join("traefik")).unwrap();
    env.rdc(&["context", "push-infra", "m", "--yes"]).ok();
    // The datastore: a btrfs of its own (sparse).
    let ds = server.join("mnt/rediacc");
    std::fs::create_dir_all(&ds).unwrap();
    let img = env.path().join("datastore.img");
    std::fs::File::create(&img)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    sh(Command::new("mkfs.btrfs").args(["-q"]).arg(&img));
    sh(Command::new("mount")
        .args(["-o", "loop"])
        .arg(&img)
        .arg(&ds));
    let store = env.path().join("store");
    std::fs::create_dir_all(&store).unwrap();
    env.rdc(&[
        "context",
        "storage",
        "add",
        "loc",
        "--type",
        "local",
        "--path",
        store.to_str().unwrap(),
    ])
    .ok();
    let src = env.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("Rediaccfile"), "up() { :; }\ndown() { :; }\n").unwrap();
    env.rdc(&[
        "repo",
        "create",
        "app",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        src.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "app", "--mount"]).ok();
    let st = env
        .rdc(&["repo", "status", "app", "-o", "json"])
        .ok()
        .json();
    let mount = PathBuf::from(st["mount"].as_str().unwrap());
    let image = PathBuf::from(st["image"].as_str().unwrap());
    write_random(&mount.join("data.bin"), 40, 1);

    // Nothing to pull yet; an unknown storage is named with the known ones.
    env.rdc(&["repo", "backups", "app", "--from", "loc"])
        .ok()
        .stdout_has("no backup of app in loc");
    env.rdc(&["repo", "push", "app", "--to", "nope"])
        .code(3)
        .stderr_has("no storage \"nope\"")
        .stderr_has("known: loc");

    // 1. Full, while running: the repository is paused for the snapshot only.
    let first = env
        .rdc(&[
            "repo", "push", "app", "--to", "loc", "--tag", "one", "-o", "json",
        ])
        .ok();
    let first = first.stderr_has("not encrypted").json();
    assert!(first["entry"]["base"].is_null(), "{first}");
    let full_bytes = first["entry"]["bytes"].as_u64().unwrap();
    assert!(
        full_bytes > 40 << 20,
        "the full backup holds the data: {first}"
    );
    assert!(first["pause_ms"].as_u64().is_some(), "{first}");

    // 2. Change 8 MB, push again: only the change (and the filesystem's bookkeeping) travels.
    write_random(&mount.join("more.bin"), 8, 2);
    let second = env
        .rdc(&[
            "repo", "push", "app", "--to", "loc", "--tag", "two", "-o", "json",
        ])
        .ok()
        .json();
    assert_eq!(second["entry"]["base"], "one", "{second}");
    let inc = second["entry"]["bytes"].as_u64().unwrap();
    assert!(
        inc <= (8 << 20) * 13 / 10 + (4 << 20),
        "incremental push moved {inc} bytes for an 8 MB change"
    );
    assert!(inc < full_bytes / 3, "{inc} vs {full_bytes}");
    env.rdc(&["repo", "push", "app", "--to", "loc", "--tag", "two"])
        .code(2)
        .stderr_has("already has a backup \"two\"");

    // 3. A storage that fills up mid-stream: the push fails, the listing keeps the two whole
    //    backups, no entry of the failed one.
    let small = env.path().join("small");
    {
        let _full = Tmpfs::new(&small, 4);
        env.rdc(&[
            "context",
            "storage",
            "add",
            "tiny",
            "--type",
            "local",
            "--path",
            small.to_str().unwrap(),
        ])
        .ok();
        env.rdc(&["repo", "push", "app", "--to", "tiny", "--tag", "cut"])
            .code(6)
            .stderr_has("storage tiny failed");
        let listed = env
            .rdc(&["repo", "backups", "app", "--from", "tiny", "-o", "json"])
            .ok()
            .json();
        assert_eq!(listed.as_array().unwrap().len(), 0, "{listed}");
    }
    let listed = env
        .rdc(&["repo", "backups", "app", "--from", "loc", "-o", "json"])
        .ok()
        .json();
    let tags: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["one", "two"]);
    assert_eq!(listed[1]["kind"], "incremental");

    let want_data = sha(&mount.join("data.bin"));
    let want_more = sha(&mount.join("more.bin"));
    // 4. The image is lost (a failed disk): pull restores it from the chain.
    env.rdc(&["repo", "pull", "app", "--from", "loc"])
        .code(2)
        .stderr_has("already has an image");
    env.rdc(&["repo", "down", "app", "--unmount"]).ok();
    std::fs::remove_file(&image).unwrap();
    // The disk took the machine's own snapshots with it.
    let snaps = ds.join("backups").join(st["guid"].as_str().unwrap());
    for sub in std::fs::read_dir(snaps.join("snaps")).unwrap().flatten() {
        sh(Command::new("btrfs")
            .args(["subvolume", "delete"])
            .arg(sub.path()));
    }
    // A tampered stream is refused before anything is used.
    let stored = store.join(st["guid"].as_str().unwrap());
    let two = stored.join("two.btrfs");
    let good = std::fs::read(&two).unwrap();
    let mut bad = good.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0xff;
    std::fs::write(&two, &bad).unwrap();
    env.rdc(&["repo", "pull", "app", "--from", "loc"])
        .code(6)
        .stderr_has("backup two is damaged");
    assert!(!image.exists(), "nothing was restored from a damaged chain");
    std::fs::write(&two, &good).unwrap();
    env.rdc(&["repo", "pull", "app", "--from", "loc", "--tag", "nope"])
        .code(3)
        .stderr_has("no backup \"nope\"")
        .stderr_has("one, two");
    let pulled = env
        .rdc(&["repo", "pull", "app", "--from", "loc", "-o", "json"])
        .ok()
        .json();
    assert_eq!(pulled["tag"], "two", "{pulled}");
    // `one` arrived whole and checked during the refused attempt: the re-run only needs `two`.
    assert_eq!(pulled["received"], serde_json::json!(["two"]), "{pulled}");
    env.rdc(&["repo", "up", "app", "--mount"]).ok();
    assert_eq!(sha(&mount.join("data.bin")), want_data);
    assert_eq!(sha(&mount.join("more.bin")), want_more);

    // 5. From the restored machine: an increment on the received chain, then a new full chain
    //    with --keep 1 lets the old chain go (never a base a kept backup needs).
    write_random(&mount.join("third.bin"), 2, 3);
    let third = env
        .rdc(&[
            "repo", "push", "app", "--to", "loc", "--tag", "three", "-o", "json",
        ])
        .ok()
        .json();
    assert_eq!(third["entry"]["base"], "two", "{third}");
    assert!(
        third["entry"]["bytes"].as_u64().unwrap() < 8 << 20,
        "{third}"
    );
    let kept = env
        .rdc(&[
            "repo", "push", "app", "--to", "loc", "--tag", "four", "--full", "--keep", "1", "-o",
            "json",
        ])
        .ok()
        .json();
    assert!(kept["entry"]["base"].is_null(), "{kept}");
    assert_eq!(
        kept["pruned"],
        serde_json::json!(["one", "two", "three"]),
        "{kept}"
    );
    let listed = env
        .rdc(&["repo", "backups", "app", "--from", "loc", "-o", "json"])
        .ok()
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert!(!stored.join("one.btrfs").exists() && !stored.join("one.json").exists());
    env.rdc(&["repo", "down", "app", "--unmount"]).ok();
}
