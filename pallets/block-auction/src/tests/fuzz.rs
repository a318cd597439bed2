//! Fuzzing: random bundles bid by several searchers, with blocks (whose hook runs the winner)
//! and skipped blocks (whose winner is stale) in between, and `do_try_state` checked after every
//! call and every block. A call that fails must change nothing: the storage root is compared
//! before and after it. Two checks beyond `do_try_state`: nothing is held but the best bid, and
//! no SLC is created or lost (the mock's MEV sink pays a pool account). `FUZZ_CASES` sets the
//! number of sequences (64 by default, the suite's short run); a longer run:
//! `FUZZ_CASES=60000 cargo test --release -p pallet-block-auction fuzz`.

use crate::{mock::*, Best};
use frame_support::traits::fungible::{Inspect, InspectHold, Mutate};
use proptest::prelude::*;
use sluice_test_support::Coverage;
use sp_runtime::DispatchResult;

const SEARCHERS: [AccountId; 3] = [SEARCHER, RIVAL, TARGET];
/// Every account that holds SLC.
const ACCOUNTS: [AccountId; 4] = [SEARCHER, RIVAL, TARGET, POOL];

/// A call in a bundle.
#[derive(Clone, Debug)]
enum Inner {
	Remark,
	/// A remark too large for a bundle.
	Big,
	Transfer(usize, Balance),
	/// Everything the searcher may transfer, while its bid is held.
	TransferAll(usize),
	/// A call a signed origin may not make.
	RootOnly,
	/// A bid for the following block from inside the bundle.
	Bid(Balance),
	/// A call that panics (a bug in a pallet the bundle reaches).
	Boom,
}

#[derive(Clone, Debug)]
enum Bid {
	Units(Balance),
	/// The best bid for the next block (or the minimum) plus this.
	Over(Balance),
}

#[derive(Clone, Debug)]
enum Op {
	Submit(usize, Vec<Inner>, Bid),
	/// Blocks whose hooks run.
	Blocks(u64),
	/// Blocks whose hooks did not run, then one whose hook does.
	Skip(u64),
}

fn inner() -> impl Strategy<Value = Inner> {
	let to = 0..ACCOUNTS.len();
	prop_oneof![
		3 => Just(Inner::Remark),
		1 => Just(Inner::Big),
		3 => (to.clone(), 0u128..300).prop_map(|(t, a)| Inner::Transfer(t, a)),
		1 => (to.clone(), 900u128..1_200).prop_map(|(t, a)| Inner::Transfer(t, a)),
		1 => to.prop_map(Inner::TransferAll),
		1 => Just(Inner::RootOnly),
		2 => (0u128..100).prop_map(Inner::Bid),
		1 => Just(Inner::Boom),
	]
}

fn bid() -> impl Strategy<Value = Bid> {
	prop_oneof![
		1 => (0u128..MIN_BID).prop_map(Bid::Units),
		3 => (MIN_BID..300).prop_map(Bid::Units),
		1 => (800u128..1_100).prop_map(Bid::Units),
		3 => (0u128..20).prop_map(Bid::Over),
	]
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		6 => (0..SEARCHERS.len(), proptest::collection::vec(inner(), 0..=5), bid())
			.prop_map(|(w, calls, bid)| Op::Submit(w, calls, bid)),
		3 => (1u64..4).prop_map(Op::Blocks),
		1 => (1u64..3).prop_map(Op::Skip),
	]
}

fn call(inner: &Inner) -> RuntimeCall {
	match inner {
		Inner::Remark => remark(),
		Inner::Big => RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 600] }),
		Inner::Transfer(to, amount) => transfer(ACCOUNTS[*to], *amount),
		Inner::TransferAll(to) => RuntimeCall::Balances(pallet_balances::Call::transfer_all {
			dest: ACCOUNTS[*to],
			keep_alive: false,
		}),
		Inner::RootOnly => RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 1 }),
		Inner::Bid(bid) => RuntimeCall::BlockAuction(crate::Call::submit_bundle {
			calls: vec![remark()],
			bid: *bid,
		}),
		Inner::Boom => boom(),
	}
}

/// `do_try_state`, nothing held but the best bid, and the SLC in the accounts adding up to the
/// issuance after the set-up.
fn check(op: &Op, issuance: Balance) -> Result<(), String> {
	BlockAuction::do_try_state(System::block_number())
		.map_err(|e| format!("after {op:?}: {e:?}"))?;
	let held: Balance = ACCOUNTS.iter().map(Balances::total_balance_on_hold).sum();
	let best = Best::<Test>::get().map_or(0, |b| b.bid);
	if held != best {
		return Err(format!("after {op:?}: {held} held, the best bid is {best}"));
	}
	let total: Balance = ACCOUNTS.iter().map(Balances::total_balance).sum();
	if total != issuance || Balances::total_issuance() != issuance {
		return Err(format!("after {op:?}: accounts hold {total}, issuance is {issuance}"));
	}
	Ok(())
}

