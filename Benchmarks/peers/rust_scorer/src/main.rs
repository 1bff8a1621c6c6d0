//! A hand-written multi-threaded scorer for Benchmarks/peers, standard library only.
//!
//! Usage: rust_scorer PLAN_FILE CSV_FILE [THREADS]
//!
//! Scores a batch from the plan peers.py writes (the format is described at `write_plan` there) and
//! prints `{grade: units}` as one line of JSON with sorted keys, like the other peers. Threads take
//! newline-aligned byte ranges of the file and read them with pread into a reusable buffer; each line
//! is split on ',', every column some check reads is parsed by its type (text read only as a verdict
//! straight to its outcome code), every indicator's check is evaluated and the unit's grade counted.
//! Threads' counts are summed at the end.
//!
//! Numbers are parsed to f64 and compared with f64 thresholds, as DuckDB and polars do with their
//! DOUBLE columns, so the outcomes are the same as theirs on any data, not only on generated data.
//! The CSV must be unquoted (as `fazhi generate` writes it): a quote or a line with the wrong number
//! of fields is an error, not a guess.

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::process::ExitCode;

#[path = "../../shared/csv_file.rs"]
mod csv_file;
use csv_file::{finish, grade_counts_json, in_ranges, open_batch, thread_count};

// Outcome codes, as in peers.py.
const MET: u8 = 0;
const PARTIAL: u8 = 1;
const UNMET: u8 = 2;
const NA: u8 = 3;
const NO_EVIDENCE: u8 = 4;
const ERROR: u8 = 5;

/// Read buffer per thread; grows only for a line longer than this.
const BUFFER: usize = 4 << 20;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Type {
    Double,
    Boolean,
    Date,
    Varchar,
}

/// How a column is parsed on every line: as its type, or, for text that checks read only as a
/// verdict, straight to the outcome code.
#[derive(Clone, Copy, PartialEq)]
enum Parse {
    As(Type),
    Verdict,
}

/// One parsed cell of the current line. Booleans are numbers (false 0, true 1), which compares and
/// orders them as SQL does; text is a byte range of the chunk being scored (u32 is enough, since the
/// buffer is capped at 1 GB); a verdict is its outcome code.
#[derive(Clone, Copy)]
enum Cell {
    Null,
    Num(f64),
    Day(i32),
    Text(u32, u32),
    Verdict(u8),
}

/// A value given in the plan: the threshold of an interval, a value of an applicability condition.
enum Value {
    Num(f64),
    Day(i32),
    Text(Box<[u8]>),
}

#[derive(Clone, Copy)]
enum Op {
    Ge,
    Le,
    Eq,
}

/// An indicator's check, decoded from the plan; columns are positions in the CSV header. The arms of
/// `eval` give exactly the outcomes of the expressions peers.py builds for the same kinds.
enum Check {
    Na,
    Interval { col: usize, op: Op, threshold: f64 },
    Verdict { col: usize },
    DoneBy { col: usize, by: i32, if_null: u8 },
    Ratio { num: usize, den: usize, min_raw: f64 },
    AllOf(Vec<Check>),
    AnyOf(Vec<Check>),
    Applies { conditions: Vec<(usize, Vec<Value>)>, inner: Box<Check> },
}

