//! Runs every contender on every dataset and prints one markdown table.
//!
//! `cargo run --release -p protowire-benches --bin report [-- --quick]`
//! (`--profile bench` for fat LTO). `--quick` finishes in well under a
//! minute; `--only NAME` keeps the datasets whose name contains NAME;
//! `--no-code-size` skips building and measuring the code-size binaries;
//! `--cargo-profile bench` (with `cargo run --profile bench`) labels the
//! run and builds the code-size binaries with that profile; `--no-json`
//! skips the JSON table, `--no-grpc` the gRPC one, `--no-dynamic` the
//! dynamic-message one.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use protowire_benches::alloc_count::{self, Counting};
use protowire_benches::data::{self, Dataset};
use protowire_benches::harness::{self, Case, Contender, Op};
use protowire_benches::json::{self, JsonOp};

#[global_allocator]
static ALLOC: Counting = Counting;

struct Config {
    quick: bool,
    /// Each sample runs at least this long.
    sample: Duration,
    /// Samples per measurement; the median is reported.
    samples: usize,
    only: Option<String>,
    code_size: bool,
    json: bool,
    grpc: bool,
    dynamic: bool,
}

/// Runs a contender's operation `n` times; the time it took.
type Sampler<'a> = dyn Fn(u64) -> Duration + 'a;
/// A [`Sampler`] that borrows its contender.
type Run<'a> = Box<Sampler<'a>>;

/// The iteration count that makes one sample of `f` last `cfg.sample`.
fn calibrate(cfg: &Config, f: &Sampler<'_>) -> u64 {
    f(1);
    let mut iters = 1u64;
    loop {
        let d = f(iters);
        if d >= cfg.sample || iters >= 1 << 32 {
            return iters;
        }
        let scale = if d.is_zero() { 16.0 } else { (cfg.sample.as_secs_f64() / d.as_secs_f64() * 1.1).min(16.0) };
        iters = ((iters as f64 * scale).ceil() as u64).max(iters + 1);
    }
}

/// Seconds per iteration of each contender side by side: the median of
/// `cfg.samples` samples of each, each sample lasting about `cfg.sample`
/// (see [`calibrate`]). The samples are taken in turns (one of each, then
/// the next of each), so that a machine slowing down or speeding up over
/// the seconds of a measurement weighs on every contender alike, where
/// measuring them one after the other let it favour one (two contenders
/// running the same code on the mesh read 736 and 1067 MB/s that way).
/// `None` in, `None` out.
fn measure_in_turns(cfg: &Config, fs: &[Option<Run<'_>>]) -> Vec<Option<f64>> {
    let iters: Vec<Option<u64>> = fs.iter().map(|f| f.as_deref().map(|f| calibrate(cfg, f))).collect();
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(cfg.samples); fs.len()];
    for _ in 0..cfg.samples {
        for ((f, iters), samples) in fs.iter().zip(&iters).zip(&mut samples) {
            if let (Some(f), Some(iters)) = (f, iters) {
                samples.push(f(*iters).as_secs_f64() / *iters as f64);
            }
        }
    }
    samples
        .into_iter()
        .map(|mut v| {
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied()
        })
        .collect()
}

/// Allocations and bytes per message for one pass of `op`.
fn allocs(case: &dyn Case, op: Op, messages: usize) -> (f64, f64) {
    let (a0, b0) = alloc_count::snapshot();
    case.run(op, 1);
    let (a1, b1) = alloc_count::snapshot();
    ((a1 - a0) as f64 / messages as f64, (b1 - b0) as f64 / messages as f64)
}

#[derive(Default, Clone)]
struct Cell {
    /// Seconds per pass over the dataset.
    decode: Option<f64>,
    encode: Option<f64>,
    size: Option<f64>,
    decode_allocs: Option<(f64, f64)>,
    encode_allocs: Option<(f64, f64)>,
    error: Option<String>,
}

