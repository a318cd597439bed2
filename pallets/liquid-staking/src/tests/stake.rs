use super::*;
use crate::{Error, Event, PauseReason, Paused, Pool};
use frame_support::assert_noop;
use sp_runtime::TokenError;

#[test]
fn stake_mints_at_the_rate_and_fills_the_buffer() {
	ExtBuilder::default().build_and_execute(|| {
		let before = slc(ALICE);
		assert_eq!(stake(ALICE, 50 * UNIT), 50 * UNIT);
		assert_eq!(slc(ALICE), before - 50 * UNIT);
		assert_eq!(Pool::<Test>::get().buffer, 50 * UNIT);
		assert_eq!(
			events(),
			vec![Event::Staked { who: ALICE, amount: 50 * UNIT, vslc: 50 * UNIT }]
		);
	});
}

#[test]
fn stake_after_a_reward_mints_fewer_shares_rounded_down() {
	ExtBuilder::default().build_and_execute(|| {
		MockStaking::add_reward(12, 0, 30 * UNIT);
		assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0));
		// 100 bonded + 30 reward: 3 owed to the treasury, 27 held for the holders. A stake pays
		// the full value, 127 for the 100 shares, so it buys no part of the income held.
		let expected = 7 * UNIT * INITIAL_BOND / (INITIAL_BOND + 27 * UNIT);
		assert_eq!(stake(ALICE, 7 * UNIT), expected);
	});
}

#[test]
fn stake_refuses_bad_input_and_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			LiquidStaking::stake(RuntimeOrigin::signed(ALICE), UNIT - 1),
			Error::<Test>::BelowMinimumStake
		);
		// More than the account holds.
		assert_noop!(
			LiquidStaking::stake(RuntimeOrigin::signed(ALICE), 200_000 * UNIT),
			TokenError::FundsUnavailable
		);
		// Everything the account holds would kill it: refused, nothing moved.
		assert_noop!(
			LiquidStaking::stake(RuntimeOrigin::signed(ALICE), 100_000 * UNIT),
			TokenError::NotExpendable
		);
		assert_noop!(
			LiquidStaking::stake(RuntimeOrigin::none(), UNIT),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn stake_is_refused_while_paused() {
	ExtBuilder::default().build_and_execute(|| {
		Paused::<Test>::put(PauseReason::Admin);
		assert_noop!(
			LiquidStaking::stake(RuntimeOrigin::signed(ALICE), UNIT),
			Error::<Test>::StakingPaused
		);
	});
}

#[test]
fn a_stake_worth_less_than_one_share_unit_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// A pool worth more than the minimum stake per smallest vSLC unit (not reachable with
		// real issuance, so the books are edited directly).
		Pool::<Test>::mutate(|s| s.buffer = u128::MAX / 4);
		assert_noop!(
			LiquidStaking::stake(RuntimeOrigin::signed(ALICE), UNIT),
			Error::<Test>::AmountTooSmall
		);
		Pool::<Test>::mutate(|s| s.buffer = 0);
	});
}
