//! Candidate-proposing deferred acceptance with capacities (Gale-Shapley, many-to-one).
//!
//! Candidates propose along their own preference lists, best first. A package holds at most `capacity`
//! proposers: when it is full, a better proposer displaces the worst one it holds, who proposes to its next
//! choice. A package ranks its proposers by fit score (higher first) and, on equal scores, by the candidate's
//! key ascending (the service passes the candidate id as text, so `"10"` comes before `"9"`). These are
//! strict priorities, so the result is the candidate-optimal stable matching: no candidate is better off in
//! any other stable matching, and the result does not depend on the order in which candidates propose.
//!
//! Acceptability: a pair is acceptable when it is in the [`AcceptablePairs`] table. A preference for a
//! package that is not acceptable to that candidate (hard-excluded, or an index without a package) is
//! skipped; a package the candidate did not list is never proposed to. A package listed twice is proposed to
//! once (the second time it would reject the candidate again), so duplicates are harmless here; the API
//! rejects them before.
//!
//! Cost: O(P log c) for P preference entries and capacities c, plus sorting the keys. Every candidate
//! proposes to each of its preferences at most once, and a package keeps its holders in a binary min-heap
//! (in one flat buffer for all packages) keyed by `(score, rank of the key)` packed into a `u64`.

use std::cmp::Ordering;

/// One acceptable pair: a candidate (index), a package (index) and the pair's fit score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub candidate: u32,
    pub package: u32,
    pub score: u16,
}

/// Why a set of pairs cannot become an [`AcceptablePairs`] table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairsError {
    #[error("pair names candidate {candidate}, but there are {candidate_count} candidates")]
    CandidateOutOfRange { candidate: u32, candidate_count: usize },
    #[error("pair names package {package}, but there are {package_count} packages")]
    PackageOutOfRange { package: u32, package_count: usize },
    #[error("candidate {candidate} and package {package} are given twice")]
    DuplicatePair { candidate: u32, package: u32 },
}

/// The acceptable pairs of a round with their scores; every other pair is unacceptable.
///
/// Stored per candidate (compressed rows, each sorted by package), so that a candidate's pairs are
/// contiguous and a look-up is a binary search in one short row.
#[derive(Clone, Debug)]
pub struct AcceptablePairs {
    package_count: usize,
    /// Candidate `c`'s pairs are `entries[row_start[c]..row_start[c + 1]]`.
    row_start: Vec<usize>,
    /// `(package, score)`, sorted by package within a row.
    entries: Vec<(u32, u16)>,
}

impl AcceptablePairs {
    /// A table for `candidate_count` candidates (indices `0..candidate_count`) and `package_count` packages.
    pub fn new(candidate_count: usize, package_count: usize, pairs: &[Pair]) -> Result<Self, PairsError> {
        let mut row_start = vec![0usize; candidate_count + 1];
        for pair in pairs {
            if pair.candidate as usize >= candidate_count {
                return Err(PairsError::CandidateOutOfRange { candidate: pair.candidate, candidate_count });
            }
            if pair.package as usize >= package_count {
                return Err(PairsError::PackageOutOfRange { package: pair.package, package_count });
            }
            row_start[pair.candidate as usize + 1] += 1;
        }
        for c in 0..candidate_count {
            row_start[c + 1] += row_start[c];
        }
        // A counting sort by candidate, then each (short) row by package.
        let mut next = row_start.clone();
        let mut entries = vec![(0u32, 0u16); pairs.len()];
        for pair in pairs {
            let slot = &mut next[pair.candidate as usize];
            entries[*slot] = (pair.package, pair.score);
            *slot += 1;
        }
        for c in 0..candidate_count {
            let row = &mut entries[row_start[c]..row_start[c + 1]];
            row.sort_unstable_by_key(|&(package, _)| package);
            if let Some(twice) = row.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(PairsError::DuplicatePair { candidate: c as u32, package: twice[0].0 });
            }
        }
        Ok(AcceptablePairs { package_count, row_start, entries })
    }

    pub fn candidate_count(&self) -> usize {
        self.row_start.len() - 1
    }

    pub fn package_count(&self) -> usize {
        self.package_count
    }

    /// The number of acceptable pairs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pair's score, or `None` when the pair is unacceptable (or either index is out of range).
    pub fn score(&self, candidate: usize, package: u32) -> Option<u16> {
        let row = self.row(candidate)?;
        row.binary_search_by_key(&package, |&(p, _)| p).ok().map(|at| row[at].1)
    }

    /// A candidate's acceptable packages with their scores, by package index.
    pub fn of_candidate(&self, candidate: usize) -> impl Iterator<Item = (u32, u16)> + '_ {
        self.row(candidate).unwrap_or(&[]).iter().copied()
    }

    fn row(&self, candidate: usize) -> Option<&[(u32, u16)]> {
        let (&start, &end) = (self.row_start.get(candidate)?, self.row_start.get(candidate + 1)?);
        Some(&self.entries[start..end])
    }
}

