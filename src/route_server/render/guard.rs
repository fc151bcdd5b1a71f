//! Defence in depth: before a body is published, every repository's part is checked as a whole
//! against the schema, the way Traefik's file/HTTP provider will decode it (canonical field
//! names, value types and ranges, no empty sections, no label-only fields). A part that fails —
//! which means a bug in an earlier stage — is withheld with a reason, so that the others are
//! still published: one repository can never make Traefik refuse everyone's update.

use serde_json::Value;

use super::Repo;
use super::conf::{Conf, Res};
use super::report::Skipped;
use crate::route_server::labels::schema::{Schema, StructDef, Ty};
use crate::route_server::labels::values;

/// Check one resource; the error names the path of the first bad value.
pub fn check(r: Res, name: &str, v: &Value) -> Result<(), String> {
    let schema = Schema::get();
    let path = format!("{}.{}.{name}", r.proto(), r.section());
    strukt(schema, schema.strukt(r.schema_struct()), v, &path, false)
}

/// Check a whole configuration.
pub fn check_conf(conf: &Conf) -> Result<(), String> {
    for r in Res::ALL {
        for (name, v) in conf.get(r) {
            check(r, name, v)?;
        }
    }
    Ok(())
}

/// The stage: withhold the part of any repository that fails.
pub fn stage(repos: &mut [Repo], skipped: &mut Vec<Skipped>) {
    for repo in repos.iter_mut() {
        if let Err(e) = check_conf(&repo.conf) {
            tracing::error!(network_id = %repo.network_id, error = %e, "a repository's routes fail the final check; they are withheld");
            skipped.push(Skipped {
                network_id: repo.network_id,
                container: None,
                container_id: None,
                what: "repository".into(),
                reason: format!(
                    "its routes failed the final check against Traefik's schema ({e}); they are withheld so that Traefik keeps accepting everyone else's (please report this as an rdc bug)"
                ),
                changed: false,
            });
            repo.conf = Conf::default();
        }
    }
}

fn strukt(
    schema: &Schema,
    def: &StructDef,
    v: &Value,
    path: &str,
    allow_empty: bool,
) -> Result<(), String> {
    let o = v
        .as_object()
        .ok_or_else(|| format!("{path}: expected a section"))?;
    if o.is_empty() && !allow_empty {
        return Err(format!("{path}: an empty section is refused by Traefik"));
    }
    for (k, x) in o {
        if x.is_null() {
            // Traefik treats null as absent.
            continue;
        }
        let p = format!("{path}.{k}");
        let f = def
            .emitted(k)
            .ok_or_else(|| format!("{p}: not a field Traefik decodes"))?;
        value(schema, &f.ty, x, &p)?;
    }
    Ok(())
}

fn value(schema: &Schema, ty: &Ty, v: &Value, path: &str) -> Result<(), String> {
    let bad = |what: &str| Err(format!("{path}: expected {what}"));
    match ty {
        Ty::Str => v.as_str().map(|_| ()).map_or_else(|| bad("a string"), Ok),
        Ty::Bool => v.as_bool().map(|_| ()).map_or_else(|| bad("a boolean"), Ok),
        Ty::Int => v
            .as_i64()
            .map(|_| ())
            .map_or_else(|| bad("a 64-bit integer"), Ok),
        Ty::Float => match v.as_f64() {
            Some(f) if f.is_finite() => Ok(()),
            _ => bad("a finite number"),
        },
        Ty::Dur => match v.as_str().map(values::parse_duration) {
            Some(Ok(_)) => Ok(()),
            Some(Err(e)) => Err(format!("{path}: {e}")),
            None => bad("a duration"),
        },
        Ty::StrList => list(v, path, |x| x.is_string(), "strings"),
        Ty::IntList => list(v, path, |x| x.is_i64(), "integers"),
        Ty::StrMap | Ty::IntMap => {
            let o = v
                .as_object()
                .ok_or_else(|| format!("{path}: expected a map"))?;
            if o.is_empty() {
                return bad("a non-empty map");
            }
            let want_int = *ty == Ty::IntMap;
            if o.values()
                .all(|x| if want_int { x.is_i64() } else { x.is_string() })
            {
                Ok(())
            } else {
                bad("a map of scalars of one type")
            }
        }
        Ty::Refused => bad("nothing (this field is never emitted)"),
        Ty::Struct { name, allow_empty } => {
            strukt(schema, schema.strukt(name), v, path, *allow_empty)
        }
        Ty::Map(name) => {
            let o = v
                .as_object()
                .ok_or_else(|| format!("{path}: expected a map"))?;
            if o.is_empty() {
                return bad("a non-empty map");
            }
            for (k, x) in o {
                strukt(
                    schema,
                    schema.strukt(name),
                    x,
                    &format!("{path}.{k}"),
                    false,
                )?;
            }
            Ok(())
        }
        Ty::Slice(name) | Ty::SliceAsStruct { name, .. } => {
            let a = v
                .as_array()
                .ok_or_else(|| format!("{path}: expected a list"))?;
            for (i, x) in a.iter().enumerate() {
                strukt(
                    schema,
                    schema.strukt(name),
                    x,
                    &format!("{path}[{i}]"),
                    true,
                )?;
            }
            Ok(())
        }
    }
}

fn list(v: &Value, path: &str, ok: impl Fn(&Value) -> bool, what: &str) -> Result<(), String> {
    match v.as_array() {
        Some(a) if a.iter().all(ok) => Ok(()),
        _ => Err(format!("{path}: expected a list of {what}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_what_rdc_emits_and_refuses_the_rest() {
        check(
            Res::HttpRouter,
            "r",
            &json!({"rule": "Host(`a`)", "entryPoints": ["web"], "service": "s", "tls": {}}),
        )
        .unwrap();
        check(Res::HttpService, "s", &json!({"loadBalancer": {"servers": [{"url": "http://127.0.11.2:80"}], "healthCheck": {"interval": "10s"}}})).unwrap();
        check(
            Res::HttpMiddleware,
            "m",
            &json!({"rateLimit": {"period": "90s", "average": 5}}),
        )
        .unwrap();
        for (r, v, why) in [
            (
                Res::HttpMiddleware,
                json!({"rateLimit": {"period": "9999999999999s"}}),
                "overflow",
            ),
            (
                Res::HttpMiddleware,
                json!({"rateLimit": {"average": 1.5}}),
                "integer",
            ),
            (
                Res::HttpRouter,
                json!({"rule": "x", "bogus": 1}),
                "not a field",
            ),
            (Res::HttpRouter, json!({}), "empty"),
            (
                Res::HttpService,
                json!({"loadBalancer": {"servers": [{"url": "x", "port": "80"}]}}),
                "not a field",
            ),
            (
                Res::HttpMiddleware,
                json!({"headers": {"customRequestHeaders": {}}}),
                "non-empty",
            ),
            (
                Res::HttpMiddleware,
                json!({"plugin": {"x": {}}}),
                "never emitted",
            ),
            (Res::HttpRouter, json!({"Rule": "x"}), "not a field"),
        ] {
            let e = check(r, "x", &v).unwrap_err();
            assert!(e.contains(why), "{v}: {e}");
        }
    }
}
