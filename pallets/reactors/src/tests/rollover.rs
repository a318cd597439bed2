//! The cycle rollover: deployment by votes, fees to PCV, losses covered, withdrawals kept idle,
//! emissions by the balance rule, bounded steps.

use super::*;
use crate::{Event, Phase};
use frame_support::assert_ok;
use sluice_math::rewards::split_emission;

#[test]
fn rollover_deploys_by_votes() {
	build_and_execute(|| {
		fund_and_vote();
		roll_over();
		assert_eq!(CurrentCycle::<Test>::get(), 1);
		assert_eq!(Pools::get((SLC, A1)), Some((3_000 * UNIT, 1_000 * UNIT)));
		assert_eq!((reactor(0).idle, reactor(0).deployed), (0, 3_000 * UNIT));
		assert_eq!((reactor(1).idle, reactor(1).deployed), (0, 1_000 * UNIT));
		System::assert_has_event(
			Event::Deployed { venue: 0, a: 3_000 * UNIT, b: 1_000 * UNIT }.into(),
		);
	});
}

#[test]
fn fees_go_to_the_reserve_and_treasury_and_liquidity_is_redeployed() {
	build_and_execute(|| {
		fund_and_vote();
		roll_over();
		earn_fees((SLC, A1), (30 * UNIT, 10 * UNIT));
		let pcv = Reactors::pcv_account();
		let (pcv_slc, pcv_a1) = (balance(SLC, pcv), balance(A1, pcv));
		let (treasury_slc, treasury_a1) = (balance(SLC, TREASURY), balance(A1, TREASURY));
		let reserve = Reactors::reserve_account();
		let reserve_a1 = balance(A1, reserve);
		roll_over();
		assert_eq!(balance(SLC, pcv) - pcv_slc, 27 * UNIT);
		assert_eq!(balance(A1, pcv) - pcv_a1, 9 * UNIT);
		// Not the treasury's: ordinary spends cannot reach the revenue that backs loss cover.
		assert_eq!((balance(SLC, TREASURY), balance(A1, TREASURY)), (treasury_slc, treasury_a1));
		assert_eq!(balance(A1, reserve) - reserve_a1, UNIT);
		assert_eq!(Revenue::<Test>::get(0), 27 * UNIT);
		assert_eq!(Revenue::<Test>::get(1), 9 * UNIT);
		System::assert_has_event(Event::RevenueSwept { reactor: 0, amount: 30 * UNIT }.into());
		// LPs keep their quantities; everything is deployed again.
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
		assert_eq!(reactor(1).deployed, 1_000 * UNIT);
	});
}

#[test]
fn requested_withdrawals_stay_idle() {
	build_and_execute(|| {
		fund_and_vote();
		assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, 400 * UNIT));
		roll_over();
		assert_eq!((reactor(1).idle, reactor(1).deployed), (400 * UNIT, 600 * UNIT));
		// The empty pool takes both sides as offered.
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
		let before = balance(A1, BOB);
		assert_ok!(Reactors::withdraw(RuntimeOrigin::signed(BOB), 1));
		assert_eq!(balance(A1, BOB) - before, 400 * UNIT);
	});
}

#[test]
fn emissions_follow_votes_and_the_balance_rule() {
	build_and_execute(|| {
		fund_and_vote();
		// The first rollover deploys the deposits and pays nothing: no liquidity was at risk
		// during the cycle that ended.
		roll_over();
		assert!(!System::events()
			.iter()
			.any(|e| matches!(e.event, RuntimeEvent::Reactors(Event::Emitted { .. }))));
		System::reset_events();
		roll_over();
		// Each reactor has half the votes: 500 SLC each. Reactor 1: LPs $2 000, LDs $100.
		let (lp, ld) = split_emission(500 * UNIT, 2_000 * UNIT * 1_000_000, 100 * UNIT * 1_000_000)
			.expect("splits");
		assert!(ld > lp, "the side in deficit takes more");
		System::assert_has_event(Event::Emitted { reactor: 1, lp, ld }.into());
		let (bob, charlie) = (balance(SLC, BOB), balance(SLC, CHARLIE));
		assert_ok!(Reactors::claim(RuntimeOrigin::signed(BOB), 1));
		assert_ok!(Reactors::claim(RuntimeOrigin::signed(CHARLIE), 1));
		// Sole LP and sole LD: everything, less at most a unit of rounding.
		assert!(lp - (balance(SLC, BOB) - bob) <= 1);
		assert!(ld - (balance(SLC, CHARLIE) - charlie) <= 1);
		// A price outage skips the emission instead of guessing.
		Prices::remove(A1);
		roll_over();
		System::assert_has_event(Event::EmissionSkipped { reactor: 1 }.into());
	});
}

