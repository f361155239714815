// swift-tools-version:6.0
import PackageDescription

// Layering (each line depends only on the ones above it):
//   COpenBLAS, CKernels        C: BLAS through pkg-config, vectorised elementwise kernels
//   BPTTNumerics               the Elman RNN, its loss, the BPTT engines, optimizers, Truncation
//   BPTTReference              the same algorithms in plain Float64, the one-file explanation the tests check against
//   BPTTCorpus                 text -> tokens, vocabulary, datasets, the synthetic corpus (draws with
//                              BPTTNumerics' SplitMix64, the one home of the seeded generators)
//   BPTTTraining               trainer, live session, metrics, checkpoints, configs, bench
//   BPTTDashboard              pure: a snapshot into a cell grid, keys into actions (no ncurses, no session)
//   CNcurses, BPTTTerminal     the UI loop over a terminal backend; the only code that touches ncurses
//   BPTTLab                    the `bptt-lab` executable: commands, the dashboard controller
let package = Package(
    name: "bptt-lab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bptt-lab", targets: ["BPTTLab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // No pkgConfig: pkg-config's ncursesw flags (-D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600) are ones
        // SwiftPM refuses, with a warning on every build. shim.h asks for the wide-character API
        // itself, and module.modulemap links the libraries pkg-config names (make deps installs them).
        .systemLibrary(name: "CNcurses"),
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]
        ),
        .target(
            name: "BPTTNumerics",
            dependencies: ["COpenBLAS", "CKernels"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(name: "BPTTCorpus", dependencies: ["BPTTNumerics"]),
        // The algorithms in plain Float64, one file to read (naive, optimized, truncated BPTT); the
        // numerics tests check the engines against it.
        .target(name: "BPTTReference", dependencies: ["BPTTNumerics"]),
        .target(name: "BPTTTraining", dependencies: ["BPTTNumerics", "BPTTCorpus"]),
        .target(name: "BPTTDashboard", dependencies: ["BPTTTraining"]),
        .target(name: "BPTTTerminal", dependencies: ["CNcurses", "BPTTDashboard"]),
        .executableTarget(
            name: "BPTTLab",
            dependencies: [
                "BPTTNumerics", "BPTTCorpus", "BPTTTraining", "BPTTDashboard", "BPTTTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Loops over the kernels' scalar approximations, for the kernel tests only.
        .target(name: "CKernelsTestSupport", path: "Tests/CKernelsTestSupport",
                cSettings: [.headerSearchPath("../../Sources/CKernels")]),
        .testTarget(name: "BPTTNumericsTests", dependencies: ["BPTTNumerics", "BPTTReference", "CKernelsTestSupport"]),
        .testTarget(name: "BPTTCorpusTests", dependencies: ["BPTTCorpus", "BPTTNumerics"]),
        // Fixtures/ (files in older formats) is read from the source tree (#filePath), not bundled.
        .testTarget(name: "BPTTTrainingTests", dependencies: ["BPTTTraining"], exclude: ["Fixtures"]),
        .testTarget(name: "BPTTDashboardTests", dependencies: ["BPTTDashboard"], resources: [.copy("Snapshots")]),
        // Golden/ is read from the source tree (#filePath), not bundled.
        .testTarget(name: "BPTTTerminalTests", dependencies: ["BPTTTerminal", "BPTTTraining", "BPTTNumerics"], exclude: ["Golden"]),
        .testTarget(name: "BPTTLabTests", dependencies: ["BPTTLab", "BPTTTerminal"]),
    ],
    swiftLanguageModes: [.v6]
)
