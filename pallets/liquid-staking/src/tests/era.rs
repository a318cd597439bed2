use super::*;
use crate::{
	Eras, Error, Event, Nominations, PauseReason, Paused, PayoutEras, PendingPayouts, Pool,
	Withdrawals,
};
use frame_support::assert_noop;
use sluice_primitives::staking::ValidatorCandidate;
use sp_runtime::{traits::Zero, FixedU128, Perbill};

#[test]
fn rewards_are_held_for_an_era_then_released_and_the_fee_is_paid_in_slc() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		MockStaking::add_reward(12, 0, 20 * UNIT);
		events();
		assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0));
		assert_eq!(events(), vec![Event::RewardsCompounded { amount: 20 * UNIT, fee: 2 * UNIT }]);
		// 200 + 20 bonded: 2 are owed to the treasury, 18 held; the rate has not moved.
		let state = Pool::<Test>::get();
		assert_eq!((state.fee_owed, state.held_new), (2 * UNIT, 18 * UNIT));
		assert_eq!(rate(), FixedU128::from_u32(1));
		assert_eq!(Eras::<Test>::get(0).rewards, 20 * UNIT);
		// The next era pays the fee in SLC and readies the income; the one after releases it.
		let treasury = slc(TREASURY);
		start_era(1);
		assert_eq!(slc(TREASURY), treasury + 2 * UNIT);
		assert_eq!(vslc(TREASURY), 0);
		assert_eq!(rate(), FixedU128::from_u32(1));
		assert_eq!(Pool::<Test>::get().held_ready, 18 * UNIT);
		start_era(2);
		assert_eq!(rate(), FixedU128::from_rational(218, 200));
		assert_eq!(Eras::<Test>::get(2).released, 18 * UNIT);
		// A payout cannot be claimed twice.
		assert_noop!(
			LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0),
			sp_runtime::DispatchError::Other("AlreadyClaimed")
		);
	});
}

#[test]
fn a_release_is_capped_at_the_rate_bound_and_the_rest_waits() {
	ExtBuilder::default()
		.params(|p| p.max_rate_change = Perbill::from_percent(1))
		.build_and_execute(|| {
			// 5 SLC of income on a pool worth 100: 1 SLC a release.
			super::mev::pay(EVE, 5 * UNIT + UNIT / 2 + UNIT / 18);
			let held = Pool::<Test>::get().held_new;
			start_era(1);
			start_era(2);
			assert_eq!(rate(), FixedU128::from_rational(101, 100));
			assert_eq!(Pool::<Test>::get().held_ready, held - UNIT);
			start_era(3);
			assert_eq!(Eras::<Test>::get(3).released, 1_010_000_000_000);
		});
}

/// Era 1 is elected with the genesis nominations (12 and 11, lowest commission first); the pool
/// is exposed to both in it.
fn exposed_in_era_one() {
	start_era(1);
	MockStaking::expose(pool(), 1, 11);
	MockStaking::expose(pool(), 1, 12);
}

#[test]
fn on_idle_claims_the_exposed_validators_rewards_after_an_era() {
	ExtBuilder::default().build_and_execute(|| {
		exposed_in_era_one();
		MockStaking::add_reward(11, 1, 3 * UNIT);
		MockStaking::add_reward(12, 1, 2 * UNIT);
		// Era 3 is planned when era 2 is active: era 1 is the last completed.
		start_era(2);
		assert!(PendingPayouts::<Test>::get(1).is_empty());
		start_era(3);
		// One payout per block when there is room: the block of the era start took one.
		assert_eq!(PendingPayouts::<Test>::get(1).len(), 1);
		next_block();
		assert!(PendingPayouts::<Test>::get(1).is_empty());
		assert!(PayoutEras::<Test>::get().is_empty());
		assert_eq!(
			Pool::<Test>::get().staked + Pool::<Test>::get().buffer,
			INITIAL_BOND + 5 * UNIT
		);
	});
}

#[test]
fn a_missing_payout_is_skipped_with_an_event() {
	ExtBuilder::default().build_and_execute(|| {
		start_era(1);
		MockStaking::expose(pool(), 1, 11);
		start_era(2);
		start_era(3);
		let skipped: Vec<_> =
			events().into_iter().filter(|e| matches!(e, Event::PayoutSkipped { .. })).collect();
		assert_eq!(skipped, vec![Event::PayoutSkipped { validator: 11, era: 1 }]);
	});
}

