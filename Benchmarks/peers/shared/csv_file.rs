//! What both hand-written Rust peers of Benchmarks/peers do the same way: read the CSV header, find
//! split the file into one byte range per thread at line starts and run them, write the grade counts as
//! Python's json.dumps does, and end the process with the result or the error.
//! Each crate takes it in with `#[path = "../../shared/csv_file.rs"] mod csv_file;`.

use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::process::ExitCode;
use std::thread;

/// The header's column names and the offset of the first data line.
pub fn read_header(file: &File, size: u64) -> Result<(Vec<String>, u64), String> {
    let mut line = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let data_start = loop {
        let n = file.read_at(&mut chunk, line.len() as u64).map_err(|e| format!("reading: {e}"))?;
        if let Some(i) = chunk[..n].iter().position(|&b| b == b'\n') {
            line.extend_from_slice(&chunk[..i]);
            break line.len() as u64 + 1;
        }
        line.extend_from_slice(&chunk[..n]);
        if n == 0 {
            break size;
        }
    };
    let mut text = line.as_slice();
    text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
    text = text.strip_suffix(b"\r").unwrap_or(text);
    let text = std::str::from_utf8(text).map_err(|_| "the header is not UTF-8".to_string())?;
    if text.contains('"') {
        return Err("a quoted header; this scorer reads unquoted CSV only".into());
    }
    Ok((text.split(',').map(str::to_string).collect(), data_start))
}

/// The first line start at or after `at`.
pub fn line_start(file: &File, size: u64, data_start: u64, at: u64) -> Result<u64, String> {
    if at <= data_start {
        return Ok(data_start);
    }
    let mut chunk = [0u8; 4096];
    let mut p = at - 1;
    while p < size {
        let n = file.read_at(&mut chunk, p).map_err(|e| format!("reading: {e}"))?;
        if n == 0 {
            break;
        }
        if let Some(i) = chunk[..n].iter().position(|&b| b == b'\n') {
            return Ok(p + i as u64 + 1);
        }
        p += n as u64;
    }
    Ok(size)
}

/// A JSON string as Python's json.dumps(ensure_ascii=False) writes it.
pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The units per grade over every thread's counts (indexed as `grades`), as a JSON object keyed by
/// grade name: equal names add up, as in the other engines' GROUP BY grade.
pub fn grade_counts_json<'a>(grades: &[(String, i64)], per_thread: impl Iterator<Item = &'a [u64]>) -> String {
    let mut by_grade: BTreeMap<&str, u64> = BTreeMap::new();
    for counts in per_thread {
        for (g, &n) in counts.iter().enumerate() {
            if n > 0 {
                *by_grade.entry(grades[g].0.as_str()).or_default() += n;
            }
        }
    }
    let fields: Vec<String> = by_grade.iter().map(|(g, n)| format!("{}: {n}", json_string(g))).collect();
    format!("{{{}}}", fields.join(", "))
}

/// Prints the result and succeeds, or prints the error, named by the program, and fails.
pub fn finish(program: &str, result: Result<String, String>) -> ExitCode {
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{program}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The THREADS argument (a positive number), or every core.
pub fn thread_count(arg: Option<&String>) -> Result<usize, String> {
    match arg {
        Some(t) => Ok(t.parse().ok().filter(|&t: &usize| t > 0).ok_or("THREADS must be a positive number")?),
        None => Ok(thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// The batch file open, its size, its header's column names and the offset of its first data line.
pub fn open_batch(path: &str) -> Result<(File, u64, Vec<String>, u64), String> {
    let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let size = file.metadata().map_err(|e| format!("{path}: {e}"))?.len();
    let (header, data_start) = read_header(&file, size)?;
    Ok((file, size, header, data_start))
}

/// `work(from, to)` on `threads` byte ranges of the data, each starting at a line start, at once; the
/// results in file order, or the first error.
pub fn in_ranges<T: Send>(
    file: &File,
    size: u64,
    data_start: u64,
    threads: usize,
    work: impl Fn(u64, u64) -> Result<T, String> + Sync,
) -> Result<Vec<T>, String> {
    let part = (size - data_start).div_ceil(threads as u64);
    let mut bounds = (0..threads as u64)
        .map(|k| line_start(file, size, data_start, data_start + k * part))
        .collect::<Result<Vec<_>, _>>()?;
    bounds.push(size);
    let work = &work;
    thread::scope(|s| {
        let workers: Vec<_> = bounds.windows(2).map(|w| s.spawn(move || work(w[0], w[1]))).collect();
        workers.into_iter().map(|w| w.join().expect("a scoring thread panicked")).collect()
    })
}
