//! Real schemas: the conformance messages, the benchmark messages and the
//! well-known types (descriptor.proto included) generate code that parses,
//! with the right types and attributes on chosen fields.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use protowire_codegen::Config;
use quote::ToTokens;

fn include() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protos")
}

/// The conformance and benchmark protos, shared by the whole repo.
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../protos")
}

fn includes() -> [PathBuf; 2] {
    [include(), shared()]
}

/// A fixture by its import path, from this crate's fixtures or the shared ones.
fn find(path: &str) -> PathBuf {
    let local = include().join(path);
    if local.exists() { local } else { shared().join(path) }
}

/// Generated files by name, parsed.
fn generate(config: &Config, protos: &[&str]) -> HashMap<String, syn::File> {
    let protos: Vec<PathBuf> = protos.iter().map(|p| find(p)).collect();
    let files = config.generate_files(&protos, &includes()).unwrap_or_else(|e| panic!("generation failed: {e}"));
    files
        .into_iter()
        .map(|(name, code)| {
            let file = syn::parse_file(&code).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            (name, file)
        })
        .collect()
}

/// The items of module `path` (empty: the file's top level).
fn module<'f>(file: &'f syn::File, path: &[&str]) -> &'f [syn::Item] {
    let mut items = file.items.as_slice();
    for name in path {
        items = items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| i.as_slice()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no module {name}"));
    }
    items
}

/// Struct `path` (`["module", "Struct"]`).
fn structure<'f>(file: &'f syn::File, path: &[&str]) -> &'f syn::ItemStruct {
    let (name, modules) = path.split_last().unwrap();
    module(file, modules)
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {path:?}"))
}

/// Enum `path`.
fn enumeration<'f>(file: &'f syn::File, path: &[&str]) -> &'f syn::ItemEnum {
    let (name, modules) = path.split_last().unwrap();
    module(file, modules)
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum {path:?}"))
}

/// Tokens as text without spaces.
fn text(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string().replace(' ', "").replace(",>", ">")
}

/// `(type, #[proto] attribute)` of field `name` of `s`, without spaces.
fn field(s: &syn::ItemStruct, name: &str) -> (String, String) {
    let f = s
        .fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
        .unwrap_or_else(|| panic!("{} has no field {name}", s.ident));
    let attr = f.attrs.iter().find(|a| a.path().is_ident("proto")).expect("no #[proto]");
    (text(&f.ty), text(attr))
}

/// `(payload type, #[proto] attribute)` of variant `name` of `e`.
fn variant(e: &syn::ItemEnum, name: &str) -> (String, String) {
    let v = e.variants.iter().find(|v| v.ident == name).unwrap_or_else(|| panic!("no variant {name}"));
    let attr = v.attrs.iter().find(|a| a.path().is_ident("proto")).expect("no #[proto]");
    (text(&v.fields), text(attr))
}

fn contains(file: &syn::File, needle: &str) -> bool {
    text(file).contains(&needle.replace(' ', ""))
}