struct Row {
    data: &'static str,
    bytes: usize,
    messages: usize,
    cells: Vec<Cell>,
}

fn run_dataset(cfg: &Config, data: &Dataset, notes: &mut Vec<String>) -> Row {
    let bytes = data.total_bytes();
    let messages = data.payloads.len();
    let mut cells = Vec::new();
    // What prost re-encodes the payloads to: every contender must agree, or
    // it did not decode everything (rust-protobuf drops proto2 groups).
    let reference = harness::case(Contender::Prost, data).map(|c| c.reencoded_len()).ok();
    let mut cases = Vec::new();
    for who in Contender::ALL {
        let mut cell = Cell::default();
        let case = match harness::case(who, data) {
            Err(e) => {
                if who != Contender::Cpp || harness::cpp_skipped().is_none() {
                    notes.push(format!("{} on {}: {e}", who.label(), data.name));
                }
                cell.error = Some(e);
                None
            }
            Ok(case) if reference.is_some_and(|r| r != case.reencoded_len()) => {
                let (len, r) = (case.reencoded_len(), reference.unwrap_or(0));
                notes.push(format!(
                    "{} on {}: left out, it re-encodes the {bytes} input bytes to {len} bytes (prost: {r}), \
                     so it does not decode all of the data",
                    who.label(),
                    data.name
                ));
                cell.error = Some("wrong result".to_owned());
                None
            }
            Ok(case) => {
                if case.counts_allocs() {
                    cell.decode_allocs = Some(allocs(&*case, Op::Decode, messages));
                    if case.supports(Op::Encode) {
                        cell.encode_allocs = Some(allocs(&*case, Op::Encode, messages));
                    }
                }
                Some(case)
            }
        };
        cells.push(cell);
        cases.push(case);
    }
    for op in [Op::Decode, Op::Encode, Op::Size] {
        let runs: Vec<Option<Run<'_>>> = cases
            .iter()
            .map(|case| {
                let case = case.as_ref().filter(|c| c.supports(op))?;
                Some(Box::new(move |n| case.run(op, n)) as Run<'_>)
            })
            .collect();
        for (cell, secs) in cells.iter_mut().zip(measure_in_turns(cfg, &runs)) {
            match op {
                Op::Decode => cell.decode = secs,
                Op::Encode => cell.encode = secs,
                Op::Size => cell.size = secs,
            }
        }
        eprint!(".");
    }
    eprintln!(" {}", data.name);
    Row { data: data.name, bytes, messages, cells }
}

fn idx(who: Contender) -> usize {
    Contender::ALL.iter().position(|&c| c == who).unwrap()
}

fn fmt_rate(v: f64) -> String {
    if v >= 100.0 { format!("{v:.0}") } else { format!("{v:.1}") }
}

fn fmt_time(secs: f64) -> String {
    let ns = secs * 1e9;
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn fmt_allocs((n, b): (f64, f64)) -> String {
    let n = if n.fract().abs() < 1e-9 { format!("{n:.0}") } else { format!("{n:.1}") };
    let b = if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / 1024.0 / 1024.0)
    } else if b >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{b:.0} B")
    };
    format!("{n} / {b}")
}

/// Ratio columns: (label, protowire variant, opponent).
const RATIOS: [(&str, Contender, Contender); 5] = [
    ("pw/prost", Contender::Protowire, Contender::Prost),
    ("pw(bytes)/prost(bytes)", Contender::ProtowireBytes, Contender::ProstBytes),
    ("pw/buffa", Contender::Protowire, Contender::Buffa),
    ("pw(bytes)/buffa(view)", Contender::ProtowireBytes, Contender::BuffaView),
    ("pw/C++", Contender::Protowire, Contender::Cpp),
];

fn geomean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
}

type Getter = fn(&Cell) -> Option<f64>;

