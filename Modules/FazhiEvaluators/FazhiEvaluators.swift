public import FazhiCore
import ThresholdEvaluators
import ProceduralEvaluators
import CompositeEvaluators
import ExpressionEvaluators

/// Every evaluator kind Fazhi ships, in one list: the one place a new kind is registered.
///
/// Swift cannot find the types that conform to a protocol at run time, so plugins are listed here
/// by hand (as SwiftLint lists its rules). A kind listed twice makes `registry()` fail.
public enum FazhiEvaluators {
    package static let all: [any IndicatorEvaluator.Type] = [
        // thresholds
        RateAtLeast.self,
        RateAtMost.self,
        CountAtLeast.self,
        CountAtMost.self,
        DurationAtMost.self,
        DurationAtLeast.self,
        RatioAtLeast.self,
        // procedural
        Assessed.self,
        DoneBy.self,
        PublishedWithin.self,
        NoIncident.self,
        // composite
        AllOf.self,
        AnyOf.self,
        WeightedScore.self,
        // points
        Deductions.self,
        // expression
        ExpressionCheck.self,
    ]

    /// The registry of every kind in `all`. A duplicate kind is a programming error, caught by the tests.
    public static func registry() -> EvaluatorRegistry {
        do {
            return try EvaluatorRegistry(all)
        } catch {
            fatalError("FazhiEvaluators.all: \(error)")
        }
    }
}
