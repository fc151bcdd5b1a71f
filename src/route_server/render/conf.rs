//! The resource model every stage works on: a dynamic configuration as eight maps of named
//! resources (HTTP/TCP/UDP routers, services, middlewares), each a JSON value in Traefik's
//! canonical (file provider) shape.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The eight kinds of resources of a dynamic configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Res {
    HttpRouter,
    HttpService,
    HttpMiddleware,
    TcpRouter,
    TcpService,
    TcpMiddleware,
    UdpRouter,
    UdpService,
}

impl Res {
    pub const ALL: [Res; 8] = [
        Res::HttpRouter,
        Res::HttpService,
        Res::HttpMiddleware,
        Res::TcpRouter,
        Res::TcpService,
        Res::TcpMiddleware,
        Res::UdpRouter,
        Res::UdpService,
    ];
    pub const ROUTERS: [Res; 3] = [Res::HttpRouter, Res::TcpRouter, Res::UdpRouter];

    pub fn proto(self) -> &'static str {
        match self {
            Res::HttpRouter | Res::HttpService | Res::HttpMiddleware => "http",
            Res::TcpRouter | Res::TcpService | Res::TcpMiddleware => "tcp",
            Res::UdpRouter | Res::UdpService => "udp",
        }
    }
    pub fn section(self) -> &'static str {
        match self {
            Res::HttpRouter | Res::TcpRouter | Res::UdpRouter => "routers",
            Res::HttpService | Res::TcpService | Res::UdpService => "services",
            Res::HttpMiddleware | Res::TcpMiddleware => "middlewares",
        }
    }
    /// The resource kind of a decoded label section (`http`, `services`).
    pub fn of(proto: &str, section: &str) -> Option<Res> {
        Res::ALL
            .into_iter()
            .find(|r| r.proto() == proto && r.section() == section)
    }
    fn idx(self) -> usize {
        self as usize
    }
    pub fn is_router(self) -> bool {
        matches!(self, Res::HttpRouter | Res::TcpRouter | Res::UdpRouter)
    }
    pub fn is_service(self) -> bool {
        matches!(self, Res::HttpService | Res::TcpService | Res::UdpService)
    }
    /// `http router`, `tcp service`…
    pub fn what(self) -> String {
        format!("{} {}", self.proto(), self.section().trim_end_matches('s'))
    }
    pub fn service_of(self) -> Res {
        match self.proto() {
            "http" => Res::HttpService,
            "tcp" => Res::TcpService,
            _ => Res::UdpService,
        }
    }
    pub fn middleware_of(self) -> Option<Res> {
        match self.proto() {
            "http" => Some(Res::HttpMiddleware),
            "tcp" => Some(Res::TcpMiddleware),
            _ => None,
        }
    }
    /// The schema struct of one resource of this kind.
    pub fn schema_struct(self) -> &'static str {
        match self {
            Res::HttpRouter => "Router",
            Res::HttpService => "Service",
            Res::HttpMiddleware => "Middleware",
            Res::TcpRouter => "TcpRouter",
            Res::TcpService => "TcpService",
            Res::TcpMiddleware => "TcpMiddleware",
            Res::UdpRouter => "UdpRouter",
            Res::UdpService => "UdpService",
        }
    }
}

/// One configuration: eight maps of named resources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conf {
    maps: [BTreeMap<String, Value>; 8],
}

impl Conf {
    pub fn get(&self, r: Res) -> &BTreeMap<String, Value> {
        &self.maps[r.idx()]
    }
    pub fn get_mut(&mut self, r: Res) -> &mut BTreeMap<String, Value> {
        &mut self.maps[r.idx()]
    }
    pub fn is_empty(&self) -> bool {
        self.maps.iter().all(BTreeMap::is_empty)
    }
    /// Split a decoded label root (`{"http": {"routers": …}}`) into the maps.
    pub fn from_root(mut root: Map<String, Value>) -> Conf {
        let mut c = Conf::default();
        for r in Res::ALL {
            if let Some(Value::Object(m)) = root
                .get_mut(r.proto())
                .and_then(|p| p.as_object_mut())
                .and_then(|p| p.remove(r.section()))
            {
                c.get_mut(r).extend(m);
            }
        }
        c
    }
    /// Move every resource of `other` in.
    pub fn absorb(&mut self, other: Conf) {
        for (i, m) in other.maps.into_iter().enumerate() {
            self.maps[i].extend(m);
        }
    }
    /// The dynamic configuration document. Empty maps and sections are left out (Traefik
    /// rejects a whole body for one `{}`); no routes at all gives `{}`.
    pub fn into_value(self) -> Value {
        let mut root = Map::new();
        for (r, m) in Res::ALL.into_iter().zip(self.maps) {
            if m.is_empty() {
                continue;
            }
            let proto = root
                .entry(r.proto())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(p) = proto.as_object_mut() {
                p.insert(r.section().into(), Value::Object(m.into_iter().collect()));
            }
        }
        Value::Object(root)
    }
}

/// A list of strings (`entryPoints`, `middlewares`).
pub fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A string field.
pub fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}
