import FazhiBatch
import FazhiCore
import Foundation

/// The analyses (`region`, `compare`, changes) keep every unit's evidence and full result, each
/// indicator's reason in words, in memory for their reports: about 1 KB a unit and indicator (measured
/// with `/usr/bin/time`: 45 KB a unit under a 50-indicator ruleset, 90 KB under a 100-indicator one). A
/// batch too large for the machine is refused before it is read, with the way to score it, instead of
/// being read until the memory runs out. (`evaluate` streams a batch and needs none of this.)
enum AnalysisMemory {
    /// Bytes a unit's evidence and result take, per indicator (rounded up from the measurements).
    static let bytesPerUnitAndIndicator = 1024

    /// Throws when the batches among `sources` hold more units than `available` bytes can keep.
    /// `available`: `FAZHI_MEMORY_BYTES` when set, else the memory the system reports available.
    static func check(_ plan: EvaluationPlan, _ sources: [EvidenceSource], available: Int? = configured) throws(DiagnosticList) {
        var rows = 0
        var largest: (name: String, rows: Int)?
        for source in sources {
            guard case .file(let path) = source, let format = BatchFormat(path: path), format != .yaml, var lines = lineCount(path) else { continue }
            if format != .jsonl { lines = max(0, lines - 1) }  // the header row
            rows += lines
            if lines > (largest?.rows ?? -1) { largest = (path, lines) }
        }
        guard let available, let largest, rows > 0 else { return }
        let perUnit = bytesPerUnitAndIndicator * max(1, plan.indicators.count)
        let (need, overflow) = rows.multipliedReportingOverflow(by: perUnit)
        guard overflow || need > available else { return }
        let gb = { (bytes: Int) in bytes < 1_000_000_000 ? "\(max(1, bytes / 1_000_000)) MB" : String(format: "%.1f GB", Double(bytes) / 1e9) }
        let files = sources.count > 1 ? " (\(sources.count) files; the largest, \(largest.name), \(grouped(largest.rows)) rows)" : ""
        throw DiagnosticList([Diagnostic.error(
            "\(largest.name): about \(grouped(rows)) units\(files); this command keeps every unit's full result in memory, about \(perUnit / 1024) KB a unit under \(plan.indicators.count) indicators (\(overflow ? "more than the address space" : gb(need))), more than the \(gb(available)) available",
            at: nil,
            hint: "score a batch this size with `fazhi evaluate` (streamed, flat memory; its summary gives the grade distribution), or split it; FAZHI_MEMORY_BYTES sets the memory to assume")])
    }

    /// `FAZHI_MEMORY_BYTES`, else `MemAvailable` from /proc/meminfo, else the physical memory.
    static var configured: Int? {
        if let text = ProcessInfo.processInfo.environment["FAZHI_MEMORY_BYTES"], let bytes = Int(text), bytes > 0 { return bytes }
        if let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return kb * 1024
        }
        let memory = ProcessInfo.processInfo.physicalMemory
        return memory > 0 ? Int(clamping: memory) : nil
    }

    /// Lines in a file (a batch's rows, and a CSV's header), counted a megabyte at a time; nil when
    /// it is not a regular file or cannot be read (the reader reports that, at its turn).
    static func lineCount(_ path: String) -> Int? {
        // Only a regular file: a named pipe would be drained here (and the reader refuses it anyway).
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path  // a link to a batch counts
        guard (try? FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType) == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var lines = 0
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { bytes in
                for b in bytes where b == 0x0A { lines += 1 }
            }
        }
        return lines
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