/// Inlined into the per-line loop so the common single checks cost no call; the compound ones go
/// through `eval_compound`, which recurses.
#[inline(always)]
fn eval(check: &Check, row: &[Cell], text: &[u8]) -> u8 {
    match *check {
        Check::Na => NA,
        Check::Interval { col, op, threshold } => match row[col] {
            Cell::Null => NO_EVIDENCE,
            Cell::Num(x) => {
                let holds = match op {
                    Op::Ge => x >= threshold,
                    Op::Le => x <= threshold,
                    Op::Eq => x == threshold,
                };
                if holds {
                    MET
                } else {
                    UNMET
                }
            }
            _ => unreachable!("interval on a column that is not numeric"),
        },
        Check::Verdict { col } => match row[col] {
            Cell::Null => NO_EVIDENCE,
            Cell::Verdict(code) => code,
            Cell::Text(s, e) => verdict(&text[s as usize..e as usize]),
            _ => unreachable!("verdict in a column that is not text"),
        },
        Check::DoneBy { col, by, if_null } => match row[col] {
            Cell::Null => if_null,
            Cell::Day(d) => {
                if d <= by {
                    MET
                } else {
                    UNMET
                }
            }
            _ => unreachable!("done_by on a column that is not a date"),
        },
        Check::Ratio { num, den, min_raw } => match (row[num], row[den]) {
            (Cell::Num(n), Cell::Num(d)) => {
                if n < 0.0 || d < 0.0 || n > d {
                    ERROR
                } else if d == 0.0 {
                    NA
                } else if n * 1_000_000.0 >= min_raw * d {
                    // The same two f64 products the SQL `n * 1000000 >= MIN_RAW * d` computes.
                    MET
                } else {
                    UNMET
                }
            }
            _ => NO_EVIDENCE, // either is null: the compiler admits only numeric columns
        },
        Check::AllOf(..) | Check::AnyOf(..) | Check::Applies { .. } => eval_compound(check, row, text),
    }
}

#[inline(never)]
fn eval_compound(check: &Check, row: &[Cell], text: &[u8]) -> u8 {
    match *check {
        Check::AllOf(ref parts) => {
            let seen = seen(parts, row, text);
            if seen & 1 << ERROR != 0 {
                ERROR
            } else if seen == 1 << NA {
                NA
            } else if seen & 1 << UNMET != 0 {
                UNMET
            } else if seen & 1 << NO_EVIDENCE != 0 {
                NO_EVIDENCE
            } else if seen & 1 << PARTIAL != 0 {
                PARTIAL
            } else {
                MET
            }
        }
        Check::AnyOf(ref parts) => {
            let seen = seen(parts, row, text);
            for code in [ERROR, MET, NO_EVIDENCE, PARTIAL, UNMET] {
                if seen & 1 << code != 0 {
                    return code;
                }
            }
            NA
        }
        Check::Applies { ref conditions, ref inner } => {
            for (col, values) in conditions {
                let cell = row[*col];
                if let Cell::Null = cell {
                    return NO_EVIDENCE;
                }
                if !values.iter().any(|v| equal(cell, v, text)) {
                    return NA;
                }
            }
            eval(inner, row, text)
        }
        _ => eval(check, row, text),
    }
}

/// The outcomes of the parts, one bit per code.
fn seen(parts: &[Check], row: &[Cell], text: &[u8]) -> u8 {
    parts.iter().fold(0, |seen, p| seen | 1 << eval(p, row, text))
}

