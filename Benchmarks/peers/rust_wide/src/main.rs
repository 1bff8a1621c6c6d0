//! A hand-written scorer for Benchmarks/peers' wide workload: branch-free interval checks, SIMD field
//! splitting, fixed-point parsing. Standard library only.
//!
//! Usage: rust_wide PLAN_FILE CSV_FILE [THREADS] [--parse-only]
//!
//! Reads the plan peers.py writes for it (`write_wide_plan` there: every indicator is an interval
//! `lo <= value <= hi` on one column, gated by an applicability condition on attribute columns, or not
//! applicable) and prints `{grade: units}` as one line of JSON with sorted keys, like the other peers.
//! With --parse-only it splits and parses every cell the same way without scoring and prints a checksum:
//! the floor for this job.
//!
//! Threads take newline-aligned byte ranges of the file and read them with pread into a reusable buffer.
//! Each 64-byte block of the buffer is classified with SIMD compares (AVX2 where the processor has it,
//! found at run time, else SSE2, which every x86_64 has) into bit masks of separators, newlines and
//! quotes; the fields are the gaps between set bits. Every cell a check reads is parsed to an i64 fixed
//! point × 10⁶ (0.9312 → 931200) by an integer parser (plain decimals of at most 12 characters; anything
//! else goes to an exact general parser, which also gives the errors), with an empty cell as `MISSING`
//! (i64::MIN). Thresholds are parsed from the plan's decimal text with the same exact parser, never
//! through f64, so a rate of exactly 0.9000 against a minimum of 90% is decided exactly.
//!
//! Indicators are laid out by gate (their applicability condition), so that a unit's score is, per gate,
//! a loop with no branch: `met += (lo[i] <= v[i]) & (v[i] <= hi[i])`, `present += v[i] != MISSING`
//! (MISSING is below every bound, so a missing cell is never met), then
//! `met += applies * met_g`, `counted += applies * (len or present) + no_evidence * len`. The grade is
//! decided in integers: `met * 10⁶ >= minimum * counted` (minimum × 10⁶, so 90% is `met * 100 >= 90 *
//! counted`).
//!
//! The CSV must be unquoted with `\n` (or `\r\n`) line ends, as `fazhi generate` writes it: a quote, a
//! line with the wrong number of fields or a malformed number is an error naming its byte offset. A
//! number with more than 6 decimal places that are not zeros is an error too (a fixed point × 10⁶
//! cannot hold it, and Fazhi's cannot either).

use std::arch::x86_64::*;
use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::process::ExitCode;

#[path = "../../shared/csv_file.rs"]
mod csv_file;
use csv_file::{finish, grade_counts_json, in_ranges, open_batch, thread_count};

/// An empty cell. Below every interval's lower bound (those are at least i64::MIN + 1).
const MISSING: i64 = i64::MIN;
const UNBOUNDED_LO: i64 = i64::MIN + 1;
const UNBOUNDED_HI: i64 = i64::MAX;
/// Read buffer per thread; grows only for a line longer than this.
const BUFFER: usize = 4 << 20;
/// Readable bytes past the data in the buffer: a SIMD block may read past the end.
const PAD: usize = 128;
const SKIP: u32 = u32::MAX;

const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

// ---------------------------------------------------------------------------------------------
// Fixed-point parsing.

/// A plain decimal of at most 12 bytes (digits and at most one '.', at least one digit, at most 6
/// places) as × 10⁶; None for anything else (the exact parser decides those: a sign, long numbers,
/// errors). One byte at a time: on this workload's short cells (1 to 6 bytes) this measured faster than
/// a SWAR parser of one 8-byte word (dot search, collapse, digit check, two multiplies), whose longer
/// dependency chain per cell cost more than the few well-predicted byte steps (0.61 s against 0.83 s
/// of CPU for 1M units on one thread).
#[inline(always)]
unsafe fn parse_fast(ptr: *const u8, len: usize) -> Option<i64> {
    let (mut v, mut frac, mut dot, mut digits) = (0i64, 0usize, usize::MAX, 0usize);
    for k in 0..len {
        let d = (*ptr.add(k)).wrapping_sub(b'0');
        if d < 10 {
            v = v * 10 + d as i64;
            digits += 1;
        } else if d == b'.'.wrapping_sub(b'0') && dot == usize::MAX {
            dot = k;
        } else {
            return None;
        }
    }
    if dot != usize::MAX {
        frac = len - 1 - dot;
    }
    if digits == 0 || frac > 6 || len > 12 {
        return None;
    }
    Some(v * POW10[6 - frac])
}

