// A table written by hand that claims the wrong type is rejected at compile
// time: by the type checker (offset of a `u32` passed as a `String` field),
// by the table's own checks (an int64 kind for an `i32` field), and by the
// ABI version (code generated for another runtime).
use protowire::__private_v2 as pw;
use pw::{Cardinality, Entry, FieldInfo, Kind};

#[derive(Default)]
struct Hand {
    count: i32,
    name: String,
}

static WRONG_KIND: [Entry<Hand>; 1] =
    [Entry::scalar(FieldInfo::new(1, "count", Kind::Int64, Cardinality::Implicit), pw::field_offset!(Hand, count))];

static WRONG_TYPE: [Entry<Hand>; 1] = [Entry::<Hand>::scalar::<u32>(
    FieldInfo::new(2, "name", Kind::UInt32, Cardinality::Implicit),
    pw::field_offset!(Hand, name),
)];

fn main() {
    let _ = (&WRONG_KIND, &WRONG_TYPE);
}
