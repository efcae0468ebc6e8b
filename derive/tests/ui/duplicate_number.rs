use protowire::Message;

#[derive(Message, Default)]
struct Order {
    #[proto(1)]
    id: u64,
    #[proto(1)]
    name: String,
}

fn main() {}
