use super::*;
use crate::{Error, Event, Pool, Withdrawals};
use frame_support::assert_noop;

#[test]
fn withdraw_pays_after_the_bonding_duration() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		let id = unstake(ALICE, 40 * UNIT);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotClaimable
		);
		start_era(4);
		let before = slc(ALICE);
		events();
		assert_ok!(LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id));
		// The 40 SLC, and the request's 0.1 SLC deposit back.
		assert_eq!(slc(ALICE), before + 40 * UNIT + UNIT / 10);
		assert!(Withdrawals::<Test>::get(ALICE).is_empty());
		assert_eq!(Pool::<Test>::get().queue_value, 0);
		assert_eq!(events(), vec![Event::Withdrawn { who: ALICE, id, amount: 40 * UNIT }]);
		// Paid once only.
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn withdraw_refuses_other_accounts_and_unknown_ids() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 10 * UNIT);
		let id = unstake(ALICE, 5 * UNIT);
		start_era(3);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::RequestNotFound
		);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id + 1),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id));
	});
}

#[test]
fn withdraw_waits_for_funds_still_unbonding() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		let id = unstake(ALICE, 40 * UNIT);
		// The request says era 4, but a slow staking system has not released the chunk: the
		// mock's chunk is pushed back to era 5.
		let mut ledger = MockStaking::ledger(pool());
		ledger.unlocking[0].0 = 5;
		crate::mock::MockStaking::replace(pool(), ledger);
		crate::mock::set_era(4);
		assert_noop!(
			LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::FundsNotReady
		);
	});
}

#[test]
fn cancel_unstake_re_mints_at_the_current_rate() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		let id = unstake(ALICE, 40 * UNIT);
		// A reward raises the rate: the request (fixed in SLC) buys back fewer vSLC.
		MockStaking::add_reward(12, 0, 20 * UNIT);
		assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0));
		// It re-enters as a stake: at the full value, the held income included.
		let expected = LiquidStaking::books()
			.map(|b| {
				let full = b.value().unwrap() + b.state.held_ready + b.state.held_new;
				40 * UNIT * b.supply / full
			})
			.unwrap();
		events();
		assert_ok!(LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(vslc(ALICE), 60 * UNIT + expected);
		assert!(expected < 40 * UNIT);
		assert_eq!(Pool::<Test>::get().queue_value, 0);
		assert_eq!(
			events(),
			vec![Event::UnstakeCancelled { who: ALICE, id, amount: 40 * UNIT, vslc: expected }]
		);
		assert_noop!(
			LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn cancel_unstake_is_refused_while_paused() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 10 * UNIT);
		let id = unstake(ALICE, 5 * UNIT);
		assert_ok!(LiquidStaking::pause(RuntimeOrigin::root()));
		assert_noop!(
			LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::StakingPaused
		);
	});
}

/// Attack 6, first half: a chunk that unlocks after a request's era does not cover it. The
/// refill of era 2 unlocks in era 5; the request of era 1 is claimable in era 4 and keeps its
/// buffer, so instant unstakes cannot take it.
#[test]
fn a_request_is_covered_only_by_chunks_that_unlock_by_its_era() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		assert_eq!(Pool::<Test>::get().buffer, 10 * UNIT);
		// 8 queued, claimable in era 4, covered by the buffer: nothing unbonded.
		let id = unstake(ALICE, 8 * UNIT);
		assert_eq!(MockStaking::ledger(pool()).unlocking, vec![]);
		// Era 2 refills the free buffer (2 free, the target 5 % of 192): 7.6 unbonded, a chunk
		// unlocking in era 5.
		start_era(2);
		assert_eq!(MockStaking::ledger(pool()).unlocking, vec![(5, 7_600_000_000_000)]);
		// That chunk arrives after the request's era: the 8 stay reserved.
		assert_noop!(
			LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 5 * UNIT),
			Error::<Test>::InsufficientBuffer
		);
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), UNIT));
		// In era 4 the request is paid on time.
		start_era(3);
		start_era(4);
		let before = slc(ALICE);
		assert_ok!(LiquidStaking::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(slc(ALICE), before + 8 * UNIT + UNIT / 10);
	});
}

/// Attack 6, second half: `unstake` then `cancel_unstake` in one batch unbonds nothing, since
/// the cancel re-bonds what the request unbonded; the next era has no orphaned chunk to count.
#[test]
fn cancelling_a_request_re_bonds_what_it_unbonded() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		assert_eq!(MockStaking::ledger(pool()).active, 190 * UNIT);
		let id = unstake(ALICE, 50 * UNIT);
		assert_eq!(MockStaking::ledger(pool()).unlocking, vec![(4, 40 * UNIT)]);
		assert_ok!(LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), id));
		let ledger = MockStaking::ledger(pool());
		assert_eq!((ledger.active, ledger.unlocking), (190 * UNIT, vec![]));
		// The next era keeps the buffer at its target: nothing was bonded away.
		start_era(2);
		assert_eq!(Pool::<Test>::get().buffer, 10 * UNIT);
		assert_eq!(MockStaking::ledger(pool()).active, 190 * UNIT);
	});
}

#[test]
fn a_request_holds_a_deposit_returned_with_it() {
	use frame_support::traits::fungible::{InspectHold, Mutate};
	ExtBuilder::default().build_and_execute(|| {
		let reason = RuntimeHoldReason::LiquidStaking(crate::HoldReason::WithdrawalRequest);
		stake(ALICE, 10 * UNIT);
		let first = unstake(ALICE, UNIT);
		unstake(ALICE, UNIT);
		assert_eq!(Balances::balance_on_hold(&reason, &ALICE), 2 * UNIT / 10);
		assert_ok!(LiquidStaking::cancel_unstake(RuntimeOrigin::signed(ALICE), first));
		assert_eq!(Balances::balance_on_hold(&reason, &ALICE), UNIT / 10);
		// An account that cannot pay the deposit cannot queue a request.
		let vslc_held = vslc(ALICE);
		assert_ok!(<Assets as frame_support::traits::fungibles::Mutate<_>>::transfer(
			VSLC,
			&ALICE,
			&EVE,
			vslc_held,
			frame_support::traits::tokens::Preservation::Expendable
		));
		Balances::set_balance(&EVE, UNIT / 20);
		assert_noop!(
			LiquidStaking::unstake(RuntimeOrigin::signed(EVE), UNIT),
			Error::<Test>::CannotPayDeposit
		);
	});
}
