// swift-tools-version: 6.1
// Benchmarks for Fazhi, kept out of the main package so that building or testing Fazhi never
// fetches or builds the benchmark tool. Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "FazhiBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named explicitly: a path dependency is otherwise known by its folder's name, which is
        // whatever the clone was called.
        .package(name: "Fazhi", path: ".."),
        // Only the malloc interposer: the default traits also pull in a runtime interposer whose
        // package is not mirrored here, and its ARC metrics crash on Linux with Swift 6.3.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "YAMLLoading",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FazhiYAML", package: "Fazhi"),
            ],
            path: "Benchmarks/YAMLLoading",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "BatchScoring",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FazhiYAML", package: "Fazhi"),
                .product(name: "FazhiCore", package: "Fazhi"),
                .product(name: "FazhiEvaluators", package: "Fazhi"),
                .product(name: "FazhiBatch", package: "Fazhi"),
            ],
            path: "Benchmarks/BatchScoring",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Extraction",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FazhiCore", package: "Fazhi"),
                .product(name: "FazhiExtract", package: "Fazhi"),
            ],
            path: "Benchmarks/Extraction",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
