//! Which machines a command works on: names (`server-1 server-2`), `-m a,b`, or `--all`, with
//! `--parallel N` bounding how many work at once. Shared by every command that can drive
//! several machines (push-infra, setup-machine, dns, status).

use anyhow::Result;
use clap::Args;

use crate::context::{self as ctxmod, Context};
use crate::error::usage;

/// Machines of the selected context.
#[derive(Debug, Clone, Args)]
pub struct Machines {
    /// Machines to work on (several run in parallel)
    #[arg(value_name = "MACHINE")]
    pub names: Vec<String>,
    /// Machines, comma-separated (the same as naming them)
    #[arg(
        short = 'm',
        long = "machine",
        value_name = "A,B",
        value_delimiter = ','
    )]
    pub machine: Vec<String>,
    /// Every machine of the context
    #[arg(long, conflicts_with_all = ["names", "machine"])]
    pub all: bool,
    /// How many machines work at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallel: u16,
}

impl Machines {
    /// The machines named (each once, in the order given), checked against the context.
    pub fn resolve(&self, ctx_name: &str, c: &Context, command: &str) -> Result<Vec<String>> {
        if self.all {
            if c.machines.is_empty() {
                return Err(usage(format!(
                    "context {ctx_name} has no machines; add one with: rdc context add-machine NAME --ip IP --user USER"
                )));
            }
            return Ok(c.machines.keys().cloned().collect());
        }
        let mut out: Vec<String> = Vec::new();
        for n in self.names.iter().chain(&self.machine) {
            let n = n.trim();
            if n.is_empty() {
                continue;
            }
            ctxmod::machine(ctx_name, c, n)?;
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
        if out.is_empty() {
            return Err(usage(format!(
                "name a machine: rdc {command} MACHINE (several: -m a,b, or --all for every machine of the context)"
            )));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        m: Machines,
    }

    fn ctx() -> Context {
        toml::from_str(
            r#"
            [machines.a]
            ip = "10.0.0.1"
            user = "root"
            [machines.b]
            ip = "10.0.0.2"
            user = "root"
            [machines.c]
            ip = "10.0.0.3"
            user = "root"
            "#,
        )
        .unwrap()
    }

    fn pick(args: &[&str]) -> Result<Vec<String>> {
        let mut v = vec!["t"];
        v.extend_from_slice(args);
        T::try_parse_from(v)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .m
            .resolve("x", &ctx(), "context push-infra")
    }

    #[test]
    fn names_flags_and_all_select_machines_once_in_order() {
        assert_eq!(pick(&["b", "a"]).unwrap(), ["b", "a"]);
        assert_eq!(pick(&["-m", "c,a", "a"]).unwrap(), ["a", "c"]);
        assert_eq!(pick(&["--all"]).unwrap(), ["a", "b", "c"]);
        let e = pick(&[]).unwrap_err().to_string();
        assert!(e.contains("-m a,b") && e.contains("--all"), "{e}");
        let e = pick(&["a", "zz"]).unwrap_err().to_string();
        assert!(e.contains("zz") && e.contains("a, b, c"), "{e}");
        assert!(pick(&["--all", "a"]).is_err());
        assert!(pick(&["a", "--parallel", "0"]).is_err());
    }
}
