//! Fuzzing: random sequences of every call from three holders, the manager and the admin
//! origin, with the clock and the oracle (prices, supplies, TVLs) moving in between and
//! constituents frozen and thawed in the funds' accounts, from two funds that are created,
//! joined and poked. After every call: `do_try_state` holds; a call whose limit is the quote of
//! the moment does not fail on slippage and one whose limit is one unit past it fails (a quote
//! is what the call executes); and the caller's value at the oracle's prices (its tokens, its
//! index tokens at the fund's value per token, what funds owe it) rose by at most the oracle
//! bound (2 %) of the value it gave up, plus rounding dust. `FUZZ_CASES` sets the
//! number of sequences (64 by default, the suite's short run); a longer run:
//! `FUZZ_CASES=5000 cargo test --release -p pallet-index-funds fuzz`.

use super::*;
use crate::{Fees, Strategy as Weighting};
use frame_support::assert_ok;
use proptest::prelude::*;
use sluice_primitives::OracleKey;
use sluice_test_support::Coverage;
use sp_runtime::{DispatchError, DispatchResult, FixedU128, Perbill, Saturating};

const USERS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
/// Every token a fund may hold in the mock (A3 is not in fund 0).
const ASSETS: [AssetKind; 4] = [SLC, A1, A2, A3];
/// The genesis prices, in cents, that the oracle moves around (supplies and TVLs start at
/// 1 000 000).
const CENTS: [u128; 4] = [200, 100, 400, 50];

/// A call's slippage limit: none, exactly the quote of the moment, or one unit past it.
#[derive(Clone, Copy, Debug)]
enum Limit {
	None,
	Quote,
	Past,
}

#[derive(Clone, Debug)]
enum Op {
	/// Creator, constituents (a bit mask of `ASSETS`), raw weights, amounts, strategy, manager.
	Create(usize, u8, [u32; 4], [u128; 4], u8, usize),
	Join(usize, u32, u128, Limit),
	Exit(usize, u32, u128, Limit),
	/// Holder, fund, constituent (see [`asset`]), amount, limit.
	JoinSingle(usize, u32, usize, u128, Limit),
	ExitSingle(usize, u32, usize, u128, Limit),
	Swap(usize, u32, usize, usize, u128, Limit),
	Poke(usize, u32),
	/// Origin (see [`origin`]), fund, strategy.
	SetStrategy(usize, u32, u8),
	/// Origin, fund, swap, join and exit fees in parts per billion.
	SetFees(usize, u32, u32, u32, u32),
	Pause(usize, u32),
	Resume(usize, u32),
	/// Holder, fund, index tokens.
	RecoveryExit(usize, u32, u128),
	/// Which of the owed amounts (by its place among them) its holder claims; at even places
	/// the asset's issuer thaws the fund's account first.
	Claim(usize),
	/// Holder, fund, constituent in, constituent out, amount out, limit.
	SwapExactOut(usize, u32, usize, usize, u128, Limit),
	/// Test asset (1..=3), fund, whether frozen: the asset's issuer freezes or thaws the
	/// fund's account.
	Freeze(u32, u32, bool),
	/// Seconds (and one block).
	Advance(u64),
	/// Asset, key (price, supply, TVL), percentage of the genesis value; every reading is
	/// fed again, stamped now.
	Feed(usize, u8, u32),
}

/// Amounts up to about `max`: sometimes zero, dust, or far beyond any balance.
fn amount(max: u128) -> impl Strategy<Value = u128> {
	prop_oneof![
		1 => Just(0u128),
		2 => 1u128..1_000_000,
		10 => 1u128..max,
		1 => max..1_000_000_000 * UNIT,
		1 => any::<u128>(),
	]
}

fn limit() -> impl Strategy<Value = Limit> {
	prop_oneof![2 => Just(Limit::None), 2 => Just(Limit::Quote), 1 => Just(Limit::Past)]
}

