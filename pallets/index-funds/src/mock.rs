//! A mock runtime: balances, assets, this pallet, an oracle and a clock kept in storage.

use crate::{self as pallet_index_funds, Fees, Strategy};
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, UnixTime,
	},
	BoundedVec, PalletId, Twox64Concat,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sluice_primitives::{
	oracle::{PriceProvider, Reading},
	OracleKey,
};
use sp_runtime::{BuildStorage, FixedU128, Perbill};

/// Sixteen bytes: every fund's sub-account of the pallet id (`modl`, 8 bytes of id, the
/// fund's 4) is distinct.
pub type AccountId = u128;
pub type Balance = u128;
pub type AssetKind = NativeOrWithId<u32>;
type Block = frame_system::mocking::MockBlock<Test>;

/// One token (every token has 12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const MANAGER: AccountId = 10;
/// Has no SLC at all.
pub const NOBODY: AccountId = 99;
pub const SLC: AssetKind = NativeOrWithId::Native;
pub const A1: AssetKind = NativeOrWithId::WithId(1);
pub const A2: AssetKind = NativeOrWithId::WithId(2);
pub const A3: AssetKind = NativeOrWithId::WithId(3);
/// Minimum balance of the test assets.
pub const ASSET_MIN: Balance = 1_000;
/// Existential deposit of SLC.
pub const ED: Balance = 1_000_000;
/// Index token of fund 0.
pub const TOKEN_BASE: u32 = 5_000;
pub const DEPOSIT: Balance = 10 * UNIT;
pub const INITIAL_SUPPLY: Balance = 100 * UNIT;
pub const LOCKED: Balance = 1_000_000;
/// Seconds before a fee change applies.
pub const FEE_TIMELOCK: u64 = 86_400;
/// Seconds before a strategy change applies.
pub const STRATEGY_TIMELOCK: u64 = 7_200;
/// Start of the mock clock (seconds).
pub const START: u64 = 1_700_000_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		IndexFunds: pallet_index_funds,
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
	type RuntimeHoldReason = RuntimeHoldReason;
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

/// Oracle values and the clock, in storage so the benchmarks' test runs see them too.
#[frame_support::storage_alias]
pub type OracleValues = StorageMap<Mock, Twox64Concat, OracleKey, Reading>;
#[frame_support::storage_alias]
pub type Now = StorageValue<Mock, u64>;

pub struct MockOracle;
impl PriceProvider for MockOracle {
	fn reading(key: &OracleKey) -> Option<Reading> {
		OracleValues::get(key)
	}
}

pub struct TwelveDecimals;
impl sp_runtime::traits::Convert<AssetKind, Option<u8>> for TwelveDecimals {
	fn convert(_: AssetKind) -> Option<u8> {
		Some(12)
	}
}

pub struct MockTime;
impl UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(Now::get().unwrap_or(START))
	}
}

/// Feeds `value` (a decimal number of dollars or tokens) for `key`, stamped now.
pub fn feed(key: OracleKey, value: FixedU128) {
	let timestamp_ms = Now::get().unwrap_or(START) * 1_000;
	OracleValues::insert(key, Reading { value, timestamp_ms });
}

/// Feeds a price in cents.
pub fn feed_price(asset: AssetKind, cents: u128) {
	feed(OracleKey::Price(asset), FixedU128::from_rational(cents, 100));
}

/// Moves the clock and the block number forward.
pub fn advance(seconds: u64) {
	Now::put(Now::get().unwrap_or(START) + seconds);
	next_block();
}

/// Starts the next block at the same time (the clock has whole seconds; blocks are faster).
pub fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	<IndexFunds as Hooks<u64>>::on_initialize(n);
}

parameter_types! {
	pub const IndexFundsPalletId: PalletId = PalletId(*b"slc/indx");
	pub const MinWeight: Perbill = Perbill::from_percent(2);
	pub const MaxWeight: Perbill = Perbill::from_percent(75);
	/// 0.01 % per second: a 10 % move takes 1 000 s.
	pub const MaxWeightChangePerSecond: Perbill = Perbill::from_parts(100_000);
	pub const MaxPriceJump: Perbill = Perbill::from_percent(10);
	pub const MaxSwapFee: Perbill = Perbill::from_percent(10);
	pub const MaxJoinExitFee: Perbill = Perbill::from_percent(5);
	/// A trade may pay out at most 2 % more than it takes in, at oracle prices.
	pub const MaxOracleDeviation: Perbill = Perbill::from_percent(2);
	/// A fee moves at most one percentage point per change.
	pub const MaxFeeStep: Perbill = Perbill::from_percent(1);
	/// An account that pays no join or exit fee (as the runtime's reactors account).
	pub const FeeExemptAccount: AccountId = 99;
}

/// [`FeeExemptAccount`] pays no join or exit fee.
pub struct FeeExempt;
impl frame_support::traits::Contains<AccountId> for FeeExempt {
	fn contains(who: &AccountId) -> bool {
		*who == FeeExemptAccount::get()
	}
}

