//! The attacks on the oracle and restaking (issue 13), each performed step by step on the real
//! runtime as an attacker who reads the code would, and each shown to fail: the attacker's call
//! is refused with a named error, or the attacker ends with less than it started with while the
//! honest parties keep theirs. Every expected figure is written down from the rules, not computed
//! with the pallets' own formulas.
//!
//! Times on the dev chain: one block a second; stake delegated in one 30-block epoch counts from
//! the start of the epoch after next; allocations apply 30 blocks after they are made and are
//! released 120 blocks after a decrease; the oracle takes a snapshot of its feeders every 10
//! blocks; slashes are held 60 blocks before they can be settled; rewards stream over 300 blocks.

mod common;

use common::*;
use frame_support::traits::fungibles::Inspect as _;
use pallet_restaking::{Error as RestakingError, ServiceParams};
use sluice_runtime::configs::network::{MinSelfBond, RewardPeriod};
use sluice_runtime::{
	configs::{
		liquid_staking::VSLC_ASSET_ID,
		monetary::TreasuryAccount,
		restaking::{ORACLE_MIN_ALLOCATION, ORACLE_SERVICE},
	},
	genesis_config_presets::USD_STABLE,
	AccountId, AssetKind, Balance, Oracle, OracleFeeds, OracleKey, Restaking, Runtime, RuntimeCall,
	System, SLC,
};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{DispatchError, FixedU128, Perbill};

const USDS_PRICE: OracleKey = OracleKey::Price(AssetKind::WithId(USD_STABLE));
const NATIVE: AssetKind = AssetKind::Native;

fn restaking(call: pallet_restaking::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Restaking(call)
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

/// Dispatches `call` from `who`; it must succeed, and the books must hold after it.
fn ok(who: impl Signer + Clone, call: RuntimeCall) {
	if let Err(e) = dispatch(who, call.clone()) {
		panic!("{call:?} failed: {e:?}");
	}
	Restaking::do_try_state().expect("restaking invariants hold");
	OracleFeeds::do_try_state().expect("oracle-feeds invariants hold");
}

/// Dispatches `call` from `who`; it must fail, and its error is returned.
fn refused(who: impl Signer + Clone, call: RuntimeCall) -> DispatchError {
	dispatch(who, call.clone()).expect_err("the call must be refused")
}

fn restaking_error(e: RestakingError<Runtime>) -> DispatchError {
	e.into()
}

fn feed(who: impl Signer + Clone, values: Vec<(OracleKey, FixedU128)>) {
	ok(
		who,
		RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: values.try_into().expect("fits"),
		}),
	);
}

fn price(key: &OracleKey) -> Option<FixedU128> {
	Oracle::get(key).map(|v| v.value)
}

fn dollars(hundredths: u32) -> FixedU128 {
	FixedU128::from_rational(u128::from(hundredths), 100)
}

fn register(op: impl Signer + Clone, self_bond: Balance) {
	ok(
		op,
		restaking(pallet_restaking::Call::register_operator {
			commission: Perbill::from_percent(5),
			self_bond,
		}),
	);
}

fn allocate(op: impl Signer + Clone, service: u32, fraction: Perbill) {
	ok(op, restaking(pallet_restaking::Call::allocate { service, fraction }));
}

/// Runs to the first block from which stake delegated now counts.
fn warm_up() {
	run_to_block((System::block_number() / 30 + 2) * 30);
}

/// Runs past the allocation delay and on to the oracle's next feeder snapshot.
fn allocation_applies() {
	run_to_block(System::block_number() + 30);
	run_to_block(System::block_number().div_ceil(10) * 10);
}

/// `op` registers bonding `bond` SLC, waits for it to count, allocates all of it to the oracle
/// service, and is a feeder from the next snapshot.
fn become_feeder(op: impl Signer + Clone, bond: Balance) {
	register(op.clone(), bond);
	warm_up();
	allocate(op, ORACLE_SERVICE, Perbill::one());
	allocation_applies();
}

fn weight_of(who: &AccountId) -> Option<Balance> {
	Restaking::api_oracle_feeders().into_iter().find(|(f, _)| f == who).map(|(_, w)| w)
}

