@testable import FazhiBatch
import FazhiCore
import FazhiTestSupport
import FazhiBase
import Foundation
import Testing

/// Reading CSV, TSV and JSON Lines batches: cells, quoting, chunking, and located problems.
struct BatchReaderTests {
    static let plan = Bundled.plan("ningxia-2023-eight-actions")

    /// Any number of workers and any chunk size give the same bytes, also when quoted fields hold
    /// commas, quotes and newlines (which break a naive newline split).
    @Test func sameOutputForAnyJobsAndChunkSize() {
        let plan = Self.plan
        let folder = Folder()
        let generated = folder.generate(plan, units: 400, seed: 11, format: .csv, name: "plain.csv")
        var text = String(decoding: FileManagerBytes.read(generated), as: UTF8.self)
        // Give every seventh unit a name with a comma, a doubled quote and a line break.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in stride(from: 1, to: lines.count - 1, by: 7) {
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[1] = "\"\(fields[1])，含\"\"引号\"\",\n换行\""
            lines[i] = fields.joined(separator: ",")
        }
        text = lines.joined(separator: "\n")
        let path = folder.write("quoted.csv", text)
        let reference = evaluate(plan, path, jobs: 1)
        #expect(reference.problems.isEmpty, "\(reference.problems)")
        #expect(reference.summary?.units == 400)
        #expect(reference.output.contains("\"合成"))
        for (jobs, chunk) in [(2, 1 << 10), (3, 1500), (4, 4096), (2, 1 << 20), (1, 1 << 10)] {
            let run = evaluate(plan, path, jobs: jobs, chunkBytes: chunk)
            #expect(run.output == reference.output, "jobs \(jobs), chunk \(chunk)")
        }
        let jsonl = evaluate(plan, path, result: .jsonl, jobs: 2, chunkBytes: 2048)
        #expect(jsonl.output.utf8.filter { $0 == 0x0A }.count == 400)
    }

    /// Empty cells, which the plain-decimal loop passes over itself, read as the general reader reads an
    /// empty cell written `""` or a blank: anywhere in the row, in runs, last before the line break
    /// (LF or CRLF), at chunk borders, with any number of workers.
    @Test func emptyCellsAsTheGeneralReaderReadsThem() throws {
        let plan = try Bundled.loader.load(repositoryRoot + "/Benchmarks/peers/wide/province-100.yaml")
        let folder = Folder()
        let generated = folder.generate(plan, units: 300, seed: 5, format: .csv, style: .export, name: "export.csv")
        let lines = String(decoding: FileManagerBytes.read(generated), as: UTF8.self).split(separator: "\n").map(String.init)
        func variant(_ empty: String, crlf: Bool) -> String {
            var out = [lines[0]]
            for (r, line) in lines.dropFirst().enumerated() {
                var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                for c in 5..<cells.count where (r * 7 + c * 13) % 9 == 0 || (r % 11 == 0 && c >= 100) || cells[c].isEmpty { cells[c] = empty }
                out.append(cells.joined(separator: ",") + (crlf && r % 3 == 0 ? "\r" : ""))
            }
            return out.joined(separator: "\n") + "\n"
        }
        let plain = evaluate(plan, folder.write("empty.csv", variant("", crlf: false)))
        #expect(plain.problems.isEmpty, "\(plain.problems)")
        #expect(plain.summary?.units == 300)
        #expect(evaluate(plan, folder.write("quoted.csv", variant("\"\"", crlf: false))).output == plain.output)
        #expect(evaluate(plan, folder.write("blank.csv", variant(" ", crlf: false))).output == plain.output)
        let crlf = folder.write("crlf.csv", variant("", crlf: true))
        #expect(evaluate(plan, crlf).output == plain.output)
        for (jobs, chunk) in [(2, 1 << 10), (3, 1500), (1, 777)] {
            #expect(evaluate(plan, crlf, jobs: jobs, chunkBytes: chunk).output == plain.output, "jobs \(jobs), chunk \(chunk)")
        }
    }

    /// The ways people write values, each read to the same slot value as the YAML reader would.
    @Test(arguments: [
        ("0.95", "95%", true), ("95 %", "95%", true), ("９５％", "95%", true), ("95.5%", "95.5%", true), ("1", "100%", true),
        ("", nil, true), ("95", nil, false), ("120%", nil, false), ("abc", nil, false),
    ] as [(String, String?, Bool)])
    func percentCells(_ cell: String, _ same: String?, _ ok: Bool) {
        let folder = Folder()
        let a = folder.write("a.csv", "id,name,court_appearance_rate\nx,某县,\(cell)\n")
        let run = evaluate(Self.plan, a)
        #expect(run.problems.isEmpty == ok, "\(run.problems)")
        if let same {
            let b = folder.write("b.csv", "id,name,出庭应诉率\nx,某县,\(same)\n")
            #expect(run.output == evaluate(Self.plan, b).output)
        }
    }

    @Test func booleansVerdictsAndDates() {
        let plan = Bundled.plan("zhongwei-2022-points")
        let folder = Folder()
        let verdictID = plan.slots.compactMap { if case .verdict(let id) = $0, !id.contains("#") { return id } else { return nil } }.first!
        let eventID = plan.slots.compactMap { if case .event(let id) = $0, !id.contains("#") { return id } else { return nil } }.first!
        let yes = evaluate(plan, folder.write("y.csv", "id,\(verdictID),\(eventID)\nx,是,2022-01-05\n"))
        let met = evaluate(plan, folder.write("m.csv", "id,\(verdictID),\(eventID)\nx,met,2022-01-05\n"))
        #expect(yes.problems.isEmpty && yes.output == met.output, "\(yes.problems)")
        let bad = evaluate(plan, folder.write("d.csv", "id,\(verdictID),\(eventID)\nx,met,2022-02-30\n"))
        #expect(bad.problems.first?.contains("d.csv:2:3: error: row 2, column 3 (\(eventID)): expected a date that exists, found \"2022-02-30\"") == true, "\(bad.problems)")
        let verdict = evaluate(plan, folder.write("v.csv", "id,\(verdictID)\nx,done\n"))
        #expect(verdict.problems.first?.contains("expected met, partial or unmet") == true)
    }

    @Test func unknownColumnSaysDidYouMean() {
        let folder = Folder()
        let path = folder.write("h.csv", "id,name,court_apearance_rate,nx-99\nx,某县,1,met\n")
        let run = evaluate(Self.plan, path)
        #expect(run.problems.count == 2)
        #expect(run.problems.first?.hasPrefix("\(path):1:3: error: header, column 3: column \"court_apearance_rate\" is not a unit column") == true, "\(run.problems)")
        #expect(run.problems.first?.contains("did you mean \"court_appearance_rate\"?") == true)
        #expect(run.problems.last?.contains("column 4") == true)
    }

    @Test func badCellNamesRowAndColumn() {
        let folder = Folder()
        let path = folder.write("c.csv", "id,name,court_appearance_rate\nx,某县,1\ny,某市,95\n")
        let run = evaluate(Self.plan, path, jobs: 2)
        #expect(run.problems == ["\(path):3:3: error: row 3, column 3 (court_appearance_rate): expected a percentage (e.g. 90% or 0.9), found \"95\"; did you mean 95%?"])
    }

    @Test func wrongFieldCountAndBlankLines() {
        let folder = Folder()
        let blank = evaluate(Self.plan, folder.write("b.csv", "\u{FEFF}id,name\r\nx,某县\r\n\r\ny,某市\r\n"))
        #expect(blank.problems.isEmpty && blank.summary?.units == 2, "\(blank.problems)")
        let extra = evaluate(Self.plan, folder.write("e.csv", "id,name\nx,某县,多余\n"))
        #expect(extra.problems.first?.contains("row 2, column 3: the row has 3 fields; the header has 2") == true, "\(extra.problems)")
        let empty = evaluate(Self.plan, folder.write("n.csv", "id,name\n"))
        #expect(empty.problems.first?.contains("the file has a header and no rows") == true)
        let unclosed = evaluate(Self.plan, folder.write("q.csv", "id,name\nx,\"某县\n"))
        #expect(unclosed.problems.first?.contains("a quoted field is not closed") == true)
    }

    @Test func tabSeparated() {
        let folder = Folder()
        let tsv = evaluate(Self.plan, folder.write("t.tsv", "id\tname\tcourt_appearance_rate\nx\t某县,市\t100%\n"))
        let csv = evaluate(Self.plan, folder.write("t.csv", "id,name,court_appearance_rate\nx,\"某县,市\",1\n"))
        #expect(tsv.problems.isEmpty && tsv.output == csv.output, "\(tsv.problems)")
    }

    @Test func jsonLines() {
        let folder = Folder()
        let json = evaluate(Self.plan, folder.write("j.jsonl", """
            {"id": "x", "name": "某\\u53bf", "出庭应诉率": "100%", "level": "county", "nx-1": "met", "nx-2": null}
            {"id": "y", "name": "某市", "court_appearance_rate": 0.9}

            """))
        let csv = evaluate(Self.plan, folder.write("j.csv", "id,name,court_appearance_rate,level,nx-1\nx,某县,1,county,met\ny,某市,0.9,,\n"))
        #expect(json.problems.isEmpty && json.output == csv.output, "\(json.problems)")
        let bad = evaluate(Self.plan, folder.write("k.jsonl", "{\"id\": \"x\"}\n{\"id\": \"y\", \"court_appearance_rate\": 95}\n"))
        #expect(bad.problems.first?.hasPrefix("\(folder.directory)/k.jsonl:2:38: error: line 2: key \"court_appearance_rate\": expected a percentage") == true, "\(bad.problems)")
        let nested = evaluate(Self.plan, folder.write("n.jsonl", "{\"id\": \"x\", \"facts\": {}}\n"))
        #expect(nested.problems.first?.contains("unit column") == true || nested.problems.first?.contains("nested") == true, "\(nested.problems)")
    }

    /// A numerator above its denominator is refused at its cell, as the YAML reader refuses it.
    @Test func evidenceACheckRefuses() {
        let plan = Bundled.plan("xixia-2020-demonstration")
        let folder = Folder()
        let run = evaluate(plan, folder.write("r.csv", "id,enforcement_staff,legal_review_staff\nx,3,5\n"))
        #expect(run.problems.first?.contains("r.csv:2:3: error: row 2, column 3 (legal_review_staff): xx-") == true, "\(run.problems)")
    }
}

enum FileManagerBytes {
    static func read(_ path: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: path) ?? Data())
    }
}
