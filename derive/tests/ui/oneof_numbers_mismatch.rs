use protowire::{Message, Oneof};

#[derive(Oneof, Clone, PartialEq)]
enum Choice {
    #[proto(1)]
    A(String),
    #[proto(2)]
    B(u32),
}

#[derive(Message, Default)]
struct Holder {
    #[proto(oneof = "1, 3")]
    choice: Option<Choice>,
}

fn main() {}
