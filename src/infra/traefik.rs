//! Traefik's static configuration (`traefik.yml`) as typed structs.
//!
//! Traefik silently ignores unknown top-level keys and starts on defaults (`:80`) when its file is
//! missing, so the file is generated from these structs only: a field that exists here exists in
//! Traefik 3.7's static configuration. Empty maps are never emitted
//! (`entryPoints: {}` is fatal).

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StaticConfig {
    pub global: Global,
    pub log: Log,
    pub entry_points: BTreeMap<EntryPointName, EntryPoint>,
    pub ping: Ping,
    pub api: Api,
    pub providers: Providers,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificates_resolvers: Option<BTreeMap<String, Resolver>>,
}

/// An entrypoint name that sorts the way people read the file: web, websecure, tcp-* and udp-*
/// by port number, traefik; each IPv4 entrypoint before its `-v6` twin.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct EntryPointName {
    rank: u8,
    port: u16,
    v6: bool,
    name: String,
}

impl EntryPointName {
    pub(crate) fn new(name: String) -> EntryPointName {
        let v6 = name.ends_with("-v6");
        let base = name.trim_end_matches("-v6");
        let (rank, port) = match base {
            "web" => (0, 80),
            "websecure" => (1, 443),
            "traefik" => (4, 0),
            b => {
                let port = b
                    .rsplit('-')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0);
                (if b.starts_with("tcp-") { 2 } else { 3 }, port)
            }
        };
        EntryPointName {
            rank,
            port,
            v6,
            name,
        }
    }
}

impl Serialize for EntryPointName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Global {
    pub check_new_version: bool,
    pub send_anonymous_usage: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Log {
    pub level: String,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EntryPoint {
    pub address: String,
    /// Lets a second Traefik bind the same address during a handover (`proxy::supervisor`); the
    /// one replaced finishes its requests within Traefik's default `graceTimeOut` (10 s).
    pub reuse_port: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_default: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<EntryPointHttp>,
}

/// The API on the loopback `traefik` entrypoint: `/api/rawdata` is how a handover knows that a
/// new Traefik has loaded every route.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Api {
    pub insecure: bool,
    pub dashboard: bool,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EntryPointHttp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirections: Option<Redirections>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<EntryPointTls>,
    /// What to do with a request header whose name aliases another (`X.Auth.User` beside
    /// `X-Auth-User`): `delete` (see [`ALIAS_HEADERS`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_headers_strategy: Option<String>,
}

/// Every TCP entrypoint deletes request headers whose names alias another header's (`X.Auth.User`,
/// `X_Auth_User` beside `X-Auth-User`): backends that fold such names together (CGI, PHP,
/// WSGI, nginx variables) would otherwise read a client's value in place of the one a
/// middleware set (forwardAuth's identity headers). Traefik 3.7 keeps them unless told, and
/// warns at every start for each entrypoint where nothing is configured.
pub(crate) const ALIAS_HEADERS: &str = "delete";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Redirections {
    pub entry_point: RedirectTo,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RedirectTo {
    pub to: String,
    pub scheme: String,
    pub permanent: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EntryPointTls {
    pub cert_resolver: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Ping {
    pub entry_point: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Providers {
    pub providers_throttle_duration: String,
    pub http: HttpProvider,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HttpProvider {
    pub endpoint: String,
    pub poll_interval: String,
    pub poll_timeout: String,
    pub headers: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Resolver {
    pub acme: Acme,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Acme {
    pub email: String,
    pub storage: String,
    pub key_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_challenge: Option<DnsChallenge>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_challenge: Option<HttpChallenge>,
}

/// HTTP-01: Traefik answers the challenge on this entrypoint (`web`, port 80).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HttpChallenge {
    pub entry_point: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DnsChallenge {
    pub provider: String,
}