#[test]
fn rollover_work_is_bounded_per_block_and_independent_of_positions() {
	let blocks_for = |extra_lps: u128| {
		let mut blocks = 0;
		new_test_ext().execute_with(|| {
			MaxSteps::set(1);
			fund_and_vote();
			for who in 100..100 + extra_lps {
				assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), who, 1_000 * UNIT));
				assert_ok!(Reactors::deposit(RuntimeOrigin::signed(who), 0, UNIT));
			}
			run_to_block(CYCLE);
			let start = System::block_number();
			assert!(RolloverPhase::<Test>::get() != Phase::Idle);
			// Mid-rollover, a request waits for the rollover after the next (cohort 2), and
			// withdrawals wait.
			assert_ok!(Reactors::request_withdrawal(RuntimeOrigin::signed(BOB), 1, UNIT));
			assert_eq!(LpPositions::<Test>::get(1, BOB).and_then(|p| p.request), Some((UNIT, 2)));
			assert_eq!(
				Reactors::withdraw(RuntimeOrigin::signed(BOB), 1),
				Err(Error::<Test>::RolloverInProgress.into())
			);
			while RolloverPhase::<Test>::get() != Phase::Idle {
				run_to_block(System::block_number() + 1);
			}
			blocks = System::block_number() - start + 1;
			assert_eq!(
				Reactors::withdraw(RuntimeOrigin::signed(BOB), 1),
				Err(Error::<Test>::RequestNotDue.into())
			);
			Reactors::do_try_state().expect("invariants hold");
		});
		MaxSteps::set(16);
		blocks
	};
	let few = blocks_for(1);
	assert_eq!(few, blocks_for(200));
	assert!(few > 1, "one step per block spreads the rollover");
}

#[test]
fn a_failing_venue_leaves_liquidity_idle() {
	build_and_execute(|| {
		fund_and_vote();
		VenueBroken::put(true);
		roll_over();
		assert_eq!((reactor(0).idle, reactor(0).deployed), (3_000 * UNIT, 0));
		VenueBroken::put(false);
		roll_over();
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
		// Broken at recall time: the venue keeps it, recorded as deployed, and no more goes in.
		VenueBroken::put(true);
		roll_over();
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
		VenueBroken::put(false);
		roll_over();
		assert_eq!(reactor(0).deployed, 3_000 * UNIT);
	});
}

#[test]
fn runtime_api_reports_state_positions_aprs_and_singularity() {
	build_and_execute(|| {
		fund_and_vote();
		roll_over();
		roll_over();
		let view = Reactors::api_reactor(1).expect("exists");
		assert_eq!(
			(view.supply, view.deployed, view.staked),
			(1_000 * UNIT, 1_000 * UNIT, 100 * UNIT)
		);
		assert_eq!(view.deployed_per_venue, vec![(0, 1_000 * UNIT)]);
		// LD side $100 over LP side $2 000.
		assert_eq!(view.balance_ratio, Some(sp_runtime::FixedU128::from_rational(1, 20)));
		let bob = Reactors::api_position(1, BOB);
		assert_eq!((bob.t_assets, bob.earning), (1_000 * UNIT, 1_000 * UNIT));
		let before = balance(SLC, BOB);
		assert!(bob.pending_rewards > 0);
		assert_ok!(Reactors::claim(RuntimeOrigin::signed(BOB), 1));
		assert_eq!(balance(SLC, BOB) - before, bob.pending_rewards);
		assert_eq!(Reactors::api_position(1, BOB).pending_rewards, 0);
		let (lp_apr, ld_apr) = Reactors::api_apr(1).expect("priced");
		assert!(ld_apr > lp_apr, "the scarce side earns the higher rate");
		assert_eq!(Reactors::api_singularity_ratio(), Some(sp_runtime::FixedU128::from_u32(0)));
		earn_fees((SLC, A1), (30 * UNIT, 10 * UNIT));
		roll_over();
		// PCV: 27 SLC ($27) + 9 A1 ($18) over $3 000 + $2 000 deployed.
		assert_eq!(
			Reactors::api_singularity_ratio(),
			Some(sp_runtime::FixedU128::from_rational(45, 5_000))
		);
		assert_eq!(Reactors::api_cycle(), (3, Phase::Idle));
	});
}

#[test]
fn deployment_is_capped_by_the_ld_stake_and_revenue() {
	build_and_execute(|| {
		fund_and_vote();
		// Reactor 1's LDs stake $100: at most 100 × $100 = $10 000 of A1 (5 000 A1) may be
		// deployed; it has 1 000. Take most of the stake away: it leaves before the rollover
		// deploys, so 1 SLC backs $100 = 50 A1.
		assert_ok!(Reactors::request_unstake(RuntimeOrigin::signed(CHARLIE), 1, 99 * UNIT));
		roll_over();
		assert_ok!(Reactors::unstake(RuntimeOrigin::signed(CHARLIE), 1));
		assert_eq!(Reactors::deployment_cap(1, &reactor(1)), Some(50 * UNIT));
		assert_eq!(reactor(1).deployed, 50 * UNIT);
		assert_eq!(reactor(1).idle, 950 * UNIT);
		// Without a price the venue is neither recalled nor deployed into: the 50 stay put,
		// and the rest stays idle.
		Prices::remove(A1);
		roll_over();
		assert_eq!((reactor(1).deployed, reactor(1).idle), (50 * UNIT, 950 * UNIT));
	});
}
