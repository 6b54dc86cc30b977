/// Refuses spec names whose Swift spelling would not compile, or would change what generated code means:
/// names that collide after camel-casing, properties named like generated members, nested types that shadow
/// the types generated code uses, and entity and module names that shadow them everywhere.
enum SwiftNameRules {
    /// Why an entity (a top-level Swift type) cannot have `name`, or nil.
    static func entityNameProblem(_ name: String) -> (message: String, hint: String)? {
        if let owner = SwiftReservedNames.typeNames[name] {
            return ("entity name '\(name)' would shadow \(owner), which generated code uses",
                    "choose a more specific name, e.g. '\(name)Record'")
        }
        // The entity's own generated types: `Entity` would make `EntityResponse`, Taxiway's generic response.
        for suffix in generatedTypeSuffixes {
            if let owner = SwiftReservedNames.typeNames[name + suffix] {
                return ("entity name '\(name)' would generate the type '\(name + suffix)', which shadows \(owner)",
                        "choose a more specific name, e.g. '\(name)Record'")
            }
        }
        return nil
    }

    /// The suffixes of the types generated for an entity (`CustomerCreate`, …, `CustomerQueryTests`).
    static let generatedTypeSuffixes = [
        "Create", "Patch", "Response", "Table", "Repository", "Fixture", "RepositoryTests", "ValidationTests",
        "QueryTests",
    ]

    /// Why the generated code's module cannot be named `name`, or nil.
    static func moduleNameProblem(_ name: String) -> (message: String, hint: String)? {
        if SwiftReservedNames.dependencyModules.contains(name) {
            return ("module '\(name)' is the name of a module Taxiway depends on: the generated module would depend on itself",
                    "name the module after your domain, e.g. '\(name)Domain'")
        }
        guard let owner = SwiftReservedNames.typeNames[name] else { return nil }
        return ("module '\(name)' would shadow \(owner), which generated code imports or uses",
                "name the module after your domain, e.g. '\(name)Domain'")
    }

    /// The most columns an entity may have (the key, `data` and audit columns included): the generated
    /// initialisers take a parameter a column, most with a default, and swiftc 6 crashes compiling a function
    /// with more than 1,024 such parameters (PostgreSQL alone would allow 1,600 columns).
    static let maxColumns = 1000

    /// Refuses an entity wider than `maxColumns`.
    static func checkWidth(_ columns: [Column], of draft: EntityDraft, into log: inout DiagnosticLog) {
        guard columns.count > maxColumns else { return }
        log.error("entity '\(draft.name)' has \(columns.count) columns (with the key and audit columns); its generated Swift initialisers would take a parameter each, more than the \(maxColumns) swiftc compiles",
                  at: draft.nameLocation, hint: "split it into entities linked by refs")
    }

    /// Checks the Swift names of an entity's columns: collisions after camel-casing, generated members, and
    /// the nested types of enum fields.
    static func checkColumns(_ columns: [Column], entity: String, into log: inout DiagnosticLog) {
        var properties: [String: Column] = [:]
        var typeStems: [String: Column] = [:]
        for column in columns {
            if let first = properties[column.swiftName] {
                log.error("field '\(column.name)' and '\(first.name)' both become the Swift property '\(column.swiftName)'",
                          at: column.location, hint: "rename one of them")
                continue
            }
            properties[column.swiftName] = column
            let stem = Naming.upperCamelCase(column.name)
            if let first = typeStems[stem], column.role == .field {
                log.error("field '\(column.name)' and '\(first.name)' both become '\(stem)' in generated names (enum types, `find(by\(stem):)`)",
                          at: column.location, hint: "rename one of them")
                continue
            }
            typeStems[stem] = column
            if column.role == .field, let member = SwiftReservedNames.memberNames[column.swiftName] {
                log.error("field '\(column.name)' becomes the Swift property '\(column.swiftName)', which is \(member)",
                          at: column.location, hint: "rename the field (e.g. '\(column.name)_value')")
            }
        }
        for column in columns {
            guard case .enumeration(let enumType) = column.type else { continue }
            let name = enumType.swiftName
            if name == entity {
                log.error("enum field '\(column.name)' would generate the type '\(entity).\(name)', which shadows the model itself",
                          at: column.location, hint: "rename the field")
            } else if name == "Type" || name == "Protocol" || name == "Self" {
                log.error("enum field '\(column.name)' would generate the type '\(entity).\(name)', but `\(entity).\(name)` means the \(name == "Self" ? "model type" : "metatype") in Swift",
                          at: column.location, hint: "rename the field (e.g. '\(column.name)_kind')")
            } else if !SwiftReservedNames.topLevelOnly.contains(name), let owner = SwiftReservedNames.typeNames[name] {
                log.error("enum field '\(column.name)' would generate the type '\(entity).\(name)', which shadows \(owner) inside the model",
                          at: column.location, hint: "rename the field (e.g. '\(column.name)_kind')")
            }
        }
    }

    /// Checks the Swift cases of an enum field's values: two values that become one case, and cases named
    /// like a member every generated enum has. Returns false when one is refused.
    static func checkEnumCases(_ values: [(text: String, location: SourceLocation)], field: String,
                               into log: inout DiagnosticLog) -> Bool {
        var ok = true
        var cases: [String: String] = [:]
        for value in values {
            let name = Naming.lowerCamelCase(value.text)
            if let first = cases[name] {
                log.error("enum values '\(value.text)' and '\(first)' of field '\(field)' both become the Swift case '\(name)'",
                          at: value.location, hint: "rename one of them")
                ok = false
            } else if let member = SwiftReservedNames.enumMemberNames[name] {
                log.error("enum value '\(value.text)' of field '\(field)' becomes the Swift case '\(name)', which is \(member) of every generated enum",
                          at: value.location, hint: "use another value")
                ok = false
            }
            cases[name] = cases[name] ?? value.text
        }
        return ok
    }
}
