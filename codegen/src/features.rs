//! Protobuf editions: the features of every field and enum, resolved.
//!
//! proto2, proto3 and each edition are presets of one feature model; a file
//! of an edition may override any feature on the file, a message, a oneof, a
//! field or an enum, and the innermost setting wins. `prost_types` (protox's
//! descriptor types) predates editions and drops `edition` and `features`
//! when it decodes, so this module decodes the descriptor set's bytes itself,
//! into the few descriptor fields resolution reads.
//!
//! Legacy syntax maps onto the same model: proto2 `required` is
//! `LEGACY_REQUIRED`, `[packed = ...]` the repeated encoding, a group the
//! delimited message encoding, proto3 `optional` explicit presence.

use std::collections::HashMap;

use prost::Message as _;
use prost_types::FileDescriptorSet;

use crate::error::{Error, ErrorKind};

/// `FieldDescriptorProto.Label.LABEL_REQUIRED`, `LABEL_REPEATED`.
const LABEL_REQUIRED: i32 = 2;
const LABEL_REPEATED: i32 = 3;
/// `FieldDescriptorProto.Type`: group and message.
const TYPE_GROUP: i32 = 10;
const TYPE_MESSAGE: i32 = 11;

/// `google.protobuf.Edition` values this generator knows.
const EDITION_2023: i32 = 1000;
const EDITION_2024: i32 = 1001;

/// A field's presence discipline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Set or not set (`Option<T>`).
    Explicit,
    /// Set when not the default (the plain type).
    Implicit,
    /// proto2 `required`.
    Required,
}

/// What generation needs of a field's resolved features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FieldFeatures {
    pub presence: Presence,
    /// Repeated scalars are written packed.
    pub packed: bool,
    /// Strings are checked to be UTF-8 (`utf8_validation = VERIFY`).
    pub verify_utf8: bool,
    /// Message fields are written as groups (`message_encoding = DELIMITED`).
    pub delimited: bool,
}

/// The resolved features of every field and enum of a descriptor set.
#[derive(Default)]
pub(crate) struct Features {
    /// By field, `.pkg.Msg.field`.
    fields: HashMap<String, FieldFeatures>,
    /// Whether each enum, `.pkg.Enum`, is closed.
    closed_enums: HashMap<String, bool>,
}

impl Features {
    /// Resolves the features of `set`, whose encoding is `bytes` when the
    /// set came as bytes (the only form that keeps editions' data).
    ///
    /// # Errors
    ///
    /// An edition this generator does not know, or `bytes` that do not
    /// decode.
    pub fn resolve(set: &FileDescriptorSet, bytes: Option<&[u8]>) -> Result<Features, Error> {
        let encoded;
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => {
                encoded = set.encode_to_vec();
                &encoded
            }
        };
        let raw = RawSet::decode(bytes)
            .map_err(|e| Error::new(ErrorKind::Descriptor, format!("invalid FileDescriptorSet: {e}")))?;
        let mut out = Features::default();
        for file in &raw.file {
            let base = preset(file)?;
            let base = base.apply(file.options.as_ref().and_then(|o| o.features.as_ref()));
            let scope = file.package.as_deref().filter(|p| !p.is_empty()).map(|p| format!(".{p}")).unwrap_or_default();
            let legacy = file.syntax.as_deref() != Some("editions");
            for e in &file.enum_type {
                out.add_enum(&scope, e, base);
            }
            for m in &file.message_type {
                out.add_message(&scope, m, base, legacy);
            }
            for f in &file.extension {
                let own = base.apply(f.options.as_ref().and_then(|o| o.features.as_ref()));
                out.fields.insert(format!("{scope}.{}", f.name()), field_features(f, own, false, legacy));
            }
        }
        Ok(out)
    }

    /// The features of field `fq` (`.pkg.Msg.field`).
    pub fn field(&self, fq: &str) -> Option<FieldFeatures> {
        self.fields.get(fq).copied()
    }

    /// Whether enum `fq` is closed (unknown values go to the unknown
    /// fields).
    pub fn enum_closed(&self, fq: &str) -> bool {
        self.closed_enums.get(fq).copied().unwrap_or(false)
    }

    fn add_enum(&mut self, scope: &str, e: &RawEnum, parent: Set) {
        let set = parent.apply(e.options.as_ref().and_then(|o| o.features.as_ref()));
        self.closed_enums.insert(format!("{scope}.{}", e.name()), set.enum_type == ENUM_CLOSED);
    }

    fn add_message(&mut self, scope: &str, m: &RawMessage, parent: Set, legacy: bool) {
        let set = parent.apply(m.options.as_ref().and_then(|o| o.features.as_ref()));
        let fq = format!("{scope}.{}", m.name());
        for f in &m.field {
            let oneof = f.oneof_index.and_then(|i| m.oneof_decl.get(usize::try_from(i).ok()?));
            let in_oneof = oneof.is_some() && !f.proto3_optional();
            let around = match oneof {
                Some(o) => set.apply(o.options.as_ref().and_then(|o| o.features.as_ref())),
                None => set,
            };
            let own = around.apply(f.options.as_ref().and_then(|o| o.features.as_ref()));
            self.fields.insert(format!("{fq}.{}", f.name()), field_features(f, own, in_oneof, legacy));
        }
        for f in &m.extension {
            let own = set.apply(f.options.as_ref().and_then(|o| o.features.as_ref()));
            self.fields.insert(format!("{fq}.{}", f.name()), field_features(f, own, false, legacy));
        }
        for e in &m.enum_type {
            self.add_enum(&fq, e, set);
        }
        for nested in &m.nested_type {
            self.add_message(&fq, nested, set, legacy);
        }
    }
}

