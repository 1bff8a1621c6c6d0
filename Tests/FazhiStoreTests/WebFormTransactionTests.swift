import FazhiKit
@testable import FazhiStore
import Foundation
import GRDB
import Testing

/// A unit's web form is one transaction with the files it brings (issue 16; the standard "every
/// import, submission and verdict is one transaction"): a failure while a file is written leaves no
/// version, no state change, no audit entry and no file.
struct WebFormTransactionTests {
    static func xiji() throws -> String {
        let text = try String(contentsOfFile: root + "/examples/guyuan-region-2023.yaml", encoding: .utf8)
        return try #require(text.components(separatedBy: "\n---\n").first { $0.contains("id: xiji") })
    }

    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    @Test func aFailureWhileAFileIsWrittenLeavesNothingOfTheSave() throws {
        let (store, folder) = try guyuanStore()
        let path = folder + "/fazhi.db"
        let upload = WebUpload(indicator: "gy-1", name: "会议纪要.pdf", mediaType: "application/pdf", data: Self.pdf)
        // The disk fills (or anything else fails) as the file's row is written: a trigger on the
        // store's own writer connection makes that happen on cue.
        try store.pool.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER fail_attachment BEFORE INSERT ON attachment BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        let before = try tableCounts(path)
        #expect(throws: (any Error).self) {
            try store.saveWebForm(campaign: "guyuan-2023", unit: "xiji", text: try Self.xiji(), name: "网上填报 xiji", submit: true, uploads: [upload], by: "西吉填报")
        }
        #expect(try tableCounts(path) == before)
        #expect(try store.submissions(campaign: "guyuan-2023").first { $0.unitID == "xiji" } == nil)

        try store.pool.write { db in try db.execute(sql: "DROP TRIGGER fail_attachment") }
        try store.saveWebForm(campaign: "guyuan-2023", unit: "xiji", text: try Self.xiji(), name: "网上填报 xiji", submit: true, uploads: [upload], by: "西吉填报")
        let saved = try #require(try store.submissions(campaign: "guyuan-2023").first { $0.unitID == "xiji" })
        #expect(saved.state == "submitted" && saved.version == 1)
        #expect(try store.webAttachments(campaign: "guyuan-2023", unit: "xiji").map(\.originalName) == ["会议纪要.pdf"])
        // Sent, it is locked until returned.
        #expect(throws: StoreError.self) {
            try store.saveWebForm(campaign: "guyuan-2023", unit: "xiji", text: try Self.xiji(), name: "网上填报 xiji", submit: false, uploads: [], by: "西吉填报")
        }
        #expect(try store.check().isEmpty)
    }
}
