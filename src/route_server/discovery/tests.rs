//! The follow loop against the scripted fake, in virtual time (tokio's paused clock): what a
//! daemon that breaks, stays away and comes back does to the registry, with no daemon and no
//! waiting. The transitions themselves are tested in `state`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::fake::{End, Script, Session, container, event};
use super::*;

const SOCKET: &str = "/fake/docker-2816.sock";

/// Start following the fake daemon; the registry already knows the socket (as after a scan).
fn start(script: &Script, grace: Duration) -> (Shared, JoinHandle<()>) {
    let shared = Shared::new();
    shared.registry.lock().unwrap().scanned(
        "/fake/docker-*.sock",
        Ok(vec![PathBuf::from(SOCKET)]),
        SystemTime::now(),
    );
    let task = tokio::spawn(follow(shared.clone(), SOCKET.into(), grace, script.clone()));
    (shared, task)
}

/// (state, number of containers) every 50 ms of virtual time, for `secs` seconds.
async fn observe(shared: &Shared, secs: u64) -> Vec<(tokio::time::Instant, DaemonState, usize)> {
    let mut seen = Vec::new();
    for _ in 0..secs * 20 {
        {
            let r = shared.registry.lock().unwrap();
            let d = &r.daemons[Path::new(SOCKET)];
            seen.push((tokio::time::Instant::now(), d.state, d.containers.len()));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    seen
}

fn serve(list: Vec<crate::route_server::model::Container>, end: End) -> Session {
    Session::Serve {
        list,
        events: vec![],
        inspect: HashMap::new(),
        end,
    }
}

#[tokio::test(start_paused = true)]
async fn a_daemon_back_within_the_grace_period_never_loses_its_routes() {
    let script = Script::new(vec![
        serve(vec![container("a", &[])], End::Fail),
        Session::Refused,
        Session::Refused,
        Session::Refused,
        serve(vec![container("a", &[]), container("b", &[])], End::Hang),
    ]);
    let (shared, task) = start(&script, Duration::from_secs(60));
    let seen = observe(&shared, 10).await;
    task.abort();
    assert!(
        seen.iter()
            .any(|(_, s, n)| *s == DaemonState::Unreachable && *n == 1),
        "it was unreachable with its route kept: {seen:?}"
    );
    let first = seen.iter().position(|(_, _, n)| *n > 0).unwrap();
    assert!(
        seen[first..].iter().all(|(_, _, n)| *n > 0),
        "the route never vanished: {seen:?}"
    );
    assert_eq!(seen.last().map(|x| (x.1, x.2)), Some((DaemonState::Ok, 2)));
    assert_eq!(
        script.connects.load(Ordering::SeqCst),
        5,
        "reconnected after each failure"
    );
}

#[tokio::test(start_paused = true)]
async fn a_daemon_away_longer_than_the_grace_period_loses_its_routes_then() {
    let grace = Duration::from_secs(3);
    let script = Script::new(vec![serve(vec![container("a", &[])], End::Fail)]);
    let (shared, task) = start(&script, grace);
    let seen = observe(&shared, 12).await;
    task.abort();
    let down = seen
        .iter()
        .find(|(_, s, _)| *s == DaemonState::Unreachable)
        .expect("became unreachable");
    assert_eq!(down.2, 1, "routes kept at first");
    let gone = seen
        .iter()
        .find(|(_, s, n)| *s == DaemonState::Unreachable && *n == 0)
        .expect("routes withdrawn");
    let after = gone.0 - down.0;
    // Withdrawn at the first retry after the grace period (retries are at most 5 s apart).
    assert!(
        after >= grace - Duration::from_millis(50) && after <= grace + BACKOFF_MAX,
        "withdrawn {after:?} after the failure"
    );
    assert!(seen.iter().skip_while(|x| x.0 < gone.0).all(|x| x.2 == 0));
}

#[tokio::test(start_paused = true)]
async fn events_are_applied_and_unknown_containers_inspected() {
    let b = container("b", &[("traefik.enable", "true")]);
    let script = Script::new(vec![Session::Serve {
        list: vec![container("a", &[])],
        events: vec![
            event("create", "b"),
            event("die", "a"),
            event("exec_start: sh", "a"),
            event("destroy", "a"),
            // Inspect says the daemon no longer knows it: removed, not an error.
            event("create", "ghost"),
        ],
        inspect: HashMap::from([("b".to_string(), b.clone())]),
        end: End::Hang,
    }]);
    let (shared, task) = start(&script, Duration::from_secs(60));
    observe(&shared, 1).await;
    task.abort();
    let r = shared.registry.lock().unwrap();
    let d = &r.daemons[Path::new(SOCKET)];
    assert_eq!(d.state, DaemonState::Ok);
    assert_eq!(d.containers.keys().collect::<Vec<_>>(), vec!["b"]);
    assert_eq!(*d.containers["b"], b);
    assert_eq!(script.connects.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_clean_end_of_stream_relists() {
    let script = Script::new(vec![
        serve(vec![container("a", &[])], End::Close),
        serve(vec![container("c", &[])], End::Hang),
    ]);
    let (shared, task) = start(&script, Duration::from_secs(60));
    observe(&shared, 1).await;
    task.abort();
    let r = shared.registry.lock().unwrap();
    let d = &r.daemons[Path::new(SOCKET)];
    assert_eq!(d.containers.keys().collect::<Vec<_>>(), vec!["c"]);
    assert_eq!(script.connects.load(Ordering::SeqCst), 2);
}
