//! Runs one case in a loop for profiling:
//! `profile DATASET CONTENDER OP SECONDS`, e.g.
//! `perf record -e cpu-clock -g target/release/profile telemetry_1mb protowire decode 10`.
//! CONTENDER is a report column label (`protowire`, `prost`, `buffa`, …,
//! or the dynamic table's `protowire (dynamic)` and `prost-reflect`);
//! OP is `decode`, `encode` or `size`, or `json-encode` / `json-decode`
//! (protowire, prost with pbjson, buffa; on `gm1_proto3` and
//! `telemetry_1mb`). SECONDS written as `Nx` (`300x`) runs exactly N passes
//! instead, for instruction counts under valgrind. MB/s counts the binary
//! payload bytes for the binary ops, the contender's JSON text for the JSON ones.

use std::time::{Duration, Instant};

use protowire_benches::data;
use protowire_benches::dynamic::{self, Who};
use protowire_benches::harness::{self, Contender, Op};
use protowire_benches::json::{self, JsonOp};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dataset, who, op, secs] = &args[..] else {
        eprintln!("usage: profile DATASET CONTENDER decode|encode|size|json-encode|json-decode SECONDS");
        std::process::exit(2);
    };
    let data = data::all().into_iter().find(|d| d.name == dataset).expect("no such dataset");
    if let Some(dynamic) = Who::ALL.into_iter().find(|w| w.label() == who && *w != Who::Generated) {
        let op = if op == "encode" { Op::Encode } else { Op::Decode };
        let case = dynamic::case(dynamic, &data).expect("case");
        return drive(&|n| case.run(op, n), data.total_bytes(), secs);
    }
    let who = Contender::ALL.into_iter().find(|c| c.label() == who).expect("no such contender");
    let (run, bytes): (Box<dyn Fn(u64) -> Duration>, usize) = match op.as_str() {
        "json-encode" | "json-decode" => {
            let op = if op == "json-encode" { JsonOp::Encode } else { JsonOp::Decode };
            let case = json::case(who, &data).expect("JSON case");
            let bytes = case.json_len();
            (Box::new(move |n| case.run(op, n)), bytes)
        }
        binary => {
            let op = match binary {
                "decode" => Op::Decode,
                "encode" => Op::Encode,
                "size" => Op::Size,
                _ => panic!("op: decode, encode, size, json-encode or json-decode"),
            };
            let case = harness::case(who, &data).expect("case");
            (Box::new(move |n| case.run(op, n)), data.total_bytes())
        }
    };
    drive(&*run, bytes, secs);
}

/// Runs `run` for `secs` seconds (or `Nx`: N passes) and prints the rate.
fn drive(run: &dyn Fn(u64) -> Duration, bytes: usize, secs: &str) {
    if let Some(count) = secs.strip_suffix('x') {
        let count: u64 = count.parse().expect("pass count");
        let busy = run(count);
        println!("{count} passes, {:.1} MB/s", (bytes as u64 * count) as f64 / busy.as_secs_f64() / 1e6);
        return;
    }
    let until = Instant::now() + Duration::from_secs_f64(secs.parse().expect("seconds"));
    let mut passes = 0u64;
    let mut busy = Duration::ZERO;
    while Instant::now() < until {
        busy += run(100);
        passes += 100;
    }
    println!(
        "{passes} passes, {bytes} bytes a pass, {:.1} MB/s",
        (bytes as u64 * passes) as f64 / busy.as_secs_f64() / 1e6
    );
}