/// Mostly the two funds of the set-up; sometimes a fund created by the sequence, or none.
fn fund() -> impl Strategy<Value = u32> {
	prop_oneof![7 => 0u32..2, 1 => 2u32..5]
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..USERS.len();
	// A constituent of the three-token funds, sometimes a token that is not in the fund.
	let asset = prop_oneof![6 => 0..3usize, 1 => Just(3usize)];
	let origin = 0..4usize;
	prop_oneof![
		1 => (
			who.clone(),
			0u8..16,
			prop::array::uniform4(1u32..=100),
			prop::array::uniform4(amount(1_000 * UNIT)),
			0u8..4,
			0..4usize,
		)
			.prop_map(|(w, m, ws, a, s, mg)| Op::Create(w, m, ws, a, s, mg)),
		3 => (who.clone(), fund(), amount(50 * UNIT), limit())
			.prop_map(|(w, i, a, l)| Op::Join(w, i, a, l)),
		3 => (who.clone(), fund(), amount(50 * UNIT), limit())
			.prop_map(|(w, i, a, l)| Op::Exit(w, i, a, l)),
		3 => (who.clone(), fund(), asset.clone(), amount(100 * UNIT), limit())
			.prop_map(|(w, i, a, x, l)| Op::JoinSingle(w, i, a, x, l)),
		3 => (who.clone(), fund(), asset.clone(), amount(30 * UNIT), limit())
			.prop_map(|(w, i, a, x, l)| Op::ExitSingle(w, i, a, x, l)),
		4 => (
			who.clone(),
			fund(),
			asset.clone(),
			// The other constituent, sometimes the same one.
			prop_oneof![1 => Just(0usize), 6 => 1usize..3],
			amount(100 * UNIT),
			limit(),
		)
			.prop_map(|(w, i, a, d, x, l)| {
				let b = if a < 3 { (a + d) % 3 } else { d };
				Op::Swap(w, i, a, b, x, l)
			}),
		2 => (who.clone(), fund(), amount(30 * UNIT)).prop_map(|(w, i, a)| Op::RecoveryExit(w, i, a)),
		2 => (0..8usize).prop_map(Op::Claim),
		3 => (who.clone(), fund(), 0..3usize, 1usize..3, amount(20 * UNIT), limit())
			.prop_map(|(w, i, a, d, x, l)| Op::SwapExactOut(w, i, a, (a + d) % 3, x, l)),
		3 => (1u32..=3, fund(), any::<bool>()).prop_map(|(a, i, f)| Op::Freeze(a, i, f)),
		2 => (who, fund()).prop_map(|(w, i)| Op::Poke(w, i)),
		1 => (origin.clone(), fund(), 0u8..4).prop_map(|(o, i, s)| Op::SetStrategy(o, i, s)),
		// Mostly within a step (one point) of the set-up's fees, sometimes beyond it.
		1 => (origin.clone(), fund(), 0u32..120_000_000, 0u32..60_000_000, 0u32..60_000_000)
			.prop_map(|(o, i, s, j, e)| Op::SetFees(o, i, s, j, e)),
		1 => (origin.clone(), fund(), 0u32..13_000_000, 0u32..11_000_000, 0u32..12_000_000)
			.prop_map(|(o, i, s, j, e)| Op::SetFees(o, i, s, j, e)),
		1 => (origin.clone(), fund()).prop_map(|(o, i)| Op::Pause(o, i)),
		2 => (origin, fund()).prop_map(|(o, i)| Op::Resume(o, i)),
		// Within the oracle's age limit, beyond it, or past the poke interval.
		3 => prop_oneof![4 => 1u64..120, 3 => 120u64..600, 1 => 3_000u64..4_000]
			.prop_map(Op::Advance),
		3 => (0..ASSETS.len(), 0u8..3, prop_oneof![1 => Just(0u32), 12 => 70u32..=140])
			.prop_map(|(a, k, p)| Op::Feed(a, k, p)),
	]
}

/// The manager of the set-up's funds, the admin origin, and two holders (Alice manages the
/// funds she creates with herself as manager).
fn origin(o: usize) -> RuntimeOrigin {
	match o {
		0 => RuntimeOrigin::signed(MANAGER),
		1 => RuntimeOrigin::root(),
		2 => RuntimeOrigin::signed(ALICE),
		_ => RuntimeOrigin::signed(BOB),
	}
}

