//! Slashes: requested by the service's slasher, vetoable for a window, then applied to every
//! delegator and queued withdrawal pro rata in one write per pool; outlier reports.

use super::*;
use crate::Event;
use frame_support::assert_noop;

fn evidence() -> Evidence {
	b"feed 7 at block 3".to_vec().try_into().expect("fits")
}

/// The oracle service's slasher requests a slash of `fraction` of `operator`'s allocation.
fn request_slash(operator: AccountId, fraction: Perbill) {
	assert_ok!(Restaking::slash(RuntimeOrigin::signed(SLASHER), 0, operator, fraction, evidence()));
}

#[test]
fn a_slash_waits_for_the_veto_window_then_reaches_delegators_and_queued_withdrawals() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP1, SLC, 300 * UNIT);
		stake(BOB, OP1, SLC, 100 * UNIT);
		stake(BOB, OP1, V, 50 * UNIT);
		// Charlie queues his whole delegation: it stays slashable.
		stake(CHARLIE, OP1, SLC, 100 * UNIT);
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(CHARLIE), OP1, SLC));
		assert_noop!(
			Restaking::slash(RuntimeOrigin::signed(ALICE), 0, OP1, Perbill::one(), evidence()),
			Error::<Test>::NotSlasher
		);
		assert_noop!(
			Restaking::slash(RuntimeOrigin::signed(SLASHER), 5, OP1, Perbill::one(), evidence()),
			Error::<Test>::ServiceNotFound
		);
		assert_noop!(
			Restaking::slash(RuntimeOrigin::signed(SLASHER), 0, DAVE, Perbill::one(), evidence()),
			Error::<Test>::NotAllocated
		);
		// 20 % of OP1's 50 % allocation: 10 % of each pool.
		request_slash(OP1, Perbill::from_percent(20));
		let pending = PendingSlashes::<Test>::get(0).expect("pending");
		assert_eq!(pending.portion, Perbill::from_percent(10));
		assert_eq!(pending.evidence, sp_io::hashing::blake2_256(&evidence()));
		// The operator cannot leave while it is pending.
		assert_noop!(
			Restaking::deregister(RuntimeOrigin::signed(OP1)),
			Error::<Test>::OperatorInUse
		);
		let treasury = (balance(SLC, TREASURY), balance(V, TREASURY));
		run_to_block(pending.due - 1);
		assert_eq!(delegated(ALICE, OP1, SLC), 300 * UNIT);
		run_to_block(pending.due);
		// 10 % of 500 SLC and of 50 V to the treasury.
		assert_eq!(balance(SLC, TREASURY) - treasury.0, 50 * UNIT);
		assert_eq!(balance(V, TREASURY) - treasury.1, 5 * UNIT);
		System::assert_has_event(
			Event::Slashed { id: 0, operator: OP1, asset: SLC, amount: 50 * UNIT }.into(),
		);
		assert_eq!(delegated(ALICE, OP1, SLC), 270 * UNIT);
		assert_eq!(delegated(BOB, OP1, SLC), 90 * UNIT);
		assert_eq!(delegated(BOB, OP1, V), 45 * UNIT);
		assert!(PendingSlashes::<Test>::get(0).is_none());
		// Charlie's queued withdrawal lost its 10 % too.
		run_to_block(1 + ALLOCATION_DELAY + WITHDRAWAL_DELAY);
		let before = balance(SLC, CHARLIE);
		assert_ok!(Restaking::complete_withdrawal(RuntimeOrigin::signed(CHARLIE), 0));
		assert_eq!(balance(SLC, CHARLIE) - before, 90 * UNIT);
	});
}

#[test]
fn a_vetoed_slash_takes_nothing() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP2, SLC, 100 * UNIT);
		request_slash(OP2, Perbill::from_percent(50));
		assert_noop!(
			Restaking::veto_slash(RuntimeOrigin::signed(ALICE), 0),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(Restaking::veto_slash(RuntimeOrigin::root(), 3), Error::<Test>::SlashNotFound);
		assert_ok!(Restaking::veto_slash(RuntimeOrigin::root(), 0));
		System::assert_last_event(Event::SlashVetoed { id: 0 }.into());
		run_to_block(System::block_number() + VETO_WINDOW + 1);
		assert_eq!(delegated(ALICE, OP2, SLC), 100 * UNIT);
		assert_eq!(SlashCursor::<Test>::get(), 1);
	});
}

