//! `decode` and `encode` with a schema: `.proto` files parsed by the same
//! parser as protowire-codegen (no protoc), or a `FileDescriptorSet`, and
//! dynamic messages of the type named.

use std::path::{Path, PathBuf};

use protowire::reflect::{DescriptorPool, DynamicMessage, MessageDescriptor};
use protowire::{DecodeOptions, json, text};

use crate::{Failure, Format};

/// Where the schema comes from.
pub(crate) enum Schema {
    Protos { files: Vec<PathBuf>, includes: Vec<PathBuf> },
    DescriptorSet(PathBuf),
}

/// The message type `name` of the schema.
pub(crate) fn load(schema: &Schema, name: &str) -> Result<MessageDescriptor, Failure> {
    let pool = match schema {
        Schema::DescriptorSet(path) => {
            let bytes = std::fs::read(path).map_err(|e| Failure::Schema(format!("{}: {e}", path.display())))?;
            DescriptorPool::decode(&bytes).map_err(|e| Failure::Schema(format!("{}: {e}", path.display())))?
        }
        Schema::Protos { files, includes } => {
            // Without -I, each file's own directory, as for a lone file.
            let includes: Vec<PathBuf> = if includes.is_empty() {
                let mut dirs: Vec<PathBuf> = files.iter().map(|f| parent(f)).collect();
                dirs.dedup();
                dirs
            } else {
                includes.clone()
            };
            let bytes = protowire_codegen::Config::new()
                .descriptor_set_bytes(files, &includes)
                .map_err(|e| Failure::Schema(e.to_string()))?;
            DescriptorPool::decode(&bytes).map_err(|e| Failure::Schema(e.to_string()))?
        }
    };
    let name = name.strip_prefix('.').unwrap_or(name);
    pool.get_message_by_name(name).ok_or_else(|| {
        let short = name.rsplit('.').next().unwrap_or(name);
        let similar: Vec<String> =
            pool.all_messages().filter(|m| m.name() == short).map(|m| m.full_name().to_owned()).collect();
        let hint = if similar.is_empty() { String::new() } else { format!(" (did you mean {}?)", similar.join(", ")) };
        Failure::Schema(format!("no message type `{name}` in the schema{hint}"))
    })
}

fn parent(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// One binary message printed as text or JSON; `at` as for `raw::decode`.
pub(crate) fn decode(
    descriptor: &MessageDescriptor,
    bytes: &[u8],
    format: Format,
    at: Option<(usize, usize)>,
) -> Result<String, Failure> {
    let which = crate::which(at);
    let options = DecodeOptions::new().check_required(false);
    let message = DynamicMessage::decode_with_options(descriptor.clone(), bytes, &options)
        .map_err(|e| Failure::Input(format!("{which} is not a valid {}: {e}", descriptor.full_name())))?;
    // As `protoc --decode`: a message without its required fields is
    // printed, with a warning.
    if let Err(missing) = message.check_initialized() {
        eprintln!("protowire: warning: {which} is missing required fields: {missing}");
    }
    match format {
        Format::Text => {
            let options = text::PrintOptions::new().print_unknown_fields(true);
            text::to_string_dyn(&message, &options).map_err(|e| Failure::Input(format!("cannot print {which}: {e}")))
        }
        Format::Json => {
            let options = json::PrintOptions::new().indent(Some(2));
            let mut out = json::to_string_dyn(&message, &options)
                .map_err(|e| Failure::Input(format!("cannot print {which} as JSON: {e}")))?;
            out.push('\n');
            Ok(out)
        }
    }
}

/// Text or JSON into binary, with its length in front when `delimited`.
pub(crate) fn encode(
    descriptor: &MessageDescriptor,
    input: &str,
    format: Format,
    delimited: bool,
) -> Result<Vec<u8>, Failure> {
    let name = descriptor.full_name();
    let mut message = DynamicMessage::new(descriptor.clone());
    match format {
        Format::Text => text::merge_dyn(&mut message, input)
            .map_err(|e| Failure::Input(format!("the input is not a {name} in text format: {e}")))?,
        Format::Json => json::merge_dyn(&mut message, input, &json::ParseOptions::new())
            .map_err(|e| Failure::Input(format!("the input is not a {name} in JSON: {e}")))?,
    }
    let mut out = Vec::new();
    let written = if delimited { message.encode_length_delimited(&mut out) } else { message.encode(&mut out) };
    written.map_err(|e| Failure::Input(format!("cannot encode the {name}: {e}")))?;
    Ok(out)
}
