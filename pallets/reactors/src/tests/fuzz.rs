//! Fuzzing: random sequences of every call (LPs, LDs, votes, recounts, claims, CoRE rounds and
//! the admin calls) from three accounts, who also pass tAssets around. In between, blocks run
//! the hook (rollovers, spread over several blocks when `MaxSteps` is low, and CoRE endings),
//! oracle prices move or vanish, the venue earns fees, loses liquidity or breaks, the market's
//! skew changes and index holdings vote. `do_try_state` is checked after every call and every
//! block, and a failed call must leave the state root as it was. `FUZZ_CASES` sets the number
//! of sequences (64 by default, the suite's short run); a longer run:
//! `FUZZ_CASES=5000 cargo test --release -p pallet-reactors fuzz`.

use super::*;
use crate::pallet::{CoreCandidates, Venues};
use frame_support::{assert_ok, traits::fungibles::Mutate};
use proptest::prelude::*;
use sluice_primitives::venue::VenueKind;
use sluice_test_support::Coverage;
use sp_runtime::{DispatchResult, FixedU128, Perbill};

const USERS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
const A3: AssetKind = AssetKind::WithId(3);
const A4: AssetKind = AssetKind::WithId(4);
/// The mock's tokens, A3 and A4 created by the set-up with no reactor, and a token that does
/// not exist.
const ASSETS: [AssetKind; 6] = [SLC, A1, A2, A3, A4, AssetKind::WithId(9)];
/// Oracle prices of the first five (dollars).
const PRICES: [u32; 5] = [1, 2, 1, 1, 1];

#[derive(Clone, Debug)]
enum Op {
	CreateReactor(usize),
	SetPaused(u32, bool),
	AddVenue(u32, u32),
	PauseVenue(u32, bool),
	RemoveVenue(u32),
	PauseReactor(u32, bool),
	Deposit(usize, u32, u128),
	RequestWithdrawal(usize, u32, u128),
	Withdraw(usize, u32),
	Stake(usize, u32, u128),
	RequestUnstake(usize, u32, u128),
	Unstake(usize, u32),
	CancelWithdrawal(usize, u32),
	CancelUnstake(usize, u32),
	Release(usize, u32, u128),
	Earn(usize, u32),
	/// Allocations as (venue, its first reactor or its second, percent).
	Vote(usize, Vec<(u32, bool, u32)>),
	/// Caller, reactor, whose stake.
	Recount(usize, u32, usize),
	Claim(usize, u32),
	StartCore(u64, u32),
	Propose(usize, usize),
	/// Voter, candidate of the open round (A2, which is none, past the candidates), amount.
	CoreVote(usize, usize, u128),
	CoreUnlock(usize),
	SetVotingIndices(Vec<u32>),
	/// A tAsset transfer (`pallet-assets`): from, to, reactor, amount. Positions of tAssets
	/// moved away must have been released first (earning and requested tAssets are frozen).
	Give(usize, usize, u32, u128),
	/// Blocks run, each with the hook.
	Blocks(u64),
	/// Asset, percentage of its genesis price (0: no price).
	Price(usize, u32),
	/// The venue's pool earns fees on both sides.
	Fees(u32, u128, u128),
	/// The venue's pool loses a percentage of one side (the first or the second) and gains a
	/// percentage of the other.
	Loss(u32, bool, u32, u32),
	Broken(bool),
	/// How much worse than the oracle the market trades (percent).
	Skew(u32),
	/// SLC held through index fund 0.
	Holdings(usize, u128),
	/// Rollover steps per block.
	Steps(u32),
	/// Seconds since the oracle prices were fed (past 600 they are stale).
	Clock(u64),
}

/// Amounts up to about `max`: sometimes zero, below `MinAmount`, or beyond any balance.
fn amount(max: u128) -> impl Strategy<Value = u128> {
	prop_oneof![
		1 => Just(0u128),
		1 => 1u128..UNIT / 100,
		10 => UNIT / 100..max,
		1 => max..1_000_000_000 * UNIT,
		1 => any::<u128>(),
	]
}

