//! `DecodeOptions`' memory limits and the encode bounds: over a limit is a
//! clear error naming it; at the limit decoding succeeds.

use std::collections::HashMap;

use protowire::{DecodeErrorKind, DecodeOptions, EncodeErrorKind, Limit, Message, UnknownFields};

/// Eight strings: `size_of` is about 200 bytes, two bytes on the wire when empty.
#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "limits")]
struct Wide {
    #[proto(1)]
    a: String,
    #[proto(2)]
    b: String,
    #[proto(3)]
    c: String,
    #[proto(4)]
    d: String,
    #[proto(5)]
    e: String,
    #[proto(6)]
    f: String,
    #[proto(7)]
    g: String,
    #[proto(8)]
    h: String,
}

#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "limits")]
struct Holder {
    #[proto(1)]
    items: Vec<Wide>,
    #[proto(2, map = "int32, string")]
    names: HashMap<i32, String>,
    #[proto(3)]
    numbers: Vec<u64>,
    #[proto(unknown)]
    unknown: UnknownFields,
}

/// `count` empty `items`: two bytes each.
fn empty_items(count: usize) -> Vec<u8> {
    [0x0a, 0x00].repeat(count)
}

fn limit_of(err: &protowire::DecodeError) -> Option<(Limit, usize)> {
    match err.kind() {
        DecodeErrorKind::LimitExceeded { limit, max } => Some((*limit, *max)),
        _ => None,
    }
}

#[test]
fn message_size() {
    let input = empty_items(5);
    let options = DecodeOptions::new().max_message_size(10);
    assert_eq!(Holder::decode_with_options(&input[..], &options).unwrap().items.len(), 5);
    let options = DecodeOptions::new().max_message_size(9);
    let err = Holder::decode_with_options(&input[..], &options).unwrap_err();
    assert_eq!(limit_of(&err), Some((Limit::MessageSize, 9)));
    assert!(err.to_string().contains("max_message_size (9 bytes)"), "{err}");
}

#[test]
fn element_memory_is_charged_per_element() {
    let each = size_of::<Wide>();
    let options = DecodeOptions::new().max_element_memory(Some(10 * each));
    assert_eq!(Holder::decode_with_options(&empty_items(10)[..], &options).unwrap().items.len(), 10);
    let err = Holder::decode_with_options(&empty_items(11)[..], &options).unwrap_err();
    assert_eq!(limit_of(&err), Some((Limit::ElementMemory, 10 * each)));
    assert_eq!(err.path(), "limits.Holder.items");

    // Repeated scalars and map entries count too.
    let numbers = [0x1a, 0x03, 1, 2, 3]; // packed: three u64
    let options = DecodeOptions::new().max_element_memory(Some(24));
    assert_eq!(Holder::decode_with_options(&numbers[..], &options).unwrap().numbers, [1, 2, 3]);
    let options = DecodeOptions::new().max_element_memory(Some(23));
    assert!(Holder::decode_with_options(&numbers[..], &options).is_err());
    let entry = [0x12, 0x02, 0x08, 0x01]; // names {1: ""}
    let options = DecodeOptions::new().max_element_memory(Some(size_of::<(i32, String)>() - 1));
    let err = Holder::decode_with_options(&entry[..], &options).unwrap_err();
    assert_eq!(limit_of(&err).map(|(l, _)| l), Some(Limit::ElementMemory));
}

#[test]
fn the_default_budget_stops_amplification() {
    // 256 KiB of empty elements would take about 100 times that in memory;
    // the default allows 64 bytes per input byte plus 4 MiB.
    let count = 128 << 10;
    let input = empty_items(count);
    let budget = 64 * input.len() + (4 << 20);
    assert!(size_of::<Wide>() * count > budget);
    let err = Holder::decode(&input[..]).unwrap_err();
    assert_eq!(limit_of(&err), Some((Limit::ElementMemory, budget)));
    // Raised, it decodes.
    let options = DecodeOptions::new().max_element_memory(Some(usize::MAX));
    assert_eq!(Holder::decode_with_options(&input[..], &options).unwrap().items.len(), count);
}

