//! Bad input gives an error that says where, never a panic.

use std::io;
use std::path::{Path, PathBuf};

use protowire_codegen::{Config, Error, ErrorKind};

fn include() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protos")
}

fn generate(config: &Config, proto: &str) -> Error {
    match config.generate_files(&[include().join(proto)], &[include()]) {
        Ok(_) => panic!("{proto}: expected an error"),
        Err(e) => e,
    }
}

/// The error for `proto` (under `tests/protos`), parsed with protox.
fn error(proto: &str) -> Error {
    generate(&Config::new(), proto)
}

fn assert_contains(err: &Error, needles: &[&str]) {
    let message = err.to_string();
    for needle in needles {
        assert!(message.contains(needle), "error {message:?} does not contain {needle:?}");
    }
    // Debug shows the same message, for `fn main() -> Result<(), Error>`.
    assert_eq!(format!("{err:?}"), message);
}

#[test]
fn syntax_error() {
    let err = error("errors/syntax.proto");
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert_contains(&err, &["errors/syntax.proto:7:3: ", "expected ';'"]);
}

#[test]
fn unknown_import() {
    let err = error("errors/unknown_import.proto");
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert_contains(&err, &["errors/unknown_import.proto:5:1: ", "does/not/exist.proto"]);
}

#[test]
fn duplicate_field_number() {
    let err = error("errors/duplicate_number.proto");
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert_contains(
        &err,
        &[
            "duplicate_number.proto:7:13: field number '1' is already used",
            "duplicate_number.proto:6:13: first defined here",
        ],
    );
}

#[test]
fn unknown_type() {
    let err = error("errors/unknown_type.proto");
    assert_contains(&err, &["errors/unknown_type.proto:6:3: ", "Missing"]);
}

#[test]
fn missing_file() {
    let err = error("errors/not_there.proto");
    assert_contains(&err, &["not_there.proto"]);
}

#[test]
fn editions_need_protoc() {
    let err = generate(Config::new().protoc(false), "errors/editions.proto");
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert_contains(&err, &["errors/editions.proto:1:1: ", "editions", "need protoc"]);
}

#[test]
fn editions_later_than_2024() {
    let err = error("errors/edition_2077.proto");
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert_contains(&err, &["edition_2077.proto", "2077"]);
}

#[test]
fn editions_in_a_prost_types_set() {
    // prost_types drops `edition`: such a set must come as bytes.
    let mut set = protox::compile([include().join("golden/imports/a.proto")], [include()]).unwrap();
    set.file[0].syntax = Some("editions".to_owned());
    let err = Config::new().generate(&set, &["golden/imports/a.proto"]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Descriptor);
    assert_contains(&err, &["golden/imports/a.proto", "editions", "as bytes"]);
}

#[test]
fn message_name_clash() {
    let err = error("errors/message_clash.proto");
    assert_eq!(err.kind(), ErrorKind::NameClash);
    assert_contains(
        &err,
        &[
            "message `errors.foo_bar` (errors/message_clash.proto:5:1)",
            "message `errors.FooBar` (errors/message_clash.proto:7:1)",
            "`FooBar`",
        ],
    );
}

#[test]
fn field_name_clash() {
    let err = error("errors/field_clash.proto");
    assert_eq!(err.kind(), ErrorKind::NameClash);
    assert_contains(
        &err,
        &["field `foo_bar` (errors/field_clash.proto:6:3)", "field `FOO_BAR` (errors/field_clash.proto:7:3)"],
    );
}

#[test]
fn enum_value_clash() {
    let err = error("errors/variant_clash.proto");
    assert_eq!(err.kind(), ErrorKind::NameClash);
    assert_contains(&err, &["enum `errors.E`", "`FOO_BAR` (errors/variant_clash.proto:6:3)", "`FooBar`"]);
}

#[test]
fn oneof_clashes_with_nested_message() {
    let err = error("errors/oneof_clash.proto");
    assert_eq!(err.kind(), ErrorKind::NameClash);
    assert_contains(&err, &["message `errors.M.Choice`", "oneof `errors.M.choice`", "`Choice`"]);
}

