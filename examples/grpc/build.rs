//! Compiles the example's service and gRPC's standard health service into
//! Rust: messages, tonic clients and servers (no protoc needed).

fn main() -> Result<(), protowire_codegen::Error> {
    protowire_codegen::Config::new()
        .build_server(true)
        .build_client(true)
        .compile(&["proto/example/orders.proto", "proto/grpc/health/v1/health.proto"], &["proto"])
}
