import ArgumentParser
import FazhiReports
import Foundation

/// The folder of an HTML report's unit pages, beside its summary (`通报.html` → `通报_files/`).
///
/// Written whole or not at all: the pages go into a temporary folder beside it, which then replaces the
/// folder of an earlier run. A folder of that name that holds anything but `.html` files is not ours, and
/// is refused before the command does its work rather than overwritten.
final class PageFolder {
    let path: String
    private let temporary: String
    private var created = false

    /// Checks the folder's place before the command does its work.
    init(summary: String) throws {
        let directory = (summary as NSString).deletingLastPathComponent
        let name = (summary as NSString).lastPathComponent
        path = (directory.isEmpty ? "" : directory + "/") + HTMLReport.folderName(forSummary: name)
        temporary = path + ".fazhi-tmp-\(getpid())"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            Output.error("--html: cannot write the unit pages to \(path): a file of that name is in the way")
            throw ExitCode(2)
        }
        let foreign = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]).filter { !$0.hasSuffix(".html") }
        if !foreign.isEmpty {
            Output.error("--html: \(path) holds files that are not an HTML report's pages (\(foreign.sorted().prefix(3).joined(separator: ", "))); move them or choose another --html file")
            throw ExitCode(2)
        }
    }

    deinit { abandon() }

    /// Writes every page into the temporary folder, then puts it in place of the old folder.
    func write(_ pages: [(name: String, text: String)]) throws {
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            created = true
            for page in pages {
                try Data(page.text.utf8).write(to: URL(fileURLWithPath: temporary + "/" + page.name))
            }
            let old = path + ".fazhi-old-\(getpid())"
            let hadOld = FileManager.default.fileExists(atPath: path)
            if hadOld { try FileManager.default.moveItem(atPath: path, toPath: old) }
            do {
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
            } catch {
                if hadOld { try? FileManager.default.moveItem(atPath: old, toPath: path) }
                throw error
            }
            created = false
            if hadOld { try? FileManager.default.removeItem(atPath: old) }
        } catch {
            abandon()
            Output.error("cannot write the unit pages to \(path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }

    /// Gives up: the temporary folder removed, the old folder untouched.
    func abandon() {
        guard created else { return }
        created = false
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