fn metrics() -> [(&'static str, Getter); 3] {
    [("decode MB/s", |c| c.decode), ("encode MB/s", |c| c.encode), ("size ns/msg", |c| c.size)]
}

fn table(rows: &[Row], code: Option<&CodeSize>) -> String {
    let mut out = String::new();
    let mut header = "| dataset | metric |".to_owned();
    let mut rule = "|---|---|".to_owned();
    for who in Contender::ALL {
        header += &format!(" {} |", who.label());
        rule += "---:|";
    }
    for (label, _, _) in RATIOS {
        header += &format!(" {label} |");
        rule += "---:|";
    }
    writeln!(out, "{header}\n{rule}").unwrap();
    let cols = Contender::ALL.len() + RATIOS.len();
    for row in rows {
        let what = format!("{} ({} msg, {} B)", row.data, row.messages, row.bytes);
        for (i, (metric, get)) in metrics().into_iter().enumerate() {
            let name = if i == 0 { what.as_str() } else { "" };
            let mut line = format!("| {name} | {metric} |");
            for cell in &row.cells {
                let text = match (get(cell), &cell.error) {
                    (Some(t), _) if metric.ends_with("MB/s") => fmt_rate(row.bytes as f64 / t / 1e6),
                    (Some(t), _) => fmt_time(t / row.messages as f64),
                    (None, Some(e)) if e == "wrong result" => "✗".to_owned(),
                    (None, Some(_)) => "—".to_owned(),
                    (None, None) => String::new(),
                };
                line += &format!(" {text} |");
            }
            for (_, ours, theirs) in RATIOS {
                let r = ratio(row, ours, theirs, get);
                line += &format!(" {} |", r.map_or("—".to_owned(), |r| format!("{r:.2}×")));
            }
            writeln!(out, "{line}").unwrap();
        }
        for (metric, get) in [
            ("decode allocs / bytes per msg", (|c: &Cell| c.decode_allocs) as fn(&Cell) -> Option<(f64, f64)>),
            ("encode allocs / bytes per msg", |c: &Cell| c.encode_allocs),
        ] {
            let mut line = format!("| | {metric} |");
            for cell in &row.cells {
                line += &format!(" {} |", get(cell).map_or("—".to_owned(), fmt_allocs));
            }
            line += &" |".repeat(RATIOS.len());
            writeln!(out, "{line}").unwrap();
        }
    }
    for (scope, filter) in [
        ("geomean, all datasets", (|_: &str| true) as fn(&str) -> bool),
        ("geomean, gm1/gm2", |name: &str| name.starts_with("gm")),
    ] {
        for (i, (metric, get)) in metrics().into_iter().enumerate() {
            let name = if i == 0 { format!("**{scope}**") } else { String::new() };
            let mut line = format!("| {name} | {metric} |");
            line += &" |".repeat(Contender::ALL.len());
            for (_, ours, theirs) in RATIOS {
                let v: Vec<f64> =
                    rows.iter().filter(|r| filter(r.data)).filter_map(|r| ratio(r, ours, theirs, get)).collect();
                line += &format!(" {} |", geomean(&v).map_or("—".to_owned(), |g| format!("**{g:.2}×**")));
            }
            writeln!(out, "{line}").unwrap();
        }
    }
    if let Some(code) = code {
        let mut line = "| code size | .text KiB over baseline |".to_owned();
        for who in Contender::ALL {
            let text = code.text.iter().find(|(w, _)| *w == who).map_or("—".to_owned(), |(_, t)| match t {
                Ok(bytes) => format!("{:.0}", *bytes as f64 / 1024.0),
                Err(_) => "—".to_owned(),
            });
            line += &format!(" {text} |");
        }
        for (_, ours, theirs) in RATIOS {
            let get = |who| code.text.iter().find(|(w, _)| *w == who).and_then(|(_, t)| t.as_ref().ok().copied());
            let r = match (get(ours), get(theirs)) {
                (Some(a), Some(b)) if a > 0 => format!("{:.2}×", b as f64 / a as f64),
                _ => "—".to_owned(),
            };
            line += &format!(" {r} |");
        }
        debug_assert_eq!(line.matches('|').count(), cols + 3);
        writeln!(out, "{line}").unwrap();
    }
    out
}

/// opponent time / protowire time: higher means protowire is faster.
fn ratio(row: &Row, ours: Contender, theirs: Contender, get: Getter) -> Option<f64> {
    let a = get(&row.cells[idx(ours)])?;
    let b = get(&row.cells[idx(theirs)])?;
    Some(b / a)
}

/// `.text` sizes of the code-size binaries, less the baseline binary's.
struct CodeSize {
    baseline: u64,
    text: Vec<(Contender, Result<u64, String>)>,
}

const SIZE_BINS: [(Contender, &str); 4] = [
    (Contender::Protowire, "size_protowire"),
    (Contender::Prost, "size_prost"),
    (Contender::Buffa, "size_buffa"),
    (Contender::RustProtobuf, "size_rust_protobuf"),
];

/// Builds (through cargo, same profile as this binary) and measures the
/// code-size binaries next to this one.
fn code_size(profile: &str) -> Result<CodeSize, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = exe.parent().ok_or("no exe dir")?.to_owned();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", "protowire-benches", "--profile", profile]);
    for (_, bin) in SIZE_BINS.iter().chain([&(Contender::Protowire, "size_baseline")]) {
        cmd.args(["--bin", bin]);
    }
    // Same target directory as this binary (`<target>/<profile>/report`).
    if let Some(target) = dir.parent() {
        cmd.env("CARGO_TARGET_DIR", target);
    }
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    let status = cmd.status().map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build of the size binaries failed: {status}"));
    }
    let baseline = elf_text_size(&dir.join("size_baseline"))?;
    let text = SIZE_BINS
        .iter()
        .map(|&(who, bin)| (who, elf_text_size(&dir.join(bin)).map(|t| t.saturating_sub(baseline))))
        .collect();
    Ok(CodeSize { baseline, text })
}

