//! The referendum tracks, sized in governance hours (`TimeGrid::governance_hour`: a real hour on
//! public networks, one block on development chains, so a development referendum passes in a few
//! blocks with the same shape).
//!
//! | id | track | deciding | decision deposit | prepare | decide | confirm | enact |
//! |---|---|---|---|---|---|---|---|
//! | 0 | root | 1 | 100 000 SLC | 2 h | 14 d | 1 d | 1 d |
//! | 1 | protocol_admin | 10 | 10 000 SLC | 1 h | 7 d | 3 h | 1 h |
//! | 2 | staking_admin | 10 | 10 000 SLC | 1 h | 3 d | 3 h | 1 h |
//! | 3 | slash_veto | 20 | 1 000 SLC | 1 h | 1 d | 1 h | 1 block |
//! | 4 | treasurer | 10 | 5 000 SLC | 2 h | 7 d | 1 d | 1 d |
//! | 5 | referendum_canceller | 100 | 10 000 SLC | 1 h | 7 d | 3 h | 1 block |
//! | 6 | referendum_killer | 100 | 50 000 SLC | 1 h | 7 d | 3 h | 1 block |
//!
//! The slash-veto track decides within a day and enacts in the next block, so a veto passes
//! inside restaking's veto window (two days on the testnet; 60 blocks on development chains):
//! network-params refuses a veto window that ends before [`longest`] of this track. The
//! staking-admin track decides within three days, so a referendum cancelling a validator slash
//! is enacted before the slash is applied (deferred seven day-long eras on the testnet).
//! Approval and support curves are fractions of the decision period, so they are constants.

use super::origins::Origin;
use crate::{configs::network::GovernanceHour, Balance, BlockNumber, OriginCaller, SLC};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::FixedI64;

/// `x` % as a curve coordinate.
const fn percent(x: u128) -> FixedI64 {
	FixedI64::from_rational(x, 100)
}

/// Root: approval from 100 % falling to 80 % at 4 of 14 days, towards 50 %; support from 50 %
/// falling linearly to 0 over the period.
const APP_ROOT: Curve = Curve::make_reciprocal(4, 14, percent(80), percent(50), percent(100));
const SUP_ROOT: Curve = Curve::make_linear(14, 14, percent(0), percent(50));
/// The administration, treasury and referendum tracks: approval from 100 % to 50 % over the
/// period; support from 25 % falling to 5 % at a seventh of it (a day of seven).
const APP_STANDARD: Curve = Curve::make_linear(7, 7, percent(50), percent(100));
const SUP_STANDARD: Curve = Curve::make_reciprocal(1, 7, percent(5), percent(0), percent(25));
/// The staking-admin track, over three days: the same shape, support at 5 % after one day.
const APP_STAKING: Curve = Curve::make_linear(3, 3, percent(50), percent(100));
const SUP_STAKING: Curve = Curve::make_reciprocal(1, 3, percent(5), percent(0), percent(25));
/// The slash-veto track: the same shape, with support at 5 % after an hour of the day.
const APP_FAST: Curve = Curve::make_linear(24, 24, percent(50), percent(100));
const SUP_FAST: Curve = Curve::make_reciprocal(1, 24, percent(5), percent(0), percent(25));

/// Track ids, in the order of [`TracksInfo::tracks`](pallet_referenda::TracksInfo::tracks).
pub mod id {
	/// Root.
	pub const ROOT: u16 = 0;
	/// Protocol administration.
	pub const PROTOCOL_ADMIN: u16 = 1;
	/// Staking administration.
	pub const STAKING_ADMIN: u16 = 2;
	/// Slash vetoes.
	pub const SLASH_VETO: u16 = 3;
	/// Treasury spends.
	pub const TREASURER: u16 = 4;
	/// Cancelling referenda.
	pub const REFERENDUM_CANCELLER: u16 = 5;
	/// Killing referenda.
	pub const REFERENDUM_KILLER: u16 = 6;
}

/// The referenda pallet's track-name length (its default).
const NAME_LEN: usize = 25;

/// A track's name as the fixed-size array the referenda pallet stores (25 bytes, zero-padded).
const fn name(s: &str) -> [u8; NAME_LEN] {
	let bytes = s.as_bytes();
	let mut out = [0u8; NAME_LEN];
	let mut i = 0;
	while i < bytes.len() && i < out.len() {
		out[i] = bytes[i];
		i += 1;
	}
	out
}

/// Durations of a track in governance hours, and in blocks for those fixed in blocks.
struct Periods {
	prepare_hours: u32,
	decision_hours: u32,
	confirm_hours: u32,
	/// `None`: one block.
	enactment_hours: Option<u32>,
}