fn equal(cell: Cell, value: &Value, text: &[u8]) -> bool {
    match (cell, value) {
        (Cell::Num(a), Value::Num(b)) => a == *b,
        (Cell::Day(a), Value::Day(b)) => a == *b,
        (Cell::Text(s, e), Value::Text(b)) => text[s as usize..e as usize] == **b,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing cells.

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// A decimal number as the nearest f64, as DuckDB's and polars' readers give it. Plain decimals with
/// at most 15 or so significant digits take Clinger's fast path: the digits as an integer below 2⁵³
/// and 10^places are both exact doubles, and IEEE division rounds their quotient correctly. Anything
/// else (exponents, long mantissas, inf, nan) goes to the standard library's correctly rounded parser.
fn parse_number(f: &[u8]) -> Option<f64> {
    let (negative, digits) = match f.first() {
        Some(b'-') => (true, &f[1..]),
        _ => (false, f),
    };
    let (mut mantissa, mut places, mut count, mut dot) = (0u64, 0usize, 0usize, false);
    for &b in digits {
        match b {
            b'0'..=b'9' if count < 19 => {
                mantissa = mantissa * 10 + (b - b'0') as u64;
                count += 1;
                places += dot as usize;
            }
            b'.' if !dot => dot = true,
            _ => return slow_number(f),
        }
    }
    if count == 0 || mantissa > 1 << 53 || places >= POW10.len() {
        return slow_number(f);
    }
    let x = mantissa as f64 / POW10[places];
    Some(if negative { -x } else { x })
}

#[cold]
fn slow_number(f: &[u8]) -> Option<f64> {
    std::str::from_utf8(f).ok()?.parse().ok()
}

fn parse_bool(f: &[u8]) -> Option<f64> {
    if f.eq_ignore_ascii_case(b"true") {
        Some(1.0)
    } else if f.eq_ignore_ascii_case(b"false") {
        Some(0.0)
    } else {
        None
    }
}

/// A valid YYYY-MM-DD date as year << 9 | month << 5 | day: dates are only compared, for which this
/// order-preserving number serves as well as a day count and is cheaper to get.
#[inline]
fn parse_date(f: &[u8]) -> Option<i32> {
    let f: &[u8; 10] = f.try_into().ok()?;
    let n = [0, 1, 2, 3, 5, 6, 8, 9].map(|i| (f[i] as u32).wrapping_sub(b'0' as u32));
    if n.iter().fold(0, |bad, &d| bad | (d > 9) as u32) != 0 || f[4] != b'-' || f[7] != b'-' {
        return None;
    }
    let y = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3];
    let (m, d) = (n[4] * 10 + n[5], n[6] * 10 + n[7]);
    const DAYS: [u32; 13] = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > DAYS[m as usize] {
        return None;
    }
    if m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) {
        return None;
    }
    Some((y << 9 | m << 5 | d) as i32)
}

fn verdict(f: &[u8]) -> u8 {
    match f {
        b"met" => MET,
        b"partial" => PARTIAL,
        b"unmet" => UNMET,
        _ => ERROR,
    }
}

/// A cell parsed as `p`; empty is null, as in the other engines' readers. `at` is the field's offset
/// in the chunk, kept for text.
#[inline]
fn parse_cell(p: Parse, f: &[u8], at: usize) -> Option<Cell> {
    if f.is_empty() {
        return Some(Cell::Null);
    }
    match p {
        Parse::As(Type::Double) => parse_number(f).map(Cell::Num),
        Parse::As(Type::Boolean) => parse_bool(f).map(Cell::Num),
        Parse::As(Type::Date) => parse_date(f).map(Cell::Day),
        Parse::As(Type::Varchar) => Some(Cell::Text(at as u32, (at + f.len()) as u32)),
        Parse::Verdict => Some(Cell::Verdict(verdict(f))),
    }
}

// ---------------------------------------------------------------------------------------------
// The plan.

struct Plan {
    no_evidence_counts: bool,
    partial_half: bool,
    grades: Vec<(String, i64)>,
    types: HashMap<String, Type>,
    indicators: Vec<(String, Vec<String>)>,
}

fn read_plan(path: &str) -> Result<Plan, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut lines = text.lines();
    if lines.next() != Some("fazhi-peers-plan\t1") {
        return Err(format!("{path}: not a plan of version 1 (peers.py writes it)"));
    }
    let mut plan = Plan {
        no_evidence_counts: true,
        partial_half: false,
        grades: Vec::new(),
        types: HashMap::new(),
        indicators: Vec::new(),
    };
    for (n, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let bad = || format!("{path}:{}: cannot read {line:?}", n + 2);
        match (f[0], f.len()) {
            ("no_evidence", 2) => {
                plan.no_evidence_counts = match f[1] {
                    "counts" => true,
                    "excluded" => false,
                    _ => return Err(bad()),
                }
            }
            ("partial", 2) => {
                plan.partial_half = match f[1] {
                    "half" => true,
                    "unmet" => false,
                    _ => return Err(bad()),
                }
            }
            ("grade", 3) => plan.grades.push((f[2].to_string(), f[1].parse().map_err(|_| bad())?)),
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
            ("indicator", k) if k >= 3 => {
                plan.indicators.push((f[1].to_string(), f[2..].iter().map(|s| s.to_string()).collect()))
            }
            _ => return Err(bad()),
        }
    }
    if plan.grades.is_empty() {
        return Err(format!("{path}: no grades"));
    }
    Ok(plan)
}

