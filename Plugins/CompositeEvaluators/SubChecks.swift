import FazhiCore
import FazhiBase

// The composite family: checks made of checks (all_of, any_of) and the weighted score.

/// The sub-checks of `all_of` / `any_of`, built once at load with `PlanContext.makeSubCheck`.
struct SubChecks: Sendable {
    let checks: [any IndicatorEvaluator]
    let titles: [String?]

    /// Counts of sub-check outcomes for one unit, read without allocating.
    struct Tally {
        var met = 0, partial = 0, unmet = 0, notApplicable = 0, noEvidence = 0, error = 0
        /// Sum of the applicable sub-checks' credits, and the largest credit of a met one.
        var creditSum: Int64 = 0
        var bestMetCredit: Int64 = 0
        var applicable: Int { met + partial + unmet + noEvidence + error }
    }

    /// Reads `of:`: a non-empty list of checks. Sub-checks that fail to build are reported by the
    /// context and left out (the plan has errors and will not run).
    init(parameters: NodeValue, context: PlanContext) throws(Diagnostic) {
        let list = try parameters.required("of", "a list of checks, each with its own kind").list()
        guard !list.isEmpty else { throw parameters["of"]!.expected("at least one check") }
        var checks: [any IndicatorEvaluator] = []
        var titles: [String?] = []
        for (i, item) in list.enumerated() {
            guard var check = context.makeSubCheck(item, index: i, extraKeys: ["appliesTo"]) else { continue }
            if let applies = item["appliesTo"], !applies.isNull {
                // 仅适用于…: a part of the item that binds only some units.
                do { check = try ConditionalCheck(check, appliesTo: applies, context: context) } catch { context.report(error); continue }
            }
            checks.append(check)
            var title: String?
            if let t = item["title"], !t.isNull {
                do { title = try t.text() } catch { context.report(error) }
            }
            titles.append(title)
        }
        self.checks = checks
        self.titles = titles
    }

    func tally(_ facts: borrowing UnitFacts) -> Tally {
        var t = Tally()
        // By index, not `for check in checks`: iterating copies each existential (and retains what
        // it holds), which the bulk scorer pays for every unit.
        for i in checks.indices {
            let o = checks[i].evaluate(facts)
            switch o.state {
            case .met:
                t.met += 1
                if o.credit.raw > t.bestMetCredit { t.bestMetCredit = o.credit.raw }
            case .partial: t.partial += 1
            case .unmet: t.unmet += 1
            case .notApplicable: t.notApplicable += 1; continue
            case .noEvidence: t.noEvidence += 1
            case .error: t.error += 1
            }
            t.creditSum += o.credit.raw
        }
        return t
    }

    /// Every sub-check's compiled form, or nil when one has none.
    var compiledChecks: [CompiledCheck]? {
        var out: [CompiledCheck] = []
        for check in checks {
            guard let c = check.compiledCheck else { return nil }
            out.append(c)
        }
        return out
    }

    /// "报备率 ≥ 100%" for sub-check `i`: its title, else its requirement.
    func label(_ i: Int) -> String { titles[i] ?? checks[i].requirement }

    /// The findings of every sub-check, and the slots they read.
    func findings(_ facts: borrowing UnitFacts) -> ([Finding], [Int]) {
        var findings: [Finding] = []
        var slots: [Int] = []
        for check in checks {
            let f = check.explain(facts)
            findings.append(f)
            for s in f.slots where !slots.contains(s) { slots.append(s) }
        }
        return (findings, slots)
    }

    func requirement(joinedBy separator: String) -> String {
        checks.indices.map { i in titles[i].map { "\($0)（\(checks[i].requirement)）" } ?? checks[i].requirement }
            .joined(separator: separator)
    }

    var targets: [Target] { checks.flatMap(\.targets) }

    func evidenceProblem(_ facts: borrowing UnitFacts) -> EvidenceProblem? {
        for check in checks { if let p = check.evidenceProblem(facts) { return p } }
        return nil
    }
}
