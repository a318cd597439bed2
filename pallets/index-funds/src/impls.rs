//! What the calls do. Every call first plans its outcome from the stored record (the same
//! `plan_*` functions answer the runtime API's quotes, so a quote is what the call executes),
//! then moves tokens, then writes the record. Any error unwinds the whole call.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		fungibles::{Create, Inspect, Mutate},
		tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance},
		Contains, UnixTime,
	},
};
use frame_system::pallet_prelude::OriginFor;
use sluice_math::{
	shares::{mul_div, value_at_price},
	weighted::{self, MathError},
	weights::{self as index_weights, LinearSchedule, ONE},
};
use sluice_primitives::{
	index::{IndexId, IndexVotes},
	oracle::PriceProvider,
	AssetId, AssetKind, Balance, OracleKey,
};
use sp_runtime::{
	traits::{AccountIdConversion, Convert, Zero},
	FixedU128, Perbill, Rounding, Saturating,
};

/// One whole index token (index tokens have 12 decimals).
pub const INDEX_TOKEN_UNIT: Balance = 1_000_000_000_000;

/// Decimals of every index token.
pub const INDEX_TOKEN_DECIMALS: u8 = 12;

/// Most decimals a constituent may have (10^30 units a whole token still values without
/// overflow).
pub const MAX_DECIMALS: u8 = 30;

/// A `Perbill` as a fraction of [`ONE`].
pub(crate) fn to_one(p: Perbill) -> u128 {
	// At most 10^9 × 10^9: no overflow.
	u128::from(p.deconstruct()).saturating_mul(1_000_000_000)
}

impl<T: Config> From<MathError> for Error<T> {
	fn from(e: MathError) -> Self {
		match e {
			MathError::Invalid | MathError::TooSmall => Error::<T>::TooSmall,
			MathError::RatioExceeded => Error::<T>::RatioExceeded,
			MathError::Overflow => Error::<T>::Overflow,
		}
	}
}

/// `values` without the one at `position` (one per constituent, in the fund's order).
fn without<V: Clone>(values: &[V], position: usize) -> Vec<V> {
	values.iter().enumerate().filter(|(j, _)| *j != position).map(|(_, v)| v.clone()).collect()
}

/// A planned single-asset join or exit: the constituent's position, the amount of it paid in or
/// out, the index tokens minted to or burned from the caller, and the fee in index tokens.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct SinglePlan {
	/// Position of the constituent in the fund.
	pub position: usize,
	/// Amount of the constituent paid in (join) or out (exit).
	pub amount: Balance,
	/// Index tokens minted to the caller (join) or burned (exit).
	pub pool: Balance,
	/// Index tokens paid to the manager.
	pub fee: Balance,
}

impl<T: Config> Pallet<T> {
	/// The account holding fund `index`'s tokens.
	pub fn account_of(index: IndexId) -> T::AccountId {
		FundAccounts::<T>::get(index)
			.unwrap_or_else(|| T::PalletId::get().into_sub_account_truncating(index))
	}

	/// A new fund's account: derived from its id, the parent block's hash and a salt, so
	/// nobody can load it with dust tokens (using up its consumer references) before the block;
	/// within the block, the first of four salted accounts that holds no consumer reference
	/// (some SLC sent to it is harmless: a donation).
	fn new_account(index: IndexId) -> Result<T::AccountId, Error<T>> {
		let parent = frame_system::Pallet::<T>::parent_hash();
		(0u8..4)
			.map(|salt| T::PalletId::get().into_sub_account_truncating((index, parent, salt)))
			.find(|account| frame_system::Pallet::<T>::consumers(account) == 0)
			.ok_or(Error::<T>::FundAccountInUse)
	}

	/// Now, in seconds since the Unix epoch.
	pub(crate) fn now() -> u64 {
		T::Time::now().as_secs()
	}

	/// The fund's record, with the scheduled changes that are due applied.
	pub(crate) fn fund(index: IndexId) -> Result<IndexOf<T>, Error<T>> {
		let mut info = Indices::<T>::get(index).ok_or(Error::<T>::IndexNotFound)?;
		Self::settle(&mut info, Self::now());
		Ok(info)
	}

	/// Applies the fee and strategy changes whose timelock ended by `now`.
	pub(crate) fn settle(info: &mut IndexOf<T>, now: u64) {
		if let Some(pending) = info.pending_fees.filter(|p| p.at <= now) {
			info.fees = pending.value;
			info.pending_fees = None;
		}
		if let Some(pending) = info.pending_strategy.filter(|p| p.at <= now) {
			info.strategy = pending.value;
			info.pending_strategy = None;
		}
	}

	/// The fund's weights at `now`.
	pub fn weights_at(info: &IndexOf<T>, now: u64) -> Result<Vec<u128>, Error<T>> {
		LinearSchedule {
			from: info.schedule.from.to_vec(),
			to: info.schedule.to.to_vec(),
			start: info.schedule.start,
			end: info.schedule.end,
		}
		.weights_at(now)
		.ok_or(Error::<T>::Overflow)
	}

	fn position(info: &IndexOf<T>, asset: &AssetKind) -> Result<usize, Error<T>> {
		info.assets.iter().position(|a| a == asset).ok_or(Error::<T>::AssetNotInIndex)
	}

	fn balance(info: &IndexOf<T>, position: usize) -> Result<Balance, Error<T>> {
		info.balances.get(position).copied().ok_or(Error::<T>::AssetNotInIndex)
	}

	fn weight(weights: &[u128], position: usize) -> Result<u128, Error<T>> {
		weights.get(position).copied().ok_or(Error::<T>::AssetNotInIndex)
	}

	/// An oracle value no older than `MaxOracleAge`.
	pub(crate) fn fresh(key: OracleKey, now: u64) -> Result<FixedU128, Error<T>> {
		let reading = T::Oracle::reading(&key).ok_or(Error::<T>::MissingOracleData)?;
		// A zero value is no value: a zero price would make every price a jump and a zero
		// reference would divide momentum by zero.
		ensure!(!reading.value.is_zero(), Error::<T>::MissingOracleData);
		let fed = reading.timestamp_ms / 1_000;
		ensure!(now.saturating_sub(fed) <= T::MaxOracleAge::get(), Error::<T>::StaleOracleData);
		Ok(reading.value)
	}

	/// Fresh oracle prices of every constituent.
	pub(crate) fn prices(assets: &[AssetKind], now: u64) -> Result<Vec<FixedU128>, Error<T>> {
		assets.iter().map(|a| Self::fresh(OracleKey::Price(a.clone()), now)).collect()
	}

	/// Whether `price` is more than `MaxPriceJump` away from `reference`.
	fn jumped(reference: FixedU128, price: FixedU128) -> bool {
		let move_ = price.max(reference).saturating_sub(price.min(reference));
		// A price times a fraction below one: cannot overflow; saturating is only a guard.
		move_ > reference.saturating_mul(FixedU128::from_perbill(T::MaxPriceJump::get()))
	}

	/// The circuit breaker: refuses when a constituent at `positions` has a stale or missing
	/// price, or a price that moved beyond `MaxPriceJump` since the last poke. Returns the
	/// prices, in the order of `positions`.
	fn check_breaker(
		info: &IndexOf<T>,
		positions: impl IntoIterator<Item = usize>,
		now: u64,
	) -> Result<Vec<FixedU128>, Error<T>> {
		positions
			.into_iter()
			.map(|position| {
				let asset = info.assets.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
				let reference = info.prices.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
				let price = Self::fresh(OracleKey::Price(asset.clone()), now)?;
				ensure!(!Self::jumped(*reference, price), Error::<T>::PriceJump);
				Ok(price)
			})
			.collect()
	}

