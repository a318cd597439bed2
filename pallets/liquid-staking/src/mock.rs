//! A mock runtime: balances, assets, this pallet, and an in-memory staking ledger that really
//! moves the bonded SLC into a vault account, pays rewards into it and burns slashes from it.

use crate::{self as pallet_liquid_staking, PoolParams};
use core::cell::RefCell;
use frame_support::{
	derive_impl,
	pallet_prelude::ValueQuery,
	parameter_types,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		AsEnsureOriginWithArg, ConstU128, ConstU32, Hooks,
	},
	weights::Weight,
	PalletId, Twox64Concat,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sluice_primitives::staking::{Bonded, EraIndex, PoolStaking, ValidatorCandidate};
use sp_runtime::{
	traits::AccountIdConversion, BuildStorage, DispatchError, DispatchResult, Perbill,
};

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

/// One SLC.
pub const UNIT: Balance = 1_000_000_000_000;
/// SLC bonded (and vSLC locked) at genesis.
pub const INITIAL_BOND: Balance = 100 * UNIT;
/// Asset id of vSLC.
pub const VSLC: u32 = 1_000;
/// Receives the protocol fee.
pub const TREASURY: AccountId = 900;
/// Holds what the mock staking system has bonded.
pub const VAULT: AccountId = 999;
/// Eras of the mock bonding duration.
pub const BONDING_DURATION: EraIndex = 3;
/// Eras after which rewards can no longer be claimed.
pub const HISTORY_DEPTH: EraIndex = 6;
/// Smallest active bond.
pub const MIN_BOND: Balance = 10 * UNIT;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const EVE: AccountId = 5;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		LiquidStaking: pallet_liquid_staking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1_000_000>;
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

parameter_types! {
	pub const LiquidStakingPalletId: PalletId = PalletId(*b"slc/lstk");
	pub const Treasury: AccountId = TREASURY;
}

impl crate::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RequestDeposit = ConstU128<{ UNIT / 10 }>;
	type Assets = Assets;
	type Staking = MockStaking;
	type PalletId = LiquidStakingPalletId;
	type VslcAssetId = ConstU32<VSLC>;
	type Treasury = Treasury;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MinStake = ConstU128<UNIT>;
	type MaxWithdrawalRequests = ConstU32<4>;
	type MaxNominations = ConstU32<3>;
	type MaxCandidates = ConstU32<8>;
	type MaxQueueEras = ConstU32<8>;
	type MaxPayoutEras = ConstU32<8>;
	type HistoryDepth = ConstU32<4>;
	type ErasPerYear = ConstU32<365>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockStaking;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for MockStaking {
	fn prepare_payout(_pool: &AccountId) -> (AccountId, EraIndex) {
		Self::add_reward(12, 0, UNIT);
		(12, 0)
	}
	fn set_era(era: EraIndex) {
		set_era(era);
	}
	fn add_candidates(n: u32) {
		let list = (0..n).map(|i| (100 + i as AccountId, i % 10, false)).collect();
		Self::set_candidates(list);
	}
	fn expose(who: &AccountId, era: EraIndex, validator: &AccountId) {
		MockStaking::expose(*who, era, *validator);
	}
}

/// A staker's ledger in the mock staking system.
#[derive(Clone, Default, Debug, PartialEq, codec::Encode, codec::Decode)]
pub struct Ledger {
	pub active: Balance,
	pub unlocking: Vec<(EraIndex, Balance)>,
}

impl Ledger {
	fn total(&self) -> Balance {
		self.active + self.unlocking.iter().map(|(_, v)| v).sum::<Balance>()
	}
}

// The mock staking system keeps its books in storage, so that they are rolled back with the
// pallet's own storage (as the benchmarks do between runs).
#[frame_support::storage_alias]
type MockEra = StorageValue<MockStaking, EraIndex, ValueQuery>;
#[frame_support::storage_alias]
type MockLedgers = StorageMap<MockStaking, Twox64Concat, AccountId, Ledger, ValueQuery>;
#[frame_support::storage_alias]
type MockPayouts = StorageMap<MockStaking, Twox64Concat, (AccountId, EraIndex), Balance>;
#[frame_support::storage_alias]
type MockExposed = StorageMap<MockStaking, Twox64Concat, (EraIndex, AccountId, AccountId), ()>;
/// Deferred slashes of each staker: (era in which it applies, fraction of the bond).
#[frame_support::storage_alias]
type MockUnapplied =
	StorageMap<MockStaking, Twox64Concat, AccountId, Vec<(EraIndex, Perbill)>, ValueQuery>;

