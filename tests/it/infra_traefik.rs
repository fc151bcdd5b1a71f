//! The rendered static configuration, loaded by the real Traefik 3.7 binary.

use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::process::Command;
use std::time::Duration;

use crate::common::{Env, Proc, curl, traefik_bin, wait_for};

/// The tests whose Traefik binds `[::1]` (the one IPv6 loopback address; entrypoints use
/// reusePort, so two would share it): one at a time.
static V6: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn v6() -> std::sync::MutexGuard<'static, ()> {
    V6.lock().unwrap_or_else(|p| p.into_inner())
}

/// `render-infra m` into the test's directory: where the machine's files are (its prefix
/// inside the output).
fn rendered(env: &Env) -> std::path::PathBuf {
    let out = env.path().join("rendered");
    env.rdc(&[
        "context",
        "render-infra",
        "m",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    out.join(env.path().join("server").strip_prefix("/").unwrap())
}

/// Public IPv4 127.0.0.2 and IPv6 ::1: Traefik must start, bind every rendered entrypoint,
/// redirect `web` to https (a token is set) and answer /ping on the loopback entrypoint.
#[test]
#[cfg_attr(
    rdc_missing_traefik,
    ignore = "requires Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn traefik_accepts_the_rendered_static_config() {
    let _v6 = v6();
    let env = Env::new().with_machine();
    env.set_infra(
        "m",
        &[
            "--public-ipv4",
            "127.0.0.2",
            "--public-ipv6",
            "::1",
            "--base-domain",
            "example.test",
            "--cert-email",
            "ops@example.test",
            "--tcp-ports",
            "2525,4465",
            "--udp-ports",
            "5353",
            "--route-listen",
            "127.0.0.2:7111",
            "--admin-listen",
            "127.0.0.2:7112",
        ],
    )
    .ok();
    env.rdc_stdin(
        &["context", "set-infra", "m", "--cf-dns-token", "-"],
        "dummy-token\n",
    )
    .ok();
    let prefix = env.path().join("server");
    let root = rendered(&env);
    let yml = root.join("etc/rediacc/proxy/traefik.yml");
    let rendered: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(&yml).unwrap()).unwrap();
    let eps = rendered["entryPoints"].as_object().unwrap().clone();
    // 2 web + 7 pre-configured TCP + 11 dynamic + 2 extra TCP + 2 UDP, per family; plus traefik.
    assert_eq!(eps.len(), 2 * (2 + 7 + 11 + 2 + 2) + 1, "{:?}", eps.keys());
    std::fs::create_dir_all(prefix.join("var/lib/rediacc/proxy")).unwrap();

    let mut cmd = Command::new(traefik_bin());
    cmd.arg(format!("--configFile={}", yml.display()))
        .env("CF_DNS_API_TOKEN", "dummy-token")
        .current_dir(env.path());
    let mut traefik = Proc::spawn("traefik", cmd, env.path().join("traefik.log"));

    wait_for("traefik /ping", Duration::from_secs(20), || {
        let (status, body) = curl("http://127.0.0.2:7112/ping", None);
        (status == 200 && body.ends_with("OK")).then_some(())
    });
    for (name, ep) in &eps {
        let addr = ep["address"].as_str().unwrap();
        if let Some(udp) = addr.strip_suffix("/udp") {
            let a: SocketAddr = udp.parse().unwrap();
            // Traefik holds the UDP port: binding it again must fail.
            let err =
                UdpSocket::bind(a).expect_err(&format!("{name} ({udp}) is not bound by Traefik"));
            assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse, "{name}");
        } else {
            let a: SocketAddr = addr.parse().unwrap();
            TcpStream::connect_timeout(&a, Duration::from_secs(2)).unwrap_or_else(|e| {
                panic!(
                    "{name} ({addr}) is not listening: {e}\n{}",
                    traefik.log_text()
                )
            });
        }
    }
    let (status, text) = curl("http://127.0.0.2/some/path?x=1", Some("app.example.test"));
    assert_eq!(status, 301, "{text}");
    assert!(
        text.contains("Location: https://app.example.test/some/path?x=1"),
        "{text}"
    );
    let (status, _) = curl("http://[::1]/", Some("app.example.test"));
    assert_eq!(status, 301);
    // Still up after all that, and it loaded our file (not a default one).
    std::thread::sleep(Duration::from_millis(500));
    assert!(traefik.alive(), "traefik exited:\n{}", traefik.log_text());
    let log = traefik.log_text();
    assert!(
        !log.contains("level=error") && !log.contains(" ERR "),
        "{log}"
    );
    // Every entrypoint says what to do with aliased header names: no warning at start.
    assert!(!log.contains("aliasHeadersStrategy"), "{log}");
    traefik.stop();
}

/// Without a token there is no certificate resolver, and `web` serves plain HTTP (404 from
/// Traefik for an unknown host, not a redirect).
#[test]
#[cfg_attr(
    rdc_missing_traefik,
    ignore = "requires Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn without_token_web_is_plain_http() {
    let env = Env::new().with_machine();
    env.set_infra(
        "m",
        &[
            "--public-ipv4",
            "127.0.0.4",
            "--route-listen",
            "127.0.0.4:7111",
            "--admin-listen",
            "127.0.0.4:7112",
        ],
    )
    .ok();
    let yml = rendered(&env).join("etc/rediacc/proxy/traefik.yml");
    let mut cmd = Command::new(traefik_bin());
    cmd.arg(format!("--configFile={}", yml.display()))
        .current_dir(env.path());
    let mut traefik = Proc::spawn("traefik", cmd, env.path().join("traefik.log"));
    wait_for("traefik /ping", Duration::from_secs(20), || {
        (curl("http://127.0.0.4:7112/ping", None).0 == 200).then_some(())
    });
    assert_eq!(curl("http://127.0.0.4/", Some("x.example.test")).0, 404);
    assert!(traefik.alive());
    // Only the configured family: no IPv6 twin, no wildcard address.
    let text = std::fs::read_to_string(&yml).unwrap();
    assert!(!text.contains("-v6") && !text.contains("0.0.0.0") && !text.contains("[::]"));
    traefik.stop();
}

