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

/// A test server with a btrfs datastore and a running repository `app` (`--no-encrypt`: LUKS
/// needs device-mapper, absent here), its mount and image.
struct Fixture {
    // Dropped in this order: the server's mounts and daemons first, then sshd, then the
    // directory that held them (it cannot be removed while the datastore is mounted in it).
    _cleanup: ServerCleanup,
    _sshd: crate::common::Sshd,
    env: crate::common::Env,
    ds: PathBuf,
    mount: PathBuf,
    image: PathBuf,
    guid: String,
}

/// rdc pushed to `machine` (installed under `prefix`, Traefik linked in) and its datastore a
/// btrfs of its own (a sparse 1 GB image `img` in the test's directory, loop-mounted); the
/// datastore's path.
fn install(env: &crate::common::Env, machine: &str, prefix: &Path, img: &str) -> PathBuf {
    let bin = prefix.join("usr/local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(traefik_bin(), bin.join("traefik")).unwrap();
    env.rdc(&["context", "push-infra", machine, "--yes"]).ok();
    let ds = prefix.join("mnt/rediacc");
    std::fs::create_dir_all(&ds).unwrap();
    let img = env.path().join(img);
    std::fs::File::create(&img)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    sh(Command::new("mkfs.btrfs").args(["-q"]).arg(&img));
    sh(Command::new("mount")
        .args(["-o", "loop"])
        .arg(&img)
        .arg(&ds));
    ds
}

fn fixture(ip: &str) -> Fixture {
    fixture_from(ip, None)
}

/// [`fixture`] whose repository is made from `from` (default: a Rediaccfile that runs nothing).
fn fixture_from(ip: &str, from: Option<&Path>) -> Fixture {
    let Server {
        env,
        sshd,
        prefix: server,
    } = Server::new(ip, "srv", &["--base-domain", "example.com"]);
    let cleanup = ServerCleanup(server.clone());
    let ds = install(&env, "m", &server, "datastore.img");
    let src = match from {
        Some(dir) => dir.to_path_buf(),
        None => {
            let src = env.path().join("src");
            std::fs::create_dir_all(&src).unwrap();
            std::fs::write(src.join("Rediaccfile"), "up() { :; }\ndown() { :; }\n").unwrap();
            src
        }
    };
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
    Fixture {
        mount: PathBuf::from(st["mount"].as_str().unwrap()),
        image: PathBuf::from(st["image"].as_str().unwrap()),
        guid: st["guid"].as_str().unwrap().to_string(),
        env,
        _sshd: sshd,
        _cleanup: cleanup,
        ds,
    }
}

impl Fixture {
    /// A second machine `m2` of the context on the same sshd (its own prefix, route server
    /// address and btrfs datastore, rdc pushed); cleaned up with the test's directory.
    fn second_machine(&self, ip: &str) -> ServerCleanup {
        let env = &self.env;
        let prefix = env.path().join("srv2");
        env.rdc(&[
            "context",
            "add-machine",
            "m2",
            "--ip",
            "127.0.0.1",
            "--port",
            &self._sshd.port.to_string(),
            "--user",
            "root",
            "--prefix",
            prefix.to_str().unwrap(),
            "--service-manager",
            "none",
        ])
        .ok();
        let (route, admin) = (format!("{ip}:7111"), format!("{ip}:7112"));
        env.rdc(&[
            "context",
            "set-infra",
            "m2",
            "--public-ipv4",
            ip,
            "--route-listen",
            &route,
            "--admin-listen",
            &admin,
            "--base-domain",
            "example.org",
        ])
        .ok();
        env.rdc(&["context", "scan-keys", "m2"]).ok();
        let cleanup = ServerCleanup(prefix.clone());
        install(env, "m2", &prefix, "datastore2.img");
        cleanup
    }

    /// The disk is lost: the image and the machine's own snapshots.
    fn lose_the_image(&self) {
        self.env.rdc(&["repo", "down", "app", "--unmount"]).ok();
        std::fs::remove_file(&self.image).unwrap();
        let snaps = self.ds.join("backups").join(&self.guid).join("snaps");
        for sub in std::fs::read_dir(snaps).unwrap().flatten() {
            sh(Command::new("btrfs")
                .args(["subvolume", "delete"])
                .arg(sub.path()));
        }
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
    let f = fixture(IP);
    let (env, mount, image) = (&f.env, &f.mount, &f.image);
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

    // An SFTP storage (the test sshd itself): a chain of its own, full the first time.
    let nas = env.path().join("nas");
    env.rdc(&[
        "context",
        "storage",
        "add",
        "nas",
        "--type",
        "sftp",
        "--path",
        nas.to_str().unwrap(),
        "--option",
        "host=127.0.0.1",
        "--option",
        &format!("port={}", f._sshd.port),
        "--option",
        "user=root",
        "--option",
        &format!("key_file={}", f._sshd.client_key.display()),
    ])
    .ok();
    let n1 = env
        .rdc(&[
            "repo", "push", "app", "--to", "nas", "--tag", "n1", "-o", "json",
        ])
        .ok()
        .json();
    assert!(n1["entry"]["base"].is_null(), "{n1}");
    assert!(nas.join(&f.guid).join("n1.json").is_file());

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
    f.lose_the_image();
    // A tampered stream is refused before anything is used.
    let stored = store.join(&f.guid);
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
    // An encrypted repository whose credential this config does not hold: refused with the
    // reason before anything is asked of the machine (the config as a laptop without it has it).
    let config = env.read_config();
    assert!(config.contains("encrypted = false"), "{config}");
    std::fs::write(
        env.config(),
        config.replace("encrypted = false", "encrypted = true"),
    )
    .unwrap();
    env.rdc(&["repo", "pull", "app", "--from", "loc"])
        .code(2)
        .stderr_has("holds no credential for it")
        .stderr_has("nothing was pulled");
    assert!(!image.exists());
    std::fs::write(env.config(), &config).unwrap();
    env.rdc(&["repo", "pull", "app", "--from", "loc", "--tag", "nope"])
        .code(3)
        .stderr_has("no backup \"nope\"")
        .stderr_has("one, two");
    let pulled = env
        .rdc(&[
            "repo", "pull", "app", "--from", "loc", "--verify", "-o", "json",
        ])
        .ok()
        .json();
    assert_eq!(pulled["tag"], "two", "{pulled}");
    // --verify re-read both streams of the chain and the whole image.
    let image_len = std::fs::metadata(image).unwrap().len();
    assert!(
        pulled["verified_bytes"].as_u64().unwrap() > image_len,
        "{pulled}"
    );
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

/// moto's S3 server on a free loopback port, stopped when dropped.
struct S3 {
    child: std::process::Child,
    port: u16,
}

impl S3 {
    fn start() -> S3 {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(crate::common::repo_root().join(".tools/venv/bin/moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let s = S3 { child, port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "moto_server did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        s
    }
}

impl Drop for S3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[cfg_attr(
    any(
        rdc_missing_sshd,
        rdc_missing_dockerd,
        rdc_missing_btrfs,
        rdc_missing_rclone,
        rdc_missing_moto
    ),
    ignore = "requires sshd, dockerd, btrfs-progs, rclone and moto (tests/it/requires.rs; scripts/test installs them)"
)]
fn an_s3_storage_holds_the_chain_and_gives_it_back() {
    // The example's containers bind network 2816's addresses, as the repo tests' do.
    let _exclusive = crate::repo::shared_addresses();
    let s3 = S3::start();
    let f = fixture_from(
        "127.0.0.76",
        Some(&crate::common::repo_root().join("examples/full-example")),
    );
    let env = &f.env;
    // The bucket, versioned: moto answers a multipart upload into an unversioned bucket with
    // version id "null" and then refuses a HEAD of that version (real S3 accepts it).
    let conf = env.path().join("moto-rclone.conf");
    std::fs::write(
        &conf,
        format!(
            "[s3]\ntype = s3\nprovider = Other\nendpoint = http://127.0.0.1:{}\naccess_key_id = test\nsecret_access_key = test\n",
            s3.port
        ),
    )
    .unwrap();
    for args in [
        vec!["mkdir", "s3:rdc-test"],
        vec!["backend", "versioning", "s3:rdc-test", "Enabled"],
    ] {
        sh(Command::new("rclone")
            .arg("--config")
            .arg(&conf)
            .args(&args)
            .env_remove("AWS_CA_BUNDLE"));
    }
    env.rdc_stdin(
        &[
            "context",
            "storage",
            "add",
            "s3",
            "--type",
            "s3",
            "--path",
            "rdc-test",
            "--option",
            "provider=Other",
            "--option",
            &format!("endpoint=http://127.0.0.1:{}", s3.port),
            "--option",
            "access_key_id=test",
            "--option",
            "secret_access_key=-",
        ],
        "test\n",
    )
    .ok();
    write_random(&f.mount.join("a.bin"), 16, 4);
    // A writer appends checksummed records all through both pushes.
    let writer = Writer::start(&f.mount.join("log.bin"));
    let one = env
        .rdc(&[
            "repo", "push", "app", "--to", "s3", "--tag", "one", "-o", "json",
        ])
        .ok()
        .json();
    assert!(one["entry"]["bytes"].as_u64().unwrap() > 16 << 20, "{one}");
    write_random(&f.mount.join("b.bin"), 4, 5);
    let two = env
        .rdc(&[
            "repo", "push", "app", "--to", "s3", "--tag", "two", "-o", "json",
        ])
        .ok()
        .json();
    assert_eq!(two["entry"]["base"], "one", "{two}");
    assert!(
        two["entry"]["bytes"].as_u64().unwrap() <= (4 << 20) * 13 / 10 + (4 << 20),
        "{two}"
    );
    let written = writer.stop();
    let (a, b) = (sha(&f.mount.join("a.bin")), sha(&f.mount.join("b.bin")));
    // The machine is lost; the repository comes back on another one, up, with its files.
    f.lose_the_image();
    let _m2 = f.second_machine("127.0.0.77");
    // m2 holds another context's repository with app's network id (2816): app gets a free id
    // there, and its services' addresses follow.
    let theirs = env.path().join("srv2/mnt/rediacc/repositories");
    std::fs::create_dir_all(&theirs).unwrap();
    let other = "0b0e0f0a-0000-4000-8000-000000000001";
    std::fs::File::create(theirs.join(format!("{other}.img")))
        .unwrap()
        .set_len(1 << 20)
        .unwrap();
    std::fs::write(
        theirs.join(format!("{other}.json")),
        format!(
            r#"{{"name":"theirs","guid":"{other}","network_id":2816,"encrypted":true,"created":0}}"#
        ),
    )
    .unwrap();
    // m2's route server and Traefik run; Cloudflare (a local server speaking its API) has the
    // record rdc made for app on m.
    let srv2 = env.path().join("srv2");
    let logs = env.path().join("logs2");
    std::fs::create_dir_all(&logs).unwrap();
    let services = crate::common::start_pushed_services(&srv2, &logs);
    let cf = crate::dns::FakeCf::start();
    cf.add_zone("z1", "example.com");
    cf.add_zone("z2", "example.org");
    cf.add_record(
        "z1",
        "A",
        "app.example.com",
        "127.0.0.76",
        Some("managed by rdc for machine m"),
    );
    env.rdc_stdin(
        &["context", "set-infra", "m2", "--cf-dns-token", "-"],
        &format!("{}\n", crate::dns::TOKEN),
    )
    .ok();
    let args = [
        "repo", "pull", "app", "--from", "s3", "-m", "m2", "--up", "--dns", "--yes", "-o", "json",
    ];
    let out = crate::common::Out::from(
        env.cmd()
            .env("RDC_CLOUDFLARE_API", &cf.base)
            .args(args)
            .output()
            .unwrap(),
        &args,
    )
    .ok();
    // The record follows the repository to m2, marked for m2 from now on.
    let table = cf.table();
    assert!(
        table.contains(&"A app.example.com 127.0.0.77".to_string()),
        "{table:?}\n{}",
        out.stderr
    );
    assert_eq!(
        cf.comment("A", "app.example.com").as_deref(),
        Some("managed by rdc for machine m2")
    );
    assert!(
        out.stderr
            .contains("network id 2816 is taken on m2 by another repository; app gets 2880"),
        "{}",
        out.stderr
    );
    let pulled = out.json();
    assert_eq!(
        pulled["received"],
        serde_json::json!(["one", "two"]),
        "{pulled}"
    );
    let st = env
        .rdc(&["repo", "status", "app", "-o", "json"])
        .ok()
        .json();
    assert_eq!(st["daemon_running"], true, "{st}");
    assert_eq!(st["network_id"], 2880, "{st}");
    assert_eq!(
        st["services"],
        serde_json::json!([["postgres", "127.0.11.66"], ["webapp", "127.0.11.67"]]),
        "{st}"
    );
    let mount2 = PathBuf::from(st["mount"].as_str().unwrap());
    assert!(mount2.starts_with(f.env.path().join("srv2")), "{st}");
    let list = env.rdc(&["repo", "list", "-o", "json"]).ok().json();
    assert_eq!(list[0]["machine"], "m2", "the record moved: {list}");
    assert_eq!(sha(&mount2.join("a.bin")), a);
    assert_eq!(sha(&mount2.join("b.bin")), b);
    // The writer's file as of backup "two": whole records only, each checking, none missing.
    let records = Writer::check(&mount2.join("log.bin"));
    assert!(
        records > 0 && records <= written,
        "{records} records restored of {written} written"
    );
    // The application answers through m2's Traefik (its route server found the containers).
    crate::common::wait_for(
        "app.example.com through m2's Traefik",
        std::time::Duration::from_secs(30),
        || {
            let (code, body) = crate::common::curl_args(&[
                "-s",
                "-i",
                "--max-time",
                "5",
                "--resolve",
                "app.example.com:80:127.0.0.77",
                "http://app.example.com/",
            ]);
            (code == 200 && body.contains("webapp: hello from app")).then_some(())
        },
    );
    drop(services);
    between_machines(&f, &mount2);
}

/// Appends 4 KiB records (a sequence number, filler, the sha256 of both) to a file, one
/// `write` each, until stopped: a crash-consistent snapshot holds whole records only.
struct Writer {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<u64>,
}

const RECORD: usize = 4096;

impl Writer {
    fn record(seq: u64) -> Vec<u8> {
        let mut r = vec![0u8; RECORD];
        r[..8].copy_from_slice(&seq.to_le_bytes());
        for (i, b) in r[8..RECORD - 32].iter_mut().enumerate() {
            *b = (seq as usize).wrapping_mul(31).wrapping_add(i) as u8;
        }
        let h = Sha256::digest(&r[..RECORD - 32]);
        r[RECORD - 32..].copy_from_slice(&h);
        r
    }

    fn start(path: &Path) -> Writer {
        use std::io::Write;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        let s = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut seq = 0u64;
            // Bounded: at most 60 s, whatever happens to the test.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while !s.load(std::sync::atomic::Ordering::SeqCst)
                && std::time::Instant::now() < deadline
            {
                f.write_all(&Writer::record(seq)).unwrap();
                seq += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            seq
        });
        Writer { stop, thread }
    }

    /// Stop; how many records were written.
    fn stop(self) -> u64 {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.thread.join().unwrap()
    }

    /// Every record of `path` whole, in sequence, checking; how many.
    fn check(path: &Path) -> u64 {
        let data = std::fs::read(path).unwrap();
        assert_eq!(data.len() % RECORD, 0, "a torn record at the end");
        for (i, r) in data.chunks(RECORD).enumerate() {
            assert_eq!(r, Writer::record(i as u64).as_slice(), "record {i}");
        }
        (data.len() / RECORD) as u64
    }
}

/// The repository (up on m2, its image lost on m) copied between the two machines through the
/// laptop: full, then incremental; a copy whose receiver or sender is killed mid-stream leaves
/// m's image as it was and a re-run finishes; then it moves back to m and comes up whole.
fn between_machines(f: &Fixture, mount2: &Path) {
    let env = &f.env;
    env.rdc(&["repo", "push", "app", "--to-machine", "nope"])
        .code(3)
        .stderr_has("nope");
    let c1 = env
        .rdc(&[
            "repo",
            "push",
            "app",
            "--to-machine",
            "m",
            "--tag",
            "c1",
            "-o",
            "json",
        ])
        .ok()
        .stderr_has("stays on m2")
        .json();
    assert!(c1["entry"]["base"].is_null(), "{c1}");
    assert!(c1["entry"]["bytes"].as_u64().unwrap() > 16 << 20, "{c1}");
    assert!(f.image.is_file(), "the image is in place on m");
    write_random(&mount2.join("c.bin"), 4, 8);
    let c2 = env
        .rdc(&[
            "repo",
            "push",
            "app",
            "--to-machine",
            "m",
            "--tag",
            "c2",
            "-o",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(c2["entry"]["base"], "c1", "{c2}");
    assert!(
        c2["entry"]["bytes"].as_u64().unwrap() <= (4 << 20) * 13 / 10 + (4 << 20),
        "{c2}"
    );
    // Killed mid-stream, the receiver (on m) and then the sender (on m2): m keeps its image.
    write_random(&mount2.join("d.bin"), 24, 9);
    let before = sha(&f.image);
    let m_ds = f.ds.to_string_lossy().into_owned();
    let m2_dir = env.path().join("srv2").to_string_lossy().into_owned();
    // The error names the end that broke, not the other end's consequence of it.
    for (prog, marker, says) in [
        (
            "btrfs receive",
            &m_ds,
            "app on m: btrfs receive of c3 failed",
        ),
        ("btrfs send", &m2_dir, "app on m2: btrfs send failed"),
    ] {
        let out = killed_mid_stream(
            env,
            &["repo", "push", "app", "--to-machine", "m", "--tag", "c3"],
            prog,
            marker,
        );
        assert!(
            !out.status.success(),
            "the copy with a killed {prog} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or_default();
        assert!(last.contains(says), "{prog}: {err}");
        assert_eq!(sha(&f.image), before, "m's image after a killed {prog}");
    }
    let c3 = env
        .rdc(&[
            "repo",
            "push",
            "app",
            "--to-machine",
            "m",
            "--tag",
            "c3",
            "-o",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(c3["entry"]["base"], "c2", "the re-run is incremental: {c3}");
    let want: Vec<(String, String)> = ["a.bin", "b.bin", "c.bin", "d.bin"]
        .iter()
        .map(|n| (n.to_string(), sha(&mount2.join(n))))
        .collect();
    // A copy onto the machine where the repository is mounted is refused, nothing changed.
    env.rdc(&["repo", "pull", "app", "--from-machine", "m"])
        .code(2)
        .stderr_has("is mounted on m2");
    // Back to m: the record moves, m2 keeps its copy (stopped here: it is the same application).
    env.rdc(&["repo", "down", "app", "--unmount"]).ok();
    let back = env
        .rdc(&[
            "repo",
            "pull",
            "app",
            "--from-machine",
            "m2",
            "-m",
            "m",
            "--up",
            "-o",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(back["entry"]["base"], "c3", "{back}");
    let list = env.rdc(&["repo", "list", "-o", "json"]).ok().json();
    assert_eq!(list[0]["machine"], "m", "the record moved back: {list}");
    for (n, h) in &want {
        assert_eq!(&sha(&f.mount.join(n)), h, "{n} on m");
    }
    env.rdc(&["repo", "pull", "app", "--from-machine", "m"])
        .code(2)
        .stderr_has("a copy needs two machines");
    env.rdc(&["repo", "down", "app", "--unmount"]).ok();
}

/// Kill -9 the first process whose command line starts with `prog` and mentions `marker` (a path
/// unique to this test), as soon as it shows up while `rdc` runs; whether one was killed.
fn kill_when_seen(child: &mut std::process::Child, prog: &str, marker: &str) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        for d in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = d.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let cmd = std::fs::read(d.path().join("cmdline")).unwrap_or_default();
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.starts_with(prog) && cmd.contains(marker) {
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
                return true;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

/// Run rdc with `args`, kill -9 `prog` (its command line mentioning `marker`) as soon as it
/// runs, and give rdc's output; the kill must have happened.
fn killed_mid_stream(
    env: &crate::common::Env,
    args: &[&str],
    prog: &str,
    marker: &str,
) -> std::process::Output {
    let mut child = env
        .cmd()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let killed = kill_when_seen(&mut child, prog, marker);
    let out = child.wait_with_output().unwrap();
    assert!(killed, "{prog} was never seen running");
    out
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
fn a_transfer_killed_mid_stream_leaves_the_previous_state_and_a_rerun_finishes() {
    let f = fixture("127.0.0.78");
    let env = &f.env;
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
    write_random(&f.mount.join("a.bin"), 24, 6);
    // --stop: the services are down for the snapshot (no freeze then) and up again after.
    let one = env
        .rdc(&[
            "repo", "push", "app", "--to", "loc", "--tag", "one", "--stop", "-o", "json",
        ])
        .ok()
        .json();
    let st = env
        .rdc(&["repo", "status", "app", "-o", "json"])
        .ok()
        .json();
    assert_eq!(
        st["daemon_running"], true,
        "up again after --stop: {st} {one}"
    );
    write_random(&f.mount.join("big.bin"), 150, 7);
    // Markers unique to this test: other tests' processes are never touched.
    let ds = f.ds.to_string_lossy().into_owned();
    let st = format!("rcat loc:{}", store.display());
    let stored = store.join(&f.guid);
    // The sender (btrfs send) and then the storage's writer (rclone rcat) killed mid-stream.
    for (prog, marker) in [("btrfs send", ds.as_str()), ("rclone", st.as_str())] {
        let out = killed_mid_stream(
            env,
            &["repo", "push", "app", "--to", "loc", "--tag", "two"],
            prog,
            marker,
        );
        assert!(!out.status.success(), "the push of a killed {prog} failed");
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
        assert_eq!(tags, ["one"], "after a killed {prog}");
        assert!(!stored.join("two.json").exists() && !stored.join("two.btrfs").exists());
    }
    // The re-run finishes the job, incrementally against what the storage has.
    let two = env
        .rdc(&[
            "repo", "push", "app", "--to", "loc", "--tag", "two", "-o", "json",
        ])
        .ok()
        .json();
    assert_eq!(two["entry"]["base"], "one", "{two}");
    // Two pushes at once are serialized by the repository's lock: whichever goes second is
    // incremental against the first.
    write_random(&f.mount.join("more.bin"), 8, 10);
    let both: Vec<std::process::Child> = ["p1", "p2"]
        .iter()
        .map(|tag| {
            env.cmd()
                .args([
                    "repo", "push", "app", "--to", "loc", "--tag", tag, "-o", "json",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut bases = std::collections::BTreeMap::new();
    for c in both {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        bases.insert(
            j["entry"]["tag"].as_str().unwrap().to_string(),
            j["entry"]["base"].as_str().unwrap().to_string(),
        );
    }
    assert!(
        (bases["p1"] == "two" && bases["p2"] == "p1")
            || (bases["p2"] == "two" && bases["p1"] == "p2"),
        "{bases:?}"
    );
    let want = sha(&f.mount.join("big.bin"));
    // A storage that refuses the credentials: one line naming what rclone said.
    let stranger = env.path().join("stranger_key");
    sh(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&stranger));
    env.rdc(&[
        "context",
        "storage",
        "add",
        "wrong",
        "--type",
        "sftp",
        "--option",
        "host=127.0.0.1",
        "--option",
        &format!("port={}", f._sshd.port),
        "--option",
        "user=root",
        "--option",
        &format!("key_file={}", stranger.display()),
    ])
    .ok();
    env.rdc(&["repo", "backups", "app", "--from", "wrong"])
        .code(6)
        .stderr_has("listing the backups: rclone says:");
    f.lose_the_image();
    // A base that vanished from the storage: refused by name, nothing restored.
    let one = stored.join("one.json");
    let aside = env.path().join("one.json.aside");
    std::fs::rename(&one, &aside).unwrap();
    env.rdc(&["repo", "pull", "app", "--from", "loc"])
        .code(3)
        .stderr_has("needs \"one\", which is not in the storage any more");
    assert!(!f.image.exists());
    std::fs::rename(&aside, &one).unwrap();
    env.rdc(&["repo", "pull", "app", "--from", "loc", "--up"])
        .ok();
    assert_eq!(sha(&f.mount.join("big.bin")), want);
    env.rdc(&["repo", "down", "app", "--unmount"]).ok();
}
