use super::*;
use crate::{Error, Event, Pool, Withdrawals};
use frame_support::assert_noop;

#[test]
fn withdraw_pays_after_the_bonding_duration() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		let id = unstake(ALICE, 40 * UNIT);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotClaimable
		);
		start_era(4);
		let before = slc(ALICE);
		events();
		assert_ok!(LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(slc(ALICE), before + 40 * UNIT);
		assert!(Withdrawals::<Test>::get(ALICE).is_empty());
		assert_eq!(Pool::<Test>::get().queue_value, 0);
		assert_eq!(events(), vec![Event::Withdrawn { who: ALICE, id, amount: 40 * UNIT }]);
		// Paid once only.
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn withdraw_refuses_other_accounts_and_unknown_ids() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 10 * UNIT);
		let id = unstake(ALICE, 5 * UNIT);
		start_era(3);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::RequestNotFound
		);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id + 1),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id));
	});
}

#[test]
fn withdraw_waits_for_funds_still_unbonding() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		let id = unstake(ALICE, 40 * UNIT);
		// The request says era 4, but a slow staking system has not released the chunk: the
		// mock's chunk is pushed back to era 5.
		let mut ledger = MockStaking::ledger(pool());
		ledger.unlocking[0].0 = 5;
		crate::mock::MockStaking::replace(pool(), ledger);
		crate::mock::set_era(4);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::FundsNotReady
		);
	});
}

#[test]
fn cancel_unstake_re_mints_at_the_current_rate() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		let id = unstake(ALICE, 40 * UNIT);
		// A reward raises the rate: the request (fixed in SLC) buys back fewer vSLC.
		MockStaking::add_reward(12, 0, 20 * UNIT);
		assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0));
		// It re-enters as a stake: at the full value, the held income included.
		let expected = LiquidStaking::books()
			.map(|b| {
				let full = b.value().unwrap() + b.state.held_ready + b.state.held_new;
				40 * UNIT * b.supply / full
			})
			.unwrap();
		events();
		assert_ok!(LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(vslc(ALICE), 60 * UNIT + expected);
		assert!(expected < 40 * UNIT);
		assert_eq!(Pool::<Test>::get().queue_value, 0);
		assert_eq!(
			events(),
			vec![Event::UnstakeCancelled { who: ALICE, id, amount: 40 * UNIT, vslc: expected }]
		);
		assert_noop!(
			LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn cancel_unstake_is_refused_while_paused() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 10 * UNIT);
		let id = unstake(ALICE, 5 * UNIT);
		assert_ok!(LiquidStaking::pause(RuntimeOrigin::root()));
		assert_noop!(
			LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::StakingPaused
		);
	});
}
