//! Reflection: protobuf descriptors, loaded from `FileDescriptorSet`s into a
//! [`DescriptorPool`] that resolves every name.
//!
//! A pool holds files (as `google.protobuf.FileDescriptorProto`s) and an
//! index of the messages, enums, services and extensions they declare, by
//! full name. Handles ([`MessageDescriptor`], [`FieldDescriptor`], ...) are
//! cheap to clone (a shared pool and an index) and read the descriptors in
//! place: names, numbers, kinds, options (`descriptor_proto()` gives the
//! whole descriptor), and comments when the set carried source info.
//!
//! Generated code embeds its package's files (and their imports) and adds
//! them to the process-wide pool in `register_types()`, so that
//! [`Message::descriptor`](crate::Message) finds any generated
//! type's descriptor.

mod descriptors;
mod dynamic;
mod field;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};

pub use dynamic::{ConversionError, DynamicMessage, MapKey, SetFieldError, Value};

/// The dynamic table of a message type.
pub(crate) fn dynamic_table(message: &MessageDescriptor) -> &'static crate::table::MessageTable {
    dynamic::build::tables(message.parent_pool())[message.index()]
}

pub use descriptors::{
    EnumDescriptor, EnumValueDescriptor, FieldDescriptor, FileDescriptor, MessageDescriptor, MethodDescriptor,
    OneofDescriptor, ServiceDescriptor,
};

use crate::message::Message;
use crate::types::{DescriptorProto, FileDescriptorProto, FileDescriptorSet};

/// A set of files and everything they declare, by full name.
#[derive(Clone, Default)]
pub struct DescriptorPool {
    inner: Arc<Inner>,
}

#[derive(Clone, Default)]
struct Inner {
    files: Vec<FileDescriptorProto>,
    messages: Vec<Located>,
    enums: Vec<Located>,
    services: Vec<Located>,
    /// Extensions declared anywhere: `path` ends with the index in its
    /// scope's `extension` list.
    extensions: Vec<Located>,
    names: HashMap<String, Def>,
    /// The tables of dynamic messages of these types, built on first use.
    dynamic: OnceLock<&'static [&'static crate::table::MessageTable]>,
}

/// Where a declaration is: its file, its full name, and the indexes that
/// lead to it (`message_type[a].nested_type[b]...`).
#[derive(Clone, Debug)]
struct Located {
    file: usize,
    full_name: String,
    /// Message indexes, outermost first; the last is the declaration's own
    /// index in its kind's list (message, enum, service or extension).
    path: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Def {
    Message(usize),
    Enum(usize),
    Service(usize),
    Extension(usize),
}

/// Why a file could not be added to a pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescriptorError {
    message: String,
}

impl DescriptorError {
    fn new(message: impl Into<String>) -> Self {
        DescriptorError { message: message.into() }
    }
}

impl fmt::Display for DescriptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DescriptorError {}

impl DescriptorPool {
    /// An empty pool.
    pub fn new() -> Self {
        DescriptorPool::default()
    }

    /// A pool of the files of an encoded `FileDescriptorSet` (what
    /// `protoc --descriptor_set_out --include_imports` writes).
    ///
    /// # Errors
    ///
    /// As [`add_file_descriptor_set`](Self::add_file_descriptor_set), or
    /// bytes that are not a `FileDescriptorSet`.
    pub fn decode(bytes: &[u8]) -> Result<Self, DescriptorError> {
        let mut pool = DescriptorPool::new();
        pool.add_encoded_file_descriptor_set(bytes)?;
        Ok(pool)
    }

    /// Adds the files of an encoded `FileDescriptorSet`.
    ///
    /// # Errors
    ///
    /// As [`add_file_descriptor_set`](Self::add_file_descriptor_set), or
    /// bytes that are not a `FileDescriptorSet`.
    pub fn add_encoded_file_descriptor_set(&mut self, bytes: &[u8]) -> Result<(), DescriptorError> {
        let set = FileDescriptorSet::decode(bytes)
            .map_err(|e| DescriptorError::new(format!("not a FileDescriptorSet: {e}")))?;
        self.add_file_descriptor_set(set)
    }