/// The features a field ends up with: the resolved set, with what legacy
/// syntax says in other ways, and presence that cannot be implicit.
fn field_features(f: &RawField, set: Set, in_oneof: bool, legacy: bool) -> FieldFeatures {
    let is_message = matches!(f.r#type, Some(TYPE_MESSAGE | TYPE_GROUP));
    let mut presence = match set.field_presence {
        PRESENCE_IMPLICIT => Presence::Implicit,
        PRESENCE_LEGACY_REQUIRED => Presence::Required,
        _ => Presence::Explicit,
    };
    let mut packed = set.repeated_field_encoding == ENCODING_PACKED;
    let mut delimited = set.message_encoding == MESSAGE_DELIMITED;
    if legacy {
        if f.label == Some(LABEL_REQUIRED) {
            presence = Presence::Required;
        }
        if f.proto3_optional() {
            presence = Presence::Explicit;
        }
        if let Some(p) = f.options.as_ref().and_then(|o| o.packed) {
            packed = p;
        }
        delimited = f.r#type == Some(TYPE_GROUP);
    }
    if presence == Presence::Implicit && (is_message || in_oneof || f.label == Some(LABEL_REPEATED)) {
        presence = Presence::Explicit;
    }
    FieldFeatures {
        presence,
        packed,
        verify_utf8: set.utf8_validation != UTF8_NONE,
        delimited: delimited && is_message,
    }
}

/// The preset of a file's syntax or edition.
fn preset(file: &RawFile) -> Result<Set, Error> {
    match file.syntax.as_deref() {
        None | Some("") | Some("proto2") => Ok(PROTO2),
        Some("proto3") => Ok(PROTO3),
        Some("editions") => match file.edition {
            // 2024 changes naming-style and visibility features only,
            // none of which affect the wire or the generated types.
            Some(EDITION_2023 | EDITION_2024) => Ok(EDITION_2023_DEFAULTS),
            Some(other) => Err(Error::new(
                ErrorKind::Unsupported,
                format!("{}: edition {} is not supported (2023 and 2024 are)", file.name(), edition_name(other)),
            )),
            None => Err(Error::new(
                ErrorKind::Descriptor,
                format!(
                    "{}: declares editions syntax but the descriptor carries no edition; a \
                     `prost_types::FileDescriptorSet` cannot hold one: pass the set as bytes \
                     (DescriptorSetSource::Encoded)",
                    file.name()
                ),
            )),
        },
        Some(other) => Err(Error::new(ErrorKind::Unsupported, format!("{}: unknown syntax `{other}`", file.name()))),
    }
}

fn edition_name(value: i32) -> String {
    match value {
        998 => "proto2".into(),
        999 => "proto3".into(),
        v if v > EDITION_2024 => format!("{v} (newer than this generator)"),
        v => v.to_string(),
    }
}

// `google.protobuf.FeatureSet` enum values.
const PRESENCE_IMPLICIT: i32 = 2;
const PRESENCE_LEGACY_REQUIRED: i32 = 3;
const ENUM_CLOSED: i32 = 2;
const ENCODING_PACKED: i32 = 1;
const UTF8_NONE: i32 = 3;
const MESSAGE_DELIMITED: i32 = 2;

/// A fully resolved feature set (the values of `google.protobuf.FeatureSet`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Set {
    field_presence: i32,
    enum_type: i32,
    repeated_field_encoding: i32,
    utf8_validation: i32,
    message_encoding: i32,
}

