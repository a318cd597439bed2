//! A mock runtime: balances, assets, this pallet, an oracle, index holdings and a venue kept in
//! storage. The venue is a pool per pair that really holds the tokens in a vault account; tests
//! add fees to it or take a loss from it. The market trades at oracle prices, made worse by a
//! skew the tests set.

use crate::{self as pallet_reactors};
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, Hooks,
	},
	BoundedVec, PalletId, Twox64Concat,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sluice_primitives::{
	index::{IndexId, IndexVotes},
	oracle::{PriceProvider, Reading},
	venue::{Market, Venue, VenueKind},
	OracleKey,
};
use sp_runtime::{BuildStorage, DispatchError, FixedPointNumber, FixedU128, Perbill};

/// 16 bytes, so the pallet's sub-accounts (`modl` + pallet id + sub-id, truncated) differ.
pub type AccountId = u128;
pub type Balance = u128;
pub type AssetKind = NativeOrWithId<u32>;
type Block = frame_system::mocking::MockBlock<Test>;

pub const UNIT: Balance = 1_000_000_000_000;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const TREASURY: AccountId = 900;
/// Holds what the mock venue holds.
pub const VAULT: AccountId = 777;
pub const SLC: AssetKind = NativeOrWithId::Native;
pub const A1: AssetKind = NativeOrWithId::WithId(1);
pub const A2: AssetKind = NativeOrWithId::WithId(2);
pub const ED: Balance = 1_000_000;
pub const T_BASE: u32 = 3_000;
pub const CYCLE: u64 = 10;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Reactors: pallet_reactors,
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
	type Freezer = TAssetLocks;
	type Holder = ();
}

/// The tAssets' freezer, as the runtime's.
pub struct TAssetLocks;
impl pallet_assets::FrozenBalance<u32, AccountId, Balance> for TAssetLocks {
	fn frozen_balance(asset: u32, who: &AccountId) -> Option<Balance> {
		Reactors::frozen_t_assets(asset, who)
	}
	fn died(_: u32, _: &AccountId) {}
	fn contains_freezes(asset: u32) -> bool {
		asset >= T_BASE
	}
}

/// The time, in milliseconds (oracle prices are fed at 0).
#[frame_support::storage_alias]
pub type NowMs = StorageValue<Mock, u64>;

pub struct MockTime;
impl frame_support::traits::UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NowMs::get().unwrap_or(0))
	}
}

pub type NativeAndAssets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;

#[frame_support::storage_alias]
pub type Prices = StorageMap<Mock, Twox64Concat, AssetKind, FixedU128>;
#[frame_support::storage_alias]
pub type IndexHoldings = StorageMap<Mock, Twox64Concat, AccountId, Balance>;
/// The mock venue's pools: reserves of each pair (the only owner is the reactors' account).
#[frame_support::storage_alias]
pub type Pools = StorageMap<Mock, Twox64Concat, (AssetKind, AssetKind), (Balance, Balance)>;
#[frame_support::storage_alias]
pub type VenueBroken = StorageValue<Mock, bool>;
/// Whether the mock venue reports its pools' reserves as its price (most tests deploy at
/// ratios that are not the oracle's, so it reports the oracle's unless a test asks).
#[frame_support::storage_alias]
pub type SpotPrices = StorageValue<Mock, bool>;
/// How much worse than the oracle price the market trades.
#[frame_support::storage_alias]
pub type MarketSkew = StorageValue<Mock, Perbill>;
/// Constant-product pools (0.3 % fee), per pair: reserves, total shares and the shares the
/// reactors' account owns (the rest belong to an outside LP). While any exists, the venue and
/// the market are these pools instead of `Pools` and the oracle-priced market.
#[frame_support::storage_alias]
pub type CpPools =
	StorageMap<Mock, Twox64Concat, (AssetKind, AssetKind), (Balance, Balance, Balance, Balance)>;

