use crate::{mock::*, Best, Error, Event, HoldReason};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{DispatchError, TokenError};

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::BlockAuction(HoldReason::Bid), &who)
}

#[test]
fn a_bundle_is_held_and_becomes_the_best_bid_for_the_next_block() {
	build_and_execute(|| {
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![remark(), transfer(TARGET, 5)],
			50
		));
		assert_eq!(held(SEARCHER), 50);
		assert_eq!(BlockAuction::best_bid(), Some((SEARCHER, 50, 2)));
		let best = Best::<Test>::get().unwrap();
		assert_eq!((best.searcher, best.bid, best.target, best.calls), (SEARCHER, 50, 2, 2));
		assert_eq!(crate::auction::decode_calls(&best), vec![remark(), transfer(TARGET, 5)]);
		assert_eq!(
			events(),
			vec![Event::BundleSubmitted { searcher: SEARCHER, bid: 50, target: 2, calls: 2 }]
		);
	});
}

#[test]
fn a_higher_bid_releases_the_one_it_beats() {
	build_and_execute(|| {
		assert_ok!(BlockAuction::submit_bundle(
			RuntimeOrigin::signed(SEARCHER),
			vec![remark()],
			50
		));
		assert_noop!(
			BlockAuction::submit_bundle(RuntimeOrigin::signed(RIVAL), vec![remark()], 50),
			Error::<Test>::BidNotHigher
		);
		events();
		assert_ok!(BlockAuction::submit_bundle(RuntimeOrigin::signed(RIVAL), vec![remark()], 51));
		assert_eq!((held(SEARCHER), held(RIVAL)), (0, 51));
		assert_eq!(Balances::free_balance(SEARCHER), 1_000);
		assert_eq!(
			events(),
			vec![
				Event::Outbid { searcher: SEARCHER, bid: 50 },
				Event::BundleSubmitted { searcher: RIVAL, bid: 51, target: 2, calls: 1 }
			]
		);
	});
}

#[test]
fn bad_bundles_are_refused_and_hold_nothing() {
	build_and_execute(|| {
		let origin = || RuntimeOrigin::signed(SEARCHER);
		assert_noop!(BlockAuction::submit_bundle(origin(), vec![], 50), Error::<Test>::EmptyBundle);
		assert_noop!(
			BlockAuction::submit_bundle(origin(), vec![remark(); 5], 50),
			Error::<Test>::TooManyCalls
		);
		assert_noop!(
			BlockAuction::submit_bundle(origin(), vec![remark()], MIN_BID - 1),
			Error::<Test>::BidTooLow
		);
		let big = RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 600] });
		assert_noop!(
			BlockAuction::submit_bundle(origin(), vec![big], 50),
			Error::<Test>::BundleTooLarge
		);
		// A limit below one remark's weight.
		MaxBundleWeight::set(frame_support::weights::Weight::from_parts(1, 1));
		assert_noop!(
			BlockAuction::submit_bundle(origin(), vec![remark()], 50),
			Error::<Test>::BundleTooHeavy
		);
		MaxBundleWeight::set(frame_support::weights::Weight::from_parts(1_000_000_000, 1_000_000));
		assert_noop!(
			BlockAuction::submit_bundle(origin(), vec![remark()], 5_000),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			BlockAuction::submit_bundle(RuntimeOrigin::none(), vec![remark()], 50),
			DispatchError::BadOrigin
		);
		assert_eq!(held(SEARCHER), 0);
	});
}

#[test]
fn a_bid_must_pay_for_the_block_space_its_calls_take() {
	build_and_execute(|| {
		use frame_support::dispatch::GetDispatchInfo;
		// One unit per 10⁶ of ref time: two transfers cost what their weight costs.
		SpacePrice::set(1);
		let calls = vec![transfer(TARGET, 5), transfer(TARGET, 7)];
		let weight: u64 = calls.iter().map(|c| c.get_dispatch_info().call_weight.ref_time()).sum();
		let price = u128::from(weight / 1_000_000);
		assert!(price > MIN_BID && price < 1_000, "the test needs a price the searcher can pay");
		assert_noop!(
			BlockAuction::submit_bundle(RuntimeOrigin::signed(SEARCHER), calls.clone(), price - 1),
			Error::<Test>::BidBelowBlockSpacePrice
		);
		assert_ok!(BlockAuction::submit_bundle(RuntimeOrigin::signed(SEARCHER), calls, price));
		assert_eq!(held(SEARCHER), price);
		SpacePrice::set(0);
	});
}
