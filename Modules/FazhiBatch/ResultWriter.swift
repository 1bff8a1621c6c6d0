import FazhiCore
import FazhiBase

/// How per-unit results are written.
public enum ResultFormat: String, Sendable, CaseIterable {
    /// UTF-8 CSV with a BOM (Excel, WPS): `unit,name,completion,numerator,denominator,adjustment,grade,unmet,no_evidence,revoked,invented`.
    case csv
    /// One JSON object per line, same fields.
    case jsonl
    /// No rows: only the counts the run returns (`fazhi evaluate --summary`, the region's grade
    /// distribution of a batch too large to want a row per unit).
    case none
}

/// Writes one result row per unit into a worker's buffer, from the compiled score: no `String` per row.
///
/// - `completion`: met ÷ counted as a percentage with two decimals, cut (never rounded up, so 89.996%
///   shows 89.99%, as its grade says); for the weighted model the weighted score; for the points model
///   `score` (points) instead. JSON Lines gives the fraction (0.913) or the points.
/// - `numerator`, `denominator`: credit (met, plus ½ per partial where the ruleset counts it half) and
///   the indicators counted; empty for the weighted and points models.
/// - `adjustment`: 附加项 in percentage points (points for the points model), empty when none.
/// - `unmet`: ids of counted indicators not met (unmet, partial, error), space-separated;
///   `no_evidence`: ids with no evidence (shown apart, as in the single-unit report).
/// - `revoked`: titles revoked by vetoes; `invented`: true for made-up evidence.
package struct ResultWriter: Sendable {
    package let compiled: CompiledPlan
    package let format: ResultFormat
    /// Every indicator id's bytes, one after another; id i is `idBytes[idStart[i]..<idStart[i + 1]]`.
    let idBytes: [UInt8]
    let idStart: [Int]
    let gradeBytes: [[UInt8]]
    let model: ScoringSpec.Model
    /// CSV lists: each id followed by a space in a 16-byte block, and its length with the space (0 when
    /// the id is too long for a block and is copied the ordinary way).
    let blocks: IDBlocks

    public init(_ compiled: CompiledPlan, format: ResultFormat) {
        self.compiled = compiled
        self.format = format
        var bytes: [UInt8] = [], starts = [0]
        for planned in compiled.plan.indicators {
            bytes += Array(planned.indicator.id.utf8)
            starts.append(bytes.count)
        }
        idBytes = bytes
        idStart = starts
        gradeBytes = compiled.gradeNames.map { Array($0.utf8) }
        model = compiled.plan.ruleset.scoring.model
        blocks = IDBlocks(compiled.plan.indicators.map { Array($0.indicator.id.utf8) })
    }

    package var columns: [String] {
        ["unit", "name", model == .points ? "score" : "completion", "numerator", "denominator", "adjustment", "grade", "unmet", "no_evidence", "revoked", "invented"]
    }

    /// The CSV header (with the BOM) or nothing for JSON Lines.
    package func header(into out: OutputBytes) {
        guard format == .csv else { return }
        out.append([0xEF, 0xBB, 0xBF])
        out.append(columns.joined(separator: ","))
        out.append([0x0D, 0x0A])
    }

    package func row(id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, invented: Bool,
                    score s: UnitScore, scratch: ScoringScratch, into out: OutputBytes) {
        guard format != .none else { return }
        let csv = format == .csv
        if csv {
            out.appendCSVField(id.baseAddress ?? UnsafePointer(bitPattern: 1)!, id.count)
            out.append(0x2C)
            out.appendCSVField(name.baseAddress ?? UnsafePointer(bitPattern: 1)!, name.count)
            out.append(0x2C)
        } else {
            out.append(Self.jsonUnit)
            out.appendJSONString(id.baseAddress ?? UnsafePointer(bitPattern: 1)!, id.count)
            out.append(Self.jsonName)
            out.appendJSONString(name.baseAddress ?? UnsafePointer(bitPattern: 1)!, name.count)
            out.append(model == .points ? Self.jsonScore : Self.jsonCompletion)
        }
        // completion / score
        switch model {
        case .completion:
            if s.counted > 0 {
                if csv {
                    out.append(scaled: s.halves * 10_000 / (2 * s.counted), places: 2)
                    out.append(0x25)
                } else {
                    out.append(scaled: s.halves * 1_000_000 / (2 * s.counted), places: 6, trimZeros: true)
                }
            } else if !csv { out.append(Self.null) }
        case .weighted:
            if csv {
                out.append(scaled: Int((s.value * 10_000).rounded(.towardZero)), places: 2)
                out.append(0x25)
            } else {
                out.append(scaled: Int((s.value * 1_000_000).rounded(.towardZero)), places: 6, trimZeros: true)
            }
        case .points:
            out.append(scaled: Int((s.value * 10_000).rounded(.towardZero)), places: 4, trimZeros: true)
        }
        // numerator, denominator
        if csv { out.append(0x2C) } else { out.append(Self.jsonNumerator) }
        if model == .completion {
            out.append(scaled: s.halves * 5, places: 1, trimZeros: true)
        } else if !csv { out.append(Self.null) }
        if csv { out.append(0x2C) } else { out.append(Self.jsonDenominator) }
        if model == .completion { out.append(int: s.counted) } else if !csv { out.append(Self.null) }
        // adjustment
        if csv { out.append(0x2C) } else { out.append(Self.jsonAdjustment) }
        if s.adjustment != 0 {
            let v = Int((compiled.policy.inPoints(s.adjustment) * 10_000).rounded())
            if csv, v > 0 { out.append(0x2B) }
            out.append(scaled: v, places: 4, trimZeros: true)
        } else if !csv { out.append(0x30) }
        // grade
        if csv { out.append(0x2C) } else { out.append(Self.jsonGrade) }
        if s.grade >= 0 {
            gradeBytes[s.grade].withUnsafeBufferPointer { grade in
                if csv { out.append(grade.baseAddress!, grade.count) } else { out.appendJSONString(grade.baseAddress!, grade.count) }
            }
        } else if !csv {
            out.append(0x22)
            out.append(0x22)
        }
        // unmet, no_evidence
        if csv { out.append(0x2C) } else { out.append(Self.jsonUnmet) }
        list(scratch.unmetList, scratch.unmetCount, csv: csv, into: out)
        if csv { out.append(0x2C) } else { out.append(Self.jsonNoEvidence) }
        list(scratch.noEvidenceList, scratch.noEvidenceCount, csv: csv, into: out)
        // revoked
        if csv { out.append(0x2C) } else { out.append(Self.jsonRevoked) }
        var first = true
        if !csv { out.append(0x5B) }
        if s.revokedMask != 0 {
            for v in 0..<compiled.vetoCount where s.revokedMask & (1 << UInt64(v)) != 0 {
                if !first { out.append(csv ? 0x20 : 0x2C) }
                first = false
                let name = gradeBytes[compiled.vetoGradeName[v]]
                if csv { out.append(name) } else { out.appendJSONString(name) }
            }
        }
        if !csv { out.append(0x5D) }
        // invented
        if csv {
            // Byte by byte: a static array would be fetched (and retained) for every row.
            out.append(0x2C)
            if invented {
                out.append(0x74)
                out.append(0x72)
                out.append(0x75)
                out.append(0x65)
            }
            out.append(0x0D)
            out.append(0x0A)
        } else {
            out.append(invented ? Self.jsonInventedTrue : Self.jsonInventedFalse)
            out.append([0x7D, 0x0A])
        }
    }

    @inline(__always)
    func list(_ indices: UnsafeMutablePointer<Int32>, _ n: Int, csv: Bool, into out: OutputBytes) {
        if csv {
            // Ids with a space after each, then the last space dropped.
            let blocks = self.blocks.bytes, lengths = self.blocks.lengths
            for k in 0..<n {
                let i = Int(indices[k])
                let length = Int(lengths[i])
                if length > 0 {
                    out.append16(blocks + 16 &* i, length)
                } else {
                    idBytes.withUnsafeBufferPointer { out.append($0.baseAddress! + idStart[i], idStart[i + 1] - idStart[i]) }
                    out.append(0x20)
                }
            }
            if n > 0 { out.removeLast(1) }
            return
        }
        out.append(0x5B)
        idBytes.withUnsafeBufferPointer { bytes in
            idStart.withUnsafeBufferPointer { starts in
                for k in 0..<n {
                    if k > 0 { out.append(0x2C) }
                    let i = Int(indices[k])
                    out.appendJSONString(bytes.baseAddress! + starts[i], starts[i + 1] - starts[i])
                }
            }
        }
        out.append(0x5D)
    }

    static let jsonUnit = Array("{\"unit\":".utf8)
    static let jsonName = Array(",\"name\":".utf8)
    static let jsonCompletion = Array(",\"completion\":".utf8)
    static let jsonScore = Array(",\"score\":".utf8)
    static let jsonNumerator = Array(",\"numerator\":".utf8)
    static let jsonDenominator = Array(",\"denominator\":".utf8)
    static let jsonAdjustment = Array(",\"adjustment\":".utf8)
    static let jsonGrade = Array(",\"grade\":".utf8)
    static let jsonUnmet = Array(",\"unmet\":".utf8)
    static let jsonNoEvidence = Array(",\"noEvidence\":".utf8)
    static let jsonRevoked = Array(",\"revoked\":".utf8)
    static let jsonInventedTrue = Array(",\"invented\":true".utf8)
    static let jsonInventedFalse = Array(",\"invented\":false".utf8)
    static let null = Array("null".utf8)
}

/// Indicator ids laid out for `OutputBytes.append16`: id i and a space in bytes 16i ..< 16i + 16.
final class IDBlocks: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer
    let lengths: UnsafeMutablePointer<UInt8>

    init(_ ids: [[UInt8]]) {
        let n = max(1, ids.count)
        bytes = .allocate(byteCount: 16 * n, alignment: 16)
        bytes.initializeMemory(as: UInt8.self, repeating: 0, count: 16 * n)
        lengths = .allocate(capacity: n)
        lengths.initialize(repeating: 0, count: n)
        for (i, id) in ids.enumerated() where id.count < 16 {
            for (k, byte) in (id + [0x20]).enumerated() { bytes.storeBytes(of: byte, toByteOffset: 16 * i + k, as: UInt8.self) }
            lengths[i] = UInt8(id.count + 1)
        }
    }

    deinit {
        bytes.deallocate()
        lengths.deallocate()
    }
}
