//! proto2 extensions: fields of a message declared outside it
//! (`extend Msg { optional int32 ext = 100; }`).
//!
//! A message keeps its extensions where it keeps every field its type does
//! not declare: in its unknown fields, byte for byte as they arrived. So an
//! extension read before anyone knew of it is not lost, passes through
//! untouched, and is decoded when it is asked for. An [`Extension`] names one
//! (its number, full name and value type); [`Extensions`] gets and sets it on
//! any message.
//!
//! Each extension's value travels in a one-field message, its *holder*,
//! whose only field is the extension (same number, kind and cardinality):
//! the holder's encoding is exactly the extension's bytes inside the
//! extended message, so the one engine that decodes, encodes, prints and
//! parses every message does the same for extensions. Generated code
//! (protowire-codegen) declares the holder and the `Extension` constant.
//!
//! JSON (`"[pkg.ext]": ...`) and text format (`[pkg.ext]: ...`) find
//! extensions by name through [`register`]ed ones.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{OnceLock, RwLock};

use crate::access::{MsgMut, MsgRef};
use crate::error::DecodeError;
use crate::message::Message;
use crate::registry::{DynMessage, MessageType};
use crate::unknown::UnknownFields;

/// The one-field message an extension's value travels in (see the module
/// docs). Generated code implements it.
pub trait ExtensionHolder: Message + Default {
    /// The extension's Rust type: `i32`, `String`, a message, `Vec<T>` for
    /// a repeated extension, ...
    type Value;
    /// The value, or `None` when the field is not set (an empty repeated
    /// extension is `Some(vec![])` only if set; it reads as `None`).
    fn into_value(self) -> Option<Self::Value>;
    /// A holder holding `value`.
    fn from_value(value: Self::Value) -> Self;
}

/// An extension of message type `M` whose value travels in holder `H`.
pub struct Extension<M, H> {
    full_name: &'static str,
    number: u32,
    _types: PhantomData<fn() -> (M, H)>,
}

impl<M, H> Extension<M, H> {
    /// The extension numbered `number` with full protobuf name `full_name`
    /// (`pkg.ext`, or `pkg.Scope.ext` when declared inside a message).
    pub const fn new(full_name: &'static str, number: u32) -> Self {
        Extension { full_name, number, _types: PhantomData }
    }

    /// The extension's full protobuf name.
    pub const fn full_name(&self) -> &'static str {
        self.full_name
    }

    /// The extension's field number.
    pub const fn number(&self) -> u32 {
        self.number
    }
}

impl<M, H> Clone for Extension<M, H> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, H> Copy for Extension<M, H> {}

impl<M, H> std::fmt::Debug for Extension<M, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Extension({} = {})", self.full_name, self.number)
    }
}

/// Typed access to a message's extensions, for every message type.
pub trait Extensions: Message {
    /// The value of `ext`, decoded from the fields stored under its number
    /// (for a singular extension the last one wins, messages merge; for a
    /// repeated one, all of them). `None` when not set.
    ///
    /// # Errors
    ///
    /// The stored bytes do not decode as the extension's type (a string
    /// that is not UTF-8, a message missing a required field, ...).
    fn get_extension<H: ExtensionHolder>(&self, ext: &Extension<Self, H>) -> Result<Option<H::Value>, DecodeError>
    where
        Self: Sized,
    {
        let Some(unknown) = MsgRef::new(self).unknown() else { return Ok(None) };
        let bytes = unknown.bytes_of(ext.number);
        if bytes.is_empty() {
            return Ok(None);
        }
        Ok(H::decode(&bytes[..])?.into_value())
    }

    /// Whether a field numbered as `ext` is stored.
    fn has_extension<H: ExtensionHolder>(&self, ext: &Extension<Self, H>) -> bool
    where
        Self: Sized,
    {
        MsgRef::new(self).unknown().is_some_and(|u| u.has(ext.number))
    }

    /// Sets `ext` to `value`, replacing what was stored under its number.
    /// Required fields inside the value are not checked here (a message
    /// being built may set them later).
    ///
    /// # Errors
    ///
    /// The value nests deeper than [`ENCODE_RECURSION_LIMIT`](crate::ENCODE_RECURSION_LIMIT)
    /// or is larger than protobuf allows; nothing is stored then.
    ///
    /// # Panics
    ///
    /// If the message type keeps no unknown fields (none of its fields is
    /// marked `#[proto(unknown)]`), where extensions live.
    fn set_extension<H: ExtensionHolder>(
        &mut self,
        ext: &Extension<Self, H>,
        value: H::Value,
    ) -> Result<(), crate::EncodeError>
    where
        Self: Sized,
    {
        let bytes = H::from_value(value).encode_partial_to_vec()?;
        let unknown = unknown_mut(self);
        unknown.remove(ext.number);
        unknown.extend_raw(&bytes);
        Ok(())
    }