fn strategy(s: u8) -> Weighting {
	match s {
		0 => Weighting::MarketCap,
		1 => Weighting::Tvl,
		2 => Weighting::PriceMomentum,
		_ => Weighting::Fixed,
	}
}

fn oracle_key(asset: usize, key: u8) -> OracleKey {
	let asset = ASSETS[asset].clone();
	match key {
		0 => OracleKey::Price(asset),
		1 => OracleKey::Supply(asset),
		_ => OracleKey::Tvl(asset),
	}
}

/// Sets `asset`'s `key` to `pct` % of its genesis value, and feeds every other reading again
/// at its current value, all stamped now.
fn feed_all(asset: usize, key: u8, pct: u32) {
	for (a, cents) in CENTS.into_iter().enumerate() {
		for k in 0..3 {
			let oracle = oracle_key(a, k);
			let value = if (a, k) == (asset, key) {
				let genesis = if k == 0 {
					FixedU128::from_rational(cents, 100)
				} else {
					FixedU128::from_u32(1_000_000)
				};
				genesis.saturating_mul(FixedU128::from_rational(pct.into(), 100))
			} else {
				OracleValues::get(&oracle).map(|r| r.value).unwrap_or_default()
			};
			feed(oracle, value);
		}
	}
}

/// Constituents of fund `index` (three if it does not exist, so lengths still vary).
fn constituents(index: u32) -> usize {
	crate::Indices::<Test>::get(index).map(|f| f.assets.len()).unwrap_or(3)
}

/// The constituent of fund `index` at `position`, or past its constituents a token that is not
/// in the fund.
fn asset(index: u32, position: usize) -> AssetKind {
	let assets = crate::Indices::<Test>::get(index).map(|f| f.assets.to_vec()).unwrap_or_default();
	assets.get(position).cloned().unwrap_or_else(|| {
		ASSETS.into_iter().find(|a| !assets.contains(a)).unwrap_or(AssetKind::WithId(9))
	})
}

/// What a dispatch returned and what its limit was.
struct Outcome {
	result: DispatchResult,
	/// The limit was the quote of the moment.
	quoted: bool,
	/// The limit was one unit past the quote of the moment.
	past: bool,
}

/// Dispatches `op`.
fn dispatch(op: &Op) -> Outcome {
	let (result, quoted, past) = dispatch_inner(op);
	Outcome { result, quoted, past }
}

