//! Docker labels → Traefik dynamic configuration, decoded the way Traefik 3.7's label parser
//! (paerser) does it. Pure code, no I/O.
//!
//! Rules reproduced (Traefik's `pkg/config/label` and paerser; docs/route-server.md, Labels):
//! only keys starting with `traefik.http`, `traefik.tcp`, `traefik.udp` (any case) are read; the first segment must be exactly
//! `traefik`; segments are split on `.`, none may be empty; field names match
//! case-insensitively while map keys (router/service/middleware names) keep their case; lists
//! split on `,` with spaces trimmed; `…server.x` fills the first server; an allow-empty section
//! (`tls`, `compress`, `sticky`…) is enabled by `true` or an empty value, disabled by anything
//! else; a list of sections given a plain value (`tls.domains=example.com`) is ignored, as
//! Traefik ignores it; and any unknown field or bad value is an error that drops the whole
//! container. Scalars are checked by `values` against the Go types Traefik decodes them into.
//!
//! Hostile input is bounded: a key longer than [`MAX_KEY_LEN`] or with more than
//! [`MAX_SEGMENTS`] segments, or a value longer than [`MAX_VALUE_LEN`], drops the container.

pub mod schema;
pub mod values;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use schema::{Schema, StructDef, Ty};
pub use values::parse_bool;

/// Longest label key read (bytes).
pub const MAX_KEY_LEN: usize = 1024;
/// Most dot-separated segments in a key (the deepest real key has about ten).
pub const MAX_SEGMENTS: usize = 32;
/// Longest label value read (bytes).
pub const MAX_VALUE_LEN: usize = 64 * 1024;

/// Why a container's labels were rejected: the label and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub label: String,
    pub message: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "label {}: {}", self.label, self.message)
    }
}

/// A label that is not decoded, and why (the container itself is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredLabel {
    pub label: String,
    pub reason: String,
}

/// A resource (router, service, middleware) that uses a field rdc never allows: the resource is
/// left out, the rest of the container is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `http`, `tcp` or `udp`.
    pub proto: String,
    /// `routers`, `services` or `middlewares`.
    pub section: String,
    pub name: String,
    pub label: String,
    pub reason: String,
}

/// The result of decoding: `{"http": {...}, "tcp": {...}, "udp": {...}}` (sections absent when
/// no label mentions them) and labels that were set aside.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decoded {
    pub root: Map<String, Value>,
    pub ignored: Vec<IgnoredLabel>,
    pub refused: Vec<Refusal>,
}

/// Whether Traefik's Docker provider reads this label key for dynamic configuration.
pub fn is_config_label(key: &str) -> bool {
    let k = key.as_bytes();
    let starts = |p: &[u8]| k.len() >= p.len() && k[..p.len()].eq_ignore_ascii_case(p);
    starts(b"traefik.http") || starts(b"traefik.tcp") || starts(b"traefik.udp")
}

#[derive(Debug, Default)]
struct Node {
    /// The spelling first seen (map keys keep their case).
    name: String,
    value: Option<String>,
    /// The full label that created this node's value (for error messages).
    label: String,
    children: Vec<Node>,
}

impl Node {
    fn child_mut(&mut self, seg: &str, label: &str) -> &mut Node {
        let i = match self
            .children
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(seg))
        {
            Some(i) => i,
            None => {
                self.children.push(Node {
                    name: seg.to_string(),
                    label: label.to_string(),
                    ..Node::default()
                });
                self.children.len() - 1
            }
        };
        &mut self.children[i]
    }
}