/// Size of the `.text` section of a 64-bit little-endian ELF file.
fn elf_text_size(path: &Path) -> Result<u64, String> {
    let f = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bad = || format!("{}: not a 64-bit little-endian ELF file", path.display());
    if f.len() < 64 || &f[..4] != b"\x7fELF" || f[4] != 2 || f[5] != 1 {
        return Err(bad());
    }
    let u16_at = |o: usize| f.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize);
    let u32_at = |o: usize| f.get(o..o + 4).map(|b| u32::from_le_bytes(b.try_into().unwrap()) as usize);
    let u64_at = |o: usize| f.get(o..o + 8).map(|b| u64::from_le_bytes(b.try_into().unwrap()));
    let shoff = u64_at(0x28).ok_or_else(bad)? as usize;
    let shentsize = u16_at(0x3a).ok_or_else(bad)?;
    let shnum = u16_at(0x3c).ok_or_else(bad)?;
    let shstrndx = u16_at(0x3e).ok_or_else(bad)?;
    let strtab = u64_at(shoff + shstrndx * shentsize + 0x18).ok_or_else(bad)? as usize;
    for i in 0..shnum {
        let sh = shoff + i * shentsize;
        let name = strtab + u32_at(sh).ok_or_else(bad)?;
        if f.get(name..name + 6) == Some(b".text\0") {
            return u64_at(sh + 0x20).ok_or_else(bad);
        }
    }
    Err(format!("{}: no .text section", path.display()))
}

