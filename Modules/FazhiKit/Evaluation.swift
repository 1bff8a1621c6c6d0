public import FazhiCore
public import FazhiExtract
import FazhiYAML

/// Units' evidence scored against one plan: what `fazhi evaluate` reports on.
public struct Evaluation: Sendable {
    public var plan: EvaluationPlan
    /// The units as read, in the order of their sources.
    public var evidence: [UnitEvidence]
    /// One result per unit, in the same order.
    public var results: [UnitResult]
    /// Units read from narrative reports (by id): their gaps are worth asking about, since a report
    /// leaves out much that an evidence file would give.
    public var fromReports: Set<String> = []

    /// Every indicator of every unit as a flat record, for a store or a server.
    public var records: [ResultRecord] {
        results.flatMap { ResultRecord.records(of: $0, plan: plan) }
    }
}

extension Workspace {
    /// Reads the evidence sources and the drafts extracted from reports (see `extract`), then scores
    /// every unit. `asOf` overrides the evidence's own date. All problems in all sources are thrown
    /// together, located. A unit may appear in several sources (each is scored); a report's unit may
    /// not repeat one already read.
    public func evaluate(_ plan: EvaluationPlan, evidence: [EvidenceSource], reports: [DraftEvidence] = [],
                         asOf: CalendarDate? = nil) throws(DiagnosticList) -> Evaluation {
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        var units: [UnitEvidence] = []
        var problems: [Diagnostic] = []
        for source in evidence {
            do { units += try source.units(reader, limits: limits) } catch { problems += error.diagnostics }
        }
        // A draft is read as evidence, with the same checks as a file.
        var fromReports = Set<String>()
        for draft in reports {
            let name = draft.extraction.report.name
            let document: Document
            do { document = try YAMLParser.singleDocument(in: SourceFile(name: "\(name) (fazhi extract)", text: draft.yaml())) } catch {
                problems.append(error)
                continue
            }
            let unit: UnitEvidence
            do { unit = try reader.read(document) } catch {
                problems += error.diagnostics
                continue
            }
            if units.contains(where: { $0.unit.id == unit.unit.id }) {
                problems.append(Diagnostic.error("\(name): unit id \"\(unit.unit.id)\" is already used; give --unit-id", at: nil))
                continue
            }
            fromReports.insert(unit.unit.id)
            units.append(unit)
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        let scorer = Scorer(plan: plan)
        return Evaluation(plan: plan, evidence: units, results: units.map(scorer.evaluate), fromReports: fromReports)
    }

    /// Reads and scores the units of several sources for an analysis (comparison, region), where a
    /// unit given twice is a mistake. Sources are read under the default limits, as the analysis
    /// commands always have.
    func score(_ plan: EvaluationPlan, _ sources: [EvidenceSource], asOf: CalendarDate?,
               progress: (Progress) -> Void) throws(DiagnosticList) -> Evaluation {
        try AnalysisMemory.check(plan, sources)
        let reader = EvidenceReader(plan: plan, asOf: asOf)
        var units: [UnitEvidence] = []
        var problems: [Diagnostic] = []
        var seen: [String: SourceLocation?] = [:]
        progress(Progress(stage: .reading, done: 0, total: sources.count))
        for (i, source) in sources.enumerated() {
            do {
                for unit in try source.units(reader, limits: .default) {
                    // A batch file refuses a repeated unit id; across sources it is refused here.
                    if let first = seen[unit.unit.id] {
                        problems.append(Diagnostic(.error, "duplicate unit id \"\(unit.unit.id)\" across the evidence files; expected each unit once",
                                                   at: unit.idLocation ?? unit.location, notes: [.init("first given here", at: first)]))
                        continue
                    }
                    let idLocation: SourceLocation? = unit.idLocation ?? unit.location
                    seen[unit.unit.id] = idLocation
                    units.append(unit)
                }
            } catch { problems += error.diagnostics }
            progress(Progress(stage: .reading, done: i + 1, total: sources.count))
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        let scorer = Scorer(plan: plan)
        var results: [UnitResult] = []
        results.reserveCapacity(units.count)
        progress(Progress(stage: .scoring, done: 0, total: units.count))
        for (i, unit) in units.enumerated() {
            results.append(scorer.evaluate(unit))
            progress(Progress(stage: .scoring, done: i + 1, total: units.count))
        }
        return Evaluation(plan: plan, evidence: units, results: results)
    }
}

extension Evaluation {
    /// Whether some unit's grade ranks below `grade` (the CLI's `--fail-below`).
    package func anyUnit(below grade: String) -> Bool {
        let scorer = Scorer(plan: plan)
        let limit = scorer.rank(of: grade)
        return results.contains { scorer.rank(of: $0.grade) > limit }
    }
}
