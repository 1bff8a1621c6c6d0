import Foundation
import Testing

/// `fazhi extract` and `fazhi evaluate --report` on the built binary.
struct ExtractCLITests {
    static let seed = "Tests/FazhiExtractTests/Fixtures/ningcheng-2023.txt"
    static let seedGB = "Tests/FazhiExtractTests/Fixtures/ningcheng-2023.gb18030.txt"

    @Test func theDraftIsEvidenceThatEvaluates() throws {
        let draft = temporaryFile("draft.yaml", "")
        let run = try fazhi("extract", Self.seed, "--output", draft)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "\(Self.seed): 27 metrics, 0 other figures for them, 5 unattached figures → \(draft)\n")
        let text = try String(contentsOfFile: draft, encoding: .utf8)
        #expect(text.hasPrefix("# 草稿（DRAFT）：fazhi extract 从 \(Self.seed) 读出的数字，尚未核对。\n"))
        #expect(text.contains("""
              # 行政机关负责人出庭应诉率
              court_appearance_rate:
                value: 100%
                source: report
                line: 27
                quote: "行政机关负责人出庭率 100%"
                note: "置信度 0.90（fazhi extract）"

            """))
        #expect(text.contains("unit:\n  id: \"TODO-unit-id\"\n  name: \"待填写\"\n"))
        #expect(text.contains("period: 2023\n"))
        #expect(text.contains("  - \"未对应指标：第25行“五个”——没有指标的识别模式与之对应。原句：“并严格按照公众参与、专家论证、风险评估、合法性审查和集体讨论决定等五个必经程序进行”\"\n"))
        // The draft is valid evidence: fazhi evaluate reads it and cites the report's lines.
        let evaluated = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--format", "json", draft)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        #expect(evaluated.stdout.contains("\"quote\": \"行政机关负责人出庭率 100%\""))
    }

    @Test func jsonHasTheSameFacts() throws {
        let yaml = try fazhi("extract", Self.seed)
        let json = try fazhi("extract", "--format", "json", "--unit-id", "ningcheng", "--unit-name", "宁城县", "--unit-level", "county", Self.seed)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let facts = try #require(object["facts"] as? [String: [String: Any]])
        #expect(facts.count == 27)
        #expect(facts["legal_publicity_performances"]?["value"] as? String == "110")
        #expect(facts["legal_publicity_performances"]?["note"] as? String == "置信度 0.65（fazhi extract）；原文“110余场次”是约数，记为110")
        #expect((object["unit"] as? [String: String]) == ["id": "ningcheng", "name": "宁城县", "level": "county"])
        for id in facts.keys { #expect(yaml.stdout.contains("\n  \(id):\n")) }
        // JSON is YAML: evaluate reads it too.
        let file = temporaryFile("draft.json", json.stdout)
        let evaluated = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", file)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        #expect(evaluated.stdout.hasPrefix("宁城县（ningcheng）"))
    }

    @Test func gb18030ReadsLikeUTF8() throws {
        let utf8 = try fazhi("extract", Self.seed)
        let gb = try fazhi("extract", Self.seedGB)
        #expect(gb.status == 0, "\(gb.stderr)")
        func facts(_ s: String) -> String { String(s[s.range(of: "facts:")!.lowerBound...]) }
        #expect(facts(gb.stdout) == facts(utf8.stdout))
        #expect(gb.stdout.contains("（编码 GB18030）"))
    }

    @Test func unreadableInputIsLocatedAndWritesNothing() throws {
        let bad = temporaryFile("bad.txt", "")
        #expect(FileManager.default.createFile(atPath: bad, contents: Data(Array("出庭率\n100".utf8) + [0xFF, 0xFE, 0x80])))
        let output = bad + ".yaml"
        let run = try fazhi("extract", bad, "--output", output)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(bad):2:4: error: byte 0xFF at byte offset 13 is not UTF-8, and the file is not GB18030 either"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let missing = try fazhi("extract", "no-such-report.txt")
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: cannot read no-such-report.txt: No such file or directory"))
        let level = try fazhi("extract", "--unit-level", "village", Self.seed)
        #expect(level.status == 2)
        #expect(level.stderr.contains("--unit-level village: expected one of nation, region, city, county, township, department"))
    }

    @Test func evaluateFromAReportListsTheQuestions() throws {
        let run = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--report", Self.seed, "--unit-level", "county")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("ningcheng-2023（ningcheng-2023）— 关于推进法治政府建设“八大提升行动”的实施方案"))
        #expect(run.stdout.contains("ningcheng-2023：报告没有提供佐证的指标——评估人员下一步要问的问题（共 53 项）"))
        #expect(run.stdout.contains("缺数字（16 项）：向被评估单位要数字和出处"))
        #expect(run.stdout.contains("需评估人员认定（37 项）"))
        // 出庭应诉率 was read from the report (nx-37 met), so it is not asked for; 许可事项清单公布率 is.
        #expect(!run.stdout.contains("行政机关负责人出庭应诉率（court_appearance_rate）"))
        #expect(run.stdout.contains("行政许可事项清单公布率（license_list_pu…"))
        let json = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--report", Self.seed, "--unit-id", "ningcheng",
                             "--unit-name", "宁城县", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let unit = try #require((object["units"] as? [[String: Any]])?.first)
        let questions = try #require(unit["questions"] as? [[String: Any]])
        #expect(questions.count == 53)
        #expect(questions.contains { $0["metric"] as? String == "license_list_publication_rate" && $0["need"] as? String == "figure" })
        #expect((unit["unit"] as? [String: Any])?["name"] as? String == "宁城县")
    }

    @Test func evaluateNeedsEvidenceOrAReport() throws {
        let none = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions")
        #expect(none.status == 2)
        #expect(none.stderr.contains("give evidence files, or a report with --report REPORT.txt"))
        let two = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--report", Self.seed, "--report", Self.seedGB,
                            "--unit-id", "x")
        #expect(two.status == 2)
        #expect(two.stderr.contains("--unit-id and --unit-name go with exactly one --report"))
        // Two reports of the same file name would share a unit id.
        let same = try fazhi("evaluate", "--ruleset", "ningxia-2023-eight-actions", "--report", Self.seed, "--report", Self.seed)
        #expect(same.status == 2)
        #expect(same.stderr.contains("unit id \"ningcheng-2023\" is already used; give --unit-id"))
    }
}
