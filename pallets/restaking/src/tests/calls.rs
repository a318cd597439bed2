//! Operators, deposits, delegations, withdrawals, services and allocations, with their errors.

use super::*;
use frame_support::{assert_noop, traits::fungible::Mutate as _};
use sp_runtime::{DispatchError, TokenError};

#[test]
fn operators_bond_themselves_and_commission_rises_only_after_the_delay() {
	build_and_execute(|| {
		let ten = Perbill::from_percent(10);
		assert_noop!(
			Restaking::register_operator(RuntimeOrigin::signed(OP1), ten, MIN_SELF_BOND - 1),
			Error::<Test>::SelfBondTooLow
		);
		register(OP1, ten);
		assert_eq!(Restaking::self_bond(&OP1), 10 * UNIT);
		assert_noop!(
			Restaking::register_operator(RuntimeOrigin::signed(OP1), ten, MIN_SELF_BOND),
			Error::<Test>::AlreadyOperator
		);
		assert_noop!(
			Restaking::set_commission(RuntimeOrigin::signed(OP2), ten),
			Error::<Test>::NotOperator
		);
		// The self-bond stays while registered.
		assert_noop!(
			Restaking::queue_withdrawal(RuntimeOrigin::signed(OP1), OP1, SLC, UNIT),
			Error::<Test>::SelfBondTooLow
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
		// Deregistered, the record stays with its pool; delegations stop.
		assert_ok!(Restaking::deregister(RuntimeOrigin::signed(OP1)));
		assert_eq!(Operators::<Test>::get(OP1).map(|o| o.registered), Some(false));
		assert_noop!(Restaking::deregister(RuntimeOrigin::signed(OP1)), Error::<Test>::NotOperator);
		assert_ok!(Restaking::deposit(RuntimeOrigin::signed(ALICE), SLC, UNIT));
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(ALICE), OP1, SLC, UNIT),
			Error::<Test>::NotOperator
		);
		// Registering again with 100 % keeps 5 % until the delay has passed.
		assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(OP1), Perbill::one(), 0));
		let info = Operators::<Test>::get(OP1).expect("registered");
		assert_eq!(info.assets.to_vec(), vec![SLC]);
		assert_eq!(Restaking::commission(&info, 2), Perbill::from_percent(5));
		assert_eq!(Restaking::commission(&info, 1 + COMMISSION_DELAY), Perbill::one());
		// Out of the registry, the self-bond can leave.
		assert_ok!(Restaking::deregister(RuntimeOrigin::signed(OP1)));
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(OP1), OP1, SLC));
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
		assert_eq!(balance(V, ALICE) - before, 40 * UNIT);
		// The other one moves to OP1 without leaving the pallet.
		assert_ok!(Restaking::redelegate(RuntimeOrigin::signed(ALICE), 1, OP1));
		assert_eq!(balance(V, ALICE) - before, 40 * UNIT);
		assert_eq!(delegated(ALICE, OP1, V), 210 * UNIT);
		assert_eq!(WithdrawalCount::<Test>::get(ALICE), 0);
	});
}

#[test]
fn delegations_and_withdrawals_are_bounded() {
	build_and_execute(|| {
		operators_and_oracle_service();
		for op in [21, 22, 23, 24, 25] {
			<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(&op, 100 * UNIT)
				.expect("mints");
			register(op, Perbill::zero());
		}
		assert_ok!(Restaking::deposit(RuntimeOrigin::signed(ALICE), SLC, 100 * UNIT));
		for op in [OP1, OP2, 21, 22, 23, 24] {
			assert_ok!(Restaking::delegate(RuntimeOrigin::signed(ALICE), op, SLC, UNIT));
		}
		assert_noop!(
			Restaking::delegate(RuntimeOrigin::signed(ALICE), 25, SLC, UNIT),
			Error::<Test>::TooManyDelegations
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
			Error::<Test>::TooManyWithdrawals
		);
	});
}

#[test]
fn allocations_are_delayed_and_a_decrease_waits_the_deallocation_delay() {
	build_and_execute(|| {
		register(OP1, Perbill::zero());
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 0)));
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 0)));
		assert_noop!(
			Restaking::register_service(RuntimeOrigin::signed(ALICE), params(USD, 0)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Restaking::register_service(RuntimeOrigin::root(), params(AssetKind::WithId(77), 0)),
			Error::<Test>::UnknownRewardAsset
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
		assert_eq!(allocated(OP1, 0), Perbill::zero());
		run_to_block(1 + ALLOCATION_DELAY);
		assert_eq!(allocated(OP1, 0), Perbill::from_percent(60));
		// A decrease frees nothing, and the stake stays allocated, until the deallocation delay
		// (the withdrawal delay) has passed.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(10)));
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP1), 1, Perbill::from_percent(90)),
			Error::<Test>::OverAllocated
		);
		run_to_block(System::block_number() + DEALLOCATION_DELAY - 1);
		assert_eq!(allocated(OP1, 0), Perbill::from_percent(60));
		run_to_block(System::block_number() + 1);
		assert_eq!(allocated(OP1, 0), Perbill::from_percent(10));
		// Deregistering needs every allocation released; leaving one service needs its own.
		assert_noop!(
			Restaking::deregister(RuntimeOrigin::signed(OP1)),
			Error::<Test>::OperatorInUse
		);
		assert_ok!(Restaking::deallocate(RuntimeOrigin::signed(OP1), 1));
		assert_noop!(
			Restaking::leave_service(RuntimeOrigin::signed(OP1), 1),
			Error::<Test>::AllocationNotReleased
		);
		run_to_block(System::block_number() + DEALLOCATION_DELAY);
		assert_ok!(Restaking::leave_service(RuntimeOrigin::signed(OP1), 1));
		assert!(Allocations::<Test>::get(OP1, 1).is_none());
		assert_eq!(Operators::<Test>::get(OP1).map(|o| o.services.to_vec()), Some(vec![0]));
		assert_ok!(Restaking::deallocate(RuntimeOrigin::signed(OP1), 0));
		run_to_block(System::block_number() + DEALLOCATION_DELAY);
		assert_ok!(Restaking::deregister(RuntimeOrigin::signed(OP1)));
		assert!(Services::<Test>::get(0).is_some_and(|s| s.operators.is_empty()));
	});
}