/// Any decimal as × 10⁶, exactly: an optional sign, digits with at most one '.', at least one digit;
/// places past the sixth must be zeros. A boolean column also takes true/false. Never through f64.
#[cold]
#[inline(never)]
fn parse_exact(f: &[u8], boolean: bool) -> Result<i64, &'static str> {
    if boolean {
        if f.eq_ignore_ascii_case(b"true") {
            return Ok(1_000_000);
        }
        if f.eq_ignore_ascii_case(b"false") {
            return Ok(0);
        }
    }
    let (negative, body) = match f.first() {
        Some(b'-') => (true, &f[1..]),
        Some(b'+') => (false, &f[1..]),
        _ => (false, f),
    };
    let (mut value, mut digits, mut places, mut dot) = (0i64, 0usize, 0usize, false);
    for &b in body {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if dot {
                    places += 1;
                    if places > 6 {
                        if b != b'0' {
                            return Err("more than 6 decimal places (a fixed point × 10⁶ cannot hold it)");
                        }
                        continue;
                    }
                }
                value = value.checked_mul(10).and_then(|v| v.checked_add((b - b'0') as i64)).ok_or("too large")?;
            }
            b'.' if !dot => dot = true,
            _ => return Err("not a number"),
        }
    }
    if digits == 0 {
        return Err("not a number");
    }
    let value = value.checked_mul(POW10[6 - places.min(6)]).ok_or("too large")?;
    if value == i64::MAX {
        return Err("too large");
    }
    Ok(if negative { -value } else { value })
}

// ---------------------------------------------------------------------------------------------
// Block classification: bit i of each mask is byte i of the 64-byte block at `p`.

#[inline(always)]
unsafe fn classify_sse2(p: *const u8) -> (u64, u64, u64) {
    let (comma, nl, quote) = (_mm_set1_epi8(b',' as i8), _mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(b'"' as i8));
    let (mut seps, mut nls, mut quotes) = (0u64, 0u64, 0u64);
    for k in 0..4 {
        let v = _mm_loadu_si128(p.add(16 * k) as *const __m128i);
        let n = _mm_cmpeq_epi8(v, nl);
        let s = _mm_or_si128(_mm_cmpeq_epi8(v, comma), n);
        seps |= (_mm_movemask_epi8(s) as u16 as u64) << (16 * k);
        nls |= (_mm_movemask_epi8(n) as u16 as u64) << (16 * k);
        quotes |= (_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) as u16 as u64) << (16 * k);
    }
    (seps, nls, quotes)
}

#[target_feature(enable = "avx2")]
#[inline]
unsafe fn classify_avx2(p: *const u8) -> (u64, u64, u64) {
    let (comma, nl, quote) =
        (_mm256_set1_epi8(b',' as i8), _mm256_set1_epi8(b'\n' as i8), _mm256_set1_epi8(b'"' as i8));
    let (mut seps, mut nls, mut quotes) = (0u64, 0u64, 0u64);
    for k in 0..2 {
        let v = _mm256_loadu_si256(p.add(32 * k) as *const __m256i);
        let n = _mm256_cmpeq_epi8(v, nl);
        let s = _mm256_or_si256(_mm256_cmpeq_epi8(v, comma), n);
        seps |= (_mm256_movemask_epi8(s) as u32 as u64) << (32 * k);
        nls |= (_mm256_movemask_epi8(n) as u32 as u64) << (32 * k);
        quotes |= (_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)) as u32 as u64) << (32 * k);
    }
    (seps, nls, quotes)
}

// ---------------------------------------------------------------------------------------------
// The plan.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Type {
    Double,
    Boolean,
    Date,
    Varchar,
}

