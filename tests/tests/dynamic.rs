//! Dynamic messages: the generated types are the oracle. Corpus inputs (the
//! proto2 and proto3 ones in `fuzz_corpus.rs`, the `dynamic` target) and
//! every benchmark payload decode the same way through a
//! `DynamicMessage` of the type's descriptor as through the generated type,
//! and field access by descriptor behaves as the protobuf rules say.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Once;

use protowire::reflect::{DynamicMessage, MapKey, Value};
use protowire::{DecodeErrorKind, Message};
use protowire_tests::benchmarks::{self, BenchmarkDataset};
use protowire_tests::fuzz;
use protowire_tests::protobuf_test_messages::{editions, proto2, proto3};

fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        proto2::register_types();
        proto3::register_types();
        editions::register_types();
        benchmarks::proto2::register_types();
        benchmarks::proto3::register_types();
    });
}

fn corpus(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz-corpus").join(target)
}

#[test]
fn editions_corpus_agrees_with_generated() {
    register();
    // The proto2 inputs exercise groups (delimited encoding in editions),
    // closed enums and required fields.
    let n = protowire_tests::fuzz::replay_corpus(
        &corpus("decode_proto2"),
        fuzz::dynamic_against_generated::<editions::TestAllTypesEdition2023>,
    );
    assert!(n > 10, "only {n} inputs");
}

fn dataset(file: &str) -> BenchmarkDataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets").join(file);
    BenchmarkDataset::decode(&std::fs::read(path).unwrap()[..]).unwrap()
}

/// Google's payloads re-encode byte for byte through dynamic messages,
/// as they do through generated code (`datasets.rs`).
#[test]
fn benchmark_payloads_are_byte_exact() {
    register();
    for file in ["dataset.google_message1_proto2.pb", "dataset.google_message2.pb"] {
        let data = dataset(file);
        let descriptor = protowire::reflect::global().get_message_by_name(&data.message_name).unwrap();
        for payload in &data.payload {
            let message = DynamicMessage::decode(descriptor.clone(), &payload[..]).unwrap();
            assert!(message.check_initialized().is_ok());
            assert_eq!(message.encoded_len(), payload.len());
            assert_eq!(&message.encode_to_vec().unwrap(), payload, "{file}");
        }
    }
}

fn proto3_descriptor() -> protowire::reflect::MessageDescriptor {
    register();
    proto3::TestAllTypesProto3::descriptor().unwrap()
}

#[test]
fn fields_by_name_reach_the_wire() {
    let mut message = DynamicMessage::new(proto3_descriptor());
    message.set_field_by_name("optional_int32", Value::I32(-5)).unwrap();
    message.set_field_by_name("optional_string", Value::String("héllo".into())).unwrap();
    message.set_field_by_name("repeated_uint64", Value::List(vec![Value::U64(1), Value::U64(u64::MAX)])).unwrap();
    message.set_field_by_name("optional_nested_enum", Value::EnumNumber(2)).unwrap();
    let mut map = BTreeMap::new();
    map.insert(MapKey::String("k".into()), Value::String("v".into()));
    message.set_field_by_name("map_string_string", Value::Map(map)).unwrap();

    let nested_type =
        message.descriptor().get_field_by_name("optional_nested_message").unwrap().message_type().unwrap();
    let mut nested = DynamicMessage::new(nested_type);
    nested.set_field_by_name("a", Value::I32(7)).unwrap();
    message.set_field_by_name("optional_nested_message", Value::Message(nested)).unwrap();

    let generated = message.to_message::<proto3::TestAllTypesProto3>().unwrap();
    assert_eq!(generated.optional_int32, -5);
    assert_eq!(generated.optional_string, "héllo");
    assert_eq!(generated.repeated_uint64, vec![1, u64::MAX]);
    assert_eq!(generated.optional_nested_enum, 2);
    assert_eq!(generated.map_string_string.get("k").map(String::as_str), Some("v"));
    assert_eq!(generated.optional_nested_message.as_ref().map(|m| m.a), Some(7));

    let back = DynamicMessage::from_message(&generated).unwrap();
    assert_eq!(back, message);
    assert_eq!(back.get_field_by_name("optional_int32"), Some(Value::I32(-5)));
    assert_eq!(back.get_field_by_name("optional_nested_enum"), Some(Value::EnumNumber(2)));
    assert_eq!(back.get_field_by_name("no_such_field"), None);
}

