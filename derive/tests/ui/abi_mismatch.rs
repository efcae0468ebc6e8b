// Code generated for another version of the table format does not build.
use protowire::__private_v2 as pw;
use pw::{Entry, MessageSpec};

#[derive(Default)]
struct Old {}

impl protowire::Message for Old {
    fn __table() -> pw::TypedTable<Self> {
        static CELL: pw::TableCell<Old> = pw::TableCell::new();
        CELL.get(&SPEC)
    }
}

static FIELDS: [Entry<Old>; 0] = [];
static SPEC: MessageSpec<Old> = MessageSpec::new(1, "old.Old", &FIELDS, &[], None);

fn main() {}
