//! prost's types for the conformance test messages, for `differential_prost`.
//! prost-build runs `protoc` (`PROTOC`, else `protoc` on `PATH`, e.g.
//! `/usr/bin/protoc`). Maps are `BTreeMap`s, as on the protowire side, so
//! that values compare by their `Debug` output.

fn main() -> std::io::Result<()> {
    let protos = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../protos");
    println!("cargo:rerun-if-changed=../protos/conformance/test_messages_proto3.proto");
    prost_build::Config::new()
        .btree_map(["."])
        .compile_protos(&[protos.join("conformance/test_messages_proto3.proto")], &[protos])
}