	/// Value of `amount` of a token with `decimals` at `price` (`FixedU128` inner, dollars).
	fn value_of(decimals: u8, amount: Balance, price: FixedU128) -> Result<Balance, Error<T>> {
		value_at_price(amount, price.into_inner(), decimals).ok_or(Error::<T>::Overflow)
	}

	/// The recorded decimals of the constituent at `position`.
	fn decimals(info: &IndexOf<T>, position: usize) -> Result<u8, Error<T>> {
		info.decimals.get(position).copied().ok_or(Error::<T>::AssetNotInIndex)
	}

	/// Decimals of `asset` as its metadata says now, refused beyond what the valuation handles.
	fn read_decimals(asset: &AssetKind) -> Result<u8, Error<T>> {
		let decimals = T::Decimals::convert(asset.clone()).ok_or(Error::<T>::UndescribedAsset)?;
		ensure!(decimals <= MAX_DECIMALS, Error::<T>::UnsupportedDecimals);
		Ok(decimals)
	}

	/// Value of each of the fund's balances at `prices` (one per constituent).
	fn values(info: &IndexOf<T>, prices: &[FixedU128]) -> Result<Vec<Balance>, Error<T>> {
		info.balances
			.iter()
			.zip(&info.decimals)
			.zip(prices)
			.map(|((balance, decimals), price)| Self::value_of(*decimals, *balance, *price))
			.collect()
	}

	/// Value of the fund's balances at `prices` (one per constituent).
	fn pool_value(info: &IndexOf<T>, prices: &[FixedU128]) -> Result<Balance, Error<T>> {
		Self::values(info, prices)?
			.into_iter()
			.try_fold(0u128, |total, v| total.checked_add(v).ok_or(Error::<T>::Overflow))
	}

	/// The oracle bound: a trade paying `value_out` for `value_in` (both at oracle prices) may
	/// favour the caller by at most `MaxOracleDeviation`.
	fn ensure_near_oracle(value_in: Balance, value_out: Balance) -> Result<(), Error<T>> {
		let allowed = value_in.saturating_add(T::MaxOracleDeviation::get().mul_floor(value_in));
		ensure!(value_out <= allowed, Error::<T>::PriceOutOfBound);
		Ok(())
	}

	/// No fee moves more than `MaxFeeStep` from `from` to `to`.
	pub(crate) fn ensure_fee_step(from: &Fees, to: &Fees) -> Result<(), Error<T>> {
		let step = T::MaxFeeStep::get();
		let within = |a: Perbill, b: Perbill| a.max(b).saturating_sub(a.min(b)) <= step;
		ensure!(
			within(from.swap, to.swap) && within(from.join, to.join) && within(from.exit, to.exit),
			Error::<T>::FeeStepTooLarge
		);
		Ok(())
	}

	pub(crate) fn ensure_fees(fees: &Fees) -> Result<(), Error<T>> {
		ensure!(fees.swap <= T::MaxSwapFee::get(), Error::<T>::FeeTooHigh);
		ensure!(fees.join <= T::MaxJoinExitFee::get(), Error::<T>::FeeTooHigh);
		ensure!(fees.exit <= T::MaxJoinExitFee::get(), Error::<T>::FeeTooHigh);
		Ok(())
	}

	/// Minting `pool_out` keeps the supply within the fund's cap.
	fn ensure_below_cap(info: &IndexOf<T>, pool_out: Balance) -> Result<(), Error<T>> {
		if let Some(cap) = info.supply_cap {
			let supply = info.supply.checked_add(pool_out).ok_or(Error::<T>::SupplyCapReached)?;
			ensure!(supply <= cap, Error::<T>::SupplyCapReached);
		}
		Ok(())
	}

	fn ensure_active(info: &IndexOf<T>) -> Result<(), Error<T>> {
		ensure!(!info.paused, Error::<T>::IndexPaused);
		Ok(())
	}

	/// Whether the manager can receive `amount` index tokens; if not, fees are not charged
	/// (there is no manager, or its account may have been reaped).
	fn manager_can_receive(info: &IndexOf<T>, amount: Balance, minted: bool) -> bool {
		let provenance = if minted { Provenance::Minted } else { Provenance::Extant };
		let Some(manager) = &info.manager else { return amount.is_zero() };
		amount.is_zero()
			|| T::IndexTokens::can_deposit(info.token, manager, amount, provenance)
				== DepositConsequence::Success
	}

	/// Mints `fee` index tokens to the manager (nothing when zero).
	fn mint_fee(info: &IndexOf<T>, fee: Balance) -> DispatchResult {
		match &info.manager {
			Some(manager) if !fee.is_zero() => T::IndexTokens::mint_into(info.token, manager, fee),
			_ => Ok(Zero::zero()),
		}
		.map(|_| ())
	}

	/// The creation deposit while `live` funds exist: `IndexDeposit`, doubled for every
	/// `MaxIndices / 8` live funds.
	pub fn deposit_for(live: u32) -> Balance {
		let step = (T::MaxIndices::get() / 8).max(1);
		let doublings = live / step;
		T::IndexDeposit::get().saturating_mul(2u128.saturating_pow(doublings))
	}

	/// The id of a new fund's index token: a fresh one while any is left, else the oldest
	/// freed id once the asset ledger has destroyed its token. Does not take it.
	fn next_token_id() -> Result<(AssetId, bool), Error<T>> {
		let slot = NextTokenSlot::<T>::get();
		if slot < T::MaxIndices::get() {
			let token = T::IndexTokenIdBase::get().checked_add(slot).ok_or(Error::<T>::Overflow)?;
			return Ok((token, true));
		}
		let token = FreeTokenIds::<T>::get().first().copied().ok_or(Error::<T>::TooManyIndices)?;
		ensure!(!T::IndexTokens::asset_exists(token), Error::<T>::TokenIdsBeingDestroyed);
		Ok((token, false))
	}

