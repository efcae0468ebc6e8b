//! A `FileDescriptorSet` that protoc writes for descriptor.proto decodes with
//! the generated `protowire::types::FileDescriptorSet` and re-encodes to the
//! same bytes.

use std::path::PathBuf;

use protowire::Message;
use protowire::types::FileDescriptorSet;

#[test]
fn protoc_descriptor_set_round_trips_byte_exact() {
    let out = std::env::temp_dir().join(format!("protowire-fds-{}.pb", std::process::id()));
    let protos = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codec/protos");
    let args = [
        format!("--proto_path={}", protos.display()),
        format!("--descriptor_set_out={}", out.display()),
        "--include_source_info".into(),
        "google/protobuf/descriptor.proto".into(),
    ];
    protowire_tests::run_protoc(&args, &[]);
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).ok();
    let set = FileDescriptorSet::decode(&bytes[..]).unwrap();
    assert_eq!(set.file.len(), 1);
    let file = &set.file[0];
    assert_eq!(file.name.as_deref(), Some("google/protobuf/descriptor.proto"));
    assert!(file.message_type.iter().any(|m| m.name.as_deref() == Some("FieldDescriptorProto")));
    assert!(file.source_code_info.is_some());
    assert!(set.file[0]._unknown_fields.is_empty());
    assert_eq!(set.encode_to_vec().unwrap(), bytes);
}
