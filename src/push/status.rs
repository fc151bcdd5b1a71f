//! `rdc context status`: one machine as the status table shows it, from one SSH call to the
//! server's `rdc host overview`. An unreachable machine, or one without rdc, is a row that says
//! so, never an error that hides the other machines.

use std::path::Path;

use serde::Serialize;

use crate::context::Machine;
use crate::contract::call::Call;
use crate::contract::host::Overview;
use crate::contract::paths::ServerPaths;
use crate::ssh::Remote;
use crate::ssh::call::Called;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    pub machine: String,
    pub reachable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overview: Option<Overview>,
}

pub(crate) async fn of(name: &str, m: &Machine, ssh_key: Option<&Path>) -> Row {
    let row = |reachable, error: Option<String>, overview| Row {
        machine: name.to_string(),
        reachable,
        error,
        overview,
    };
    let r = match Remote::connect(name, m, ssh_key).await {
        Ok(r) => r,
        Err(e) => return row(false, Some(format!("{e:#}")), None),
    };
    let bin = ServerPaths::new(&m.prefix).rdc_bin();
    let call = Call::Overview {
        prefix: m.prefix.clone(),
        datastore: m.datastore.clone(),
    };
    let o = r.call::<Overview>(&bin, &call, None).await;
    r.close().await;
    match o {
        Ok(Called::Answer(ov)) => row(true, None, Some(ov)),
        Ok(Called::NotInstalled) => row(
            true,
            Some(format!(
                "rdc is not installed; install it with: rdc context push-infra {name}"
            )),
            None,
        ),
        Ok(Called::Failed { .. }) => row(
            true,
            Some(format!(
                "its rdc is older than this one; upgrade it with: rdc context push-infra {name}"
            )),
            None,
        ),
        Err(e) => row(true, Some(format!("{e:#}")), None),
    }
}

/// The certificate column: the soonest expiry, `none`, or `unknown`.
pub(crate) fn certs_cell(ov: &Overview, now: i64) -> String {
    match &ov.certs {
        None => "unknown".into(),
        Some(c) if c.is_empty() => "none".into(),
        Some(c) => {
            let first = &c[0];
            // The server's answer is outside input: any i64 must print, never panic.
            const LAST_DATE: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
            let days = first.not_after.saturating_sub(now).div_euclid(86_400);
            let date = if first.not_after > LAST_DATE {
                "9999-12-31+".to_string()
            } else {
                humantime::format_rfc3339_seconds(
                    std::time::UNIX_EPOCH
                        + std::time::Duration::from_secs(first.not_after.max(0) as u64),
                )
                .to_string()
            };
            let more = if c.len() > 1 {
                format!(" (+{} more)", c.len() - 1)
            } else {
                String::new()
            };
            if days < 0 {
                format!("{} EXPIRED {}{more}", first.domain, day(&date))
            } else {
                format!("{} until {} ({days} d){more}", first.domain, day(&date))
            }
        }
    }
}

/// The date part of an RFC 3339 time (or the text as it is).
fn day(t: &str) -> &str {
    t.get(..10).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_expiry_a_server_sends_prints() {
        for not_after in [i64::MIN, -1, 0, 253_402_300_799, 253_402_300_800, i64::MAX] {
            let ov = Overview {
                certs: Some(vec![crate::contract::host::Cert {
                    domain: "a.example.com".into(),
                    not_after,
                }]),
                ..Overview::default()
            };
            let cell = certs_cell(&ov, 1_800_000_000);
            assert!(cell.starts_with("a.example.com "), "{not_after}: {cell}");
        }
    }
    use crate::contract::host::Cert;

    proptest::proptest! {
        /// The server's answer, parsed and then formatted: any expiry, any clock, any domain,
        /// any number of certificates prints and never panics.
        #[test]
        fn any_overview_a_server_sends_formats(
            not_after in proptest::num::i64::ANY,
            now in proptest::num::i64::ANY,
            domain in ".{0,40}",
            more in 0usize..4,
        ) {
            let certs: Vec<Cert> = (0..=more)
                .map(|i| Cert { domain: domain.clone(), not_after: not_after.wrapping_add(i as i64) })
                .collect();
            let json = serde_json::json!({
                "version": "0.1.0", "protocol": 3, "traefik": null, "router_healthy": null,
                "routes": null, "repos": 0, "repos_up": 0,
                "certs": certs.iter().map(|c| serde_json::json!({"domain": c.domain, "not_after": c.not_after})).collect::<Vec<_>>(),
            });
            let ov: Overview = serde_json::from_value(json).unwrap();
            let cell = certs_cell(&ov, now);
            proptest::prop_assert!(cell.starts_with(&domain));
        }
    }

    #[test]
    fn the_soonest_certificate_is_shown() {
        let mut ov = Overview::default();
        assert_eq!(certs_cell(&ov, 0), "unknown");
        ov.certs = Some(vec![]);
        assert_eq!(certs_cell(&ov, 0), "none");
        ov.certs = Some(vec![
            Cert {
                domain: "*.example.com".into(),
                not_after: 1_800_000_000,
            },
            Cert {
                domain: "shop.example.org".into(),
                not_after: 1_900_000_000,
            },
        ]);
        assert_eq!(
            certs_cell(&ov, 1_800_000_000 - 10 * 86_400),
            "*.example.com until 2027-01-15 (10 d) (+1 more)"
        );
        assert!(certs_cell(&ov, 1_800_000_001).contains("EXPIRED"));
    }
}
