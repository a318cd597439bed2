//! The limits PowerIndex users expect: one pool operation per account per block, a supply cap,
//! exact-out swaps and a spot-price limit.

use super::*;
use crate::{Event, Strategy};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Mutate as _};
use sluice_math::{weighted, weights::ONE};
use sp_runtime::FixedU128;

#[test]
fn one_pool_operation_per_account_per_block() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(BOB),
			id,
			10 * UNIT,
			bounded(vec![u128::MAX; 3])
		));
		let held = index_tokens(id, BOB);
		// Bob's exit, swap or single exit in the join's block: refused.
		assert_noop!(
			IndexFunds::exit(RuntimeOrigin::signed(BOB), id, held, bounded(vec![0; 3])),
			Error::<Test>::OneOperationPerBlock
		);
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None),
			Error::<Test>::OneOperationPerBlock
		);
		assert_noop!(
			IndexFunds::recovery_exit(RuntimeOrigin::signed(BOB), id, held),
			Error::<Test>::OneOperationPerBlock
		);
		// Others trade in the same block.
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(CHARLIE), id, A1, UNIT, A2, 0, None));
		// The next block, Bob exits.
		next_block();
		assert!(OperatedThisBlock::<Test>::iter().next().is_none());
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(BOB), id, held, bounded(vec![0; 3])));

		// The fee-exempt account (the reactors' in the runtime) recalls and redeploys in one
		// block.
		let exempt = FeeExemptAccount::get();
		for asset in [SLC, A1, A2] {
			assert_ok!(<Test as crate::Config>::Assets::mint_into(asset, &exempt, 1_000 * UNIT));
		}
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(exempt),
			id,
			UNIT,
			bounded(vec![u128::MAX; 3])
		));
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(exempt), id, UNIT, bounded(vec![0; 3])));
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(exempt),
			id,
			UNIT,
			bounded(vec![u128::MAX; 3])
		));
	});
}

#[test]
fn joins_stop_at_the_supply_cap() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let cap = Some(INITIAL_SUPPLY + 5 * UNIT);
		assert_noop!(
			IndexFunds::set_supply_cap(RuntimeOrigin::signed(BOB), id, cap),
			Error::<Test>::NotManager
		);
		assert_ok!(IndexFunds::set_supply_cap(RuntimeOrigin::signed(MANAGER), id, cap));
		System::assert_last_event(Event::SupplyCapSet { index: id, cap }.into());
		assert_noop!(
			IndexFunds::join(
				RuntimeOrigin::signed(BOB),
				id,
				5 * UNIT + 1,
				bounded(vec![u128::MAX; 3])
			),
			Error::<Test>::SupplyCapReached
		);
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(BOB),
			id,
			5 * UNIT,
			bounded(vec![u128::MAX; 3])
		));
		assert_eq!(info(id).supply, INITIAL_SUPPLY + 5 * UNIT);
		next_block();
		assert_noop!(
			IndexFunds::join_single(RuntimeOrigin::signed(BOB), id, A1, UNIT, 0),
			Error::<Test>::SupplyCapReached
		);
		// Exits are never capped; lifting the cap reopens joins.
		assert_ok!(IndexFunds::exit(RuntimeOrigin::signed(BOB), id, UNIT, bounded(vec![0; 3])));
		next_block();
		assert_ok!(IndexFunds::set_supply_cap(RuntimeOrigin::root(), id, None));
		assert_ok!(IndexFunds::join_single(RuntimeOrigin::signed(BOB), id, A1, UNIT, 0));
	});
}

#[test]
fn an_exact_out_swap_pays_exactly_and_costs_at_most_the_limit() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		// Bob wants exactly 5 A2 ($20) for SLC ($2).
		let cost = weighted::in_given_out(
			200 * UNIT,
			4 * ONE / 10,
			75 * UNIT,
			3 * ONE / 10,
			5 * UNIT,
			3_000_000_000_000_000,
		)
		.expect("prices");
		// More than 10 SLC: the fee and the price impact.
		assert!(cost > 10 * UNIT && cost < 10_700_000_000_000, "{cost}");
		assert_noop!(
			IndexFunds::swap_exact_out(
				RuntimeOrigin::signed(BOB),
				id,
				SLC,
				cost - 1,
				A2,
				5 * UNIT,
				None
			),
			Error::<Test>::SlippageExceeded
		);
		let (slc, a2) = (balance(SLC, BOB), balance(A2, BOB));
		assert_ok!(IndexFunds::swap_exact_out(
			RuntimeOrigin::signed(BOB),
			id,
			SLC,
			cost,
			A2,
			5 * UNIT,
			None
		));
		assert_eq!(slc - balance(SLC, BOB), cost);
		assert_eq!(balance(A2, BOB) - a2, 5 * UNIT);
		assert_eq!(info(id).balances.to_vec(), vec![200 * UNIT + cost, 300 * UNIT, 70 * UNIT]);
		next_block();
		assert_noop!(
			IndexFunds::swap_exact_out(RuntimeOrigin::signed(BOB), id, SLC, u128::MAX, A2, 0, None),
			Error::<Test>::ZeroAmount
		);
		// More than a third of the out balance: refused.
		assert_noop!(
			IndexFunds::swap_exact_out(
				RuntimeOrigin::signed(BOB),
				id,
				SLC,
				u128::MAX,
				A2,
				24 * UNIT,
				None
			),
			Error::<Test>::RatioExceeded
		);
	});
}

#[test]
fn a_swap_stops_at_the_callers_spot_price_limit() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		// At the start one A2 costs 2 SLC (÷ 0.997 with the fee); 10 SLC in moves it to about
		// 2.25 SLC ((210 / 0.4) / (70.26 / 0.3) / 0.997).
		let after = weighted::spot_price(
			210 * UNIT,
			4 * ONE / 10,
			75 * UNIT - IndexFunds::quote_swap(id, SLC, 10 * UNIT, A2).expect("quotes"),
			3 * ONE / 10,
			3_000_000_000_000_000,
		)
		.expect("prices");
		assert!(after > 2_240_000_000_000_000_000 && after < 2_260_000_000_000_000_000, "{after}");
		assert_noop!(
			IndexFunds::swap(
				RuntimeOrigin::signed(BOB),
				id,
				SLC,
				10 * UNIT,
				A2,
				0,
				Some(FixedU128::from_inner(after - 1))
			),
			Error::<Test>::SpotPriceAboveLimit
		);
		assert_ok!(IndexFunds::swap(
			RuntimeOrigin::signed(BOB),
			id,
			SLC,
			10 * UNIT,
			A2,
			0,
			Some(FixedU128::from_inner(after))
		));
	});
}
