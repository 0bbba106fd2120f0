//! Search off the drawing thread: the index lives in a worker; the explorer
//! submits each query and picks up results when they are ready, showing the
//! previous results meanwhile. Tests use the same type in-line.
//!
//! A search that panics is reported as a failure (the popup says so), never
//! swallowed: the worker catches the panic and answers with its message, and
//! a worker that is gone is itself an answer.

use super::state::SEARCH_LIMIT;
use crate::model::Model;
use crate::search::{Hit, Index};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::sync::Arc;

/// What a query came back with: its hits, or why there are none.
pub type Answer = (String, Result<Vec<Hit>, String>);

pub struct Searcher {
    inner: Inner,
    /// Whether the engine is ready (always, but for an index being built).
    ready: Arc<AtomicBool>,
}

/// What answers a query: the index, or a stand-in in tests.
type Engine = Box<dyn FnMut(&str) -> Vec<Hit>>;

enum Inner {
    /// Runs each query at once (tests, small models).
    Inline { engine: Engine, ready: Vec<Answer> },
    /// A worker thread; only the newest pending query is run.
    Worker {
        tx: Sender<String>,
        rx: Receiver<Answer>,
        /// The last query submitted, for the answer when the worker is gone.
        last: String,
        gone: bool,
    },
}

/// The message of a caught panic.
fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into())
}

/// Run `engine` on `q`, a panic turned into an error.
fn answer(engine: &mut dyn FnMut(&str) -> Vec<Hit>, q: &str) -> Result<Vec<Hit>, String> {
    catch_unwind(AssertUnwindSafe(|| engine(q))).map_err(|p| panic_message(p.as_ref()))
}

/// The name of the search worker thread (the panic hook leaves the terminal
/// alone for panics there: the popup reports them).
pub const WORKER: &str = "yusuan-search";

impl Searcher {
    /// A searcher over the model's index. Threaded, the index is built on
    /// the worker: the explorer draws at once, the popup says 索引中… meanwhile,
    /// and a query typed early is answered as soon as the index is there.
    pub fn new(model: &Arc<Model>, threaded: bool) -> Searcher {
        if !threaded {
            let mut index = Index::new(model);
            return Searcher::with_engine(move |q| index.search(q, SEARCH_LIMIT), false);
        }
        let model = Arc::clone(model);
        let ready = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&ready);
        let mut index: Option<Index> = None;
        let mut s = Searcher::with_engine(
            move |q| {
                let ix = index.get_or_insert_with(|| {
                    let ix = Index::new(&model);
                    super::trace::step("search index built");
                    flag.store(true, Ordering::SeqCst);
                    ix
                });
                ix.search(q, SEARCH_LIMIT)
            },
            true,
        );
        // Start building now, before the first query.
        if let Inner::Worker { tx, .. } = &s.inner {
            let _ = tx.send(String::new());
        }
        s.ready = ready;
        s
    }

    /// Is the index built?
    pub fn ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// A searcher over any engine (tests give one that fails).
    pub fn with_engine(
        mut engine: impl FnMut(&str) -> Vec<Hit> + Send + 'static,
        threaded: bool,
    ) -> Searcher {
        if !threaded {
            return Searcher {
                inner: Inner::Inline {
                    engine: Box::new(engine),
                    ready: Vec::new(),
                },
                ready: Arc::new(AtomicBool::new(true)),
            };
        }
        let (tx, worker_rx) = channel::<String>();
        let (worker_tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name(WORKER.into())
            .spawn(move || {
                while let Ok(mut q) = worker_rx.recv() {
                    // Skip to the newest query typed meanwhile.
                    while let Ok(newer) = worker_rx.try_recv() {
                        q = newer;
                    }
                    let result = answer(&mut engine, &q);
                    if worker_tx.send((q, result)).is_err() {
                        break;
                    }
                }
            });
        Searcher {
            inner: Inner::Worker {
                tx,
                rx,
                last: String::new(),
                gone: spawned.is_err(),
            },
            ready: Arc::new(AtomicBool::new(true)),
        }
    }

    pub fn submit(&mut self, query: &str) {
        match &mut self.inner {
            Inner::Inline { engine, ready } => {
                let result = answer(engine.as_mut(), query);
                ready.push((query.to_string(), result));
            }
            Inner::Worker { tx, last, gone, .. } => {
                last.clear();
                last.push_str(query);
                if tx.send(query.to_string()).is_err() {
                    *gone = true;
                }
            }
        }
    }

    /// The next answer, if one is ready.
    pub fn poll(&mut self) -> Option<Answer> {
        match &mut self.inner {
            Inner::Inline { ready, .. } => (!ready.is_empty()).then(|| ready.remove(0)),
            Inner::Worker { rx, last, gone, .. } => match rx.try_recv() {
                Ok(a) => Some(a),
                Err(TryRecvError::Empty) if !*gone => None,
                Err(_) if last.is_empty() && *gone => None,
                Err(_) => {
                    *gone = true;
                    Some((std::mem::take(last), Err("搜索线程已退出".into())))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing(q: &str) -> Vec<Hit> {
        assert!(q != "boom", "index out of range");
        Vec::new()
    }

    #[test]
    fn a_panicking_search_is_reported_inline_and_on_the_worker() {
        let mut s = Searcher::with_engine(failing, false);
        s.submit("boom");
        let (q, r) = s.poll().expect("answered");
        assert_eq!(q, "boom");
        assert!(r.unwrap_err().contains("index out of range"));
        s.submit("ok");
        assert_eq!(s.poll().expect("answered").1.unwrap().len(), 0);

        let mut s = Searcher::with_engine(failing, true);
        s.submit("boom");
        let t = std::time::Instant::now();
        let (q, r) = loop {
            if let Some(a) = s.poll() {
                break a;
            }
            assert!(t.elapsed().as_secs() < 10, "no answer");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(q, "boom");
        assert!(r.unwrap_err().contains("index out of range"));
    }
}
