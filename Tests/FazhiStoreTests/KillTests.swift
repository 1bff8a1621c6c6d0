import FazhiKit
@testable import FazhiStore
import Foundation
import GRDB
import Testing

/// An import killed with SIGKILL at any moment leaves the store consistent, with that import whole or
/// absent: the real `fazhi` binary imports a batch of 20 units again and again (each time every unit
/// changed), and is killed at moments spread over the part of the run where it reads the file and
/// writes (before that it is starting and compiling the plan, which writes nothing).
struct KillTests {
    static let units = 20
    static let kills = 10

    /// A batch of `units` copies of Ningcheng's evidence, every unit's quote marked with `round`.
    static func batch(round: Int) -> String {
        let text = (try? String(contentsOfFile: root + "/examples/ningcheng-2023.yaml", encoding: .utf8)) ?? ""
        return (0..<units).map { i in
            text.replacingOccurrences(of: "unit:\n  id: ningcheng\n", with: "unit:\n  id: nc\(i)\n")
                .replacingOccurrences(of: "党校共计举办专题培训班 3 次", with: "党校共计举办专题培训班 3 次（第\(round)轮）")
        }.joined(separator: "\n---\n")
    }

    @Test func killedImportsAreWholeOrAbsent() throws {
        let folder = try temporaryFolder()
        let db = folder + "/fazhi.db"
        try write(Self.batch(round: 0), to: folder + "/round-0.yaml")
        let created = try fazhi(["campaign", "create", "k", "--ruleset", "ningxia-2023-eight-actions", "--year", "2023", "--units", folder + "/round-0.yaml", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        // One import undisturbed, to time it.
        let start = Date()
        let first = try fazhi(["import", "--campaign", "k", folder + "/round-0.yaml", "--db", db])
        let duration = Date().timeIntervalSince(start)
        #expect(first.status == 0, "\(first.stderr)")
        // The same file again: everything up to the write, which finds it imported and writes nothing.
        let startAgain = Date()
        let again = try fazhi(["import", "--campaign", "k", folder + "/round-0.yaml", "--db", db])
        let reading = Date().timeIntervalSince(startAgain)
        #expect(again.stdout.hasPrefix("\(folder)/round-0.yaml: imported before; nothing changed"))
        let from = min(reading * 0.6, duration * 0.5), to = max(duration * 1.2, from + 0.2)
        var whole = 1, absent = 0
        for attempt in 0..<Self.kills {
            let round = attempt + 1
            let file = folder + "/round-\(round).yaml"
            try write(Self.batch(round: round), to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: root + "/.build/debug/fazhi")
            process.arguments = ["import", "--campaign", "k", file, "--db", db]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Moments spread evenly from while the file is read to just past the end, with jitter; the
            // first well before any write, so that one kill surely finds nothing written.
            let moment = attempt == 0 ? reading * 0.3 : from + (to - from) * (Double(attempt) + Double.random(in: 0.1...0.9)) / Double(Self.kills)
            Thread.sleep(forTimeInterval: moment)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The store opens, is intact, and every import in it is whole.
            let (integrity, imports, versions) = try DatabaseQueue(path: db).read { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                 try Row.fetchAll(db, sql: "SELECT i.units, (SELECT count(*) FROM submission_version v WHERE v.import_id = i.id) AS n FROM import i"),
                 try Int.fetchSet(db, sql: "SELECT version FROM submission"))
            }
            #expect(integrity == ["ok"], "after kill \(attempt)")
            #expect(imports.allSatisfy { $0["units"] as Int == Self.units && $0["n"] as Int == Self.units }, "after kill \(attempt)")
            // Every unit is at the same version: the number of whole imports.
            #expect(versions == [imports.count], "after kill \(attempt): versions \(versions), imports \(imports.count)")
            if imports.count > whole { whole = imports.count } else { absent += 1 }
        }
        #expect(absent >= 1)
        // The store still works: the last batch imports whole (or was already in) and every invariant holds.
        let last = try fazhi(["import", "--campaign", "k", folder + "/round-\(Self.kills).yaml", "--db", db])
        #expect(last.status == 0, "\(last.stderr)")
        let check = try fazhi(["check", "--db", db])
        #expect(check.status == 0 && check.stdout == "\(db): ok\n", "\(check.stdout)\(check.stderr)")
        print("kill test: \(Self.kills) kills from \(String(format: "%.2f", from)) to \(String(format: "%.2f", to)) s, \(absent) left no import, \(whole - 1) finished first")
    }
}

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `fazhi` from the repository root.
func fazhi(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: root + "/.build/debug/fazhi")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["FAZHI_DB"] = nil
    environment.merge(extra) { $1 }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}