fn first_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1).cloned());
    let cfg = Config {
        quick,
        sample: if quick { Duration::from_millis(10) } else { Duration::from_millis(100) },
        samples: if quick { 3 } else { 11 },
        only,
        code_size: !args.iter().any(|a| a == "--no-code-size"),
        json: !args.iter().any(|a| a == "--no-json"),
        grpc: !args.iter().any(|a| a == "--no-grpc"),
        dynamic: !args.iter().any(|a| a == "--no-dynamic"),
    };
    // Cargo puts `bench` profile output in `target/release` too, so the
    // directory cannot tell: `--cargo-profile bench` says so.
    let profile = args
        .iter()
        .position(|a| a == "--cargo-profile")
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| if cfg!(debug_assertions) { "dev" } else { "release" }.to_owned());
    let load_before = loadavg();
    let started = std::time::Instant::now();

    let mut notes = Vec::new();
    let rows: Vec<Row> = data::all()
        .iter()
        .filter(|d| cfg.only.as_deref().is_none_or(|o| d.name.contains(o)))
        .map(|d| run_dataset(&cfg, d, &mut notes))
        .collect();
    let json_table = cfg.json.then(|| json_table(&cfg, &mut notes));
    let grpc_table = cfg.grpc.then(|| grpc_table(&cfg));
    let dynamic_table = cfg.dynamic.then(|| dynamic_table(&cfg, &mut notes));
    let code = if cfg.code_size {
        match code_size(&profile) {
            Ok(c) => Some(c),
            Err(e) => {
                notes.push(format!("code size skipped: {e}"));
                None
            }
        }
    } else {
        None
    };

    println!("## protowire vs prost, buffa, rust-protobuf, C++\n");
    println!("- CPU: {} ({} logical CPUs)", cpu_model(), std::thread::available_parallelism().map_or(0, |n| n.get()));
    println!("- date: {}", first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]));
    println!("- load average (1/5/15 min) before: {load_before}, after: {}", loadavg());
    println!(
        "- {}; profile `{profile}`; {}",
        first_line("rustc", &["--version"]),
        if cfg.quick {
            "`--quick` (10 ms × 3 samples: smoke check, not for quoting)"
        } else {
            "full run (median of 11 samples of ≥ 100 ms, the contenders' samples taken in turns)"
        }
    );
    match harness::cpp_skipped() {
        None => println!("- C++: libprotobuf {} (`-O2`, no arena)", cpp_version()),
        Some(why) => println!("- C++ column skipped: {why}"),
    }
    println!("- took {:.0} s\n", started.elapsed().as_secs_f64());
    println!(
        "Throughput is wire bytes per second (higher is better); size is the time to compute the encoded \
         length of one message. Ratio columns are opponent time ÷ protowire time: **higher means protowire is \
         faster** (for code size: opponent size ÷ protowire size). Allocations are per message, counted by a \
         global allocator (C++ allocations are not visible to it).\n"
    );
    print!("{}", table(&rows, code.as_ref()));
    if let Some(code) = &code {
        println!(
            "\nCode size: `.text` of `size_<contender>` (decode + encode of TestAllTypesProto2/3 and \
             GoogleMessage1/2, generated code + runtime) minus `size_baseline` ({:.0} KiB), profile `{profile}`.",
            code.baseline as f64 / 1024.0
        );
        for (who, t) in &code.text {
            if let Err(e) = t {
                println!("- {}: {e}", who.label());
            }
        }
    }
    if let Some(json_table) = json_table {
        print!("{json_table}");
    }
    if let Some(grpc_table) = grpc_table {
        print!("{grpc_table}");
    }
    if let Some(dynamic_table) = dynamic_table {
        print!("{dynamic_table}");
    }
    if !notes.is_empty() {
        println!("\nNotes:");
        for n in notes {
            println!("- {n}");
        }
    }
}

