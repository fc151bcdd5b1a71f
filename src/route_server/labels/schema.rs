//! The part of Traefik 3.7's dynamic configuration that Docker labels can express, as a compact
//! table: which fields exist, what type each has, which sections may be empty.
//!
//! Traefik decodes labels strictly (docs/route-server.md, Labels): an unknown field, or a value of the
//! wrong type, drops the whole container. The decoder in `labels` follows this table, so a label
//! we accept is one Traefik 3.7 accepts, and the canonical (camelCase) names we emit are the ones
//! its file/HTTP provider decodes. The integration test `route_conformance` serves one label for
//! every field here to the real Traefik and checks it loads them. Deprecated fields that Traefik
//! 3.7 still decodes (`headers.sslRedirect`, `ipWhiteList`, …) are listed too: the official
//! compose files of popular images still use them.
//!
//! Syntax, one struct per line: `Name: field=type ...`, where a type is
//! `str bool int float dur` (scalars), `[str]`/`[int]` (comma-separated lists), `{str}` (map of
//! strings), `T` (struct), `T!` (struct that may be empty: `label=true` enables it), `{T}` (named
//! map of structs), `[T]` (indexed slice: `x[0].y`), `T@label` (Traefik's "slice as struct": the
//! label `label.y` fills element 0), and `refused` (Traefik decodes it, rdc never lets a
//! repository use it; the reason is in [`refusal`]).

use std::collections::HashMap;
use std::sync::OnceLock;

