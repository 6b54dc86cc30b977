// swift-tools-version: 6.1
// An example consumer of taxigen: the `Shop` target's specs (Sources/Shop/specs/*.yaml) become Swift models,
// validation types and repositories at build time, through taxigen's build-tool plugin.
import PackageDescription

let package = Package(
    name: "Shop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "shop-smoke", targets: ["ShopSmoke"]),
    ],
    dependencies: [
        // In your own package: .package(url: "<taxigen's git URL>", from: "0.1.0").
        .package(name: "taxigen", path: "../.."),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The domain: specs in, generated Swift out, plus hand-written business rules. The README shows this
        // target as it is here (DocsTests checks it).
        .target(
            name: "Shop",   // Sources/Shop/specs/*.yaml, optional Sources/Shop/taxigen.yaml
            dependencies: [
                .product(name: "Taxiway", package: "taxigen"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            plugins: [.plugin(name: "TaxigenBuildPlugin", package: "taxigen")]
        ),
        // Creates, reads and updates rows through the generated repositories on the test database.
        .executableTarget(
            name: "ShopSmoke",
            dependencies: [
                "Shop",
                .product(name: "Taxiway", package: "taxigen"),
                .product(name: "TaxiwayTesting", package: "taxigen"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
