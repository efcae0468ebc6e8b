//! The registry by full name, and the run-time view of a message type.
//!
//! Each message type's table is cached in a per-type cell (one atomic load
//! after the first use); when a table is built, the type and the types it
//! refers to are added to a global map by full name, which serves
//! reflection: [`find_by_name`] is how a message whose type is known only by
//! name (an `Any`, a conformance request) is decoded. The map's lock is taken
//! once per type, at first use, never on the encode or decode path.

use std::any::TypeId;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock};

use crate::access::{MsgMut, MsgRef};
use crate::decode::{self, DecodeOptions};
use crate::encode;
use crate::error::{DecodeError, EncodeError};
use crate::message::Message;
use crate::table::{FieldInfo, MessageTable};

/// How many tables have been built in this process (tests use it to show a
/// table is built once however many threads race for it).
static TABLES_BUILT: AtomicUsize = AtomicUsize::new(0);

/// The number of message tables built so far in this process.
pub fn tables_built() -> usize {
    TABLES_BUILT.load(Ordering::Relaxed)
}

/// Records a table just built: counted, and added to the by-name map before
/// anyone else can see it.
pub(crate) fn add_built(table: &'static MessageTable) {
    TABLES_BUILT.fetch_add(1, Ordering::Relaxed);
    // A duplicate is remembered for `duplicate_names`, not raised: types
    // register on first use, deep inside whatever call used them, and two
    // crates compiling one `.proto` is legitimate as long as nobody looks
    // the name up.
    let _ = lock().add(MessageType::from_table(table));
}

/// A message type known at run time: its name, fields, and a way to make and
/// decode values of it without naming the Rust type.
#[derive(Clone, Copy)]
pub struct MessageType {
    table: &'static MessageTable,
}

impl MessageType {
    /// The message type of `M`.
    pub fn of<M: Message>() -> MessageType {
        MessageType { table: M::__table().erased() }
    }

    pub(crate) fn from_table(table: &'static MessageTable) -> MessageType {
        MessageType { table }
    }

    /// The full protobuf name (`package.Outer.Inner`).
    pub fn full_name(&self) -> &'static str {
        self.table.full_name
    }

    /// The fields, sorted by number.
    pub fn fields(&self) -> &'static [FieldInfo] {
        &self.table.infos
    }

    /// Whether the message declares a required field itself.
    pub fn has_required_fields(&self) -> bool {
        self.table.has_required
    }

    /// The Rust type's `TypeId`.
    pub fn type_id(&self) -> TypeId {
        self.table.type_id
    }

    /// The Rust type's name (`std::any::type_name`), for messages.
    pub fn rust_type_name(&self) -> &'static str {
        // Rare (error messages), so a default value is made to ask it
        // rather than keeping the name in every table.
        self.new_message().__rust_type_name()
    }

    /// A new message of this type with every field at its default.
    pub fn new_message(&self) -> Box<dyn DynMessage> {
        (self.table.new_dyn)(self.table)
    }

    /// Decodes a message of this type.
    ///
    /// # Errors
    ///
    /// As [`Message::decode`].
    pub fn decode(&self, bytes: &[u8]) -> Result<Box<dyn DynMessage>, DecodeError> {
        let mut message = self.new_message();
        message.merge_slice(bytes)?;
        Ok(message)
    }
}

impl fmt::Debug for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MessageType").field(&self.full_name()).finish()
    }
}

impl PartialEq for MessageType {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.table, other.table)
    }
}

mod seal {
    /// Only messages are `DynMessage`s: the engine trusts the table a
    /// `DynMessage` names to describe the value behind it.
    pub trait Sealed {}
    impl<M: crate::Message> Sealed for M {}
    impl Sealed for crate::reflect::DynamicMessage {}
}

