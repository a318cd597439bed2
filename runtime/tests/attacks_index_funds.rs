//! The attacks on the index funds (issue 16), each performed step by step on the real runtime
//! (the oracle fed by the genesis feeder, `pallet-assets` tokens, the reactors for
//! meta-governance) as an attacker who reads the code would, and each shown to fail: refused
//! with a named error, or the attacker ends with less value than it started with at the stated
//! prices. Expected figures are worked out from the rules in the comments, not with the
//! pallet's own formulas.
//!
//! Times on the dev chain: one block a second; oracle values are stale after 600 s; a fund's
//! weights move at most 0.01 % a second; swaps, single joins and single exits may pay out at
//! most 2 % more than they take in at oracle prices; fee changes wait a day and move a fee by
//! one point at most; one pool operation per account per block.

mod common;

use common::*;
use pallet_index_funds::{Error as IndexError, Fees, Indices, Strategy};
use sluice_primitives::venue::VenueKind;
use sluice_runtime::{
	configs::index_funds::INDEX_TOKEN_ID_BASE,
	genesis_config_presets::{USDS, USD_STABLE, WETH, WRAPPED_ETH},
	AccountId, AssetKind, Balance, IndexFunds, OracleKey, Reactors, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System, SLC,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Ferdie};
use sp_runtime::{DispatchError, FixedU128, Perbill};

const USD: AssetKind = AssetKind::WithId(USD_STABLE);
const ETH: AssetKind = AssetKind::WithId(WRAPPED_ETH);
const NATIVE: AssetKind = AssetKind::Native;
/// The attacker's own `pallet-assets` token (12 decimals).
const JUNK_ID: u32 = 4_242;
const JUNK: AssetKind = AssetKind::WithId(JUNK_ID);
/// One whole JUNK.
const UNIT: Balance = 1_000_000_000_000;

fn index(call: pallet_index_funds::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::IndexFunds(call)
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

fn err(e: IndexError<Runtime>) -> DispatchError {
	e.into()
}

/// Dispatches `call` from `who`; it must succeed, and the funds' books must hold after it.
fn ok(who: impl Signer + Clone, call: RuntimeCall) {
	if let Err(e) = dispatch(who, call.clone()) {
		panic!("{call:?} failed: {e:?}");
	}
	IndexFunds::do_try_state().expect("index fund invariants hold");
}

/// Dispatches `call` from `who`; it must fail, and its error is returned.
fn refused(who: impl Signer + Clone, call: RuntimeCall) -> DispatchError {
	let error = dispatch(who, call.clone()).expect_err("the call must be refused");
	IndexFunds::do_try_state().expect("index fund invariants hold");
	error
}

/// Alice, the dev chain's oracle feeder, posts `values`.
fn feed(values: Vec<(OracleKey, FixedU128)>) {
	ok(
		Alice,
		RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: values.try_into().expect("fits"),
		}),
	);
}

fn price(asset: AssetKind, dollars: FixedU128) -> (OracleKey, FixedU128) {
	(OracleKey::Price(asset), dollars)
}

fn dollars(n: u32) -> FixedU128 {
	FixedU128::from_u32(n)
}

/// `manager`'s fund of `assets` at `weights` (percent), funded by `creator` with `amounts`;
/// returns its id.
fn create(
	creator: impl Signer + Clone,
	assets: Vec<AssetKind>,
	weights: &[u32],
	amounts: Vec<Balance>,
	strategy: Strategy,
	fees: Fees,
	manager: AccountId,
) -> u32 {
	let id = pallet_index_funds::NextIndexId::<Runtime>::get();
	ok(
		creator,
		index(pallet_index_funds::Call::create_index {
			assets: assets.try_into().expect("fits"),
			weights: weights
				.iter()
				.map(|w| Perbill::from_percent(*w))
				.collect::<Vec<_>>()
				.try_into()
				.expect("fits"),
			amounts: amounts.try_into().expect("fits"),
			strategy,
			fees,
			manager,
			name: b"Attack index".to_vec().try_into().expect("fits"),
			symbol: b"ATK".to_vec().try_into().expect("fits"),
		}),
	);
	id
}

fn token(id: u32) -> u32 {
	Indices::<Runtime>::get(id).expect("the fund exists").token
}

fn join(id: u32, pool_out: Balance, n: usize) -> RuntimeCall {
	index(pallet_index_funds::Call::join {
		index: id,
		pool_out,
		max_amounts_in: vec![Balance::MAX; n].try_into().expect("fits"),
	})
}

