//! Operators, deposits, delegations, withdrawals, services and allocations, with their errors.

use super::*;
use frame_support::{assert_noop, traits::SortedMembers};
use sp_runtime::{DispatchError, TokenError};

#[test]
fn operators_register_and_commission_rises_only_after_the_delay() {
	build_and_execute(|| {
		let ten = Perbill::from_percent(10);
		assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(OP1), ten));
		assert_noop!(
			Restaking::register_operator(RuntimeOrigin::signed(OP1), ten),
			Error::<Test>::AlreadyOperator
		);
		assert_noop!(
			Restaking::set_commission(RuntimeOrigin::signed(OP2), ten),
			Error::<Test>::NotOperator
		);
		// A rise waits for `COMMISSION_DELAY` blocks.
		assert_ok!(Restaking::set_commission(
			RuntimeOrigin::signed(OP1),
			Perbill::from_percent(30)
		));
		let info = Operators::<Test>::get(OP1).expect("registered");
		assert_eq!(Restaking::commission(&info, 1), ten);
		assert_eq!(Restaking::commission(&info, 1 + COMMISSION_DELAY), Perbill::from_percent(30));
		// A cut applies at once and drops the pending rise.
		assert_ok!(Restaking::set_commission(RuntimeOrigin::signed(OP1), Perbill::from_percent(5)));
		let info = Operators::<Test>::get(OP1).expect("registered");
		assert_eq!(Restaking::commission(&info, 100), Perbill::from_percent(5));
		assert_ok!(Restaking::deregister(RuntimeOrigin::signed(OP1)));
		assert!(!Operators::<Test>::contains_key(OP1));
		assert_noop!(Restaking::deregister(RuntimeOrigin::signed(OP1)), Error::<Test>::NotOperator);
	});
}

#[test]
fn deposits_delegate_to_several_operators_and_withdraw_after_the_delay() {
	build_and_execute(|| {
		operators_and_oracle_service();
		assert_noop!(
			Restaking::deposit(RuntimeOrigin::signed(ALICE), USD, 10 * UNIT),
			Error::<Test>::AssetNotRestakeable
		);
		assert_noop!(
			Restaking::deposit(RuntimeOrigin::signed(ALICE), SLC, 1),
			Error::<Test>::AmountTooSmall
		);
		assert_noop!(
			Restaking::deposit(RuntimeOrigin::signed(ALICE), V, 2_000_000 * UNIT),
			TokenError::FundsUnavailable
		);
		assert_ok!(Restaking::deposit(RuntimeOrigin::signed(ALICE), V, 300 * UNIT));
		assert_eq!(balance(V, Restaking::account_id()), 300 * UNIT);
		// One staker, two operators.
		assert_ok!(Restaking::delegate(RuntimeOrigin::signed(ALICE), OP1, V, 100 * UNIT));
		assert_ok!(Restaking::delegate(RuntimeOrigin::signed(ALICE), OP2, V, 150 * UNIT));
		assert_eq!(Idle::<Test>::get(ALICE, &V), 50 * UNIT);
		assert_eq!(DelegationCount::<Test>::get(ALICE), 2);
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(ALICE), OP1, V, 51 * UNIT),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(ALICE), BOB, V, UNIT),
			Error::<Test>::NotOperator
		);
		// Idle deposits leave at once.
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(ALICE), V, 50 * UNIT));
		assert_noop!(
			Restaking::withdraw(RuntimeOrigin::signed(ALICE), V, 1),
			Error::<Test>::InsufficientBalance
		);
		// Queued withdrawals wait and stay at stake.
		assert_noop!(
			Restaking::queue_withdrawal(RuntimeOrigin::signed(ALICE), OP1, V, 101 * UNIT),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Restaking::queue_withdrawal(RuntimeOrigin::signed(BOB), OP1, V, UNIT),
			Error::<Test>::NoDelegation
		);
		assert_ok!(Restaking::queue_withdrawal(RuntimeOrigin::signed(ALICE), OP1, V, 40 * UNIT));
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(ALICE), OP2, V));
		assert_eq!(DelegationCount::<Test>::get(ALICE), 1);
		assert_eq!(Pools::<Test>::get(OP1, &V).map(|p| p.queued), Some(40 * UNIT));
		assert_noop!(
			Restaking::complete_withdrawal(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::WithdrawalNotDue
		);
		assert_noop!(
			Restaking::complete_withdrawal(RuntimeOrigin::signed(ALICE), 7),
			Error::<Test>::NoWithdrawal
		);
		run_to_block(System::block_number() + WITHDRAWAL_DELAY);
		let before = balance(V, ALICE);
		assert_ok!(Restaking::complete_withdrawal(RuntimeOrigin::signed(ALICE), 0));
		assert_ok!(Restaking::complete_withdrawal(RuntimeOrigin::signed(ALICE), 1));
		assert_eq!(balance(V, ALICE) - before, 190 * UNIT);
		assert_eq!(delegated(ALICE, OP1, V), 60 * UNIT);
		assert_eq!(WithdrawalCount::<Test>::get(ALICE), 0);
	});
}

