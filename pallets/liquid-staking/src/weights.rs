//! Weights of `pallet-liquid-staking`.
//!
//! NOT YET GENERATED: these are hand-set upper estimates (reads/writes counted from the code,
//! 50 µs of execution per call) until `benchmark pallet` replaces this file (see
//! `scripts/benchmark-pallets.sh`).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

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

/// Weights for the Sluice runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn stake() -> Weight {
		Weight::from_parts(50_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(10, 6))
	}
	fn unstake() -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(14, 10))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(14, 10))
	}
	fn cancel_unstake() -> Weight {
		Weight::from_parts(50_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(10, 6))
	}
	fn instant_unstake() -> Weight {
		Weight::from_parts(50_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(10, 6))
	}
	fn payout() -> Weight {
		Weight::from_parts(20_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(6, 3))
	}
	fn pause() -> Weight {
		Weight::from_parts(10_000_000, 1_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn resume() -> Weight {
		Weight::from_parts(20_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(6, 3))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 1_000).saturating_add(T::DbWeight::get().writes(1))
	}
	fn on_initialize_same_era() -> Weight {
		Weight::from_parts(5_000_000, 1_000).saturating_add(T::DbWeight::get().reads(2))
	}
	fn on_initialize_new_era(c: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000)
			.saturating_add(Weight::from_parts(1_000_000, 100).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(30, 20))
			.saturating_add(T::DbWeight::get().reads(c.into()))
	}
}

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
