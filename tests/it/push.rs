//! `rdc context push-infra` against a real sshd on 127.0.0.1, installing under a temporary
//! prefix. systemd is not PID 1 here, so pushes use `--service-manager none` (files only), and
//! the systemd plan is checked with `--dry-run`; the end-to-end test starts the services exactly
//! as the pushed units say.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::common::{
    Dockerd, Env, Server, Sshd, all_cmdlines, curl, start_pushed_services, traefik_bin, wait_for,
};

const TOKEN: &str = "cf-token-SECRET-7f3a9c";

struct Setup {
    env: Env,
    sshd: Sshd,
    /// The machine's install prefix (the "server").
    server: PathBuf,
    stub: PathBuf,
}

/// A machine reachable through a real sshd (see `common::Server`), the token optional.
fn setup(ip: &str, token: bool) -> Setup {
    let Server {
        env,
        sshd,
        prefix: server,
    } = Server::new(ip, "server", &["--base-domain", "example.test"]);
    // Without a token there is no ACME e-mail either: an e-mail alone turns TLS on (HTTP-01),
    // and no test may reach Let's Encrypt.
    if token {
        env.rdc(&[
            "context",
            "set-infra",
            "m",
            "--cert-email",
            "ops@example.test",
        ])
        .ok();
        env.rdc_stdin(
            &["context", "set-infra", "m", "--cf-dns-token", "-"],
            &format!("{TOKEN}\n"),
        )
        .ok();
    }
    // Small stand-ins for the binaries where the test does not run them.
    let stub = env.path().join("stub-bin");
    std::fs::copy("/bin/true", &stub).unwrap();
    Setup {
        env,
        sshd,
        server,
        stub,
    }
}

