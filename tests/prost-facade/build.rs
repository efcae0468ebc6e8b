//! Compiles the conformance and benchmark protos with prost-build twice:
//! for prost (`$OUT_DIR/prost`) and for protowire's prost facade
//! (`$OUT_DIR/facade`), both with `BTreeMap`s so that encodings compare byte
//! for byte. protoc comes from protoc-bin-vendored.

use std::path::{Path, PathBuf};

type BoxError = Box<dyn std::error::Error>;

const PROTOS: &[&str] = &[
    "conformance/test_messages_proto2.proto",
    "conformance/test_messages_proto3.proto",
    "benchmarks/benchmarks.proto",
    "benchmarks/benchmark_message1_proto2.proto",
    "benchmarks/benchmark_message1_proto3.proto",
    "benchmarks/benchmark_message2.proto",
];

fn main() -> Result<(), BoxError> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../protos");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let protoc = protoc_bin_vendored::protoc_bin_path()?;
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("protos");
    let includes =
        [root.join("conformance"), root.join("benchmarks"), protoc_bin_vendored::include_path()?, local.clone()];
    let mut files: Vec<PathBuf> = PROTOS.iter().map(|p| root.join(p)).collect();
    files.push(local.join("extras.proto"));
    println!("cargo::rerun-if-changed={}", root.display());

    for dir in ["prost", "facade"] {
        std::fs::create_dir_all(out.join(dir))?;
    }
    prost_build::Config::new()
        .protoc_executable(&protoc)
        .btree_map(["."])
        .out_dir(out.join("prost"))
        .include_file("mod.rs")
        .compile_protos(&files, &includes)?;
    // The facade: the one-line switch, plus the well-known types mapped to
    // protowire's (prost-types' are prost messages).
    prost_build::Config::new()
        .protoc_executable(&protoc)
        .prost_path("::protowire::prost")
        .enable_type_names()
        .compile_well_known_types()
        .extern_path(".google.protobuf", "::protowire::types")
        .btree_map(["."])
        .out_dir(out.join("facade"))
        .include_file("mod.rs")
        .compile_protos(&files, &includes)?;

    // tests/tonic.rs: a service from tonic-prost-build, its messages for the
    // facade and its codec protowire-tonic's.
    println!("cargo::rerun-if-changed={}", local.display());
    let mut config = prost_build::Config::new();
    config.protoc_executable(&protoc).prost_path("::protowire::prost").enable_type_names();
    std::fs::create_dir_all(out.join("echo"))?;
    tonic_prost_build::configure()
        .codec_path("::protowire_tonic::ProtowireCodec")
        .out_dir(out.join("echo"))
        .compile_with_config(config, &[local.join("echo.proto")], std::slice::from_ref(&local))?;
    Ok(())
}
