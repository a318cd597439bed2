//! Weight functions of `pallet-liquid-staking`.
//!
//! The Sluice runtime uses the weights generated on its reference machine
//! (`runtime/src/weights/`, by `scripts/benchmark-pallets.sh`); the `()` implementation below
//! serves the mock runtimes of the unit tests.

#![allow(missing_docs)]

use frame_support::weights::Weight;

/// Weight functions of the pallet's calls and hooks.
pub trait WeightInfo {
	fn stake() -> Weight;
	fn unstake() -> Weight;
	fn withdraw() -> Weight;
	fn cancel_unstake() -> Weight;
	fn instant_unstake() -> Weight;
	fn payout() -> Weight;
	fn pause() -> Weight;
	fn resume() -> Weight;
	fn set_params() -> Weight;
	fn on_initialize_same_era() -> Weight;
	fn on_initialize_new_era(c: u32) -> Weight;
}

/// Weights for tests (mock runtimes); hand-set upper estimates.
impl WeightInfo for () {
	fn stake() -> Weight {
		Weight::from_parts(50_000_000, 8_000)
	}
	fn unstake() -> Weight {
		Weight::from_parts(60_000_000, 10_000)
	}
	fn withdraw() -> Weight {
		Weight::from_parts(60_000_000, 10_000)
	}
	fn cancel_unstake() -> Weight {
		Weight::from_parts(50_000_000, 8_000)
	}
	fn instant_unstake() -> Weight {
		Weight::from_parts(50_000_000, 8_000)
	}
	fn payout() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn pause() -> Weight {
		Weight::from_parts(10_000_000, 1_000)
	}
	fn resume() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 1_000)
	}
	fn on_initialize_same_era() -> Weight {
		Weight::from_parts(5_000_000, 1_000)
	}
	fn on_initialize_new_era(c: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(1_000_000, 100).saturating_mul(c.into()))
	}
}
