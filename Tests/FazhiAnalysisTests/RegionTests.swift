import FazhiAnalysis
import FazhiCore
import FazhiTestSupport
import FazhiBase
import Testing

/// Region goals, a quota, a creation plan and lead units, with every answer worked out by hand.
struct RegionTests {
    static let extra = """
        regionTargets:
          - { id: t-pass, year: 2023, text: 市、县全部达标, grade: 达标, min: 100%, of: { level: [city, county] } }
          - { id: t-demo, year: 2025, text: 50%以上的县成为示范, grade: 示范, min: 50%, of: { level: [county] } }
          - { id: t-quota, year: 2023, text: 示范不超过30%, grade: 示范, max: 30% }
          - { id: t-judge, year: 2023, text: 有项目获得命名, kind: assessed }
        creationTypes:
          - { id: pass, name: 达标创建, min: 60% }
          - { id: comprehensive, name: 综合示范创建, min: 90% }
          - { id: single, name: 单项示范创建 }
        creationPlan:
          - { year: 2023, unit: { name: 甲市, level: city }, types: [comprehensive, single], projects: [{ number: "1", title: 项目一 }], applyBy: 2023-04-25 }
          - { year: 2023, unit: { name: 丁县, level: county }, types: [pass], applyBy: 2023-04-25 }
          - { year: 2023, unit: { name: 戊县, level: county }, types: [pass] }
          - { year: 2024, unit: { name: 乙县, level: county }, types: [comprehensive], applyBy: 2024-04-25 }
        """

    /// city1 10/10 示范; county1 9/10 示范 (b-6 unmet); county2 7/10 达标 (b-4…b-6 unmet);
    /// county3 5/10 不达标 (a-1, a-2, b-4…b-6 unmet); dept1 8/10 达标 (b-5, b-6 unmet).
    func region() throws -> (RegionView, EvaluationPlan) {
        let s = Scratch()
        let plan = try s.plan("region.yaml", tenIndicators(id: "region", extra: Self.extra))
        let applications = """
            applications:
              - { type: comprehensive, date: 2023-04-20 }
              - { type: single, date: 2023-04-26, projects: ["1"] }

            """
        let batch = unit("city1", "甲市", level: "city", verdicts: met(allTen), extra: applications)
            + unit("county1", "乙县", verdicts: met(allTen.filter { $0 != "b-6" }))
            + unit("county2", "丙县", verdicts: met(["a-1", "a-2", "a-3", "a-4", "b-1", "b-2", "b-3"]))
            + unit("county3", "丁县", verdicts: met(["a-3", "a-4", "b-1", "b-2", "b-3"]))
            + unit("dept1", "某局", level: "department", verdicts: met(["a-1", "a-2", "a-3", "a-4", "b-1", "b-2", "b-3", "b-4"]))
        let scored = try s.score(plan, batch)
        let units = zip(scored.evidence, scored.results).map { RegionView.Unit(evidence: $0, result: $1) }
        return (RegionView(plan: plan, units: units), plan)
    }

    func ids(_ view: RegionView, _ indices: [Int]) -> [String] { indices.map { view.units[$0].result.unit.id } }

