//! The attacks on MEV capture and liquid staking (issue 15), each performed step by step on the
//! real runtime (real pallet-staking, the block auction and its bundle inherent, transaction
//! payment) as an attacker who reads the code would, and each shown to fail: the attacker's call
//! is refused, or it ends with less SLC than it started with, while the pool and the honest
//! holders get what the rules give them. Expected figures are written down from the rules.
//!
//! Times on the dev chain: one block a second; an era is 30 blocks (three 10-block sessions); a
//! request is claimable 4 eras after it is made; a slash waits 2 eras. Pool parameters: 10 %
//! protocol fee, 0.3 % instant-unstake fee, a buffer of 5 % of the pool, a rate bound of 1 % an
//! era. Income (rewards, tips, bids) is held and released into the rate at the start of the era
//! after the one it arrived in.

mod common;

use common::*;
use pallet_liquid_staking::{Event as PoolEvent, Paused, Pool};
use sluice_runtime::{
	configs::{
		block_auction::MaxBundleWeight,
		liquid_staking::VSLC_ASSET_ID,
		staking::{SessionPeriod, SessionsPerEra},
		TreasuryAccount,
	},
	AccountId, Balance, LiquidStaking, Runtime, RuntimeCall, RuntimeEvent, System, MILLI_SLC, SLC,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{traits::Saturating, DispatchError, FixedPointNumber, FixedU128, Perbill};

fn pool_call(call: pallet_liquid_staking::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::LiquidStaking(call)
}

fn stake(amount: Balance) -> RuntimeCall {
	pool_call(pallet_liquid_staking::Call::stake { amount })
}

fn unstake(vslc: Balance) -> RuntimeCall {
	pool_call(pallet_liquid_staking::Call::unstake { vslc })
}

fn instant_unstake(vslc: Balance) -> RuntimeCall {
	pool_call(pallet_liquid_staking::Call::instant_unstake { vslc })
}

fn bundle(calls: Vec<RuntimeCall>, bid: Balance) -> RuntimeCall {
	RuntimeCall::BlockAuction(pallet_block_auction::Call::submit_bundle { calls, bid })
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![1] })
}

fn transfer(to: &AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: to.clone().into(),
		value,
	})
}

fn rate() -> FixedU128 {
	LiquidStaking::exchange_rate().expect("the pool's books are consistent")
}

fn era_blocks() -> u32 {
	SessionPeriod::get() * SessionsPerEra::get()
}

fn try_state() {
	LiquidStaking::do_try_state().expect("liquid-staking invariants hold");
	sluice_runtime::BlockAuction::do_try_state(System::block_number())
		.expect("auction invariants hold");
}

/// Dispatches `call` from `who`; it must succeed.
fn ok(who: impl Signer + Clone, call: RuntimeCall) {
	if let Err(e) = dispatch(who, call.clone()) {
		panic!("{call:?} failed: {e:?}");
	}
	try_state();
}

/// Runs blocks until the pool has processed era `era`.
fn run_to_pool_era(era: u32) {
	while Pool::<Runtime>::get().era < era {
		produce_block(vec![]);
	}
}

