//! What long-running laptop work (push-infra, repository actions, SSH sessions) tells the person
//! at the terminal, as events. The work emits them through a [`Progress`]; the CLI's `Printer`
//! renders them (spinners, notes, the server's output prefixed with the machine name). Domain code
//! never prints.

/// One thing worth telling while work goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A step that may take a while started (shown until the next step or `End`).
    Begin(String),
    /// The current step finished.
    End,
    /// Progress through a known number of steps.
    Step {
        done: u64,
        total: u64,
        what: String,
    },
    /// Bytes of a transfer so far (an upload of a large binary).
    Bytes {
        what: String,
        done: u64,
        total: u64,
    },
    /// A line the server printed (its stderr), for `machine`.
    Remote {
        machine: String,
        line: String,
    },
    Note(String),
    Warn(String),
    /// Something refused; shown even with `-q` (the error that follows counts them).
    Refused(String),
    Done(String),
}

/// Receives events; also answers the one question work may ask (a confirmation).
pub trait Progress: Sync {
    fn event(&self, e: Event);
    /// Ask for a yes/no confirmation (`--yes` answers yes; without a terminal it is an error
    /// naming `--yes`).
    fn confirm(&self, prompt: &str) -> anyhow::Result<bool>;

    fn begin(&self, what: &str) {
        self.event(Event::Begin(what.to_string()));
    }
    fn end(&self) {
        self.event(Event::End);
    }
    fn note(&self, msg: &str) {
        self.event(Event::Note(msg.to_string()));
    }
    fn warn(&self, msg: &str) {
        self.event(Event::Warn(msg.to_string()));
    }
    fn refused(&self, msg: &str) {
        self.event(Event::Refused(msg.to_string()));
    }
    fn done(&self, msg: &str) {
        self.event(Event::Done(msg.to_string()));
    }
}

/// Events kept in memory and every confirmation answered yes: what unit tests run work with.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Recorder(pub(crate) std::sync::Mutex<Vec<Event>>);

#[cfg(test)]
impl Recorder {
    /// The warnings seen so far.
    pub(crate) fn warnings(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                Event::Warn(w) => Some(w.clone()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
impl Progress for Recorder {
    fn event(&self, e: Event) {
        self.0.lock().unwrap().push(e);
    }
    fn confirm(&self, _prompt: &str) -> anyhow::Result<bool> {
        Ok(true)
    }
}
