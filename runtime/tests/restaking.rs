//! Restaking on the real runtime: vSLC from liquid staking is deposited and delegated to two
//! operators of the oracle service; one feeds an outlier, is reported and slashed (its
//! delegators and a queued withdrawal lose their share at once, the treasury and the reporter are
//! paid after the veto window); rewards stream to the operators' delegators.

mod common;

use common::*;
use sluice_runtime::configs::network::{
	AllocationDelay, MinSelfBond, RewardPeriod, WithdrawalDelay,
};
use sluice_runtime::{
	configs::{
		liquid_staking::VSLC_ASSET_ID, monetary::TreasuryAccount, restaking::ORACLE_SERVICE,
	},
	AssetKind, OracleKey, Restaking, Runtime, RuntimeCall, System, SLC,
};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{FixedU128, Perbill};

const VSLC: AssetKind = AssetKind::WithId(VSLC_ASSET_ID);

fn apply(who: Sr25519Keyring, call: RuntimeCall) {
	assert_eq!(dispatch(who, call.clone()), Ok(()), "{call:?}");
	Restaking::do_try_state().expect("restaking invariants hold");
}

fn restaking(call: pallet_restaking::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Restaking(call)
}

fn feed(who: Sr25519Keyring, price: u32) {
	apply(
		who,
		RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: vec![(OracleKey::Price(AssetKind::Native), FixedU128::from_u32(price))]
				.try_into()
				.expect("fits"),
		}),
	);
}

/// Worth of `who`'s delegation to `operator` in `asset`.
fn delegated(who: Sr25519Keyring, operator: Sr25519Keyring, asset: AssetKind) -> u128 {
	Restaking::api_staker(who.to_account_id())
		.delegations
		.into_iter()
		.find(|(o, a, _)| *o == operator.to_account_id() && *a == asset)
		.map_or(0, |(_, _, worth)| worth)
}

