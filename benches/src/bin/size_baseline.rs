//! Code-size baseline: reads stdin and prints its length, like the
//! `size_*` probes minus any protobuf code.

use std::io::Read;

fn main() {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).expect("reading stdin");
    let which = std::env::args().nth(1).unwrap_or_default();
    let result: Result<usize, String> = if which.is_empty() { Err("usage".to_owned()) } else { Ok(input.len()) };
    println!("{result:?}");
}