fn dispatch_inner(op: &Op) -> (DispatchResult, bool, bool) {
	let signed = RuntimeOrigin::signed;
	let quoted = |l: Limit, q: bool| matches!(l, Limit::Quote) && q;
	let past = |l: Limit, q: bool| matches!(l, Limit::Past) && q;
	match op.clone() {
		Op::Create(w, mask, raw, amounts, s, manager) => {
			let picked: Vec<usize> = (0..ASSETS.len()).filter(|i| mask & (1 << i) != 0).collect();
			let sum: u64 = picked.iter().map(|i| u64::from(raw[*i])).sum();
			let mut weights: Vec<Perbill> = Vec::new();
			let mut left = 1_000_000_000u64;
			for (n, i) in picked.iter().enumerate() {
				let part = if n + 1 == picked.len() {
					left
				} else {
					u64::from(raw[*i]) * 1_000_000_000 / sum
				};
				left -= part;
				weights.push(Perbill::from_parts(part as u32));
			}
			let assets = picked.iter().map(|i| ASSETS[*i].clone()).collect();
			let amounts = picked.iter().map(|i| amounts[*i]).collect();
			let manager = [ALICE, BOB, CHARLIE, MANAGER][manager];
			let fees = fees();
			let result = IndexFunds::create_index(
				signed(USERS[w]),
				bounded(assets),
				bounded(weights),
				bounded(amounts),
				strategy(s),
				fees,
				manager,
				name(b"Test index"),
				name(b"TIX"),
			);
			(result, false, false)
		}
		Op::Join(w, i, pool_out, l) => {
			let quote = IndexFunds::quote_join(i, pool_out).ok().map(|(amounts, _)| amounts);
			let max = match (l, &quote) {
				(Limit::Quote, Some(q)) => q.clone(),
				(Limit::Past, Some(q)) => q.iter().map(|a| a.saturating_sub(1)).collect(),
				_ => vec![u128::MAX; constituents(i)],
			};
			let result = IndexFunds::join(signed(USERS[w]), i, pool_out, bounded(max));
			// One unit under a zero amount is still zero: past only if some amount is positive.
			let positive = quote.as_ref().is_some_and(|q| q.iter().any(|a| *a > 0));
			(result, quoted(l, quote.is_some()), past(l, positive))
		}
		Op::Exit(w, i, pool_in, l) => {
			let quote = IndexFunds::quote_exit(i, pool_in).ok();
			let min = match (l, &quote) {
				(Limit::Quote, Some(q)) => q.clone(),
				(Limit::Past, Some(q)) => q.iter().map(|a| a.saturating_add(1)).collect(),
				_ => vec![0; constituents(i)],
			};
			let result = IndexFunds::exit(signed(USERS[w]), i, pool_in, bounded(min));
			(result, quoted(l, quote.is_some()), past(l, quote.is_some()))
		}
		Op::JoinSingle(w, i, a, amount, l) => {
			let asset = asset(i, a);
			let quote = IndexFunds::quote_join_single(i, asset.clone(), amount).ok();
			let min = match (l, &quote) {
				(Limit::Quote, Some(q)) => q.pool,
				(Limit::Past, Some(q)) => q.pool.saturating_add(1),
				_ => 0,
			};
			let result = IndexFunds::join_single(signed(USERS[w]), i, asset, amount, min);
			(result, quoted(l, quote.is_some()), past(l, quote.is_some()))
		}
		Op::ExitSingle(w, i, a, pool_in, l) => {
			let asset = asset(i, a);
			let quote = IndexFunds::quote_exit_single(i, asset.clone(), pool_in).ok();
			let min = match (l, &quote) {
				(Limit::Quote, Some(q)) => q.amount,
				(Limit::Past, Some(q)) => q.amount.saturating_add(1),
				_ => 0,
			};
			let result = IndexFunds::exit_single(signed(USERS[w]), i, asset, pool_in, min);
			(result, quoted(l, quote.is_some()), past(l, quote.is_some()))
		}
		Op::Swap(w, i, a, b, amount, l) => {
			let (asset_in, asset_out) = (asset(i, a), asset(i, b));
			let quote = IndexFunds::quote_swap(i, asset_in.clone(), amount, asset_out.clone()).ok();
			let min = match (l, quote) {
				(Limit::Quote, Some(q)) => q,
				(Limit::Past, Some(q)) => q.saturating_add(1),
				_ => 0,
			};
			let result =
				IndexFunds::swap(signed(USERS[w]), i, asset_in, amount, asset_out, min, None);
			(result, quoted(l, quote.is_some()), past(l, quote.is_some()))
		}
		Op::SwapExactOut(w, i, a, b, amount_out, l) => {
			let (asset_in, asset_out) = (asset(i, a), asset(i, b));
			let quote = crate::Indices::<Test>::get(i).and_then(|info| {
				IndexFunds::plan_swap_exact_out(
					&info,
					&asset_in,
					&asset_out,
					amount_out,
					IndexFunds::now(),
				)
				.ok()
				.map(|(_, _, amount_in)| amount_in)
			});
			let max = match (l, quote) {
				(Limit::Quote, Some(q)) => q,
				(Limit::Past, Some(q)) => q.saturating_sub(1),
				_ => u128::MAX,
			};
			let result = IndexFunds::swap_exact_out(
				signed(USERS[w]),
				i,
				asset_in,
				max,
				asset_out,
				amount_out,
				None,
			);
			(result, quoted(l, quote.is_some()), past(l, quote.is_some_and(|q| q > 0)))
		}
		Op::RecoveryExit(w, i, pool_in) => {
			(IndexFunds::recovery_exit(signed(USERS[w]), i, pool_in), false, false)
		}
		Op::Claim(k) => {
			let owed: Vec<_> = crate::Owed::<Test>::iter().collect();
			match owed.get(k % owed.len().max(1)) {
				Some(((i, asset), who, _)) => {
					// Every other time the issuer has thawed the fund's account first.
					if let (0, AssetKind::WithId(id)) = (k % 2, asset) {
						let _ = Assets::thaw(signed(0), *id, IndexFunds::account_of(*i));
					}
					(IndexFunds::claim(signed(*who), *i, asset.clone()), false, false)
				}
				None => (IndexFunds::claim(signed(ALICE), 0, SLC), false, false),
			}
		}
		Op::Freeze(asset, i, frozen) => {
			// The issuer (account 0) acts; a fund without an account in the asset stays as is.
			let account = IndexFunds::account_of(i);
			let _ = if frozen {
				Assets::freeze(signed(0), asset, account)
			} else {
				Assets::thaw(signed(0), asset, account)
			};
			(Ok(()), false, false)
		}
		Op::Poke(w, i) => (IndexFunds::poke(signed(USERS[w]), i), false, false),
		Op::SetStrategy(o, i, s) => {
			(IndexFunds::set_strategy(origin(o), i, strategy(s)), false, false)
		}
		Op::SetFees(o, i, swap, join, exit) => {
			let fees = Fees {
				swap: Perbill::from_parts(swap),
				join: Perbill::from_parts(join),
				exit: Perbill::from_parts(exit),
			};
			(IndexFunds::set_fees(origin(o), i, fees), false, false)
		}
		Op::Pause(o, i) => (IndexFunds::pause(origin(o), i), false, false),
		Op::Resume(o, i) => (IndexFunds::resume(origin(o), i), false, false),
		Op::Advance(seconds) => {
			advance(seconds);
			(Ok(()), false, false)
		}
		Op::Feed(a, k, pct) => {
			feed_all(a, k, pct);
			(Ok(()), false, false)
		}
	}
}