/// Everything `who` owns in SLC units: free SLC and the worth of its restaking positions (idle,
/// delegated, queued, rewards to claim), vSLC at the liquid-staking rate.
fn holdings(who: &AccountId) -> Balance {
	let view = Restaking::api_staker(who.clone());
	let value = |asset: &AssetKind, amount: Balance| {
		<sluice_runtime::configs::restaking::StakeValue as sp_runtime::traits::Convert<_, _>>::convert(
			(asset.clone(), amount),
		)
	};
	free_balance(who)
		+ view.idle.iter().map(|(a, b)| value(a, *b)).sum::<Balance>()
		+ view.delegations.iter().map(|(_, a, b)| value(a, *b)).sum::<Balance>()
		+ view.withdrawals.iter().map(|(_, _, a, b, _)| value(a, *b)).sum::<Balance>()
		+ view.pending_rewards.iter().map(|(a, b)| value(a, *b)).sum::<Balance>()
}

/// `who` deposits `amount` SLC and delegates it to `operator`.
fn stake(who: Sr25519Keyring, operator: &AccountId, amount: Balance) {
	ok(who, restaking(pallet_restaking::Call::deposit { asset: NATIVE, amount }));
	ok(
		who,
		restaking(pallet_restaking::Call::delegate {
			operator: operator.clone(),
			asset: NATIVE,
			amount,
		}),
	);
}

/// Bob sends `amount` SLC to each of `accounts` in one batch.
fn fund(accounts: &[&sp_core::sr25519::Pair], amount: Balance) {
	ok(
		Bob,
		batch_all(
			accounts
				.iter()
				.map(|s| {
					RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
						dest: s.account().into(),
						value: amount,
					})
				})
				.collect(),
		),
	);
}

fn delegated(who: Sr25519Keyring, operator: &AccountId, asset: AssetKind) -> Balance {
	Restaking::api_staker(who.to_account_id())
		.delegations
		.into_iter()
		.find(|(o, a, _)| o == operator && *a == asset)
		.map_or(0, |(_, _, worth)| worth)
}

/// Root registers a service whose slashes `slasher` requests, paying rewards in `reward`.
fn register_service(slasher: AccountId, reward: AssetKind) -> u32 {
	let id = pallet_restaking::NextServiceId::<Runtime>::get();
	ok(
		Alice,
		sudo(restaking(pallet_restaking::Call::register_service {
			params: ServiceParams {
				slasher,
				resolver: None,
				reward_asset: reward,
				min_allocation: 0,
			},
		})),
	);
	id
}

fn slash(service: u32, operator: &AccountId, percent: u32) -> RuntimeCall {
	restaking(pallet_restaking::Call::slash {
		service,
		operator: operator.clone(),
		fraction: Perbill::from_percent(percent),
		evidence: b"offence".to_vec().try_into().expect("fits"),
	})
}

fn settle(operator: &AccountId, service: u32) -> RuntimeCall {
	restaking(pallet_restaking::Call::settle_slash { operator: operator.clone(), service })
}

