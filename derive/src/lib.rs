//! Derive macros for `protowire`. Not yet implemented: see issue 3.
#![forbid(unsafe_code)]
