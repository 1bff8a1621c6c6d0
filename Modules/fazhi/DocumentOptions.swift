import ArgumentParser
import FazhiKit
import FazhiReports
import Foundation

/// `--docx FILE` (the 通报) and `--feedback-dir DIR` (a 反馈意见 per unit) for the commands that score
/// a batch. Both are checked before the command does its work and written whole at the end.
struct DocumentOptions: ParsableArguments {
    @Option(help: "Also write the 通报 (results by grade, each level's ranking, common shortfalls, requirements) as a .docx in the 公文 layout (GB/T 9704).")
    var docx: String?

    @Option(name: .customLong("feedback-dir"), help: "Also write a 反馈意见 .docx per unit (its shortfalls and what to rectify) into this folder.")
    var feedbackDir: String?

    /// The checked outputs.
    struct Targets {
        var docx: String?
        var feedback: OutputFolder?
    }

    func open(inputs: [String]) throws -> Targets {
        if let docx {
            guard docx.lowercased().hasSuffix(".docx") else {
                Output.error("--docx \(docx): expected a file name ending in .docx")
                throw ExitCode(2)
            }
            if let out = FileIdentity.of(docx), let same = inputs.first(where: { FileIdentity.of($0) == out }) {
                Output.error("--docx \(docx) is the same file as the input \(same); writing it would destroy the input: choose another file")
                throw ExitCode(2)
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: docx, isDirectory: &isDirectory), isDirectory.boolValue {
                Output.error("cannot write \(docx): it is a directory")
                throw ExitCode(2)
            }
            let folder = (docx as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
                Output.error("cannot write \(docx): no folder \(folder)")
                throw ExitCode(2)
            }
        }
        let feedback = try feedbackDir.map { try OutputFolder(path: $0, option: "--feedback-dir", fileExtension: ".docx") }
        return Targets(docx: docx, feedback: feedback)
    }

    /// Writes the documents asked for: the feedback folder first, then the 通报.
    func write(_ targets: Targets, _ documents: () throws -> OfficialDocuments) throws {
        guard targets.docx != nil || targets.feedback != nil else { return }
        let documents = try documents()
        if let folder = targets.feedback {
            try folder.write { path in
                for row in documents.comparison.rows.indices {
                    try documents.feedback(row).write(to: path + "/" + documents.feedbackFileName(row))
                }
            }
        }
        if let docx = targets.docx {
            do { try documents.notice().write(to: docx) } catch {
                Output.diagnostics([error])
                throw ExitCode(2)
            }
        }
    }
}