fn exit(id: u32, pool_in: Balance, n: usize) -> RuntimeCall {
	index(pallet_index_funds::Call::exit {
		index: id,
		pool_in,
		min_amounts_out: vec![0; n].try_into().expect("fits"),
	})
}

fn swap(id: u32, asset_in: AssetKind, amount_in: Balance, asset_out: AssetKind) -> RuntimeCall {
	index(pallet_index_funds::Call::swap {
		index: id,
		asset_in,
		amount_in,
		asset_out,
		min_amount_out: 0,
		max_price: None,
	})
}

fn set_fees(id: u32, fees: Fees) -> RuntimeCall {
	index(pallet_index_funds::Call::set_fees { index: id, fees })
}

fn fees(swap_per_mille: u32, exit_per_mille: u32) -> Fees {
	Fees {
		swap: Perbill::from_rational(swap_per_mille, 1_000),
		join: Perbill::zero(),
		exit: Perbill::from_rational(exit_per_mille, 1_000),
	}
}

/// The attacker Ferdie's own token: created, described (12 decimals), 1 000 000 minted to
/// him (he sells 1 000 to Bob), and registered with the oracle (price and TVL) by root.
fn junk() {
	let ferdie = sp_runtime::MultiAddress::Id(Ferdie.to_account_id());
	let assets = |call| RuntimeCall::Assets(call);
	ok(
		Ferdie,
		assets(pallet_assets::Call::create {
			id: JUNK_ID.into(),
			admin: ferdie.clone(),
			min_balance: 1,
		}),
	);
	ok(
		Ferdie,
		assets(pallet_assets::Call::set_metadata {
			id: JUNK_ID.into(),
			name: b"Junk".to_vec(),
			symbol: b"JNK".to_vec(),
			decimals: 12,
		}),
	);
	ok(
		Ferdie,
		assets(pallet_assets::Call::mint {
			id: JUNK_ID.into(),
			beneficiary: ferdie,
			amount: 1_000_000 * UNIT,
		}),
	);
	ok(
		Ferdie,
		assets(pallet_assets::Call::transfer {
			id: JUNK_ID.into(),
			target: sp_runtime::MultiAddress::Id(Bob.to_account_id()),
			amount: 1_000 * UNIT,
		}),
	);
	for key in [OracleKey::Price(JUNK), OracleKey::Tvl(JUNK)] {
		assert!(sluice_runtime::OracleFeeds::register_feed(RuntimeOrigin::root(), key).is_ok());
	}
}

/// The last `RecoveryExited` event's amounts paid and owed.
fn recovery_event() -> (Vec<Balance>, Vec<Balance>) {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::IndexFunds(pallet_index_funds::Event::RecoveryExited {
				paid,
				owed,
				..
			}) => Some((paid.to_vec(), owed.to_vec())),
			_ => None,
		})
		.expect("a recovery exit happened")
}

