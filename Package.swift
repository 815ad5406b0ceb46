// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Convene",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "convene", targets: ["convene"]),
        .executable(name: "convene-fuzz", targets: ["ConveneFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(
            name: "ConveneSession",
            dependencies: ["ConveneCore", "ConveneStore"]
        ),
        .target(
            name: "ConveneWeb",
            dependencies: [
                "ConveneCore", "ConveneStore", "ConveneSession", "CQREncode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "ConveneCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "ConveneStore",
            dependencies: ["ConveneCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "ConveneNetwork",
            dependencies: ["ConveneCore", "ConveneStore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(
            name: "ConveneTerminal",
            dependencies: ["ConveneCore", "ConveneSession", "ConveneStore", "CEditLine"]
        ),
        .executableTarget(
            name: "convene",
            dependencies: [
                "ConveneCore", "ConveneStore", "ConveneSession", "ConveneTerminal", "ConveneWeb", "ConveneNetwork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: []
        ),
        .executableTarget(name: "ConveneFuzz", dependencies: ["ConveneCore", "ConveneStore", "ConveneWeb"]),
        .executableTarget(
            name: "ConveneBenchmarks",
            dependencies: ["ConveneCore", "ConveneStore", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/ConveneBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // CSV.swift reads back what CSVText writes: an independent parser for the export's CSV.
        .testTarget(
            name: "ConveneCoreTests", dependencies: ["ConveneCore", "ConveneWeb", "ConveneFuzz", .product(name: "CSV", package: "CSV.swift")],
            exclude: ["FuzzCorpus", "Malformed"]),
        .testTarget(name: "ConveneStoreTests", dependencies: ["ConveneStore", "ConveneSession", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "ConveneSessionTests",
            dependencies: [
                "ConveneSession", "ConveneStore", "ConveneTerminal", "ConveneWeb", "ConveneNetwork", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        .testTarget(name: "ConveneTerminalTests", dependencies: ["ConveneTerminal", "ConveneCore"]),
        .testTarget(
            name: "ConveneWebTests",
            dependencies: [
                "ConveneWeb", "ConveneStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
        .testTarget(
            name: "ConveneNetworkTests",
            dependencies: [
                "ConveneNetwork", "ConveneStore", "ConveneCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["convene"], exclude: ["pty", "scripts"]),
    ],
    swiftLanguageModes: [.v6]
)
