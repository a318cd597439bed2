use super::*;
use crate::{Error, Event, Pool};
use frame_support::assert_noop;

#[test]
fn instant_unstake_pays_from_the_buffer_less_the_fee() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 50 * UNIT);
		let before = slc(ALICE);
		let rate_before = rate();
		events();
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 10 * UNIT));
		// 0.3 % fee, rounded up, stays in the pool.
		let fee = 30_000_000_000;
		assert_eq!(slc(ALICE), before + 10 * UNIT - fee);
		assert_eq!(vslc(ALICE), 40 * UNIT);
		assert_eq!(Pool::<Test>::get().buffer, 40 * UNIT + fee);
		assert!(rate() > rate_before);
		assert_eq!(
			events(),
			vec![Event::InstantUnstaked {
				who: ALICE,
				vslc: 10 * UNIT,
				amount: 10 * UNIT - fee,
				fee
			}]
		);
	});
}

#[test]
fn instant_unstake_never_touches_the_buffer_owed_to_the_queue() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		// The new era bonds all but the 5 % target: 10 of 200 stay in the buffer.
		start_era(1);
		stake(BOB, 10 * UNIT);
		// Bob's request is covered by the buffer (nothing unbonded): 10 of its 20 are his.
		unstake(BOB, 10 * UNIT);
		assert_eq!(Pool::<Test>::get().buffer, 20 * UNIT);
		assert_noop!(
			LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 15 * UNIT),
			Error::<Test>::InsufficientBuffer
		);
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 9 * UNIT));
	});
}

#[test]
fn instant_unstake_refuses_bad_input() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 10 * UNIT);
		assert_noop!(
			LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::AmountTooSmall
		);
		assert_noop!(
			LiquidStaking::instant_unstake(RuntimeOrigin::signed(BOB), UNIT),
			Error::<Test>::InsufficientVslc
		);
		// One smallest unit is worth one unit, all of it fee.
		assert_noop!(
			LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 1),
			Error::<Test>::AmountTooSmall
		);
	});
}