/// Attack 1: take the asset id of the next fund's index token (2 000 + n) for a 10 SLC
/// deposit, so that `create_index` fails with `TokenIdTaken` for ever; or exhaust the fund
/// limit with 256 funds for 2 560 SLC of deposits.
///
/// The ids 2 000–2 999 are the index tokens' and signed `assets.create` refuses them; the
/// limit counts live funds (1 000), a closed fund frees its slot and returns its deposit, and
/// the deposit doubles with every 125 live funds, so filling the chain's slots takes 318 750
/// SLC of deposits (10 SLC × 125 × (1 + 2 + … + 128)), not 2 560.
#[test]
fn attack_1_index_token_ids_cannot_be_squatted_nor_the_fund_limit_bought_cheaply() {
	on_dev_chain(|| {
		let ferdie = Ferdie.to_account_id();
		for id in [INDEX_TOKEN_ID_BASE, INDEX_TOKEN_ID_BASE + 1, INDEX_TOKEN_ID_BASE + 999] {
			let squat = RuntimeCall::Assets(pallet_assets::Call::create {
				id: id.into(),
				admin: sp_runtime::MultiAddress::Id(ferdie.clone()),
				min_balance: 1,
			});
			assert_eq!(refused(Ferdie, squat), DispatchError::BadOrigin, "id {id}");
		}
		feed(vec![price(NATIVE, dollars(1)), price(USD, dollars(1))]);
		// Bob's fund gets the first id.
		let bob_fund = create(
			Bob,
			vec![NATIVE, USD],
			&[50, 50],
			vec![100 * SLC, 100 * USDS],
			Strategy::Fixed,
			fees(3, 0),
			Bob.to_account_id(),
		);
		assert_eq!(token(bob_fund), INDEX_TOKEN_ID_BASE);

		// Ferdie creates 125 tiny funds (1 SLC and 1 USDS each) and redeems his index tokens
		// in the same batch (a fund stays live, and his deposit held, until it is closed): 10
		// SLC held for each of the first 124 (live funds 2–125), 20 SLC for the 125th (the
		// 126th live fund pays double).
		let held = || {
			use frame_support::traits::fungible::InspectHold;
			sluice_runtime::Balances::balance_on_hold(
				&sluice_runtime::RuntimeHoldReason::IndexFunds(
					pallet_index_funds::HoldReason::IndexDeposit,
				),
				&ferdie,
			)
		};
		let mut last = 0;
		for _ in 0..125 {
			last = pallet_index_funds::NextIndexId::<Runtime>::get();
			let create = index(pallet_index_funds::Call::create_index {
				assets: vec![NATIVE, USD].try_into().expect("fits"),
				weights: vec![Perbill::from_percent(50); 2].try_into().expect("fits"),
				amounts: vec![SLC, USDS].try_into().expect("fits"),
				strategy: Strategy::Fixed,
				fees: Fees::default(),
				manager: ferdie.clone(),
				name: b"Squat".to_vec().try_into().expect("fits"),
				symbol: b"SQT".to_vec().try_into().expect("fits"),
			});
			ok(Ferdie, batch_all(vec![create, exit(last, 100 * SLC - 1_000_000, 2)]));
		}
		assert_eq!(pallet_index_funds::LiveIndices::<Runtime>::get(), 126);
		assert_eq!(held(), 124 * 10 * SLC + 20 * SLC);

		// Closing one of them returns its deposit, and a live slot with it.
		ok(Ferdie, index(pallet_index_funds::Call::close_index { index: last }));
		assert_eq!(held(), 124 * 10 * SLC);
		assert_eq!(pallet_index_funds::LiveIndices::<Runtime>::get(), 125);
		assert!(pallet_assets::Asset::<Runtime, sluice_runtime::configs::assets::MainAssetsInstance>::get(token_of_closed(last)).is_none());
		// Bob's fund works throughout.
		ok(Charlie, join(bob_fund, SLC, 2));
	});
}

/// The token id a closed fund had (from its `IndexClosed` event).
fn token_of_closed(id: u32) -> u32 {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::IndexFunds(pallet_index_funds::Event::IndexClosed {
				index,
				token,
				..
			}) if index == id => Some(token),
			_ => None,
		})
		.expect("the fund was closed")
}

/// Ferdie's SLC/USDS/JUNK fund at 40/40/20 (400 SLC, 400 USDS, 200 JUNK, every token at $1),
/// managed by Ferdie; Bob joins with 50 index tokens ($500: 200 SLC, 200 USDS, 100 JUNK).
fn junk_fund_with_bob() -> u32 {
	junk();
	feed(vec![price(NATIVE, dollars(1)), price(USD, dollars(1)), price(JUNK, dollars(1))]);
	let id = create(
		Ferdie,
		vec![NATIVE, USD, JUNK],
		&[40, 40, 20],
		vec![400 * SLC, 400 * USDS, 200 * UNIT],
		Strategy::Fixed,
		fees(3, 0),
		Ferdie.to_account_id(),
	);
	ok(Bob, join(id, 50 * SLC, 3));
	assert_eq!(asset_balance(token(id), &Bob.to_account_id()), 50 * SLC);
	id
}

/// A holder exits through the recovery path while one constituent is frozen, and claims that
/// constituent once it is thawed.
#[test]
fn a_holder_exits_through_the_recovery_path_while_a_constituent_is_frozen() {
	on_dev_chain(|| {
		let id = junk_fund_with_bob();
		let bob = Bob.to_account_id();
		let fund = IndexFunds::account_of(id);
		let target = sp_runtime::MultiAddress::Id(fund.clone());
		ok(
			Ferdie,
			RuntimeCall::Assets(pallet_assets::Call::freeze {
				id: JUNK_ID.into(),
				who: target.clone(),
			}),
		);
		// The proportional exit pays JUNK too: refused.
		assert!(dispatch(Bob, exit(id, 50 * SLC, 3)).is_err());
		let usds = asset_balance(USD_STABLE, &bob);
		ok(Bob, index(pallet_index_funds::Call::recovery_exit { index: id, pool_in: 50 * SLC }));
		// Bob's 50 of the 150 index tokens: a third of 600 SLC, 600 USDS and 300 JUNK; the
		// JUNK is owed.
		assert_eq!(recovery_event(), (vec![200 * SLC, 200 * USDS, 0], vec![0, 0, 100 * UNIT]));
		assert_eq!(asset_balance(USD_STABLE, &bob) - usds, 200 * USDS);
		assert_eq!(asset_balance(token(id), &bob), 0);
		let claim = index(pallet_index_funds::Call::claim { index: id, asset: JUNK });
		assert!(dispatch(Bob, claim.clone()).is_err(), "claimed while frozen");
		ok(
			Ferdie,
			RuntimeCall::Assets(pallet_assets::Call::thaw { id: JUNK_ID.into(), who: target }),
		);
		let junk = asset_balance(JUNK_ID, &bob);
		ok(Bob, claim.clone());
		assert_eq!(asset_balance(JUNK_ID, &bob) - junk, 100 * UNIT);
		assert_eq!(refused(Bob, claim), err(IndexError::NothingOwed));
	});
}

