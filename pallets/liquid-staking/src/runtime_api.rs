//! `LiquidStakingApi`: what wallets and front ends read before they sign.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use core::fmt::Debug;
use frame_support::traits::Get;
use scale_info::TypeInfo;
use sluice_primitives::{staking::EraIndex, Balance};
use sp_runtime::{
	traits::{CheckedDiv, Zero},
	DispatchError, FixedPointNumber, FixedU128, Saturating,
};

/// A queued withdrawal as a wallet shows it.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct WithdrawalInfo {
	/// The request's id (argument of `withdraw` and `cancel_unstake`).
	pub id: RequestId,
	/// What it pays now (its value at request time, less any slash since).
	pub amount: Balance,
	/// vSLC burned for it.
	pub vslc: Balance,
	/// First era in which `withdraw` pays it.
	pub claimable_era: EraIndex,
	/// Whether that era has come.
	pub claimable_now: bool,
}

/// The pool's state as a front end shows it.
#[derive(Clone, Decode, Default, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct PoolInfo {
	/// SLC per vSLC.
	pub exchange_rate: FixedU128,
	/// What the pool is worth to vSLC holders.
	pub value: Balance,
	/// vSLC in existence.
	pub vslc_supply: Balance,
	/// Bonded total (active + unlocking).
	pub staked: Balance,
	/// Unbonded buffer.
	pub buffer: Balance,
	/// Owed to queued withdrawals.
	pub queued: Balance,
	/// Income held back: released into the value a whole era after it arrived.
	pub held: Balance,
	/// Owed to the treasury (protocol fee on rewards, paid in SLC at an era's start).
	pub fee_owed: Balance,
	/// What recorded but unapplied slashes will take from the pool; while above zero stakes and
	/// instant unstakes are priced as if it had been taken (bunker mode).
	pub pending_slash: Balance,
	/// Whether `stake` is paused.
	pub paused: bool,
	/// The staking era.
	pub era: EraIndex,
}

/// Annualised return estimate over the recorded eras, net of the protocol fee, as fractions
/// (0.05 = 5 %).
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct AprEstimate {
	/// From staking rewards.
	pub staking: FixedU128,
	/// From transaction tips.
	pub tips: FixedU128,
	/// From block-auction bids.
	pub bids: FixedU128,
	/// Completed eras the estimate averages over.
	pub eras: u32,
}

sp_api::decl_runtime_apis! {
	/// Quotes and figures of the liquid-staking pool.
	pub trait LiquidStakingApi<AccountId> where AccountId: Codec {
		/// The pool's state and exchange rate.
		fn pool_info() -> PoolInfo;
		/// vSLC that `stake(amount)` would mint now.
		fn quote_stake(amount: Balance) -> Result<Balance, DispatchError>;
		/// SLC that `unstake(vslc)` would queue now, and the era it becomes claimable.
		fn quote_unstake(vslc: Balance) -> Result<(Balance, EraIndex), DispatchError>;
		/// SLC paid and fee kept by `instant_unstake(vslc)` now.
		fn quote_instant_unstake(vslc: Balance) -> Result<(Balance, Balance), DispatchError>;
		/// `who`'s queued withdrawals.
		fn withdrawals(who: AccountId) -> Vec<WithdrawalInfo>;
		/// Earnings (rewards, MEV, fees, slashes) of the recorded eras, oldest first.
		fn eras() -> Vec<(EraIndex, EraRecord)>;
		/// Annualised return, split into staking and MEV.
		fn apr() -> AprEstimate;
	}
}

impl<T: Config> Pallet<T> {
	/// See [`LiquidStakingApi::pool_info`].
	pub fn pool_info() -> Result<PoolInfo, DispatchError> {
		let books = Self::books()?;
		let value = books.value()?;
		Ok(PoolInfo {
			exchange_rate: Self::exchange_rate()?,
			value,
			vslc_supply: books.supply,
			staked: books.state.staked,
			buffer: books.state.buffer,
			queued: books.state.queue_value,
			held: books.state.held_ready.saturating_add(books.state.held_new),
			fee_owed: books.state.fee_owed,
			pending_slash: books.pending_slash,
			paused: Paused::<T>::get().is_some(),
			era: <T::Staking as sluice_primitives::staking::PoolStaking<_, _>>::current_era()
				.max(books.state.era),
		})
	}

	/// See [`LiquidStakingApi::withdrawals`].
	pub fn withdrawals_of(who: &T::AccountId) -> Vec<WithdrawalInfo> {
		let state = Self::books().map(|b| b.state).unwrap_or_else(|_| Pool::<T>::get());
		let era = <T::Staking as sluice_primitives::staking::PoolStaking<_, _>>::current_era();
		Withdrawals::<T>::get(who)
			.into_iter()
			.map(|r| WithdrawalInfo {
				id: r.id,
				amount: Self::request_value(&r, &state),
				vslc: r.vslc,
				claimable_era: r.claimable_era,
				claimable_now: era >= r.claimable_era,
			})
			.collect()
	}

	/// See [`LiquidStakingApi::eras`].
	pub fn era_records() -> Vec<(EraIndex, EraRecord)> {
		let mut records: Vec<_> = Eras::<T>::iter().collect();
		records.sort_by_key(|(era, _)| *era);
		records
	}

	/// See [`LiquidStakingApi::apr`]: the mean per-era return of the completed recorded eras
	/// (rewards and MEV net of the protocol fee over the era's starting value), times the eras
	/// in a year.
	pub fn apr() -> AprEstimate {
		let current = Pool::<T>::get().era;
		let fee = Params::<T>::get().protocol_fee;
		let zero = FixedU128::zero();
		let (mut staking, mut tips, mut bids, mut eras) = (zero, zero, zero, 0u32);
		for (era, record) in Self::era_records() {
			if era >= current || record.start_value == 0 {
				continue;
			}
			let net = |gross: Balance| gross.saturating_sub(fee.mul_ceil(gross));
			let part = |x: Balance| {
				FixedU128::checked_from_rational(net(x), record.start_value).unwrap_or_default()
			};
			staking = staking.saturating_add(part(record.rewards));
			tips = tips.saturating_add(part(record.tips));
			bids = bids.saturating_add(part(record.bids));
			eras.saturating_inc();
		}
		if eras == 0 {
			return AprEstimate { staking, tips, bids, eras };
		}
		let annualise = |sum: FixedU128| {
			sum.saturating_mul(FixedU128::saturating_from_integer(T::ErasPerYear::get()))
				.checked_div(&FixedU128::saturating_from_integer(eras))
				.unwrap_or_default()
		};
		AprEstimate {
			staking: annualise(staking),
			tips: annualise(tips),
			bids: annualise(bids),
			eras,
		}
	}
}
