//! Running programs for the CLI's tests: the `protowire` binary, and protoc.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `program` with `args`, `stdin` piped in; its output.
pub fn run(program: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs the `protowire` binary.
pub fn protowire(args: &[&str], stdin: &[u8]) -> Output {
    run(Path::new(env!("CARGO_BIN_EXE_protowire")), args, stdin)
}
