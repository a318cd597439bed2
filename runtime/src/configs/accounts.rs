//! Accounts users expect: proxies (`pallet-proxy`), multisig accounts (`pallet-multisig`) and
//! on-chain identities (`pallet-identity`).
//!
//! Proxies let validators, nominators and bots act from hot keys while the stash stays cold: a
//! `Staking` proxy may bond, nominate, rotate session keys and stake liquidly but not transfer; a
//! `Governance` proxy may vote and submit referenda; an `OracleFeeder` proxy may only feed.

use super::governance::AdminOrigin;
use crate::{
	time::DAYS, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, Signature, Treasury,
	MILLI_SLC, SLC,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::{ConstU32, InstanceFilter};
use scale_info::TypeInfo;
use sp_runtime::traits::{BlakeTwo256, Verify};

/// A deposit of `items` storage items of `bytes` bytes in all: 1 SLC an item, 0.01 SLC a byte.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	(items as Balance) * SLC + (bytes as Balance) * 10 * MILLI_SLC
}

/// What a proxy may do for the account that added it.
///
/// Every type but `Any` is a whitelist: a call not named here is refused, so a pallet added
/// later is out of a restricted proxy's reach until it is reviewed and listed. The filter
/// stays on the origin through `utility` batches and `as_derivative`, so wrapping a call in a
/// batch does not lift it.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Everything.
	#[default]
	Any,
	/// What cannot move the account's funds, assets or rewards to anyone else: staking
	/// (rewards paid to the stash or restaked, never to another account), session keys,
	/// governance, its own identity, managing its own proxies. Not: balances, assets, the DEX,
	/// the Sluice pallets that pay out, treasury spends, acting through or announcing for
	/// another proxy, a multisig (each would lend this proxy the rights of some other account),
	/// identity sub-accounts and judgements, oracle feeds.
	NonTransfer,
	/// Governance: referenda, votes, preimages and the treasury's permissionless calls
	/// (paying out or voiding an approved spend, checking its status).
	Governance,
	/// Staking: bonding, nominating, payouts, session keys, liquid staking (not its instant
	/// unstake); rewards paid only to the stash or restaked. As any staking proxy, it chooses
	/// the nominations, so it chooses whose commission the rewards pay.
	Staking,
	/// Only rejecting another proxy's announcements.
	CancelProxy,
	/// An oracle feeder's hot key: only `OracleFeeds::feed`.
	OracleFeeder,
}

/// Whether a staking call keeps the rewards with the stash: any `bond` or `set_payee` that
/// names another account as the reward destination is one a restricted proxy may not make.
fn staking_keeps_rewards(call: &pallet_staking::Call<Runtime>) -> bool {
	use pallet_staking::{Call, RewardDestination};
	!matches!(
		call,
		Call::bond { payee: RewardDestination::Account(_), .. }
			| Call::set_payee { payee: RewardDestination::Account(_) }
	)
}

/// The identity calls that move no deposit or fee to another account: the account's own
/// identity, its judgement requests withdrawn, renaming or removing its subs (deposits return to
/// it), leaving as a sub, usernames. Not: adding subs (each sub's `quit_sub` takes its deposit
/// from this account), judgement requests (they pay the registrar), the registrar calls.
fn identity_keeps_deposits(call: &pallet_identity::Call<Runtime>) -> bool {
	use pallet_identity::Call;
	matches!(
		call,
		Call::set_identity { .. }
			| Call::clear_identity { .. }
			| Call::cancel_request { .. }
			| Call::rename_sub { .. }
			| Call::remove_sub { .. }
			| Call::quit_sub { .. }
			| Call::accept_username { .. }
			| Call::set_primary_username { .. }
			| Call::remove_expired_approval { .. }
	)
}

/// The proxy calls that manage this account's own proxies (pallet-proxy refuses adding or
/// removing a type the caller's is not a superset of). Not: acting as another account
/// (`proxy`), announcing a call as another account's delegate (anyone may then execute it with
/// `proxy_announced`, under the delegate's rights), pure proxies.
fn proxy_manages_own(call: &pallet_proxy::Call<Runtime>) -> bool {
	use pallet_proxy::Call;
	matches!(
		call,
		Call::add_proxy { .. }
			| Call::remove_proxy { .. }
			| Call::remove_announcement { .. }
			| Call::reject_announcement { .. }
			| Call::poke_deposit { .. }
	)
}

