// CompositeEvaluators