    @Test func gradeSharesAgainstGoals() throws {
        let (view, plan) = try region()
        #expect(view.period == 2023)
        #expect(view.distribution.map { "\($0.grade) \($0.count)" } == ["示范 2", "达标 2", "不达标 1"])

        // t-pass: city and counties (4); 达标 or better: city1, county1, county2 → 3/4 = 75%; ⌈100% × 4⌉ = 4.
        let pass = view.targets[0]
        #expect(pass.state == .unmet)
        #expect(ids(view, pass.inScope) == ["city1", "county1", "county2", "county3"])
        #expect(pass.atOrAbove.count == 3 && pass.share == Fraction(3, 4) && pass.share.percentText == "75%")
        #expect(pass.required == 4 && pass.shortBy == 1)
        #expect(pass.closest.map { view.units[$0.unit].result.unit.id } == ["county3"])
        #expect(pass.closest[0].gap.steps.map { plan.indicators[$0.position].indicator.id } == ["a-1"])

        // t-demo: counties (3); 示范: county1 → 1/3; ⌈50% × 3⌉ = 2 → 1 short; county2 needs 2 more
        // (b-4, b-5), county3 needs 4 → county2 first.
        let demo = view.targets[1]
        #expect(demo.share.percentText == "33.3%")
        #expect(demo.required == 2 && demo.shortBy == 1)
        #expect(demo.closest.map { view.units[$0.unit].result.unit.id } == ["county2", "county3"])
        #expect(demo.closest.map(\.gap.steps.count) == [2, 4])

        // t-quota: all 5 units; 示范: city1 (100%), county1 (90%) → 2/5 = 40% > 30%; ⌊30% × 5⌋ = 1
        // allowed → county1, the lower score, is over the quota.
        let quota = view.targets[2]
        #expect(quota.state == .unmet)
        #expect(quota.share.percentText == "40%")
        #expect(quota.allowed == 1 && quota.overBy == 1)
        #expect(ids(view, quota.overQuota) == ["county1"])
        #expect(!quota.tieAtCutoff)

        #expect(view.targets[3].state == .assessed)
    }

    @Test func creationPlanChecked() throws {
        let (view, _) = try region()
        let checks = view.planChecks
        #expect(checks.count == 4)
        // 甲市: 10/10 ≥ 90%; one project filed; comprehensive on 04-20 (on time), single on 04-26 (late).
        #expect(checks[0].items.map { "\($0.what) \($0.state.rawValue)" } == [
            "综合示范创建 ≥90% met", "单项示范创建：申报项目 met",
            "申报时限 2023-04-25：综合示范创建 met", "申报时限 2023-04-25：单项示范创建 unmet",
        ])
        #expect(checks[0].items[3].detail == "2023-04-26 申报，晚于 2023-04-25")
        // 丁县: 5/10 < 60%; its evidence has no applications: the deadline cannot be checked.
        #expect(checks[1].items.map(\.state) == [.unmet, .cannotCheck])
        #expect(checks[1].items[0].detail == "完成 5/10 = 50%，未达到 60%")
        // 戊县 is not in the batch.
        #expect(checks[2].unit == nil && checks[2].items.map(\.state) == [.cannotCheck])
        // 乙县's row is for 2024; the evidence is 2023: for reference only.
        #expect(checks[3].items.map(\.state) == [.otherYear, .otherYear])
    }

    /// Shortfalls per lead unit: 甲局 leads a-1 and a-2 (county3 misses both), 乙局 a-2; the second
    /// group names no lead, so its shortfalls (b-6 × 4, b-5 × 3, b-4 × 2) go under the group.
    @Test func leadUnitsOwningShortfalls() throws {
        let (view, plan) = try region()
        #expect(view.leads.map { "\($0.lead) \($0.shortfalls)" } == ["甲局 2", "乙局 1", "二 第二组 9"])
        #expect(view.leads[2].isGroupFallback)
        #expect(view.leads[2].indicators.map { "\(plan.indicators[$0.position].indicator.id)×\($0.units)" } == ["b-6×4", "b-5×3", "b-4×2"])
    }

    @Test func wrongApplicationTypeIsLocated() throws {
        let s = Scratch()
        let plan = try s.plan("region.yaml", tenIndicators(id: "region", extra: Self.extra))
        let text = unit("city1", "甲市", level: "city", verdicts: met(allTen), extra: "applications:\n  - { type: comprehensiv, date: 2023-04-20 }\n")
        #expect(throws: DiagnosticList.self) { try s.score(plan, text) }
        do {
            _ = try s.score(plan, text)
        } catch let error as DiagnosticList {
            let message = error.diagnostics[0].description
            #expect(message.contains(":17:"))
            #expect(message.contains("did you mean \"comprehensive\"?"))
        }
    }
}
