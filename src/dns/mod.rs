//! `rdc context dns`: the DNS records a machine needs, in the operator's Cloudflare zone.
//!
//! Wanted records come from the machine's settings (public IPs, base domain), the domains its
//! repositories declare, and the hosts its route server routes (`rdc host hosts` over SSH, from
//! `/routes.json`); `records` plans against what the zone has (create, update, unchanged, left
//! alone, delete of rdc's own stale records), `cloudflare` talks to the API. When the server
//! cannot say what it routes, records of custom hosts are never deleted.

pub(crate) mod cloudflare;
pub(crate) mod records;
pub(crate) mod stage;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::context::Machine;
use crate::contract::call::{Call, Hosts};
use crate::contract::paths::ServerPaths;
use crate::error::usage;
use crate::progress::Progress;
use crate::ssh::Remote;
use crate::ssh::call::Called;
use cloudflare::{Api, Zone};
use records::Step;

/// The plan for one machine, with what is needed to apply it.
pub(crate) struct Prepared {
    pub machine: String,
    api: Api,
    pub plan: Plan,
    zones: BTreeMap<String, Zone>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ZoneSteps {
    pub zone: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Plan {
    pub machine: String,
    pub zones: Vec<ZoneSteps>,
    /// Hosts the base domain's records already answer for.
    pub covered: Vec<String>,
    /// Hosts in no zone the token sees (left to whoever serves their DNS).
    pub no_zone: Vec<String>,
    /// Whether the server said what it routes.
    pub hosts_known: bool,
}

impl Plan {
    pub(crate) fn changes(&self) -> bool {
        self.zones.iter().any(|z| z.steps.iter().any(Step::changes))
    }
    pub(crate) fn text(&self) -> String {
        let mut s = format!("DNS plan for {}:\n", self.machine);
        for z in &self.zones {
            s.push_str(&format!(" zone {}\n", z.zone));
            for st in &z.steps {
                s.push_str(&st.line());
                s.push('\n');
            }
        }
        if !self.covered.is_empty() {
            s.push_str(&format!(
                "  (covered by the base domain's records: {})\n",
                self.covered.join(", ")
            ));
        }
        if !self.no_zone.is_empty() {
            s.push_str(&format!(
                "  (no Cloudflare zone for: {}; their DNS is served elsewhere)\n",
                self.no_zone.join(", ")
            ));
        }
        s
    }
}

/// What the machine's route server routes, asked over SSH: None when it cannot say.
pub(crate) async fn routed_hosts(
    r: &Remote,
    m: &Machine,
    p: &dyn Progress,
) -> Result<Option<Vec<String>>> {
    let paths = ServerPaths::new(&m.prefix);
    let call = Call::Hosts {
        prefix: m.prefix.clone(),
    };
    let why = match r.call::<Hosts>(&paths.rdc_bin(), &call, None).await {
        Ok(Called::Answer(a)) if a.answered => return Ok(Some(a.hosts)),
        Ok(Called::Answer(_)) => "its route server did not answer".to_string(),
        Err(e) if format!("{e:#}").contains("unreadable answer") => {
            "its answer was unreadable".to_string()
        }
        Err(e) => return Err(e),
        Ok(Called::NotInstalled) => "rdc is not installed there".to_string(),
        Ok(Called::Failed { .. }) => format!(
            "its rdc is older than this one (push it with: rdc context push-infra {})",
            r.name
        ),
    };
    p.warn(&format!(
        "{}: cannot list the hosts it routes ({why}); planning the base domain's records and declared domains only, and deleting no record of a custom host",
        r.name
    ));
    Ok(None)
}

/// Read the zone(s) and plan. Changes nothing.
pub(crate) async fn prepare(
    name: &str,
    m: &Machine,
    declared: &[String],
    take_over: &[String],
    ssh_key: Option<&Path>,
    p: &dyn Progress,
) -> Result<Prepared> {
    let Some(infra) = m.infra.as_ref() else {
        return Err(usage(format!(
            "machine {name} has no infra settings; set them with: rdc context set-infra {name} --public-ipv4 IP --base-domain DOMAIN --cf-dns-token -"
        )));
    };
    let Some(token) = infra.cf_dns_token() else {
        return Err(usage(format!(
            "machine {name} has no Cloudflare token; set one with Zone:DNS:Edit on its zone: rdc context set-infra {name} --cf-dns-token -"
        )));
    };
    let (v4, v6) = (infra.public_ipv4(), infra.public_ipv6());
    if v4.is_none() && v6.is_none() {
        return Err(usage(format!(
            "machine {name} has no public address to point records at; set it with: rdc context set-infra {name} --public-ipv4 IP (and/or --public-ipv6 IP)"
        )));
    }
    let base = infra.base_domain();
    let mut hosts: BTreeSet<String> = declared
        .iter()
        .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
        .collect();
    p.begin(&format!("asking {name} which hosts it routes"));
    let routed = match Remote::connect(name, m, ssh_key).await {
        Ok(r) => {
            let h = routed_hosts(&r, m, p).await;
            r.close().await;
            h?
        }
        Err(e) => {
            p.warn(&format!(
                "{name}: cannot list the hosts it routes ({e:#}); planning the base domain's records and declared domains only, and deleting no record of a custom host"
            ));
            None
        }
    };
    p.end();
    let hosts_known = routed.is_some();
    hosts.extend(routed.into_iter().flatten());
    if base.is_none() && hosts.is_empty() {
        return Err(usage(format!(
            "machine {name} has no base domain and routes no host: nothing to put in DNS; set one with: rdc context set-infra {name} --base-domain DOMAIN"
        )));
    }
    let (wants, covered) = records::wanted(base, v4, v6, &hosts);
    let api = Api::new(name, token)?;
    p.begin(&format!("reading {name}'s zone(s) in Cloudflare"));
    let res = plan_zones(name, take_over, &api, base, &wants, hosts_known).await;
    p.end();
    let (zones, steps, no_zone) = res?;
    Ok(Prepared {
        machine: name.to_string(),
        api,
        plan: Plan {
            machine: name.to_string(),
            zones: steps,
            covered,
            no_zone,
            hosts_known,
        },
        zones,
    })
}

type Zoned = (BTreeMap<String, Zone>, Vec<ZoneSteps>, Vec<String>);

async fn plan_zones(
    machine: &str,
    take_over: &[String],
    api: &Api,
    base: Option<&str>,
    wants: &[records::Want],
    hosts_known: bool,
) -> Result<Zoned> {
    let mut zones: BTreeMap<String, Zone> = BTreeMap::new();
    let mut by_zone: BTreeMap<String, Vec<records::Want>> = BTreeMap::new();
    let mut no_zone = Vec::new();
    let base_names: BTreeSet<String> = base
        .map(|b| {
            let b = b.trim_end_matches('.').to_ascii_lowercase();
            [b.clone(), format!("*.{b}")].into_iter().collect()
        })
        .unwrap_or_default();
    for w in wants {
        if no_zone.contains(&w.name) {
            continue;
        }
        let known = zones
            .values()
            .find(|z| w.name == z.name || w.name.ends_with(&format!(".{}", z.name)))
            .cloned();
        let zone = match known {
            Some(z) => z,
            None => match api.zone_for(&w.name).await? {
                Some(z) => {
                    zones.insert(z.name.clone(), z.clone());
                    z
                }
                // The base domain must be in a zone; a custom host may be served elsewhere.
                None if base_names.contains(&w.name) => {
                    return Err(api.no_zone(w.name.trim_start_matches("*.")));
                }
                None => {
                    if !no_zone.contains(&w.name) {
                        no_zone.push(w.name.clone());
                    }
                    continue;
                }
            },
        };
        by_zone
            .entry(zone.name.clone())
            .or_default()
            .push(w.clone());
    }
    let mut out = Vec::new();
    for (zname, zone) in &zones {
        let existing = api.records(zone).await?;
        let wanted = by_zone.get(zname).cloned().unwrap_or_default();
        let mut steps = records::plan(machine, take_over, &wanted, &existing);
        if !hosts_known {
            steps.retain(|s| match s {
                Step::Delete { record } => {
                    base_names.contains(&record.name.trim_end_matches('.').to_ascii_lowercase())
                }
                _ => true,
            });
        }
        out.push(ZoneSteps {
            zone: zname.clone(),
            steps,
        });
    }
    Ok((zones, out, no_zone))
}

/// What applying did.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Applied {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub left_alone: usize,
}

impl Applied {
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} created, {} updated, {} deleted, {} left alone",
            self.created, self.updated, self.deleted, self.left_alone
        )
    }
}