#[test]
fn presence_and_defaults_follow_the_syntax() {
    let mut message = DynamicMessage::new(proto3_descriptor());
    // Implicit presence: zero is "not set".
    assert!(!message.has_field_by_name("optional_int32"));
    message.set_field_by_name("optional_int32", Value::I32(0)).unwrap();
    assert!(!message.has_field_by_name("optional_int32"));
    assert_eq!(message.encoded_len(), 0);

    // Explicit presence (proto2): zero is set, and written.
    let descriptor = proto2::TestAllTypesProto2::descriptor().unwrap();
    let mut message = DynamicMessage::new(descriptor);
    message.set_field_by_name("optional_int32", Value::I32(0)).unwrap();
    assert!(message.has_field_by_name("optional_int32"));
    assert_eq!(message.encode_to_vec().unwrap(), [0x08, 0x00]);
    message.clear_field_by_name("optional_int32");
    assert!(!message.has_field_by_name("optional_int32"));

    // proto2 `[default = ...]` is what an unset field reads as.
    assert_eq!(message.get_field_by_name("default_int32"), Some(Value::I32(-123456789)));
    assert_eq!(message.get_field_by_name("default_string"), Some(Value::String("Rosebud".into())));
    assert_eq!(message.get_field_by_name("default_bytes"), Some(Value::Bytes(b"joshua".to_vec())));
    assert_eq!(message.get_field_by_name("default_double"), Some(Value::F64(7e22)));
    assert!(!message.has_field_by_name("default_int32"));
    assert_eq!(message.encoded_len(), 0);
}

#[test]
fn setting_a_oneof_member_unsets_the_others() {
    let mut message = DynamicMessage::new(proto3_descriptor());
    message.set_field_by_name("oneof_uint32", Value::U32(5)).unwrap();
    message.set_field_by_name("oneof_string", Value::String("x".into())).unwrap();
    assert!(!message.has_field_by_name("oneof_uint32"));
    assert!(message.has_field_by_name("oneof_string"));
    // Clearing another member leaves the one set alone.
    message.clear_field_by_name("oneof_uint32");
    assert!(message.has_field_by_name("oneof_string"));
    // Only the member set is written (field 113, a two-byte key), and sized.
    assert_eq!(message.encode_to_vec().unwrap(), [0x8a, 0x07, 0x01, b'x']);
    assert_eq!(message.encoded_len(), 4);
    let generated = message.to_message::<proto3::TestAllTypesProto3>().unwrap();
    assert_eq!(generated.oneof_field, Some(proto3::test_all_types_proto3::OneofField::OneofString("x".into())));
    // Decoding the later member of two keeps that one.
    let bytes = [0x8a, 0x07, 0x01, b'a', 0xf8, 0x06, 0x09];
    let decoded = DynamicMessage::decode(proto3_descriptor(), &bytes[..]).unwrap();
    assert_eq!(decoded.get_field_by_name("oneof_uint32"), Some(Value::U32(9)));
    assert!(!decoded.has_field_by_name("oneof_string"));
}

#[test]
fn values_of_the_wrong_type_are_refused() {
    let mut message = DynamicMessage::new(proto3_descriptor());
    let err = message.set_field_by_name("optional_int32", Value::I64(1)).unwrap_err();
    assert!(err.to_string().contains("optional_int32"), "{err}");
    assert!(message.set_field_by_name("repeated_int32", Value::I32(1)).is_err());
    assert!(message.set_field_by_name("repeated_int32", Value::List(vec![Value::String("1".into())])).is_err());
    assert!(message.set_field_by_name("optional_int32", Value::List(vec![])).is_err());
    let mut bad_key = BTreeMap::new();
    bad_key.insert(MapKey::I64(1), Value::I32(1));
    assert!(message.set_field_by_name("map_int32_int32", Value::Map(bad_key)).is_err());
    // A message of another type, even one with the same shape.
    let other = DynamicMessage::new(proto3::ForeignMessage::descriptor().unwrap());
    let err = message.set_field_by_name("optional_nested_message", Value::Message(other)).unwrap_err();
    assert!(err.to_string().contains("ForeignMessage"), "{err}");
    assert!(message.set_field_by_name("no_such_field", Value::I32(1)).is_err());
    assert_eq!(message.encoded_len(), 0, "a refused value changes nothing");

    // A closed enum (proto2) accepts only its declared numbers.
    let mut message = DynamicMessage::new(proto2::TestAllTypesProto2::descriptor().unwrap());
    assert!(message.set_field_by_name("optional_nested_enum", Value::EnumNumber(1)).is_ok());
    let err = message.set_field_by_name("optional_nested_enum", Value::EnumNumber(42)).unwrap_err();
    assert!(err.to_string().contains("closed enum"), "{err}");
}

