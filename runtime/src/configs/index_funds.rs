//! Index funds: oracle-weighted baskets traded through a dynamic-weight AMM. Constituents are
//! SLC and any `pallet-assets` token (vSLC, tAssets, test assets); index tokens are
//! `pallet-assets` tokens from id 2 000 on.

use super::assets::NativeAndAssets;
use crate::{AccountId, Balances, Oracle, OracleKey, Runtime, RuntimeHoldReason, Timestamp, SLC};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureSigned;
use sluice_primitives::oracle::{PriceProvider, Reading};
use sp_runtime::Perbill;

/// Asset id of the first fund's index token.
pub const INDEX_TOKEN_ID_BASE: u32 = 2_000;

/// Most live index funds; their tokens take the ids from [`INDEX_TOKEN_ID_BASE`] up to the
/// tAssets' (3 000), which signed `assets.create` refuses.
pub const MAX_INDICES: u32 = 1_000;

/// Oracle values older than 10 minutes are stale (as in the oracle's own aggregation), for
/// index funds and reactors alike.
pub const MAX_ORACLE_AGE_SECS: u64 = 600;

parameter_types! {
	/// Each fund's account is derived from this id and the fund's id.
	pub const IndexFundsPalletId: PalletId = PalletId(*b"slc/indx");
	/// No constituent below 2 %.
	pub const IndexMinWeight: Perbill = Perbill::from_percent(2);
	/// No constituent above 80 %.
	pub const IndexMaxWeight: Perbill = Perbill::from_percent(80);
	/// Weights move at most 0.01 % per second (36 % per hour).
	pub const IndexMaxWeightChangePerSecond: Perbill = Perbill::from_parts(100_000);
	/// A 10 % oracle move since the last poke stops swaps until the next poke.
	pub const IndexMaxPriceJump: Perbill = Perbill::from_percent(10);
	/// Swap fees up to 10 %.
	pub const IndexMaxSwapFee: Perbill = Perbill::from_percent(10);
	/// Join and exit fees up to 5 %.
	pub const IndexMaxJoinExitFee: Perbill = Perbill::from_percent(5);
	/// A trade pays out at most 2 % more than it takes in at oracle prices.
	pub const IndexMaxOracleDeviation: Perbill = Perbill::from_percent(2);
	/// A scheduled fee change moves each fee by at most one percentage point.
	pub const IndexMaxFeeStep: Perbill = Perbill::from_percent(1);
}

/// `pallet-oracle`'s aggregated values (the median of the feeders' values).
pub struct OraclePrices;
impl PriceProvider for OraclePrices {
	fn reading(key: &OracleKey) -> Option<Reading> {
		Oracle::get(key).map(|v| Reading { value: v.value, timestamp_ms: v.timestamp })
	}
}

/// Decimals of SLC (12) and of `pallet-assets` tokens (from their metadata).
pub struct TokenDecimals;
impl sp_runtime::traits::Convert<crate::AssetKind, u8> for TokenDecimals {
	fn convert(asset: crate::AssetKind) -> u8 {
		use frame_support::traits::fungibles::metadata::Inspect;
		match asset {
			crate::AssetKind::Native => crate::SLC_DECIMALS,
			crate::AssetKind::WithId(id) => <crate::Assets as Inspect<AccountId>>::decimals(id),
		}
	}
}

/// Decimals of tokens that have them: SLC (12) and `pallet-assets` tokens with metadata; `None`
/// for a token never described (its decimals would read 0 until described).
pub struct DescribedDecimals;
impl sp_runtime::traits::Convert<crate::AssetKind, Option<u8>> for DescribedDecimals {
	fn convert(asset: crate::AssetKind) -> Option<u8> {
		use super::assets::MainAssetsInstance;
		match asset {
			crate::AssetKind::Native => Some(crate::SLC_DECIMALS),
			crate::AssetKind::WithId(id) => {
				pallet_assets::Metadata::<Runtime, MainAssetsInstance>::contains_key(id)
					.then(|| TokenDecimals::convert(crate::AssetKind::WithId(id)))
			}
		}
	}
}