/// Decode every Traefik configuration label of one container.
pub fn decode(labels: &BTreeMap<String, String>) -> Result<Decoded, DecodeError> {
    let mut root = Node::default();
    let mut ignored = Vec::new();
    for (key, value) in labels {
        let lower = key.to_ascii_lowercase();
        if lower.starts_with("traefik.tls.stores") {
            ignored.push(IgnoredLabel {
                label: key.clone(),
                reason: "TLS stores are shared by every repository on the server; a container cannot set them".into(),
            });
            continue;
        }
        if !is_config_label(key) {
            continue;
        }
        let bad = |message: String| DecodeError {
            label: key.chars().take(120).collect(),
            message,
        };
        if key.len() > MAX_KEY_LEN {
            return Err(bad(format!(
                "the label key is {} bytes long; rdc reads keys up to {MAX_KEY_LEN} bytes",
                key.len()
            )));
        }
        if value.len() > MAX_VALUE_LEN {
            return Err(bad(format!(
                "the value is {} bytes long; rdc reads values up to {MAX_VALUE_LEN} bytes",
                value.len()
            )));
        }
        let segments: Vec<&str> = key.split('.').collect();
        if segments.len() > MAX_SEGMENTS {
            return Err(bad(format!(
                "the label key has {} segments; rdc reads keys of up to {MAX_SEGMENTS}",
                segments.len()
            )));
        }
        if segments[0] != "traefik" {
            return Err(bad(format!("invalid label root {}", segments[0])));
        }
        if segments.iter().any(|s| s.is_empty()) {
            return Err(bad("invalid element: empty segment between dots".into()));
        }
        let mut node = &mut root;
        for seg in &segments[1..] {
            node = node.child_mut(seg, key);
        }
        if node.value.is_none() {
            node.value = Some(value.clone());
            node.label = key.clone();
        }
    }
    let mut d = Decoder {
        schema: Schema::get(),
        path: Vec::new(),
        ignored,
        refused: Vec::new(),
    };
    if root.children.is_empty() {
        return Ok(Decoded {
            root: Map::new(),
            ignored: d.ignored,
            refused: Vec::new(),
        });
    }
    let root_map = d.strukt(d.schema.strukt("Root"), &root)?;
    Ok(Decoded {
        root: root_map,
        ignored: d.ignored,
        refused: d.refused,
    })
}

fn err(node: &Node, message: impl Into<String>) -> DecodeError {
    DecodeError {
        label: node.label.clone(),
        message: message.into(),
    }
}

/// Decoding state: where we are (for refusals) and what was set aside.
struct Decoder {
    schema: &'static Schema,
    /// Names from the root: `http`, `routers`, `<name>`, …
    path: Vec<String>,
    ignored: Vec<IgnoredLabel>,
    refused: Vec<Refusal>,
}

impl Decoder {
    fn strukt(&mut self, def: &StructDef, node: &Node) -> Result<Map<String, Value>, DecodeError> {
        let mut out = Map::new();
        // Indexed slices (`domains[0].main`) gather their elements here first.
        let mut slices: BTreeMap<String, BTreeMap<u64, Value>> = BTreeMap::new();
        for child in &node.children {
            let (base, index) = split_index(&child.name);
            let field = def
                .field(base)
                .ok_or_else(|| err(child, format!("field not found, node: {}", child.name)))?;
            match (&field.ty, index) {
                (Ty::Refused, _) => {
                    if self.path.len() >= 3 {
                        self.refused.push(Refusal {
                            proto: self.path[0].clone(),
                            section: self.path[1].clone(),
                            name: self.path[2].clone(),
                            label: child.label.clone(),
                            reason: schema::refusal(&field.name).to_string(),
                        });
                    }
                }
                (Ty::Slice(name), Some(i)) => {
                    let def = self.schema.strukt(name);
                    let v = self.enter(&field.name, |d| d.strukt(def, child))?;
                    slices
                        .entry(field.name.clone())
                        .or_default()
                        .insert(i, Value::Object(v));
                }
                (Ty::Slice(_), None) => {
                    if !child.children.is_empty() {
                        return Err(err(
                            child,
                            format!(
                                "{} is a list of sections: use {}[0].…",
                                child.name, child.name
                            ),
                        ));
                    }
                    // Traefik makes an empty list of a plain value: the label does nothing.
                    self.ignored.push(IgnoredLabel {
                        label: child.label.clone(),
                        reason: format!(
                            "{} is a list of sections; a plain value is ignored (as Traefik ignores it): use {}[0].…",
                            child.name, child.name
                        ),
                    });
                }
                (_, Some(_)) => {
                    return Err(err(child, format!("field not found, node: {}", child.name)));
                }
                (ty, None) => {
                    let ty = ty.clone();
                    if let Some(v) = self.enter(&field.name, |d| d.value(&ty, child))? {
                        out.insert(field.name.clone(), v);
                    }
                }
            }
        }
        for (name, elems) in slices {
            out.insert(name, Value::Array(elems.into_values().collect()));
        }
        Ok(out)
    }