impl Setup {
    fn push(&self, extra: &[&str]) -> crate::common::Out {
        let mut args = vec![
            "context",
            "push-infra",
            "m",
            "--rdc-binary",
            self.stub.to_str().unwrap(),
            "--traefik-binary",
            self.stub.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        self.env.rdc(&args)
    }

    /// Every file under the prefix: path → (mode, bytes).
    fn tree(&self) -> BTreeMap<PathBuf, (u32, Vec<u8>)> {
        fn walk(d: &Path, out: &mut BTreeMap<PathBuf, (u32, Vec<u8>)>) {
            let Ok(rd) = std::fs::read_dir(d) else { return };
            for e in rd.flatten() {
                let p = e.path();
                let m = std::fs::symlink_metadata(&p).unwrap();
                if m.is_dir() {
                    walk(&p, out);
                } else {
                    out.insert(
                        p.clone(),
                        (
                            m.permissions().mode() & 0o7777,
                            std::fs::read(&p).unwrap_or_default(),
                        ),
                    );
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.server, &mut out);
        out
    }

    /// The files push-infra should install, as render-infra writes them.
    fn rendered(&self) -> BTreeMap<String, Vec<u8>> {
        let out = self.env.path().join("rendered");
        let _ = std::fs::remove_dir_all(&out);
        self.env
            .rdc(&[
                "context",
                "render-infra",
                "m",
                "--out",
                out.to_str().unwrap(),
            ])
            .ok();
        let root = out.join(self.server.strip_prefix("/").unwrap());
        let mut m = BTreeMap::new();
        for rel in [
            "etc/rediacc/proxy/traefik.yml",
            "etc/rediacc/proxy/traefik.env",
            "etc/rediacc/router.toml",
            "etc/systemd/system/rediacc-router.service",
            "etc/systemd/system/rediacc-proxy.service",
        ] {
            m.insert(rel.to_string(), std::fs::read(root.join(rel)).unwrap());
        }
        m
    }
}

#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn first_push_installs_second_is_a_no_op_and_no_secret_leaks() {
    let s = setup("127.0.0.60", true);
    // Watch every process's argv while the push runs.
    let stop = Arc::new(AtomicBool::new(false));
    let leaked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let watcher = {
        let (stop, leaked) = (stop.clone(), leaked.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                for c in all_cmdlines() {
                    if c.contains(TOKEN) {
                        leaked.lock().unwrap().push(c);
                    }
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let first = s.push(&["--yes"]).ok();
    let json = s.push(&["--yes", "-o", "json"]).ok();
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    assert!(
        leaked.lock().unwrap().is_empty(),
        "token in argv: {:?}",
        leaked.lock().unwrap()
    );
    for text in [&first.stdout, &first.stderr, &json.stdout, &json.stderr] {
        assert!(!text.contains(TOKEN), "token printed:\n{text}");
    }
    assert!(
        first.stdout.contains("new        ")
            && first.stdout.contains("traefik.env  (0600, secret)"),
        "{}",
        first.stdout
    );
    assert!(
        first.stdout.contains("+CF_DNS_API_TOKEN=***"),
        "{}",
        first.stdout
    );

    // Every file with the rendered contents and the right mode.
    let tree = s.tree();
    for (rel, bytes) in s.rendered() {
        let (mode, got) = &tree[&s.server.join(&rel)];
        assert_eq!(got, &bytes, "{rel}");
        let want = if rel.ends_with("traefik.env") {
            0o600
        } else {
            0o644
        };
        assert_eq!(*mode, want, "{rel}");
    }
    assert_eq!(tree[&s.server.join("usr/local/bin/rdc")].0, 0o755);
    assert_eq!(tree[&s.server.join("usr/local/bin/traefik")].0, 0o755);
    assert!(
        std::fs::read_to_string(s.server.join("etc/rediacc/proxy/traefik.env"))
            .unwrap()
            .contains(TOKEN)
    );
    assert!(
        s.server.join("var/lib/rediacc/router").is_dir()
            && s.server.join("var/run/rediacc").is_dir()
    );

    // The second push found nothing to do (JSON), and a third says so in words.
    let j = json.json();
    assert_eq!(j["result"]["status"], "up-to-date", "{j}");
    assert!(
        j["plan"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["action"] == "unchanged")
    );
    let before = s.tree();
    let mtime = std::fs::metadata(s.server.join("etc/rediacc/router.toml"))
        .unwrap()
        .modified()
        .unwrap();
    s.push(&["--yes"])
        .ok()
        .stderr_has("up to date: nothing uploaded, nothing restarted");
    assert_eq!(s.tree(), before);
    assert_eq!(
        std::fs::metadata(s.server.join("etc/rediacc/router.toml"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );
}

#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn dry_run_plans_tcp_port_change_as_traefik_only() {
    let s = setup("127.0.0.62", false);
    // Before the first push-infra there is no rdc on the machine: said, with the command (not
    // "lost the connection").
    s.env
        .rdc(&[
            "repo",
            "create",
            "early",
            "-m",
            "m",
            "--size",
            "200M",
            "--no-encrypt",
        ])
        .code(2)
        .stderr_has("rdc is not installed on m")
        .stderr_has("install it with: rdc context push-infra m");
    assert!(!s.env.read_config().contains("early"), "nothing recorded");
    s.env
        .rdc(&["context", "status"])
        .ok()
        .stdout_has("rdc is not installed; install it with: rdc context push-infra m");
    s.push(&["--yes"]).ok();
    s.env
        .rdc(&[
            "context",
            "set-machine",
            "m",
            "--service-manager",
            "systemd",
        ])
        .ok();
    s.env.set_infra("m", &["--tcp-ports", "2525"]).ok();
    let before = s.tree();
    let out = s.push(&["--dry-run", "-o", "json"]).ok();
    let j = out.json();
    let changed: Vec<&str> = j["plan"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["action"] != "unchanged")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // router.toml learns the port too; the route server re-reads it without a restart.
    assert_eq!(
        changed,
        vec![
            s.server
                .join("etc/rediacc/proxy/traefik.yml")
                .to_str()
                .unwrap(),
            s.server.join("etc/rediacc/router.toml").to_str().unwrap()
        ]
    );
    assert_eq!(
        j["plan"]["restarts"],
        serde_json::json!([{"unit": "rediacc-proxy.service", "enable": false, "reload": true}])
    );
    assert_eq!(j["plan"]["daemon_reload"], false);
    assert!(j["diff"].as_str().unwrap().contains("+  tcp-2525:"), "{j}");
    assert_eq!(j["result"]["status"], "dry-run");
    // Dry run: the server is untouched.
    assert_eq!(s.tree(), before);
    // Without a terminal and without --yes, an apply is refused and changes nothing.
    s.env
        .rdc(&["context", "set-machine", "m", "--service-manager", "none"])
        .ok();
    s.push(&[]).code(7).stderr_has("--yes");
    assert_eq!(s.tree(), before);
}

/// A push that fails half-way (a destination that cannot be replaced) restores every file it
/// had already replaced: nothing is left half old, half new.
#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn failed_push_rolls_back() {
    let s = setup("127.0.0.63", false);
    s.push(&["--yes"]).ok();
    let before = s.tree();
    // Make router.toml impossible to write: a directory where its temporary file goes.
    let blocker = s.server.join("etc/rediacc/router.toml.rdc-tmp");
    std::fs::create_dir_all(blocker.join("x")).unwrap();
    s.env
        .set_infra(
            "m",
            &[
                "--tcp-ports",
                "2525",
                "--base-domain",
                "changed.example.test",
            ],
        )
        .ok();
    let out = s.push(&["--yes"]).code(6);
    assert!(out.stderr.contains("rolled back"), "{}", out.stderr);
    // traefik.yml was replaced before router.toml failed; it is back to the old version.
    let after = s.tree();
    let yml = s.server.join("etc/rediacc/proxy/traefik.yml");
    assert_eq!(after[&yml], before[&yml]);
    let rt = s.server.join("etc/rediacc/router.toml");
    assert_eq!(after[&rt], before[&rt]);
    let leftovers: Vec<_> = after
        .keys()
        .filter(|p| p.to_string_lossy().contains(".rdc-tmp") && !p.starts_with(&blocker))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The connection dies in the middle of the upload: every server file is the old or the new
/// version, never a mix (each is written to a temporary name and renamed).
#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn cut_connection_leaves_every_file_old_or_new() {
    let mut s = setup("127.0.0.64", false);
    // A large binary makes the upload take long enough to cut it.
    let big_old = s.env.path().join("big-old");
    let big_new = s.env.path().join("big-new");
    let blob: Vec<u8> = (0..48 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&big_old, &blob).unwrap();
    let mut blob2 = blob.clone();
    blob2.extend_from_slice(b"new version");
    std::fs::write(&big_new, &blob2).unwrap();
    s.env
        .rdc(&[
            "context",
            "push-infra",
            "m",
            "--yes",
            "--rdc-binary",
            big_old.to_str().unwrap(),
            "--traefik-binary",
            s.stub.to_str().unwrap(),
        ])
        .ok();
    let old = s.tree();
    s.env
        .set_infra(
            "m",
            &["--tcp-ports", "2525", "--base-domain", "new.example.test"],
        )
        .ok();
    let mut child = s
        .env
        .cmd()
        .args([
            "context",
            "push-infra",
            "m",
            "--yes",
            "--rdc-binary",
            big_new.to_str().unwrap(),
            "--traefik-binary",
            s.stub.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let tmp = s.server.join("usr/local/bin/rdc.rdc-tmp");
    wait_for("the upload to start", Duration::from_secs(30), || {
        tmp.exists().then_some(())
    });
    s.sshd.kill_all();
    let status = wait_for("push to give up", Duration::from_secs(60), || {
        child.try_wait().unwrap()
    });
    assert!(!status.success());
    let after = s.tree();
    let rendered_new = s.rendered();
    for (path, (_, bytes)) in &after {
        let name = path.to_string_lossy();
        // The server's lock file says who held it last (the push was killed holding it).
        if name.ends_with(".rdc-tmp")
            || name.ends_with(".rdc-prev")
            || name.ends_with("server.lock")
        {
            continue;
        }
        let is_old = old.get(path).is_some_and(|(_, b)| b == bytes);
        let rel = path
            .strip_prefix(&s.server)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let is_new = rendered_new.get(&rel).is_some_and(|b| b == bytes)
            || (rel == "usr/local/bin/rdc" && *bytes == blob2);
        assert!(
            is_old || is_new,
            "{name} is neither the old nor the new version ({} bytes)",
            bytes.len()
        );
    }
}

/// Push (service manager none), start the route server and Traefik exactly as the pushed units
/// say, run a labelled container on a real dockerd, get 200 through Traefik.
#[test]
#[cfg_attr(
    any(rdc_missing_sshd, rdc_missing_dockerd, rdc_missing_traefik),
    ignore = "requires sshd, dockerd and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn end_to_end_push_then_route() {
    let ip = "127.0.0.61";
    let s = setup(ip, false);
    // Traefik is "installed" on the server beforehand; the real rdc is pushed.
    let bin = s.server.join("usr/local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(traefik_bin(), bin.join("traefik")).unwrap();
    // A cloud that NATs the public address: it is on no interface of the server, so Traefik
    // could not bind it. Refused before anything changes, with the flag to set; with the
    // server's own address as the bind address, Traefik binds it and serves (below).
    s.env
        .set_infra("m", &["--public-ipv4", "198.51.100.61"])
        .ok();
    s.env
        .rdc(&["context", "push-infra", "m", "--yes"])
        .code(2)
        .stderr_has("the public address 198.51.100.61 is not on any interface of m")
        .stderr_has("rdc context set-infra m --bind-ipv4");
    assert!(!s.server.join("etc/rediacc/proxy/traefik.yml").exists());
    s.env.set_infra("m", &["--bind-ipv4", ip]).ok();
    s.env.rdc(&["context", "push-infra", "m", "--yes"]).ok();
    let yml = std::fs::read_to_string(s.server.join("etc/rediacc/proxy/traefik.yml")).unwrap();
    assert!(yml.contains(&format!("address: {ip}:80")) && !yml.contains("198.51.100.61"));
    // Compared by size and content without printing megabytes of bytes on failure.
    let (pushed, local) = (
        std::fs::read(bin.join("rdc")).unwrap(),
        std::fs::read(crate::common::rdc_bin()).unwrap(),
    );
    assert!(
        pushed == local,
        "the pushed rdc ({} bytes) differs from the local one ({} bytes)",
        pushed.len(),
        local.len()
    );

    let procs = start_pushed_services(&s.server, s.env.path());
    // The status table sees what runs there.
    let st = wait_for(
        "the route server in status",
        Duration::from_secs(20),
        || {
            let j = s.env.rdc(&["context", "status", "-o", "json"]).ok().json();
            (j[0]["overview"]["router_healthy"] == true).then_some(j)
        },
    );
    assert_eq!(st[0]["machine"], "m");
    assert_eq!(st[0]["reachable"], true);
    assert_eq!(st[0]["overview"]["traefik"], "3.7.15");
    assert_eq!(st[0]["overview"]["version"], env!("CARGO_PKG_VERSION"));
    s.env
        .rdc(&["context", "status"])
        .ok()
        .stdout_has("MACHINE")
        .stdout_has("healthy");
    let d = Dockerd::start(
        &s.env.path().join("d"),
        &s.server.join("var/run/rediacc/docker-2816.sock"),
    );
    d.import_busybox();
    d.docker_ok(&[
        "run",
        "-d",
        "--name",
        "web",
        "--network",
        "host",
        "-l",
        "rediacc.service_name=web",
        "-l",
        "rediacc.service_ip=127.0.11.2",
        "-l",
        "rediacc.network_id=2816",
        "-l",
        "rediacc.service_port=8080",
        "rdc-test/busybox:1",
        "/bin/httpd",
        "-f",
        "-p",
        "127.0.11.2:8080",
        "-h",
        "/www",
    ]);
    let text = wait_for(
        "200 through the pushed Traefik",
        Duration::from_secs(30),
        || {
            let (status, text) = curl(&format!("http://{ip}/"), Some("web-2816.example.test"));
            (status == 200).then_some(text)
        },
    );
    assert!(text.ends_with("hello\n"));
    for mut p in procs {
        assert!(p.alive(), "{} died:\n{}", p.name, p.log_text());
        p.stop();
    }
}

/// Each way a connection can fail is one line naming the machine and the fix (exit 5).
#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn connection_errors_name_the_machine_and_the_fix() {
    let s = setup("127.0.0.65", false);
    let port = s.sshd.port.to_string();
    // A host key that was never pinned (and is not in ~/.ssh/known_hosts).
    s.env
        .rdc(&[
            "context",
            "add-machine",
            "unpinned",
            "--ip",
            "127.0.0.1",
            "--port",
            &port,
            "--user",
            "root",
            "--service-manager",
            "none",
        ])
        .ok();
    s.env
        .set_infra("unpinned", &["--public-ipv4", "127.0.0.65"])
        .ok();
    s.env
        .rdc(&["context", "push-infra", "unpinned", "--dry-run"])
        .code(5)
        .stderr_has("rdc: cannot connect to unpinned (root@127.0.0.1:")
        .stderr_has("rdc context scan-keys unpinned");
    // Nothing listening.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    s.env
        .rdc(&[
            "context",
            "add-machine",
            "down",
            "--ip",
            "127.0.0.1",
            "--port",
            &closed,
            "--user",
            "root",
        ])
        .ok();
    s.env
        .set_infra("down", &["--public-ipv4", "127.0.0.65"])
        .ok();
    s.env
        .rdc(&["context", "push-infra", "down", "--dry-run"])
        .code(5)
        .stderr_has("connection refused")
        .stderr_has("rdc context set-machine down --port");
    // A key the server does not accept.
    let other = s.env.path().join("other_key");
    assert!(
        std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", ""])
            .arg("-f")
            .arg(&other)
            .status()
            .unwrap()
            .success()
    );
    s.env
        .rdc(&["context", "set-ssh", "--ssh-key", other.to_str().unwrap()])
        .ok();
    s.env
        .rdc(&["context", "push-infra", "m", "--dry-run"])
        .code(5)
        .stderr_has("m (root@127.0.0.1:")
        .stderr_has("refused our SSH key");
    s.env
        .rdc(&[
            "context",
            "set-ssh",
            "--ssh-key",
            s.sshd.client_key.to_str().unwrap(),
        ])
        .ok();
    // A user without passwordless sudo (a real account, removed afterwards).
    let user = "rdc-it-nosudo";
    // Left by an earlier run that was killed: remove it quietly.
    if std::process::Command::new("id")
        .arg(user)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        let _ = std::process::Command::new("userdel").arg(user).status();
    }
    assert!(
        std::process::Command::new("useradd")
            .args(["-M", "-p", "*", "-s", "/bin/sh", user])
            .status()
            .unwrap()
            .success()
    );
    struct DelUser(&'static str);
    impl Drop for DelUser {
        fn drop(&mut self) {
            let _ = std::process::Command::new("userdel")
                .arg(self.0)
                .stderr(Stdio::null())
                .status();
        }
    }
    let _del = DelUser(user);
    s.env
        .rdc(&["context", "set-machine", "m", "--user", user])
        .ok();
    s.env
        .rdc(&["context", "push-infra", "m", "--dry-run"])
        .code(5)
        .stderr_has(&format!(
            "user {user} on m cannot use sudo without a password"
        ));
}

/// Modes and owners are part of what a push installs: a secret file chmodded and chowned by hand
/// is put back by the next push, and no copy of a secret survives a push (a rotated token, an
/// unset one).
#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn modes_are_restored_and_no_secret_copy_survives() {
    use std::os::unix::fs::MetadataExt;
    let s = setup("127.0.0.64", true);
    s.push(&["--yes"]).ok();
    let env_file = s.server.join("etc/rediacc/proxy/traefik.env");
    let prev = s.server.join("etc/rediacc/proxy/traefik.env.rdc-prev");
    std::fs::set_permissions(&env_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::chown(&env_file, Some(65534), Some(65534)).unwrap();
    let out = s.push(&["--dry-run"]).ok();
    assert!(
        out.stdout
            .contains("mode 0644 -> 0600, owner 65534:65534 -> root"),
        "{}",
        out.stdout
    );
    s.push(&["--yes"]).ok();
    let meta = std::fs::metadata(&env_file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600);
    assert_eq!((meta.uid(), meta.gid()), (0, 0));
    assert!(!prev.exists(), "a copy of the secret file was kept");
    // The next push has nothing to do.
    s.push(&[]).ok().stderr_has("is up to date");

    // Rotate the token: the old one is nowhere on the server afterwards.
    s.env
        .rdc_stdin(
            &["context", "set-infra", "m", "--cf-dns-token", "-"],
            "rotated-token-value\n",
        )
        .ok();
    s.push(&["--yes"]).ok();
    let holds_old: Vec<PathBuf> = s
        .tree()
        .into_iter()
        .filter(|(_, (_, bytes))| bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()))
        .map(|(p, _)| p)
        .collect();
    assert!(
        holds_old.is_empty(),
        "the old token survives in {holds_old:?}"
    );
    assert!(!prev.exists());
    // A copy left by an older rdc is removed by the next push.
    std::fs::write(&prev, "CF_DNS_API_TOKEN=left-by-an-old-push\n").unwrap();
    let out = s.push(&["--yes"]).ok();
    assert!(
        out.stdout.contains("an old copy of a secret"),
        "{}",
        out.stdout
    );
    assert!(!prev.exists());
}

/// Two push-infra at once from two laptops (two configs) never interleave: the server's lock
/// makes a second push wait, saying so, or with `--no-wait` fail having changed nothing; when
/// both wait, each runs whole, and the server ends in one config's state (`traefik.yml` and
/// `traefik.env` from the same one).
#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn two_pushes_at_once_never_interleave() {
    use std::os::fd::AsRawFd;
    let s = setup("127.0.0.71", true);
    s.push(&["--yes"]).ok();
    // Laptop B: the same context, another port and another token.
    let b_cfg = s.env.path().join("cfg-b").join("config.toml");
    std::fs::create_dir_all(b_cfg.parent().unwrap()).unwrap();
    std::fs::copy(s.env.config(), &b_cfg).unwrap();
    let b = |args: &[&str]| {
        let mut c = s.env.cmd();
        c.env("RDC_CONFIG", &b_cfg).args(args);
        c
    };
    const TOKEN_B: &str = "cf-token-OTHER-11b2e0";
    s.env.set_infra("m", &["--tcp-ports", "2525"]).ok();
    assert!(
        b(&["context", "set-infra", "m", "--tcp-ports", "2526"])
            .status()
            .unwrap()
            .success()
    );
    {
        use std::io::Write;
        let mut child = b(&["context", "set-infra", "m", "--cf-dns-token", "-"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{TOKEN_B}").unwrap();
        assert!(child.wait().unwrap().success());
    }
    let push_args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "context",
            "push-infra",
            "m",
            "--yes",
            "--rdc-binary",
            s.stub.to_str().unwrap(),
            "--traefik-binary",
            s.stub.to_str().unwrap(),
        ]
        .iter()
        .map(|x| x.to_string())
        .collect();
        v.extend(extra.iter().map(|x| x.to_string()));
        v
    };
    // A third party holds the server's lock (as a running push would).
    let lock_path = s.server.join("var/lib/rediacc/server.lock");
    let held = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&lock_path)
        .unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX) }, 0);
    let before = s.tree();
    // B with --no-wait: refused at once, nothing changed.
    let out = b(&[]).args(push_args(&["--no-wait"])).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("busy with another operation"), "{err}");
    assert_eq!(s.tree(), before, "a refused push changed the server");
    // A and B both wait.
    let spawn = |mut c: Command| {
        c.args(push_args(&[]))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut a_cmd = s.env.cmd();
    a_cmd.env("RDC_CONFIG", s.env.config());
    let pa = spawn(a_cmd);
    let pb = spawn(b(&[]));
    // Both reach the lock: two remote lock holders waiting (their command lines name it).
    crate::common::wait_for(
        "both pushes waiting for the lock",
        Duration::from_secs(60),
        || {
            let waiting = std::fs::read_dir("/proc")
                .unwrap()
                .flatten()
                .filter(|e| {
                    // The lock's own shell: its arguments are the lock and the operation (the
                    // login shell around it has them inside one argument).
                    std::fs::read(e.path().join("cmdline")).is_ok_and(|c| {
                        let args: Vec<&[u8]> = c.split(|b| *b == 0).collect();
                        args.contains(&lock_path.to_str().unwrap().as_bytes())
                            && args.contains(&b"push-infra".as_slice())
                    })
                })
                .count();
            (waiting >= 2).then_some(())
        },
    );
    assert_eq!(s.tree(), before, "a waiting push changed the server");
    drop(held);
    let (oa, ob) = (
        pa.wait_with_output().unwrap(),
        pb.wait_with_output().unwrap(),
    );
    for (who, o) in [("A", &oa), ("B", &ob)] {
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{who}: {err}");
        assert!(
            err.contains("waiting for another operation"),
            "{who}: {err}"
        );
    }
    let yml = std::fs::read_to_string(s.server.join("etc/rediacc/proxy/traefik.yml")).unwrap();
    let env = std::fs::read_to_string(s.server.join("etc/rediacc/proxy/traefik.env")).unwrap();
    let a_state = yml.contains("2525") && !yml.contains("2526") && env.contains(TOKEN);
    let b_state = yml.contains("2526") && !yml.contains("2525") && env.contains(TOKEN_B);
    assert!(
        a_state ^ b_state,
        "a mixed server: traefik.yml {yml}\ntraefik.env {env}"
    );
    // Released: the lock file no longer names a holder.
    assert_eq!(std::fs::read_to_string(&lock_path).unwrap(), "");
}
