//! `protowire`, the command-line tool.
//!
//! ```text
//! protowire decode --raw [--delimited] < payload.bin
//! protowire decode SCHEMA --type NAME [--format text|json] [--delimited] < payload.bin
//! protowire encode SCHEMA --type NAME [--format text|json] [--delimited] < message.txt
//!
//! SCHEMA: --proto FILE [--proto FILE]... [-I DIR]...  |  --descriptor-set FILE
//! ```
//!
//! `decode --raw` prints a binary payload without a schema, as
//! `protoc --decode_raw` does: fields by number, varints in decimal, fixed
//! widths in hex, length-delimited values as nested messages where their
//! bytes parse as fields, else as C-escaped strings.
//!
//! With a schema, `decode` prints the payload as a message of type `NAME`
//! in text format (as `protoc --decode` does; the default) or as JSON (the
//! proto3 JSON mapping), and `encode` reads text format or JSON and writes
//! the binary encoding (as `protoc --encode`). `.proto` files are parsed by
//! the same parser as protowire-codegen, so no protoc is needed; `-I` gives
//! the import directories (by default, each file's own directory).
//! `--descriptor-set` reads a `FileDescriptorSet` instead (what `protoc
//! --descriptor_set_out --include_imports` writes).
//!
//! `--delimited`: on decode, the input is a stream of length-prefixed
//! messages (each after its varint length), printed one after the other
//! (separated by an empty line in text format); on encode, the output gets
//! its length in front.
//!
//! Exit codes: 0 done; 1 the input is not what was expected (the message
//! says which message of a stream and where it starts, the field path, and
//! the byte where the field that failed starts; for text and JSON input,
//! the line and column or byte); 2
//! bad arguments; 3 reading or writing failed; 4 the schema does not load
//! or lacks the type.

mod raw;
mod schema;

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use schema::Schema;

const USAGE: &str = "usage: protowire decode --raw [--delimited] < payload.bin
       protowire decode SCHEMA --type NAME [--format text|json] [--delimited] < payload.bin
       protowire encode SCHEMA --type NAME [--format text|json] [--delimited] < message
SCHEMA: --proto FILE... [-I DIR]...  |  --descriptor-set FILE";

/// What went wrong, and the exit code that says so.
pub(crate) enum Failure {
    Usage(String),
    Input(String),
    Io(io::Error),
    Schema(String),
}

/// The text form of messages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(why)) => {
            eprintln!("protowire: {why}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(why)) => {
            eprintln!("protowire: {why}");
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("protowire: {e}");
            ExitCode::from(3)
        }
        Err(Failure::Schema(why)) => {
            eprintln!("protowire: {why}");
            ExitCode::from(4)
        }
    }
}

/// The parsed command line.
struct Args {
    encode: bool,
    raw: bool,
    delimited: bool,
    protos: Vec<PathBuf>,
    includes: Vec<PathBuf>,
    descriptor_set: Option<PathBuf>,
    type_name: Option<String>,
    format: Format,
}