/// The auction's events of the current block.
fn auction_events() -> Vec<pallet_block_auction::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::BlockAuction(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn pool_events() -> Vec<PoolEvent<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::LiquidStaking(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Bob's 1 000 SLC are staked and an era has started since: the pool is worth 1 100 SLC and the
/// era kept 5 % of it (55 SLC) in the buffer, which instant unstakes may use.
fn established_pool() {
	ok(Bob, stake(1_000 * SLC));
	let era = Pool::<Runtime>::get().era;
	run_to_pool_era(era + 1);
	assert_eq!(Pool::<Runtime>::get().buffer, 55 * SLC);
}

/// The pool account's SLC plus the treasury's: where a winning bid goes.
fn pool_and_treasury() -> Balance {
	free_balance(&LiquidStaking::account_id()) + free_balance(&TreasuryAccount::get())
}

/// Attack 1: a bundle that could stop block production. The winning bundle's calls no longer
/// run in `on_initialize`: the bid is paid there and the calls run in the bundle inherent,
/// which an author whose inherent traps leaves out of the block. A bundle nested 250 levels
/// deep runs; a block built without the inherent (as after a trap) is still a good block, the
/// bid is paid, and the next block does not see the bundle again.
#[test]
fn attack_1_a_bundle_cannot_stop_block_production() {
	// Natively, in a debug build, 250 nested dispatches need more than a test thread's stack.
	std::thread::Builder::new()
		.stack_size(1 << 30)
		.spawn(attack_1_on_a_large_stack)
		.expect("a thread starts")
		.join()
		.expect("the attack test passed");
}

fn attack_1_on_a_large_stack() {
	on_dev_chain(|| {
		// 250 nested `utility.batch`es around a remark, as deep as the decode limit allows.
		let mut call = remark();
		for _ in 0..250 {
			call = RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![call] });
		}
		ok(Dave, bundle(vec![call], SLC));
		produce_block(vec![]);
		let events = auction_events();
		assert!(events.iter().any(|e| matches!(e, pallet_block_auction::Event::BundleWon { .. })));
		assert!(
			events.iter().any(|e| matches!(e, pallet_block_auction::Event::BundleExecuted { .. })),
			"{events:?}"
		);

		// A bundle whose inherent the author leaves out (what the block builder does when it
		// traps): the block is built, the bid paid, the bundle gone.
		let dave = Dave.to_account_id();
		ok(Dave, bundle(vec![transfer(&Charlie.to_account_id(), SLC)], 2 * SLC));
		let (dave_before, sink_before) = (free_balance(&dave), pool_and_treasury());
		produce_block_leaving_out_the_bundle(vec![]);
		let events = auction_events();
		assert!(events.contains(&pallet_block_auction::Event::BundleSkipped {
			searcher: dave.clone(),
			bid: 2 * SLC
		}));
		// Dave paid his 2 SLC bid and nothing else (the transfer never ran); the pool and the
		// treasury got the 2 SLC (1.8 and 0.2).
		assert_eq!(free_balance(&dave), dave_before);
		assert_eq!(pallet_balances::Pallet::<Runtime>::reserved_balance(&dave), 0);
		assert_eq!(pool_and_treasury(), sink_before + 2 * SLC);
		assert!(pallet_block_auction::Pending::<Runtime>::get().is_none());
		// The chain goes on, and the next block runs no bundle.
		let height = System::block_number();
		produce_block(vec![]);
		assert_eq!(System::block_number(), height + 1);
		assert!(auction_events().is_empty());
		try_state();
	});
}

