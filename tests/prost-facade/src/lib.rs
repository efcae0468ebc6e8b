//! Tests of `protowire::prost`, the prost facade, against prost itself (not
//! published). `build.rs` compiles the conformance and benchmark `.proto`
//! files twice with prost-build, once for prost and once with
//! `prost_path("::protowire::prost")`; the tests in `tests/` compare the
//! two byte for byte, and port prost's own derive tests.
