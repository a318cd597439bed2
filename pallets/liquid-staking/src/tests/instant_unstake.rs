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

/// Attack 7: exits ahead of a known slash. While a deferred slash is recorded against the
/// pool (bunker mode), an instant unstake is paid as if it had been taken, and a stake buys at
/// the post-slash value.
#[test]
fn a_pending_slash_prices_instant_unstakes_and_stakes() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		// 10 % of the 190 bonded is slashed in era 3: 19 of the pool's 200.
		MockStaking::defer_slash(pool(), 3, Perbill::from_percent(10));
		assert_eq!(LiquidStaking::pool_info().unwrap().pending_slash, 19 * UNIT);
		let before = slc(ALICE);
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 5 * UNIT));
		// 5 vSLC at (200 − 19) / 200 = 4.525 SLC, less the 0.3 % fee (0.013575): 4.511425.
		assert_eq!(slc(ALICE) - before, 4_511_425_000_000);
		// Bob's 10 SLC buy vSLC at the post-slash value.
		let shares = stake(BOB, 10 * UNIT);
		assert!(shares > 11 * UNIT, "{shares}");
		// The slash lands: Bob's stake is still worth his 10 SLC (less his part of the fee held
		// for the holders, under 0.001 SLC); the slash fell on those who held through it.
		MockStaking::apply_deferred(3);
		start_era(2);
		let books = LiquidStaking::books().unwrap();
		assert_eq!(books.pending_slash, 0);
		let bob = shares * books.value().unwrap() / books.supply;
		assert!(bob <= 10 * UNIT && bob > 10 * UNIT - UNIT / 1_000, "{bob}");
	});
}

/// Found in review: in bunker mode, `unstake` then `cancel_unstake` (repeated in a batch) used to
/// re-buy at the bunker price what was queued at the full value, moving the holder's part of
/// the pending slash onto the others. A cancelled request now re-enters at the value it left at.
#[test]
fn unstake_and_cancel_in_bunker_mode_leave_the_slash_where_it_was() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		// 19 of the pool's 200 will be slashed; Alice owns half the pool.
		MockStaking::defer_slash(pool(), 3, Perbill::from_percent(10));
		for _ in 0..6 {
			let id = unstake(ALICE, vslc(ALICE) / 2);
			assert_ok!(LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id));
		}
		MockStaking::apply_deferred(3);
		start_era(2);
		// After the slash the pool is worth 181: Alice's half is 90.5, not more.
		let books = LiquidStaking::books().unwrap();
		let value = books.value().unwrap() + books.state.held_ready + books.state.held_new;
		assert_eq!(value, 181 * UNIT);
		let alice = vslc(ALICE) * value / books.supply;
		assert!(alice <= 90_500_000_000_000, "{alice}");
	});
}