#[test]
fn payouts_follow_the_exposure_not_the_current_nominations() {
	ExtBuilder::default().build_and_execute(|| {
		exposed_in_era_one();
		MockStaking::add_reward(11, 1, 3 * UNIT);
		MockStaking::add_reward(12, 1, 2 * UNIT);
		// The pool moves to other validators before era 1's rewards are listed.
		MockStaking::set_candidates(vec![(15, 1, false), (16, 2, false)]);
		start_era_without_idle(2);
		start_era_without_idle(3);
		assert_eq!(Nominations::<Test>::get().into_inner(), vec![15, 16]);
		// The payouts are still those of 11 and 12, who carried the pool's stake in era 1.
		let mut listed = PendingPayouts::<Test>::get(1).into_inner();
		listed.sort();
		assert_eq!(listed, vec![11, 12]);
	});
}

#[test]
fn payouts_wait_through_full_blocks_and_are_claimed_before_they_expire() {
	ExtBuilder::default().build_and_execute(|| {
		exposed_in_era_one();
		MockStaking::add_reward(11, 1, 3 * UNIT);
		MockStaking::add_reward(12, 1, 2 * UNIT);
		// Full blocks: `on_idle` never gets weight. The list (made at era 3) survives.
		start_era_without_idle(2);
		start_era_without_idle(3);
		assert_eq!(PendingPayouts::<Test>::get(1).len(), 2);
		// Half the history depth (3 eras) after era 1, `on_initialize` claims one a block.
		start_era_without_idle(4);
		next_block_without_idle();
		assert!(PendingPayouts::<Test>::get(1).is_empty());
		let rewards: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::RewardsCompounded { amount, .. } => Some(amount),
				_ => None,
			})
			.collect();
		assert_eq!(rewards, vec![3 * UNIT, 2 * UNIT]);
	});
}

#[test]
fn payouts_past_the_history_depth_expire() {
	ExtBuilder::default().build_and_execute(|| {
		exposed_in_era_one();
		// Era 4 would claim them in `on_initialize`; here the eras jump past the depth (6).
		start_era_without_idle(2);
		start_era_without_idle(3);
		events();
		start_era_without_idle(8);
		let expired: Vec<_> =
			events().into_iter().filter(|e| matches!(e, Event::PayoutExpired { .. })).collect();
		assert_eq!(expired.len(), 2);
		assert!(PayoutEras::<Test>::get().is_empty());
	});
}

#[test]
fn a_slash_lowers_the_rate_and_reaches_queued_requests_pro_rata() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		// Alice queues 100 of the 200: half the pool's books are hers as a request.
		unstake(ALICE, 100 * UNIT);
		let before = rate();
		// 10 % of everything bonded (active and unlocking) is slashed.
		let slashed = MockStaking::slash(pool(), Perbill::from_percent(10));
		events();
		stake(BOB, UNIT);
		let events = events();
		let queue_part = match events.first() {
			Some(Event::Slashed { amount, queue_part }) => {
				assert_eq!(*amount, slashed);
				*queue_part
			}
			other => panic!("expected a slash event, got {other:?}"),
		};
		// Value: pool 100 + queue 100 before; the buffer (10) is not slashed, so the loss of
		// 19 splits 9.5 / 9.5 between the pool and the queue.
		assert_eq!(slashed, 19 * UNIT);
		assert_eq!(queue_part, 9_500_000_000_000);
		assert!(rate() < before);
		let info = LiquidStaking::withdrawals_of(&ALICE);
		assert_eq!(info[0].amount, 100 * UNIT - queue_part);
		assert_eq!(Withdrawals::<Test>::get(ALICE)[0].nominal, 100 * UNIT);
	});
}

