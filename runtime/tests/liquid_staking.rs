//! Liquid staking and MEV on the real runtime: stake, an era's rewards compound, tips and a
//! winning bundle raise the rate, a slash of the nominated validator lowers it and reaches a
//! queued withdrawal.

mod common;

use common::*;
use pallet_liquid_staking::{Pool, Withdrawals};
use sluice_runtime::{
	configs::{
		liquid_staking::{LIQUID_STAKING_INITIAL_BOND, VSLC_ASSET_ID},
		staking::{SessionPeriod, SessionsPerEra},
	},
	LiquidStaking, Runtime, RuntimeCall, RuntimeEvent, System, SLC,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
use sp_runtime::{FixedU128, Perbill};

fn rate() -> FixedU128 {
	LiquidStaking::exchange_rate().expect("the pool's books are consistent")
}

fn stake(amount: u128) -> RuntimeCall {
	RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::stake { amount })
}

fn pool_events() -> Vec<pallet_liquid_staking::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::LiquidStaking(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn era_blocks() -> u32 {
	SessionPeriod::get() * SessionsPerEra::get()
}

fn try_state() {
	LiquidStaking::do_try_state().expect("liquid-staking invariants hold");
}

#[test]
fn genesis_bonds_the_pool_and_nominates_alice() {
	on_dev_chain(|| {
		let pool = LiquidStaking::account_id();
		assert_eq!(asset_balance(VSLC_ASSET_ID, &pool), LIQUID_STAKING_INITIAL_BOND);
		let ledger = pallet_staking::Ledger::<Runtime>::get(&pool).expect("the pool is bonded");
		assert_eq!(ledger.active, LIQUID_STAKING_INITIAL_BOND);
		assert_eq!(
			pallet_staking::Nominators::<Runtime>::get(&pool).map(|n| n.targets.into_inner()),
			Some(vec![Alice.to_account_id()])
		);
		assert_eq!(rate(), FixedU128::from_u32(1));
		try_state();
	});
}

#[test]
fn staking_rewards_compound_and_raise_the_rate_an_era_later() {
	on_dev_chain(|| {
		let bob = Bob.to_account_id();
		assert_eq!(produce_block(vec![signed(Bob, stake(1_000 * SLC))]), vec![Ok(Ok(()))]);
		assert_eq!(asset_balance(VSLC_ASSET_ID, &bob), 1_000 * SLC);
		let start = rate();
		// Era 1 exposes the pool behind Alice, era 2 pays era 1; `on_idle` claims it. The reward
		// is held, and released into the rate a whole era after it came.
		let treasury = sluice_runtime::configs::TreasuryAccount::get();
		let treasury_slc = free_balance(&treasury);
		let mut compounded = false;
		for _ in 0..8 * era_blocks() {
			produce_block(vec![]);
			compounded |= pool_events()
				.iter()
				.any(|e| matches!(e, pallet_liquid_staking::Event::RewardsCompounded { .. }));
			if compounded && rate() > start {
				break;
			}
		}
		assert!(compounded, "no era reward was compounded");
		assert!(rate() > start, "the rate did not rise: {:?} -> {:?}", start, rate());
		// The treasury's protocol fee is paid in SLC, and it holds no vSLC.
		assert!(free_balance(&treasury) > treasury_slc);
		assert_eq!(asset_balance(VSLC_ASSET_ID, &treasury), 0);
		try_state();
	});
}

#[test]
fn tips_and_a_winning_bundle_are_paid_into_the_pool() {
	on_dev_chain(|| {
		produce_block(vec![signed(Bob, stake(1_000 * SLC))]);
		let start = rate();
		let buffer = Pool::<Runtime>::get().buffer;

		// A transfer with a 2 SLC tip: the tip, less the protocol fee, goes to the pool.
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Dave.to_account_id().into(),
			value: SLC,
		});
		let nonce = System::account_nonce(Charlie.to_account_id());
		produce_block(vec![signed_with(Charlie, transfer, nonce, 2 * SLC)]);
		let tipped = Pool::<Runtime>::get().buffer;
		assert_eq!(tipped - buffer, 2 * SLC - 2 * SLC / 10);
		// Held: the rate moves only when the income is released.
		assert_eq!(rate(), start);

		// Dave bids 5 SLC for the top of the next block with a remark.
		let bundle = RuntimeCall::BlockAuction(pallet_block_auction::Call::submit_bundle {
			calls: vec![RuntimeCall::System(frame_system::Call::remark { remark: vec![7] })],
			bid: 5 * SLC,
		});
		assert_eq!(produce_block(vec![signed(Dave, bundle)]), vec![Ok(Ok(()))]);
		produce_block(vec![]);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::BlockAuction(pallet_block_auction::Event::BundleExecuted { .. })
		)));
		assert_eq!(Pool::<Runtime>::get().buffer - tipped, 5 * SLC - 5 * SLC / 10);
		let era = Pool::<Runtime>::get().era;
		let record = pallet_liquid_staking::Eras::<Runtime>::get(era);
		assert_eq!((record.tips, record.bids), (2 * SLC, 5 * SLC));
		// Two era starts later the 6.3 SLC are in the rate.
		let held = Pool::<Runtime>::get().held_new;
		assert!(held >= 63 * SLC / 10, "{held}");
		let target = era + 2;
		while Pool::<Runtime>::get().era < target {
			produce_block(vec![]);
		}
		assert!(rate() > start);
		try_state();
	});
}

