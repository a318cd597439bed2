//! A mock runtime: balances, assets, this pallet, and the real oracle behind the real gate
//! (`pallet-oracle` with `pallet-oracle-feeds`' stake-weighted median and outlier reference).

use crate::{self as pallet_restaking};
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sluice_primitives::OracleKey;
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
pub const OP3: AccountId = 13;
/// The oracle service's slasher and another service's.
pub const SLASHER: AccountId = 20;
pub const TREASURY: AccountId = 900;
pub const SLC: AssetKind = NativeOrWithId::Native;
/// Stands for vSLC: restakeable, worth 2 SLC.
pub const V: AssetKind = NativeOrWithId::WithId(1);
/// Not restakeable; a reward asset.
pub const USD: AssetKind = NativeOrWithId::WithId(2);
/// Not restakeable; another reward asset.
pub const X: AssetKind = NativeOrWithId::WithId(3);
/// Restakeable, worth 3 SLC.
pub const W: AssetKind = NativeOrWithId::WithId(4);
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
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Restaking: pallet_restaking,
		Oracle: pallet_oracle,
		OracleFeeds: pallet_oracle_feeds,
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

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<0>;
	type WeightInfo = ();
}

/// A value counts for 10 minutes; a feed is judged against what was fed in the 12 s after it.
pub const VALUE_LIFETIME_MS: u64 = 600_000;
pub const OUTLIER_WINDOW_MS: u64 = 12_000;
/// The oracle's snapshot of the feeders is taken every 5 blocks.
pub const REFRESH: u64 = 5;

impl pallet_oracle::Config for Test {
	type OnNewData = ();
	type CombineData = pallet_oracle_feeds::adapters::StakeWeightedMedian<
		Test,
		ConstU64<VALUE_LIFETIME_MS>,
		OutlierBound,
	>;
	type Time = Timestamp;
	type OracleKey = OracleKey;
	type OracleValue = FixedU128;
	type PalletId = OraclePalletId;
	type Members = OracleFeeds;
	type WeightInfo = ();
	type MaxHasDispatchedSize = ConstU32<64>;
	type MaxFeedValues = ConstU32<8>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_oracle_feeds::Config for Test {
	type Feeders = Restaking;
	type Sink = pallet_oracle_feeds::adapters::OracleSink<Test>;
	type RegisterOrigin = EnsureRoot<AccountId>;
	type MaxFeeders = ConstU32<32>;
	type MaxFeeds = ConstU32<8>;
	type MaxFeedValues = ConstU32<8>;
	type FreeValues = ConstU32<4>;
	type FreeInterval = ConstU64<1>;
	type MaxFreePerBlock = ConstU32<64>;
	type RefreshInterval = ConstU64<REFRESH>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FeedsBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct FeedsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_oracle_feeds::benchmarking::BenchmarkHelper<AccountId> for FeedsBenchmarkHelper {
	fn keys(n: u32) -> Vec<OracleKey> {
		(0..n).map(|i| OracleKey::Price(NativeOrWithId::WithId(100 + i))).collect()
	}
	fn feeders(_: u32) -> Vec<AccountId> {
		Vec::new()
	}
	fn prefill(_: &[AccountId], _: &[OracleKey]) {}
}

pub struct Restakeable;
impl frame_support::traits::Contains<AssetKind> for Restakeable {
	fn contains(asset: &AssetKind) -> bool {
		asset == &SLC || asset == &V || asset == &W
	}
}

/// SLC at par, V at 2 SLC, W at 3.
pub struct StakeValue;
impl sp_runtime::traits::Convert<(AssetKind, Balance), Balance> for StakeValue {
	fn convert((asset, amount): (AssetKind, Balance)) -> Balance {
		match asset {
			a if a == V => amount.saturating_mul(2),
			a if a == W => amount.saturating_mul(3),
			_ => amount,
		}
	}
}

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"slc/rstk");
	pub const Treasury: AccountId = TREASURY;
	pub const OutlierBound: Perbill = Perbill::from_percent(5);
	pub const OutlierSlash: Perbill = Perbill::from_percent(10);
	pub const ReporterReward: Perbill = Perbill::from_percent(10);
	pub const OraclePalletId: PalletId = PalletId(*b"slc/orcl");
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
	type MaxDelegations = ConstU32<6>;
	type MaxWithdrawals = ConstU32<4>;
	type MinAmount = ConstU128<{ UNIT / 100 }>;
	type FeedCheck = pallet_oracle_feeds::adapters::FeedReference<
		Test,
		ConstU64<OUTLIER_WINDOW_MS>,
		OutlierBound,
	>;
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
		vec![SLC, V, W]
	}

	fn reward_assets() -> Vec<AssetKind> {
		vec![SLC, V, USD, NativeOrWithId::WithId(3)]
	}

	fn outlier_feed(feeder: &AccountId, key: &OracleKey) {
		// Another feeder holding most of the stake fed 1 when `feeder` fed 2.
		let other = 999_999;
		let now = pallet_timestamp::Now::<Test>::get();
		pallet_oracle_feeds::Feeders::<Test>::put(frame_support::BoundedVec::truncate_from(vec![
			(*feeder, 1),
			(other, 1_000_000),
		]));
		let value =
			|v| pallet_oracle::TimestampedValue { value: FixedU128::from_u32(v), timestamp: now };
		pallet_oracle::RawValues::<Test>::insert(feeder, key, value(2));
		pallet_oracle::RawValues::<Test>::insert(other, key, value(1));
	}
}

/// Every account has 1 000 000 SLC, V and USD; the pallet's account has the existential
/// deposit.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let accounts = [ALICE, BOB, CHARLIE, DAVE, OP1, OP2, OP3, SLASHER, TREASURY];
	let pallet = crate::Pallet::<Test>::account_id();
	pallet_balances::GenesisConfig::<Test> {
		balances: accounts.iter().map(|a| (*a, 1_000_000 * UNIT)).chain([(pallet, ED)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: (1..=4).map(|id| (id, 0, true, 1_000)).collect(),
		accounts: (1..=4)
			.flat_map(|id| accounts.iter().map(move |a| (id, *a, 1_000_000 * UNIT)))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_oracle_feeds::GenesisConfig::<Test> {
		feeds: vec![OracleKey::Price(SLC), OracleKey::Price(USD)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(1_000);
	});
	ext
}

/// Runs `test` and checks the pallet's invariants after it.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves the chain to block `n`, a second per block, with the oracle gate's hook (its feeder
/// snapshot) in every block on the way.
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		pallet_timestamp::Now::<Test>::put(next * 1_000);
		OracleFeeds::on_initialize(next);
	}
}

/// The next block in which the oracle gate takes a snapshot of the feeders.
pub fn next_snapshot() -> u64 {
	(System::block_number() / REFRESH + 1) * REFRESH
}

pub fn balance(asset: AssetKind, who: AccountId) -> Balance {
	use frame_support::traits::fungibles::Inspect;
	NativeAndAssets::balance(asset, &who)
}
