import FazhiBase
import FazhiCore
import FazhiTestSupport
import Foundation
import Testing

/// A problem in a parent ruleset is reported in the parent, at its own line and column, whichever
/// ruleset was loaded; and the content hash depends on the rules, not on how the file is written.
struct ParentRulesetTests {
    func parent(_ w: Workspace, metric: String = "example_rate") -> String {
        w.write("base.yaml", ruleset(id: "base", groups: """
              - id: g
                title: 组
                indicators:
                  - { id: b-1, text: 出庭率100%, kind: rate_at_least, metric: \(metric), min: 100% }
                  - { id: b-2, text: 任务二, kind: assessed }
            """))
    }

    let child = """
        fazhi: 1
        id: child
        extends: base
        overrides:
          - { id: b-1, set: { min: 90% } }
        """

    @Test func inheritedValueOfAnOverriddenIndicatorIsReportedInTheParent() throws {
        let w = Workspace()
        let base = parent(w, metric: "exmple_rate")
        w.write("child.yaml", child)
        let problems = try w.problems("child.yaml")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix(
            "\(base):13:64: error: groups[0].indicators[0].metric: unknown metric \"exmple_rate\"") == true,
            "\(problems)")
    }

    @Test func syntaxErrorInTheParentIsReportedAtItsOwnLine() throws {
        let w = Workspace()
        let base = w.write("base.yaml", "fazhi: 1\nid: base\ngroups: [\n  - oops\n")
        let childPath = w.write("child.yaml", child)
        // What the child would inherit or override is not reported again: only the parent's error.
        let problems = try w.problems("child.yaml")
        #expect(problems.count == 1, "\(problems)")
        let text = problems.first ?? ""
        #expect(text.hasPrefix("\(base):4:3: error: did not find expected node content"), "\(text)")
        #expect(text.contains("\(childPath):3:10: note: in the ruleset extended here"))
    }

    @Test func contentHashIgnoresLayoutKeyOrderAndComments() throws {
        let w = Workspace()
        _ = parent(w)
        let flow = try w.plan("base.yaml").ruleset.contentHash
        w.write("reformatted.yaml", """
            # The same rules, written in block style with the keys in another order.
            id: base
            fazhi: 1
            title: 测试指标体系
            issuer: 测试市人民政府
            jurisdiction:
              level: city
              name: 测试市
            source:
              file: test.txt
            period: 2023
            groups:
              - title: 组
                id: g
                indicators:
                  - min: 100%            # the threshold
                    metric: example_rate
                    kind: rate_at_least
                    text: 出庭率100%
                    id: b-1
                  - id: b-2
                    kind: assessed
                    text: 任务二
            """)
        let block = try w.plan("reformatted.yaml").ruleset.contentHash
        #expect(flow == block)
        #expect(flow.hasPrefix("sha256:") && flow.count == 71)

        w.write("stricter.yaml", try String(contentsOfFile: w.directory + "/reformatted.yaml", encoding: .utf8)
            .replacingOccurrences(of: "min: 100%", with: "min: 95%"))
        #expect(try w.plan("stricter.yaml").ruleset.contentHash != flow)
    }
}
