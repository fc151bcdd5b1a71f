//! `rdc context dns` against a local server that speaks the subset of Cloudflare's API v4 rdc
//! calls (zones by name, records listed two per page so pagination is exercised, create,
//! update, delete, bearer-token check, 403, 429 with Retry-After), over a machine reachable
//! through a real sshd with the real rdc installed and its route server answering.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::common::{Env, Out, Server, route_server};

const IP: &str = "127.0.0.67";
pub(crate) const TOKEN: &str = "cf-token-SECRET-dns-4d2e";

#[derive(Default)]
struct Cf {
    zones: Vec<(String, String)>,
    records: BTreeMap<String, Value>,
    next: u64,
    /// Answer 403 to everything.
    forbidden: bool,
    /// Answer 429 to the next N requests.
    limited: u32,
    requests: Vec<String>,
}

type Shared = Arc<Mutex<Cf>>;

fn fail(status: StatusCode, code: i64, msg: &str) -> Response {
    (
        status,
        Json(json!({"success": false, "errors": [{"code": code, "message": msg}], "messages": [], "result": null})),
    )
        .into_response()
}

/// Auth, rate limit and forbidden mode, shared by every handler.
fn gate(cf: &mut Cf, h: &HeaderMap, what: String) -> Option<Response> {
    cf.requests.push(what);
    if cf.limited > 0 {
        cf.limited -= 1;
        return Some(
            (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", "0")],
                Json(json!({"success": false, "errors": [{"code": 971, "message": "Please wait and consider throttling your request speed"}]})),
            )
                .into_response(),
        );
    }
    let auth = h.get("authorization").and_then(|v| v.to_str().ok());
    if cf.forbidden || auth != Some(&format!("Bearer {TOKEN}")) {
        return Some(fail(StatusCode::FORBIDDEN, 10000, "Authentication error"));
    }
    None
}

fn ok(result: Value, info: Option<Value>) -> Response {
    let mut v = json!({"success": true, "errors": [], "messages": [], "result": result});
    if let Some(i) = info {
        v["result_info"] = i;
    }
    Json(v).into_response()
}

async fn zones(
    State(s): State<Shared>,
    h: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    let mut cf = s.lock().unwrap();
    if let Some(r) = gate(
        &mut cf,
        &h,
        format!("GET zones {}", q.get("name").cloned().unwrap_or_default()),
    ) {
        return r;
    }
    let name = q.get("name").cloned().unwrap_or_default();
    let found: Vec<Value> = cf
        .zones
        .iter()
        .filter(|(_, n)| *n == name)
        .map(|(id, n)| json!({"id": id, "name": n, "status": "active"}))
        .collect();
    ok(
        Value::Array(found),
        Some(json!({"page": 1, "total_pages": 1})),
    )
}

async fn list(
    State(s): State<Shared>,
    h: HeaderMap,
    Path(zone): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    let mut cf = s.lock().unwrap();
    if let Some(r) = gate(&mut cf, &h, format!("GET records {zone}")) {
        return r;
    }
    let all: Vec<Value> = cf
        .records
        .values()
        .filter(|r| r["zone_id"] == zone)
        .cloned()
        .collect();
    // Two per page, whatever was asked: rdc must follow the pages.
    let per = 2usize;
    let page: usize = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let total = all.len().div_ceil(per).max(1);
    let slice: Vec<Value> = all.into_iter().skip((page - 1) * per).take(per).collect();
    ok(
        Value::Array(slice),
        Some(json!({"page": page, "total_pages": total})),
    )
}

async fn create(
    State(s): State<Shared>,
    h: HeaderMap,
    Path(zone): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let mut cf = s.lock().unwrap();
    if let Some(r) = gate(
        &mut cf,
        &h,
        format!("POST {zone} {} {}", body["type"], body["name"]),
    ) {
        return r;
    }
    cf.next += 1;
    let id = format!("rec{}", cf.next);
    let mut rec = body.clone();
    rec["id"] = json!(id);
    rec["zone_id"] = json!(zone);
    cf.records.insert(id, rec.clone());
    ok(rec, None)
}

