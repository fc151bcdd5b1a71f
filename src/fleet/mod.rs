//! Work on several machines at once: each machine's job runs concurrently (at most `parallel`
//! at a time), with its own progress lane; one machine failing never stops the others. The
//! results come back in the order the machines were named, each with its duration, and
//! [`Summary`] turns them into the table printed at the end and the error (`N of M machines
//! failed: …`, with the exit code of the first failure) that makes the exit status non-zero.

pub(crate) mod staged;

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::Serialize;

use crate::error::{ExitKind, Fail};

/// One machine's result.
pub(crate) struct Ran<T> {
    pub machine: String,
    pub took: Duration,
    pub result: T,
}

/// Run `job` for every machine, at most `parallel` at a time, results in the machines' order.
pub(crate) async fn each<T, F, Fut>(machines: &[String], parallel: usize, job: F) -> Vec<Ran<T>>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = T>,
{
    let job = &job;
    futures_util::stream::iter(machines.iter().cloned())
        .map(|m| async move {
            let start = Instant::now();
            let result = job(m.clone()).await;
            Ran {
                machine: m,
                took: start.elapsed(),
                result,
            }
        })
        .buffered(parallel.max(1))
        .collect()
        .await
}

/// A row of the summary table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    pub machine: String,
    pub ok: bool,
    /// `applied`, `up to date`, `dry run`, `failed`, …
    pub result: String,
    pub seconds: f64,
    /// What changed (or, for a failure, why).
    pub detail: String,
}

/// Every machine's row, and the failures.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Summary {
    pub machines: Vec<Row>,
    #[serde(skip)]
    failures: Vec<(String, ExitKind, String)>,
}

impl Summary {
    pub(crate) fn ok(&mut self, machine: &str, took: Duration, result: &str, detail: String) {
        self.machines.push(Row {
            machine: machine.to_string(),
            ok: true,
            result: result.to_string(),
            seconds: secs(took),
            detail,
        });
    }

    pub(crate) fn failed(&mut self, machine: &str, took: Duration, err: &anyhow::Error) {
        let msg = format!("{err:#}");
        let kind = err
            .chain()
            .find_map(|c| c.downcast_ref::<Fail>())
            .map(|f| f.kind)
            .unwrap_or(ExitKind::General);
        self.machines.push(Row {
            machine: machine.to_string(),
            ok: false,
            result: "failed".into(),
            seconds: secs(took),
            detail: msg.clone(),
        });
        self.failures.push((machine.to_string(), kind, msg));
    }

    /// Put the rows in the order the machines were named.
    pub(crate) fn sort_by(&mut self, names: &[String]) {
        let pos = |m: &str| names.iter().position(|n| n == m).unwrap_or(usize::MAX);
        self.machines.sort_by_key(|r| pos(&r.machine));
        self.failures.sort_by_key(|f| pos(&f.0));
    }

    /// The table shown at the end.
    pub(crate) fn table(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .machines
            .iter()
            .map(|r| {
                vec![
                    r.machine.clone(),
                    r.result.clone(),
                    format!("{:.1}s", r.seconds),
                    r.detail.clone(),
                ]
            })
            .collect();
        crate::output::table(&["MACHINE", "RESULT", "TIME", "DETAIL"], rows)
    }

    /// Ok when every machine succeeded; else one error naming each failure (`N of M noun
    /// failed: …`), with the exit code of the first.
    pub(crate) fn into_result_of(self, noun: &str) -> anyhow::Result<()> {
        let Some((_, kind, _)) = self.failures.first() else {
            return Ok(());
        };
        let names: Vec<String> = self
            .failures
            .iter()
            .map(|(m, _, msg)| format!("{m}: {msg}"))
            .collect();
        Err(Fail::new(
            *kind,
            format!(
                "{} of {} {noun} failed: {}",
                self.failures.len(),
                self.machines.len(),
                names.join("; ")
            ),
        )
        .into())
    }
}

fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn machines_run_concurrently_within_the_bound_and_keep_their_order() {
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let names: Vec<String> = (0..6).map(|i| format!("m{i}")).collect();
        let out = each(&names, 2, |m| {
            let (running, peak) = (&running, &peak);
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                if m == "m3" {
                    return Err(anyhow::anyhow!("m3 broke"));
                }
                Ok(m)
            }
        })
        .await;
        assert_eq!(peak.load(Ordering::SeqCst), 2);
        let order: Vec<&str> = out.iter().map(|r| r.machine.as_str()).collect();
        assert_eq!(order, ["m0", "m1", "m2", "m3", "m4", "m5"]);
        assert!(out[3].result.is_err());
        assert!(out.iter().filter(|r| r.result.is_ok()).count() == 5);
    }

    #[test]
    fn a_failure_names_the_machine_and_keeps_its_exit_code() {
        let mut s = Summary::default();
        s.ok("a", Duration::from_millis(1200), "applied", "rdc".into());
        s.failed(
            "b",
            Duration::from_secs(3),
            &crate::error::connection("cannot reach b"),
        );
        let t = s.table();
        assert!(
            t.contains("applied") && t.contains("failed") && t.contains("1.2s"),
            "{t}"
        );
        let e = s.into_result_of("machines").unwrap_err();
        assert_eq!(e.to_string(), "1 of 2 machines failed: b: cannot reach b");
        assert_eq!(
            crate::error::exit_code_for(&e),
            Some(ExitKind::Connection.code())
        );
    }
}
