import FazhiCore
@testable import FazhiExtract
import Testing

/// Seed 004, the real 2023 report of 宁城县: every figure the extractor finds, pinned with its line.
/// The hand-made evidence examples/ningcheng-2023.yaml holds the same 27 facts.
struct SeedReportTests {
    static let extraction: Extraction = {
        do { return extractor.extract(try NarrativeReport(contentsOfFile: fixtures + "/ningcheng-2023.txt")) } catch {
            fatalError("\(error)")
        }
    }()

    static let expected: [(metric: String, value: String, line: Int, quote: String)] = [
        ("party_central_group_law_study_sessions", "2", 21, "每半年开展一次集中学习"),
        ("leadership_law_training_classes", "3", 21, "党校共计举办专题培训班 3 次"),
        ("party_standing_committee_rule_of_law_report_hearings", "2", 21, "县委常委会议每年定期两次听取法治建设情况专项汇报"),
        ("rule_of_law_special_inspections", "2", 21, "两办督查室针对问题每年开展不少于两次的专项督查"),
        ("government_legal_advisor_lawyers", "4", 25, "选聘 4 名政治过硬、业务精通的律师组成法律顾问团对政府重大行政决策全程把关"),
        ("normative_document_legality_reviews", "53", 27, "进行规范性文件合法性审查 53 件"),
        ("normative_documents_filed", "2", 27, "备案规范性文件 2 件"),
        ("normative_document_cleanups", "1", 27, "清理规范性文件 1 次"),
        ("normative_documents_declared_invalid", "1", 27, "宣布失效 1 件"),
        ("normative_documents_repealed", "6", 27, "废止 6 件"),
        ("normative_documents_retained", "13", 27, "继续有效 13 件"),
        ("deputy_proposal_face_to_face_reply_rate", "100%", 27, "人大代表建议和政协委员提案办理面复率、办复率和满意率均达到 100%"),
        ("deputy_proposal_reply_rate", "100%", 27, "人大代表建议和政协委员提案办理面复率、办复率和满意率均达到 100%"),
        ("deputy_proposal_handling_satisfaction_rate", "100%", 27, "人大代表建议和政协委员提案办理面复率、办复率和满意率均达到 100%"),
        ("court_appearance_rate", "100%", 27, "行政机关负责人出庭率 100%"),
        ("enforcement_supervision_inspections", "3", 33, "今年开展县直和镇乡街执法案卷评查活动 3 次"),
        ("enforcement_case_files_reviewed", "60", 33, "对县直部门和镇乡街 60 本行政执法案卷进行集中评查互查"),
        ("approval_and_public_service_items", "1758", 37, "全县 1758 项行政审批及公共服务事项经过不断梳理压缩"),
        ("immediate_handling_rate", "91.13%", 37, "即办比率 91.13%"),
        ("promised_time_limit_reduction_rate", "94.06%", 37, "承诺时限压缩比率 94.06%"),
        ("certificate_free_items", "1565", 37, "已实现“免证办”事项数 1565 项"),
        ("full_online_handling_rate", "95.05%", 37, "全程网办率 95.05%"),
        ("reconsideration_cases_handled", "59", 43, "2023年办理复议案件59件"),
        ("reconsideration_on_time_closure_rate", "100%", 43, "所有复议案件均在法定期限内审结"),
        ("reconsideration_case_completion_rate", "100%", 43, "所有复议案件均在法定期限内审结"),
        ("legal_publicity_teams", "29", 43, "组建镇乡街、单位法治乌兰牧骑宣传小分队29支"),
        ("legal_publicity_performances", "110", 43, "开展“民法典”“民族团结进步条例”等专项普法和送法下乡演出活动110余场次"),
    ]

    @Test(arguments: expected.map(\.metric))
    func figureIsFound(_ metric: String) throws {
        let want = try #require(Self.expected.first { $0.metric == metric })
        let fact = try #require(Self.extraction.facts.first { $0.metric.id == metric }, "\(metric) not found")
        #expect(fact.valueText == want.value)
        #expect(fact.line == want.line)
        #expect(fact.quote == want.quote)
        #expect(fact.confidence >= 0.5)
    }

    @Test func nothingElseIsWrittenAsAFact() {
        #expect(Self.extraction.facts.count == Self.expected.count)
        #expect(Self.extraction.alternatives.isEmpty)
        #expect(Self.extraction.period == 2023)
    }

    @Test func theRestIsListedApart() {
        // 两件大事, 五个必经程序, 两个抓手, 七个方面, 四个中心: counts of names, not of work done.
        #expect(Self.extraction.unattached.map { "\($0.line):\($0.written)" } == ["13:两件", "25:五个", "31:两个", "41:七个", "43:四个"])
        #expect(Self.extraction.unattached.allSatisfy { $0.reason == .noPattern })
    }

    @Test func theHandMadeExampleAgrees() throws {
        // examples/ningcheng-2023.yaml was transcribed by hand from the same report: every fact it
        // holds is one the extractor finds, with the same value and line.
        let text = try String(contentsOfFile: root + "/examples/ningcheng-2023.yaml", encoding: .utf8)
        for want in Self.expected {
            #expect(text.contains("  \(want.metric):\n    value: \(want.value)\n    source: report-2023\n    line: \(want.line)\n"), "\(want.metric)")
        }
    }
}

import Foundation
