//! Fields (of messages, and extensions) and oneofs.

use std::fmt;

use super::DescriptorPool;
use super::descriptors::{
    EnumDescriptor, FileDescriptor, MessageDescriptor, comments, message_path, scoped, scoped_path, trim,
};
use crate::table::{Cardinality, Kind};
use crate::types::field_descriptor_proto::{Label, Type};
use crate::types::{FieldDescriptorProto, OneofDescriptorProto};

// Field numbers in descriptor.proto, for source-info paths.
const FILE_EXTENSION: i32 = 7;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_EXTENSION: i32 = 6;
const MESSAGE_ONEOF: i32 = 8;

/// Where a field is declared: in a message, or as an extension.
#[derive(Clone)]
enum FieldAt {
    Message(MessageDescriptor, usize),
    Extension(DescriptorPool, usize),
}

/// A field of a message, or an extension.
#[derive(Clone)]
pub struct FieldDescriptor {
    at: FieldAt,
}

impl FieldDescriptor {
    pub(super) fn field(message: MessageDescriptor, index: usize) -> Self {
        FieldDescriptor { at: FieldAt::Message(message, index) }
    }

    pub(super) fn extension(pool: DescriptorPool, index: usize) -> Self {
        FieldDescriptor { at: FieldAt::Extension(pool, index) }
    }

    fn pool(&self) -> &DescriptorPool {
        match &self.at {
            FieldAt::Message(m, _) => &m.pool,
            FieldAt::Extension(pool, _) => pool,
        }
    }

    /// The whole descriptor, options included.
    pub fn field_descriptor_proto(&self) -> &FieldDescriptorProto {
        match &self.at {
            FieldAt::Message(m, i) => &m.descriptor_proto().field[*i],
            FieldAt::Extension(pool, i) => {
                let located = &pool.inner.extensions[*i];
                scoped(&pool.inner.files[located.file], &located.path, |f| &f.extension, |m| &m.extension)
            }
        }
    }

    /// The field's name.
    pub fn name(&self) -> &str {
        self.field_descriptor_proto().name()
    }

    /// `pkg.Msg.field`, or for an extension `pkg.ext` / `pkg.Scope.ext`.
    pub fn full_name(&self) -> String {
        match &self.at {
            FieldAt::Message(m, _) => format!("{}.{}", m.full_name(), self.name()),
            FieldAt::Extension(pool, i) => pool.inner.extensions[*i].full_name.clone(),
        }
    }

    /// The field number.
    pub fn number(&self) -> u32 {
        self.field_descriptor_proto().number() as u32
    }

    /// The JSON name (lowerCamelCase unless `json_name` set it).
    pub fn json_name(&self) -> String {
        let proto = self.field_descriptor_proto();
        proto.json_name.clone().unwrap_or_else(|| lower_camel(proto.name()))
    }

