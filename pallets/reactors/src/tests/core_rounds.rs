//! CoRE rounds: proposals, votes weighted toward staked SLC, the top candidates get reactors.

use super::*;
use crate::{
	pallet::{CoreCandidates, CoreRound},
	Event,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::DispatchError;

const A3: AssetKind = AssetKind::WithId(3);

/// Assets 3 to 6, priced at $1.
fn create_assets() {
	for id in [3, 4, 5, 6] {
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, ALICE, true, 1));
		Prices::insert(AssetKind::WithId(id), sp_runtime::FixedU128::from_u32(1));
	}
}

#[test]
fn the_top_candidates_get_reactors_and_staked_slc_counts_more() {
	build_and_execute(|| {
		setup();
		create_assets();
		assert_noop!(
			Reactors::propose_reactor(RuntimeOrigin::signed(BOB), A2),
			Error::<Test>::NoCoreRound
		);
		assert_noop!(
			Reactors::start_core(RuntimeOrigin::signed(BOB), 5, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Reactors::start_core(RuntimeOrigin::root(), 5, 0),
			Error::<Test>::InvalidCoreRound
		);
		assert_ok!(Reactors::start_core(RuntimeOrigin::root(), 5, 1));
		assert_noop!(
			Reactors::start_core(RuntimeOrigin::root(), 5, 1),
			Error::<Test>::CoreInProgress
		);
		assert_ok!(Reactors::propose_reactor(RuntimeOrigin::signed(BOB), A2));
		assert_ok!(Reactors::propose_reactor(RuntimeOrigin::signed(BOB), A3));
		assert_noop!(
			Reactors::propose_reactor(RuntimeOrigin::signed(BOB), A2),
			Error::<Test>::AlreadyProposed
		);
		assert_noop!(
			Reactors::propose_reactor(RuntimeOrigin::signed(BOB), A1),
			Error::<Test>::ReactorExists
		);
		assert_noop!(
			Reactors::propose_reactor(RuntimeOrigin::signed(BOB), AssetKind::WithId(77)),
			Error::<Test>::UnknownAsset
		);
		// Charlie locks 100 liquid SLC for A2; Dave stakes 40 SLC (× 3 = 120) and votes A3.
		assert_ok!(Reactors::core_vote(RuntimeOrigin::signed(CHARLIE), A2, 100 * UNIT));
		assert_eq!(
			Balances::balance_on_hold(&crate::HoldReason::CoreVote.into(), &CHARLIE),
			100 * UNIT
		);
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(DAVE), 0, 40 * UNIT));
		assert_ok!(Reactors::core_vote(RuntimeOrigin::signed(DAVE), A3, 0));
		System::assert_last_event(
			Event::CoreVoted { round: 1, who: DAVE, asset: A3, power: 120 * UNIT }.into(),
		);
		assert_noop!(
			Reactors::core_vote(RuntimeOrigin::signed(DAVE), A2, UNIT),
			Error::<Test>::AlreadyVoted
		);
		assert_noop!(
			Reactors::core_vote(RuntimeOrigin::signed(BOB), AssetKind::WithId(4), UNIT),
			Error::<Test>::NotACandidate
		);
		assert_noop!(
			Reactors::core_vote(RuntimeOrigin::signed(BOB), A2, 0),
			Error::<Test>::NoVotingPower
		);
		assert_noop!(
			Reactors::core_unlock(RuntimeOrigin::signed(CHARLIE)),
			Error::<Test>::CoreInProgress
		);
		run_to_block(6);
		// A3 won with the staked votes; one winner only.
		assert!(CoreRound::<Test>::get().is_none());
		assert!(CoreCandidates::<Test>::get().is_empty());
		assert_eq!(reactor(2).asset, A3);
		assert!(crate::pallet::Reactors::<Test>::get(3).is_none());
		System::assert_has_event(Event::CoreCompleted { round: 1, created: 1 }.into());
		assert_ok!(Reactors::core_unlock(RuntimeOrigin::signed(CHARLIE)));
		assert_eq!(Balances::balance_on_hold(&crate::HoldReason::CoreVote.into(), &CHARLIE), 0);
		assert_noop!(
			Reactors::core_unlock(RuntimeOrigin::signed(CHARLIE)),
			Error::<Test>::NothingToUnlock
		);
	});
}

#[test]
fn candidates_are_bounded_and_unvoted_ones_do_not_win() {
	build_and_execute(|| {
		setup();
		create_assets();
		assert_ok!(Reactors::start_core(RuntimeOrigin::root(), 3, 4));
		for asset in [A2, A3, AssetKind::WithId(4), AssetKind::WithId(5)] {
			assert_ok!(Reactors::propose_reactor(RuntimeOrigin::signed(BOB), asset));
		}
		assert_noop!(
			Reactors::propose_reactor(RuntimeOrigin::signed(BOB), AssetKind::WithId(6)),
			Error::<Test>::TooManyCandidates
		);
		assert_eq!(CoreCandidates::<Test>::get().len(), 4);
		assert_ok!(Reactors::core_vote(RuntimeOrigin::signed(CHARLIE), A3, UNIT));
		run_to_block(4);
		System::assert_has_event(Event::CoreCompleted { round: 1, created: 1 }.into());
		assert_eq!(reactor(2).asset, A3);
	});
}

#[test]
fn staked_votes_hold_the_stake_and_proposals_cost_a_deposit_unless_supported() {
	build_and_execute(|| {
		setup();
		create_assets();
		let held = |who| Balances::balance_on_hold(&crate::HoldReason::CoreProposal.into(), &who);
		assert_ok!(Reactors::start_core(RuntimeOrigin::root(), 5, 1));
		// An asset the oracle does not price cannot be a candidate.
		Prices::remove(AssetKind::WithId(6));
		assert_noop!(
			Reactors::propose_reactor(RuntimeOrigin::signed(BOB), AssetKind::WithId(6)),
			Error::<Test>::UnpricedAsset
		);
		// Bob proposes A2 and A3, 10 SLC held for each.
		assert_ok!(Reactors::propose_reactor(RuntimeOrigin::signed(BOB), A2));
		assert_ok!(Reactors::propose_reactor(RuntimeOrigin::signed(BOB), A3));
		assert_eq!(held(BOB), 20 * UNIT);
		// Dave's 40 staked SLC count 120 for A2; they cannot leave while the round is open.
		assert_ok!(Reactors::stake(RuntimeOrigin::signed(DAVE), 0, 40 * UNIT));
		assert_ok!(Reactors::core_vote(RuntimeOrigin::signed(DAVE), A2, 0));
		assert_noop!(
			Reactors::request_unstake(RuntimeOrigin::signed(DAVE), 0, 40 * UNIT),
			Error::<Test>::StakeInCoreVote
		);
		run_to_block(6);
		// A2 won with all the votes: its deposit comes back; A3 got none: its 10 SLC are burnt.
		assert_eq!(reactor(2).asset, A2);
		assert_eq!(held(BOB), 0);
		assert_eq!(Balances::free_balance(BOB), 1_000_000 * UNIT - 10 * UNIT);
		assert_ok!(Reactors::request_unstake(RuntimeOrigin::signed(DAVE), 0, 40 * UNIT));
	});
}