impl pallet_index_funds::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Assets = NativeAndAssets;
	type IndexTokens = crate::Assets;
	type Oracle = OraclePrices;
	type Decimals = DescribedDecimals;
	type Time = Timestamp;
	type PalletId = IndexFundsPalletId;
	/// Root or the protocol-admin track may act as any fund's manager.
	type AdminOrigin = super::governance::AdminOrigin;
	/// Anyone may create a fund.
	type CreateOrigin = EnsureSigned<AccountId>;
	/// 10 SLC held from a fund's creator while fewer than 125 funds are live, doubling with
	/// every 125 more (filling all 1 000 costs 318 750 SLC of deposits).
	type IndexDeposit = ConstU128<{ 10 * SLC }>;
	/// Names and symbols up to the asset ledger's 50 bytes.
	type StringLimit = ConstU32<50>;
	/// A close removes up to 16 accounts and approvals of the index token itself.
	type MaxDestroyItems = ConstU32<16>;
	type IndexTokenIdBase = ConstU32<INDEX_TOKEN_ID_BASE>;
	type MaxIndices = ConstU32<MAX_INDICES>;
	type MaxConstituents = ConstU32<16>;
	type MinWeight = IndexMinWeight;
	type MaxWeight = IndexMaxWeight;
	type MaxWeightChangePerSecond = IndexMaxWeightChangePerSecond;
	/// A re-targeting takes at least 5 minutes.
	type WeightUpdateDuration = ConstU64<300>;
	/// Pokes at most every 10 minutes (at once after a price jump).
	type PokeInterval = ConstU64<600>;
	/// Oracle values older than 10 minutes are stale (as in the oracle's own aggregation).
	type MaxOracleAge = ConstU64<MAX_ORACLE_AGE_SECS>;
	type MaxPriceJump = IndexMaxPriceJump;
	type MaxOracleDeviation = IndexMaxOracleDeviation;
	type MaxSwapFee = IndexMaxSwapFee;
	type MaxFeeStep = IndexMaxFeeStep;
	/// Fee changes apply a day after they are scheduled: holders have a day to leave.
	type FeeTimelock = ConstU64<86_400>;
	/// Strategy changes apply six hours after they are scheduled.
	type StrategyTimelock = ConstU64<21_600>;
	type MaxJoinExitFee = IndexMaxJoinExitFee;
	/// The reactors' account: it exits and rejoins its venues every cycle.
	type FeeExempt = super::reactors::ReactorsAccount;
	/// 100 index tokens at creation.
	type InitialSupply = ConstU128<{ 100 * SLC }>;
	/// 10^-6 of an index token stays in the fund's account for ever.
	type LockedSupply = ConstU128<1_000_000>;
	type WeightInfo = crate::weights::pallet_index_funds::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = IndexFundsBenchmarkHelper;
}

/// Test tokens and oracle values for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct IndexFundsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_index_funds::benchmarking::BenchmarkHelper<AccountId> for IndexFundsBenchmarkHelper {
	fn create_asset(id: u32) -> crate::AssetKind {
		use frame_support::traits::fungibles::Create;
		let owner = IndexFundsPalletId::get();
		let owner: AccountId =
			sp_runtime::traits::AccountIdConversion::into_account_truncating(&owner);
		// An asset that already exists is fine: the benchmark only needs it to exist, with
		// 12 decimals like SLC (the funds value it by them).
		let _ = <crate::Assets as Create<AccountId>>::create(id, owner, true, 1);
		let _ = crate::Assets::force_set_metadata(
			crate::RuntimeOrigin::root(),
			id.into(),
			b"Bench".to_vec(),
			b"BCH".to_vec(),
			12,
			false,
		);
		crate::AssetKind::WithId(id)
	}
	fn set_price(asset: crate::AssetKind, price: sp_runtime::FixedU128) {
		let timestamp = pallet_timestamp::Now::<Runtime>::get();
		let one_million = sp_runtime::FixedU128::from_u32(1_000_000);
		for (key, value) in [
			(OracleKey::Price(asset.clone()), price),
			(OracleKey::Supply(asset.clone()), one_million),
			(OracleKey::Tvl(asset), one_million),
		] {
			pallet_oracle::Values::<Runtime>::insert(
				key,
				pallet_oracle::TimestampedValue { value, timestamp },
			);
		}
	}
	fn advance(seconds: u64) {
		pallet_timestamp::Now::<Runtime>::mutate(|now| *now = now.saturating_add(seconds * 1_000));
	}
	fn freeze(asset: crate::AssetKind, who: &AccountId) {
		Self::set_frozen(asset, who, true)
	}
	fn thaw(asset: crate::AssetKind, who: &AccountId) {
		Self::set_frozen(asset, who, false)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl IndexFundsBenchmarkHelper {
	/// Freezes or thaws `who` in a token of [`Self::create_asset`], whose freezer is the
	/// pallet's account.
	fn set_frozen(asset: crate::AssetKind, who: &AccountId, frozen: bool) {
		let crate::AssetKind::WithId(id) = asset else { return };
		let owner: AccountId = sp_runtime::traits::AccountIdConversion::into_account_truncating(
			&IndexFundsPalletId::get(),
		);
		let origin = crate::RuntimeOrigin::signed(owner);
		let target = sp_runtime::MultiAddress::Id(who.clone());
		let done = if frozen {
			crate::Assets::freeze(origin, id.into(), target)
		} else {
			crate::Assets::thaw(origin, id.into(), target)
		};
		assert!(done.is_ok(), "the benchmark's token is frozen or thawed by its freezer");
	}
}
