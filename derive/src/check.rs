//! Checks across fields: no field number used twice.

use std::collections::HashMap;

use proc_macro2::Span;

use crate::ctxt::Ctxt;

/// Reports every number that appears more than once, at each later use.
pub fn unique_numbers(cx: &mut Ctxt, numbers: impl IntoIterator<Item = (u32, Span)>) {
    let mut seen: HashMap<u32, Span> = HashMap::new();
    for (number, span) in numbers {
        if seen.insert(number, span).is_some() {
            cx.syn_error(syn::Error::new(span, format_args!("field number {number} is used twice")));
        }
    }
}
