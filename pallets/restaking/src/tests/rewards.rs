//! Rewards: split among members by allocated stake that has warmed up, commission first, the
//! rest released to the pools' earning shares over `REWARD_PERIOD` blocks; queued shares do
//! not earn.

use super::*;
use crate::Event;
use frame_support::assert_noop;

fn claim(who: AccountId) -> Balance {
	let before = balance(USD, who);
	assert_ok!(Restaking::claim(RuntimeOrigin::signed(who), USD));
	balance(USD, who) - before
}

/// `got` is `want` less at most a few units of rounding (rounding favours the pallet).
fn close(got: Balance, want: Balance) {
	assert!(got <= want && want - got <= 4, "{got} vs {want}");
}

#[test]
fn rewards_pay_commission_at_once_and_stream_the_rest_by_stake() {
	build_and_execute(|| {
		operators_and_oracle_service();
		assert_noop!(
			Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 9, 1_000 * UNIT),
			Error::<Test>::ServiceNotFound
		);
		// OP1 (50 %): its 10 SLC, Alice 290 SLC, Bob 50 V (100 SLC of value) → 200 allocated.
		// OP2 (100 %): its 10 SLC and Charlie's 190 → 200 allocated. Each operator gets half.
		stake(ALICE, OP1, SLC, 290 * UNIT);
		stake(BOB, OP1, V, 50 * UNIT);
		stake(CHARLIE, OP2, SLC, 190 * UNIT);
		run_to_block(warmed_up());
		assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 1_000 * UNIT));
		System::assert_last_event(
			Event::RewardsDistributed { service: 0, asset: USD, amount: 1_000 * UNIT }.into(),
		);
		// Commissions at once: 10 % of 500 and 20 % of 500; delegators nothing yet.
		assert_eq!(Unclaimed::<Test>::get(OP1, USD), 50 * UNIT);
		assert_eq!(Unclaimed::<Test>::get(OP2, USD), 100 * UNIT);
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(ALICE), USD),
			Error::<Test>::NothingToClaim
		);
		// Half the period: half of OP1's SLC pool's 337.5 (3/4 of 450), 290/300 of it Alice's.
		run_to_block(System::block_number() + REWARD_PERIOD / 2);
		close(claim(ALICE), 163_125_000_000_000);
		// The whole period: the rest, and nothing more afterwards.
		run_to_block(System::block_number() + REWARD_PERIOD * 3);
		close(claim(ALICE), 163_125_000_000_000);
		close(claim(BOB), 112_500_000_000_000);
		// OP1: commission and its self-bond's 10/300 of 337.5; OP2: 100 and 10/200 of 400.
		close(claim(OP1), 61_250_000_000_000);
		close(claim(OP2), 120 * UNIT);
		close(claim(CHARLIE), 380 * UNIT);
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(ALICE), USD),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn stake_earns_only_for_the_blocks_it_is_there() {
	build_and_execute(|| {
		register(OP2, Perbill::zero());
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 0)));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()));
		stake(ALICE, OP2, SLC, 190 * UNIT);
		run_to_block(warmed_up());
		// Bob delegates 200 right before a distribution of 100 and leaves a block later.
		stake(BOB, OP2, SLC, 200 * UNIT);
		assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 100 * UNIT));
		run_to_block(System::block_number() + 1);
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(BOB), OP2, SLC));
		run_to_block(System::block_number() + REWARD_PERIOD);
		// One block of ten, half of the pool's earning shares: 5. Alice: 190/400 of that
		// block's 10 and 190/200 of the other nine blocks' 90 (4.75 + 85.5); OP2's self-bond
		// the rest (0.25 + 4.5).
		close(claim(BOB), 5 * UNIT);
		close(claim(ALICE), 90_250_000_000_000);
		close(claim(OP2), 4_750_000_000_000);
	});
}

#[test]
fn stake_that_has_not_warmed_up_does_not_weigh_in_the_split() {
	build_and_execute(|| {
		operators_and_oracle_service();
		assert_ok!(Restaking::set_commission(RuntimeOrigin::signed(OP1), Perbill::zero()));
		assert_ok!(Restaking::set_commission(RuntimeOrigin::signed(OP2), Perbill::zero()));
		// OP1: 10 + 190 SLC at 50 % = 100; OP2: 10 + 90 SLC at 100 % = 100.
		stake(ALICE, OP1, SLC, 190 * UNIT);
		stake(CHARLIE, OP2, SLC, 90 * UNIT);
		run_to_block(warmed_up());
		// Bob front-runs the distribution with 10 000 SLC on OP2: it weighs nothing yet.
		stake(BOB, OP2, SLC, 10_000 * UNIT);
		assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 100 * UNIT));
		assert_eq!(Pools::<Test>::get(OP1, SLC).map(|p| p.streams[0].left), Some(50 * UNIT));
		assert_eq!(Pools::<Test>::get(OP2, SLC).map(|p| p.streams[0].left), Some(50 * UNIT));
	});
}

#[test]
fn queued_shares_stop_earning_and_later_delegators_earn_nothing_released_before() {
	build_and_execute(|| {
		operators_and_oracle_service();
		assert_ok!(Restaking::set_commission(RuntimeOrigin::signed(OP2), Perbill::zero()));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP1), 0, Perbill::zero()));
		stake(ALICE, OP2, SLC, 90 * UNIT);
		stake(BOB, OP2, SLC, 100 * UNIT);
		run_to_block(warmed_up().max(System::block_number() + DEALLOCATION_DELAY));
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(BOB), OP2, SLC));
		assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 10 * UNIT));
		run_to_block(System::block_number() + REWARD_PERIOD);
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(BOB), USD),
			Error::<Test>::NothingToClaim
		);
		// Charlie joins after it was released: nothing of it.
		stake(CHARLIE, OP2, SLC, 100 * UNIT);
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(CHARLIE), USD),
			Error::<Test>::NothingToClaim
		);
		close(claim(ALICE), 9 * UNIT);
		close(claim(OP2), UNIT);
	});
}

#[test]
fn a_pool_without_earning_stake_forfeits_its_stream_to_the_treasury() {
	build_and_execute(|| {
		register(OP2, Perbill::zero());
		assert_ok!(Restaking::register_service(RuntimeOrigin::root(), params(USD, 0)));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::one()));
		stake(ALICE, OP2, V, 5 * UNIT);
		run_to_block(warmed_up());
		// The SLC pool (10 SLC) and the V pool (10 SLC of value) get 50 each.
		assert_ok!(Restaking::distribute_rewards(RuntimeOrigin::signed(DAVE), 0, 100 * UNIT));
		assert_ok!(Restaking::undelegate(RuntimeOrigin::signed(ALICE), OP2, V));
		// No V stake earns for 30 blocks: the first to delegate again does not collect what the
		// V pool's stream still held; the treasury does.
		run_to_block(System::block_number() + 30);
		stake(BOB, OP2, V, UNIT);
		assert_eq!(Unclaimed::<Test>::get(TREASURY, USD), 50 * UNIT);
		run_to_block(System::block_number() + REWARD_PERIOD);
		assert_noop!(
			Restaking::claim(RuntimeOrigin::signed(BOB), USD),
			Error::<Test>::NothingToClaim
		);
		close(claim(OP2), 50 * UNIT);
	});
}
