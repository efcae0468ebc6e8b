//! The error type: what went wrong, said so a user can find it in the
//! `.proto` (`file:line:column: message`).

use std::fmt;
use std::io;
use std::path::Path;

use miette::Diagnostic;

/// What kind of problem an [`Error`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A `.proto` file is invalid: a syntax error, an unknown import or type,
    /// a duplicate field number, … as reported by protox or protoc.
    Parse,
    /// The `.proto` uses a construct the code generator does not support (an
    /// edition newer than 2024, or editions with protox forced by
    /// `Config::protoc(false)`).
    Unsupported,
    /// Two protobuf names become the same Rust name.
    NameClash,
    /// The configuration is invalid (a bad Rust path or attribute).
    Config,
    /// A descriptor set is malformed (it did not decode, or it refers to
    /// types it does not contain).
    Descriptor,
    /// Running `protoc` failed.
    Protoc,
    /// Reading or writing a file failed.
    Io,
}

/// An error from code generation.
///
/// Its message names the file, line and column where the `.proto` has the
/// problem, when they are known. `Debug` prints the message too, so that a
/// `build.rs` whose `main` returns the error shows it readably.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    source: Option<io::Error>,
    /// protox stopped at an `edition` declaration (protoc can go on).
    edition: bool,
}

impl Error {
    #[cold]
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { inner: Box::new(Inner { kind, message: message.into(), source: None, edition: false }) }
    }

    #[cold]
    pub(crate) fn io(context: impl fmt::Display, err: io::Error) -> Self {
        let mut e = Error::new(ErrorKind::Io, format!("{context}: {err}"));
        e.inner.source = Some(err);
        e
    }

    /// Converts a protox error, with every position it labels, into an
    /// error whose message says `file:line:column`. `includes` are searched
    /// to show the file's path on disk rather than its import name.
    #[cold]
    pub(crate) fn from_protox(err: &protox::Error, includes: &[&Path]) -> Self {
        let labels: Vec<_> = err.labels().map(|l| l.collect()).unwrap_or_default();
        let source = err.source_code();
        let mut positions = Vec::new();
        let mut edition = false;
        for label in &labels {
            let Some(contents) = source.and_then(|s| s.read_span(label.inner(), 0, 0).ok()) else {
                continue;
            };
            let file = contents.name().map(|n| display_path(n, includes));
            let file = file.unwrap_or_else(|| err.file().unwrap_or("<input>").to_owned());
            let at = format!("{file}:{}:{}", contents.line() + 1, contents.column() + 1);
            edition |= contents.data() == b"edition";
            positions.push((at, label.label().map(str::to_owned), label.primary()));
        }
        if edition {
            let at = &positions[0].0;
            let mut e = Error::new(
                ErrorKind::Unsupported,
                format!(
                    "{at}: editions (`edition = \"...\"`) need protoc (protox does not read them); \
                     leave Config::protoc unset or set it to true"
                ),
            );
            e.inner.edition = true;
            return e;
        }
        let mut message = match positions.iter().find(|p| p.2).or(positions.last()) {
            Some((at, _, _)) => format!("{at}: {err}"),
            None => match err.file() {
                Some(file) => format!("{}: {err}", display_path(file, includes)),
                None => err.to_string(),
            },
        };
        if positions.len() > 1 {
            for (at, label, _) in &positions {
                message.push_str(&format!("\n  {at}: {}", label.as_deref().unwrap_or("here")));
            }
        }
        if let Some(help) = err.help() {
            message.push_str(&format!("\n  help: {help}"));
        }
        Error::new(ErrorKind::Parse, message)
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// Whether protox stopped at an editions file.
    pub(crate) fn is_edition(&self) -> bool {
        self.inner.edition
    }
}

/// The path of import name `name` under the first include directory that
/// holds it, or the name itself.
fn display_path(name: &str, includes: &[&Path]) -> String {
    includes
        .iter()
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .map_or_else(|| name.to_owned(), |p| p.display().to_string())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The message, not a struct dump: `main` in build.rs prints this.
        f.write_str(&self.inner.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source.as_ref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        let kind = match (&err.inner.source, err.inner.kind) {
            (Some(source), _) => source.kind(),
            (None, ErrorKind::Parse | ErrorKind::NameClash | ErrorKind::Descriptor) => io::ErrorKind::InvalidData,
            (None, ErrorKind::Config) => io::ErrorKind::InvalidInput,
            (None, ErrorKind::Unsupported) => io::ErrorKind::Unsupported,
            (None, _) => io::ErrorKind::Other,
        };
        io::Error::new(kind, err)
    }
}
