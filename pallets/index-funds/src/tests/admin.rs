//! The manager's calls and meta-governance.

use super::*;
use crate::{Event, Fees, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_primitives::index::IndexVotes;
use sp_runtime::{DispatchError, Perbill};

#[test]
fn manager_or_admin_sets_strategy_and_fees() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_ok!(IndexFunds::set_strategy(RuntimeOrigin::signed(MANAGER), id, Strategy::Tvl));
		assert_eq!(info(id).strategy, Strategy::Tvl);
		System::assert_last_event(Event::StrategySet { index: id, strategy: Strategy::Tvl }.into());
		assert_ok!(IndexFunds::set_strategy(RuntimeOrigin::root(), id, Strategy::Fixed));
		assert_eq!(info(id).strategy, Strategy::Fixed);
		let new = Fees { swap: Perbill::from_percent(1), ..Default::default() };
		assert_ok!(IndexFunds::set_fees(RuntimeOrigin::signed(MANAGER), id, new));
		assert_eq!(info(id).fees, new);
		System::assert_last_event(Event::FeesSet { index: id, fees: new }.into());
		assert_noop!(
			IndexFunds::set_strategy(RuntimeOrigin::signed(ALICE), id, Strategy::Tvl),
			Error::<Test>::NotManager
		);
		assert_noop!(
			IndexFunds::set_fees(RuntimeOrigin::signed(ALICE), id, new),
			Error::<Test>::NotManager
		);
		assert_noop!(
			IndexFunds::set_fees(
				RuntimeOrigin::signed(MANAGER),
				id,
				Fees { join: Perbill::from_percent(6), ..new }
			),
			Error::<Test>::FeeTooHigh
		);
		assert_noop!(
			IndexFunds::set_strategy(RuntimeOrigin::signed(MANAGER), 9, Strategy::Tvl),
			Error::<Test>::IndexNotFound
		);
		assert_noop!(
			IndexFunds::set_strategy(RuntimeOrigin::none(), id, Strategy::Tvl),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn pause_and_resume() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_noop!(IndexFunds::pause(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotManager);
		assert_noop!(
			IndexFunds::resume(RuntimeOrigin::signed(MANAGER), id),
			Error::<Test>::NotPaused
		);
		assert_ok!(IndexFunds::pause(RuntimeOrigin::signed(MANAGER), id));
		assert!(info(id).paused);
		System::assert_last_event(Event::Paused { index: id }.into());
		assert_noop!(IndexFunds::pause(RuntimeOrigin::root(), id), Error::<Test>::IndexPaused);
		assert_noop!(IndexFunds::resume(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotManager);
		assert_ok!(IndexFunds::resume(RuntimeOrigin::root(), id));
		assert!(!info(id).paused);
		System::assert_last_event(Event::Resumed { index: id }.into());
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0));
	});
}

#[test]
fn holdings_through_an_index_are_the_pro_rata_share_of_its_balance() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		// Bob joins with a tenth of the supply (less the join fee).
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(BOB),
			id,
			10 * UNIT,
			bounded(vec![u128::MAX; 3])
		));
		let held = index_tokens(id, BOB);
		let slc = info(id).balances[0];
		let expected = slc * held / info(id).supply;
		assert_eq!(IndexFunds::holdings_through(id, &BOB, &SLC), expected);
		// 220 SLC × 9.99 / 110: a little under 20 SLC.
		assert!(expected < 20 * UNIT && expected > 19 * UNIT);
		assert_eq!(IndexFunds::holdings_through(id, &BOB, &A3), 0);
		assert_eq!(IndexFunds::holdings_through(id, &CHARLIE, &SLC), 0);
		assert_eq!(IndexFunds::holdings_through(9, &BOB, &SLC), 0);
	});
}

#[test]
fn nav_values_the_fund_at_oracle_prices() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		// $400 + $300 + $300 over 100 index tokens: $10 each.
		assert_eq!(IndexFunds::api_nav(id), Ok(sp_runtime::FixedU128::from_u32(10)));
		let view = IndexFunds::api_index(id).expect("exists");
		assert_eq!(view.supply, INITIAL_SUPPLY);
		assert_eq!(view.weights, view.target);
		assert!(IndexFunds::api_index(9).is_none());
	});
}
