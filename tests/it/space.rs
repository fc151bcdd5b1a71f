//! No silent data loss on a small datastore (a loop-mounted btrfs of 400 MB under the test
//! server's prefix, real sshd): `repo create` refuses to over-commit it without `--overcommit`
//! (recorded, shown by `repo status`); with it, after two repositories fill the datastore, a
//! write to the third is either kept across `down --unmount` / `up --mount`, or a failure is
//! reported (by the write itself, `repo status` or `repo down --unmount`) — never lost with
//! every command saying it went well.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::common::{Server, ServerCleanup, is_mounted, traefik_bin};

const IP: &str = "127.0.0.72";

fn sh(cmd: &mut Command) {
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
#[cfg_attr(
    any(rdc_missing_sshd, rdc_missing_dockerd, rdc_missing_btrfs),
    ignore = "requires sshd, dockerd and btrfs-progs (tests/it/requires.rs; scripts/test installs them)"
)]
fn a_full_datastore_never_loses_an_acknowledged_write_silently() {
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
    // The datastore: a 400 MB btrfs of its own.
    let ds = server.join("mnt/rediacc");
    std::fs::create_dir_all(&ds).unwrap();
    let img = env.path().join("datastore.img");
    std::fs::File::create(&img)
        .unwrap()
        .set_len(400 << 20)
        .unwrap();
    sh(Command::new("mkfs.btrfs").args(["-q"]).arg(&img));
    sh(Command::new("mount")
        .args(["-o", "loop"])
        .arg(&img)
        .arg(&ds));
    let src = env.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("Rediaccfile"), "up() { :; }\ndown() { :; }\n").unwrap();
    let create = |name: &str, extra: &[&str]| {
        let mut a = vec![
            "repo",
            "create",
            name,
            "-m",
            "m",
            "--size",
            "300M",
            "--no-encrypt",
            "--from",
            src.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        env.rdc(&a)
    };
    create("a", &[]).ok();
    // 300M more cannot be promised: refused, nothing created.
    create("b", &[])
        .code(2)
        .stderr_has("would over-commit the datastore")
        .stderr_has("--overcommit");
    assert_eq!(
        std::fs::read_dir(ds.join("repositories"))
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "img"))
            .count(),
        1
    );
    create("b", &["--overcommit"]).ok();
    create("c", &["--overcommit"]).ok();
    let st = env.rdc(&["repo", "status", "c", "-o", "json"]).ok().json();
    assert_eq!(st["overcommit"], true, "{st}");
    for r in ["a", "b", "c"] {
        env.rdc(&["repo", "up", r, "--mount"]).ok();
    }
    let mount_of = |r: &str| -> std::path::PathBuf {
        let st = env.rdc(&["repo", "status", r, "-o", "json"]).json();
        Path::new(st["mount"].as_str().unwrap()).to_path_buf()
    };
    let (ma, mb, mc) = (mount_of("a"), mount_of("b"), mount_of("c"));
    // a and b fill the datastore (each write ends at the first error).
    for m in [&ma, &mb] {
        let _ = Command::new("dd")
            .args(["if=/dev/urandom", "bs=1M", "count=400", "conv=fsync"])
            .arg(format!("of={}", m.join("fill").display()))
            .output();
    }
    let df = Command::new("df").arg("-m").arg(&ds).output().unwrap();
    eprintln!(
        "datastore after the fill: {}",
        String::from_utf8_lossy(&df.stdout)
    );
    // The third one writes and syncs; whether the write is acknowledged is the application's
    // view.
    let data: Vec<u8> = (0..8 << 20).map(|i: u32| (i % 253) as u8).collect();
    let acknowledged = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(mc.join("precious"))?;
        f.write_all(&data)?;
        f.sync_all()
    })()
    .is_ok();
    let status_ok = env.rdc(&["repo", "status", "c"]).code == 0;
    let down = env.rdc(&["repo", "down", "c", "--unmount"]);
    let down_ok = down.code == 0;
    assert!(
        !is_mounted(&mc),
        "down --unmount left c mounted: {}",
        down.stderr
    );
    eprintln!(
        "acknowledged: {acknowledged}, status ok: {status_ok}, down ok: {down_ok} ({})",
        down.stderr.trim()
    );
    if acknowledged && status_ok && down_ok {
        // Everyone said it went well: the data must be there.
        let _ = Command::new("rm").arg("-f").arg(ma.join("fill")).status();
        env.rdc(&["repo", "up", "c", "--mount"]).ok();
        let back = std::fs::read(mc.join("precious")).unwrap_or_default();
        assert!(
            back == data,
            "an acknowledged write was lost while every command succeeded"
        );
    } else if !down_ok {
        assert!(
            down.stderr.contains("filesystem"),
            "down failed without naming the filesystem: {}",
            down.stderr
        );
    }
    for r in ["a", "b"] {
        let _ = env.rdc(&["repo", "down", r, "--unmount"]);
    }
}
