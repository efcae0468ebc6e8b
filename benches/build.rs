//! Generates every contender's code from the same `.proto` files, builds the
//! optional C++ shim, and writes the `FileDescriptorSet` dataset.
//!
//! prost-build runs the protoc the `protoc-bin-vendored` crate ships (or
//! `PROTOC`), and buffa reads the descriptor set it writes, so nothing needs
//! installing. The C++ column needs `protoc`, `libprotobuf-dev` of the same
//! version and a C++ compiler (`g++`) on the system; without them, or with
//! `PROTOWIRE_BENCH_NO_CPP=1`, the shim is skipped and the report says so.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Schemas of the datasets the report runs.
const BENCH: &[&str] = &[
    "../protos/benchmarks/benchmarks.proto",
    "../protos/benchmarks/benchmark_message1_proto2.proto",
    "../protos/benchmarks/benchmark_message1_proto3.proto",
    "../protos/benchmarks/benchmark_message2.proto",
    "protos/telemetry.proto",
    "protos/synthetic.proto",
];

/// Only for the code-size binaries: the 3.21.12 schemas, which every
/// contender's generator reads and whose sizes earlier reports measured.
/// (That directory also holds 3.21.12's `descriptor.proto`, ahead of the
/// runtime's newer one, for the descriptor-set dataset: prost-types, the
/// reference, knows its fields and no later ones.)
const TEST_MESSAGES: &[&str] =
    &["protos/conformance-3.21.12/test_messages_proto2.proto", "protos/conformance-3.21.12/test_messages_proto3.proto"];

/// The packages of the JSON table's datasets (`gm1_proto3`, `telemetry_1mb`).
const JSON_PACKAGES: &[&str] = &[".benchmarks.proto3", ".bench.telemetry"];

const INCLUDES: &[&str] = &["../protos/benchmarks", "protos/conformance-3.21.12", "protos", "../codec/protos"];

type BoxError = Box<dyn std::error::Error>;

fn main() -> Result<(), BoxError> {
    let out = PathBuf::from(env::var("OUT_DIR")?);
    println!("cargo::rerun-if-changed=protos");
    println!("cargo::rerun-if-changed=cpp");
    println!("cargo::rerun-if-env-changed=PROTOWIRE_BENCH_NO_CPP");
    println!("cargo::rerun-if-env-changed=PROTOC");
    println!("cargo::rustc-check-cfg=cfg(pw_cpp)");
    let all: Vec<&str> = BENCH.iter().chain(TEST_MESSAGES).copied().collect();

    let protoc = match env::var_os("PROTOC") {
        Some(protoc) => PathBuf::from(protoc),
        None => protoc_bin_vendored::protoc_bin_path()?,
    };

    // protowire, default options and with `bytes` everywhere.
    protowire_codegen::Config::new().out_dir(out.join("pw")).compile(&all, INCLUDES)?;
    protowire_codegen::Config::new().zero_copy(["."]).out_dir(out.join("pw_bytes")).compile(BENCH, INCLUDES)?;

    // prost, default and `bytes`; pbjson's serde impls (the proto3 JSON
    // mapping) beside the default types of the JSON datasets' packages.
    mkdir(&out.join("prost"))?;
    let prost_fds = out.join("prost_fds.pb");
    prost_build::Config::new()
        .protoc_executable(&protoc)
        .out_dir(out.join("prost"))
        .file_descriptor_set_path(&prost_fds)
        .compile_protos(&all, INCLUDES)?;
    pbjson_build::Builder::new()
        .register_descriptors(&fs::read(&prost_fds)?)?
        .out_dir(out.join("prost"))
        .build(JSON_PACKAGES)?;
    mkdir(&out.join("prost_bytes"))?;
    prost_build::Config::new()
        .protoc_executable(&protoc)
        .bytes(["."])
        .out_dir(out.join("prost_bytes"))
        .compile_protos(BENCH, INCLUDES)?;

    // buffa, owned types and views (views for the report's zero-copy column).
    mkdir(&out.join("buffa"))?;
    // From prost's descriptor set, whose files are named relative to their
    // include directory.
    let names: Vec<&str> = all.iter().map(|p| proto_name(p)).collect();
    buffa_build::Config::new()
        .descriptor_set(&prost_fds)
        .files(&names)
        .includes(INCLUDES)
        .generate_views(true)
        .generate_json(true)
        .allow_message_set(true)
        .idiomatic_enum_aliases(false)
        .out_dir(out.join("buffa"))
        .include_file("mod.rs")
        .compile()?;

    // rust-protobuf 3, pure-Rust parser. Its files start with inner
    // attributes, which `include!` inside a module rejects: strip them.
    let rpb = out.join("rpb");
    protobuf_codegen::Codegen::new().pure().includes(INCLUDES).inputs(&all).cargo_out_dir("rpb").run_from_script();
    for entry in fs::read_dir(&rpb)? {
        let path = entry?.path();
        let text = fs::read_to_string(&path)?;
        let kept: String =
            text.lines().filter(|l| !l.starts_with("#![") && !l.starts_with("//!")).flat_map(|l| [l, "\n"]).collect();
        fs::write(&path, kept)?;
    }

    // The FileDescriptorSet dataset: descriptor.proto + conformance +
    // benchmark schemas, with source info (as protoc writes it for plugins).
    let status = Command::new(&protoc)
        .args(INCLUDES.iter().map(|i| format!("-I{i}")))
        .arg(format!("--descriptor_set_out={}", out.join("fds.pb").display()))
        .args(["--include_imports", "--include_source_info"])
        .args([
            "google/protobuf/descriptor.proto",
            "conformance.proto",
            "test_messages_proto2.proto",
            "test_messages_proto3.proto",
            "benchmarks.proto",
            "benchmark_message1_proto2.proto",
            "benchmark_message1_proto3.proto",
            "benchmark_message2.proto",
        ])
        .status()?;
    if !status.success() {
        return Err(format!("{} --descriptor_set_out failed: {status}", protoc.display()).into());
    }

    // Why the C++ column is skipped, read by the report; empty when built.
    // Generated C++ must come from the protoc of the installed library: the
    // system's, not the vendored one.
    let system_protoc = env::var("PROTOC").unwrap_or_else(|_| "protoc".into());
    let skipped = match build_cpp(&system_protoc, &out) {
        Ok(()) => {
            println!("cargo::rustc-cfg=pw_cpp");
            String::new()
        }
        Err(why) => {
            println!("cargo::warning=C++ protobuf column skipped: {why}");
            why
        }
    };
    fs::write(out.join("cpp_skipped.txt"), skipped)?;
    Ok(())
}

