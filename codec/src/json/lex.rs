//! A JSON reader over bytes: tokens pulled one at a time, strings unescaped
//! (borrowed when they hold no escape), numbers handed over as their text so
//! that 64-bit integers stay exact.

use std::borrow::Cow;

use super::JsonError;

/// The next token's kind, seen without consuming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Peek {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// A cursor over JSON text.
pub(crate) struct Reader<'a> {
    /// The text, UTF-8 checked once: strings are slices of it.
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    /// Object and array levels still allowed below the current one.
    depth: u32,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str, depth: u32) -> Reader<'a> {
        Reader { text, src: text.as_bytes(), pos: 0, depth }
    }

    /// Where the reader is, for error messages.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// A copy of the reader at the same place, to look ahead.
    pub(crate) fn fork(&self) -> Reader<'a> {
        Reader { text: self.text, src: self.src, pos: self.pos, depth: self.depth }
    }

    pub(crate) fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError::syntax(self.pos, message.into())
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.pos += 1;
        }
    }

    /// After the top-level value: only whitespace may follow.
    pub(crate) fn finish(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.pos != self.src.len() {
            return Err(self.error("trailing characters after the JSON value"));
        }
        Ok(())
    }

    /// The kind of the next value.
    #[inline]
    pub(crate) fn peek(&mut self) -> Result<Peek, JsonError> {
        self.ws();
        Ok(match self.src.get(self.pos) {
            Some(b'{') => Peek::Object,
            Some(b'[') => Peek::Array,
            Some(b'"') => Peek::String,
            Some(b'-' | b'0'..=b'9') => Peek::Number,
            Some(b't') => Peek::True,
            Some(b'f') => Peek::False,
            Some(b'n') => Peek::Null,
            _ => return Err(self.unexpected()),
        })
    }

    #[cold]
    #[inline(never)]
    fn unexpected(&self) -> JsonError {
        match self.src.get(self.pos) {
            Some(&b) => self.error(format!("unexpected character {:?}", char::from(b))),
            None => self.error("unexpected end of input"),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), JsonError> {
        self.ws();
        if has_prefix(&self.src[self.pos..], word.as_bytes()) {
            let after = self.src.get(self.pos + word.len()).copied();
            if !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                self.pos += word.len();
                return Ok(());
            }
        }
        Err(self.error(format!("expected `{word}`")))
    }

    /// Consumes `null` if it is next.
    pub(crate) fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek()? == Peek::Null {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A `true` or `false`.
    pub(crate) fn bool(&mut self) -> Result<bool, JsonError> {
        match self.peek()? {
            Peek::True => self.literal("true").map(|()| true),
            Peek::False => self.literal("false").map(|()| false),
            _ => Err(self.error("expected a boolean")),
        }
    }

    /// A number's text, checked against JSON's number grammar.
    pub(crate) fn number(&mut self) -> Result<&'a str, JsonError> {
        self.ws();
        let start = self.pos;
        let s = self.src;
        let mut i = self.pos;
        if s.get(i) == Some(&b'-') {
            i += 1;
        }
        match s.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while s.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => return Err(self.error("expected a number")),
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            let digits = i;
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                return Err(self.error("expected digits after the decimal point"));
            }
        }
        if matches!(s.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(s.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let digits = i;
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        if s.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.') {
            return Err(self.error("malformed number"));
        }
        self.pos = i;
        // The bytes matched above are ASCII.
        Ok(self.text.get(start..i).unwrap_or_default())
    }

    /// A string, unescaped.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.ws();
        if self.src.get(self.pos) != Some(&b'"') {
            return Err(self.error("expected a string"));
        }
        self.pos += 1;
        // Borrowed unless there is an escape; the text between escapes is
        // skipped eight bytes at a time.
        let mut owned: Option<String> = None;
        let mut run = self.pos;
        loop {
            self.pos += plain_run(&self.src[self.pos..]);
            match self.src.get(self.pos) {
                Some(b'"') => {
                    let text = self.utf8(run, self.pos)?;
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(text),
                        Some(mut out) => {
                            out.push_str(text);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {
                    let text = self.utf8(run, self.pos)?;
                    // The unescaped text is never longer than the escaped.
                    let out = owned.get_or_insert_with(|| String::with_capacity(raw_end(self.src, self.pos) - run));
                    out.push_str(text);
                    self.pos += 1;
                    out.push(self.escape()?);
                    run = self.pos;
                }
                // DEL stops the scan (the printer escapes it) but is plain text.
                Some(0x7f) => self.pos += 1,
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// Text between two ASCII delimiters, so on character boundaries.
    fn utf8(&self, start: usize, end: usize) -> Result<&'a str, JsonError> {
        self.text.get(start..end).ok_or_else(|| JsonError::syntax(start, "string is not UTF-8".into()))
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(&b) = self.src.get(self.pos) else {
            return Err(self.error("unterminated escape"));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xd800..0xdc00).contains(&high) {
                    if self.src.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.error("unpaired surrogate in \\u escape"));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xdc00..0xe000).contains(&low) {
                        return Err(self.error("unpaired surrogate in \\u escape"));
                    }
                    let code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                    char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?
                } else {
                    char::from_u32(high).ok_or_else(|| self.error("unpaired surrogate in \\u escape"))?
                }
            }
            _ => return Err(self.error(format!("invalid escape \\{}", char::from(b)))),
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.src.get(self.pos..self.pos + 4).ok_or_else(|| self.error("short \\u escape"))?;
        let mut value = 0;
        for &d in digits {
            let v = char::from(d).to_digit(16).ok_or_else(|| self.error("invalid \\u escape"))?;
            value = value * 16 + v;
        }
        self.pos += 4;
        Ok(value)
    }

    #[inline]
    fn punct(&mut self, b: u8) -> Result<(), JsonError> {
        self.ws();
        if self.src.get(self.pos) == Some(&b) {
            self.pos += 1;
            return Ok(());
        }
        Err(self.expected(b))
    }

    #[cold]
    #[inline(never)]
    fn expected(&self, b: u8) -> JsonError {
        self.error(format!("expected `{}`", char::from(b)))
    }

    #[inline]
    fn try_punct(&mut self, b: u8) -> bool {
        self.ws();
        if self.src.get(self.pos) == Some(&b) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth = self.depth.checked_sub(1).ok_or_else(|| self.error("nested past the recursion limit"))?;
        Ok(())
    }

    /// Opens an object; then call [`next_key`](Self::next_key) until `None`.
    pub(crate) fn begin_object(&mut self) -> Result<(), JsonError> {
        self.punct(b'{')?;
        self.enter()
    }

    /// The next member's key (its `:` consumed), or `None` at the closing
    /// brace. `first` tracks whether a comma is due.
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>, JsonError> {
        if !self.next_member(first)? {
            return Ok(None);
        }
        self.key().map(Some)
    }

    /// Whether another member follows (its comma consumed, the reader at
    /// its key), or `false` at the closing brace. `first` tracks whether a
    /// comma is due. Then [`key_is`](Self::key_is) or [`key`](Self::key).
    #[inline]
    pub(crate) fn next_member(&mut self, first: &mut bool) -> Result<bool, JsonError> {
        if self.try_punct(b'}') {
            self.depth += 1;
            return Ok(false);
        }
        if !*first {
            self.punct(b',')?;
        }
        *first = false;
        self.ws();
        Ok(true)
    }

    /// Consumes the member's key and its `:` if they are written exactly as
    /// `quoted` (`"name":`), which costs a few word compares instead of
    /// reading a string: the parser's guess at the next field. Written any
    /// other way (with an escape, a space before the colon), the key is
    /// read and looked up instead.
    #[inline]
    pub(crate) fn key_is(&mut self, quoted: &[u8]) -> bool {
        if has_prefix(&self.src[self.pos..], quoted) {
            self.pos += quoted.len();
            return true;
        }
        false
    }

    /// The member's key, its `:` consumed.
    pub(crate) fn key(&mut self) -> Result<Cow<'a, str>, JsonError> {
        if self.peek()? != Peek::String {
            return Err(self.error("expected a member name in quotes"));
        }
        let key = self.string()?;
        self.punct(b':')?;
        Ok(key)
    }

    /// Opens an array; then call [`next_element`](Self::next_element) until `false`.
    pub(crate) fn begin_array(&mut self) -> Result<(), JsonError> {
        self.punct(b'[')?;
        self.enter()
    }

    /// Whether another element follows (its comma consumed).
    #[inline]
    pub(crate) fn next_element(&mut self, first: &mut bool) -> Result<bool, JsonError> {
        if self.try_punct(b']') {
            self.depth += 1;
            return Ok(false);
        }
        if !*first {
            self.punct(b',')?;
        }
        *first = false;
        Ok(true)
    }

    /// Skips one value of any kind.
    pub(crate) fn skip(&mut self) -> Result<(), JsonError> {
        match self.peek()? {
            Peek::Object => {
                self.begin_object()?;
                let mut first = true;
                while self.next_key(&mut first)?.is_some() {
                    self.skip()?;
                }
            }
            Peek::Array => {
                self.begin_array()?;
                let mut first = true;
                while self.next_element(&mut first)? {
                    self.skip()?;
                }
            }
            Peek::String => {
                self.string()?;
            }
            Peek::Number => {
                self.number()?;
            }
            Peek::True | Peek::False => {
                self.bool()?;
            }
            Peek::Null => {
                self.null()?;
            }
        }
        Ok(())
    }
}

