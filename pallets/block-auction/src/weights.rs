//! Weights of `pallet-block-auction`.
//!
//! NOT YET GENERATED: hand-set upper estimates (reads/writes counted from the code) until
//! `benchmark pallet` replaces this file (see `scripts/benchmark-pallets.sh`).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions of the pallet's call and hook.
pub trait WeightInfo {
	fn submit_bundle(c: u32) -> Weight;
	fn on_initialize_empty() -> Weight;
	fn on_initialize_bundle(c: u32) -> Weight;
}

/// Weights for the Sluice runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn submit_bundle(c: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn on_initialize_empty() -> Weight {
		Weight::from_parts(2_000_000, 1_000).saturating_add(T::DbWeight::get().reads(1))
	}
	fn on_initialize_bundle(c: u32) -> Weight {
		Weight::from_parts(50_000_000, 20_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(6, 6))
	}
}

impl WeightInfo for () {
	fn submit_bundle(c: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
	}
	fn on_initialize_empty() -> Weight {
		Weight::from_parts(2_000_000, 1_000)
	}
	fn on_initialize_bundle(c: u32) -> Weight {
		Weight::from_parts(50_000_000, 20_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
	}
}