    /// Adds the files of `set`, dependencies before the files that import
    /// them. A file already in the pool with the same contents is skipped.
    ///
    /// # Errors
    ///
    /// A file whose imports are not in the pool (nor earlier in the set), a
    /// file of the same name with other contents, a full name declared
    /// twice, or a field naming a type the pool does not have. The pool is
    /// unchanged then.
    pub fn add_file_descriptor_set(&mut self, set: FileDescriptorSet) -> Result<(), DescriptorError> {
        let mut inner = (*self.inner).clone();
        // Tables are built for every type of a pool at once; a pool with
        // more types gets its own.
        inner.dynamic = OnceLock::new();
        for file in set.file {
            inner.add_file(file)?;
        }
        self.inner = Arc::new(inner);
        Ok(())
    }

    /// The files, in the order they were added.
    pub fn files(&self) -> impl ExactSizeIterator<Item = FileDescriptor> + '_ {
        (0..self.inner.files.len()).map(|i| FileDescriptor::new(self.clone(), i))
    }

    /// The file named `name` (its import path, `"pkg/a.proto"`).
    pub fn get_file_by_name(&self, name: &str) -> Option<FileDescriptor> {
        self.inner.files.iter().position(|f| f.name() == name).map(|i| FileDescriptor::new(self.clone(), i))
    }

    /// Every message type, nested ones and map entries included.
    pub fn all_messages(&self) -> impl ExactSizeIterator<Item = MessageDescriptor> + '_ {
        (0..self.inner.messages.len()).map(|i| MessageDescriptor::new(self.clone(), i))
    }

    /// The message type named `full_name` (`pkg.Msg`, no leading dot).
    pub fn get_message_by_name(&self, full_name: &str) -> Option<MessageDescriptor> {
        match self.inner.names.get(full_name)? {
            Def::Message(i) => Some(MessageDescriptor::new(self.clone(), *i)),
            _ => None,
        }
    }

    /// The enum type named `full_name`.
    pub fn get_enum_by_name(&self, full_name: &str) -> Option<EnumDescriptor> {
        match self.inner.names.get(full_name)? {
            Def::Enum(i) => Some(EnumDescriptor::new(self.clone(), *i)),
            _ => None,
        }
    }

    /// The service named `full_name`.
    pub fn get_service_by_name(&self, full_name: &str) -> Option<ServiceDescriptor> {
        match self.inner.names.get(full_name)? {
            Def::Service(i) => Some(ServiceDescriptor::new(self.clone(), *i)),
            _ => None,
        }
    }

    /// The extension named `full_name` (`pkg.ext`, or `pkg.Scope.ext`).
    pub fn get_extension_by_name(&self, full_name: &str) -> Option<FieldDescriptor> {
        match self.inner.names.get(full_name)? {
            Def::Extension(i) => Some(FieldDescriptor::extension(self.clone(), *i)),
            _ => None,
        }
    }

    /// Every extension declared anywhere in the pool.
    pub fn all_extensions(&self) -> impl ExactSizeIterator<Item = FieldDescriptor> + '_ {
        (0..self.inner.extensions.len()).map(|i| FieldDescriptor::extension(self.clone(), i))
    }
}

impl fmt::Debug for DescriptorPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DescriptorPool")
            .field("files", &self.inner.files.iter().map(|f| f.name()).collect::<Vec<_>>())
            .finish()
    }
}

impl Inner {
    fn add_file(&mut self, file: FileDescriptorProto) -> Result<(), DescriptorError> {
        let name = file.name().to_owned();
        if let Some(existing) = self.files.iter().find(|f| f.name() == name) {
            return if *existing == file {
                Ok(())
            } else {
                Err(DescriptorError::new(format!("{name}: a different file of this name is in the pool")))
            };
        }
        for dep in &file.dependency {
            if !self.files.iter().any(|f| f.name() == dep.as_str()) {
                return Err(DescriptorError::new(format!("{name}: imports {dep}, which is not in the pool")));
            }
        }
        let index = self.files.len();
        let package = file.package().to_owned();
        let prefix = if package.is_empty() { String::new() } else { format!("{package}.") };
        let mut declared = Vec::new();
        for (i, m) in file.message_type.iter().enumerate() {
            self.index_message(index, &prefix, m, vec![i], &mut declared);
        }
        for (i, e) in file.enum_type.iter().enumerate() {
            let full_name = format!("{prefix}{}", e.name());
            declared.push((full_name.clone(), Def::Enum(self.enums.len())));
            self.enums.push(Located { file: index, full_name, path: vec![i] });
        }
        for (i, s) in file.service.iter().enumerate() {
            let full_name = format!("{prefix}{}", s.name());
            declared.push((full_name.clone(), Def::Service(self.services.len())));
            self.services.push(Located { file: index, full_name, path: vec![i] });
        }
        for (i, x) in file.extension.iter().enumerate() {
            let full_name = format!("{prefix}{}", x.name());
            declared.push((full_name.clone(), Def::Extension(self.extensions.len())));
            self.extensions.push(Located { file: index, full_name, path: vec![i] });
        }
        self.files.push(file);
        let mut result = Ok(());
        for (full_name, def) in declared {
            if self.names.contains_key(&full_name) {
                result = Err(DescriptorError::new(format!("{name}: {full_name} is declared twice")));
                break;
            }
            self.names.insert(full_name, def);
        }
        result.and_then(|()| self.check_references(index)).inspect_err(|_| self.truncate_to(index))
    }