#[test]
fn unknown_bytes() {
    let input = [0xa0, 0x06, 0x01, 0xa0, 0x06, 0x02]; // field 100 twice
    let options = DecodeOptions::new().max_unknown_bytes(6);
    assert_eq!(Holder::decode_with_options(&input[..], &options).unwrap().unknown.as_bytes(), input);
    let options = DecodeOptions::new().max_unknown_bytes(5);
    let err = Holder::decode_with_options(&input[..], &options).unwrap_err();
    assert_eq!(limit_of(&err), Some((Limit::UnknownBytes, 5)));
}

#[test]
fn encode_bounded_answers_before_writing() {
    let msg = Holder { numbers: vec![1, 2, 3], ..Holder::default() };
    let size = msg.encoded_len();
    let mut buf = Vec::new();
    let err = msg.encode_bounded(size - 1, &mut buf).unwrap_err();
    assert_eq!(err.kind(), &EncodeErrorKind::TooLarge { size, max: size - 1 });
    assert!(buf.is_empty());
    msg.encode_bounded(size, &mut buf).unwrap();
    assert_eq!(buf, msg.encode_to_vec().unwrap());
}

/// A run of repeated messages is counted ahead and allocated at once: the
/// vector's capacity is the run's length, not a doubling series' next
/// step. Within the element budget only: past it, elements are pushed one
/// at a time until the budget stops them.
#[test]
fn a_run_of_repeated_messages_is_allocated_at_once_within_the_budget() {
    let one = Wide { a: "x".into(), ..Default::default() };
    let run = Holder { items: vec![one.clone(); 37], ..Default::default() };
    let decoded = Holder::decode(&run.encode_to_vec().unwrap()[..]).unwrap();
    assert_eq!(decoded, run);
    assert_eq!(decoded.items.capacity(), 37);

    // Two runs with another field between: the first is counted, the
    // second grows the vector, and the order is kept.
    let mut input = empty_items(3);
    input.extend([0x18, 0x07]); // numbers: 7
    input.extend([0x0a, 0x03, 0x0a, 0x01, b'y']); // items: {a: "y"}
    let decoded = Holder::decode(&input[..]).unwrap();
    assert_eq!(decoded.items.len(), 4);
    assert_eq!(decoded.items[3].a, "y");
    assert_eq!(decoded.numbers, [7]);

    // Merged into a message that has elements: nothing counted ahead.
    let mut merged = decoded.clone();
    merged.merge(&empty_items(2)[..]).unwrap();
    assert_eq!(merged.items.len(), 6);

    // A budget of ten elements: decoding a run of a thousand stops at the
    // eleventh, as without the count (which may not reserve past the
    // budget: `tests/alloc_amplification.rs` bounds what decoding
    // allocates); a run of ten gets exactly its room.
    let each = size_of::<Wide>();
    let options = DecodeOptions::new().max_element_memory(Some(10 * each));
    let err = Holder::decode_with_options(&empty_items(1000)[..], &options).unwrap_err();
    assert_eq!(limit_of(&err), Some((Limit::ElementMemory, 10 * each)));
    let decoded = Holder::decode_with_options(&empty_items(10)[..], &options).unwrap();
    assert_eq!(decoded.items.capacity(), 10);
}

/// Packed varints are counted by their last bytes, so that multi-byte
/// values do not over-reserve; a run of unpacked strings is counted ahead
/// like a run of messages.
#[test]
fn packed_runs_and_string_runs_are_reserved_exactly() {
    let input = [0x1a, 0x05, 0xac, 0x02, 0xac, 0x02, 0x01]; // numbers: [300, 300, 1]
    let decoded = Holder::decode(&input[..]).unwrap();
    assert_eq!(decoded.numbers, [300, 300, 1]);
    assert_eq!(decoded.numbers.capacity(), 3);
    // A second run into the same vector appends to it.
    let twice = [&input[..], &input[..]].concat();
    assert_eq!(Holder::decode(&twice[..]).unwrap().numbers, [300, 300, 1, 300, 300, 1]);

    let words = Words { words: ["a", "bc", "", "def", "g"].map(String::from).to_vec() };
    let decoded = Words::decode(&words.encode_to_vec().unwrap()[..]).unwrap();
    assert_eq!(decoded, words);
    assert_eq!(decoded.words.capacity(), 5);
}

#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "limits")]
struct Words {
    #[proto(1)]
    words: Vec<String>,
}
