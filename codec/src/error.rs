//! `DecodeError` and `EncodeError`: opaque, one pointer wide, saying what was
//! being read and in which field.

use std::fmt;

/// What went wrong while decoding. Match on it through [`DecodeError::kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended in the middle of something; names what was being read.
    Truncated {
        /// What was being read ("a varint", "an 8-byte fixed value", …).
        reading: &'static str,
    },
    /// A varint ran past 10 bytes, or its 10th byte had bits above bit 63.
    VarintTooLong,
    /// A key carried wire type 6 or 7.
    InvalidWireType(u8),
    /// A key carried field number 0 or one above 2^29 - 1.
    InvalidFieldNumber(u64),
    /// A length prefix claimed more bytes than the input has left.
    LengthPastEnd {
        /// The length the prefix claimed.
        len: u64,
        /// The bytes that were left.
        remaining: usize,
    },
    /// The input ends inside a length-delimited message
    /// ([`Message::decode_length_delimited`](crate::Message::decode_length_delimited)),
    /// in its length prefix or its body: more input may complete it. Nothing
    /// was consumed. Inside a message, input that ends early is
    /// [`Truncated`](Self::Truncated) or [`LengthPastEnd`](Self::LengthPastEnd)
    /// instead: corrupt, not incomplete.
    Incomplete {
        /// The bytes the prefix and the message take together, once the
        /// prefix is complete.
        needed: Option<u64>,
        /// The bytes the input had.
        available: usize,
    },
    /// An end-group key with no matching start-group key (carries its field number).
    UnexpectedEndGroup(u32),
    /// Messages or groups nested deeper than the recursion limit.
    RecursionLimit,
    /// A `string` field held bytes that are not UTF-8.
    InvalidUtf8,
    /// A required field was absent; the error's path names it.
    MissingRequired,
    /// The input went past one of the [`DecodeOptions`](crate::DecodeOptions)
    /// limits on memory.
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// Its value, in bytes.
        max: usize,
    },
}

/// The memory limits of [`DecodeOptions`](crate::DecodeOptions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// [`max_message_size`](crate::DecodeOptions::max_message_size): the input's length.
    MessageSize,
    /// [`max_element_memory`](crate::DecodeOptions::max_element_memory): memory
    /// taken by repeated and map elements and boxed messages.
    ElementMemory,
    /// [`max_unknown_bytes`](crate::DecodeOptions::max_unknown_bytes): bytes
    /// kept as unknown fields.
    UnknownBytes,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: DecodeErrorKind,
    /// The root message's full name, once known.
    message: Option<&'static str>,
    /// Field names from the innermost outwards; reversed when displayed.
    path: Vec<&'static str>,
    /// Where the innermost field that failed starts in the input.
    offset: Option<usize>,
}

/// A failure to decode protobuf bytes: what was being read, and the path of
/// fields (`package.Outer.inner.name`) where it happened.
///
/// One pointer wide, so `Result<T, DecodeError>` stays small.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    inner: Box<Inner>,
}

impl DecodeError {
    #[cold]
    pub(crate) fn new(kind: DecodeErrorKind) -> DecodeError {
        DecodeError { inner: Box::new(Inner { kind, message: None, path: Vec::new(), offset: None }) }
    }

    #[cold]
    pub(crate) fn truncated(reading: &'static str) -> DecodeError {
        DecodeError::new(DecodeErrorKind::Truncated { reading })
    }

    #[cold]
    pub(crate) fn varint_too_long() -> DecodeError {
        DecodeError::new(DecodeErrorKind::VarintTooLong)
    }

    #[cold]
    pub(crate) fn invalid_wire_type(code: u8) -> DecodeError {
        DecodeError::new(DecodeErrorKind::InvalidWireType(code))
    }

    #[cold]
    pub(crate) fn invalid_field_number(number: u64) -> DecodeError {
        DecodeError::new(DecodeErrorKind::InvalidFieldNumber(number))
    }

    #[cold]
    pub(crate) fn length_past_end(len: u64, remaining: usize) -> DecodeError {
        DecodeError::new(DecodeErrorKind::LengthPastEnd { len, remaining })
    }

    #[cold]
    pub(crate) fn incomplete(needed: Option<u64>, available: usize) -> DecodeError {
        DecodeError::new(DecodeErrorKind::Incomplete { needed, available })
    }

    #[cold]
    pub(crate) fn unexpected_end_group(number: u32) -> DecodeError {
        DecodeError::new(DecodeErrorKind::UnexpectedEndGroup(number))
    }

    #[cold]
    pub(crate) fn recursion_limit() -> DecodeError {
        DecodeError::new(DecodeErrorKind::RecursionLimit)
    }

