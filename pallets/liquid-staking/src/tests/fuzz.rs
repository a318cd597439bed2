//! Fuzzing: random sequences of calls from several accounts, with rewards, slashes (at once and
//! deferred), tips, bids, blocks and new eras in between, and `do_try_state` checked after every
//! call and every block. A call that fails must change nothing: the storage root is compared
//! before and after it.
//!
//! The economic property: a just-in-time account stakes at random moments and exits (instant
//! unstake of what it staked) before the era ends, whatever income, stakes and exits of others,
//! or announced slashes came in between. It must never end with more SLC than it put in.
//! `FUZZ_CASES` sets the number of sequences (64 by default, the suite's short run); a longer
//! run: `FUZZ_CASES=40000 cargo test --release -p pallet-liquid-staking fuzz`.

use super::*;
use crate::{PoolParams, RequestId, Withdrawals};
use proptest::prelude::*;
use sluice_primitives::staking::{EraIndex, PoolStaking};
use sluice_test_support::Coverage;
use sp_runtime::{DispatchResult, Perbill, Permill};

const STAKERS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
/// The mock's validator candidates (14 is blocked, 13 above the commission cap).
const VALIDATORS: [AccountId; 4] = [11, 12, 13, 14];

/// An amount: absolute, or a percentage of what the account holds (above 100 % fails).
#[derive(Clone, Debug)]
enum Amount {
	Units(u128),
	Percent(u32),
}

impl Amount {
	fn of(&self, held: Balance) -> Balance {
		match self {
			Amount::Units(a) => *a,
			Amount::Percent(p) => held.saturating_mul(u128::from(*p)) / 100,
		}
	}
}

#[derive(Clone, Debug)]
enum Op {
	Stake(usize, Amount),
	Unstake(usize, Amount),
	/// A request of the account by its index in its list, or else the raw id (someone else's or
	/// none).
	Withdraw(usize, u64),
	Cancel(usize, u64),
	InstantUnstake(usize, Amount),
	/// A validator's payout for the current era less some.
	Payout(usize, usize, EraIndex),
	Pause,
	Resume,
	SetParams(PoolParams),
	// What the staking system and block production do between the calls.
	/// A reward for a validator and the current era less some, to be claimed.
	Reward(usize, EraIndex, Balance),
	/// A slash of this percentage of the pool's bond (active and unlocking).
	Slash(u32),
	/// Tips or a winning bid paid into the pool.
	Mev(Balance),
	/// A slash of this percentage of the pool's bond, recorded now and applied at the next era.
	DeferSlash(u32),
	/// A winning auction bid paid into the pool.
	Bid(Balance),
	/// The just-in-time account stakes this much (if it is not in already).
	JitEnter(Balance),
	/// The just-in-time account instant-unstakes what it staked.
	JitExit,
	Blocks(u64),
	Eras(u32),
}

/// The just-in-time account.
const JIT: AccountId = 7;

thread_local! {
	/// While the just-in-time account is in: its SLC before it staked, and the vSLC it held then.
	static JIT_IN: core::cell::RefCell<Option<(Balance, Balance)>> = const { core::cell::RefCell::new(None) };
}

/// The just-in-time account exits: it must not have gained SLC. An exit the buffer cannot pay
/// ends the round without a check (the account keeps its vSLC; it did not get out in the era).
/// Returns the exit's result (`None` when the account was not in).
fn jit_exit(op: &Op) -> Result<Option<DispatchResult>, String> {
	let Some((slc_before, vslc_before)) = JIT_IN.with(|j| j.borrow_mut().take()) else {
		return Ok(None);
	};
	let shares = vslc(JIT).saturating_sub(vslc_before);
	let exited = LiquidStaking::instant_unstake(RuntimeOrigin::signed(JIT), shares);
	let after = slc(JIT);
	if exited.is_ok() && after > slc_before {
		return Err(format!(
			"after {op:?}: staking and exiting in an era turned {slc_before} into {after}"
		));
	}
	Ok(Some(exited))
}

fn amount() -> impl Strategy<Value = Amount> {
	prop_oneof![
		3 => (0u32..=110).prop_map(Amount::Percent),
		2 => (0u128..500 * UNIT).prop_map(Amount::Units),
		1 => (0u128..10_000).prop_map(Amount::Units),
		1 => Just(Amount::Units(0)),
		1 => (100_000 * UNIT..1_000_000 * UNIT).prop_map(Amount::Units),
	]
}

