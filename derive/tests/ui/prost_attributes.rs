// The prost facade's derives report every misused #[prost] attribute at once.
#[derive(Clone, PartialEq, protowire::prost::Message)]
struct Order {
    #[prost(uint64, tag = "1", tag = "2")]
    id: u64,
    #[prost(string, optional, tag = "3")]
    note: String,
    #[prost(int32, packed = "maybe", repeated, tag = "4")]
    counts: Vec<i32>,
    #[prost(sint64, tag = "5", default = "lots")]
    delta: i64,
    #[prost(oneof = "Choice", tag = "6")]
    choice: Option<Choice>,
    #[prost(frobnicate, tag = "7")]
    odd: u32,
}

#[derive(Clone, PartialEq, protowire::prost::Oneof)]
enum Choice {
    #[prost(string)]
    Text(String),
}

fn main() {}
