//! Block production (Aura), finality (GRANDPA), block authorship and offences.
//!
//! A GRANDPA equivocation (two conflicting votes in one round) is reported on chain with a
//! proof that the key belonged to a validator in that session (`pallet-session`'s historical
//! proofs); `pallet-offences` passes it to staking, which slashes the validator and its
//! nominators after the slash deferral and sends the slash to the treasury.

use super::staking::{BondingDuration, SessionPeriod, SessionsPerEra, SlashDeferDuration};
use crate::{
	Aura, Historical, Offences, Runtime, RuntimeCall, RuntimeEvent, Session, Staking,
	UncheckedExtrinsic,
};
use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_staking::{
	offence::{Offence, OffenceError, ReportOffence},
	SessionIndex,
};

/// Most validators the chain may have at once (Aura and GRANDPA authority sets).
pub const MAX_AUTHORITIES: u32 = 100;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	/// Validators disabled by the session pallet (after an offence) skip their slots.
	type DisabledValidators = Session;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

parameter_types! {
	/// GRANDPA set ids whose (latest) session is kept, so that a proof of an equivocation in
	/// any session still bonded can be checked: as many as the bonding duration has sessions
	/// (the set changes at most once a session; in practice once an era, so this keeps more).
	pub MaxSetIdSessionEntries: u64 =
		u64::from(BondingDuration::get()).saturating_mul(u64::from(SessionsPerEra::get()));
	/// Blocks an unsigned equivocation report stays valid in the pool: the slash deferral's
	/// eras, after which the offence could no longer be slashed (see [`SlashableOffences`]).
	pub ReportLongevity: u64 = u64::from(SlashDeferDuration::get())
		.saturating_mul(u64::from(SessionsPerEra::get()))
		.saturating_mul(u64::from(SessionPeriod::get()));
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<{ crate::configs::staking::MAX_NOMINATORS_PER_VALIDATOR }>;
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	/// A proof that a GRANDPA key belonged to a validator in a (historical) session.
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem = pallet_grandpa::EquivocationReportSystem<
		Self,
		SlashableOffences<Offences>,
		Historical,
		ReportLongevity,
	>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Staking;
}

/// Refuses offences that staking could no longer slash, passing the rest to `R` (the offences
/// pallet).
///
/// Staking defers a slash by `SlashDeferDuration` eras and applies it when the era
/// `offence era + deferral + 1` starts. A report arriving once that era has begun would be
/// queued under an era already applied and never take effect (and one older than the bonded
/// eras is dropped by staking): the reporter's transaction would succeed while the offender
/// kept everything. Such a report is refused (`OffenceError::Other(0)`, which GRANDPA reports
/// as `DuplicateOffenceReport`).
pub struct SlashableOffences<R>(core::marker::PhantomData<R>);

/// Error code of an offence too old to be slashed.
pub const OFFENCE_TOO_OLD: u8 = 0;

impl<R> SlashableOffences<R> {
	/// The first session whose offences can still be slashed: the start of the era
	/// `SlashDeferDuration` eras before the active one (the first session of all while the
	/// chain is younger than that).
	pub fn first_slashable_session() -> SessionIndex {
		let Some(active) = pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index) else {
			return 0;
		};
		let oldest = active.saturating_sub(SlashDeferDuration::get());
		pallet_staking::ErasStartSessionIndex::<Runtime>::get(oldest).unwrap_or(0)
	}
}

impl<Reporter, Offender, O, R> ReportOffence<Reporter, Offender, O> for SlashableOffences<R>
where
	O: Offence<Offender>,
	R: ReportOffence<Reporter, Offender, O>,
{
	fn report_offence(reporters: Vec<Reporter>, offence: O) -> Result<(), OffenceError> {
		if offence.session_index() < Self::first_slashable_session() {
			return Err(OffenceError::Other(OFFENCE_TOO_OLD));
		}
		R::report_offence(reporters, offence)
	}

	fn is_known_offence(offenders: &[Offender], time_slot: &O::Slot) -> bool {
		R::is_known_offence(offenders, time_slot)
	}
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	/// Block authors earn era reward points.
	type EventHandler = (Staking,);
}

/// Transactions the runtime creates itself (GRANDPA's equivocation reports, submitted by the
/// node through the runtime API) are bare, unsigned extrinsics.
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}
