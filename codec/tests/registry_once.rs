//! A message table is built once however many threads race for it, every
//! thread gets the same `&'static` table, and the type is then found by name.
//!
//! A test binary of its own: `tables_built()` counts for the whole process,
//! so no other test may build tables while it is read. The two tests here
//! take a lock so that they never run at the same time either.

use std::cell::Cell;
use std::sync::mpsc;
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Duration;

use protowire::__private_v2 as pw;
use protowire::registry::{find_by_name, tables_built};
use protowire::{Message, UnknownFields};
use pw::{Cardinality, Entry, FieldInfo, Kind, MessageSpec, TableCell, TypedTable};

/// Serialises the tests of this binary: each reads the process-wide count.
static SERIAL: Mutex<()> = Mutex::new(());

/// `message Raced { uint32 count = 1; string label = 2; }`: no message-typed
/// field, so building its table builds no other. Used by one test only.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "registry_once")]
struct Raced {
    #[proto(1)]
    count: u32,
    #[proto(2)]
    label: String,
    #[proto(unknown)]
    unknown: UnknownFields,
}

const THREADS: usize = 16;

#[test]
fn sixteen_threads_build_one_table() {
    let _serial = SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    assert!(find_by_name("registry_once.Raced").is_none());
    let before = tables_built();

    let barrier = Barrier::new(THREADS);
    let tables: Vec<(usize, usize)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|i| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    // Half the threads come in through the reflection API,
                    // half through the table itself.
                    let fields = if i % 2 == 0 {
                        Raced::message_type().fields().as_ptr()
                    } else {
                        Raced::__table().erased().fields().as_ptr()
                    };
                    let table: *const _ = Raced::__table().erased();
                    (table as usize, fields as usize)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let after = tables_built();
    let first = tables[0];
    assert!(tables.iter().all(|&t| t == first), "threads saw different tables: {tables:?}");
    assert_eq!(first.1, Raced::__table().erased().fields().as_ptr() as usize, "message_type() and __table() disagree");
    assert_eq!(after - before, 1, "tables built: {before} before, {after} after");

    let found = find_by_name("registry_once.Raced").expect("registered on first use");
    assert_eq!(found, Raced::message_type());
    assert_eq!(found.fields().as_ptr() as usize, first.1);
    let decoded = found.decode(&[0x08, 3, 0x12, 1, b'x']).unwrap();
    let raced = decoded.downcast_ref::<Raced>().unwrap();
    assert_eq!((raced.count, raced.label.as_str()), (3, "x"));

    // Later uses build nothing more.
    let _ = Raced::decode(&[0x08, 1][..]).unwrap();
    assert_eq!(tables_built(), after);
}

// ---------------------------------------------------------------------------
// No window between a table being published and its type being registered.

/// `message Peeked { uint32 count = 1; }`. Its `__table` pauses the thread
/// that builds the table the first time a `__table()` call returns on it, and
/// lets another thread use the table and look the type up by name meanwhile.
/// If filling the cell called `__table()` again between filling it and
/// registering the type (as it once did, through `MessageType::of`), the
/// pause falls inside that window and the lookup fails.
#[derive(Clone, Debug, Default, PartialEq)]
struct Peeked {
    count: u32,
}

// Written by hand, as the derive would write it, so that `__table` can pause.
#[allow(unsafe_code)]
static PEEKED_FIELDS: [Entry<Peeked>; 1] =
    [Entry::scalar(FieldInfo::new(1, "count", Kind::UInt32, Cardinality::Implicit), pw::field_offset!(Peeked, count))];

static PEEKED_SPEC: MessageSpec<Peeked> =
    MessageSpec::new(pw::ABI_VERSION, "registry_once.Peeked", &PEEKED_FIELDS, &[], None);

/// Set on the thread that should pause, with the channels to the observer.
type Pause = (mpsc::Sender<()>, mpsc::Receiver<bool>);

thread_local! {
    static PAUSE: Cell<Option<&'static Mutex<Option<Pause>>>> = const { Cell::new(None) };
}

impl Message for Peeked {
    fn __table() -> TypedTable<Self> {
        static CELL: TableCell<Peeked> = TableCell::new();
        let table = CELL.get(&PEEKED_SPEC);
        // The first time this returns on the pausing thread, let the observer
        // look, and wait until it has.
        if let Some(pause) = PAUSE.with(Cell::take)
            && let Some((go, done)) = pause.lock().unwrap().take()
        {
            go.send(()).unwrap();
            let _ = done.recv_timeout(Duration::from_secs(10));
        }
        table
    }
}

#[test]
// Regression test: filling the cell once came before registering
// the type, so another thread could use the table while `find_by_name` missed it.
fn a_type_in_use_is_found_by_name() {
    let _serial = SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (go_tx, go_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    // A static rather than a leaked box: the test suite also runs under
    // LeakSanitizer.
    static CHANNELS: Mutex<Option<Pause>> = Mutex::new(None);
    *CHANNELS.lock().unwrap() = Some((go_tx, done_rx));
    let pause: &'static Mutex<Option<Pause>> = &CHANNELS;

    thread::scope(|scope| {
        let builder = scope.spawn(move || {
            PAUSE.with(|p| p.set(Some(pause)));
            let _ = Peeked::__table();
        });
        // The observer: once the builder pauses, the table is handed out…
        go_rx.recv_timeout(Duration::from_secs(10)).expect("builder paused");
        let table: *const _ = Peeked::__table().erased();
        assert!(!table.is_null());
        // …so the type is in use, and should be found by name.
        let found = find_by_name("registry_once.Peeked").is_some();
        done_tx.send(found).unwrap();
        builder.join().unwrap();
        assert!(found, "Peeked's table was in use but find_by_name did not find it");
    });
}