/// Whether `hay` starts with `needle`, compared a word at a time: the
/// needles are field names, a few words long, where a call to `memcmp`
/// costs more than the compare.
#[inline]
fn has_prefix(hay: &[u8], needle: &[u8]) -> bool {
    let n = needle.len();
    let Some(hay) = hay.get(..n) else { return false };
    // Equal words at `at` in both (`false` past the end, which the lengths
    // below rule out); the last word may overlap the one before it.
    let w8 = |at: usize| hay[at..].first_chunk::<8>().map(|w| u64::from_le_bytes(*w));
    let n8 = |at: usize| needle[at..].first_chunk::<8>().map(|w| u64::from_le_bytes(*w));
    let w4 = |at: usize| hay[at..].first_chunk::<4>().map(|w| u32::from_le_bytes(*w));
    let n4 = |at: usize| needle[at..].first_chunk::<4>().map(|w| u32::from_le_bytes(*w));
    match n {
        8.. => {
            let mut at = 0;
            while at + 8 < n {
                if w8(at) != n8(at) {
                    return false;
                }
                at += 8;
            }
            w8(n - 8) == n8(n - 8)
        }
        4..8 => w4(0) == n4(0) && w4(n - 4) == n4(n - 4),
        _ => hay.iter().zip(needle).all(|(a, b)| a == b),
    }
}

