//! The assignment that maximises the total fit score over acceptable pairs, with capacities.
//!
//! ## The reduction
//! Each package is expanded into its positions (columns); candidates are rows. A pair's weight is
//! `score * (k + 1) + 1` when it is acceptable, where `k` is the most pairs any assignment can hold
//! (`min(rows, columns)`), and `0` when it is not. A complete assignment of the smaller side then
//! exists with any total of weights, and dropping its zero-weight pairs afterwards gives a matching of
//! acceptable pairs with the same total; conversely every matching of acceptable pairs extends to a complete
//! assignment (the rest filled with zero-weight pairs) of the same total. So the maximum-weight complete
//! assignment, with its zero-weight pairs read as "unassigned", is the maximum-weight matching, and no
//! dummy columns are needed: an unacceptable pair can never be chosen, because it is never reported, and
//! the position it occupied in the complete assignment is free in the result.
//!
//! Because the `+ 1` terms add up to at most `k < k + 1`, the weight orders matchings first by total score
//! and then by the number of matched candidates: among the assignments with the highest total score, the
//! result matches as many candidates as possible (an acceptable pair with score 0 is taken rather than
//! leaving its candidate out). Weights are exact integers (`i64`), so there is no rounding to break ties.
//!
//! ## Remaining ties
//! When several assignments tie on every objective (total score, then the bonus below, then the number of
//! matched candidates), the result is the one the solver reaches first, which depends only on the input's
//! order: rows are augmented in index order, and a shortest-path search that finds several columns at the
//! same distance takes a free column first, then the one met first. The same input therefore always gives the same output; the service passes
//! candidates sorted by id and packages in a fixed order so that the result does not depend on how a
//! request listed them.
//!
//! ## Preferences
//! [`optimal_assignment`] ignores the candidates' preferences. [`optimal_assignment_with_bonus`] folds a
//! per-pair bonus into the weights below the score, and a matching round passes the candidates' preference
//! ranks as that bonus: among the assignments with the highest total score, the round takes the one that
//! gives the candidates the packages they ranked highest (a first choice 20, a 20th 1, unlisted 0, summed);
//! a preference never costs a point of total score.
//!
//! ## The solver
//! [`linear_sum_assignment`] is a shortest augmenting path algorithm for the rectangular linear assignment
//! problem in the form of Jonker and Volgenant, as described by Crouse (2016) and used by scipy's
//! `linear_sum_assignment`: rows are added one at a time, each by a Dijkstra search over reduced costs
//! that keeps the dual prices feasible, so every search runs on non-negative costs. It starts from a row
//! reduction (each row's price is its smallest cost) and assigns each row to a free column of reduced cost
//! zero when there is one, which with integer fit scores settles most rows before any search. Worst case
//! O(r^2 c) for r <= c; memory is the dense `r x c` cost matrix (40 MB for the largest round, 5,000
//! candidates by 1,000 positions).

use super::AcceptablePairs;

const NONE: usize = usize::MAX;

/// The maximum-score assignment: for each candidate (by index) the package it is assigned to, or `None`.
///
/// `capacities[p]` is package `p`'s number of positions, `pairs` the acceptable pairs with their scores. A
/// package receives at most its capacity, and only acceptable pairs are returned. See the module doc for
/// how ties are broken. Panics when `capacities.len()` is not `pairs.package_count()`.
pub fn optimal_assignment(capacities: &[u32], pairs: &AcceptablePairs) -> Vec<Option<u32>> {
    optimal_assignment_with_bonus(capacities, pairs, 0, &|_, _| 0)
}

