import FazhiCore
import FazhiBase

// JSON Lines batches: one flat object per line, keyed like the CSV header (`{"id": "x", "name": "某县",
// "court_appearance_rate": "95%", "xx-12": "met"}`). Values are strings, numbers, true/false or null
// (no evidence). Hand-written: the mirrored JSON decoders build a `String` and a dictionary per object,
// which is what the batch path must not do; keys are resolved once per position and compared as bytes.

extension ChunkWorker {
    func jsonRecord(at: Int) -> Int? {
        while true {
            let local = at - bufferStart
            var lineEnd = local
            while lineEnd < bufferCount, buffer[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd >= bufferCount, bufferStart + bufferCount < fileSize {
                if bufferCount - local >= Self.maxRecordBytes {
                    problem = RecordProblem(localRow: records + 1, column: 1, message: "the line is longer than 16 MB", hint: nil)
                    return nil
                }
                if local > 0 {
                    buffer.update(from: buffer + local, count: bufferCount - local)
                    bufferStart += local
                    bufferCount -= local
                }
                extend(by: 64 << 10)
                continue
            }
            let next = bufferStart + min(bufferCount, lineEnd + 1)
            let ok = parseJSONLine(buffer, local, lineEnd)
            records += 1
            return ok && problem == nil ? next : nil
        }
    }

    /// Parses one line `p[start..<end]`; scores and writes it. Returns false after a problem.
    func parseJSONLine(_ p: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        @inline(__always) func skipSpace() { while i < end, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D { i += 1 } }
        func fail(_ message: String, at position: Int, key: String? = nil, hint: String? = nil) -> Bool {
            // Character column within the line.
            var column = 1
            for k in start..<min(position, end) where p[k] & 0xC0 != 0x80 { column += 1 }
            problem = RecordProblem(localRow: records + 1, column: column, message: message, hint: hint, columnName: key)
            return false
        }
        skipSpace()
        if i == end { return true }  // a blank line
        if i + 2 < end, p[i] == 0xEF, p[i + 1] == 0xBB, p[i + 2] == 0xBF {
            return fail(i == 0 && bufferStart + start == 0
                        ? "a byte order mark (U+FEFF) starts the line"
                        : "a byte order mark (U+FEFF) starts this line, in the middle of the file; two files pasted together?", at: i,
                        hint: "remove it")
        }
        guard p[i] == 0x7B else { return fail("expected a JSON object ({…}) on each line", at: i) }
        lineStamp += 1
        if slotStamps.count != facts.values.count { slotStamps = Array(repeating: -1, count: facts.values.count) }
        i += 1
        facts.values.withUnsafeMutableBufferPointer { $0.update(repeating: UnitFacts.missing) }
        var id = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var name = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var inventedFlag = false
        var hasID = false
        var position = 0
        skipSpace()
        if i < end, p[i] == 0x7D {
            return fail("the object has no unit id", at: i)
        }
        while true {
            skipSpace()
            guard i < end, p[i] == 0x22 else { return fail("expected a key in double quotes", at: i) }
            guard let (ks, kn, kEscaped, after) = jsonString(p, i, end) else { return fail("a string is not closed on this line", at: i) }
            let keyStart = i
            i = after
            guard let (kp, kl) = kEscaped ? unescapeJSON(p + ks, kn, into: cellScratch) : (UnsafePointer(p + ks), kn) else {
                return fail(Self.badEscape, at: keyStart, hint: Self.escapeHint)
            }
            guard let role = jsonRole(kp, kl, position: position) else {
                let key = String(decoding: UnsafeBufferPointer(start: kp, count: kl), as: UTF8.self)
                if case .failure(let unknown) = columns.role(of: key) {
                    return fail(unknown.message, at: keyStart, key: key, hint: unknown.hint)
                }
                return fail("unknown key \"\(Diagnostic.quoted(key))\"", at: keyStart, key: key)
            }
            position += 1
            let roleKind = jsonLayout.kinds[role]
            if roleKind != .unused {
                let roleSlot = jsonLayout.slots[role]
                let seen: Bool
                if roleSlot >= 0, roleKind != .level {
                    seen = slotStamps[roleSlot] == lineStamp
                    slotStamps[roleSlot] = lineStamp
                } else {
                    seen = unitStamps[Int(roleKind.rawValue)] == lineStamp
                    unitStamps[Int(roleKind.rawValue)] = lineStamp
                }
                if seen {
                    let key = String(decoding: UnsafeBufferPointer(start: kp, count: kl), as: UTF8.self)
                    return fail("this key gives a value already given on this line (the same key, or the same fact by another name); expected each once",
                                at: keyStart, key: key)
                }
            }
            skipSpace()
            guard i < end, p[i] == 0x3A else { return fail("expected ':' after the key", at: i) }
            i += 1
            skipSpace()
            guard i < end else { return fail("expected a value", at: i) }
            let valueStart = i
            var vp: UnsafePointer<UInt8>
            var vn: Int
            var isNull = false
            switch p[i] {
            case 0x22:
                guard let (vs, n, escaped, after) = jsonString(p, i, end) else { return fail("a string is not closed on this line", at: i) }
                i = after
                if escaped {
                    let target = jsonLayout.kinds[role] == .id ? idScratch : jsonLayout.kinds[role] == .name ? nameScratch : cellScratch
                    guard let unescaped = unescapeJSON(p + vs, n, into: target) else {
                        return fail(Self.badEscape, at: valueStart, key: jsonLayout.names[role], hint: Self.escapeHint)
                    }
                    (vp, vn) = unescaped
                } else {
                    (vp, vn) = (UnsafePointer(p + vs), n)
                }
            case 0x7B, 0x5B:
                return fail("expected a string, number, true, false or null; nested objects and lists are not read", at: i,
                            key: jsonLayout.names[role])
            default:
                var j = i
                while j < end, p[j] != 0x2C, p[j] != 0x7D, p[j] != 0x20, p[j] != 0x09, p[j] != 0x0D { j += 1 }
                (vp, vn) = (UnsafePointer(p + i), j - i)
                isNull = vn == 4 && p[i] == 0x6E && p[i + 1] == 0x75 && p[i + 2] == 0x6C && p[i + 3] == 0x6C
                i = j
            }
            if !isNull {
                let kind = jsonLayout.kinds[role]
                let slot = jsonLayout.slots[role]
                let (tp, tn) = Cells.trim(vp, vn)
                switch kind {
                case .metric, .verdict, .event:
                    if tn > 0 {
                        let problem = facts.values.withUnsafeMutableBufferPointer { values in
                            apply(kind, slot: slot, unit: jsonLayout.units[role], tp, tn, values: values)
                        }
                        if let problem {
                            let cell = String(decoding: UnsafeBufferPointer(start: vp, count: vn), as: UTF8.self)
                            let (message, hint) = problem.message(cell: cell, unit: kind == .metric ? jsonLayout.units[role] : nil)
                            return fail(message, at: valueStart, key: jsonLayout.names[role], hint: hint)
                        }
                    }
                case .id:
                    if tn == 0 { return fail(CellProblem.emptyID.message(cell: "", unit: nil).0, at: valueStart, key: "id") }
                    id = UnsafeBufferPointer(start: tp, count: tn)
                    hasID = true
                case .name:
                    name = UnsafeBufferPointer(start: tp, count: tn)
                case .invented:
                    inventedFlag = Cells.invented(tp, tn)
                case .level, .attribute:
                    if tn > 0 {
                        if kind == .level, !Cells.levels.contains(where: { Cells.equals(tp, tn, $0) }) {
                            let (message, hint) = CellProblem.unknownLevel.message(cell: String(decoding: UnsafeBufferPointer(start: tp, count: tn), as: UTF8.self), unit: nil)
                            return fail(message, at: valueStart, key: jsonLayout.names[role], hint: hint)
                        }
                        if slot >= 0 {
                            let code = columns.attributeCode(tp, tn, table: jsonLayout.tables[role])
                            if code < 0 {
                                let (message, hint) = CellProblem.notBoolean.message(cell: String(decoding: UnsafeBufferPointer(start: tp, count: tn), as: UTF8.self), unit: nil)
                                return fail(message, at: valueStart, key: jsonLayout.names[role], hint: hint)
                            }
                            facts[slot] = code
                        }
                    }
                case .parent, .unused:
                    break
                }
            }
            skipSpace()
            guard i < end else { return fail("expected ',' or '}'", at: i) }
            if p[i] == 0x2C { i += 1; continue }
            if p[i] == 0x7D { i += 1; break }
            return fail("expected ',' or '}'", at: i)
        }
        skipSpace()
        if i < end { return fail("text after the object; expected one object per line", at: i) }
        if !hasID { return fail("the object has no unit id (\"id\" or \"单位编号\")", at: start) }
        if let problem = textProblem(id: id, name: name, record: p + start, idColumn: 0) {
            self.problem = problem
            return false
        }
        finishRecord(id: id, name: name, invented: inventedFlag)
        return problem == nil
    }

    /// The role index (into `jsonLayout`) of the key at `position`: the same key as last time at this
    /// position is a byte comparison; otherwise it is resolved once and remembered.
    func jsonRole(_ p: UnsafePointer<UInt8>, _ n: Int, position: Int) -> Int? {
        if position < keyCache.count, Cells.equals(p, n, keyCache[position].key) { return keyCache[position].role }
        let key = Array(UnsafeBufferPointer(start: p, count: n))
        let role: Int
        if let known = jsonRoles[key] {
            role = known
        } else {
            guard case .success(let r) = columns.role(of: String(decoding: key, as: UTF8.self)) else { return nil }
            role = jsonLayout.count
            jsonLayout.append(String(decoding: key, as: UTF8.self), r)
            jsonRoles[key] = role
        }
        if position < keyCache.count { keyCache[position] = (key, role) } else { keyCache.append((key, role)) }
        return role
    }

    /// The string starting at the quote `p[i]`: content start, length, whether it has escapes, and the
    /// index after the closing quote; nil when it is not closed before `end`.
    @inline(__always)
    func jsonString(_ p: UnsafeMutablePointer<UInt8>, _ i: Int, _ end: Int) -> (Int, Int, Bool, Int)? {
        var j = i + 1
        var escaped = false
        while j < end {
            let c = p[j]
            if c == 0x22 { return (i + 1, j - i - 1, escaped, j + 1) }
            if c == 0x5C { escaped = true; j += 2; continue }
            j += 1
        }
        return nil
    }

    static let badEscape = "a string has an invalid escape; expected \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u followed by four hex digits"
    static let escapeHint = "write a backslash itself as \\\\"

    /// JSON escapes (\" \\ \/ \b \f \n \r \t \uXXXX with surrogate pairs) decoded to UTF-8 in `scratch`;
    /// nil for any other escape (`\q`) or a `\u` without four hex digits, which JSON does not allow.
    func unescapeJSON(_ p: UnsafePointer<UInt8>, _ n: Int, into scratch: OutputBytes) -> (UnsafePointer<UInt8>, Int)? {
        scratch.removeAll()
        var k = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= n else { return nil }
            var v: UInt32 = 0
            for m in at..<(at + 4) {
                let c = p[m]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while k < n {
            let c = p[k]
            guard c == 0x5C else { scratch.append(c); k += 1; continue }
            guard k + 1 < n else { return nil }
            let e = p[k + 1]
            k += 2
            switch e {
            case 0x6E: scratch.append(0x0A)
            case 0x72: scratch.append(0x0D)
            case 0x74: scratch.append(0x09)
            case 0x62: scratch.append(0x08)
            case 0x66: scratch.append(0x0C)
            case 0x75:
                guard var u = hex4(k) else { return nil }
                k += 4
                if (0xD800...0xDBFF).contains(u), k + 6 <= n, p[k] == 0x5C, p[k + 1] == 0x75, let low = hex4(k + 2), (0xDC00...0xDFFF).contains(low) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                    k += 6
                }
                let scalar = Unicode.Scalar(u) ?? "\u{FFFD}"
                for b in String(scalar).utf8 { scratch.append(b) }
            case 0x22, 0x5C, 0x2F: scratch.append(e)
            default: return nil
            }
        }
        return Cells.trim(scratch.base, scratch.count)
    }
}
