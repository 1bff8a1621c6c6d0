import ArgumentParser
import FazhiKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif
#if canImport(CoreFoundation)
// `stat`'s fields resolve through CoreFoundation's copy of the C headers once a dependency (the xlsx
// container, ZIPFoundation) brings it into the module graph.
import CoreFoundation
#endif

/// Everything the CLI writes goes through here: standard output and files through `OutputStream`
/// (a failed write is an error and exit 2, never a trap), standard error through `standardError`.
enum Output {
    static func diagnostics(_ list: [Diagnostic]) {
        for d in list { standardError(d.description + "\n") }
    }

    /// The operation's value, or its problems (a `DiagnosticList`, as every Kit call throws) printed and exit 2.
    static func orExit<T>(_ operation: () throws -> T) throws -> T {
        do {
            return try operation()
        } catch let problems as DiagnosticList {
            diagnostics(problems.diagnostics)
            throw ExitCode(2)
        }
    }

    static func error(_ message: String) {
        standardError("error: \(message)\n")
    }

    /// Writes to standard error; a failure there has nowhere to be reported, so it is ignored.
    static func standardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let r = Glibc.write(STDERR_FILENO, bytes.baseAddress! + done, bytes.count - done)
                if r < 0, errno == EINTR { continue }
                if r <= 0 { return }
                done += r
            }
        }
    }

    /// A line on standard output (what `print` did, with a failed write reported and exit 2).
    static func print(_ line: String) throws {
        try standardOutput(line + "\n")
    }

    /// Text on standard output; a failed write (a full disk, a closed device) is an error and exit 2.
    static func standardOutput(_ text: String) throws {
        let out = try OutputStream(path: nil)
        try out.write(text)
        try out.finish()
    }

    /// Text to `path` (atomically, see `OutputStream`) or to standard output when nil.
    static func write(_ text: String, to path: String?, inputs: [String] = []) throws {
        let out = try OutputStream(path: path, inputs: inputs)
        try out.write(text)
        try out.finish()
    }

    /// Colour on standard output: FAZHI_COLOR=always or never decides; otherwise only on a terminal,
    /// with NO_COLOR unset or empty (https://no-color.org) and TERM other than dumb.
    static var color: Bool { color(ProcessInfo.processInfo.environment, terminal: isatty(STDOUT_FILENO) != 0) }

    static func color(_ environment: [String: String], terminal: Bool) -> Bool {
        switch environment["FAZHI_COLOR"] {
        case "always": return true
        case "never": return false
        default: return terminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }

    /// The columns a table on standard output may take: COLUMNS when it is a number, else the terminal's
    /// width when standard output is one; nil for a file or a pipe (lines are then not wrapped).
    static var width: Int? {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 {
            return n
        }
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

/// Where a command's output goes: standard output, or `--output FILE`, opened (and checked) before the
/// command does its work, so that a path that cannot be written fails before anything is printed.
///
/// A regular file (or a new one) is written through a temporary file beside it, renamed over it at the
/// end (keeping the old file's permissions), so a failed run leaves no half-written file; a symbolic
/// link keeps pointing where it did (its target is replaced). Anything else (a named pipe, a device such
/// as /dev/null) is written to in place. A path naming one of the command's inputs, by device and inode
/// (a hard link or another spelling of it too), is refused: the rename would destroy the input.
/// (Standard output cannot be taken back: use `--output` for all-or-nothing.)
final class OutputStream {
    /// The path as the user gave it (nil: standard output).
    let path: String?
    /// The file renamed into place at the end; nil when writing in place.
    private let target: String?
    private let temporary: String?
    private let fd: Int32
    private var done = false

    /// - Parameters:
    ///   - path: the output file, or nil for standard output.
    ///   - option: how the user named it, for messages (`--output`, `--html`).
    ///   - inputs: the files the command reads; the output must be none of them.
    init(path: String?, option: String = "--output", inputs: [String] = []) throws {
        self.path = path
        guard let path else {
            target = nil
            temporary = nil
            fd = STDOUT_FILENO
            return
        }
        if let output = FileIdentity.of(path), let input = inputs.first(where: { FileIdentity.of($0) == output }) {
            Output.error("\(option) \(path) is \(input == path ? "an input of this command" : "the same file as the input \(input)"); writing it would destroy the input: choose another file")
            throw ExitCode(2)
        }
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists, info.st_mode & S_IFMT == S_IFDIR {
            Output.error("cannot write \(path): it is a directory")
            throw ExitCode(2)
        }
        if exists, info.st_mode & S_IFMT != S_IFREG {
            // A named pipe, a device, a socket: write to it, never rename over it.
            target = nil
            temporary = nil
            fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw Self.failure(path) }
            return
        }
        var link = stat()
        let isLink = lstat(path, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK
        var resolved = path
        if isLink {
            guard exists, let real = realpath(path, nil) else {
                // A link to nothing yet: create its target through it.
                target = nil
                temporary = nil
                fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
                if fd < 0 { throw Self.failure(path) }
                return
            }
            resolved = String(cString: real)
            free(real)
        }
        let t = resolved + ".fazhi-tmp-\(getpid())"
        target = resolved
        temporary = t
        fd = open(t, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        if fd < 0 { throw Self.failure(path) }
        if exists { _ = fchmod(fd, info.st_mode & 0o7777) }
    }

    deinit { abandon() }

    /// True when the output is a regular file written through a temporary file and renamed into place.
    var isRenamed: Bool { temporary != nil }

    private static func failure(_ path: String?) -> ExitCode {
        Output.error("cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))")
        return ExitCode(2)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let r = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if r < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path)
            }
            written += r
        }
    }

    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the output: the temporary file renamed into place, or the file closed.
    func finish() throws {
        guard !done else { return }
        done = true
        guard path != nil else { return }
        if close(fd) != 0 {
            let error = Self.failure(path)
            if let temporary { unlink(temporary) }
            throw error
        }
        guard let target, let temporary else { return }
        if rename(temporary, target) != 0 {
            let error = Self.failure(path)
            unlink(temporary)
            throw error
        }
    }

    /// Gives up: the temporary file removed, the target untouched.
    func abandon() {
        guard !done else { return }
        done = true
        guard path != nil else { return }
        close(fd)
        if let temporary { unlink(temporary) }
    }
}

extension FileIdentity {
    static func of(_ path: String) -> FileIdentity? { InputFile.identity(path) }
}