/// The candidate-optimal stable matching: for each candidate (by index) the package it is matched to.
///
/// - `candidate_keys[c]`: candidate `c`'s tie-break key (its id as text); on equal scores the smaller key
///   ranks higher at a package. Equal keys fall back to the smaller index.
/// - `preferences[c]`: candidate `c`'s package indices, best first.
/// - `capacities[p]`: package `p`'s number of positions.
/// - `pairs`: the acceptable pairs and their scores, for the same candidate and package indices.
///
/// Panics when the lengths disagree: `candidate_keys`, `preferences` and `pairs.candidate_count()`, and
/// `capacities` and `pairs.package_count()`.
pub fn stable_matching<K: Ord, P: AsRef<[u32]>>(
    candidate_keys: &[K],
    preferences: &[P],
    capacities: &[u32],
    pairs: &AcceptablePairs,
) -> Vec<Option<u32>> {
    let candidate_count = candidate_keys.len();
    assert_eq!(preferences.len(), candidate_count, "one preference list per candidate");
    assert_eq!(pairs.candidate_count(), candidate_count, "the pairs table covers the candidates");
    assert_eq!(capacities.len(), pairs.package_count(), "one capacity per package");
    assert!(candidate_count < u32::MAX as usize, "candidate indices fit in u32");

    // by_key[r] is the candidate with the r-th smallest key; a package prefers a larger `priority`, so the
    // smallest key gets the largest tie-break value.
    let mut by_key: Vec<u32> = (0..candidate_count as u32).collect();
    by_key.sort_by(|&a, &b| match candidate_keys[a as usize].cmp(&candidate_keys[b as usize]) {
        Ordering::Equal => a.cmp(&b),
        unequal => unequal,
    });
    let mut tie_break = vec![0u32; candidate_count];
    for (rank, &c) in by_key.iter().enumerate() {
        tie_break[c as usize] = (candidate_count - 1 - rank) as u32;
    }
    let candidate_of = |priority: u64| by_key[candidate_count - 1 - (priority as u32) as usize];

    // Package p's holders are held[start[p]..start[p] + held_len[p]], a min-heap of priorities.
    let mut start = Vec::with_capacity(capacities.len() + 1);
    let mut total = 0usize;
    for &capacity in capacities {
        start.push(total);
        total += capacity as usize;
    }
    start.push(total);
    let mut held = vec![0u64; total];
    let mut held_len = vec![0usize; capacities.len()];

    let mut next_choice = vec![0usize; candidate_count];
    let mut free: Vec<u32> = (0..candidate_count as u32).rev().collect();
    while let Some(candidate) = free.pop() {
        let c = candidate as usize;
        let list = preferences[c].as_ref();
        while next_choice[c] < list.len() {
            let package = list[next_choice[c]];
            next_choice[c] += 1;
            let Some(score) = pairs.score(c, package) else { continue };
            let p = package as usize;
            let heap = &mut held[start[p]..start[p + 1]];
            if heap.is_empty() {
                continue;
            }
            let priority = (u64::from(score) << 32) | u64::from(tie_break[c]);
            if held_len[p] < heap.len() {
                heap_push(&mut heap[..held_len[p] + 1], priority);
                held_len[p] += 1;
                break;
            }
            if priority > heap[0] {
                let displaced = heap[0];
                heap[0] = priority;
                sift_down(heap, 0);
                free.push(candidate_of(displaced));
                break;
            }
        }
    }

    let mut matching = vec![None; candidate_count];
    for p in 0..capacities.len() {
        for &priority in &held[start[p]..start[p] + held_len[p]] {
            matching[candidate_of(priority) as usize] = Some(p as u32);
        }
    }
    matching
}

/// Writes `value` into the last slot of `heap` and restores the min-heap order of the slice.
fn heap_push(heap: &mut [u64], value: u64) {
    let mut at = heap.len() - 1;
    heap[at] = value;
    while at > 0 {
        let parent = (at - 1) / 2;
        if heap[parent] <= heap[at] {
            break;
        }
        heap.swap(parent, at);
        at = parent;
    }
}