/// Attack 2: the issuer of one constituent (here also the fund's manager) freezes the fund's
/// account in its token, pauses the fund, and starts destroying the token: every proportional
/// exit pays that token and reverts, and a paused fund refuses single exits, so holders are
/// locked in.
///
/// The recovery exit pays what can be paid and owes the rest: Bob's $500 (at $1 a token) comes
/// back as 200 SLC and 200 USDS ($400); only the 100 JUNK the issuer itself destroyed is lost.
#[test]
fn attack_2_an_issuer_cannot_lock_holders_in() {
	on_dev_chain(|| {
		let id = junk_fund_with_bob();
		let bob = Bob.to_account_id();
		let fund = IndexFunds::account_of(id);
		ok(
			Ferdie,
			batch_all(vec![
				RuntimeCall::Assets(pallet_assets::Call::freeze {
					id: JUNK_ID.into(),
					who: sp_runtime::MultiAddress::Id(fund),
				}),
				index(pallet_index_funds::Call::pause { index: id }),
				RuntimeCall::Assets(pallet_assets::Call::start_destroy { id: JUNK_ID.into() }),
			]),
		);
		assert!(dispatch(Bob, exit(id, 50 * SLC, 3)).is_err(), "the exit paid JUNK");
		let single = index(pallet_index_funds::Call::exit_single {
			index: id,
			asset: NATIVE,
			pool_in: 50 * SLC,
			min_amount_out: 0,
		});
		assert_eq!(refused(Bob, single), err(IndexError::IndexPaused));
		let (slc, usds) = (free_balance(&bob), asset_balance(USD_STABLE, &bob));
		ok(Bob, index(pallet_index_funds::Call::recovery_exit { index: id, pool_in: 50 * SLC }));
		let fee = last_fee_paid();
		assert_eq!(recovery_event(), (vec![200 * SLC, 200 * USDS, 0], vec![0, 0, 100 * UNIT]));
		assert_eq!(free_balance(&bob) + fee - slc, 200 * SLC);
		assert_eq!(asset_balance(USD_STABLE, &bob) - usds, 200 * USDS);
		// The issuer's destruction goes on; the JUNK owed to Bob goes with it. (The fund's books
		// then count JUNK its account no longer holds, which `do_try_state` reports, so the
		// steps from here are dispatched without that check.)
		let destroy =
			RuntimeCall::Assets(pallet_assets::Call::destroy_accounts { id: JUNK_ID.into() });
		assert_eq!(dispatch(Ferdie, destroy), Ok(()));
		let claim = index(pallet_index_funds::Call::claim { index: id, asset: JUNK });
		assert!(dispatch(Bob, claim).is_err());
		// Ferdie gained nothing: the fund still holds his share (400 SLC, 400 USDS) and he
		// can only recover it pro rata like Bob.
		let info = Indices::<Runtime>::get(id).expect("exists");
		assert_eq!(info.balances[0], 400 * SLC);
		assert_eq!(info.balances[1], 400 * USDS);
	});
}

