import Foundation

/// Runs the compliance checklist over a checked `Schema`, the DDL it renders to and the files it plans.
///
/// The checker already refuses most violations; lint proves the rest from what taxigen actually produces
/// (the rendered `schema.sql`, with the project's template overrides) and reports what the checker only
/// warns about or allows: ref cycles, unique indexes over soft-deleted rows, duplicate indexes,
/// plaintext fields that look sensitive.
public struct Linter: Sendable {
    /// The checked schema.
    public let schema: Schema
    /// The rendered `schema.sql`, split into statements.
    public let ddl: SQLScript
    /// The paths of every planned output file.
    public let plannedPaths: Set<String>
    /// The file names (last path components) of every planned output file.
    let plannedFileNames: Set<String>
    /// The words that make an entity critical data, for the change-tracking item (`critical_words:`).
    public var criticalWords = HistoryLint.defaultCriticalWords

    /// Creates a linter over a schema, its rendered DDL text and its planned output paths.
    public init(schema: Schema, ddl: String, plannedPaths: some Sequence<String>) {
        self.schema = schema
        self.ddl = SQLScript(ddl)
        self.plannedPaths = Set(plannedPaths)
        plannedFileNames = Set(self.plannedPaths.map { String($0.split(separator: "/").last ?? "") })
    }

    /// Every item for every entity.
    public func run() -> LintReport {
        let cycles = RefCycles(schema: schema)
        let index = DDLIndex(ddl)
        return LintReport(entities: schema.entities.map { entity in
            var subject = LintSubject(schema: schema, entity: entity, ddl: index, plannedPaths: plannedPaths,
                                      plannedFileNames: plannedFileNames, cycles: cycles)
            subject.criticalWords = criticalWords
            return EntityLintReport(entity: entity.name, table: entity.tableName, location: entity.location,
                                    results: ChecklistItem.allCases.map { subject.check($0) })
        })
    }
}

/// One entity under lint, with what the rules need to read.
struct LintSubject {
    let schema: Schema
    let entity: Entity
    let ddl: DDLIndex
    let plannedPaths: Set<String>
    /// The file names of the planned output files.
    let plannedFileNames: Set<String>
    let cycles: RefCycles
    /// The words that make an entity critical data (see `HistoryLint`).
    var criticalWords = HistoryLint.defaultCriticalWords
    /// The positions in the DDL of the statements that name the entity's table.
    let tablePositions: [Int]
    /// The position of the `CREATE TABLE` statement of the entity's table, if the DDL has one.
    let createTablePosition: Int?
    /// The `CREATE TABLE` statement of the entity's table, parsed once for every rule.
    let createTable: DDLTable?

    init(schema: Schema, entity: Entity, ddl: DDLIndex, plannedPaths: Set<String>, plannedFileNames: Set<String>,
         cycles: RefCycles) {
        self.schema = schema
        self.entity = entity
        self.ddl = ddl
        self.plannedPaths = plannedPaths
        self.plannedFileNames = plannedFileNames
        self.cycles = cycles
        let positions = ddl.positions(naming: entity.tableName)
        tablePositions = positions
        let prefix = "CREATE TABLE \(entity.sqlTableName) (".uppercased()
        createTablePosition = positions.first { ddl.uppercased[$0].hasPrefix(prefix) }
        createTable = createTablePosition.map { DDLTable(ddl.statements[$0]) }
    }

    /// The outcome of one item.
    func check(_ item: ChecklistItem) -> LintResult {
        let outcome: LintOutcome = switch item {
        case .baseClass: StructureRules.baseClass(self)
        case .auditFields: StructureRules.auditFields(self)
        case .uuidPrimaryKey: StructureRules.uuidPrimaryKey(self)
        case .indexes: IndexRules.indexes(self)
        case .noForeignKeys: IntegrityRules.noForeignKeys(self)
        case .validationSchemas: ValidationSchemaRules.validationSchemas(self)
        case .databaseConstraints: IntegrityRules.databaseConstraints(self)
        case .offlineDDL: StructureRules.offlineDDL(self)
        case .postgresFeatures: IntegrityRules.postgresFeatures(self)
        case .softDelete: IndexRules.softDelete(self)
        case .noCircularDependencies: cycles.outcome(for: entity)
        case .sensitiveData: SensitiveDataRules.sensitiveData(self)
        case .tenantIsolation: TenantIsolationRules.tenantIsolation(self)
        case .changeTracking: HistoryLint.changeTracking(self, criticalWords: criticalWords)
        }
        return LintResult(item: item, findings: outcome.findings, detail: outcome.detail)
    }