    #[cold]
    pub(crate) fn limit_exceeded(limit: Limit, max: usize) -> DecodeError {
        DecodeError::new(DecodeErrorKind::LimitExceeded { limit, max })
    }

    #[cold]
    pub(crate) fn invalid_utf8() -> DecodeError {
        DecodeError::new(DecodeErrorKind::InvalidUtf8)
    }

    #[cold]
    pub(crate) fn missing_required(field: &'static str) -> DecodeError {
        let mut error = DecodeError::new(DecodeErrorKind::MissingRequired);
        error.inner.path.push(field);
        error
    }

    /// Records that the error happened inside `field` (called on the way out,
    /// innermost field first).
    #[cold]
    pub(crate) fn in_field(mut self, field: &'static str) -> DecodeError {
        self.inner.path.push(field);
        self
    }

    /// Records where the field that failed starts (once: the innermost
    /// field, recorded first, wins).
    #[cold]
    pub(crate) fn at_offset(mut self, offset: usize) -> DecodeError {
        if self.inner.offset.is_none() {
            self.inner.offset = Some(offset);
        }
        self
    }

    /// Records the root message's full name (once, at the top level).
    #[cold]
    pub(crate) fn in_message(mut self, full_name: &'static str) -> DecodeError {
        if self.inner.message.is_none() {
            self.inner.message = Some(full_name);
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.inner.kind
    }

    /// The full name of the message being decoded, if known.
    pub fn message(&self) -> Option<&'static str> {
        self.inner.message
    }

    /// Where, in bytes from the start of the input (of the message, for
    /// length-delimited input), the field whose value could not be read
    /// starts: its key, in the innermost message. `None` for errors about a
    /// message as a whole (a required field missing, the input over a size
    /// limit).
    pub fn offset(&self) -> Option<usize> {
        self.inner.offset
    }

    /// The field names from the outermost message inwards (`["inner", "name"]`).
    pub fn field_path(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.inner.path.iter().rev().copied()
    }

    /// The dotted path: `Outer.inner.name`, the root message's full name first.
    pub fn path(&self) -> String {
        let mut out = String::from(self.inner.message.unwrap_or(""));
        for field in self.field_path() {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(field);
        }
        out
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::Truncated { reading } => write!(f, "input ended while reading {reading}"),
            DecodeErrorKind::VarintTooLong => f.write_str("varint longer than 10 bytes or above 2^64 - 1"),
            DecodeErrorKind::InvalidWireType(code) => write!(f, "invalid wire type {code}"),
            DecodeErrorKind::InvalidFieldNumber(n) => write!(f, "invalid field number {n}"),
            DecodeErrorKind::LengthPastEnd { len, remaining } => {
                write!(f, "length {len} runs past the end of input ({remaining} bytes left)")
            }
            DecodeErrorKind::Incomplete { needed: Some(needed), available } => {
                write!(f, "length-delimited message incomplete: needs {needed} bytes, input has {available}")
            }
            DecodeErrorKind::Incomplete { needed: None, available } => {
                write!(f, "length-delimited message incomplete: input ends in its length prefix ({available} bytes)")
            }
            DecodeErrorKind::UnexpectedEndGroup(n) => write!(f, "unexpected end-group key for field {n}"),
            DecodeErrorKind::RecursionLimit => f.write_str("messages nested past the recursion limit"),
            DecodeErrorKind::InvalidUtf8 => f.write_str("string field is not valid UTF-8"),
            DecodeErrorKind::MissingRequired => f.write_str("required field is missing"),
            DecodeErrorKind::LimitExceeded { limit, max } => {
                let what = match limit {
                    Limit::MessageSize => "input longer than DecodeOptions::max_message_size",
                    Limit::ElementMemory => {
                        "repeated and map elements need more memory than DecodeOptions::max_element_memory"
                    }
                    Limit::UnknownBytes => "unknown fields longer than DecodeOptions::max_unknown_bytes",
                };
                write!(f, "{what} ({max} bytes)")
            }
        }
    }
}

/// The longest run of segments abbreviated as one (`(a.b) ×50` for a cycle
/// through two messages).
const LONGEST_CYCLE: usize = 4;

