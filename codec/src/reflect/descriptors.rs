//! Handles into a [`DescriptorPool`]: a shared pool and an index, reading
//! the descriptors in place. Files, messages, enums, services; fields and
//! oneofs are in `field`.

use std::fmt;

pub use super::field::{FieldDescriptor, OneofDescriptor};
use super::{DescriptorPool, Located, message_at};
use crate::types::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FileDescriptorProto, MethodDescriptorProto,
    ServiceDescriptorProto,
};

// Field numbers in descriptor.proto, for source-info paths.
const FILE_MESSAGE: i32 = 4;
const FILE_ENUM: i32 = 5;
const FILE_SERVICE: i32 = 6;
const MESSAGE_NESTED: i32 = 3;
const MESSAGE_ENUM: i32 = 4;
const ENUM_VALUE: i32 = 2;
const SERVICE_METHOD: i32 = 2;

/// The comments attached to the declaration at source-info `path`.
pub(super) fn comments<'f>(file: &'f FileDescriptorProto, path: &[i32]) -> Option<&'f str> {
    let info = file.source_code_info.as_ref()?;
    let location = info.location.iter().find(|l| l.path == path)?;
    location.leading_comments.as_deref().or(location.trailing_comments.as_deref())
}

/// The source-info path of the message at `path` (message indexes).
pub(super) fn message_path(path: &[usize]) -> Vec<i32> {
    let mut out = vec![FILE_MESSAGE, path[0] as i32];
    for &i in &path[1..] {
        out.extend([MESSAGE_NESTED, i as i32]);
    }
    out
}

/// The source-info path of a declaration that a file or a message holds
/// (enums, extensions): `path` is the enclosing messages' indexes, then its
/// own index in list `file_field` of the file or `message_field` of the
/// innermost message.
pub(super) fn scoped_path(path: &[usize], file_field: i32, message_field: i32) -> Option<Vec<i32>> {
    Some(match path.split_last()? {
        (own, []) => vec![file_field, *own as i32],
        (own, scope) => [message_path(scope), vec![message_field, *own as i32]].concat(),
    })
}

/// The declaration at `path` (as for [`scoped_path`]): in the file's list
/// `in_file`, or in the innermost message's list `in_message`.
pub(super) fn scoped<'f, T>(
    file: &'f FileDescriptorProto,
    path: &[usize],
    in_file: fn(&FileDescriptorProto) -> &[T],
    in_message: fn(&DescriptorProto) -> &[T],
) -> &'f T {
    match path.split_last() {
        Some((own, [])) => &in_file(file)[*own],
        Some((own, scope)) => &in_message(message_at(file, scope))[*own],
        None => &in_file(file)[0],
    }
}

/// A file of a pool.
#[derive(Clone)]
pub struct FileDescriptor {
    pool: DescriptorPool,
    index: usize,
}

impl FileDescriptor {
    pub(super) fn new(pool: DescriptorPool, index: usize) -> Self {
        FileDescriptor { pool, index }
    }

    /// The file's import path (`"pkg/a.proto"`).
    pub fn name(&self) -> &str {
        self.proto().name()
    }

    /// The package, `""` for none.
    pub fn package(&self) -> &str {
        self.proto().package()
    }

    /// `"proto2"`, `"proto3"` or `"editions"`.
    pub fn syntax(&self) -> &str {
        match self.proto().syntax() {
            "" => "proto2",
            other => other,
        }
    }

    /// The whole descriptor, options included.
    pub fn file_descriptor_proto(&self) -> &FileDescriptorProto {
        self.proto()
    }

    /// The message types declared at the top level of the file.
    pub fn messages(&self) -> impl Iterator<Item = MessageDescriptor> + '_ {
        let pool = &self.pool;
        (0..pool.inner.messages.len())
            .filter(move |&i| pool.inner.messages[i].file == self.index && pool.inner.messages[i].path.len() == 1)
            .map(move |i| MessageDescriptor::new(pool.clone(), i))
    }

    /// The services the file declares.
    pub fn services(&self) -> impl Iterator<Item = ServiceDescriptor> + '_ {
        let pool = &self.pool;
        (0..pool.inner.services.len())
            .filter(move |&i| pool.inner.services[i].file == self.index)
            .map(move |i| ServiceDescriptor::new(pool.clone(), i))
    }

    fn proto(&self) -> &FileDescriptorProto {
        &self.pool.inner.files[self.index]
    }
}

impl fmt::Debug for FileDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FileDescriptor({})", self.name())
    }
}

/// A message type.
#[derive(Clone)]
pub struct MessageDescriptor {
    pub(super) pool: DescriptorPool,
    index: usize,
}

impl MessageDescriptor {
    pub(super) fn new(pool: DescriptorPool, index: usize) -> Self {
        MessageDescriptor { pool, index }
    }

    pub(super) fn located(&self) -> &Located {
        &self.pool.inner.messages[self.index]
    }

    /// Its index among the pool's messages.
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// The whole descriptor, options included.
    pub fn descriptor_proto(&self) -> &DescriptorProto {
        self.pool.inner.message_proto(self.located())
    }

