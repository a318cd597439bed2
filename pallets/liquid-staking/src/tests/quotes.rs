//! Quotes match what the calls then do.

use super::*;
use crate::Error;
use sp_runtime::Perbill;

#[test]
fn quotes_match_executed_amounts() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		MockStaking::add_reward(12, 0, 7 * UNIT);
		// The reward is not yet claimed: quotes price it in as the calls will.
		assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0));
		let quoted = LiquidStaking::quote_stake(33 * UNIT).unwrap();
		assert_eq!(stake(BOB, 33 * UNIT), quoted);

		let (amount, era) = LiquidStaking::quote_unstake(10 * UNIT).unwrap();
		let id = unstake(BOB, 10 * UNIT);
		let info = LiquidStaking::withdrawals_of(&BOB);
		assert_eq!((info[0].id, info[0].amount, info[0].claimable_era), (id, amount, era));
		assert!(!info[0].claimable_now);

		// Instant unstakes are paid from the buffer a new era keeps, not from this era's stakes.
		start_era(1);
		let (paid, fee) = LiquidStaking::quote_instant_unstake(5 * UNIT).unwrap();
		let before = slc(ALICE);
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 5 * UNIT));
		assert_eq!(slc(ALICE), before + paid);
		assert!(fee > 0);

		let info = LiquidStaking::pool_info().unwrap();
		assert_eq!(info.vslc_supply, LiquidStaking::books().unwrap().supply);
		assert_eq!(info.exchange_rate, rate());
	});
}

#[test]
fn quotes_see_a_pending_slash() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		let before = LiquidStaking::quote_stake(10 * UNIT).unwrap();
		MockStaking::slash(pool(), Perbill::from_percent(5));
		let after = LiquidStaking::quote_stake(10 * UNIT).unwrap();
		assert!(after > before);
		assert_eq!(stake(BOB, 10 * UNIT), after);
		assert_eq!(LiquidStaking::quote_stake(1), Err(Error::<Test>::BelowMinimumStake.into()));
	});
}
