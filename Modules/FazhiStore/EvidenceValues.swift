import FazhiKit
import Foundation

/// A submission version's evidence as the evidence reader read it from the stored document, kept in
/// `evidence_values` so scoring need not parse the YAML again: every value, source, place and
/// attribute, in a compact binary form. The document stays the record; this is derived from it at
/// import (the read-back that proves the document holds the submitted values) and decodes to the very
/// `UnitEvidence` the reader gives for the document under the campaign's plan (a test compares them
/// field by field). What the form cannot hold exactly (exemptions, creation applications, warnings, a
/// place outside the document) is not kept, and such a version is scored from its document as before.
///
/// Written by hand rather than through `Codable` and JSON or a property list: `UnitEvidence` and its
/// parts are not `Codable` (FazhiCore keeps no coding), and decoding is on the scoring path of every
/// unit, where a keyed format's string keys and boxing would cost a good part of what parsing the YAML
/// did. Every read is bounds-checked; a row that does not decode is not used (and `fazhi check` names it).
enum EvidenceValues {
    static let format: UInt8 = 1

    /// The form of `evidence`, read from a standalone document (every place in `evidence.file`), or nil
    /// when it holds anything the form does not keep.
    static func encode(_ evidence: UnitEvidence, plan: EvaluationPlan) -> Data? {
        guard evidence.exemptions.isEmpty, evidence.applications.isEmpty, evidence.warnings.isEmpty,
              evidence.facts.values.count == plan.slots.count else { return nil }
        var w = Writer()
        w.bytes.append(format)
        w.int(evidence.facts.values.count)
        w.int(evidence.facts.asOfDay)
        for v in evidence.facts.values { w.int64(v) }
        let unit = evidence.unit
        w.string(unit.id)
        w.string(unit.name)
        w.optional(unit.level)
        w.optional(unit.parent)
        w.int(unit.attributes.count)
        for (key, value) in unit.attributes.sorted(by: { $0.key < $1.key }) {
            w.string(key)
            w.string(value)
        }
        w.optional(evidence.period)
        w.date(evidence.asOf)
        w.int(evidence.invented ? 1 : 0)
        w.optional(evidence.inventedNote)
        w.int(evidence.sources.count)
        for (slot, source) in evidence.sources.sorted(by: { $0.key < $1.key }) {
            w.int(slot)
            guard w.location(source.location, in: evidence.file) else { return nil }
            w.optional(source.document)
            w.optional(source.page)
            w.optional(source.line)
            w.optional(source.quote)
            w.optional(source.note)
        }
        for location in [evidence.location, evidence.idLocation] {
            guard let location else {
                w.int(0)
                continue
            }
            w.int(1)
            guard w.location(location, in: evidence.file) else { return nil }
        }
        return Data(w.bytes)
    }

    /// The evidence `data` holds, its places in `file` (the stored document, named as scoring names
    /// it); nil when the data is not of this form or not for this plan.
    static func decode(_ data: Data, plan: EvaluationPlan, file: SourceFile) -> UnitEvidence? {
        var r = Reader(bytes: [UInt8](data))
        guard r.byte() == format, let slots = r.int(), slots == plan.slots.count, let asOfDay = r.int() else { return nil }
        var facts = UnitFacts(slotCount: slots, asOfDay: asOfDay)
        for slot in 0..<slots {
            guard let v = r.int64() else { return nil }
            facts.values[slot] = v
        }
        guard let id = r.string(), let name = r.string(), let level = r.optionalString(), let parent = r.optionalString(),
              let attributeCount = r.int() else { return nil }
        var attributes: [String: String] = [:]
        for _ in 0..<attributeCount {
            guard let key = r.string(), let value = r.string() else { return nil }
            attributes[key] = value
        }
        guard let period = r.optionalInt(), let asOf = r.date(), let invented = r.int(), let inventedNote = r.optionalString(),
              let sourceCount = r.int() else { return nil }
        var sources: [Int: FactSource] = [:]
        for _ in 0..<sourceCount {
            guard let slot = r.int(), (0..<slots).contains(slot), let location = r.location(file),
                  let document = r.optionalString(), let page = r.optionalString(), let line = r.optionalInt(),
                  let quote = r.optionalString(), let note = r.optionalString() else { return nil }
            sources[slot] = FactSource(location: location, document: document, page: page, line: line, quote: quote, note: note)
        }
        var places: [SourceLocation?] = []
        for _ in 0..<2 {
            guard let present = r.int() else { return nil }
            if present == 0 { places.append(nil) } else {
                guard let location = r.location(file) else { return nil }
                places.append(location)
            }
        }
        guard r.atEnd else { return nil }
        var evidence = UnitEvidence(unit: UnitInfo(id: id, name: name, level: level, parent: parent, attributes: attributes), period: period,
                                    asOf: asOf, invented: invented != 0, inventedNote: inventedNote, facts: facts, sources: sources,
                                    file: file.name, location: places[0])
        evidence.idLocation = places[1]
        return evidence
    }

    /// Integers as zigzag varints, text as its length and UTF-8 bytes, nil as -1.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func int64(_ v: Int64) {
            var u = UInt64(bitPattern: (v << 1) ^ (v >> 63))
            while u >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: u) | 0x80)
                u >>= 7
            }
            bytes.append(UInt8(u))
        }

        mutating func int(_ v: Int) { int64(Int64(v)) }

        mutating func string(_ s: String) {
            int(s.utf8.count)
            bytes.append(contentsOf: s.utf8)
        }

        mutating func optional(_ s: String?) {
            if let s { string(s) } else { int(-1) }
        }

        mutating func optional(_ v: Int?) {
            if let v {
                int(1)
                int(v)
            } else {
                int(0)
            }
        }

        mutating func date(_ d: CalendarDate) {
            int(d.year)
            int(d.month)
            int(d.day)
        }

        /// A place in the document itself (false for one elsewhere: a sheet, another file, no text).
        mutating func location(_ l: SourceLocation, in file: String) -> Bool {
            guard l.source != nil, l.sheet == nil, l.file == file, l.source?.name == file else { return false }
            int(Int(l.start.line))
            int(Int(l.start.column))
            int(Int(l.end.line))
            int(Int(l.end.column))
            return true
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }

        mutating func byte() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func int64() -> Int64? {
            var u: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard let b = byte(), shift < 64 else { return nil }
                u |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
        }

        mutating func int() -> Int? { int64().flatMap { Int(exactly: $0) } }

        mutating func string() -> String? {
            guard let count = int(), count >= 0, count <= bytes.count - position else { return nil }
            defer { position += count }
            return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
        }

        /// nil when the data is broken; .some(nil) for a nil kept.
        mutating func optionalString() -> String?? {
            guard let count = int() else { return nil }
            if count == -1 { return .some(nil) }
            guard count >= 0, count <= bytes.count - position else { return nil }
            defer { position += count }
            return .some(String(decoding: bytes[position..<(position + count)], as: UTF8.self))
        }

        mutating func optionalInt() -> Int?? {
            guard let present = int() else { return nil }
            if present == 0 { return .some(nil) }
            guard let v = int() else { return nil }
            return .some(v)
        }

        mutating func date() -> CalendarDate? {
            guard let year = int(), let month = int(), let day = int() else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }

        mutating func location(_ file: SourceFile) -> SourceLocation? {
            guard let line = int(), let column = int(), let endLine = int(), let endColumn = int() else { return nil }
            return SourceLocation(source: file, start: Mark(line: line, column: column), end: Mark(line: endLine, column: endColumn))
        }
    }
}