/// [`optimal_assignment`] with a second objective below the total score: among the assignments with the
/// highest total score, the one with the highest total `bonus(candidate, package)` (each at most
/// `max_bonus`); then, as before, the one that matches most candidates.
///
/// The weight of an acceptable pair becomes `(score * (R + 1) + bonus) * (k + 1) + 1` with `R = k *
/// max_bonus`, the most bonus any assignment can collect: the bonuses of a whole assignment add up to less
/// than one point of score, and the `+ 1` terms to less than one point of bonus, so the three objectives
/// are ordered exactly. With `max_bonus` 0 this is [`optimal_assignment`]. A round passes the candidate's
/// preferences as the bonus (a first choice 20, a 20th 1, an unlisted package 0), so that preferences break
/// the ties of the total score.
pub fn optimal_assignment_with_bonus(
    capacities: &[u32],
    pairs: &AcceptablePairs,
    max_bonus: u16,
    bonus: &dyn Fn(usize, u32) -> u16,
) -> Vec<Option<u32>> {
    assert_eq!(capacities.len(), pairs.package_count(), "one capacity per package");
    let candidate_count = pairs.candidate_count();
    let mut assignment = vec![None; candidate_count];

    // Only candidates with an acceptable package that has positions, and only positions of packages that
    // some candidate accepts, can be matched; the others stay out of the matrix.
    let mut accepted = vec![false; capacities.len()];
    let mut rows = Vec::new();
    for c in 0..candidate_count {
        let mut any = false;
        for (package, _) in pairs.of_candidate(c) {
            if capacities[package as usize] > 0 {
                accepted[package as usize] = true;
                any = true;
            }
        }
        if any {
            rows.push(c);
        }
    }
    // first_column[p]: package p's first position among the columns; its positions are consecutive.
    let mut first_column = vec![NONE; capacities.len()];
    let mut column_package = Vec::new();
    for (p, &capacity) in capacities.iter().enumerate() {
        if accepted[p] {
            first_column[p] = column_package.len();
            column_package.extend(std::iter::repeat_n(p as u32, capacity as usize));
        }
    }
    let (row_count, column_count) = (rows.len(), column_package.len());
    if row_count == 0 || column_count == 0 {
        return assignment;
    }

    let multiplier = row_count.min(column_count) as i64 + 1;
    let score_multiplier = (multiplier - 1) * i64::from(max_bonus) + 1;
    // The solver minimises with rows <= columns: costs are negated weights, transposed when candidates
    // outnumber positions.
    let transposed = row_count > column_count;
    let (solver_rows, solver_columns) = if transposed { (column_count, row_count) } else { (row_count, column_count) };
    let mut cost = vec![0i64; solver_rows * solver_columns];
    for (row, &c) in rows.iter().enumerate() {
        for (package, score) in pairs.of_candidate(c) {
            let p = package as usize;
            if first_column[p] == NONE {
                continue;
            }
            let extra = i64::from(bonus(c, package).min(max_bonus));
            let weight = (i64::from(score) * score_multiplier + extra) * multiplier + 1;
            for column in first_column[p]..first_column[p] + capacities[p] as usize {
                let at = if transposed { column * solver_columns + row } else { row * solver_columns + column };
                cost[at] = -weight;
            }
        }
    }

    let solved = linear_sum_assignment(solver_rows, solver_columns, &cost);
    for (solver_row, &solver_column) in solved.iter().enumerate() {
        if cost[solver_row * solver_columns + solver_column] == 0 {
            continue; // an unacceptable pair: the candidate stays unassigned
        }
        let (row, column) = if transposed { (solver_column, solver_row) } else { (solver_row, solver_column) };
        assignment[rows[row]] = Some(column_package[column]);
    }
    assignment
}

/// The sum of the scores of an assignment's pairs (as returned by [`optimal_assignment`] or
/// [`super::stable::stable_matching`]); `None` when it holds an unacceptable pair.
pub fn total_score(pairs: &AcceptablePairs, assignment: &[Option<u32>]) -> Option<u64> {
    assignment.iter().enumerate().try_fold(0u64, |total, (c, package)| match package {
        None => Some(total),
        Some(p) => pairs.score(c, *p).map(|score| total + u64::from(score)),
    })
}

