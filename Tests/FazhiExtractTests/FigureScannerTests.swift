@testable import FazhiExtract
import Testing

/// Numbers with their measure words and qualifiers, one sentence at a time.
struct FigureScannerTests {
    @Test(arguments: [
        // Arabic, full-width, decimals, thousands, percent with and without a space
        ("行政机关负责人出庭率 100%", ["100%"]),
        ("出庭应诉率95 %，即办比率 91.13％", ["95%", "91.13%"]),
        ("会前学法１２次，网上可办率９８．７％", ["12 次", "98.7%"]),
        ("全县 1,758 项事项", ["1758 项"]),
        ("常住人口28.6万人，生产总值156.8亿元", ["28.6 万人", "15680000000 元"]),
        // Chinese numerals
        ("每年定期两次听取汇报", ["2 次 汉"]),
        ("办理复议案件三十九件，评查案卷一百二十卷", ["39 件 汉", "120 卷 汉"]),
        ("出庭应诉率达到百分之百", ["100% 汉"]),
        ("参训率百分之九十五点五", ["95.5% 汉"]),
        ("参训率百分之95", ["95%"]),
        // qualifiers: bounds, approximate, per period
        ("每年开展不少于两次的专项督查", ["2 次 lower 汉"]),
        ("压缩至1个工作日以内", ["1 个工作日 upper"]),
        ("开展送法下乡演出活动110余场次", ["110 场次 approx"]),
        ("组织法治宣传活动约300场", ["300 场 approx"]),
        ("每半年开展一次集中学习", ["1 次 ×2 汉"]),
        ("每季度开展一次集中学法", ["1 次 ×4 汉"]),
        ("网上可办率达98%以上", ["98% lower"]),
        // distractors: years, dates, document numbers, ordinals, changes, old values
        ("宁党报〔2023〕25号", ["25 documentNumber"]),
        ("2023年11月16日印发", ["2023 年 year", "11 date", "16 日 date"]),
        ("二〇二三年工作", ["2023 年 year 汉"]),
        ("第三次会议", ["3 次 ordinal 汉"]),
        ("同比增长6.2%", ["6.2% change"]),
        ("出庭率同比提高5.2个百分点", ["5.2 个百分点 change"]),
        ("出庭率提高到95%", ["95%"]),
        ("由原来的3个工作日压缩至1个工作日", ["3 个工作日 previous", "1 个工作日 upper"]),
        ("较上年增加26件", ["26 件 change"]),
        // not figures: names in quotes, numerals inside words, numerals without a measure word
        ("实现“最多跑一次”事项", []),
        ("落实“一规划两纲要”，进一步统一标准", []),
        ("一次性告知", []),
        ("《法治政府建设实施纲要（2021—2025年）》", []),
        ("三分之二的部门", []),
        // too large to be any metric's figure (and the arithmetic stays in range)
        ("热线受理999999999999件，共计一万亿件，折合9999999999999万元", []),
    ])
    func reads(_ text: String, _ expected: [String]) {
        #expect(figures(text) == expected)
    }
}
