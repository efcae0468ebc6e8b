//! Generates Rust code for [`protowire`](https://docs.rs/protowire) from
//! `.proto` files, from a `build.rs`.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), protowire_codegen::Error> {
//!     protowire_codegen::Config::new().compile(&["proto/shop.proto"], &["proto"])
//! }
//! ```
//!
//! and in `src/lib.rs`, `protowire::include_proto!("shop");`.
//!
//! `.proto` files are parsed with the [`protox`] crate (no `protoc` needed),
//! or by `protoc` ([`Config::protoc`], or the `PROTOC` environment variable;
//! by default the one the `protoc-bin-vendored` crate ships, so nothing needs
//! installing), or come as a descriptor set
//! ([`Config::file_descriptor_set`]). Files of editions 2023 and 2024 go to
//! protoc, since protox does not read them; their features (presence, open or
//! closed enums, packed or expanded, delimited messages, UTF-8 checks) are
//! resolved from file to field, and proto2 and proto3 are the two presets of
//! the same model. Each package
//! becomes one file, `<package>.rs`, of structs deriving
//! `protowire::Message`, enums deriving `protowire::Enumeration` and oneof
//! enums deriving `protowire::Oneof`; nested types live in a `snake_case`
//! module named after their message, as with prost-build.
//!
//! Types of other packages are named by paths relative to the including
//! module (`super::b::Msg` for `.a.b.Msg` seen from package `a.c`), so the
//! files of related packages must be included in a module tree that mirrors
//! the package names (`pub mod a { pub mod b { include_proto!("a.b"); } }`).
//! The well-known types (`google.protobuf.*`) are taken from
//! [`WELL_KNOWN_TYPES_PATH`] unless [`Config::compile_well_known_types`] is
//! called; [`Config::extern_path`] maps any other package or type the same
//! way.
//!
//! Services become tonic clients and servers, in the same file as the
//! messages of their package, when [`Config::build_client`] or
//! [`Config::build_server`] is called (tonic-build writes them; they encode
//! with `protowire-tonic`'s codec). Extensions become typed
//! `protowire::Extension` constants, and each package file has a
//! `register_types()` that registers its message types and extensions, so
//! that they are found by name (`Any`, JSON and text format).
//!
//! [`generated_code`] shows what each `.proto` construct becomes, and where
//! that differs from prost-build.
#![forbid(unsafe_code)]

mod config;
mod emit;
mod error;
mod features;
#[doc = include_str!("generated_code.md")]
pub mod generated_code {}
mod ident;
mod index;
mod parse;
mod source;

pub use config::{Config, DEFAULT_CODEC_PATH, DescriptorSetSource, WELL_KNOWN_TYPES_PATH};
pub use error::{Error, ErrorKind};
pub use prost_types;