    /// Removes `ext`.
    fn clear_extension<H: ExtensionHolder>(&mut self, ext: &Extension<Self, H>)
    where
        Self: Sized,
    {
        if let Some(unknown) = MsgMut::new(self).unknown() {
            unknown.remove(ext.number);
        }
    }
}

impl<M: Message> Extensions for M {}

fn unknown_mut<M: Message>(msg: &mut M) -> &mut UnknownFields {
    let full_name = M::message_type().full_name();
    MsgMut::new(msg)
        .into_unknown()
        .unwrap_or_else(|| panic!("{full_name} keeps no unknown fields, so it cannot hold extensions"))
}

/// What the registry knows of one extension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExtensionInfo {
    /// The extension's full name.
    pub full_name: &'static str,
    /// The extended message's full name.
    pub extendee: &'static str,
    /// The field number.
    pub number: u32,
    /// The holder's type: its one field describes the extension's kind.
    pub holder: MessageType,
}

#[derive(Default)]
struct Registry {
    /// Extendee → number → extension.
    by_number: HashMap<&'static str, HashMap<u32, ExtensionInfo>>,
    by_name: HashMap<&'static str, ExtensionInfo>,
}

static ANY: AtomicBool = AtomicBool::new(false);

fn registry() -> &'static RwLock<Registry> {
    static REGISTRY: OnceLock<RwLock<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// Makes `ext` known to JSON and text format (`[pkg.ext]`) and to
/// [`find`]/[`find_by_name`]. Registering it again does nothing; the first
/// registration of a name or of an (extendee, number) pair wins.
pub fn register<M: Message, H: ExtensionHolder>(ext: &Extension<M, H>) {
    let info = ExtensionInfo {
        full_name: ext.full_name,
        extendee: M::message_type().full_name(),
        number: ext.number,
        holder: H::message_type(),
    };
    register_info(info);
}

/// The part of [`register`] that is not generic, so that it is compiled once.
fn register_info(info: ExtensionInfo) {
    let mut registry = registry().write().unwrap_or_else(std::sync::PoisonError::into_inner);
    registry.by_number.entry(info.extendee).or_default().entry(info.number).or_insert(info);
    registry.by_name.entry(info.full_name).or_insert(info);
    ANY.store(true, Ordering::Release);
}

/// The registered extension of message `extendee` (full name) numbered
/// `number`.
pub fn find(extendee: &str, number: u32) -> Option<ExtensionInfo> {
    if !ANY.load(Ordering::Acquire) {
        return None;
    }
    let registry = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    registry.by_number.get(extendee)?.get(&number).copied()
}

/// The registered extension with full name `full_name`.
pub fn find_by_name(full_name: &str) -> Option<ExtensionInfo> {
    if !ANY.load(Ordering::Acquire) {
        return None;
    }
    registry().read().unwrap_or_else(std::sync::PoisonError::into_inner).by_name.get(full_name).copied()
}

/// The registered extensions of message `extendee`, by number.
pub(crate) fn of(extendee: &str) -> Vec<ExtensionInfo> {
    if !ANY.load(Ordering::Acquire) {
        return Vec::new();
    }
    let registry = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut all: Vec<_> = registry.by_number.get(extendee).map(|m| m.values().copied().collect()).unwrap_or_default();
    all.sort_by_key(|info| info.number);
    all
}

/// A stored extension's holder, decoded, or why its bytes do not decode.
pub(crate) type Decoded = Result<Box<dyn DynMessage>, DecodeError>;

/// The registered extensions of `extendee` that `unknown` holds, by number,
/// each decoded into its holder (or why it does not decode): what the text
/// formats print as `[pkg.ext]`.
pub(crate) fn stored(extendee: &str, unknown: &UnknownFields) -> Vec<(ExtensionInfo, Decoded)> {
    of(extendee)
        .into_iter()
        .filter_map(|info| {
            let bytes = unknown.bytes_of(info.number);
            (!bytes.is_empty()).then(|| (info, info.holder.decode(&bytes)))
        })
        .collect()
}

/// Merges a parsed extension into `msg`: its holder's encoding appended to
/// `msg`'s unknown fields. The error says why not, for the caller's own
/// error type.
pub(crate) fn append(msg: &mut MsgMut<'_>, holder: &dyn DynMessage) -> Result<(), String> {
    let bytes = crate::encode::encode_to_vec(MsgRef::from_dyn(holder), false, false).map_err(|e| e.to_string())?;
    let extendee = msg.table().full_name;
    msg.unknown()
        .ok_or_else(|| format!("{extendee} keeps no unknown fields, where extensions live"))?
        .extend_raw(&bytes);
    Ok(())
}