#[test]
fn an_outlier_feeder_is_slashed_and_rewards_reach_the_honest_operators_delegators() {
	on_dev_chain(|| {
		// Bob stakes 20 000 SLC for vSLC.
		apply(
			Bob,
			RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::stake { amount: 20_000 * SLC }),
		);
		// Bob keeps 1 % of his vSLC (its account must stay alive) and restakes the rest.
		let vslc = asset_balance(VSLC_ASSET_ID, &Bob.to_account_id()) / 100 * 99;
		assert!(vslc > 0);
		// Charlie and Dave become operators, each bonding the minimum on itself.
		for op in [Charlie, Dave] {
			apply(
				op,
				restaking(pallet_restaking::Call::register_operator {
					commission: Perbill::from_percent(10),
					self_bond: MinSelfBond::get(),
				}),
			);
		}
		// Bob deposits his vSLC and delegates half to each; Eve delegates 4 000 SLC to Dave and
		// queues 1 000 of it for withdrawal.
		apply(Bob, restaking(pallet_restaking::Call::deposit { asset: VSLC, amount: vslc }));
		for op in [Charlie, Dave] {
			apply(
				Bob,
				restaking(pallet_restaking::Call::delegate {
					operator: op.to_account_id(),
					asset: VSLC,
					amount: vslc / 2,
				}),
			);
		}
		apply(
			Eve,
			restaking(pallet_restaking::Call::deposit {
				asset: AssetKind::Native,
				amount: 4_000 * SLC,
			}),
		);
		apply(
			Eve,
			restaking(pallet_restaking::Call::delegate {
				operator: Dave.to_account_id(),
				asset: AssetKind::Native,
				amount: 4_000 * SLC,
			}),
		);
		apply(
			Eve,
			restaking(pallet_restaking::Call::queue_withdrawal {
				operator: Dave.to_account_id(),
				asset: AssetKind::Native,
				amount: 1_000 * SLC,
			}),
		);
		// Once their stake has warmed up (31 to 60 blocks), both allocate everything to the
		// oracle service.
		run_to_block(System::block_number() + 2 * AllocationDelay::get());
		for op in [Charlie, Dave] {
			apply(
				op,
				restaking(pallet_restaking::Call::allocate {
					service: ORACLE_SERVICE,
					fraction: Perbill::one(),
				}),
			);
		}
		// The allocations apply after their delay, and the oracle's next snapshot (every 10
		// blocks) has three feeders.
		run_to_block(System::block_number() + AllocationDelay::get() + 10);
		let mut feeders =
			vec![Alice.to_account_id(), Charlie.to_account_id(), Dave.to_account_id()];
		feeders.sort();
		let weighted = Restaking::api_oracle_feeders();
		assert_eq!(weighted.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(), feeders);
		// The snapshot has the same feeders (its weights are up to 10 blocks old: vSLC's rate
		// has grown since).
		let snapshot = sluice_runtime::OracleFeeds::feeders();
		assert_eq!(snapshot.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(), feeders);

		// Dave feeds $2, then Alice and Charlie $1: the stake-weighted median is $1 and Dave
		// strays 100 % from what the others fed after him.
		feed(Dave, 2);
		feed(Alice, 1);
		feed(Charlie, 1);
		let bob_dave = delegated(Bob, Dave, VSLC);
		let eve_dave = delegated(Eve, Dave, AssetKind::Native);
		let eve_queued = Restaking::api_staker(Eve.to_account_id()).withdrawals[0].3;
		assert_eq!((eve_dave, eve_queued), (3_000 * SLC, 1_000 * SLC));
		// An honest feeder cannot be reported (nothing was fed after Charlie to judge by).
		let report = |who: Sr25519Keyring| {
			restaking(pallet_restaking::Call::report_outlier {
				operator: who.to_account_id(),
				key: OracleKey::Price(AssetKind::Native),
			})
		};
		let refused = produce_block(vec![signed(Ferdie, report(Charlie))]);
		assert!(refused[0].as_ref().is_ok_and(|r| r.is_err()), "{refused:?}");
		apply(Ferdie, report(Dave));
		let pending = Restaking::api_pending_slashes();
		assert_eq!(pending.len(), 1);
		assert_eq!(pending[0].2.fraction, Perbill::from_percent(10));
		// Dave's delegators and the queued withdrawal lose 10 % at once (rounded up against the
		// pool); Charlie's do not.
		assert_eq!(delegated(Bob, Dave, VSLC), bob_dave - bob_dave.div_ceil(10));
		assert_eq!(delegated(Eve, Dave, AssetKind::Native), 2_700 * SLC);
		assert_eq!(Restaking::api_staker(Eve.to_account_id()).withdrawals[0].3, 900 * SLC);
		assert_eq!(delegated(Bob, Charlie, VSLC), vslc / 2);
		// After the veto window anyone settles it: 410 SLC (10 % of Eve's 4 000 and Dave's 100)
		// less the reporter's 10 % of Dave's own 10 go to the treasury, 1 SLC to Ferdie.
		run_to_block(pending[0].2.due);
		let ferdie = free_balance(&Ferdie.to_account_id());
		let treasury = free_balance(&TreasuryAccount::get());
		let treasury_vslc = asset_balance(VSLC_ASSET_ID, &TreasuryAccount::get());
		apply(
			Eve,
			restaking(pallet_restaking::Call::settle_slash {
				operator: Dave.to_account_id(),
				service: ORACLE_SERVICE,
			}),
		);
		assert!(Restaking::api_pending_slashes().is_empty());
		assert_eq!(free_balance(&Ferdie.to_account_id()) - ferdie, SLC);
		// (The treasury also receives the settling transaction's fee.)
		assert_eq!(free_balance(&TreasuryAccount::get()) - treasury - last_fee_paid(), 409 * SLC);
		// The treasury also receives liquid staking's fee in vSLC: read the settlement's event.
		let slashed_vslc =
			System::events().into_iter().find_map(|r| match r.event {
				sluice_runtime::RuntimeEvent::Restaking(
					pallet_restaking::Event::SlashSettled { asset, treasury, .. },
				) if asset == VSLC => Some(treasury),
				_ => None,
			});
		assert_eq!(slashed_vslc, Some(bob_dave.div_ceil(10)));
		assert!(
			asset_balance(VSLC_ASSET_ID, &TreasuryAccount::get()) - treasury_vslc
				>= bob_dave.div_ceil(10)
		);
		// The queued withdrawal pays its slashed worth.
		let due = Restaking::api_staker(Eve.to_account_id()).withdrawals[0].4;
		assert!(due <= System::block_number() + WithdrawalDelay::get());
		run_to_block(due);
		let before = free_balance(&Eve.to_account_id());
		apply(Eve, restaking(pallet_restaking::Call::complete_withdrawal { id: 0 }));
		assert_eq!(free_balance(&Eve.to_account_id()) + last_fee_paid() - before, 900 * SLC);

		// Ferdie pays the oracle service 1 000 SLC of rewards: Bob earns through both operators
		// as the rewards stream over the next `RewardPeriod::get()` blocks.
		apply(
			Ferdie,
			restaking(pallet_restaking::Call::distribute_rewards {
				service: ORACLE_SERVICE,
				amount: 1_000 * SLC,
			}),
		);
		run_to_block(System::block_number() + RewardPeriod::get());
		let pending = Restaking::api_staker(Bob.to_account_id()).pending_rewards;
		let bob_rewards = pending.iter().find(|(a, _)| *a == AssetKind::Native).map(|(_, r)| *r);
		assert!(bob_rewards.is_some_and(|r| r > 0), "{pending:?}");
		let before = free_balance(&Bob.to_account_id());
		apply(Bob, restaking(pallet_restaking::Call::claim { asset: AssetKind::Native }));
		assert_eq!(
			free_balance(&Bob.to_account_id()) + last_fee_paid() - before,
			bob_rewards.unwrap_or(0)
		);
	});
}
