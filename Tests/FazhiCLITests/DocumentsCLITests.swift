import Foundation
import Testing

/// `--docx` and `--feedback-dir` on region and compare: written at the end, checked before the work.
/// (LibreOffice renders them in Tests/Sheets/check.py.)
struct DocumentsCLITests {
    static let guyuan = ["--ruleset", "guyuan-2023-2025-creation", "examples/guyuan-region-2023.yaml"]

    @Test func regionWritesNoticeAndFeedback() throws {
        let folder = (temporaryFile("x", "") as NSString).deletingLastPathComponent
        let run = try fazhi(["region"] + Self.guyuan + ["--docx", folder + "/通报.docx", "--feedback-dir", folder + "/反馈意见"])
        #expect(run.status == 0, "\(run.stderr)")
        let notice = try Data(contentsOf: URL(fileURLWithPath: folder + "/通报.docx"))
        #expect(notice.starts(with: [0x50, 0x4B, 0x03, 0x04]))  // a zip
        let feedback = try FileManager.default.contentsOfDirectory(atPath: folder + "/反馈意见").sorted()
        #expect(feedback == ["原州区反馈意见.docx", "固原市反馈意见.docx", "彭阳县反馈意见.docx", "泾源县反馈意见.docx", "西吉县反馈意见.docx", "隆德县反馈意见.docx"])
        #expect(try fazhi(["compare"] + Self.guyuan + ["--docx", folder + "/比较.docx"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/比较.docx"))
    }

    /// Bad outputs fail before anything is written.
    @Test func outputsAreCheckedFirst() throws {
        let folder = (temporaryFile("x", "") as NSString).deletingLastPathComponent
        let wrong = try fazhi(["region"] + Self.guyuan + ["--docx", folder + "/通报.doc", "--html", folder + "/r.html"])
        #expect(wrong.status == 2 && wrong.stderr == "error: --docx \(folder)/通报.doc: expected a file name ending in .docx\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/r.html") && wrong.stdout.isEmpty)
        let theirs = folder + "/mine"
        try FileManager.default.createDirectory(atPath: theirs, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: theirs + "/notes.txt", contents: Data("keep".utf8)))
        let refused = try fazhi(["region"] + Self.guyuan + ["--feedback-dir", theirs])
        #expect(refused.status == 2 && refused.stderr.contains("--feedback-dir: \(theirs) holds files that are not .docx files this command writes (notes.txt)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: theirs) == ["notes.txt"])
        let unit = try fazhi("compare", "--unit", "examples/ningcheng-2023.yaml", "ningxia-2023-eight-actions", "xixia-2020-demonstration", "--docx", folder + "/a.docx")
        #expect(unit.status != 0 && unit.stderr.contains("--docx and --feedback-dir go with --ruleset R and evidence files"))
    }
}
