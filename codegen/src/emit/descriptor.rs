//! The package's files as an encoded `FileDescriptorSet`, embedded in the
//! generated code (`FILE_DESCRIPTOR_SET`) for reflection: the files the
//! package declares and everything they import, dependencies first,
//! without source info (positions and comments), as protoc's C++ output
//! embeds them: they would make up most of the bytes.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Literal, TokenStream};
use prost::Message as _;
use prost_types::{FileDescriptorProto, FileDescriptorSet};
use quote::quote;

use super::Namespace;
use crate::error::Error;

/// Each file's encoding, by name: the bytes it came as when the set came as
/// bytes (they keep what `prost_types` drops: editions, features), else
/// `prost_types`' encoding.
pub(crate) fn file_bytes(set: &FileDescriptorSet, raw: Option<&[u8]>) -> HashMap<String, Vec<u8>> {
    let spans = raw.and_then(file_spans).filter(|spans| spans.len() == set.file.len());
    set.file
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let bytes = match &spans {
                Some(spans) => without_field(spans[i], SOURCE_CODE_INFO).unwrap_or_else(|| spans[i].to_vec()),
                None => FileDescriptorProto { source_code_info: None, ..file.clone() }.encode_to_vec(),
            };
            (file.name().to_owned(), bytes)
        })
        .collect()
}

/// `FileDescriptorProto.source_code_info`.
const SOURCE_CODE_INFO: u64 = 9;

/// An encoded message's bytes without its top-level fields numbered
/// `number`, or `None` if they do not parse.
fn without_field(mut bytes: &[u8], number: u64) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    while !bytes.is_empty() {
        let start = bytes;
        let key = prost::encoding::decode_varint(&mut bytes).ok()?;
        match key & 7 {
            0 => drop(prost::encoding::decode_varint(&mut bytes).ok()?),
            1 => bytes = bytes.get(8..)?,
            2 => {
                let len = usize::try_from(prost::encoding::decode_varint(&mut bytes).ok()?).ok()?;
                bytes = bytes.get(len..)?;
            }
            5 => bytes = bytes.get(4..)?,
            _ => return None,
        }
        if key >> 3 != number {
            out.extend_from_slice(&start[..start.len() - bytes.len()]);
        }
    }
    Some(out)
}

/// The bytes of each `file` (field 1) of an encoded `FileDescriptorSet`,
/// or `None` if the bytes do not parse as one.
fn file_spans(mut raw: &[u8]) -> Option<Vec<&[u8]>> {
    let mut spans = Vec::new();
    while !raw.is_empty() {
        let key = prost::encoding::decode_varint(&mut raw).ok()?;
        let len = usize::try_from(prost::encoding::decode_varint(&mut raw).ok()?).ok()?;
        if key != 0x0a || len > raw.len() {
            return None;
        }
        spans.push(&raw[..len]);
        raw = &raw[len..];
    }
    Some(spans)
}

/// `FILE_DESCRIPTOR_SET` for a package of `files`.
pub(super) fn embedded_set(
    set: &FileDescriptorSet,
    bytes: &HashMap<String, Vec<u8>>,
    files: &[&FileDescriptorProto],
    ns: &mut Namespace,
) -> Result<TokenStream, Error> {
    // The files and their imports, transitively, in the set's order (which
    // puts dependencies first).
    let mut needed: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&str> = files.iter().map(|f| f.name()).collect();
    while let Some(name) = stack.pop() {
        if needed.insert(name)
            && let Some(file) = set.file.iter().find(|f| f.name() == name)
        {
            stack.extend(file.dependency.iter().map(String::as_str));
        }
    }
    let mut encoded = Vec::new();
    for file in set.file.iter().filter(|f| needed.contains(f.name())) {
        let Some(file_bytes) = bytes.get(file.name()) else { continue };
        prost::encoding::encode_key(1, prost::encoding::WireType::LengthDelimited, &mut encoded);
        prost::encoding::encode_varint(file_bytes.len() as u64, &mut encoded);
        encoded.extend_from_slice(file_bytes);
    }
    ns.claim("FILE_DESCRIPTOR_SET", || "the package's `FILE_DESCRIPTOR_SET`".to_owned())?;
    let literal = Literal::byte_string(&encoded);
    Ok(quote! {
        /// The `.proto` files of this package and everything they import,
        /// as an encoded `google.protobuf.FileDescriptorSet` (without source
        /// info): for reflection (`protowire::reflect`) and gRPC server
        /// reflection.
        pub const FILE_DESCRIPTOR_SET: &[u8] = #literal;
    })
}
