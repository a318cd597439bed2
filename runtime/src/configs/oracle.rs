//! The oracle: `pallet-oracle` keeps each feeder's last value per key; `pallet-oracle-feeds` is
//! the only way in for signed feeders (the direct `feed_values` is filtered out, see
//! `system.rs`). The feeders are a snapshot of the restaking oracle service's members, each
//! weighted by the counted stake it allocates (DESIGN §3.4), and a key's value is their
//! **stake-weighted median**, taken only when more than half of all the feeders' stake fed
//! values within 10 % of it recently: one entity splitting a little stake over many operators
//! moves nothing, and a minority cannot set a price while others are silent.

use crate::{OracleKey, OracleValue, Runtime};
use frame_support::{parameter_types, traits::ConstU32, PalletId};

/// Most feeders in the snapshot (the oracle service's most operators).
pub const MAX_FEEDERS: u32 = 64;

/// A feeder's value counts for 10 minutes.
pub const VALUE_LIFETIME_MS: u64 = 600_000;

parameter_types! {
	/// The oracle's pallet id; its account is the feeder when root feeds values.
	pub const OraclePalletId: PalletId = PalletId(*b"slc/orcl");
	/// How long a feeder's value counts in the median (ms).
	pub const ValueLifetime: u64 = VALUE_LIFETIME_MS;
}

impl pallet_oracle::Config for Runtime {
	type OnNewData = ();
	type CombineData = pallet_oracle_feeds::adapters::StakeWeightedMedian<
		Runtime,
		ValueLifetime,
		super::restaking::OutlierBound,
	>;
	type Time = crate::Timestamp;
	type OracleKey = OracleKey;
	type OracleValue = OracleValue;
	type PalletId = OraclePalletId;
	/// The feeder snapshot.
	type Members = crate::OracleFeeds;
	type WeightInfo = pallet_oracle::weights::SubstrateWeight<Runtime>;
	type MaxHasDispatchedSize = ConstU32<MAX_FEEDERS>;
	type MaxFeedValues = ConstU32<32>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_oracle_feeds::Config for Runtime {
	type Feeders = crate::Restaking;
	type Sink = pallet_oracle_feeds::adapters::OracleSink<Runtime>;
	/// Root or the protocol-admin track registers the assets the chain prices (genesis registers
	/// the genesis assets').
	type RegisterOrigin = super::governance::AdminOrigin;
	type MaxFeeders = ConstU32<MAX_FEEDERS>;
	type MaxFeeds = ConstU32<64>;
	type MaxFeedValues = ConstU32<32>;
	/// A feed of up to 4 values is free once per 10 blocks per feeder (a heartbeat), at most 4
	/// free feeds a block: with the generated weights (about 10 ms for a feed of 4 values at the
	/// largest feeder set) free feeds take at most 40 ms of the 300 ms a block gives normal
	/// extrinsics.
	type FreeValues = ConstU32<4>;
	type FreeInterval = ConstU32<10>;
	type MaxFreePerBlock = ConstU32<4>;
	/// A new snapshot every 10 blocks (stake counts only after a 31–60-block warm-up anyway).
	type RefreshInterval = ConstU32<10>;
	type WeightInfo = crate::weights::pallet_oracle_feeds::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::OracleFeedsBenchmarkHelper;
}

/// What the oracle benchmarks set up with the real feeder set and the real oracle.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use crate::{configs::restaking::ORACLE_SERVICE, Restaking, RuntimeOrigin, SLC};
	use alloc::vec::Vec;
	use frame_benchmarking::account;
	use frame_support::traits::{fungible::Mutate, Time};
	use pallet_oracle::{RawValues, TimestampedValue};
	use sluice_primitives::AssetKind;
	use sp_runtime::{traits::Get, Perbill};

	/// Makes the oracle service hold `n` feeders (new operators bonding 20 000 SLC each and
	/// delegating vSLC to themselves too, so that valuing them reads a pool per restakeable
	/// asset; warmed up and allocated) and returns the feeders.
	pub fn oracle_feeders(n: u32) -> Vec<AccountId> {
		let existing = Restaking::oracle_feeders().len() as u32;
		let new: Vec<AccountId> = (existing..n).map(|i| account("oracle-feeder", i, 0)).collect();
		for who in &new {
			// Minting into a fresh account cannot fail in the benchmark set-up.
			let _ = crate::Balances::mint_into(who, 100_000 * SLC);
			Restaking::register_operator(
				RuntimeOrigin::signed(who.clone()),
				Perbill::from_percent(5),
				20_000 * SLC,
			)
			.expect("registers");
			crate::LiquidStaking::stake(RuntimeOrigin::signed(who.clone()), 1_000 * SLC)
				.expect("stakes");
			let vslc = AssetKind::WithId(crate::configs::liquid_staking::VSLC_ASSET_ID);
			let amount =
				crate::Assets::balance(crate::configs::liquid_staking::VSLC_ASSET_ID, who) / 2;
			Restaking::deposit(RuntimeOrigin::signed(who.clone()), vslc.clone(), amount)
				.expect("deposits");
			Restaking::delegate(RuntimeOrigin::signed(who.clone()), who.clone(), vslc, amount)
				.expect("delegates");
		}
		let warmup: u32 = <Runtime as pallet_restaking::Config>::StakeWarmup::get();
		let delay: u32 = <Runtime as pallet_restaking::Config>::AllocationDelay::get();
		let skip = |blocks: u32| {
			crate::System::set_block_number(crate::System::block_number() + blocks);
		};
		skip(2 * warmup);
		for who in &new {
			Restaking::allocate(RuntimeOrigin::signed(who.clone()), ORACLE_SERVICE, Perbill::one())
				.expect("allocates");
		}
		skip(delay);
		Restaking::oracle_feeders().into_iter().map(|(who, _)| who).collect()
	}

	/// A fresh value of 1 from each of `feeders` for each of `keys`.
	pub fn prefill(feeders: &[AccountId], keys: &[OracleKey], value: OracleValue) {
		let timestamp = crate::Timestamp::now();
		for feeder in feeders {
			for key in keys {
				RawValues::<Runtime>::insert(feeder, key, TimestampedValue { value, timestamp });
			}
		}
	}

	/// Keys the benchmarks feed: prices of made-up assets.
	pub fn keys(n: u32) -> Vec<OracleKey> {
		(0..n).map(|i| OracleKey::Price(AssetKind::WithId(100_000 + i))).collect()
	}

	pub struct OracleFeedsBenchmarkHelper;
	impl pallet_oracle_feeds::benchmarking::BenchmarkHelper<AccountId> for OracleFeedsBenchmarkHelper {
		fn keys(n: u32) -> Vec<OracleKey> {
			keys(n)
		}
		fn feeders(n: u32) -> Vec<AccountId> {
			oracle_feeders(n)
		}
		fn prefill(feeders: &[AccountId], keys: &[OracleKey]) {
			prefill(feeders, keys, OracleValue::from_u32(1))
		}
	}
}