const SCHEMA: &str = r#"
Root: http=Http tcp=Tcp udp=Udp
Http: routers={Router} services={Service} middlewares={Middleware}
Router: entryPoints=[str] middlewares=[str] service=str rule=str ruleSyntax=str priority=int tls=RouterTls! observability=RouterObservability
RouterTls: options=str certResolver=str domains=[Domain]
Domain: main=str sans=[str]
RouterObservability: accessLogs=bool metrics=bool tracing=bool traceVerbosity=str
Service: loadBalancer=LoadBalancer weighted=refused mirroring=refused failover=refused highestRandomWeight=refused
LoadBalancer: sticky=Sticky! servers=Server@server healthCheck=ServerHealthCheck passiveHealthCheck=PassiveHealthCheck passHostHeader=bool responseForwarding=ResponseForwarding serversTransport=str strategy=str
Sticky: cookie=Cookie!
Cookie: name=str secure=bool httpOnly=bool sameSite=str maxAge=int path=str domain=str
Server: url=str weight=int preservePath=bool port=str~ scheme=str~
ServerHealthCheck: scheme=str mode=str path=str method=str status=int port=int interval=dur unhealthyInterval=dur timeout=dur hostname=str followRedirects=bool headers={str}
PassiveHealthCheck: failureWindow=dur maxFailedAttempts=int
ResponseForwarding: flushInterval=dur
Middleware: addPrefix=AddPrefix stripPrefix=StripPrefix stripPrefixRegex=StripPrefixRegex replacePath=ReplacePath replacePathRegex=ReplacePathRegex chain=Chain ipAllowList=IPAllowList headers=Headers errors=ErrorPage rateLimit=RateLimit redirectRegex=RedirectRegex redirectScheme=RedirectScheme basicAuth=BasicAuth digestAuth=DigestAuth forwardAuth=ForwardAuth inFlightReq=InFlightReq buffering=Buffering circuitBreaker=CircuitBreaker compress=Compress! passTLSClientCert=PassTLSClientCert retry=Retry contentType=ContentType! grpcWeb=GrpcWeb ipWhiteList=IPWhiteList plugin=refused
AddPrefix: prefix=str
StripPrefix: prefixes=[str] forceSlash=bool
StripPrefixRegex: regex=[str]
ReplacePath: path=str
ReplacePathRegex: regex=str replacement=str
Chain: middlewares=[str]
IPAllowList: sourceRange=[str] ipStrategy=IPStrategy! rejectStatusCode=int
IPWhiteList: sourceRange=[str] ipStrategy=IPStrategy!
IPStrategy: depth=int excludedIPs=[str] ipv6Subnet=int
Headers: customRequestHeaders={str} customResponseHeaders={str} accessControlAllowCredentials=bool accessControlAllowHeaders=[str] accessControlAllowMethods=[str] accessControlAllowOriginList=[str] accessControlAllowOriginListRegex=[str] accessControlExposeHeaders=[str] accessControlMaxAge=int addVaryHeader=bool allowedHosts=[str] hostsProxyHeaders=[str] sslProxyHeaders={str} stsSeconds=int stsIncludeSubdomains=bool stsPreload=bool forceSTSHeader=bool frameDeny=bool customFrameOptionsValue=str contentTypeNosniff=bool browserXssFilter=bool customBrowserXSSValue=str contentSecurityPolicy=str contentSecurityPolicyReportOnly=str publicKey=str referrerPolicy=str permissionsPolicy=str isDevelopment=bool sslRedirect=bool sslTemporaryRedirect=bool sslHost=str sslForceHost=bool featurePolicy=str
ErrorPage: status=[str] statusRewrites={int} service=str query=str
RateLimit: average=int period=dur burst=int sourceCriterion=SourceCriterion
SourceCriterion: ipStrategy=IPStrategy requestHeaderName=str requestHost=bool
RedirectRegex: regex=str replacement=str permanent=bool
RedirectScheme: scheme=str port=str permanent=bool
BasicAuth: users=[str] usersFile=str realm=str removeHeader=bool headerField=str
DigestAuth: users=[str] usersFile=str removeHeader=bool realm=str headerField=str
ForwardAuth: address=str tls=ClientTLS trustForwardHeader=bool authResponseHeaders=[str] authResponseHeadersRegex=str authRequestHeaders=[str] addAuthCookiesToResponse=[str] headerField=str forwardBody=bool maxBodySize=int preserveLocationHeader=bool preserveRequestMethod=bool
ClientTLS: ca=str cert=str key=str insecureSkipVerify=bool
InFlightReq: amount=int sourceCriterion=SourceCriterion
Buffering: maxRequestBodyBytes=int memRequestBodyBytes=int maxResponseBodyBytes=int memResponseBodyBytes=int retryExpression=str
CircuitBreaker: expression=str checkPeriod=dur fallbackDuration=dur recoveryDuration=dur responseCode=int
Compress: excludedContentTypes=[str] includedContentTypes=[str] minResponseBodyBytes=int encodings=[str] defaultEncoding=str
PassTLSClientCert: pem=bool info=TLSClientCertificateInfo
TLSClientCertificateInfo: notAfter=bool notBefore=bool sans=bool serialNumber=bool subject=TLSClientCertificateSubjectDNInfo issuer=TLSClientCertificateIssuerDNInfo
TLSClientCertificateSubjectDNInfo: country=bool province=bool locality=bool organization=bool organizationalUnit=bool commonName=bool serialNumber=bool domainComponent=bool
TLSClientCertificateIssuerDNInfo: country=bool province=bool locality=bool organization=bool commonName=bool serialNumber=bool domainComponent=bool
Retry: attempts=int initialInterval=dur
ContentType: autoDetect=bool
GrpcWeb: allowOrigins=[str]
Tcp: routers={TcpRouter} services={TcpService} middlewares={TcpMiddleware}
TcpRouter: entryPoints=[str] middlewares=[str] service=str rule=str ruleSyntax=str priority=int tls=TcpRouterTls!
TcpRouterTls: passthrough=bool options=str certResolver=str domains=[Domain]
TcpService: loadBalancer=TcpLoadBalancer weighted=refused
TcpLoadBalancer: servers=TcpServer@server serversTransport=str proxyProtocol=ProxyProtocol terminationDelay=int
TcpServer: address=str port=str~ tls=bool
ProxyProtocol: version=int
TcpMiddleware: inFlightConn=TcpInFlightConn ipAllowList=TcpIPAllowList ipWhiteList=TcpIPAllowList
TcpInFlightConn: amount=int
TcpIPAllowList: sourceRange=[str]
Udp: routers={UdpRouter} services={UdpService}
UdpRouter: entryPoints=[str] service=str
UdpService: loadBalancer=UdpLoadBalancer weighted=refused
UdpLoadBalancer: servers=UdpServer@server
UdpServer: address=str port=str~
"#;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Str,
    Bool,
    Int,
    Float,
    Dur,
    StrList,
    IntList,
    StrMap,
    IntMap,
    /// Decoded (any sub-keys) but never allowed: see [`refusal`].
    Refused,
    Struct {
        name: String,
        allow_empty: bool,
    },
    Map(String),
    Slice(String),
    SliceAsStruct {
        label: String,
        name: String,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    /// Canonical name, as Traefik's file provider spells it.
    pub name: String,
    pub ty: Ty,
    /// Read from labels only (`server.port`, `server.scheme`): Traefik's file and HTTP
    /// providers refuse it, so it must never be emitted.
    pub label_only: bool,
}