/// A message behind a `Box<dyn DynMessage>`: what can be done to any message
/// without knowing its Rust type. Every [`Message`] is one (and nothing else:
/// the trait is sealed).
///
/// The operations (`merge_slice`, `encode_dyn`, `message_type`,
/// `downcast_ref`) are methods of `dyn DynMessage` itself, run through the
/// message's table: one small function per message type is all it costs.
pub trait DynMessage: Send + Sync + 'static + seal::Sealed {
    /// The message's table. Not part of the public API.
    #[doc(hidden)]
    fn __dyn_table(&self) -> &'static MessageTable;

    /// The Rust type's name, for error messages. Not part of the public API.
    #[doc(hidden)]
    fn __rust_type_name(&self) -> &'static str;

    /// Where the fields the table describes start. Not part of the public API.
    #[doc(hidden)]
    fn __dyn_data(&self) -> std::ptr::NonNull<u8>;

    /// As `__dyn_data`, to write. Not part of the public API.
    #[doc(hidden)]
    fn __dyn_data_mut(&mut self) -> std::ptr::NonNull<u8>;
}

impl<M: Message> DynMessage for M {
    fn __dyn_table(&self) -> &'static MessageTable {
        M::__table().erased()
    }

    fn __dyn_data(&self) -> std::ptr::NonNull<u8> {
        std::ptr::NonNull::from(self).cast()
    }

    fn __dyn_data_mut(&mut self) -> std::ptr::NonNull<u8> {
        std::ptr::NonNull::from(self).cast()
    }

    fn __rust_type_name(&self) -> &'static str {
        std::any::type_name::<M>()
    }
}

impl dyn DynMessage {
    /// The message's type.
    pub fn message_type(&self) -> MessageType {
        MessageType::from_table(self.__dyn_table())
    }

    /// The message as its Rust type `M`, if it is one.
    pub fn downcast_ref<M: Message>(&self) -> Option<&M> {
        MsgRef::from_dyn(self).downcast()
    }

    /// The message as its Rust type `M`, mutably, if it is one.
    pub fn downcast_mut<M: Message>(&mut self) -> Option<&mut M> {
        MsgMut::from_dyn(self).downcast()
    }

    /// Merges encoded bytes into the message, as [`Message::merge`].
    ///
    /// # Errors
    ///
    /// As [`Message::merge`].
    pub fn merge_slice(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        decode::merge_slice(MsgMut::from_dyn(self), bytes, &DecodeOptions::new(), false)
    }

    /// Merges with the given options; `fresh` says the message is new, so
    /// that a required field it lacks is missing.
    pub(crate) fn merge_with(&mut self, bytes: &[u8], options: &DecodeOptions, fresh: bool) -> Result<(), DecodeError> {
        decode::merge_slice(MsgMut::from_dyn(self), bytes, options, fresh)
    }

    /// Encodes the message, as [`Message::encode_to_vec`].
    ///
    /// # Errors
    ///
    /// As [`Message::encode_to_vec`].
    pub fn encode_dyn(&self) -> Result<Vec<u8>, EncodeError> {
        encode::encode_to_vec(MsgRef::from_dyn(self), true, false)
    }
}

#[derive(Default)]
struct Registry {
    by_name: HashMap<&'static str, MessageType>,
    /// Types (by table address) whose referenced types have been registered too.
    children_registered: HashSet<usize>,
    /// Types that came second for a name another type holds.
    duplicates: Vec<MessageType>,
}

impl Registry {
    /// Adds one type to the maps, without the types it refers to. A type
    /// whose name another type holds is not added, but remembered.
    fn add(&mut self, message_type: MessageType) -> Result<(), MessageType> {
        let held = *self.by_name.entry(message_type.full_name()).or_insert(message_type);
        if held == message_type {
            return Ok(());
        }
        if !self.duplicates.contains(&message_type) {
            self.duplicates.push(message_type);
        }
        Err(held)
    }
}

/// Two Rust types with one protobuf full name: the registry keeps the first,
/// so [`find_by_name`] (and `Any::unpack_dyn`) give that one, never the
/// other. From [`try_register`] and [`duplicate_names`].
///
/// Usually the same `.proto` generated twice (two `include_proto!`s, or
/// two crates that each compile it), or a hand-written derive whose
/// `package`/`name` repeats another's.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateName {
    /// The type that holds the name.
    pub registered: MessageType,
    /// The type that claimed it too.
    pub rejected: MessageType,
}

impl fmt::Display for DuplicateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "two Rust types have protobuf name `{}`: `{}` (registered, found by name) and `{}` (not registered); \
             give one another `package`/`name`, or use one generated copy of the .proto",
            self.registered.full_name(),
            self.registered.rust_type_name(),
            self.rejected.rust_type_name(),
        )
    }
}