/// Attack 3: the manager holds the swap fee at 10 % while weights ramp, then in one batch sets
/// it to 0, swaps and restores it; and raises the exit fee right before holders exit.
///
/// A fee change moves a fee by one point at most and applies a day later: setting 0 is refused
/// (`FeeStepTooLarge`); a one-point cut is scheduled, and the swap in the same batch pays the
/// 10 % in force: 100 USDS buy 89.27 SLC of the 11 000 / 11 000 fund instead of 99.1 without the
/// fee, about $10.7 less at $1. Bob's exit in the block after a scheduled raise pays the old
/// (zero) exit fee.
#[test]
fn attack_3_the_manager_cannot_flip_fees() {
	on_dev_chain(|| {
		let ferdie = Ferdie.to_account_id();
		feed(vec![price(NATIVE, dollars(1)), price(USD, dollars(1))]);
		let id = create(
			Alice,
			vec![NATIVE, USD],
			&[50, 50],
			vec![10_000 * SLC, 10_000 * USDS],
			Strategy::Fixed,
			fees(100, 0),
			ferdie.clone(),
		);
		ok(Bob, join(id, 10 * SLC, 2));
		assert_eq!(refused(Ferdie, set_fees(id, fees(0, 0))), err(IndexError::FeeStepTooLarge));
		let (slc, usds) = (free_balance(&ferdie), asset_balance(USD_STABLE, &ferdie));
		ok(
			Ferdie,
			batch_all(vec![
				set_fees(id, fees(90, 0)),
				swap(id, USD, 100 * USDS, NATIVE),
				set_fees(id, fees(100, 0)),
			]),
		);
		let got = free_balance(&ferdie) + last_fee_paid() - slc;
		assert_eq!(usds - asset_balance(USD_STABLE, &ferdie), 100 * USDS);
		// 11 000 × (1 − 11 000 / (11 000 + 90)) = 89.27 SLC (the fund holds 11 000 of each
		// after Bob's join): the 10 % fee was paid.
		assert!(got > 89 * SLC && got < 8_930 * SLC / 100, "{got}");

		// The exit fee: Ferdie schedules one point; Bob leaves the next block at no fee and
		// gets exactly his 10 / 110 of the fund's 11 100 USDS: 1 009.090909 (rounded down).
		ok(Ferdie, set_fees(id, fees(100, 10)));
		let usds = asset_balance(USD_STABLE, &Bob.to_account_id());
		ok(Bob, exit(id, 10 * SLC, 2));
		assert_eq!(asset_balance(USD_STABLE, &Bob.to_account_id()) - usds, 1_009_090_909);
		assert_eq!(asset_balance(token(id), &ferdie), 0, "the manager took an exit fee");
	});
}

/// Attack 4: feed a zero price for a constituent of a PriceMomentum fund so that every price
/// is a jump and the momentum poke divides by zero for ever.
///
/// The oracle refuses zero values (`ZeroValue`); the fund treats a zero or missing price as
/// missing data (the pallet's tests), and a poke after a real move works.
#[test]
fn attack_4_a_zero_price_cannot_brick_a_momentum_fund() {
	on_dev_chain(|| {
		feed(vec![price(NATIVE, dollars(1)), price(USD, dollars(1)), price(ETH, dollars(3_000))]);
		let id = create(
			Alice,
			vec![NATIVE, USD, ETH],
			&[34, 33, 33],
			vec![3_400 * SLC, 3_300 * USDS, 11 * WETH / 10],
			Strategy::PriceMomentum,
			fees(3, 0),
			Alice.to_account_id(),
		);
		let zero = RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: vec![price(ETH, FixedU128::from_u32(0))].try_into().expect("fits"),
		});
		assert_eq!(refused(Alice, zero), pallet_oracle_feeds::Error::<Runtime>::ZeroValue.into());
		// ETH to $3 150 (+5 %): the momentum poke moves weight toward ETH and swaps go on.
		feed(vec![price(NATIVE, dollars(1)), price(USD, dollars(1)), price(ETH, dollars(3_150))]);
		ok(Bob, index(pallet_index_funds::Call::poke { index: id }));
		let info = Indices::<Runtime>::get(id).expect("exists");
		assert!(info.schedule.to[2] > info.schedule.to[1], "{:?}", info.schedule.to);
		ok(Bob, swap(id, USD, 10 * USDS, NATIVE));
	});
}

/// Bob's SLC/WETH fund at 50/50: 30 000 SLC and 10 WETH at $1 and $3 000.
fn slc_weth_fund() -> u32 {
	feed(vec![price(NATIVE, dollars(1)), price(ETH, dollars(3_000))]);
	create(
		Bob,
		vec![NATIVE, ETH],
		&[50, 50],
		vec![30_000 * SLC, 10 * WETH],
		Strategy::Fixed,
		fees(3, 0),
		Bob.to_account_id(),
	)
}

/// Ferdie's SLC and WETH in micro-dollars at $1 an SLC (12 decimals) and `weth` dollars a
/// WETH (18 decimals).
fn ferdie_value(weth: u128) -> u128 {
	let ferdie = Ferdie.to_account_id();
	free_balance(&ferdie) / 1_000_000
		+ asset_balance(WRAPPED_ETH, &ferdie) * weth / 1_000_000_000_000
}