/// Attack 1: oracle takeover with the minimum stake. The attacker splits its stake over six
/// operators of 1 000 SLC each (the minimum), brings in 50 000 SLC of borrowed stake at the last
/// moment, feeds a USDS price of $3 against the genesis feeder's $1, and parks cheap operators in
/// the oracle service's 64 slots so that honest newcomers are shut out.
#[test]
fn attack_1_oracle_takeover_with_minimum_stake_fails() {
	on_dev_chain(|| {
		let alice = Alice.to_account_id();
		let sybils: Vec<_> = (0..5).map(|i| pair(&format!("sybil{i}"))).collect();
		let mut attackers: Vec<AccountId> = sybils.iter().map(|s| s.account()).collect();
		attackers.push(Bob.to_account_id());
		fund(&sybils.iter().collect::<Vec<_>>(), 2_000 * SLC);
		let before: Balance = attackers.iter().map(holdings).sum();
		let alice_before = delegated(Alice, &alice, NATIVE);
		assert_eq!(alice_before, 10_000 * SLC);

		// Six attacker operators of 1 000 SLC each join the oracle service.
		for s in &sybils {
			register(s.clone(), ORACLE_MIN_ALLOCATION);
		}
		register(Bob, ORACLE_MIN_ALLOCATION);
		warm_up();
		for s in &sybils {
			allocate(s.clone(), ORACLE_SERVICE, Perbill::one());
		}
		allocate(Bob, ORACLE_SERVICE, Perbill::one());
		allocation_applies();
		for a in &attackers {
			assert_eq!(weight_of(a), Some(1_000 * SLC), "one operator of the minimum weighs 1 000");
		}
		// Charlie lends Bob 50 000 SLC right before the attack: it weighs nothing yet.
		stake(Charlie, &Bob.to_account_id(), 50_000 * SLC);
		assert_eq!(weight_of(&Bob.to_account_id()), Some(1_000 * SLC));
		// Nor in the oracle's next snapshot, the weights the median goes by.
		run_to_block(System::block_number().div_ceil(10) * 10);
		assert_eq!(OracleFeeds::weight_of(&Bob.to_account_id()), Some(1_000 * SLC));
		assert_eq!(OracleFeeds::weight_of(&alice), Some(10_000 * SLC));

		// The six feed $3; 6 000 of 16 000 SLC of feeder stake agree on it: no price at all.
		for s in &sybils {
			feed(s.clone(), vec![(USDS_PRICE, FixedU128::from_u32(3))]);
		}
		feed(Bob, vec![(USDS_PRICE, FixedU128::from_u32(3))]);
		assert_eq!(price(&USDS_PRICE), None);
		// Alice feeds $1: with 10 000 of 16 000 SLC behind it, $1 is the median.
		feed(Alice, vec![(USDS_PRICE, FixedU128::from_u32(1))]);
		assert_eq!(price(&USDS_PRICE), Some(FixedU128::from_u32(1)));
		// Feeding twice in one block, or a key the chain does not price, is refused.
		let again = |v: u32| {
			signed(
				Bob,
				RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
					values: vec![(USDS_PRICE, FixedU128::from_u32(v))].try_into().expect("fits"),
				}),
			)
		};
		let nonce = System::account_nonce(Bob.to_account_id());
		let twice = produce_block(vec![
			again(3),
			signed_with(
				Bob,
				RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
					values: vec![(USDS_PRICE, FixedU128::from_u32(4))].try_into().expect("fits"),
				}),
				nonce + 1,
				0,
			),
		]);
		assert_eq!(twice[0], Ok(Ok(())));
		assert_eq!(twice[1], Ok(Err(pallet_oracle_feeds::Error::<Runtime>::AlreadyFed.into())));
		assert_eq!(price(&USDS_PRICE), Some(FixedU128::from_u32(1)));
		let unpriced = OracleKey::Price(AssetKind::WithId(4_242));
		assert_eq!(
			refused(
				Bob,
				RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
					values: vec![(unpriced, FixedU128::from_u32(3))].try_into().expect("fits"),
				})
			),
			pallet_oracle_feeds::Error::<Runtime>::UnknownFeed.into()
		);

		// Parking: 57 more operators take the remaining slots, then keep only their 100 SLC
		// self-bond in them (allocate and queue the rest in one batch).
		let parked: Vec<_> = (0..57).map(|i| pair(&format!("parked{i}"))).collect();
		fund(&parked.iter().collect::<Vec<_>>(), 1_010 * SLC);
		for s in &parked {
			register(s.clone(), ORACLE_MIN_ALLOCATION);
		}
		warm_up();
		for s in &parked {
			ok(
				s.clone(),
				batch_all(vec![
					restaking(pallet_restaking::Call::allocate {
						service: ORACLE_SERVICE,
						fraction: Perbill::one(),
					}),
					restaking(pallet_restaking::Call::queue_withdrawal {
						operator: s.account(),
						asset: NATIVE,
						amount: ORACLE_MIN_ALLOCATION - MinSelfBond::get(),
					}),
				]),
			);
		}
		let service = pallet_restaking::Services::<Runtime>::get(ORACLE_SERVICE).expect("exists");
		assert_eq!(service.operators.len(), 64, "the slots are full");
		// An honest newcomer with 1 000 SLC still gets in: it takes a parked operator's slot.
		register(Dave, ORACLE_MIN_ALLOCATION);
		warm_up();
		allocate(Dave, ORACLE_SERVICE, Perbill::one());
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			sluice_runtime::RuntimeEvent::Restaking(pallet_restaking::Event::MemberDisplaced { by, .. })
				if *by == Dave.to_account_id()
		)));
		allocation_applies();
		assert_eq!(weight_of(&Dave.to_account_id()), Some(1_000 * SLC));

		// The attacker moved nothing and lost its fees; Alice keeps her 10 000 SLC.
		let mut all = attackers.clone();
		all.extend(parked.iter().map(|s| s.account()));
		let after: Balance = all.iter().map(holdings).sum();
		assert!(after < before, "{after} vs {before}");
		assert_eq!(price(&USDS_PRICE), Some(FixedU128::from_u32(1)));
		assert_eq!(delegated(Alice, &alice, NATIVE), alice_before);
	});
}

