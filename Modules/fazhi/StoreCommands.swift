import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

// The stored assessment cycle (docs/store.md): units, campaigns, submissions, verdicts, published
// results, history, 整改, the audit log, backup and check, over one SQLite file.

/// Where the store is, and who is acting (written into the audit log).
struct StoreOptions: ParsableArguments {
    @Option(help: "The store, one SQLite file (default: $FAZHI_DB or ./fazhi.db).")
    var db: String?

    @Option(help: "Who is acting, for the audit log (default: $FAZHI_USER, else $USER).")
    var by: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["FAZHI_DB"] ?? "fazhi.db" }

    var actor: String {
        by ?? ProcessInfo.processInfo.environment["FAZHI_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Runs a store operation; bad input, a refused change or a store error prints its message and exits 2.
    func run<T>(_ operation: (SQLiteStore) throws -> T) throws -> T {
        do {
            return try operation(try SQLiteStore(path: path))
        } catch let problems as DiagnosticList {
            Output.diagnostics(problems.diagnostics)
            throw ExitCode(2)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(path): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// table, json or csv for a listing.
struct ListingOptions: ParsableArguments {
    @Option(help: "table, json or csv (CSV is UTF-8 with a BOM, for Excel and WPS); results --current or --full also xlsx.")
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    func emit<T: Encodable>(_ value: T, headers: [String], rows: [[String]], right: Set<Int> = [], title: String? = nil) throws {
        let text: String
        switch format {
        case .table:
            var table = TextTable(headers, alignments: headers.indices.map { right.contains($0) ? .right : .left })
            for row in rows { table.add(row) }
            // In a terminal the text columns wrap to its width.
            let width = output == nil ? Output.width : nil
            text = (title.map { $0 + "\n" } ?? "") + (rows.isEmpty ? "（无）" : table.render(width: width, wrapping: Set(headers.indices).subtracting(right))) + "\n"
        case .json: text = json(value)
        case .csv: text = CSV.render([headers] + rows)
        case .xlsx:
            Output.error("--format \(format.rawValue): this command prints table, json or csv")
            throw ExitCode(2)
        }
        try Output.write(text, to: output)
    }
}

func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self) + "\n"
}

func date(_ text: String?, _ option: String) throws -> CalendarDate? {
    guard let text else { return nil }
    switch CalendarDate.parse(text) {
    case .success(let d): return d
    case .failure(let p):
        Output.error("\(option) \(text): expected a date YYYY-MM-DD (\(p.message))")
        throw ExitCode(2)
    }
}

func percent(_ value: Double?) -> String {
    value.map { UnitReport.percent($0) } ?? "—"
}
