//! Validator accountability on the real runtime (four validators, the `local_testnet` genesis):
//! a GRANDPA equivocation, two conflicting signed prevotes, is reported through
//! `report_equivocation_unsigned` with the historical key-ownership proof that the runtime API
//! returns; the offences pallet passes it to staking, which slashes the validator and the
//! nominators behind it, the liquid-staking pool among them, and pays the slash to the treasury.

mod common;

use common::*;
use pallet_liquid_staking::Pool;
use sluice_runtime::{
	configs::{staking::SlashDeferDuration, TreasuryAccount},
	genesis_config_presets::local_config_genesis,
	AccountId, Balance, Grandpa, Hash, LiquidStaking, Runtime, RuntimeCall, RuntimeEvent, System,
	UncheckedExtrinsic, SLC,
};
use sp_consensus_grandpa::{
	runtime_decl_for_grandpa_api::GrandpaApiV3, Equivocation, EquivocationProof,
	OpaqueKeyOwnershipProof,
};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	ApplyExtrinsicResult, Perbill,
};

fn active_era() -> u32 {
	pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or_default()
}

/// Runs `test` on the `local_testnet` genesis (Alice, Bob, Charlie and Dave validate), block 1
/// produced, with no validator invulnerable (as on the `testnet` preset: the local preset keeps
/// its validators invulnerable only so that a developer's net does not slash itself).
fn on_local_chain(test: impl FnOnce()) {
	genesis_ext(local_config_genesis()).execute_with(|| {
		produce_block(vec![]);
		pallet_staking::Invulnerables::<Runtime>::kill();
		test();
	});
}

/// Two prevotes by `voter` in `round` of set `set_id` for different blocks at the same height:
/// each signed over GRANDPA's localized payload, as a voting node signs.
fn conflicting_prevotes(
	voter: Ed25519Keyring,
	set_id: u64,
	round: u64,
) -> EquivocationProof<Hash, u32> {
	signed_as(voter, voter, set_id, round)
}

/// [`conflicting_prevotes`] naming `identity` as the voter but signed by `signer`.
fn signed_as(
	identity: Ed25519Keyring,
	signer: Ed25519Keyring,
	set_id: u64,
	round: u64,
) -> EquivocationProof<Hash, u32> {
	let vote = |target: u8| {
		let prevote =
			finality_grandpa::Prevote { target_hash: Hash::repeat_byte(target), target_number: 5 };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
		(prevote, signer.sign(&payload).into())
	};
	EquivocationProof::new(
		set_id,
		Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: round,
			identity: identity.public().into(),
			first: vote(1),
			second: vote(2),
		}),
	)
}

/// The report as the node submits it: a bare `report_equivocation_unsigned`.
fn report(proof: EquivocationProof<Hash, u32>, key_owner: OpaqueKeyOwnershipProof) -> RuntimeCall {
	RuntimeCall::Grandpa(pallet_grandpa::Call::report_equivocation_unsigned {
		equivocation_proof: Box::new(proof),
		key_owner_proof: key_owner.decode().expect("a session membership proof"),
	})
}

/// Includes `call` as a bare extrinsic in the next block that has room (a block whose session
/// rotation used the whole budget takes none); its apply result.
fn include_bare(call: RuntimeCall) -> ApplyExtrinsicResult {
	loop {
		let xt = UncheckedExtrinsic::new_bare(call.clone());
		let result = produce_block(vec![xt]).remove(0);
		if result != Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) {
			return result;
		}
	}
}

/// What backs `validator` from `who` in `era` (its share of the validator's exposure).
fn exposure_from(era: u32, validator: &AccountId, who: &AccountId) -> Balance {
	pallet_staking::ErasStakersPaged::<Runtime>::iter_prefix_values((era, validator.clone()))
		.flat_map(|page| page.others)
		.filter(|o| &o.who == who)
		.map(|o| o.value)
		.sum()
}

fn bonded(who: &AccountId) -> Balance {
	pallet_staking::Ledger::<Runtime>::get(who).map_or(0, |l| l.total)
}

/// `Staking::Slashed` amounts by staker, and what the treasury was credited (`Deposit`), in this
/// block's events.
fn slashes_in_block() -> (Vec<(AccountId, Balance)>, Balance) {
	let mut slashed = Vec::new();
	let mut credited = 0;
	for record in System::events() {
		match record.event {
			RuntimeEvent::Staking(pallet_staking::Event::Slashed { staker, amount }) => {
				slashed.push((staker, amount))
			}
			RuntimeEvent::Balances(pallet_balances::Event::Deposit { who, amount })
				if who == TreasuryAccount::get() =>
			{
				credited += amount
			}
			_ => {}
		}
	}
	(slashed, credited)
}