fn sift_down(heap: &mut [u64], mut at: usize) {
    loop {
        let left = 2 * at + 1;
        if left >= heap.len() {
            return;
        }
        let right = left + 1;
        let smaller = if right < heap.len() && heap[right] < heap[left] { right } else { left };
        if heap[at] <= heap[smaller] {
            return;
        }
        heap.swap(at, smaller);
        at = smaller;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};

    struct Instance {
        keys: Vec<String>,
        preferences: Vec<Vec<u32>>,
        capacities: Vec<u32>,
        pairs: AcceptablePairs,
    }

    impl Instance {
        fn solve(&self) -> Vec<Option<u32>> {
            stable_matching(&self.keys, &self.preferences, &self.capacities, &self.pairs)
        }

        /// Where `package` is on `c`'s list (`None`: not listed); unmatched ranks below every listing.
        fn rank(&self, c: usize, package: Option<u32>) -> usize {
            let list = &self.preferences[c];
            package.and_then(|p| list.iter().position(|&q| q == p)).unwrap_or(list.len())
        }

        /// Package p ranks c above d: higher score, then smaller key.
        fn package_prefers(&self, p: u32, c: usize, d: usize) -> bool {
            let (sc, sd) = (self.pairs.score(c, p).unwrap(), self.pairs.score(d, p).unwrap());
            sc > sd || (sc == sd && self.keys[c] < self.keys[d])
        }

        fn blocking_pair(&self, matching: &[Option<u32>]) -> Option<(usize, u32)> {
            for c in 0..self.keys.len() {
                for &p in &self.preferences[c] {
                    if self.pairs.score(c, p).is_none() || self.rank(c, Some(p)) >= self.rank(c, matching[c]) {
                        continue;
                    }
                    let holders: Vec<usize> = (0..matching.len()).filter(|&d| matching[d] == Some(p)).collect();
                    if holders.len() < self.capacities[p as usize] as usize
                        || holders.iter().any(|&d| self.package_prefers(p, c, d))
                    {
                        return Some((c, p));
                    }
                }
            }
            None
        }

        /// Every candidate matched only to a listed, acceptable package, no package above its capacity.
        fn assert_feasible(&self, matching: &[Option<u32>]) {
            let mut load = vec![0u32; self.capacities.len()];
            for (c, package) in matching.iter().enumerate() {
                if let Some(p) = *package {
                    assert!(self.preferences[c].contains(&p), "candidate {c} matched to unlisted package {p}");
                    assert!(self.pairs.score(c, p).is_some(), "candidate {c} matched to unacceptable {p}");
                    load[p as usize] += 1;
                }
            }
            for (p, (&l, &capacity)) in load.iter().zip(&self.capacities).enumerate() {
                assert!(l <= capacity, "package {p} holds {l} of {capacity}");
            }
        }

        /// All feasible matchings, by enumeration (small instances only).
        fn all_feasible(&self) -> Vec<Vec<Option<u32>>> {
            let mut out = Vec::new();
            let mut current = vec![None; self.keys.len()];
            let mut load = vec![0u32; self.capacities.len()];
            self.extend(0, &mut current, &mut load, &mut out);
            out
        }

        fn extend(&self, c: usize, current: &mut Vec<Option<u32>>, load: &mut [u32], out: &mut Vec<Vec<Option<u32>>>) {
            if c == current.len() {
                out.push(current.clone());
                return;
            }
            current[c] = None;
            self.extend(c + 1, current, load, out);
            let mut listed = self.preferences[c].clone();
            listed.sort_unstable();
            listed.dedup();
            for p in listed {
                if self.pairs.score(c, p).is_some() && load[p as usize] < self.capacities[p as usize] {
                    load[p as usize] += 1;
                    current[c] = Some(p);
                    self.extend(c + 1, current, load, out);
                    load[p as usize] -= 1;
                }
            }
            current[c] = None;
        }
    }

    fn random_instance(rng: &mut StdRng, candidates: usize, packages: usize, max_score: u16) -> Instance {
        // Keys are the index as text, so that "10" sorts before "9" as it will for real ids.
        let keys = (0..candidates).map(|c| c.to_string()).collect();
        let mut pairs = Vec::new();
        let mut preferences = Vec::new();
        for c in 0..candidates as u32 {
            for p in 0..packages as u32 {
                if rng.random_bool(0.7) {
                    pairs.push(Pair { candidate: c, package: p, score: rng.random_range(0..=max_score) });
                }
            }
            let mut list: Vec<u32> = (0..packages as u32).collect();
            list.shuffle(rng);
            list.truncate(rng.random_range(0..=packages));
            if rng.random_bool(0.1) {
                list.push(packages as u32 + 3); // an index without a package: skipped
            }
            preferences.push(list);
        }
        let capacities = (0..packages).map(|_| rng.random_range(0..=2)).collect();
        let pairs = AcceptablePairs::new(candidates, packages, &pairs).unwrap();
        Instance { keys, preferences, capacities, pairs }
    }

    #[test]
    fn equals_the_candidate_optimal_stable_matching_found_by_brute_force() {
        let mut rng = StdRng::seed_from_u64(11);
        for round in 0..300 {
            let (candidates, packages) = (rng.random_range(1..=6), rng.random_range(1..=3));
            let instance = random_instance(&mut rng, candidates, packages, 3);
            let stable: Vec<_> =
                instance.all_feasible().into_iter().filter(|m| instance.blocking_pair(m).is_none()).collect();
            let best = stable
                .iter()
                .find(|m| {
                    stable
                        .iter()
                        .all(|other| (0..m.len()).all(|c| instance.rank(c, m[c]) <= instance.rank(c, other[c])))
                })
                .expect("a candidate-optimal stable matching exists");
            assert_eq!(&instance.solve(), best, "round {round}");
        }
    }

    #[test]
    fn random_instances_have_no_blocking_pair_and_respect_capacities_and_acceptability() {
        let mut rng = StdRng::seed_from_u64(12);
        for round in 0..40 {
            let instance = random_instance(&mut rng, 150, 40, 100);
            let matching = instance.solve();
            instance.assert_feasible(&matching);
            assert_eq!(instance.blocking_pair(&matching), None, "round {round}");
        }
    }

    fn pairs(candidates: usize, packages: usize, list: &[(u32, u32, u16)]) -> AcceptablePairs {
        let list: Vec<Pair> =
            list.iter().map(|&(candidate, package, score)| Pair { candidate, package, score }).collect();
        AcceptablePairs::new(candidates, packages, &list).unwrap()
    }

    #[test]
    fn on_equal_scores_the_smaller_id_as_text_wins() {
        let table = pairs(2, 1, &[(0, 0, 50), (1, 0, 50)]);
        let matching = stable_matching(&["9", "10"], &[vec![0], vec![0]], &[1], &table);
        assert_eq!(matching, vec![None, Some(0)]);
    }

    #[test]
    fn a_higher_score_beats_a_smaller_id() {
        let table = pairs(2, 1, &[(0, 0, 51), (1, 0, 50)]);
        let matching = stable_matching(&["9", "10"], &[vec![0], vec![0]], &[1], &table);
        assert_eq!(matching, vec![Some(0), None]);
    }

    #[test]
    fn an_unacceptable_preference_is_skipped() {
        // Candidate 0 lists package 0 first, but the pair is hard-excluded (not in the table).
        let table = pairs(1, 2, &[(0, 1, 10)]);
        let matching = stable_matching(&["a"], &[vec![0, 1]], &[1, 1], &table);
        assert_eq!(matching, vec![Some(1)]);
    }

    #[test]
    fn a_displaced_candidate_moves_down_its_list() {
        // b displaces a at package 0 (higher score); a then takes package 1, where it displaces c, who is
        // left with nothing. Package 2 has no positions.
        let table = pairs(3, 3, &[(0, 0, 10), (0, 1, 90), (1, 0, 80), (2, 1, 20), (2, 2, 99), (0, 2, 99)]);
        let preferences = [vec![0, 1, 2], vec![0], vec![1, 2]];
        let matching = stable_matching(&["a", "b", "c"], &preferences, &[1, 1, 0], &table);
        assert_eq!(matching, vec![Some(1), Some(0), None]);
    }

    #[test]
    fn a_package_holds_up_to_its_positions() {
        let table = pairs(3, 1, &[(0, 0, 1), (1, 0, 2), (2, 0, 3)]);
        let matching = stable_matching(&["a", "b", "c"], &[vec![0], vec![0], vec![0]], &[2], &table);
        assert_eq!(matching, vec![None, Some(0), Some(0)]);
    }

    #[test]
    fn the_table_refuses_duplicate_and_out_of_range_pairs() {
        let pair = |candidate, package| Pair { candidate, package, score: 1 };
        assert_eq!(
            AcceptablePairs::new(1, 1, &[pair(0, 0), pair(0, 0)]).unwrap_err(),
            PairsError::DuplicatePair { candidate: 0, package: 0 }
        );
        assert!(matches!(AcceptablePairs::new(1, 1, &[pair(1, 0)]), Err(PairsError::CandidateOutOfRange { .. })));
        assert!(matches!(AcceptablePairs::new(1, 1, &[pair(0, 1)]), Err(PairsError::PackageOutOfRange { .. })));
    }
}
