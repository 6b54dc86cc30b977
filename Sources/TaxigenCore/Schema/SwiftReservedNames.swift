/// The Swift names generated code already uses, which a spec's names must not take: the types it writes
/// unqualified, the modules it imports, and the members every generated type has.
///
/// A type or module of the same name would shadow what generated code means (an entity `Float` breaks every
/// `[Float]` vector; an enum field `string` makes `String` inside the model mean `Customer.String`), and a field
/// whose property is named like a generated member cannot be declared. Tests keep these lists complete: every
/// capitalized name in rendered output and every public type of Taxiway and TaxiwayTesting must be here.
public enum SwiftReservedNames {
    /// Type names generated code writes unqualified, each with where it comes from.
    public static let typeNames: [String: String] = {
        var names: [String: String] = [:]
        for name in swiftTypes { names[name] = "Swift's \(name)" }
        for name in foundationTypes { names[name] = "Foundation's \(name)" }
        for name in postgresNIOTypes { names[name] = "PostgresNIO's \(name)" }
        for name in testingTypes { names[name] = "Swift Testing's \(name)" }
        for name in taxiwayTypes { names[name] = "Taxiway's \(name)" }
        for name in taxiwayTestingTypes { names[name] = "TaxiwayTesting's \(name)" }
        for (name, role) in generatedTypes { names[name] = role }
        for name in moduleNames { names[name] = "the module \(name)" }
        return names
    }()

    /// The modules generated code imports, and the standard ones it relies on.
    public static let moduleNames: Set<String> = [
        "Swift", "Foundation", "FoundationEssentials", "PostgresNIO", "NIOCore", "NIO", "Logging", "Crypto",
        "Taxiway", "TaxiwayTesting", "Testing", "XCTest", "Dispatch", "Glibc", "Darwin",
    ]

    /// The modules the generated module is compiled against without importing them: every module of Taxiway's
    /// and TaxiwayTesting's dependencies (PostgresNIO's, swift-nio's, swift-crypto's, the metrics and tracing
    /// APIs'), C modules included. A module of the same name would make a circular dependency.
    public static let dependencyModules: Set<String> = [
        "AsyncAlgorithms", "Atomics", "_AtomicsShims", "CCryptoBoringSSL", "CCryptoBoringSSLShims", "CNIOAtomics",
        "CNIOBoringSSL", "CNIOBoringSSLShims", "CNIODarwin", "CNIOFreeBSD", "CNIOLinux", "CNIOLLHTTP", "CNIOOpenBSD",
        "CNIOPosix", "CNIOSHA1", "CNIOWASI", "CNIOWindows", "CSHA256", "CXKCP", "CXKCPShims", "CYaml",
        "ConcurrencyHelpers", "ContainersPreview", "CoreMetrics", "CryptoBoringWrapper", "CryptoExtras", "_CryptoExtras",
        "DequeModule", "FoundationInternationalization", "_FoundationCollections", "Instrumentation",
        "InternalCollectionsUtilities", "Metrics", "Mustache", "NIOConcurrencyHelpers", "NIOEmbedded",
        "NIOFoundationCompat", "NIOFoundationEssentialsCompat", "NIOPosix", "NIOSSL", "NIOTLS", "NIOTransportServices",
        "_NIOBase64", "_NIODataStructures", "OrderedCollections", "ServiceContextModule", "ServiceLifecycle",
        "SwiftASN1", "SwiftOnoneSupport", "Synchronization", "TaxigenCore", "TaxigenTemplates", "TaxiwayRules",
        "Tracing", "UnixSignals", "Yams", "_Concurrency", "_ConnectionPoolModule", "_StringProcessing",
        "_Testing_Foundation",
    ]

    /// Swift types, protocols and keywords-as-types that generated code names (or that can never be a type name).
    static let swiftTypes: Set<String> = [
        "Any", "AnyObject", "Self", "Type", "Protocol", "Error", "String", "Substring", "Character", "Int",
        "Int8", "Int16", "Int32", "Int64", "Int128", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "Double", "Float",
        "Bool", "Array", "ArraySlice", "Set", "Dictionary", "Optional", "Result", "Never", "Void", "Sendable",
        "Codable", "Encodable", "Decodable", "Encoder", "Decoder", "Hashable", "Hasher", "Equatable", "Comparable",
        "Identifiable", "CaseIterable", "CodingKey", "RawRepresentable", "UTF8", "Unicode", "Sequence",
        "Collection", "Range", "ClosedRange", "Task", "MainActor", "Actor", "Mirror", "CustomReflectable",
        "CustomStringConvertible", "CustomDebugStringConvertible",
    ]

    /// Foundation types generated code names.
    static let foundationTypes: Set<String> = [
        "Date", "UUID", "Data", "Decimal", "URL", "URLComponents", "JSONEncoder", "JSONDecoder", "NSLock",
        "Locale",
    ]

    /// PostgresNIO types generated code names.
    static let postgresNIOTypes: Set<String> = [
        "PostgresBindings", "PostgresQuery", "PostgresRow", "PostgresDataType", "PostgresClient",
        "PostgresDecodable", "PostgresEncodable",
    ]

    /// Swift Testing names generated tests use.
    static let testingTypes: Set<String> = ["Test", "Suite", "Issue", "Tag", "Trait", "Comment"]

