// swift-tools-version: 6.1
import PackageDescription

// Settings every target shares: a small public surface, explicit existentials, explicit imports.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The evaluator families, one module each under Plugins/. Each depends on FazhiCore only;
/// `FazhiEvaluators` lists them in one place.
let evaluatorPlugins = [
    "ThresholdEvaluators",
    "ProceduralEvaluators",
    "CompositeEvaluators",
    "ExpressionEvaluators",
]

let package = Package(
    name: "Fazhi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fazhi", targets: ["fazhi"]),
        .library(name: "FazhiBase", targets: ["FazhiBase"]),
        .library(name: "FazhiYAML", targets: ["FazhiYAML"]),
        .library(name: "FazhiCore", targets: ["FazhiCore"]),
        .library(name: "FazhiEvaluators", targets: ["FazhiEvaluators"]),
        .library(name: "FazhiReports", targets: ["FazhiReports"]),
        .library(name: "FazhiExtract", targets: ["FazhiExtract"]),
        .library(name: "FazhiAnalysis", targets: ["FazhiAnalysis"]),
        .library(name: "FazhiBatch", targets: ["FazhiBatch"]),
        .library(name: "FazhiSheets", targets: ["FazhiSheets"]),
        .library(name: "FazhiKit", targets: ["FazhiKit"]),
        .library(name: "FazhiStore", targets: ["FazhiStore"]),
        .library(name: "FazhiWeb", targets: ["FazhiWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The web app (`fazhi serve`): the server, bcrypt, auto-escaping templates, multipart uploads.
        // Hummingbird's configuration trait is left off: the app reads its options from the CLI.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The xlsx container (FazhiSheets): a zip archive read entry by entry in chunks.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            path: "Modules/CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "FazhiBase",
            path: "Modules/FazhiBase",
            swiftSettings: strict
        ),
        .target(
            name: "FazhiYAML",
            dependencies: ["FazhiBase", "FazhiCore", "CLibYAML"],
            path: "Modules/FazhiYAML",
            swiftSettings: strict
        ),
        .target(
            name: "FazhiCore",
            dependencies: ["FazhiBase"],
            path: "Modules/FazhiCore",
            swiftSettings: strict
        ),
    ] + evaluatorPlugins.map { name in
        .target(name: name, dependencies: ["FazhiBase", "FazhiCore"], path: "Plugins/\(name)", swiftSettings: strict)
    } + [
        .target(
            name: "FazhiEvaluators",
            dependencies: ["FazhiCore"] + evaluatorPlugins.map { .target(name: $0) },
            path: "Modules/FazhiEvaluators",
            swiftSettings: strict
        ),
        .target(
            name: "FazhiAnalysis",
            dependencies: ["FazhiBase", "FazhiCore"],
            path: "Modules/FazhiAnalysis",
            swiftSettings: strict
        ),
        .target(
            name: "FazhiExtract",
            dependencies: ["FazhiBase", "FazhiCore"],
            path: "Modules/FazhiExtract",
            swiftSettings: strict
        ),
        .target(
            name: "FazhiReports",
            dependencies: ["FazhiBase", "FazhiCore", "FazhiAnalysis", "FazhiSheets"],
            path: "Modules/FazhiReports",
            swiftSettings: strict
        ),
        // The bulk scorer's vector kernels in C: chosen at run time by the processor (AVX2 or not),
        // which Swift cannot do function by function.
        .target(
            name: "CFazhiKernels",
            path: "Modules/CFazhiKernels"
        ),
        .target(
            name: "FazhiBatch",
            dependencies: ["FazhiBase", "FazhiCore", "CFazhiKernels"],
            path: "Modules/FazhiBatch",
            swiftSettings: strict + branchFreeSelects
        ),
        // Spreadsheets (xlsx) read as streams of rows and written with styles, validations and print
        // set-up; format-level only: knows nothing about rulesets.
        .target(
            name: "FazhiSheets",
            dependencies: ["FazhiBase", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Modules/FazhiSheets",
            swiftSettings: strict
        ),
        // The use cases (validate, compare, …) as calls that take and return values: what
        // every front end (the CLI, a store, a server) runs. No printing, no argument parsing.
        .target(
            name: "FazhiKit",
            dependencies: ["FazhiBase", "FazhiYAML", "FazhiCore", "FazhiEvaluators", "FazhiAnalysis", "FazhiBatch", "FazhiExtract", "FazhiSheets"],
            path: "Modules/FazhiKit",
            swiftSettings: strict
        ),
        // The yearly assessment cycle kept in one SQLite file (GRDB): units, campaigns, submissions,
        // files, verdicts, published results, rectification and the audit log, behind a protocol.
        .target(
            name: "FazhiStore",
            dependencies: ["FazhiKit", "FazhiEvaluators", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "Modules/FazhiStore",
            swiftSettings: strict
        ),
        // The web app over the store: server-rendered pages in Chinese for the office, units,
        // assessors and viewers (`fazhi serve`); templates and CSS are Swift strings, so the one binary
        // carries them.
        .target(
            name: "FazhiWeb",
            dependencies: [
                "FazhiBase", "FazhiCore", "FazhiYAML", "FazhiAnalysis", "FazhiKit", "FazhiReports", "FazhiSheets", "FazhiStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            path: "Modules/FazhiWeb",
            swiftSettings: strict
        ),
        // The command line: arguments in, FazhiKit's calls, FazhiReports' renderings out.
        .executableTarget(
            name: "fazhi",
            dependencies: [
                "FazhiKit", "FazhiReports", "FazhiStore", "FazhiWeb", "FazhiSheets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Modules/fazhi",
            swiftSettings: strict
        ),
        // Fuzz targets (scripts/fuzz builds them with libFuzzer); built normally they re-run saved inputs.
        .target(name: "FuzzSupport", path: "Tests/Fuzz/FuzzSupport", swiftSettings: strict),
        .executableTarget(name: "FuzzYAML", dependencies: ["FazhiBase", "FazhiYAML", "FuzzSupport"], path: "Tests/Fuzz/FuzzYAML", swiftSettings: strict),
        .executableTarget(name: "FuzzRuleset", dependencies: ["FazhiBase", "FazhiCore", "FazhiYAML", "FazhiEvaluators", "FuzzSupport"], path: "Tests/Fuzz/FuzzRuleset", swiftSettings: strict),
        .executableTarget(name: "FuzzBatch", dependencies: ["FazhiBase", "FazhiBatch", "FazhiCore", "FazhiYAML", "FazhiEvaluators", "FuzzSupport"], path: "Tests/Fuzz/FuzzBatch", swiftSettings: strict),
        .executableTarget(name: "FuzzExtract", dependencies: ["FazhiBase", "FazhiCore", "FazhiYAML", "FazhiExtract", "FuzzSupport"], path: "Tests/Fuzz/FuzzExtract", swiftSettings: strict),
        .executableTarget(name: "FuzzEvidence", dependencies: ["FazhiBase", "FazhiCore", "FazhiYAML", "FazhiEvaluators", "FazhiReports", "FuzzSupport"], path: "Tests/Fuzz/FuzzEvidence", swiftSettings: strict),
        // What several test targets share: temporary folders of hand-written rulesets and evidence.
        .target(
            name: "FazhiTestSupport",
            dependencies: ["FazhiCore", "FazhiEvaluators", "FazhiYAML"],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiBaseTests",
            dependencies: ["FazhiBase"],
            path: "Tests/FazhiBaseTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiYAMLTests",
            dependencies: ["FazhiBase", "FazhiYAML"],
            path: "Tests/FazhiYAMLTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiCoreTests",
            dependencies: ["FazhiBase", "FazhiCore", "FazhiEvaluators", "FazhiYAML", "FazhiTestSupport"],
            path: "Tests/FazhiCoreTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiRulesetTests",
            dependencies: ["FazhiBase", "FazhiCore", "FazhiEvaluators", "FazhiYAML"],
            path: "Tests/FazhiRulesetTests",
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiAnalysisTests",
            dependencies: ["FazhiBase", "FazhiCore", "FazhiEvaluators", "FazhiYAML", "FazhiAnalysis", "FazhiReports", "FazhiTestSupport"],
            path: "Tests/FazhiAnalysisTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiBatchTests",
            dependencies: ["FazhiBase", "FazhiBatch", "FazhiCore", "FazhiEvaluators", "FazhiYAML", "FazhiTestSupport", "CFazhiKernels"],
            path: "Tests/FazhiBatchTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiExtractTests",
            dependencies: ["FazhiBase", "FazhiExtract", "FazhiCore", "FazhiYAML", "FazhiEvaluators"],
            path: "Tests/FazhiExtractTests",
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiKitTests",
            dependencies: ["FazhiKit", "FazhiSheets", "FazhiReports", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/FazhiKitTests",
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiStoreTests",
            dependencies: ["FazhiStore", "FazhiKit", "fazhi", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/FazhiStoreTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiWebTests",
            dependencies: [
                "FazhiWeb", "FazhiStore", "FazhiKit", "FazhiSheets", "FazhiBase", "fazhi",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/FazhiWebTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiSheetsTests",
            dependencies: ["FazhiSheets", "FazhiBase", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/FazhiSheetsTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "FazhiCLITests",
            dependencies: ["fazhi", "FuzzYAML", "FuzzRuleset", "FuzzEvidence", "FuzzBatch", "FuzzExtract"],
            path: "Tests/FazhiCLITests",
            swiftSettings: strict
        ),
    ]
)

/// Bulk scoring decides each indicator with selects, not branches: outcomes in a region are
/// unpredictable, and one mispredicted branch per indicator costs more than computing both sides.
/// LLVM's x86 back end turns such selects into branches when one side is a load or looks costly;
/// these two switches keep them as conditional moves (measured in Benchmarks/: the scoring loop's
/// share of time falls from about a third). x86-64 only; other targets build without them.
var branchFreeSelects: [SwiftSetting] {
    #if arch(x86_64)
    [.unsafeFlags(["-Xllvm", "-x86-cmov-converter=false", "-Xllvm", "-disable-cgp-select2branch"])]
    #else
    []
    #endif
}
