//! Repositories end to end, over a real sshd with a temporary prefix and datastore: image
//! (btrfs on a loop device), the repository's own dockerd, Rediaccfiles, `rdc compose`, and the
//! pushed route server and Traefik in front. Device-mapper is absent here, so repositories are
//! created with --no-encrypt (the LUKS path is unit-tested, and its refusal is tested below).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{
    Env, Server, ServerCleanup, Sshd, curl, is_mounted, repo_root, start_pushed_services, status,
    traefik_bin, wait_for,
};

const IP: &str = "127.0.0.80";

pub(crate) struct Machine {
    pub env: Env,
    pub sshd: Sshd,
    pub server: PathBuf,
    /// Held until the test ends (declared last: released after everything else is gone).
    _exclusive: std::sync::MutexGuard<'static, ()>,
}

/// Every test on this machine shape binds the same addresses (Traefik on 127.0.0.80 with
/// SO_REUSEPORT, containers on network 2816's 127.0.11.x): one at a time.
static SHARED_ADDRESSES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Hold the addresses every repository with id 2816 binds (its containers on 127.0.11.x).
pub(crate) fn shared_addresses() -> std::sync::MutexGuard<'static, ()> {
    SHARED_ADDRESSES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A Rediaccfile whose prep() builds `t/bb:1` from the server's busybox (serving `page` from
/// /www) in the repository's daemon, and whose up()/down() run compose.
fn busybox_rediaccfile(page: &str) -> String {
    format!(
        r#"prep() {{
    docker image inspect t/bb:1 >/dev/null 2>&1 && return 0
    d=$(mktemp -d); mkdir -p "$d/bin" "$d/www"
    cp "$(command -v busybox)" "$d/bin/busybox"; ln -s busybox "$d/bin/sh"; ln -s busybox "$d/bin/httpd"
    echo {page} > "$d/www/index.html"
    tar -C "$d" -cf - . | docker import - t/bb:1 >/dev/null; rm -rf "$d"
}}
up() {{ rdc compose -- up -d; }}
down() {{ rdc compose -- down; }}
"#
    )
}

/// A machine with the proxy pushed (Traefik pre-installed, the real rdc uploaded).
pub(crate) fn machine() -> Machine {
    crate::requires::require("btrfs");
    let exclusive = SHARED_ADDRESSES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Server {
        env,
        sshd,
        prefix: server,
    } = Server::new(IP, "srv", &["--base-domain", "example.com"]);
    let bin = server.join("usr/local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(traefik_bin(), bin.join("traefik")).unwrap();
    env.rdc(&["context", "push-infra", "m", "--yes"]).ok();
    Machine {
        env,
        sshd,
        server,
        _exclusive: exclusive,
    }
}

pub(crate) fn docker(server: &Path, id: u32, args: &[&str]) -> String {
    let o = std::process::Command::new("docker")
        .env(
            "DOCKER_HOST",
            format!(
                "unix://{}",
                server
                    .join(format!("var/run/rediacc/docker-{id}.sock"))
                    .display()
            ),
        )
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn app() -> (u16, String) {
    let o = std::process::Command::new("curl")
        .args([
            "-sk",
            "-i",
            "--max-time",
            "5",
            "--resolve",
            // No Cloudflare token on the test machine, so no TLS: the router that asks for
            // letsencrypt is served on web as plain HTTP (and reported).
            &format!("app.example.com:80:{IP}"),
            "http://app.example.com/",
        ])
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&o.stdout).to_string();
    let s = t
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (s, t)
}

pub(crate) fn write(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    for (p, c) in files {
        let f = dir.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, c).unwrap();
    }
    dir.to_path_buf()
}

