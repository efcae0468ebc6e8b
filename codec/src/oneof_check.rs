//! The compile-time check that a message's `#[proto(oneof = "...")]` lists
//! the numbers its oneof enum's variants carry, with an error that names
//! both lists.
//!
//! The message's derive cannot see the enum's variants, so the check runs
//! in a `const` the message's derive emits, on the attribute's span: it
//! compares the numbers it was given with the ones `#[derive(Oneof)]`
//! published on the enum, and on a mismatch panics with a message built at
//! compile time from both sides' text (a const panic takes one `&str`).

/// What `#[derive(Oneof)]` publishes for the check: the members' numbers,
/// and text naming them (`` oneof enum `Choice` has `A` = 1, `B` = 2 ``).
pub trait OneofNumbers {
    /// The numbers of the members, in declaration order.
    const NUMBERS: &'static [u32];
    /// The enum and its members, for the error message.
    const DESCRIBED: &'static str;
}

/// Room for the message; longer ones end in `…`.
const MESSAGE_CAPACITY: usize = 600;

/// Panics, at compile time when called in a `const`, unless `listed` and
/// `members` hold the same numbers. `attribute` says where the list came
/// from (`` #[proto(oneof = "1, 3")] on `choice` lists 1, 3 ``).
pub const fn check_oneof_numbers(members: &[u32], described: &str, listed: &[u32], attribute: &str) {
    if same_numbers(members, listed) {
        return;
    }
    let mut message = Message { buf: [0; MESSAGE_CAPACITY], len: 0, full: false };
    message.push(attribute);
    message.push(", but the ");
    message.push(described);
    message.push("; list the same numbers in both");
    let (text, _) = message.buf.split_at(message.len);
    match core::str::from_utf8(text) {
        Ok(text) => panic!("{}", text),
        Err(_) => panic!("the numbers of #[proto(oneof = \"...\")] differ from those of the oneof enum's variants"),
    }
}

/// A message built at compile time.
struct Message {
    buf: [u8; MESSAGE_CAPACITY],
    len: usize,
    /// Cut short: nothing more is appended.
    full: bool,
}

impl Message {
    /// Appends `text`, whole characters only; what does not fit becomes `…`.
    const fn push(&mut self, text: &str) {
        const ELLIPSIS: &[u8] = "…".as_bytes();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() && !self.full {
            let width = match bytes[i] {
                0..0xC0 => 1,
                0xC0..0xE0 => 2,
                0xE0..0xF0 => 3,
                _ => 4,
            };
            if self.len + width + ELLIPSIS.len() > MESSAGE_CAPACITY {
                self.full = true;
                self.copy(ELLIPSIS, 0, ELLIPSIS.len());
            } else {
                self.copy(bytes, i, width);
                i += width;
            }
        }
    }

    const fn copy(&mut self, from: &[u8], start: usize, count: usize) {
        let mut k = 0;
        while k < count {
            self.buf[self.len] = from[start + k];
            self.len += 1;
            k += 1;
        }
    }
}

/// Whether both lists hold the same numbers, each once.
const fn same_numbers(a: &[u32], b: &[u32]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !contains(b, a[i]) {
            return false;
        }
        i += 1;
    }
    true
}

const fn contains(list: &[u32], number: u32) -> bool {
    let mut i = 0;
    while i < list.len() {
        if list[i] == number {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panic_message(members: &[u32], listed: &[u32], described: &str) -> Option<String> {
        std::panic::catch_unwind(|| check_oneof_numbers(members, described, listed, "ATTR"))
            .err()
            .map(|e| e.downcast_ref::<String>().cloned().unwrap_or_default())
    }

    #[test]
    fn same_sets_pass_in_any_order() {
        assert_eq!(panic_message(&[1, 2], &[2, 1], "E"), None);
        assert_eq!(panic_message(&[], &[], "E"), None);
    }

    #[test]
    fn differences_name_both_sides() {
        assert_eq!(panic_message(&[1, 2], &[1, 3], "E").unwrap(), "ATTR, but the E; list the same numbers in both");
        assert!(panic_message(&[1], &[1, 1], "E").is_some());
        assert!(panic_message(&[1, 2], &[1], "E").is_some());
    }

    #[test]
    fn long_messages_are_cut_at_a_character() {
        let long = "é".repeat(MESSAGE_CAPACITY);
        let message = panic_message(&[1], &[2], &long).unwrap();
        assert!(message.ends_with('…'), "{message}");
        assert!(message.len() <= MESSAGE_CAPACITY);
        assert!(message.starts_with("ATTR, but the éé"));
    }
}
