#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SourceFile {
    /// Reads a whole file. `name` is what diagnostics call it (default: the path as given).
    public convenience init(contentsOfFile path: String, name: String? = nil, limit: Int = 1 << 30) throws(Diagnostic) {
        let (fd, size) = try InputFile.open(path)
        defer { close(fd) }
        if size > limit {
            throw Diagnostic.error("\(path) is \(size) bytes, larger than the limit of \(limit) bytes", at: nil)
        }
        var buffer = [UInt8]()
        buffer.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Diagnostic.error("cannot read \(path): \(String(cString: strerror(errno)))", at: nil)
            }
            if n == 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
            if buffer.count > limit {
                throw Diagnostic.error("\(path) is larger than the limit of \(limit) bytes", at: nil)
            }
        }
        self.init(name: name ?? path, bytes: buffer)
    }
}
