use crate::{mock::*, Best, Event};
use frame_support::{assert_ok, traits::fungible::InspectHold};
use sp_runtime::{ArithmeticError, DispatchError};

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::BlockAuction(crate::HoldReason::Bid), &who)
}

#[test]
fn the_winning_bundle_runs_first_in_the_next_block_and_pays_its_bid() {
	build_and_execute(|| {
		assert_ok!(BlockAuction::submit_bundle(RuntimeOrigin::signed(RIVAL), vec![remark()], 20));
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![transfer(TARGET, 5), transfer(TARGET, 7)],
			30
		));
		events();
		let weight = next_block();
		assert!(weight.ref_time() > 0);
		assert_eq!(Balances::free_balance(TARGET), 1 + 12);
		assert_eq!(Balances::free_balance(SEARCHER), 1_000 - 12 - 30);
		assert_eq!(Balances::free_balance(POOL), 1 + 30);
		assert_eq!((held(SEARCHER), held(RIVAL)), (0, 0));
		assert_eq!(Balances::free_balance(RIVAL), 1_000);
		assert!(Best::<Test>::get().is_none());
		assert_eq!(events(), vec![Event::BundleExecuted { searcher: SEARCHER, bid: 30, calls: 2 }]);
		// Nothing left to run in the following block.
		next_block();
		assert!(events().is_empty());
	});
}

#[test]
fn a_failing_bundle_is_rolled_back_and_pays_only_the_fee() {
	build_and_execute(|| {
		// The second transfer exceeds what the searcher has free: all or nothing.
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![transfer(TARGET, 5), transfer(TARGET, 10_000)],
			100
		));
		events();
		next_block();
		assert_eq!(Balances::free_balance(TARGET), 1);
		// 10 % of the bid is the failure fee, the rest is released.
		assert_eq!(Balances::free_balance(SEARCHER), 1_000 - 10);
		assert_eq!(Balances::free_balance(POOL), 1 + 10);
		assert_eq!(held(SEARCHER), 0);
		assert_eq!(
			events(),
			vec![Event::BundleFailed {
				searcher: SEARCHER,
				index: 1,
				error: DispatchError::Arithmetic(ArithmeticError::Underflow),
				fee: 10
			}]
		);
	});
}

#[test]
fn a_bundle_runs_under_its_searchers_origin_only() {
	build_and_execute(|| {
		// A call that needs root fails for a signed searcher.
		let root_only = RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 1 });
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![root_only],
			20
		));
		events();
		next_block();
		assert_eq!(
			events(),
			vec![Event::BundleFailed {
				searcher: SEARCHER,
				index: 0,
				error: DispatchError::BadOrigin,
				fee: 2
			}]
		);
	});
}

#[test]
fn a_bid_for_a_past_block_is_released_in_full() {
	build_and_execute(|| {
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![remark()],
			40
		));
		// The hook of block 2 did not run (the block was skipped); block 3 finds a stale bid.
		System::set_block_number(2);
		events();
		next_block();
		assert_eq!(held(SEARCHER), 0);
		assert_eq!(Balances::free_balance(SEARCHER), 1_000);
		assert_eq!(events(), vec![Event::BundleDropped { searcher: SEARCHER, bid: 40 }]);
	});
}
