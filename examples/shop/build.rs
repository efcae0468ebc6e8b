//! Compiles the shop's `.proto` files into Rust (no protoc needed).

fn main() -> Result<(), protowire_codegen::Error> {
    protowire_codegen::Config::new().btree_map(["."]).compile(&["proto/shop.proto", "proto/shop_v1.proto"], &["proto"])
}
