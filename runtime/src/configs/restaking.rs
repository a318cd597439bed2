//! Restaking: operators, delegations, services and slashing; its oracle service is the
//! oracle's feeder set (through `pallet-oracle-feeds`).

use super::{liquid_staking::VSLC_ASSET_ID, monetary::TreasuryAccount, network};
use crate::{AccountId, AssetKind, Balance, Runtime, SLC};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, Contains, Get},
	PalletId,
};
use sp_runtime::{traits::AccountIdConversion, FixedPointNumber, Perbill};

parameter_types! {
	/// The restaking account (deposits, stakes, slashes held, undistributed rewards) is derived
	/// from this id.
	pub const RestakingPalletId: PalletId = PalletId(*b"slc/rstk");
	/// A feeder may stray 10 % from the reference before it can be reported.
	pub const OutlierBound: Perbill = Perbill::from_percent(10);
	/// A report slashes 10 % of what the feeder allocated to the oracle service.
	pub const OutlierSlash: Perbill = Perbill::from_percent(10);
	/// A reporter gets 10 % of what the slash takes from the operator's own delegation.
	pub const ReporterReward: Perbill = Perbill::from_percent(10);
	/// What a feed is judged against: the values fed in the 12 s after it.
	pub const OutlierWindow: u64 = OUTLIER_WINDOW_MS;
}

/// Service 0, created at genesis: the oracle's feeders.
pub const ORACLE_SERVICE: u32 = 0;
/// Least stake (SLC) a feeder allocates to the oracle service.
pub const ORACLE_MIN_ALLOCATION: Balance = 1_000 * SLC;
/// The SLC each genesis feeder stakes on itself.
pub const ORACLE_FEEDER_STAKE: Balance = 10_000 * SLC;
/// A feed is judged against the other feeders' values fed in the 12 s after it: the market has
/// had no time to move far, and a value newer than the others (a fast, honest feeder in a price
/// move) has nothing to be judged against yet.
pub const OUTLIER_WINDOW_MS: u64 = 12_000;

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
			AssetKind::WithId(id) => tslc_reactor(*id).is_some(),
		}
	}
}

/// The reactor of SLC whose tAsset is `id`.
fn tslc_reactor(id: u32) -> Option<u32> {
	let base = <Runtime as pallet_reactors::Config>::TAssetIdBase::get();
	let reactor = id.checked_sub(base)?;
	pallet_reactors::Reactors::<Runtime>::get(reactor)
		.filter(|r| r.asset == AssetKind::Native && r.t_asset == id)
		.map(|_| reactor)
}

/// Value in SLC: SLC at par, vSLC at the liquid-staking exchange rate, tSLC at what it redeems
/// for (its share of the reactor's SLC after any shortfall).
pub struct StakeValue;
impl sp_runtime::traits::Convert<(AssetKind, Balance), Balance> for StakeValue {
	fn convert((asset, amount): (AssetKind, Balance)) -> Balance {
		match asset {
			AssetKind::Native => amount,
			AssetKind::WithId(VSLC_ASSET_ID) => {
				pallet_liquid_staking::Pallet::<Runtime>::exchange_rate()
					.map_or(0, |rate| rate.saturating_mul_int(amount))
			}
			AssetKind::WithId(id) => tslc_reactor(id).map_or(0, |reactor| {
				pallet_reactors::Pallet::<Runtime>::redemption_value(reactor, amount)
			}),
		}
	}
}

impl pallet_restaking::Config for Runtime {
	type Assets = super::assets::NativeAndAssets;
	type Restakeable = Restakeable;
	type StakeValue = StakeValue;
	type PalletId = RestakingPalletId;
	/// Root or the protocol-admin track admits services.
	type ServiceOrigin = super::governance::AdminOrigin;
	/// A service's resolver; for services that name none, Root or the slash-veto track.
	type VetoOrigin = pallet_restaking::ResolverOr<Runtime, super::governance::SlashVetoOrigin>;
	type Treasury = TreasuryAccount;
	// The delays, windows and self-bond are the network's settings, the warm-up epoch its grid.
	type WithdrawalDelay = network::WithdrawalDelay;
	type AllocationDelay = network::AllocationDelay;
	type DeallocationDelay = network::DeallocationDelay;
	type StakeWarmup = network::StakeWarmup;
	type RewardPeriod = network::RewardPeriod;
	type CommissionDelay = network::CommissionDelay;
	type VetoWindow = network::VetoWindow;
	type MinSelfBond = network::MinSelfBond;
	type MaxDelegations = ConstU32<16>;
	type MaxWithdrawals = ConstU32<16>;
	/// 10^-6 SLC (and the same number of units of any asset).
	type MinAmount = ConstU128<1_000_000>;
	type FeedCheck =
		pallet_oracle_feeds::adapters::FeedReference<Runtime, OutlierWindow, OutlierBound>;
	type OracleService = ConstU32<ORACLE_SERVICE>;
	type OutlierBound = OutlierBound;
	type OutlierSlash = OutlierSlash;
	type ReporterReward = ReporterReward;
	type WeightInfo = crate::weights::pallet_restaking::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RestakingBenchmarkHelper;
}

/// SLC and vSLC to restake; `MaxRewardAssets` assets to pay rewards in (SLC, vSLC, USDS, WETH
/// and assets made for the benchmarks); an outlier feed against the largest feeder set.
#[cfg(feature = "runtime-benchmarks")]
pub struct RestakingBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_restaking::benchmarking::BenchmarkHelper<AccountId> for RestakingBenchmarkHelper {
	fn restakeable() -> alloc::vec::Vec<AssetKind> {
		alloc::vec![AssetKind::Native, AssetKind::WithId(VSLC_ASSET_ID)]
	}

	fn reward_assets() -> alloc::vec::Vec<AssetKind> {
		use crate::genesis_config_presets::{USD_STABLE, WRAPPED_ETH};
		use frame_support::traits::fungibles::{Create, Inspect};
		let mut assets = alloc::vec![
			AssetKind::Native,
			AssetKind::WithId(VSLC_ASSET_ID),
			AssetKind::WithId(USD_STABLE),
			AssetKind::WithId(WRAPPED_ETH),
		];
		let slots = <pallet_restaking::MaxRewardAssets as Get<u32>>::get();
		for id in 0..slots.saturating_sub(assets.len() as u32) {
			let id = 70_000 + id;
			if !crate::Assets::asset_exists(id) {
				let _ = <crate::Assets as Create<AccountId>>::create(
					id,
					TreasuryAccount::get(),
					true,
					1,
				);
			}
			assets.push(AssetKind::WithId(id));
		}
		assets
	}

	fn outlier_feed(feeder: &AccountId, key: &crate::OracleKey) {
		use super::oracle::benchmarks::{oracle_feeders, prefill};
		let others = oracle_feeders(super::oracle::MAX_FEEDERS);
		pallet_oracle_feeds::Pallet::<Runtime>::refresh();
		prefill(&others, core::slice::from_ref(key), sp_runtime::FixedU128::from_u32(1));
		prefill(
			core::slice::from_ref(feeder),
			core::slice::from_ref(key),
			sp_runtime::FixedU128::from_u32(2),
		);
	}
}
