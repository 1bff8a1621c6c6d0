package import FazhiCore
package import FazhiBase

/// A figure attached to a metric: the value in the metric's unit, where it is, and how sure.
package struct ExtractedFact: Sendable {
    package var metric: Metric
    /// The value ×10⁶ in the metric's unit (a percent as a fraction of one), as evidence slots hold it.
    package var value: FixedPoint
    package var line: Int
    /// The clause it was read from, as printed.
    package var quote: String
    /// The figure as printed: "110余场次", "两次", "百分之百"; for a statement without a number, the words.
    package var written: String
    /// 0…1: how sure the extractor is that this figure is this metric's value.
    package var confidence: Double
    /// Why the value is what it is: 不少于 → lower bound, 每半年一次 → 2 a year, 所有…均… → 100%.
    package var notes: [String]

    /// The value as an evidence file writes it: 95%, 3, 2.5.
    package var valueText: String {
        metric.unit == .percent ? value.percentText : value.description
    }

    /// "0.85"
    package var confidenceText: String {
        let hundredths = Int((confidence * 100).rounded())
        return hundredths >= 100 ? "1.00" : "0.\(hundredths < 10 ? "0" : "")\(hundredths)"
    }
}

/// A number the extractor read but could not (or would not) attach to a metric.
package struct UnattachedFigure: Sendable {
    package enum Reason: Sendable, Equatable {
        /// No metric's pattern names it.
        case noPattern
        /// A change (同比增长 5%, 提高 3 个百分点) or the old value of one (由3个工作日…), not a level.
        case change
        /// A target or plan (力争…, 下一步工作打算), not a result.
        case target
        /// A pattern matched, but with too little confidence to write it as a fact.
        case uncertain(metric: String, confidence: Double)
        /// A pattern matched, but the value does not fit the metric (a rate above 100%, a count with decimals).
        case doesNotFit(metric: String)
    }

    package var line: Int
    package var written: String
    package var quote: String
    package var reason: Reason

    package var reasonText: String {
        switch reason {
        case .noPattern: "没有指标的识别模式与之对应"
        case .change: "是变化量或变化前的原值（增减、百分点、由…压缩至…），不是指标值"
        case .target: "是目标或计划（力争、计划、下一步），不是已取得的结果"
        case .uncertain(let metric, let confidence): "可能是 \(metric)，但置信度 \(Int((confidence * 100).rounded()))% 过低"
        case .doesNotFit(let metric): "像是 \(metric)，但数值不符合该指标的单位"
        }
    }
}

/// What `Extractor` found in one report.
public struct Extraction: Sendable {
    package var report: NarrativeReport
    /// One fact per metric (the most confident), in report order.
    package var facts: [ExtractedFact]
    /// Other figures for metrics that already have a fact (a metric stated twice), for the assessor.
    package var alternatives: [ExtractedFact]
    /// Figures attached to no metric, in report order.
    package var unattached: [UnattachedFigure]
    /// The report's title as printed (the first line naming 报告), if found.
    package var title: String?
    /// The year the report covers, from its title (关于2023年…的报告), if found.
    package var period: Int?
    /// Said when the document does not look like an annual report (a plan or notice: its figures are targets).
    package var warning: String?
}