/// `path` relative to the first of `INCLUDES` it is under.
fn proto_name(path: &str) -> &str {
    INCLUDES.iter().find_map(|dir| path.strip_prefix(dir)?.strip_prefix('/')).unwrap_or(path)
}

fn mkdir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

/// Generates C++ for the benchmark schemas with `protoc --cpp_out` and
/// compiles it with the shim. Any failure skips the C++ column.
fn build_cpp(protoc: &str, out: &Path) -> Result<(), String> {
    if env::var_os("PROTOWIRE_BENCH_NO_CPP").is_some_and(|v| v != "0") {
        return Err("PROTOWIRE_BENCH_NO_CPP is set".into());
    }
    let header = Path::new("/usr/include/google/protobuf/message.h");
    let pkg = Command::new("pkg-config").args(["--cflags", "--libs", "protobuf"]).output();
    let (cflags, libs) = match pkg {
        Ok(o) if o.status.success() => {
            let flags = String::from_utf8_lossy(&o.stdout).into_owned();
            let (libs, cflags): (Vec<&str>, Vec<&str>) = flags.split_whitespace().partition(|f| f.starts_with("-l"));
            (cflags.into_iter().map(str::to_owned).collect(), libs.into_iter().map(|l| l[2..].to_owned()).collect())
        }
        _ if header.exists() => (Vec::new(), vec!["protobuf".to_owned()]),
        _ => return Err("libprotobuf-dev not found (no pkg-config protobuf, no google/protobuf/message.h)".into()),
    };
    // Generated C++ must come from the protoc matching the library.
    let protoc_version = Command::new(protoc).arg("--version").output().map_err(|e| format!("{protoc}: {e}"))?;
    let protoc_version = String::from_utf8_lossy(&protoc_version.stdout).trim().replace("libprotoc ", "");
    if let Ok(o) = Command::new("pkg-config").args(["--modversion", "protobuf"]).output()
        && o.status.success()
    {
        let lib = String::from_utf8_lossy(&o.stdout).trim().to_owned();
        if !lib.ends_with(&protoc_version) && !protoc_version.ends_with(&lib) {
            return Err(format!("protoc {protoc_version} does not match libprotobuf {lib}"));
        }
    }
    let cpp = out.join("cpp");
    fs::create_dir_all(&cpp).map_err(|e| e.to_string())?;
    let protos = [
        "benchmark_message1_proto2.proto",
        "benchmark_message1_proto3.proto",
        "benchmark_message2.proto",
        "telemetry.proto",
        "synthetic.proto",
    ];
    let status = Command::new(protoc)
        .args(INCLUDES.iter().map(|i| format!("-I{i}")))
        .arg(format!("--cpp_out={}", cpp.display()))
        .args(protos)
        .status()
        .map_err(|e| format!("{protoc}: {e}"))?;
    if !status.success() {
        return Err(format!("protoc --cpp_out failed: {status}"));
    }
    let mut build = cc::Build::new();
    build.cpp(true).std("c++17").opt_level(2).include(&cpp).file("cpp/shim.cc").warnings(false);
    for p in protos {
        build.file(cpp.join(p.replace(".proto", ".pb.cc")));
    }
    for f in &cflags {
        build.flag(f);
    }
    build.try_compile("pwbench_cpp").map_err(|e| format!("compiling the C++ shim: {e}"))?;
    for l in libs {
        println!("cargo::rustc-link-lib={l}");
    }
    Ok(())
}
