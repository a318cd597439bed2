use crate::{mock::*, Best, Event, Pending};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
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
		let (hooks, inherent) = build_block();
		assert!(hooks.ref_time() > 0);
		assert!(matches!(inherent, Inherent::Applied(w) if w.ref_time() > 0));
		assert_eq!(Balances::free_balance(TARGET), 1 + 12);
		assert_eq!(Balances::free_balance(SEARCHER), 1_000 - 12 - 30);
		assert_eq!(Balances::free_balance(POOL), 1 + 30);
		assert_eq!((held(SEARCHER), held(RIVAL)), (0, 0));
		assert_eq!(Balances::free_balance(RIVAL), 1_000);
		assert!(Best::<Test>::get().is_none() && Pending::<Test>::get().is_none());
		assert_eq!(
			events(),
			vec![
				Event::BundleWon { searcher: SEARCHER, bid: 30 },
				Event::BundleExecuted { searcher: SEARCHER, bid: 30, calls: 2 }
			]
		);
		// Nothing left to run in the following block.
		assert_eq!(build_block().1, Inherent::None);
		assert!(events().is_empty());
	});
}

#[test]
fn a_failing_bundle_is_rolled_back_and_still_pays_its_whole_bid() {
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
		// No option: the winner pays its bid whether or not its calls succeed.
		assert_eq!(Balances::free_balance(SEARCHER), 1_000 - 100);
		assert_eq!(Balances::free_balance(POOL), 1 + 100);
		assert_eq!(held(SEARCHER), 0);
		assert_eq!(
			events(),
			vec![
				Event::BundleWon { searcher: SEARCHER, bid: 100 },
				Event::BundleFailed {
					searcher: SEARCHER,
					index: 1,
					error: DispatchError::Arithmetic(ArithmeticError::Underflow),
					bid: 100
				}
			]
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
			vec![
				Event::BundleWon { searcher: SEARCHER, bid: 20 },
				Event::BundleFailed {
					searcher: SEARCHER,
					index: 0,
					error: DispatchError::BadOrigin,
					bid: 20
				}
			]
		);
	});
}

/// Attack 1 at the pallet level: a bundle whose call panics. The block is built without the
/// bundle inherent (as the node's block builder drops an inherent that traps), the bid is paid,
/// the bundle is gone, and the blocks after it are produced as usual.
#[test]
fn a_bundle_that_traps_is_left_out_and_blocks_go_on() {
	build_and_execute(|| {
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![transfer(TARGET, 5), boom()],
			40
		));
		events();
		let (_, inherent) = build_block();
		assert_eq!(inherent, Inherent::Trapped);
		// The transfer before the panic was discarded with the inherent; the bid was paid.
		assert_eq!(Balances::free_balance(TARGET), 1);
		assert_eq!(Balances::free_balance(SEARCHER), 1_000 - 40);
		assert_eq!(Balances::free_balance(POOL), 1 + 40);
		assert!(Best::<Test>::get().is_none() && Pending::<Test>::get().is_none());
		assert_eq!(
			events(),
			vec![
				Event::BundleWon { searcher: SEARCHER, bid: 40 },
				Event::BundleSkipped { searcher: SEARCHER, bid: 40 }
			]
		);
		// The next blocks see no bundle, and a new auction works.
		assert_eq!(build_block().1, Inherent::None);
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(RIVAL),
			vec![transfer(TARGET, 3)],
			20
		));
		assert!(matches!(build_block().1, Inherent::Applied(_)));
		assert_eq!(Balances::free_balance(TARGET), 1 + 3);
		assert_eq!(Balances::free_balance(POOL), 1 + 40 + 20);
	});
}

#[test]
fn an_author_who_leaves_the_inherent_out_skips_the_bundle_but_keeps_its_bid_paid() {
	use frame_support::traits::Hooks;
	build_and_execute(|| {
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![transfer(TARGET, 5)],
			25
		));
		events();
		System::set_block_number(2);
		BlockAuction::on_initialize(2);
		BlockAuction::on_finalize(2);
		assert_eq!(Balances::free_balance(TARGET), 1);
		assert_eq!(Balances::free_balance(POOL), 1 + 25);
		assert!(Pending::<Test>::get().is_none());
		assert_eq!(
			events(),
			vec![
				Event::BundleWon { searcher: SEARCHER, bid: 25 },
				Event::BundleSkipped { searcher: SEARCHER, bid: 25 }
			]
		);
	});
}

#[test]
fn the_inherent_runs_only_the_pending_bundle_as_described() {
	use frame_support::traits::Hooks;
	build_and_execute(|| {
		let run = |calls, weight| {
			BlockAuction::execute_bundle(RuntimeOrigin::none(), calls, weight).map(|_| ())
		};
		assert_noop!(run(1, Default::default()), crate::Error::<Test>::NoPendingBundle);
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![remark()],
			25
		));
		System::set_block_number(2);
		BlockAuction::on_initialize(2);
		let weight = Pending::<Test>::get().map(|b| b.weight).unwrap_or_default();
		assert_noop!(run(2, weight), crate::Error::<Test>::InherentMismatch);
		assert_noop!(
			BlockAuction::execute_bundle(RuntimeOrigin::signed(SEARCHER), 1, weight),
			DispatchError::BadOrigin
		);
		assert_ok!(run(1, weight));
		assert_noop!(run(1, weight), crate::Error::<Test>::NoPendingBundle);
		BlockAuction::on_finalize(2);
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

#[test]
fn a_runtime_upgrade_releases_the_best_bid() {
	use frame_support::traits::Hooks;
	build_and_execute(|| {
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![remark()],
			40
		));
		events();
		BlockAuction::on_runtime_upgrade();
		assert_eq!(held(SEARCHER), 0);
		assert!(Best::<Test>::get().is_none());
		assert_eq!(events(), vec![Event::BundleDropped { searcher: SEARCHER, bid: 40 }]);
	});
}