#[test]
fn the_oracle_feeders_are_the_operators_allocating_the_minimum_of_warmed_up_stake() {
	build_and_execute(|| {
		// The oracle service asks for 100 SLC of value.
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 100 * UNIT)));
		for op in [OP1, OP2] {
			register(op, Perbill::zero());
		}
		assert!(Restaking::oracle_feeders().is_empty());
		// OP1: 100 V (worth 200 SLC) and its 10 SLC; stake just delegated does not count yet.
		stake(ALICE, OP1, V, 100 * UNIT);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(50)),
			Error::<Test>::BelowMinAllocation
		);
		run_to_block(warmed_up());
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::from_percent(50)));
		// OP2 with 89 + 10 SLC cannot take a slot: joining costs the minimum, allocated.
		stake(BOB, OP2, SLC, 89 * UNIT);
		run_to_block(warmed_up());
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()),
			Error::<Test>::BelowMinAllocation
		);
		stake(BOB, OP2, SLC, UNIT);
		run_to_block(warmed_up());
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()));
		// Members once the allocations apply, weighted by the value they allocate.
		assert_eq!(Restaking::oracle_feeders(), vec![(OP1, 105 * UNIT)]);
		run_to_block(System::block_number() + ALLOCATION_DELAY);
		assert_eq!(Restaking::oracle_feeders(), vec![(OP1, 105 * UNIT), (OP2, 100 * UNIT)]);
		// Stake added now weighs nothing until it has warmed up.
		stake(CHARLIE, OP2, SLC, 10_000 * UNIT);
		assert_eq!(Restaking::oracle_feeders(), vec![(OP1, 105 * UNIT), (OP2, 100 * UNIT)]);
		run_to_block(warmed_up());
		assert_eq!(Restaking::oracle_feeders(), vec![(OP1, 105 * UNIT), (OP2, 10_100 * UNIT)]);
		// Queued stake does not count: OP2 falls below the minimum.
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(CHARLIE), OP2, SLC));
		assert_ok!(Restaking::queue_withdrawal(RuntimeOrigin::signed(BOB), OP2, SLC, UNIT));
		assert_eq!(Restaking::oracle_feeders(), vec![(OP1, 105 * UNIT)]);
	});
}

#[test]
fn a_full_service_gives_the_weakest_slot_to_a_stronger_newcomer() {
	build_and_execute(|| {
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 10 * UNIT)));
		let slots = <MaxOperatorsPerService as frame_support::traits::Get<u32>>::get() as u128;
		// Operators 1000.. each bond 10 SLC + i; all of it allocated.
		for i in 0..slots {
			let op = 1_000 + i;
			Balances::mint_into(&op, 1_000 * UNIT).expect("mints");
			assert_ok!(Restaking::register_operator(
				RuntimeOrigin::signed(op),
				Perbill::zero(),
				MIN_SELF_BOND + i * UNIT
			));
		}
		run_to_block(warmed_up());
		for i in 0..slots {
			assert_ok!(Restaking::allocate(RuntimeOrigin::signed(1_000 + i), 0, Perbill::one()));
		}
		// A newcomer with as much as the weakest (10 SLC) gets no slot; with more it takes
		// the weakest member's, and the weakest is deallocated (slashable meanwhile).
		Balances::mint_into(&2_000, 1_000 * UNIT).expect("mints");
		assert_ok!(Restaking::register_operator(
			RuntimeOrigin::signed(2_000),
			Perbill::zero(),
			MIN_SELF_BOND
		));
		Balances::mint_into(&2_001, 1_000 * UNIT).expect("mints");
		assert_ok!(Restaking::register_operator(
			RuntimeOrigin::signed(2_001),
			Perbill::zero(),
			MIN_SELF_BOND + UNIT / 2
		));
		run_to_block(warmed_up());
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(2_000), 0, Perbill::one()),
			Error::<Test>::ServiceFull
		);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(2_001), 0, Perbill::one()));
		let members = Services::<Test>::get(0).expect("exists").operators;
		assert!(members.contains(&2_001) && !members.contains(&1_000));
		let displaced = Allocations::<Test>::get(1_000, 0).expect("still slashable");
		assert_eq!(displaced.pending, Some((0, System::block_number() + DEALLOCATION_DELAY)));
		assert_eq!(allocated(1_000, 0), Perbill::one());
	});
}