#[test]
fn required_fields_and_unknown_fields() {
    register();
    let descriptor = proto2::TestAllRequiredTypesProto2::descriptor();
    // Not every conformance version has it; the required check is covered
    // by the corpus either way.
    if let Some(descriptor) = descriptor {
        let message = DynamicMessage::new(descriptor.clone());
        assert!(message.check_initialized().is_err());
        assert!(message.encode_to_vec().is_err());
        let err = DynamicMessage::decode(descriptor, &[][..]).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::MissingRequired);
    }

    // Field 999 is not declared: kept, and written back.
    let bytes = [0xb8, 0x3e, 0x05, 0x08, 0x01];
    let message = DynamicMessage::decode(proto3_descriptor(), &bytes[..]).unwrap();
    assert_eq!(message.unknown_fields().iter().count(), 1);
    assert_eq!(message.get_field_by_name("optional_int32"), Some(Value::I32(1)));
    let again = message.encode_to_vec().unwrap();
    assert_eq!(again.len(), bytes.len());
    assert!(again.ends_with(&[0xb8, 0x3e, 0x05]) || again.starts_with(&[0xb8, 0x3e, 0x05]));
}

#[test]
fn json_and_text_through_the_same_tables() {
    let generated = proto3::TestAllTypesProto3 {
        optional_int64: -7,
        optional_bytes: b"\x00\xff".to_vec(),
        repeated_string: vec!["a".into(), "b".into()],
        optional_nested_enum: 1,
        ..Default::default()
    };
    let dynamic = DynamicMessage::from_message(&generated).unwrap();
    let json = protowire::json::to_string_dyn(&dynamic, &Default::default()).unwrap();
    assert_eq!(json, protowire::json::to_string(&generated).unwrap());
    let text = protowire::text::to_string_dyn(&dynamic, &Default::default()).unwrap();
    assert_eq!(text, protowire::text::to_string(&generated).unwrap());

    let mut parsed = DynamicMessage::new(proto3_descriptor());
    protowire::json::merge_dyn(&mut parsed, &json, &Default::default()).unwrap();
    assert_eq!(parsed, dynamic);
    let mut parsed = DynamicMessage::new(proto3_descriptor());
    protowire::text::merge_dyn(&mut parsed, &text).unwrap();
    assert_eq!(parsed, dynamic);
    assert!(format!("{dynamic:?}").contains("optional_int64: I64(-7)"), "{dynamic:?}");
}

#[test]
fn well_known_types_keep_their_json_forms() {
    register();
    let descriptor = protowire::types::Timestamp::descriptor().unwrap();
    let mut message = DynamicMessage::new(descriptor);
    message.set_field_by_name("seconds", Value::I64(0)).unwrap();
    message.set_field_by_name("nanos", Value::I32(5_000_000)).unwrap();
    let json = protowire::json::to_string_dyn(&message, &Default::default()).unwrap();
    assert_eq!(json, "\"1970-01-01T00:00:00.005Z\"");
}

#[test]
fn clones_are_deep_and_independent() {
    let mut message = DynamicMessage::new(proto3_descriptor());
    message.set_field_by_name("repeated_string", Value::List(vec![Value::String("x".into())])).unwrap();
    let copy = message.clone();
    message.clear();
    assert_eq!(message.encoded_len(), 0);
    assert_eq!(copy.get_field_by_name("repeated_string"), Some(Value::List(vec![Value::String("x".into())])));
    let fields: Vec<_> = copy.fields().map(|(f, _)| f.name().to_owned()).collect();
    assert_eq!(fields, ["repeated_string"]);
}

/// `GoogleMessage1.field15` cannot contain its parent, so dynamic messages
/// keep it inline (as generated code keeps an `Option<M>`): reading copies
/// it out, setting moves one in, clearing puts its defaults back.
#[test]
fn inline_messages_read_set_and_clear() {
    register();
    let data = dataset("dataset.google_message1_proto2.pb");
    let descriptor = protowire::reflect::global().get_message_by_name(&data.message_name).unwrap();
    let payload = &data.payload[0];
    let mut message = DynamicMessage::decode(descriptor.clone(), &payload[..]).unwrap();
    let Some(Value::Message(sub)) = message.get_field_by_name("field15") else { panic!("field15 is set") };
    assert!(sub.encoded_len() > 0);
    let copy = sub.clone();

    message.clear_field_by_name("field15");
    assert!(!message.has_field_by_name("field15"));
    assert!(message.encoded_len() < payload.len());
    // Unset, it reads as an empty message of its type.
    let Some(Value::Message(empty)) = message.get_field_by_name("field15") else { panic!() };
    assert_eq!(empty.encoded_len(), 0);
    assert_eq!(empty.descriptor(), copy.descriptor());

    message.set_field_by_name("field15", Value::Message(sub)).unwrap();
    assert!(message.has_field_by_name("field15"));
    assert_eq!(&message.encode_to_vec().unwrap(), payload);
    assert_eq!(message.get_field_by_name("field15"), Some(Value::Message(copy)));

    // A clone of the parent carries its own copy of the inline message.
    let twin = message.clone();
    message.clear_field_by_name("field15");
    assert_eq!(&twin.encode_to_vec().unwrap(), payload);
}