async fn update(
    State(s): State<Shared>,
    h: HeaderMap,
    Path((_zone, id)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    let mut cf = s.lock().unwrap();
    if let Some(r) = gate(&mut cf, &h, format!("PATCH {id} {}", body["content"])) {
        return r;
    }
    let Some(rec) = cf.records.get_mut(&id) else {
        return fail(StatusCode::NOT_FOUND, 81044, "Record does not exist.");
    };
    for k in ["content", "comment"] {
        if !body[k].is_null() {
            rec[k] = body[k].clone();
        }
    }
    let rec = rec.clone();
    ok(rec, None)
}

async fn delete(
    State(s): State<Shared>,
    h: HeaderMap,
    Path((_zone, id)): Path<(String, String)>,
) -> Response {
    let mut cf = s.lock().unwrap();
    if let Some(r) = gate(&mut cf, &h, format!("DELETE {id}")) {
        return r;
    }
    match cf.records.remove(&id) {
        Some(_) => ok(json!({"id": id}), None),
        None => fail(StatusCode::NOT_FOUND, 81044, "Record does not exist."),
    }
}

/// The fake API on a thread of its own; its base URL.
pub(crate) struct FakeCf {
    state: Shared,
    pub(crate) base: String,
    _rt: tokio::runtime::Runtime,
}

impl FakeCf {
    pub(crate) fn start() -> FakeCf {
        let state: Shared = Arc::default();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt.block_on(tokio::net::TcpListener::bind((IP, 0))).unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = Router::new()
            .route("/client/v4/zones", get(zones))
            .route(
                "/client/v4/zones/{zone}/dns_records",
                get(list).post(create),
            )
            .route(
                "/client/v4/zones/{zone}/dns_records/{id}",
                patch(update).delete(delete),
            )
            .with_state(state.clone());
        rt.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeCf {
            state,
            base: format!("http://{IP}:{port}/client/v4"),
            _rt: rt,
        }
    }

    pub(crate) fn add_zone(&self, id: &str, name: &str) {
        self.state
            .lock()
            .unwrap()
            .zones
            .push((id.into(), name.into()));
    }

    pub(crate) fn add_record(
        &self,
        zone: &str,
        kind: &str,
        name: &str,
        content: &str,
        comment: Option<&str>,
    ) {
        let mut cf = self.state.lock().unwrap();
        cf.next += 1;
        let id = format!("rec{}", cf.next);
        cf.records.insert(
            id.clone(),
            json!({"id": id, "zone_id": zone, "type": kind, "name": name, "content": content, "comment": comment, "ttl": 1, "proxied": false}),
        );
    }

    /// `TYPE name content` of every record, sorted.
    pub(crate) fn table(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .state
            .lock()
            .unwrap()
            .records
            .values()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r["type"].as_str().unwrap(),
                    r["name"].as_str().unwrap(),
                    r["content"].as_str().unwrap()
                )
            })
            .collect();
        v.sort();
        v
    }

    /// The comment of the `kind` record at `name`.
    pub(crate) fn comment(&self, kind: &str, name: &str) -> Option<String> {
        self.state
            .lock()
            .unwrap()
            .records
            .values()
            .find(|r| r["type"] == kind && r["name"] == name)
            .and_then(|r| r["comment"].as_str().map(str::to_string))
    }

    pub(crate) fn writes(&self) -> Vec<String> {
        self.state
            .lock()
            .unwrap()
            .requests
            .iter()
            .filter(|r| !r.starts_with("GET"))
            .cloned()
            .collect()
    }
}

fn dns(env: &Env, cf: &FakeCf, args: &[&str]) -> Out {
    let mut full = vec!["context", "dns", "m"];
    full.extend_from_slice(args);
    let o = env
        .cmd()
        .env("RDC_CLOUDFLARE_API", &cf.base)
        .args(&full)
        .output()
        .unwrap();
    let out = Out::from(o, &full);
    assert!(
        !out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN),
        "the token leaked"
    );
    out
}

