//! Rewards: by allocated stake value across operators, commission first, then delegators pro
//! rata through per-pool accumulators; queued shares do not earn.

use super::*;
use crate::Event;
use frame_support::assert_noop;

#[test]
fn rewards_pay_commission_then_delegators_by_stake() {
	build_and_execute(|| {
		operators_and_oracle_service();
		assert_noop!(
			Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 1_000 * UNIT),
			Error::<Test>::NoStakeAllocated
		);
		assert_noop!(
			Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 9, 1_000 * UNIT),
			Error::<Test>::ServiceNotFound
		);
		// OP1 (50 %): Alice 300 SLC + Bob 50 V (100 SLC of value) → 200 allocated.
		// OP2 (100 %): Charlie 200 SLC → 200 allocated. Each operator gets half.
		stake(ALICE, OP1, SLC, 300 * UNIT);
		stake(BOB, OP1, V, 50 * UNIT);
		stake(CHARLIE, OP2, SLC, 200 * UNIT);
		assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 1_000 * UNIT));
		System::assert_last_event(
			Event::RewardsDistributed { service: 0, asset: USD, amount: 1_000 * UNIT }.into(),
		);
		// OP1 keeps 10 % of 500; its delegators share 450 by value: Alice 3/4, Bob 1/4.
		let claim = |who: AccountId| {
			let before = balance(USD, who);
			assert_ok!(Restaking::claim(RuntimeOrigin::signed(who), USD));
			balance(USD, who) - before
		};
		assert_eq!(claim(OP1), 50 * UNIT);
		assert_eq!(claim(OP2), 100 * UNIT);
		let close = |got: Balance, want: Balance| assert!(want - got <= 2, "{got} vs {want}");
		close(claim(ALICE), 337_500_000_000_000);
		close(claim(BOB), 112_500_000_000_000);
		close(claim(CHARLIE), 400 * UNIT);
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(ALICE), USD),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn queued_shares_stop_earning_and_late_delegators_earn_nothing_before_joining() {
	build_and_execute(|| {
		operators_and_oracle_service();
		stake(ALICE, OP2, SLC, 100 * UNIT);
		stake(BOB, OP2, SLC, 100 * UNIT);
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(BOB), OP2, SLC));
		assert_ok!(Restaking::set_commission(RuntimeOrigin::signed(OP2), Perbill::zero()));
		// Allocated value is Alice's 100 only, below the service minimum; rewards still flow.
		assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 10 * UNIT));
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(BOB), USD),
			Error::<Test>::NothingToClaim
		);
		// Charlie joins after: nothing of the earlier distribution.
		stake(CHARLIE, OP2, SLC, 100 * UNIT);
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(CHARLIE), USD),
			Error::<Test>::NothingToClaim
		);
		let before = balance(USD, ALICE);
		assert_ok!(Restaking::claim(RuntimeOrigin::signed(ALICE), USD));
		assert!(10 * UNIT - (balance(USD, ALICE) - before) <= 1);
	});
}

#[test]
fn reward_assets_must_exist_and_a_pool_accrues_at_most_four() {
	build_and_execute(|| {
		assert_noop!(
			Restaking::register_service(
				RuntimeOrigin::root(),
				SLASHER,
				frame_support::traits::fungible::NativeOrWithId::WithId(99),
				0
			),
			Error::<Test>::RewardAssetMismatch
		);
		assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(OP1), Perbill::zero()));
		stake(ALICE, OP1, SLC, 100 * UNIT);
		// Five services paying in five different assets.
		for id in 4..=5u32 {
			frame_support::assert_ok!(pallet_assets::Pallet::<Test>::force_create(
				RuntimeOrigin::root(),
				id,
				ALICE,
				true,
				1
			));
			frame_support::assert_ok!(pallet_assets::Pallet::<Test>::mint(
				RuntimeOrigin::signed(ALICE),
				id,
				DAVE,
				1_000 * UNIT
			));
		}
		let rewards: Vec<AssetKind> = vec![
			SLC,
			USD,
			frame_support::traits::fungible::NativeOrWithId::WithId(4),
			frame_support::traits::fungible::NativeOrWithId::WithId(5),
			V,
		];
		for (id, reward) in rewards.iter().enumerate() {
			assert_ok!(Restaking::register_service(
				RuntimeOrigin::root(),
				SLASHER,
				reward.clone(),
				0
			));
			assert_ok!(Restaking::allocate(
				RuntimeOrigin::signed(OP1),
				id as u32,
				Perbill::from_percent(10)
			));
		}
		run_to_block(1 + ALLOCATION_DELAY);
		for id in 0..4u32 {
			assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), id, 10 * UNIT));
		}
		assert_noop!(
			Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 4, 10 * UNIT),
			Error::<Test>::RewardAssetMismatch
		);
		// Every asset is claimable.
		for reward in rewards.iter().take(4) {
			assert_ok!(Restaking::claim(RuntimeOrigin::signed(ALICE), reward.clone()));
		}
	});
}