#[test]
fn conformance_proto3() {
    let files = generate(&Config::new(), &["conformance/test_messages_proto3.proto"]);
    let file = &files["protobuf_test_messages.proto3.rs"];
    let all = structure(file, &["TestAllTypesProto3"]);
    assert_eq!(
        field(all, "recursive_message"),
        (
            "::core::option::Option<::std::boxed::Box<TestAllTypesProto3>>".into(),
            r#"#[proto(27,message,json_name="recursiveMessage")]"#.into()
        )
    );
    assert_eq!(field(all, "optional_sint64").1, r#"#[proto(6,sint64,json_name="optionalSint64")]"#);
    assert_eq!(field(all, "optional_int32").0, "i32");
    assert_eq!(
        field(all, "optional_nested_enum"),
        (
            "i32".into(),
            r#"#[proto(21,enumeration="test_all_types_proto3::NestedEnum",json_name="optionalNestedEnum")]"#.into()
        )
    );
    assert_eq!(field(all, "packed_int32").1, r#"#[proto(75,int32,json_name="packedInt32")]"#);
    assert_eq!(field(all, "unpacked_int32").1, r#"#[proto(89,int32,packed=false,json_name="unpackedInt32")]"#);
    assert_eq!(field(all, "repeated_int32").1, r#"#[proto(31,int32,json_name="repeatedInt32")]"#);
    assert_eq!(
        field(all, "map_string_nested_enum"),
        (
            "::std::collections::HashMap<::std::string::String,i32>".into(),
            r#"#[proto(73,map="string,enumeration(test_all_types_proto3::NestedEnum)",json_name="mapStringNestedEnum")]"#.into()
        )
    );
    assert_eq!(field(all, "optional_timestamp").0, "::core::option::Option<::protowire::types::Timestamp>");
    assert_eq!(field(all, "optional_value").0, "::core::option::Option<::protowire::types::Value>");
    assert_eq!(field(all, "oneof_field").1, r#"#[proto(oneof="111,112,113,114,115,116,117,118,119,120")]"#);
    assert_eq!(field(all, "field_name8").1, r#"#[proto(408,int32,name="FieldName8",json_name="FieldName8")]"#);
    assert_eq!(field(all, "field_name3").1, r#"#[proto(403,int32,name="_field_name3",json_name="FieldName3")]"#);
    let oneof = enumeration(file, &["test_all_types_proto3", "OneofField"]);
    assert_eq!(
        variant(oneof, "OneofNullValue").1,
        r#"#[proto(120,enumeration="::protowire::types::NullValue",name="oneof_null_value",json_name="oneofNullValue")]"#
    );
    // NestedMessage reaches TestAllTypesProto3 through `corecursive`: boxed.
    assert_eq!(variant(oneof, "OneofNestedMessage").0, "(::std::boxed::Box<NestedMessage>)");
    // NestedMessage.corecursive reaches TestAllTypesProto3 again: boxed.
    let nested = structure(file, &["test_all_types_proto3", "NestedMessage"]);
    assert_eq!(field(nested, "corecursive").0, "::core::option::Option<::std::boxed::Box<super::TestAllTypesProto3>>");
    // Aliases of AliasedEnum become constants; `moo` would repeat `MOO`.
    assert!(contains(file, "pub const MOO: Self = Self::AliasBaz;"));
    assert!(contains(file, "pub const B_AZ: Self = Self::AliasBaz;"));
    // An open enum: no `closed`.
    assert!(contains(file, r#"#[proto(name = "protobuf_test_messages.proto3.ForeignEnum")]"#));
}

#[test]
fn conformance_proto2() {
    let files = generate(&Config::new(), &["conformance/test_messages_proto2.proto"]);
    let file = &files["protobuf_test_messages.proto2.rs"];
    let all = structure(file, &["TestAllTypesProto2"]);
    assert_eq!(field(all, "recursive_message").0, "::core::option::Option<::std::boxed::Box<TestAllTypesProto2>>");
    assert_eq!(
        field(all, "data"),
        (
            "::core::option::Option<test_all_types_proto2::Data>".into(),
            r#"#[proto(201,group,json_name="data")]"#.into()
        )
    );
    assert_eq!(field(all, "optional_int32").0, "::core::option::Option<i32>");
    assert_eq!(field(all, "repeated_int32").1, r#"#[proto(31,int32,packed=false,json_name="repeatedInt32")]"#);
    assert_eq!(field(all, "packed_int32").1, r#"#[proto(75,int32,json_name="packedInt32")]"#);
    assert_eq!(
        field(all, "default_int64").1,
        r#"#[proto(242,int64,default="-9123456789123456789",json_name="defaultInt64")]"#
    );
    assert!(contains(file, "self.default_int64.unwrap_or(-9123456789123456789i64)"));
    assert!(contains(file, "self.default_uint64.unwrap_or(10123456789123456789u64)"));
    assert!(contains(file, r#"self.default_string.as_deref().unwrap_or("Rosebud")"#));
    assert!(contains(file, r#"self.default_bytes.as_deref().unwrap_or(&b"joshua"[..])"#));
    assert!(contains(file, r#"#[proto(name = "protobuf_test_messages.proto2.ForeignEnumProto2", closed)]"#));
    assert!(contains(file, "Neg = -1"));
    structure(file, &["test_all_types_proto2", "MessageSetCorrect"]);
    let unknown = structure(file, &["UnknownToTestAllTypes"]);
    assert_eq!(field(unknown, "optionalgroup").1, r#"#[proto(1004,group,json_name="optionalgroup")]"#);
}

#[test]
fn conformance_protocol() {
    let files = generate(&Config::new(), &["conformance/conformance.proto"]);
    let file = &files["conformance.rs"];
    let request = structure(file, &["ConformanceRequest"]);
    assert_eq!(field(request, "payload").1, r#"#[proto(oneof="1,2,7,8")]"#);
}

#[test]
fn benchmarks() {
    let files = generate(
        &Config::new(),
        &[
            "benchmarks/benchmarks.proto",
            "benchmarks/benchmark_message1_proto2.proto",
            "benchmarks/benchmark_message1_proto3.proto",
            "benchmarks/benchmark_message2.proto",
        ],
    );
    let mut names: Vec<&str> = files.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["benchmarks.proto2.rs", "benchmarks.proto3.rs", "benchmarks.rs"]);
    let p2 = &files["benchmarks.proto2.rs"];
    let m1 = structure(p2, &["GoogleMessage1"]);
    assert_eq!(
        field(m1, "field1"),
        (
            "::core::option::Option<::std::string::String>".into(),
            r#"#[proto(1,string,required,json_name="field1")]"#.into()
        )
    );
    let m2 = structure(p2, &["GoogleMessage2"]);
    assert_eq!(field(m2, "group1").0, "::std::vec::Vec<google_message2::Group1>");
    assert_eq!(field(m2, "group1").1, r#"#[proto(10,group,json_name="group1")]"#);
    let dataset = structure(&files["benchmarks.rs"], &["BenchmarkDataset"]);
    assert_eq!(field(dataset, "payload").0, "::std::vec::Vec<::std::vec::Vec<u8>>");
    let p3 = &files["benchmarks.proto3.rs"];
    assert_eq!(field(structure(p3, &["GoogleMessage1"]), "field1").0, "::std::string::String");
}

#[test]
fn descriptor_proto() {
    let mut config = Config::new();
    config.compile_well_known_types();
    let files = generate(&config, &["google/protobuf/descriptor.proto"]);
    let file = &files["google.protobuf.rs"];
    let fdp = structure(file, &["FieldDescriptorProto"]);
    assert_eq!(
        field(fdp, "r#type"),
        (
            "::core::option::Option<i32>".into(),
            r#"#[proto(5,enumeration="field_descriptor_proto::Type",name="type",json_name="type")]"#.into()
        )
    );
    assert_eq!(field(fdp, "options").0, "::core::option::Option<FieldOptions>");
    structure(file, &["FileDescriptorSet"]);
    structure(file, &["descriptor_proto", "ExtensionRange"]);
    enumeration(file, &["field_descriptor_proto", "Type"]);
    // `[default = false]` and enum defaults become getters.
    assert!(contains(file, "self.deprecated.unwrap_or(false)"));
    assert!(contains(file, ".unwrap_or(file_options::OptimizeMode::Speed)"));

    // With the well-known types extern (the default), nothing is generated.
    let files = generate(&Config::new(), &["google/protobuf/descriptor.proto"]);
    assert!(files["google.protobuf.rs"].items.is_empty());
}

#[test]
fn well_known_types() {
    let mut config = Config::new();
    config.compile_well_known_types();
    let files = generate(
        &config,
        &[
            "google/protobuf/any.proto",
            "google/protobuf/api.proto",
            "google/protobuf/duration.proto",
            "google/protobuf/empty.proto",
            "google/protobuf/field_mask.proto",
            "google/protobuf/source_context.proto",
            "google/protobuf/struct.proto",
            "google/protobuf/timestamp.proto",
            "google/protobuf/type.proto",
            "google/protobuf/wrappers.proto",
        ],
    );
    let file = &files["google.protobuf.rs"];
    assert_eq!(field(structure(file, &["Timestamp"]), "seconds").1, r#"#[proto(1,int64,json_name="seconds")]"#);
    assert_eq!(
        field(structure(file, &["Struct"]), "fields").0,
        "::std::collections::HashMap<::std::string::String,Value>"
    );
    let kind = enumeration(file, &["value", "Kind"]);
    assert_eq!(
        variant(kind, "NullValue").1,
        r#"#[proto(1,enumeration="super::NullValue",name="null_value",json_name="nullValue")]"#
    );
    assert_eq!(variant(kind, "StructValue").0, "(super::Struct)");
    assert_eq!(field(structure(file, &["BytesValue"]), "value").0, "::std::vec::Vec<u8>");
}

#[test]
fn protoc_matches_protox() {
    // `protoc(true)` runs PROTOC or the vendored protoc: it runs everywhere.
    let protos = [
        "golden/proto2.proto",
        "golden/proto3.proto",
        "conformance/test_messages_proto2.proto",
        "conformance/test_messages_proto3.proto",
        "benchmarks/benchmark_message2.proto",
    ];
    let protos: Vec<PathBuf> = protos.iter().map(|p| find(p)).collect();
    let with_protox = Config::new().protoc(false).generate_files(&protos, &includes()).unwrap();
    let with_protoc = Config::new().protoc(true).generate_files(&protos, &includes()).unwrap();
    assert_eq!(with_protox.len(), with_protoc.len());
    // The embedded descriptor sets are each parser's own encoding.
    let code =
        |s: &str| s.lines().filter(|l| !l.starts_with("pub const FILE_DESCRIPTOR_SET")).collect::<Vec<_>>().join("\n");
    let with_protox: Vec<_> = with_protox.iter().map(|(n, c)| (n.clone(), code(c))).collect();
    let with_protoc: Vec<_> = with_protoc.iter().map(|(n, c)| (n.clone(), code(c))).collect();
    for ((name, a), (name2, b)) in with_protox.iter().zip(&with_protoc) {
        assert_eq!(name, name2);
        if a != b {
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
            let show = |s: &str| s.lines().skip(line.saturating_sub(2)).take(6).collect::<Vec<_>>().join("\n");
            panic!("{name} differs between protox and protoc at line {}:\n{}\n---\n{}", line + 1, show(a), show(b));
        }
    }
}

#[test]
fn given_descriptor_set() {
    use prost::Message as _;
    let protos = [include().join("golden/proto3.proto")];
    let direct = Config::new().generate_files(&protos, &includes()).unwrap();
    let set = protox::compile(&protos, includes()).unwrap();
    // Encoded, as protoc writes it; the file named by import name or path.
    let bytes = set.encode_to_vec();
    let from_bytes =
        Config::new().file_descriptor_set(bytes).generate_files(&["golden/proto3.proto"], &[] as &[&str]).unwrap();
    assert_eq!(direct, from_bytes);
    let from_set = Config::new().file_descriptor_set(set.clone()).generate_files(&protos, &includes()).unwrap();
    assert_eq!(direct, from_set);
    // And through `generate`.
    let generated = Config::new().generate(&set, &["golden/proto3.proto"]).unwrap();
    assert_eq!(direct, generated);
}

#[test]
fn compile_writes_files() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile_writes_files");
    let _ = std::fs::remove_dir_all(&out);
    let protos = [include().join("golden/imports/b.proto"), include().join("golden/imports/nopkg.proto")];
    Config::new().out_dir(&out).compile(&protos, &includes()).unwrap();
    let b = out.join("golden.imports.b.rs");
    let written = std::fs::read_to_string(&b).unwrap();
    assert!(written.contains("pub struct Holder"));
    assert!(out.join("_.rs").is_file());
    // Imports are referred to, not generated.
    assert!(!out.join("golden.imports.a.rs").exists());
    // An unchanged file is not rewritten.
    let modified = std::fs::metadata(&b).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    Config::new().out_dir(&out).compile(&protos, &includes()).unwrap();
    assert_eq!(std::fs::metadata(&b).unwrap().modified().unwrap(), modified);
}

/// The non-`#[proto]` attributes of field `name` of `s`, without spaces.
fn extra_attrs(s: &syn::ItemStruct, name: &str) -> Vec<String> {
    let f = s.fields.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == name));
    let f = f.unwrap_or_else(|| panic!("{} has no field {name}", s.ident));
    f.attrs.iter().filter(|a| !a.path().is_ident("proto") && !a.path().is_ident("doc")).map(text).collect()
}

fn derives(s: &syn::ItemStruct) -> String {
    s.attrs.iter().filter(|a| a.path().is_ident("derive")).map(text).collect()
}

#[test]
fn unknown_fields_member_dropped_or_attributed() {
    let files = generate(
        Config::new()
            .drop_unknown_fields([".golden.proto3.Shape.Inner"])
            .field_attribute("_unknown_fields", "#[serde(skip)]")
            .field_attribute(".golden.proto3.Shape", "#[allow(dead_code)]"),
        &["golden/proto3.proto"],
    );
    let file = &files["golden.proto3.rs"];
    let shape = structure(file, &["Shape"]);
    // The member is reached by a path naming it, and only by such a path.
    assert_eq!(field(shape, "_unknown_fields").1, "#[proto(unknown)]");
    assert_eq!(extra_attrs(shape, "_unknown_fields"), ["#[serde(skip)]"]);
    assert_eq!(extra_attrs(shape, "sides"), ["#[allow(dead_code)]"]);
    assert!(!derives(shape).contains("Copy"), "{}", derives(shape));
    // Dropped below the path: the message and its nested ones.
    for path in [&["shape", "Inner"][..], &["shape", "inner", "Deep"]] {
        let s = structure(file, path);
        assert!(s.fields.iter().all(|f| f.ident.as_ref().unwrap() != "_unknown_fields"), "{path:?}");
    }
    // A message of numbers without the store is `Copy`, as in prost.
    assert!(derives(structure(file, &["shape", "inner", "Deep"])).contains("Copy"));
    assert!(!derives(structure(file, &["shape", "Inner"])).contains("Copy"));
}
