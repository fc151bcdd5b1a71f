//! The subset of Cloudflare's API v4 rdc calls, with reqwest: zones by name, DNS records
//! listed page by page, created, updated, deleted (only records rdc made). A 429 is retried
//! with backoff (Retry-After when given); 401/403 and a missing zone become one-line errors that
//! say what the token needs. The token is sent as a bearer header and never shown. The base URL
//! is `https://api.cloudflare.com/client/v4`, or `$RDC_CLOUDFLARE_API` (a proxy, or a local
//! server in tests).

use std::time::Duration;

use anyhow::Result;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};

use super::records::{Existing, Want};
use crate::context::Secret;
use crate::error::{not_found, remote};

pub(crate) const API_ENV: &str = "RDC_CLOUDFLARE_API";
const API: &str = "https://api.cloudflare.com/client/v4";
/// Largest answer read (a page of 100 records is a few tens of kB).
const BODY_CAP: usize = 8 << 20;
const ATTEMPTS: u32 = 6;

pub(crate) struct Api {
    base: String,
    token: Secret,
    client: reqwest::Client,
    /// The machine whose token this is (for messages).
    machine: String,
}

#[derive(Debug, Deserialize)]
struct Envelope {
    #[serde(default)]
    success: bool,
    #[serde(default)]
    errors: Vec<ApiError>,
    #[serde(default)]
    result: Value,
    #[serde(default)]
    result_info: Option<ResultInfo>,
}

#[derive(Debug, Deserialize)]
struct ApiError {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    message: String,
}

#[derive(Debug, Deserialize)]
struct ResultInfo {
    #[serde(default)]
    page: u64,
    #[serde(default)]
    total_pages: u64,
}

/// A zone: its id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Zone {
    pub id: String,
    pub name: String,
}

impl Api {
    pub(crate) fn new(machine: &str, token: Secret) -> Result<Api> {
        let base = std::env::var(API_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| API.to_string());
        Ok(Api {
            base: base.trim_end_matches('/').to_string(),
            token,
            client: crate::fetch::client()?,
            machine: machine.to_string(),
        })
    }

    fn fix(&self) -> String {
        format!(
            "the token needs Zone:Zone:Read and Zone:DNS:Edit on the zone; create one at https://dash.cloudflare.com/profile/api-tokens, then: rdc context set-infra {} --cf-dns-token -",
            self.machine
        )
    }

