//! Code-size probe: decodes stdin as the message named by the first
//! argument and re-encodes it, through protowire only. The report measures
//! this binary's `.text` against `size_baseline`.

use std::io::Read;

use protowire::Message;
use protowire_benches::generated::pw as g;

fn main() {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).expect("reading stdin");
    let which = std::env::args().nth(1).unwrap_or_default();
    let result = match which.as_str() {
        "tm2" => run::<g::protobuf_test_messages::proto2::TestAllTypesProto2>(&input),
        "tm3" => run::<g::protobuf_test_messages::proto3::TestAllTypesProto3>(&input),
        "gm1p2" => run::<g::benchmarks::proto2::GoogleMessage1>(&input),
        "gm1p3" => run::<g::benchmarks::proto3::GoogleMessage1>(&input),
        "gm2" => run::<g::benchmarks::proto2::GoogleMessage2>(&input),
        _ => Err("usage: size_protowire tm2|tm3|gm1p2|gm1p3|gm2 < message".to_owned()),
    };
    println!("{result:?}");
}

fn run<M: Message>(input: &[u8]) -> Result<usize, String> {
    let m = M::decode(input).map_err(|e| e.to_string())?;
    Ok(m.encode_to_vec().map_err(|e| e.to_string())?.len())
}