    fn enter<T>(&mut self, seg: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(seg.to_string());
        let r = f(self);
        self.path.pop();
        r
    }

    fn value(&mut self, ty: &Ty, node: &Node) -> Result<Option<Value>, DecodeError> {
        Ok(Some(match ty {
            Ty::Str => Value::String(leaf(node, "a value")?.to_string()),
            Ty::Bool => {
                let s = leaf(node, "a boolean")?;
                Value::Bool(parse_bool(s).ok_or_else(|| {
                    err(node, format!("invalid boolean {s:?} (use true or false)"))
                })?)
            }
            Ty::Int => {
                let s = leaf(node, "a number")?;
                Value::from(
                    values::parse_int(s).map_err(|e| err(node, format!("invalid integer: {e}")))?,
                )
            }
            Ty::Float => {
                let s = leaf(node, "a number")?;
                let f = values::parse_float(s)
                    .map_err(|e| err(node, format!("invalid number: {e}")))?;
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| err(node, format!("invalid number {s:?}")))?
            }
            Ty::Dur => {
                let s = leaf(node, "a duration")?;
                let ns = values::parse_duration(s)
                    .map_err(|e| err(node, format!("invalid duration: {e}")))?;
                Value::String(values::format_duration(ns))
            }
            Ty::StrList => Value::Array(
                split_list(leaf(node, "a list")?)
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            ),
            Ty::IntList => {
                let s = leaf(node, "a list")?;
                let mut v = Vec::new();
                for item in split_list(s) {
                    v.push(Value::from(values::parse_int(&item).map_err(|e| {
                        err(node, format!("invalid integer in list: {e}"))
                    })?));
                }
                Value::Array(v)
            }
            Ty::StrMap | Ty::IntMap => {
                if node.children.is_empty() {
                    return Err(err(
                        node,
                        format!("{} is a map: use {}.<name>=<value>", node.name, node.name),
                    ));
                }
                let mut m = Map::new();
                for c in &node.children {
                    let s = leaf(c, "a map value")?;
                    let v = if *ty == Ty::IntMap {
                        Value::from(
                            values::parse_int(s)
                                .map_err(|e| err(c, format!("invalid integer: {e}")))?,
                        )
                    } else {
                        Value::String(s.to_string())
                    };
                    m.insert(c.name.clone(), v);
                }
                Value::Object(m)
            }
            Ty::Refused => return Ok(None),
            Ty::Struct { name, allow_empty } => {
                if node.children.is_empty() {
                    let v = node.value.as_deref().unwrap_or("");
                    if *allow_empty {
                        // `tls=true` (or empty) enables the section; any other value leaves it
                        // unset.
                        if v.is_empty() || v.eq_ignore_ascii_case("true") {
                            return Ok(Some(Value::Object(Map::new())));
                        }
                        return Ok(None);
                    }
                    return Err(err(
                        node,
                        format!(
                            "{} is a section: set one of its fields ({}.…)",
                            node.name, node.name
                        ),
                    ));
                }
                let m = self.strukt(self.schema.strukt(name), node)?;
                if m.is_empty() && !allow_empty {
                    return Ok(None);
                }
                Value::Object(m)
            }
            Ty::Map(name) => {
                if node.children.is_empty() {
                    return Err(err(
                        node,
                        format!("{} needs a name: {}.<name>.…", node.name, node.name),
                    ));
                }
                let def = self.schema.strukt(name);
                let mut m = Map::new();
                for entry in &node.children {
                    if entry.children.is_empty() {
                        return Err(err(
                            entry,
                            format!(
                                "{}.{} is a section: set one of its fields",
                                node.name, entry.name
                            ),
                        ));
                    }
                    let v = self.enter(&entry.name, |d| d.strukt(def, entry))?;
                    m.insert(entry.name.clone(), Value::Object(v));
                }
                Value::Object(m)
            }
            Ty::SliceAsStruct { name, .. } => {
                if node.children.is_empty() {
                    return Err(err(
                        node,
                        format!("{} is a section: set one of its fields", node.name),
                    ));
                }
                let v = self.strukt(self.schema.strukt(name), node)?;
                Value::Array(vec![Value::Object(v)])
            }
            Ty::Slice(_) => unreachable!("slices are handled by the parent struct"),
        }))
    }
}

