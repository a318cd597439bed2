//! The oracle's feeder set (the oracle service's members, weighted by the counted stake they
//! allocate to it) and outlier reports.

use crate::pallet::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{ensure, pallet_prelude::*};
use sluice_math::shares::within_bound;
use sluice_primitives::{
	oracle::{FeedCheck, FeedIssue, FeederSet},
	Balance, OracleKey,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_report_outlier(
		reporter: T::AccountId,
		operator: T::AccountId,
		key: OracleKey,
	) -> DispatchResult {
		let (own, reference) =
			T::FeedCheck::feed(&operator, &key).map_err(|issue| match issue {
				FeedIssue::NoFeed => Error::<T>::NoFeed,
				FeedIssue::NoReference => Error::<T>::NoReference,
			})?;
		ensure!(
			Reported::<T>::get(&operator, &key) != Some(own.timestamp_ms),
			Error::<T>::AlreadyReported
		);
		ensure!(
			!within_bound(reference.value, own.value, T::OutlierBound::get()),
			Error::<T>::NotAnOutlier
		);
		Reported::<T>::insert(&operator, &key, own.timestamp_ms);
		let evidence = (&key, own, reference).encode();
		Self::do_request_slash(
			T::OracleService::get(),
			operator,
			T::OutlierSlash::get(),
			&evidence,
			Some(reporter),
		)
	}

	/// The oracle's feeders: members of the oracle service allocating at least its minimum of
	/// counted stake, weighted by that value; sorted by account.
	pub fn oracle_feeders() -> Vec<(T::AccountId, Balance)> {
		let service = T::OracleService::get();
		let min = Services::<T>::get(service).map_or(Balance::MAX, |s| s.min_allocation);
		let mut feeders: Vec<_> =
			Self::member_values(service).into_iter().filter(|(_, v)| *v >= min).collect();
		feeders.sort_by(|a, b| a.0.cmp(&b.0));
		feeders
	}
}

impl<T: Config> FeederSet<T::AccountId> for Pallet<T> {
	fn feeders() -> Vec<(T::AccountId, Balance)> {
		Self::oracle_feeders()
	}
}
