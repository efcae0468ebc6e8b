//! prost-build's output compiled for prost and for the facade: the same
//! messages encode to the same bytes.

#![allow(clippy::all, missing_docs)]

mod prost_side {
    include!(concat!(env!("OUT_DIR"), "/prost/mod.rs"));
}
mod facade {
    include!(concat!(env!("OUT_DIR"), "/facade/mod.rs"));
}

#[test]
fn builds() {}
