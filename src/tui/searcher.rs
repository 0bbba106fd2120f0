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

/// What answers a query: the index, or a stand-in in tests (any closure).
pub trait Engine: Send {
    fn search(&mut self, q: &str) -> Vec<Hit>;
    /// Work ahead while no query waits, stopping when `stop` says one does
    /// (see [`Index::prepare`]).
    fn prepare(&mut self, _stop: &mut dyn FnMut() -> bool) {}
}

impl<F: FnMut(&str) -> Vec<Hit> + Send> Engine for F {
    fn search(&mut self, q: &str) -> Vec<Hit> {
        self(q)
    }
}

/// The worker's engine: the index, built on the worker before the first
/// query is answered.
struct Lazy {
    model: Arc<Model>,
    index: Option<Index>,
    ready: Arc<AtomicBool>,
}

impl Engine for Lazy {
    fn search(&mut self, q: &str) -> Vec<Hit> {
        let ix = self.index.get_or_insert_with(|| {
            let ix = Index::new(&self.model);
            super::trace::step("search index built");
            self.ready.store(true, Ordering::SeqCst);
            ix
        });
        ix.search(q, SEARCH_LIMIT)
    }

    fn prepare(&mut self, stop: &mut dyn FnMut() -> bool) {
        if let Some(ix) = &mut self.index {
            ix.prepare(stop);
        }
    }
}

enum Inner {
    /// Runs each query at once (tests, small models).
    Inline {
        engine: Box<dyn Engine>,
        ready: Vec<Answer>,
    },
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
fn answer(engine: &mut dyn Engine, q: &str) -> Result<Vec<Hit>, String> {
    catch_unwind(AssertUnwindSafe(|| engine.search(q))).map_err(|p| panic_message(p.as_ref()))
}

/// The name of the search worker thread (the panic hook leaves the terminal
/// alone for panics there: the popup reports them).
pub const WORKER: &str = "yusuan-search";

impl Searcher {
    /// A searcher over the model's index. Threaded, the index is built on
    /// the worker: the explorer draws at once, the popup says 索引中… meanwhile,
    /// and a query typed early is answered as soon as the index is there.
    pub fn new(model: &Arc<Model>, threaded: bool) -> Searcher {
        let ready = Arc::new(AtomicBool::new(false));
        let engine = Lazy {
            model: Arc::clone(model),
            index: None,
            ready: Arc::clone(&ready),
        };
        if !threaded {
            let mut engine = engine;
            engine.index = Some(Index::new(model));
            return Searcher::with_engine(engine, false);
        }
        let mut s = Searcher::with_engine(engine, true);
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

    /// A searcher over any engine (tests give one that fails). Threaded,
    /// the worker answers the newest query waiting, then works ahead
    /// ([`Engine::prepare`]) until another comes.
    pub fn with_engine(mut engine: impl Engine + 'static, threaded: bool) -> Searcher {
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
                // A query that came while working ahead.
                let mut waiting: Option<String> = None;
                while let Some(mut q) = waiting.take().or_else(|| worker_rx.recv().ok()) {
                    // Skip to the newest query typed meanwhile.
                    while let Ok(newer) = worker_rx.try_recv() {
                        q = newer;
                    }
                    let result = answer(&mut engine, &q);
                    if worker_tx.send((q, result)).is_err() {
                        break;
                    }
                    // Work ahead until a query comes (or the explorer is
                    // gone). A panic there is left for the next search to
                    // meet and report.
                    let mut stop = || {
                        waiting.is_some()
                            || match worker_rx.try_recv() {
                                Ok(q) => {
                                    waiting = Some(q);
                                    true
                                }
                                Err(TryRecvError::Empty) => false,
                                Err(TryRecvError::Disconnected) => true,
                            }
                    };
                    let _ = catch_unwind(AssertUnwindSafe(|| engine.prepare(&mut stop)));
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
                engine.prepare(&mut || false);
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

    /// Works ahead until told a query waits; counts how often it did.
    struct Ahead(Arc<std::sync::atomic::AtomicUsize>);

    impl Engine for Ahead {
        fn search(&mut self, _q: &str) -> Vec<Hit> {
            Vec::new()
        }
        fn prepare(&mut self, stop: &mut dyn FnMut() -> bool) {
            while !stop() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn wait(s: &mut Searcher) -> Answer {
        let t = std::time::Instant::now();
        loop {
            if let Some(a) = s.poll() {
                return a;
            }
            assert!(t.elapsed().as_secs() < 10, "no answer");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn the_worker_works_ahead_between_queries_and_loses_none() {
        let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut s = Searcher::with_engine(Ahead(Arc::clone(&count)), true);
        for q in ["x", "xi", "xin"] {
            s.submit(q);
            // The query that stopped the work ahead is the one answered.
            assert_eq!(wait(&mut s).0, q);
        }
        // Working ahead after "x" and "xi" was stopped by the next query.
        assert!(count.load(Ordering::SeqCst) >= 2);
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
