//! Derive macros for [protowire](https://docs.rs/protowire): `Message`,
//! `Enumeration` and `Oneof`. Use them through `protowire`, which re-exports
//! them; the attribute grammar is documented there.
//!
//! Each derive parses its input into a typed model, collecting every error
//! with its span, then emits the static field table the runtime walks. It
//! never panics: errors become `compile_error!`s, next to a stand-in impl so
//! that one mistake does not cascade into many.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod model;
mod prost;
mod ty;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

fn run(
    input: TokenStream,
    derive: fn(&DeriveInput) -> Result<proc_macro2::TokenStream, syn::Error>,
    fallback: fn(&DeriveInput) -> proc_macro2::TokenStream,
) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match derive(&input) {
        Ok(tokens) => tokens.into(),
        Err(errors) => {
            let mut tokens = errors.into_compile_error();
            tokens.extend(fallback(&input));
            tokens.into()
        }
    }
}

/// Implements `protowire::Message` for a struct with `#[proto(...)]` fields.
#[proc_macro_derive(Message, attributes(proto))]
pub fn derive_message(input: TokenStream) -> TokenStream {
    run(input, expand::message::derive, expand::message::fallback)
}

/// Implements `protowire::Enumeration` for a fieldless `#[repr(i32)]` enum.
#[proc_macro_derive(Enumeration, attributes(proto))]
pub fn derive_enumeration(input: TokenStream) -> TokenStream {
    run(input, expand::enumeration::derive, expand::enumeration::fallback)
}

/// Makes an enum usable as a `oneof` field: each variant holds one value and
/// carries its field number.
#[proc_macro_derive(Oneof, attributes(proto))]
pub fn derive_oneof(input: TokenStream) -> TokenStream {
    run(input, expand::oneof::derive, expand::oneof::fallback)
}

/// The prost facade's `Message` (re-exported as `protowire::prost::Message`):
/// reads prost's `#[prost(...)]` attributes into protowire's table, and adds
/// the `Default`, `Debug` and accessors prost's derive generates.
#[proc_macro_derive(ProstMessage, attributes(prost))]
pub fn derive_prost_message(input: TokenStream) -> TokenStream {
    run(input, prost::message, prost::message_fallback)
}

/// The prost facade's `Oneof` (re-exported as `protowire::prost::Oneof`).
#[proc_macro_derive(ProstOneof, attributes(prost))]
pub fn derive_prost_oneof(input: TokenStream) -> TokenStream {
    run(input, prost::oneof, prost::oneof_fallback)
}

/// The prost facade's `Enumeration` (re-exported as
/// `protowire::prost::Enumeration`): protowire's `Enumeration`, plus prost's
/// `Default`, `is_valid` and `from_i32`.
#[proc_macro_derive(ProstEnumeration, attributes(prost))]
pub fn derive_prost_enumeration(input: TokenStream) -> TokenStream {
    run(input, prost::enumeration, prost::enumeration_fallback)
}
