//! A hostile restricted proxy on the real runtime. Bob and Dave keep their stashes cold and give
//! their bot, Charlie, a `NonTransfer` proxy (to vote and manage staking); Eve gives Charlie a
//! `Staking` proxy and Ferdie an `OracleFeeder` one. Charlie turns on them and tries every way a
//! restricted proxy could move their SLC to himself: a plain transfer, one wrapped in a batch,
//! acting through another proxy Bob holds (Bob is Dave's `Any` proxy), announcing a transfer as
//! Bob for Dave's account (anyone may execute an announced call), through a 1-of-2 multisig Bob
//! shares with Dave, identity sub-accounts (a sub's `quit_sub` takes its deposit from the
//! identity), staking rewards redirected to his own account, and granting himself an `Any`
//! proxy. Each is refused with `CallFiltered`; the calls the proxies exist for still go through.
//! Afterwards nobody's SLC has moved but for the fees Charlie paid.

mod common;

use common::*;
use frame_support::traits::fungible::Inspect as _;
use pallet_staking::RewardDestination;
use sluice_runtime::{
	configs::accounts::ProxyType, AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, System,
	SLC,
};
use sp_keyring::Sr25519Keyring::{self, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{DispatchError, DispatchResult, MultiAddress};

/// What Charlie tries to take in each attempt.
const LOOT: Balance = 1_000 * SLC;

fn transfer_to(to: &AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: MultiAddress::Id(to.clone()),
		value: amount,
	})
}

fn add_proxy(delegate: Sr25519Keyring, proxy_type: ProxyType) -> RuntimeCall {
	RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
		delegate: MultiAddress::Id(delegate.to_account_id()),
		proxy_type,
		delay: 0,
	})
}

fn proxy(real: &AccountId, call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Proxy(pallet_proxy::Call::proxy {
		real: MultiAddress::Id(real.clone()),
		force_proxy_type: None,
		call: Box::new(call),
	})
}

/// Bob's whole SLC: free and reserved (the proxy deposit, the bond's hold).
fn total(who: &AccountId) -> Balance {
	pallet_balances::Pallet::<Runtime>::total_balance(who)
}

/// Charlie calls `call` as `real`'s proxy; returns what the proxied call returned and adds the
/// fee Charlie paid to `fees`.
fn as_proxy_of(real: &AccountId, call: RuntimeCall, fees: &mut Balance) -> DispatchResult {
	assert_eq!(dispatch(Charlie, proxy(real, call.clone())), Ok(()), "the proxy call itself");
	*fees += last_fee_paid();
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
			_ => None,
		})
		.unwrap_or_else(|| panic!("no ProxyExecuted for {call:?}"))
}

fn filtered() -> DispatchResult {
	Err(DispatchError::from(frame_system::Error::<Runtime>::CallFiltered))
}

