//! A small deterministic random number generator (SplitMix64) and the
//! distributions the generators draw from.
//!
//! Everything here is integer arithmetic, so a seed gives the same numbers
//! on every platform and every Rust version: generated files are committed
//! and must regenerate byte for byte. [`Rng::for_item`] derives an
//! independent generator for one numbered item of a stream, so any record
//! (and any chunk of records) can be generated on its own, in any order, on
//! any thread, and still come out the same.

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", 2014): a 64-bit counter passed through a strong mixer.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's finaliser: a bijective mix of all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The generator for item `index` of `stream` (streams name what is
    /// being generated: accounts, delegations, ...), independent of every
    /// other item's.
    pub fn for_item(seed: u64, stream: u64, index: u64) -> Rng {
        let key = mix(seed ^ mix(stream.wrapping_add(GOLDEN_GAMMA)));
        Rng::new(mix(key ^ mix(index.wrapping_mul(GOLDEN_GAMMA))))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A uniform number in `0..n` (`n > 0`), without modulo bias
    /// (Lemire's multiply-and-reject).
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0) has no value to return");
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(n);
            if (product as u64) >= threshold {
                return (product >> 64) as u64;
            }
        }
    }

    /// A uniform number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// True with probability `numerator / denominator`.
    pub fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.below(denominator) < numerator
    }

    /// A uniform index into a non-empty collection of `len` items.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A uniformly chosen element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// An index into `weights` chosen with probability proportional to its
    /// weight (the weights must not all be zero).
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut draw = self.below(total);
        for (index, &weight) in weights.iter().enumerate() {
            if draw < weight {
                return index;
            }
            draw -= weight;
        }
        unreachable!("the draw is below the total of the weights")
    }

    /// A heavy-tailed count in `1..=max`: P(k) = 1/(k(k+1)) (a discrete
    /// Pareto law with exponent 1, i.e. Zipf's law with s = 2 for the
    /// probabilities), folded back into the range when it overshoots. Half
    /// the draws are 1, one in ten is 10 or more, one in a hundred 100 or
    /// more: the shape of real delegation degrees, where most mailboxes have
    /// one delegate and a few have dozens.
    pub fn zipf(&mut self, max: u64) -> u64 {
        assert!(max > 0, "zipf(0) has no value to return");
        const SCALE: u64 = 1 << 53;
        // u uniform in 1..=2^53; floor(2^53 / u) >= k exactly when u <= 2^53 / k.
        let u = (self.next_u64() >> 11) + 1;
        let k = SCALE / u;
        if k <= max { k } else { 1 + (k - 1) % max }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // First outputs of the reference implementation seeded with 0.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(rng.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn items_of_a_stream_are_reproducible_and_distinct() {
        let a = Rng::for_item(7, 1, 42).next_u64();
        assert_eq!(a, Rng::for_item(7, 1, 42).next_u64());
        assert_ne!(a, Rng::for_item(7, 1, 43).next_u64());
        assert_ne!(a, Rng::for_item(7, 2, 42).next_u64());
        assert_ne!(a, Rng::for_item(8, 1, 42).next_u64());
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Rng::new(1);
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[rng.below(7) as usize] += 1;
        }
        // Each value near 1000; a biased or broken draw lands far outside.
        assert!(seen.iter().all(|&n| (850..1150).contains(&n)), "{seen:?}");
        assert_eq!(rng.between(5, 5), 5);
    }

    #[test]
    fn weighted_follows_the_weights() {
        let mut rng = Rng::new(2);
        let mut seen = [0u32; 3];
        for _ in 0..10_000 {
            seen[rng.weighted(&[1, 0, 3])] += 1;
        }
        assert_eq!(seen[1], 0);
        assert!((2300..2700).contains(&seen[0]), "{seen:?}");
    }

    #[test]
    fn zipf_is_heavy_tailed_and_bounded() {
        let mut rng = Rng::new(3);
        let draws: Vec<u64> = (0..100_000).map(|_| rng.zipf(1000)).collect();
        assert!(draws.iter().all(|&k| (1..=1000).contains(&k)));
        let share = |predicate: &dyn Fn(u64) -> bool| {
            draws.iter().filter(|&&k| predicate(k)).count() as f64 / draws.len() as f64
        };
        // P(1) = 1/2, P(k >= 10) = 1/10, P(k >= 100) = 1/100 (plus folding).
        assert!((0.49..0.51).contains(&share(&|k| k == 1)));
        assert!((0.09..0.11).contains(&share(&|k| k >= 10)));
        assert!((0.008..0.012).contains(&share(&|k| k >= 100)));
        assert!(draws.contains(&1000) || draws.iter().any(|&k| k > 500));
    }
}