/// Regression (found by the fuzzer): a slash not yet recognised when a reward was claimed was
/// netted against the reward, so the queue bore no part of it while the slash had already cut
/// the unlocking chunk meant to pay it; the queue was no longer covered.
#[test]
fn a_slash_pending_when_a_reward_is_claimed_still_reaches_the_queue() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		// 50 queued, covered exactly: 10 of buffer and 40 unbonding.
		unstake(ALICE, 50 * UNIT);
		assert_eq!(MockStaking::ledger(pool()).unlocking, vec![(4, 40 * UNIT)]);
		// 10 % of the bond (190) is slashed, the unbonding chunk down to 36; a reward of the
		// same size is claimed before anything recognised the slash.
		assert_eq!(MockStaking::slash(pool(), Perbill::from_percent(10)), 19 * UNIT);
		MockStaking::add_reward(12, 1, 19 * UNIT);
		events();
		assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 1));
		assert_ok!(LiquidStaking::do_try_state());
		// The loss splits pro rata between the pool (150) and the queue (50): 14.25 / 4.75.
		let queue_part = 4_750_000_000_000;
		assert_eq!(Pool::<Test>::get().queue_value, 50 * UNIT - queue_part);
		assert!(matches!(
			events().as_slice(),
			[Event::Slashed { amount, queue_part: q }, Event::RewardsCompounded { amount: r, .. }]
				if *amount == 19 * UNIT && *q == queue_part && *r == 19 * UNIT
		));
	});
}

#[test]
fn a_slash_beyond_the_rate_bound_pauses_staking_until_the_next_era() {
	ExtBuilder::default()
		.params(|p| p.max_rate_change = Perbill::from_percent(1))
		.build_and_execute(|| {
			// A 5 % slash sits in the bond, not yet recognised: quotes see it coming.
			MockStaking::slash(pool(), Perbill::from_percent(5));
			assert_noop!(
				LiquidStaking::stake(RuntimeOrigin::signed(ALICE), UNIT),
				Error::<Test>::StakingPaused
			);
			// The next call recognises it and pauses staking.
			MockStaking::add_reward(12, 0, UNIT);
			assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0));
			assert_eq!(Paused::<Test>::get(), Some(PauseReason::RateOutOfBounds));
			assert!(events().iter().any(|e| matches!(e, Event::RateOutOfBounds { .. })));
			assert_noop!(
				LiquidStaking::stake(RuntimeOrigin::signed(ALICE), UNIT),
				Error::<Test>::StakingPaused
			);
			// Unstaking is still quoted, at the real rate.
			assert!(LiquidStaking::quote_unstake(UNIT).is_ok());
			// No admin needed: the next era restarts the bound from the new rate.
			start_era(1);
			assert_eq!(Paused::<Test>::get(), None);
			assert!(events().contains(&Event::StakingResumed));
			assert_eq!(Pool::<Test>::get().era_start_rate, rate());
			stake(ALICE, UNIT);
		});
}

#[test]
fn income_never_trips_the_rate_bound() {
	ExtBuilder::default()
		.params(|p| p.max_rate_change = Perbill::from_percent(1))
		.build_and_execute(|| {
			// A reward of 5 % and a tip of 2 % of the pool: held, so the rate does not jump.
			MockStaking::add_reward(12, 0, 5 * UNIT);
			assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 0));
			super::mev::pay(EVE, 2 * UNIT);
			stake(ALICE, UNIT);
			for era in 1..=8 {
				start_era(era);
				assert_eq!(Paused::<Test>::get(), None);
			}
		});
}

#[test]
fn the_new_era_bonds_the_excess_buffer_and_refills_a_short_one() {
	ExtBuilder::default().build_and_execute(|| {
		stake(ALICE, 100 * UNIT);
		start_era(1);
		assert!(events().contains(&Event::BufferBonded { amount: 90 * UNIT }));
		assert_eq!(MockStaking::ledger(pool()).active, 190 * UNIT);
		// Instant unstakes drain the buffer; the next era unbonds to refill it.
		assert_ok!(LiquidStaking::instant_unstake(RuntimeOrigin::signed(ALICE), 9 * UNIT));
		start_era(2);
		let refill = events().into_iter().find_map(|e| match e {
			Event::BufferRefilling { amount } => Some(amount),
			_ => None,
		});
		assert!(refill.is_some_and(|a| a > 8 * UNIT && a < 10 * UNIT), "{refill:?}");
	});
}

