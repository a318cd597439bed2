//! `join` and `exit`: every constituent pro rata.

use super::*;
use crate::{Event, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_math::weighted;

const POOL: u128 = 10 * UNIT;

#[test]
fn join_takes_pro_rata_amounts_rounded_up_and_pays_the_manager_its_fee() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let before = info(id);
		let (quote, received) = IndexFunds::quote_join(id, POOL).expect("quotes");
		let expected: Vec<u128> = before
			.balances
			.iter()
			.map(|b| weighted::join_amount(*b, INITIAL_SUPPLY, POOL).expect("joins"))
			.collect();
		assert_eq!(quote, expected);
		// A tenth of the supply costs a tenth of each balance.
		assert_eq!(quote, vec![20 * UNIT, 30 * UNIT, 7_500_000_000_000]);
		let fee = POOL / 1_000;
		assert_eq!(received, POOL - fee);
		let bob_a1 = balance(A1, BOB);
		next_block();
		assert_ok!(IndexFunds::join(RuntimeOrigin::signed(BOB), id, POOL, bounded(quote.clone())));
		assert_eq!(bob_a1 - balance(A1, BOB), 30 * UNIT);
		assert_eq!(index_tokens(id, BOB), received);
		assert_eq!(index_tokens(id, MANAGER), fee);
		let after = info(id);
		assert_eq!(after.supply, INITIAL_SUPPLY + POOL);
		assert_eq!(after.balances.to_vec(), vec![220 * UNIT, 330 * UNIT, 82_500_000_000_000]);
		System::assert_last_event(
			Event::Joined {
				index: id,
				who: BOB,
				minted: received,
				fee,
				amounts_in: bounded(quote),
			}
			.into(),
		);
	});
}

#[test]
fn join_rejects_bad_input() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let max = bounded(vec![u128::MAX; 3]);
		next_block();
		assert_noop!(
			IndexFunds::join(RuntimeOrigin::signed(BOB), 9, POOL, max.clone()),
			Error::<Test>::IndexNotFound
		);
		next_block();
		assert_noop!(
			IndexFunds::join(RuntimeOrigin::signed(BOB), id, POOL, bounded(vec![u128::MAX; 2])),
			Error::<Test>::LengthMismatch
		);
		next_block();
		assert_noop!(
			IndexFunds::join(RuntimeOrigin::signed(BOB), id, 0, max.clone()),
			Error::<Test>::ZeroAmount
		);
		// One unit of index token: the fee (rounded up) would take all of it.
		next_block();
		assert_noop!(
			IndexFunds::join(RuntimeOrigin::signed(BOB), id, 1, max.clone()),
			Error::<Test>::TooSmall
		);
		let tight = bounded(vec![20 * UNIT, 30 * UNIT, 7_500_000_000_000 - 1]);
		next_block();
		assert_noop!(
			IndexFunds::join(RuntimeOrigin::signed(BOB), id, POOL, tight),
			Error::<Test>::SlippageExceeded
		);
		// Nobody has no tokens: a token error, nothing moved.
		next_block();
		assert_noop!(
			IndexFunds::join(RuntimeOrigin::signed(NOBODY), id, POOL, max.clone()),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_ok!(IndexFunds::pause(RuntimeOrigin::signed(MANAGER), id));
		next_block();
		assert_noop!(
			IndexFunds::join(RuntimeOrigin::signed(BOB), id, POOL, max),
			Error::<Test>::IndexPaused
		);
	});
}

#[test]
fn exit_pays_pro_rata_rounded_down_and_works_while_paused() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_ok!(IndexFunds::pause(RuntimeOrigin::signed(MANAGER), id));
		let quote = IndexFunds::quote_exit(id, POOL).expect("quotes");
		let fee = POOL * 2 / 1_000;
		let burned = POOL - fee;
		let expected: Vec<u128> = [200 * UNIT, 300 * UNIT, 75 * UNIT]
			.iter()
			.map(|b| b * burned / INITIAL_SUPPLY)
			.collect();
		assert_eq!(quote, expected);
		let alice_a2 = balance(A2, ALICE);
		next_block();
		assert_ok!(IndexFunds::exit(
			RuntimeOrigin::signed(ALICE),
			id,
			POOL,
			bounded(quote.clone())
		));
		assert_eq!(balance(A2, ALICE) - alice_a2, expected[2]);
		assert_eq!(index_tokens(id, ALICE), INITIAL_SUPPLY - LOCKED - POOL);
		assert_eq!(index_tokens(id, MANAGER), fee);
		assert_eq!(info(id).supply, INITIAL_SUPPLY - burned);
		System::assert_last_event(
			Event::Exited { index: id, who: ALICE, burned, fee, amounts_out: bounded(quote) }
				.into(),
		);
	});
}