/// HTTP-01 (an ACME e-mail and no Cloudflare token): the static config Traefik loads has an
/// `httpChallenge` resolver on `web`, Traefik's challenge router is on `web`, and an automatic
/// route (rendered by the route server from a container) asks for the resolver, without a
/// wildcard — read back through Traefik's API. Let's Encrypt is never reached: the test points
/// the resolver at a closed loopback port (issuance needs the internet).
#[test]
#[cfg_attr(
    rdc_missing_traefik,
    ignore = "requires Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn http01_answers_on_web_and_automatic_routes_ask_for_it() {
    let _v6 = v6();
    let ip = "127.0.0.6";
    let env = Env::new().with_machine();
    env.set_infra(
        "m",
        &[
            "--public-ipv4",
            ip,
            "--public-ipv6",
            "::1",
            "--base-domain",
            "example.test",
            "--cert-email",
            "ops@example.test",
            "--route-listen",
            &format!("{ip}:7111"),
            "--admin-listen",
            &format!("{ip}:7112"),
        ],
    )
    .ok();
    env.rdc(&["context", "show-infra", "m"])
        .ok()
        .stdout_has("HTTP-01 on port 80: one certificate per host");
    let prefix = env.path().join("server");
    let root = rendered(&env);
    let yml = root.join("etc/rediacc/proxy/traefik.yml");
    let text = std::fs::read_to_string(&yml).unwrap();
    let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let acme = &v["certificatesResolvers"]["letsencrypt"]["acme"];
    assert_eq!(acme["httpChallenge"]["entryPoint"], "web", "{text}");
    assert!(acme["dnsChallenge"].is_null(), "{text}");
    // Keep every request on loopback: the resolver's CA is a closed local port.
    let local = env.path().join("traefik.yml");
    std::fs::write(
        &local,
        text.replace(
            "keyType: EC256",
            "keyType: EC256\n      caServer: http://127.0.0.1:9/directory",
        ),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&local)
            .unwrap()
            .contains("caServer")
    );
    std::fs::create_dir_all(prefix.join("var/lib/rediacc/proxy")).unwrap();
    // The route server's answer for one container, served where Traefik polls.
    let c = env.path().join("c.json");
    std::fs::write(
        &c,
        r#"[{"Id": "aaaaaaaaaaaa1", "Name": "/web", "State": {"Status": "running", "Running": true},
   "Config": {"Labels": {"rediacc.service_name": "web", "rediacc.service_ip": "127.0.11.2", "rediacc.network_id": "2816"}}}]"#,
    )
    .unwrap();
    let router_toml = root.join("etc/rediacc/router.toml");
    let routes = env
        .rdc(&[
            "route-server",
            "--config",
            router_toml.to_str().unwrap(),
            "render",
            "--containers",
            c.to_str().unwrap(),
        ])
        .ok()
        .stdout;
    assert!(
        routes.contains("certResolver: letsencrypt") && !routes.contains("*.example.test"),
        "{routes}"
    );
    let www = env.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("routes.yaml"), &routes).unwrap();
    let mut http = Command::new("python3");
    http.args(["-m", "http.server", "7111", "--bind", ip, "--directory"])
        .arg(&www);
    let mut server = Proc::spawn("http.server", http, env.path().join("http.log"));
    let mut cmd = Command::new(traefik_bin());
    cmd.arg(format!("--configFile={}", local.display()))
        .current_dir(env.path());
    let mut traefik = Proc::spawn("traefik", cmd, env.path().join("traefik.log"));
    let api = format!("http://{ip}:7112/api/http/routers");
    // (Traefik names a router per entrypoint when its entrypoints carry TLS settings:
    // `websecure-rdc-auto-web-2816@http`.)
    let routers = wait_for(
        "the automatic route in Traefik's API",
        Duration::from_secs(20),
        || {
            let (s, text) = curl(&api, None);
            let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
            let v: serde_json::Value = serde_json::from_str(body).ok()?;
            let auto: Vec<serde_json::Value> = v
                .as_array()?
                .iter()
                .filter(|r| {
                    r["name"]
                        .as_str()
                        .is_some_and(|n| n.ends_with("rdc-auto-web-2816@http"))
                })
                .cloned()
                .collect();
            (s == 200 && auto.len() == 2).then_some(auto)
        },
    );
    for r in &routers {
        assert_eq!(r["status"], "enabled", "{r}");
        assert_eq!(r["tls"]["certResolver"], "letsencrypt", "{r}");
        assert!(
            r["tls"]["domains"].is_null(),
            "no wildcard under HTTP-01: {r}"
        );
    }
    let (s, body) = curl(&format!("{api}/acme-http@internal"), None);
    assert_eq!(s, 200, "Traefik's challenge router: {body}");
    assert!(body.contains("\"web\""), "{body}");
    // Dual stack: the challenge path of web-v6 goes to the same handler, and Traefik takes it.
    let (s, body) = curl(&format!("{api}/rdc-acme-http-v6@http"), None);
    assert!(
        s == 200 && body.contains("\"status\":\"enabled\""),
        "{body}"
    );
    assert!(body.contains("acme-http@internal"), "{body}");
    assert!(traefik.alive(), "{}", traefik.log_text());
    traefik.stop();
    server.stop();
}