/// The constant-product pool of `pair` in either order: its key and whether it is reversed.
pub fn cp_key(pair: (&AssetKind, &AssetKind)) -> Option<((AssetKind, AssetKind), bool)> {
	let forward = key(pair);
	if CpPools::contains_key(&forward) {
		return Some((forward, false));
	}
	let backward = (pair.1.clone(), pair.0.clone());
	CpPools::contains_key(&backward).then_some((backward, true))
}

fn cp_active() -> bool {
	CpPools::iter_keys().next().is_some()
}

/// Opens a constant-product pool of `pair` with `reserves` from `VAULT`, the outside LP.
pub fn open_cp_pool(pair: (AssetKind, AssetKind), reserves: (Balance, Balance)) {
	CpPools::insert(pair, (reserves.0, reserves.1, reserves.0, 0));
}

/// What `amount_in` of `pay` buys of `get` in `pair`'s pool (0.3 % fee), and the reserves
/// (pay, get).
fn cp_quote(
	pay: &AssetKind,
	get: &AssetKind,
	amount_in: Balance,
) -> Option<(Balance, (Balance, Balance))> {
	let (k, reversed) = cp_key((pay, get))?;
	let (ra, rb, _, _) = CpPools::get(&k)?;
	let (r_pay, r_get) = if reversed { (rb, ra) } else { (ra, rb) };
	let with_fee = amount_in.checked_mul(997)?;
	let out = r_get.checked_mul(with_fee)? / r_pay.checked_mul(1_000)?.checked_add(with_fee)?;
	Some((out, (r_pay, r_get)))
}

/// Swaps exactly `amount_in` of `pay` from `who` for `get` (to `to`) through its constant-product
/// pool; returns what it bought.
pub fn cp_swap(
	pay: &AssetKind,
	get: &AssetKind,
	who: &AccountId,
	to: &AccountId,
	amount_in: Balance,
) -> Result<Balance, DispatchError> {
	let (out, _) = cp_quote(pay, get, amount_in).ok_or(DispatchError::Other("no pool"))?;
	if out == 0 {
		return Err(DispatchError::Other("too little"));
	}
	cp_trade(pay, get, who, to, (amount_in, out))?;
	Ok(out)
}

/// Pays `amount_in` of `pay` into its pool and takes `out` of `get` (at most what the pool's
/// formula gives for it).
fn cp_trade(
	pay: &AssetKind,
	get: &AssetKind,
	who: &AccountId,
	to: &AccountId,
	(amount_in, out): (Balance, Balance),
) -> Result<(), DispatchError> {
	let (k, reversed) = cp_key((pay, get)).ok_or(DispatchError::Other("no pool"))?;
	NativeAndAssets::transfer(pay.clone(), who, &VAULT, amount_in, Preservation::Preserve)?;
	NativeAndAssets::transfer(get.clone(), &VAULT, to, out, Preservation::Expendable)?;
	CpPools::mutate(&k, |p| {
		if let Some((ra, rb, _, _)) = p.as_mut() {
			if reversed {
				*rb += amount_in;
				*ra -= out;
			} else {
				*ra += amount_in;
				*rb -= out;
			}
		}
	});
	Ok(())
}

pub struct MockOracle;
impl PriceProvider for MockOracle {
	fn reading(key: &OracleKey) -> Option<Reading> {
		match key {
			OracleKey::Price(asset) => {
				Prices::get(asset).map(|value| Reading { value, timestamp_ms: 0 })
			}
			_ => None,
		}
	}
}

pub struct TwelveDecimals;
impl sp_runtime::traits::Convert<AssetKind, u8> for TwelveDecimals {
	fn convert(_: AssetKind) -> u8 {
		12
	}
}

