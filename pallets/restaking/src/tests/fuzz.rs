//! Fuzzing: random sequences of calls from several accounts, with `do_try_state` (of restaking
//! and of the oracle gate) checked after every step, and an economic property: no account ends
//! a step richer than the rules allow.
//!
//! The chain: three stakers, two operators, three restakeable assets (SLC, V worth 2, W worth
//! 3), three services (the oracle paying USD, one paying SLC, one paying asset 3), the real
//! oracle behind the real gate, and the runtime's outlier reference. `FUZZ_CASES` sets the
//! number of sequences (64 by default, the suite's short run); a longer run:
//! `FUZZ_CASES=20000 cargo test --release -p pallet-restaking fuzz`.
//!
//! The property, checked for every account but the treasury, with each account's value taken
//! at the pallet's own valuation (wallet balances, idle deposits, delegations and queued
//! withdrawals at their worth, claimable rewards; V at 2, W at 3, every other token at 1):
//! - its **principal** (everything but claimable rewards) rises only when a slash is vetoed
//!   (its stake with the vetoed operator gets back what was taken), when it reported the slash
//!   being settled (by `settle_slash`, or by a new slash request or outlier report for the
//!   same operator and service, which pays out a slash whose window has passed first), or by
//!   claiming (principal up, rewards down by as much);
//! - its **claimable rewards** rise only when blocks pass and it held an earning delegation in
//!   a pool that had rewards streaming, by at most what those pools' streams held; or, for an
//!   operator, by its commission when its service distributes (at most the amount). A
//!   delegator's rewards never jump at a distribution: stake that joins just before one gets
//!   nothing until blocks pass with it in the pool.
//!
//! Rounding may move a value by a few units (each share's worth rounds down): the tolerance is
//! 16 units.

use super::*;
use proptest::prelude::*;
use sluice_primitives::OracleKey;
use sluice_test_support::Coverage;
use sp_runtime::FixedU128;
use std::collections::BTreeMap;

const STAKERS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
/// OP3 starts unregistered.
const OPERATORS: [AccountId; 3] = [OP1, OP2, OP3];
const ASSETS: [AssetKind; 3] = [SLC, V, W];
const SERVICES: u32 = 3;
const TOLERANCE: Balance = 16;

fn keys() -> [OracleKey; 2] {
	[OracleKey::Price(SLC), OracleKey::Price(USD)]
}

#[derive(Clone, Debug)]
enum Op {
	Deposit(usize, usize, u128),
	Withdraw(usize, usize, u128),
	Delegate(usize, usize, usize, u128),
	Queue(usize, usize, usize, u128),
	Undelegate(usize, usize, usize),
	Complete(usize, u32),
	Redelegate(usize, u32, usize),
	Allocate(usize, u32, u32),
	Deallocate(usize, u32),
	Leave(usize, u32),
	Slash(usize, u32, u32),
	Veto(usize, u32),
	Settle(usize, u32),
	Distribute(u32, u128),
	Claim(usize, usize),
	Commission(usize, u32),
	Deregister(usize),
	Register(usize),
	Feed(usize, usize, u32),
	Report(usize, usize),
	Blocks(u64),
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..STAKERS.len();
	let operator = 0..OPERATORS.len();
	let asset = 0..ASSETS.len();
	let service = 0..SERVICES;
	let amount = 0u128..200 * UNIT;
	prop_oneof![
		(who.clone(), asset.clone(), amount.clone()).prop_map(|(w, a, n)| Op::Deposit(w, a, n)),
		(who.clone(), asset.clone(), amount.clone()).prop_map(|(w, a, n)| Op::Withdraw(w, a, n)),
		(who.clone(), operator.clone(), asset.clone(), amount.clone())
			.prop_map(|(w, o, a, n)| Op::Delegate(w, o, a, n)),
		(who.clone(), operator.clone(), asset.clone(), amount.clone())
			.prop_map(|(w, o, a, n)| Op::Queue(w, o, a, n)),
		(who.clone(), operator.clone(), asset.clone())
			.prop_map(|(w, o, a)| Op::Undelegate(w, o, a)),
		(who.clone(), 0u32..6).prop_map(|(w, id)| Op::Complete(w, id)),
		(who.clone(), 0u32..6, operator.clone()).prop_map(|(w, id, o)| Op::Redelegate(w, id, o)),
		(operator.clone(), service.clone(), 0u32..=100).prop_map(|(o, s, p)| Op::Allocate(o, s, p)),
		(operator.clone(), service.clone()).prop_map(|(o, s)| Op::Deallocate(o, s)),
		(operator.clone(), service.clone()).prop_map(|(o, s)| Op::Leave(o, s)),
		(operator.clone(), service.clone(), 0u32..=100).prop_map(|(o, s, p)| Op::Slash(o, s, p)),
		(operator.clone(), service.clone()).prop_map(|(o, s)| Op::Veto(o, s)),
		(operator.clone(), service.clone()).prop_map(|(o, s)| Op::Settle(o, s)),
		(service.clone(), amount.clone()).prop_map(|(s, a)| Op::Distribute(s, a)),
		(0..STAKERS.len() + OPERATORS.len(), 0..3usize).prop_map(|(w, r)| Op::Claim(w, r)),
		(operator.clone(), 0u32..=100).prop_map(|(o, p)| Op::Commission(o, p)),
		operator.clone().prop_map(Op::Deregister),
		operator.clone().prop_map(Op::Register),
		(operator.clone(), 0..2usize, 1u32..4).prop_map(|(o, k, v)| Op::Feed(o, k, v)),
		(operator.clone(), 0..2usize).prop_map(|(o, k)| Op::Report(o, k)),
		(1u64..30).prop_map(Op::Blocks),
	]
}

