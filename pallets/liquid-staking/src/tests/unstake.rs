use super::*;
use crate::{Error, Event, Pool, Withdrawals};
use frame_support::assert_noop;

#[test]
fn unstake_burns_vslc_and_queues_a_request_covered_by_the_buffer() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 50 * UNIT);
		events();
		let id = unstake(ALICE, 20 * UNIT);
		assert_eq!(vslc(ALICE), 30 * UNIT);
		let request = &Withdrawals::<Test>::get(ALICE)[0];
		assert_eq!((request.id, request.nominal, request.claimable_era), (id, 20 * UNIT, 3));
		assert_eq!(Pool::<Test>::get().queue_value, 20 * UNIT);
		// The 50 SLC buffer covers the request: nothing unbonded.
		assert!(MockStaking::ledger(pool()).unlocking.is_empty());
		assert_eq!(
			events(),
			vec![Event::Unstaked {
				who: ALICE,
				id,
				vslc: 20 * UNIT,
				amount: 20 * UNIT,
				claimable_era: 3
			}]
		);
	});
}

#[test]
fn unstake_unbonds_what_the_buffer_does_not_cover() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		// The new era bonds the buffer above its 5 % target: 10 of 200 stay unbonded.
		start_era(1);
		assert_eq!(Pool::<Test>::get().buffer, 10 * UNIT);
		unstake(ALICE, 40 * UNIT);
		assert_eq!(MockStaking::ledger(pool()).unlocking, vec![(4, 30 * UNIT)]);
		assert_eq!(Withdrawals::<Test>::get(ALICE)[0].claimable_era, 4);
	});
}

#[test]
fn unstake_refuses_bad_input_and_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 10 * UNIT);
		assert_noop!(
			LiquidStaking::unstake(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::AmountTooSmall
		);
		assert_noop!(
			LiquidStaking::unstake(RuntimeOrigin::signed(ALICE), 10 * UNIT + 1),
			Error::<Test>::InsufficientVslc
		);
		assert_noop!(
			LiquidStaking::unstake(RuntimeOrigin::signed(BOB), UNIT),
			Error::<Test>::InsufficientVslc
		);
		for _ in 0..4 {
			unstake(ALICE, UNIT);
		}
		assert_noop!(
			LiquidStaking::unstake(RuntimeOrigin::signed(ALICE), UNIT),
			Error::<Test>::TooManyRequests
		);
	});
}

#[test]
fn unstake_is_refused_when_the_staking_system_cannot_unbond() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		// The ledger holds as many unlocking chunks as the staking system allows (32); the
		// chunk of a new era is refused.
		let mut ledger = MockStaking::ledger(pool());
		ledger.unlocking = (100..132).map(|era| (era, UNIT)).collect();
		ledger.active -= 32 * UNIT;
		MockStaking::replace(pool(), ledger);
		let queued = Pool::<Test>::get().queue_value;
		assert_noop!(
			LiquidStaking::unstake(RuntimeOrigin::signed(ALICE), 40 * UNIT),
			Error::<Test>::CannotUnbond
		);
		assert_eq!(Pool::<Test>::get().queue_value, queued);
	});
}
