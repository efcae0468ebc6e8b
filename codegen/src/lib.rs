//! `.proto` to Rust code generation for `protowire`. Not yet implemented: see issue 4.
#![forbid(unsafe_code)]
