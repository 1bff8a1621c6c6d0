package import FazhiKit
package import Foundation

// The values the store takes and returns. Rows, not GRDB records: a front end needs no GRDB import.

package struct StoredUnit: Sendable, Hashable, Codable {
    package var id: String
    package var name: String
    package var level: String?
    package var parentID: String?
    package var parentName: String?
    package var attributes: [String: String]
}

package struct UnitImportSummary: Sendable {
    package var added: [String] = []
    package var changed: [String] = []
    package var unchanged: [String] = []
}

package struct CampaignRequest: Sendable {
    package var id: String
    package var name: String
    package var ruleset: String
    package var year: Int
    package var asOf: CalendarDate?
    package var submissionDeadline: CalendarDate?
    package var reviewDeadline: CalendarDate?
    /// Evidence or unit files whose units take part (they are added to the units first).
    package var units: [EvidenceSource]
    /// Assessors by unit id.
    package var assessors: [String: [String]]
    /// Units already in the store that take part (by id), besides those of `units`.
    package var unitIDs: [String] = []
    /// The name the ruleset's own document is stored under when `ruleset` is a temporary path (an
    /// upload in the web app): the name the user gave the file, not where it was put.
    package var rulesetName: String?

    package init(id: String, name: String, ruleset: String, year: Int, asOf: CalendarDate? = nil, submissionDeadline: CalendarDate? = nil,
                 reviewDeadline: CalendarDate? = nil, units: [EvidenceSource] = [], assessors: [String: [String]] = [:]) {
        self.id = id
        self.name = name
        self.ruleset = ruleset
        self.year = year
        self.asOf = asOf
        self.submissionDeadline = submissionDeadline
        self.reviewDeadline = reviewDeadline
        self.units = units
        self.assessors = assessors
    }
}

package struct CampaignInfo: Sendable, Codable {
    package var id: String
    package var name: String
    package var rulesetID: String
    package var rulesetHash: String
    package var year: Int
    package var asOf: String?
    package var submissionDeadline: String?
    package var reviewDeadline: String?
    package var createdAt: String
    package var createdBy: String
    package var units: Int
    package var submissions: Int
    package var published: Int
    /// The stored documents: role and name ("ruleset rulesets/guyuan-….yaml").
    package var documents: [String]
}

package enum SubmissionState: String, Sendable, CaseIterable, Codable {
    case draft, submitted, returned, resubmitted, reviewed

    /// The states a submission may move to from this one (a new import also moves it, see `afterImport`).
    package var next: [SubmissionState] {
        switch self {
        case .draft: [.submitted]
        case .submitted, .resubmitted: [.returned, .reviewed]
        case .returned: [.resubmitted]
        case .reviewed: [.returned]
        }
    }

    package var chinese: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已报送"
        case .returned: "已退回"
        case .resubmitted: "已重新报送"
        case .reviewed: "已审核"
        }
    }
}

package struct SubmissionImportSummary: Sendable, Codable {
    package var file: [String] = []
    /// Files already imported into this campaign (nothing was done with them).
    package var alreadyImported: [String] = []
    /// Units with a new version, and their version numbers.
    package var newVersions: [String: Int] = [:]
    /// Units whose evidence was the same as their latest version.
    package var unchanged: [String] = []
}

package struct SubmissionInfo: Sendable, Codable {
    package var unitID: String
    package var unitName: String
    package var state: String
    package var version: Int
    package var updatedAt: String
    /// When it was first submitted, and whether that was after the submission deadline.
    package var submittedAt: String?
    package var late: Bool
}

package struct SubmissionVersion: Sendable, Codable {
    package var version: Int
    package var createdAt: String
    package var createdBy: String
    package var evidenceSHA256: String
    package var importFile: String?
    package var events: [String]
    package var attachments: [AttachmentInfo]
}

package struct StoredFact: Sendable, Codable, Hashable {
    package var kind: String
    package var key: String
    package var value: String
    package var line: Int?
    package var quote: String?
}

