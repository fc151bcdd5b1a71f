//! Conformance of the label schema with the real Traefik: one label for every field our
//! decoder accepts is decoded, turned into what the route server emits, and served to Traefik's
//! HTTP provider. Traefik's decoder is strict (one unknown field rejects the whole body), so if
//! this passes, no label we accept can make Traefik reject our configuration.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::common::{Env, Proc, curl, traefik_bin, wait_for};

/// A minimal HTTP server answering every request with the current body.
fn serve(addr: &str, body: Arc<Mutex<String>>) {
    let l = TcpListener::bind(addr).unwrap();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            let mut buf = [0u8; 4096];
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = s.read(&mut buf);
            let b = body.lock().unwrap().clone();
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
                b.len()
            );
        }
    });
}

/// What the renderer does to servers: label-only `port`/`scheme` become `url`/`address`.
fn as_emitted(mut v: Value) -> Value {
    for proto in ["http", "tcp", "udp"] {
        if let Some(svcs) = v[proto]["services"].as_object_mut() {
            for s in svcs.values_mut() {
                if let Some(servers) = s["loadBalancer"]["servers"].as_array_mut() {
                    for srv in servers {
                        let o = srv.as_object_mut().unwrap();
                        o.remove("port");
                        o.remove("scheme");
                        if proto == "http" {
                            o.entry("url")
                                .or_insert_with(|| "http://127.0.11.2:80".into());
                        } else {
                            o.insert("address".into(), "127.0.11.2:80".into());
                        }
                    }
                }
            }
        }
    }
    v
}

fn count_resources(v: &Value) -> usize {
    ["http", "tcp", "udp"]
        .iter()
        .flat_map(|p| {
            ["routers", "services", "middlewares"]
                .map(|s| v[p][s].as_object().map_or(0, |m| m.len()))
        })
        .sum()
}

#[test]
#[cfg_attr(
    rdc_missing_traefik,
    ignore = "requires Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn traefik_accepts_every_schema_field() {
    let env = Env::new();
    let labels = rdc::route_server::labels::schema::sample_labels();
    assert!(labels.len() > 190);
    let decoded = rdc::route_server::labels::decode(&labels).expect("our own samples decode");
    let config = as_emitted(Value::Object(decoded.root));
    let expected = count_resources(&config);
    // rdc's own final check accepts exactly this document too.
    let whole = rdc::route_server::render::Conf::from_root(config.as_object().unwrap().clone());
    rdc::route_server::render::guard::check_conf(&whole)
        .expect("the guard accepts every schema field");
    let body = Arc::new(Mutex::new(serde_json::to_string(&config).unwrap()));
    let ip = "127.0.0.23";
    serve(&format!("{ip}:7111"), body.clone());
    let conf = env.path().join("traefik.yml");
    std::fs::write(
        &conf,
        format!(
            "entryPoints:\n  web: {{address: \"{ip}:18080\"}}\n  traefik: {{address: \"{ip}:7112\"}}\napi: {{insecure: true}}\nglobal: {{checkNewVersion: false, sendAnonymousUsage: false}}\nproviders:\n  http: {{endpoint: \"http://{ip}:7111/\", pollInterval: 200ms}}\n"
        ),
    )
    .unwrap();
    let mut cmd = Command::new(traefik_bin());
    cmd.arg(format!("--configFile={}", conf.display()));
    let mut traefik = Proc::spawn("traefik", cmd, env.path().join("traefik.log"));
    let count = |v: &Value| -> usize {
        [
            "routers",
            "services",
            "middlewares",
            "tcpRouters",
            "tcpServices",
            "tcpMiddlewares",
            "udpRouters",
            "udpServices",
        ]
        .iter()
        .map(|k| {
            v[k].as_object()
                .map_or(0, |m| m.keys().filter(|n| n.ends_with("@http")).count())
        })
        .sum()
    };
    // Bounded wait until Traefik shows all of them (or the deadline; the assert says how many).
    let mut loaded = 0;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while loaded < expected && std::time::Instant::now() < deadline {
        let (s, text) = curl(&format!("http://{ip}:7112/api/rawdata"), None);
        if let Some(v) = text
            .split("\r\n\r\n")
            .nth(1)
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            && s == 200
        {
            loaded = count(&v);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        loaded, expected,
        "Traefik loaded {loaded} of our {expected} resources"
    );
    assert!(
        !traefik.log_text().contains("cannot decode"),
        "{}",
        traefik.log_text()
    );

    // Negative control: the same body with one unknown field is rejected by Traefik.
    let mut bad = config.clone();
    bad["http"]["routers"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()["bogusField"] = "x".into();
    *body.lock().unwrap() = serde_json::to_string(&bad).unwrap();
    wait_for(
        "Traefik to reject an unknown field",
        Duration::from_secs(20),
        || {
            traefik
                .log_text()
                .contains("field not found, node: bogusField")
                .then_some(())
        },
    );
    traefik.stop();
}