impl std::error::Error for DuplicateName {}

fn lock() -> std::sync::RwLockWriteGuard<'static, Registry> {
    registry().write().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn registry() -> &'static RwLock<Registry> {
    static REGISTRY: OnceLock<RwLock<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(RwLock::default)
}

/// Registers a message type, and the message types its fields refer to, so
/// that [`find_by_name`] finds them. Types register themselves on first use;
/// call this to make a type findable before then. Registering twice is a
/// no-op.
///
/// When two Rust types claim one full name, the first keeps it, silently;
/// [`try_register`] reports it instead, and [`duplicate_names`] lists every
/// such clash seen so far.
pub fn register(message_type: MessageType) {
    let _ = try_register(message_type);
}

/// As [`register`], but reports a full name that another Rust type holds.
///
/// ```
/// use protowire::Message;
/// use protowire::registry::{MessageType, try_register};
///
/// mod v1 {
///     #[derive(protowire::Message, Default)]
///     #[proto(name = "demo.User")]
///     pub struct User {}
/// }
/// mod v2 {
///     #[derive(protowire::Message, Default)]
///     #[proto(name = "demo.User")]
///     pub struct User {}
/// }
///
/// try_register(MessageType::of::<v1::User>())?;
/// let clash = try_register(MessageType::of::<v2::User>()).unwrap_err();
/// assert!(clash.to_string().contains("v1::User"));
/// assert!(clash.to_string().contains("v2::User"));
/// # Ok::<(), protowire::registry::DuplicateName>(())
/// ```
///
/// # Errors
///
/// [`DuplicateName`] if another Rust type has `message_type`'s full name:
/// that one stays registered. The types its fields refer to are registered
/// all the same (clashes among them are in [`duplicate_names`]).
pub fn try_register(message_type: MessageType) -> Result<(), DuplicateName> {
    let mut registry = lock();
    let first = registry.children_registered.insert(message_type.table as *const MessageTable as usize);
    let added = registry.add(message_type);
    drop(registry);
    if first {
        for field in message_type.fields() {
            if let Some(referenced) = field.message_type() {
                // Building the referenced type's table registers it in turn.
                register(referenced);
            }
        }
    }
    added.map_err(|registered| DuplicateName { registered, rejected: message_type })
}

/// Every clash seen so far: a type that came second for a name another type
/// holds, with that type. Empty in a program where each full name has one
/// Rust type; a test or a start-up check can assert that.
pub fn duplicate_names() -> Vec<DuplicateName> {
    let registry = registry().read().unwrap_or_else(|poisoned| poisoned.into_inner());
    registry
        .duplicates
        .iter()
        .filter_map(|&rejected| {
            let registered = *registry.by_name.get(rejected.full_name())?;
            Some(DuplicateName { registered, rejected })
        })
        .collect()
}

/// The registered message type called `full_name` (`package.Message`, no
/// leading dot).
pub fn find_by_name(full_name: &str) -> Option<MessageType> {
    let full_name = full_name.strip_prefix('.').unwrap_or(full_name);
    registry().read().unwrap_or_else(|poisoned| poisoned.into_inner()).by_name.get(full_name).copied()
}

/// The message type called `full_name` as seen from a message of type
/// `context`: for a dynamic type, the type of that name in the same pool
/// (so that an `Any` inside a dynamic message holds a dynamic message);
/// else the registered type.
pub(crate) fn find_for(context: &'static MessageTable, full_name: &str) -> Option<MessageType> {
    match &context.dynamic {
        Some(layout) => {
            let pool = layout.descriptor.parent_pool();
            let message = pool.get_message_by_name(full_name.strip_prefix('.').unwrap_or(full_name))?;
            Some(MessageType::from_table(crate::reflect::dynamic_table(&message)))
        }
        None => find_by_name(full_name),
    }
}

/// The names of every registered message type, sorted.
pub fn registered_names() -> Vec<&'static str> {
    let registry = registry().read().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut names: Vec<_> = registry.by_name.keys().copied().collect();
    names.sort_unstable();
    names
}
