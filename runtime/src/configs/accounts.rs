//! Accounts users expect: proxies (`pallet-proxy`), multisig accounts (`pallet-multisig`) and
//! on-chain identities (`pallet-identity`).
//!
//! Proxies let validators, nominators and bots act from hot keys while the stash stays cold: a
//! `Staking` proxy may bond, nominate, rotate session keys and stake liquidly but not transfer; a
//! `Governance` proxy may vote and submit referenda.

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
	/// Everything that cannot move the account's funds or assets to someone else: no balance
	/// or asset calls, no DEX, and none of the Sluice pallets whose calls pay out (reactors,
	/// index funds, liquid staking, restaking, the block auction).
	NonTransfer,
	/// Governance: referenda, votes, preimages, treasury proposals.
	Governance,
	/// Staking: bonding, nominating, payouts, session keys, liquid staking.
	Staking,
	/// Only rejecting another proxy's announcements.
	CancelProxy,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => !matches!(
				call,
				RuntimeCall::Balances(..)
					| RuntimeCall::Assets(..)
					| RuntimeCall::PoolAssets(..)
					| RuntimeCall::AssetConversion(..)
					| RuntimeCall::Reactors(..)
					| RuntimeCall::IndexFunds(..)
					| RuntimeCall::LiquidStaking(..)
					| RuntimeCall::Restaking(..)
					| RuntimeCall::BlockAuction(..)
					| RuntimeCall::Treasury(..)
					| RuntimeCall::Sudo(..)
			),
			ProxyType::Governance => matches!(
				call,
				RuntimeCall::Referenda(..)
					| RuntimeCall::ConvictionVoting(..)
					| RuntimeCall::Preimage(..)
					| RuntimeCall::Utility(..)
			),
			ProxyType::Staking => matches!(
				call,
				RuntimeCall::Staking(..)
					| RuntimeCall::Session(..)
					| RuntimeCall::LiquidStaking(..)
					| RuntimeCall::Utility(..)
			),
			ProxyType::CancelProxy => matches!(
				call,
				RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. })
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