	pub(crate) fn do_create_index(
		creator: T::AccountId,
		setup: FundSetup<T::AccountId, T::MaxConstituents>,
		name: Vec<u8>,
		symbol: Vec<u8>,
	) -> DispatchResult {
		let FundSetup { assets, weights, amounts, strategy, fees, manager } = setup;
		ensure!(assets.len() >= 2, Error::<T>::TooFewConstituents);
		ensure!(
			weights.len() == assets.len() && amounts.len() == assets.len(),
			Error::<T>::LengthMismatch
		);
		for (i, asset) in assets.iter().enumerate() {
			ensure!(!assets.iter().skip(i + 1).any(|a| a == asset), Error::<T>::DuplicateAsset);
			ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		}
		let (min, max) = (T::MinWeight::get(), T::MaxWeight::get());
		ensure!(weights.iter().all(|w| *w >= min && *w <= max), Error::<T>::WeightOutOfBounds);
		let total: u64 = weights.iter().map(|w| u64::from(w.deconstruct())).sum();
		ensure!(total == u64::from(Perbill::one().deconstruct()), Error::<T>::WeightsNotNormalized);
		ensure!(amounts.iter().all(|a| !a.is_zero()), Error::<T>::ZeroAmount);
		Self::ensure_fees(&fees)?;

		let id = NextIndexId::<T>::get();
		let live = LiveIndices::<T>::get();
		ensure!(live < T::MaxIndices::get(), Error::<T>::TooManyIndices);
		let (token, fresh) = Self::next_token_id()?;
		ensure!(!T::IndexTokens::asset_exists(token), Error::<T>::TokenIdTaken);

		let now = Self::now();
		let prices = Self::prices(&assets, now)?;
		let decimals: Vec<u8> = assets.iter().map(Self::read_decimals).collect::<Result<_, _>>()?;
		let weights: Vec<u128> = weights.iter().map(|w| to_one(*w)).collect();
		let weights: PerAsset<T, u128> =
			weights.try_into().map_err(|_| Error::<T>::LengthMismatch)?;

		let deposit = Self::deposit_for(live);
		T::Currency::hold(&HoldReason::IndexDeposit.into(), &creator, deposit)?;

		// The fund's account exists for as long as the fund (and after, while it owes
		// anything), so tokens that are not sufficient can be held by it.
		let account = Self::new_account(id)?;
		FundAccounts::<T>::insert(id, account.clone());
		frame_system::Pallet::<T>::inc_providers(&account);
		for (asset, amount) in assets.iter().zip(amounts.iter()) {
			// The minimum balance stays in the account on top of the fund's balance, so paying
			// out the whole internal balance can never reap it.
			let kept = T::Assets::minimum_balance(asset.clone());
			let paid = amount.checked_add(&kept).ok_or(Error::<T>::Overflow)?;
			T::Assets::transfer(asset.clone(), &creator, &account, paid, Preservation::Preserve)?;
		}

		T::IndexTokens::create(token, account.clone(), false, 1)?;
		// The creator pays the metadata deposit, which the ledger reserves from the token's
		// owner (the fund's account) and returns to it when the token is destroyed.
		use frame_support::traits::fungibles::metadata::MetadataDeposit;
		let mut metadata_deposit = T::IndexTokens::calc_metadata_deposit(&name, &symbol);
		if T::Assets::balance(AssetKind::Native, &account).is_zero() && !metadata_deposit.is_zero()
		{
			// SLC is not a constituent: the account also needs SLC's minimum balance (swept
			// back to the creator when the fund closes).
			let minimum = T::Assets::minimum_balance(AssetKind::Native);
			metadata_deposit = metadata_deposit.checked_add(minimum).ok_or(Error::<T>::Overflow)?;
		}
		if !metadata_deposit.is_zero() {
			<T::Assets as Mutate<T::AccountId>>::transfer(
				AssetKind::Native,
				&creator,
				&account,
				metadata_deposit,
				Preservation::Preserve,
			)?;
		}
		<T::IndexTokens as frame_support::traits::fungibles::metadata::Mutate<T::AccountId>>::set(
			token,
			&account,
			name,
			symbol,
			INDEX_TOKEN_DECIMALS,
		)?;
		let locked = T::LockedSupply::get();
		let supply = T::InitialSupply::get();
		let to_creator = supply.checked_sub(locked).ok_or(Error::<T>::Overflow)?;
		T::IndexTokens::mint_into(token, &account, locked)?;
		T::IndexTokens::mint_into(token, &creator, to_creator)?;

		let info = IndexInfo {
			manager: Some(manager.clone()),
			pending_manager: None,
			creator: creator.clone(),
			deposit,
			token,
			assets: assets.clone(),
			balances: amounts,
			decimals: decimals.try_into().map_err(|_| Error::<T>::LengthMismatch)?,
			schedule: Schedule { from: weights.clone(), to: weights, start: now, end: now },
			strategy,
			fees,
			pending_fees: None,
			pending_strategy: None,
			supply_cap: None,
			supply,
			// A new fund may be poked at once, to move from its initial weights to the oracle's.
			last_poke: 0,
			prices: prices.try_into().map_err(|_| Error::<T>::LengthMismatch)?,
			paused: false,
			removing: None,
		};
		Indices::<T>::insert(id, info);
		NextIndexId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		LiveIndices::<T>::put(live.saturating_add(1));
		IndexOfToken::<T>::insert(token, id);
		if fresh {
			NextTokenSlot::<T>::mutate(|slot| *slot = slot.saturating_add(1));
		} else {
			FreeTokenIds::<T>::mutate(|ids| {
				if !ids.is_empty() {
					ids.remove(0);
				}
			});
		}
		Self::deposit_event(Event::IndexCreated {
			index: id,
			token,
			creator,
			manager,
			assets,
			strategy,
		});
		Ok(())
	}

	/// Amounts of every constituent a join minting `pool_out` costs, and the fee out of it.
	pub fn plan_join(
		info: &IndexOf<T>,
		pool_out: Balance,
	) -> Result<(Vec<Balance>, Balance), Error<T>> {
		Self::ensure_active(info)?;
		ensure!(!pool_out.is_zero(), Error::<T>::ZeroAmount);
		Self::ensure_below_cap(info, pool_out)?;
		let amounts = info
			.balances
			.iter()
			.map(|b| weighted::join_amount(*b, info.supply, pool_out))
			.collect::<Result<Vec<_>, _>>()?;
		let fee = info.fees.join.mul_ceil(pool_out);
		ensure!(fee < pool_out, Error::<T>::TooSmall);
		Ok((amounts, fee))
	}