/// Attack 5: after a price jump, poke at once (which resets the breaker's reference prices)
/// and buy the risen token at the pool's stale price in the same batch.
///
/// The poke re-anchors the weights toward the value shares at the new prices no faster than
/// weights may move (0.01 % a second since the schedule started, here a few seconds), so the
/// pool still sells WETH at about $3 000 and buying it there would pay out 15 % over the
/// oracle's value: the oracle bound refuses the swap and the batch reverts. Before the fix
/// Ferdie got 0.1134 WETH ($391 at $3 450) for 345 SLC ($345). A move under the breaker's 10 %
/// (to $3 270, +9 %) is no arbitrage either, for the same bound. Once the weights have caught
/// up (after an hour of pokes), the pool sells WETH at the oracle's price: Ferdie's 345 SLC
/// buy about 0.0986 WETH ($340), $1.04 of swap fee and $3.7 of price impact less.
#[test]
fn attack_5_a_poke_after_a_jump_leaves_nothing_to_arbitrage() {
	on_dev_chain(|| {
		let id = slc_weth_fund();
		feed(vec![price(NATIVE, dollars(1)), price(ETH, dollars(3_270))]);
		assert_eq!(
			refused(Ferdie, swap(id, NATIVE, 327 * SLC, ETH)),
			err(IndexError::PriceOutOfBound)
		);
		feed(vec![price(NATIVE, dollars(1)), price(ETH, dollars(3_450))]);
		assert_eq!(refused(Ferdie, swap(id, NATIVE, 345 * SLC, ETH)), err(IndexError::PriceJump));
		let weth = asset_balance(WRAPPED_ETH, &Ferdie.to_account_id());
		assert_eq!(
			refused(
				Ferdie,
				batch_all(vec![
					index(pallet_index_funds::Call::poke { index: id }),
					swap(id, NATIVE, 345 * SLC, ETH),
				])
			),
			err(IndexError::PriceOutOfBound)
		);
		assert_eq!(asset_balance(WRAPPED_ETH, &Ferdie.to_account_id()), weth);
		// The weights catch up: a poke lands and, 600 blocks later (the poke interval), the
		// next one moves them the rest of the way (a 15 % move needs about 3.5 points on a
		// 50 / 50 fund: 350 s).
		ok(Charlie, index(pallet_index_funds::Call::poke { index: id }));
		run_to_block(System::block_number() + 600);
		feed(vec![price(NATIVE, dollars(1)), price(ETH, dollars(3_450))]);
		ok(Charlie, index(pallet_index_funds::Call::poke { index: id }));
		// Values in micro-dollars.
		let before = ferdie_value(3_450);
		ok(Ferdie, swap(id, NATIVE, 345 * SLC, ETH));
		let fee = last_fee_paid() / 1_000_000;
		let after = ferdie_value(3_450) + fee;
		assert!(after < before, "the arbitrage paid: {before} -> {after}");
		// The 0.3 % swap fee ($1.04) and the price impact ($3.7): about $4.7 lost.
		assert!((4_000_000..5_500_000).contains(&(before - after)), "{before} -> {after}");
	});
}

/// Attack 6: vote with SLC held through a voting index fund, move or redeem the index tokens,
/// vote again; or join, vote and exit in one batch.
///
/// A vote freezes the index tokens it counts (the reactors' issue) and a fund takes one pool
/// operation per account per block, so the batch reverts as a whole and the votes follow the
/// holdings.
#[test]
fn attack_6_index_token_votes_follow_holdings() {
	on_dev_chain(|| {
		use sluice_primitives::index::IndexVotes;
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), NATIVE).is_ok());
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), USD).is_ok());
		assert!(Reactors::add_venue(RuntimeOrigin::root(), 0, 1, VenueKind::Dex).is_ok());
		feed(vec![price(NATIVE, dollars(1)), price(USD, dollars(1))]);
		// Alice's SLC/USDS fund, 10 000 of each for 100 index tokens; its SLC votes.
		let id = create(
			Alice,
			vec![NATIVE, USD],
			&[50, 50],
			vec![10_000 * SLC, 10_000 * USDS],
			Strategy::Fixed,
			Fees::default(),
			Alice.to_account_id(),
		);
		assert!(Reactors::set_voting_indices(
			RuntimeOrigin::root(),
			vec![id].try_into().expect("fits")
		)
		.is_ok());
		let ferdie = Ferdie.to_account_id();
		let vote = pallet_reactors::Call::vote {
			allocations: vec![(0, 0, Perbill::one())].try_into().expect("fits"),
		};
		let total = || pallet_reactors::TotalVotes::<Runtime>::get().live;
		// Join, vote and exit in one batch: the exit is the second pool operation of the block.
		assert_eq!(
			refused(
				Ferdie,
				batch_all(vec![
					join(id, 10 * SLC, 2),
					RuntimeCall::Reactors(vote.clone()),
					exit(id, 10 * SLC, 2),
				])
			),
			err(IndexError::OneOperationPerBlock)
		);
		assert_eq!(total(), 0);
		assert_eq!(asset_balance(token(id), &ferdie), 0);
		// Joined and voting a block apart: 10 of the 110 index tokens, so 1 000 of the fund's
		// 11 000 SLC vote for him, and the tokens cannot leave.
		ok(Ferdie, join(id, 10 * SLC, 2));
		assert_eq!(IndexFunds::holdings_through(id, &ferdie, &NATIVE), 1_000 * SLC);
		ok(Ferdie, RuntimeCall::Reactors(vote));
		assert_eq!(total(), 1_000 * SLC);
		assert_eq!(
			refused(Ferdie, exit(id, 10 * SLC, 2)),
			err(IndexError::InsufficientIndexTokens)
		);
		assert_eq!(
			refused(
				Ferdie,
				index(pallet_index_funds::Call::recovery_exit { index: id, pool_in: 10 * SLC })
			),
			err(IndexError::InsufficientIndexTokens)
		);
		let give = RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: token(id).into(),
			target: sp_runtime::MultiAddress::Id(Dave.to_account_id()),
			amount: 10 * SLC,
		});
		assert!(dispatch(Ferdie, give).is_err(), "voting index tokens moved");
		assert_eq!(total(), 1_000 * SLC);
	});
}

