//! prost's types for the conformance test messages, for `differential_prost`.
//! prost-build runs `PROTOC`, else the protoc the `protoc-bin-vendored`
//! crate ships. Maps are `BTreeMap`s, as on the protowire side, so that
//! values compare by their `Debug` output.

fn main() -> std::io::Result<()> {
    let protos = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../protos");
    println!("cargo:rerun-if-changed=../protos/conformance/test_messages_proto3.proto");
    println!("cargo:rerun-if-env-changed=PROTOC");
    let protoc = match std::env::var_os("PROTOC") {
        Some(protoc) => std::path::PathBuf::from(protoc),
        None => protoc_bin_vendored::protoc_bin_path().map_err(std::io::Error::other)?,
    };
    prost_build::Config::new()
        .protoc_executable(protoc)
        .btree_map(["."])
        .compile_protos(&[protos.join("conformance/test_messages_proto3.proto")], &[protos])
}