fn split_index(seg: &str) -> (&str, Option<u64>) {
    if let Some(open) = seg.find('[')
        && seg.ends_with(']')
        && let Ok(i) = seg[open + 1..seg.len() - 1].parse::<u64>()
    {
        return (&seg[..open], Some(i));
    }
    (seg, None)
}

fn leaf<'a>(node: &'a Node, what: &str) -> Result<&'a str, DecodeError> {
    if !node.children.is_empty() {
        return Err(err(
            node,
            format!("{} is {what}, it cannot have sub-keys", node.name),
        ));
    }
    Ok(node.value.as_deref().unwrap_or(""))
}

/// Split a label list: commas, spaces around items trimmed, empty items dropped.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn ok(pairs: &[(&str, &str)]) -> Value {
        Value::Object(decode(&labels(pairs)).unwrap().root)
    }

    fn bad(pairs: &[(&str, &str)]) -> String {
        decode(&labels(pairs)).unwrap_err().to_string()
    }

    #[test]
    fn seeds_labels() {
        let v = ok(&[
            ("traefik.enable", "true"),
            ("traefik.http.routers.myapp.rule", "Host(`app.example.com`)"),
            (
                "traefik.http.routers.myapp.entrypoints",
                "websecure, websecure-v6",
            ),
            ("traefik.http.routers.myapp.tls.certresolver", "letsencrypt"),
            (
                "traefik.http.services.myapp.loadbalancer.server.port",
                "8080",
            ),
            (
                "traefik.http.middlewares.myapp-hsts.headers.stsSeconds",
                "15768000",
            ),
            (
                "traefik.http.middlewares.myapp-hsts.headers.stsIncludeSubdomains",
                "true",
            ),
        ]);
        assert_eq!(
            v,
            json!({"http": {
                "routers": {"myapp": {"rule": "Host(`app.example.com`)", "entryPoints": ["websecure", "websecure-v6"], "tls": {"certResolver": "letsencrypt"}}},
                "services": {"myapp": {"loadBalancer": {"servers": [{"port": "8080"}]}}},
                "middlewares": {"myapp-hsts": {"headers": {"stsSeconds": 15768000, "stsIncludeSubdomains": true}}}
            }})
        );
    }

    #[test]
    fn field_names_are_case_insensitive_map_keys_are_not() {
        let v = ok(&[
            ("traefik.http.routers.R19.Rule", "Host(`a`)"),
            ("traefik.http.Services.S19.LoadBalancer.Server.Port", "80"),
        ]);
        assert_eq!(v["http"]["routers"]["R19"]["rule"], "Host(`a`)");
        assert_eq!(
            v["http"]["services"]["S19"]["loadBalancer"]["servers"][0]["port"],
            "80"
        );
    }

    #[test]
    fn strict_errors_drop_everything() {
        assert!(bad(&[("traefik.http.routers.r.foo", "x")]).contains("field not found, node: foo"));
        assert!(bad(&[("traefik.http.routers.r.priority", "abc")]).contains("invalid integer"));
        assert!(
            bad(&[("Traefik.http.routers.r.rule", "x")]).contains("invalid label root Traefik")
        );
        assert!(bad(&[("traefik.http..routers", "x")]).contains("empty segment"));
        assert!(
            bad(&[("traefik.http.services.s.loadbalancer.servers[0].url", "x")])
                .contains("field not found, node: servers[0]")
        );
        assert!(
            bad(&[("traefik.http.services.s.loadbalancer.servers.url", "x")])
                .contains("field not found")
        );
        assert!(
            bad(&[("traefik.https.routers.r.rule", "x")]).contains("field not found, node: https")
        );
        assert!(
            bad(&[("traefik.http.middlewares.m.headers.stsPreload", "yes")])
                .contains("invalid boolean")
        );
        assert!(
            bad(&[("traefik.http.middlewares.m.ratelimit.period", "10 seconds")])
                .contains("invalid duration")
        );
        assert!(bad(&[("traefik.http.routers.r", "x")]).contains("section"));
        assert!(bad(&[("traefik.http.routers", "x")]).contains("needs a name"));
    }

    #[test]
    fn allow_empty_sections() {
        let v = ok(&[
            ("traefik.http.routers.a.tls", "true"),
            ("traefik.http.routers.b.tls", "false"),
            ("traefik.http.routers.b.rule", "Host(`b`)"),
            ("traefik.http.middlewares.c.compress", "true"),
            ("traefik.http.middlewares.d.contenttype", ""),
            ("traefik.http.routers.e.tls", "true"),
            ("traefik.http.routers.e.tls.certresolver", "le"),
        ]);
        assert_eq!(v["http"]["routers"]["a"], json!({"tls": {}}));
        assert_eq!(v["http"]["routers"]["b"], json!({"rule": "Host(`b`)"}));
        assert_eq!(v["http"]["middlewares"]["c"], json!({"compress": {}}));
        assert_eq!(v["http"]["middlewares"]["d"], json!({"contentType": {}}));
        assert_eq!(
            v["http"]["routers"]["e"]["tls"],
            json!({"certResolver": "le"})
        );
    }

    #[test]
    fn lists_slices_maps_plugins() {
        let v = ok(&[
            ("traefik.http.routers.r.tls.domains[0].main", "example.com"),
            (
                "traefik.http.routers.r.tls.domains[0].sans",
                "a.example.com, b.example.com",
            ),
            ("traefik.http.routers.r.tls.domains[1].main", "example.org"),
            (
                "traefik.http.middlewares.h.headers.customrequestheaders.X-Script-Name",
                "test",
            ),
            ("traefik.http.middlewares.e.errors.status", "500,502-504"),
        ]);
        assert_eq!(
            v["http"]["routers"]["r"]["tls"]["domains"],
            json!([{"main": "example.com", "sans": ["a.example.com", "b.example.com"]}, {"main": "example.org"}])
        );
        assert_eq!(
            v["http"]["middlewares"]["h"]["headers"]["customRequestHeaders"]["X-Script-Name"],
            "test"
        );
        assert_eq!(
            v["http"]["middlewares"]["e"]["errors"]["status"],
            json!(["500", "502-504"])
        );
    }

    #[test]
    fn tcp_and_udp() {
        let v = ok(&[
            ("traefik.tcp.routers.mail-imaps.entrypoints", "tcp-993"),
            (
                "traefik.tcp.routers.mail-imaps.rule",
                "HostSNI(`mail.example.com`)",
            ),
            ("traefik.tcp.routers.mail-imaps.tls.passthrough", "true"),
            (
                "traefik.tcp.services.mail-imaps.loadbalancer.server.port",
                "993",
            ),
            ("traefik.udp.routers.dns.entrypoints", "udp-53"),
            ("traefik.udp.services.dns.loadbalancer.server.port", "53"),
        ]);
        assert_eq!(
            v["tcp"]["routers"]["mail-imaps"]["tls"],
            json!({"passthrough": true})
        );
        assert_eq!(
            v["udp"]["services"]["dns"]["loadBalancer"]["servers"][0]["port"],
            "53"
        );
    }

    #[test]
    fn other_labels_are_not_read() {
        let d = decode(&labels(&[
            ("traefik.enable", "true"),
            ("traefik.docker.network", "x"),
            ("traefik.foo", "bar"),
            ("com.docker.compose.service", "web"),
            (
                "traefik.tls.stores.default.defaultcertificate.certfile",
                "/x",
            ),
        ]))
        .unwrap();
        assert!(d.root.is_empty());
        assert_eq!(d.ignored.len(), 1);
    }

    #[test]
    fn values_are_checked_against_go_types() {
        assert!(
            bad(&[(
                "traefik.http.middlewares.r.ratelimit.period",
                "9999999999999h"
            )])
            .contains("overflow")
        );
        assert!(
            bad(&[(
                "traefik.http.middlewares.r.ratelimit.period",
                "9999999999999"
            )])
            .contains("out of range")
        );
        assert!(
            bad(&[(
                "traefik.http.middlewares.r.ratelimit.average",
                "99999999999999999999"
            )])
            .contains("out of range")
        );
        assert!(bad(&[("traefik.http.routers.r.priority", " 1")]).contains("invalid integer"));
        let v = ok(&[
            ("traefik.http.middlewares.r.ratelimit.period", "1m30s"),
            ("traefik.http.middlewares.r.ratelimit.burst", "+5"),
            (
                "traefik.http.services.s.loadbalancer.healthcheck.interval",
                "10",
            ),
            (
                "traefik.http.services.s.loadbalancer.healthcheck.timeout",
                "1.5s",
            ),
        ]);
        assert_eq!(
            v["http"]["middlewares"]["r"]["rateLimit"],
            json!({"period": "90s", "burst": 5})
        );
        assert_eq!(
            v["http"]["services"]["s"]["loadBalancer"]["healthCheck"],
            json!({"interval": "10s", "timeout": "1500000000ns"})
        );
    }

    #[test]
    fn deprecated_fields_still_decode() {
        let v = ok(&[
            ("traefik.http.middlewares.n8n.headers.SSLRedirect", "true"),
            (
                "traefik.http.middlewares.n8n.headers.STSSeconds",
                "315360000",
            ),
            (
                "traefik.http.middlewares.n8n.headers.sslTemporaryRedirect",
                "true",
            ),
            (
                "traefik.http.middlewares.n8n.headers.sslHost",
                "example.com",
            ),
            ("traefik.http.middlewares.n8n.headers.SSLForceHost", "true"),
            ("traefik.http.middlewares.n8n.headers.featurePolicy", "x"),
            (
                "traefik.http.middlewares.w.ipwhitelist.sourcerange",
                "10.0.0.0/8",
            ),
        ]);
        assert_eq!(
            v["http"]["middlewares"]["n8n"]["headers"]["sslRedirect"],
            true
        );
        assert_eq!(
            v["http"]["middlewares"]["w"]["ipWhiteList"]["sourceRange"],
            json!(["10.0.0.0/8"])
        );
    }

    #[test]
    fn ignored_and_refused() {
        let d = decode(&labels(&[
            ("traefik.http.routers.r.tls.domains", "example.com"),
            ("traefik.http.routers.r.rule", "Host(`a`)"),
            ("traefik.http.middlewares.p.plugin.demo.headers.Foo", "bar"),
            ("traefik.http.services.w.weighted.services[0].name", "x"),
        ]))
        .unwrap();
        // The `tls` section exists (so TLS is on, as in Traefik); its domains are ignored.
        assert_eq!(
            d.root["http"]["routers"]["r"],
            json!({"rule": "Host(`a`)", "tls": {}})
        );
        assert!(d.ignored[0].reason.contains("ignored"), "{:?}", d.ignored);
        assert_eq!(d.refused.len(), 2);
        assert_eq!(
            (d.refused[0].section.as_str(), d.refused[0].name.as_str()),
            ("middlewares", "p")
        );
        assert!(d.refused[0].reason.contains("plugins"));
        assert_eq!(
            (d.refused[1].section.as_str(), d.refused[1].name.as_str()),
            ("services", "w")
        );
    }

    #[test]
    fn hostile_sizes_are_bounded() {
        let deep = format!("traefik.http.middlewares.m.headers{}", ".x".repeat(50_000));
        assert!(bad(&[(&deep, "v")]).contains("bytes long"));
        let many = format!("traefik.http.middlewares.m.headers{}", ".x".repeat(40));
        assert!(bad(&[(&many, "v")]).contains("segments"));
        let big = "x".repeat(MAX_VALUE_LEN + 1);
        assert!(bad(&[("traefik.http.routers.r.rule", &big)]).contains("bytes long"));
    }
}