#[test]
fn pending_slashes_are_bounded_and_applied_a_few_per_block() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP2, SLC, 1_000 * UNIT);
		for _ in 0..4 {
			request_slash(OP2, Perbill::from_percent(10));
		}
		assert_noop!(
			Restaking::slash(RuntimeOrigin::signed(SLASHER), 0, OP2, Perbill::one(), evidence()),
			Error::<Test>::TooManyPendingSlashes
		);
		let due = PendingSlashes::<Test>::get(0).expect("pending").due;
		// Two per block (`MaxSlashesPerBlock`).
		run_to_block(due);
		assert_eq!(SlashCursor::<Test>::get(), 2);
		run_to_block(due + 1);
		assert_eq!(SlashCursor::<Test>::get(), 4);
		// 0.9^4 of 1 000, each slash rounded up against the pool.
		assert_eq!(delegated(ALICE, OP2, SLC), 656_100_000_000_000);
	});
}

#[test]
fn a_slash_writes_no_delegator_record_yet_reaches_every_delegator() {
	build_and_execute(|| {
		operators_and_oracle_service();
		let delegators = 100..150u128;
		for who in delegators.clone() {
			assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), who, 10 * UNIT));
			stake(who, OP2, SLC, UNIT);
		}
		let records: Vec<_> = Delegations::<Test>::iter().collect();
		request_slash(OP2, Perbill::from_percent(10));
		run_to_block(PendingSlashes::<Test>::get(0).expect("pending").due);
		// The delegation records are untouched: the slash wrote the pool only.
		let after: Vec<_> = Delegations::<Test>::iter().collect();
		assert_eq!(records, after);
		for who in delegators {
			assert_eq!(delegated(who, OP2, SLC), UNIT * 9 / 10);
		}
	});
}

#[test]
fn an_outlier_feeder_is_reported_once_and_slashed_through_the_oracle_service() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP1, SLC, 400 * UNIT);
		Combined::put(reading(100, 1_000));
		// Within 5 % of the combined value: no outlier.
		Feeds::insert(OP1, reading(104, 1_000));
		assert_noop!(
			Restaking::report_outlier(
				RuntimeOrigin::signed(BOB),
				OP1,
				sluice_primitives::OracleKey::Price(SLC)
			),
			Error::<Test>::NotAnOutlier
		);
		assert_noop!(
			Restaking::report_outlier(
				RuntimeOrigin::signed(BOB),
				OP2,
				sluice_primitives::OracleKey::Price(SLC)
			),
			Error::<Test>::NotAnOutlier
		);
		let key = sluice_primitives::OracleKey::Price(SLC);
		// A value the combined one has moved away from since is stale, not false.
		Feeds::insert(OP1, reading(120, 2_000));
		Combined::put(reading(100, 12_001));
		assert_noop!(
			Restaking::report_outlier(RuntimeOrigin::signed(BOB), OP1, key.clone()),
			Error::<Test>::StaleFeed
		);
		Combined::put(reading(100, 2_000));
		assert_ok!(Restaking::report_outlier(RuntimeOrigin::signed(BOB), OP1, key.clone()));
		assert_noop!(
			Restaking::report_outlier(RuntimeOrigin::signed(BOB), OP1, key),
			Error::<Test>::AlreadyReported
		);
		// 10 % (`OutlierSlash`) of OP1's 50 % allocation.
		let pending = PendingSlashes::<Test>::get(0).expect("pending");
		assert_eq!((pending.service, pending.portion), (0, Perbill::from_percent(5)));
		run_to_block(pending.due);
		assert_eq!(delegated(ALICE, OP1, SLC), 380 * UNIT);
	});
}

#[test]
fn a_pool_slashed_to_nothing_takes_no_new_stake() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP2, SLC, 100 * UNIT);
		// All of OP2's 100 % allocation.
		request_slash(OP2, Perbill::one());
		run_to_block(PendingSlashes::<Test>::get(0).expect("pending").due);
		assert_eq!(delegated(ALICE, OP2, SLC), 0);
		assert_ok!(Restaking::deposit(RuntimeOrigin::signed(BOB), SLC, 10 * UNIT));
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(BOB), OP2, SLC, 10 * UNIT),
			Error::<Test>::PoolEmptied
		);
		// Alice can still leave (with nothing).
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(ALICE), OP2, SLC));
	});
}