fn state_root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// The account that signs `op`, if a holder does.
fn signer(op: &Op) -> Option<AccountId> {
	match op {
		Op::Join(w, ..)
		| Op::Exit(w, ..)
		| Op::JoinSingle(w, ..)
		| Op::ExitSingle(w, ..)
		| Op::Swap(w, ..)
		| Op::SwapExactOut(w, ..)
		| Op::RecoveryExit(w, ..)
		| Op::Poke(w, _) => Some(USERS[*w]),
		_ => None,
	}
}

/// The oracle's last price of `asset`, however old (`None` if it has none).
fn last_price(asset: &AssetKind) -> Option<FixedU128> {
	OracleValues::get(OracleKey::Price(asset.clone()))
		.map(|r| r.value)
		.filter(|p| p.into_inner() > 0)
}

/// `who`'s holdings, each valued at the oracle's last prices (`FixedU128` inner, dollars):
/// its tokens, its index tokens of every fund at the fund's value per token, and what funds
/// owe it. `None` when a price is missing.
fn holdings(who: AccountId) -> Option<Vec<u128>> {
	use sluice_math::shares::{mul_div, value_at_price};
	let value = |asset: &AssetKind, amount: u128| {
		last_price(asset).and_then(|p| value_at_price(amount, p.into_inner(), 12))
	};
	let mut items = Vec::new();
	for asset in ASSETS {
		items.push(value(&asset, balance(asset.clone(), who))?);
	}
	for (index, info) in crate::Indices::<Test>::iter() {
		let mut pool = 0u128;
		for (asset, b) in info.assets.iter().zip(&info.balances) {
			pool = pool.checked_add(value(asset, *b)?)?;
		}
		let tokens = Assets::balance(info.token, who);
		items.push(mul_div(pool, tokens, info.supply, sp_runtime::Rounding::Down)?);
		for asset in info.assets.iter() {
			items.push(value(asset, crate::Owed::<Test>::get((index, asset.clone()), who))?);
		}
	}
	Some(items)
}

/// Dust the valuation's roundings may add (each item rounds down once): 10^-15 dollars.
const DUST: u128 = 1_000;