/// A track whose periods are `periods` governance hours long (each at least one block).
fn track(
	id: u16,
	track_name: &str,
	max_deciding: u32,
	decision_deposit: Balance,
	periods: Periods,
	curves: (Curve, Curve),
) -> Track<u16, Balance, BlockNumber> {
	let hour = GovernanceHour::get().max(1);
	let blocks = |hours: u32| hours.saturating_mul(hour).max(1);
	Track {
		id,
		info: TrackInfo {
			name: name(track_name),
			max_deciding,
			decision_deposit,
			prepare_period: blocks(periods.prepare_hours),
			decision_period: blocks(periods.decision_hours),
			confirm_period: blocks(periods.confirm_hours),
			min_enactment_period: periods.enactment_hours.map_or(1, blocks),
			min_approval: curves.0,
			min_support: curves.1,
		},
	}
}

const DAY_HOURS: u32 = 24;

/// Blocks a referendum on track `id` takes at the longest from its submission to its enactment,
/// with a deciding slot free and the decision deposit placed at once: its prepare, decision and
/// confirm periods (a referendum confirming when the decision period ends still completes) and
/// its minimum enactment delay. Zero for an unknown track.
pub fn longest(id: u16) -> BlockNumber {
	<TracksInfo as pallet_referenda::TracksInfo<Balance, BlockNumber>>::tracks()
		.find(|track| track.id == id)
		.map_or(0, |track| {
			let info = &track.info;
			info.prepare_period
				.saturating_add(info.decision_period)
				.saturating_add(info.confirm_period)
				.saturating_add(info.min_enactment_period)
		})
}

/// [`longest`] of the slash-veto track: restaking's veto window must outlast it.
pub struct VetoResolution;
impl frame_support::traits::Get<u32> for VetoResolution {
	fn get() -> u32 {
		longest(id::SLASH_VETO)
	}
}

/// Sluice's tracks (see the module documentation).
pub struct TracksInfo;
impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = u16;
	type RuntimeOrigin =
		<crate::RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<u16, Balance, BlockNumber>>> {
		let standard = |prepare_hours, confirm_hours, enactment_hours| Periods {
			prepare_hours,
			decision_hours: 7 * DAY_HOURS,
			confirm_hours,
			enactment_hours,
		};
		[
			track(
				id::ROOT,
				"root",
				1,
				100_000 * SLC,
				Periods {
					prepare_hours: 2,
					decision_hours: 14 * DAY_HOURS,
					confirm_hours: DAY_HOURS,
					enactment_hours: Some(DAY_HOURS),
				},
				(APP_ROOT, SUP_ROOT),
			),
			track(
				id::PROTOCOL_ADMIN,
				"protocol_admin",
				10,
				10_000 * SLC,
				standard(1, 3, Some(1)),
				(APP_STANDARD, SUP_STANDARD),
			),
			track(
				id::STAKING_ADMIN,
				"staking_admin",
				10,
				10_000 * SLC,
				Periods {
					prepare_hours: 1,
					decision_hours: 3 * DAY_HOURS,
					confirm_hours: 3,
					enactment_hours: Some(1),
				},
				(APP_STAKING, SUP_STAKING),
			),
			track(
				id::SLASH_VETO,
				"slash_veto",
				20,
				1_000 * SLC,
				Periods {
					prepare_hours: 1,
					decision_hours: DAY_HOURS,
					confirm_hours: 1,
					enactment_hours: None,
				},
				(APP_FAST, SUP_FAST),
			),
			track(
				id::TREASURER,
				"treasurer",
				10,
				5_000 * SLC,
				standard(2, DAY_HOURS, Some(DAY_HOURS)),
				(APP_STANDARD, SUP_STANDARD),
			),
			track(
				id::REFERENDUM_CANCELLER,
				"referendum_canceller",
				100,
				10_000 * SLC,
				standard(1, 3, None),
				(APP_STANDARD, SUP_STANDARD),
			),
			track(
				id::REFERENDUM_KILLER,
				"referendum_killer",
				100,
				50_000 * SLC,
				standard(1, 3, None),
				(APP_STANDARD, SUP_STANDARD),
			),
		]
		.into_iter()
		.map(Cow::Owned)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<u16, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(id::ROOT),
			OriginCaller::Origins(origin) => Ok(match origin {
				Origin::ProtocolAdmin => id::PROTOCOL_ADMIN,
				Origin::StakingAdmin => id::STAKING_ADMIN,
				Origin::SlashVeto => id::SLASH_VETO,
				Origin::Treasurer => id::TREASURER,
				Origin::ReferendumCanceller => id::REFERENDUM_CANCELLER,
				Origin::ReferendumKiller => id::REFERENDUM_KILLER,
			}),
			_ => Err(()),
		}
	}
}
