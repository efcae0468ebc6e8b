//! Generates the conformance and benchmark messages with protowire-codegen,
//! and the `contacts` schema of `tests/prost_way.rs`.
//! Maps are `BTreeMap`s so that encodings are deterministic, which the
//! round-trip checks (and fuzz targets) compare byte for byte.

use std::path::Path;

fn main() -> Result<(), protowire_codegen::Error> {
    let protos = Path::new(env!("CARGO_MANIFEST_DIR")).join("../protos");
    protowire_codegen::Config::new().btree_map(["."]).compile(
        &[
            "conformance/conformance.proto",
            "conformance/test_messages_proto2.proto",
            "conformance/test_messages_proto3.proto",
            // Editions files: parsed by the protoc of protoc-bin-vendored.
            "conformance/test_messages_edition2023.proto",
            "conformance/test_messages_proto2_editions.proto",
            "conformance/test_messages_proto3_editions.proto",
            "benchmarks/benchmarks.proto",
            "benchmarks/benchmark_message1_proto2.proto",
            "benchmarks/benchmark_message1_proto3.proto",
            "benchmarks/benchmark_message2.proto",
        ]
        .map(|p| protos.join(p)),
        &[protos],
    )?;
    // Custom options, parsed by protox (tests/tests/reflect.rs).
    protowire_codegen::Config::new().compile(&["custom_options.proto"], &["protos/options"])?;
    // tests/prost_way.rs: code written the prost way. The file is named
    // relative to its include directory, as prost-build users often do.
    protowire_codegen::Config::new()
        .drop_unknown_fields([".contacts.Person", ".contacts.Call"])
        .type_attribute(".contacts", "#[derive(serde::Serialize, serde::Deserialize)]")
        .compile(&["contacts.proto"], &["protos/prost_way"])
}