    fn index_message(
        &mut self,
        file: usize,
        prefix: &str,
        m: &DescriptorProto,
        path: Vec<usize>,
        declared: &mut Vec<(String, Def)>,
    ) {
        let full_name = format!("{prefix}{}", m.name());
        declared.push((full_name.clone(), Def::Message(self.messages.len())));
        self.messages.push(Located { file, full_name: full_name.clone(), path: path.clone() });
        let inner = format!("{full_name}.");
        for (i, nested) in m.nested_type.iter().enumerate() {
            self.index_message(file, &inner, nested, [&path[..], &[i]].concat(), declared);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            let full_name = format!("{inner}{}", e.name());
            declared.push((full_name.clone(), Def::Enum(self.enums.len())));
            self.enums.push(Located { file, full_name, path: [&path[..], &[i]].concat() });
        }
        for (i, x) in m.extension.iter().enumerate() {
            let full_name = format!("{inner}{}", x.name());
            declared.push((full_name.clone(), Def::Extension(self.extensions.len())));
            self.extensions.push(Located { file, full_name, path: [&path[..], &[i]].concat() });
        }
    }

    /// Every type a field, extension or method of file `index` names is in
    /// the pool, of the right kind.
    fn check_references(&self, index: usize) -> Result<(), DescriptorError> {
        let file_name = self.files[index].name();
        let resolve = |what: &str, type_name: &str, want_enum: bool| -> Result<(), DescriptorError> {
            let name = type_name.strip_prefix('.').unwrap_or(type_name);
            match self.names.get(name) {
                Some(Def::Enum(_)) if want_enum => Ok(()),
                Some(Def::Message(_)) if !want_enum => Ok(()),
                _ => Err(DescriptorError::new(format!(
                    "{file_name}: {what} refers to {type_name}, which is not {} in the pool",
                    if want_enum { "an enum" } else { "a message" }
                ))),
            }
        };
        let check_field = |owner: &str, f: &crate::types::FieldDescriptorProto| -> Result<(), DescriptorError> {
            use crate::types::field_descriptor_proto::Type;
            let what = format!("field {owner}.{}", f.name());
            match f.r#type() {
                Type::Message | Type::Group => resolve(&what, f.type_name(), false)?,
                Type::Enum => resolve(&what, f.type_name(), true)?,
                _ => {}
            }
            if f.extendee.is_some() {
                resolve(&what, f.extendee(), false)?;
            }
            Ok(())
        };
        for located in self.messages.iter().filter(|l| l.file == index) {
            let m = self.message_proto(located);
            for f in m.field.iter().chain(&m.extension) {
                check_field(&located.full_name, f)?;
            }
            check_shape(m).map_err(|why| DescriptorError::new(format!("{file_name}: {}: {why}", located.full_name)))?;
        }
        let file = &self.files[index];
        for f in &file.extension {
            check_field(file.package(), f)?;
        }
        for s in &file.service {
            for m in &s.method {
                let what = format!("method {}.{}", s.name(), m.name());
                resolve(&what, m.input_type(), false)?;
                resolve(&what, m.output_type(), false)?;
            }
        }
        Ok(())
    }

    /// Forgets file `index` and everything after it (a failed add).
    fn truncate_to(&mut self, index: usize) {
        self.files.truncate(index);
        for list in [&mut self.messages, &mut self.enums, &mut self.services, &mut self.extensions] {
            list.retain(|l| l.file < index);
        }
        let (messages, enums, services, extensions) =
            (self.messages.len(), self.enums.len(), self.services.len(), self.extensions.len());
        self.names.retain(|_, def| match *def {
            Def::Message(i) => i < messages,
            Def::Enum(i) => i < enums,
            Def::Service(i) => i < services,
            Def::Extension(i) => i < extensions,
        });
    }

    /// The `DescriptorProto` a message's path leads to.
    fn message_proto(&self, located: &Located) -> &DescriptorProto {
        message_at(&self.files[located.file], &located.path)
    }
}

