//! Descriptor pools: protoc's descriptor sets load with every name
//! resolved, and what the descriptors say of each field agrees with the
//! tables generated code runs on (the oracle: both come from the same
//! `.proto` by independent routes).

use std::path::PathBuf;

use protowire::reflect::{DescriptorPool, register_file_descriptor_set};
use protowire::registry;
use protowire::{Cardinality, Kind, Message};
use protowire_tests::protobuf_test_messages::{editions, proto2, proto3};

fn protoc_set(files: &[&str]) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../protos/conformance");
    let out = std::env::temp_dir().join(format!("protowire-reflect-{}-{}.pb", std::process::id(), files.len()));
    let mut args = vec![
        format!("--proto_path={}", dir.display()),
        format!("--descriptor_set_out={}", out.display()),
        "--include_imports".into(),
        "--include_source_info".into(),
    ];
    args.extend(files.iter().map(|f| (*f).to_owned()));
    protowire_tests::run_protoc(&args, &[]);
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).ok();
    bytes
}

/// Every message of the pool that is a generated type: same fields, same
/// numbers, names, JSON names, kinds and cardinalities as its table.
fn agrees_with_tables(pool: &DescriptorPool, package: &str) -> usize {
    let mut checked = 0;
    for message in pool.all_messages().filter(|m| m.full_name().starts_with(package) && !m.is_map_entry()) {
        let Some(generated) = registry::find_by_name(message.full_name()) else {
            panic!("{} is not registered", message.full_name())
        };
        let mut table: Vec<_> = generated.fields().iter().collect();
        table.sort_by_key(|f| f.number);
        let mut fields: Vec<_> = message.fields().collect();
        fields.sort_by_key(|f| f.number());
        assert_eq!(fields.len(), table.len(), "{}", message.full_name());
        for (d, t) in fields.iter().zip(table) {
            let at = d.full_name();
            assert_eq!((d.number(), d.name()), (t.number, t.name), "{at}");
            assert_eq!(d.json_name(), t.json_name, "{at}");
            // A map's table kind is its value's; its descriptor's, the entry.
            let kind = if d.is_map() {
                d.message_type().and_then(|e| e.get_field(2)).map(|v| v.kind())
            } else {
                Some(d.kind())
            };
            assert_eq!(kind, Some(t.kind), "{at}");
            assert_eq!(d.cardinality(), t.cardinality, "{at}");
            if matches!(d.kind(), Kind::Message | Kind::Group) && d.cardinality() != Cardinality::Map {
                assert_eq!(
                    d.message_type().map(|m| m.full_name().to_owned()),
                    t.message_type().map(|m| m.full_name().to_owned()),
                    "{at}"
                );
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn descriptors_agree_with_generated_tables() {
    proto2::register_types();
    proto3::register_types();
    editions::register_types();
    editions::proto2::register_types();
    editions::proto3::register_types();
    let pool = DescriptorPool::decode(&protoc_set(&[
        "test_messages_proto2.proto",
        "test_messages_proto3.proto",
        "test_messages_edition2023.proto",
        "test_messages_proto2_editions.proto",
        "test_messages_proto3_editions.proto",
    ]))
    .unwrap();
    for package in
        ["protobuf_test_messages.proto2.", "protobuf_test_messages.proto3.", "protobuf_test_messages.editions."]
    {
        assert!(agrees_with_tables(&pool, package) >= 5, "{package}");
    }
    // Cross-file references resolve (imports of the well-known types).
    let any = pool.get_message_by_name("protobuf_test_messages.proto3.TestAllTypesProto3").unwrap();
    let field = any.get_field_by_name("optional_any").unwrap();
    assert_eq!(field.message_type().unwrap().full_name(), "google.protobuf.Any");
    assert_eq!(field.message_type().unwrap().parent_file().name(), "google/protobuf/any.proto");
    // Enums: closed in proto2, open in proto3, values by name and number.
    let e2 = pool.get_enum_by_name("protobuf_test_messages.proto2.ForeignEnumProto2").unwrap();
    let e3 = pool.get_enum_by_name("protobuf_test_messages.proto3.ForeignEnum").unwrap();
    assert!(e2.is_closed() && !e3.is_closed());
    assert_eq!(e3.get_value_by_name("FOREIGN_BAR").map(|v| v.number), Some(1));
    // Extensions, with their extendee.
    let ext = pool.get_extension_by_name("protobuf_test_messages.proto2.extension_int32").unwrap();
    assert_eq!((ext.number(), ext.kind()), (120, Kind::Int32));
    assert_eq!(ext.containing_message().unwrap().full_name(), "protobuf_test_messages.proto2.TestAllTypesProto2");
    // Comments, from the source info protoc kept.
    let message = pool.get_message_by_name("protobuf_test_messages.proto3.TestAllTypesProto3").unwrap();
    assert!(
        message.comments().is_some_and(|c| c.contains("This proto includes every type of field")),
        "{:?}",
        message.comments()
    );
}

#[test]
fn generated_types_find_their_descriptors_once_registered() {
    use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;
    proto3::register_types();
    let d = TestAllTypesProto3::descriptor().expect("registered by register_types");
    assert_eq!(d.full_name(), "protobuf_test_messages.proto3.TestAllTypesProto3");
    assert_eq!(d.parent_file().name(), "conformance/test_messages_proto3.proto");
    assert_eq!(d.parent_file().syntax(), "proto3");
    let nested = d.nested_messages().map(|m| m.name().to_owned()).collect::<Vec<_>>();
    assert!(nested.contains(&"NestedMessage".to_owned()), "{nested:?}");
    // Registering again, or a set whose files are there already, is a no-op.
    register_file_descriptor_set(proto3::FILE_DESCRIPTOR_SET).unwrap();
    assert_eq!(
        protowire::reflect::global().files().filter(|f| f.name() == "conformance/test_messages_proto3.proto").count(),
        1
    );
}

#[test]
fn bad_sets_are_errors_naming_the_problem() {
    use protowire::types::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto, FileDescriptorSet};
    let file = |name: &str, deps: &[&str], type_name: Option<&str>| FileDescriptorProto {
        name: Some(name.into()),
        package: Some("p".into()),
        dependency: deps.iter().map(|d| (*d).to_owned()).collect(),
        message_type: vec![DescriptorProto {
            name: Some(format!("M{}", name.len())),
            field: type_name
                .map(|t| FieldDescriptorProto {
                    name: Some("f".into()),
                    number: Some(1),
                    label: Some(1),
                    r#type: Some(11),
                    type_name: Some(t.into()),
                    ..Default::default()
                })
                .into_iter()
                .collect(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let set = |files| FileDescriptorSet { file: files, ..Default::default() };
    let err = |files| DescriptorPool::new().add_file_descriptor_set(set(files)).unwrap_err().to_string();
    assert!(
        err(vec![file("a.proto", &["b.proto"], None)]).contains("a.proto: imports b.proto, which is not in the pool")
    );
    assert!(err(vec![file("a.proto", &[], Some(".p.Nope"))]).contains("refers to .p.Nope"));
    let twice = vec![file("a.proto", &[], None), file("xa.proto", &[], None), file("ya.proto", &[], None)];
    assert!(err(twice).contains("p.M8 is declared twice"));
    // A failed add leaves the pool as it was.
    let mut pool = DescriptorPool::new();
    pool.add_file_descriptor_set(set(vec![file("a.proto", &[], None)])).unwrap();
    assert!(pool.add_file_descriptor_set(set(vec![file("b.proto", &[], Some(".p.Nope"))])).is_err());
    assert_eq!(pool.files().len(), 1);
    assert!(pool.get_message_by_name("p.M7").is_some());
    assert!(DescriptorPool::decode(b"\x0a\x05ab").is_err());
}

#[test]
fn custom_options_read_as_extensions() {
    use protowire::Extensions;
    use protowire_tests::custom::{self, SENSITIVE, TABLE_NAME, User};
    custom::register_types();
    // From the descriptors embedded by codegen (parsed by protox).
    let user = User::descriptor().unwrap();
    let options = user.descriptor_proto().options.clone().unwrap();
    assert_eq!(options.get_extension(&TABLE_NAME).unwrap().as_deref(), Some("users"));
    let password = user.get_field_by_name("password").unwrap();
    let options = password.field_descriptor_proto().options.clone().unwrap();
    assert_eq!(options.get_extension(&SENSITIVE).unwrap(), Some(true));
    let name = user.get_field_by_name("name").unwrap();
    assert!(name.field_descriptor_proto().options.is_none());
    // The same from protoc's encoding of the file.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("protos/options");
    let out = std::env::temp_dir().join(format!("protowire-reflect-options-{}.pb", std::process::id()));
    protowire_tests::run_protoc(
        &[
            format!("--proto_path={}", dir.display()),
            format!("--descriptor_set_out={}", out.display()),
            "--include_imports".into(),
            "custom_options.proto".into(),
        ],
        &[],
    );
    let pool = DescriptorPool::decode(&std::fs::read(&out).unwrap()).unwrap();
    std::fs::remove_file(&out).ok();
    let user = pool.get_message_by_name("custom.User").unwrap();
    let options = user.descriptor_proto().options.clone().unwrap();
    assert_eq!(options.get_extension(&TABLE_NAME).unwrap().as_deref(), Some("users"));
}
