/// The default Mustache templates, embedded in the binary at build time from `Templates/Default/`.
///
/// A copied `taxigen` binary needs no build folder or bundle to find them. A test checks that this list
/// and the embedded bytes match the files in `Templates/Default/` exactly.
public enum DefaultTemplates {
    /// Every default template: its name (the file name without `.mustache`) and its text.
    public static let all: [(name: String, text: String)] = [
        ("append-only-repository.swift", text(PackageResources.append_only_repository_swift_mustache)),
        ("columns.swift", text(PackageResources.columns_swift_mustache)),
        ("create.swift", text(PackageResources.create_swift_mustache)),
        ("data.swift", text(PackageResources.data_swift_mustache)),
        ("enums.swift", text(PackageResources.enums_swift_mustache)),
        ("header", text(PackageResources.header_mustache)),
        ("model.swift", text(PackageResources.model_swift_mustache)),
        ("patch.swift", text(PackageResources.patch_swift_mustache)),
        ("redaction", text(PackageResources.redaction_mustache)),
        ("repository.swift", text(PackageResources.repository_swift_mustache)),
        ("schema.sql", text(PackageResources.schema_sql_mustache)),
        ("test-append-only.swift", text(PackageResources.test_append_only_swift_mustache)),
        ("test-fixture.swift", text(PackageResources.test_fixture_swift_mustache)),
        ("test-harness.swift", text(PackageResources.test_harness_swift_mustache)),
        ("test-queries.swift", text(PackageResources.test_queries_swift_mustache)),
        ("test-repository.swift", text(PackageResources.test_repository_swift_mustache)),
        ("test-validation.swift", text(PackageResources.test_validation_swift_mustache)),
    ]

    /// The text of the template with a name, if it exists.
    public static func text(named name: String) -> String? {
        all.first { $0.name == name }?.text
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