/// What the runtime's tables rely on a message declaration to be: field
/// numbers in range and distinct, oneof indexes that name a oneof, and map
/// entries with a key (an integer, bool or string) and a value.
fn check_shape(m: &DescriptorProto) -> Result<(), String> {
    use crate::types::field_descriptor_proto::Type;
    let mut numbers = std::collections::HashSet::new();
    for f in &m.field {
        let number = f.number();
        if !(1..=crate::wire::MAX_FIELD_NUMBER as i32).contains(&number) {
            return Err(format!("field {} has number {number}, out of range", f.name()));
        }
        if !numbers.insert(number) {
            return Err(format!("field number {number} is used twice"));
        }
        if f.oneof_index.is_some_and(|i| usize::try_from(i).map_or(true, |i| i >= m.oneof_decl.len())) {
            return Err(format!("field {} names a oneof the message does not declare", f.name()));
        }
    }
    if m.options.as_ref().and_then(|o| o.map_entry) == Some(true) {
        let key = m.field.iter().find(|f| f.number() == 1).map(|f| f.r#type());
        let value = m.field.iter().find(|f| f.number() == 2).map(|f| f.r#type());
        let key_ok = key.is_some_and(|t| {
            !matches!(t, Type::Float | Type::Double | Type::Bytes | Type::Message | Type::Group | Type::Enum)
        });
        if m.field.len() != 2 || !key_ok || value.is_none_or(|t| t == Type::Group) {
            return Err("a map entry needs a key (field 1: an integer, bool or string) and a value (field 2)".into());
        }
    }
    Ok(())
}

/// `file.message_type[path[0]].nested_type[path[1]]...`.
fn message_at<'f>(file: &'f FileDescriptorProto, path: &[usize]) -> &'f DescriptorProto {
    let mut m = &file.message_type[path[0]];
    for &i in &path[1..] {
        m = &m.nested_type[i];
    }
    m
}

fn global_pool() -> &'static RwLock<DescriptorPool> {
    static POOL: OnceLock<RwLock<DescriptorPool>> = OnceLock::new();
    POOL.get_or_init(Default::default)
}

/// The process-wide pool: every file generated code has registered
/// (`register_types()`), and whatever [`register_file_descriptor_set`]
/// added. A snapshot: later registrations do not change it.
pub fn global() -> DescriptorPool {
    global_pool().read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
}

/// Adds the files of an encoded `FileDescriptorSet` to the process-wide
/// pool ([`global`]), except files whose name is there already: the first
/// registration of a file wins, as with message types, so that two
/// packages generated by different protoc releases (each embedding its own
/// `descriptor.proto`, say) can both register. Generated `register_types()`
/// calls it with its package's files.
///
/// # Errors
///
/// Bytes that are not a `FileDescriptorSet`, or files whose imports or
/// types are not in the pool (nor in the set); the pool is unchanged then.
pub fn register_file_descriptor_set(bytes: &[u8]) -> Result<(), DescriptorError> {
    let mut set =
        FileDescriptorSet::decode(bytes).map_err(|e| DescriptorError::new(format!("not a FileDescriptorSet: {e}")))?;
    let mut pool = global_pool().write().unwrap_or_else(std::sync::PoisonError::into_inner);
    set.file.retain(|f| pool.get_file_by_name(f.name()).is_none());
    if set.file.is_empty() {
        return Ok(());
    }
    pool.add_file_descriptor_set(set)
}

/// The descriptor of message type `M` in the process-wide pool, once its
/// package's `register_types()` has run.
pub(crate) fn descriptor_of<M: Message>() -> Option<MessageDescriptor> {
    global().get_message_by_name(M::full_name())
}
