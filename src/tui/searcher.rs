//! Search off the drawing thread: the index lives in a worker; the explorer
//! submits each query and picks up results when they are ready, showing the
//! previous results meanwhile. Tests use the same type in-line.

use crate::model::Model;
use crate::search::{Hit, Index};
use std::sync::mpsc::{channel, Receiver, Sender};

pub struct Searcher {
    inner: Inner,
}

enum Inner {
    /// Runs each query at once (tests, small models).
    Inline {
        index: Box<Index>,
        ready: Vec<(String, Vec<Hit>)>,
    },
    /// A worker thread; only the newest pending query is run.
    Worker {
        tx: Sender<String>,
        rx: Receiver<(String, Vec<Hit>)>,
    },
}

impl Searcher {
    pub fn new(model: &Model, threaded: bool) -> Searcher {
        let index = Index::new(model);
        if !threaded {
            return Searcher {
                inner: Inner::Inline {
                    index: Box::new(index),
                    ready: Vec::new(),
                },
            };
        }
        let (tx, worker_rx) = channel::<String>();
        let (worker_tx, rx) = channel();
        std::thread::spawn(move || {
            let mut index = index;
            while let Ok(mut q) = worker_rx.recv() {
                // Skip to the newest query typed meanwhile.
                while let Ok(newer) = worker_rx.try_recv() {
                    q = newer;
                }
                let hits = index.search(&q, super::state::SEARCH_LIMIT);
                if worker_tx.send((q, hits)).is_err() {
                    break;
                }
            }
        });
        Searcher {
            inner: Inner::Worker { tx, rx },
        }
    }

    pub fn submit(&mut self, query: &str) {
        match &mut self.inner {
            Inner::Inline { index, ready } => {
                let hits = index.search(query, super::state::SEARCH_LIMIT);
                ready.push((query.to_string(), hits));
            }
            Inner::Worker { tx, .. } => {
                let _ = tx.send(query.to_string());
            }
        }
    }

    pub fn poll(&mut self) -> Option<(String, Vec<Hit>)> {
        match &mut self.inner {
            Inner::Inline { ready, .. } => (!ready.is_empty()).then(|| ready.remove(0)),
            Inner::Worker { rx, .. } => rx.try_recv().ok(),
        }
    }
}
