//! `#[proto(debug)]` on hand-written types: the derived `Debug` shows enum
//! fields by variant name, and everything else as `#[derive(Debug)]` does.

use std::collections::BTreeMap;

use protowire::{Enumeration, Message, Oneof, UnknownFields};

#[derive(Enumeration, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(i32)]
pub enum Mood {
    #[default]
    Calm = 0,
    Happy = 1,
}

#[derive(Oneof, Clone, PartialEq)]
#[proto(debug)]
pub enum Said {
    #[proto(5, enumeration = "Mood")]
    Mood(i32),
    #[proto(6)]
    Text(String),
}

#[derive(Message, Clone, PartialEq, Default)]
#[proto(debug)]
pub struct Person {
    #[proto(1)]
    pub r#type: String,
    #[proto(2, enumeration = "Mood")]
    pub mood: i32,
    #[proto(3, enumeration = "Mood")]
    pub moods: Vec<i32>,
    #[proto(4, map = "string, enumeration(Mood)")]
    pub by_day: BTreeMap<String, i32>,
    #[proto(oneof = "5, 6")]
    pub said: Option<Said>,
    #[proto(skip)]
    pub note: u8,
    #[proto(unknown)]
    pub unknown: UnknownFields,
}

#[test]
fn enum_fields_show_variant_names() {
    let p = Person {
        r#type: "t".into(),
        mood: Mood::Happy as i32,
        moods: vec![0, 42],
        by_day: [("mon".to_owned(), 1)].into(),
        said: Some(Said::Mood(0)),
        note: 3,
        unknown: UnknownFields::default(),
    };
    assert_eq!(
        format!("{p:?}"),
        "Person { type: \"t\", mood: Happy, moods: [Calm, 42], by_day: {\"mon\": Happy}, \
         said: Some(Mood(Calm)), note: 3, unknown: [] }"
    );
    assert_eq!(format!("{:?}", Said::Text("hi".into())), "Text(\"hi\")");
    assert_eq!(format!("{:?}", Said::Mood(-3)), "Mood(-3)");
}