    /// The statements of the DDL that name the entity's table.
    var tableStatements: [SQLScript.Statement] { tablePositions.map { ddl.statements[$0] } }

    /// The uppercased text of the statements that name the entity's table (its table and its indexes).
    var tableStatementsUppercased: [String] { tablePositions.map { ddl.uppercased[$0] } }



    /// A finding at the entity's declaration.
    func finding(_ message: String) -> LintFinding {
        LintFinding(message, at: entity.location)
    }
}

/// What a rule found: its findings (none for a pass) and what it proved.
struct LintOutcome {
    var findings: [LintFinding] = []
    var detail: String

    init(_ findings: [LintFinding], _ detail: String) {
        self.findings = findings
        self.detail = detail
    }
}

/// A `CREATE TABLE` statement read back into its column and constraint definitions (normalized text).
struct DDLTable {
    /// The statement.
    let statement: SQLScript.Statement
    /// The top-level elements between the outer parentheses, each trimmed (`name varchar(255) NOT NULL`).
    let elements: [String]
    /// The table constraints (`CONSTRAINT name …`).
    let constraints: [String]

    init(_ statement: SQLScript.Statement) {
        self.statement = statement
        // The normalised text is ASCII outside literals and identifiers; bytes keep the scan linear and cheap.
        let text = Array(statement.normalized.utf8)
        var elements: [String] = []
        var depth = 0
        var start = 0
        var quote: UInt8?
        func element(_ range: Range<Int>) {
            var lower = range.lowerBound, upper = range.upperBound
            while lower < upper, text[lower] == 0x20 || text[lower] == 0x09 { lower += 1 }
            while upper > lower, text[upper - 1] == 0x20 || text[upper - 1] == 0x09 { upper -= 1 }
            if lower < upper { elements.append(String(decoding: text[lower..<upper], as: UTF8.self)) }
        }
        for (position, byte) in text.enumerated() {
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                quote = byte
            case UInt8(ascii: "("):
                depth += 1
                if depth == 1 { start = position + 1 }
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { element(start..<position) }
            case UInt8(ascii: ",") where depth == 1:
                element(start..<position)
                start = position + 1
            default:
                break
            }
        }
        self.elements = elements
        constraints = elements.filter { Self.hasPrefixIgnoringCase($0, "CONSTRAINT ") }
    }

    /// The definition of a column (`email varchar(320) NOT NULL`), found by its SQL name.
    func definition(of column: Column) -> String? {
        elements.first { $0.hasPrefix(column.sqlName + " ") }
    }

    /// The column's type as the DDL spells it: the definition without the name and column constraints.
    func type(of column: Column) -> String? {
        guard let definition = definition(of: column) else { return nil }
        let rest = Array(definition.utf8.dropFirst(column.sqlName.utf8.count + 1))
        let upper = rest.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }
        var end = rest.count
        for marker in Self.columnConstraintMarkers {
            if let found = Self.firstIndex(of: marker, in: upper, before: end) { end = found }
        }
        return String(decoding: rest[..<end], as: UTF8.self)
    }

    /// What ends a column's type in its definition.
    private static let columnConstraintMarkers: [[UInt8]] = [
        " NOT NULL", " NULL", " DEFAULT ", " CONSTRAINT ", " CHECK ", " PRIMARY KEY", " UNIQUE", " REFERENCES ",
    ].map { Array($0.utf8) }

    /// Where `needle` first starts in `haystack`, if it starts before `limit`.
    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], before limit: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var position = 0
        while position < limit, position + needle.count <= haystack.count {
            if haystack[position] == needle[0], haystack[position..<(position + needle.count)].elementsEqual(needle) {
                return position
            }
            position += 1
        }
        return nil
    }

    /// Whether `text` starts with the ASCII `prefix`, letters compared case-insensitively.
    private static func hasPrefixIgnoringCase(_ text: String, _ prefix: String) -> Bool {
        var characters = text.utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = characters.next() else { return false }
            let upper = (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
            guard upper == expected else { return false }
        }
        return true
    }
}