/// Attack 2: escaping a slash. The offender deallocates in the block of its offence and its
/// delegator queues a withdrawal; the attacker fills what it can with cheap outlier reports of
/// its own two minimum-stake feeders; the service requests the slash 119 blocks later (past the
/// old 30-block deallocation and the old 60-block reach of slashes into queued withdrawals).
#[test]
fn attack_2_escaping_a_slash_by_filling_the_queue_or_leaving_fails() {
	on_dev_chain(|| {
		let eve = Eve.to_account_id();
		let service = register_service(Ferdie.to_account_id(), NATIVE);
		register(Eve, MinSelfBond::get());
		stake(Charlie, &eve, 9_900 * SLC);
		warm_up();
		allocate(Eve, service, Perbill::one());
		allocation_applies();

		// The attacker's two minimum-stake feeders post opposite values on every key and report
		// each other: each gets one pending slash of its own, nothing that others share.
		let (low, high) = (pair("low"), pair("high"));
		fund(&[&low, &high], 2_000 * SLC);
		become_feeder(low.clone(), ORACLE_MIN_ALLOCATION);
		become_feeder(high.clone(), ORACLE_MIN_ALLOCATION);
		let keys = sluice_runtime::genesis_config_presets::genesis_feeds();
		feed(Alice, keys.iter().map(|k| (k.clone(), FixedU128::from_u32(1))).collect());
		feed(low.clone(), keys.iter().map(|k| (k.clone(), dollars(1))).collect());
		feed(high.clone(), keys.iter().map(|k| (k.clone(), FixedU128::from_u32(100))).collect());
		feed(Alice, keys.iter().map(|k| (k.clone(), FixedU128::from_u32(1))).collect());
		let report = |who: &AccountId, key: &OracleKey| {
			restaking(pallet_restaking::Call::report_outlier {
				operator: who.clone(),
				key: key.clone(),
			})
		};
		ok(Bob, report(&low.account(), &keys[0]));
		// Every other key of `high`, in one batch that goes on past failures: each is the same
		// incident as the first and adds nothing.
		ok(Bob, report(&high.account(), &keys[0]));
		ok(
			Bob,
			RuntimeCall::Utility(pallet_utility::Call::force_batch {
				calls: keys[1..].iter().map(|k| report(&high.account(), k)).collect(),
			}),
		);
		let already: DispatchError = restaking_error(RestakingError::SlashAlreadyPending);
		let failed = System::events()
			.iter()
			.filter(|r| {
				matches!(
					&r.event,
					sluice_runtime::RuntimeEvent::Utility(pallet_utility::Event::ItemFailed { error })
						if *error == already
				)
			})
			.count();
		assert_eq!(failed, keys.len() - 1);
		// One pending slash each: 10 % of 1 000 SLC.
		let pending = Restaking::api_pending_slashes();
		assert_eq!(pending.len(), 2);
		assert!(pending.iter().all(|(_, _, p)| p.amounts[0].1 == 100 * SLC));

		// The offence: in its block Eve deallocates and Charlie queues 4 000 SLC.
		let offence = System::block_number() + 1;
		let results = produce_block(vec![
			signed(Eve, restaking(pallet_restaking::Call::deallocate { service })),
			signed(
				Charlie,
				restaking(pallet_restaking::Call::queue_withdrawal {
					operator: eve.clone(),
					asset: NATIVE,
					amount: 4_000 * SLC,
				}),
			),
		]);
		assert_eq!(results, vec![Ok(Ok(())), Ok(Ok(()))]);
		// 119 blocks after the offence (past the old 30-block deallocation and the old 60-block
		// reach into queued withdrawals) the service's slasher asks for 10 %: it is still
		// allocated (deallocation takes 120 blocks) and the withdrawal is still in the pool.
		run_to_block(offence + 118);
		ok(Ferdie, slash(service, &eve, 10));
		// 10 % of Eve's 10 000 SLC: Charlie's 5 900 delegated → 5 310, 4 000 queued → 3 600.
		assert_eq!(delegated(Charlie, &eve, NATIVE), 5_310 * SLC);
		let queued = Restaking::api_staker(Charlie.to_account_id()).withdrawals;
		assert_eq!(queued[0].3, 3_600 * SLC);
		// The withdrawal is due 120 blocks after the offence but waits for the slash to be
		// settled, 60 blocks after it was requested.
		run_to_block(offence + 120);
		assert_eq!(
			refused(Charlie, restaking(pallet_restaking::Call::complete_withdrawal { id: 0 })),
			restaking_error(RestakingError::SlashPending)
		);
		run_to_block(offence + 178);
		let treasury = free_balance(&TreasuryAccount::get());
		ok(Dave, settle(&eve, service));
		assert_eq!(free_balance(&TreasuryAccount::get()) - treasury - last_fee_paid(), 1_000 * SLC);
		let before = free_balance(&Charlie.to_account_id());
		ok(Charlie, restaking(pallet_restaking::Call::complete_withdrawal { id: 0 }));
		assert_eq!(free_balance(&Charlie.to_account_id()) + last_fee_paid() - before, 3_600 * SLC);
	});
}