#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn records_are_created_kept_updated_and_foreign_ones_left_alone() {
    let Server {
        env,
        sshd: _sshd,
        prefix,
    } = Server::new(
        IP,
        "server",
        &[
            "--base-domain",
            "example.test",
            "--public-ipv6",
            "2001:db8::7",
            // Not an address of this machine: Traefik binds ::1, DNS gets the public one.
            "--bind-ipv6",
            "::1",
            "--cert-email",
            "ops@example.test",
        ],
    );
    env.rdc_stdin(
        &["context", "set-infra", "m", "--cf-dns-token", "-"],
        &format!("{TOKEN}\n"),
    )
    .ok();
    // The real rdc on the server, and its route server answering (no repository yet).
    let stub = env.path().join("stub");
    std::fs::copy("/bin/true", &stub).unwrap();
    env.rdc(&[
        "context",
        "push-infra",
        "m",
        "--traefik-binary",
        stub.to_str().unwrap(),
        "--yes",
    ])
    .ok();
    let _router = route_server(
        env.path(),
        &std::fs::read_to_string(prefix.join("etc/rediacc/router.toml")).unwrap(),
        "router",
    );
    // A repository declares a host in another zone, and one the wildcard covers.
    let cfg = env.config();
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("\n[contexts.t.repos.shop]\nguid = \"3f1e6a52-0000-4000-8000-000000000001\"\nnetwork_id = 2816\nmachine = \"m\"\ndomains = [\"shop.example.org\", \"app.example.test\"]\n");
    std::fs::write(&cfg, text).unwrap();

    let cf = FakeCf::start();
    cf.add_zone("z-test", "example.test");
    cf.add_zone("z-org", "example.org");
    // A record rdc made for another machine at a name this machine needs: reported, never
    // touched (until this machine is told to take over that machine's records).
    cf.add_record(
        "z-org",
        "AAAA",
        "shop.example.org",
        "2001:db8::99",
        Some("managed by rdc for machine old"),
    );
    // Unrelated records (and enough of them to need several pages).
    for i in 0..3 {
        cf.add_record(
            "z-test",
            "TXT",
            &format!("t{i}.example.test"),
            "hello",
            None,
        );
    }

    let plan = dns(&env, &cf, &["--dry-run"]).ok();
    plan.stdout_has("create     A example.test 127.0.0.67")
        .stdout_has("create     AAAA *.example.test 2001:db8::7")
        .stdout_has("create     A shop.example.org 127.0.0.67")
        .stdout_has("left alone AAAA shop.example.org points to 2001:db8::99")
        .stdout_has("(rdc made it for machine old)")
        .stdout_has("take it over with --take-over old")
        .stdout_has("covered by the base domain's records: app.example.test");
    assert!(cf.writes().is_empty(), "a dry run wrote {:?}", cf.writes());

    // Without --yes and no terminal: refused, nothing written.
    dns(&env, &cf, &[]).code(7).stderr_has("--yes");
    assert!(cf.writes().is_empty());

    // A 429 on the way is waited out.
    cf.state.lock().unwrap().limited = 2;
    dns(&env, &cf, &["--yes"])
        .ok()
        .stderr_has("5 created, 0 updated, 0 deleted, 1 left alone");
    let want = [
        "A *.example.test 127.0.0.67",
        "A example.test 127.0.0.67",
        "A shop.example.org 127.0.0.67",
        "AAAA *.example.test 2001:db8::7",
        "AAAA example.test 2001:db8::7",
        "AAAA shop.example.org 2001:db8::99",
        "TXT t0.example.test hello",
        "TXT t1.example.test hello",
        "TXT t2.example.test hello",
    ];
    assert_eq!(cf.table(), want);
    let created = cf
        .state
        .lock()
        .unwrap()
        .records
        .values()
        .filter(|r| r["comment"] == "managed by rdc for machine m" && r["proxied"] == false)
        .count();
    assert_eq!(created, 5);

    // Again: nothing to change, nothing written.
    let before = cf.writes().len();
    dns(&env, &cf, &["--yes"]).ok();
    assert_eq!(cf.writes().len(), before, "{:?}", cf.writes());

    // The repository moved here from "old": its record there is taken over, and marked.
    dns(&env, &cf, &["--take-over", "m", "--yes"])
        .code(2)
        .stderr_has("--take-over m: m is one of the machines worked on");
    dns(&env, &cf, &["--take-over", "old", "--yes"])
        .ok()
        .stderr_has("0 created, 1 updated, 0 deleted, 0 left alone");
    assert!(
        cf.table()
            .contains(&"AAAA shop.example.org 2001:db8::7".to_string())
    );
    assert_eq!(
        cf.comment("AAAA", "shop.example.org").as_deref(),
        Some("managed by rdc for machine m")
    );

    // A new public IPv4: exactly its three A records are updated; IPv6 unset: rdc's AAAA go.
    env.set_infra(
        "m",
        &["--public-ipv4", "127.0.0.68", "--unset", "public-ipv6"],
    )
    .ok();
    dns(&env, &cf, &["--yes"])
        .ok()
        .stderr_has("0 created, 3 updated, 3 deleted, 0 left alone");
    assert_eq!(
        cf.table(),
        [
            "A *.example.test 127.0.0.68",
            "A example.test 127.0.0.68",
            "A shop.example.org 127.0.0.68",
            "TXT t0.example.test hello",
            "TXT t1.example.test hello",
            "TXT t2.example.test hello",
        ]
    );

    // Errors: one line each, with the fix.
    cf.state.lock().unwrap().forbidden = true;
    let e = dns(&env, &cf, &["--dry-run"])
        .code(6)
        .stderr_has(
            "Cloudflare refused the token of m (HTTP 403: Authentication error (code 10000))",
        )
        .stderr_has("Zone:DNS:Edit")
        .stderr_has("rdc context set-infra m --cf-dns-token -");
    assert_eq!(
        e.stderr
            .trim()
            .lines()
            .filter(|l| l.starts_with("rdc:"))
            .count(),
        1
    );
    cf.state.lock().unwrap().forbidden = false;
    cf.state.lock().unwrap().limited = 100;
    dns(&env, &cf, &["--dry-run"])
        .code(6)
        .stderr_has("keeps answering 429");
    cf.state.lock().unwrap().limited = 0;
    cf.state
        .lock()
        .unwrap()
        .zones
        .retain(|(id, _)| id != "z-test");
    dns(&env, &cf, &["--dry-run"])
        .code(3)
        .stderr_has("no Cloudflare zone for example.test is visible to the token of m (looked for example.test)");
    env.set_infra("m", &["--unset", "cf-dns-token"]).ok();
    dns(&env, &cf, &["--dry-run"])
        .code(2)
        .stderr_has("machine m has no Cloudflare token; set one with Zone:DNS:Edit on its zone: rdc context set-infra m --cf-dns-token -");
}