#[test]
#[cfg_attr(
    any(
        rdc_missing_sshd,
        rdc_missing_dockerd,
        rdc_missing_btrfs,
        rdc_missing_traefik
    ),
    ignore = "requires sshd, dockerd, btrfs-progs and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn full_example_end_to_end() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let procs = start_pushed_services(&m.server, env.path());

    // Encryption needs device-mapper; without it creation is refused and nothing is kept.
    let before = env.read_config();
    env.rdc(&["repo", "create", "enc", "-m", "m", "--size", "200M"])
        .code(2)
        .stderr_has("device-mapper")
        .stderr_has("--no-encrypt");
    assert_eq!(
        env.read_config(),
        before,
        "the failed create left a config entry"
    );

    let example = repo_root().join("examples/full-example");
    env.rdc(&[
        "repo",
        "create",
        "my-app",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        example.to_str().unwrap(),
    ])
    .ok()
    .stderr_has("network 2816 = 127.0.11.0/26");
    let up = env
        .rdc(&["repo", "up", "my-app", "--mount", "-o", "json"])
        .ok();
    let s = up.json();
    assert_eq!(s["mounted"], true);
    assert_eq!(s["daemon_running"], true);
    assert_eq!(s["containers_running"], 2, "{s}");
    assert_eq!(
        s["services"],
        serde_json::json!([["postgres", "127.0.11.2"], ["webapp", "127.0.11.3"]])
    );
    // Labels and addresses injected by rdc compose.
    let labels = docker(
        &m.server,
        2816,
        &[
            "inspect",
            "-f",
            "{{json .Config.Labels}}",
            "my-app_webapp_1",
        ],
    );
    let l: serde_json::Value = serde_json::from_str(&labels).unwrap_or_else(|_| panic!("{labels}"));
    assert_eq!(l["rediacc.service_ip"], "127.0.11.3");
    assert_eq!(l["rediacc.network_id"], "2816");
    assert_eq!(l["rediacc.service_name"], "webapp");
    let envs = docker(
        &m.server,
        2816,
        &["inspect", "-f", "{{json .Config.Env}}", "my-app_webapp_1"],
    );
    assert!(
        envs.contains("SERVICE_IP=127.0.11.3")
            && envs.contains("DATABASE_URL=postgresql://app:changeme@127.0.11.2:5432/webapp"),
        "{envs}"
    );
    assert_eq!(
        docker(
            &m.server,
            2816,
            &[
                "inspect",
                "-f",
                "{{.HostConfig.NetworkMode}}",
                "my-app_postgres_1"
            ]
        ),
        "host"
    );

    // https://app.example.com answers through Traefik, with HSTS.
    let text = wait_for(
        "app.example.com through Traefik (plain HTTP: no TLS here)",
        Duration::from_secs(30),
        || {
            let (s, t) = app();
            (s == 200).then_some(t)
        },
    );
    // The HSTS middleware is on the router; Traefik sends the header over HTTPS only, and this
    // machine has no TLS (no Cloudflare token: no certificate can be issued without internet).
    let routes = crate::common::curl(&format!("http://{IP}:7111/routes.json"), None).1;
    assert!(routes.contains("webapp-hsts-2816"), "{routes}");
    assert!(
        !text
            .to_ascii_lowercase()
            .contains("strict-transport-security"),
        "HSTS over plain HTTP: {text}"
    );
    assert!(text.contains("webapp: hello from my-app"), "{text}");
    // postgres has no route of any kind.
    let routes = curl(&format!("http://{IP}:7111/routes.json"), None).1;
    assert!(!routes.contains("postgres-2816.example.com"), "{routes}");
    assert!(
        routes.contains("traefik.enable=false: no route of any kind"),
        "{routes}"
    );

    // A second repository gets the next /26 and its own daemon.
    let shop = repo_root().join("examples/three-tier");
    env.rdc(&[
        "repo",
        "create",
        "shop",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        shop.to_str().unwrap(),
    ])
    .ok()
    .stderr_has("network 2880 = 127.0.11.64/26");
    env.rdc(&["repo", "up", "shop", "--mount"])
        .ok()
        .stderr_has("app: database reachable at 127.0.11.67:3306");
    let shop_url = format!("http://{IP}/");
    wait_for(
        "shop.example.com through Traefik",
        Duration::from_secs(30),
        || (status(&shop_url, "shop.example.com") == 200).then_some(()),
    );
    let list = env.rdc(&["repo", "list", "-o", "json"]).ok().json();
    assert_eq!(list[1]["name"], "shop");
    assert_eq!(list[1]["network"], "127.0.11.64/26");

    // Taking one repository down leaves the other's routes alone.
    let shop_mount = m.server.join(format!(
        "mnt/rediacc/mounts/{}",
        list[1]["guid"].as_str().unwrap()
    ));
    assert!(is_mounted(&shop_mount));
    env.rdc(&["repo", "down", "shop", "--unmount"]).ok();
    assert!(!is_mounted(&shop_mount));
    assert!(!m.server.join("var/run/rediacc/docker-2880.sock").exists());
    wait_for("shop route withdrawn", Duration::from_secs(20), || {
        (status(&shop_url, "shop.example.com") == 404).then_some(())
    });
    assert_eq!(app().0, 200, "my-app lost its route when shop went down");

    // repo status, then down --unmount: routes gone, daemon stopped, image unmounted.
    let st = env.rdc(&["repo", "status", "my-app"]).ok();
    assert!(
        st.stdout
            .contains("encrypted:   NO (created with --no-encrypt)"),
        "{}",
        st.stdout
    );
    let my_mount = m.server.join(format!(
        "mnt/rediacc/mounts/{}",
        list[0]["guid"].as_str().unwrap()
    ));
    env.rdc(&["repo", "down", "my-app", "--unmount"]).ok();
    assert!(!is_mounted(&my_mount));
    assert!(!m.server.join("var/run/rediacc/docker-2816.sock").exists());
    wait_for("app route withdrawn", Duration::from_secs(20), || {
        (app().0 == 404).then_some(())
    });

    // Both at once: every repository of the machine up in parallel, then both down.
    let up = env.rdc(&["repo", "up", "--all", "-m", "m", "--mount"]).ok();
    let rows: Vec<&str> = up
        .stdout
        .lines()
        .filter(|l| l.starts_with("my-app@m") || l.starts_with("shop@m"))
        .collect();
    assert_eq!(rows.len(), 2, "{}", up.stdout);
    assert!(rows.iter().all(|r| r.contains(" up ")), "{rows:?}");
    wait_for(
        "both sites through Traefik",
        Duration::from_secs(30),
        || (app().0 == 200 && status(&shop_url, "shop.example.com") == 200).then_some(()),
    );
    let down = env
        .rdc(&["repo", "down", "shop", "my-app", "--unmount", "-o", "json"])
        .ok()
        .json();
    assert_eq!(down["summary"]["machines"].as_array().unwrap().len(), 2);
    assert!(!is_mounted(&my_mount) && !is_mounted(&shop_mount));
    env.rdc(&["repo", "up", "my-app", "shop", "-m", "nope"])
        .code(3)
        .stderr_has("nope");

    // A service on 8080 with `ports: ["8080:8080"]` and no labels: its automatic route goes to
    // 8080 (rdc compose made the single published port its HTTP port), and up says so.
    let plain = write(
        &env.path().join("plain"),
        &[
            (
                "docker-compose.yml",
                r#"services:
  web:
    image: t/bb:1
    init: true
    ports: ["8080:8080"]
    command: ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"]
  extra:
    image: t/bb:1
    init: true
    ports: ["7000:7000", "7001:7001"]
    command: ["/bin/httpd", "-f", "-p", "7000", "-h", "/www"]
"#,
            ),
            ("Rediaccfile", &busybox_rediaccfile("plain-8080")),
        ],
    );
    env.rdc(&[
        "repo",
        "create",
        "plain",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
        "--from",
        plain.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "plain", "--mount"])
        .ok()
        .stderr_has("web: port 8080/tcp is reachable through its HTTP route")
        .stderr_has("extra: port 7000/tcp is reachable on a dynamic public TCP port");
    // Which public port: `repo ps` names the entrypoint of each TCP route.
    let ps = wait_for(
        "the dynamic ports in repo ps",
        Duration::from_secs(20),
        || {
            let o = env.rdc(&["repo", "ps", "plain"]).ok().stdout;
            (o.matches("on tcp-100").count() == 2).then_some(o)
        },
    );
    assert!(ps.contains("tcp HostSNI(`*`) on tcp-100"), "{ps}");
    let text = wait_for(
        "the automatic route on the published port",
        Duration::from_secs(30),
        || {
            let (s, t) = curl(&format!("http://{IP}/"), Some("web-2944.example.com"));
            (s == 200).then_some(t)
        },
    );
    assert!(text.contains("plain-8080"), "{text}");
    env.rdc(&["repo", "down", "plain", "--unmount"]).ok();
    for mut p in procs {
        assert!(p.alive(), "{} died: {}", p.name, p.log_text());
        p.stop();
    }
}