/// Solves the rectangular linear assignment problem: the column of each row such that no two rows share a
/// column and the total cost is smallest.
///
/// `cost` is the `rows x columns` matrix in row-major order, `rows <= columns` (transpose otherwise). Costs
/// may be negative; the sums along a search must fit in an `i64` (any costs of magnitude below `2^62 /
/// columns` do). Panics when `rows > columns` or `cost.len() != rows * columns`.
pub fn linear_sum_assignment(rows: usize, columns: usize, cost: &[i64]) -> Vec<usize> {
    assert!(rows <= columns, "at most as many rows as columns");
    assert_eq!(cost.len(), rows * columns, "a rows x columns cost matrix");
    let mut solver = Solver::new(rows, columns);

    // Row reduction: a row's price is its smallest cost, which keeps every reduced cost non-negative with
    // column prices 0 (free columns must keep price 0 for the rectangular problem's optimality). A row
    // whose reduced-cost-zero columns include a free one takes the first such column without a search.
    let mut unassigned = Vec::new();
    for row in 0..rows {
        let line = &cost[row * columns..(row + 1) * columns];
        let smallest = line.iter().copied().min().unwrap_or(0);
        solver.row_price[row] = smallest;
        match (0..columns).find(|&column| line[column] == smallest && solver.row_of_column[column] == NONE) {
            Some(column) => {
                solver.row_of_column[column] = row;
                solver.column_of_row[row] = column;
            }
            None => unassigned.push(row),
        }
    }
    for row in unassigned {
        solver.augment(cost, row);
    }
    solver.column_of_row
}

struct Solver {
    columns: usize,
    row_price: Vec<i64>,
    column_price: Vec<i64>,
    column_of_row: Vec<usize>,
    row_of_column: Vec<usize>,
    // The search's state, kept between searches to avoid allocating.
    distance: Vec<i64>,
    previous_row: Vec<usize>,
    remaining: Vec<usize>,
    visited_rows: Vec<usize>,
    scanned_columns: Vec<usize>,
}

impl Solver {
    fn new(rows: usize, columns: usize) -> Self {
        Solver {
            columns,
            row_price: vec![0; rows],
            column_price: vec![0; columns],
            column_of_row: vec![NONE; rows],
            row_of_column: vec![NONE; columns],
            distance: vec![i64::MAX; columns],
            previous_row: vec![NONE; columns],
            remaining: Vec::with_capacity(columns),
            visited_rows: Vec::new(),
            scanned_columns: Vec::new(),
        }
    }

