use protowire::Message;

#[derive(Message, Default)]
struct Twice {
    #[proto(1, packed = true, packed = false)]
    values: Vec<u32>,
    #[proto(2, name = "a", name = "b")]
    label: String,
    #[proto(3, required, required)]
    id: Option<u64>,
}

fn main() {}