pub struct MockIndexVotes;
/// Index 0's tokens are worth one SLC each; `IndexHoldings` holds them.
impl IndexVotes<AccountId> for MockIndexVotes {
	fn tokens_of(index: IndexId, holder: &AccountId) -> Balance {
		if index == 0 {
			IndexHoldings::get(holder).unwrap_or(0)
		} else {
			0
		}
	}
	fn holdings_of(index: IndexId, tokens: Balance, token: &AssetKind) -> Balance {
		if index == 0 && token == &SLC {
			tokens
		} else {
			0
		}
	}
}

fn key(pair: (&AssetKind, &AssetKind)) -> (AssetKind, AssetKind) {
	(pair.0.clone(), pair.1.clone())
}

pub struct MockVenue;
impl Venue<AccountId> for MockVenue {
	fn deploy(
		_: VenueKind,
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
		amounts: (Balance, Balance),
	) -> Result<(Balance, Balance), DispatchError> {
		if VenueBroken::get().unwrap_or(false) {
			return Err(DispatchError::Other("venue broken"));
		}
		if cp_active() {
			// In the pool's ratio, rounded for the pool; shares for the smaller side.
			let (k, reversed) = cp_key(pair).ok_or(DispatchError::Other("no pool"))?;
			let (ra, rb, shares, owned) = CpPools::get(&k).unwrap_or_default();
			let (x, y) = if reversed { (amounts.1, amounts.0) } else { amounts };
			let a = x.min(y.saturating_mul(ra) / rb.max(1));
			let b = (a * rb).div_ceil(ra.max(1));
			let minted = a * shares / ra.max(1);
			if minted == 0 || b > y {
				return Ok((0, 0));
			}
			NativeAndAssets::transfer(k.0.clone(), owner, &VAULT, a, Preservation::Preserve)?;
			NativeAndAssets::transfer(k.1.clone(), owner, &VAULT, b, Preservation::Preserve)?;
			CpPools::insert(&k, (ra + a, rb + b, shares + minted, owned + minted));
			return Ok(if reversed { (b, a) } else { (a, b) });
		}
		let (ra, rb) = Pools::get(key(pair)).unwrap_or((0, 0));
		// Into a non-empty pool only in its ratio.
		let used = if ra == 0 || rb == 0 {
			amounts
		} else {
			let a = amounts.0.min(amounts.1 * ra / rb);
			(a, a * rb / ra)
		};
		NativeAndAssets::transfer(pair.0.clone(), owner, &VAULT, used.0, Preservation::Preserve)?;
		NativeAndAssets::transfer(pair.1.clone(), owner, &VAULT, used.1, Preservation::Preserve)?;
		Pools::insert(key(pair), (ra + used.0, rb + used.1));
		Ok(used)
	}

	fn recall(
		_: VenueKind,
		pair: (&AssetKind, &AssetKind),
		owner: &AccountId,
	) -> Result<(Balance, Balance), DispatchError> {
		if VenueBroken::get().unwrap_or(false) {
			return Err(DispatchError::Other("venue broken"));
		}
		if cp_active() {
			let (k, reversed) = cp_key(pair).ok_or(DispatchError::Other("no pool"))?;
			let (ra, rb, shares, owned) = CpPools::get(&k).unwrap_or_default();
			let (a, b) = (ra * owned / shares.max(1), rb * owned / shares.max(1));
			NativeAndAssets::transfer(k.0.clone(), &VAULT, owner, a, Preservation::Expendable)?;
			NativeAndAssets::transfer(k.1.clone(), &VAULT, owner, b, Preservation::Expendable)?;
			CpPools::insert(&k, (ra - a, rb - b, shares - owned, 0));
			return Ok(if reversed { (b, a) } else { (a, b) });
		}
		let (ra, rb) = Pools::take(key(pair)).unwrap_or((0, 0));
		NativeAndAssets::transfer(pair.0.clone(), &VAULT, owner, ra, Preservation::Expendable)?;
		NativeAndAssets::transfer(pair.1.clone(), &VAULT, owner, rb, Preservation::Expendable)?;
		Ok((ra, rb))
	}