    /// One call, retried on 429 and on connection errors.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Envelope> {
        let url = format!("{}{path}", self.base);
        let mut wait = Duration::from_millis(500);
        for attempt in 1..=ATTEMPTS {
            let mut req = self
                .client
                .request(method.clone(), &url)
                .bearer_auth(self.token.expose())
                .timeout(Duration::from_secs(30));
            if let Some(b) = &body {
                req = req.json(b);
            }
            let resp = match req.send().await {
                Ok(r) => r,
                Err(e) if attempt < ATTEMPTS && (e.is_connect() || e.is_timeout()) => {
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(16));
                    continue;
                }
                Err(e) => {
                    return Err(remote(format!(
                        "Cloudflare API ({}): {}",
                        self.base,
                        e.without_url()
                    )));
                }
            };
            let status = resp.status();
            if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
                if attempt == ATTEMPTS {
                    return Err(remote(format!(
                        "Cloudflare keeps answering 429 (rate limited) after {ATTEMPTS} attempts; wait a few minutes and re-run"
                    )));
                }
                let after = resp
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(|s| Duration::from_secs(s.min(60)).max(Duration::from_millis(100)));
                tokio::time::sleep(after.unwrap_or(wait)).await;
                wait = (wait * 2).min(Duration::from_secs(16));
                continue;
            }
            let bytes = read_capped(resp).await?;
            let env: Option<Envelope> = serde_json::from_slice(&bytes).ok();
            let first = env
                .as_ref()
                .and_then(|e| e.errors.first())
                .map(|e| {
                    format!(
                        "{} (code {})",
                        crate::output::escape_controls(&e.message),
                        e.code
                    )
                })
                .unwrap_or_else(|| "no error message".into());
            if status == reqwest::StatusCode::UNAUTHORIZED
                || status == reqwest::StatusCode::FORBIDDEN
            {
                return Err(remote(format!(
                    "Cloudflare refused the token of {} (HTTP {}: {first}); {}",
                    self.machine,
                    status.as_u16(),
                    self.fix()
                )));
            }
            return match env {
                Some(e) if status.is_success() && e.success => Ok(e),
                _ => Err(remote(format!(
                    "Cloudflare API {method} {path}: HTTP {}: {first}",
                    status.as_u16()
                ))),
            };
        }
        unreachable!("the last attempt returns")
    }

    /// Where a zone for `name` is looked for: `a.b.example.com`, `b.example.com`, `example.com`.
    fn candidates(name: &str) -> Vec<String> {
        let name = name.trim_start_matches("*.").trim_end_matches('.');
        let labels: Vec<&str> = name.split('.').collect();
        (0..labels.len().saturating_sub(1))
            .map(|i| labels[i..].join("."))
            .collect()
    }

    /// The zone holding `name` (None: no zone the token can see).
    pub(crate) async fn zone_for(&self, name: &str) -> Result<Option<Zone>> {
        for candidate in Self::candidates(name) {
            let e = self
                .call(
                    reqwest::Method::GET,
                    &format!("/zones?name={}&per_page=5", urlencode(&candidate)),
                    None,
                )
                .await?;
            if let Some(z) = e.result.as_array().and_then(|a| a.first()) {
                return Ok(Some(Zone {
                    id: z["id"].as_str().unwrap_or_default().to_string(),
                    name: z["name"].as_str().unwrap_or(&candidate).to_string(),
                }));
            }
        }
        Ok(None)
    }

    /// The error for a name in no visible zone.
    pub(crate) fn no_zone(&self, name: &str) -> anyhow::Error {
        not_found(format!(
            "no Cloudflare zone for {name} is visible to the token of {} (looked for {}); add the domain to Cloudflare, or give the token access to its zone ({})",
            self.machine,
            Self::candidates(name).join(", "),
            self.fix()
        ))
    }

    /// Every record of `zone`, page by page.
    pub(crate) async fn records(&self, zone: &Zone) -> Result<Vec<Existing>> {
        let mut out = Vec::new();
        let mut page = 1u64;
        loop {
            let e = self
                .call(
                    reqwest::Method::GET,
                    &format!(
                        "/zones/{}/dns_records?per_page=100&page={page}",
                        urlencode(&zone.id)
                    ),
                    None,
                )
                .await?;
            for r in e.result.as_array().into_iter().flatten() {
                out.push(Existing {
                    id: r["id"].as_str().unwrap_or_default().to_string(),
                    kind: r["type"].as_str().unwrap_or_default().to_string(),
                    name: r["name"].as_str().unwrap_or_default().to_string(),
                    content: r["content"].as_str().unwrap_or_default().to_string(),
                    comment: r["comment"].as_str().map(str::to_string),
                });
            }
            let total = e.result_info.as_ref().map(|i| i.total_pages).unwrap_or(1);
            let at = e.result_info.as_ref().map(|i| i.page).unwrap_or(page);
            // Bounded: a server that never stops paging gets 1000 pages (100,000 records).
            if at >= total || page >= 1000 || e.result.as_array().is_none_or(|a| a.is_empty()) {
                return Ok(out);
            }
            page += 1;
        }
    }

    pub(crate) async fn create(&self, zone: &Zone, w: &Want, comment: &str) -> Result<()> {
        self.call(
            reqwest::Method::POST,
            &format!("/zones/{}/dns_records", urlencode(&zone.id)),
            Some(json!({
                "type": w.kind.name(),
                "name": w.name,
                "content": w.content,
                "ttl": 1,
                "proxied": false,
                "comment": comment,
            })),
        )
        .await
        .map(|_| ())
    }

    pub(crate) async fn update(
        &self,
        zone: &Zone,
        id: &str,
        w: &Want,
        comment: &str,
    ) -> Result<()> {
        self.call(
            reqwest::Method::PATCH,
            &format!(
                "/zones/{}/dns_records/{}",
                urlencode(&zone.id),
                urlencode(id)
            ),
            Some(json!({ "content": w.content, "comment": comment })),
        )
        .await
        .map(|_| ())
    }

    pub(crate) async fn delete(&self, zone: &Zone, id: &str) -> Result<()> {
        self.call(
            reqwest::Method::DELETE,
            &format!(
                "/zones/{}/dns_records/{}",
                urlencode(&zone.id),
                urlencode(id)
            ),
            None,
        )
        .await
        .map(|_| ())
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn read_capped(resp: reqwest::Response) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut body = resp.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| remote(format!("Cloudflare API: {}", e.without_url())))?;
        if out.len() + chunk.len() > BODY_CAP {
            return Err(remote("Cloudflare API: an answer over 8 MiB; refused"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