fn everyone() -> Vec<AccountId> {
	STAKERS.iter().chain(OPERATORS.iter()).chain([DAVE, SLASHER].iter()).copied().collect()
}

/// Value in SLC units at fixed prices: V 2, W 3, every other token 1.
fn value(asset: &AssetKind, amount: Balance) -> Balance {
	match asset {
		a if *a == V => amount * 2,
		a if *a == W => amount * 3,
		_ => amount,
	}
}

/// (principal, claimable rewards) of `who`.
fn holdings(who: AccountId) -> (Balance, Balance) {
	let view = Restaking::api_staker(who);
	let wallet: Balance =
		[SLC, V, W, USD, X].iter().map(|a| value(a, balance(a.clone(), who))).sum();
	let principal = wallet
		+ view.idle.iter().map(|(a, b)| value(a, *b)).sum::<Balance>()
		+ view.delegations.iter().map(|(_, a, b)| value(a, *b)).sum::<Balance>()
		+ view.withdrawals.iter().map(|(_, _, a, b, _)| value(a, *b)).sum::<Balance>();
	(principal, view.pending_rewards.iter().map(|(a, b)| value(a, *b)).sum())
}

/// Per account, what its pools' streams held at a step's start (the most a step of blocks can
/// release to it), counting only pools where it holds an earning delegation.
fn streaming_to(who: AccountId) -> Balance {
	Delegations::<Test>::iter_prefix((who,))
		.filter(|(_, d)| d.shares > 0)
		.map(|((operator, asset), _)| {
			let pool = Pools::<Test>::get(operator, asset).unwrap_or_default();
			pool.streams.iter().map(|s| value(&s.asset, s.left)).sum::<Balance>()
		})
		.sum()
}

