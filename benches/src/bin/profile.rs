//! Runs one case in a loop for profiling:
//! `profile DATASET CONTENDER OP SECONDS`, e.g.
//! `perf record -e cpu-clock -g target/release/profile telemetry_1mb protowire decode 10`.
//! CONTENDER is a report column label (`protowire`, `prost`, `buffa`, …);
//! OP is `decode`, `encode` or `size`. SECONDS written as `Nx` (`300x`) runs
//! exactly N passes instead, for instruction counts under valgrind.

use std::time::{Duration, Instant};

use protowire_benches::data;
use protowire_benches::harness::{self, Contender, Op};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dataset, who, op, secs] = &args[..] else {
        eprintln!("usage: profile DATASET CONTENDER decode|encode|size SECONDS");
        std::process::exit(2);
    };
    let data = data::all().into_iter().find(|d| d.name == dataset).expect("no such dataset");
    let who = Contender::ALL.into_iter().find(|c| c.label() == who).expect("no such contender");
    let op = match op.as_str() {
        "decode" => Op::Decode,
        "encode" => Op::Encode,
        "size" => Op::Size,
        _ => panic!("op: decode, encode or size"),
    };
    let case = harness::case(who, &data).expect("case");
    if let Some(count) = secs.strip_suffix('x') {
        let count: u64 = count.parse().expect("pass count");
        let busy = case.run(op, count);
        println!("{count} passes, {:.1} MB/s", (data.total_bytes() as u64 * count) as f64 / busy.as_secs_f64() / 1e6);
        return;
    }
    let until = Instant::now() + Duration::from_secs_f64(secs.parse().expect("seconds"));
    let mut passes = 0u64;
    let mut busy = Duration::ZERO;
    while Instant::now() < until {
        busy += case.run(op, 100);
        passes += 100;
    }
    println!("{passes} passes, {:.1} MB/s", (data.total_bytes() as u64 * passes) as f64 / busy.as_secs_f64() / 1e6);
}
