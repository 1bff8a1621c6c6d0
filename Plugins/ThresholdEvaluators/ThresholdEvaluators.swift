// ThresholdEvaluators
