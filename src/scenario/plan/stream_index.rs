//! Where a council's three streams sit in the flat per-council arrays.
//!
//! Every per-council, per-stream buffer is flat with a council's streams side
//! by side, in [`Stream`] order:
//!
//! - `[council][stream]`: trajectories, prepared constants, latent levels,
//!   calibration estimates; index with [`council_stream`], undo with
//!   [`council_of`] and [`stream_of`].
//! - `[council][month][stream]`: history and simulated rates (observed and
//!   expected); index with [`rate_index`], or [`month_row`] for the first of
//!   a month's three streams.
//! - `[council][stream][month]` (one series per council-stream):
//!   `council_stream(i, s) * months + t`.
//!
//! The stride is written out only here, so a reader sees which layout is
//! meant and no call site can get it wrong. Everything is `#[inline]`
//! `const fn` with no checks of its own: the hot loops pay nothing for it.

use super::Stream;

/// Streams per council (nhs, asc, both): the stride of every layout above.
pub const STREAMS: usize = Stream::ALL.len();

/// Index of council `council`'s `stream` in a `[council][stream]` array.
#[inline]
pub const fn council_stream(council: usize, stream: Stream) -> usize {
    council * STREAMS + stream as usize
}

/// The council of a `[council][stream]` index.
#[inline]
pub const fn council_of(cs: usize) -> usize {
    cs / STREAMS
}

/// The stream of a `[council][stream]` index.
#[inline]
pub const fn stream_of(cs: usize) -> Stream {
    Stream::ALL[cs % STREAMS]
}

/// Index of the first stream of council `council`, month `month` in a
/// `[council][month][stream]` array of `months` months: the month's
/// [`STREAMS`] rates start here.
#[inline]
pub const fn month_row(council: usize, month: usize, months: usize) -> usize {
    (council * months + month) * STREAMS
}

/// Index of council `council`'s `stream` at month `month` in a
/// `[council][month][stream]` array of `months` months.
#[inline]
pub const fn rate_index(council: usize, month: usize, months: usize, stream: Stream) -> usize {
    month_row(council, month, months) + stream as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_stream_round_trips() {
        for i in 0..7 {
            for s in Stream::ALL {
                let cs = council_stream(i, s);
                assert_eq!(cs, i * 3 + s as usize);
                assert_eq!((council_of(cs), stream_of(cs)), (i, s));
            }
        }
        // Every index is hit once, in order.
        let all: Vec<usize> = (0..4)
            .flat_map(|i| Stream::ALL.map(|s| council_stream(i, s)))
            .collect();
        assert_eq!(all, (0..4 * STREAMS).collect::<Vec<_>>());
    }

    #[test]
    fn rate_layout_matches_the_flat_formula() {
        let months = 5;
        let mut k = 0;
        for i in 0..4 {
            for t in 0..months {
                assert_eq!(month_row(i, t, months), (i * months + t) * 3);
                for s in Stream::ALL {
                    assert_eq!(
                        rate_index(i, t, months, s),
                        (i * months + t) * 3 + s as usize
                    );
                    assert_eq!(rate_index(i, t, months, s), k);
                    k += 1;
                }
            }
        }
    }
}
