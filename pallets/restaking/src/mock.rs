//! A mock runtime: balances, assets, this pallet, and an oracle feed kept in storage.

use crate::{self as pallet_restaking};
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64,
	},
	PalletId, Twox64Concat,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sluice_primitives::{
	oracle::{FeedCheck, FeedIssue, Reading},
	OracleKey,
};
use sp_runtime::{BuildStorage, FixedU128, Perbill};

pub type AccountId = u128;
pub type Balance = u128;
pub type AssetKind = NativeOrWithId<u32>;
type Block = frame_system::mocking::MockBlock<Test>;

pub const UNIT: Balance = 1_000_000_000_000;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// Operators.
pub const OP1: AccountId = 11;
pub const OP2: AccountId = 12;
/// The oracle service's slasher and another service's.
pub const SLASHER: AccountId = 20;
pub const TREASURY: AccountId = 900;
pub const SLC: AssetKind = NativeOrWithId::Native;
/// Stands for vSLC: restakeable, worth 2 SLC.
pub const V: AssetKind = NativeOrWithId::WithId(1);
/// Not restakeable; a reward asset.
pub const USD: AssetKind = NativeOrWithId::WithId(2);
pub const ED: Balance = 1_000_000;
pub const WITHDRAWAL_DELAY: u64 = 20;
pub const ALLOCATION_DELAY: u64 = 5;
pub const DEALLOCATION_DELAY: u64 = WITHDRAWAL_DELAY;
/// Stake delegated in one 5-block epoch counts from the start of the epoch after next.
pub const STAKE_WARMUP: u64 = 5;
pub const REWARD_PERIOD: u64 = 10;
pub const MIN_SELF_BOND: Balance = 10 * UNIT;
pub const COMMISSION_DELAY: u64 = 10;
pub const VETO_WINDOW: u64 = 10;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Restaking: pallet_restaking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type AssetId = u32;
	type AssetIdParameter = u32;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

pub type NativeAndAssets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;

/// Each feeder's last value and the reference value, per key.
#[frame_support::storage_alias]
pub type Feeds = StorageMap<Mock, Twox64Concat, AccountId, Reading>;
#[frame_support::storage_alias]
pub type Reference = StorageValue<Mock, Reading>;

pub struct MockFeeds;
impl FeedCheck<AccountId> for MockFeeds {
	fn feed(feeder: &AccountId, _: &OracleKey) -> Result<(Reading, Reading), FeedIssue> {
		let own = Feeds::get(feeder).ok_or(FeedIssue::NoFeed)?;
		Ok((own, Reference::get().ok_or(FeedIssue::NoReference)?))
	}
}

pub struct Restakeable;
impl frame_support::traits::Contains<AssetKind> for Restakeable {
	fn contains(asset: &AssetKind) -> bool {
		asset == &SLC || asset == &V
	}
}

/// SLC at par, V at 2 SLC.
pub struct StakeValue;
impl sp_runtime::traits::Convert<(AssetKind, Balance), Balance> for StakeValue {
	fn convert((asset, amount): (AssetKind, Balance)) -> Balance {
		if asset == V {
			amount.saturating_mul(2)
		} else {
			amount
		}
	}
}

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"slc/rstk");
	pub const Treasury: AccountId = TREASURY;
	pub const OutlierBound: Perbill = Perbill::from_percent(5);
	pub const OutlierSlash: Perbill = Perbill::from_percent(10);
	pub const ReporterReward: Perbill = Perbill::from_percent(10);
}

impl pallet_restaking::Config for Test {
	type Assets = NativeAndAssets;
	type Restakeable = Restakeable;
	type StakeValue = StakeValue;
	type PalletId = RestakingPalletId;
	type ServiceOrigin = EnsureRoot<AccountId>;
	type VetoOrigin = crate::ResolverOr<Test, EnsureRoot<AccountId>>;
	type Treasury = Treasury;
	type WithdrawalDelay = ConstU64<WITHDRAWAL_DELAY>;
	type AllocationDelay = ConstU64<ALLOCATION_DELAY>;
	type DeallocationDelay = ConstU64<DEALLOCATION_DELAY>;
	type StakeWarmup = ConstU64<STAKE_WARMUP>;
	type RewardPeriod = ConstU64<REWARD_PERIOD>;
	type CommissionDelay = ConstU64<COMMISSION_DELAY>;
	type VetoWindow = ConstU64<VETO_WINDOW>;
	type MinSelfBond = ConstU128<MIN_SELF_BOND>;
	type MaxDelegations = ConstU32<4>;
	type MaxWithdrawals = ConstU32<4>;
	type MinAmount = ConstU128<{ UNIT / 100 }>;
	type FeedCheck = MockFeeds;
	type OracleService = ConstU32<0>;
	type OutlierBound = OutlierBound;
	type OutlierSlash = OutlierSlash;
	type ReporterReward = ReporterReward;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn restakeable() -> Vec<AssetKind> {
		vec![SLC, V]
	}

	fn reward_assets() -> Vec<AssetKind> {
		vec![SLC, V, USD, NativeOrWithId::WithId(3)]
	}

	fn outlier_feed(feeder: &AccountId, _: &OracleKey) {
		Reference::put(reading(1, 1));
		Feeds::insert(feeder, reading(2, 1));
	}
}

/// Every account has 1 000 000 SLC, V and USD; the pallet's account has the existential
/// deposit.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let accounts = [ALICE, BOB, CHARLIE, DAVE, OP1, OP2, SLASHER, TREASURY];
	let pallet = crate::Pallet::<Test>::account_id();
	pallet_balances::GenesisConfig::<Test> {
		balances: accounts.iter().map(|a| (*a, 1_000_000 * UNIT)).chain([(pallet, ED)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: (1..=3).map(|id| (id, 0, true, 1_000)).collect(),
		accounts: (1..=2)
			.flat_map(|id| accounts.iter().map(move |a| (id, *a, 1_000_000 * UNIT)))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and checks the pallet's invariants after it.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves the chain to block `n` (the pallet has no hooks).
pub fn run_to_block(n: u64) {
	if System::block_number() < n {
		System::set_block_number(n);
	}
}

/// A reading of `value` (in whole units) at `timestamp_ms`.
pub fn reading(value: u32, timestamp_ms: u64) -> Reading {
	Reading { value: FixedU128::from_u32(value), timestamp_ms }
}

pub fn balance(asset: AssetKind, who: AccountId) -> Balance {
	use frame_support::traits::fungibles::Inspect;
	NativeAndAssets::balance(asset, &who)
}
