import FazhiCore
@testable import FazhiExtract
import Testing

/// How figures are attached to metrics, one behaviour at a time, with the bundled catalog's patterns.
struct ExtractorTests {
    @Test func eachCountGoesToItsOwnNoun() {
        let e = extract("今年开展县直和镇乡街执法案卷评查活动 3 次，对县直部门和镇乡街 60 本行政执法案卷进行集中评查互查。")
        #expect(pins(e) == ["enforcement_case_files_reviewed=60@1", "enforcement_supervision_inspections=3@1"])
    }

    @Test func severalFiguresInOneClauseSplitAtTheirWords() {
        let e = extract("清理规范性文件 1 次，宣布失效 1 件、废止 6 件、继续有效 13 件。")
        #expect(pins(e) == ["normative_document_cleanups=1@1", "normative_documents_declared_invalid=1@1",
                            "normative_documents_repealed=6@1", "normative_documents_retained=13@1"])
        #expect(e.facts.first { $0.metric.id == "normative_documents_repealed" }?.quote == "废止 6 件")
    }

    @Test func aListOfNamesSharesOneNumber() {
        let e = extract("人大代表建议和政协委员提案办理面复率、办复率和满意率均达到 100%。")
        #expect(pins(e) == ["deputy_proposal_face_to_face_reply_rate=100%@1", "deputy_proposal_handling_satisfaction_rate=100%@1",
                            "deputy_proposal_reply_rate=100%@1"])
    }

    @Test func respectivelyPairsInOrder() {
        let e = extract("区本级政务服务全程网办率、网上可办率分别达到82.3%、99.1%。")
        #expect(pins(e) == ["full_online_handling_rate=82.3%@1", "online_government_service_availability_rate=99.1%@1"])
        // Unequal counts cannot be paired: nothing is written rather than a guess.
        let unequal = extract("全程网办率、网上可办率、即办率分别达到82.3%、99.1%。")
        #expect(pins(unequal).isEmpty)
    }

    /// A clause of thousands of figures (一件、二件、…): each quote is the part of the clause around its
    /// figure, at most 160 characters and an ellipsis on each cut side, not the whole clause per figure
    /// (which made the output, and the time, grow with the square of the clause).
    @Test func aLongClauseIsQuotedAroundEachFigure() {
        let list = (1...3000).map { "\($0)件" }.joined(separator: "、")
        let e = extract("办结" + list + "。")
        #expect(e.unattached.count == 3000)
        #expect(e.unattached.allSatisfy { $0.quote.unicodeScalars.count <= 162 })
        let middle = e.unattached[1500]
        #expect(middle.written == "1501件")
        #expect(middle.quote.hasPrefix("…") && middle.quote.hasSuffix("…") && middle.quote.contains("、1501件、"))
        #expect(e.unattached[0].quote.hasPrefix("办结1件、2件、"))
        #expect(e.unattached[2999].quote.hasSuffix("2999件、3000件"))
        // A short clause is still quoted whole.
        #expect(extract("清理规范性文件 1 次，宣布失效 1 件、废止 6 件、继续有效 13 件。").facts.first { $0.metric.id == "normative_documents_repealed" }?.quote == "废止 6 件")
    }

    @Test func theLongerWordWins() {
        // 合法性审查率 (the general metric) sits inside 规范性文件合法性审查率.
        #expect(pins(extract("行政规范性文件合法性审查率 100%。")) == ["normative_document_legality_review_rate=100%@1"])
        #expect(pins(extract("合法性审查率 100%。")) == ["legality_review_rate=100%@1"])
        // The same word with its context met beats the general one.
        #expect(pins(extract("审核行政规范性文件二十三件，合法性审核率达到百分之百。"))
                == ["normative_document_legality_review_rate=100%@1", "normative_document_legality_reviews=23@1"])
    }

    @Test func excludedWordsAndMissingContextStopAMatch() {
        // 重大 names another metric (major_case_court_appearance_rate).
        #expect(pins(extract("重大敏感案件负责人出庭率100%。")).isEmpty)
        // 办结率 needs 复议, 人大代表 or 政协 in the sentence.
        #expect(pins(extract("12345热线按期办结率99.2%。")).isEmpty)
        #expect(pins(extract("全年新收行政复议案件 37 件，审结 35 件，办结率 94.6%。"))
                == ["reconsideration_case_completion_rate=94.6%@1", "reconsideration_cases_handled=37@1"])
    }

    @Test func statementsWithoutANumber() {
        let all = extract("2023年办理复议案件59件，所有复议案件均在法定期限内审结。")
        #expect(pins(all) == ["reconsideration_case_completion_rate=100%@1", "reconsideration_cases_handled=59@1",
                              "reconsideration_on_time_closure_rate=100%@1"])
        #expect(all.facts.first { $0.metric.id == "reconsideration_on_time_closure_rate" }?.confidence == 0.75)
        #expect(pins(extract("全年未发生因违法决策引发的群体性事件。")) == ["mass_incidents_from_unlawful_decisions=0@1"])
        // Negated or partial: no statement.
        #expect(pins(extract("复议案件尚未全部在法定期限内审结。")).isEmpty)
        // 平均 is not 均.
        #expect(pins(extract("复议案件平均在法定期限内审结。")).isEmpty)
    }

    @Test func targetsAndChangesAreNotResults() {
        #expect(pins(extract("力争行政机关负责人出庭应诉率保持100%，执法监督检查不少于12次。")).isEmpty)
        #expect(pins(extract("行政机关负责人出庭应诉率同比提高5.2个百分点。")).isEmpty)
        let e = extract("企业开办时间由原来的3个工作日压缩至1个工作日。")
        #expect(pins(e) == ["business_startup_working_days=1@1"])
        #expect(e.unattached.map(\.written) == ["3个工作日"])
        #expect(e.unattached.first?.reason == .change)
    }

    @Test func partsOfAListAreSummed() {
        let e = extract("建成法治文化公园6个、法治宣传长廊22处。")
        #expect(pins(e) == ["rule_of_law_education_bases=28@1"])
        #expect(e.facts.first?.notes.first == "合计：6个＋22处＝28")
    }

    @Test func confidenceFallsForApproximateBoundedAndScaledFigures() throws {
        let e = extract("县委常委会议每年定期两次听取法治建设情况专项汇报，两办督查室每年开展不少于两次的法治专项督查。党委理论学习中心组每半年开展一次集中学习。开展送法下乡演出活动110余场次。")
        let byID = Dictionary(uniqueKeysWithValues: e.facts.map { ($0.metric.id, $0) })
        let exact = try #require(byID["party_standing_committee_rule_of_law_report_hearings"])
        let bounded = try #require(byID["rule_of_law_special_inspections"])
        let scaled = try #require(byID["party_central_group_law_study_sessions"])
        let approximate = try #require(byID["legal_publicity_performances"])
        #expect(exact.confidence > bounded.confidence)
        #expect(bounded.notes.contains("原文“不少于两次”，记其下限2"))
        #expect(scaled.valueText == "2" && scaled.notes.contains("原文“每半年开展一次”，按全年记为2"))
        #expect(approximate.valueText == "110" && approximate.confidence < 0.7)
        #expect(approximate.notes.contains("原文“110余场次”是约数，记为110"))
    }

    @Test func aBoundAgainstTheMetricIsTooUncertainToWrite() {
        // 不超过 a count where more is better: listed, not written.
        let e = extract("全年开展执法监督检查不超过 2 次。")
        #expect(pins(e).isEmpty)
        guard case .uncertain(let metric, let confidence) = e.unattached.first?.reason else {
            Issue.record("\(e.unattached)")
            return
        }
        #expect(metric == "enforcement_supervision_inspections" && confidence < 0.5)
    }

    @Test func aMetricStatedTwiceKeepsTheSurerFigure() {
        let e = extract("行政机关负责人出庭应诉率 98%。\n全年负责人出庭率约为 95%。")
        #expect(pins(e) == ["court_appearance_rate=98%@1"])
        #expect(e.alternatives.map { "\($0.valueText)@\($0.line)" } == ["95%@2"])
    }

    @Test func unattachedFiguresAreListedWithTheirReason() {
        let e = extract("全县常住人口28.6万人，地区生产总值156.8亿元，同比增长6.2%。宁党报〔2023〕25号，2023年11月16日。")
        #expect(e.facts.isEmpty)
        #expect(e.unattached.map { "\($0.written):\($0.reason == .change ? "change" : "other")" } == ["28.6万人:other", "156.8亿元:other", "6.2%:change"])
    }

    @Test func aPlanIsNotAReport() {
        let plan = extract("自治区人民政府办公厅关于印发推进法治政府建设“八大提升行动”实施方案的通知\n\n行政机关负责人出庭应诉率达到 100%。")
        #expect(plan.warning == "这份文件看来不是年度报告，而是方案或通知（“自治区人民政府办公厅关于印发推进法治政府建设“八大提升行动”实施方案的通知”含“实施方案”）：其中的数字多为目标，不是已取得的结果")
        #expect(DraftEvidence(plan).notes.first?.hasPrefix("注意：这份文件看来不是年度报告") == true)
        let report = extract("金川县2023年法治政府建设工作总结\n\n按照实施方案的要求，出庭应诉率100%。")
        #expect(report.warning == nil)
        #expect(report.period == 2023)
    }

    @Test func titleAndPeriodComeFromTheTitle() {
        let e = extract("清溪县人民政府文件\n\n清溪县人民政府关于2023年度法治政府建设情况的报告\n\n正文。")
        #expect(e.title == "清溪县人民政府关于2023年度法治政府建设情况的报告")
        #expect(e.period == 2023)
    }
}
