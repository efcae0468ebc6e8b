//! Tokens of the text format: identifiers, numbers, quoted strings (C
//! escapes, adjacent strings joined) and punctuation; `#` comments and
//! whitespace skipped.

use super::TextError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Token {
    Ident(String),
    /// A number's text, sign excluded (`-` is its own token).
    Number(String),
    /// A string's bytes, escapes resolved.
    Str(Vec<u8>),
    Punct(u8),
}

pub(crate) struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    peeked: Option<(Token, usize)>,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a [u8]) -> Lexer<'a> {
        Lexer { src, pos: 0, peeked: None }
    }

    /// Byte offset of the next token.
    pub(crate) fn pos(&mut self) -> usize {
        self.skip_space();
        self.peeked.as_ref().map_or(self.pos, |(_, at)| *at)
    }

    pub(crate) fn error(&mut self, message: impl Into<String>) -> TextError {
        let at = self.pos();
        TextError::new(at, message.into())
    }

    fn skip_space(&mut self) {
        loop {
            match self.src.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') => self.pos += 1,
                Some(b'#') => {
                    while self.src.get(self.pos).is_some_and(|&b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    pub(crate) fn peek(&mut self) -> Result<Option<&Token>, TextError> {
        if self.peeked.is_none() {
            self.skip_space();
            let at = self.pos;
            if let Some(token) = self.read()? {
                self.peeked = Some((token, at));
            }
        }
        Ok(self.peeked.as_ref().map(|(t, _)| t))
    }

    pub(crate) fn next(&mut self) -> Result<Option<Token>, TextError> {
        self.peek()?;
        Ok(self.peeked.take().map(|(t, _)| t))
    }

    /// Consumes punctuation `p` if it is next.
    pub(crate) fn eat(&mut self, p: u8) -> Result<bool, TextError> {
        if self.peek()? == Some(&Token::Punct(p)) {
            self.peeked = None;
            return Ok(true);
        }
        Ok(false)
    }

    pub(crate) fn expect(&mut self, p: u8) -> Result<(), TextError> {
        if self.eat(p)? {
            return Ok(());
        }
        Err(self.error(format!("expected `{}`", char::from(p))))
    }

    fn read(&mut self) -> Result<Option<Token>, TextError> {
        let Some(&b) = self.src.get(self.pos) else { return Ok(None) };
        let start = self.pos;
        Ok(Some(match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while self.src.get(self.pos).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
                    self.pos += 1;
                }
                Token::Ident(String::from_utf8_lossy(&self.src[start..self.pos]).into_owned())
            }
            b'0'..=b'9' | b'.' if b != b'.' || self.src.get(self.pos + 1).is_some_and(u8::is_ascii_digit) => {
                while let Some(&c) = self.src.get(self.pos) {
                    let exponent_sign = matches!(c, b'+' | b'-')
                        && matches!(self.src.get(self.pos - 1), Some(b'e' | b'E'))
                        && !self.src[start..].starts_with(b"0x")
                        && !self.src[start..].starts_with(b"0X");
                    if c.is_ascii_alphanumeric() || c == b'.' || exponent_sign {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                Token::Number(String::from_utf8_lossy(&self.src[start..self.pos]).into_owned())
            }
            b'"' | b'\'' => {
                let mut bytes = self.string(b)?;
                // Adjacent strings are one value.
                loop {
                    self.skip_space();
                    match self.src.get(self.pos) {
                        Some(&q @ (b'"' | b'\'')) => bytes.extend(self.string(q)?),
                        _ => break,
                    }
                }
                Token::Str(bytes)
            }
            _ => {
                self.pos += 1;
                Token::Punct(b)
            }
        }))
    }

    fn string(&mut self, quote: u8) -> Result<Vec<u8>, TextError> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(&b) = self.src.get(self.pos) else {
                return Err(TextError::new(self.pos, "unterminated string".into()));
            };
            self.pos += 1;
            match b {
                b'\n' => return Err(TextError::new(self.pos, "newline in a string".into())),
                b'\\' => self.escape(&mut out)?,
                _ if b == quote => return Ok(out),
                _ => out.push(b),
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), TextError> {
        let at = self.pos;
        let bad = |what: &str| TextError::new(at, what.to_owned());
        let Some(&b) = self.src.get(self.pos) else { return Err(bad("unterminated escape")) };
        self.pos += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'v' => out.push(0x0b),
            b'\\' | b'\'' | b'"' | b'?' => out.push(b),
            b'0'..=b'7' => {
                let mut v = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.src.get(self.pos) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(v).map_err(|_| bad("octal escape above \\377"))?);
            }
            b'x' | b'X' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2
                    && let Some(d) = self.src.get(self.pos).and_then(|&d| char::from(d).to_digit(16))
                {
                    v = v * 16 + d;
                    self.pos += 1;
                    n += 1;
                }
                if n == 0 {
                    return Err(bad("\\x without hex digits"));
                }
                out.push(v as u8);
            }
            b'u' | b'U' => {
                let width = if b == b'u' { 4 } else { 8 };
                let digits = self.src.get(self.pos..self.pos + width).ok_or_else(|| bad("short unicode escape"))?;
                let mut v = 0u32;
                for &d in digits {
                    v = v.checked_mul(16).ok_or_else(|| bad("invalid unicode escape"))?
                        + char::from(d).to_digit(16).ok_or_else(|| bad("invalid unicode escape"))?;
                }
                self.pos += width;
                // Surrogates are not characters, even in pairs (as protoc).
                let c = char::from_u32(v);
                let c = c.ok_or_else(|| bad("unicode escape is not a character"))?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            _ => return Err(bad("unknown escape")),
        }
        Ok(())
    }
}
