//! Slashes: a request takes its tokens out of the pools at once (every delegator and queued
//! withdrawal pro rata, in one write per pool) and holds them through the veto window; a veto
//! gives them back, settling pays them out. Unique stake per service, one slash per incident,
//! deallocated stake slashable for the deallocation delay, and outlier reports.

use super::*;
use crate::Event;
use frame_support::assert_noop;
use sp_runtime::DispatchError;

fn evidence() -> Evidence {
	b"feed 7 at block 3".to_vec().try_into().expect("fits")
}

/// `service`'s slasher requests a slash of `fraction` of `operator`'s allocation.
fn request_slash(service: ServiceId, operator: AccountId, fraction: Perbill) {
	assert_ok!(Restaking::slash(
		RuntimeOrigin::signed(SLASHER),
		service,
		operator,
		fraction,
		evidence()
	));
}

#[test]
fn a_slash_takes_its_tokens_at_once_and_pays_them_out_after_the_veto_window() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP1, SLC, 290 * UNIT);
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
		assert_noop!(
			Restaking::slash(RuntimeOrigin::signed(SLASHER), 0, OP1, Perbill::zero(), evidence()),
			Error::<Test>::ZeroSlash
		);
		// 20 % of OP1's 50 % allocation: 10 % of each pool (500 SLC, 50 V), taken now.
		request_slash(0, OP1, Perbill::from_percent(20));
		let pending = PendingSlashes::<Test>::get(OP1, 0).expect("pending");
		// OP1's own 10 SLC bear 1 of them.
		assert_eq!(pending.amounts.to_vec(), vec![(SLC, 50 * UNIT, UNIT), (V, 5 * UNIT, 0)]);
		assert_eq!(pending.evidence, sp_io::hashing::blake2_256(&evidence()));
		System::assert_has_event(
			Event::Slashed { operator: OP1, service: 0, asset: SLC, amount: 50 * UNIT }.into(),
		);
		assert_eq!(delegated(ALICE, OP1, SLC), 261 * UNIT);
		assert_eq!(delegated(BOB, OP1, SLC), 90 * UNIT);
		assert_eq!(delegated(BOB, OP1, V), 45 * UNIT);
		assert_eq!(
			Restaking::worth(&Pools::<Test>::get(OP1, SLC).unwrap_or_default(), 100 * UNIT),
			90 * UNIT
		);
		// OP1's magnitude lost what the slash took: 10 % of its stake.
		let info = Operators::<Test>::get(OP1).expect("exists");
		assert_eq!(info.max_magnitude, FULL_MAGNITUDE / 10 * 9);
		assert_eq!(allocated(OP1, 0), Perbill::from_rational(4u32, 9));
		// Nobody leaves ahead of it: the operator cannot deregister, the allocation cannot
		// change, and it cannot be settled early.
		assert_noop!(
			Restaking::deregister(RuntimeOrigin::signed(OP1)),
			Error::<Test>::OperatorInUse
		);
		assert_noop!(
			Restaking::deallocate(RuntimeOrigin::signed(OP1), 0),
			Error::<Test>::SlashPending
		);
		assert_noop!(
			Restaking::settle_slash(RuntimeOrigin::signed(DAVE), OP1, 0),
			Error::<Test>::SlashNotDue
		);
		run_to_block(pending.due);
		assert_noop!(
			Restaking::veto_slash(RuntimeOrigin::root(), OP1, 0),
			Error::<Test>::VetoWindowOver
		);
		let treasury = (balance(SLC, TREASURY), balance(V, TREASURY));
		assert_ok!(Restaking::settle_slash(RuntimeOrigin::signed(DAVE), OP1, 0));
		assert_eq!(balance(SLC, TREASURY) - treasury.0, 50 * UNIT);
		assert_eq!(balance(V, TREASURY) - treasury.1, 5 * UNIT);
		// Charlie's queued withdrawal pays its slashed worth.
		run_to_block(System::block_number() + WITHDRAWAL_DELAY);
		let before = balance(SLC, CHARLIE);
		assert_ok!(Restaking::complete_withdrawal(RuntimeOrigin::signed(CHARLIE), 0));
		assert_eq!(balance(SLC, CHARLIE) - before, 90 * UNIT);
	});
}

