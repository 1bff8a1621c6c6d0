// ProceduralEvaluators
