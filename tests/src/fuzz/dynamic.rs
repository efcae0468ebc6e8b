//! Dynamic messages against generated code, for the `dynamic` fuzz target:
//! the same bytes decoded both ways must agree in everything observable.

use std::fmt::Debug;

use protowire::reflect::DynamicMessage;
use protowire::{DecodeErrorKind, DecodeOptions, Limit, Message, json, text};

use super::{assert_messages_equal, assert_same_encoding};

/// Arbitrary bytes decoded as generated type `M` and as a [`DynamicMessage`]
/// of `M`'s descriptor (required fields not checked): both fail with the
/// same kind of error, or both succeed and then agree on the encoded length,
/// the encoding (up to the order of `HashMap` entries, which generated code
/// may use), the JSON and text forms; and that JSON, parsed into a dynamic
/// message and into `M`, gives the same encoding again.
///
/// The one allowed difference: a dynamic message allocates every nested
/// message on the heap, and the decode's element-memory budget counts it,
/// so the dynamic decode may stop at that limit where `M` keeps going.
///
/// # Panics
///
/// When a property fails, or when `M` has no descriptor registered.
pub fn dynamic_against_generated<M: Message + Debug + PartialEq>(data: &[u8]) {
    let descriptor = M::descriptor().expect("the generated package is registered");
    let options = DecodeOptions::new().check_required(false);
    let generated = M::decode_partial(data);
    let dynamic = DynamicMessage::decode_with_options(descriptor.clone(), data, &options);
    let (generated, dynamic) = match (generated, dynamic) {
        (Err(g), Err(d)) => {
            assert_eq!(g.kind(), d.kind(), "generated: {g}; dynamic: {d}");
            return;
        }
        (Ok(_), Err(d)) if matches!(d.kind(), DecodeErrorKind::LimitExceeded { limit: Limit::ElementMemory, .. }) => {
            return;
        }
        (Ok(g), Ok(d)) => (g, d),
        (g, d) => panic!("generated: {g:?}\ndynamic: {d:?}"),
    };
    let ours = dynamic.encode_partial_to_vec().unwrap();
    let theirs = generated.encode_partial_to_vec().unwrap();
    assert_eq!(dynamic.encoded_len(), ours.len(), "encoded_len disagrees with the bytes written");
    assert_same_encoding(&ours, &theirs, "dynamic and generated encodings differ");
    let back = M::decode_partial(&ours[..]).unwrap();
    assert_messages_equal(&back, &generated, "the dynamic encoding decodes to another message");

    let print = json::PrintOptions::new();
    match (json::to_string_dyn(&dynamic, &print), json::to_string(&generated)) {
        (Ok(d), Ok(g)) => {
            assert_same_encoding(d.as_bytes(), g.as_bytes(), "dynamic and generated JSON differ");
            let mut parsed = DynamicMessage::new(descriptor.clone());
            let dynamic_parse = json::merge_dyn(&mut parsed, &d, &json::ParseOptions::new());
            match (dynamic_parse, json::from_str::<M>(&d)) {
                (Ok(()), Ok(m)) => assert_same_encoding(
                    &parsed.encode_partial_to_vec().unwrap(),
                    &m.encode_partial_to_vec().unwrap(),
                    "JSON parsed into dynamic and generated messages",
                ),
                (Err(_), Err(_)) => {}
                (d, g) => panic!("JSON parse: dynamic {d:?}, generated {:?}", g.map(|_| ())),
            }
        }
        (Err(_), Err(_)) => {}
        (d, g) => panic!("JSON: dynamic {d:?}, generated {g:?}"),
    }
    let d = text::to_string_dyn(&dynamic, &text::PrintOptions::new()).unwrap();
    let g = text::to_string(&generated).unwrap();
    assert_same_encoding(d.as_bytes(), g.as_bytes(), "dynamic and generated text differ");
}
