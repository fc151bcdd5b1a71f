//! The route server (`rdc route-server`): discovers every repository's Docker daemon, turns
//! container labels into Traefik dynamic configuration and serves it on a loopback HTTP API.

pub mod config;
pub mod labels;
pub mod model;
pub mod ports;
pub mod render;
pub mod rules;
pub mod schema;