/// Attack 2: the 1 % option. A winner whose calls fail used to pay 1 % of its bid: a guard
/// call made the trade free to abandon, and a bundle built to fail, outbidding a rival by one
/// unit, cost 1 % of the rival's bid a block. Now a winner pays its whole bid whatever happens.
#[test]
fn attack_2_a_failing_bundle_pays_its_whole_bid() {
	on_dev_chain(|| {
		let (charlie, dave) = (Charlie.to_account_id(), Dave.to_account_id());
		// The guard: Dave's "trade" (a transfer) followed by a call that fails when the trade
		// did not pay (here a transfer of more than Dave has).
		let guard = transfer(&charlie, 10_000_000 * SLC);
		let dave_before = free_balance(&dave);
		ok(Dave, bundle(vec![transfer(&charlie, SLC), guard.clone()], 5 * SLC));
		let fee = last_fee_paid();
		let sink_before = pool_and_treasury();
		produce_block(vec![]);
		assert!(auction_events().iter().any(
			|e| matches!(e, pallet_block_auction::Event::BundleFailed { index: 1, bid, .. } if *bid == 5 * SLC)
		));
		// Dave paid the whole 5 SLC bid and the submission fee; the trade was rolled back.
		assert_eq!(free_balance(&dave), dave_before - 5 * SLC - fee);
		assert_eq!(pool_and_treasury(), sink_before + 5 * SLC);

		// The rival: Charlie bids 5 SLC with an honest bundle; Dave outbids him by one unit with
		// a bundle built to fail. Charlie's bid is released; Dave pays 5 SLC + 1 for nothing.
		let (charlie_before, dave_before) = (free_balance(&charlie), free_balance(&dave));
		// Both bids in one block, for the next one.
		let results = produce_block(vec![
			signed(Charlie, bundle(vec![remark()], 5 * SLC)),
			signed(Dave, bundle(vec![guard], 5 * SLC + 1)),
		]);
		assert_eq!(results, vec![Ok(Ok(())), Ok(Ok(()))]);
		let fees: Vec<Balance> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
				) => Some(actual_fee),
				_ => None,
			})
			.collect();
		let [charlie_fee, dave_fee] = fees[..] else { panic!("two fees: {fees:?}") };
		let sink_before = pool_and_treasury();
		produce_block(vec![]);
		assert_eq!(free_balance(&charlie), charlie_before - charlie_fee);
		assert_eq!(free_balance(&dave), dave_before - 5 * SLC - 1 - dave_fee);
		// The pool gets more than the rival's bid, not 1 % of it.
		assert_eq!(pool_and_treasury(), sink_before + 5 * SLC + 1);
		try_state();
	});
}

/// Attack 3: underpriced block space. A bundle may take a tenth of the block (40 ms of
/// execution, 4·10¹⁰ weight) and used to pay only the 0.01 SLC minimum. Now it must bid what
/// an ordinary transaction of that weight pays: with a fee of one unit per unit of weight, about
/// 0.04 SLC at a fee multiplier of one, ten times that at ten.
#[test]
fn attack_3_block_space_costs_at_least_the_transaction_fee() {
	on_dev_chain(|| {
		// `utility.with_weight` declares the largest weight a bundle may have.
		let heavy = RuntimeCall::Utility(pallet_utility::Call::with_weight {
			call: Box::new(remark()),
			weight: MaxBundleWeight::get(),
		});
		assert_eq!(MaxBundleWeight::get().ref_time(), 40_000_000_000);
		let refused = |bid| dispatch(Dave, bundle(vec![heavy.clone()], bid));
		let too_cheap: DispatchError =
			pallet_block_auction::Error::<Runtime>::BidBelowBlockSpacePrice.into();
		assert_eq!(refused(10 * MILLI_SLC), Err(too_cheap));
		// The multiplier is just below one after a few empty blocks: 0.039 SLC is still short.
		assert_eq!(refused(39 * MILLI_SLC), Err(too_cheap));
		ok(Dave, bundle(vec![heavy.clone()], 41 * MILLI_SLC));
		produce_block(vec![]);
		// Congestion: the fee multiplier at ten makes the same space cost about 0.4 SLC.
		pallet_transaction_payment::NextFeeMultiplier::<Runtime>::put(FixedU128::from_u32(10));
		assert_eq!(refused(41 * MILLI_SLC), Err(too_cheap));
		assert_eq!(refused(399 * MILLI_SLC), Err(too_cheap));
		ok(Dave, bundle(vec![heavy], 402 * MILLI_SLC));
		try_state();
	});
}

