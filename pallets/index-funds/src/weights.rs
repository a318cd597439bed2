//! Weight functions of `pallet-index-funds`.
//!
//! The Sluice runtime uses the weights generated on its reference machine
//! (`runtime/src/weights/`, by `scripts/benchmark-pallets.sh`); the `()` implementation below
//! serves the mock runtime of the unit tests.

#![allow(missing_docs)]

use frame_support::weights::Weight;

/// Weight functions of the pallet's calls; `n` is the number of constituents.
pub trait WeightInfo {
	fn create_index(n: u32) -> Weight;
	fn join(n: u32) -> Weight;
	fn exit(n: u32) -> Weight;
	fn join_single(n: u32) -> Weight;
	fn exit_single(n: u32) -> Weight;
	fn swap(n: u32) -> Weight;
	fn poke(n: u32) -> Weight;
	fn set_strategy() -> Weight;
	fn set_fees() -> Weight;
	fn pause() -> Weight;
	fn resume() -> Weight;
	fn recovery_exit(n: u32) -> Weight;
	fn claim() -> Weight;
	fn propose_manager() -> Weight;
	fn accept_manager() -> Weight;
	fn renounce_manager() -> Weight;
	fn swap_exact_out(n: u32) -> Weight;
	fn set_supply_cap() -> Weight;
	fn close_index(n: u32) -> Weight;
	fn bind(n: u32) -> Weight;
	fn unbind(n: u32) -> Weight;
	fn finish_unbind(n: u32) -> Weight;
	fn cancel_unbind() -> Weight;
}

/// Per-constituent cost of the hand-set test weights.
fn per_asset(n: u32) -> Weight {
	Weight::from_parts(30_000_000, 6_000).saturating_mul(n.into())
}

/// Weights for tests (mock runtime); hand-set upper estimates.
impl WeightInfo for () {
	fn create_index(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn join(n: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn exit(n: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn join_single(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn exit_single(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn swap(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn poke(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn set_strategy() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn set_fees() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn pause() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn resume() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn recovery_exit(n: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000).saturating_add(per_asset(n).saturating_mul(2))
	}
	fn claim() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
	}
	fn propose_manager() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn accept_manager() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn renounce_manager() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn swap_exact_out(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn set_supply_cap() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
	fn close_index(n: u32) -> Weight {
		Weight::from_parts(150_000_000, 20_000).saturating_add(per_asset(n).saturating_mul(2))
	}
	fn bind(n: u32) -> Weight {
		Weight::from_parts(120_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn unbind(n: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000).saturating_add(per_asset(n))
	}
	fn finish_unbind(n: u32) -> Weight {
		Weight::from_parts(120_000_000, 10_000).saturating_add(per_asset(n).saturating_mul(2))
	}
	fn cancel_unbind() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
	}
}