/// Repeated message fields keep their messages in one buffer: setting,
/// reading back, growing by decoding, clearing and cloning.
#[test]
fn repeated_messages_set_read_grow_and_clear() {
    let descriptor = proto3_descriptor();
    let nested_type = descriptor.get_field_by_name("repeated_nested_message").unwrap().message_type().unwrap();
    let nested = |a: i32| {
        let mut m = DynamicMessage::new(nested_type.clone());
        m.set_field_by_name("a", Value::I32(a)).unwrap();
        Value::Message(m)
    };
    let mut message = DynamicMessage::new(descriptor.clone());
    message.set_field_by_name("repeated_nested_message", Value::List((1..=3).map(nested).collect())).unwrap();
    let generated = message.to_message::<proto3::TestAllTypesProto3>().unwrap();
    assert_eq!(generated.repeated_nested_message.iter().map(|m| m.a).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(message.get_field_by_name("repeated_nested_message"), Some(Value::List((1..=3).map(nested).collect())));

    // Decoding appends: 100 more elements, the buffer grows under them.
    let more = proto3::TestAllTypesProto3 {
        repeated_nested_message: (4..104)
            .map(|a| proto3::test_all_types_proto3::NestedMessage { a, ..Default::default() })
            .collect(),
        ..Default::default()
    };
    message.merge(&more.encode_to_vec().unwrap()[..]).unwrap();
    let twin = message.clone();
    let generated = message.to_message::<proto3::TestAllTypesProto3>().unwrap();
    assert_eq!(generated.repeated_nested_message.iter().map(|m| m.a).collect::<Vec<_>>(), (1..104).collect::<Vec<_>>());

    message.clear_field_by_name("repeated_nested_message");
    assert!(!message.has_field_by_name("repeated_nested_message"));
    assert_eq!(message.encoded_len(), 0);
    assert_eq!(twin.to_message::<proto3::TestAllTypesProto3>().unwrap(), generated);
    // A message of another type is refused, and changes nothing.
    let other = DynamicMessage::new(proto3::ForeignMessage::descriptor().unwrap());
    assert!(message.set_field_by_name("repeated_nested_message", Value::List(vec![Value::Message(other)])).is_err());
    assert_eq!(message.encoded_len(), 0);
}

/// A descriptor set may come from anywhere: a chain of thousands of message
/// types, each holding the next, builds its tables without recursing once
/// per link (the test thread's stack is 2 MiB), and decodes as protobuf.
#[test]
fn long_chains_of_types_build_without_deep_recursion() {
    use protowire::reflect::DescriptorPool;
    use protowire::types::field_descriptor_proto::{Label, Type};
    use protowire::types::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto, FileDescriptorSet};
    const LINKS: usize = 5000;
    let message = |i: usize| {
        let mut fields = vec![FieldDescriptorProto {
            name: Some("id".into()),
            number: Some(1),
            label: Some(Label::Optional as i32),
            r#type: Some(Type::Int32 as i32),
            ..Default::default()
        }];
        if i + 1 < LINKS {
            fields.push(FieldDescriptorProto {
                name: Some("next".into()),
                number: Some(2),
                label: Some(Label::Optional as i32),
                r#type: Some(Type::Message as i32),
                type_name: Some(format!(".chain.M{}", i + 1)),
                ..Default::default()
            });
        }
        DescriptorProto { name: Some(format!("M{i}")), field: fields, ..Default::default() }
    };
    let file = FileDescriptorProto {
        name: Some("chain.proto".into()),
        package: Some("chain".into()),
        syntax: Some("proto3".into()),
        message_type: (0..LINKS).map(message).collect(),
        ..Default::default()
    };
    let mut pool = DescriptorPool::new();
    pool.add_file_descriptor_set(FileDescriptorSet { file: vec![file], ..Default::default() }).unwrap();
    let first = pool.get_message_by_name("chain.M0").unwrap();
    // M0 { id: 7, next: M1 { id: 8, next: M2 { id: 9 } } }
    let bytes = [0x08, 7, 0x12, 6, 0x08, 8, 0x12, 2, 0x08, 9];
    let message = DynamicMessage::decode(first, &bytes[..]).unwrap();
    assert_eq!(message.encode_to_vec().unwrap(), bytes);
    let Some(Value::Message(next)) = message.get_field_by_name("next") else { panic!("next is set") };
    assert_eq!(next.get_field_by_name("id"), Some(Value::I32(8)));
}
