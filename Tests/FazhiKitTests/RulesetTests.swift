import FazhiKit
import Testing

/// Loading, checking and looking into rulesets, as `validate`, `show` and `explain` do.
struct RulesetTests {
    @Test func bundledRulesetResolvesById() throws {
        let plan = try workspace.plan("ningxia-2023-eight-actions")
        #expect(plan.ruleset.id == "ningxia-2023-eight-actions")
        #expect(plan.groups.count == 8)
        #expect(plan.indicators.count == 50)
        #expect(plan.vetoes.count == 1)
    }

    @Test func catalogValidatesAsCatalog() throws {
        guard case .catalog(let catalog) = try workspace.validate(root + "/rulesets/metrics.yaml") else {
            Issue.record("metrics.yaml was not checked as the catalog")
            return
        }
        #expect(!catalog.metrics.isEmpty)
    }

    /// Every problem of a broken ruleset comes back as a value, located at file:line:col.
    @Test func brokenRulesetProblemsAreLocated() throws {
        let file = corpus("ruleset-misspelt-key.yaml")
        guard case .rulesetProblems(let list) = try workspace.validate(file) else {
            Issue.record("a misspelt key was accepted")
            return
        }
        let located = list.diagnostics.map { $0.location?.description }
        #expect(located == [file + ":13:73", file + ":13:9"])
        #expect(list.diagnostics[0].hint == "did you mean \"metric\"?")
    }

    @Test func unknownRulesetIsAProblem() {
        #expect(!problems { () throws(DiagnosticList) in try workspace.plan("no-such-ruleset") }.isEmpty)
    }

    /// A broken catalog stops everything: no ruleset can be checked without it.
    @Test func brokenCatalogThrows() {
        let broken = Workspace(rulesets: root + "/rulesets", catalog: corpus("yaml-bad-indent.yaml"))
        let found = problems { () throws(DiagnosticList) in try broken.validate("ningxia-2023-eight-actions") }
        #expect(found.first?.location?.file == corpus("yaml-bad-indent.yaml"))
    }

    @Test func indicatorByIdOrNumber() throws {
        let plan = try workspace.plan("ningxia-2023-eight-actions")
        let first = plan.indicators[0].indicator
        #expect(try workspace.indicator(first.id, of: plan).indicator.id == first.id)
        if let number = first.number {
            #expect(try workspace.indicator(number, of: plan).indicator.id == first.id)
        }
        let misspelt = first.id + "x"
        let found = problems { () throws(DiagnosticList) in try workspace.indicator(misspelt, of: plan) }
        #expect(found.first?.message.contains("did you mean \(first.id) (\(first.number.map { "\($0) " } ?? "")\(first.title))") == true)
    }
}