const PROTO2: Set =
    Set { field_presence: 1, enum_type: 2, repeated_field_encoding: 2, utf8_validation: 3, message_encoding: 1 };
const PROTO3: Set =
    Set { field_presence: 2, enum_type: 1, repeated_field_encoding: 1, utf8_validation: 2, message_encoding: 1 };
const EDITION_2023_DEFAULTS: Set =
    Set { field_presence: 1, enum_type: 1, repeated_field_encoding: 1, utf8_validation: 2, message_encoding: 1 };

impl Set {
    /// This set with what `features` sets explicitly (0, `*_UNKNOWN`, is
    /// unset).
    fn apply(self, features: Option<&RawFeatures>) -> Set {
        let Some(f) = features else { return self };
        let pick = |own: Option<i32>, inherited: i32| own.filter(|v| *v != 0).unwrap_or(inherited);
        Set {
            field_presence: pick(f.field_presence, self.field_presence),
            enum_type: pick(f.enum_type, self.enum_type),
            repeated_field_encoding: pick(f.repeated_field_encoding, self.repeated_field_encoding),
            utf8_validation: pick(f.utf8_validation, self.utf8_validation),
            message_encoding: pick(f.message_encoding, self.message_encoding),
        }
    }
}

// The parts of `descriptor.proto` resolution reads, with its field numbers.