/// The batch's columns while checks are decoded: which a check reads, and so are parsed on every line.
struct Columns<'a> {
    index: HashMap<&'a str, usize>,
    types: Vec<Option<Type>>,
    parsed: Vec<Option<Parse>>,
}

impl Columns<'_> {
    /// A column a check reads as its type.
    fn column(&mut self, name: &str, allowed: &[Type]) -> Result<usize, String> {
        let (i, t) = self.find(name, allowed)?;
        self.parsed[i] = Some(Parse::As(t)); // text read otherwise than as a verdict stays text
        Ok(i)
    }

    /// A text column a check reads as a verdict.
    fn verdict(&mut self, name: &str) -> Result<usize, String> {
        let (i, _) = self.find(name, &[Type::Varchar])?;
        if self.parsed[i].is_none() {
            self.parsed[i] = Some(Parse::Verdict);
        }
        Ok(i)
    }

    fn find(&self, name: &str, allowed: &[Type]) -> Result<(usize, Type), String> {
        let &i = self.index.get(name).ok_or_else(|| format!("column {name} is not in the batch"))?;
        let t = self.types[i].ok_or_else(|| format!("the plan gives no type for column {name}"))?;
        if !allowed.is_empty() && !allowed.contains(&t) {
            return Err(format!("column {name} is {t:?}; the check needs {allowed:?}"));
        }
        Ok((i, t))
    }

    fn value(&self, col: usize, token: &str) -> Result<Value, String> {
        let t = self.types[col].expect("a column the plan types");
        let b = token.as_bytes();
        match t {
            Type::Double => parse_number(b).map(Value::Num),
            Type::Boolean => parse_bool(b).map(Value::Num),
            Type::Date => parse_date(b).map(Value::Day),
            Type::Varchar => Some(Value::Text(b.into())),
        }
        .ok_or_else(|| format!("cannot read {token:?} as {t:?}"))
    }
}

fn next<'t>(tokens: &mut std::slice::Iter<'t, String>) -> Result<&'t str, String> {
    tokens.next().map(String::as_str).ok_or_else(|| "the check ends too early".to_string())
}

fn count(tokens: &mut std::slice::Iter<'_, String>) -> Result<usize, String> {
    let t = next(tokens)?;
    t.parse().map_err(|_| format!("{t:?} is not a count"))
}