    /// The pool it is in.
    pub fn parent_pool(&self) -> &DescriptorPool {
        &self.pool
    }

    /// The file that declares it.
    pub fn parent_file(&self) -> FileDescriptor {
        FileDescriptor::new(self.pool.clone(), self.located().file)
    }

    /// The short name (`Msg`).
    pub fn name(&self) -> &str {
        self.descriptor_proto().name()
    }

    /// The full name (`pkg.Outer.Msg`).
    pub fn full_name(&self) -> &str {
        &self.located().full_name
    }

    /// The message it is nested in, if any.
    pub fn parent_message(&self) -> Option<MessageDescriptor> {
        let located = self.located();
        let parent = &located.path[..located.path.len() - 1];
        if parent.is_empty() {
            return None;
        }
        let i = self.pool.inner.messages.iter().position(|l| l.file == located.file && l.path == parent)?;
        Some(MessageDescriptor::new(self.pool.clone(), i))
    }

    /// Whether it is the synthetic entry type of a map field.
    pub fn is_map_entry(&self) -> bool {
        self.descriptor_proto().options.as_ref().and_then(|o| o.map_entry) == Some(true)
    }

    /// Its fields, in declaration order (oneof members included).
    pub fn fields(&self) -> impl ExactSizeIterator<Item = FieldDescriptor> + '_ {
        (0..self.descriptor_proto().field.len()).map(|i| FieldDescriptor::field(self.clone(), i))
    }

    /// The field numbered `number`.
    pub fn get_field(&self, number: u32) -> Option<FieldDescriptor> {
        self.descriptor_proto()
            .field
            .iter()
            .position(|f| f.number() as u32 == number)
            .map(|i| FieldDescriptor::field(self.clone(), i))
    }

    /// The field named `name` (as in the `.proto`).
    pub fn get_field_by_name(&self, name: &str) -> Option<FieldDescriptor> {
        self.descriptor_proto()
            .field
            .iter()
            .position(|f| f.name() == name)
            .map(|i| FieldDescriptor::field(self.clone(), i))
    }

    /// Its oneofs, synthetic ones (of proto3 `optional`) included.
    pub fn oneofs(&self) -> impl ExactSizeIterator<Item = OneofDescriptor> + '_ {
        (0..self.descriptor_proto().oneof_decl.len()).map(|i| OneofDescriptor { message: self.clone(), index: i })
    }

    /// The message types nested in it.
    pub fn nested_messages(&self) -> impl Iterator<Item = MessageDescriptor> + '_ {
        let located = self.located();
        let pool = &self.pool;
        (0..pool.inner.messages.len())
            .filter(move |&i| {
                let l = &pool.inner.messages[i];
                l.file == located.file && l.path.len() == located.path.len() + 1 && l.path.starts_with(&located.path)
            })
            .map(move |i| MessageDescriptor::new(pool.clone(), i))
    }

    /// The leading (else trailing) comments of its declaration, when the set
    /// carried source info.
    pub fn comments(&self) -> Option<&str> {
        let located = self.located();
        comments(&self.pool.inner.files[located.file], &message_path(&located.path))
    }
}

impl PartialEq for MessageDescriptor {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.pool.inner, &other.pool.inner) && self.index == other.index
    }
}

impl fmt::Debug for MessageDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageDescriptor({})", self.full_name())
    }
}

pub(super) fn trim(name: &str) -> &str {
    name.strip_prefix('.').unwrap_or(name)
}

/// An enum type.
#[derive(Clone)]
pub struct EnumDescriptor {
    pool: DescriptorPool,
    index: usize,
}

impl EnumDescriptor {
    pub(super) fn new(pool: DescriptorPool, index: usize) -> Self {
        EnumDescriptor { pool, index }
    }

    fn located(&self) -> &Located {
        &self.pool.inner.enums[self.index]
    }

    /// The whole descriptor.
    pub fn enum_descriptor_proto(&self) -> &EnumDescriptorProto {
        let located = self.located();
        scoped(&self.pool.inner.files[located.file], &located.path, |f| &f.enum_type, |m| &m.enum_type)
    }

    /// The short name.
    pub fn name(&self) -> &str {
        self.enum_descriptor_proto().name()
    }

    /// The full name (`pkg.Enum`).
    pub fn full_name(&self) -> &str {
        &self.located().full_name
    }

    /// Its values, in declaration order (aliases included).
    pub fn values(&self) -> impl ExactSizeIterator<Item = EnumValueDescriptor<'_>> + '_ {
        self.enum_descriptor_proto().value.iter().map(|v| EnumValueDescriptor {
            name: v.name(),
            number: v.number(),
            proto: v,
        })
    }