extension StoredFact {
    /// A version's facts as `fact_set.facts` keeps them (docs/store.md): a JSON array of objects
    /// `{"kind", "key", "value", "line", "quote"}` in the order given, `line` and `quote` left out when
    /// there are none; the `fact` view reads them back a row each.
    ///
    /// Written by hand rather than with `JSONEncoder`: five known fields of text and one number, and
    /// an import writes some 600,000 facts at 10,000 units. Strings are escaped as RFC 8259 requires
    /// (quote, backslash, control characters); other characters go in as their UTF-8.
    static func json(_ facts: [StoredFact]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(facts.count * 72 + 2)
        func string(_ text: String) {
            out.append(0x22)
            for byte in text.utf8 {
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                default: out.append(byte)
                }
            }
            out.append(0x22)
        }
        out.append(0x5B)
        for (i, fact) in facts.enumerated() {
            if i > 0 { out.append(0x2C) }
            out += Array(#"{"kind":"#.utf8)
            string(fact.kind)
            out += Array(#","key":"#.utf8)
            string(fact.key)
            out += Array(#","value":"#.utf8)
            string(fact.value)
            if let line = fact.line {
                out += Array(#","line":"#.utf8)
                out += Array(String(line).utf8)
            }
            if let quote = fact.quote {
                out += Array(#","quote":"#.utf8)
                string(quote)
            }
            out.append(0x7D)
        }
        out.append(0x5D)
        return String(decoding: out, as: UTF8.self)
    }
}

package struct AttachmentInfo: Sendable, Codable {
    package var sha256: String
    package var originalName: String
    package var mediaType: String
    package var size: Int
    package var uploadedBy: String
    package var uploadedAt: String
    package var version: Int
}

package struct VerdictRequest: Sendable {
    package var campaign: String
    package var unit: String
    package var indicator: String
    package var verdict: String
    package var points: Double?
    package var comment: String?

    package init(campaign: String, unit: String, indicator: String, verdict: String, points: Double? = nil, comment: String? = nil) {
        self.campaign = campaign
        self.unit = unit
        self.indicator = indicator
        self.verdict = verdict
        self.points = points
        self.comment = comment
    }
}

/// One assessed item of one unit: each assessor's latest verdict side by side, and the office's decision.
package struct VerdictRow: Sendable, Codable {
    package var unitID: String
    package var indicatorID: String
    package var byAssessor: [String: String]
    package var comments: [String: String]
    package var decision: String?
    package var decidedBy: String?
    /// The verdict that counts: the decision, else the assessors' when they agree; nil while they disagree.
    package var effective: String?
    package var disagree: Bool
}

/// What scoring the campaign now would give (before publishing).
package struct CampaignScoring: Sendable {
    package var plan: EvaluationPlan
    /// The units' evidence as scored (stored documents, with the verdicts that count) and their results, by unit id.
    package var evidence: [UnitEvidence]
    package var results: [UnitResult]
    /// Submission version scored per unit.
    package var versions: [String: Int]
    /// Enrolled units without a submission (or with a draft only).
    package var missing: [String]
    /// Items whose assessors disagree and the office has not decided (the evidence's own verdict counts meanwhile).
    package var undecided: [VerdictRow]
}

package struct Publication: Sendable, Codable {
    package var campaign: String
    package var version: Int
    package var publishedAt: String
    package var units: Int
    package var changes: [ResultChange]
}

package struct PublishedResult: Sendable, Codable {
    package var unitID: String
    package var unitName: String
    package var version: Int
    package var grade: String
    package var score: Double
    package var met: Int
    package var counted: Int
    package var groups: [GroupScore]
    package var unmet: [String]
}

package struct GroupScore: Sendable, Codable, Hashable {
    package var id: String
    package var title: String
    package var met: Int
    package var counted: Int
    package var completion: Double?
}

package struct ResultChange: Sendable, Codable {
    package var unitID: String
    package var gradeBefore: String?
    package var gradeAfter: String?
    package var scoreBefore: Double?
    package var scoreAfter: Double?
    package var indicators: [IndicatorChange]
}

package struct IndicatorChange: Sendable, Codable, Hashable {
    package var indicatorID: String
    package var before: String?
    package var after: String?
}

package struct HistoryEntry: Sendable, Codable {
    package var campaign: String
    package var year: Int
    package var rulesetID: String
    package var version: Int
    package var grade: String
    package var score: Double
    package var groups: [GroupScore]
    package var newlyMet: [String]
    package var newlyUnmet: [String]
}

package struct GradeCount: Sendable, Codable, Hashable {
    package var year: Int
    package var campaign: String
    package var grade: String
    package var units: Int
}

package enum RectificationAction: String, Sendable, CaseIterable {
    case answer, close, reopen
}

/// A file of evidence for a rectification answer: the name shown, its type and its bytes.
package struct RectificationFile: Sendable {
    package var name: String
    package var mediaType: String
    package var data: Data

    package init(name: String, mediaType: String, data: Data) {
        self.name = name
        self.mediaType = mediaType
        self.data = data
    }
}

package struct RectificationTask: Sendable, Codable {
    package var id: Int
    package var campaign: String
    package var unitID: String
    package var indicatorID: String
    package var owner: String
    package var deadline: String
    package var state: String
    /// Open (not answered, not closed) after its deadline.
    package var overdue: Bool
    package var lastAnswer: String?
    /// Files attached to the answers, by original name.
    package var files: [String]
}

package struct AuditEntry: Sendable, Codable {
    package var id: Int
    package var at: String
    package var actor: String
    package var action: String
    package var entity: String
    package var key: String
    package var old: String?
    package var new: String?
}