/// Attack 7: with the TVL signal moved (one feeder, here the dev chain's only one), a fund
/// ramps a junk constituent from 2 % to 80 %; its balances do not follow, so the pool pays more
/// and more for JUNK, and selling JUNK into it drains the other side (at 80 / 20, selling 0.78×
/// the pool's JUNK takes 90 % of its USDS).
///
/// The fund pays at most 2 % over the oracle's value for anything: a hundred seconds into the
/// ramp (JUNK's weight 2 % → 3 %) the pool would pay $1.51 for a $1 JUNK, and every sale is
/// refused; just after the poke (about 2.015 %, $1.008) a sale is allowed, and one JUNK
/// fetches 1.0046 USDS after the 0.3 % fee: the bounded rebalancing arbitrage, $0.0046.
#[test]
fn attack_7_a_ramped_junk_constituent_cannot_drain_the_fund() {
	on_dev_chain(|| {
		junk();
		let ferdie = Ferdie.to_account_id();
		let tvl = |asset: AssetKind, millions: u32| {
			(OracleKey::Tvl(asset), dollars(millions * 1_000_000))
		};
		feed(vec![
			price(USD, dollars(1)),
			price(NATIVE, dollars(1)),
			price(JUNK, dollars(1)),
			tvl(USD, 49),
			tvl(NATIVE, 49),
			tvl(JUNK, 2),
		]);
		// Bob's TVL fund: 4 900 USDS, 4 900 SLC and 200 JUNK at 49 / 49 / 2 %, priced as the
		// oracle.
		let id = create(
			Bob,
			vec![USD, NATIVE, JUNK],
			&[49, 49, 2],
			vec![4_900 * USDS, 4_900 * SLC, 200 * UNIT],
			Strategy::Tvl,
			fees(3, 0),
			Bob.to_account_id(),
		);
		// The signal moves: JUNK's TVL a billion; the poke targets 80 % JUNK (clipped).
		feed(vec![
			price(USD, dollars(1)),
			price(NATIVE, dollars(1)),
			price(JUNK, dollars(1)),
			tvl(USD, 49),
			tvl(NATIVE, 49),
			tvl(JUNK, 1_000),
		]);
		ok(Charlie, index(pallet_index_funds::Call::poke { index: id }));
		let target = Indices::<Runtime>::get(id).expect("exists").schedule.to;
		assert_eq!(target[2], 8 * sluice_math::weights::ONE / 10);

		// Just after the poke, a one-JUNK sale is allowed: it fetched 1.0046 USDS for $1 of
		// JUNK (the weights had moved about 0.015 points), within the 2 % bound.
		let usds = asset_balance(USD_STABLE, &ferdie);
		ok(Ferdie, swap(id, JUNK, UNIT, USD));
		let got = asset_balance(USD_STABLE, &ferdie) - usds;
		// By hand: JUNK's pool price (4 900 / 0.49) / (200 / 0.02015) ≈ 1.0076 USDS, less the
		// 0.3 % fee, and a negligible impact at JUNK's small weight: 1.0045 or so.
		assert!((1_003_000..1_006_000).contains(&got), "{got}");

		// A hundred blocks in, the pool would overpay by half: refused, in pieces too.
		let pool_usds = Indices::<Runtime>::get(id).expect("exists").balances[0];
		run_to_block(System::block_number() + 100);
		feed(vec![price(USD, dollars(1)), price(NATIVE, dollars(1)), price(JUNK, dollars(1))]);
		let (junk_before, usds_before) =
			(asset_balance(JUNK_ID, &ferdie), asset_balance(USD_STABLE, &ferdie));
		for amount in [100 * UNIT, 20 * UNIT, UNIT] {
			assert_eq!(
				refused(Ferdie, swap(id, JUNK, amount, USD)),
				err(IndexError::PriceOutOfBound)
			);
		}
		assert_eq!(asset_balance(JUNK_ID, &ferdie), junk_before);
		assert_eq!(asset_balance(USD_STABLE, &ferdie), usds_before);
		assert_eq!(Indices::<Runtime>::get(id).expect("exists").balances[0], pool_usds);
	});
}

