//! The probe route: one router the route server always adds for itself, on Traefik's loopback
//! admin entrypoint (`traefik`, which no repository may use), for `GET /rdc-probe` with the
//! reserved host `probe.rdc.invalid` (no repository may claim it), answered by the route
//! server itself (Traefik forwards the path as it is).
//!
//! A Traefik that serves it has switched its entrypoints to this provider's configuration, not
//! only loaded it into its API: that is how a proxy handover (`proxy::supervisor`) knows that a
//! new Traefik is ready before any connection goes to it. It also keeps the body from ever
//! being empty.

use serde_json::{Value, json};

use crate::contract::router::RouterConfig;

pub use crate::contract::paths::probe::{BODY, HOST, NAME, PATH};

/// Add the probe router and its service to a rendered configuration.
pub fn add(config: &mut Value, cfg: &RouterConfig) {
    if !config.is_object() {
        *config = json!({});
    }
    let http = config
        .as_object_mut()
        .expect("an object")
        .entry("http")
        .or_insert_with(|| json!({}));
    let m = http.as_object_mut().expect("http is an object");
    m.entry("routers").or_insert_with(|| json!({}))[NAME] = json!({
        "rule": format!("Host(`{HOST}`) && Path(`{PATH}`)"),
        "entryPoints": ["traefik"],
        "service": NAME,
    });
    m.entry("services").or_insert_with(|| json!({}))[NAME] = json!({
        "loadBalancer": {"servers": [{"url": format!("http://{}", cfg.listen)}]}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_to_empty_and_full_configurations() {
        let cfg = RouterConfig::default();
        let mut empty = json!({});
        add(&mut empty, &cfg);
        assert_eq!(
            empty["http"]["routers"][NAME]["entryPoints"],
            json!(["traefik"])
        );
        assert_eq!(
            empty["http"]["services"][NAME]["loadBalancer"]["servers"][0]["url"],
            format!("http://{}", cfg.listen)
        );
        let mut full = json!({"http": {"routers": {"a": {"rule": "Host(`a.example.com`)"}}}});
        add(&mut full, &cfg);
        assert!(full["http"]["routers"]["a"].is_object());
        assert!(full["http"]["routers"][NAME].is_object());
        // No repository can claim the probe's name.
        assert!(crate::contract::hostname::canonical(HOST.as_bytes()).is_err());
    }
}
