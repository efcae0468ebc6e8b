//! `protowire decode`/`encode` with a schema, checked against protoc (C++):
//! on Google's benchmark payloads our text output re-encodes through
//! `protoc --encode` to the original bytes, and JSON goes there and back;
//! schemas from `.proto` files and from descriptor sets agree; bad input,
//! schemas and arguments exit with the documented codes.
#![allow(missing_docs)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{protowire, run};

use protowire::reflect::{DescriptorPool, DynamicMessage, Value};

fn ok(output: Output, what: &str) -> Vec<u8> {
    assert!(output.status.success(), "{what}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

fn protos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../protos/benchmarks")
}

fn protoc(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let protoc = protoc_bin_vendored::protoc_bin_path().unwrap();
    let include = format!("--proto_path={}", protos().display());
    let mut all = vec![include.as_str()];
    all.extend_from_slice(args);
    ok(run(&protoc, &all, stdin), "protoc")
}

/// `(message type, .proto file, payloads)` of each benchmark dataset, read
/// through a dynamic `BenchmarkDataset`.
fn datasets() -> Vec<(String, String, Vec<Vec<u8>>)> {
    let bytes = protowire_codegen::Config::new().descriptor_set_bytes(&["benchmarks.proto"], &[protos()]).unwrap();
    let pool = DescriptorPool::decode(&bytes).unwrap();
    let dataset = pool.get_message_by_name("benchmarks.BenchmarkDataset").unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pb"))
        .map(|path| {
            let message = DynamicMessage::decode(dataset.clone(), &std::fs::read(path).unwrap()[..]).unwrap();
            let Some(Value::String(name)) = message.get_field_by_name("message_name") else { panic!() };
            let Some(Value::List(payloads)) = message.get_field_by_name("payload") else { panic!() };
            let payloads = payloads.into_iter().map(|p| if let Value::Bytes(b) = p { b } else { panic!() }).collect();
            let proto = match name.as_str() {
                "benchmarks.proto2.GoogleMessage1" => "benchmark_message1_proto2.proto",
                "benchmarks.proto3.GoogleMessage1" => "benchmark_message1_proto3.proto",
                "benchmarks.proto2.GoogleMessage2" => "benchmark_message2.proto",
                other => panic!("unexpected dataset {other}"),
            };
            (name, proto.to_owned(), payloads)
        })
        .collect()
}

#[test]
fn text_and_json_go_there_and_back_as_protoc_does() {
    let sets = datasets();
    assert_eq!(sets.len(), 3);
    for (name, proto, payloads) in sets {
        let proto_path = protos().join(&proto);
        let schema = ["--proto", proto_path.to_str().unwrap(), "--type", &name];
        for payload in payloads.iter().take(2) {
            // What C++ writes for the payload: the payload itself for the
            // proto2 sets; for proto3, without the fields set to defaults.
            let reference = protoc(
                &[&format!("--encode={name}"), &proto],
                &protoc(&[&format!("--decode={name}"), &proto], payload),
            );
            if !name.contains("proto3") {
                assert_eq!(&reference, payload);
            }
            let text = ok(protowire(&[&["decode"], &schema[..]].concat(), payload), "decode");
            assert_eq!(protoc(&[&format!("--encode={name}"), &proto], &text), reference, "{name}: text through protoc");
            let ours = ok(protowire(&[&["encode"], &schema[..]].concat(), &text), "encode");
            assert_eq!(ours, reference, "{name}: text through protowire");

            let json =
                ok(protowire(&[&["decode"], &schema[..], &["--format", "json"]].concat(), payload), "decode json");
            let back = ok(protowire(&[&["encode"], &schema[..], &["--format", "json"]].concat(), &json), "encode json");
            assert_eq!(back, reference, "{name}: JSON there and back");
        }
    }
}

#[test]
fn a_descriptor_set_serves_as_the_schema() {
    let set = std::env::temp_dir().join(format!("protowire-cli-{}.pb", std::process::id()));
    let out = format!("--descriptor_set_out={}", set.display());
    protoc(&["--include_imports", &out, "benchmark_message2.proto"], b"");
    let (name, proto, payloads) = datasets().into_iter().find(|(n, ..)| n.ends_with("GoogleMessage2")).unwrap();
    let proto_path = protos().join(proto);
    let from_set = protowire(&["decode", "--descriptor-set", set.to_str().unwrap(), "--type", &name], &payloads[0]);
    let from_proto = protowire(&["decode", "--proto", proto_path.to_str().unwrap(), "--type", &name], &payloads[0]);
    std::fs::remove_file(&set).ok();
    assert_eq!(ok(from_set, "from set"), ok(from_proto, "from proto"));
}

#[test]
fn delimited_streams_decode_message_by_message() {
    let proto = protos().join("benchmark_message1_proto3.proto");
    let schema = ["--proto", proto.to_str().unwrap(), "--type", "benchmarks.proto3.GoogleMessage1"];
    let one =
        ok(protowire(&[&["encode"], &schema[..], &["--delimited"]].concat(), b"field1: \"a\" field2: 1"), "encode");
    assert_eq!(one, [5, 0x0a, 1, b'a', 0x10, 1]);
    let two = [one.clone(), one].concat();
    let text = String::from_utf8(ok(protowire(&[&["decode"], &schema[..], &["--delimited"]].concat(), &two), "decode"))
        .unwrap();
    assert_eq!(text, "field1: \"a\"\nfield2: 1\n\nfield1: \"a\"\nfield2: 1\n");
    // A truncated second message is named by index and offset.
    let bad = protowire(&[&["decode"], &schema[..], &["--delimited"]].concat(), &two[..10]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("message 1 (at byte 6)"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn failures_exit_with_their_codes() {
    let proto = protos().join("benchmark_message1_proto2.proto");
    let proto = proto.to_str().unwrap();
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();

    // Bad input: the field path and the byte where the field starts.
    let input = [0x10, 0x01, 0x0a, 0x05, b'a'];
    let o = protowire(&["decode", "--proto", proto, "--type", "benchmarks.proto2.GoogleMessage1"], &input);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("GoogleMessage1.field1"), "{}", stderr(&o));
    assert!(stderr(&o).contains("at byte 2"), "{}", stderr(&o));
    // Encoding without the required fields fails, as protoc --encode does.
    let o = protowire(&["encode", "--proto", proto, "--type", "benchmarks.proto2.GoogleMessage1"], b"field3: 1");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("field1"), "{}", stderr(&o));
    // Text that is not the message: the position is named.
    let o = protowire(
        &["encode", "--proto", proto, "--type", "benchmarks.proto2.GoogleMessage1"],
        b"field1: \"a\"\nnope: 1",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));

    // Schema problems.
    let o = protowire(&["decode", "--proto", proto, "--type", "GoogleMessage1"], b"");
    assert_eq!(o.status.code(), Some(4));
    assert!(stderr(&o).contains("did you mean benchmarks.proto2.GoogleMessage1"), "{}", stderr(&o));
    let o = protowire(&["decode", "--proto", "/no/such.proto", "--type", "x.Y"], b"");
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));

    // Arguments.
    for args in [
        &["decode"][..],
        &["decode", "--proto", proto][..],
        &["decode", "--raw", "--type", "x.Y"][..],
        &["decode", "--proto", proto, "--type", "a.B", "--format", "yaml"][..],
        &["transcode"][..],
    ] {
        let o = protowire(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}