/// Attack 4: just-in-time MEV. Eve sees Dave's 5 SLC bid a block ahead (`best_bid`), stakes
/// 50 SLC in block N−1, the bid lands at the top of block N, and she instant-unstakes in block
/// N: once worth about 0.20 SLC (her 4.3 % of the 4.5 SLC the pool kept) against a 0.15 SLC fee.
/// Now the bid is held until the era after next, so she gets her 50 SLC back less the fee; the
/// same inside her own bundle, and with a reward claimed through `payout`.
#[test]
fn attack_4_just_in_time_stake_earns_nothing_from_mev() {
	on_dev_chain(|| {
		established_pool();
		let eve = Eve.to_account_id();
		// Block N−1: Dave bids 5 SLC for block N; Eve, who reads `best_bid`, stakes 50 SLC at a
		// rate of one in the same block.
		let start = free_balance(&eve);
		let results = produce_block(vec![
			signed(Dave, bundle(vec![remark()], 5 * SLC)),
			signed(Eve, stake(50 * SLC)),
		]);
		assert_eq!(results, vec![Ok(Ok(())), Ok(Ok(()))]);
		let stake_fee = last_fee_paid();
		assert_eq!(sluice_runtime::BlockAuction::best_bid().map(|b| b.1), Some(5 * SLC));
		assert_eq!(asset_balance(VSLC_ASSET_ID, &eve), 50 * SLC);
		// Block N: the bid lands at the top (4.5 SLC held for the pool); Eve exits at once. Her
		// stake is this era's, so the buffer kept by the era's start (55 SLC) pays her.
		let results = produce_block(vec![signed(Eve, instant_unstake(50 * SLC))]);
		assert_eq!(results, vec![Ok(Ok(()))]);
		assert!(auction_events()
			.iter()
			.any(|e| matches!(e, pallet_block_auction::Event::BundleWon { .. })));
		let exit_fee = last_fee_paid();
		// 50 SLC less 0.3 % (0.15 SLC): nothing of the bid.
		assert_eq!(
			free_balance(&eve),
			start - stake_fee - exit_fee - 50 * SLC + 49_850 * MILLI_SLC
		);

		// Inside her own bundle, in the next era (whose start kept a new buffer): she pays her
		// 5 SLC bid first, then her stake buys at the value that holds the bid back; exiting
		// returns 50 SLC less the fee at most.
		let era = Pool::<Runtime>::get().era;
		run_to_pool_era(era + 1);
		let start = free_balance(&eve);
		ok(Eve, bundle(vec![stake(50 * SLC)], 5 * SLC));
		let submit_fee = last_fee_paid();
		produce_block(vec![]);
		let shares = asset_balance(VSLC_ASSET_ID, &eve);
		assert!(shares > 0 && shares < 50 * SLC, "{shares}");
		ok(Eve, instant_unstake(shares));
		let exit_fee = last_fee_paid();
		// She gets back at most 50 SLC less the 0.3 % fee, and her bid is gone.
		assert!(
			free_balance(&eve)
				<= start - submit_fee - exit_fee - 5 * SLC - 50 * SLC + 49_850 * MILLI_SLC
		);
		try_state();
	});
}

/// Attack 5: MEV tripping the rate bound. A tip of 1.1 % of the pool and a `payout` used to push
/// the rate past the 1 % bound and pause `stake` until Root resumed. Now income never moves the
/// rate within an era; its release is capped at 1 % of the value an era (the rest waits), and a
/// pause for a real jump ends with the era.
#[test]
fn attack_5_a_large_tip_cannot_pause_staking() {
	on_dev_chain(|| {
		established_pool();
		// Eve tips 13 SLC (1.2 % of the 1 100 SLC pool): 11.7 SLC held for the pool.
		let nonce = System::account_nonce(Eve.to_account_id());
		let tip = signed_with(Eve, transfer(&Ferdie.to_account_id(), SLC), nonce, 13 * SLC);
		assert_eq!(produce_block(vec![tip]), vec![Ok(Ok(()))]);
		assert_eq!(Pool::<Runtime>::get().held_new, 11_700 * MILLI_SLC);
		// Any call that syncs (here a stake) finds nothing out of bounds.
		ok(Charlie, stake(10 * SLC));
		assert_eq!(Paused::<Runtime>::get(), None);
		let start = rate();
		// Two eras later the tip is released, at most 1 % of the value: 11.1 of the 11.7 SLC
		// (the value is 1 110 SLC); the last 0.6 SLC come an era after.
		let era = Pool::<Runtime>::get().era;
		run_to_pool_era(era + 2);
		assert_eq!(Paused::<Runtime>::get(), None);
		let released = pallet_liquid_staking::Eras::<Runtime>::get(era + 2).released;
		assert!(released <= 11_100 * MILLI_SLC + SLC / 100, "{released}");
		assert!(shares_within(start, rate(), Perbill::from_percent(1)));
		ok(Charlie, stake(10 * SLC));
		try_state();
	});
}

