//! serde for any message, through its JSON mapping (feature `serde`): a
//! message nests inside a user's serde types as the same JSON that
//! [`to_string`](super::to_string) prints, in any serde format.

use ::serde::de::Error as _;
use ::serde::ser::Error as _;
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::message::Message;

/// A message as a serde value, in its JSON mapping.
///
/// ```
/// use protowire::{Message, json::Json};
///
/// #[derive(Message, Clone, PartialEq, Default, Debug)]
/// #[proto(package = "demo")]
/// struct Point {
///     #[proto(1)]
///     x: i64,
/// }
///
/// let text = serde_json::to_string(&Json(Point { x: 5 })).unwrap();
/// assert_eq!(text, r#"{"x":"5"}"#);
/// let Json(back): Json<Point> = serde_json::from_str(&text).unwrap();
/// assert_eq!(back, Point { x: 5 });
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Json<M>(pub M);

impl<M: Message> Serialize for Json<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::serialize(&self.0, serializer)
    }
}

impl<'de, M: Message> Deserialize<'de> for Json<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::deserialize(deserializer).map(Json)
    }
}

/// For `#[serde(with = "protowire::json::serde")]` on a field holding a
/// message.
///
/// ```
/// use protowire::Message;
///
/// #[derive(Message, Clone, PartialEq, Default, Debug)]
/// #[proto(package = "demo")]
/// struct Point {
///     #[proto(1)]
///     label: String,
/// }
///
/// #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
/// struct Config {
///     #[serde(with = "protowire::json::serde")]
///     origin: Point,
/// }
///
/// let config = Config { origin: Point { label: "o".into() } };
/// let text = serde_json::to_string(&config).unwrap();
/// assert_eq!(text, r#"{"origin":{"label":"o"}}"#);
/// assert_eq!(serde_json::from_str::<Config>(&text).unwrap(), config);
/// ```
pub mod serde {
    use super::*;

    /// Serializes `msg` as its JSON mapping.
    ///
    /// # Errors
    ///
    /// A message with no JSON form (see [`to_string`](crate::json::to_string)),
    /// or the serializer's own errors.
    pub fn serialize<M: Message, S: Serializer>(msg: &M, serializer: S) -> Result<S::Ok, S::Error> {
        let text = crate::json::to_string(msg).map_err(S::Error::custom)?;
        // Through a serde_json value, so that any serializer gets the
        // mapping's structure (strings for 64-bit integers and so on).
        let value: serde_json::Value = serde_json::from_str(&text).map_err(S::Error::custom)?;
        value.serialize(serializer)
    }

    /// Deserializes a message from its JSON mapping.
    ///
    /// # Errors
    ///
    /// Input that does not fit the message (see
    /// [`from_str`](crate::json::from_str)), or the deserializer's own errors.
    pub fn deserialize<'de, M: Message, D: Deserializer<'de>>(deserializer: D) -> Result<M, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        crate::json::from_str(&value.to_string()).map_err(D::Error::custom)
    }
}
