import ArgumentParser
import FazhiKit
import FazhiReports
import Foundation

/// A folder of files a command writes whole: an HTML report's unit pages beside its summary
/// (`通报.html` → `通报_files/`), the 反馈意见 documents of `--feedback-dir`.
///
/// Written whole or not at all: the files go into a temporary folder beside it, which then replaces the
/// folder of an earlier run. A folder of that name that holds anything but files of this kind is not
/// ours, and is refused before the command does its work rather than overwritten.
final class OutputFolder {
    let path: String
    private let temporary: String
    private let option: String
    private var created = false

    /// The folder of an HTML report's unit pages, beside `summary`.
    convenience init(summary: String) throws {
        let directory = (summary as NSString).deletingLastPathComponent
        let name = (summary as NSString).lastPathComponent
        try self.init(path: (directory.isEmpty ? "" : directory + "/") + HTMLReport.folderName(forSummary: name), option: "--html", fileExtension: ".html")
    }

    /// Checks the folder's place before the command does its work: `option` names it in messages, and
    /// an existing folder may hold only files ending in `fileExtension`.
    init(path: String, option: String, fileExtension: String) throws {
        let path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.path = path
        self.option = option
        temporary = path + ".fazhi-tmp-\(getpid())"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            Output.error("\(option): cannot write to \(path): a file of that name is in the way")
            throw ExitCode(2)
        }
        let foreign = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]).filter { !$0.hasSuffix(fileExtension) }
        if !foreign.isEmpty {
            Output.error("\(option): \(path) holds files that are not \(fileExtension) files this command writes (\(foreign.sorted().prefix(3).joined(separator: ", "))); move them or choose another folder")
            throw ExitCode(2)
        }
    }

    deinit { abandon() }

    /// Writes every page into the temporary folder, then puts it in place of the old folder.
    func write(_ pages: [(name: String, text: String)]) throws {
        try write { folder in
            for page in pages { try Data(page.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + page.name)) }
        }
    }

    /// Has `fill` write the files into the temporary folder (given its path), then puts it in place of
    /// the old folder.
    func write(_ fill: (String) throws -> Void) throws {
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            created = true
            try fill(temporary)
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
            Output.error("\(option): cannot write \(path): \((error as? Diagnostic)?.message ?? error.localizedDescription)")
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