/// Whether `to` is within `bound` of `from`.
fn shares_within(from: FixedU128, to: FixedU128, bound: Perbill) -> bool {
	let allowed = FixedU128::from_inner(bound.mul_ceil(from.into_inner()));
	to <= from.saturating_add(allowed) && to >= from.saturating_sub(allowed)
}

/// Attack 6: late withdrawals and forced unbonding. `batch_all[unstake(X), cancel_unstake(id)]`
/// used to unbond X's value with no capital at risk (the cancel never re-bonded), and the next
/// era counted the orphaned chunk as arriving and bonded the free buffer away. Now the cancel
/// re-bonds it; the buffer stays; and a request is paid in its claimable era.
#[test]
fn attack_6_unstake_and_cancel_cannot_force_unbonding() {
	on_dev_chain(|| {
		established_pool();
		let pool = LiquidStaking::account_id();
		let ledger = || pallet_staking::Ledger::<Runtime>::get(&pool).expect("the pool is bonded");
		// Eve stakes 200 SLC (it waits in the buffer until the next era bonds it).
		ok(Eve, stake(200 * SLC));
		let era = Pool::<Runtime>::get().era;
		run_to_pool_era(era + 1);
		let active = ledger().active;
		let buffer = Pool::<Runtime>::get().buffer;
		// The batch: 200 vSLC queued (unbonding what the buffer does not cover), then cancelled.
		let id = pallet_liquid_staking::NextRequestId::<Runtime>::get();
		let vslc = asset_balance(VSLC_ASSET_ID, &Eve.to_account_id());
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				unstake(vslc),
				pool_call(pallet_liquid_staking::Call::cancel_unstake { id }),
			],
		});
		ok(Eve, batch);
		// Nothing stays unbonding and the active bond is whole again.
		assert!(ledger().unlocking.is_empty(), "{:?}", ledger().unlocking);
		assert_eq!(ledger().active, active);
		// The next era finds no orphaned chunk: the buffer is not bonded away.
		run_to_pool_era(era + 2);
		assert!(Pool::<Runtime>::get().buffer >= buffer - SLC, "the buffer was bonded away");

		// An honest request is paid in its claimable era, not a bonding duration later.
		let bob = Bob.to_account_id();
		ok(Bob, unstake(100 * SLC));
		let request = LiquidStaking::withdrawals_of(&bob)[0].clone();
		while pallet_staking::CurrentEra::<Runtime>::get().unwrap_or_default()
			< request.claimable_era
		{
			produce_block(vec![]);
		}
		let before = free_balance(&bob);
		ok(Bob, pool_call(pallet_liquid_staking::Call::withdraw { id: request.id }));
		// The request's value, and its 0.1 SLC deposit back.
		assert_eq!(free_balance(&bob), before + request.amount + SLC / 10 - last_fee_paid());
		try_state();
	});
}

