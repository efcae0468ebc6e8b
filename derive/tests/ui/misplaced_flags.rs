use protowire::Message;

#[derive(Message, Default)]
struct Order {
    #[proto(1, packed = true)]
    names: Vec<String>,
    #[proto(2, packed = false)]
    single: u32,
    #[proto(3, required)]
    many: Vec<u32>,
    #[proto(4, colour)]
    unknown_key: u32,
    untagged: u32,
}

fn main() {}
