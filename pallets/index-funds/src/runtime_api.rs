//! `IndexFundsApi`: what wallets and front ends read before they sign. The quotes run the same
//! planning code as the calls, at the current block's time, so a call signed with a quote's
//! figures settles at them when nothing changed in between.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use core::fmt::Debug;
use frame_support::traits::Get;
use scale_info::TypeInfo;
use sluice_primitives::{index::IndexId, AssetId, AssetKind, Balance};
use sp_runtime::{DispatchError, FixedU128};

/// A fund as a front end shows it.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct IndexView {
	/// The index token.
	pub token: AssetId,
	/// The constituents.
	pub assets: Vec<AssetKind>,
	/// The fund's balance of each.
	pub balances: Vec<Balance>,
	/// Weights now (10^18 = 100 %).
	pub weights: Vec<u128>,
	/// Weights the fund is moving to.
	pub target: Vec<u128>,
	/// When the weights reach the target (seconds since the Unix epoch).
	pub target_at: u64,
	/// Index tokens in existence.
	pub supply: Balance,
	/// The weighting strategy.
	pub strategy: Strategy,
	/// The fees.
	pub fees: Fees,
	/// Whether swaps and joins are paused.
	pub paused: bool,
	/// Earliest time of the next poke (seconds), unless a price jumps.
	pub next_poke: u64,
	/// Fees the manager scheduled, and when they apply.
	pub pending_fees: Option<Pending<Fees>>,
	/// A strategy the manager scheduled, and when it applies.
	pub pending_strategy: Option<Pending<Strategy>>,
	/// Most index tokens that may exist.
	pub supply_cap: Option<Balance>,
	/// The constituent being removed.
	pub removing: Option<AssetKind>,
}

/// What a single-asset join or exit would do.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct SingleQuote {
	/// Constituent paid in (join) or out (exit).
	pub amount: Balance,
	/// Index tokens minted to the caller (join) or taken from it (exit).
	pub pool: Balance,
	/// Index tokens paid to the manager.
	pub fee: Balance,
}

sp_api::decl_runtime_apis! {
	/// Figures and quotes of the index funds.
	pub trait IndexFundsApi {
		/// A fund's state, with its current and target weights.
		fn index(index: IndexId) -> Option<IndexView>;
		/// Value of one index token in US dollars at the oracle's prices.
		fn nav(index: IndexId) -> Result<FixedU128, DispatchError>;
		/// Amount of `asset_out` that `swap(asset_in, amount_in, asset_out)` pays now.
		fn quote_swap(
			index: IndexId,
			asset_in: AssetKind,
			amount_in: Balance,
			asset_out: AssetKind,
		) -> Result<Balance, DispatchError>;
		/// Amounts `join(pool_out)` takes per constituent, and the index tokens the caller
		/// receives after the join fee.
		fn quote_join(index: IndexId, pool_out: Balance) -> Result<(Vec<Balance>, Balance), DispatchError>;
		/// Amounts `exit(pool_in)` pays per constituent.
		fn quote_exit(index: IndexId, pool_in: Balance) -> Result<Vec<Balance>, DispatchError>;
		/// What `join_single(asset, amount_in)` mints.
		fn quote_join_single(index: IndexId, asset: AssetKind, amount_in: Balance) -> Result<SingleQuote, DispatchError>;
		/// What `exit_single(asset, pool_in)` pays.
		fn quote_exit_single(index: IndexId, asset: AssetKind, pool_in: Balance) -> Result<SingleQuote, DispatchError>;
	}
}

impl<T: Config> Pallet<T> {
	/// [`IndexFundsApi::index`].
	pub fn api_index(index: IndexId) -> Option<IndexView> {
		// With the scheduled changes that are due applied, as the next call sees them.
		let info = Self::fund(index).ok()?;
		let weights = Self::weights_at(&info, Self::now()).ok()?;
		Some(IndexView {
			token: info.token,
			assets: info.assets.to_vec(),
			balances: info.balances.to_vec(),
			weights,
			target: info.schedule.to.to_vec(),
			target_at: info.schedule.end,
			supply: info.supply,
			strategy: info.strategy,
			fees: info.fees,
			paused: info.paused,
			next_poke: info.last_poke.saturating_add(T::PokeInterval::get()),
			pending_fees: info.pending_fees,
			pending_strategy: info.pending_strategy,
			supply_cap: info.supply_cap,
			removing: info.removing,
		})
	}

	/// [`IndexFundsApi::nav`].
	pub fn api_nav(index: IndexId) -> Result<FixedU128, DispatchError> {
		Ok(Self::nav(&Self::fund(index)?)?)
	}

	/// [`IndexFundsApi::quote_swap`].
	pub fn quote_swap(
		index: IndexId,
		asset_in: AssetKind,
		amount_in: Balance,
		asset_out: AssetKind,
	) -> Result<Balance, DispatchError> {
		let info = Self::fund(index)?;
		Ok(Self::plan_swap(&info, &asset_in, amount_in, &asset_out, Self::now())?.2)
	}

	/// [`IndexFundsApi::quote_join`].
	pub fn quote_join(
		index: IndexId,
		pool_out: Balance,
	) -> Result<(Vec<Balance>, Balance), DispatchError> {
		let (amounts, fee) = Self::plan_join(&Self::fund(index)?, pool_out)?;
		Ok((amounts, pool_out.saturating_sub(fee)))
	}

	/// [`IndexFundsApi::quote_exit`].
	pub fn quote_exit(index: IndexId, pool_in: Balance) -> Result<Vec<Balance>, DispatchError> {
		Ok(Self::plan_exit(&Self::fund(index)?, pool_in, true)?.0)
	}

	/// [`IndexFundsApi::quote_join_single`].
	pub fn quote_join_single(
		index: IndexId,
		asset: AssetKind,
		amount_in: Balance,
	) -> Result<SingleQuote, DispatchError> {
		let plan = Self::plan_join_single(&Self::fund(index)?, &asset, amount_in, Self::now())?;
		Ok(SingleQuote {
			amount: plan.amount,
			pool: plan.pool.saturating_sub(plan.fee),
			fee: plan.fee,
		})
	}

	/// [`IndexFundsApi::quote_exit_single`].
	pub fn quote_exit_single(
		index: IndexId,
		asset: AssetKind,
		pool_in: Balance,
	) -> Result<SingleQuote, DispatchError> {
		let info = Self::fund(index)?;
		let plan = Self::plan_exit_single(&info, &asset, pool_in, Self::now(), true)?;
		Ok(SingleQuote { amount: plan.amount, pool: pool_in, fee: plan.fee })
	}
}