#[derive(Debug, Clone, Default)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Lower-cased label name → index in `fields`.
    by_label: HashMap<String, usize>,
}

impl StructDef {
    /// The field of an emitted document (its canonical name, exactly).
    pub fn emitted(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name && !f.label_only)
    }

    /// The field a label segment names (case-insensitive, as paerser matches).
    pub fn field(&self, label: &str) -> Option<&Field> {
        self.by_label
            .get(&label.to_ascii_lowercase())
            .map(|&i| &self.fields[i])
    }
}

#[derive(Debug)]
pub struct Schema {
    structs: HashMap<String, StructDef>,
}

impl Schema {
    pub fn get() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::parse(SCHEMA))
    }

    pub fn strukt(&self, name: &str) -> &StructDef {
        self.structs
            .get(name)
            .unwrap_or_else(|| panic!("schema: unknown struct {name}"))
    }

    fn parse(text: &str) -> Schema {
        let mut structs = HashMap::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (name, rest) = line.split_once(':').expect("schema line has ':'");
            let mut def = StructDef::default();
            for item in rest.split_whitespace() {
                let (field, ty) = item.split_once('=').expect("field=type");
                let label_only = ty.ends_with('~');
                let ty = parse_ty(ty.trim_end_matches('~'));
                let label = match &ty {
                    Ty::SliceAsStruct { label, .. } => label.clone(),
                    _ => field.to_string(),
                };
                def.by_label
                    .insert(label.to_ascii_lowercase(), def.fields.len());
                def.fields.push(Field {
                    name: field.to_string(),
                    ty,
                    label_only,
                });
            }
            structs.insert(name.trim().to_string(), def);
        }
        let s = Schema { structs };
        // Every referenced struct exists.
        for def in s.structs.values() {
            for f in &def.fields {
                match &f.ty {
                    Ty::Struct { name, .. }
                    | Ty::Map(name)
                    | Ty::Slice(name)
                    | Ty::SliceAsStruct { name, .. } => {
                        assert!(s.structs.contains_key(name), "schema: {name} undefined");
                    }
                    _ => {}
                }
            }
        }
        s
    }

    /// Every leaf path of a struct, for the conformance test and the docs: `(path, type)`.
    pub fn leaves(&self, root: &str) -> Vec<(Vec<String>, Ty)> {
        let mut out = Vec::new();
        self.walk(root, &mut Vec::new(), &mut out, 0);
        out
    }

    fn walk(
        &self,
        name: &str,
        path: &mut Vec<String>,
        out: &mut Vec<(Vec<String>, Ty)>,
        depth: usize,
    ) {
        assert!(depth < 12, "schema recursion");
        let def = self.strukt(name);
        if def.fields.is_empty() {
            out.push((
                path.clone(),
                Ty::Struct {
                    name: name.into(),
                    allow_empty: true,
                },
            ));
        }
        for f in &def.fields {
            match &f.ty {
                Ty::Struct { name, .. } => {
                    path.push(f.name.clone());
                    self.walk(name, path, out, depth + 1);
                    path.pop();
                }
                Ty::Map(name) => {
                    path.push(f.name.clone());
                    path.push("{name}".into());
                    self.walk(name, path, out, depth + 1);
                    path.pop();
                    path.pop();
                }
                Ty::Slice(name) => {
                    path.push(format!("{}[0]", f.name));
                    self.walk(name, path, out, depth + 1);
                    path.pop();
                }
                Ty::SliceAsStruct { label, name } => {
                    path.push(label.clone());
                    self.walk(name, path, out, depth + 1);
                    path.pop();
                }
                // Never emitted: nothing to list.
                Ty::Refused => {}
                t => {
                    path.push(f.name.clone());
                    out.push((path.clone(), t.clone()));
                    path.pop();
                }
            }
        }
    }
}