#[derive(Clone, PartialEq, prost::Message)]
struct RawSet {
    #[prost(message, repeated, tag = "1")]
    file: Vec<RawFile>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawFile {
    #[prost(string, optional, tag = "1")]
    name: Option<String>,
    #[prost(string, optional, tag = "2")]
    package: Option<String>,
    #[prost(message, repeated, tag = "4")]
    message_type: Vec<RawMessage>,
    #[prost(message, repeated, tag = "5")]
    enum_type: Vec<RawEnum>,
    #[prost(message, repeated, tag = "7")]
    extension: Vec<RawField>,
    #[prost(message, optional, tag = "8")]
    options: Option<RawFileOptions>,
    #[prost(string, optional, tag = "12")]
    syntax: Option<String>,
    #[prost(int32, optional, tag = "14")]
    edition: Option<i32>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawMessage {
    #[prost(string, optional, tag = "1")]
    name: Option<String>,
    #[prost(message, repeated, tag = "2")]
    field: Vec<RawField>,
    #[prost(message, repeated, tag = "3")]
    nested_type: Vec<RawMessage>,
    #[prost(message, repeated, tag = "4")]
    enum_type: Vec<RawEnum>,
    #[prost(message, repeated, tag = "6")]
    extension: Vec<RawField>,
    #[prost(message, optional, tag = "7")]
    options: Option<RawMessageOptions>,
    #[prost(message, repeated, tag = "8")]
    oneof_decl: Vec<RawOneof>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawField {
    #[prost(string, optional, tag = "1")]
    name: Option<String>,
    #[prost(int32, optional, tag = "4")]
    label: Option<i32>,
    #[prost(int32, optional, tag = "5")]
    r#type: Option<i32>,
    #[prost(message, optional, tag = "8")]
    options: Option<RawFieldOptions>,
    #[prost(int32, optional, tag = "9")]
    oneof_index: Option<i32>,
    #[prost(bool, optional, tag = "17")]
    proto3_optional: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawOneof {
    #[prost(message, optional, tag = "2")]
    options: Option<RawOneofOptions>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawEnum {
    #[prost(string, optional, tag = "1")]
    name: Option<String>,
    #[prost(message, optional, tag = "3")]
    options: Option<RawEnumOptions>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawFileOptions {
    #[prost(message, optional, tag = "50")]
    features: Option<RawFeatures>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawMessageOptions {
    #[prost(message, optional, tag = "12")]
    features: Option<RawFeatures>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawFieldOptions {
    #[prost(bool, optional, tag = "2")]
    packed: Option<bool>,
    #[prost(message, optional, tag = "21")]
    features: Option<RawFeatures>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawOneofOptions {
    #[prost(message, optional, tag = "1")]
    features: Option<RawFeatures>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawEnumOptions {
    #[prost(message, optional, tag = "7")]
    features: Option<RawFeatures>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawFeatures {
    #[prost(int32, optional, tag = "1")]
    field_presence: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    enum_type: Option<i32>,
    #[prost(int32, optional, tag = "3")]
    repeated_field_encoding: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    utf8_validation: Option<i32>,
    #[prost(int32, optional, tag = "5")]
    message_encoding: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(presence: i32) -> Option<RawFeatures> {
        Some(RawFeatures { field_presence: Some(presence), ..Default::default() })
    }

    #[test]
    fn innermost_setting_wins_and_zero_inherits() {
        let file = EDITION_2023_DEFAULTS.apply(features(PRESENCE_IMPLICIT).as_ref());
        assert_eq!(file.field_presence, PRESENCE_IMPLICIT);
        let message = file.apply(features(0).as_ref());
        assert_eq!(message.field_presence, PRESENCE_IMPLICIT, "0 (UNKNOWN) must inherit");
        let field = message.apply(features(PRESENCE_LEGACY_REQUIRED).as_ref());
        assert_eq!(field.field_presence, PRESENCE_LEGACY_REQUIRED);
        assert_eq!(field.enum_type, EDITION_2023_DEFAULTS.enum_type);
    }

    #[test]
    fn implicit_presence_never_reaches_messages_oneofs_or_repeated() {
        let set = Set { field_presence: PRESENCE_IMPLICIT, ..EDITION_2023_DEFAULTS };
        let scalar = RawField { r#type: Some(5), ..Default::default() };
        assert_eq!(field_features(&scalar, set, false, false).presence, Presence::Implicit);
        assert_eq!(field_features(&scalar, set, true, false).presence, Presence::Explicit);
        let message = RawField { r#type: Some(TYPE_MESSAGE), ..Default::default() };
        assert_eq!(field_features(&message, set, false, false).presence, Presence::Explicit);
    }

    #[test]
    fn legacy_syntax_maps_onto_features() {
        let required = RawField { label: Some(LABEL_REQUIRED), r#type: Some(5), ..Default::default() };
        assert_eq!(field_features(&required, PROTO2, false, true).presence, Presence::Required);
        let group = RawField { r#type: Some(TYPE_GROUP), ..Default::default() };
        assert!(field_features(&group, PROTO2, false, true).delimited);
        let packed = RawField {
            label: Some(LABEL_REPEATED),
            r#type: Some(5),
            options: Some(RawFieldOptions { packed: Some(true), features: None }),
            ..Default::default()
        };
        assert!(field_features(&packed, PROTO2, false, true).packed);
        assert!(!field_features(&RawField { options: None, ..packed.clone() }, PROTO2, false, true).packed);
        assert!(field_features(&RawField { options: None, ..packed }, PROTO3, false, true).packed);
        let optional = RawField { r#type: Some(5), proto3_optional: Some(true), ..Default::default() };
        assert_eq!(field_features(&optional, PROTO3, false, true).presence, Presence::Explicit);
    }

    #[test]
    fn unknown_editions_are_named() {
        let file = |edition| RawFile {
            name: Some("a.proto".into()),
            syntax: Some("editions".into()),
            edition: Some(edition),
            ..Default::default()
        };
        assert_eq!(preset(&file(EDITION_2024)).ok(), Some(EDITION_2023_DEFAULTS));
        let err = preset(&file(1002)).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("a.proto: edition 1002 (newer than this generator)"), "{err}");
    }
}