/// The proto3 JSON mapping on the JSON datasets: print and parse, MB/s of
/// each contender's own JSON text, and opponent time ÷ protowire time.
fn json_table(cfg: &Config, notes: &mut Vec<String>) -> String {
    let mut out = String::from("\n### JSON (proto3 JSON mapping)\n\n");
    out.push_str(
        "protowire::json against prost + pbjson and buffa (both through serde_json); each prints its own \
         messages and parses its own text. MB/s of JSON text (higher is better); ratio is opponent time ÷ \
         protowire time (higher means protowire is faster).\n\n",
    );
    let others = &json::CONTENDERS[1..];
    out.push_str("| dataset | op | JSON bytes (protowire) |");
    for who in json::CONTENDERS {
        let _ = write!(out, " {} |", json_label(who));
    }
    for who in others {
        let _ = write!(out, " vs {} |", json_label(*who));
    }
    out.push('\n');
    out.push_str(&"|---".repeat(3 + json::CONTENDERS.len() + others.len()));
    out.push_str("|\n");
    for data in data::all().iter().filter(|d| json::DATASETS.contains(&d.name)) {
        if cfg.only.as_deref().is_some_and(|o| !data.name.contains(o)) {
            continue;
        }
        let cases: Vec<_> = json::CONTENDERS
            .iter()
            .map(|&who| {
                json::case(who, data)
                    .inspect_err(|e| notes.push(format!("JSON, {} on {}: {e}", json_label(who), data.name)))
                    .ok()
            })
            .collect();
        let pw_len = cases[0].as_ref().map_or(0, |c| c.json_len());
        for (op, name) in [(JsonOp::Encode, "print"), (JsonOp::Decode, "parse")] {
            let runs: Vec<Option<Run<'_>>> =
                cases.iter().map(|c| c.as_ref().map(|c| -> Run<'_> { Box::new(move |n| c.run(op, n)) })).collect();
            let secs = measure_in_turns(cfg, &runs);
            let _ = write!(out, "| {} | {name} | {pw_len} |", data.name);
            for (case, s) in cases.iter().zip(&secs) {
                match (case, s) {
                    (Some(c), Some(s)) => {
                        let _ = write!(out, " {} MB/s |", fmt_rate(c.json_len() as f64 / s / 1e6));
                    }
                    _ => out.push_str(" — |"),
                }
            }
            for s in &secs[1..] {
                match (secs[0], s) {
                    (Some(ours), Some(theirs)) => {
                        let _ = write!(out, " {:.2}× |", theirs / ours);
                    }
                    _ => out.push_str(" — |"),
                }
            }
            out.push('\n');
        }
        eprintln!("json {}", data.name);
    }
    out
}

/// Dynamic messages against generated code and prost-reflect: decode and
/// encode MB/s, and the ratios the gate names.
fn dynamic_table(cfg: &Config, notes: &mut Vec<String>) -> String {
    use protowire_benches::dynamic::{self, Who};
    let mut out = String::from("\n### Dynamic messages\n\n");
    out.push_str(
        "`protowire::reflect::DynamicMessage` (tables built at run time from the descriptors, driven by the \
         engine generated types use) against protowire's generated types and `prost_reflect::DynamicMessage`, \
         on the same descriptor sets. MB/s of wire bytes (higher is better). *dyn/gen* is generated time ÷ \
         dynamic time (1.00× = as fast as generated code); *vs prost-reflect* is prost-reflect's time ÷ \
         protowire dynamic's (higher means protowire is faster).\n\n",
    );
    out.push_str("| dataset | op |");
    for who in Who::ALL {
        let _ = write!(out, " {} |", who.label());
    }
    out.push_str(" dyn/gen | vs prost-reflect |\n|---|---|---:|---:|---:|---:|---:|\n");
    let mut gen_ratios: [Vec<f64>; 2] = Default::default();
    let mut reflect_ratios: [Vec<f64>; 2] = Default::default();
    for data in data::all() {
        if cfg.only.as_deref().is_some_and(|o| !data.name.contains(o)) {
            continue;
        }
        let cases: Vec<_> = Who::ALL
            .iter()
            .map(|&who| match dynamic::case(who, &data) {
                Ok(case) => Some(case),
                Err(e) => {
                    if who == Who::Generated {
                        notes.push(format!("dynamic table, {}: {e}", data.name));
                    }
                    None
                }
            })
            .collect();
        if cases[0].is_none() {
            continue;
        }
        let reference = cases[0].as_ref().map(|c| c.reencoded_len());
        for (i, (op, name)) in [(Op::Decode, "decode"), (Op::Encode, "encode")].into_iter().enumerate() {
            let runs: Vec<Option<Run<'_>>> = cases
                .iter()
                .zip(Who::ALL)
                .map(|(c, who)| -> Option<Run<'_>> {
                    let c = c.as_ref()?;
                    if Some(c.reencoded_len()) != reference {
                        notes.push(format!("dynamic table, {} on {}: re-encodes differently", who.label(), data.name));
                        return None;
                    }
                    Some(Box::new(move |n| c.run(op, n)))
                })
                .collect();
            let secs = measure_in_turns(cfg, &runs);
            let _ = write!(out, "| {} | {name} |", data.name);
            for s in &secs {
                match s {
                    Some(s) => {
                        let _ = write!(out, " {} |", fmt_rate(data.total_bytes() as f64 / s / 1e6));
                    }
                    None => out.push_str(" — |"),
                }
            }
            for (theirs, ratios) in [(secs[0], &mut gen_ratios[i]), (secs[2], &mut reflect_ratios[i])] {
                match (theirs, secs[1]) {
                    (Some(t), Some(d)) => {
                        ratios.push(t / d);
                        let _ = write!(out, " {:.2}× |", t / d);
                    }
                    _ => out.push_str(" — |"),
                }
            }
            out.push('\n');
        }
        eprintln!("dynamic {}", data.name);
    }
    for (i, name) in ["decode", "encode"].into_iter().enumerate() {
        let g = geomean(&gen_ratios[i]).map_or("—".to_owned(), |g| format!("**{g:.2}×**"));
        let r = geomean(&reflect_ratios[i]).map_or("—".to_owned(), |g| format!("**{g:.2}×**"));
        let _ = writeln!(out, "| **geomean** | {name} | | | | {g} | {r} |");
    }
    out
}

/// Loopback gRPC unary echo through tonic: protowire-tonic's codec against
/// tonic-prost's, calls per second.
fn grpc_table(cfg: &Config) -> String {
    use protowire_benches::grpc;
    let mut out = String::from("\n### gRPC (tonic, loopback unary echo)\n\n");
    let _ = write!(
        out,
        "One tonic server and client in one process (HTTP/2 over TCP on 127.0.0.1), {} calls in flight, the \
         server echoing each request; the same code for both, generic over the codec: protowire-tonic's \
         `ProtowireCodec` on protowire's types, tonic-prost's `ProstCodec` on prost's (default types, and for \
         telemetry also `bytes` fields: protowire's zero-copy types, which decode by slicing tonic's buffer, \
         and prost's `Bytes`). Each call clones the request message, encodes and decodes it twice (client → \
         server → client). Ratio is protowire's \
         calls/s ÷ prost's (higher means protowire is faster).\n\n",
        grpc::CONCURRENCY
    );
    out.push_str(
        "| message | bytes | types | protowire calls/s | prost calls/s | ratio |\n|---|---|---|---|---|---|\n",
    );
    for data in data::all().iter().filter(|d| grpc::DATASETS.contains(&d.name)) {
        if cfg.only.as_deref().is_some_and(|o| !data.name.contains(o)) {
            continue;
        }
        for row in grpc::compare(data, cfg.sample * 5, cfg.samples.min(5)) {
            let (ours, theirs) = (row.protowire.calls_per_sec, row.prost.calls_per_sec);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {ours:.0} | {theirs:.0} | {:.2}× |",
                data.name,
                data.payloads[0].len(),
                row.types,
                ours / theirs
            );
        }
        eprintln!("grpc {}", data.name);
    }
    out
}

fn json_label(who: Contender) -> &'static str {
    match who {
        Contender::Prost => "prost + pbjson",
        other => other.label(),
    }
}

#[cfg(pw_cpp)]
fn cpp_version() -> String {
    protowire_benches::cpp::version()
}

#[cfg(not(pw_cpp))]
fn cpp_version() -> String {
    String::new()
}
