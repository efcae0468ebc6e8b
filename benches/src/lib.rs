//! Benchmarks of protowire against prost, buffa, rust-protobuf and C++ (see issue 7).
