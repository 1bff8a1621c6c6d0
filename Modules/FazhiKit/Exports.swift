// A front end imports FazhiKit alone: the values the operations take and return (plans, evidence,
// results, comparisons, drafts, batch summaries, diagnostics) are the engine's own types, so they
// are re-exported here rather than wrapped in copies that would drift from the engine.
@_exported public import FazhiAnalysis
@_exported public import FazhiBase
@_exported public import FazhiBatch
@_exported public import FazhiCore
@_exported public import FazhiExtract
@_exported public import FazhiYAML