impl pallet_index_funds::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;
	type IndexTokens = Assets;
	type Oracle = MockOracle;
	/// Every test token has 12 decimals.
	type Decimals = TwelveDecimals;
	type Time = MockTime;
	type PalletId = IndexFundsPalletId;
	type AdminOrigin = EnsureRoot<AccountId>;
	type CreateOrigin = EnsureSigned<AccountId>;
	type IndexDeposit = ConstU128<DEPOSIT>;
	type StringLimit = ConstU32<16>;
	type MaxDestroyItems = ConstU32<4>;
	type IndexTokenIdBase = ConstU32<TOKEN_BASE>;
	type MaxIndices = ConstU32<4>;
	type MaxConstituents = ConstU32<16>;
	type MinWeight = MinWeight;
	type MaxWeight = MaxWeight;
	type MaxWeightChangePerSecond = MaxWeightChangePerSecond;
	type WeightUpdateDuration = ConstU64<600>;
	type PokeInterval = ConstU64<3_600>;
	type MaxOracleAge = ConstU64<600>;
	type MaxPriceJump = MaxPriceJump;
	type MaxOracleDeviation = MaxOracleDeviation;
	type MaxSwapFee = MaxSwapFee;
	type MaxFeeStep = MaxFeeStep;
	/// Fee changes wait a day, strategy changes two hours.
	type FeeTimelock = ConstU64<FEE_TIMELOCK>;
	type StrategyTimelock = ConstU64<STRATEGY_TIMELOCK>;
	type MaxJoinExitFee = MaxJoinExitFee;
	type FeeExempt = FeeExempt;
	type InitialSupply = ConstU128<INITIAL_SUPPLY>;
	type LockedSupply = ConstU128<LOCKED>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn create_asset(id: u32) -> AssetKind {
		use frame_support::traits::fungibles::Create;
		let _ = <Assets as Create<AccountId>>::create(id, 0, true, ASSET_MIN);
		NativeOrWithId::WithId(id)
	}
	fn set_price(asset: AssetKind, price: FixedU128) {
		feed(OracleKey::Price(asset.clone()), price);
		feed(OracleKey::Supply(asset.clone()), FixedU128::from_u32(1_000_000));
		feed(OracleKey::Tvl(asset), FixedU128::from_u32(1_000_000));
	}
	fn advance(seconds: u64) {
		advance(seconds)
	}
	fn freeze(asset: AssetKind, who: &AccountId) {
		freeze(asset, *who)
	}
	fn thaw(asset: AssetKind, who: &AccountId) {
		if let NativeOrWithId::WithId(id) = asset {
			frame_support::assert_ok!(Assets::thaw(RuntimeOrigin::signed(0), id, *who));
		}
	}
}

/// Freezes `who`'s account in a test asset, as the asset's issuer (account 0) can.
pub fn freeze(asset: AssetKind, who: AccountId) {
	if let NativeOrWithId::WithId(id) = asset {
		frame_support::assert_ok!(Assets::freeze(RuntimeOrigin::signed(0), id, who));
	}
}

/// Every account has 1 000 000 SLC and of each test asset; assets 1..=3 exist.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let accounts = [ALICE, BOB, CHARLIE, MANAGER];
	pallet_balances::GenesisConfig::<Test> {
		balances: accounts.iter().map(|a| (*a, 1_000_000 * UNIT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: (1..=3).map(|id| (id, 0, true, ASSET_MIN)).collect(),
		accounts: (1..=3)
			.flat_map(|id| accounts.iter().map(move |a| (id, *a, 1_000_000 * UNIT)))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::put(START);
		// SLC $2, A1 $1, A2 $4, A3 $0.50; supplies 1 M each; TVLs 1 M dollars each.
		for (asset, cents) in [(SLC, 200), (A1, 100), (A2, 400), (A3, 50)] {
			feed_price(asset.clone(), cents);
			feed(OracleKey::Supply(asset.clone()), FixedU128::from_u32(1_000_000));
			feed(OracleKey::Tvl(asset), FixedU128::from_u32(1_000_000));
		}
	});
	ext
}

/// Runs `test` in a fresh externality and checks the pallet's invariants after it.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}

pub fn bounded<V: core::fmt::Debug>(v: Vec<V>) -> BoundedVec<V, ConstU32<16>> {
	v.try_into().expect("at most 16")
}

/// Default fees of the test funds: swap 0.3 %, join 0.1 %, exit 0.2 %.
pub fn fees() -> Fees {
	Fees {
		swap: Perbill::from_rational(3u32, 1_000),
		join: Perbill::from_rational(1u32, 1_000),
		exit: Perbill::from_rational(2u32, 1_000),
	}
}

/// The test fund: SLC / A1 / A2 at 40 / 30 / 30 %, worth $400 / $300 / $300 at the fed prices
/// (200 SLC, 300 A1, 75 A2), created by Alice with `strategy`, managed by `MANAGER`.
pub fn create_fund(strategy: Strategy) -> u32 {
	let id = crate::NextIndexId::<Test>::get();
	frame_support::assert_ok!(IndexFunds::create_index(
		RuntimeOrigin::signed(ALICE),
		bounded(vec![SLC, A1, A2]),
		bounded(vec![
			Perbill::from_percent(40),
			Perbill::from_percent(30),
			Perbill::from_percent(30)
		]),
		bounded(vec![200 * UNIT, 300 * UNIT, 75 * UNIT]),
		strategy,
		fees(),
		MANAGER,
		name(b"Test index"),
		name(b"TIX"),
	));
	id
}

/// An index token's name or symbol.
pub fn name(text: &[u8]) -> BoundedVec<u8, ConstU32<16>> {
	text.to_vec().try_into().expect("at most 16 bytes")
}

/// Balance of `asset` held by `who`.
pub fn balance(asset: AssetKind, who: AccountId) -> Balance {
	use frame_support::traits::fungibles::Inspect;
	<Test as crate::Config>::Assets::balance(asset, &who)
}

/// Index tokens of fund `index` held by `who`.
pub fn index_tokens(index: u32, who: AccountId) -> Balance {
	crate::Indices::<Test>::get(index).map_or(0, |info| Assets::balance(info.token, who))
}

/// Balance of index token `token` held by `who`.
pub fn index_tokens_of(token: u32, who: AccountId) -> Balance {
	Assets::balance(token, who)
}
