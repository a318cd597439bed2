//! The recovery exit: a holder leaves with its share of whatever can be paid, whatever state
//! the fund is in, and claims the rest later.

use super::*;
use crate::{Event, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_primitives::OracleKey;

#[test]
fn a_frozen_constituent_is_left_owed_and_claimed_once_thawed() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let account = IndexFunds::account_of(id);
		// Bob holds a tenth of the supply.
		next_block();
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(BOB),
			id,
			10 * UNIT,
			bounded(vec![u128::MAX; 3])
		));
		let held = index_tokens(id, BOB);
		// A1's issuer freezes the fund's account, and the manager pauses the fund; the oracle
		// stops too (every value is ten minutes old).
		freeze(A1, account);
		assert_ok!(IndexFunds::pause(RuntimeOrigin::signed(MANAGER), id));
		advance(601);
		next_block();
		assert!(
			IndexFunds::exit(RuntimeOrigin::signed(BOB), id, held, bounded(vec![0; 3])).is_err()
		);
		next_block();
		assert_noop!(
			IndexFunds::exit_single(RuntimeOrigin::signed(BOB), id, SLC, held, 0),
			Error::<Test>::IndexPaused
		);

		let (slc, a1, a2) = (balance(SLC, BOB), balance(A1, BOB), balance(A2, BOB));
		let supply = info(id).supply;
		next_block();
		assert_ok!(IndexFunds::recovery_exit(RuntimeOrigin::signed(BOB), id, held));
		// Bob's 9.99 index tokens of 110, less the 0.2 % exit fee: 9.97002 / 110 of each of
		// 220 SLC, 330 A1 and 82.5 A2 (rounded down).
		let burned = held - held / 500;
		let share = |balance: u128| balance * burned / supply;
		let (slc_out, a1_owed, a2_out) =
			(share(220 * UNIT), share(330 * UNIT), share(82_500_000_000_000));
		assert_eq!(balance(SLC, BOB) - slc, slc_out);
		assert_eq!(balance(A2, BOB) - a2, a2_out);
		assert_eq!(balance(A1, BOB), a1);
		assert_eq!(Owed::<Test>::get((id, A1), BOB), a1_owed);
		assert_eq!(OwedTotal::<Test>::get((id, A1)), a1_owed);
		// About 19.94 SLC, 29.91 A1 (owed), 7.48 A2.
		assert!(slc_out > 19_900_000_000_000 && a1_owed > 29_900_000_000_000);
		System::assert_last_event(
			Event::RecoveryExited {
				index: id,
				who: BOB,
				burned,
				fee: held / 500,
				paid: bounded(vec![slc_out, 0, a2_out]),
				owed: bounded(vec![0, a1_owed, 0]),
			}
			.into(),
		);
		assert_eq!(index_tokens(id, BOB), 0);

		// The claim waits for the thaw; nothing else can take what is owed.
		assert!(IndexFunds::claim(RuntimeOrigin::signed(BOB), id, A1).is_err());
		assert_noop!(
			IndexFunds::claim(RuntimeOrigin::signed(CHARLIE), id, A1),
			Error::<Test>::NothingOwed
		);
		frame_support::assert_ok!(Assets::thaw(RuntimeOrigin::signed(0), 1, account));
		assert_ok!(IndexFunds::claim(RuntimeOrigin::signed(BOB), id, A1));
		assert_eq!(balance(A1, BOB) - a1, a1_owed);
		assert_eq!(OwedTotal::<Test>::get((id, A1)), 0);
		assert_noop!(
			IndexFunds::claim(RuntimeOrigin::signed(BOB), id, A1),
			Error::<Test>::NothingOwed
		);
	});
}

#[test]
fn the_recovery_exit_needs_no_oracle_and_pays_what_exit_pays() {
	build_and_execute(|| {
		let id = create_fund(Strategy::PriceMomentum);
		for asset in [SLC, A1, A2] {
			OracleValues::remove(OracleKey::Price(asset));
		}
		let quote = IndexFunds::plan_exit(&info(id), 10 * UNIT, true).expect("plans").0;
		let before = [SLC, A1, A2].map(|a| balance(a, ALICE));
		next_block();
		assert_ok!(IndexFunds::recovery_exit(RuntimeOrigin::signed(ALICE), id, 10 * UNIT));
		let after = [SLC, A1, A2].map(|a| balance(a, ALICE));
		let got: Vec<u128> = after.iter().zip(before).map(|(a, b)| a - b).collect();
		assert_eq!(got, quote);
		next_block();
		assert_noop!(
			IndexFunds::recovery_exit(RuntimeOrigin::signed(BOB), id, UNIT),
			Error::<Test>::InsufficientIndexTokens
		);
		next_block();
		assert_noop!(
			IndexFunds::recovery_exit(RuntimeOrigin::signed(ALICE), id, 0),
			Error::<Test>::ZeroAmount
		);
		next_block();
		assert_noop!(
			IndexFunds::recovery_exit(RuntimeOrigin::signed(ALICE), 9, UNIT),
			Error::<Test>::IndexNotFound
		);
	});
}

#[test]
fn a_zero_price_is_missing_data_and_the_fund_recovers_by_itself() {
	build_and_execute(|| {
		let id = create_fund(Strategy::PriceMomentum);
		feed_price(A1, 0);
		next_block();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::MissingOracleData
		);
		assert_noop!(
			IndexFunds::poke(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::MissingOracleData
		);
		// The price is back: swaps and pokes work again, no admin needed.
		advance(1);
		feed_price(A1, 100);
		next_block();
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None));
		advance(3_600);
		for (asset, cents) in [(SLC, 200), (A1, 100), (A2, 400)] {
			feed_price(asset, cents);
		}
		assert_ok!(IndexFunds::poke(RuntimeOrigin::signed(BOB), id));
		assert!(info(id).prices.iter().all(|p| p.into_inner() > 0));
	});
}