struct Plan {
    no_evidence_counts: bool,
    grades: Vec<(String, i64)>,
    types: HashMap<String, Type>,
    /// Per indicator: None (not applicable) or (column, lo, hi, conditions).
    indicators: Vec<(String, Option<Interval>)>,
}

struct Interval {
    column: String,
    lo: i64,
    hi: i64,
    /// Applicability: per attribute column, the values that make the indicator apply, in order.
    conditions: Vec<(String, Vec<i64>)>,
}

fn bound(token: &str, unbounded: i64) -> Result<i64, String> {
    if token == "-" {
        return Ok(unbounded);
    }
    parse_exact(token.as_bytes(), false).map_err(|e| format!("bound {token:?}: {e}"))
}

fn read_plan(path: &str) -> Result<Plan, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut lines = text.lines();
    if lines.next() != Some("fazhi-wide-plan\t1") {
        return Err(format!("{path}: not a wide plan of version 1 (peers.py writes it)"));
    }
    let mut plan = Plan { no_evidence_counts: true, grades: Vec::new(), types: HashMap::new(), indicators: Vec::new() };
    for (n, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let at = |e: String| format!("{path}:{}: {e} in {line:?}", n + 2);
        let bad = || at("cannot read".into());
        match (f[0], f.len()) {
            ("no_evidence", 2) => {
                plan.no_evidence_counts = match f[1] {
                    "counts" => true,
                    "excluded" => false,
                    _ => return Err(bad()),
                }
            }
            ("grade", 3) => plan.grades.push((f[2].to_string(), bound(f[1], 0).map_err(at)?)),
            ("column", 3) => {
                let t = match f[2] {
                    "DOUBLE" => Type::Double,
                    "BOOLEAN" => Type::Boolean,
                    "DATE" => Type::Date,
                    "VARCHAR" => Type::Varchar,
                    _ => return Err(bad()),
                };
                plan.types.insert(f[1].to_string(), t);
            }
            ("indicator", 3) if f[2] == "na" => plan.indicators.push((f[1].to_string(), None)),
            ("indicator", k) if k >= 6 && f[2] == "interval" => {
                // indicator ID interval COLUMN LO HI [applies N (ATTR K VALUE×K)×N]
                let lo = bound(f[4], UNBOUNDED_LO).map_err(at)?.max(UNBOUNDED_LO);
                let hi = bound(f[5], UNBOUNDED_HI).map_err(at)?;
                let mut conditions = Vec::new();
                let mut rest = f[6..].iter();
                if let Some(&kw) = rest.next() {
                    let count = |t: Option<&&str>| t.and_then(|t| t.parse::<usize>().ok()).ok_or_else(bad);
                    if kw != "applies" {
                        return Err(bad());
                    }
                    for _ in 0..count(rest.next())? {
                        let column = rest.next().ok_or_else(bad)?.to_string();
                        let values = (0..count(rest.next())?)
                            .map(|_| {
                                let t = rest.next().ok_or_else(bad)?;
                                let boolean = plan.types.get(&column) == Some(&Type::Boolean);
                                parse_exact(t.as_bytes(), boolean).map_err(|e| at(format!("value {t:?}: {e}")))
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        conditions.push((column, values));
                    }
                    if rest.next().is_some() {
                        return Err(bad());
                    }
                }
                plan.indicators
                    .push((f[1].to_string(), Some(Interval { column: f[3].to_string(), lo, hi, conditions })));
            }
            _ => return Err(bad()),
        }
    }
    if plan.grades.is_empty() {
        return Err(format!("{path}: no grades"));
    }
    Ok(plan)
}

// ---------------------------------------------------------------------------------------------
// Scoring.

/// Applicability: per attribute (its column or slot), the values that make an indicator apply, in order.
type Conditions = Vec<(usize, Vec<i64>)>;
type Member = (usize, i64, i64);

/// Indicators sharing one applicability condition; their slots are `first..first + len`.
struct Gate {
    first: usize,
    len: usize,
    /// (slot of the attribute's value, the values that make it apply), in order; empty: always applies.
    conditions: Vec<(usize, Vec<i64>)>,
}

struct Scorer {
    names: Vec<String>,
    /// Per header column: the slot its parsed value goes to, or SKIP.
    slot: Vec<u32>,
    /// Per header column: whether it is a boolean (true/false read as 1/0).
    boolean: Vec<bool>,
    /// (from, to): a column read by more than one indicator or condition is parsed once, then copied.
    copies: Vec<(usize, usize)>,
    slots: usize,
    /// Per indicator slot: the interval.
    lo: Vec<i64>,
    hi: Vec<i64>,
    gates: Vec<Gate>,
    no_evidence_counts: bool,
    /// Grade minimums × 10⁶, in the plan's order.
    minimums: Vec<i64>,
}

impl Scorer {
    fn new(plan: &Plan, header: &[String], parse_only: bool) -> Result<Scorer, String> {
        let mut index = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            if index.insert(name.as_str(), i).is_some() {
                return Err(format!("column {name} appears twice in the header"));
            }
        }
        let types: Vec<Option<Type>> = header.iter().map(|h| plan.types.get(h).copied()).collect();
        let numeric = |name: &str| -> Result<usize, String> {
            let &i = index.get(name).ok_or_else(|| format!("column {name} is not in the batch"))?;
            match types[i] {
                Some(Type::Double | Type::Boolean) => Ok(i),
                t => Err(format!("column {name} is {t:?}; this scorer reads numbers and booleans only")),
            }
        };
        let mut s = Scorer {
            names: header.to_vec(),
            slot: vec![SKIP; header.len() + 1], // one more: where a line's extra fields go before it is rejected
            boolean: types.iter().map(|&t| t == Some(Type::Boolean)).chain([false]).collect(),
            copies: Vec::new(),
            slots: 0,
            lo: Vec::new(),
            hi: Vec::new(),
            gates: Vec::new(),
            no_evidence_counts: plan.no_evidence_counts,
            minimums: plan.grades.iter().map(|g| g.1).collect(),
        };
        // The next slot takes column `col`'s value.
        let assign = |s: &mut Scorer, col: usize| {
            let slot = s.slots;
            if s.slot[col] == SKIP {
                s.slot[col] = slot as u32;
            } else {
                s.copies.push((s.slot[col] as usize, slot));
            }
        };
        if parse_only {
            // Every numeric column gets a slot; text columns are split only.
            for (i, t) in types.iter().enumerate() {
                if matches!(t, Some(Type::Double | Type::Boolean)) {
                    s.slot[i] = s.slots as u32;
                    s.slots += 1;
                }
            }
            return Ok(s);
        }
        // Gates: indicators grouped by their conditions, in the order first seen.
        // Per gate: its conditions and its indicators (column, lo, hi).
        let mut groups: Vec<(Conditions, Vec<Member>)> = Vec::new();
        for (id, interval) in &plan.indicators {
            let Some(iv) = interval else { continue }; // not applicable: neither met nor counted
            let at = |e: String| format!("indicator {id}: {e}");
            let col = numeric(&iv.column).map_err(at)?;
            let conditions = iv
                .conditions
                .iter()
                .map(|(c, v)| Ok((numeric(c).map_err(at)?, v.clone())))
                .collect::<Result<Vec<_>, String>>()?;
            match groups.iter_mut().find(|g| g.0 == conditions) {
                Some(g) => g.1.push((col, iv.lo, iv.hi)),
                None => groups.push((conditions, vec![(col, iv.lo, iv.hi)])),
            }
        }
        for (_, members) in &groups {
            for &(col, lo, hi) in members {
                assign(&mut s, col);
                s.lo.push(lo);
                s.hi.push(hi);
                s.slots += 1;
            }
        }
        let mut first = 0;
        for (conditions, members) in groups {
            let mut gate = Gate { first, len: members.len(), conditions: Vec::new() };
            for (col, values) in conditions {
                assign(&mut s, col);
                gate.conditions.push((s.slots, values));
                s.slots += 1;
            }
            first += gate.len;
            s.gates.push(gate);
        }
        Ok(s)
    }

    /// The grade (its position in the plan) of the unit whose values are in `vals`. No branch per
    /// indicator: per gate, one pass over its intervals.
    #[inline(always)]
    fn grade(&self, vals: &[i64]) -> usize {
        let (mut met, mut counted) = (0i64, 0i64);
        for gate in &self.gates {
            let (mut applies, mut no_evidence) = (1i64, 0i64);
            for (slot, values) in &gate.conditions {
                let v = vals[*slot];
                if v == MISSING {
                    (applies, no_evidence) = (0, 1);
                    break;
                }
                if !values.contains(&v) {
                    (applies, no_evidence) = (0, 0);
                    break;
                }
            }
            let r = gate.first..gate.first + gate.len;
            let (v, lo, hi) = (&vals[r.clone()], &self.lo[r.clone()], &self.hi[r]);
            let (mut m, mut present) = (0i64, 0i64);
            for i in 0..v.len() {
                m += ((lo[i] <= v[i]) & (v[i] <= hi[i])) as i64;
                present += (v[i] != MISSING) as i64;
            }
            let len = gate.len as i64;
            let ne = self.no_evidence_counts as i64;
            met += applies * m;
            counted += applies * (ne * len + (1 - ne) * present) + no_evidence * ne * len;
        }
        for (g, &minimum) in self.minimums.iter().enumerate() {
            if (counted == 0 && minimum == 0) || (counted > 0 && met * 1_000_000 >= minimum * counted) {
                return g;
            }
        }
        self.minimums.len() - 1
    }

    /// The lines in buf[..end] (whole lines; `end + PAD` bytes readable), the first at file offset `at`.
    fn score_lines(&self, buf: &[u8], end: usize, at: u64, work: &mut Work, parse_only: bool) -> Result<(), String> {
        assert!(buf.len() >= end + PAD);
        // SAFETY: the buffer has PAD readable bytes past `end`; AVX2 is used only where detected.
        unsafe {
            // RUST_WIDE_SSE2=1 takes the baseline path on a processor with AVX2 (to test it).
            let avx2 = is_x86_feature_detected!("avx2") && std::env::var_os("RUST_WIDE_SSE2").is_none();
            match (avx2, parse_only) {
                (true, false) => scan_avx2::<false>(self, buf, end, at, work),
                (true, true) => scan_avx2::<true>(self, buf, end, at, work),
                (false, false) => scan_sse2::<false>(self, buf, end, at, work),
                (false, true) => scan_sse2::<true>(self, buf, end, at, work),
            }
        }
    }

    /// Per-grade counts (or the parse-only totals) of the lines in [from, to), both line starts (or the
    /// end of the file).
    fn score_range(&self, file: &File, size: u64, from: u64, to: u64, parse_only: bool) -> Result<Work, String> {
        let mut work = Work {
            vals: vec![MISSING; self.slots.max(1)],
            counts: vec![0; self.minimums.len()],
            lines: 0,
            fields: 0,
            checksum: 0,
        };
        let mut buf = vec![0u8; BUFFER + PAD + 1];
        // `carry` bytes at the front of `buf` are a line begun in the previous read.
        let (mut pos, mut carry) = (from, 0usize);
        while pos < to {
            let cap = buf.len() - PAD - 1;
            if carry == cap {
                if cap >= 1 << 30 {
                    return Err(format!("byte {}: a line longer than 1 GB", pos - carry as u64));
                }
                buf.resize(cap * 2 + PAD + 1, 0);
                continue;
            }
            let n = (cap - carry).min((to - pos) as usize);
            file.read_exact_at(&mut buf[carry..carry + n], pos).map_err(|e| format!("reading: {e}"))?;
            pos += n as u64;
            let mut filled = carry + n;
            let end = if pos == to {
                if to == size && filled > 0 && buf[filled - 1] != b'\n' {
                    buf[filled] = b'\n'; // the file's last line without a newline
                    filled += 1;
                }
                filled
            } else {
                buf[..filled].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
            };
            let start = pos - (carry + n) as u64;
            self.score_lines(&buf, end, start, &mut work, parse_only)?;
            buf.copy_within(end..filled, 0);
            carry = filled - end;
        }
        Ok(work)
    }
}