/// Attack 3: free, underweighted feeds and unbounded raw values. The attacker calls the oracle's
/// own `feed_values` (free, any key), feeds made-up keys and zeroes, and fills blocks with large
/// free feeds.
#[test]
fn attack_3_free_underweighted_feeds_fail() {
	on_dev_chain(|| {
		let alice = Alice.to_account_id();
		// The upstream call is filtered, alone or in a batch.
		let direct = RuntimeCall::Oracle(pallet_oracle::Call::feed_values {
			values: vec![(USDS_PRICE, FixedU128::from_u32(1))].try_into().expect("fits"),
		});
		assert_eq!(
			refused(Alice, direct.clone()),
			frame_system::Error::<Runtime>::CallFiltered.into()
		);
		assert_eq!(
			refused(Alice, batch_all(vec![direct])),
			frame_system::Error::<Runtime>::CallFiltered.into()
		);
		// Made-up keys and zero values are refused; nothing is stored for them.
		let unpriced = OracleKey::Price(AssetKind::WithId(77_777));
		let gate = |values: Vec<(OracleKey, FixedU128)>| {
			RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
				values: values.try_into().expect("fits"),
			})
		};
		assert_eq!(
			refused(Alice, gate(vec![(unpriced.clone(), FixedU128::from_u32(1))])),
			pallet_oracle_feeds::Error::<Runtime>::UnknownFeed.into()
		);
		assert!(pallet_oracle::RawValues::<Runtime>::get(&alice, &unpriced).is_none());
		assert_eq!(
			refused(Alice, gate(vec![(USDS_PRICE, FixedU128::from_u32(0))])),
			pallet_oracle_feeds::Error::<Runtime>::ZeroValue.into()
		);
		// A heartbeat of up to 4 values is free once per 10 blocks; a second one within them, a
		// feed of 5 values or the 12 genesis keys at once pay their weight.
		let before = free_balance(&alice);
		feed(Alice, vec![(USDS_PRICE, FixedU128::from_u32(1))]);
		assert_eq!(free_balance(&alice), before);
		feed(Alice, vec![(USDS_PRICE, FixedU128::from_u32(1))]);
		assert!(free_balance(&alice) < before, "a second heartbeat within 10 blocks pays");
		run_to_block(System::block_number() + 10);
		let keys = sluice_runtime::genesis_config_presets::genesis_feeds();
		let before = free_balance(&alice);
		feed(Alice, keys[..5].iter().map(|k| (k.clone(), FixedU128::from_u32(1))).collect());
		assert!(free_balance(&alice) < before, "5 values pay");
		let before = free_balance(&alice);
		let all = keys.iter().map(|k| (k.clone(), FixedU128::from_u32(1))).collect::<Vec<_>>();
		let call = RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: all.clone().try_into().expect("fits"),
		});
		feed(Alice, all);
		let fee = before - free_balance(&alice);
		assert!(fee > 0 && fee == last_fee_paid(), "a large feed pays {fee}");
		// What it is charged covers the work: combining each key reads every feeder's value (64
		// with the largest snapshot).
		use frame_support::dispatch::GetDispatchInfo;
		let read = <Runtime as frame_system::Config>::DbWeight::get().reads(1).ref_time();
		assert!(call.get_dispatch_info().call_weight.ref_time() >= 64 * 12 * read);
		// A feeder that leaves the snapshot has its values forgotten at the next one.
		become_feeder(Bob, ORACLE_MIN_ALLOCATION);
		feed(Bob, vec![(USDS_PRICE, FixedU128::from_u32(1))]);
		assert!(
			pallet_oracle::RawValues::<Runtime>::get(Bob.to_account_id(), &USDS_PRICE).is_some()
		);
		ok(
			Bob,
			restaking(pallet_restaking::Call::queue_withdrawal {
				operator: Bob.to_account_id(),
				asset: NATIVE,
				amount: ORACLE_MIN_ALLOCATION - MinSelfBond::get(),
			}),
		);
		// Out of restaking's feeder set at once; out of the oracle's snapshot at the next one,
		// and its values forgotten with the spare weight of the next block that has some (the
		// snapshot's block is a session rotation's, charged in full).
		assert_eq!(weight_of(&Bob.to_account_id()), None);
		run_to_block((System::block_number() / 10 + 1) * 10);
		assert_eq!(OracleFeeds::weight_of(&Bob.to_account_id()), None);
		run_to_block(System::block_number() + 1);
		assert_eq!(pallet_oracle_feeds::Leavers::<Runtime>::count(), 0);
		assert!(
			pallet_oracle::RawValues::<Runtime>::get(Bob.to_account_id(), &USDS_PRICE).is_none()
		);
	});
}

