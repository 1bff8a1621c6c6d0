// The procedural family: mechanisms judged by an assessor, tasks done by a date, acts published within
// a time, incidents that must not occur.
//
// `assessed` and `done_by` read the indicator's verdict or event slot. Inside a composite each sub-check
// has its own key (`ID#n`, see `PlanContext.makeSubCheck`) and falls back to the whole indicator's, so
// one verdict for `ID` covers every assessed part, and `ID#2` can single one out.
