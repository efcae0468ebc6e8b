//! Generates the conformance and benchmark messages with protowire-codegen.
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
            "benchmarks/benchmarks.proto",
            "benchmarks/benchmark_message1_proto2.proto",
            "benchmarks/benchmark_message1_proto3.proto",
            "benchmarks/benchmark_message2.proto",
        ]
        .map(|p| protos.join(p)),
        &[protos],
    )
}
