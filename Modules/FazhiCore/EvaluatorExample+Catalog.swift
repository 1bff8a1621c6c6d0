extension EvaluatorExample {
    /// The metrics evaluator examples may use, so that examples do not depend on any jurisdiction's catalog.
    package static let catalog = MetricCatalog([
        Metric(id: "example_rate", name: "示例比率", unit: .percent, direction: .higher),
        Metric(id: "example_low_rate", name: "示例比率（越低越好）", unit: .percent, direction: .lower),
        Metric(id: "example_count", name: "示例次数", unit: .count, direction: .higher),
        Metric(id: "example_incidents", name: "示例事件数", unit: .count, direction: .lower),
        Metric(id: "example_days", name: "示例天数", unit: .days, direction: .lower),
        Metric(id: "example_working_days", name: "示例工作日", unit: .working_days, direction: .lower),
        Metric(id: "example_hours", name: "示例小时", unit: .hours, direction: .lower),
        Metric(id: "example_numerator", name: "示例分子", unit: .count, direction: .higher),
        Metric(id: "example_denominator", name: "示例分母", unit: .count, direction: .higher),
        Metric(id: "example_score_a", name: "示例评分甲", unit: .score, direction: .higher),
        Metric(id: "example_score_b", name: "示例评分乙", unit: .score, direction: .higher),
        Metric(id: "example_score_c", name: "示例评分丙", unit: .score, direction: .higher),
        Metric(id: "example_score_d", name: "示例评分丁", unit: .score, direction: .higher),
        Metric(id: "example_flag", name: "示例是否", unit: .boolean, direction: .higher),
    ])
}
