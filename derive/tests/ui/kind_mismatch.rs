use protowire::Message;

#[derive(Message, Default)]
struct Order {
    #[proto(1, sint64)]
    delta: i32,
    #[proto(2, string)]
    name: Vec<u8>,
    #[proto(3, fixed32)]
    words: Vec<u64>,
}

fn main() {}
