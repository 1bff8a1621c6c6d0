import Foundation

/// The two lives of a fuzz target. Built with `-DFUZZING -sanitize=fuzzer,address` (scripts/fuzz), libFuzzer
/// calls `LLVMFuzzerTestOneInput`, defined by each target. Built normally, the same target is a
/// regression runner: it feeds every file named on the command line (or found in a named directory)
/// through the same function, so inputs that once crashed are re-run by the tests.
package enum FuzzRunner {
    package static func run(_ body: (UnsafeRawBufferPointer) -> Void) -> Int32 {
        var files: [String] = []
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("no such file: \(argument)\n".utf8))
                return 2
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                files += names.sorted().map { argument + "/" + $0 }
            } else {
                files.append(argument)
            }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            data.withUnsafeBytes { body($0) }
        }
        print("ran \(files.count) inputs")
        return 0
    }
}

#if FUZZING
/// libFuzzer's driver, for executables whose `main` SwiftPM names itself (so libFuzzer's own `main` is
/// not the entry point): `@main` calls this with the process arguments.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

extension FuzzRunner {
    package static func fuzz(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Int32 {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }
}
#endif
