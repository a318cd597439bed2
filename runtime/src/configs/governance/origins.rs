//! The governance origins: what a referendum on each track may do, as an origin the pallets'
//! privileged calls accept (see the `Origin` pallet below and [`super::tracks`]).

pub use pallet::*;

/// The custom-origins pallet: it only declares the origin type, so the runtime's
/// `OriginCaller` has a variant `Origins(Origin)` a referendum dispatches with.
#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// An origin a referendum on one of the governance tracks dispatches its proposal with.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// The Sluice pallets' administration: reactors and venues, index-fund and
		/// liquid-staking administration, oracle feeds and restaking services, the network's
		/// settings.
		ProtocolAdmin,
		/// Staking administration: cancelling deferred validator slashes, manual slashes, the
		/// minimum commission, ledger repairs (pallet-staking's `AdminOrigin` calls; its other
		/// settings are Root's).
		StakingAdmin,
		/// Resolves restaking slash vetoes for services without their own resolver: a fast
		/// track, decided within the veto window.
		SlashVeto,
		/// Treasury spends, up to [`super::MAX_TREASURER_SPEND`] each.
		Treasurer,
		/// Cancels a referendum (its deposits are returned).
		ReferendumCanceller,
		/// Kills a referendum (its deposits are slashed).
		ReferendumKiller,
	}
}

/// Declares `$name: EnsureOrigin<RuntimeOrigin>` passing exactly [`Origin::$name`].
macro_rules! governance_origin {
	($(#[$doc:meta])* $name:ident) => {
		$(#[$doc])*
		pub struct $name;
		impl frame_support::traits::EnsureOrigin<crate::RuntimeOrigin> for $name {
			type Success = ();
			fn try_origin(o: crate::RuntimeOrigin) -> Result<(), crate::RuntimeOrigin> {
				match frame_support::traits::OriginTrait::caller(&o) {
					crate::OriginCaller::Origins(Origin::$name) => Ok(()),
					_ => Err(o),
				}
			}
			#[cfg(feature = "runtime-benchmarks")]
			fn try_successful_origin() -> Result<crate::RuntimeOrigin, ()> {
				Ok(Origin::$name.into())
			}
		}
	};
}

governance_origin!(
	/// A referendum on the protocol-admin track.
	ProtocolAdmin
);
governance_origin!(
	/// A referendum on the staking-admin track.
	StakingAdmin
);
governance_origin!(
	/// A referendum on the slash-veto track.
	SlashVeto
);
governance_origin!(
	/// A referendum on the referendum-canceller track.
	ReferendumCanceller
);
governance_origin!(
	/// A referendum on the referendum-killer track.
	ReferendumKiller
);

/// A referendum on the treasurer track: it may spend up to [`super::MAX_TREASURER_SPEND`].
pub struct Treasurer;
impl frame_support::traits::EnsureOrigin<crate::RuntimeOrigin> for Treasurer {
	type Success = crate::Balance;
	fn try_origin(o: crate::RuntimeOrigin) -> Result<crate::Balance, crate::RuntimeOrigin> {
		match frame_support::traits::OriginTrait::caller(&o) {
			crate::OriginCaller::Origins(Origin::Treasurer) => Ok(super::MAX_TREASURER_SPEND),
			_ => Err(o),
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<crate::RuntimeOrigin, ()> {
		Ok(Origin::Treasurer.into())
	}
}
