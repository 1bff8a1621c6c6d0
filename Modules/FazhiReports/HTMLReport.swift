package import FazhiCore
package import FazhiAnalysis
package import FazhiBase

/// An HTML report in files: a summary page a leader reads (distribution, ranking per level, goals, the
/// units furthest behind) and one page per unit in a folder beside it (`report.html` and
/// `report_files/…html`), linked both ways. Each page is self-contained (inline CSS and SVG, nothing
/// fetched); the summary stays small however many units there are (3,000 units: well under 2 MB).
package struct HTMLReport: Sendable {
    /// The summary page.
    package var summary: String
    /// The per-unit pages: file name inside the folder, and text.
    package var pages: [(name: String, text: String)]

    package init(summary: String, pages: [(name: String, text: String)]) {
        self.summary = summary
        self.pages = pages
    }

    /// The folder beside a summary file: `通报.html` → `通报_files`.
    package static func folderName(forSummary fileName: String) -> String {
        let stem = fileName.hasSuffix(".html") ? String(fileName.dropLast(5)) : fileName.hasSuffix(".htm") ? String(fileName.dropLast(4)) : fileName
        return stem + "_files"
    }

    /// A unit's page in the folder: its id, made safe as a file name (`HTML.anchor`).
    package static func pageName(_ unit: UnitInfo) -> String { HTML.anchor(unit.id) + ".html" }
}

/// Who issues a report and when (发文单位、日期): printed in the summary's closing block and on every
/// unit page.
package struct ReportIssue: Sendable {
    package var issuer: String
    package var date: CalendarDate

    package init(issuer: String, date: CalendarDate) {
        self.issuer = issuer
        self.date = date
    }

    /// The ruleset's issuer (or `issuer`) and `date`, else the latest evaluation date of the results.
    package init(plan: EvaluationPlan, results: [UnitResult], issuer: String? = nil, date: CalendarDate? = nil) {
        self.issuer = issuer ?? plan.ruleset.issuer
        self.date = date ?? results.map(\.asOf).max() ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }

    /// "2023年12月31日"
    package var dateText: String { "\(date.year)年\(date.month)月\(date.day)日" }

    var html: String {
        "<div class=\"issue\"><p>发文单位：\(HTML.escape(issuer))</p><p>日期：\(HTML.escape(dateText))</p></div>"
    }
}

/// The units of a batch by level (市, 县（市、区）, 部门, 乡镇（街道）…), each ranked on its own: grades
/// and scores of a city and of a county are not compared.
package struct LevelRanking: Sendable {
    package struct Level: Sendable {
        /// The level id (`city`), or "" for units whose level is not given.
        package var id: String
        /// Rows of the comparison, best first.
        package var rows: [Int]
        /// Rank within the level, by row index of the comparison.
        package var ranks: [Int: Int]

        /// "市", "县（市、区）", "未注明层级".
        package var name: String { id.isEmpty ? "未注明层级" : UnitLevel.chinese(id) }
    }

    package let levels: [Level]

    package init(_ comparison: UnitsComparison) {
        let scorer = Scorer(plan: comparison.plan)
        var byLevel: [String: [Int]] = [:]
        for (i, row) in comparison.rows.enumerated() { byLevel[row.result.unit.level ?? "", default: []].append(i) }
        let order = UnitLevel.ids + byLevel.keys.filter { !UnitLevel.ids.contains($0) && !$0.isEmpty }.sorted() + [""]
        levels = order.compactMap { id in
            guard let members = byLevel[id] else { return nil }
            let ranks = Standing.ranks(members.map { comparison.rows[$0].result }, scorer: scorer)
            let sorted = members.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
            var rankOf: [Int: Int] = [:]
            for k in members.indices { rankOf[members[k]] = ranks[k] }
            return Level(id: id, rows: sorted.map { members[$0] }, ranks: rankOf)
        }
    }

    /// The level a row is in, and its rank there.
    package func place(of row: Int) -> (level: Level, rank: Int)? {
        for level in levels { if let r = level.ranks[row] { return (level, r) } }
        return nil
    }
}