#[test]
fn a_slash_of_the_nominated_validator_lowers_the_rate_and_reaches_queued_withdrawals() {
	on_dev_chain(|| {
		let bob = Bob.to_account_id();
		produce_block(vec![signed(Bob, stake(10_000 * SLC))]);
		// Wait for an era in which the pool (with Bob's stake bonded) backs Alice.
		let pool = LiquidStaking::account_id();
		run_until_the_pool_backs_alice(1_000 * SLC);
		// Bob queues half of his vSLC.
		let unstake =
			RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::unstake { vslc: 5_000 * SLC });
		assert_eq!(produce_block(vec![signed(Bob, unstake)]), vec![Ok(Ok(()))]);
		let queued = LiquidStaking::withdrawals_of(&bob)[0].amount;
		let start = rate();

		// Alice is reported for an offence in this era: 10 % slash, deferred by two eras.
		report_alice(Perbill::from_percent(10));
		let staked = |who| pallet_staking::Ledger::<Runtime>::get(who).map(|l| l.total);
		let before = staked(&pool);
		let mut slashed = false;
		for _ in 0..4 * era_blocks() {
			produce_block(vec![]);
			if staked(&pool) < before {
				slashed = true;
				break;
			}
		}
		assert!(slashed, "the slash was never applied to the pool");
		// The next call recognises it: the rate falls, the jump pauses staking, and the queued
		// request loses its pro-rata share.
		let unstake =
			RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::unstake { vslc: SLC });
		assert_eq!(produce_block(vec![signed(Bob, unstake)]), vec![Ok(Ok(()))]);
		assert_eq!(Pool::<Runtime>::get().staked, staked(&pool).unwrap_or_default());
		assert!(Pool::<Runtime>::get().queue_factor < FixedU128::from_u32(1));
		assert!(rate() < start, "the rate did not fall");
		assert_eq!(
			pallet_liquid_staking::Paused::<Runtime>::get(),
			Some(pallet_liquid_staking::PauseReason::RateOutOfBounds)
		);
		let request = LiquidStaking::withdrawals_of(&bob)[0].clone();
		assert!(request.amount < queued, "the queued request kept its full value");
		assert_eq!(Withdrawals::<Runtime>::get(&bob)[0].nominal, queued);
		try_state();
	});
}
