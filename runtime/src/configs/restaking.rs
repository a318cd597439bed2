//! Restaking: operators, delegations, services and slashing; its oracle service is the
//! oracle's feeder set (`pallet-oracle`'s `Members`).

use super::{liquid_staking::VSLC_ASSET_ID, monetary::TreasuryAccount};
use crate::{AccountId, AssetKind, Balance, Oracle, OracleKey, Runtime, SLC};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, Contains, Get},
	PalletId,
};
use frame_system::EnsureRoot;
use sluice_primitives::oracle::{FeedCheck, Reading};
use sp_runtime::{traits::AccountIdConversion, FixedPointNumber, Perbill};

parameter_types! {
	/// The restaking account (deposits, stakes, undistributed rewards) is derived from this id.
	pub const RestakingPalletId: PalletId = PalletId(*b"slc/rstk");
	/// A feeder may stray 10 % from the median before it can be reported.
	pub const OutlierBound: Perbill = Perbill::from_percent(10);
	/// A report slashes 10 % of what the feeder allocated to the oracle service.
	pub const OutlierSlash: Perbill = Perbill::from_percent(10);
}

/// Service 0, created at genesis: the oracle's feeders.
pub const ORACLE_SERVICE: u32 = 0;
/// Least stake (SLC) a feeder allocates to the oracle service.
pub const ORACLE_MIN_ALLOCATION: Balance = 1_000 * SLC;
/// The SLC each genesis feeder stakes on itself.
pub const ORACLE_FEEDER_STAKE: Balance = 10_000 * SLC;
/// Blocks a queued withdrawal waits (2 minutes at 1 s blocks; a production network would
/// choose days).
pub const WITHDRAWAL_DELAY: u32 = 120;
/// Blocks a requested slash can be vetoed (1 minute).
pub const VETO_WINDOW: u32 = 60;

/// The oracle service's slasher: a keyless account, so only outlier reports slash feeders.
pub fn oracle_slasher() -> AccountId {
	RestakingPalletId::get().into_sub_account_truncating(*b"oracle")
}

/// SLC, vSLC and the tAsset of a reactor of SLC: tokens whose value in SLC the chain knows
/// without the oracle they secure.
pub struct Restakeable;
impl Contains<AssetKind> for Restakeable {
	fn contains(asset: &AssetKind) -> bool {
		match asset {
			AssetKind::Native => true,
			AssetKind::WithId(VSLC_ASSET_ID) => true,
			AssetKind::WithId(id) => tslc_reactor(*id),
		}
	}
}

fn tslc_reactor(id: u32) -> bool {
	let base = <Runtime as pallet_reactors::Config>::TAssetIdBase::get();
	id.checked_sub(base)
		.and_then(pallet_reactors::Reactors::<Runtime>::get)
		.is_some_and(|r| r.asset == AssetKind::Native && r.t_asset == id)
}

/// Value in SLC: SLC and tSLC at par, vSLC at the liquid-staking exchange rate.
pub struct StakeValue;
impl sp_runtime::traits::Convert<(AssetKind, Balance), Balance> for StakeValue {
	fn convert((asset, amount): (AssetKind, Balance)) -> Balance {
		match asset {
			AssetKind::WithId(VSLC_ASSET_ID) => {
				pallet_liquid_staking::Pallet::<Runtime>::exchange_rate()
					.map_or(0, |rate| rate.saturating_mul_int(amount))
			}
			_ => amount,
		}
	}
}

/// A feeder's last raw value next to the oracle's combined value.
pub struct OracleFeeds;
impl FeedCheck<AccountId> for OracleFeeds {
	fn feed(feeder: &AccountId, key: &OracleKey) -> Option<(Reading, Reading)> {
		let own = pallet_oracle::RawValues::<Runtime>::get(feeder, key)?;
		let combined = Oracle::get(key)?;
		Some((
			Reading { value: own.value, timestamp_ms: own.timestamp },
			Reading { value: combined.value, timestamp_ms: combined.timestamp },
		))
	}
}

impl pallet_restaking::Config for Runtime {
	type Assets = super::assets::NativeAndAssets;
	type Restakeable = Restakeable;
	type StakeValue = StakeValue;
	type PalletId = RestakingPalletId;
	/// Root admits services.
	type ServiceOrigin = EnsureRoot<AccountId>;
	/// Root vetoes slashes.
	type VetoOrigin = EnsureRoot<AccountId>;
	type Treasury = TreasuryAccount;
	type WithdrawalDelay = ConstU32<WITHDRAWAL_DELAY>;
	/// Allocation changes apply after 30 blocks.
	type AllocationDelay = ConstU32<30>;
	/// Commission increases apply after 300 blocks.
	type CommissionDelay = ConstU32<300>;
	type VetoWindow = ConstU32<VETO_WINDOW>;
	type MaxDelegations = ConstU32<16>;
	type MaxWithdrawals = ConstU32<16>;
	type MaxPendingSlashes = ConstU32<64>;
	type MaxSlashesPerBlock = ConstU32<4>;
	/// 10^-6 SLC (and the same number of units of any asset).
	type MinAmount = ConstU128<1_000_000>;
	type FeedCheck = OracleFeeds;
	type OracleService = ConstU32<ORACLE_SERVICE>;
	type OutlierBound = OutlierBound;
	/// A feed a minute older than the combined value is stale, not reportable.
	type OutlierWindow = ConstU64<60_000>;
	type OutlierSlash = OutlierSlash;
	type WeightInfo = crate::weights::pallet_restaking::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RestakingBenchmarkHelper;
}

/// SLC and vSLC to restake; SLC, vSLC, USDS and WETH to pay rewards in; an outlier feed written
/// straight into the oracle's storage.
#[cfg(feature = "runtime-benchmarks")]
pub struct RestakingBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_restaking::benchmarking::BenchmarkHelper<AccountId> for RestakingBenchmarkHelper {
	fn restakeable() -> alloc::vec::Vec<AssetKind> {
		alloc::vec![AssetKind::Native, AssetKind::WithId(VSLC_ASSET_ID)]
	}

	fn reward_assets() -> alloc::vec::Vec<AssetKind> {
		use crate::genesis_config_presets::{USD_STABLE, WRAPPED_ETH};
		alloc::vec![
			AssetKind::Native,
			AssetKind::WithId(VSLC_ASSET_ID),
			AssetKind::WithId(USD_STABLE),
			AssetKind::WithId(WRAPPED_ETH),
		]
	}

	fn outlier_feed(feeder: &AccountId, key: &OracleKey) {
		let timestamp = pallet_timestamp::Now::<Runtime>::get();
		let value = |v: u32| pallet_oracle::TimestampedValue {
			value: sp_runtime::FixedU128::from_u32(v),
			timestamp,
		};
		pallet_oracle::RawValues::<Runtime>::insert(feeder, key, value(2));
		pallet_oracle::Values::<Runtime>::insert(key, value(1));
	}
}