fn root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// Runs `op`, checking the invariants after it and after every block it runs, and that a
/// failed call changed nothing. Whether the call succeeded; `None` for blocks.
fn step(op: &Op, issuance: Balance) -> Result<Option<bool>, String> {
	let before = root();
	let result: Option<DispatchResult> = match op {
		Op::Submit(w, calls, bid) => {
			let bid = match bid {
				Bid::Units(b) => *b,
				Bid::Over(d) => BlockAuction::best_bid().map_or(MIN_BID, |(_, b, _)| b) + d,
			};
			let calls = calls.iter().map(call).collect();
			Some(BlockAuction::submit_bundle(RuntimeOrigin::signed(SEARCHERS[*w]), calls, bid))
		}
		Op::Blocks(n) => {
			for _ in 0..*n {
				// The economic property: a bundle that wins a block pays its whole bid to the
				// pool, whether its calls succeed, fail or trap.
				let next = System::block_number() + 1;
				let won = Best::<Test>::get().filter(|b| b.target == next).map_or(0, |b| b.bid);
				let pool = Balances::total_balance(&POOL);
				next_block();
				let gained = Balances::total_balance(&POOL).saturating_sub(pool);
				if gained < won {
					return Err(format!("after {op:?}: a bid of {won} won, the pool got {gained}"));
				}
				check(op, issuance)?;
			}
			None
		}
		Op::Skip(k) => {
			System::set_block_number(System::block_number() + k);
			next_block();
			None
		}
	};
	if let Some(Err(e)) = result {
		if root() != before {
			return Err(format!("{op:?} failed with {e:?} but changed the state"));
		}
	}
	check(op, issuance)?;
	Ok(result.map(|r| r.is_ok()))
}

/// Sets up a sequence's chain so that random sequences start from a live auction: the target
/// account is endowed as a third searcher, and a bid of 20 for the next block stands. Returns
/// the issuance.
fn setup() -> Balance {
	assert!(Balances::mint_into(&TARGET, 999).is_ok());
	assert!(
		BlockAuction::submit_bundle(RuntimeOrigin::signed(SEARCHER), vec![remark()], 20).is_ok()
	);
	Balances::total_issuance()
}

proptest! {
	#![proptest_config(sluice_test_support::config())]

	#[test]
	fn random_bundles_keep_the_bids_held(ops in sluice_test_support::sequences(op())) {
		new_test_ext().execute_with(|| {
			let issuance = setup();
			for op in &ops {
				step(op, issuance)?;
			}
			Ok::<(), String>(())
		}).map_err(TestCaseError::fail)?;
	}
}

/// The fuzzer is worth its runs only if its sequences get past the errors: in 300 sequences (a
/// fixed seed) every kind of op succeeds somewhere, every outcome of the auction happens (a bid
/// outbid, a bundle won and executed, failed, trapped and dropped, bids made and outbid from
/// inside a winning bundle), and at least a quarter of the calls succeed.
#[test]
fn the_fuzzer_reaches_every_kind_of_successful_call() {
	let mut coverage = Coverage::default();
	for ops in sluice_test_support::fixed_sequences(op(), 300) {
		new_test_ext().execute_with(|| {
			let issuance = setup();
			events();
			for op in ops {
				let outcome = step(&op, issuance).expect("the invariants hold");
				let kind = coverage.record(&op, outcome.is_some(), outcome != Some(false));
				for event in events() {
					let name = format!("{event:?}");
					let name =
						name.trim_start_matches("Event::").split(' ').next().unwrap_or_default();
					coverage.kinds.insert(format!("{kind}:{name}"));
				}
			}
		});
	}
	let expected = [
		"Blocks",
		"Blocks:BundleExecuted",
		"Blocks:BundleFailed",
		"Blocks:BundleSkipped",
		"Blocks:BundleWon",
		"Blocks:BundleSubmitted",
		"Blocks:Outbid",
		"Skip",
		"Skip:BundleDropped",
		"Submit",
		"Submit:BundleSubmitted",
		"Submit:Outbid",
	];
	for kind in expected {
		assert!(coverage.kinds.contains(kind), "{kind} never happened: {:?}", coverage.kinds);
	}
	coverage.assert_success_rate(4);
}