/// Where the string whose content goes on at `i` ends (its closing quote),
/// escapes skipped over unchecked; the end of `src` if it does not.
fn raw_end(src: &[u8], mut i: usize) -> usize {
    loop {
        i += src.get(i..).map_or(0, plain_run);
        match src.get(i) {
            Some(b'"') | None => return i.min(src.len()),
            Some(b'\\') => i += 2,
            Some(_) => i += 1,
        }
    }
}

/// How many bytes at the start of `bytes` are plain string content, in
/// both directions: not `"`, `\\`, a control character or DEL. Eight bytes
/// at a time; a byte with its high bit set (UTF-8 beyond ASCII) is plain.
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Sets the high bit of (at least) the first byte of `x` that is zero.
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let stop = (x.wrapping_sub(ONES * 0x20) & !x & HIGHS)
            | has_zero(x ^ (ONES * u64::from(b'"')))
            | has_zero(x ^ (ONES * u64::from(b'\\')))
            | has_zero(x ^ (ONES * 0x7f));
        if stop != 0 {
            // The lowest flagged byte is a true stop (a borrow only ever
            // flags bytes above one).
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    // The byte that stopped the scan, or the tail, byte by byte.
    while let Some(&b) = bytes.get(i) {
        if b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f {
            break;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time prefix test against `starts_with`, for needles
    /// of every length up to three words, differing from the haystack at
    /// each position in turn, and haystacks shorter than the needle.
    #[test]
    fn has_prefix_agrees_with_starts_with() {
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for n in 0..=24 {
            let needle = &base[..n];
            for hay_len in 0..=30 {
                let hay = &base[..hay_len];
                assert_eq!(has_prefix(hay, needle), hay.starts_with(needle), "n {n} hay {hay_len}");
                for at in 0..hay_len.min(n) {
                    let mut other = hay.to_vec();
                    other[at] ^= 0x20;
                    assert_eq!(has_prefix(&other, needle), other.starts_with(needle), "n {n} at {at}");
                }
            }
        }
    }

    /// A string with escapes is unescaped into one allocation, sized from
    /// the escaped text (which the unescaped text never exceeds).
    #[test]
    fn escaped_strings_allocate_once_at_most_their_escaped_length() {
        let text = format!("\"{}\" ", "ab\\n\\u00e9".repeat(50));
        let mut r = Reader::new(&text, 10);
        let Cow::Owned(s) = r.string().unwrap() else { panic!("escapes make an owned string") };
        assert_eq!(s, "ab\n\u{e9}".repeat(50));
        // The escaped content's length: not a doubling series' 256.
        assert_eq!(s.capacity(), text.len() - 3);
    }

    #[test]
    fn strings_unescape_and_borrow_when_they_can() {
        let mut r = Reader::new(r#" "plain" "a\"b\\c\u00e9\ud83d\ude00\n" "#, 10);
        assert!(matches!(r.string().unwrap(), Cow::Borrowed("plain")));
        assert_eq!(r.string().unwrap(), "a\"b\\c\u{e9}\u{1f600}\n");
        r.finish().unwrap();
        for bad in [r#""\ud800""#, r#""\x""#, "\"a\nb\"", r#""abc"#, r#""\u12"#] {
            assert!(Reader::new(bad, 10).string().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn strings_match_serde_json_wherever_the_escapes_and_del_fall() {
        let pieces = ["a", "\\\"", "\\\\", "\\n", "\\u00e9", "\u{7f}", "\u{e9}", "long plain text "];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let json = format!("\"{a}{b}{c}{a}\"");
                    let want: String = serde_json::from_str(&json).unwrap();
                    let got = Reader::new(&json, 10).string().unwrap();
                    assert_eq!(got, want, "{json}");
                }
            }
        }
    }

    #[test]
    fn plain_run_matches_a_byte_by_byte_scan() {
        let naive =
            |b: &[u8]| b.iter().position(|&c| c < 0x20 || c == b'"' || c == b'\\' || c == 0x7f).unwrap_or(b.len());
        let mut text = b"plain text \xc3\xa9 and more plain text".to_vec();
        for stop in [0u8, 0x1f, b'"', b'\\', 0x7f] {
            for at in 0..text.len() {
                let mut t = text.clone();
                t[at] = stop;
                assert_eq!(plain_run(&t), naive(&t), "{stop:#x} at {at}");
            }
        }
        text.truncate(3);
        assert_eq!(plain_run(&text), 3);
        assert_eq!(plain_run(b""), 0);
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for good in ["0", "-1", "1.5", "1e5", "1E-5", "-0.0e+1"] {
            assert_eq!(Reader::new(good, 1).number().unwrap(), good);
        }
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "1x", "0x10", "Infinity"] {
            assert!(Reader::new(bad, 1).number().is_err(), "{bad}");
        }
    }

    #[test]
    fn objects_arrays_and_depth() {
        let mut r = Reader::new(r#"{"a": [1, {"b": null}], "c": true}"#, 3);
        r.skip().unwrap();
        r.finish().unwrap();
        assert!(Reader::new("[[[[]]]]", 3).skip().is_err());
        assert!(Reader::new("[1,]", 3).skip().is_err());
        assert!(Reader::new("{\"a\":1,}", 3).skip().is_err());
        assert!(Reader::new("{a:1}", 3).skip().is_err());
        assert!(Reader::new("[1 2]", 3).skip().is_err());
    }
}
