use protowire::Message;

#[derive(Message, Default)]
struct Order {
    #[proto(0)]
    zero: u64,
    #[proto(536870912)]
    too_big: u64,
    #[proto(19500)]
    reserved: u64,
    #[proto(required)]
    no_number: String,
}

fn main() {}
