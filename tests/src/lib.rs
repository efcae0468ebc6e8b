//! Shared helpers and message types for protowire's integration tests and
//! fuzz targets.

pub mod shop;