/// Parameters around the defaults, a fifth of them invalid (a zero rate bound or validator
/// share, a buffer target above 50 %).
fn params() -> impl Strategy<Value = PoolParams> {
	(0u32..=30, 0u32..=5, 0u32..=60, 0u32..=25, 0u32..=100, 0u32..=60).prop_map(
		|(fee, instant, buffer, cap, share, rate)| PoolParams {
			protocol_fee: Permill::from_percent(fee),
			instant_unstake_fee: Permill::from_percent(instant),
			buffer_target: Perbill::from_percent(buffer),
			commission_cap: Perbill::from_percent(cap),
			max_validator_share: Perbill::from_percent(share),
			max_rate_change: Perbill::from_percent(rate),
		},
	)
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..STAKERS.len();
	let validator = 0..VALIDATORS.len();
	prop_oneof![
		3 => (who.clone(), amount()).prop_map(|(w, a)| Op::Stake(w, a)),
		3 => (who.clone(), amount()).prop_map(|(w, a)| Op::Unstake(w, a)),
		2 => (who.clone(), 0u64..6).prop_map(|(w, i)| Op::Withdraw(w, i)),
		1 => (who.clone(), 0u64..6).prop_map(|(w, i)| Op::Cancel(w, i)),
		2 => (who.clone(), amount()).prop_map(|(w, a)| Op::InstantUnstake(w, a)),
		2 => (who, validator.clone(), 0u32..2).prop_map(|(w, v, e)| Op::Payout(w, v, e)),
		1 => Just(Op::Pause),
		1 => Just(Op::Resume),
		1 => params().prop_map(Op::SetParams),
		2 => (validator, 0u32..2, 0u128..100 * UNIT).prop_map(|(v, e, a)| Op::Reward(v, e, a)),
		1 => (0u32..=30).prop_map(Op::Slash),
		1 => (30u32..=90).prop_map(Op::Slash),
		1 => (0u128..20 * UNIT).prop_map(Op::Mev),
		1 => (0u128..300 * UNIT).prop_map(Op::Bid),
		1 => (0u32..=20).prop_map(Op::DeferSlash),
		// Within what the buffer (5 % of about 3 000 SLC) can pay back at once.
		3 => (UNIT..150 * UNIT).prop_map(Op::JitEnter),
		2 => Just(Op::JitExit),
		2 => (1u64..5).prop_map(Op::Blocks),
		2 => (1u32..=3).prop_map(Op::Eras),
	]
}

/// The request `Withdraw(w, i)` and `Cancel(w, i)` name.
fn request(w: usize, i: u64) -> RequestId {
	Withdrawals::<Test>::get(STAKERS[w]).get(i as usize).map_or(i, |r| r.id)
}

fn era_back(back: EraIndex) -> EraIndex {
	MockStaking::current_era().saturating_sub(back)
}

fn check(op: &Op) -> Result<(), String> {
	LiquidStaking::do_try_state().map_err(|e| format!("after {op:?}: {e:?}"))
}

