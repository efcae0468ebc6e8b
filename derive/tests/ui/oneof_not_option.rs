use protowire::{Message, Oneof};

#[derive(Oneof, Clone, PartialEq)]
enum Choice {
    #[proto(1)]
    A(String),
}

impl Default for Choice {
    fn default() -> Self {
        Choice::A(String::new())
    }
}

#[derive(Message, Default)]
struct Holder {
    #[proto(oneof = "1")]
    choice: Choice,
}

fn main() {}