	/// DEX pools only.
	fn supports(kind: VenueKind, pair: (&AssetKind, &AssetKind)) -> bool {
		kind == VenueKind::Dex && pair.0 != pair.1
	}

	/// The pool's reserves once a test turns them on (`SpotPrices`); before, the oracle's price
	/// (most tests deploy at ratios that are not the oracle's), if it has one.
	fn spot(_: VenueKind, pair: (&AssetKind, &AssetKind)) -> Option<(Balance, Balance)> {
		if cp_active() {
			let (k, reversed) = cp_key(pair)?;
			let (ra, rb, _, _) = CpPools::get(&k)?;
			return Some(if reversed { (rb, ra) } else { (ra, rb) });
		}
		if SpotPrices::get().unwrap_or(false) {
			return Pools::get(key(pair));
		}
		let (a, b) = (Prices::get(pair.0)?, Prices::get(pair.1)?);
		Some((b.saturating_mul_int(UNIT), a.saturating_mul_int(UNIT)))
	}
}

/// Trades at the oracle price less `MarketSkew`: takes what is paid into the vault and mints
/// what is bought.
pub struct MockMarket;
impl MockMarket {
	/// What `amount` of `pay` fetches of `get`.
	fn quote(pay: &AssetKind, get: &AssetKind, amount: Balance) -> Result<Balance, DispatchError> {
		let price = |a: &AssetKind| Prices::get(a).ok_or(DispatchError::Other("unpriced"));
		let fair = (price(pay)? / price(get)?).saturating_mul_int(amount);
		Ok(fair.saturating_sub(MarketSkew::get().unwrap_or_default().mul_ceil(fair)))
	}

	fn trade(
		pay: &AssetKind,
		get: &AssetKind,
		who: &AccountId,
		to: &AccountId,
		amounts: (Balance, Balance),
	) -> Result<(), DispatchError> {
		NativeAndAssets::transfer(pay.clone(), who, &VAULT, amounts.0, Preservation::Preserve)?;
		NativeAndAssets::mint_into(get.clone(), to, amounts.1)?;
		Ok(())
	}
}
impl Market<AccountId> for MockMarket {
	fn buy(
		pay: &AssetKind,
		get: &AssetKind,
		who: &AccountId,
		to: &AccountId,
		amount_out: Balance,
		max_in: Balance,
	) -> Result<Balance, DispatchError> {
		if cp_active() {
			let (_, (r_pay, r_get)) =
				cp_quote(pay, get, 0).ok_or(DispatchError::Other("no pool"))?;
			if amount_out >= r_get {
				return Err(DispatchError::Other("too costly"));
			}
			let amount_in = (r_pay * amount_out * 1_000).div_ceil((r_get - amount_out) * 997);
			if amount_in > max_in {
				return Err(DispatchError::Other("too costly"));
			}
			let (most, _) = cp_quote(pay, get, amount_in).ok_or(DispatchError::Other("no pool"))?;
			if most < amount_out {
				return Err(DispatchError::Other("rounding"));
			}
			cp_trade(pay, get, who, to, (amount_in, amount_out))?;
			return Ok(amount_in);
		}
		// The least `amount_in` whose quote reaches `amount_out`, by bisection.
		let (mut low, mut high) = (0, max_in);
		if Self::quote(pay, get, high)? < amount_out {
			return Err(DispatchError::Other("too costly"));
		}
		while low < high {
			let mid = low + (high - low) / 2;
			if Self::quote(pay, get, mid)? >= amount_out {
				high = mid;
			} else {
				low = mid + 1;
			}
		}
		Self::trade(pay, get, who, to, (high, amount_out))?;
		Ok(high)
	}

