//! Builds the wasm blob of the runtime (skipped with `SKIP_WASM_BUILD=1`), with the hash of its
//! metadata for `CheckMetadataHash` (feature `metadata-hash`, on by default).

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("SLC", 12)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}