#[test]
fn a_restricted_proxy_cannot_move_the_funds_of_the_accounts_it_serves() {
	on_dev_chain(|| {
		let (bob, charlie, dave, eve, ferdie) = (
			Bob.to_account_id(),
			Charlie.to_account_id(),
			Dave.to_account_id(),
			Eve.to_account_id(),
			Ferdie.to_account_id(),
		);
		// Set-up by the victims: Bob's and Eve's stashes bond 10 000 SLC with rewards to the
		// stash; Bob and Dave make Charlie their NonTransfer proxy, Eve makes him her Staking
		// proxy, Ferdie her OracleFeeder proxy; Dave makes Bob his Any proxy; Bob and Dave
		// share a 1-of-2 multisig that Dave funds with 5 000 SLC.
		let bond = |value| {
			RuntimeCall::Staking(pallet_staking::Call::bond {
				value,
				payee: RewardDestination::Stash,
			})
		};
		assert_eq!(dispatch(Bob, bond(10_000 * SLC)), Ok(()));
		assert_eq!(dispatch(Eve, bond(10_000 * SLC)), Ok(()));
		assert_eq!(dispatch(Bob, add_proxy(Charlie, ProxyType::NonTransfer)), Ok(()));
		assert_eq!(dispatch(Dave, add_proxy(Charlie, ProxyType::NonTransfer)), Ok(()));
		assert_eq!(dispatch(Eve, add_proxy(Charlie, ProxyType::Staking)), Ok(()));
		assert_eq!(dispatch(Ferdie, add_proxy(Charlie, ProxyType::OracleFeeder)), Ok(()));
		assert_eq!(dispatch(Dave, add_proxy(Bob, ProxyType::Any)), Ok(()));
		let mut signatories = vec![bob.clone(), dave.clone()];
		signatories.sort();
		let multisig = pallet_multisig::Pallet::<Runtime>::multi_account_id(&signatories, 1);
		assert_eq!(dispatch(Dave, transfer_to(&multisig, 5_000 * SLC)), Ok(()));

		let before: Vec<Balance> =
			[&bob, &charlie, &dave, &eve, &ferdie, &multisig].iter().map(|a| total(a)).collect();
		assert_eq!(total(&multisig), 5_000 * SLC);
		let mut fees = 0;

		// 1. A plain transfer from each account Charlie serves.
		for real in [&bob, &eve, &ferdie] {
			assert_eq!(as_proxy_of(real, transfer_to(&charlie, LOOT), &mut fees), filtered());
		}
		// 2. The same inside a batch: the proxy's filter stays on the origin.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::System(frame_system::Call::remark { remark: vec![] }),
				transfer_to(&charlie, LOOT),
			],
		});
		assert_eq!(as_proxy_of(&bob, batch, &mut fees), filtered());
		// 3. As Bob, acting as Dave's Any proxy: Dave's funds through Bob's rights.
		let through_dave = proxy(&dave, transfer_to(&charlie, LOOT));
		assert_eq!(as_proxy_of(&bob, through_dave, &mut fees), filtered());
		// 3b. As Bob, announcing the transfer for Dave's account: `proxy_announced` would then
		// run it from any account under Bob's Any rights.
		let announce = RuntimeCall::Proxy(pallet_proxy::Call::announce {
			real: MultiAddress::Id(dave.clone()),
			call_hash: <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash_of(
				&transfer_to(&charlie, LOOT),
			),
		});
		assert_eq!(as_proxy_of(&bob, announce, &mut fees), filtered());
		assert_eq!(pallet_proxy::Announcements::<Runtime>::get(&bob).0.len(), 0);
		// 4. As Bob, through the 1-of-2 multisig he shares with Dave.
		let through_multisig = RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
			other_signatories: vec![dave.clone()],
			call: Box::new(transfer_to(&charlie, LOOT)),
		});
		assert_eq!(as_proxy_of(&bob, through_multisig, &mut fees), filtered());
		// 4b. Sub-accounts of Bob's identity that Charlie controls: each would `quit_sub` with
		// a deposit of Bob's.
		let identity =
			RuntimeCall::Identity(pallet_identity::Call::set_identity { info: Box::default() });
		assert_eq!(as_proxy_of(&bob, identity, &mut fees), Ok(()));
		let subs = RuntimeCall::Identity(pallet_identity::Call::set_subs {
			subs: vec![(charlie.clone(), pallet_identity::Data::None)],
		});
		assert_eq!(as_proxy_of(&bob, subs, &mut fees), filtered());
		let sub = RuntimeCall::Identity(pallet_identity::Call::add_sub {
			sub: MultiAddress::Id(charlie.clone()),
			data: pallet_identity::Data::None,
		});
		assert_eq!(as_proxy_of(&bob, sub, &mut fees), filtered());
		let clear = RuntimeCall::Identity(pallet_identity::Call::clear_identity {});
		assert_eq!(as_proxy_of(&bob, clear, &mut fees), Ok(()));
		// 5. Staking rewards paid to Charlie: set on Bob's and Eve's bonds, or on a new bond.
		let to_charlie = RewardDestination::Account(charlie.clone());
		let set_payee = |payee| RuntimeCall::Staking(pallet_staking::Call::set_payee { payee });
		for real in [&bob, &eve] {
			assert_eq!(as_proxy_of(real, set_payee(to_charlie.clone()), &mut fees), filtered());
		}
		let new_bond =
			|payee| RuntimeCall::Staking(pallet_staking::Call::bond { value: LOOT, payee });
		assert_eq!(as_proxy_of(&dave, new_bond(to_charlie.clone()), &mut fees), filtered());
		assert_eq!(as_proxy_of(&ferdie, new_bond(to_charlie.clone()), &mut fees), filtered());
		// 6. An Any proxy for himself, from each restricted type.
		for real in [&bob, &eve, &ferdie] {
			let grant = add_proxy(Charlie, ProxyType::Any);
			assert_eq!(as_proxy_of(real, grant, &mut fees), filtered());
		}

		// What the proxies are for still goes through: Dave's bond paying his stash, Bob's and
		// Eve's payee to their stash, Eve's bond topped up, Ferdie's feed reaches the oracle
		// pallet (which refuses it: Ferdie is not a feeder, so the error is the pallet's, not
		// the filter's).
		assert_eq!(as_proxy_of(&dave, new_bond(RewardDestination::Stash), &mut fees), Ok(()));
		assert_eq!(as_proxy_of(&bob, set_payee(RewardDestination::Staked), &mut fees), Ok(()));
		assert_eq!(as_proxy_of(&eve, set_payee(RewardDestination::Stash), &mut fees), Ok(()));
		let bond_extra =
			RuntimeCall::Staking(pallet_staking::Call::bond_extra { max_additional: 500 * SLC });
		assert_eq!(as_proxy_of(&eve, bond_extra, &mut fees), Ok(()));
		let feed = RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: Default::default(),
		});
		let fed = as_proxy_of(&ferdie, feed, &mut fees);
		assert!(fed.is_err() && fed != filtered(), "{fed:?}");

		// Nobody's SLC moved: Bob, Dave, Eve, Ferdie and the multisig hold what they held
		// (Dave's 1 000 SLC and Eve's 500 SLC more are bonded, not spent; Bob's identity
		// deposit was returned when it was cleared); Charlie holds his balance less exactly the
		// fees of his 23 proxy calls, and nothing more.
		let after: Vec<Balance> =
			[&bob, &charlie, &dave, &eve, &ferdie, &multisig].iter().map(|a| total(a)).collect();
		assert_eq!(after[0], before[0], "Bob");
		assert_eq!(after[1], before[1] - fees, "Charlie");
		assert_eq!(after[2], before[2], "Dave");
		assert_eq!(after[3], before[3], "Eve");
		assert_eq!(after[4], before[4], "Ferdie");
		assert_eq!(after[5], 5_000 * SLC, "the multisig");
		assert!(fees > 0 && fees < 23 * SLC, "Charlie paid {fees}");
		assert_eq!(
			pallet_staking::Payee::<Runtime>::get(&eve),
			Some(RewardDestination::Stash),
			"Eve's rewards stay hers"
		);
	});
}
