//! Fuzzing: random sequences of calls from several accounts, with `do_try_state` checked after
//! every call and every block. `FUZZ_CASES` sets the number of sequences (64 by default, the
//! suite's short run); a longer run: `FUZZ_CASES=20000 cargo test --release -p pallet-restaking
//! fuzz`. Failed calls must change nothing; the invariants must hold whatever succeeds.

use super::*;
use proptest::prelude::*;
use sluice_test_support::Coverage;

const STAKERS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
const OPERATORS: [AccountId; 2] = [OP1, OP2];

#[derive(Clone, Debug)]
enum Op {
	Deposit(usize, bool, u128),
	Withdraw(usize, bool, u128),
	Delegate(usize, usize, bool, u128),
	Queue(usize, usize, bool, u128),
	Undelegate(usize, usize, bool),
	Complete(usize, u32),
	Allocate(usize, u32, u32),
	Deallocate(usize, u32),
	Slash(usize, u32),
	Veto(usize),
	Settle(usize),
	Leave(usize, u32),
	Redelegate(usize, u32, usize),
	Distribute(u32, u128),
	Claim(usize, bool),
	Commission(usize, u32),
	Deregister(usize),
	Register(usize),
	Blocks(u64),
}

fn asset(v: bool) -> AssetKind {
	if v {
		V
	} else {
		SLC
	}
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..STAKERS.len();
	let operator = 0..OPERATORS.len();
	let amount = 0u128..200 * UNIT;
	prop_oneof![
		(who.clone(), any::<bool>(), amount.clone()).prop_map(|(w, v, a)| Op::Deposit(w, v, a)),
		(who.clone(), any::<bool>(), amount.clone()).prop_map(|(w, v, a)| Op::Withdraw(w, v, a)),
		(who.clone(), operator.clone(), any::<bool>(), amount.clone())
			.prop_map(|(w, o, v, a)| Op::Delegate(w, o, v, a)),
		(who.clone(), operator.clone(), any::<bool>(), amount.clone())
			.prop_map(|(w, o, v, a)| Op::Queue(w, o, v, a)),
		(who.clone(), operator.clone(), any::<bool>())
			.prop_map(|(w, o, v)| Op::Undelegate(w, o, v)),
		(who.clone(), 0u32..6).prop_map(|(w, id)| Op::Complete(w, id)),
		(operator.clone(), 0u32..2, 0u32..=100).prop_map(|(o, s, p)| Op::Allocate(o, s, p)),
		(operator.clone(), 0u32..2).prop_map(|(o, s)| Op::Deallocate(o, s)),
		(operator.clone(), 0u32..=100).prop_map(|(o, p)| Op::Slash(o, p)),
		operator.clone().prop_map(Op::Veto),
		operator.clone().prop_map(Op::Settle),
		(operator.clone(), 0u32..2).prop_map(|(o, s)| Op::Leave(o, s)),
		(who.clone(), 0u32..6, operator.clone()).prop_map(|(w, id, o)| Op::Redelegate(w, id, o)),
		(0u32..2, amount.clone()).prop_map(|(s, a)| Op::Distribute(s, a)),
		(0..STAKERS.len() + OPERATORS.len(), any::<bool>()).prop_map(|(w, v)| Op::Claim(w, v)),
		(operator.clone(), 0u32..=100).prop_map(|(o, p)| Op::Commission(o, p)),
		operator.clone().prop_map(Op::Deregister),
		operator.prop_map(Op::Register),
		(1u64..30).prop_map(Op::Blocks),
	]
}

/// Dispatches `op`; whether it succeeded.
fn apply(op: Op) -> bool {
	let signed = RuntimeOrigin::signed;
	let pct = Perbill::from_percent;
	let result = match op {
		Op::Deposit(w, v, a) => Restaking::deposit(signed(STAKERS[w]), asset(v), a),
		Op::Withdraw(w, v, a) => Restaking::withdraw(signed(STAKERS[w]), asset(v), a),
		Op::Delegate(w, o, v, a) => {
			Restaking::delegate(signed(STAKERS[w]), OPERATORS[o], asset(v), a)
		}
		Op::Queue(w, o, v, a) => {
			Restaking::queue_withdrawal(signed(STAKERS[w]), OPERATORS[o], asset(v), a)
		}
		Op::Undelegate(w, o, v) => {
			Restaking::undelegate(signed(STAKERS[w]), OPERATORS[o], asset(v))
		}
		Op::Complete(w, id) => Restaking::complete_withdrawal(signed(STAKERS[w]), id),
		Op::Allocate(o, s, p) => Restaking::allocate(signed(OPERATORS[o]), s, pct(p)),
		Op::Deallocate(o, s) => Restaking::deallocate(signed(OPERATORS[o]), s),
		Op::Slash(o, p) => Restaking::slash(
			signed(SLASHER),
			0,
			OPERATORS[o],
			pct(p),
			b"fuzz".to_vec().try_into().expect("fits"),
		),
		Op::Veto(o) => Restaking::veto_slash(RuntimeOrigin::root(), OPERATORS[o], 0),
		Op::Settle(o) => Restaking::settle_slash(signed(DAVE), OPERATORS[o], 0),
		Op::Leave(o, s) => Restaking::leave_service(signed(OPERATORS[o]), s),
		Op::Redelegate(w, id, o) => Restaking::redelegate(signed(STAKERS[w]), id, OPERATORS[o]),
		Op::Distribute(s, a) => {
			Restaking::distribute_rewards(signed(DAVE), s, a).map(|_| ()).map_err(|e| e.error)
		}
		Op::Claim(w, v) => {
			let who = STAKERS.iter().chain(OPERATORS.iter()).nth(w).copied().unwrap_or(ALICE);
			Restaking::claim(signed(who), if v { USD } else { SLC })
		}
		Op::Commission(o, p) => Restaking::set_commission(signed(OPERATORS[o]), pct(p)),
		Op::Deregister(o) => Restaking::deregister(signed(OPERATORS[o])),
		Op::Register(o) => {
			Restaking::register_operator(signed(OPERATORS[o]), pct(5), MIN_SELF_BOND)
		}
		Op::Blocks(n) => {
			run_to_block(System::block_number() + n);
			Ok(())
		}
	};
	result.is_ok()
}

/// Sets up a sequence's chain: two operators in the oracle service, a second service, and
/// every staker with 1 000 SLC and 1 000 V deposited, 100 of each delegated to each operator
/// (so that random sequences start from live positions instead of mostly failing).
fn setup() {
	operators_and_oracle_service();
	assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(SLC, 0)));
	for who in STAKERS {
		for asset in [SLC, V] {
			assert_ok!(Restaking::deposit(RuntimeOrigin::signed(who), asset.clone(), 1_000 * UNIT));
			for operator in OPERATORS {
				assert_ok!(Restaking::delegate(
					RuntimeOrigin::signed(who),
					operator,
					asset.clone(),
					100 * UNIT
				));
			}
		}
	}
}

proptest! {
	#![proptest_config(sluice_test_support::config())]

	#[test]
	fn random_call_sequences_keep_the_books(ops in sluice_test_support::sequences(op())) {
		new_test_ext().execute_with(|| {
			setup();
			for op in ops {
				apply(op.clone());
				Restaking::do_try_state().map_err(|e| format!("after {op:?}: {e:?}"))?;
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
				coverage.record(&op, true, succeeded);
			}
		});
	}
	coverage.assert_reached(19, 5);
}
