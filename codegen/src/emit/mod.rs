//! Code emission: descriptors to Rust tokens (with `quote`), one file per
//! package, formatted with `prettyplease`.

mod accessor;
mod descriptor;
mod enumeration;
mod extension;
mod field;
mod file;
mod message;
mod oneof;
mod service;

use std::collections::HashMap;

use proc_macro2::TokenStream;
use prost_types::{FileDescriptorProto, FileDescriptorSet};

use crate::config::{Config, path_matches};
use crate::error::{Error, ErrorKind};
use crate::features::Features;
use crate::index::Index;
use crate::source::Source;

/// The name of the member that keeps a message's unknown fields (with `_`
/// appended while it clashes with a field), and of it in attribute paths.
pub(crate) const UNKNOWN_FIELDS: &str = "_unknown_fields";

/// What every part of generation reads.
pub(crate) struct Ctx<'a> {
    pub config: &'a Config,
    pub index: Index<'a>,
    pub features: Features,
    /// Each file's encoding, for the embedded descriptor sets.
    pub file_bytes: HashMap<String, Vec<u8>>,
    type_attributes: Vec<(String, TokenStream)>,
    field_attributes: Vec<(String, TokenStream)>,
}

impl<'a> Ctx<'a> {
    fn new(config: &'a Config, set: &'a FileDescriptorSet, bytes: Option<&[u8]>) -> Result<Self, Error> {
        let parse = |attrs: &[(String, String)]| -> Result<Vec<(String, TokenStream)>, Error> {
            attrs
                .iter()
                .map(|(path, attr)| {
                    let parsed =
                        syn::parse_str::<syn::File>(&format!("{attr} struct S;")).ok().filter(|f| f.items.len() == 1);
                    match (parsed, attr.parse::<TokenStream>()) {
                        (Some(_), Ok(tokens)) => Ok((path.clone(), tokens)),
                        _ => Err(Error::new(
                            ErrorKind::Config,
                            format!("attribute for `{path}` is not an outer attribute: `{attr}`"),
                        )),
                    }
                })
                .collect()
        };
        Ok(Ctx {
            config,
            index: Index::new(set, config.all_extern_paths())?,
            features: Features::resolve(set, bytes)?,
            file_bytes: descriptor::file_bytes(set, bytes),
            type_attributes: parse(&config.type_attributes)?,
            field_attributes: parse(&config.field_attributes)?,
        })
    }

    /// The configured attributes for the message, enum or oneof `fq`.
    fn type_attributes(&self, fq: &str) -> TokenStream {
        select(&self.type_attributes, fq)
    }

    /// The configured attributes for the field or oneof `fq`.
    fn field_attributes(&self, fq: &str) -> TokenStream {
        select(&self.field_attributes, fq)
    }

    /// The configured attributes for the unknown-fields member of message
    /// `msg_fq`: those of paths naming `_unknown_fields` itself.
    fn unknown_fields_attributes(&self, msg_fq: &str) -> TokenStream {
        let fq = format!("{msg_fq}.{UNKNOWN_FIELDS}");
        self.field_attributes
            .iter()
            .filter(|(p, _)| p.rsplit('.').next() == Some(UNKNOWN_FIELDS) && path_matches(p, &fq))
            .map(|(_, t)| t.clone())
            .collect()
    }
}

fn select(attrs: &[(String, TokenStream)], fq: &str) -> TokenStream {
    attrs.iter().filter(|(p, _)| path_matches(p, fq)).map(|(_, t)| t.clone()).collect()
}

/// The file being walked.
pub(crate) struct FileCtx<'a> {
    pub source: Source<'a>,
}

impl<'a> FileCtx<'a> {
    fn new(file: &'a FileDescriptorProto) -> Self {
        FileCtx { source: Source::new(file) }
    }
}

/// The Rust names taken in one scope (a module, a struct, an enum), to
/// report two protobuf names that become the same Rust name.
pub(crate) struct Namespace {
    scope: String,
    names: HashMap<String, String>,
}

impl Namespace {
    pub fn new(scope: String) -> Self {
        Namespace { scope, names: HashMap::new() }
    }

    /// Takes Rust name `ident` for the element `what` describes.
    pub fn claim(&mut self, ident: &str, what: impl FnOnce() -> String) -> Result<(), Error> {
        let what = what();
        if let Some(first) = self.names.get(ident) {
            return Err(Error::new(
                ErrorKind::NameClash,
                format!("name clash in {}: {first} and {what} both become Rust name `{ident}`", self.scope),
            ));
        }
        self.names.insert(ident.to_owned(), what);
        Ok(())
    }

    pub fn contains(&self, ident: &str) -> bool {
        self.names.contains_key(ident)
    }
}

/// Generates the files of `set` named in `files` (all when empty): one
/// `(file name, code)` per package.
/// `bytes`, the set's encoding when it came as bytes, carries what
/// `prost_types` drops: editions and features.
pub(crate) fn generate(
    config: &Config,
    set: &FileDescriptorSet,
    bytes: Option<&[u8]>,
    files: &[&str],
) -> Result<Vec<(String, String)>, Error> {
    let ctx = Ctx::new(config, set, bytes)?;
    let all: Vec<&str>;
    let files = if files.is_empty() {
        all = set.file.iter().map(|f| f.name()).collect();
        &all
    } else {
        files
    };
    let mut packages: Vec<(&str, Vec<&FileDescriptorProto>)> = Vec::new();
    for name in files {
        let file =
            set.file.iter().find(|f| f.name() == *name).ok_or_else(|| {
                Error::new(ErrorKind::Descriptor, format!("file `{name}` is not in the descriptor set"))
            })?;
        match packages.iter_mut().find(|(p, _)| *p == file.package()) {
            Some((_, files)) if files.iter().any(|f| f.name() == file.name()) => {}
            Some((_, files)) => files.push(file),
            None => packages.push((file.package(), vec![file])),
        }
    }
    packages.into_iter().map(|(package, files)| file::package(&ctx, set, package, &files)).collect()
}