thread_local! {
	static NOMINATED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static CANDIDATES: RefCell<Vec<ValidatorCandidate<AccountId>>> = const { RefCell::new(Vec::new()) };
}

/// Most unlocking chunks a ledger may hold (pallet-staking's `MaxUnlockingChunks` in the
/// runtime).
const MAX_CHUNKS: usize = 32;

pub struct MockStaking;

impl MockStaking {
	pub fn ledger(who: AccountId) -> Ledger {
		MockLedgers::get(who)
	}
	/// Replaces `who`'s ledger (to model a staking system that is late or different).
	pub fn replace(who: AccountId, ledger: Ledger) {
		Self::put(who, ledger);
	}
	fn put(who: AccountId, ledger: Ledger) {
		MockLedgers::insert(who, ledger);
	}
	pub fn nominated() -> Vec<AccountId> {
		NOMINATED.with(|n| n.borrow().clone())
	}
	/// Validators that accept nominations: (account, commission %, blocked), none elected yet.
	pub fn set_candidates(candidates: Vec<(AccountId, u32, bool)>) {
		let list = candidates
			.into_iter()
			.map(|(who, percent, blocked)| ValidatorCandidate {
				who,
				commission: Perbill::from_percent(percent),
				blocked,
				era_points: 0,
				slashed: false,
				elected_commission: None,
			})
			.collect();
		Self::set_validators(list);
	}
	/// Validators with every field (points, slashing records, commission when elected).
	pub fn set_validators(list: Vec<ValidatorCandidate<AccountId>>) {
		CANDIDATES.with(|c| *c.borrow_mut() = list);
	}
	/// Chills the pool (as pallet-staking does, for example when its bond falls too low).
	pub fn chill() {
		NOMINATED.with(|n| n.borrow_mut().clear());
	}
	/// Records that `who` backed `validator` in `era`.
	pub fn expose(who: AccountId, era: EraIndex, validator: AccountId) {
		MockExposed::insert((era, validator, who), ());
	}
	/// Makes `amount` claimable by the pool from `validator` for `era`.
	pub fn add_reward(validator: AccountId, era: EraIndex, amount: Balance) {
		MockPayouts::insert((validator, era), amount);
	}
	/// Records a slash of `fraction` of `who`'s bond that applies when era `era` starts
	/// (`apply_deferred`), as pallet-staking defers slashes.
	pub fn defer_slash(who: AccountId, era: EraIndex, fraction: Perbill) {
		MockUnapplied::mutate(who, |slashes| slashes.push((era, fraction)));
	}
	/// Applies the deferred slashes due by era `era`; returns what they took.
	pub fn apply_deferred(era: EraIndex) -> Balance {
		let mut taken = 0;
		for (who, slashes) in MockUnapplied::iter().collect::<Vec<_>>() {
			let (due, later): (Vec<_>, Vec<_>) = slashes.into_iter().partition(|(e, _)| *e <= era);
			for (_, fraction) in due {
				taken += Self::slash(who, fraction);
			}
			MockUnapplied::insert(who, later);
		}
		taken
	}
	/// Slashes `fraction` of `who`'s active bond and of every unlocking chunk.
	pub fn slash(who: AccountId, fraction: Perbill) -> Balance {
		let mut ledger = Self::ledger(who);
		let mut slashed = fraction.mul_floor(ledger.active);
		ledger.active -= slashed;
		for (_, chunk) in ledger.unlocking.iter_mut() {
			let cut = fraction.mul_floor(*chunk);
			*chunk -= cut;
			slashed += cut;
		}
		Self::put(who, ledger);
		Balances::burn_from(
			&VAULT,
			slashed,
			Preservation::Expendable,
			frame_support::traits::tokens::Precision::Exact,
			frame_support::traits::tokens::Fortitude::Force,
		)
		.unwrap();
		slashed
	}
}

