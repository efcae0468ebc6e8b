//! What encode and decode allocate, counted by a global allocator.
//!
//! The counters are thread-local, so the test harness running other tests
//! (or its own bookkeeping) on other threads does not disturb a measurement.
//! Each measurement warms the tables up first: building a table allocates,
//! once per type per process, and is not what is measured.
//!
//! Run with `-- --nocapture --test-threads 1` to see the counts.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::{Inner, Outer, chain};
use protowire::{DecodeErrorKind, Message};

/// Wraps the system allocator and counts, per thread, every allocation and
/// reallocation, the bytes requested, and the largest single request.
struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn record(size: usize) {
    // `try_with`: during thread teardown the counters may be gone already.
    let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
    let _ = BYTES.try_with(|c| c.set(c.get() + size));
    let _ = LARGEST.try_with(|c| c.set(c.get().max(size)));
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged; the counting only touches const-initialised thread-locals, which
// never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one closure allocated on this thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Counts {
    allocs: usize,
    bytes: usize,
    largest: usize,
}

/// Runs `f` and counts what it allocates on this thread (what it returns is
/// dropped after counting).
fn measure<R>(label: &str, f: impl FnOnce() -> R) -> (R, Counts) {
    ALLOCS.with(|c| c.set(0));
    BYTES.with(|c| c.set(0));
    LARGEST.with(|c| c.set(0));
    let result = f();
    let counts =
        Counts { allocs: ALLOCS.with(Cell::get), bytes: BYTES.with(Cell::get), largest: LARGEST.with(Cell::get) };
    eprintln!(
        "alloc: {label}: {} allocations, {} bytes, largest {} bytes",
        counts.allocs, counts.bytes, counts.largest
    );
    (result, counts)
}

/// Builds (and registers) the tables, and the thread's encode scratch buffer,
/// outside any measurement: both happen once, not per message.
fn warm_up() {
    let _ = Outer::__table();
    let _ = Inner::__table();
    let _ = Outer::decode(&sample().encode_to_vec().unwrap()[..]).unwrap();
}

/// A nested message: an inner message, a chain of children, repeated strings.
fn sample() -> Outer {
    let mut child = chain(5);
    child.tags = vec!["deep".into(); 3];
    Outer {
        inner: Some(Inner { id: 150, name: "inner name".into(), ..Inner::default() }),
        items: vec![1, -1, 300, 70_000],
        tags: vec!["alpha".into(), String::new(), "a much longer tag than the others".into()],
        child: Some(Box::new(child)),
        delta: Some(-12_345),
        words: vec![7, 8, 9],
        ..Outer::default()
    }
}

#[test]
fn encode_to_vec_allocates_once_at_the_exact_size() {
    warm_up();
    let msg = sample();
    let len = msg.encoded_len();
    let (bytes, counts) = measure("(a) encode_to_vec, nested Outer", || msg.encode_to_vec().unwrap());
    eprintln!("alloc: (a) len {} capacity {}", bytes.len(), bytes.capacity());
    assert_eq!(bytes.len(), len);
    assert_eq!(counts.allocs, 1);
    assert_eq!(counts.bytes, len);
    assert_eq!(bytes.capacity(), bytes.len());

    let (framed, counts) =
        measure("(a) encode_length_delimited_to_vec", || msg.encode_length_delimited_to_vec().unwrap());
    assert_eq!(counts.allocs, 1);
    assert_eq!(framed.capacity(), framed.len());
}

/// Past the 1 MiB scratch buffer a thread keeps, a message of short values
/// (no size pass for it) is handed over in the buffer it was written in:
/// one allocation, not a second one to copy it out. A type no other test
/// here encodes, since the size a type last encoded to is shared by every
/// thread.
#[test]
fn a_large_message_of_short_values_allocates_once() {
    use protowire::types::FieldMask;
    warm_up();
    let msg = FieldMask { paths: (0..200_000).map(|i| format!("a.b{i}")).collect(), ..FieldMask::default() };
    let len = msg.encoded_len();
    assert!(len > 1 << 20, "{len}");
    // The first one grows the buffer on the way (by doubling).
    let first = msg.encode_to_vec().unwrap();
    assert_eq!(first.len(), len);
    assert!(first.capacity() <= len + len / 8, "{} for {len}", first.capacity());
    let (bytes, counts) = measure("(a'') encode_to_vec, 2 MB FieldMask", || msg.encode_to_vec().unwrap());
    assert_eq!(bytes, first);
    assert_eq!(counts.allocs, 1);
    assert!(bytes.capacity() <= len + len / 8 + 1, "{} for {len}", bytes.capacity());
    assert_eq!(FieldMask::decode(&bytes[..]).unwrap(), msg);
    // A small message of the same type, in a buffer sized for the large
    // one, is copied out at its exact size, not handed over in it.
    let small = FieldMask { paths: vec!["a".into()], ..FieldMask::default() };
    let (bytes, counts) =
        measure("(a'') encode_to_vec, small FieldMask after a large one", || small.encode_to_vec().unwrap());
    assert_eq!((bytes.len(), bytes.capacity()), (small.encoded_len(), small.encoded_len()));
    assert_eq!(counts.allocs, 2, "the buffer sized for the large one, and the copy");
}