fn root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// Runs `op`, checking the invariants after it and after every block it runs, and that a
/// failed call changed nothing. Whether the call succeeded; `None` for what is not a call.
fn step(op: &Op) -> Result<Option<bool>, String> {
	let signed = |w: usize| RuntimeOrigin::signed(STAKERS[w]);
	let before = root();
	let result: Option<DispatchResult> = match op.clone() {
		Op::Stake(w, a) => Some(LiquidStaking::stake(signed(w), a.of(slc(STAKERS[w])))),
		Op::Unstake(w, a) => Some(LiquidStaking::unstake(signed(w), a.of(vslc(STAKERS[w])))),
		Op::Withdraw(w, i) => Some(LiquidStaking::withdraw(signed(w), request(w, i))),
		Op::Cancel(w, i) => Some(LiquidStaking::cancel_unstake(signed(w), request(w, i))),
		Op::InstantUnstake(w, a) => {
			Some(LiquidStaking::instant_unstake(signed(w), a.of(vslc(STAKERS[w]))))
		}
		Op::Payout(w, v, back) => {
			Some(LiquidStaking::payout(signed(w), VALIDATORS[v], era_back(back)))
		}
		Op::Pause => Some(LiquidStaking::pause(RuntimeOrigin::root())),
		Op::Resume => Some(LiquidStaking::resume(RuntimeOrigin::root())),
		Op::SetParams(params) => Some(LiquidStaking::set_params(RuntimeOrigin::root(), params)),
		Op::Reward(v, back, a) => {
			MockStaking::add_reward(VALIDATORS[v], era_back(back), a);
			None
		}
		Op::Slash(p) => {
			MockStaking::slash(pool(), Perbill::from_percent(p));
			None
		}
		Op::Mev(a) => {
			super::mev::pay(EVE, a);
			None
		}
		Op::Bid(a) => {
			super::mev::bid(EVE, a);
			None
		}
		Op::DeferSlash(p) => {
			let era = MockStaking::current_era() + 1;
			MockStaking::defer_slash(pool(), era, Perbill::from_percent(p));
			None
		}
		Op::JitEnter(a) => {
			if JIT_IN.with(|j| j.borrow().is_some()) {
				None
			} else {
				let entry = (slc(JIT), vslc(JIT));
				let staked = LiquidStaking::stake(RuntimeOrigin::signed(JIT), a);
				if staked.is_ok() {
					JIT_IN.with(|j| *j.borrow_mut() = Some(entry));
				}
				Some(staked)
			}
		}
		Op::JitExit => jit_exit(op)?,
		Op::Blocks(n) => {
			for _ in 0..n {
				next_block();
				check(op)?;
			}
			None
		}
		Op::Eras(k) => {
			for _ in 0..k {
				// The just-in-time account leaves within the era.
				jit_exit(op)?;
				let era = MockStaking::current_era() + 1;
				MockStaking::apply_deferred(era);
				let seen = System::events().len();
				start_era(era);
				// A failed era start only logs (`defensive!` panics in debug builds only).
				let started = System::events().iter().skip(seen).any(|r| {
					matches!(
						r.event,
						RuntimeEvent::LiquidStaking(crate::Event::EraStarted { era: e, .. })
							if e == era
					)
				});
				if !started {
					return Err(format!("after {op:?}: era {era} did not start"));
				}
				check(op)?;
			}
			None
		}
	};
	if let Some(Err(e)) = result {
		if root() != before {
			return Err(format!("{op:?} failed with {e:?} but changed the state"));
		}
	}
	check(op)?;
	Ok(result.map(|r| r.is_ok()))
}

/// Sets up a sequence's chain so that random sequences start from live positions: every staker
/// has staked 1 000 SLC (bonded at era 1) and queued 50 vSLC at era 1, claimable at era 4; the
/// chain is at era 3.
fn setup() {
	JIT_IN.with(|j| *j.borrow_mut() = None);
	assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
		&JIT,
		1_000_000 * UNIT
	));
	for who in STAKERS {
		stake(who, 1_000 * UNIT);
	}
	start_era(1);
	for who in STAKERS {
		unstake(who, 50 * UNIT);
	}
	start_era(2);
	start_era(3);
}

proptest! {
	#![proptest_config(sluice_test_support::config())]

	#[test]
	fn random_call_sequences_keep_the_books(ops in sluice_test_support::sequences(op())) {
		ExtBuilder::default().build().execute_with(|| {
			setup();
			for op in &ops {
				step(op)?;
			}
			Ok::<(), String>(())
		}).map_err(TestCaseError::fail)?;
	}
}

/// The fuzzer is worth its runs only if its sequences get past the errors: every kind of op
/// succeeds somewhere in 300 sequences (a fixed seed), and at least a quarter of the calls do.
#[test]
fn the_fuzzer_reaches_every_kind_of_successful_call() {
	let mut coverage = Coverage::default();
	for ops in sluice_test_support::fixed_sequences(op(), 300) {
		ExtBuilder::default().build().execute_with(|| {
			setup();
			for op in ops {
				let outcome = step(&op).expect("the invariants hold");
				coverage.record(&op, outcome.is_some(), outcome != Some(false));
			}
		});
	}
	coverage.assert_reached(18, 4);
}