/// Decodes one check of an indicator line (prefix notation, see peers.py).
fn compile(tokens: &mut std::slice::Iter<'_, String>, cx: &mut Columns) -> Result<Check, String> {
    let numeric = [Type::Double, Type::Boolean];
    Ok(match next(tokens)? {
        "na" => Check::Na,
        "interval" => {
            let col = cx.column(next(tokens)?, &numeric)?;
            let op = match next(tokens)? {
                ">=" => Op::Ge,
                "<=" => Op::Le,
                "=" => Op::Eq,
                op => return Err(format!("unknown comparison {op:?}")),
            };
            let Value::Num(threshold) = cx.value(col, next(tokens)?)? else { unreachable!() };
            Check::Interval { col, op, threshold }
        }
        "verdict" => Check::Verdict { col: cx.verdict(next(tokens)?)? },
        "done_by" => {
            let col = cx.column(next(tokens)?, &[Type::Date])?;
            let t = next(tokens)?;
            let by = parse_date(t.as_bytes()).ok_or_else(|| format!("{t:?} is not a date"))?;
            let t = next(tokens)?;
            let if_null = t.parse().ok().filter(|&c| c <= ERROR).ok_or_else(|| format!("{t:?} is not an outcome"))?;
            Check::DoneBy { col, by, if_null }
        }
        "ratio" => {
            let num = cx.column(next(tokens)?, &[Type::Double])?;
            let den = cx.column(next(tokens)?, &[Type::Double])?;
            let t = next(tokens)?;
            let min_raw = t.parse::<i64>().map_err(|_| format!("{t:?} is not a raw minimum"))? as f64;
            Check::Ratio { num, den, min_raw }
        }
        kind @ ("all_of" | "any_of") => {
            let n = count(tokens)?;
            let parts = (0..n).map(|_| compile(tokens, cx)).collect::<Result<Vec<_>, _>>()?;
            if parts.is_empty() {
                return Err(format!("{kind} of nothing"));
            }
            if kind == "all_of" {
                Check::AllOf(parts)
            } else {
                Check::AnyOf(parts)
            }
        }
        "applies" => {
            let mut conditions = Vec::new();
            for _ in 0..count(tokens)? {
                let col = cx.column(next(tokens)?, &[])?;
                let values = (0..count(tokens)?).map(|_| cx.value(col, next(tokens)?)).collect::<Result<_, _>>()?;
                conditions.push((col, values));
            }
            Check::Applies { conditions, inner: Box::new(compile(tokens, cx)?) }
        }
        kind => return Err(format!("unknown check {kind:?}")),
    })
}

// ---------------------------------------------------------------------------------------------
// Scoring.

struct Scorer {
    names: Vec<String>,
    /// Per header column: how to parse it, or None when no check reads it.
    parse: Vec<Option<Parse>>,
    checks: Vec<Check>,
    /// One bit per outcome code that counts in the denominator.
    counted: u8,
    partial_half: bool,
    /// Grade minimums × 10⁶, in the plan's order.
    minimums: Vec<i64>,
}