	pub(crate) fn do_join(
		who: T::AccountId,
		index: IndexId,
		pool_out: Balance,
		max_amounts_in: PerAsset<T, Balance>,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		Self::note_operation(&who)?;
		ensure!(max_amounts_in.len() == info.assets.len(), Error::<T>::LengthMismatch);
		let (amounts, mut fee) = Self::plan_join(&info, pool_out)?;
		ensure!(
			amounts.iter().zip(max_amounts_in.iter()).all(|(a, max)| a <= max),
			Error::<T>::SlippageExceeded
		);
		let account = Self::account_of(index);
		for (position, amount) in amounts.iter().enumerate() {
			let asset = info.assets.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
			T::Assets::transfer(asset.clone(), &who, &account, *amount, Preservation::Preserve)?;
			let balance = info.balances.get_mut(position).ok_or(Error::<T>::AssetNotInIndex)?;
			*balance = balance.checked_add(*amount).ok_or(Error::<T>::Overflow)?;
		}
		if !Self::manager_can_receive(&info, fee, true) || T::FeeExempt::contains(&who) {
			fee = 0;
		}
		let minted = pool_out.checked_sub(fee).ok_or(Error::<T>::Overflow)?;
		T::IndexTokens::mint_into(info.token, &who, minted)?;
		Self::mint_fee(&info, fee)?;
		info.supply = info.supply.checked_add(pool_out).ok_or(Error::<T>::Overflow)?;
		let amounts_in = amounts.try_into().map_err(|_| Error::<T>::LengthMismatch)?;
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::Joined { index, who, minted, fee, amounts_in });
		Ok(())
	}

	/// Amounts of every constituent an exit redeeming `pool_in` pays, and the fee out of
	/// `pool_in` (none unless `charge_fee`). Proportional exits work while the fund is paused.
	pub fn plan_exit(
		info: &IndexOf<T>,
		pool_in: Balance,
		charge_fee: bool,
	) -> Result<(Vec<Balance>, Balance), Error<T>> {
		ensure!(!pool_in.is_zero(), Error::<T>::ZeroAmount);
		let fee = if charge_fee { info.fees.exit.mul_ceil(pool_in) } else { 0 };
		let burned = pool_in.checked_sub(fee).ok_or(Error::<T>::Overflow)?;
		let amounts = info
			.balances
			.iter()
			.map(|b| weighted::exit_amount(*b, info.supply, burned))
			.collect::<Result<Vec<_>, _>>()?;
		ensure!(amounts.iter().any(|a| !a.is_zero()), Error::<T>::TooSmall);
		Ok((amounts, fee))
	}

	fn ensure_holds(info: &IndexOf<T>, who: &T::AccountId, amount: Balance) -> DispatchResult {
		let held = T::IndexTokens::reducible_balance(
			info.token,
			who,
			Preservation::Expendable,
			Fortitude::Polite,
		);
		ensure!(held >= amount, Error::<T>::InsufficientIndexTokens);
		Ok(())
	}

	/// Takes `pool_in` index tokens from `who`: `fee` to the manager (when it can receive them;
	/// burned otherwise), the rest burned. Returns the fee paid and the amount burned.
	fn take_index_tokens(
		info: &IndexOf<T>,
		who: &T::AccountId,
		pool_in: Balance,
		fee: Balance,
	) -> Result<(Balance, Balance), DispatchError> {
		let fee = match &info.manager {
			Some(manager) if manager != who && Self::manager_can_receive(info, fee, false) => {
				if !fee.is_zero() {
					T::IndexTokens::transfer(
						info.token,
						who,
						manager,
						fee,
						Preservation::Expendable,
					)?;
				}
				fee
			}
			_ => 0,
		};
		let burned = pool_in.checked_sub(fee).ok_or(Error::<T>::Overflow)?;
		T::IndexTokens::burn_from(
			info.token,
			who,
			burned,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		Ok((fee, burned))
	}

	fn pay_out(
		info: &mut IndexOf<T>,
		index: IndexId,
		position: usize,
		who: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		let balance = info.balances.get_mut(position).ok_or(Error::<T>::AssetNotInIndex)?;
		*balance = balance.checked_sub(amount).ok_or(Error::<T>::Overflow)?;
		let asset = info.assets.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
		if !amount.is_zero() {
			let account = Self::account_of(index);
			T::Assets::transfer(asset.clone(), &account, who, amount, Preservation::Preserve)?;
		}
		Ok(())
	}

	pub(crate) fn do_exit(
		who: T::AccountId,
		index: IndexId,
		pool_in: Balance,
		min_amounts_out: PerAsset<T, Balance>,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		Self::note_operation(&who)?;
		ensure!(min_amounts_out.len() == info.assets.len(), Error::<T>::LengthMismatch);
		Self::ensure_holds(&info, &who, pool_in)?;
		let charge_fee = !T::FeeExempt::contains(&who);
		let (mut amounts, fee) = Self::plan_exit(&info, pool_in, charge_fee)?;
		let (fee, burned) = Self::take_index_tokens(&info, &who, pool_in, fee)?;
		if fee.is_zero() {
			// The manager could not take the fee: the whole `pool_in` is burned and pays out.
			amounts = Self::plan_exit(&info, pool_in, false)?.0;
		}
		ensure!(
			amounts.iter().zip(min_amounts_out.iter()).all(|(a, min)| a >= min),
			Error::<T>::SlippageExceeded
		);
		for (position, amount) in amounts.iter().enumerate() {
			Self::pay_out(&mut info, index, position, &who, *amount)?;
		}
		info.supply = info.supply.checked_sub(burned).ok_or(Error::<T>::Overflow)?;
		let amounts_out = amounts.try_into().map_err(|_| Error::<T>::LengthMismatch)?;
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::Exited { index, who, burned, fee, amounts_out });
		Ok(())
	}

	/// Index tokens a single-asset join of `amount_in` mints, and the fee out of them.
	pub fn plan_join_single(
		info: &IndexOf<T>,
		asset: &AssetKind,
		amount_in: Balance,
		now: u64,
	) -> Result<SinglePlan, Error<T>> {
		Self::ensure_active(info)?;
		ensure!(!amount_in.is_zero(), Error::<T>::ZeroAmount);
		let position = Self::position(info, asset)?;
		let prices = Self::check_breaker(info, 0..info.assets.len(), now)?;
		let weights = Self::weights_at(info, now)?;
		let pool_out = weighted::pool_out_given_single_in(
			Self::balance(info, position)?,
			Self::weight(&weights, position)?,
			info.supply,
			amount_in,
			to_one(info.fees.swap),
		)?;
		let price = prices.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
		let value_in = Self::value_of(Self::decimals(info, position)?, amount_in, *price)?;
		let value_out =
			mul_div(Self::pool_value(info, &prices)?, pool_out, info.supply, Rounding::Up)
				.ok_or(Error::<T>::Overflow)?;
		Self::ensure_near_oracle(value_in, value_out)?;
		Self::ensure_below_cap(info, pool_out)?;
		let fee = info.fees.join.mul_ceil(pool_out);
		ensure!(fee < pool_out, Error::<T>::TooSmall);
		Ok(SinglePlan { position, amount: amount_in, pool: pool_out, fee })
	}

	pub(crate) fn do_join_single(
		who: T::AccountId,
		index: IndexId,
		asset: AssetKind,
		amount_in: Balance,
		min_pool_out: Balance,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		Self::note_operation(&who)?;
		let plan = Self::plan_join_single(&info, &asset, amount_in, Self::now())?;
		let fee = if Self::manager_can_receive(&info, plan.fee, true) { plan.fee } else { 0 };
		let minted = plan.pool.checked_sub(fee).ok_or(Error::<T>::Overflow)?;
		ensure!(minted >= min_pool_out, Error::<T>::SlippageExceeded);
		let account = Self::account_of(index);
		T::Assets::transfer(asset.clone(), &who, &account, amount_in, Preservation::Preserve)?;
		let balance = info.balances.get_mut(plan.position).ok_or(Error::<T>::AssetNotInIndex)?;
		*balance = balance.checked_add(amount_in).ok_or(Error::<T>::Overflow)?;
		T::IndexTokens::mint_into(info.token, &who, minted)?;
		Self::mint_fee(&info, fee)?;
		info.supply = info.supply.checked_add(plan.pool).ok_or(Error::<T>::Overflow)?;
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::JoinedSingle { index, who, asset, amount_in, minted, fee });
		Ok(())
	}

	/// Tokens a single-asset exit redeeming `pool_in` pays, and the fee out of `pool_in`.
	pub fn plan_exit_single(
		info: &IndexOf<T>,
		asset: &AssetKind,
		pool_in: Balance,
		now: u64,
		charge_fee: bool,
	) -> Result<SinglePlan, Error<T>> {
		Self::ensure_active(info)?;
		ensure!(!pool_in.is_zero(), Error::<T>::ZeroAmount);
		let position = Self::position(info, asset)?;
		let prices = Self::check_breaker(info, 0..info.assets.len(), now)?;
		let weights = Self::weights_at(info, now)?;
		let fee = if charge_fee { info.fees.exit.mul_ceil(pool_in) } else { 0 };
		let burned = pool_in.checked_sub(fee).ok_or(Error::<T>::Overflow)?;
		let amount = weighted::single_out_given_pool_in(
			Self::balance(info, position)?,
			Self::weight(&weights, position)?,
			info.supply,
			burned,
			to_one(info.fees.swap),
		)?;
		let price = prices.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
		let value_in =
			mul_div(Self::pool_value(info, &prices)?, burned, info.supply, Rounding::Down)
				.ok_or(Error::<T>::Overflow)?;
		let value_out = Self::value_of(Self::decimals(info, position)?, amount, *price)?;
		Self::ensure_near_oracle(value_in, value_out)?;
		Ok(SinglePlan { position, amount, pool: burned, fee })
	}

	pub(crate) fn do_exit_single(
		who: T::AccountId,
		index: IndexId,
		asset: AssetKind,
		pool_in: Balance,
		min_amount_out: Balance,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		Self::note_operation(&who)?;
		Self::ensure_holds(&info, &who, pool_in)?;
		let now = Self::now();
		let mut plan = Self::plan_exit_single(&info, &asset, pool_in, now, true)?;
		let (fee, burned) = Self::take_index_tokens(&info, &who, pool_in, plan.fee)?;
		if fee != plan.fee {
			plan = Self::plan_exit_single(&info, &asset, pool_in, now, false)?;
		}
		ensure!(plan.amount >= min_amount_out, Error::<T>::SlippageExceeded);
		Self::pay_out(&mut info, index, plan.position, &who, plan.amount)?;
		info.supply = info.supply.checked_sub(burned).ok_or(Error::<T>::Overflow)?;
		Indices::<T>::insert(index, info);
		let amount_out = plan.amount;
		Self::deposit_event(Event::ExitedSingle { index, who, asset, burned, fee, amount_out });
		Ok(())
	}

	/// The positions, oracle prices and current weights of a swap's two constituents.
	fn swap_context(
		info: &IndexOf<T>,
		asset_in: &AssetKind,
		asset_out: &AssetKind,
		now: u64,
	) -> Result<SwapContext, Error<T>> {
		Self::ensure_active(info)?;
		ensure!(asset_in != asset_out, Error::<T>::SameAsset);
		let (i, o) = (Self::position(info, asset_in)?, Self::position(info, asset_out)?);
		let prices = Self::check_breaker(info, [i, o], now)?;
		let [price_in, price_out] = prices.as_slice() else {
			return Err(Error::<T>::AssetNotInIndex);
		};
		let weights = Self::weights_at(info, now)?;
		Ok(SwapContext {
			i,
			o,
			b_in: Self::balance(info, i)?,
			w_in: Self::weight(&weights, i)?,
			b_out: Self::balance(info, o)?,
			w_out: Self::weight(&weights, o)?,
			price_in: *price_in,
			price_out: *price_out,
			d_in: Self::decimals(info, i)?,
			d_out: Self::decimals(info, o)?,
		})
	}

	/// The oracle bound on a swap of `amount_in` for `amount_out`.
	fn ensure_swap_near_oracle(
		c: &SwapContext,
		amount_in: Balance,
		amount_out: Balance,
	) -> Result<(), Error<T>> {
		Self::ensure_near_oracle(
			Self::value_of(c.d_in, amount_in, c.price_in)?,
			Self::value_of(c.d_out, amount_out, c.price_out)?,
		)
	}

	/// Transfers in a storage layer of its own: whether it went through (one that fails
	/// leaves no trace).
	fn try_transfer(
		asset: &AssetKind,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: Balance,
		preservation: Preservation,
	) -> bool {
		amount.is_zero()
			|| frame_support::storage::with_storage_layer(|| {
				T::Assets::transfer(asset.clone(), from, to, amount, preservation)
			})
			.is_ok()
	}

	/// Amount out of a swap of `amount_in`, and the positions of the two constituents.
	pub fn plan_swap(
		info: &IndexOf<T>,
		asset_in: &AssetKind,
		amount_in: Balance,
		asset_out: &AssetKind,
		now: u64,
	) -> Result<(usize, usize, Balance), Error<T>> {
		ensure!(!amount_in.is_zero(), Error::<T>::ZeroAmount);
		let c = Self::swap_context(info, asset_in, asset_out, now)?;
		let fee = to_one(info.fees.swap);
		let out = weighted::out_given_in(c.b_in, c.w_in, c.b_out, c.w_out, amount_in, fee)?;
		Self::ensure_swap_near_oracle(&c, amount_in, out)?;
		Ok((c.i, c.o, out))
	}

	/// Amount in a swap paying exactly `amount_out` costs, and the positions of the two
	/// constituents.
	pub fn plan_swap_exact_out(
		info: &IndexOf<T>,
		asset_in: &AssetKind,
		asset_out: &AssetKind,
		amount_out: Balance,
		now: u64,
	) -> Result<(usize, usize, Balance), Error<T>> {
		ensure!(!amount_out.is_zero(), Error::<T>::ZeroAmount);
		let c = Self::swap_context(info, asset_in, asset_out, now)?;
		let fee = to_one(info.fees.swap);
		let amount_in = weighted::in_given_out(c.b_in, c.w_in, c.b_out, c.w_out, amount_out, fee)?;
		Self::ensure_swap_near_oracle(&c, amount_in, amount_out)?;
		Ok((c.i, c.o, amount_in))
	}

	/// One pool operation per account per block (the fee-exempt reactors' account excepted):
	/// an account cannot join and exit, or swap there and back, within one block (other
	/// accounts, derivative ones too, are other accounts with their own tokens).
	fn note_operation(who: &T::AccountId) -> DispatchResult {
		if T::FeeExempt::contains(who) {
			return Ok(());
		}
		ensure!(!OperatedThisBlock::<T>::contains_key(who), Error::<T>::OneOperationPerBlock);
		OperatedThisBlock::<T>::insert(who, ());
		OperationsThisBlock::<T>::mutate(|n| *n = n.saturating_add(1));
		Ok(())
	}

	pub(crate) fn do_swap(
		who: T::AccountId,
		index: IndexId,
		asset_in: AssetKind,
		asset_out: AssetKind,
		limit: SwapLimit,
		max_price: Option<FixedU128>,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		Self::note_operation(&who)?;
		let now = Self::now();
		let (i, o, amount_in, amount_out) = match limit {
			SwapLimit::ExactIn { amount_in, min_amount_out } => {
				let (i, o, out) = Self::plan_swap(&info, &asset_in, amount_in, &asset_out, now)?;
				ensure!(out >= min_amount_out, Error::<T>::SlippageExceeded);
				(i, o, amount_in, out)
			}
			SwapLimit::ExactOut { max_amount_in, amount_out } => {
				let (i, o, amount_in) =
					Self::plan_swap_exact_out(&info, &asset_in, &asset_out, amount_out, now)?;
				ensure!(amount_in <= max_amount_in, Error::<T>::SlippageExceeded);
				(i, o, amount_in, amount_out)
			}
		};
		let account = Self::account_of(index);
		T::Assets::transfer(asset_in.clone(), &who, &account, amount_in, Preservation::Preserve)?;
		let balance = info.balances.get_mut(i).ok_or(Error::<T>::AssetNotInIndex)?;
		*balance = balance.checked_add(amount_in).ok_or(Error::<T>::Overflow)?;
		Self::pay_out(&mut info, index, o, &who, amount_out)?;
		if let Some(max_price) = max_price {
			let weights = Self::weights_at(&info, now)?;
			let spot = weighted::spot_price(
				Self::balance(&info, i)?,
				Self::weight(&weights, i)?,
				Self::balance(&info, o)?,
				Self::weight(&weights, o)?,
				to_one(info.fees.swap),
			)
			.map_err(Error::<T>::from)?;
			ensure!(spot <= max_price.into_inner(), Error::<T>::SpotPriceAboveLimit);
		}
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::Swapped {
			index,
			who,
			asset_in,
			amount_in,
			asset_out,
			amount_out,
		});
		Ok(())
	}

	/// The strategy's signal per constituent (any positive scale: only ratios matter).
	fn signals(
		info: &IndexOf<T>,
		prices: &[FixedU128],
		current: &[u128],
		now: u64,
	) -> Result<Vec<Balance>, Error<T>> {
		let per_asset = |key: fn(AssetKind) -> OracleKey| -> Result<Vec<Balance>, Error<T>> {
			info.assets
				.iter()
				.map(|a| Self::fresh(key(a.clone()), now).map(|v| v.into_inner()))
				.collect()
		};
		match info.strategy {
			Strategy::MarketCap => {
				let supplies = per_asset(OracleKey::Supply)?;
				prices
					.iter()
					.zip(supplies)
					.map(|(p, s)| {
						p.checked_mul(&FixedU128::from_inner(s))
							.map(|cap| cap.into_inner())
							.ok_or(Error::<T>::InvalidSignals)
					})
					.collect()
			}
			Strategy::Tvl => per_asset(OracleKey::Tvl),
			Strategy::PriceMomentum => current
				.iter()
				.zip(prices)
				.zip(info.prices.iter())
				.map(|((w, p), reference)| {
					if reference.is_zero() {
						// No reference to compare with (cannot be stored since zero prices
						// are refused): the weight stays.
						return Ok(*w);
					}
					mul_div(*w, p.into_inner(), reference.into_inner(), Rounding::Down)
						.ok_or(Error::<T>::InvalidSignals)
				})
				.collect(),
			Strategy::Fixed => Ok(info.schedule.to.to_vec()),
		}
	}

	pub(crate) fn do_poke(index: IndexId) -> DispatchResult {
		let mut info = Self::fund(index)?;
		let now = Self::now();
		let prices = Self::prices(&info.assets, now)?;
		let jumped = info.prices.iter().zip(&prices).any(|(r, p)| Self::jumped(*r, *p));
		ensure!(
			jumped || now >= info.last_poke.saturating_add(T::PokeInterval::get()),
			Error::<T>::TooEarly
		);
		let current = Self::weights_at(&info, now)?;
		let mut signals = Self::signals(&info, &prices, &current, now)?;
		// A constituent being removed keeps its target at the minimum.
		if let Some(removing) = &info.removing {
			let position = Self::position(&info, removing)?;
			if let Some(signal) = signals.get_mut(position) {
				*signal = 0;
			}
		}
		let (min, max) = (to_one(T::MinWeight::get()), to_one(T::MaxWeight::get()));
		let target =
			index_weights::target_weights(&signals, min, max).ok_or(Error::<T>::InvalidSignals)?;
		// The weights re-anchor toward the balances' value shares at the oracle's prices (where
		// the pool's spot prices are the oracle's), by at most the weight speed limit over the
		// time since the schedule last started: a pool pushed off the oracle, or left behind by
		// a price move, comes back to it without anyone arbitraging it beyond the oracle bound,
		// and a wrong oracle price moves the pool no faster than weights may move. Re-anchoring
		// moves no tokens.
		let shares = Self::value_shares(&info, &prices)?;
		let elapsed = u128::from(now.saturating_sub(info.schedule.start));
		let step = to_one(T::MaxWeightChangePerSecond::get()).saturating_mul(elapsed);
		let moved: Vec<u128> = current
			.iter()
			.zip(&shares)
			.map(|(c, s)| {
				if s > c {
					c.saturating_add(s.saturating_sub(*c).min(step))
				} else {
					c.saturating_sub(c.saturating_sub(*s).min(step))
				}
			})
			.collect();
		let from =
			index_weights::target_weights(&moved, min, max).ok_or(Error::<T>::InvalidSignals)?;
		let end = Self::reschedule(&mut info, from, target, now)?;
		let to = info.schedule.to.clone();
		info.prices = prices.try_into().map_err(|_| Error::<T>::LengthMismatch)?;
		info.last_poke = now;
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::Poked { index, target: to, end });
		Ok(())
	}

	/// The balances' value shares at `prices`, clipped into the weight bounds: the weights at
	/// which the pool's spot prices are the oracle's.
	fn value_shares(info: &IndexOf<T>, prices: &[FixedU128]) -> Result<Vec<u128>, Error<T>> {
		let values = Self::values(info, prices)?;
		let (min, max) = (to_one(T::MinWeight::get()), to_one(T::MaxWeight::get()));
		index_weights::target_weights(&values, min, max).ok_or(Error::<T>::InvalidSignals)
	}

	/// Moves the weights from `from` to `to` from `now` on at the bounded rate (and no faster
	/// than `WeightUpdateDuration`); returns when they arrive.
	fn reschedule(
		info: &mut IndexOf<T>,
		from: Vec<u128>,
		to: Vec<u128>,
		now: u64,
	) -> Result<u64, Error<T>> {
		let rate = to_one(T::MaxWeightChangePerSecond::get());
		let schedule = LinearSchedule::bounded(from, to, now, rate).ok_or(Error::<T>::Overflow)?;
		let end = schedule.end.max(now.saturating_add(T::WeightUpdateDuration::get()));
		info.schedule = Schedule {
			from: schedule.from.try_into().map_err(|_| Error::<T>::TooManyConstituents)?,
			to: schedule.to.try_into().map_err(|_| Error::<T>::TooManyConstituents)?,
			start: now,
			end,
		};
		Ok(end)
	}

	pub(crate) fn do_bind(
		who: T::AccountId,
		index: IndexId,
		asset: AssetKind,
		amount: Balance,
		target: Perbill,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		ensure!(info.manager.as_ref() == Some(&who), Error::<T>::NotManager);
		Self::note_operation(&who)?;
		ensure!(info.removing.is_none(), Error::<T>::RemovalInProgress);
		ensure!(!info.assets.contains(&asset), Error::<T>::DuplicateAsset);
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let (min, max) = (T::MinWeight::get(), T::MaxWeight::get());
		ensure!(target >= min && target <= max, Error::<T>::WeightOutOfBounds);
		let now = Self::now();
		let mut prices = Self::check_breaker(&info, 0..info.assets.len(), now)?;
		let price = Self::fresh(OracleKey::Price(asset.clone()), now)?;
		let before = Self::pool_value(&info, &prices)?;
		let decimals = Self::read_decimals(&asset)?;
		let added = Self::value_of(decimals, amount, price)?;
		let after = before.checked_add(added).ok_or(Error::<T>::Overflow)?;
		let share = mul_div(added, ONE, after, Rounding::Down).ok_or(Error::<T>::Overflow)?;
		ensure!(share >= to_one(min) && share <= to_one(max), Error::<T>::WeightOutOfBounds);
		// The manager buys in at the fund's value per index token, rounded down.
		let minted =
			mul_div(info.supply, added, before, Rounding::Down).ok_or(Error::<T>::Overflow)?;
		ensure!(!minted.is_zero(), Error::<T>::TooSmall);
		Self::ensure_below_cap(&info, minted)?;
		// The weights start where they are, scaled to make room for the new constituent at its
		// value share: the old constituents keep their prices relative to each other, the new
		// one is priced at the oracle's, and no weight snaps to the oracle's value shares.
		let current = Self::weights_at(&info, now)?;
		let keep = ONE.saturating_sub(share);
		let mut from = current
			.iter()
			.map(|w| mul_div(*w, keep, ONE, Rounding::Down).ok_or(Error::<T>::Overflow))
			.collect::<Result<Vec<_>, _>>()?;
		from.push(share);

		let account = Self::account_of(index);
		let kept = T::Assets::minimum_balance(asset.clone());
		let paid = amount.checked_add(kept).ok_or(Error::<T>::Overflow)?;
		T::Assets::transfer(asset.clone(), &who, &account, paid, Preservation::Preserve)?;
		T::IndexTokens::mint_into(info.token, &who, minted)?;
		info.supply = info.supply.checked_add(minted).ok_or(Error::<T>::Overflow)?;
		info.assets.try_push(asset.clone()).map_err(|_| Error::<T>::TooManyConstituents)?;
		info.balances.try_push(amount).map_err(|_| Error::<T>::TooManyConstituents)?;
		info.decimals.try_push(decimals).map_err(|_| Error::<T>::TooManyConstituents)?;
		prices.push(price);
		// Today's targets make room for the new constituent at `target`.
		let room = ONE.saturating_sub(to_one(target));
		let mut to = info
			.schedule
			.to
			.iter()
			.map(|w| mul_div(*w, room, ONE, Rounding::Down).ok_or(Error::<T>::Overflow))
			.collect::<Result<Vec<_>, _>>()?;
		to.push(to_one(target));
		let to = index_weights::target_weights(&to, to_one(min), to_one(max))
			.ok_or(Error::<T>::InvalidSignals)?;
		let from = index_weights::target_weights(&from, to_one(min), to_one(max))
			.ok_or(Error::<T>::InvalidSignals)?;
		let end = Self::reschedule(&mut info, from, to, now)?;
		info.prices = prices.try_into().map_err(|_| Error::<T>::TooManyConstituents)?;
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::Bound { index, asset, amount, minted, end });
		Ok(())
	}

	/// Starts removing `asset` from the fund in `info`.
	pub(crate) fn start_unbind(
		index: IndexId,
		info: &mut IndexOf<T>,
		asset: AssetKind,
	) -> Result<Event<T>, Error<T>> {
		ensure!(info.removing.is_none(), Error::<T>::RemovalInProgress);
		ensure!(info.assets.len() > 2, Error::<T>::TooFewConstituents);
		let position = Self::position(info, &asset)?;
		let now = Self::now();
		let current = Self::weights_at(info, now)?;
		let mut to = info.schedule.to.to_vec();
		if let Some(weight) = to.get_mut(position) {
			*weight = 0;
		}
		let (min, max) = (to_one(T::MinWeight::get()), to_one(T::MaxWeight::get()));
		let to = index_weights::target_weights(&to, min, max).ok_or(Error::<T>::InvalidSignals)?;
		let end = Self::reschedule(info, current, to, now)?;
		info.removing = Some(asset.clone());
		Ok(Event::UnbindStarted { index, asset, end })
	}

	pub(crate) fn do_finish_unbind(who: T::AccountId, index: IndexId) -> DispatchResult {
		let mut info = Self::fund(index)?;
		Self::note_operation(&who)?;
		let asset = info.removing.clone().ok_or(Error::<T>::NotRemoving)?;
		let position = Self::position(&info, &asset)?;
		let now = Self::now();
		ensure!(now >= info.schedule.end, Error::<T>::StillRemoving);
		let weights = Self::weights_at(&info, now)?;
		// At the minimum (to the clip's rounding, a millionth of a point).
		let at_min = to_one(T::MinWeight::get()).saturating_add(ONE / 100_000_000);
		ensure!(Self::weight(&weights, position)? <= at_min, Error::<T>::StillRemoving);
		let prices = Self::check_breaker(&info, 0..info.assets.len(), now)?;
		let remainder = Self::balance(&info, position)?;
		let price = prices.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
		let value = Self::value_of(Self::decimals(&info, position)?, remainder, *price)?;
		let total = Self::pool_value(&info, &prices)?;
		let share = mul_div(value, ONE, total, Rounding::Up).ok_or(Error::<T>::Overflow)?;
		ensure!(
			share <= to_one(T::MinWeight::get()).saturating_mul(2),
			Error::<T>::RemainderTooLarge
		);
		let others = total.checked_sub(value).ok_or(Error::<T>::Overflow)?;

		// The buyer pays the remainder's value in every other constituent, pro rata to the
		// fund's balances (rounded up), and takes the remainder.
		let account = Self::account_of(index);
		let mut paid = Vec::new();
		for (j, other) in info.assets.iter().enumerate() {
			if j == position {
				continue;
			}
			let balance = info.balances.get_mut(j).ok_or(Error::<T>::AssetNotInIndex)?;
			let pay = mul_div(*balance, value, others, Rounding::Up).ok_or(Error::<T>::Overflow)?;
			T::Assets::transfer(other.clone(), &who, &account, pay, Preservation::Preserve)?;
			*balance = balance.checked_add(pay).ok_or(Error::<T>::Overflow)?;
			paid.push(pay);
		}
		let owed = OwedTotal::<T>::get((index, asset.clone()));
		let kept = if owed.is_zero() { T::Assets::minimum_balance(asset.clone()) } else { 0 };
		let out = remainder.checked_add(kept).ok_or(Error::<T>::Overflow)?;
		T::Assets::transfer(asset.clone(), &account, &who, out, Preservation::Expendable)?;

		let to = without(&info.schedule.to, position);
		// The remaining weights start where they are (renormalized): no snap to the oracle.
		let from = without(&weights, position);
		info.assets = without(&info.assets, position)
			.try_into()
			.map_err(|_| Error::<T>::TooManyConstituents)?;
		info.balances = without(&info.balances, position)
			.try_into()
			.map_err(|_| Error::<T>::TooManyConstituents)?;
		info.decimals = without(&info.decimals, position)
			.try_into()
			.map_err(|_| Error::<T>::TooManyConstituents)?;
		let prices = without(&prices, position);
		let (min, max) = (to_one(T::MinWeight::get()), to_one(T::MaxWeight::get()));
		let to = index_weights::target_weights(&to, min, max).ok_or(Error::<T>::InvalidSignals)?;
		let from =
			index_weights::target_weights(&from, min, max).ok_or(Error::<T>::InvalidSignals)?;
		Self::reschedule(&mut info, from, to, now)?;
		info.prices = prices.try_into().map_err(|_| Error::<T>::TooManyConstituents)?;
		info.removing = None;
		let paid = paid.try_into().map_err(|_| Error::<T>::TooManyConstituents)?;
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::Unbound { index, asset, remainder, buyer: who, paid });
		Ok(())
	}

	/// Runs `change` on the fund's record if `origin` is its manager or the admin origin.
	pub(crate) fn do_manage(
		origin: OriginFor<T>,
		index: IndexId,
		change: impl FnOnce(&mut IndexOf<T>) -> Result<Event<T>, Error<T>>,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		if T::AdminOrigin::try_origin(origin.clone()).is_err() {
			let who = frame_system::ensure_signed(origin)?;
			ensure!(info.manager.as_ref() == Some(&who), Error::<T>::NotManager);
		}
		let event = change(&mut info)?;
		Indices::<T>::insert(index, info);
		Self::deposit_event(event);
		Ok(())
	}

	pub(crate) fn do_recovery_exit(
		who: T::AccountId,
		index: IndexId,
		pool_in: Balance,
	) -> DispatchResult {
		let mut info = Self::fund(index)?;
		Self::note_operation(&who)?;
		Self::ensure_holds(&info, &who, pool_in)?;
		let charge_fee = !T::FeeExempt::contains(&who);
		let (mut amounts, fee) = Self::plan_exit(&info, pool_in, charge_fee)?;
		let (fee, burned) = Self::take_index_tokens(&info, &who, pool_in, fee)?;
		if fee.is_zero() {
			amounts = Self::plan_exit(&info, pool_in, false)?.0;
		}
		let account = Self::account_of(index);
		let mut paid = Vec::with_capacity(amounts.len());
		let mut owed = Vec::with_capacity(amounts.len());
		for (position, amount) in amounts.iter().enumerate() {
			let balance = info.balances.get_mut(position).ok_or(Error::<T>::AssetNotInIndex)?;
			*balance = balance.checked_sub(*amount).ok_or(Error::<T>::Overflow)?;
			let asset = info.assets.get(position).ok_or(Error::<T>::AssetNotInIndex)?;
			// A transfer that fails leaves no trace but the debt.
			let transferred =
				Self::try_transfer(asset, &account, &who, *amount, Preservation::Preserve);
			if transferred {
				paid.push(*amount);
				owed.push(0);
			} else {
				let key = (index, asset.clone());
				Owed::<T>::try_mutate(&key, &who, |o| -> Result<(), Error<T>> {
					*o = o.checked_add(*amount).ok_or(Error::<T>::Overflow)?;
					Ok(())
				})?;
				OwedTotal::<T>::try_mutate(&key, |o| -> Result<(), Error<T>> {
					*o = o.checked_add(*amount).ok_or(Error::<T>::Overflow)?;
					Ok(())
				})?;
				paid.push(0);
				owed.push(*amount);
			}
		}
		info.supply = info.supply.checked_sub(burned).ok_or(Error::<T>::Overflow)?;
		let paid = paid.try_into().map_err(|_| Error::<T>::LengthMismatch)?;
		let owed = owed.try_into().map_err(|_| Error::<T>::LengthMismatch)?;
		Indices::<T>::insert(index, info);
		Self::deposit_event(Event::RecoveryExited { index, who, burned, fee, paid, owed });
		Ok(())
	}

	pub(crate) fn do_claim(who: T::AccountId, index: IndexId, asset: AssetKind) -> DispatchResult {
		let key = (index, asset.clone());
		let amount = Owed::<T>::take(&key, &who);
		ensure!(!amount.is_zero(), Error::<T>::NothingOwed);
		OwedTotal::<T>::try_mutate_exists(&key, |total| -> Result<(), Error<T>> {
			let left = total.unwrap_or(0).checked_sub(amount).ok_or(Error::<T>::Overflow)?;
			*total = (!left.is_zero()).then_some(left);
			Ok(())
		})?;
		let account = Self::account_of(index);
		T::Assets::transfer(asset.clone(), &account, &who, amount, Preservation::Preserve)?;
		Self::deposit_event(Event::Claimed { index, who, asset, amount });
		Ok(())
	}

	pub(crate) fn do_close_index(index: IndexId, info: IndexOf<T>) -> DispatchResult {
		// Every index token left is in the fund's account (the locked supply, and any sent to
		// it): nobody else holds a claim.
		let account = Self::account_of(index);
		let left = T::IndexTokens::total_issuance(info.token);
		ensure!(T::IndexTokens::balance(info.token, &account) == left, Error::<T>::HoldersRemain);
		T::IndexTokens::burn_from(
			info.token,
			&account,
			left,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Force,
		)?;
		// The token is destroyed here when nobody else keeps an account or approval of it (the
		// usual case); otherwise the asset ledger's own permissionless calls finish it, and its
		// id is reused only then.
		use frame_support::traits::fungibles::Destroy;
		T::IndexTokens::start_destroy(info.token, None)?;
		let max = T::MaxDestroyItems::get();
		let token = info.token;
		use frame_support::storage::with_storage_layer as layer;
		let _ = layer(|| T::IndexTokens::destroy_accounts(token, max));
		let _ = layer(|| T::IndexTokens::destroy_approvals(token, max));
		let _ = layer(|| T::IndexTokens::finish_destroy(token));

		// Whatever the account holds beyond what it owes goes to the creator: the locked
		// supply's share, the kept minimum balances, the metadata deposit (when the token was
		// destroyed here) and donations. What cannot move now is owed to the creator.
		let mut tokens: Vec<AssetKind> = info.assets.to_vec();
		if !tokens.contains(&AssetKind::Native) {
			tokens.push(AssetKind::Native);
		}
		let mut owes = false;
		for asset in tokens {
			let key = (index, asset.clone());
			let owed = OwedTotal::<T>::get(&key);
			let held = T::Assets::reducible_balance(
				asset.clone(),
				&account,
				Preservation::Expendable,
				Fortitude::Polite,
			);
			// What is owed stays, with the minimum balance so the last claim can be paid.
			let kept = if owed.is_zero() {
				0
			} else {
				owed.saturating_add(T::Assets::minimum_balance(asset.clone()))
			};
			let amount = held.saturating_sub(kept);
			let moved = Self::try_transfer(
				&asset,
				&account,
				&info.creator,
				amount,
				Preservation::Expendable,
			);
			if !moved {
				// Owed, less the minimum balance that lets the last claim be paid.
				let amount = amount.saturating_sub(T::Assets::minimum_balance(asset.clone()));
				Owed::<T>::mutate(&key, &info.creator, |o| *o = o.saturating_add(amount));
				OwedTotal::<T>::insert(&key, owed.saturating_add(amount));
			}
			owes |= !moved || !owed.is_zero();
		}
		if !owes {
			// Nothing left to pay from the account: it may be reaped.
			let _ = frame_system::Pallet::<T>::dec_providers(&account);
		}
		T::Currency::release(
			&HoldReason::IndexDeposit.into(),
			&info.creator,
			info.deposit,
			Precision::BestEffort,
		)?;
		Indices::<T>::remove(index);
		IndexOfToken::<T>::remove(info.token);
		LiveIndices::<T>::mutate(|n| *n = n.saturating_sub(1));
		FreeTokenIds::<T>::try_mutate(|ids| ids.try_push(info.token))
			.map_err(|_| Error::<T>::TooManyIndices)?;
		Self::deposit_event(Event::IndexClosed { index, token: info.token, creator: info.creator });
		Ok(())
	}

	/// The live fund whose index token is `token`.
	pub fn index_of_token(token: AssetId) -> Option<IndexId> {
		IndexOfToken::<T>::get(token)
	}

	/// Net asset value of one index token (12 decimals) in US dollars at oracle prices:
	/// `Σ (balance_i / 10^decimals_i) × price_i / (supply / 10^12)`, rounded down.
	pub fn nav(info: &IndexOf<T>) -> Result<FixedU128, Error<T>> {
		let prices = Self::prices(&info.assets, Self::now())?;
		let value = Self::pool_value(info, &prices)?;
		let nav = mul_div(value, INDEX_TOKEN_UNIT, info.supply, Rounding::Down)
			.ok_or(Error::<T>::Overflow)?;
		Ok(FixedU128::from_inner(nav))
	}

	/// Checks every fund: lengths agree, weights sum to one and stay positive, the fund's
	/// account holds at least its internal balances (plus the kept minimum balance), and the
	/// recorded supply is the index token's issuance.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let now = Self::now();
		for (index, info) in Indices::<T>::iter() {
			let n = info.assets.len();
			ensure!(n >= 2, "a fund has fewer than two constituents");
			ensure!(
				info.balances.len() == n
					&& info.decimals.len() == n
					&& info.schedule.from.len() == n
					&& info.schedule.to.len() == n
					&& info.prices.len() == n,
				"per-constituent records disagree in length"
			);
			let sum = |w: &[u128]| w.iter().try_fold(0u128, |s, x| s.checked_add(*x));
			ensure!(
				sum(&info.schedule.from) == Some(ONE),
				"schedule start weights do not sum to one"
			);
			ensure!(sum(&info.schedule.to) == Some(ONE), "target weights do not sum to one");
			let weights = Self::weights_at(&info, now).map_err(|_| "weights overflow")?;
			ensure!(sum(&weights) == Some(ONE), "current weights do not sum to one");
			ensure!(weights.iter().all(|w| *w > 0), "a weight is zero");
			ensure!(info.schedule.start <= info.schedule.end, "schedule ends before it starts");
			let account = Self::account_of(index);
			for (asset, balance) in info.assets.iter().zip(&info.balances) {
				ensure!(!balance.is_zero(), "a fund balance is zero");
				let held = T::Assets::balance(asset.clone(), &account);
				let kept = T::Assets::minimum_balance(asset.clone());
				let owed = OwedTotal::<T>::get((index, asset.clone()));
				ensure!(
					held >= balance.saturating_add(kept).saturating_add(owed),
					"a fund's account holds less than its internal balance and what it owes"
				);
			}
			ensure!(
				T::IndexTokens::total_issuance(info.token) == info.supply,
				"index supply differs from the token's issuance"
			);
			ensure!(
				T::IndexTokens::balance(info.token, &account) >= T::LockedSupply::get(),
				"the locked supply left the fund's account"
			);
		}
		Ok(())
	}
}

impl<T: Config> IndexVotes<T::AccountId> for Pallet<T> {
	fn tokens_of(index: IndexId, holder: &T::AccountId) -> Balance {
		Indices::<T>::get(index).map_or(0, |info| T::IndexTokens::balance(info.token, holder))
	}

	fn holdings_of(index: IndexId, tokens: Balance, token: &AssetKind) -> Balance {
		let Some(info) = Indices::<T>::get(index) else { return 0 };
		let Ok(position) = Self::position(&info, token) else { return 0 };
		let Ok(balance) = Self::balance(&info, position) else { return 0 };
		mul_div(balance, tokens.min(info.supply), info.supply, Rounding::Down).unwrap_or(0)
	}
}