#[test]
#[cfg_attr(
    any(
        rdc_missing_sshd,
        rdc_missing_dockerd,
        rdc_missing_btrfs,
        rdc_missing_traefik
    ),
    ignore = "requires sshd, dockerd, btrfs-progs and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn failures_are_reported_and_change_nothing() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    // up() fails in a subdirectory: reported, the root and the other subdirectories still ran.
    let flaky = write(
        &env.path().join("flaky"),
        &[
            (
                "Rediaccfile",
                "up() { touch \"$REPOSITORY_PATH/root-up-ran\"; }\n",
            ),
            (
                "a/Rediaccfile",
                "up() { echo failing on purpose >&2; return 4; }\n",
            ),
            (
                "b/Rediaccfile",
                "up() { touch \"$REPOSITORY_PATH/b-up-ran\"; }\n",
            ),
        ],
    );
    env.rdc(&[
        "repo",
        "create",
        "flaky",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
        "--from",
        flaky.to_str().unwrap(),
    ])
    .ok();
    let out = env.rdc(&["repo", "up", "flaky", "--mount"]).code(6);
    assert!(
        out.stderr
            .contains("up() in a (exit 4) failed; the rest ran"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("failing on purpose"));
    let cfg: toml::Value = toml::from_str(&env.read_config()).unwrap();
    let guid = cfg["contexts"]["t"]["repos"]["flaky"]["guid"]
        .as_str()
        .unwrap()
        .to_string();
    let mount = m.server.join(format!("mnt/rediacc/mounts/{guid}"));
    assert!(mount.join("root-up-ran").exists() && mount.join("b-up-ran").exists());
    // up without --mount on an unmounted repository says how to fix it.
    env.rdc(&["repo", "down", "flaky", "--unmount"]).ok();
    env.rdc(&["repo", "up", "flaky"])
        .code(2)
        .stderr_has("rdc repo up flaky --mount");

    // privileged: refused by rdc compose, nothing is created.
    let bad = write(
        &env.path().join("bad"),
        &[
            (
                "docker-compose.yml",
                "services:\n  x:\n    image: rdc-test/none:1\n    privileged: true\n",
            ),
            ("Rediaccfile", "up() { rdc compose -- up -d; }\n"),
        ],
    );
    env.rdc(&[
        "repo",
        "create",
        "bad",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
        "--from",
        bad.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "bad", "--mount"])
        .code(6)
        .stderr_has("refused: service x: privileged: true")
        .stderr_has("--unsafe");
    assert_eq!(
        docker(&m.server, 2944, &["ps", "-aq"]),
        "",
        "a container was created"
    );
    // A compose service without a slot in .rediacc.json (its directory has no Rediaccfile).
    let bad2 = write(
        &env.path().join("bad2"),
        &[
            (
                "docker-compose.yml",
                "services:\n  x:\n    image: rdc-test/none:1\n",
            ),
            (
                "extra/docker-compose.yml",
                "services:\n  ghost:\n    image: rdc-test/none:1\n",
            ),
            (
                "Rediaccfile",
                "up() { cd extra && rdc compose -- up -d; }\n",
            ),
        ],
    );
    env.rdc(&["repo", "sync", "bad", "--from", bad2.to_str().unwrap()])
        .ok();
    env.rdc(&["repo", "up", "bad"])
        .code(6)
        .stderr_has("service ghost has no slot in .rediacc.json");
    assert_eq!(docker(&m.server, 2944, &["ps", "-aq"]), "");
    env.rdc(&["repo", "down", "bad", "--unmount"]).ok();
    // Two of three services die at start: up fails, naming each and its last log lines (it
    // said "up: 1 container(s) running" before).
    let dies = write(
        &env.path().join("dies"),
        &[
            (
                "docker-compose.yml",
                r#"services:
  ok:
    image: t/bb:1
    network_mode: host
    init: true
    command: ["/bin/httpd", "-f", "-p", "${OK_IP}:8080", "-h", "/www"]
  boom:
    image: t/bb:1
    network_mode: host
    command: ["/bin/sh", "-c", "echo boom-at-start >&2; exit 3"]
  quits:
    image: t/bb:1
    network_mode: host
    restart: unless-stopped
    command: ["/bin/sh", "-c", "echo quitting-at-start; exit 0"]
"#,
            ),
            ("Rediaccfile", &busybox_rediaccfile("hi")),
        ],
    );
    env.rdc(&[
        "repo",
        "create",
        "dies",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
        "--from",
        dies.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "dies", "--mount"])
        .code(6)
        .stderr_has("repository dies is up, but 2 services failed at start")
        .stderr_has("service boom exited with code 3 (last log lines: boom-at-start)")
        .stderr_has("service quits")
        .stderr_has("quitting-at-start")
        .stderr_has("rdc repo logs dies SERVICE");
    env.rdc(&["repo", "down", "dies", "--unmount"]).ok();
    // Unknown repository: exit 3 with the known ones.
    env.rdc(&["repo", "up", "nope"])
        .code(3)
        .stderr_has("known: bad, dies, flaky");
}

