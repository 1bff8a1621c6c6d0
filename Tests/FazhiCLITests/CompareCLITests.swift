import Foundation
import Testing

/// `fazhi compare`, `crosswalk` and `region` on the bundled rulesets and examples, through the binary.
struct CompareCLITests {
    static let guyuan = ["--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"]

    /// The Guyuan demo (invented): 西吉县 53/55, 彭阳县 51/55, 固原市 46/55, 原州区 42/55, 隆德县 37/55,
    /// 泾源县 29/55. 示范 needs ⌈0.9 × 55⌉ = 50, 达标 ⌈0.6 × 55⌉ = 33.
    @Test func unitsUnderOneRuleset() throws {
        let run = try fazhi(["compare"] + Self.guyuan)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix("   1  西吉县") && $0.hasSuffix("53/55 = 96.4%  示范") })
        #expect(lines.contains { $0.hasPrefix("   6  泾源县") && $0.hasSuffix("29/55 = 52.7%  不达标") })
        #expect(run.stdout.contains("固原市（达标，83.6%）：再达到 4 项 → 示范"))
        #expect(run.stdout.contains("原州区（达标，76.4%）：再达到 8 项 → 示范"))
        #expect(run.stdout.contains("隆德县（达标，67.3%）：再达到 13 项 → 示范"))
        #expect(run.stdout.contains("泾源县（不达标，52.7%）：再达到 4 项 → 达标"))
        #expect(run.stdout.contains("【注意】全部单位的佐证材料为虚构示例数据"))
        // Columns line up under Chinese text: the right-aligned total ends in the same display column on
        // every row, as does the header's "合计".
        let header = try #require(lines.first { $0.hasPrefix("名次  单位") })
        let end = displayWidth(String(header[..<header.range(of: "合计")!.upperBound]))
        let rows = lines.filter { $0.contains("/55 = ") }
        #expect(rows.count == 6)
        for row in rows { #expect(displayWidth(String(row[...row.lastIndex(of: "%")!])) == end, "\(row)") }
    }

    @Test func formatsJSONAndCSV() throws {
        let json = try fazhi(["compare", "--format", "json"] + Self.guyuan)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let units = try #require(object?["units"] as? [[String: Any]])
        #expect(units.count == 6)
        let guyuan = try #require(units.first { ($0["unit"] as? [String: Any])?["id"] as? String == "guyuan" })
        #expect(guyuan["rank"] as? Int == 3)
        #expect((guyuan["gap"] as? [String: Any])?["needed"] as? Int == 4)

        let output = temporaryFile("compare.csv", "")
        let csv = try fazhi(["compare", "--format", "csv", "--output", output] + Self.guyuan)
        #expect(csv.status == 0, "\(csv.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("名次,单位编号,单位名称,（一） 实施法治政府建设示范创建提升行动,"))
        #expect(text.contains("\r\n1,xiji,西吉县,100%,"))
        #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 7)
    }

    @Test func regionView() throws {
        let run = try fazhi(["region"] + Self.guyuan)
        #expect(run.status == 0, "\(run.stderr)")
        // 5 of 6 at 达标 or better against 100%; 2 of 6 示范 against 40% (2024) and 50% (2025).
        #expect(run.stdout.contains("gy-goal-2023-pass  2023               达标及以上 ≥100%  层级为市或县（市、区）       6     5  83.3%  未达到：还需 1 个单位达到达标"))
        #expect(run.stdout.contains("gy-goal-2024-demo 最接近：固原市（再达到 4 项）"))
        #expect(run.stdout.contains("2023-04-27 申报，晚于 2023-04-25"))
        #expect(run.stdout.contains("需评估认定（不能由等级算出）"))
        let csv = try fazhi(["region", "--format", "csv"] + Self.guyuan)
        #expect(csv.stdout.hasPrefix("\u{FEFF}目标编号,年份,原文,要求,范围,范围内单位,达到单位,占比,结论,还需单位数,超出单位数"))
    }

    @Test func htmlReportIsSelfContained() throws {
        let html = temporaryFile("report.html", "")
        let run = try fazhi(["region", "--html", html] + Self.guyuan)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        for needle in ["http", "src=", "@import", "url(", "<script", "<link"] { #expect(!text.lowercased().contains(needle), "\(needle)") }
        var rest = Substring(text)
        var links = 0
        while let r = rest.range(of: "href=\"") {
            #expect(rest[r.upperBound...].hasPrefix("report_files/"), "\(rest[r.upperBound...].prefix(80))")
            links += 1
            rest = rest[r.upperBound...]
        }
        #expect(links > 6 * 56)  // every heatmap cell links to its evidence, on the unit's page
        #expect(text.contains("示例数据") || text.contains("虚构示例数据"))
        #expect(text.contains("完成率计分") && !text.contains("completion"))
        #expect(!text.contains(root))
    }

    @Test func oneUnitUnderSeveralRulesets() throws {
        let run = try fazhi("compare", "--unit", "examples/ningcheng-2023.yaml", "ningxia-2023-eight-actions", "xixia-2020-demonstration")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("同一单位在不同规则集下 — 宁城县"))
        #expect(run.stdout.contains("ningxia-2023-eight-actions  宁政办发〔2023〕21号"))
        #expect(run.stdout.contains("决定差异的指标"))
    }

    @Test func crosswalkZhongweiAndXixia() throws {
        let run = try fazhi("crosswalk", "zhongwei-2022-points", "xixia-2020-demonstration")
        #expect(run.status == 0, "\(run.stderr)")
        // 企业开办: Zhongwei ≤3 working days, Xixia ≤5.
        #expect(run.stdout.contains("≤ 3 个工作日（zw-4）"))
        #expect(run.stdout.contains("≤ 5 个工作日（xx-5）"))
        let json = try fazhi("crosswalk", "--format", "json", "zhongwei-2022-points", "xixia-2020-demonstration")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let metrics = try #require(object?["metrics"] as? [[String: Any]])
        let startup = try #require(metrics.first { $0["metric"] as? String == "business_startup_working_days" })
        #expect((startup["verdict"] as? [String: Any])?["rulesets"] as? [String] == ["zhongwei-2022-points"])
    }

    /// The invented 2024 batch against 2023: 固原市 46 → 51 of 55 (达标 → 示范), 彭阳县 51 → 49 (示范 → 达标).
    @Test func beforeAndAfter() throws {
        let run = try fazhi("compare", "--ruleset", "guyuan-2023-2025-creation", "--before", "examples/guyuan-region-2023.yaml",
                            "--after", "examples/guyuan-region-2024.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("固原市  83.6%  92.7%  ↑ 达标 → 示范         7         2"))
        #expect(run.stdout.contains("彭阳县  92.7%  89.1%  ↓ 示范 → 达标         0         2"))
        #expect(run.stdout.contains("  + nx-3 完善法治政府建设考核评价机制"))
        // The same batch on both sides: nothing moves.
        let same = try fazhi("compare", "--ruleset", "guyuan-2023-2025-creation", "--before", "examples/guyuan-region-2023.yaml",
                             "--after", "examples/guyuan-region-2023.yaml", "--format", "json")
        #expect(!same.stdout.contains("\"gradeMove\": 1") && same.stdout.components(separatedBy: "\"gradeMove\": 0").count == 7)
    }

    /// Seven invented leadership teams; 优秀 ≤30% allows ⌊0.3 × 7⌋ = 2 of the 4 at 优秀, and the two at
    /// 92 tie on the quota's edge.
    @Test func leadershipQuota() throws {
        let run = try fazhi("region", "--ruleset", "xixia-2020-leadership-assessment", "examples/xixia-leadership-2020.yaml")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("优秀 ≤30%  position为team                                 7     4  57.1%  超出比例：2 个单位须调出优秀"))
        #expect(run.stdout.contains("按得分超出比例（最低分起）：镇北堡镇、西夏区司法局；比例分界处得分相同，须另行确定"))
    }

    @Test func usageAndInputErrorsExitTwo() throws {
        #expect(try fazhi("compare", "examples/ningcheng-2023.yaml").status == 2)
        #expect(try fazhi("compare", "--unit", "examples/ningcheng-2023.yaml", "ningxia-2023-eight-actions").status == 2)
        #expect(try fazhi("crosswalk", "zhongwei-2022-points").status == 2)
        #expect(try fazhi("compare", "--ruleset", "guyuan-2023-2025-creation", "--before", "examples/guyuan-region-2023.yaml").status == 2)
        // Bad evidence: located, and neither the report nor the HTML is written.
        let bad = temporaryFile("bad.yaml", "fazhi: 1\nunit: { id: u, name: 测试县, level: county }\nfacts:\n  court_appearance_rate: 95\n")
        let html = bad + ".html", output = bad + ".json"
        let run = try fazhi("compare", "--ruleset", "ningxia-2023-eight-actions", "--format", "json", "--output", output, "--html", html,
                            "examples/ningcheng-2023.yaml", bad)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(bad):4:26: error: facts.court_appearance_rate"))
        #expect(!FileManager.default.fileExists(atPath: html) && !FileManager.default.fileExists(atPath: output))
    }

    @Test func aUnitGivenTwiceIsRefused() throws {
        let run = try fazhi("compare", "--ruleset", "ningxia-2023-eight-actions", "examples/ningcheng-2023.yaml", "examples/ningcheng-2023.yaml")
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("examples/ningcheng-2023.yaml:"))
        #expect(run.stderr.contains("duplicate unit id \"ningcheng\" across the evidence files"))
        #expect(run.stdout.isEmpty)
    }

    /// Progress goes to standard error and never changes standard output.
    @Test func progressOnStandardError() throws {
        let quiet = try fazhi(["region"] + Self.guyuan)
        let loud = try fazhi(["region"] + Self.guyuan, environment: ["FAZHI_PROGRESS": "always"])
        #expect(loud.stdout == quiet.stdout)
        #expect(loud.stderr.contains("评估单位 6/6"))
        #expect(quiet.stderr.isEmpty)
    }
}

/// Display width with CJK characters two columns wide (as the terminal shows them).
func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { w, u in
        let v = u.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
        return w + (wide ? 2 : 1)
    }
}