    /// The first value numbered `number`.
    pub fn get_value(&self, number: i32) -> Option<EnumValueDescriptor<'_>> {
        self.values().find(|v| v.number == number)
    }

    /// The value named `name`.
    pub fn get_value_by_name(&self, name: &str) -> Option<EnumValueDescriptor<'_>> {
        self.values().find(|v| v.name == name)
    }

    /// Whether values it does not declare are kept out of its fields (proto2
    /// enums, editions' `enum_type = CLOSED`).
    pub fn is_closed(&self) -> bool {
        let file = &self.pool.inner.files[self.located().file];
        let closed = |f: Option<&crate::types::FeatureSet>| f.and_then(|f| f.enum_type).map(|t| t == 2);
        match file.syntax() {
            "proto3" => false,
            "editions" => closed(self.enum_descriptor_proto().options.as_ref().and_then(|o| o.features.as_ref()))
                .or_else(|| closed(file.options.as_ref().and_then(|o| o.features.as_ref())))
                .unwrap_or(false),
            _ => true,
        }
    }

    /// The leading (else trailing) comments of its declaration.
    pub fn comments(&self) -> Option<&str> {
        let located = self.located();
        comments(&self.pool.inner.files[located.file], &scoped_path(&located.path, FILE_ENUM, MESSAGE_ENUM)?)
    }

    /// The leading comments of value `i` (in declaration order).
    pub fn value_comments(&self, i: usize) -> Option<&str> {
        let located = self.located();
        let mut path = scoped_path(&located.path, FILE_ENUM, MESSAGE_ENUM)?;
        path.extend([ENUM_VALUE, i as i32]);
        comments(&self.pool.inner.files[located.file], &path)
    }
}

impl fmt::Debug for EnumDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnumDescriptor({})", self.full_name())
    }
}

/// One value of an enum.
#[derive(Clone, Copy, Debug)]
pub struct EnumValueDescriptor<'a> {
    /// The value's name.
    pub name: &'a str,
    /// Its number.
    pub number: i32,
    /// The whole descriptor.
    pub proto: &'a EnumValueDescriptorProto,
}

/// A service.
#[derive(Clone)]
pub struct ServiceDescriptor {
    pool: DescriptorPool,
    index: usize,
}

impl ServiceDescriptor {
    pub(super) fn new(pool: DescriptorPool, index: usize) -> Self {
        ServiceDescriptor { pool, index }
    }

    fn located(&self) -> &Located {
        &self.pool.inner.services[self.index]
    }

    /// The whole descriptor.
    pub fn service_descriptor_proto(&self) -> &ServiceDescriptorProto {
        let located = self.located();
        &self.pool.inner.files[located.file].service[located.path[0]]
    }

    /// The short name.
    pub fn name(&self) -> &str {
        self.service_descriptor_proto().name()
    }

    /// The full name (`pkg.Service`).
    pub fn full_name(&self) -> &str {
        &self.located().full_name
    }

    /// Its methods, in declaration order.
    pub fn methods(&self) -> impl ExactSizeIterator<Item = MethodDescriptor> + '_ {
        (0..self.service_descriptor_proto().method.len()).map(|i| MethodDescriptor { service: self.clone(), index: i })
    }

    /// The leading (else trailing) comments of its declaration.
    pub fn comments(&self) -> Option<&str> {
        let located = self.located();
        comments(&self.pool.inner.files[located.file], &[FILE_SERVICE, located.path[0] as i32])
    }
}

impl fmt::Debug for ServiceDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServiceDescriptor({})", self.full_name())
    }
}

/// A method of a service.
#[derive(Clone)]
pub struct MethodDescriptor {
    service: ServiceDescriptor,
    index: usize,
}

impl MethodDescriptor {
    /// The whole descriptor.
    pub fn method_descriptor_proto(&self) -> &MethodDescriptorProto {
        &self.service.service_descriptor_proto().method[self.index]
    }

    /// The method's name.
    pub fn name(&self) -> &str {
        self.method_descriptor_proto().name()
    }

    /// The gRPC path, `/pkg.Service/Method`.
    pub fn path(&self) -> String {
        format!("/{}/{}", self.service.full_name(), self.name())
    }

    /// The request type.
    pub fn input(&self) -> Option<MessageDescriptor> {
        self.service.pool.get_message_by_name(trim(self.method_descriptor_proto().input_type()))
    }

    /// The response type.
    pub fn output(&self) -> Option<MessageDescriptor> {
        self.service.pool.get_message_by_name(trim(self.method_descriptor_proto().output_type()))
    }

    /// Whether the client sends a stream.
    pub fn is_client_streaming(&self) -> bool {
        self.method_descriptor_proto().client_streaming()
    }

    /// Whether the server answers with a stream.
    pub fn is_server_streaming(&self) -> bool {
        self.method_descriptor_proto().server_streaming()
    }

    /// The leading (else trailing) comments of its declaration.
    pub fn comments(&self) -> Option<&str> {
        let located = self.service.located();
        let path = [FILE_SERVICE, located.path[0] as i32, SERVICE_METHOD, self.index as i32];
        comments(&self.service.pool.inner.files[located.file], &path)
    }
}

impl fmt::Debug for MethodDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MethodDescriptor({})", self.path())
    }
}