/// Attack 7: exit ahead of a known slash. A slash of Alice (behind whom the pool is exposed) is
/// recorded and deferred two eras; holders used to instant-unstake at the pre-slash rate and
/// leave the loss to those who stayed. Now, while the slash is pending, an instant unstake is
/// priced as if it had been taken: Bob's exit price is no better than the rate after the slash.
#[test]
fn attack_7_exiting_ahead_of_a_known_slash_does_not_escape_it() {
	on_dev_chain(|| {
		let pool = LiquidStaking::account_id();
		ok(Bob, stake(10_000 * SLC));
		// Wait for an era in which the pool (with Bob's stake bonded) backs Alice; then Alice is
		// reported: a 10 % slash, deferred by two eras.
		run_until_the_pool_backs_alice(1_000 * SLC);
		report_alice(Perbill::from_percent(10));
		let pending = LiquidStaking::pool_info().expect("pool info").pending_slash;
		// 10 % of the pool's exposure (its 10 100 SLC bond, less the buffer it kept unbonded).
		assert!(pending > 900 * SLC && pending <= 1_010 * SLC, "{pending}");
		// Bob exits 100 vSLC at once, ahead of the slash.
		let bob = Bob.to_account_id();
		let before = free_balance(&bob);
		ok(Bob, instant_unstake(100 * SLC));
		let paid = free_balance(&bob) + last_fee_paid() - before;
		// The slash lands two eras later.
		let staked = || pallet_staking::Ledger::<Runtime>::get(&pool).map(|l| l.total);
		let bonded = staked();
		for _ in 0..4 * era_blocks() {
			produce_block(vec![]);
			if staked() < bonded {
				break;
			}
		}
		assert!(staked() < bonded, "the slash was never applied");
		// Bob's 100 vSLC were paid no more than 100 vSLC are worth now, after the slash (and the
		// 0.3 % fee): his exit did not leave his part of the loss to those who stayed.
		let after_slash = rate().saturating_mul_int(100 * SLC);
		assert!(paid <= after_slash, "Bob escaped the slash: paid {paid}, worth {after_slash}");
		assert!(paid >= after_slash * 99 / 100, "paid {paid}, worth {after_slash}");
		try_state();
	});
}

/// Attack 8: validator selection captured. Twenty key-ground accounts register as validators
/// at 0 % commission; the pool used to read validators in storage order and take the lowest
/// commission, so they would take all its nominations. Now the pool ranks by last era's points
/// (what a validator produced) and passes on commission: the Sybils, which produce nothing,
/// get none. When staking chills the pool, the next era nominates again.
#[test]
fn attack_8_sybil_validators_do_not_capture_the_nominations() {
	on_dev_chain(|| {
		let ferdie = Ferdie;
		for i in 0..20 {
			let sybil = pair(&format!("sybil{i}"));
			let account = sybil.account();
			ok(ferdie, transfer(&account, 1_100 * SLC));
			ok(
				sybil.clone(),
				RuntimeCall::Staking(pallet_staking::Call::bond {
					value: 1_000 * SLC,
					payee: pallet_staking::RewardDestination::Stash,
				}),
			);
			ok(
				sybil,
				RuntimeCall::Staking(pallet_staking::Call::validate {
					prefs: pallet_staking::ValidatorPrefs {
						commission: Perbill::zero(),
						blocked: false,
					},
				}),
			);
		}
		// Two era starts: Alice has earned points in a completed era by then.
		let era = Pool::<Runtime>::get().era;
		run_to_pool_era(era + 2);
		let alice = Alice.to_account_id();
		assert_eq!(
			pallet_liquid_staking::Nominations::<Runtime>::get().into_inner(),
			vec![alice.clone()]
		);
		// Staking chills the pool; the next era nominates again.
		let pool = LiquidStaking::account_id();
		assert!(
			<pallet_staking::Pallet<Runtime> as sp_staking::StakingInterface>::chill(&pool).is_ok()
		);
		assert!(!pallet_staking::Nominators::<Runtime>::contains_key(&pool));
		run_to_pool_era(era + 3);
		assert_eq!(
			pallet_staking::Nominators::<Runtime>::get(&pool).map(|n| n.targets.into_inner()),
			Some(vec![alice])
		);
		try_state();
	});
}