#[test]
fn a_grandpa_equivocation_slashes_the_validator_and_the_pool_behind_it_into_the_treasury() {
	on_local_chain(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let pool = LiquidStaking::account_id();
		// Ferdie stakes 40 000 SLC; the pool spreads its bond over the validators it picks.
		let stake =
			RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::stake { amount: 40_000 * SLC });
		assert_eq!(produce_block(vec![signed(Sr25519Keyring::Ferdie, stake)]), vec![Ok(Ok(()))]);
		run_until_the_pool_backs_alice(1_000 * SLC);

		// Alice's GRANDPA key signs two prevotes for different blocks in one round.
		let set_id = Grandpa::current_set_id();
		let proof = conflicting_prevotes(Ed25519Keyring::Alice, set_id, 3);
		// The node asks the runtime API for the key-ownership proof, then submits the report.
		let key_owner =
			Runtime::generate_key_ownership_proof(set_id, Ed25519Keyring::Alice.public().into())
				.expect("Alice's GRANDPA key is in the current session");

		// A forged report (Bob's key signing, Alice's identity) and a report with Bob's
		// ownership proof for Alice's key are refused: nothing is reported.
		let forged = signed_as(Ed25519Keyring::Alice, Ed25519Keyring::Bob, set_id, 3);
		let bob_owner =
			Runtime::generate_key_ownership_proof(set_id, Ed25519Keyring::Bob.public().into())
				.expect("Bob's GRANDPA key is in the current session");
		assert_eq!(
			include_bare(report(proof.clone(), bob_owner)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		assert_eq!(
			include_bare(report(forged, key_owner.clone())),
			Ok(Err(pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof.into()))
		);
		assert!(!System::events().iter().any(|r| matches!(r.event, RuntimeEvent::Offences(_))));

		// The real report is accepted (a block author's node includes it; it pays no fee)...
		assert_eq!(include_bare(report(proof.clone(), key_owner.clone())), Ok(Ok(())));
		let offence_era = active_era();
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Staking(pallet_staking::Event::SlashReported { validator, fraction, .. })
				if *validator == alice && *fraction == Perbill::from_parts(562_500_000)
		)));
		// ... and a second copy is stale.
		assert_eq!(
			include_bare(report(proof, key_owner)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		// What backed Alice in the offence era: her own bond and the pool's share.
		let alice_own = pallet_staking::ErasStakersOverview::<Runtime>::get(offence_era, &alice)
			.expect("Alice is exposed")
			.own;
		let pool_behind_alice = exposure_from(offence_era, &alice, &pool);
		assert!(pool_behind_alice > 1_000 * SLC, "{pool_behind_alice}");

		// The slash is deferred: it applies when era `offence + deferral + 1` starts.
		let applies = offence_era + SlashDeferDuration::get() + 1;
		let rate_before = LiquidStaking::exchange_rate().expect("consistent books");
		while active_era() < applies {
			produce_block(vec![]);
			let (slashed, _) = slashes_in_block();
			assert!(slashed.is_empty() || active_era() == applies, "applied early: {slashed:?}");
		}
		// One offender of four: (3 × 1 / 4)² = 56.25 % = 9/16 of what backed Alice in the
		// offence era, from her own bond and from the pool; no one else is behind her. The
		// treasury is credited every slashed SLC (no reporter reward is configured).
		let (mut slashed, credited) = slashes_in_block();
		slashed.sort();
		let mut expected =
			vec![(alice.clone(), alice_own * 9 / 16), (pool.clone(), pool_behind_alice * 9 / 16)];
		expected.sort();
		assert_eq!(slashed.len(), 2, "{slashed:?}");
		for ((who, amount), (expected_who, expected_amount)) in slashed.iter().zip(&expected) {
			assert_eq!(who, expected_who);
			assert!(amount.abs_diff(*expected_amount) <= 1, "{who}: {amount} != {expected_amount}");
		}
		let total: Balance = slashed.iter().map(|(_, a)| a).sum();
		assert_eq!(credited, total);

		// The pool meets it at its next call: vSLC is worth less.
		let unstake =
			RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::unstake { vslc: SLC });
		assert_eq!(produce_block(vec![signed(Sr25519Keyring::Ferdie, unstake)]), vec![Ok(Ok(()))]);
		assert_eq!(Pool::<Runtime>::get().staked, bonded(&pool));
		let rate_after = LiquidStaking::exchange_rate().expect("consistent books");
		assert!(rate_after < rate_before, "{rate_after:?} !< {rate_before:?}");
		LiquidStaking::do_try_state().expect("liquid-staking invariants hold");
	});
}

#[test]
fn an_equivocation_too_old_to_be_slashed_is_refused() {
	on_local_chain(|| {
		let set_id = Grandpa::current_set_id();
		let proof = conflicting_prevotes(Ed25519Keyring::Alice, set_id, 1);
		let key_owner =
			Runtime::generate_key_ownership_proof(set_id, Ed25519Keyring::Alice.public().into())
				.expect("Alice's GRANDPA key is in the current session");
		// The proof is for a session of era 0. Once era `deferral + 1` is active, staking would
		// queue the slash under an era already applied: the report is refused instead.
		while active_era() <= SlashDeferDuration::get() {
			produce_block(vec![]);
		}
		let result = include_bare(report(proof, key_owner));
		assert_eq!(
			result,
			Ok(Err(pallet_grandpa::Error::<Runtime>::DuplicateOffenceReport.into()))
		);
		assert!(!System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Offences(_)
				| RuntimeEvent::Staking(pallet_staking::Event::SlashReported { .. })
		)));
	});
}