impl PoolStaking<AccountId, Balance> for MockStaking {
	fn current_era() -> EraIndex {
		MockEra::get()
	}
	/// As in the runtime when the pool processes a new era: the staking system has just planned
	/// it (the current era), the active era is still the one before, and the last completed era
	/// the one before that.
	fn last_completed_era() -> Option<EraIndex> {
		Self::current_era().checked_sub(2)
	}
	fn bonding_duration() -> EraIndex {
		BONDING_DURATION
	}
	fn minimum_bond() -> Balance {
		MIN_BOND
	}
	fn bonded(who: &AccountId) -> Bonded<Balance> {
		let ledger = Self::ledger(*who);
		Bonded { total: ledger.total(), active: ledger.active }
	}
	fn bond(who: &AccountId, value: Balance) -> DispatchResult {
		if Self::ledger(*who).total() > 0 {
			return Err(DispatchError::Other("AlreadyBonded"));
		}
		if value < MIN_BOND {
			return Err(DispatchError::Other("InsufficientBond"));
		}
		Balances::transfer(who, &VAULT, value, Preservation::Preserve)?;
		Self::put(*who, Ledger { active: value, unlocking: vec![] });
		Ok(())
	}
	fn bond_extra(who: &AccountId, value: Balance) -> DispatchResult {
		let mut ledger = Self::ledger(*who);
		if ledger.total() == 0 {
			return Err(DispatchError::Other("NotStash"));
		}
		Balances::transfer(who, &VAULT, value, Preservation::Preserve)?;
		ledger.active += value;
		Self::put(*who, ledger);
		Ok(())
	}
	fn unbond(who: &AccountId, value: Balance) -> DispatchResult {
		let mut ledger = Self::ledger(*who);
		let left = ledger.active.checked_sub(value).ok_or(DispatchError::Other("NoMoreChunks"))?;
		if left > 0 && left < MIN_BOND {
			return Err(DispatchError::Other("InsufficientBond"));
		}
		let era = Self::current_era() + BONDING_DURATION;
		if let Some((_, chunk)) = ledger.unlocking.iter_mut().find(|(e, _)| *e == era) {
			*chunk += value;
		} else if ledger.unlocking.len() < MAX_CHUNKS {
			ledger.unlocking.push((era, value));
		} else {
			return Err(DispatchError::Other("NoMoreChunks"));
		}
		ledger.active = left;
		Self::put(*who, ledger);
		Ok(())
	}
	fn unlocking(who: &AccountId) -> Vec<(EraIndex, Balance)> {
		Self::ledger(*who).unlocking
	}
	fn rebond(who: &AccountId, value: Balance) -> DispatchResult {
		// As pallet-staking: the chunks unlocking last are re-bonded first.
		let mut ledger = Self::ledger(*who);
		if ledger.unlocking.is_empty() {
			return Err(DispatchError::Other("NoUnlockChunk"));
		}
		let mut left = value;
		while left > 0 {
			let Some((era, chunk)) = ledger.unlocking.pop() else { break };
			let take = chunk.min(left);
			if chunk > take {
				ledger.unlocking.push((era, chunk - take));
			}
			ledger.active += take;
			left -= take;
		}
		Self::put(*who, ledger);
		Ok(())
	}
	fn pending_slash(who: &AccountId) -> Balance {
		let ledger = Self::ledger(*who);
		MockUnapplied::get(who).iter().map(|(_, fraction)| fraction.mul_floor(ledger.total())).sum()
	}
	fn withdraw_unbonded(who: &AccountId) -> DispatchResult {
		let mut ledger = Self::ledger(*who);
		let era = Self::current_era();
		let unlocked: Balance =
			ledger.unlocking.iter().filter(|(e, _)| *e <= era).map(|(_, v)| v).sum();
		ledger.unlocking.retain(|(e, _)| *e > era);
		Balances::transfer(&VAULT, who, unlocked, Preservation::Expendable)?;
		Self::put(*who, ledger);
		Ok(())
	}
	fn nominate(_who: &AccountId, targets: Vec<AccountId>) -> DispatchResult {
		NOMINATED.with(|n| *n.borrow_mut() = targets);
		Ok(())
	}
	fn candidates(
		after: Option<&AccountId>,
		max: u32,
	) -> (Vec<ValidatorCandidate<AccountId>>, bool) {
		CANDIDATES.with(|c| {
			let list = c.borrow();
			let start = after
				.and_then(|a| list.iter().position(|v| v.who == *a).map(|i| i + 1))
				.unwrap_or(0);
			let page: Vec<_> = list.iter().skip(start).take(max as usize).cloned().collect();
			let ended = start + page.len() >= list.len();
			(page, ended)
		})
	}
	fn is_nominating(_who: &AccountId) -> bool {
		NOMINATED.with(|n| !n.borrow().is_empty())
	}
	fn is_exposed(who: &AccountId, era: EraIndex, validator: &AccountId) -> bool {
		MockExposed::contains_key((era, *validator, *who))
	}
	fn history_depth() -> EraIndex {
		HISTORY_DEPTH
	}
	fn payout(_payer: &AccountId, validator: &AccountId, era: EraIndex) -> DispatchResult {
		let reward =
			MockPayouts::take((*validator, era)).ok_or(DispatchError::Other("AlreadyClaimed"))?;
		let pool = LiquidStaking::account_id();
		Balances::mint_into(&VAULT, reward)?;
		let mut ledger = Self::ledger(pool);
		ledger.active += reward;
		Self::put(pool, ledger);
		Ok(())
	}
	fn payout_weight() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
}

