public import FazhiExtract
import FazhiYAML
import Foundation

/// A narrative annual report handed to extraction: a file (UTF-8 or GB18030), or one already decoded.
public enum ReportSource: Sendable {
    case file(String)
    case report(NarrativeReport)
}

extension Workspace {
    /// Reads the figures out of a report into a draft evidence file, attached to metrics by the
    /// catalog's recognition patterns. The unit fields left nil become placeholders to fill in; the
    /// draft's `extraction.warning` says when the report looks wrong for extraction.
    public func extract(_ report: ReportSource, unitID: String? = nil, unitName: String? = nil, unitLevel: String? = nil,
                        period: Int? = nil) throws(DiagnosticList) -> DraftEvidence {
        let catalog = try metricCatalog()
        let text: NarrativeReport
        switch report {
        case .file(let path):
            do { text = try NarrativeReport(contentsOfFile: path, limit: limits.maxFileBytes) } catch { throw DiagnosticList([error]) }
        case .report(let report):
            text = report
        }
        let extraction = Extractor(catalog: catalog).extract(text)
        return DraftEvidence(extraction, unitID: unitID, unitName: unitName, unitLevel: unitLevel, period: period)
    }
}

/// Unit ids and names made from report file names, for a report evaluated without a unit id.
package enum FileNames {
    /// "reports/ningcheng-2023.txt" → "ningcheng-2023"
    package static func stem(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        return stem.isEmpty ? name : stem
    }

    /// Lower-case ASCII letters, digits and "-" (others become "-"); "report" when nothing is left.
    package static func identifier(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") { out.unicodeScalars.append(scalar) }
            else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "report" : out
    }
}