/// Attack 9: exits blocked by the treasury's consumer slots. A pending reward used to mint the
/// protocol fee as (non-sufficient) vSLC to the treasury; fifteen junk assets sent to it first
/// filled its consumer slots, and every call that met a pending reward failed. Now the fee is
/// owed in SLC and paid from the buffer at an era's start: the junk changes nothing.
#[test]
fn attack_9_junk_assets_at_the_treasury_cannot_block_exits() {
	on_dev_chain(|| {
		established_pool();
		let treasury = TreasuryAccount::get();
		for i in 0..15u32 {
			let id = 7_000 + i;
			ok(
				Eve,
				RuntimeCall::Assets(pallet_assets::Call::create {
					id: id.into(),
					admin: Eve.to_account_id().into(),
					min_balance: 1,
				}),
			);
			ok(
				Eve,
				RuntimeCall::Assets(pallet_assets::Call::mint {
					id: id.into(),
					beneficiary: treasury.clone().into(),
					amount: 1,
				}),
			);
		}
		let consumers = frame_system::Account::<Runtime>::get(&treasury).consumers;
		assert!(consumers >= 15, "{consumers}");
		// Wait until the pool has a reward to recognise (its era-1 exposure behind Alice).
		let treasury_slc = free_balance(&treasury);
		for _ in 0..6 * era_blocks() {
			produce_block(vec![]);
			if pool_events().iter().any(|e| matches!(e, PoolEvent::RewardsCompounded { .. })) {
				break;
			}
		}
		// Every kind of call goes through.
		ok(Bob, stake(10 * SLC));
		ok(Bob, unstake(10 * SLC));
		ok(Bob, instant_unstake(SLC));
		let era = Pool::<Runtime>::get().era;
		run_to_pool_era(era + 1);
		// The fee reached the treasury in SLC at the era's start; it holds no vSLC.
		assert!(pool_events().iter().any(|e| matches!(e, PoolEvent::ProtocolFeePaid { .. })));
		assert!(free_balance(&treasury) > treasury_slc);
		assert_eq!(asset_balance(VSLC_ASSET_ID, &treasury), 0);
		try_state();
	});
}

/// Attack 10: payouts for the wrong validators. Pending payouts used to be built from the
/// current nominations and overwritten every era: the rewards of a validator the pool had just
/// left expired unclaimed. Now they are listed from the validators the pool was exposed to in
/// the ended era and kept until claimed: Alice blocks new nominations, the pool moves to Dave,
/// and Alice's payout for the era the pool backed her is still claimed.
#[test]
fn attack_10_rewards_of_a_validator_the_pool_left_are_still_claimed() {
	on_dev_chain(|| {
		let (alice, dave, pool) =
			(Alice.to_account_id(), Dave.to_account_id(), LiquidStaking::account_id());
		// Dave offers himself as a validator; Alice blocks new nominations.
		ok(
			Dave,
			RuntimeCall::Staking(pallet_staking::Call::bond {
				value: 1_000 * SLC,
				payee: pallet_staking::RewardDestination::Stash,
			}),
		);
		let prefs =
			|blocked| pallet_staking::ValidatorPrefs { commission: Perbill::zero(), blocked };
		ok(Dave, RuntimeCall::Staking(pallet_staking::Call::validate { prefs: prefs(false) }));
		// Era 1 is elected with the genesis nomination of Alice: the pool is exposed behind her.
		run_to_pool_era(2);
		assert!(pallet_staking::ErasStakersPaged::<Runtime>::iter_prefix_values((
			1,
			alice.clone()
		))
		.any(|page| page.others.iter().any(|o| o.who == pool)));
		ok(Alice, RuntimeCall::Staking(pallet_staking::Call::validate { prefs: prefs(true) }));
		// The pool leaves Alice; era 1's payout, listed when era 1 ended, is still Alice's.
		let mut claimed = false;
		for _ in 0..4 * era_blocks() {
			produce_block(vec![]);
			claimed |= pallet_staking::ClaimedRewards::<Runtime>::get(1, &alice).contains(&0);
			if claimed {
				break;
			}
		}
		// The pool claimed it (nobody else calls `payout`): its reward was recognised.
		assert!(pool_events().iter().any(|e| matches!(e, PoolEvent::RewardsCompounded { .. })));
		assert!(
			pallet_liquid_staking::Nominations::<Runtime>::get().contains(&dave),
			"the pool did not move to Dave"
		);
		assert!(claimed, "Alice's payout for era 1 was never claimed");
		try_state();
	});
}
