//! What `rdc compose` adds to every service beyond labels and addresses: `CAP_NET_RAW` dropped,
//! a size on every tmpfs, and, when the repository is isolated, the service's slot cgroup with its programs
//! (docs/isolation.md).

use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Value, json};

use super::slots::Slots;
use crate::contract::NetworkId;
use crate::error::usage;

/// Raw and packet sockets would see and forge any traffic of the host's network namespace:
/// `CAP_NET_RAW` is dropped from every service (`--unsafe` keeps it).
pub(crate) fn drop_net_raw(project: &mut Value) {
    let Some(svcs) = project.get_mut("services").and_then(Value::as_object_mut) else {
        return;
    };
    for svc in svcs.values_mut() {
        let Some(s) = svc.as_object_mut() else {
            continue;
        };
        let drop = s.entry("cap_drop").or_insert_with(|| json!([]));
        if let Some(list) = drop.as_array_mut()
            && !list.iter().any(|c| {
                c.as_str().is_some_and(|c| {
                    matches!(
                        c.to_ascii_uppercase().as_str(),
                        "NET_RAW" | "CAP_NET_RAW" | "ALL"
                    )
                })
            })
        {
            list.push(json!("NET_RAW"));
        }
    }
}

/// A tmpfs without a size could take half the server's memory (the kernel's default): it gets
/// the largest size the guard allows ([`super::guard::TMPFS_MAX`]).
pub(crate) fn bound_tmpfs(project: &mut Value) {
    let max = super::guard::TMPFS_MAX;
    let Some(svcs) = project.get_mut("services").and_then(Value::as_object_mut) else {
        return;
    };
    for svc in svcs.values_mut() {
        let sized = |t: &str| -> String {
            let (target, opts) = t.split_once(':').unwrap_or((t, ""));
            if opts.split(',').any(|o| o.trim().starts_with("size=")) {
                t.to_string()
            } else if opts.is_empty() {
                format!("{target}:size={max}")
            } else {
                format!("{target}:{opts},size={max}")
            }
        };
        if let Some(t) = svc.get_mut("tmpfs") {
            let new = match &*t {
                Value::String(one) => json!([sized(one)]),
                Value::Array(list) => Value::Array(
                    list.iter()
                        .map(|x| x.as_str().map_or_else(|| x.clone(), |x| json!(sized(x))))
                        .collect(),
                ),
                other => other.clone(),
            };
            *t = new;
        }
        for v in svc
            .get_mut("volumes")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if v.get("type").and_then(Value::as_str) == Some("tmpfs")
                && v.pointer("/tmpfs/size").is_none()
                && let Some(m) = v.as_object_mut()
            {
                let t = m.entry("tmpfs").or_insert_with(|| json!({}));
                if let Some(t) = t.as_object_mut() {
                    t.insert("size".into(), json!(max));
                }
            }
        }
    }
}

/// When the repository is isolated (`rdc repo up` says where its cgroups are, through
/// `RDC_CGROUP_ROOT`/`RDC_CGROUP_NAME`): each service's slot cgroup gets its programs now,
/// before compose starts anything, and the service's containers are parented there.
pub(crate) fn isolate(project: &mut Value, slots: &Slots, network_id: NetworkId) -> Result<()> {
    use crate::isolation::{ALLOW_VAR, NAME_VAR, ROOT_VAR};
    let (Some(root), Some(name)) = (std::env::var_os(ROOT_VAR), std::env::var(NAME_VAR).ok())
    else {
        return Ok(());
    };
    let cg = crate::isolation::Layout {
        v2: PathBuf::from(root),
        name,
    };
    let allow: Vec<std::net::Ipv4Addr> = std::env::var(ALLOW_VAR)
        .unwrap_or_default()
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    let Some(svcs) = project.get_mut("services").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (svc_name, svc) in svcs.iter_mut() {
        let Some(slot) = slots.services.get(svc_name).map(|s| s.slot) else {
            continue;
        };
        let slot = u8::try_from(slot)
            .map_err(|_| usage(format!("slot {slot} of {svc_name} is out of range")))?;
        crate::isolation::ensure(
            &cg.slot(slot),
            &crate::isolation::policy(network_id, Some(slot), &allow),
        )?;
        if let Some(s) = svc.as_object_mut() {
            s.insert("cgroup_parent".into(), json!(cg.slot_parent(slot)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_raw_is_dropped_once() {
        let mut p = json!({"services": {
            "a": {"image": "x"},
            "b": {"image": "x", "cap_drop": ["NET_RAW"]},
            "c": {"image": "x", "cap_drop": ["ALL"]},
            "d": {"image": "x", "cap_drop": ["CHOWN"]}
        }});
        drop_net_raw(&mut p);
        assert_eq!(p["services"]["a"]["cap_drop"], json!(["NET_RAW"]));
        assert_eq!(p["services"]["b"]["cap_drop"], json!(["NET_RAW"]));
        assert_eq!(p["services"]["c"]["cap_drop"], json!(["ALL"]));
        assert_eq!(p["services"]["d"]["cap_drop"], json!(["CHOWN", "NET_RAW"]));
    }

    #[test]
    fn every_tmpfs_gets_a_size() {
        let mut p = json!({"services": {
            "a": {"tmpfs": "/run"},
            "b": {"tmpfs": ["/tmp:mode=1777", "/x:size=64m"], "volumes": [
                {"type": "tmpfs", "target": "/cache"},
                {"type": "tmpfs", "target": "/small", "tmpfs": {"size": 1024}}
            ]}
        }});
        bound_tmpfs(&mut p);
        let max = super::super::guard::TMPFS_MAX;
        assert_eq!(
            p["services"]["a"]["tmpfs"],
            json!([format!("/run:size={max}")])
        );
        assert_eq!(
            p["services"]["b"]["tmpfs"],
            json!([format!("/tmp:mode=1777,size={max}"), "/x:size=64m"])
        );
        assert_eq!(
            p["services"]["b"]["volumes"][0]["tmpfs"]["size"],
            json!(max)
        );
        assert_eq!(
            p["services"]["b"]["volumes"][1]["tmpfs"]["size"],
            json!(1024)
        );
    }
}
