//! The [`Config`] builder: options, and the `compile` entry point that a
//! `build.rs` calls.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use prost_types::FileDescriptorSet;

use crate::error::{Error, ErrorKind};
use crate::{emit, parse};

/// The Rust path the well-known types (`google.protobuf.*`) map to unless
/// [`Config::compile_well_known_types`] is called.
pub const WELL_KNOWN_TYPES_PATH: &str = "::protowire::types";

/// The codec generated gRPC services name unless
/// [`Config::codec_path`] is called: `protowire-tonic`'s.
pub const DEFAULT_CODEC_PATH: &str = "::protowire_tonic::ProtowireCodec";

/// A descriptor set to generate from, given to
/// [`Config::file_descriptor_set`]: decoded, or as encoded bytes (as written by
/// `protoc --descriptor_set_out`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum DescriptorSetSource {
    /// A decoded set.
    Set(FileDescriptorSet),
    /// An encoded `google.protobuf.FileDescriptorSet`.
    Encoded(Vec<u8>),
}

impl From<FileDescriptorSet> for DescriptorSetSource {
    fn from(set: FileDescriptorSet) -> Self {
        DescriptorSetSource::Set(set)
    }
}

impl From<Vec<u8>> for DescriptorSetSource {
    fn from(bytes: Vec<u8>) -> Self {
        DescriptorSetSource::Encoded(bytes)
    }
}

impl From<&[u8]> for DescriptorSetSource {
    fn from(bytes: &[u8]) -> Self {
        DescriptorSetSource::Encoded(bytes.to_vec())
    }
}

