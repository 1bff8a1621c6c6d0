import FazhiYAML
import FazhiCore
import FazhiBase
import Foundation
import Testing

/// `patterns:` in the metric catalog: read into `Metric.patterns`, every problem located.
struct MetricPatternTests {
    /// Writes a catalog to a temporary file and loads it: the metrics, or every problem as "LINE:COL: MESSAGE".
    func load(_ yaml: String) -> (catalog: MetricCatalog?, problems: [String]) {
        let path = NSTemporaryDirectory() + "fazhi-patterns-\(UUID().uuidString).yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do { return (try MetricCatalog.load(path: path), []) } catch {
            return (nil, error.diagnostics.map { d in "\(d.location.map { "\($0.start)" } ?? "?"): \(d.fullMessage)" })
        }
    }

    @Test func patternsAreRead() throws {
        let result = load("""
            fazhi: 1
            metrics:
              - id: court_rate
                name: 出庭率
                unit: percent
                patterns:
                  - { near: [出庭率, 出庭应诉率], exclude: [重大] }
                  - { near: [负责人出庭], form: all }
              - id: files
                name: 案卷数
                unit: count
                patterns:
                  - { near: [案卷], side: after, within: 8, counters: [本, 卷], context: [评查], confidence: 0.8 }
              - id: days
                name: 开办时间
                unit: working_days
                patterns:
                  - near: 企业开办
            """)
        guard let catalog = result.catalog else { Issue.record("\(result.problems)"); return }
        let court = try #require(catalog["court_rate"])
        #expect(court.patterns.count == 2)
        #expect(court.patterns[0].near == ["出庭率", "出庭应诉率"])
        #expect(court.patterns[0].exclude == ["重大"])
        #expect(court.patterns[0].side == MetricPattern.Side.before)
        #expect(court.patterns[0].within == MetricPattern.defaultWithin)
        #expect(court.patterns[0].confidence == 0.9)
        #expect(court.patterns[1].form == MetricPattern.Form.all)
        #expect(court.patterns[1].confidence == 0.75)
        let files = try #require(catalog["files"]?.patterns.first)
        #expect(files.side == MetricPattern.Side.after && files.within == 8 && files.counters == ["本", "卷"] && files.context == ["评查"])
        #expect(files.confidence == 0.8)
        #expect(files.location?.start.line == 13)
        // A duration takes its unit's words when it names none.
        #expect(catalog["days"]?.patterns.first?.counters == ["个工作日", "工作日"])
    }

    @Test func everyProblemIsLocated() {
        let result = load("""
            fazhi: 1
            metrics:
              - id: rate
                name: 比率
                unit: percent
                patterns:
                  - { near: [比率], counters: [件], sied: after }
                  - { near: [], form: none }
                  - { near: [比 率], side: left, within: 99, confidence: 1.5 }
              - id: count
                name: 件数
                unit: count
                patterns:
                  - { near: [件数] }
                  - { near: [件数], form: all, counters: [件] }
                  - 件数
              - id: yes
                name: 是否
                unit: boolean
                patterns: [{ near: [是否] }]
              - id: hours
                name: 时长
                unit: hours
                patterns: { near: [时长] }
            """)
        #expect(result.catalog == nil)
        #expect(result.problems == [
            "7:38: metrics[0].patterns[0].sied: unknown key \"sied\" in a recognition pattern; did you mean \"side\"?",
            "7:33: metrics[0].patterns[0].counters: a percent metric reads % and 百分之…; expected no \"counters\" here",
            "8:17: metrics[0].patterns[1].near: expected at least one word, found a list",
            "9:18: metrics[0].patterns[2].near[0]: \"比 率\" holds a space; expected a word as printed (spaces in the report are skipped when matching)",
            "9:30: metrics[0].patterns[2].side: expected before, after or either, found \"left\"",
            "9:44: metrics[0].patterns[2].within: expected a whole number of characters from 0 to 60, found \"99\"",
            "9:60: metrics[0].patterns[2].confidence: expected a confidence above 0 and at most 1, e.g. 0.8, found \"1.5\"",
            "14:9: metrics[1].patterns[0]: missing \"counters\"; expected the measure words a count carries, e.g. counters: [件, 次]",
            "15:29: metrics[1].patterns[1].form: form \"all\" reads 100% and fits percent metrics only; this metric is in count",
            "16:9: metrics[1].patterns[2]: expected a pattern mapping such as { near: [出庭率], side: before }, found \"件数\"",
            "20:15: metrics[2].patterns: patterns are not read for boolean metrics; expected no \"patterns\" on a yes/no metric",
            "24:15: metrics[3].patterns: expected a list, found a mapping",
        ])
    }

    @Test func bundledCatalogPatternsLoad() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let catalog = try MetricCatalog.load(path: url.path + "/rulesets/metrics.yaml")
        let withPatterns = catalog.metrics.filter { !$0.patterns.isEmpty }
        #expect(withPatterns.count >= 60)
        // Every count pattern names its measure words; no percent pattern does.
        for metric in withPatterns {
            for pattern in metric.patterns where pattern.form == MetricPattern.Form.figure {
                if metric.unit == .percent { #expect(pattern.counters.isEmpty, "\(metric.id)") }
                else { #expect(!pattern.counters.isEmpty, "\(metric.id)") }
            }
        }
    }
}
