use protowire::Message;

#[derive(Message, Default)]
struct Inventory {
    // The bare word infers the kinds, but only on a map.
    #[proto(1, map)]
    counts: Vec<u32>,
}

fn main() {}
