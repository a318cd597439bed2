//! Weight functions of `pallet-block-auction`.
//!
//! The Sluice runtime uses the weights generated on its reference machine
//! (`runtime/src/weights/`, by `scripts/benchmark-pallets.sh`); the `()` implementation below
//! serves the mock runtimes of the unit tests.

#![allow(missing_docs)]

use frame_support::weights::Weight;

/// Weight functions of the pallet's call and hook.
pub trait WeightInfo {
	fn submit_bundle(c: u32) -> Weight;
	fn on_initialize_empty() -> Weight;
	fn on_initialize_bundle() -> Weight;
	fn execute_bundle(c: u32) -> Weight;
	fn on_finalize_skipped() -> Weight;
}

/// Weights for tests (mock runtimes); hand-set upper estimates.
impl WeightInfo for () {
	fn submit_bundle(c: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
	}
	fn on_initialize_empty() -> Weight {
		Weight::from_parts(2_000_000, 1_000)
	}
	fn on_initialize_bundle() -> Weight {
		Weight::from_parts(50_000_000, 20_000)
	}
	fn execute_bundle(c: u32) -> Weight {
		Weight::from_parts(30_000_000, 20_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
	}
	fn on_finalize_skipped() -> Weight {
		Weight::from_parts(5_000_000, 20_000)
	}
}
