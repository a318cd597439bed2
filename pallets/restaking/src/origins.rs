//! Who may veto a service's slashes: the resolver the service names, or, for a service that
//! names none, a fallback origin (the runtime's governance).

use crate::{pallet::*, types::ServiceId};
use core::marker::PhantomData;
use frame_support::traits::{EnsureOrigin, EnsureOriginWithArg};
use frame_system::RawOrigin;

/// `EnsureOriginWithArg<_, ServiceId>`: a signed origin of the service's resolver when it names
/// one; otherwise `Fallback`.
pub struct ResolverOr<T, Fallback>(PhantomData<(T, Fallback)>);

impl<T: Config, Fallback: EnsureOrigin<T::RuntimeOrigin>>
	EnsureOriginWithArg<T::RuntimeOrigin, ServiceId> for ResolverOr<T, Fallback>
{
	type Success = ();

	fn try_origin(
		origin: T::RuntimeOrigin,
		service: &ServiceId,
	) -> Result<Self::Success, T::RuntimeOrigin> {
		match Services::<T>::get(service).and_then(|s| s.resolver) {
			Some(resolver) => match origin.clone().into() {
				Ok(RawOrigin::Signed(who)) if who == resolver => Ok(()),
				_ => Err(origin),
			},
			None => Fallback::try_origin(origin).map(|_| ()),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(service: &ServiceId) -> Result<T::RuntimeOrigin, ()> {
		match Services::<T>::get(service).and_then(|s| s.resolver) {
			Some(resolver) => Ok(RawOrigin::Signed(resolver).into()),
			None => Fallback::try_successful_origin(),
		}
	}
}
