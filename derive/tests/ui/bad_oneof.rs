use protowire::Oneof;

#[derive(Oneof, Clone, PartialEq)]
enum Choice {
    #[proto(1)]
    A(String),
    B(u32),
    #[proto(1)]
    C(u64),
    #[proto(3)]
    D { named: u32 },
}

fn main() {}
