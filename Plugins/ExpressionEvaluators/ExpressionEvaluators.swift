// ExpressionEvaluators