/// Code generation options, set builder style, then [`compile`](Config::compile).
///
/// Path options (`btree_map`, `bytes`, `boxed`, attributes) take protobuf
/// paths matched as prost-build matches them: `"."` is everything,
/// `".pkg"` a package, `".pkg.Msg"` a message and everything in it,
/// `".pkg.Msg.field"` one field; a path without a leading dot matches by
/// suffix (`"Msg.field"`, `"field"`).
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), protowire_codegen::Error> {
///     protowire_codegen::Config::new()
///         .btree_map(["."])
///         .bytes([".shop.Order.blob"])
///         .compile(&["proto/shop.proto"], &["proto"])
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) btree_map: Vec<String>,
    pub(crate) bytes: Vec<String>,
    pub(crate) zero_copy: Vec<String>,
    pub(crate) unchecked_strings: Vec<String>,
    pub(crate) boxed: Vec<String>,
    pub(crate) extern_paths: Vec<(String, String)>,
    pub(crate) well_known_types_extern: bool,
    pub(crate) type_attributes: Vec<(String, String)>,
    pub(crate) field_attributes: Vec<(String, String)>,
    pub(crate) drop_unknown_fields: Vec<String>,
    pub(crate) protoc: Option<bool>,
    pub(crate) descriptor_set: Option<DescriptorSetSource>,
    pub(crate) out_dir: Option<PathBuf>,
    pub(crate) build_server: bool,
    pub(crate) build_client: bool,
    pub(crate) build_transport: bool,
    pub(crate) codec_path: String,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// Default options: `HashMap` for maps, `Vec<u8>` for bytes, well-known
    /// types from [`WELL_KNOWN_TYPES_PATH`], parsing with protox unless the
    /// `PROTOC` environment variable is set.
    pub fn new() -> Self {
        Config {
            btree_map: Vec::new(),
            bytes: Vec::new(),
            zero_copy: Vec::new(),
            unchecked_strings: Vec::new(),
            boxed: Vec::new(),
            extern_paths: Vec::new(),
            well_known_types_extern: true,
            type_attributes: Vec::new(),
            field_attributes: Vec::new(),
            drop_unknown_fields: Vec::new(),
            protoc: None,
            descriptor_set: None,
            out_dir: None,
            build_server: false,
            build_client: false,
            build_transport: true,
            codec_path: DEFAULT_CODEC_PATH.to_owned(),
        }
    }

    /// Map fields matching `paths` become `BTreeMap` instead of `HashMap`.
    pub fn btree_map<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.btree_map.extend(paths.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    /// `bytes` fields matching `paths` become `::protowire::bytes::Bytes`
    /// instead of `Vec<u8>`.
    pub fn bytes<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.bytes.extend(paths.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    /// Fields matching `paths` share the input buffer when decoded from a
    /// `Bytes`: `string` fields become `protowire::ByteString` (a UTF-8
    /// string over `Bytes`, checked once on decode; it derefs to `&str`),
    /// `bytes` fields `::protowire::bytes::Bytes`. Decoding allocates nothing
    /// for them then; a decoded message keeps the input buffer alive while
    /// any of them does. Covers what [`bytes`](Self::bytes) does.
    pub fn zero_copy<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.zero_copy.extend(paths.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    /// `string` fields matching `paths` whose `.proto` does not ask for UTF-8
    /// checks (`utf8_validation = NONE`: every proto2 `string`, and editions
    /// fields or files that set the feature) become bytes: `Vec<u8>`, or
    /// `Bytes` under [`zero_copy`](Self::zero_copy)/[`bytes`](Self::bytes).
    /// They then decode whatever bytes they hold, as C++, Go and upb accept
    /// them, so a service can exchange strings that are not UTF-8 with
    /// them. The wire is the same, and JSON and text format still write
    /// them as strings (JSON replaces invalid UTF-8 with U+FFFD). Map keys
    /// stay `String`.
    ///
    /// Without it every `string` is a `String` checked on decode, as prost
    /// and buffa do: a proto2 string that is not UTF-8 fails to decode.
    /// Fields that must be UTF-8 (proto3, editions' default) are `String`
    /// whatever `paths` says.
    pub fn unchecked_strings_as_bytes<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.unchecked_strings.extend(paths.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    /// Singular message fields matching `paths` are boxed even when they are
    /// not recursive (recursive ones always are).
    pub fn boxed<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.boxed.extend(paths.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    /// Types under protobuf path `proto_path` (a package such as
    /// `".google.protobuf"`, or one type such as `".pkg.Msg"`) are not
    /// generated: references to them use Rust path `rust_path` instead
    /// (`"::other_crate::pkg"`). Nested types are found below it as generated
    /// code lays them out (`.pkg.Msg.Inner` → `rust_path::msg::Inner`).
    pub fn extern_path(&mut self, proto_path: impl Into<String>, rust_path: impl Into<String>) -> &mut Self {
        self.extern_paths.push((proto_path.into(), rust_path.into()));
        self
    }

    /// Generates the well-known types (`google.protobuf.*`) like any other
    /// type, instead of referring to them in [`WELL_KNOWN_TYPES_PATH`]. This
    /// is how the runtime's own `types` module is generated.
    pub fn compile_well_known_types(&mut self) -> &mut Self {
        self.well_known_types_extern = false;
        self
    }

    /// Adds an attribute (`"#[derive(Hash)]"`) to messages, enums and oneofs
    /// matching `path`.
    pub fn type_attribute(&mut self, path: impl Into<String>, attribute: impl Into<String>) -> &mut Self {
        self.type_attributes.push((path.into(), attribute.into()));
        self
    }

    /// Adds an attribute to fields (and oneof fields) matching `path`.
    ///
    /// The member that keeps a message's unknown fields is matched as a
    /// field named `_unknown_fields` (`".pkg.Msg._unknown_fields"`, or
    /// `"_unknown_fields"` for every message), and only by a path that ends
    /// in that name: an attribute meant for the `.proto`'s fields (`"."`,
    /// `".pkg.Msg"`) does not land on it. With `serde`, for example:
    ///
    /// ```no_run
    /// # let mut config = protowire_codegen::Config::new();
    /// config
    ///     .type_attribute(".", "#[derive(serde::Serialize)]")
    ///     .field_attribute("_unknown_fields", "#[serde(skip)]");
    /// ```
    ///
    /// (`protowire`'s `serde` feature also makes `UnknownFields`
    /// serializable as its raw bytes, so the second line is a choice.)
    pub fn field_attribute(&mut self, path: impl Into<String>, attribute: impl Into<String>) -> &mut Self {
        self.field_attributes.push((path.into(), attribute.into()));
        self
    }

    /// Messages matching `paths` get no unknown-fields member: fields their
    /// schema does not know are dropped on decode, as prost does, instead
    /// of being kept and written back on encode.
    ///
    /// The trade-off: such a message can be written as an exhaustive
    /// struct literal (`Point { x: 1, y: 2 }`) and, when every field is a
    /// number, bool or enum, it derives `Copy` (so a `type_attribute` must
    /// not add `Copy` again); but a message that passes through a service
    /// built against an older schema loses the newer fields. Unknown fields
    /// are kept unless this is called.
    pub fn drop_unknown_fields<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.drop_unknown_fields.extend(paths.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    /// Parses `.proto` files with `protoc` when `true`, with the protox
    /// crate when `false`. Unset, protoc is used when `PROTOC` is set, and
    /// for files protox cannot read (editions). The protoc run is `PROTOC`,
    /// else the one the `protoc-bin-vendored` crate ships (protoc 36, for
    /// editions 2023 and 2024), so nothing needs installing.
    pub fn protoc(&mut self, yes: bool) -> &mut Self {
        self.protoc = Some(yes);
        self
    }

    /// Generates from this descriptor set instead of parsing `.proto` files.
    /// [`compile`](Config::compile)'s `protos` then name the files of the set
    /// to generate (by import name or by path under an include directory);
    /// none means all of them.
    pub fn file_descriptor_set(&mut self, set: impl Into<DescriptorSetSource>) -> &mut Self {
        self.descriptor_set = Some(set.into());
        self
    }

    /// Writes generated files to `dir` instead of `OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates, for every `service` of the files compiled, a tonic server:
    /// module `<service>_server` beside the package's messages, holding the
    /// trait `<Service>` to implement and `<Service>Server` to serve it
    /// (off by default). Methods of all four shapes are generated (unary,
    /// client streaming, server streaming, bidirectional), with the
    /// `.proto`'s comments as docs; the code is tonic-build's, with
    /// [`codec_path`](Config::codec_path) as the codec.
    ///
    /// The crate that includes the generated code depends on `tonic` (its
    /// `codegen` and `server` features) and `protowire-tonic`.
    pub fn build_server(&mut self, yes: bool) -> &mut Self {
        self.build_server = yes;
        self
    }

    /// Generates, for every `service` of the files compiled, a tonic client:
    /// module `<service>_client` beside the package's messages, holding
    /// `<Service>Client` (off by default). As with
    /// [`build_server`](Config::build_server), all four method shapes, docs
    /// from the `.proto`, and the crate including the code depends on
    /// `tonic` (feature `codegen`, and `channel` unless
    /// [`build_transport`](Config::build_transport) is off) and
    /// `protowire-tonic`.
    pub fn build_client(&mut self, yes: bool) -> &mut Self {
        self.build_client = yes;
        self
    }

    /// Whether generated clients get `connect`, which needs tonic's
    /// transport (its `channel` feature); on by default. Off, clients are
    /// built from any tower service with `new`.
    pub fn build_transport(&mut self, yes: bool) -> &mut Self {
        self.build_transport = yes;
        self
    }

    /// The codec that generated services use, as a Rust path to a type
    /// generic over the message to encode and the message to decode, built
    /// with `Default` ([`DEFAULT_CODEC_PATH`] unless called). Point it at
    /// an alias such as `type StrictCodec<T, U> =
    /// protowire_tonic::ProtowireCodecWith<T, U, Strict>` to give generated
    /// services other decode limits.
    pub fn codec_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.codec_path = path.into();
        self
    }

    /// Parses `protos` (looking up imports in `includes`) and writes one
    /// `<package>.rs` per package into the output directory (`_.rs` for
    /// files without a package). Under cargo (`OUT_DIR` set) it prints
    /// `cargo:rerun-if-changed` for every `.proto` read.
    ///
    /// # Errors
    ///
    /// A `.proto` that does not parse or check (the message says
    /// `file:line:column`), an unsupported construct (an edition after
    /// 2024), names that
    /// clash in Rust, `protoc` failing, no output directory (neither
    /// [`out_dir`](Config::out_dir) nor `OUT_DIR`), or a failed write.
    ///
    /// The [`Error`]'s `Debug` is its message, so a `build.rs` whose `main`
    /// returns `Result<(), protowire_codegen::Error>` prints it readably; it
    /// converts into an [`io::Error`](std::io::Error) for a `main` returning
    /// `io::Result` (`compile(..)?`), as prost-build's `compile_protos` does.
    pub fn compile(&self, protos: &[impl AsRef<Path>], includes: &[impl AsRef<Path>]) -> Result<(), Error> {
        let under_cargo = env::var_os("OUT_DIR").is_some();
        let out_dir = self.out_dir.clone().or_else(|| env::var_os("OUT_DIR").map(PathBuf::from)).ok_or_else(|| {
            Error::new(
                ErrorKind::Config,
                "no output directory: OUT_DIR is not set (not run from build.rs?); \
                     call Config::out_dir",
            )
        })?;
        let protos: Vec<&Path> = protos.iter().map(AsRef::as_ref).collect();
        let includes: Vec<&Path> = includes.iter().map(AsRef::as_ref).collect();
        // Printed before parsing, so that fixing a file that fails to parse
        // reruns the build script; after it, for the imports.
        let mut watched: Vec<PathBuf> = Vec::new();
        let mut watch = |path: PathBuf| {
            if under_cargo && !watched.contains(&path) {
                println!("cargo:rerun-if-changed={}", path.display());
                watched.push(path);
            }
        };
        if under_cargo {
            println!("cargo:rerun-if-env-changed=PROTOC");
        }
        protos.iter().filter_map(|proto| parse::on_disk(proto, &includes)).for_each(&mut watch);
        let loaded = parse::load(self, &protos, &includes)?;
        loaded.read.iter().cloned().for_each(&mut watch);
        let names: Vec<&str> = loaded.files.iter().map(String::as_str).collect();
        let generated = emit::generate(self, &loaded.set, loaded.bytes.as_deref(), &names)?;
        fs::create_dir_all(&out_dir).map_err(|e| Error::io(format_args!("creating {}", out_dir.display()), e))?;
        for (name, code) in generated {
            let path = out_dir.join(name);
            // Leave an unchanged file alone, so its mtime does not force a rebuild.
            if fs::read_to_string(&path).is_ok_and(|old| old == code) {
                continue;
            }
            fs::write(&path, code).map_err(|e| Error::io(format_args!("writing {}", path.display()), e))?;
        }
        Ok(())
    }

    /// Parses `protos` as [`compile`](Config::compile) does (protox, or
    /// protoc for editions files and when asked) and returns the encoded
    /// `FileDescriptorSet`: every file, imports included, dependencies
    /// first, with source info (comments). What a tool that works from
    /// `.proto` files at run time loads into a
    /// `protowire::reflect::DescriptorPool`.
    ///
    /// # Errors
    ///
    /// As [`compile`](Config::compile), except for those about generating
    /// and writing code.
    pub fn descriptor_set_bytes(
        &self,
        protos: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<Vec<u8>, Error> {
        let protos: Vec<&Path> = protos.iter().map(AsRef::as_ref).collect();
        let includes: Vec<&Path> = includes.iter().map(AsRef::as_ref).collect();
        let loaded = parse::load(self, &protos, &includes)?;
        Ok(loaded.bytes.unwrap_or_else(|| prost::Message::encode_to_vec(&loaded.set)))
    }

    /// Like [`compile`](Config::compile), but returns the generated files as
    /// `(file name, code)` pairs instead of writing them, and prints nothing.
    ///
    /// # Errors
    ///
    /// As [`compile`](Config::compile), except for those about writing.
    pub fn generate_files(
        &self,
        protos: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<Vec<(String, String)>, Error> {
        let protos: Vec<&Path> = protos.iter().map(AsRef::as_ref).collect();
        let includes: Vec<&Path> = includes.iter().map(AsRef::as_ref).collect();
        let loaded = parse::load(self, &protos, &includes)?;
        let names: Vec<&str> = loaded.files.iter().map(String::as_str).collect();
        emit::generate(self, &loaded.set, loaded.bytes.as_deref(), &names)
    }

    /// Generates code for the files of `set` named in `files_to_generate`
    /// (their `name`, the import path such as `"shop/order.proto"`; empty
    /// means every file of the set). Types in other files of the set are
    /// referred to, not generated. Returns one `(file name, code)` pair per
    /// package, in the order the packages first appear: `"shop.rs"`,
    /// `"foo.bar.rs"`, `"_.rs"` for no package.
    ///
    /// # Errors
    ///
    /// A file to generate that is not in the set or uses editions (whose
    /// data `prost_types` cannot hold: give such sets to
    /// [`file_descriptor_set`](Config::file_descriptor_set) as bytes), a type
    /// reference the set cannot resolve, names that clash in Rust, a bad
    /// default value, or an invalid [`extern_path`](Config::extern_path),
    /// attribute or [`codec_path`](Config::codec_path).
    pub fn generate(
        &self,
        set: &FileDescriptorSet,
        files_to_generate: &[&str],
    ) -> Result<Vec<(String, String)>, Error> {
        emit::generate(self, set, None, files_to_generate)
    }

    /// The extern paths in force: the user's, then the well-known types'.
    pub(crate) fn all_extern_paths(&self) -> Vec<(String, String)> {
        let mut paths = self.extern_paths.clone();
        if self.well_known_types_extern && !paths.iter().any(|(p, _)| p == ".google.protobuf") {
            paths.push((".google.protobuf".to_owned(), WELL_KNOWN_TYPES_PATH.to_owned()));
        }
        paths
    }
}

/// Whether path option `pattern` selects the element with full name `fq`
/// (`.pkg.Msg.field`).
pub(crate) fn path_matches(pattern: &str, fq: &str) -> bool {
    if pattern == "." {
        return true;
    }
    if pattern.starts_with('.') {
        fq == pattern || fq.strip_prefix(pattern).is_some_and(|rest| rest.starts_with('.'))
    } else {
        fq == pattern || fq.strip_suffix(pattern).is_some_and(|rest| rest.ends_with('.'))
    }
}

/// Whether any of `patterns` selects `fq`.
pub(crate) fn any_matches(patterns: &[String], fq: &str) -> bool {
    patterns.iter().any(|p| path_matches(p, fq))
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn matching() {
        assert!(path_matches(".", ".a.B.c"));
        assert!(path_matches(".a", ".a.B.c"));
        assert!(!path_matches(".a", ".ab.B.c"));
        assert!(path_matches(".a.B.c", ".a.B.c"));
        assert!(!path_matches(".a.B.c", ".a.B.cd"));
        assert!(path_matches("B.c", ".a.B.c"));
        assert!(path_matches("c", ".a.B.c"));
        assert!(!path_matches("c", ".a.B.xc"));
    }
}