#[test]
fn a_veto_gives_the_tokens_back_and_only_the_resolver_may_veto() {
	build_and_execute(|| {
		operators_and_oracle_service();
		// Service 1 names ALICE as its resolver.
		let mut with_resolver = params(SLC, 0);
		with_resolver.resolver = Some(ALICE);
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), with_resolver));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::from_percent(50)));
		run_to_block(System::block_number() + DEALLOCATION_DELAY);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 1, Perbill::from_percent(50)));
		run_to_block(System::block_number() + ALLOCATION_DELAY);
		stake(BOB, OP2, SLC, 190 * UNIT);
		run_to_block(warmed_up());
		request_slash(1, OP2, Perbill::one());
		assert_eq!(delegated(BOB, OP2, SLC), 95 * UNIT);
		// Root is not service 1's resolver; ALICE is not service 0's.
		assert_noop!(
			Restaking::veto_slash(RuntimeOrigin::root(), OP2, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Restaking::veto_slash(RuntimeOrigin::signed(BOB), OP2, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Restaking::veto_slash(RuntimeOrigin::signed(ALICE), OP2, 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Restaking::veto_slash(RuntimeOrigin::root(), OP2, 0),
			Error::<Test>::SlashNotFound
		);
		assert_ok!(Restaking::veto_slash(RuntimeOrigin::signed(ALICE), OP2, 1));
		assert_eq!(delegated(BOB, OP2, SLC), 190 * UNIT);
		assert_eq!(allocated(OP2, 1), Perbill::from_percent(50));
		assert_eq!(Operators::<Test>::get(OP2).map(|o| o.max_magnitude), Some(FULL_MAGNITUDE));
	});
}

#[test]
fn each_service_keeps_the_stake_it_was_promised() {
	build_and_execute(|| {
		register(OP1, Perbill::zero());
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 0)));
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 0)));
		stake(ALICE, OP1, SLC, 990 * UNIT);
		for service in [0, 1] {
			assert_ok!(Restaking::allocate(
				RuntimeOrigin::signed(OP1),
				service,
				Perbill::from_percent(50)
			));
		}
		run_to_block(warmed_up());
		assert_eq!(Restaking::allocated_value(&OP1, 1), 500 * UNIT);
		// Service 0 slashes all of its 50 %: half of the 1 000 SLC.
		request_slash(0, OP1, Perbill::one());
		assert_eq!(delegated(ALICE, OP1, SLC), 495 * UNIT);
		// Service 1 still has the 500 SLC it was promised (compounding would leave it 250).
		assert_eq!(Restaking::allocated_value(&OP1, 1), 500 * UNIT);
		assert_eq!(allocated(OP1, 1), Perbill::one());
		// and can slash all of it.
		request_slash(1, OP1, Perbill::one());
		assert_eq!(delegated(ALICE, OP1, SLC), 0);
	});
}

#[test]
fn one_incident_slashes_once_at_its_largest_fraction() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP2, SLC, 990 * UNIT);
		request_slash(0, OP2, Perbill::from_percent(10));
		assert_eq!(delegated(ALICE, OP2, SLC), 891 * UNIT);
		// Another request of 10 % (another key, another report) adds nothing.
		assert_noop!(
			Restaking::slash(
				RuntimeOrigin::signed(SLASHER),
				0,
				OP2,
				Perbill::from_percent(10),
				evidence()
			),
			Error::<Test>::SlashAlreadyPending
		);
		// A larger one raises the incident to 30 % of what was allocated when it began.
		request_slash(0, OP2, Perbill::from_percent(30));
		assert_eq!(delegated(ALICE, OP2, SLC), 693 * UNIT);
		let pending = PendingSlashes::<Test>::get(OP2, 0).expect("pending");
		assert_eq!(pending.amounts.to_vec(), vec![(SLC, 300 * UNIT, 3 * UNIT)]);
		assert_eq!(pending.due, System::block_number() + VETO_WINDOW);
		// Once settled, a new request is a new incident.
		run_to_block(pending.due);
		request_slash(0, OP2, Perbill::from_percent(10));
		assert_eq!(delegated(ALICE, OP2, SLC), 693 * UNIT - 693 * UNIT / 10);
	});
}

#[test]
fn stake_cannot_join_during_a_pending_slash_and_is_untouched_by_it() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP2, SLC, 990 * UNIT);
		request_slash(0, OP2, Perbill::from_percent(50));
		assert_eq!(delegated(ALICE, OP2, SLC), 495 * UNIT);
		assert_ok!(Restaking::deposit(RuntimeOrigin::signed(BOB), SLC, 100 * UNIT));
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(BOB), OP2, SLC, 100 * UNIT),
			Error::<Test>::SlashPending
		);
		// Due, it still waits for its settlement; then Bob's stake keeps its worth.
		run_to_block(System::block_number() + VETO_WINDOW);
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(BOB), OP2, SLC, 100 * UNIT),
			Error::<Test>::SlashPending
		);
		assert_ok!(Restaking::settle_slash(RuntimeOrigin::signed(BOB), OP2, 0));
		assert_ok!(Restaking::delegate(RuntimeOrigin::signed(BOB), OP2, SLC, 100 * UNIT));
		assert_eq!(delegated(BOB, OP2, SLC), 100 * UNIT);
		assert_eq!(delegated(ALICE, OP2, SLC), 495 * UNIT);
	});
}

