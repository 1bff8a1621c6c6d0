import FazhiBase
import FazhiStore
import FazhiWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Units saving drafts and uploading files at the same time: every save lands on its own unit, no
/// write is lost or crossed (a small, bounded version of the load test, which is not here yet).
struct ConcurrencyTests {
    @Test func concurrentSavesAndUploadsStayWithTheirUnit() async throws {
        let (app, store) = try freshApp()
        let units = ["guyuan", "yuanzhou", "xiji", "longde", "jingyuan", "pengyang"]
        let hash = Passwords.hash(Users.password, cost: 4)
        var logins: [String: Login] = [:]
        for unit in units {
            _ = try? store.addUser(name: "填报-\(unit)", role: .unit, unit: unit, passwordHash: hash, by: "测试")
            logins[unit] = try signIn(store, "填报-\(unit)")
        }
        let rounds = 4
        let sessions = logins
        let statuses = try await Application(router: app.router()).test(.router) { client in
            try await withThrowingTaskGroup(of: [UInt].self) { group in
                for (index, unit) in units.enumerated() {
                    group.addTask {
                        var codes: [UInt] = []
                        for round in 1...rounds {
                            let days = "\(index * 100 + round)"
                            let file = pngBytes + Array("\(unit)-\(round)".utf8)
                            let response = try await client.postMultipart("/c/guyuan-2023/u/\(unit)", as: sessions[unit]!,
                                                                          [("action", "draft"), ("m:public_comment_period_days", days)],
                                                                          files: [("f:nx-9", "\(unit)-\(round).png", file)])
                            codes.append(UInt(response.status.code))
                        }
                        return codes
                    }
                }
                var all: [UInt] = []
                for try await codes in group { all += codes }
                return all
            }
        }
        #expect(statuses.count == units.count * rounds && statuses.allSatisfy { $0 == 303 }, "\(statuses)")
        for (index, unit) in units.enumerated() {
            let facts = try store.facts(campaign: campaignID, unit: unit, version: nil)
            #expect(facts.first { $0.key == "public_comment_period_days" }?.value.hasPrefix("\(index * 100 + rounds) ") == true, "\(unit): \(facts)")
            #expect(try store.versions(campaign: campaignID, unit: unit).count == rounds)
            let files = try store.webAttachments(campaign: campaignID, unit: unit)
            #expect(files.map(\.originalName) == (1...rounds).map { "\(unit)-\($0).png" })
            for file in files {
                let (_, data) = try #require(try store.attachmentContent(campaign: campaignID, unit: unit, id: file.id))
                #expect(String(decoding: data.suffix(file.originalName.count - 4), as: UTF8.self) == String(file.originalName.dropLast(4)))
            }
        }
        #expect(try store.check().isEmpty)
    }
}