/// The treasury's calls that pay nothing to the caller: paying out an approved spend to its
/// beneficiary, checking a spend's status, voiding one (governance's origin only).
fn treasury_permissionless(call: &pallet_treasury::Call<Runtime>) -> bool {
	matches!(
		call,
		pallet_treasury::Call::payout { .. }
			| pallet_treasury::Call::check_status { .. }
			| pallet_treasury::Call::void_spend { .. }
	)
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => match call {
				RuntimeCall::System(..)
				| RuntimeCall::Utility(..)
				| RuntimeCall::Session(..)
				| RuntimeCall::Grandpa(..)
				| RuntimeCall::Referenda(..)
				| RuntimeCall::ConvictionVoting(..)
				| RuntimeCall::Preimage(..) => true,
				RuntimeCall::Staking(c) => staking_keeps_rewards(c),
				RuntimeCall::Treasury(c) => treasury_permissionless(c),
				RuntimeCall::Identity(c) => identity_keeps_deposits(c),
				RuntimeCall::Proxy(c) => proxy_manages_own(c),
				_ => false,
			},
			ProxyType::Governance => {
				matches!(
					call,
					RuntimeCall::Referenda(..)
						| RuntimeCall::ConvictionVoting(..)
						| RuntimeCall::Preimage(..)
						| RuntimeCall::Utility(..)
				) || matches!(call, RuntimeCall::Treasury(c) if treasury_permissionless(c))
			}
			ProxyType::Staking => match call {
				RuntimeCall::Session(..) | RuntimeCall::Utility(..) => true,
				RuntimeCall::Staking(c) => staking_keeps_rewards(c),
				// Not `instant_unstake`: its fee goes to the pool's other holders, so a proxy
				// could bleed the account into them with stake/instant-unstake round trips.
				RuntimeCall::LiquidStaking(c) => {
					!matches!(c, pallet_liquid_staking::Call::instant_unstake { .. })
				}
				_ => false,
			},
			ProxyType::CancelProxy => matches!(
				call,
				RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. })
					| RuntimeCall::Utility(..)
			),
			ProxyType::OracleFeeder => matches!(
				call,
				RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed { .. })
					| RuntimeCall::Utility(..)
			),
		}
	}

	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::Governance | ProxyType::CancelProxy) => true,
			_ => false,
		}
	}
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	/// A proxy list: one item of 8 bytes, then 33 bytes a proxy.
	type ProxyDepositBase = frame_support::traits::ConstU128<{ deposit(1, 8) }>;
	type ProxyDepositFactor = frame_support::traits::ConstU128<{ deposit(0, 33) }>;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = frame_support::traits::ConstU128<{ deposit(1, 8) }>;
	type AnnouncementDepositFactor = frame_support::traits::ConstU128<{ deposit(0, 66) }>;
	type BlockNumberProvider = crate::System;
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	/// A pending multisig operation: one item of 88 bytes, then 32 bytes a signatory.
	type DepositBase = frame_support::traits::ConstU128<{ deposit(1, 88) }>;
	type DepositFactor = frame_support::traits::ConstU128<{ deposit(0, 32) }>;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = crate::System;
}

impl pallet_identity::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	/// An identity: 10 SLC and 0.01 SLC a byte of its information.
	type BasicDeposit = frame_support::traits::ConstU128<{ 10 * SLC }>;
	type ByteDeposit = frame_support::traits::ConstU128<{ deposit(0, 1) }>;
	type UsernameDeposit = frame_support::traits::ConstU128<{ SLC }>;
	/// A sub-account: one item of 53 bytes.
	type SubAccountDeposit = frame_support::traits::ConstU128<{ deposit(1, 53) }>;
	type MaxSubAccounts = ConstU32<100>;
	type IdentityInformation = pallet_identity::legacy::IdentityInfo<ConstU32<100>>;
	type MaxRegistrars = ConstU32<20>;
	/// Slashed identity deposits go to the treasury.
	type Slashed = Treasury;
	/// Root or the protocol-admin track: clearing identities, adding registrars and username
	/// authorities.
	type ForceOrigin = AdminOrigin;
	type RegistrarOrigin = AdminOrigin;
	type OffchainSignature = Signature;
	type SigningPublicKey = <Signature as Verify>::Signer;
	type UsernameAuthorityOrigin = AdminOrigin;
	type PendingUsernameExpiration = ConstU32<{ 7 * DAYS }>;
	type UsernameGracePeriod = ConstU32<{ 30 * DAYS }>;
	type MaxSuffixLength = ConstU32<7>;
	type MaxUsernameLength = ConstU32<32>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	type WeightInfo = pallet_identity::weights::SubstrateWeight<Runtime>;
}