    /// What the field holds.
    pub fn kind(&self) -> Kind {
        match self.field_descriptor_proto().r#type() {
            Type::Double => Kind::Double,
            Type::Float => Kind::Float,
            Type::Int64 => Kind::Int64,
            Type::Uint64 => Kind::UInt64,
            Type::Int32 => Kind::Int32,
            Type::Fixed64 => Kind::Fixed64,
            Type::Fixed32 => Kind::Fixed32,
            Type::Bool => Kind::Bool,
            Type::String => Kind::String,
            Type::Group => Kind::Group,
            // Editions' delimited encoding makes a message field a group,
            // as protoc's runtimes see it; map entries stay length-prefixed.
            Type::Message
                if self.syntax() == "editions"
                    && self.feature(5) == Some(2)
                    && !self.is_map_field()
                    && !matches!(&self.at, FieldAt::Message(m, _) if m.is_map_entry()) =>
            {
                Kind::Group
            }
            Type::Message => Kind::Message,
            Type::Bytes => Kind::Bytes,
            Type::Uint32 => Kind::UInt32,
            Type::Enum => Kind::Enum,
            Type::Sfixed32 => Kind::SFixed32,
            Type::Sfixed64 => Kind::SFixed64,
            Type::Sint32 => Kind::SInt32,
            Type::Sint64 => Kind::SInt64,
        }
    }

    /// For message and group fields (and maps), the message type.
    pub fn message_type(&self) -> Option<MessageDescriptor> {
        matches!(self.kind(), Kind::Message | Kind::Group)
            .then(|| self.pool().get_message_by_name(trim(self.field_descriptor_proto().type_name())))?
    }

    /// For enum fields, the enum type.
    pub fn enum_type(&self) -> Option<EnumDescriptor> {
        (self.kind() == Kind::Enum)
            .then(|| self.pool().get_enum_by_name(trim(self.field_descriptor_proto().type_name())))?
    }

    /// Whether the field is repeated (maps included).
    pub fn is_list(&self) -> bool {
        self.field_descriptor_proto().label() == Label::Repeated && !self.is_map()
    }

    /// Whether the field is a map.
    pub fn is_map(&self) -> bool {
        self.is_map_field()
    }

    fn is_map_field(&self) -> bool {
        let proto = self.field_descriptor_proto();
        proto.label() == Label::Repeated
            && proto.r#type() == Type::Message
            && self.pool().get_message_by_name(trim(proto.type_name())).is_some_and(|m| m.is_map_entry())
    }

    /// How many values and how presence is tracked, as the runtime's tables
    /// say it (`Packed` for repeated scalars written packed).
    pub fn cardinality(&self) -> Cardinality {
        let proto = self.field_descriptor_proto();
        if self.is_map() {
            return Cardinality::Map;
        }
        if self.is_list() {
            return if self.is_packed() { Cardinality::Packed } else { Cardinality::Repeated };
        }
        if self.containing_oneof().is_some_and(|o| !o.is_synthetic()) {
            return Cardinality::Oneof;
        }
        if proto.label() == Label::Required || self.feature(1) == Some(3) {
            return Cardinality::Required;
        }
        if self.has_presence() { Cardinality::Optional } else { Cardinality::Implicit }
    }

    /// Whether a set field at its default value is told apart from an unset
    /// one.
    pub fn has_presence(&self) -> bool {
        let proto = self.field_descriptor_proto();
        if self.is_list() || self.is_map() {
            return false;
        }
        if matches!(self.kind(), Kind::Message | Kind::Group) || proto.oneof_index.is_some() {
            return true;
        }
        match self.syntax().as_str() {
            "proto3" => proto.proto3_optional(),
            "editions" => self.feature(1) != Some(2),
            _ => true,
        }
    }

    /// Whether a repeated scalar is written packed.
    pub fn is_packed(&self) -> bool {
        let proto = self.field_descriptor_proto();
        if !self.is_list() || matches!(self.kind(), Kind::String | Kind::Bytes | Kind::Message | Kind::Group) {
            return false;
        }
        let explicit = proto.options.as_ref().and_then(|o| o.packed);
        match self.syntax().as_str() {
            "proto3" => explicit != Some(false),
            "editions" => self.feature(3) != Some(2),
            _ => explicit == Some(true),
        }
    }

    /// The oneof it is a member of (a synthetic one for proto3 `optional`).
    pub fn containing_oneof(&self) -> Option<OneofDescriptor> {
        let FieldAt::Message(m, _) = &self.at else { return None };
        let index = usize::try_from(self.field_descriptor_proto().oneof_index?).ok()?;
        Some(OneofDescriptor { message: m.clone(), index })
    }

    /// The message declaring the field; for an extension, the extended one.
    pub fn containing_message(&self) -> Option<MessageDescriptor> {
        match &self.at {
            FieldAt::Message(m, _) => Some(m.clone()),
            FieldAt::Extension(pool, _) => pool.get_message_by_name(trim(self.field_descriptor_proto().extendee())),
        }
    }

    /// Whether it is an extension.
    pub fn is_extension(&self) -> bool {
        matches!(self.at, FieldAt::Extension(..))
    }

    /// The default value as written in the `.proto` (`[default = ...]`).
    pub fn default_value(&self) -> Option<&str> {
        self.field_descriptor_proto().default_value.as_deref()
    }

    /// The leading (else trailing) comments of its declaration, when the set
    /// carried source info.
    pub fn comments(&self) -> Option<&str> {
        match &self.at {
            FieldAt::Message(m, i) => {
                let located = m.located();
                let path = [message_path(&located.path), vec![MESSAGE_FIELD, *i as i32]].concat();
                comments(&m.pool.inner.files[located.file], &path)
            }
            FieldAt::Extension(pool, i) => {
                let located = &pool.inner.extensions[*i];
                let path = scoped_path(&located.path, FILE_EXTENSION, MESSAGE_EXTENSION)?;
                comments(&pool.inner.files[located.file], &path)
            }
        }
    }

    fn file_index(&self) -> usize {
        match &self.at {
            FieldAt::Message(m, _) => m.located().file,
            FieldAt::Extension(pool, i) => pool.inner.extensions[*i].file,
        }
    }

    fn syntax(&self) -> String {
        FileDescriptor::new(self.pool().clone(), self.file_index()).syntax().to_owned()
    }

    /// A `FeatureSet` field (by number) as set on the field, else on the
    /// file; editions files only. (Messages and oneofs cannot set the field
    /// features.)
    fn feature(&self, number: i32) -> Option<i32> {
        let read = |f: &crate::types::FeatureSet| match number {
            1 => f.field_presence,
            3 => f.repeated_field_encoding,
            5 => f.message_encoding,
            _ => None,
        };
        let own = self.field_descriptor_proto().options.as_ref().and_then(|o| o.features.as_ref()).and_then(read);
        own.or_else(|| {
            let file = &self.pool().inner.files[self.file_index()];
            file.options.as_ref().and_then(|o| o.features.as_ref()).and_then(read)
        })
    }
}

impl fmt::Debug for FieldDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldDescriptor({} = {})", self.full_name(), self.number())
    }
}

/// The JSON name protoc gives a field without `json_name`: underscores
/// dropped, the letter after each upper-cased.
fn lower_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A oneof of a message.
#[derive(Clone)]
pub struct OneofDescriptor {
    pub(super) message: MessageDescriptor,
    pub(super) index: usize,
}

impl OneofDescriptor {
    /// The whole descriptor.
    pub fn oneof_descriptor_proto(&self) -> &OneofDescriptorProto {
        &self.message.descriptor_proto().oneof_decl[self.index]
    }

    /// The oneof's name.
    pub fn name(&self) -> &str {
        self.oneof_descriptor_proto().name()
    }

    /// Its members.
    pub fn fields(&self) -> impl Iterator<Item = FieldDescriptor> + '_ {
        self.message.fields().filter(|f| f.field_descriptor_proto().oneof_index == Some(self.index as i32))
    }

    /// Whether it is the synthetic oneof of a proto3 `optional` field.
    pub fn is_synthetic(&self) -> bool {
        let mut members = self.fields();
        matches!((members.next(), members.next()), (Some(f), None) if f.field_descriptor_proto().proto3_optional())
    }

    /// The leading (else trailing) comments of its declaration.
    pub fn comments(&self) -> Option<&str> {
        let located = self.message.located();
        let path = [message_path(&located.path), vec![MESSAGE_ONEOF, self.index as i32]].concat();
        comments(&self.message.pool.inner.files[located.file], &path)
    }
}

impl fmt::Debug for OneofDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OneofDescriptor({}.{})", self.message.full_name(), self.name())
    }
}