#[test]
// Regression test: encode_to_vec used to reserve with amortised growth,
// which gave messages under 8 bytes a capacity of 8.
fn encode_to_vec_is_exact_for_tiny_messages() {
    warm_up();
    let msg = Inner { id: 1, ..Inner::default() };
    let (bytes, counts) = measure("(a') encode_to_vec, 2-byte Inner", || msg.encode_to_vec().unwrap());
    eprintln!("alloc: (a') len {} capacity {}", bytes.len(), bytes.capacity());
    assert_eq!(counts.allocs, 1);
    assert_eq!(bytes.capacity(), bytes.len());
}

#[test]
fn encode_into_a_presized_vec_allocates_nothing() {
    warm_up();
    let msg = sample();
    let len = msg.encoded_len();
    let mut out = Vec::with_capacity(len);
    let ((), counts) = measure("(b) encode into Vec::with_capacity(encoded_len)", || msg.encode(&mut out).unwrap());
    assert_eq!(counts.allocs, 0);
    assert_eq!(out, msg.encode_to_vec().unwrap());

    // Also into a reused buffer, and into BytesMut.
    out.clear();
    let ((), counts) = measure("(b) encode into a cleared, reused Vec", || msg.encode(&mut out).unwrap());
    assert_eq!(counts.allocs, 0);
    let mut bytes_mut = protowire::bytes::BytesMut::with_capacity(len);
    let ((), counts) =
        measure("(b) encode into BytesMut::with_capacity(encoded_len)", || msg.encode(&mut bytes_mut).unwrap());
    assert_eq!(counts.allocs, 0);
    assert_eq!(bytes_mut[..], out[..]);

    // For the record: a Vec without room takes the staging path.
    let mut empty = Vec::new();
    measure("(b) encode into Vec::new() (no capacity, for comparison)", || msg.encode(&mut empty).unwrap());
    assert_eq!(empty, out);
}

#[test]
fn huge_length_claim_allocates_almost_nothing() {
    warm_up();
    // Field 3 (tags), length prefix 2^31, nothing behind it.
    let input = [0x1a, 0x80, 0x80, 0x80, 0x80, 0x08];
    let (result, counts) = measure("(c) decode of a 2 GiB length claim", || Outer::decode(&input[..]));
    let err = result.unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::LengthPastEnd { len: 1 << 31, remaining: 0 });
    assert!(counts.bytes < 1024, "{counts:?}");
}

#[test]
fn packed_length_past_the_end_allocates_nothing_big() {
    warm_up();
    // Field 2 (items, packed int32), length prefix 2^31 - 1, three bytes behind it.
    let input = [0x12, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3];
    let (result, counts) = measure("(d) packed run claiming 2 GiB", || Outer::decode(&input[..]));
    assert!(matches!(result.unwrap_err().kind(), DecodeErrorKind::LengthPastEnd { .. }));
    assert!(counts.largest < 1024, "{counts:?}");
    assert!(counts.bytes < 1024, "{counts:?}");

    // Field 6 (words, fixed32, arriving packed): 5 bytes claimed and present,
    // the second value cut short. The reservation is bounded by the run.
    let input = [0x32, 5, 1, 0, 0, 0, 2];
    let (result, counts) = measure("(d) packed fixed32 run cut inside a value", || Outer::decode(&input[..]));
    assert!(matches!(result.unwrap_err().kind(), DecodeErrorKind::Truncated { .. }));
    assert!(counts.largest < 1024, "{counts:?}");

    // A valid packed run reserves at most one element per input byte.
    let mut input = vec![0x12];
    let run = vec![1u8; 10_000];
    input.extend_from_slice(&[0x90, 0x4e]); // 10 000
    input.extend_from_slice(&run);
    let (result, counts) = measure("(d) packed int32 run of 10 000 one-byte values", || Outer::decode(&input[..]));
    assert_eq!(result.unwrap().items.len(), 10_000);
    assert_eq!(counts.allocs, 1);
    assert!(counts.bytes <= 4 * run.len(), "{counts:?}");
}

#[test]
fn no_unknown_fields_means_no_unknown_store() {
    warm_up();
    // Only scalars and an inline nested message: nothing to allocate at all.
    let msg = Outer { inner: Some(Inner { id: 7, ..Inner::default() }), delta: Some(-3), ..Outer::default() };
    let bytes = msg.encode_to_vec().unwrap();
    let (decoded, counts) =
        measure("(e) decode, scalars only, no unknown fields", || Outer::decode(&bytes[..]).unwrap());
    assert_eq!(decoded, msg);
    assert!(decoded.unknown.is_empty());
    assert_eq!(counts.allocs, 0);

    // With a repeated field: exactly its Vec, nothing for the store.
    let msg = Outer { items: vec![1, 2, 3], ..msg };
    let bytes = msg.encode_to_vec().unwrap();
    let (decoded, counts) = measure("(e) decode, plus a packed field", || Outer::decode(&bytes[..]).unwrap());
    assert_eq!(decoded, msg);
    assert_eq!(counts.allocs, 1);

    // For contrast: one unknown field costs the store.
    let mut with_unknown = bytes.clone();
    with_unknown.extend_from_slice(&[0x48, 0x01]); // field 9 = 1
    let (decoded, counts) =
        measure("(e) decode, plus one unknown field (for comparison)", || Outer::decode(&with_unknown[..]).unwrap());
    assert_eq!(decoded.unknown.as_bytes(), [0x48, 0x01]);
    assert!(counts.allocs > 1);
}
