//! Shared helpers for protowire's integration tests and fuzz targets.