impl Scorer {
    fn new(plan: &Plan, header: &[String]) -> Result<Scorer, String> {
        let mut index = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            if index.insert(name.as_str(), i).is_some() {
                return Err(format!("column {name} appears twice in the header"));
            }
        }
        let types = header.iter().map(|h| plan.types.get(h).copied()).collect();
        let mut cx = Columns { index, types, parsed: vec![None; header.len()] };
        let mut checks = Vec::new();
        for (id, tokens) in &plan.indicators {
            let mut it = tokens.iter();
            let check = compile(&mut it, &mut cx).map_err(|e| format!("indicator {id}: {e}"))?;
            if it.next().is_some() {
                return Err(format!("indicator {id}: tokens left after the check"));
            }
            checks.push(check);
        }
        let mut counted = 1 << MET | 1 << PARTIAL | 1 << UNMET | 1 << ERROR;
        if plan.no_evidence_counts {
            counted |= 1 << NO_EVIDENCE;
        }
        Ok(Scorer {
            names: header.to_vec(),
            parse: cx.parsed,
            checks,
            counted,
            partial_half: plan.partial_half,
            minimums: plan.grades.iter().map(|g| g.1).collect(),
        })
    }

    /// The grade (its position in the plan) of the unit on the current line.
    fn grade(&self, row: &[Cell], text: &[u8]) -> usize {
        let (mut met, mut partial, mut counted) = (0i64, 0i64, 0i64);
        for check in &self.checks {
            let code = eval(check, row, text);
            met += (code == MET) as i64;
            partial += (code == PARTIAL) as i64;
            counted += (self.counted >> code & 1) as i64;
        }
        // Completion in halves as Fazhi counts it: met 2, partial 1 where the ruleset counts it half
        // (none of the rulesets peers.py supports does; its other engines count met only).
        let halves = 2 * met + if self.partial_half { partial } else { 0 };
        for (g, &minimum) in self.minimums.iter().enumerate() {
            if counted == 0 {
                if minimum == 0 {
                    return g;
                }
            } else if halves * 1_000_000 >= minimum * 2 * counted {
                return g;
            }
        }
        self.minimums.len() - 1
    }

    /// Scores the lines of `chunk`, which holds whole lines only; its first byte is at file offset `at`.
    fn score_lines(&self, chunk: &[u8], at: u64, row: &mut [Cell], counts: &mut [u64]) -> Result<(), String> {
        let columns = self.parse.len();
        // One fast pass (`contains` on bytes is the standard library's memchr) instead of a third
        // comparison per byte below.
        if chunk.contains(&b'"') {
            let q = chunk.iter().position(|&b| b == b'"').unwrap_or(0);
            return Err(format!("byte {}: a quote; this scorer reads unquoted CSV only", at + q as u64));
        }
        let mut p = 0;
        while p < chunk.len() {
            if chunk[p] == b'\n' {
                p += 1; // a blank line, as the CSV readers skip it
                continue;
            }
            let line = p;
            let mut col = 0;
            loop {
                let start = p;
                while p < chunk.len() && chunk[p] != b',' && chunk[p] != b'\n' {
                    p += 1;
                }
                // The file's last line may end without a newline.
                let stop = chunk.get(p).copied().unwrap_or(b'\n');
                let mut end = p;
                if stop == b'\n' && end > start && chunk[end - 1] == b'\r' {
                    end -= 1;
                }
                if let Some(&Some(p)) = self.parse.get(col) {
                    let field = &chunk[start..end];
                    row[col] = parse_cell(p, field, start).ok_or_else(|| {
                        let Parse::As(t) = p else { unreachable!("a verdict is never wrong") };
                        format!(
                            "byte {}: cannot read {:?} as {t:?} (column {})",
                            at + start as u64,
                            String::from_utf8_lossy(field),
                            self.names[col]
                        )
                    })?;
                }
                col += 1;
                p += 1;
                if stop == b'\n' {
                    break;
                }
            }
            if col != columns {
                return Err(format!("byte {}: {col} fields where the header has {columns}", at + line as u64));
            }
            counts[self.grade(row, chunk)] += 1;
        }
        Ok(())
    }

    /// Per-grade counts of the lines in [from, to), both line starts (or the end of the file).
    fn score_range(&self, file: &File, from: u64, to: u64) -> Result<Vec<u64>, String> {
        let mut counts = vec![0; self.minimums.len()];
        let mut row = vec![Cell::Null; self.parse.len()];
        let mut buf = vec![0u8; BUFFER];
        // `carry` bytes at the front of `buf` are a line begun in the previous read.
        let (mut pos, mut carry) = (from, 0usize);
        while pos < to {
            if carry == buf.len() {
                if buf.len() >= 1 << 30 {
                    return Err(format!("byte {}: a line longer than 1 GB", pos - carry as u64));
                }
                buf.resize(buf.len() * 2, 0);
            }
            let n = (buf.len() - carry).min((to - pos) as usize);
            file.read_exact_at(&mut buf[carry..carry + n], pos).map_err(|e| format!("reading: {e}"))?;
            pos += n as u64;
            let filled = carry + n;
            let end =
                if pos == to { filled } else { buf[..filled].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) };
            self.score_lines(&buf[..end], pos - filled as u64, &mut row, &mut counts)?;
            buf.copy_within(end..filled, 0);
            carry = filled - end;
        }
        Ok(counts)
    }
}

// ---------------------------------------------------------------------------------------------

fn run() -> Result<String, String> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 || args.len() > 4 {
        return Err("usage: rust_scorer PLAN_FILE CSV_FILE [THREADS]".into());
    }
    let plan = read_plan(&args[1])?;
    let threads = thread_count(args.get(3))?;
    let (file, size, header, data_start) = open_batch(&args[2])?;
    let scorer = Scorer::new(&plan, &header)?;
    let per_thread = in_ranges(&file, size, data_start, threads, |from, to| scorer.score_range(&file, from, to))?;

    Ok(grade_counts_json(&plan.grades, per_thread.iter().map(|c| c.as_slice())))
}

fn main() -> ExitCode {
    finish("rust_scorer", run())
}