	fn sell(
		pay: &AssetKind,
		get: &AssetKind,
		who: &AccountId,
		to: &AccountId,
		amount_in: Balance,
		min_out: Balance,
	) -> Result<Balance, DispatchError> {
		if cp_active() {
			let (out, _) = cp_quote(pay, get, amount_in).ok_or(DispatchError::Other("no pool"))?;
			if out < min_out {
				return Err(DispatchError::Other("too little"));
			}
			return cp_swap(pay, get, who, to, amount_in);
		}
		let out = Self::quote(pay, get, amount_in)?;
		if out < min_out {
			return Err(DispatchError::Other("too little"));
		}
		Self::trade(pay, get, who, to, (amount_in, out))?;
		Ok(out)
	}
}

/// The pool of `pair` earns `fees` (minted into the vault).
pub fn earn_fees(pair: (AssetKind, AssetKind), fees: (Balance, Balance)) {
	let (ra, rb) = Pools::get(&pair).expect("the pool has liquidity");
	NativeAndAssets::mint_into(pair.0.clone(), &VAULT, fees.0).expect("mints");
	NativeAndAssets::mint_into(pair.1.clone(), &VAULT, fees.1).expect("mints");
	Pools::insert(&pair, (ra + fees.0, rb + fees.1));
}

/// The pool of `pair` loses `loss` of its first asset and gains `gain` of its second (a price
/// move: impermanent loss on one side).
pub fn price_move(pair: (AssetKind, AssetKind), loss: Balance, gain: Balance) {
	let (ra, rb) = Pools::get(&pair).expect("the pool has liquidity");
	NativeAndAssets::transfer(pair.0.clone(), &VAULT, &DAVE, loss, Preservation::Preserve)
		.expect("moves");
	NativeAndAssets::transfer(pair.1.clone(), &DAVE, &VAULT, gain, Preservation::Preserve)
		.expect("moves");
	Pools::insert(&pair, (ra - loss, rb + gain));
}

/// The pool of `pair` loses `loss` of its second asset and gains `gain` of its first.
pub fn price_move_second(pair: (AssetKind, AssetKind), loss: Balance, gain: Balance) {
	let (ra, rb) = Pools::get(&pair).expect("the pool has liquidity");
	NativeAndAssets::transfer(pair.1.clone(), &VAULT, &DAVE, loss, Preservation::Preserve)
		.expect("moves");
	NativeAndAssets::transfer(pair.0.clone(), &DAVE, &VAULT, gain, Preservation::Preserve)
		.expect("moves");
	Pools::insert(&pair, (ra + gain, rb - loss));
}

parameter_types! {
	pub const ReactorsPalletId: PalletId = PalletId(*b"slc/rctr");
	pub const ReserveShare: Perbill = Perbill::from_percent(10);
	pub const MaxStakeCover: Perbill = Perbill::from_percent(50);
	pub const CoverSlippage: Perbill = Perbill::from_percent(2);
	pub const MaxPoolDeviation: Perbill = Perbill::from_percent(2);
	pub const CoreMinSupport: Perbill = Perbill::from_percent(1);
	pub static MaxSteps: u32 = 16;
}