/// Dispatches `op`; whether it succeeded.
fn apply(op: Op) -> bool {
	let signed = RuntimeOrigin::signed;
	let pct = Perbill::from_percent;
	let result = match op {
		Op::Deposit(w, a, n) => Restaking::deposit(signed(STAKERS[w]), ASSETS[a].clone(), n),
		Op::Withdraw(w, a, n) => Restaking::withdraw(signed(STAKERS[w]), ASSETS[a].clone(), n),
		Op::Delegate(w, o, a, n) => {
			Restaking::delegate(signed(STAKERS[w]), OPERATORS[o], ASSETS[a].clone(), n)
		}
		Op::Queue(w, o, a, n) => {
			Restaking::queue_withdrawal(signed(STAKERS[w]), OPERATORS[o], ASSETS[a].clone(), n)
		}
		Op::Undelegate(w, o, a) => {
			Restaking::undelegate(signed(STAKERS[w]), OPERATORS[o], ASSETS[a].clone())
		}
		Op::Complete(w, id) => Restaking::complete_withdrawal(signed(STAKERS[w]), id),
		Op::Redelegate(w, id, o) => Restaking::redelegate(signed(STAKERS[w]), id, OPERATORS[o]),
		Op::Allocate(o, s, p) => Restaking::allocate(signed(OPERATORS[o]), s, pct(p)),
		Op::Deallocate(o, s) => Restaking::deallocate(signed(OPERATORS[o]), s),
		Op::Leave(o, s) => Restaking::leave_service(signed(OPERATORS[o]), s),
		Op::Slash(o, s, p) => Restaking::slash(
			signed(SLASHER),
			s,
			OPERATORS[o],
			pct(p),
			b"fuzz".to_vec().try_into().expect("fits"),
		),
		Op::Veto(o, s) => Restaking::veto_slash(RuntimeOrigin::root(), OPERATORS[o], s),
		Op::Settle(o, s) => Restaking::settle_slash(signed(DAVE), OPERATORS[o], s),
		Op::Distribute(s, a) => {
			Restaking::distribute_rewards(signed(DAVE), s, a).map(|_| ()).map_err(|e| e.error)
		}
		Op::Claim(w, r) => {
			let who = STAKERS.iter().chain(OPERATORS.iter()).nth(w).copied().unwrap_or(ALICE);
			Restaking::claim(signed(who), [USD, SLC, X][r].clone())
		}
		Op::Commission(o, p) => Restaking::set_commission(signed(OPERATORS[o]), pct(p)),
		Op::Deregister(o) => Restaking::deregister(signed(OPERATORS[o])),
		Op::Register(o) => {
			Restaking::register_operator(signed(OPERATORS[o]), pct(5), MIN_SELF_BOND)
		}
		Op::Feed(o, k, v) => OracleFeeds::feed(
			signed(OPERATORS[o]),
			vec![(keys()[k].clone(), FixedU128::from_u32(v))].try_into().expect("fits"),
		)
		.map(|_| ())
		.map_err(|e| e.error),
		Op::Report(o, k) => {
			Restaking::report_outlier(signed(DAVE), OPERATORS[o], keys()[k].clone())
		}
		Op::Blocks(n) => {
			run_to_block(System::block_number() + n);
			Ok(())
		}
	};
	result.is_ok()
}

/// Checks the property for `op`, given everyone's holdings and streams before it.
fn check(
	op: &Op,
	before: &BTreeMap<AccountId, ((Balance, Balance), Balance)>,
	vetoed: &[AccountId],
	settled_reporter: Option<AccountId>,
) -> Result<(), String> {
	for who in everyone() {
		let ((principal, rewards), streaming) = before[&who];
		let (principal_now, rewards_now) = holdings(who);
		let principal_up = principal_now.saturating_sub(principal);
		let rewards_up = rewards_now.saturating_sub(rewards);
		let rewards_down = rewards.saturating_sub(rewards_now);
		let allowed_principal = match op {
			Op::Claim(..) => rewards_down,
			Op::Veto(..) if vetoed.contains(&who) => Balance::MAX,
			Op::Settle(..) if who == DAVE => Balance::MAX,
			_ if settled_reporter == Some(who) => Balance::MAX,
			_ => 0,
		};
		if principal_up > allowed_principal.saturating_add(TOLERANCE) {
			return Err(format!("{who}'s principal rose by {principal_up} in {op:?}"));
		}
		let allowed_rewards = match op {
			Op::Blocks(_) => streaming,
			Op::Distribute(_, amount) if OPERATORS.contains(&who) => *amount,
			_ => 0,
		};
		if rewards_up > allowed_rewards.saturating_add(TOLERANCE) {
			return Err(format!("{who}'s rewards rose by {rewards_up} in {op:?}"));
		}
	}
	Ok(())
}

/// Who holds stake with the operator a veto of `op` would restore.
fn stake_holders(op: &Op) -> Vec<AccountId> {
	let Op::Veto(o, _) = op else { return Vec::new() };
	let operator = OPERATORS[*o];
	let mut holders: Vec<AccountId> = Delegations::<Test>::iter()
		.filter(|((_, op, _), _)| *op == operator)
		.map(|((w, _, _), _)| w)
		.collect();
	holders.extend(
		Withdrawals::<Test>::iter().filter(|(_, _, w)| w.operator == operator).map(|(w, _, _)| w),
	);
	holders
}

/// The reporter of the slash a slash request or outlier report in `op` pays out before it
/// starts a new incident (one for the same operator and service whose veto window has passed).
fn reporter_settled_by(op: &Op) -> Option<AccountId> {
	let (operator, service) = match op {
		Op::Slash(o, s, _) => (OPERATORS[*o], *s),
		Op::Report(o, _) => (OPERATORS[*o], 0),
		_ => return None,
	};
	PendingSlashes::<Test>::get(operator, service)
		.filter(|slash| slash.due <= System::block_number())
		.and_then(|slash| slash.reporter)
}