#[test]
fn exit_rejects_bad_input() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let zero = bounded(vec![0; 3]);
		next_block();
		assert_noop!(
			IndexFunds::exit(RuntimeOrigin::signed(ALICE), 9, POOL, zero.clone()),
			Error::<Test>::IndexNotFound
		);
		next_block();
		assert_noop!(
			IndexFunds::exit(RuntimeOrigin::signed(ALICE), id, POOL, bounded(vec![0; 4])),
			Error::<Test>::LengthMismatch
		);
		next_block();
		assert_noop!(
			IndexFunds::exit(RuntimeOrigin::signed(BOB), id, POOL, zero.clone()),
			Error::<Test>::InsufficientIndexTokens
		);
		next_block();
		assert_noop!(
			IndexFunds::exit(RuntimeOrigin::signed(ALICE), id, 0, zero.clone()),
			Error::<Test>::ZeroAmount
		);
		// One unit pays nothing of any constituent after the fee: refused rather than burned.
		next_block();
		assert_noop!(
			IndexFunds::exit(RuntimeOrigin::signed(ALICE), id, 1, zero),
			Error::<Test>::TooSmall
		);
		let greedy = bounded(vec![0, 0, 75 * UNIT]);
		next_block();
		assert_noop!(
			IndexFunds::exit(RuntimeOrigin::signed(ALICE), id, POOL, greedy),
			Error::<Test>::SlippageExceeded
		);
	});
}

#[test]
fn everyone_can_exit_but_the_locked_supply_keeps_every_balance_positive() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let all = INITIAL_SUPPLY - LOCKED;
		next_block();
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(ALICE), id, all, bounded(vec![0; 3])));
		let left = info(id);
		assert!(left.balances.iter().all(|b| *b > 0));
		// The manager got the exit fee; what is left is the locked supply and that fee.
		assert_eq!(left.supply, LOCKED + index_tokens(id, MANAGER));
	});
}

#[test]
fn join_then_exit_never_returns_more() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		set_fees_now(id, Default::default());
		for pool in [1_000u128, 7_777_777, UNIT / 3, 13 * UNIT + 1] {
			let before: Vec<u128> = [SLC, A1, A2].iter().map(|a| balance(a.clone(), BOB)).collect();
			next_block();
			assert_ok!(IndexFunds::join(
				RuntimeOrigin::signed(BOB),
				id,
				pool,
				bounded(vec![u128::MAX; 3])
			));
			next_block();
			assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(BOB), id, pool, bounded(vec![0; 3])));
			let after: Vec<u128> = [SLC, A1, A2].iter().map(|a| balance(a.clone(), BOB)).collect();
			assert!(
				after.iter().zip(&before).all(|(a, b)| a <= b),
				"{pool}: {before:?} -> {after:?}"
			);
		}
	});
}

#[test]
fn fees_are_not_charged_when_the_manager_cannot_receive_them() {
	build_and_execute(|| {
		assert_ok!(IndexFunds::create_index(
			RuntimeOrigin::signed(ALICE),
			bounded(vec![SLC, A1]),
			bounded(vec![sp_runtime::Perbill::from_percent(50); 2]),
			bounded(vec![100 * UNIT, 200 * UNIT]),
			Strategy::Fixed,
			fees(),
			NOBODY,
			name(b"Test index"),
			name(b"TIX"),
		));
		// NOBODY has no account, so it cannot hold the (non-sufficient) index token.
		next_block();
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(BOB),
			0,
			POOL,
			bounded(vec![u128::MAX; 2])
		));
		assert_eq!(index_tokens(0, BOB), POOL);
		assert_eq!(index_tokens(0, NOBODY), 0);
		next_block();
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(BOB), 0, POOL, bounded(vec![0; 2])));
		assert_eq!(index_tokens(0, BOB), 0);
		assert_eq!(info(0).supply, INITIAL_SUPPLY);
	});
}
