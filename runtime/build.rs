//! Builds the wasm blob of the runtime (skipped with `SKIP_WASM_BUILD=1`).
//!
//! `SLUICE_SPEC_VERSION_BUMP=1` builds the runtime with `spec_version` one higher (the
//! `spec_version_bump` cfg): the wasm the forkless-upgrade test applies to a running network.
//! The variable reaches the wasm build too, whose build script is this one without `std`.

fn spec_version_bump() {
	println!("cargo::rustc-check-cfg=cfg(spec_version_bump)");
	println!("cargo:rerun-if-env-changed=SLUICE_SPEC_VERSION_BUMP");
	if std::env::var_os("SLUICE_SPEC_VERSION_BUMP").is_some_and(|v| !v.is_empty() && v != "0") {
		println!("cargo:rustc-cfg=spec_version_bump");
	}
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	spec_version_bump();
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("SLC", 12)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	spec_version_bump();
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {
	spec_version_bump();
}
