@testable import FazhiExtract
import Testing

struct SentenceTests {
    @Test func brokenLinesAreJoinedAndKeepTheirLines() {
        // As in seed 004: a PDF conversion broke "选聘 4 名…律师组成" across lines 1 and 3.
        let text = "坚持科学民主依法决策。选聘 4 名政治过硬、业务精通的律师组\n\n成法律顾问团对政府重大行政决策全程把关。"
        let sentences = SentenceSplitter.sentences(NarrativeReport(name: "t", text: text))
        #expect(sentences.map(\.text) == ["坚持科学民主依法决策。", "选聘4名政治过硬、业务精通的律师组成法律顾问团对政府重大行政决策全程把关。"])
        let s = sentences[1]
        #expect(s.lines.first == 1 && s.lines.last == 3)
        // The quote gives back the printed spaces.
        #expect(s.quote(0..<4) == "选聘 4 名")
    }

    @Test func headingsAndShortLinesAreNotJoined() {
        let text = "中共宁城县委文件\n\n一、主要工作开展情况\n\n（一）抓住少数关键，压实法治建设主体责任。\n这是正文的第一句话，写得足够长所以会被折行处理的一行文字\n（二）下一节"
        let sentences = SentenceSplitter.sentences(NarrativeReport(name: "t", text: text))
        #expect(sentences.map(\.text) == ["中共宁城县委文件", "一、主要工作开展情况", "（一）抓住少数关键，压实法治建设主体责任。",
                                          "这是正文的第一句话，写得足够长所以会被折行处理的一行文字", "（二）下一节"])
    }

    @Test func clausesSplitAtCommasButNotInsideNumbers() {
        let s = SentenceSplitter.sentences(NarrativeReport(name: "t", text: "全县 1,758 项事项，即办比率 91.13%；承诺时限压缩"))[0]
        #expect(s.clauses.map { s.quote($0) } == ["全县 1,758 项事项", "即办比率 91.13%", "承诺时限压缩"])
    }

    @Test func thePlansSectionIsMarked() {
        let text = "一、工作情况\n出庭率100%。\n二、下一步工作打算\n力争出庭率保持100%。\n三、其他\n审查规范性文件5件。"
        let sentences = SentenceSplitter.sentences(NarrativeReport(name: "t", text: text))
        #expect(sentences.filter(\.inPlanSection).map(\.text) == ["二、下一步工作打算", "力争出庭率保持100%。"])
    }

    @Test func lineBreaksOfEveryKind() {
        let report = NarrativeReport(name: "t", text: "一\r\n二\r三\n\n四")
        #expect(report.lines == ["一", "二", "三", "", "四"])
    }
}
