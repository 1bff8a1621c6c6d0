package import FazhiBase
package import FazhiCore

extension BatchTable.Row {
    /// The unit's evidence, as the evidence reader gives it for the unit's YAML document
    /// (`EvidenceDocument.yaml`): the same slot values, attributes and evaluation date, so a batch
    /// scores exactly as its YAML twin. The one conversion from a batch row to evidence, used by the
    /// analyses (`fazhi region`, `fazhi compare`) and the store's import.
    ///
    /// Each value is located at its cell (`FILE:LINE:COLUMN`, the line and character column of the
    /// text) and cited as the row that gives it (`region.csv 第3行：“95%”`). Evidence a check refuses
    /// (a numerator above its denominator) is an error at the cell that holds it, as `fazhi evaluate`
    /// reports it. `asOf` overrides the end of the ruleset's period, the batch's date.
    package func evidence(plan: EvaluationPlan, asOf: CalendarDate?, file: String) throws(DiagnosticList) -> UnitEvidence {
        let date = asOf ?? plan.ruleset.period.lastDay
        var facts = UnitFacts(slotCount: plan.slots.count, asOfDay: date.daysSinceEpoch)
        for (slot, value) in values.enumerated() where value != UnitFacts.missing { facts[slot] = value }
        var sources: [Int: FactSource] = [:]
        for (slot, cell) in cells {
            var source = FactSource(location: cell.location)
            source.document = Self.documentName(file)
            source.line = row
            source.quote = cell.text
            sources[slot] = source
        }
        for planned in plan.indicators {
            guard let problem = planned.evaluator.evidenceProblem(facts) else { continue }
            let cell = cells[problem.slot]
            let place: String
            switch cell {
            case let cell? where cell.field > 0: place = "row \(row), column \(cell.field) (\(Diagnostic.quoted(cell.key)))"
            case let cell?: place = "line \(row): key \"\(Diagnostic.quoted(cell.key))\""
            case nil: place = "row \(row)"
            }
            throw DiagnosticList([Diagnostic.error("\(place): \(planned.indicator.id): \(problem.message)", at: cell?.location ?? location)])
        }
        var unit = unit
        if let level = unit.level { unit.attributes["level"] = level }
        // `invented`: a yes is a flag, anything else the note saying how the data were made up.
        let note = invented.flatMap { YesNo.parse($0) == nil ? $0 : nil }
        var evidence = UnitEvidence(unit: unit, asOf: date, invented: invented != nil, inventedNote: note, facts: facts, sources: sources,
                                    file: file, location: location)
        evidence.idLocation = location
        return evidence
    }

    /// The file's name without its folders, as a citation names the document.
    static func documentName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

extension BatchTable {
    /// Every unit of a batch as evidence (`Row.evidence`), or every problem of the file.
    package func evidence(_ file: SourceFile, asOf: CalendarDate?) throws(DiagnosticList) -> [UnitEvidence] {
        let rows = try read(file)
        var units: [UnitEvidence] = []
        var problems: [Diagnostic] = []
        units.reserveCapacity(rows.count)
        for row in rows {
            do { units.append(try row.evidence(plan: plan, asOf: asOf, file: file.name)) } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return units
    }
}
