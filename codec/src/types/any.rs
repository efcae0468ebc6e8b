//! `Any`: packing a message with its type URL, and unpacking it either as a
//! known Rust type or, through the registry, by the name in the URL.

use std::fmt;

use super::Any;
use crate::error::{DecodeError, EncodeError};
use crate::message::Message;
use crate::registry::{DynMessage, find_by_name};

/// The prefix of the type URLs `Any::pack` writes.
const TYPE_URL_PREFIX: &str = "type.googleapis.com/";

/// Why an `Any` could not be unpacked.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyError {
    /// The `Any` holds another type than the one asked for.
    TypeMismatch {
        /// The full name the caller expected.
        expected: &'static str,
        /// The full name in the type URL.
        found: String,
    },
    /// No registered message type has the name in the type URL.
    UnknownType(String),
    /// The value did not decode as its type.
    Decode(DecodeError),
}

impl fmt::Display for AnyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyError::TypeMismatch { expected, found } => write!(f, "Any holds `{found}`, not `{expected}`"),
            AnyError::UnknownType(name) => write!(
                f,
                "Any holds `{name}`, a message type not registered in this process: types register on \
                 first use, so call `protowire::registry::register(MessageType::of::<T>())` for its Rust \
                 type `T` before unpacking (or unpack with `Any::unpack::<T>()`)"
            ),
            AnyError::Decode(e) => write!(f, "Any's value does not decode: {e}"),
        }
    }
}

impl std::error::Error for AnyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AnyError::Decode(e) => Some(e),
            _ => None,
        }
    }
}

impl Any {
    /// Packs `message` with the type URL `type.googleapis.com/<full name>`.
    ///
    /// # Errors
    ///
    /// As [`Message::encode_to_vec`]: a missing required field.
    pub fn pack<M: Message>(message: &M) -> Result<Any, EncodeError> {
        Ok(Any {
            type_url: format!("{TYPE_URL_PREFIX}{}", M::full_name()),
            value: message.encode_to_vec()?,
            ..Any::default()
        })
    }

    /// The full message name in the type URL (what follows its last `/`).
    pub fn type_name(&self) -> &str {
        self.type_url.rsplit_once('/').map_or(&self.type_url, |(_, name)| name)
    }

    /// Whether the `Any` holds an `M`.
    pub fn is<M: Message>(&self) -> bool {
        self.type_name() == M::full_name()
    }

    /// Unpacks the value as an `M`.
    ///
    /// # Errors
    ///
    /// [`AnyError::TypeMismatch`] if the type URL names another type,
    /// [`AnyError::Decode`] if the value does not decode.
    pub fn unpack<M: Message>(&self) -> Result<M, AnyError> {
        if !self.is::<M>() {
            return Err(AnyError::TypeMismatch { expected: M::full_name(), found: self.type_name().to_owned() });
        }
        M::decode(&self.value[..]).map_err(AnyError::Decode)
    }

    /// Unpacks the value as whatever registered type the URL names. A type
    /// is registered once it has been used, or through
    /// [`registry::register`](crate::registry::register).
    ///
    /// # Errors
    ///
    /// [`AnyError::UnknownType`] if no registered type has that name,
    /// [`AnyError::Decode`] if the value does not decode.
    pub fn unpack_dyn(&self) -> Result<Box<dyn DynMessage>, AnyError> {
        let name = self.type_name();
        let message_type = find_by_name(name).ok_or_else(|| AnyError::UnknownType(name.to_owned()))?;
        message_type.decode(&self.value).map_err(AnyError::Decode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Duration, Timestamp};

    #[test]
    fn pack_and_unpack() {
        let ts = Timestamp { seconds: 1_700_000_000, nanos: 5, ..Timestamp::default() };
        let any = Any::pack(&ts).unwrap();
        assert_eq!(any.type_url, "type.googleapis.com/google.protobuf.Timestamp");
        assert!(any.is::<Timestamp>());
        assert_eq!(any.unpack::<Timestamp>().unwrap(), ts);
        assert!(matches!(any.unpack::<Duration>(), Err(AnyError::TypeMismatch { .. })));
        let dynamic = any.unpack_dyn().unwrap();
        assert_eq!(dynamic.downcast_ref::<Timestamp>(), Some(&ts));
        let unknown = Any { type_url: "x/no.Such".into(), ..Any::default() };
        let Err(err) = unknown.unpack_dyn() else { panic!("no.Such is not registered") };
        assert!(matches!(&err, AnyError::UnknownType(name) if name == "no.Such"));
        assert!(err.to_string().contains("call `protowire::registry::register(MessageType::of::<T>())`"), "{err}");
    }
}
