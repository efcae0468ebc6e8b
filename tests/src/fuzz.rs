//! The checks behind every fuzz target, shared with `cargo test` so that the
//! checked-in corpus is replayed on every test run. Each function panics when
//! a property fails; that is how a fuzzer notices.

use std::fmt::Debug;

use protowire::wire::{MAX_VARINT_LEN, encode_varint, read_varint, varint_len};
use protowire::{DecodeErrorKind, Message};

/// Arbitrary bytes into `M`. If they decode: `encoded_len` equals the bytes
/// written, the encoding decodes to an equal message, and encoding that gives
/// the same bytes (unknown fields included).
///
/// Equality is checked on `Debug` output as well as bytes, so NaN payloads
/// compare as equal to themselves.
///
/// # Panics
///
/// When a property fails.
pub fn decode_round_trip<M: Message + Debug>(data: &[u8]) {
    let Ok(first) = M::decode_partial(data) else { return };
    let bytes = first.encode_partial_to_vec();
    assert_eq!(first.encoded_len(), bytes.len(), "encoded_len disagrees with the bytes written");
    let second = M::decode_partial(&bytes[..]).unwrap_or_else(|e| panic!("our own encoding does not decode: {e}"));
    assert_eq!(format!("{second:?}"), format!("{first:?}"), "decode(encode(x)) != x");
    let again = second.encode_partial_to_vec();
    assert_eq!(again, bytes, "encoding is not stable across a round trip");
}

/// Full and partial decoding agree: where the full decode succeeds, the
/// partial one gives the same message and it is initialised; where the full
/// decode fails only for a missing required field, the partial one succeeds
/// and the message is not initialised.
///
/// # Panics
///
/// When a property fails.
pub fn required_consistency<M: Message + Debug>(data: &[u8]) {
    let full = M::decode(data);
    let partial = M::decode_partial(data);
    match (&full, &partial) {
        (Ok(full), Ok(partial)) => {
            assert_eq!(format!("{full:?}"), format!("{partial:?}"));
            assert!(full.check_initialized().is_ok(), "decode accepted a message with a required field missing");
            assert!(full.encode_to_vec().is_ok());
        }
        (Err(e), Ok(partial)) => {
            assert_eq!(e.kind(), &DecodeErrorKind::MissingRequired, "only the required check may fail: {e}");
            // The message as a whole may still look initialised when a
            // required field arrived in one occurrence of a nested message and
            // went missing in another; the check on the merged value is the
            // weaker one, so nothing more is asserted here.
            let _ = partial.check_initialized();
        }
        (Ok(_), Err(e)) => panic!("full decode succeeded where partial failed: {e}"),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
    }
}

/// The obvious varint decoder, for comparison with the fast one.
fn naive_read_varint(data: &[u8]) -> Option<(u64, usize)> {
    let mut value: u128 = 0;
    for (i, &byte) in data.iter().enumerate().take(MAX_VARINT_LEN) {
        value |= u128::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return u64::try_from(value).ok().map(|v| (v, i + 1));
        }
    }
    None
}

/// The wire primitives against naive reference versions: varint decoding of
/// arbitrary bytes (same value and length, or both reject), and encoding of
/// the first 8 bytes as a value.
///
/// # Panics
///
/// When the two disagree.
pub fn varint_against_naive(data: &[u8]) {
    let mut rest = data;
    let fast = read_varint(&mut rest).ok().map(|v| (v, data.len() - rest.len()));
    assert_eq!(fast, naive_read_varint(data), "varint decoders disagree on {data:02x?}");

    let mut word = [0u8; 8];
    let n = data.len().min(8);
    word[..n].copy_from_slice(&data[..n]);
    let value = u64::from_le_bytes(word);
    let mut out = [0u8; MAX_VARINT_LEN];
    let len = encode_varint(value, &mut out);
    assert_eq!(len, varint_len(value));
    assert_eq!(naive_read_varint(&out[..len]), Some((value, len)));
}

/// Replays every file in `dir` (a checked-in corpus) through `check`.
/// Returns how many inputs ran.
///
/// # Panics
///
/// If the folder cannot be read, or a check fails (naming the file).
pub fn replay_corpus(dir: &std::path::Path, check: fn(&[u8])) -> usize {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    entries.sort();
    for path in &entries {
        let data = std::fs::read(path).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            panic!("corpus input {} fails: {message}", path.display());
        }
    }
    entries.len()
}
