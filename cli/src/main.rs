//! `protowire`, the command-line tool.
//!
//! ```text
//! protowire decode --raw [--delimited] < payload.bin
//! ```
//!
//! prints a binary payload read from stdin without a schema, as
//! `protoc --decode_raw` does: fields by number, varints in decimal, fixed
//! widths in hex, length-delimited values as nested messages where their
//! bytes parse as fields, else as C-escaped strings. `--delimited` reads a
//! stream of length-prefixed messages (each after its varint length) and
//! prints them one after the other, separated by an empty line.
//!
//! Exit codes: 0 printed, 1 the input is not protobuf (the message says
//! which message and at which byte), 2 bad arguments, 3 reading or writing
//! failed.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use protowire::Message;
use protowire::text::{self, PrintOptions};
use protowire::types::Empty;

const USAGE: &str = "usage: protowire decode --raw [--delimited] < payload.bin";

/// What went wrong, and the exit code that says so.
enum Failure {
    Usage(String),
    Input(String),
    Io(io::Error),
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
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    let (mut raw, mut delimited) = (false, false);
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        Some("decode") => {}
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return Ok(());
        }
        Some(other) => return Err(Failure::Usage(format!("unknown command `{other}`"))),
        None => return Err(Failure::Usage("no command".into())),
    }
    for arg in args {
        match arg {
            "--raw" => raw = true,
            "--delimited" => delimited = true,
            other => return Err(Failure::Usage(format!("unknown argument `{other}`"))),
        }
    }
    if !raw {
        return Err(Failure::Usage("`decode` needs --raw (decoding with a schema is not built yet)".into()));
    }
    let mut input = Vec::new();
    io::stdin().read_to_end(&mut input).map_err(Failure::Io)?;
    let out = if delimited { decode_delimited(&input)? } else { decode_raw(&input, None)? };
    let mut stdout = io::stdout().lock();
    stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()).map_err(Failure::Io)
}

/// One message's fields as text. `at` says which message of a stream this
/// is and where it starts, for the error.
fn decode_raw(bytes: &[u8], at: Option<(usize, usize)>) -> Result<String, Failure> {
    // Every field is unknown to `Empty`, which keeps them all, byte for byte.
    let message = Empty::decode(bytes).map_err(|e| {
        Failure::Input(match at {
            Some((index, offset)) => format!("message {index} (at byte {offset}) is not protobuf: {e}"),
            None => format!("the input is not protobuf: {e}"),
        })
    })?;
    text::to_string_with(&message, &PrintOptions::new().print_unknown_fields(true))
        .map_err(|e| Failure::Input(format!("cannot print the input: {e}")))
}

/// A stream of length-prefixed messages.
fn decode_delimited(input: &[u8]) -> Result<String, Failure> {
    let mut out = String::new();
    let mut rest = input;
    let mut index = 0;
    while !rest.is_empty() {
        let offset = input.len() - rest.len();
        let body = protowire::wire::read_len_delimited(&mut rest)
            .map_err(|e| Failure::Input(format!("message {index} (at byte {offset}): bad length prefix: {e}")))?;
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&decode_raw(body, Some((index, offset)))?);
        index += 1;
    }
    Ok(out)
}