/// Mostly the set-up's reactors; sometimes one created by the sequence, or none.
fn reactor() -> impl Strategy<Value = u32> {
	prop_oneof![6 => 0u32..3, 1 => 3u32..5]
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..USERS.len();
	let asset = 0..ASSETS.len();
	// Mostly the set-up's venues.
	let venue = prop_oneof![6 => 0u32..2, 1 => 2u32..5];
	prop_oneof![
		1 => asset.clone().prop_map(Op::CreateReactor),
		1 => (reactor(), any::<bool>()).prop_map(|(r, p)| Op::SetPaused(r, p)),
		1 => (0u32..5, 0u32..5).prop_map(|(a, b)| Op::AddVenue(a, b)),
		1 => (venue.clone(), prop_oneof![2 => Just(false), 1 => Just(true)])
			.prop_map(|(v, p)| Op::PauseVenue(v, p)),
		1 => venue.clone().prop_map(Op::RemoveVenue),
		1 => (reactor(), prop_oneof![2 => Just(false), 1 => Just(true)])
			.prop_map(|(r, p)| Op::PauseReactor(r, p)),
		4 => (who.clone(), reactor(), amount(2_000 * UNIT))
			.prop_map(|(w, r, a)| Op::Deposit(w, r, a)),
		3 => (who.clone(), reactor(), amount(300 * UNIT))
			.prop_map(|(w, r, a)| Op::RequestWithdrawal(w, r, a)),
		3 => (who.clone(), reactor()).prop_map(|(w, r)| Op::Withdraw(w, r)),
		3 => (who.clone(), reactor(), amount(200 * UNIT)).prop_map(|(w, r, a)| Op::Stake(w, r, a)),
		3 => (who.clone(), reactor(), amount(60 * UNIT))
			.prop_map(|(w, r, a)| Op::RequestUnstake(w, r, a)),
		3 => (who.clone(), reactor()).prop_map(|(w, r)| Op::Unstake(w, r)),
		1 => (who.clone(), reactor()).prop_map(|(w, r)| Op::CancelWithdrawal(w, r)),
		2 => (who.clone(), reactor()).prop_map(|(w, r)| Op::CancelUnstake(w, r)),
		1 => (who.clone(), reactor(), amount(500 * UNIT)).prop_map(|(w, r, a)| Op::Release(w, r, a)),
		1 => (who.clone(), reactor()).prop_map(|(w, r)| Op::Earn(w, r)),
		3 => (
			who.clone(),
			proptest::collection::vec((venue.clone(), any::<bool>(), 0u32..=100), 0..=3),
		)
			.prop_map(|(w, a)| Op::Vote(w, a)),
		2 => (who.clone(), reactor(), who.clone()).prop_map(|(c, r, w)| Op::Recount(c, r, w)),
		3 => (who.clone(), reactor()).prop_map(|(w, r)| Op::Claim(w, r)),
		1 => (prop_oneof![Just(0u64), 1u64..30], 0u32..=5)
			.prop_map(|(d, w)| Op::StartCore(d, w)),
		1 => (who.clone(), asset.clone()).prop_map(|(w, a)| Op::Propose(w, a)),
		2 => (who.clone(), 0..3usize, amount(500 * UNIT))
			.prop_map(|(w, c, x)| Op::CoreVote(w, c, x)),
		2 => who.clone().prop_map(Op::CoreUnlock),
		1 => proptest::collection::vec(0u32..3, 0..=3).prop_map(Op::SetVotingIndices),
		1 => (who.clone(), who.clone(), reactor(), amount(1_000 * UNIT))
			.prop_map(|(f, t, r, a)| Op::Give(f, t, r, a)),
		5 => prop_oneof![1u64..4, 4u64..25].prop_map(Op::Blocks),
		2 => (0..PRICES.len(), prop_oneof![1 => Just(0u32), 8 => 25u32..=400])
			.prop_map(|(a, p)| Op::Price(a, p)),
		1 => (venue.clone(), 0u128..100 * UNIT, 0u128..100 * UNIT)
			.prop_map(|(v, a, b)| Op::Fees(v, a, b)),
		2 => (venue, any::<bool>(), 1u32..=100, 0u32..=100)
			.prop_map(|(v, s, l, g)| Op::Loss(v, s, l, g)),
		1 => prop_oneof![3 => Just(false), 1 => Just(true)].prop_map(Op::Broken),
		1 => (0u32..=30).prop_map(Op::Skew),
		1 => (who, 0u128..1_000 * UNIT).prop_map(|(w, a)| Op::Holdings(w, a)),
		1 => prop_oneof![Just(16u32), 1u32..4].prop_map(Op::Steps),
		1 => prop_oneof![3 => 0u64..600, 1 => 600u64..1_200].prop_map(Op::Clock),
	]
}