/// A cousin of attack 2 found in review: the issuer of a constituent rewrites its decimals
/// (to 0, or clears the metadata, which resets them to 0), so that the fund values its 200
/// JUNK ($200) at 10^12 times that, re-anchors and sells the rest of the fund for JUNK.
///
/// A described token's decimals cannot change (`set_metadata` with other decimals and
/// `clear_metadata` are filtered); and even a forced change by root leaves the fund's valuation
/// alone, as it recorded the decimals when the token joined.
#[test]
fn an_issuer_cannot_revalue_its_constituent() {
	on_dev_chain(|| {
		let id = junk_fund_with_bob();
		let set = |decimals| {
			RuntimeCall::Assets(pallet_assets::Call::set_metadata {
				id: JUNK_ID.into(),
				name: b"Junk".to_vec(),
				symbol: b"JNK".to_vec(),
				decimals,
			})
		};
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
		assert_eq!(refused(Ferdie, set(0)), filtered);
		let clear = RuntimeCall::Assets(pallet_assets::Call::clear_metadata { id: JUNK_ID.into() });
		assert_eq!(refused(Ferdie, clear), filtered);
		// A new name with the same decimals is fine.
		ok(Ferdie, set(12));
		// Root forces 0 decimals: the fund still values JUNK with its recorded 12.
		let quote = IndexFunds::quote_swap(id, JUNK, UNIT, USD);
		assert!(sluice_runtime::Assets::force_set_metadata(
			RuntimeOrigin::root(),
			JUNK_ID.into(),
			b"Junk".to_vec(),
			b"JNK".to_vec(),
			0,
			false,
		)
		.is_ok());
		assert_eq!(IndexFunds::quote_swap(id, JUNK, UNIT, USD), quote);
		// One JUNK ($1) still fetches about one USDS, not the fund.
		let got = quote.expect("quotes");
		assert!(got < USDS && got > USDS * 99 / 100, "{got}");
		// A token never described (its decimals read 0 until it is) cannot join a fund: it
		// could be described with other decimals afterwards.
		ok(
			Ferdie,
			RuntimeCall::Assets(pallet_assets::Call::create {
				id: 4_243u32.into(),
				admin: sp_runtime::MultiAddress::Id(Ferdie.to_account_id()),
				min_balance: 1,
			}),
		);
		ok(
			Ferdie,
			RuntimeCall::Assets(pallet_assets::Call::mint {
				id: 4_243u32.into(),
				beneficiary: sp_runtime::MultiAddress::Id(Ferdie.to_account_id()),
				amount: 1_000 * UNIT,
			}),
		);
		let bare = AssetKind::WithId(4_243);
		assert!(sluice_runtime::OracleFeeds::register_feed(
			RuntimeOrigin::root(),
			OracleKey::Price(bare.clone())
		)
		.is_ok());
		feed(vec![price(NATIVE, dollars(1)), price(bare.clone(), dollars(1))]);
		let create = index(pallet_index_funds::Call::create_index {
			assets: vec![NATIVE, bare].try_into().expect("fits"),
			weights: vec![Perbill::from_percent(50); 2].try_into().expect("fits"),
			amounts: vec![10 * SLC, 10 * UNIT].try_into().expect("fits"),
			strategy: Strategy::Fixed,
			fees: Fees::default(),
			manager: Ferdie.to_account_id(),
			name: b"Bare".to_vec().try_into().expect("fits"),
			symbol: b"BRE".to_vec().try_into().expect("fits"),
		});
		assert_eq!(refused(Ferdie, create), err(IndexError::UndescribedAsset));
	});
}