/// The high-water mark of a process's RSS in kB, while it runs.
fn hwm_kb(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
#[cfg_attr(
    any(
        rdc_missing_sshd,
        rdc_missing_dockerd,
        rdc_missing_btrfs,
        rdc_missing_traefik
    ),
    ignore = "requires sshd, dockerd, btrfs-progs and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn one_operation_at_a_time_and_the_server_rdc_is_never_replaced() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let dir = write(
        &env.path().join("slow"),
        &[("Rediaccfile", "up() { sleep 2; }\n")],
    );
    env.rdc(&[
        "repo",
        "create",
        "lk",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
        "--from",
        dir.to_str().unwrap(),
    ])
    .ok();
    let cfg: toml::Value = toml::from_str(&env.read_config()).unwrap();
    let guid = cfg["contexts"]["t"]["repos"]["lk"]["guid"]
        .as_str()
        .unwrap()
        .to_string();
    let datastore = m.server.join("mnt/rediacc");
    let image = datastore.join(format!("repositories/{guid}.img"));
    let mount = datastore.join(format!("mounts/{guid}"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&image).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Three `up --mount` at once: one mount, the others wait for the lock and find it mounted.
    let outs: Vec<std::process::Output> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    env.cmd()
                        .args(["repo", "up", "lk", "--mount"])
                        .output()
                        .unwrap()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for o in &outs {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(
        outs.iter()
            .any(|o| String::from_utf8_lossy(&o.stderr).contains("waiting for repository lk")),
        "nobody waited"
    );
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    let at = mount.to_string_lossy().to_string();
    let n = info
        .lines()
        .filter(|l| l.split_whitespace().nth(4) == Some(at.as_str()))
        .count();
    assert_eq!(n, 1, "mounted {n} times");
    let loops = std::process::Command::new("losetup")
        .arg("-j")
        .arg(&image)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&loops.stdout).lines().count(), 1);
    assert_eq!(
        std::fs::metadata(&mount).unwrap().permissions().mode() & 0o777,
        0o700
    );

    // --no-wait fails at once while another operation runs.
    let mut busy = env.cmd().args(["repo", "up", "lk"]).spawn().unwrap();
    wait_for(
        "the slow up to hold the lock",
        Duration::from_secs(20),
        || {
            std::fs::read_to_string(datastore.join(format!("repositories/{guid}.lock")))
                .ok()
                .filter(|s| s.starts_with("up by pid"))
                .and_then(|_| {
                    let o = env.rdc(&["repo", "down", "lk", "--no-wait"]);
                    (o.code == 2).then_some(o)
                })
        },
    )
    .stderr_has("repository lk is busy (up by pid");
    assert!(busy.wait().unwrap().success());

    // The server's rdc is never replaced by a repo command; versions are reported.
    let bin = m.server.join("usr/local/bin/rdc");
    let real = m.server.join("usr/local/bin/rdc.real");
    std::fs::rename(&bin, &real).unwrap();
    let fake = |version_answer: &str, repo_answer: &str| {
        let script = format!(
            "#!/bin/sh\nif [ \"$1 $2\" = \"host version\" ]; then {version_answer}; fi\nif [ \"$1 $2\" = \"host repo\" ]; then {repo_answer}; fi\nexec {} \"$@\"\n",
            real.display()
        );
        std::fs::write(&bin, &script).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    };
    let protocol = rdc::contract::host::PROTOCOL;
    let script = fake(
        &format!("echo '{{\"version\":\"0.0.1\",\"protocol\":{protocol}}}'; exit 0"),
        ":",
    );
    env.rdc(&["repo", "status", "lk"])
        .ok()
        .stderr_has("m runs rdc 0.0.1")
        .stderr_has("rdc context push-infra m");
    assert_eq!(std::fs::read_to_string(&bin).unwrap(), script, "replaced");
    for old in [
        format!(
            "echo '{{\"version\":\"0.0.1\",\"protocol\":{}}}'; exit 0",
            protocol + 1
        ),
        "echo 'error: unrecognized subcommand' >&2; exit 2".to_string(),
    ] {
        let script = fake(&old, ":");
        env.rdc(&["repo", "status", "lk"])
            .code(2)
            .stderr_has("upgrade the server with: rdc context push-infra m");
        assert_eq!(std::fs::read_to_string(&bin).unwrap(), script, "replaced");
    }

    // A hostile server: escape sequences on stderr, a 50 MB line, 1 GB on stdout.
    fake(
        &format!("echo '{{\"version\":\"x\",\"protocol\":{protocol}}}'; exit 0"),
        "printf '\\033]0;pwned\\007 title\\n' >&2; head -c 50000000 /dev/zero | tr '\\0' e >&2; echo >&2; head -c 1073741824 /dev/zero; exit 0",
    );
    let mut child = env
        .cmd()
        .args(["repo", "status", "lk"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (out, err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            r.read_to_end(&mut v).unwrap();
            v
        })
    };
    let (out, err) = (read(Box::new(out)), read(Box::new(err)));
    let mut hwm = 0;
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let st = loop {
        if let Some(k) = hwm_kb(pid) {
            hwm = hwm.max(k);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(std::time::Instant::now() < deadline, "rdc did not finish");
        std::thread::sleep(Duration::from_millis(20));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    let err = String::from_utf8_lossy(&err);
    assert!(!st.success());
    assert!(out.len() < 1 << 20, "stdout {} bytes", out.len());
    assert!(err.contains("more than 16 MiB"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{7}'),
        "raw escape reached the terminal"
    );
    assert!(err.contains("\\u{1b}]0;pwned\\u{7} title"), "{err}");
    assert!(err.len() < 64 << 10, "stderr {} bytes", err.len());
    assert!(hwm < 100 * 1024, "laptop RSS peaked at {hwm} kB");
    eprintln!("hostile server: laptop RSS peak {hwm} kB");
    std::fs::rename(&real, &bin).unwrap();
}