/// The venue's pair and its pool, if it has one.
fn pool(venue: u32) -> Option<((AssetKind, AssetKind), (Balance, Balance))> {
	let v = Venues::<Test>::get(venue)?;
	let pair = (crate::Reactors::<Test>::get(v.a)?.asset, crate::Reactors::<Test>::get(v.b)?.asset);
	let reserves = Pools::get(&pair)?;
	Some((pair, reserves))
}

/// Runs `n` blocks, checking the invariants after each.
fn run_blocks(n: u64) -> Result<(), String> {
	for _ in 0..n {
		run_to_block(System::block_number() + 1);
		Reactors::do_try_state()
			.map_err(|e| format!("after block {}: {e:?}", System::block_number()))?;
	}
	Ok(())
}

/// Changes the mock's surroundings (`Ok(None)`), or dispatches a call (`Ok(Some(result))`).
fn dispatch(op: &Op) -> Result<Option<DispatchResult>, String> {
	let signed = RuntimeOrigin::signed;
	let root = RuntimeOrigin::root;
	let result = match op.clone() {
		Op::CreateReactor(a) => Reactors::create_reactor(root(), ASSETS[a].clone()),
		Op::SetPaused(r, p) => Reactors::set_deposits_paused(root(), r, p),
		Op::AddVenue(a, b) => Reactors::add_venue(root(), a, b, VenueKind::Dex),
		Op::PauseVenue(v, p) => Reactors::set_venue_paused(root(), v, p),
		Op::RemoveVenue(v) => Reactors::remove_venue(root(), v),
		Op::PauseReactor(r, p) => Reactors::set_reactor_paused(root(), r, p),
		Op::Deposit(w, r, a) => Reactors::deposit(signed(USERS[w]), r, a),
		Op::RequestWithdrawal(w, r, a) => Reactors::request_withdrawal(signed(USERS[w]), r, a),
		Op::Withdraw(w, r) => Reactors::withdraw(signed(USERS[w]), r),
		Op::Stake(w, r, a) => Reactors::stake(signed(USERS[w]), r, a),
		Op::RequestUnstake(w, r, a) => Reactors::request_unstake(signed(USERS[w]), r, a),
		Op::Unstake(w, r) => Reactors::unstake(signed(USERS[w]), r),
		Op::CancelWithdrawal(w, r) => Reactors::cancel_withdrawal(signed(USERS[w]), r),
		Op::CancelUnstake(w, r) => Reactors::cancel_unstake(signed(USERS[w]), r),
		Op::Release(w, r, a) => Reactors::release(signed(USERS[w]), r, a),
		Op::Earn(w, r) => Reactors::earn(signed(USERS[w]), r),
		Op::Vote(w, picks) => {
			let picks = picks.into_iter().map(|(venue, first, pct)| {
				let reactor = Venues::<Test>::get(venue)
					.map(|v| if first { v.a } else { v.b })
					.unwrap_or_default();
				(reactor, venue, Perbill::from_percent(pct))
			});
			Reactors::vote(signed(USERS[w]), allocations(picks.collect()))
		}
		Op::Recount(c, r, w) => Reactors::recount(signed(USERS[c]), r, USERS[w]),
		Op::Claim(w, r) => Reactors::claim(signed(USERS[w]), r),
		Op::StartCore(duration, winners) => Reactors::start_core(root(), duration, winners),
		Op::Propose(w, a) => Reactors::propose_reactor(signed(USERS[w]), ASSETS[a].clone()),
		Op::CoreVote(w, c, x) => {
			let candidate = CoreCandidates::<Test>::get().get(c).map(|c| c.asset.clone());
			Reactors::core_vote(signed(USERS[w]), candidate.unwrap_or(A2), x)
		}
		Op::CoreUnlock(w) => Reactors::core_unlock(signed(USERS[w])),
		Op::SetVotingIndices(indices) => {
			Reactors::set_voting_indices(root(), indices.try_into().expect("at most 4"))
		}
		Op::Give(from, to, r, a) => Assets::transfer(signed(USERS[from]), T_BASE + r, USERS[to], a),
		Op::Blocks(n) => {
			run_blocks(n)?;
			return Ok(None);
		}
		Op::Price(a, pct) => {
			if pct == 0 {
				Prices::remove(&ASSETS[a]);
			} else {
				let price = FixedU128::from_rational(u128::from(PRICES[a] * pct), 100);
				Prices::insert(&ASSETS[a], price);
			}
			return Ok(None);
		}
		Op::Fees(venue, a, b) => {
			if let Some((pair, _)) = pool(venue) {
				earn_fees(pair, (a, b));
			}
			return Ok(None);
		}
		Op::Loss(venue, first, loss, gain) => {
			if let Some((pair, (ra, rb))) = pool(venue) {
				let (lost, gained) = if first { (ra, rb) } else { (rb, ra) };
				let (loss, gain) = (lost / 100 * u128::from(loss), gained / 100 * u128::from(gain));
				if first {
					price_move(pair, loss, gain);
				} else {
					price_move_second(pair, loss, gain);
				}
			}
			return Ok(None);
		}
		Op::Broken(broken) => {
			VenueBroken::put(broken);
			return Ok(None);
		}
		Op::Skew(pct) => {
			MarketSkew::put(Perbill::from_percent(pct));
			return Ok(None);
		}
		Op::Holdings(w, amount) => {
			IndexHoldings::insert(USERS[w], amount);
			return Ok(None);
		}
		Op::Steps(n) => {
			MaxSteps::set(n);
			return Ok(None);
		}
		Op::Clock(secs) => {
			NowMs::put(secs * 1_000);
			return Ok(None);
		}
	};
	Ok(Some(result))
}