#[test]
fn delegations_and_withdrawals_are_bounded() {
	build_and_execute(|| {
		operators_and_oracle_service();
		for op in [21, 22, 23] {
			assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(op), Perbill::zero()));
		}
		assert_ok!(Restaking::deposit(RuntimeOrigin::signed(ALICE), SLC, 100 * UNIT));
		for op in [OP1, OP2, 21, 22] {
			assert_ok!(Restaking::delegate(RuntimeOrigin::signed(ALICE), op, SLC, UNIT));
		}
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(ALICE), 23, SLC, UNIT),
			Error::<Test>::TooMany
		);
		for _ in 0..4 {
			assert_ok!(Restaking::queue_withdrawal(
				RuntimeOrigin::signed(ALICE),
				OP1,
				SLC,
				UNIT / 10
			));
		}
		assert_noop!(
			Restaking::queue_withdrawal(RuntimeOrigin::signed(ALICE), OP1, SLC, UNIT / 10),
			Error::<Test>::TooMany
		);
	});
}

#[test]
fn allocations_are_delayed_and_never_exceed_the_stake() {
	build_and_execute(|| {
		assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(OP1), Perbill::zero()));
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), SLASHER, USD, 0));
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), SLASHER, USD, 0));
		assert_noop!(
			Restaking::register_service(RuntimeOrigin::signed(ALICE), SLASHER, USD, 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP1), 9, Perbill::one()),
			Error::<Test>::ServiceNotFound
		);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(ALICE), 0, Perbill::one()),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Restaking::deallocate(RuntimeOrigin::signed(OP1), 1),
			Error::<Test>::NotAllocated
		);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(60)));
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP1), 1, Perbill::from_percent(41)),
			Error::<Test>::OverAllocated
		);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 1, Perbill::from_percent(40)));
		// Not in force yet.
		assert_eq!(Allocations::<Test>::get(OP1, 0).map(|a| a.at(1)), Some(Perbill::zero()));
		run_to_block(1 + ALLOCATION_DELAY);
		assert_eq!(
			Allocations::<Test>::get(OP1, 0).map(|a| a.at(1 + ALLOCATION_DELAY)),
			Some(Perbill::from_percent(60))
		);
		// A pending decrease frees nothing until it applies.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(10)));
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP1), 1, Perbill::from_percent(90)),
			Error::<Test>::OverAllocated
		);
		// Deregistering needs every allocation released.
		assert_noop!(
			Restaking::deregister(RuntimeOrigin::signed(OP1)),
			Error::<Test>::OperatorInUse
		);
		assert_ok!(Restaking::deallocate(RuntimeOrigin::signed(OP1), 0));
		assert_ok!(Restaking::deallocate(RuntimeOrigin::signed(OP1), 1));
		assert_noop!(
			Restaking::deregister(RuntimeOrigin::signed(OP1)),
			Error::<Test>::OperatorInUse
		);
		run_to_block(System::block_number() + ALLOCATION_DELAY);
		assert_ok!(Restaking::deregister(RuntimeOrigin::signed(OP1)));
		assert!(Services::<Test>::get(0).is_some_and(|s| s.operators.is_empty()));
	});
}

#[test]
fn the_oracle_feeders_are_the_operators_allocating_the_minimum() {
	build_and_execute(|| {
		// The oracle service asks for 100 SLC of value.
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), SLASHER, USD, 100 * UNIT));
		for op in [OP1, OP2] {
			assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(op), Perbill::zero()));
		}
		assert!(Restaking::sorted_members().is_empty());
		// OP1: 100 V are worth 200 SLC; half of it is allocated.
		stake(ALICE, OP1, V, 100 * UNIT);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(50)));
		// OP2 with 99 SLC cannot take a slot: joining costs the minimum, allocated.
		stake(BOB, OP2, SLC, 99 * UNIT);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()),
			Error::<Test>::BelowMinAllocation
		);
		stake(BOB, OP2, SLC, UNIT);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()));
		// Members once the allocations apply.
		assert!(Restaking::sorted_members().is_empty());
		run_to_block(1 + ALLOCATION_DELAY);
		assert_eq!(Restaking::sorted_members(), vec![OP1, OP2]);
		assert!(Restaking::contains(&OP1) && Restaking::contains(&OP2));
		// Queued stake does not count: OP2 falls below the minimum.
		assert_ok!(Restaking::queue_withdrawal(RuntimeOrigin::signed(BOB), OP2, SLC, UNIT));
		assert_eq!(Restaking::sorted_members(), vec![OP1]);
		assert!(!Restaking::contains(&OP2));
	});
}
