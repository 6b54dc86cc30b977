// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "taxigen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "taxigen", targets: ["taxigen"]),
        .library(name: "TaxigenCore", targets: ["TaxigenCore"]),
        .library(name: "Taxiway", targets: ["Taxiway"]),
        .library(name: "TaxiwayTesting", targets: ["TaxiwayTesting"]),
        .plugin(name: "TaxigenBuildPlugin", targets: ["TaxigenBuildPlugin"]),
        .plugin(name: "TaxigenCommandPlugin", targets: ["TaxigenCommandPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        // The command line: the commands of TaxigenCommands, with PostgresNIO for the database commands.
        .executableTarget(
            name: "taxigen",
            dependencies: [
                "TaxigenCommands",
                "TaxigenCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),  // migrate apply, db diff
            ]
        ),
        // The command line's commands, argument parsing and printing only; the database commands reach
        // PostgreSQL through the connector the executable provides.
        .target(
            name: "TaxigenCommands",
            dependencies: [
                "TaxigenCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What both plugins run: the build plugin's generation, and the command line without the database
        // stack. SwiftPM compiles every plugin's tool a second time for the host, in every package that depends
        // on taxigen, even where no plugin runs: PostgresNIO there would compile swift-nio, postgres-nio and
        // swift-crypto twice in each consumer's first build.
        .executableTarget(
            name: "taxigen-build-tool",
            dependencies: [
                "TaxigenCommands",
                "TaxigenCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The generator: load, check, plan, render, write (one folder per stage).
        .target(
            name: "TaxigenCore",
            dependencies: [
                "CSHA256",
                "TaxigenTemplates",
                "TaxiwayRules",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // SHA-256 with the x86-64 SHA extensions, for migration checksums (TaxigenCore keeps a portable Swift
        // version for other CPUs); no dependencies.
        .target(name: "CSHA256"),
        // Random spec projects from the spec format's grammar, and the judges they are held to: PostgreSQL 18
        // and 15 apply the SQL and read the defaults back, swiftc compiles the Swift without a warning.
        .target(
            name: "TaxigenFuzz",
            dependencies: ["TaxigenCore"]
        ),
        // The default Mustache templates, embedded in the binary.
        .target(
            name: "TaxigenTemplates",
            path: "Templates",
            resources: [.embedInCode("Default")]
        ),
        // The validation rules' ids and wording, shared by the generator (CHECKs, docs, generated tests) and the
        // runtime's validation report, so the two cannot drift. No dependencies.
        .target(name: "TaxiwayRules"),
        // The runtime library that generated code imports.
        .target(
            name: "Taxiway",
            dependencies: [
                "TaxiwayRules",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // Test support for generated test scaffolding: a throwaway database, fixture values, a test cipher.
        .target(
            name: "TaxiwayTesting",
            dependencies: [
                "Taxiway",
                "TaxigenCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The example domain's generated code, compiled so that `Generated/` is proven to build.
        .target(
            name: "ExampleDomain",
            dependencies: [
                "Taxiway",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Generated/Swift"
        ),
        .executableTarget(
            name: "taxigen-bench",
            dependencies: [
                "TaxigenCore",
                "TaxigenFuzz",
                .product(name: "Yams", package: "Yams"),
                // The repository benchmark: the example domain's repositories on a throwaway test database.
                "ExampleDomain",
                // The traits benchmark: the golden fixture's history and the tenancy fixture's row-level security.
                "GoldenDomain",
                "TenancyDomain",
                "Taxiway",
                "TaxiwayTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The golden fixture's generated code, compiled so the reviewed golden output is proven to build.
        .target(
            name: "GoldenDomain",
            dependencies: [
                "Taxiway",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/Fixtures/Golden/Swift"
        ),
        .testTarget(
            name: "TaxigenCoreTests",
            dependencies: ["TaxigenCore", "TaxigenTemplates", "TaxiwayRules", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // The test scaffolding taxigen generated for the example domain, run against the test database.
        .testTarget(
            name: "ExampleDomainGeneratedTests",
            dependencies: [
                "ExampleDomain",
                "Taxiway",
                "TaxiwayTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Generated/Tests"
        ),
        // The golden fixture's generated tests, compiled and run like the example domain's.
        .testTarget(
            name: "GoldenDomainGeneratedTests",
            dependencies: [
                "GoldenDomain",
                "Taxiway",
                "TaxiwayTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/Fixtures/Golden/Tests"
        ),
        // A realistic ride-hailing domain (15 entities, unique patterned codes, sensitive fields, composite
        // unique indexes), generated from Tests/Fixtures/Realistic/specs and compiled like the golden fixture.
        .target(
            name: "RealisticDomain",
            dependencies: [
                "Taxiway",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/Fixtures/Realistic/Generated/Swift"
        ),
        // The realistic domain's generated tests, run against the test database: they must pass for any spec
        // taxigen accepts.
        .testTarget(
            name: "RealisticDomainGeneratedTests",
            dependencies: [
                "RealisticDomain",
                "Taxiway",
                "TaxiwayTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/Fixtures/Realistic/Generated/Tests"
        ),
        // A small multi-tenant domain (tenancy: in its taxigen.yaml), generated from Tests/Fixtures/Tenancy/specs
        // and compiled like the realistic one; its generated tests run each tenant-scoped suite as a caller with a tenant.
        .target(
            name: "TenancyDomain",
            dependencies: [
                "Taxiway",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/Fixtures/Tenancy/Generated/Swift"
        ),
        .testTarget(
            name: "TenancyDomainGeneratedTests",
            dependencies: [
                "TenancyDomain",
                "Taxiway",
                "TaxiwayTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/Fixtures/Tenancy/Generated/Tests"
        ),
        // Tenant isolation on PostgreSQL 18 and 15 through an application role (no BYPASSRLS, not the owner):
        // hand-written SQL sees and changes nothing of another tenant, the repositories refuse to run without a
        // tenant, and migrations add tenancy to existing tables.
        .testTarget(
            name: "TenancyTests",
            dependencies: [
                "TenancyDomain",
                "Taxiway",
                "TaxiwayTesting",
                "TaxigenCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The three releases of a zero-downtime rename (docs/migrations.md), each release's generated code compiled
        // on its own, so that ThreeReleaseTests (in MigrationTests) can run the previous release's repository
        // against the database at every step of the expand and the contract.
        .target(name: "ReleaseR1Domain", dependencies: ["Taxiway", .product(name: "PostgresNIO", package: "postgres-nio")],
                path: "Tests/Fixtures/ThreeReleases/R1/Generated/Swift"),
        .target(name: "ReleaseR2Domain", dependencies: ["Taxiway", .product(name: "PostgresNIO", package: "postgres-nio")],
                path: "Tests/Fixtures/ThreeReleases/R2/Generated/Swift"),
        .target(name: "ReleaseR3Domain", dependencies: ["Taxiway", .product(name: "PostgresNIO", package: "postgres-nio")],
                path: "Tests/Fixtures/ThreeReleases/R3/Generated/Swift"),
        // The real judges on a fixed-seed sample of random specs, and on the regression cases they found.
        .testTarget(
            name: "JudgeTests",
            dependencies: ["TaxigenFuzz", "TaxigenCore"],
            exclude: ["Regressions"]
        ),
        // The Swift code blocks of README.md and docs/, extracted by DocsTests, compiled by every build.
        .target(
            name: "DocsExamples",
            dependencies: [
                "ExampleDomain",
                "Taxiway",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DocsExamples"
        ),
        // Every code block of README.md and docs/ compiled, loaded, checked or parsed.
        .testTarget(
            name: "DocsTests",
            dependencies: ["TaxigenCore", "taxigen", "DocsExamples", .product(name: "Yams", package: "Yams")]
        ),
        // The command line run as a process: exit codes, output, what is and is not written.
        .testTarget(
            name: "CLITests",
            dependencies: ["taxigen", "taxigen-build-tool"]
        ),
        .testTarget(
            name: "ExampleDomainTests",
            dependencies: ["ExampleDomain", "Taxiway", "TaxigenCore"]
        ),
        // The runtime library's tests, against a real PostgreSQL (run them through scripts/test).
        .testTarget(
            name: "TaxiwayTests",
            dependencies: [
                "Taxiway",
                "TaxiwayRules",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        // Hand-written integration tests of the example domain's generated repositories (finders, sorting,
        // json_data, round trips, hostile values, transactions, concurrent writers) against the test database.
        .testTarget(
            name: "RepositoryTests",
            dependencies: [
                "ExampleDomain",
                "Taxiway",
                "TaxiwayTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Property-based tests: random and extreme client input thrown at Taxiway and the example domain's
        // generated types and repositories (no trap, no hang; every rejection a ValidationError or IllegalArgument).
        .testTarget(
            name: "RuntimeSafetyTests",
            dependencies: [
                "ExampleDomain",
                "Taxiway",
                "TaxiwayTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // The DDL's integration tests against real PostgreSQL 18 (+ pgvector) and 15, and lint's tests.
        .testTarget(
            name: "DDLTests",
            dependencies: [
                "TaxigenCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Migrations against real PostgreSQL 18 (+ pgvector): fixture revisions up and down, the offline script through
        // psql, checksums and history, production refusal, db diff, squawk. Run through scripts/with-test-databases.
        .testTarget(
            name: "MigrationTests",
            dependencies: [
                "TaxigenCore",
                // Random spec projects for the migration judge (MigrationJudgeTests).
                "TaxigenFuzz",
                // A rename of a sensitive field, migrated, then read back by the example domain's repository.
                "ExampleDomain",
                // The three releases of a zero-downtime rename (ThreeReleaseTests).
                "ReleaseR1Domain", "ReleaseR2Domain", "ReleaseR3Domain",
                "Taxiway",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
        // The build-tool plugin: a target's specs → its Swift models, validation and repositories at build time.
        .plugin(
            name: "TaxigenBuildPlugin",
            capability: .buildTool(),
            dependencies: ["taxigen-build-tool"]
        ),
        // The command plugin: `swift package --allow-writing-to-package-directory taxigen generate [--check]`.
        .plugin(
            name: "TaxigenCommandPlugin",
            capability: .command(
                intent: .custom(verb: "taxigen", description: "Run taxigen in the package directory (default: generate)."),
                permissions: [.writeToPackageDirectory(reason: "taxigen generate writes the generated files (Generated/) into the package.")]
            ),
            dependencies: ["taxigen-build-tool"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