fn state_root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// Applies `op`: whether it succeeded (changes of the surroundings always do), or what it
/// broke (invariants after a block, or a failed call that changed the state).
fn apply(op: &Op) -> Result<bool, String> {
	let before = state_root();
	match dispatch(op)? {
		None | Some(Ok(())) => Ok(true),
		Some(Err(e)) if state_root() != before => Err(format!("{op:?} failed ({e:?}) but wrote")),
		Some(Err(_)) => Ok(false),
	}
}

/// Puts `MaxSteps` back to the mock's default when a sequence ends, even a failing one.
struct DefaultSteps;
impl Drop for DefaultSteps {
	fn drop(&mut self) {
		MaxSteps::set(16);
	}
}

/// Reactors 0 (SLC), 1 (A1) and 2 (A2), venues 0 (SLC / A1) and 1 (A1 / A2); A3 and A4 exist
/// with no reactor. Everyone deposits into every reactor and stakes on two, and directs its
/// power to the venues; Alice asks to withdraw and Bob to unstake, and the first rollover
/// deploys. Then a CoRE round opens (20 blocks, one winner) with A3 proposed and Bob voting
/// for it. So random sequences start from live positions instead of mostly failing.
fn setup() {
	MaxSteps::set(16);
	crate::mock::setup();
	assert_ok!(Reactors::create_reactor(RuntimeOrigin::root(), A2));
	assert_ok!(Reactors::add_venue(RuntimeOrigin::root(), 1, 2, VenueKind::Dex));
	for (id, asset) in [(3, A3), (4, A4)] {
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, ALICE, true, 1_000));
		for who in USERS {
			assert_ok!(NativeAndAssets::mint_into(asset.clone(), &who, 1_000_000 * UNIT));
		}
		Prices::insert(asset, FixedU128::from_u32(1));
	}
	let signed = RuntimeOrigin::signed;
	for (who, amounts) in
		[(ALICE, [3_000, 200, 300]), (BOB, [500, 1_000, 200]), (CHARLIE, [500, 300, 500])]
	{
		for (reactor, amount) in amounts.into_iter().enumerate() {
			assert_ok!(Reactors::deposit(signed(who), reactor as u32, amount * UNIT));
		}
	}
	for (who, first, second) in [(ALICE, 0, 1), (BOB, 1, 2), (CHARLIE, 2, 0)] {
		assert_ok!(Reactors::stake(signed(who), first, 100 * UNIT));
		assert_ok!(Reactors::stake(signed(who), second, 50 * UNIT));
	}
	let pct = Perbill::from_percent;
	for (who, allocs) in [
		(ALICE, vec![(0, 0, pct(100))]),
		(BOB, vec![(1, 0, pct(60)), (1, 1, pct(40))]),
		(CHARLIE, vec![(2, 1, pct(70)), (0, 0, pct(30))]),
	] {
		assert_ok!(Reactors::vote(signed(who), allocations(allocs)));
	}
	assert_ok!(Reactors::request_withdrawal(signed(ALICE), 0, 100 * UNIT));
	assert_ok!(Reactors::request_unstake(signed(BOB), 1, 20 * UNIT));
	roll_over();
	assert_ok!(Reactors::start_core(RuntimeOrigin::root(), 20, 1));
	assert_ok!(Reactors::propose_reactor(signed(ALICE), A3));
	assert_ok!(Reactors::core_vote(signed(BOB), A3, 10 * UNIT));
	Reactors::do_try_state().expect("the set-up keeps the books");
}