#[test]
fn nominations_follow_commission_changes_deterministically() {
	ExtBuilder::default().build_and_execute(|| {
		MockStaking::set_candidates(vec![
			(11, 1, false),
			(12, 3, false),
			(15, 2, false),
			(16, 0, false),
		]);
		start_era(1);
		// None has produced blocks yet: at most three, lowest commission first.
		assert_eq!(Nominations::<Test>::get().into_inner(), vec![16, 11, 15]);
		assert_eq!(MockStaking::nominated(), vec![16, 11, 15]);
		// Three validators cannot keep each below the 25 % share: the pool says so.
		assert!(events().contains(&Event::NominationsUnderSpread { have: 3, want: 4 }));
		// No eligible validator: the old nominations stay.
		MockStaking::set_candidates(vec![(17, 50, false)]);
		start_era(2);
		assert_eq!(MockStaking::nominated(), vec![16, 11, 15]);
	});
}

fn candidate(who: AccountId, percent: u32, points: u32) -> ValidatorCandidate<AccountId> {
	ValidatorCandidate {
		who,
		commission: Perbill::from_percent(percent),
		blocked: false,
		era_points: points,
		slashed: false,
		elected_commission: (points > 0).then(|| Perbill::from_percent(percent)),
	}
}

#[test]
fn validators_that_produced_blocks_outrank_new_zero_commission_accounts() {
	ExtBuilder::default().build_and_execute(|| {
		// Two producing validators at 5 % and 8 %, and five fresh accounts at 0 % (a key-ground
		// Sybil set sorted ahead of them by storage order).
		let mut set: Vec<_> = (50..55).map(|who| candidate(who, 0, 0)).collect();
		set.push(candidate(11, 5, 100));
		set.push(candidate(12, 8, 200));
		MockStaking::set_validators(set);
		start_era(1);
		// 12 passes on 92 % of 200 points, 11 95 % of 100: 12 first. No Sybil is nominated.
		assert_eq!(Nominations::<Test>::get().into_inner(), vec![12, 11]);
	});
}

#[test]
fn a_slashed_validator_or_one_that_raised_its_commission_is_dropped() {
	ExtBuilder::default().build_and_execute(|| {
		let mut raised = candidate(11, 5, 100);
		raised.commission = Perbill::from_percent(9);
		let mut slashed = candidate(12, 1, 300);
		slashed.slashed = true;
		MockStaking::set_validators(vec![raised, slashed, candidate(13, 3, 50)]);
		start_era(1);
		assert_eq!(Nominations::<Test>::get().into_inner(), vec![13]);
	});
}

#[test]
fn a_large_set_is_scored_over_several_eras_and_a_chilled_pool_renominates() {
	ExtBuilder::default().build_and_execute(|| {
		// Twelve validators, eight read per era: the pass takes two eras. The best is last.
		let mut set: Vec<_> = (40..51).map(|who| candidate(who, 5, 10)).collect();
		set.push(candidate(60, 1, 1_000));
		MockStaking::set_validators(set);
		start_era(1);
		assert!(!Nominations::<Test>::get().contains(&60));
		start_era(2);
		assert_eq!(Nominations::<Test>::get().first(), Some(&60));
		// Staking chills the pool: the next era nominates again though the choice is the same.
		MockStaking::chill();
		start_era(3);
		assert!(MockStaking::nominated().contains(&60));
	});
}

#[test]
fn era_records_are_pruned_after_the_history_depth() {
	ExtBuilder::default().build_and_execute(|| {
		for era in 1..=6 {
			start_era(era);
		}
		let eras: Vec<_> = LiquidStaking::era_records().into_iter().map(|(e, _)| e).collect();
		assert_eq!(eras, vec![3, 4, 5, 6]);
		// Hook work is once per era: a block in the same era does nothing.
		events();
		next_block();
		assert!(events().iter().all(|e| !matches!(e, Event::EraStarted { .. })));
	});
}

#[test]
fn apr_splits_staking_and_mev() {
	ExtBuilder::default().build_and_execute(|| {
		start_era(1);
		MockStaking::add_reward(12, 1, UNIT);
		assert_ok!(LiquidStaking::payout(RuntimeOrigin::signed(BOB), 12, 1));
		super::mev::pay(EVE, UNIT / 2);
		start_era(2);
		let apr = LiquidStaking::apr();
		assert_eq!(apr.eras, 1);
		// 0.9 SLC net of 100 in one era, 365 eras a year.
		assert_eq!(apr.staking, FixedU128::from_rational(9 * 365, 1000));
		assert_eq!(apr.tips, FixedU128::from_rational(45 * 365, 10_000));
		assert_eq!(apr.bids, FixedU128::zero());
	});
}
