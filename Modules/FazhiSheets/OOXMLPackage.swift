package import FazhiBase
package import Foundation
import ZIPFoundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An Office Open XML package (xlsx, docx): named parts in a zip archive.
package enum OOXMLPackage {
    /// Writes `parts` (name, bytes) as a zip to `path` through a temporary file in the same folder,
    /// renamed into place at the end: a failure leaves no file, and never half of one. `what` names the
    /// document in messages ("the workbook").
    /// The package's bytes, zipped in memory (a download).
    package static func data(_ parts: [(String, [UInt8])], what: String) throws(Diagnostic) -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            try add(parts, to: archive)
            guard let data = archive.data else { throw Diagnostic.error("cannot build \(what) in memory", at: nil) }
            return data
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw Diagnostic.error("cannot build \(what): \(error)", at: nil)
        }
    }

    /// Every part, deflated, into `archive`.
    static func add(_ parts: [(String, [UInt8])], to archive: Archive) throws {
        for (name, bytes) in parts {
            let data = Data(bytes)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    package static func write(_ parts: [(String, [UInt8])], to path: String, what: String) throws(Diagnostic) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try? FileManager.default.removeItem(at: temporary)
        do {
            try add(parts, to: try Archive(url: temporary, accessMode: .create))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostic.error("\(path): cannot write \(what): \(error)", at: nil)
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostic.error("\(path): cannot write \(what): \(reason)", at: nil)
        }
    }
}
