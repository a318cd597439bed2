//! The multi-asset ledger (`pallet-assets`) and the constant-product DEX
//! (`pallet-asset-conversion`), the first venue reactors deploy into.

use super::{
	index_funds::{INDEX_TOKEN_ID_BASE, MAX_INDICES},
	monetary::TreasuryAccount,
	reactors::{MAX_REACTORS, T_ASSET_ID_BASE},
};
use crate::{
	AccountId, AssetId, AssetKind, Balance, Balances, PoolAssets, Runtime, RuntimeEvent,
	RuntimeOrigin, MILLI_SLC, SLC,
};
use alloc::vec;
use frame_support::{
	ord_parameter_types, parameter_types,
	traits::{
		fungible::{NativeFromLeft, UnionOf},
		tokens::imbalance::ResolveAssetTo,
		AsEnsureOriginWithArg, ConstU128, ConstU32, EnsureOrigin, EnsureOriginWithArg,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureSignedBy};
use pallet_asset_conversion::{AccountIdConverterNoSeed, Ascending, Chain, WithFirstAsset};
use sp_runtime::{traits::AccountIdConversion, Permill};

/// Instance of `pallet-assets` for user-facing tokens.
pub type MainAssetsInstance = pallet_assets::Instance1;
/// Instance of `pallet-assets` for DEX liquidity-pool tokens.
pub type PoolAssetsInstance = pallet_assets::Instance2;

impl pallet_assets::Config<MainAssetsInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	/// A destroy step removes up to 100 accounts or approvals: at 1 000 the step's weight
	/// (and proof) did not fit a block, so a destruction could never finish.
	type RemoveItemsLimit = ConstU32<100>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	/// Anyone may create an asset by paying [`Self::AssetDeposit`], at an id no pallet reserves.
	type CreateOrigin = SignedOutsideReservedIds;
	type ForceOrigin = EnsureRoot<AccountId>;
	/// Deposit held for creating an asset: 10 SLC.
	type AssetDeposit = ConstU128<{ 10 * SLC }>;
	/// Deposit held for an account of a non-sufficient asset: 0.01 SLC.
	type AssetAccountDeposit = ConstU128<{ 10 * MILLI_SLC }>;
	type MetadataDepositBase = ConstU128<{ SLC }>;
	type MetadataDepositPerByte = ConstU128<{ 10 * MILLI_SLC }>;
	type ApprovalDeposit = ConstU128<{ MILLI_SLC }>;
	type StringLimit = ConstU32<50>;
	type Holder = ();
	/// tAssets that earn or are requested for withdrawal, and index tokens that vote, are
	/// frozen in their holders' accounts.
	type Freezer = ReactorLocks;
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Whether pallets create their tokens at `id` (`base + n` for their n-th token): index tokens
/// and tAssets. Such ids are never free for anyone else, so nobody can take a pallet's next id
/// first and block its next fund or reactor.
pub fn reserved_asset_id(id: AssetId) -> bool {
	let within = |base: AssetId, count: u32| id.checked_sub(base).is_some_and(|n| n < count);
	within(INDEX_TOKEN_ID_BASE, MAX_INDICES) || within(T_ASSET_ID_BASE, MAX_REACTORS)
}

// The index tokens' ids end before the tAssets' begin.
const _: () = assert!(INDEX_TOKEN_ID_BASE + MAX_INDICES <= T_ASSET_ID_BASE);

/// Signed origins may create assets at ids no pallet reserves ([`reserved_asset_id`]).
pub struct SignedOutsideReservedIds;

impl EnsureOriginWithArg<RuntimeOrigin, AssetId> for SignedOutsideReservedIds {
	type Success = AccountId;

	fn try_origin(origin: RuntimeOrigin, id: &AssetId) -> Result<AccountId, RuntimeOrigin> {
		if reserved_asset_id(*id) {
			return Err(origin);
		}
		<EnsureSigned<AccountId> as EnsureOrigin<RuntimeOrigin>>::try_origin(origin)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(id: &AssetId) -> Result<RuntimeOrigin, ()> {
		if reserved_asset_id(*id) {
			Err(())
		} else {
			Ok(RuntimeOrigin::signed(AccountId::new([0; 32])))
		}
	}
}

/// The reactors' freezes: a reactor position freezes its earning and requested tAssets, and a
/// vote freezes the index tokens of the voting funds its power counts.
pub struct ReactorLocks;

impl pallet_assets::FrozenBalance<AssetId, AccountId, Balance> for ReactorLocks {
	fn frozen_balance(asset: AssetId, who: &AccountId) -> Option<Balance> {
		let index_token = asset.checked_sub(INDEX_TOKEN_ID_BASE).is_some_and(|n| n < MAX_INDICES);
		if index_token {
			// Ids are reused after a fund closes: the live fund of the token.
			crate::IndexFunds::index_of_token(asset)
				.and_then(|index| crate::Reactors::frozen_index_tokens(index, who))
		} else {
			crate::Reactors::frozen_t_assets(asset, who)
		}
	}

	fn died(_: AssetId, _: &AccountId) {}

	/// tAssets are never destroyed.
	fn contains_freezes(asset: AssetId) -> bool {
		asset.checked_sub(T_ASSET_ID_BASE).is_some_and(|n| n < MAX_REACTORS)
	}
}

parameter_types! {
	/// The DEX's pallet id; pool accounts are derived from the pool id, not from it.
	pub const AssetConversionPalletId: PalletId = PalletId(*b"py/ascon");
	/// Fee kept by liquidity providers on every swap: 0.3 %.
	pub const LiquidityProviderFee: Permill = Permill::from_parts(3_000);
	/// Highest per-pool fee the admin may set: 10 %.
	pub const MaxSwapFee: Permill = Permill::from_percent(10);
	/// No fee on removing liquidity.
	pub const LiquidityWithdrawalFee: Permill = Permill::zero();
	/// The native token, first asset of every SLC pool.
	pub const Native: AssetKind = AssetKind::Native;
}

ord_parameter_types! {
	/// The DEX pallet's account, the only creator of pool tokens.
	pub const AssetConversionOrigin: AccountId =
		AccountIdConversion::<AccountId>::into_account_truncating(&AssetConversionPalletId::get());
}

impl pallet_assets::Config<PoolAssetsInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = u32;
	type AssetIdParameter = u32;
	type ReserveData = ();
	type Currency = Balances;
	/// Only the DEX creates pool tokens.
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSignedBy<AssetConversionOrigin, AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<0>;
	type StringLimit = ConstU32<50>;
	type Holder = ();
	type Freezer = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// SLC and every `pallet-assets` token behind one `fungibles` interface, keyed by [`AssetKind`].
pub type NativeAndAssets = UnionOf<Balances, crate::Assets, NativeFromLeft, AssetKind, AccountId>;

/// Pools either pair SLC with an asset (SLC first) or two assets in ascending order.
pub type PoolIdToAccountId = AccountIdConverterNoSeed<(AssetKind, AssetKind)>;

impl pallet_asset_conversion::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type HigherPrecisionBalance = sp_core::U256;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type PoolId = (AssetKind, AssetKind);
	type PoolLocator = Chain<
		WithFirstAsset<Native, AccountId, AssetKind, PoolIdToAccountId>,
		Ascending<AccountId, AssetKind, PoolIdToAccountId>,
	>;
	type PoolAssetId = u32;
	type PoolAssets = PoolAssets;
	/// Creating a pool costs 1 SLC, paid to the treasury.
	type PoolSetupFee = ConstU128<{ SLC }>;
	type PoolSetupFeeAsset = Native;
	type PoolSetupFeeTarget = ResolveAssetTo<TreasuryAccount, Self::Assets>;
	type LPFee = LiquidityProviderFee;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxSwapFee = MaxSwapFee;
	type LiquidityWithdrawalFee = LiquidityWithdrawalFee;
	type MintMinLiquidity = ConstU128<100>;
	type MaxSwapPathLength = ConstU32<4>;
	type PalletId = AssetConversionPalletId;
	type WeightInfo = pallet_asset_conversion::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