impl pallet_reactors::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Assets = NativeAndAssets;
	type TAssets = Assets;
	type TokenNames = ();
	type Venue = MockVenue;
	type Market = MockMarket;
	type Oracle = MockOracle;
	type Time = MockTime;
	type MaxOracleAge = ConstU64<600>;
	type Decimals = TwelveDecimals;
	type IndexVotes = MockIndexVotes;
	type PalletId = ReactorsPalletId;
	type AdminOrigin = EnsureRoot<AccountId>;
	type CycleLength = ConstU64<CYCLE>;
	type CyclesPerYear = ConstU32<1_000>;
	type EmissionPerCycle = ConstU128<{ 1_000 * UNIT }>;
	type ReserveShare = ReserveShare;
	type MaxStakeCover = MaxStakeCover;
	type CoverSlippage = CoverSlippage;
	type MaxPoolDeviation = MaxPoolDeviation;
	type MaxFailedRecalls = ConstU32<3>;
	type DeploymentCap = ConstU32<100>;
	type MaxCoreCandidates = ConstU32<4>;
	type CoreStakeMultiplier = ConstU32<3>;
	type CoreProposalDeposit = ConstU128<{ 10 * UNIT }>;
	type CoreMinSupport = CoreMinSupport;
	type TAssetIdBase = ConstU32<T_BASE>;
	type MaxReactors = ConstU32<4>;
	type MaxVenues = ConstU32<4>;
	type MaxAllocations = ConstU32<4>;
	type MaxStepsPerBlock = MaxSteps;
	type MinAmount = ConstU128<{ UNIT / 100 }>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper for BenchmarkHelper {
	fn venue_asset(i: u32) -> AssetKind {
		use frame_support::traits::fungibles::Create;
		let id = 100 + i;
		let _ = <Assets as Create<AccountId>>::create(id, 0, true, 1_000);
		Prices::insert(SLC, FixedU128::from_u32(1));
		Prices::insert(NativeOrWithId::WithId(id), FixedU128::from_u32(1));
		NativeOrWithId::WithId(id)
	}

	fn move_price(asset: AssetKind) {
		let pair = (SLC, asset.clone());
		let (ra, rb) = Pools::get(&pair).unwrap_or_default();
		let loss = rb / 10;
		let _ = NativeAndAssets::transfer(asset, &VAULT, &DAVE, loss, Preservation::Expendable);
		let _ = NativeAndAssets::transfer(SLC, &DAVE, &VAULT, loss, Preservation::Preserve);
		Pools::insert(&pair, (ra + loss, rb - loss));
	}
}

/// Every account has 1 000 000 SLC, A1 and A2; assets 1 and 2 exist; SLC $1, A1 $2, A2 $1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let accounts = [ALICE, BOB, CHARLIE, DAVE, TREASURY, VAULT];
	pallet_balances::GenesisConfig::<Test> {
		balances: accounts.iter().map(|a| (*a, 1_000_000 * UNIT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: (1..=2).map(|id| (id, 0, true, 1_000)).collect(),
		accounts: (1..=2)
			.flat_map(|id| accounts.iter().map(move |a| (id, *a, 1_000_000 * UNIT)))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_reactors::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Prices::insert(SLC, FixedU128::from_u32(1));
		Prices::insert(A1, FixedU128::from_u32(2));
		Prices::insert(A2, FixedU128::from_u32(1));
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

/// Runs blocks (with the pallet's hook) up to and including `n`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Reactors::on_initialize(next);
	}
}

/// Runs to the end of the next rollover (blocks until the phase is idle again).
pub fn roll_over() {
	let next = (System::block_number() / CYCLE + 1) * CYCLE;
	run_to_block(next);
	while crate::RolloverPhase::<Test>::get() != crate::Phase::Idle {
		run_to_block(System::block_number() + 1);
	}
}

/// Reactors 0 (SLC) and 1 (A1), venue 0 pairing them.
pub fn setup() {
	frame_support::assert_ok!(Reactors::create_reactor(RuntimeOrigin::root(), SLC));
	frame_support::assert_ok!(Reactors::create_reactor(RuntimeOrigin::root(), A1));
	frame_support::assert_ok!(Reactors::add_venue(RuntimeOrigin::root(), 0, 1, VenueKind::Dex));
}

pub fn balance(asset: AssetKind, who: AccountId) -> Balance {
	NativeAndAssets::balance(asset, &who)
}

pub fn t_balance(reactor: u32, who: AccountId) -> Balance {
	Assets::balance(T_BASE + reactor, who)
}

pub fn allocations(v: Vec<(u32, u32, Perbill)>) -> BoundedVec<(u32, u32, Perbill), ConstU32<4>> {
	v.try_into().expect("at most 4")
}