#[test]
fn module_clashes_with_package() {
    let err = error("errors/module_clash.proto");
    assert_eq!(err.kind(), ErrorKind::NameClash);
    assert_contains(&err, &["package `errors.child`", "message `errors.Child`", "`child`"]);
}

#[test]
fn compile_error_reads_well_from_main() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile_error_reads_well_from_main");
    let err = Config::new().out_dir(out).compile(&[include().join("errors/syntax.proto")], &[include()]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Parse);
    // `fn main() -> Result<(), Error>` prints the `Debug` form: the message,
    // not `Custom { kind: InvalidData, error: .. }`.
    let debug = format!("{err:?}");
    assert!(debug.starts_with(&include().join("errors/syntax.proto:7:3").display().to_string()), "{debug}");
    assert!(!debug.contains("Custom"), "{debug}");
    // And `?` in a `main` returning `io::Result` still works.
    let io: io::Error = err.into();
    assert_eq!(io.kind(), io::ErrorKind::InvalidData);
    let inner = io.get_ref().and_then(|e| e.downcast_ref::<Error>()).unwrap();
    assert_eq!(inner.kind(), ErrorKind::Parse);
}

#[test]
fn bad_config() {
    let proto = "golden/imports/a.proto";
    let err = generate(Config::new().extern_path(".foo", "not a path"), proto);
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = generate(Config::new().extern_path("foo", "::foo"), proto);
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = generate(Config::new().type_attribute(".", "derive(Hash)"), proto);
    assert_eq!(err.kind(), ErrorKind::Config);
    assert_contains(&err, &["derive(Hash)"]);
    let err = generate(Config::new().field_attribute(".", "#[doc = 1] fn f() {}"), proto);
    assert_eq!(err.kind(), ErrorKind::Config);
}

#[test]
fn bad_descriptor_set() {
    let err = Config::new()
        .file_descriptor_set(vec![0xff, 0xff, 0xff])
        .generate_files(&[] as &[&str], &[] as &[&str])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Descriptor);
    let set = protox::compile([include().join("golden/imports/b.proto")], [include()]).unwrap();
    let err = Config::new().generate(&set, &["nope.proto"]).unwrap_err();
    assert_contains(&err, &["nope.proto"]);
    // A set missing an imported file: the type cannot be resolved.
    let mut partial = set.clone();
    partial.file.retain(|f| f.name() == "golden/imports/b.proto");
    let err = Config::new().generate(&partial, &["golden/imports/b.proto"]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Descriptor);
    assert_contains(&err, &[".golden.imports.a.Thing"]);
}

#[test]
fn protoc_errors() {
    if std::process::Command::new("protoc").arg("--version").output().is_err() {
        eprintln!("protoc not installed: skipped");
        return;
    }
    let err = generate(Config::new().protoc(true), "errors/syntax.proto");
    assert_eq!(err.kind(), ErrorKind::Parse);
    assert_contains(&err, &["errors/syntax.proto:7:3"]);
    let err = generate(Config::new().protoc(true), "errors/message_clash.proto");
    assert_eq!(err.kind(), ErrorKind::NameClash);
}

#[test]
fn service_module_clashes_with_message_module() {
    let err = generate(Config::new().build_server(true), "errors/service_clash.proto");
    assert_eq!(err.kind(), ErrorKind::NameClash);
    assert_contains(
        &err,
        &[
            "message `errors.EchoServer`",
            "the server of service `errors.Echo` (errors/service_clash.proto:9:1)",
            "`echo_server`",
        ],
    );
    // Without servers, the same file generates.
    Config::new()
        .build_client(true)
        .generate_files(&[include().join("errors/service_clash.proto")], &[include()])
        .unwrap();
}

#[test]
fn codec_path_must_be_a_path() {
    let err = generate(Config::new().build_client(true).codec_path("not a path"), "golden/services.proto");
    assert_eq!(err.kind(), ErrorKind::Config);
    assert_contains(&err, &["codec path `not a path` is not a Rust path"]);
}