/// The pool account.
pub fn pool() -> AccountId {
	LiquidStakingPalletId::get().into_account_truncating()
}

pub struct ExtBuilder {
	params: PoolParams,
	candidates: Vec<(AccountId, u32, bool)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			params: PoolParams { max_rate_change: Perbill::from_percent(50), ..Default::default() },
			candidates: vec![(11, 5, false), (12, 3, false), (13, 20, false), (14, 1, true)],
		}
	}
}

impl ExtBuilder {
	pub fn params(mut self, f: impl FnOnce(&mut PoolParams)) -> Self {
		f(&mut self.params);
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		NOMINATED.with(|n| n.borrow_mut().clear());
		MockStaking::set_candidates(self.candidates);
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![
				(ALICE, 100_000 * UNIT),
				(BOB, 100_000 * UNIT),
				(CHARLIE, 100_000 * UNIT),
				(EVE, 1_000_000 * UNIT),
				(TREASURY, UNIT),
				(pool(), INITIAL_BOND + UNIT),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		crate::GenesisConfig::<Test> { initial_bond: INITIAL_BOND, _marker: Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			crate::Params::<Test>::put(self.params);
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			LiquidStaking::do_try_state().expect("invariants hold after the test");
		});
	}
}

/// Sets the staking era without running any hook.
pub fn set_era(era: EraIndex) {
	MockEra::put(era);
}

/// Moves to `era` and runs the next block's hooks.
pub fn start_era(era: EraIndex) {
	MockEra::put(era);
	next_block();
}

/// Moves to `era` and runs the next block's `on_initialize` only (a full block: no idle weight).
pub fn start_era_without_idle(era: EraIndex) {
	MockEra::put(era);
	next_block_without_idle();
}

/// Runs one full block: `on_initialize` and no `on_idle` weight.
pub fn next_block_without_idle() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	LiquidStaking::on_initialize(n);
	LiquidStaking::on_idle(n, Weight::zero());
}

/// Runs one block: `on_initialize` then `on_idle` with a full block of weight.
pub fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	LiquidStaking::on_initialize(n);
	LiquidStaking::on_idle(n, Weight::from_parts(u64::MAX, u64::MAX));
}

/// The pallet's events since the last call.
pub fn events() -> Vec<crate::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::LiquidStaking(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}

/// vSLC held by `who`.
pub fn vslc(who: AccountId) -> Balance {
	<Assets as frame_support::traits::fungibles::Inspect<AccountId>>::balance(VSLC, &who)
}

/// SLC held by `who`.
pub fn slc(who: AccountId) -> Balance {
	Balances::balance(&who)
}
