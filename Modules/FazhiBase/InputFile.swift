#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place input files are opened: every reader (YAML documents, reports, batches) comes here,
/// so a directory, a named pipe, a device or a socket given where a file goes is refused the same way,
/// before anything is read from it (a directory's size is not its content, and a pipe may never end).
package enum InputFile {
    /// Opens `path` for reading; the descriptor of a regular file and its size, or the problem.
    /// Opened without blocking, so that a named pipe with no writer is refused rather than waited on.
    package static func open(_ path: String) throws(Diagnostic) -> (fd: Int32, size: Int) {
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        #else
        let fd = Darwin.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        #endif
        guard fd >= 0 else {
            let message = String(cString: strerror(errno))
            // A socket cannot be opened at all: name it for what it is, as the others.
            var info = stat()
            if stat(path, &info) == 0, let kind = kind(info.st_mode) {
                throw Diagnostic.error("\(path) is \(kind); expected a regular file", at: nil)
            }
            throw Diagnostic.error("cannot read \(path): \(message)", at: nil)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw Diagnostic.error("cannot read \(path): \(message)", at: nil)
        }
        if let kind = kind(info.st_mode) {
            close(fd)
            throw Diagnostic.error("\(path) is \(kind); expected a regular file", at: nil)
        }
        // Reads block as usual from here on.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, Int(info.st_size))
    }

    /// What a file that is not a regular file is, in words; nil for a regular file.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    /// The device and inode of an existing file (after symbolic links), to tell two paths to the
    /// same file apart from two files; nil when it does not exist.
    package static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// A file's device and inode.
package struct FileIdentity: Hashable, Sendable {
    package var device: UInt64
    package var inode: UInt64
}