fn report(who: &AccountId, key: &OracleKey) -> RuntimeCall {
	restaking(pallet_restaking::Call::report_outlier { operator: who.clone(), key: key.clone() })
}

/// Attack 4: slashing honest feeders for being fast (or slow) in a price move. The attacker
/// watches for the first feeder to move and reports it in the next block, and reports the last
/// one to move once the market has moved again.
#[test]
fn attack_4_slashing_honest_feeders_in_a_price_move_fails() {
	on_dev_chain(|| {
		let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
		become_feeder(Bob, 9_000 * SLC);
		feed(Alice, vec![(USDS_PRICE, dollars(100))]);
		feed(Bob, vec![(USDS_PRICE, dollars(100))]);
		// A 20 % move: Bob is first with $1.20; reported at once, he has nothing to be judged by.
		feed(Bob, vec![(USDS_PRICE, dollars(120))]);
		assert_eq!(
			refused(Ferdie, report(&bob, &USDS_PRICE)),
			restaking_error(RestakingError::NoReference)
		);
		// Alice follows two seconds later: Bob is within the bound of her value.
		run_to_block(System::block_number() + 1);
		feed(Alice, vec![(USDS_PRICE, dollars(120))]);
		assert_eq!(
			refused(Ferdie, report(&bob, &USDS_PRICE)),
			restaking_error(RestakingError::NotAnOutlier)
		);
		// 20 s later the market moves to $1.50 and Bob feeds it: Alice's $1.20 is judged only
		// against values fed in the 12 s after it, and there are none.
		run_to_block(System::block_number() + 20);
		feed(Bob, vec![(USDS_PRICE, dollars(150))]);
		assert_eq!(
			refused(Ferdie, report(&alice, &USDS_PRICE)),
			restaking_error(RestakingError::NoReference)
		);
		// Nobody honest lost anything.
		assert!(Restaking::api_pending_slashes().is_empty());
		assert_eq!(delegated(Alice, &alice, NATIVE), 10_000 * SLC);
		assert_eq!(delegated(Bob, &bob, NATIVE), 9_000 * SLC);

		// The rule still catches a liar: Bob feeds $3, Alice $1.50 in the next block.
		run_to_block(System::block_number() + 1);
		feed(Bob, vec![(USDS_PRICE, FixedU128::from_u32(3))]);
		feed(Alice, vec![(USDS_PRICE, dollars(150))]);
		ok(Ferdie, report(&bob, &USDS_PRICE));
		// 10 % of his oracle allocation, at once; once settled the reporter gets 10 % of Bob's
		// own loss (all of the 900 SLC: the pool is his own bond).
		assert_eq!(delegated(Bob, &bob, NATIVE), 8_100 * SLC);
		run_to_block(System::block_number() + 60);
		let reporter = free_balance(&Ferdie.to_account_id());
		ok(Ferdie, settle(&bob, ORACLE_SERVICE));
		assert_eq!(free_balance(&Ferdie.to_account_id()) + last_fee_paid() - reporter, 90 * SLC);
	});
}