    /// The public types of Taxiway (a test checks that it covers every one).
    static let taxiwayTypes: Set<String> = [
        "AccessLog", "AccessRecord", "AppendOnlyEntityTable", "AppendOnlyRepository", "AppendOnlyTableSchema", "AppendedModel", "AppendedRowMetadata", "EntityModel", "ModelFields", "ModelKey", "RowMetadata", "StoredRowMetadata", "ArrayElementValue", "ArrayLiteral", "BulkColumn", "Caller", "CallerNotCarried", "ChangeSet", "Column", "ColumnValue", "EntityPatch", "BindablePatch", "ModelColumns", "GeneratedModel", "GeneratedTable", "EntityResponse", "SealedEntityTable",
        "EntityTable", "HistoryEntry", "HistoryOperation", "HistorySchema", "HistoryTable", "InsertRow", "InsertedColumn", "InsertedValue", "InsertableValue", "ListableValue", "NullsPlacement", "OpaqueValue", "OrderedValue", "Patch", "PatchEntry", "PatchField", "FieldDescription", "RequestField", "RequestFields", "PatchFields", "PatchKey", "SealableValue",
        "PlainAppendOnlyEntityTable", "PlainEntityTable", "Condition", "Repository", "SortTerm", "SortableValue", "StoredEnum", "StoredModel",
        "TableSchema", "Bytea", "CalendarDate", "Database", "DatabaseError", "DatabaseErrorMapper",
        "DatabaseExecutor", "DatabaseUnavailable", "DecimalBinding", "DuplicateEntity", "EntityNotFound",
        "FieldCipher", "FieldCipherError", "Fieldwise", "FieldUpdate", "IllegalArgument", "JSONDataCarrier", "JSONValue",
        "KeysetCursor", "KeysetPage", "KeysetPageRequest", "LogKeys", "OptimisticLockError", "OutcomeUnknown",
        "PGVector", "Page", "PageRequest", "PostgresRange", "QueryContext", "Redacted", "ResponseModel", "ResealProgress", "RowReader",
        "SchemaMismatch", "SealedField", "SealedTable", "TaxiwayError", "TenantRequired", "TextPatterns", "TimestampBinding",
        "Transaction", "TransactionClosed", "TransactionRolledBack", "TransientDatabaseError", "UnreadableSealedValue",
        "UnreadableValue", "UUIDv7", "Validatable", "ValidationError", "ValidationIssue", "ValidationReport", "ValidationRule",
        "Observability", "OperationOutcome", "ReadRouting", "ReadYourWritesScope",
    ]

    /// The public types of TaxiwayTesting (a test checks that it covers every one).
    static let taxiwayTestingTypes: Set<String> = [
        "ConformanceCheck", "ConformanceFailure", "QueryPlan", "RepositoryConformance", "TestCipher", "TestDatabase",
        "TestSequence", "TestValues", "TextPatterns",
    ]

    /// Names taxigen itself generates inside or beside every entity's types.
    static let generatedTypes: [String: String] = [
        "TestHarness": "the generated tests' TestHarness",
        "Columns": "the nested type Columns every model has",
        "PatchFields": "the nested type PatchFields every patchable model has",
        "RequestFields": "the nested type RequestFields every append-only model has",
        "FieldList": "the type alias FieldList every create request has",
        "PatchableField": "the type alias PatchableField the fields lists use",
        "FixedField": "the type alias FixedField the fields lists use",
        "ID": "the type Identifiable gives every model",
        "Value": "a generic parameter of generated methods",
        "Sealed": "the nested type Sealed of a table description with sensitive fields",
        "Table": "the generic parameter Table of the repository core",
        "Model": "the model type the repository core and the table descriptions name `Model`",
        "Create": "the create request type the table descriptions name `Create`",
    ]

    /// Reserved names that only a top-level type can shadow: they are used in the repository and the tests,
    /// never inside a model, so an enum field's type nested in the model may take them (`Customer.Filter`).
    public static let topLevelOnly: Set<String> = [
        "TestHarness", "Value", "Sealed", "Table", "Model", "Create", "FieldList", "PatchableField", "FixedField",
    ]

    /// Property names every generated struct of an entity has, or that its generated types use for their own
    /// members, each with what it is. A field whose Swift property has one of these names is refused.
    public static let memberNames: [String: String] = [
        "id": "the model's `id` (Identifiable)",
        "isDeleted": "the model's `isDeleted`",
        "hashValue": "`hashValue` (Hashable)",
        "expectedVersion": "the patch's `expectedVersion`",
        "isEmpty": "the patch's `isEmpty`",
        "validationIssues": "`validationIssues()` of the create request and the patch",
        "all": "`Columns.all`, the list of every column",
        "sensitiveKeys": "the model's `sensitiveKeys` (ResponseModel)",
        "withoutSensitiveValues": "the model's `withoutSensitiveValues()` (ResponseModel)",
        "fieldValues": "the model's `fieldValues`, the fields as stored (EntityModel)",
        "rowMetadata": "the model's `rowMetadata`, its key and audit columns (EntityModel)",
        "primaryKey": "the model's static `primaryKey` (EntityModel)",
        "columns": "the model's static `columns`, its typed columns (GeneratedModel)",
        "customMirror": "the model's `customMirror` (CustomReflectable)",
    ]

    /// Base names of the methods every generated model has, which a field's property may take: the model then
    /// declares that field's property itself (dynamic member lookup never reaches a name member lookup finds).
    public static let modelMethodNames: Set<String> = ["hash", "encode"]

    /// Names an enum value's Swift case may not take: the members every generated enum has.
    public static let enumMemberNames: [String: String] = [
        "allCases": "`allCases` (CaseIterable)",
        "rawValue": "`rawValue` (RawRepresentable)",
        "hashValue": "`hashValue` (Hashable)",
        "init": "an initializer",
        "self": "`self`",
    ]
}