fn parse_args(args: &[String]) -> Result<Option<Args>, Failure> {
    let mut it = args.iter().map(String::as_str);
    let encode = match it.next() {
        Some("decode") => false,
        Some("encode") => true,
        Some("-h" | "--help") => return Ok(None),
        Some(other) => return Err(Failure::Usage(format!("unknown command `{other}`"))),
        None => return Err(Failure::Usage("no command".into())),
    };
    let mut parsed = Args {
        encode,
        raw: false,
        delimited: false,
        protos: Vec::new(),
        includes: Vec::new(),
        descriptor_set: None,
        type_name: None,
        format: Format::Text,
    };
    while let Some(arg) = it.next() {
        // `--flag=value` and `--flag value` alike; `-IDIR` as protoc takes it.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value)),
            _ if arg.starts_with("-I") && arg.len() > 2 => ("-I", Some(&arg[2..])),
            _ => (arg, None),
        };
        let mut value = |what: &str| -> Result<String, Failure> {
            inline
                .or_else(|| it.next())
                .map(str::to_owned)
                .ok_or_else(|| Failure::Usage(format!("`{flag}` needs {what}")))
        };
        match flag {
            "--raw" => parsed.raw = true,
            "--delimited" => parsed.delimited = true,
            "--proto" => parsed.protos.push(value("a .proto file")?.into()),
            "-I" | "--include" | "--proto_path" => parsed.includes.push(value("a directory")?.into()),
            "--descriptor-set" => parsed.descriptor_set = Some(value("a file")?.into()),
            "--type" => parsed.type_name = Some(value("a message type name")?),
            "--format" => {
                parsed.format = match value("`text` or `json`")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(Failure::Usage(format!("unknown format `{other}` (text or json)"))),
                }
            }
            other => return Err(Failure::Usage(format!("unknown argument `{other}`"))),
        }
    }
    Ok(Some(parsed))
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some(args) = parse_args(args)? else {
        println!("{USAGE}");
        return Ok(());
    };
    let has_schema = !args.protos.is_empty() || args.descriptor_set.is_some();
    if args.raw {
        if args.encode || has_schema || args.type_name.is_some() || args.format != Format::Text {
            return Err(Failure::Usage("--raw decodes without a schema, type or format".into()));
        }
        let input = read_stdin()?;
        let out = each_message(&input, args.delimited, "\n", raw::decode)?;
        return write_stdout(out.as_bytes());
    }
    let schema = match (args.protos.is_empty(), args.descriptor_set) {
        (false, None) => Schema::Protos { files: args.protos, includes: args.includes },
        (true, Some(set)) if args.includes.is_empty() => Schema::DescriptorSet(set),
        (true, None) => {
            return Err(Failure::Usage(
                "give a schema (--proto or --descriptor-set), or --raw to decode without one".into(),
            ));
        }
        _ => return Err(Failure::Usage("give --proto (with -I) or --descriptor-set, not both".into())),
    };
    let Some(type_name) = args.type_name else {
        return Err(Failure::Usage("--type names the message type".into()));
    };
    let descriptor = schema::load(&schema, &type_name)?;
    let input = read_stdin()?;
    if args.encode {
        let text = String::from_utf8(input).map_err(|_| Failure::Input("the input is not UTF-8".into()))?;
        let out = schema::encode(&descriptor, &text, args.format, args.delimited)?;
        return write_stdout(&out);
    }
    let separator = if args.format == Format::Text { "\n" } else { "" };
    let out = each_message(&input, args.delimited, separator, |bytes, at| {
        schema::decode(&descriptor, bytes, args.format, at)
    })?;
    write_stdout(out.as_bytes())
}

/// `print` of the input, or of each length-prefixed message of it (with
/// its index and offset), joined by `separator`.
fn each_message(
    input: &[u8],
    delimited: bool,
    separator: &str,
    mut print: impl FnMut(&[u8], Option<(usize, usize)>) -> Result<String, Failure>,
) -> Result<String, Failure> {
    if !delimited {
        return print(input, None);
    }
    let mut out = String::new();
    let mut rest = input;
    let mut index = 0;
    while !rest.is_empty() {
        let offset = input.len() - rest.len();
        let body = protowire::wire::read_len_delimited(&mut rest)
            .map_err(|e| Failure::Input(format!("message {index} (at byte {offset}): bad length prefix: {e}")))?;
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(&print(body, Some((index, offset)))?);
        index += 1;
    }
    Ok(out)
}

/// How errors name a message: the input, or one message of a stream.
pub(crate) fn which(at: Option<(usize, usize)>) -> String {
    match at {
        Some((index, offset)) => format!("message {index} (at byte {offset})"),
        None => "the input".into(),
    }
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut input = Vec::new();
    io::stdin().read_to_end(&mut input).map_err(Failure::Io)?;
    Ok(input)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).map_err(Failure::Io)
}