/// Attack 5: just-in-time rewards. The oracle service has two operators of 10 000 SLC each
/// (Alice, the genesis feeder, and Charlie). Bob delegates 100 000 SLC to Alice in the block
/// before a 1 000 SLC distribution to the service and undelegates in the block after. With a
/// snapshot split counting his stake he would take Alice's pool 110/120 of the 1 000 and 100/110
/// of its 95 % after her commission: 791.7 SLC.
#[test]
fn attack_5_just_in_time_rewards_fail() {
	on_dev_chain(|| {
		let (alice, bob, charlie) =
			(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
		become_feeder(Charlie, 10_000 * SLC);
		let before = holdings(&bob);
		stake(Bob, &alice, 100_000 * SLC);
		// His stake weighs nothing in the split among operators yet.
		assert_eq!(weight_of(&alice), Some(10_000 * SLC));
		ok(
			Ferdie,
			restaking(pallet_restaking::Call::distribute_rewards {
				service: ORACLE_SERVICE,
				amount: 1_000 * SLC,
			}),
		);
		ok(
			Bob,
			restaking(pallet_restaking::Call::undelegate {
				operator: alice.clone(),
				asset: NATIVE,
			}),
		);
		run_to_block(System::block_number() + RewardPeriod::get());
		let rewards = |who: &AccountId| {
			let pending = Restaking::api_staker(who.clone()).pending_rewards;
			pending.iter().find(|(a, _)| *a == NATIVE).map_or(0, |(_, r)| *r)
		};
		// 500 SLC to each operator; of Alice's, 25 of commission and 475 streamed over 300
		// blocks. Bob was there for 1 of them with 100 000 of the 110 000 shares:
		// 475 / 300 × 100 / 110 = 1.4394 SLC.
		let bob_rewards = rewards(&bob);
		assert!((1_439_393_000_000..=1_439_394_000_000).contains(&bob_rewards), "{bob_rewards}");
		// Alice: 25 + 475 − Bob's 1.4394; Charlie all of his 500.
		assert!(rewards(&alice) >= 498_560_000_000_000, "{}", rewards(&alice));
		assert!(rewards(&charlie) >= 499_999_000_000_000, "{}", rewards(&charlie));
		// Bob leaves with his 100 000 SLC only after the withdrawal delay; all he gained is that
		// one block's share, less his fees.
		let gained = holdings(&bob).saturating_sub(before);
		assert!(gained < 1_440 * SLC / 1_000, "{gained}");
	});
}

/// Attack 6: stake not unique per service. Services A and B get 50 % each of Charlie's 10 000
/// SLC; A slashes all of its allocation. With fractions of what is left, B would be left with
/// 2 500 SLC of the 5 000 it was promised.
#[test]
fn attack_6_one_service_slashing_another_services_stake_fails() {
	on_dev_chain(|| {
		let charlie = Charlie.to_account_id();
		let a = register_service(Ferdie.to_account_id(), NATIVE);
		let b = register_service(Eve.to_account_id(), NATIVE);
		register(Charlie, 10_000 * SLC);
		warm_up();
		allocate(Charlie, a, Perbill::from_percent(50));
		allocate(Charlie, b, Perbill::from_percent(50));
		allocation_applies();
		ok(Ferdie, slash(a, &charlie, 100));
		assert_eq!(delegated(Charlie, &charlie, NATIVE), 5_000 * SLC);
		assert_eq!(Restaking::allocated_value(&charlie, b), 5_000 * SLC);
		ok(Eve, slash(b, &charlie, 100));
		let pending = Restaking::api_pending_slashes();
		let taken = |service: u32| {
			pending.iter().find(|(_, s, _)| *s == service).map(|(_, _, p)| p.amounts[0].1)
		};
		assert_eq!((taken(a), taken(b)), (Some(5_000 * SLC), Some(5_000 * SLC)));
		assert_eq!(delegated(Charlie, &charlie, NATIVE), 0);
	});
}

/// Attack 7: newcomers paying for old misbehaviour. Dave is slashed 20 %; Eve delegates 5 000
/// SLC while the slash is in its veto window (with the old rule she would lose 20 % of it when
/// it is applied).
#[test]
fn attack_7_newcomers_paying_for_an_earlier_offence_fails() {
	on_dev_chain(|| {
		let dave = Dave.to_account_id();
		let service = register_service(Ferdie.to_account_id(), NATIVE);
		register(Dave, 10_000 * SLC);
		stake(Charlie, &dave, 10_000 * SLC);
		warm_up();
		allocate(Dave, service, Perbill::one());
		allocation_applies();
		ok(Ferdie, slash(service, &dave, 20));
		// The stake that was there bears it at once: 10 000 → 8 000 each.
		assert_eq!(delegated(Charlie, &dave, NATIVE), 8_000 * SLC);
		assert_eq!(delegated(Dave, &dave, NATIVE), 8_000 * SLC);
		ok(Eve, restaking(pallet_restaking::Call::deposit { asset: NATIVE, amount: 5_000 * SLC }));
		let join = restaking(pallet_restaking::Call::delegate {
			operator: dave.clone(),
			asset: NATIVE,
			amount: 5_000 * SLC,
		});
		assert_eq!(refused(Eve, join.clone()), restaking_error(RestakingError::SlashPending));
		run_to_block(System::block_number() + 60);
		ok(Ferdie, settle(&dave, service));
		ok(Eve, join);
		assert_eq!(delegated(Eve, &dave, NATIVE), 5_000 * SLC);
		assert_eq!(delegated(Charlie, &dave, NATIVE), 8_000 * SLC);
	});
}

/// Attack 8: reward-asset slots griefed. Charlie's pools earn from five services paying in five
/// assets; the attacker pays dust from four of them first, so that (with four slots per pool)
/// the fifth could no longer pay Charlie at all.
#[test]
fn attack_8_filling_reward_asset_slots_fails() {
	on_dev_chain(|| {
		let charlie = Charlie.to_account_id();
		// Bob makes a fifth asset and holds some vSLC.
		ok(
			Bob,
			RuntimeCall::Assets(pallet_assets::Call::create {
				id: 9_000.into(),
				admin: Bob.to_account_id().into(),
				min_balance: 1,
			}),
		);
		ok(
			Bob,
			RuntimeCall::Assets(pallet_assets::Call::mint {
				id: 9_000.into(),
				beneficiary: Bob.to_account_id().into(),
				amount: 2_000_000,
			}),
		);
		ok(
			Bob,
			RuntimeCall::LiquidStaking(pallet_liquid_staking::Call::stake { amount: 100 * SLC }),
		);
		let assets = [
			AssetKind::WithId(USD_STABLE),
			AssetKind::WithId(sluice_runtime::genesis_config_presets::WRAPPED_ETH),
			AssetKind::WithId(VSLC_ASSET_ID),
			AssetKind::WithId(9_000),
			NATIVE,
		];
		let services: Vec<u32> =
			assets.iter().map(|a| register_service(Ferdie.to_account_id(), a.clone())).collect();
		register(Charlie, 10_000 * SLC);
		warm_up();
		for service in &services {
			allocate(Charlie, *service, Perbill::from_percent(20));
		}
		allocation_applies();
		// Dust from the first four: the least a distribution takes (10^6 units, and ten times the
		// asset's minimum balance).
		for (service, asset) in services.iter().zip(assets.iter()).take(4) {
			let min =
				sluice_runtime::configs::assets::NativeAndAssets::minimum_balance(asset.clone());
			let dust = (10 * min).max(1_000_000);
			ok(
				Bob,
				restaking(pallet_restaking::Call::distribute_rewards {
					service: *service,
					amount: dust,
				}),
			);
		}
		// The fifth still pays Charlie: 100 SLC streamed to his pool.
		ok(
			Ferdie,
			restaking(pallet_restaking::Call::distribute_rewards {
				service: services[4],
				amount: 100 * SLC,
			}),
		);
		let pool = pallet_restaking::Pools::<Runtime>::get(&charlie, NATIVE).expect("exists");
		assert_eq!(pool.streams.len(), 5);
		run_to_block(System::block_number() + RewardPeriod::get());
		let rewards = Restaking::api_staker(charlie.clone()).pending_rewards;
		let slc = rewards.iter().find(|(a, _)| *a == NATIVE).map_or(0, |(_, r)| *r);
		// His commission and his pool's whole stream: 100 SLC, less rounding.
		assert!(slc > 100 * SLC - 1_000 && slc <= 100 * SLC, "{slc}");
		assert_eq!(sluice_runtime::Assets::balance(9_000, Bob.to_account_id()), 1_000_000);
	});
}

/// Attack 9: commission delay bypass by deregistering and registering again with 100 %, which
/// also used to strand the old pools outside slashing and rewards.
#[test]
fn attack_9_bypassing_the_commission_delay_fails() {
	on_dev_chain(|| {
		let eve = Eve.to_account_id();
		let service = register_service(Ferdie.to_account_id(), NATIVE);
		register(Eve, ORACLE_MIN_ALLOCATION);
		stake(Charlie, &eve, 9_000 * SLC);
		warm_up();
		allocate(Eve, service, Perbill::one());
		allocation_applies();
		// Eve leaves: deallocation takes 120 blocks, then she deregisters and registers again
		// asking for 100 %.
		ok(Eve, restaking(pallet_restaking::Call::deallocate { service }));
		run_to_block(System::block_number() + 120);
		ok(Eve, restaking(pallet_restaking::Call::deregister {}));
		ok(
			Eve,
			restaking(pallet_restaking::Call::register_operator {
				commission: Perbill::one(),
				self_bond: 0,
			}),
		);
		let view = Restaking::api_operator(eve.clone()).expect("registered");
		assert_eq!(view.commission, Perbill::from_percent(5));
		assert_eq!(view.pending_commission, Some((Perbill::one(), System::block_number() + 300)));
		// Her pool (Charlie's 9 000 and her 1 000) is still hers: slashes and rewards reach it.
		assert_eq!(view.stake, vec![(NATIVE, 10_000 * SLC)]);
		allocate(Eve, service, Perbill::one());
		allocation_applies();
		ok(
			Ferdie,
			restaking(pallet_restaking::Call::distribute_rewards { service, amount: 100 * SLC }),
		);
		// 5 %, not 100 %.
		assert_eq!(pallet_restaking::Unclaimed::<Runtime>::get(&eve, NATIVE), 5 * SLC);
		ok(Ferdie, slash(service, &eve, 10));
		assert_eq!(delegated(Charlie, &eve, NATIVE), 8_100 * SLC);
	});
}