/// Dispatches `op`: whether it succeeded, or what it broke (a failed call that changed the
/// state, a slippage failure at the quote of the moment, a success one unit past it, or a
/// caller ending richer than the oracle bound allows).
fn apply(op: &Op) -> Result<bool, String> {
	// Each call in a block of its own (one pool operation per account per block).
	next_block();
	let before = state_root();
	let who = signer(op);
	let held = who.and_then(holdings);
	let Outcome { result, quoted, past } = dispatch(op);
	match result {
		Ok(()) if past => Err(format!("{op:?} succeeded one unit past the quote")),
		Ok(()) => {
			if let (Some(who), Some(before)) = (who, held) {
				if let Some(after) = holdings(who) {
					// Funds keep their order, so the items line up.
					let given: u128 =
						before.iter().zip(&after).map(|(b, a)| b.saturating_sub(*a)).sum();
					let got: u128 =
						before.iter().zip(&after).map(|(b, a)| a.saturating_sub(*b)).sum();
					let allowed = given + given / 50 + DUST;
					if got > allowed {
						return Err(format!(
							"{op:?} left the caller richer: gave {given}, got {got}"
						));
					}
				}
			}
			Ok(true)
		}
		Err(e) if quoted && e == DispatchError::from(Error::<Test>::SlippageExceeded) => {
			Err(format!("{op:?} failed on slippage at the quote of the moment"))
		}
		Err(e) if state_root() != before => Err(format!("{op:?} failed ({e:?}) but wrote")),
		Err(_) => Ok(false),
	}
}

/// Fund 0 (SLC / A1 / A2, market cap, by Alice) and fund 1 (A1 / A2 / A3 at 30 / 30 / 40 %,
/// price momentum, by Bob), both managed by `MANAGER`; Bob and Charlie join fund 0, Alice and
/// Charlie fund 1; fund 0 is poked, so its weights are moving (random sequences start from
/// live funds instead of mostly failing).
fn setup() {
	assert_eq!(create_fund(Weighting::MarketCap), 0);
	assert_ok!(IndexFunds::create_index(
		RuntimeOrigin::signed(BOB),
		bounded(vec![A1, A2, A3]),
		bounded(vec![
			Perbill::from_percent(30),
			Perbill::from_percent(30),
			Perbill::from_percent(40)
		]),
		bounded(vec![300 * UNIT, 75 * UNIT, 800 * UNIT]),
		Weighting::PriceMomentum,
		fees(),
		MANAGER,
		name(b"Test index"),
		name(b"TIX"),
	));
	for (who, index) in [(BOB, 0), (CHARLIE, 0), (ALICE, 1), (CHARLIE, 1)] {
		next_block();
		let max = bounded(vec![u128::MAX; 3]);
		assert_ok!(IndexFunds::join(RuntimeOrigin::signed(who), index, 50 * UNIT, max));
	}
	assert_ok!(IndexFunds::poke(RuntimeOrigin::signed(ALICE), 0));
	IndexFunds::do_try_state().expect("the set-up keeps the books");
}

proptest! {
	#![proptest_config(sluice_test_support::config())]

	#[test]
	fn random_call_sequences_keep_the_books(ops in sluice_test_support::sequences(op())) {
		new_test_ext().execute_with(|| {
			setup();
			for op in ops {
				apply(&op)?;
				IndexFunds::do_try_state().map_err(|e| format!("after {op:?}: {e:?}"))?;
			}
			Ok::<(), String>(())
		}).map_err(TestCaseError::fail)?;
	}
}

/// Whether `op` is a call (not a change of the surroundings).
fn is_call(op: &Op) -> bool {
	!matches!(op, Op::Advance(_) | Op::Feed(..) | Op::Freeze(..))
}

/// The fuzzer is worth its runs only if its sequences get past the errors: every kind of call
/// succeeds somewhere in 200 sequences (a fixed seed), and at least a quarter of the calls do.
#[test]
fn the_fuzzer_reaches_every_kind_of_successful_call() {
	let mut coverage = Coverage::default();
	for ops in sluice_test_support::fixed_sequences(op(), 200) {
		new_test_ext().execute_with(|| {
			setup();
			for op in ops {
				let succeeded = apply(&op).expect("keeps the books");
				coverage.record(&op, is_call(&op), succeeded);
			}
		});
	}
	coverage.assert_reached(17, 4);
}