    /// Assigns the free row `start` by a shortest augmenting path (Dijkstra on reduced costs), then
    /// updates the prices so that reduced costs stay non-negative and assigned pairs have reduced cost 0.
    fn augment(&mut self, cost: &[i64], start: usize) {
        let columns = self.columns;
        self.distance.fill(i64::MAX);
        self.remaining.clear();
        self.remaining.extend(0..columns);
        self.visited_rows.clear();
        self.scanned_columns.clear();

        let mut row = start;
        let mut shortest = 0i64;
        let sink = loop {
            self.visited_rows.push(row);
            let line = &cost[row * columns..(row + 1) * columns];
            let base = shortest - self.row_price[row];
            let mut lowest = i64::MAX;
            let mut lowest_at = 0;
            let mut lowest_is_free = false;
            for (at, &column) in self.remaining.iter().enumerate() {
                let reduced = base + line[column] - self.column_price[column];
                let mut d = self.distance[column];
                if reduced < d {
                    d = reduced;
                    self.distance[column] = reduced;
                    self.previous_row[column] = row;
                }
                if d < lowest || (d == lowest && !lowest_is_free && self.row_of_column[column] == NONE) {
                    lowest = d;
                    lowest_at = at;
                    lowest_is_free = self.row_of_column[column] == NONE;
                }
            }
            shortest = lowest;
            let column = self.remaining.swap_remove(lowest_at);
            self.scanned_columns.push(column);
            match self.row_of_column[column] {
                NONE => break column,
                next => row = next,
            }
        };

        self.row_price[start] += shortest;
        for &row in &self.visited_rows[1..] {
            self.row_price[row] += shortest - self.distance[self.column_of_row[row]];
        }
        for &column in &self.scanned_columns {
            self.column_price[column] -= shortest - self.distance[column];
        }
        let mut column = sink;
        loop {
            let row = self.previous_row[column];
            self.row_of_column[column] = row;
            let displaced = std::mem::replace(&mut self.column_of_row[row], column);
            if row == start {
                break;
            }
            column = displaced;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::Pair;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn random_table(rng: &mut StdRng, candidates: usize, packages: usize, acceptable: f64) -> AcceptablePairs {
        let mut pairs = Vec::new();
        for candidate in 0..candidates as u32 {
            for package in 0..packages as u32 {
                if rng.random_bool(acceptable) {
                    pairs.push(Pair { candidate, package, score: rng.random_range(0..=20) });
                }
            }
        }
        AcceptablePairs::new(candidates, packages, &pairs).unwrap()
    }

    /// The best (total score, matched candidates) over every feasible assignment, by enumeration.
    fn brute_force(capacities: &[u32], pairs: &AcceptablePairs) -> (u64, usize) {
        fn go(c: usize, load: &mut [u32], capacities: &[u32], pairs: &AcceptablePairs) -> (u64, usize) {
            if c == pairs.candidate_count() {
                return (0, 0);
            }
            let mut best = go(c + 1, load, capacities, pairs);
            for (p, score) in pairs.of_candidate(c) {
                if load[p as usize] < capacities[p as usize] {
                    load[p as usize] += 1;
                    let (total, matched) = go(c + 1, load, capacities, pairs);
                    best = best.max((total + u64::from(score), matched + 1));
                    load[p as usize] -= 1;
                }
            }
            best
        }
        go(0, &mut vec![0; capacities.len()], capacities, pairs)
    }

    fn assert_feasible(capacities: &[u32], pairs: &AcceptablePairs, assignment: &[Option<u32>]) {
        assert_eq!(assignment.len(), pairs.candidate_count());
        let mut load = vec![0u32; capacities.len()];
        for (c, package) in assignment.iter().enumerate() {
            if let Some(p) = *package {
                assert!(pairs.score(c, p).is_some(), "candidate {c} got unacceptable package {p}");
                load[p as usize] += 1;
            }
        }
        for (p, (&l, &capacity)) in load.iter().zip(capacities).enumerate() {
            assert!(l <= capacity, "package {p} holds {l} of {capacity}");
        }
    }

    #[test]
    fn total_equals_the_brute_force_optimum_on_small_random_instances() {
        let mut rng = StdRng::seed_from_u64(21);
        for round in 0..400 {
            let (candidates, packages) = (rng.random_range(0..=7), rng.random_range(0..=4));
            let acceptable = rng.random_range(0.2..1.0);
            let pairs = random_table(&mut rng, candidates, packages, acceptable);
            let capacities: Vec<u32> = (0..packages).map(|_| rng.random_range(0..=3)).collect();
            let assignment = optimal_assignment(&capacities, &pairs);
            assert_feasible(&capacities, &pairs, &assignment);
            let matched = assignment.iter().flatten().count();
            let total = total_score(&pairs, &assignment).unwrap();
            assert_eq!((total, matched), brute_force(&capacities, &pairs), "round {round}");
        }
    }

    #[test]
    fn larger_random_instances_respect_capacities_and_acceptability() {
        let mut rng = StdRng::seed_from_u64(22);
        for (candidates, packages) in [(60, 20), (20, 60), (80, 80)] {
            let pairs = random_table(&mut rng, candidates, packages, 0.3);
            let capacities: Vec<u32> = (0..packages).map(|_| rng.random_range(0..=3)).collect();
            assert_feasible(&capacities, &pairs, &optimal_assignment(&capacities, &pairs));
        }
    }

    fn brute_force_min_cost(rows: usize, columns: usize, cost: &[i64]) -> i64 {
        fn go(row: usize, used: &mut [bool], rows: usize, columns: usize, cost: &[i64]) -> i64 {
            if row == rows {
                return 0;
            }
            let mut best = i64::MAX;
            for column in 0..columns {
                if !used[column] {
                    used[column] = true;
                    best = best.min(cost[row * columns + column] + go(row + 1, used, rows, columns, cost));
                    used[column] = false;
                }
            }
            best
        }
        go(0, &mut vec![false; columns], rows, columns, cost)
    }

    #[test]
    fn the_solver_finds_the_minimum_cost_on_small_random_matrices() {
        let mut rng = StdRng::seed_from_u64(23);
        for round in 0..500 {
            let columns = rng.random_range(1..=7);
            let rows = rng.random_range(1..=columns);
            let spread = if round % 2 == 0 { 3 } else { 1000 };
            let cost: Vec<i64> = (0..rows * columns).map(|_| rng.random_range(-spread..=spread)).collect();
            let solution = linear_sum_assignment(rows, columns, &cost);
            let mut seen = vec![false; columns];
            for &column in &solution {
                assert!(!std::mem::replace(&mut seen[column], true), "column {column} used twice");
            }
            let total: i64 = solution.iter().enumerate().map(|(row, &column)| cost[row * columns + column]).sum();
            assert_eq!(total, brute_force_min_cost(rows, columns, &cost), "round {round}: {cost:?}");
        }
    }

    fn table(candidates: usize, packages: usize, list: &[(u32, u32, u16)]) -> AcceptablePairs {
        let list: Vec<Pair> =
            list.iter().map(|&(candidate, package, score)| Pair { candidate, package, score }).collect();
        AcceptablePairs::new(candidates, packages, &list).unwrap()
    }

    #[test]
    fn it_gives_up_a_greedy_best_pair_for_a_better_total() {
        // Greedy takes 0 -> 0 (10) and leaves candidate 1 out; the optimum is 9 + 9 = 18.
        let pairs = table(2, 2, &[(0, 0, 10), (0, 1, 9), (1, 0, 9)]);
        assert_eq!(optimal_assignment(&[1, 1], &pairs), vec![Some(1), Some(0)]);
    }

    #[test]
    fn with_more_candidates_than_positions_the_best_ones_fill_them() {
        let pairs = table(4, 1, &[(0, 0, 5), (1, 0, 40), (2, 0, 30), (3, 0, 1)]);
        assert_eq!(optimal_assignment(&[2], &pairs), vec![None, Some(0), Some(0), None]);
    }

    #[test]
    fn a_candidate_without_acceptable_pairs_stays_unassigned() {
        // Candidate 1 has no acceptable package; package 1 (free) is acceptable to nobody.
        let pairs = table(2, 2, &[(0, 0, 7)]);
        assert_eq!(optimal_assignment(&[1, 1], &pairs), vec![Some(0), None]);
    }

    #[test]
    fn an_acceptable_pair_of_score_zero_is_taken_rather_than_nothing() {
        let pairs = table(2, 1, &[(0, 0, 0), (1, 0, 0)]);
        let assignment = optimal_assignment(&[1], &pairs);
        assert_eq!(assignment.iter().flatten().count(), 1);
        assert_eq!(total_score(&pairs, &assignment), Some(0));
    }

    #[test]
    fn an_empty_round_assigns_nobody() {
        assert_eq!(optimal_assignment(&[], &table(3, 0, &[])), vec![None; 3]);
        assert_eq!(optimal_assignment(&[0], &table(1, 1, &[(0, 0, 5)])), vec![None]);
        assert!(optimal_assignment(&[2], &table(0, 1, &[])).is_empty());
    }
}
