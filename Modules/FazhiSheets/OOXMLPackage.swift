package import FazhiBase
import Foundation
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
    package static func write(_ parts: [(String, [UInt8])], to path: String, what: String) throws(Diagnostic) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for (name, bytes) in parts {
                let data = Data(bytes)
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
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
