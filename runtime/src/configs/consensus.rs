//! Block production (Aura), finality (GRANDPA) and block authorship.

use crate::{Aura, Runtime, RuntimeEvent, Session, Staking};
use frame_support::traits::{ConstBool, ConstU32, ConstU64};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

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

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<{ crate::configs::staking::MAX_NOMINATORS_PER_VALIDATOR }>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// Equivocation reports are not accepted on chain (no offences pallet yet).
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	/// Block authors earn era reward points.
	type EventHandler = (Staking,);
}
