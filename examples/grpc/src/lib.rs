//! protowire over gRPC: the example's `Orders` service and gRPC's standard
//! health service (`grpc.health.v1.Health`), generated from `.proto` files
//! by `protowire-codegen` with `build_server` and `build_client`, served by
//! tonic with `protowire-tonic`'s codec.
//!
//! `cargo run -p grpc-example --bin server -- --addr 127.0.0.1:50051` serves
//! both; `cargo run -p grpc-example --bin client -- --addr 127.0.0.1:50051`
//! calls every method once.

pub mod args;
pub mod health;
pub mod orders;
pub mod proto;
mod server;

pub use server::serve;