/// A thread's state and results.
struct Work {
    vals: Vec<i64>,
    counts: Vec<u64>,
    lines: u64,
    fields: u64,
    checksum: i64,
}

#[cold]
#[inline(never)]
fn cell_error(s: &Scorer, buf: &[u8], start: usize, end: usize, col: usize, at: u64, why: &str) -> String {
    format!(
        "byte {}: cannot read {:?} in column {}: {why}",
        at + start as u64,
        String::from_utf8_lossy(&buf[start..end]),
        s.names.get(col).map_or("?", |n| n.as_str())
    )
}

#[cold]
#[inline(never)]
fn line_error(s: &Scorer, line: usize, at: u64, fields: usize) -> String {
    format!("byte {}: {fields} fields where the header has {}", at + line as u64, s.names.len())
}

/// The splitting and scoring loop, once per instruction set: the body is the same, the block classifier
/// differs, and the compiler vectorizes `grade` for the instruction set of the function it is in.
macro_rules! scan {
    ($name:ident, $classify:ident $(, $feature:meta)?) => {
        $(#[$feature])?
        unsafe fn $name<const PARSE_ONLY: bool>(
            s: &Scorer,
            buf: &[u8],
            end: usize,
            at: u64,
            work: &mut Work,
        ) -> Result<(), String> {
            let columns = s.names.len();
            let base = buf.as_ptr();
            let vals = work.vals.as_mut_ptr();
            let (mut col, mut start, mut line) = (0usize, 0usize, 0usize);
            let (mut lines, mut fields, mut checksum) = (0u64, 0u64, 0i64);
            let mut block = 0;
            while block < end {
                let (mut seps, nls, quotes) = $classify(base.add(block));
                let valid = if end - block >= 64 { !0u64 } else { (1u64 << (end - block)) - 1 };
                if quotes & valid != 0 {
                    let q = block + (quotes & valid).trailing_zeros() as usize;
                    return Err(format!("byte {}: a quote; this scorer reads unquoted CSV only", at + q as u64));
                }
                seps &= valid;
                while seps != 0 {
                    let i = seps.trailing_zeros() as usize;
                    seps &= seps - 1;
                    let pos = block + i;
                    let newline = (nls >> i) & 1 != 0;
                    // A '\r' before the newline is not part of the last field (looked at once a line).
                    let stop = if newline && pos > start && *base.add(pos - 1) == b'\r' { pos - 1 } else { pos };
                    let c = col.min(columns);
                    let slot = *s.slot.get_unchecked(c);
                    if slot != SKIP {
                        let len = stop - start;
                        let v = if len == 0 {
                            MISSING
                        } else {
                            match parse_fast(base.add(start), len) {
                                Some(v) => v,
                                None => parse_exact(&buf[start..stop], s.boolean[c])
                                    .map_err(|why| cell_error(s, buf, start, stop, c, at, why))?,
                            }
                        };
                        *vals.add(slot as usize) = v;
                    } else if PARSE_ONLY {
                        checksum = checksum.wrapping_add((stop - start) as i64);
                    }
                    col += 1;
                    if newline {
                        if col != columns {
                            if !(col == 1 && stop == start) {
                                return Err(line_error(s, line, at, col));
                            }
                            // a blank line, as the CSV readers skip it
                        } else {
                            lines += 1;
                            fields += columns as u64;
                            if PARSE_ONLY {
                                for k in 0..s.slots {
                                    let v = *vals.add(k);
                                    checksum = checksum.wrapping_add(if v == MISSING { 0 } else { v });
                                }
                            } else {
                                for &(from, to) in &s.copies {
                                    *vals.add(to) = *vals.add(from);
                                }
                                let g = s.grade(std::slice::from_raw_parts(vals, s.slots));
                                work.counts[g] += 1;
                            }
                        }
                        col = 0;
                        line = pos + 1;
                    }
                    start = pos + 1;
                }
                block += 64;
            }
            if col != 0 || start != end {
                return Err(format!("byte {}: a line without its end", at + line as u64));
            }
            work.lines += lines;
            work.fields += fields;
            work.checksum = work.checksum.wrapping_add(checksum);
            Ok(())
        }
    };
}

scan!(scan_sse2, classify_sse2);
scan!(scan_avx2, classify_avx2, target_feature(enable = "avx2,bmi1,bmi2,popcnt"));

// ---------------------------------------------------------------------------------------------

fn run() -> Result<String, String> {
    let mut args: Vec<String> = std::env::args().collect();
    let parse_only = args.iter().any(|a| a == "--parse-only");
    args.retain(|a| a != "--parse-only");
    if args.len() < 3 || args.len() > 4 {
        return Err("usage: rust_wide PLAN_FILE CSV_FILE [THREADS] [--parse-only]".into());
    }
    let plan = read_plan(&args[1])?;
    let threads = thread_count(args.get(3))?;
    let (file, size, header, data_start) = open_batch(&args[2])?;
    let scorer = Scorer::new(&plan, &header, parse_only)?;
    let per_thread =
        in_ranges(&file, size, data_start, threads, |from, to| scorer.score_range(&file, size, from, to, parse_only))?;

    if parse_only {
        let lines: u64 = per_thread.iter().map(|w| w.lines).sum();
        let fields: u64 = per_thread.iter().map(|w| w.fields).sum();
        let checksum = per_thread.iter().fold(0i64, |a, w| a.wrapping_add(w.checksum));
        return Ok(format!("{lines} lines, {fields} fields, checksum {checksum}"));
    }
    Ok(grade_counts_json(&plan.grades, per_thread.iter().map(|w| w.counts.as_slice())))
}

fn main() -> ExitCode {
    finish("rust_wide", run())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(s: &str) -> Option<i64> {
        let mut b = s.as_bytes().to_vec();
        b.extend_from_slice(&[b'x'; 16]); // junk past the field must not matter
        unsafe { parse_fast(b.as_ptr(), s.len()) }
    }

    #[test]
    fn fixed_point() {
        for (text, want) in [
            ("0.9312", 931200),
            ("0.9000", 900000),
            ("1.0000", 1000000),
            ("0", 0),
            ("5", 5000000),
            ("14.5", 14500000),
            (".5", 500000),
            ("5.", 5000000),
            ("12345678", 12345678000000),
            ("0.123456", 123456),
            ("1234.567", 1234567000),
        ] {
            assert_eq!(fast(text), Some(want), "{text}");
            assert_eq!(parse_exact(text.as_bytes(), false), Ok(want), "{text}");
        }
        for text in ["", ".", "1.2.3", "-1", "1e5", "abc", "0.1234567", "1234567890123", " 1", "1,"] {
            assert_eq!(fast(text), None, "{text}");
        }
        assert_eq!(parse_exact(b"-1.5", false), Ok(-1500000));
        assert_eq!(parse_exact(b"123456789.25", false), Ok(123456789250000));
        assert_eq!(parse_exact(b"0.12345600", false), Ok(123456));
        assert!(parse_exact(b"0.1234567", false).is_err());
        assert!(parse_exact(b"1.2.3", false).is_err());
        assert!(parse_exact(b".", false).is_err());
        assert!(parse_exact(b"1e5", false).is_err());
        assert!(parse_exact(b"true", false).is_err());
        assert_eq!(parse_exact(b"TRUE", true), Ok(1000000));
    }

    #[test]
    fn every_short_decimal() {
        // Every plain decimal up to 5 characters against the exact parser.
        let alphabet = b"0123456789.";
        let mut field = Vec::new();
        fn walk(field: &mut Vec<u8>, alphabet: &[u8], depth: usize) {
            if !field.is_empty() {
                let s = std::str::from_utf8(field).unwrap();
                let want = parse_exact(field, false).ok();
                assert_eq!(fast(s).or(want), want, "{s}");
                if field.len() <= 12
                    && field.iter().filter(|&&b| b == b'.').count() <= 1
                    && field.iter().any(|b| b.is_ascii_digit())
                {
                    assert_eq!(fast(s), want, "{s}");
                }
            }
            if depth == 0 {
                return;
            }
            for &b in alphabet {
                field.push(b);
                walk(field, alphabet, depth - 1);
                field.pop();
            }
        }
        walk(&mut field, alphabet, 5);
    }
}