impl Prepared {
    /// Apply every change of the plan. Records are independent: after a failure, a re-run
    /// finishes the rest.
    pub(crate) async fn apply(&self, p: &dyn Progress) -> Result<Applied> {
        let mark = records::marker(&self.machine);
        let mut done = Applied::default();
        let total = self
            .plan
            .zones
            .iter()
            .flat_map(|z| &z.steps)
            .filter(|s| s.changes())
            .count() as u64;
        let mut n = 0;
        for z in &self.plan.zones {
            let zone = &self.zones[&z.zone];
            for s in &z.steps {
                if s.changes() {
                    p.event(crate::progress::Event::Step {
                        done: n,
                        total,
                        what: s.line().trim().to_string(),
                    });
                    n += 1;
                }
                match s {
                    Step::Create { want } => {
                        self.api.create(zone, want, &mark).await?;
                        done.created += 1;
                    }
                    Step::Update { id, want, .. } => {
                        self.api.update(zone, id, want, &mark).await?;
                        done.updated += 1;
                    }
                    Step::Delete { record } => {
                        self.api.delete(zone, &record.id).await?;
                        done.deleted += 1;
                    }
                    Step::Foreign { .. } => done.left_alone += 1,
                    Step::Unchanged { .. } => {}
                }
            }
        }
        p.end();
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    //! What the machine routes, asked over the SSH fake: each answer of `rdc host hosts` (and
    //! its absence) leads to hosts, or to a warning and no deletion of custom hosts' records.
    use super::*;
    use crate::progress::Recorder;
    use crate::ssh::fake::Fake;

    fn machine() -> Machine {
        Machine::for_tests("/", crate::context::ServiceManager::Systemd)
    }

    async fn ask(fake: &Fake) -> (Option<Vec<String>>, Vec<String>) {
        let p = Recorder::default();
        let h = routed_hosts(&fake.remote("s1"), &machine(), &p)
            .await
            .unwrap();
        (h, p.warnings())
    }

    #[tokio::test]
    async fn the_routed_hosts_come_from_the_servers_answer() {
        let fake = Fake::new();
        fake.on(
            &["host", "hosts"],
            0,
            r#"{"answered":true,"hosts":["shop.example.org"]}"#,
            "",
        );
        let (h, w) = ask(&fake).await;
        assert_eq!(h.unwrap(), ["shop.example.org"]);
        assert!(w.is_empty());
        let call = &fake.ran("hosts")[0];
        assert!(
            call.contains("exit 121"),
            "the call tells a missing rdc: {call}"
        );
    }

    #[tokio::test]
    async fn without_an_answer_custom_hosts_are_left_alone_with_the_reason() {
        for (code, out, why) in [
            (
                0,
                r#"{"answered":false,"hosts":[]}"#,
                "its route server did not answer",
            ),
            (0, "garbage", "its answer was unreadable"),
            (
                crate::contract::host::NOT_INSTALLED,
                "",
                "rdc is not installed there",
            ),
            (2, "", "push it with: rdc context push-infra s1"),
        ] {
            let fake = Fake::new();
            fake.on(&["host", "hosts"], code, out, "");
            let (h, w) = ask(&fake).await;
            assert!(h.is_none(), "{why}");
            assert!(
                w.len() == 1 && w[0].contains(why) && w[0].contains("deleting no record"),
                "{w:?}"
            );
        }
    }
}