proptest! {
	#![proptest_config(sluice_test_support::config())]

	#[test]
	fn random_call_sequences_keep_the_books(ops in sluice_test_support::sequences(op())) {
		let _steps = DefaultSteps;
		new_test_ext().execute_with(|| {
			setup();
			for op in ops {
				apply(&op)?;
				Reactors::do_try_state().map_err(|e| format!("after {op:?}: {e:?}"))?;
			}
			Ok::<(), String>(())
		}).map_err(TestCaseError::fail)?;
	}
}

/// Whether `op` is a call (not a change of the surroundings).
fn is_call(op: &Op) -> bool {
	!matches!(
		op,
		Op::Blocks(_)
			| Op::Price(..)
			| Op::Fees(..)
			| Op::Loss(..)
			| Op::Broken(_)
			| Op::Skew(_)
			| Op::Holdings(..)
			| Op::Steps(_)
			| Op::Clock(_)
	)
}

/// The fuzzer is worth its runs only if its sequences get past the errors: every kind of call
/// (and change of the surroundings) succeeds somewhere in 200 sequences (a fixed seed), and at
/// least a quarter of the calls do.
#[test]
fn the_fuzzer_reaches_every_kind_of_successful_call() {
	let _steps = DefaultSteps;
	let mut coverage = Coverage::default();
	for ops in sluice_test_support::fixed_sequences(op(), 200) {
		new_test_ext().execute_with(|| {
			setup();
			for op in ops {
				let succeeded = apply(&op).expect("keeps the books");
				coverage.record(&op, is_call(&op), succeeded);
			}
		});
	}
	coverage.assert_reached(34, 4);
}