#[test]
fn deallocated_stake_stays_slashable_for_the_deallocation_delay() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP2, SLC, 990 * UNIT);
		// The operator deallocates in the block of its offence.
		assert_ok!(Restaking::deallocate(RuntimeOrigin::signed(OP2), 0));
		run_to_block(System::block_number() + DEALLOCATION_DELAY - 1);
		request_slash(0, OP2, Perbill::from_percent(10));
		assert_eq!(delegated(ALICE, OP2, SLC), 891 * UNIT);
		run_to_block(System::block_number() + VETO_WINDOW);
		assert_ok!(Restaking::settle_slash(RuntimeOrigin::signed(DAVE), OP2, 0));
		// Once released, the service can no longer reach it.
		assert_noop!(
			Restaking::slash(
				RuntimeOrigin::signed(SLASHER),
				0,
				OP2,
				Perbill::from_percent(10),
				evidence()
			),
			Error::<Test>::NotAllocated
		);
	});
}

/// OP1 feeds `value` (whole units) for `key`; the next block, OP2 feeds 100.
fn feeds(key: &sluice_primitives::OracleKey, value: u32) {
	let feed = |who: AccountId, v: u32| {
		let values = vec![(key.clone(), sp_runtime::FixedU128::from_u32(v))];
		assert_ok!(OracleFeeds::feed(RuntimeOrigin::signed(who), values.try_into().expect("fits")));
	};
	feed(OP1, value);
	run_to_block(System::block_number() + 1);
	feed(OP2, 100);
	run_to_block(System::block_number() + 1);
}

#[test]
fn outlier_reports_slash_once_per_incident_and_pay_the_reporter() {
	build_and_execute(|| {
		operators_and_oracle_service();
		// OP1: 50 % of 1 000 SLC; OP2: 100 % of 2 000 SLC, most of the oracle's stake.
		stake(ALICE, OP1, SLC, 990 * UNIT);
		stake(BOB, OP2, SLC, 1_990 * UNIT);
		run_to_block(warmed_up());
		run_to_block(next_snapshot());
		assert_eq!(OracleFeeds::feeders(), vec![(OP1, 500 * UNIT), (OP2, 2_000 * UNIT)]);
		let key = sluice_primitives::OracleKey::Price(SLC);
		let report = |who: AccountId| {
			Restaking::report_outlier(RuntimeOrigin::signed(who), OP1, key.clone())
		};
		assert_noop!(report(DAVE), Error::<Test>::NoFeed);
		// Nothing fed after OP1's value: nothing to judge it by.
		assert_ok!(OracleFeeds::feed(
			RuntimeOrigin::signed(OP1),
			vec![(key.clone(), sp_runtime::FixedU128::from_u32(104))].try_into().expect("fits")
		));
		assert_noop!(report(DAVE), Error::<Test>::NoReference);
		run_to_block(System::block_number() + 1);
		// 104 against OP2's 100 fed after it: within 5 %.
		feeds(&key, 104);
		assert_noop!(report(DAVE), Error::<Test>::NotAnOutlier);
		// 110: 10 % of OP1's oracle allocation (50 % of its 1 000 SLC) is slashed at once.
		feeds(&key, 110);
		assert_ok!(report(DAVE));
		assert_eq!(delegated(ALICE, OP1, SLC), 940_500_000_000_000);
		assert_noop!(report(DAVE), Error::<Test>::AlreadyReported);
		// A second outlier value in the same incident adds nothing.
		feeds(&key, 120);
		assert_noop!(report(DAVE), Error::<Test>::SlashAlreadyPending);
		run_to_block(System::block_number() + VETO_WINDOW);
		let (dave, treasury) = (balance(SLC, DAVE), balance(SLC, TREASURY));
		assert_ok!(Restaking::settle_slash(RuntimeOrigin::signed(BOB), OP1, 0));
		// 50 SLC slashed, 0.5 of them from OP1's own 10: the reporter gets 10 % of that 0.5 (so
		// an operator reporting itself loses), the treasury the rest.
		assert_eq!(balance(SLC, DAVE) - dave, UNIT / 20);
		assert_eq!(balance(SLC, TREASURY) - treasury, 50 * UNIT - UNIT / 20);
	});
}