/// `segments` dotted, with a run of three or more repeats of one to
/// [`LONGEST_CYCLE`] segments written once with a count: `best_friend ×101`,
/// `(left.right) ×40`. A recursion-limit error would otherwise print every
/// level of the path.
fn abbreviated(segments: &[&str]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < segments.len() {
        // The cycle length that covers the most segments from here.
        let (mut best_len, mut best_count) = (1, 1);
        for len in 1..=LONGEST_CYCLE.min(segments.len() - i) {
            let unit = &segments[i..i + len];
            let count = 1 + segments[i + len..].chunks_exact(len).take_while(|chunk| *chunk == unit).count();
            if count >= 3 && count * len > best_count * best_len {
                (best_len, best_count) = (len, count);
            }
        }
        if !out.is_empty() {
            out.push('.');
        }
        let unit = segments[i..i + best_len].join(".");
        match (best_count, best_len) {
            (1, _) => out.push_str(&unit),
            (count, 1) => out.push_str(&format!("{unit} ×{count}")),
            (count, _) => out.push_str(&format!("({unit}) ×{count}")),
        }
        i += best_len * best_count;
    }
    out
}

impl fmt::Display for DecodeError {
    /// The path is abbreviated where it repeats (`pkg.Person.best_friend
    /// ×101.name`); [`DecodeError::path`] has it in full.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failed to decode protobuf message")?;
        let segments: Vec<&str> = self.inner.message.into_iter().chain(self.field_path()).collect();
        let path = abbreviated(&segments);
        if !path.is_empty() {
            write!(f, " at `{path}`")?;
        }
        if let Some(offset) = self.inner.offset {
            write!(f, " (field starting at byte {offset})")?;
        }
        write!(f, ": {}", self.inner.kind)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", &self.inner.kind)
            .field("path", &self.path())
            .field("offset", &self.inner.offset)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// As `InvalidData`, for code that reads messages from `std::io` streams.
impl From<DecodeError> for std::io::Error {
    fn from(error: DecodeError) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, error)
    }
}

/// What went wrong while encoding. Match on it through [`EncodeError::kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// The destination buffer cannot take the whole message.
    BufferTooSmall {
        /// Bytes the message needs.
        required: usize,
        /// Bytes the buffer could take.
        remaining: usize,
    },
    /// A required field is not set; [`EncodeError::path`] names it.
    MissingRequired,
    /// Messages nested deeper than
    /// [`ENCODE_RECURSION_LIMIT`](crate::ENCODE_RECURSION_LIMIT) levels.
    RecursionLimit,
    /// The message encodes to more bytes than allowed: protobuf's 2 GiB
    /// ceiling, or the bound given to
    /// [`encode_bounded`](crate::Message::encode_bounded).
    TooLarge {
        /// Bytes the message needs.
        size: usize,
        /// The bound.
        max: usize,
    },
}

/// A failure to encode: the buffer was too small, a required field was
/// missing (its path is named), or messages nest too deeply. Nothing is
/// written when encoding fails.
pub struct EncodeError {
    inner: Box<(EncodeErrorKind, String)>,
}

impl EncodeError {
    #[cold]
    pub(crate) fn buffer_too_small(required: usize, remaining: usize) -> EncodeError {
        EncodeError { inner: Box::new((EncodeErrorKind::BufferTooSmall { required, remaining }, String::new())) }
    }

    #[cold]
    pub(crate) fn too_large(size: usize, max: usize) -> EncodeError {
        EncodeError { inner: Box::new((EncodeErrorKind::TooLarge { size, max }, String::new())) }
    }

    #[cold]
    pub(crate) fn recursion_limit() -> EncodeError {
        EncodeError { inner: Box::new((EncodeErrorKind::RecursionLimit, String::new())) }
    }

    #[cold]
    pub(crate) fn missing_required(path: String) -> EncodeError {
        EncodeError { inner: Box::new((EncodeErrorKind::MissingRequired, path)) }
    }

    /// What went wrong.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.inner.0
    }

    /// For a missing required field, its dotted path (`pkg.Outer.inner.id`);
    /// empty otherwise.
    pub fn path(&self) -> &str {
        &self.inner.1
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            EncodeErrorKind::BufferTooSmall { required, remaining } => {
                write!(f, "failed to encode protobuf message: needs {required} bytes, buffer has room for {remaining}")
            }
            EncodeErrorKind::MissingRequired => {
                write!(f, "failed to encode protobuf message: required field `{}` is not set", self.path())
            }
            EncodeErrorKind::TooLarge { size, max } => {
                write!(f, "failed to encode protobuf message: it takes {size} bytes, more than the {max} allowed")
            }
            EncodeErrorKind::RecursionLimit => write!(
                f,
                "failed to encode protobuf message: messages nested more than {} levels deep",
                crate::ENCODE_RECURSION_LIMIT
            ),
        }
    }
}

impl fmt::Debug for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodeError").field("kind", self.kind()).field("path", &self.path()).finish()
    }
}

impl std::error::Error for EncodeError {}