/// Sets up a sequence's chain: two operators in the oracle service (and feeding it), two more
/// services OP1 also allocates to, a third operator not registered yet, and every staker with 1 000 of each restakeable asset deposited, 100 of each
/// delegated to each operator, warmed up (so that random sequences start from live positions
/// instead of mostly failing).
fn setup() {
	operators_and_oracle_service();
	assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(SLC, 0)));
	assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(X, 0)));
	for service in [1, 2] {
		assert_ok!(Restaking::allocate(
			RuntimeOrigin::signed(OP1),
			service,
			Perbill::from_percent(20)
		));
	}
	for who in STAKERS {
		for asset in ASSETS {
			assert_ok!(Restaking::deposit(RuntimeOrigin::signed(who), asset.clone(), 1_000 * UNIT));
			for operator in [OP1, OP2] {
				assert_ok!(Restaking::delegate(
					RuntimeOrigin::signed(who),
					operator,
					asset.clone(),
					100 * UNIT
				));
			}
		}
	}
	run_to_block(warmed_up());
}

fn step(op: Op) -> Result<bool, String> {
	let before: BTreeMap<_, _> =
		everyone().into_iter().map(|w| (w, (holdings(w), streaming_to(w)))).collect();
	let vetoed = stake_holders(&op);
	let settled_reporter = reporter_settled_by(&op);
	let succeeded = apply(op.clone());
	Restaking::do_try_state().map_err(|e| format!("after {op:?}: {e:?}"))?;
	pallet_oracle_feeds::Pallet::<Test>::do_try_state()
		.map_err(|e| format!("after {op:?}: {e:?}"))?;
	check(&op, &before, &vetoed, settled_reporter)?;
	Ok(succeeded)
}

proptest! {
	#![proptest_config(sluice_test_support::config())]

	#[test]
	fn random_call_sequences_keep_the_books_and_pay_no_one_more_than_the_rules(
		ops in sluice_test_support::sequences(op())
	) {
		new_test_ext().execute_with(|| {
			setup();
			for op in ops {
				step(op)?;
			}
			Ok::<(), String>(())
		}).map_err(TestCaseError::fail)?;
	}
}

/// The fuzzer is worth its runs only if its sequences get past the errors: every kind of call
/// succeeds somewhere in 300 sequences (a fixed seed), and at least a fifth of all calls do.
#[test]
fn the_fuzzer_reaches_every_kind_of_successful_call() {
	let mut coverage = Coverage::default();
	for ops in sluice_test_support::fixed_sequences(op(), 300) {
		new_test_ext().execute_with(|| {
			setup();
			for op in ops {
				let succeeded = apply(op.clone());
				coverage.record(&op, !matches!(op, Op::Blocks(_)), succeeded);
			}
		});
	}
	coverage.assert_reached(21, 5);
}

/// The property can fail: a delegator credited at a distribution (as a snapshot split would)
/// is caught.
#[test]
fn the_property_catches_a_reward_paid_at_a_distribution() {
	new_test_ext().execute_with(|| {
		setup();
		let op = Op::Distribute(1, 100 * UNIT);
		let before: BTreeMap<_, _> =
			everyone().into_iter().map(|w| (w, (holdings(w), streaming_to(w)))).collect();
		assert!(apply(op.clone()));
		Unclaimed::<Test>::mutate(ALICE, SLC, |u| *u += 50 * UNIT);
		assert!(check(&op, &before, &[], None).is_err());
	});
}

/// A sequence a CI run found (the property then allowed a reporter's reward only at
/// `settle_slash`): DAVE reports OP1's outlier feed, the window passes, and a new slash request
/// for the oracle service pays DAVE's reward before it starts the new incident. The property
/// holds, and DAVE is paid his share of OP1's own loss: OP1 allocates 50 % to the oracle, the
/// outlier slash takes 10 % of that (5 % of each of OP1's pools), so OP1's 10 SLC self-bond
/// loses 0.5 SLC, of which the reporter gets 10 %: 0.05 SLC.
#[test]
fn a_slash_request_that_settles_a_due_slash_pays_its_reporter_within_the_rules() {
	new_test_ext().execute_with(|| {
		setup();
		let dave_before = holdings(DAVE).0;
		for op in [Op::Feed(0, 1, 1), Op::Feed(1, 1, 2), Op::Report(0, 1), Op::Blocks(10)] {
			assert_eq!(step(op.clone()), Ok(true), "{op:?}");
		}
		assert_eq!(holdings(DAVE).0, dave_before);
		assert_eq!(step(Op::Slash(0, 0, 1)), Ok(true));
		assert_eq!(holdings(DAVE).0 - dave_before, UNIT / 20);
	});
}