/// Why a `refused` field can never be used by a repository.
pub fn refusal(field: &str) -> &'static str {
    match field {
        "plugin" => {
            "plugins are set up by the server operator in Traefik's static configuration; rdc installs none, and a repository cannot use them"
        }
        _ => {
            "services that combine other services by name (weighted, mirroring, failover, highestRandomWeight) are not supported: they could name another repository's services; list several servers in one loadBalancer instead"
        }
    }
}

fn parse_ty(t: &str) -> Ty {
    match t {
        "str" => Ty::Str,
        "bool" => Ty::Bool,
        "int" => Ty::Int,
        "float" => Ty::Float,
        "dur" => Ty::Dur,
        "[str]" => Ty::StrList,
        "[int]" => Ty::IntList,
        "{str}" => Ty::StrMap,
        "{int}" => Ty::IntMap,
        "refused" => Ty::Refused,
        _ => {
            if let Some((name, label)) = t.split_once('@') {
                Ty::SliceAsStruct {
                    label: label.into(),
                    name: name.into(),
                }
            } else if let Some(inner) = t.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Ty::Map(inner.into())
            } else if let Some(inner) = t.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                Ty::Slice(inner.into())
            } else if let Some(name) = t.strip_suffix('!') {
                Ty::Struct {
                    name: name.into(),
                    allow_empty: true,
                }
            } else {
                Ty::Struct {
                    name: t.into(),
                    allow_empty: false,
                }
            }
        }
    }
}

/// One label for every field of the schema, each under its own router/service/middleware name
/// (`s0`, `s1`…), with a value of the right type. Used by the conformance tests.
pub fn sample_labels() -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (i, (path, ty)) in Schema::get().leaves("Root").into_iter().enumerate() {
        let mut key = String::from("traefik");
        for seg in &path {
            key.push('.');
            if seg == "{name}" {
                key.push_str(&format!("s{i}"));
            } else {
                key.push_str(seg);
            }
        }
        let value = match ty {
            Ty::Str => "sample".to_string(),
            Ty::Bool => "true".into(),
            Ty::Int => "42".into(),
            Ty::Float => "1.5".into(),
            Ty::Dur => "10s".into(),
            Ty::StrList => "a, b".into(),
            Ty::IntList => "1,2".into(),
            Ty::StrMap => {
                key.push_str(".X-Sample");
                "v".into()
            }
            Ty::IntMap => {
                key.push_str(".418");
                "404".into()
            }
            Ty::Struct { .. } => "true".into(),
            _ => unreachable!("leaves are scalars or empty sections"),
        };
        out.insert(key, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_parses_and_is_closed() {
        let s = Schema::get();
        assert!(s.strukt("Router").field("RULE").is_some());
        assert!(s.strukt("LoadBalancer").field("server").is_some());
        assert!(s.strukt("LoadBalancer").field("servers").is_none());
        let leaves = s.leaves("Root");
        assert!(leaves.len() > 150, "{}", leaves.len());
    }
}