/// A required field is not set: [`path`](Self::path) names it, from the
/// root message's full name down (`pkg.Outer.inner.id`).
pub struct MissingFieldError {
    inner: Box<(&'static str, Vec<&'static str>)>,
}

impl MissingFieldError {
    /// `path` lists field names innermost first.
    #[cold]
    pub(crate) fn new(message: &'static str, path: Vec<&'static str>) -> MissingFieldError {
        MissingFieldError { inner: Box::new((message, path)) }
    }

    /// The dotted path of the missing field.
    pub fn path(&self) -> String {
        let (message, fields) = &*self.inner;
        let mut out = String::from(*message);
        for field in fields.iter().rev() {
            out.push('.');
            out.push_str(field);
        }
        out
    }
}

impl fmt::Display for MissingFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "required field `{}` is not set", self.path())
    }
}

impl fmt::Debug for MissingFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MissingFieldError").field(&self.path()).finish()
    }
}

impl std::error::Error for MissingFieldError {}

impl From<MissingFieldError> for EncodeError {
    fn from(missing: MissingFieldError) -> EncodeError {
        EncodeError::missing_required(missing.path())
    }
}

#[cfg(test)]
mod tests {
    /// A decode error names the byte where the innermost field that failed
    /// starts, past any number of enclosing messages.
    #[test]
    fn decode_errors_name_the_failing_fields_offset() {
        use crate::Message;
        // FileDescriptorSet { file: [ { name: <not UTF-8> } ] }, after a
        // good first file.
        let bytes = [0x0a, 0x03, 0x0a, 0x01, b'a', 0x0a, 0x05, 0x0a, 0x03, 0xff, 0xfe, 0xfd];
        let e = crate::types::FileDescriptorSet::decode(&bytes[..]).unwrap_err();
        assert_eq!(e.kind(), &DecodeErrorKind::InvalidUtf8);
        assert_eq!(e.path(), "google.protobuf.FileDescriptorSet.file.name");
        assert_eq!(e.offset(), Some(7));
        assert!(e.to_string().contains("(field starting at byte 7)"), "{e}");
        // A bad key at the top level: its own offset.
        let e = crate::types::FileDescriptorSet::decode(&[0x0a, 0x00, 0x07][..]).unwrap_err();
        assert_eq!(e.offset(), Some(2));
    }

    use super::*;

    #[test]
    fn errors_are_one_pointer() {
        assert_eq!(size_of::<DecodeError>(), size_of::<usize>());
        assert_eq!(size_of::<EncodeError>(), size_of::<usize>());
        assert_eq!(size_of::<Result<(), DecodeError>>(), size_of::<usize>());
    }

    #[test]
    fn decode_errors_compare_clone_and_convert() {
        let err = DecodeError::truncated("a varint").in_field("id").in_message("pkg.M");
        assert_eq!(err.clone(), err);
        assert_ne!(err, DecodeError::truncated("a varint"));
        let io: std::io::Error = err.into();
        assert_eq!(io.kind(), std::io::ErrorKind::InvalidData);
        assert!(io.to_string().contains("pkg.M.id"));
    }

    #[test]
    fn display_names_path_and_what() {
        let err = DecodeError::truncated("a varint").in_field("id").in_field("inner").in_message("pkg.Outer");
        assert_eq!(err.path(), "pkg.Outer.inner.id");
        assert_eq!(
            err.to_string(),
            "failed to decode protobuf message at `pkg.Outer.inner.id`: input ended while reading a varint"
        );
    }

    #[test]
    fn display_abbreviates_repeated_segments() {
        let mut err = DecodeError::recursion_limit().in_field("name");
        for _ in 0..101 {
            err = err.in_field("best_friend");
        }
        let err = err.in_message("pkg.Person");
        assert_eq!(err.path().len(), "pkg.Person".len() + 101 * ".best_friend".len() + ".name".len());
        assert_eq!(
            err.to_string(),
            "failed to decode protobuf message at `pkg.Person.best_friend ×101.name`: \
             messages nested past the recursion limit"
        );
        assert_eq!(abbreviated(&["a", "b", "b"]), "a.b.b");
        assert_eq!(abbreviated(&["a", "b", "b", "b"]), "a.b ×3");
        assert_eq!(abbreviated(&["M", "l", "r", "l", "r", "l", "r", "x"]), "M.(l.r) ×3.x");
        assert_eq!(abbreviated(&["M", "l", "r", "l", "r"]), "M.l.r.l.r");
        assert_eq!(abbreviated(&["x", "x", "x", "y", "x", "y", "x", "y"]), "x ×3.y.x.y.x.y");
        assert_eq!(abbreviated(&[]), "");
    }
}
