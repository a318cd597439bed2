//! The manager's calls and meta-governance.

use super::*;
use crate::{Event, Fees, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_primitives::index::IndexVotes;
use sp_runtime::{DispatchError, Perbill};

#[test]
fn strategy_and_fee_changes_wait_for_their_timelocks() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		let at = START + STRATEGY_TIMELOCK;
		assert_ok!(IndexFunds::set_strategy(RuntimeOrigin::signed(MANAGER), id, Strategy::Tvl));
		System::assert_last_event(
			Event::StrategySet { index: id, strategy: Strategy::Tvl, at }.into(),
		);
		assert_eq!(IndexFunds::fund(id).ok().map(|i| i.strategy), Some(Strategy::MarketCap));
		// The admin origin replaces the pending change; it waits as long.
		assert_ok!(IndexFunds::set_strategy(RuntimeOrigin::root(), id, Strategy::Fixed));
		advance(STRATEGY_TIMELOCK - 1);
		assert_eq!(IndexFunds::fund(id).ok().map(|i| i.strategy), Some(Strategy::MarketCap));
		advance(1);
		assert_eq!(IndexFunds::fund(id).ok().map(|i| i.strategy), Some(Strategy::Fixed));

		// Fees: one percentage point per change, a day later.
		let new = Fees { swap: Perbill::from_percent(1), ..fees() };
		let at = START + STRATEGY_TIMELOCK + FEE_TIMELOCK;
		assert_ok!(IndexFunds::set_fees(RuntimeOrigin::signed(MANAGER), id, new));
		System::assert_last_event(Event::FeesSet { index: id, fees: new, at }.into());
		assert_eq!(IndexFunds::fund(id).ok().map(|i| i.fees), Some(fees()));
		advance(FEE_TIMELOCK - 1);
		assert_eq!(IndexFunds::fund(id).ok().map(|i| i.fees), Some(fees()));
		advance(1);
		assert_eq!(IndexFunds::fund(id).ok().map(|i| i.fees), Some(new));
		// From 1 % the swap fee may go to 2 %, not to 2.01 % in one step.
		let too_far = Fees { swap: Perbill::from_parts(20_100_000), ..new };
		assert_noop!(
			IndexFunds::set_fees(RuntimeOrigin::signed(MANAGER), id, too_far),
			Error::<Test>::FeeStepTooLarge
		);
		assert_ok!(IndexFunds::set_fees(
			RuntimeOrigin::signed(MANAGER),
			id,
			Fees { swap: Perbill::from_percent(2), ..new }
		));
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
fn an_exit_before_a_scheduled_raise_pays_the_old_fee() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		// The exit fee is 0.2 %; the manager schedules 1.2 %.
		let raised = Fees { exit: Perbill::from_rational(12u32, 1_000), ..fees() };
		assert_ok!(IndexFunds::set_fees(RuntimeOrigin::signed(MANAGER), id, raised));
		let manager_before = index_tokens(id, MANAGER);
		// Alice exits 10 index tokens the block after: 0.02 go to the manager, not 0.12.
		advance(1);
		next_block();
		assert_ok!(IndexFunds::exit(
			RuntimeOrigin::signed(ALICE),
			id,
			10 * UNIT,
			bounded(vec![0; 3])
		));
		assert_eq!(index_tokens(id, MANAGER) - manager_before, 20_000_000_000);
	});
}

#[test]
fn the_manager_hands_over_or_renounces() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		assert_noop!(
			IndexFunds::propose_manager(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotManager
		);
		assert_ok!(IndexFunds::propose_manager(RuntimeOrigin::signed(MANAGER), id, BOB));
		System::assert_last_event(Event::ManagerProposed { index: id, proposed: BOB }.into());
		// Still the old manager until Bob accepts; nobody else may accept.
		assert_ok!(IndexFunds::pause(RuntimeOrigin::signed(MANAGER), id));
		assert_noop!(
			IndexFunds::accept_manager(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NotProposedManager
		);
		assert_ok!(IndexFunds::accept_manager(RuntimeOrigin::signed(BOB), id));
		System::assert_last_event(Event::ManagerChanged { index: id, manager: Some(BOB) }.into());
		assert_eq!(info(id).pending_manager, None);
		assert_noop!(
			IndexFunds::resume(RuntimeOrigin::signed(MANAGER), id),
			Error::<Test>::NotManager
		);
		assert_ok!(IndexFunds::resume(RuntimeOrigin::signed(BOB), id));
		assert_noop!(
			IndexFunds::accept_manager(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotProposedManager
		);

		// Bob renounces: nobody manages it but the admin origin, and no fee is charged.
		assert_ok!(IndexFunds::renounce_manager(RuntimeOrigin::signed(BOB), id));
		System::assert_last_event(Event::ManagerChanged { index: id, manager: None }.into());
		assert_noop!(IndexFunds::pause(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotManager);
		let supply = info(id).supply;
		next_block();
		assert_ok!(IndexFunds::exit(
			RuntimeOrigin::signed(ALICE),
			id,
			10 * UNIT,
			bounded(vec![0; 3])
		));
		assert_eq!(info(id).supply, supply - 10 * UNIT);
		next_block();
		assert_ok!(IndexFunds::join(
			RuntimeOrigin::signed(CHARLIE),
			id,
			10 * UNIT,
			bounded(vec![u128::MAX; 3])
		));
		assert_eq!(index_tokens(id, CHARLIE), 10 * UNIT);
		assert_ok!(IndexFunds::pause(RuntimeOrigin::root(), id));
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
		next_block();
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A2, 0, None));
	});
}

#[test]
fn holdings_through_an_index_are_the_pro_rata_share_of_its_balance() {
	build_and_execute(|| {
		let id = create_fund(Strategy::MarketCap);
		// Bob joins with a tenth of the supply (less the join fee).
		next_block();
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
