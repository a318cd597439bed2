//! NPoS on the real runtime: bond and nominate, an era passes, the nominator is elected behind
//! Alice and paid.

mod common;

use common::*;
use pallet_staking::{ActiveEra, ErasStakersOverview, ErasValidatorReward, RewardDestination};
use sluice_runtime::{
	configs::staking::{SessionPeriod, SessionsPerEra},
	Runtime, RuntimeCall, UncheckedExtrinsic, SLC,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
use sp_runtime::DispatchError;

fn active_era() -> u32 {
	ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or_default()
}

fn bond(who: sp_keyring::Sr25519Keyring, value: u128, nonce: u32) -> UncheckedExtrinsic {
	let call = pallet_staking::Call::bond { value, payee: RewardDestination::Stash };
	signed_with(who, RuntimeCall::Staking(call), nonce, 0)
}

fn nominate_alice(who: sp_keyring::Sr25519Keyring, nonce: u32) -> UncheckedExtrinsic {
	let call = pallet_staking::Call::nominate { targets: vec![Alice.to_account_id().into()] };
	signed_with(who, RuntimeCall::Staking(call), nonce, 0)
}

fn era_blocks() -> u32 {
	SessionPeriod::get() * SessionsPerEra::get()
}

#[test]
fn bond_nominate_and_get_paid_after_an_era() {
	on_dev_chain(|| {
		let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
		let bonded = 1_000 * SLC;
		let results = produce_block(vec![bond(Bob, bonded, 0), nominate_alice(Bob, 1)]);
		assert_eq!(results, vec![Ok(Ok(())), Ok(Ok(()))]);
		assert_eq!(pallet_staking::Ledger::<Runtime>::get(&bob).map(|l| l.active), Some(bonded));
		assert_eq!(
			pallet_staking::Nominators::<Runtime>::get(&bob).map(|n| n.targets.into_inner()),
			Some(vec![alice.clone()])
		);

		// The nomination is taken by the next election; the era after it exposes Bob.
		assert_eq!(active_era(), 0);
		run_to_block(era_blocks() + 1);
		assert_eq!(active_era(), 1);
		let overview = ErasStakersOverview::<Runtime>::get(1, &alice).expect("Alice is exposed");
		// Bob and the liquid-staking pool (bonded and nominating Alice since genesis).
		let pool_bond = sluice_runtime::configs::liquid_staking::LIQUID_STAKING_INITIAL_BOND;
		assert_eq!(overview.total, 100_000 * SLC + bonded + pool_bond);
		assert_eq!(overview.nominator_count, 2);

		// Era 1 ends: its reward is computed from its duration and Alice's authored blocks.
		run_to_block(2 * era_blocks() + 1);
		assert_eq!(active_era(), 2);
		let reward = ErasValidatorReward::<Runtime>::get(1).expect("era 1 has a reward");
		assert!(reward > 0);
		assert!(pallet_staking::ErasRewardPoints::<Runtime>::get(1).total > 0);

		// Anyone may trigger the payout; Bob's share lands in his stash.
		let bob_before = free_balance(&bob);
		let results = produce_block(vec![signed(
			Charlie,
			RuntimeCall::Staking(pallet_staking::Call::payout_stakers {
				validator_stash: alice.clone(),
				era: 1,
			}),
		)]);
		assert_eq!(results, vec![Ok(Ok(()))]);
		assert!(free_balance(&bob) > bob_before, "nominator was not paid");
	});
}

#[test]
fn bonding_below_the_minimum_and_nominating_without_a_bond_are_refused() {
	on_dev_chain(|| {
		let charlie = Charlie.to_account_id();
		let before = free_balance(&charlie);
		let results = produce_block(vec![nominate_alice(Charlie, 0)]);
		assert_eq!(
			results,
			vec![Ok(Err(DispatchError::from(pallet_staking::Error::<Runtime>::NotController)))]
		);
		assert!(pallet_staking::Nominators::<Runtime>::get(&charlie).is_none());
		assert_eq!(free_balance(&charlie), before - last_fee_paid());

		// Bonding works, but nominating with less than the minimum nominator bond is refused.
		let results = produce_block(vec![bond(Charlie, SLC, 1), nominate_alice(Charlie, 2)]);
		assert_eq!(
			results,
			vec![
				Ok(Ok(())),
				Ok(Err(DispatchError::from(pallet_staking::Error::<Runtime>::InsufficientBond)))
			]
		);
		assert!(pallet_staking::Nominators::<Runtime>::get(&charlie).is_none());
	});
}
