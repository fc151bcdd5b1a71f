//! The networking guide's files, unchanged, on a real server (sshd, dockerd, btrfs, the pushed
//! route server and Traefik): the complete example with its Rediaccfile byte for byte (`renet
//! compose`), the student 3-tier lab reaching its services by name, and the commands that look
//! inside a repository (`ps`, `logs`, `exec`, `restart`, `list --live`).
//!
//! No registry is reachable here: the images are busybox stand-ins imported into each
//! repository's daemon under the names the compose files use, as an operator of an offline
//! server would load them.

use std::path::Path;
use std::time::Duration;

use crate::common::{ServerCleanup, repo_root, start_pushed_services, status, wait_for};
use crate::repo::{docker, machine};

const IP: &str = "127.0.0.80";

/// Import a busybox image named `tag` into repository `id`'s daemon, with `files` (path,
/// contents; `cgi-bin/` files executable) and `cmd` run by `sh -c`.
fn standin(server: &Path, id: u32, tag: &str, files: &[(&str, &str)], cmd: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("rootfs");
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::create_dir_all(root.join("www")).unwrap();
    std::fs::create_dir_all(root.join("etc")).unwrap();
    let busybox = ["/bin/busybox", "/usr/bin/busybox"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap();
    std::fs::copy(busybox, root.join("bin/busybox")).unwrap();
    for c in [
        "sh", "httpd", "wget", "sleep", "sed", "cat", "echo", "hostname",
    ] {
        std::os::unix::fs::symlink("busybox", root.join("bin").join(c)).unwrap();
    }
    for (p, text) in files {
        let f = root.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(&f, text).unwrap();
        if p.contains("cgi-bin/") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let tar = dir.path().join("image.tar");
    assert!(
        std::process::Command::new("tar")
            .arg("-C")
            .arg(&root)
            .arg("-cf")
            .arg(&tar)
            .arg(".")
            .status()
            .unwrap()
            .success()
    );
    // `ENTRYPOINT:` makes the shell the entrypoint (the compose file's `command:` then only
    // adds arguments it ignores), else it is the default command.
    let (what, cmd) = match cmd.strip_prefix("ENTRYPOINT:") {
        Some(c) => ("ENTRYPOINT", c),
        None => ("CMD", cmd),
    };
    let change = format!(
        "{what} [\"/bin/sh\", \"-c\", {}]",
        serde_json::to_string(cmd).unwrap()
    );
    docker(
        server,
        id,
        &["import", "--change", &change, tar.to_str().unwrap(), tag],
    );
    assert!(
        !docker(server, id, &["image", "inspect", "-f", "{{.Id}}", tag]).is_empty(),
        "{tag} was not imported"
    );
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
fn the_guides_files_run_unchanged_and_repositories_can_be_looked_into() {
    let m = machine();
    let env = &m.env;
    let _cleanup = ServerCleanup(m.server.clone());
    let procs = start_pushed_services(&m.server, env.path());
    // push-infra installed `renet` next to rdc.
    assert_eq!(
        std::fs::read_link(m.server.join("usr/local/bin/renet")).unwrap(),
        Path::new("rdc")
    );

    // The guide's complete example, byte for byte.
    let example = repo_root().join("examples/guide-example");
    let rf = std::fs::read_to_string(example.join("Rediaccfile")).unwrap();
    assert!(rf.contains("renet compose -- up -d"), "{rf}");
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
    .ok();
    // No registry: the first up stops at `renet compose -- pull`, nothing started.
    env.rdc(&["repo", "up", "my-app", "--mount"])
        .code(6)
        .stderr_has("prep() in . failed");
    standin(
        &m.server,
        2816,
        "myregistry/webapp:latest",
        &[("www/index.html", "webapp: hello from the guide\n")],
        "exec httpd -f -p \"$LISTEN_ADDR\" -h /www",
    );
    standin(
        &m.server,
        2816,
        "postgres:17",
        &[],
        "ENTRYPOINT:exec sleep 2147483647",
    );
    // The images are there now: pull warns, and the guide's up() starts both services. The
    // machine has no TLS: the router asking for letsencrypt is served on web, and `up` says so.
    env.rdc(&["repo", "up", "my-app"])
        .ok()
        .stderr_has("every image is already on this server")
        .stderr_has("changed: my-app_webapp_1: http router webapp-2816: served on web as plain HTTP: it asks for the certificate resolver letsencrypt, and this machine has no TLS configured");
    let text = wait_for(
        "app.example.com through Traefik (plain HTTP: no TLS here)",
        Duration::from_secs(30),
        || {
            let (s, t) = app();
            (s == 200).then_some(t)
        },
    );
    assert!(text.contains("webapp: hello from the guide"), "{text}");
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

    // Looking inside.
    let ps = env.rdc(&["repo", "ps", "my-app", "-o", "json"]).ok().json();
    let rows = ps.as_array().unwrap();
    let web = rows.iter().find(|r| r["service"] == "webapp").unwrap();
    assert_eq!(web["state"], "running", "{ps}");
    assert_eq!(web["ip"], "127.0.11.3");
    assert!(
        web["routes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("Host(`app.example.com`)")),
        "{ps}"
    );
    assert!(rows.iter().any(|r| r["service"] == "postgres"));
    let table = env.rdc(&["repo", "ps", "my-app"]).ok();
    assert!(table.stdout.contains("SERVICE"), "{}", table.stdout);
    let host = docker(
        &m.server,
        2816,
        &["inspect", "-f", "{{.Config.Hostname}}", "my-app_webapp_1"],
    );
    env.rdc(&[
        "repo",
        "exec",
        "my-app",
        "webapp",
        "--",
        "cat",
        "/etc/hostname",
    ])
    .ok()
    .stdout_has(&host);
    env.rdc(&["repo", "exec", "my-app", "nope", "--", "true"])
        .code(3)
        .stderr_has("no service nope in this repository (its services: postgres, webapp)");
    // A command's exit code comes back.
    assert_eq!(
        env.rdc(&[
            "repo", "exec", "my-app", "webapp", "--", "sh", "-c", "exit 7"
        ])
        .code,
        7
    );
    docker(
        &m.server,
        2816,
        &[
            "exec",
            "my-app_webapp_1",
            "sh",
            "-c",
            "echo marker-line >> /proc/1/fd/1",
        ],
    );
    // A service that logged nothing: said, not a silent success.
    let quiet = env.rdc(&["repo", "logs", "my-app", "postgres"]).ok();
    assert!(quiet.stdout.is_empty(), "{}", quiet.stdout);
    quiet.stderr_has("service postgres of my-app wrote no log lines");
    let logs = env
        .rdc(&["repo", "logs", "my-app", "webapp", "--tail", "5"])
        .ok();
    assert!(logs.stdout.contains("marker-line"), "{}", logs.stdout);
    let before = docker(
        &m.server,
        2816,
        &["inspect", "-f", "{{.Id}}", "my-app_webapp_1"],
    );
    env.rdc(&["repo", "restart", "my-app", "webapp"])
        .ok()
        .stderr_has("recreated webapp");
    let after = docker(
        &m.server,
        2816,
        &["inspect", "-f", "{{.Id}}", "my-app_webapp_1"],
    );
    assert_ne!(before, after, "webapp was not recreated");
    wait_for("app after the restart", Duration::from_secs(30), || {
        (app().0 == 200).then_some(())
    });

    // The student lab: compose file as written (networks, ports, a named volume, names). The
    // stand-ins listen as the real images do, on every address (MariaDB's default, Flask's
    // 0.0.0.0:5000, nginx's `listen 80;`): the kernel gives each its service address.
    let lab = repo_root().join("examples/student-lab");
    env.rdc(&[
        "repo",
        "create",
        "lab",
        "-m",
        "m",
        "--size",
        "300M",
        "--no-encrypt",
        "--from",
        lab.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "lab", "--mount"]).code(6);
    standin(
        &m.server,
        2880,
        "mariadb:11",
        &[("www/index.html", "db ok\n")],
        "exec httpd -f -p 3306 -h /www",
    );
    standin(
        &m.server,
        2880,
        "r4zor21/tp-networks-app:latest",
        &[(
            "www/cgi-bin/index",
            "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho \"app: $(wget -qO- http://$DB_HOST:3306/ 2>&1)\"\n",
        )],
        "exec httpd -f -p 5000 -h /www",
    );
    standin(
        &m.server,
        2880,
        "nginx:alpine",
        &[(
            "www/cgi-bin/index",
            "#!/bin/sh\nup=$(sed -n 's/.*proxy_pass \\(http:[^;]*\\);.*/\\1/p' /etc/nginx/conf.d/default.conf)\necho 'Content-Type: text/plain'\necho\necho \"proxy -> $(wget -qO- $up/cgi-bin/index 2>&1)\"\n",
        )],
        "exec httpd -f -p 80 -h /www",
    );
    let up = env.rdc(&["repo", "up", "lab"]).ok();
    assert!(
        up.stderr
            .contains("service names resolve to their loopback addresses"),
        "{}",
        up.stderr
    );
    // The proxy's published "8080:80": its port 80, reachable through its automatic route.
    up.stderr_has("proxy: port 80/tcp is reachable through its HTTP route");
    let url = format!("http://{IP}/cgi-bin/index");
    let body = wait_for(
        "the lab's proxy through Traefik",
        Duration::from_secs(30),
        || {
            let (s, t) = crate::common::curl(&url, Some("proxy-2880.example.com"));
            (s == 200).then_some(t)
        },
    );
    assert!(body.contains("proxy -> app: db ok"), "{body}");
    assert_eq!(status(&url, "proxy-2880.example.com"), 200);

    // A router on an entrypoint the machine does not have: said by `repo up` and /routes.json.
    let extra = crate::repo::write(
        &env.path().join("extra"),
        &[
            ("Rediaccfile", "up() { renet compose -- up -d; }\n"),
            (
                "docker-compose.yml",
                "services:\n  smtp:\n    image: mariadb:11\n    labels:\n      - traefik.enable=true\n      - traefik.tcp.routers.smtp.entrypoints=tcp-2525\n      - traefik.tcp.routers.smtp.rule=HostSNI(`*`)\n      - traefik.tcp.services.smtp.loadbalancer.server.port=25\n",
            ),
        ],
    );
    env.rdc(&[
        "repo",
        "create",
        "extra",
        "-m",
        "m",
        "--size",
        "200M",
        "--no-encrypt",
        "--from",
        extra.to_str().unwrap(),
    ])
    .ok();
    env.rdc(&["repo", "up", "extra", "--mount"]).code(6);
    standin(&m.server, 2944, "mariadb:11", &[], "exec sleep 2147483647");
    env.rdc(&["repo", "up", "extra"])
        .ok()
        .stderr_has("not routed: ")
        .stderr_has("entrypoint tcp-2525 is not defined on this machine")
        .stderr_has("rdc context set-infra m --tcp-ports 2525, then: rdc context push-infra m");
    let routes = crate::common::curl(&format!("http://{IP}:7111/routes.json"), None).1;
    assert!(
        routes.contains("entrypoint tcp-2525 is not defined"),
        "{routes}"
    );
    env.rdc(&["repo", "delete", "extra", "--yes"]).ok();

    // Both repositories as the machine sees them.
    let live = env
        .rdc(&["repo", "list", "--live", "-o", "json"])
        .ok()
        .json();
    let rows = live.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{live}");
    for r in rows {
        assert_eq!(r["state"], "known", "{live}");
        assert_eq!(r["mounted"], true);
        assert_eq!(r["daemon_running"], true);
    }
    let app = rows.iter().find(|r| r["name"] == "my-app").unwrap();
    assert_eq!(app["containers_running"], 2, "{live}");
    assert!(app["routes"].as_u64().unwrap() >= 2, "{live}");
    let lab = rows.iter().find(|r| r["name"] == "lab").unwrap();
    assert_eq!(lab["containers_running"], 3, "{live}");

    for name in ["lab", "my-app"] {
        env.rdc(&["repo", "down", name, "--unmount"]).ok();
    }
    for mut p in procs {
        assert!(p.alive(), "{} died: {}", p.name, p.log_text());
        p.stop();
    }
}
