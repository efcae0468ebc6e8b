use protowire::Enumeration;

#[derive(Enumeration, Clone, Copy, PartialEq, Eq)]
enum NoRepr {
    A = 0,
}

#[derive(Enumeration, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
enum Bad {
    NoValue,
    Data = 1,
}

fn main() {}
