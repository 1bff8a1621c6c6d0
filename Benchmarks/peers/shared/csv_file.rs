//! What both hand-written Rust peers of Benchmarks/peers do the same way: read the CSV header, find
//! line starts for the threads' byte ranges, write the grade counts as Python's json.dumps does, and
//! end the process with the result or the error.
//! Each crate takes it in with `#[path = "../../shared/csv_file.rs"] mod csv_file;`.

use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::process::ExitCode;

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
