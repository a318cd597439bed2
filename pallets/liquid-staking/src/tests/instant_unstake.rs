use super::*;
use crate::{Error, Event, Pool};
use frame_support::assert_noop;
use sp_runtime::Perbill;

#[test]
fn instant_unstake_pays_from_the_buffer_less_the_fee() {
	// A buffer target of half the pool keeps Alice's stake unbonded past the era's start.
	ExtBuilder::default()
		.params(|p| p.buffer_target = Perbill::from_percent(50))
		.build_and_execute(|| {
			stake(ALICE, 50 * UNIT);
			start_era(1);
			let before = slc(ALICE);
			let rate_before = rate();
			events();
			assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 10 * UNIT));
			// 0.3 % fee, rounded up, stays in the pool as income of those who stay.
			let fee = 30_000_000_000;
			assert_eq!(slc(ALICE), before + 10 * UNIT - fee);
			assert_eq!(vslc(ALICE), 40 * UNIT);
			assert_eq!(Pool::<Test>::get().buffer, 40 * UNIT + fee);
			assert_eq!(Pool::<Test>::get().held_new, fee);
			assert_eq!(rate(), rate_before);
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
		stake(BOB, 10 * UNIT);
		// The new era bonds all but the 5 % target: 10.5 of 210 stay in the buffer.
		start_era(1);
		assert_eq!(Pool::<Test>::get().buffer, 10_500_000_000_000);
		// Bob's request is covered by the buffer (nothing unbonded): 10 of the 10.5 are his.
		unstake(BOB, 10 * UNIT);
		assert_eq!(MockStaking::ledger(pool()).unlocking, vec![]);
		assert_noop!(
			LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), UNIT),
			Error::<Test>::InsufficientBuffer
		);
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), UNIT / 4));
	});
}

#[test]
fn instant_unstake_cannot_draw_on_this_eras_stakes() {
	ExtBuilder::default().build_and_execute(|| {
		// Bob's 50 sit in the buffer until the next era, but not for instant unstakes.
		stake(BOB, 50 * UNIT);
		assert_eq!(Pool::<Test>::get().buffer, 50 * UNIT);
		assert_noop!(
			LiquidStaking::instant_unstake(RuntimeOrigin::signed(BOB), UNIT),
			Error::<Test>::InsufficientBuffer
		);
		assert_eq!(
			LiquidStaking::quote_instant_unstake(UNIT),
			Err(Error::<Test>::InsufficientBuffer.into())
		);
		// From the next era on, the buffer the era kept (5 % of 150) serves them.
		start_era(1);
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(BOB), UNIT));
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
