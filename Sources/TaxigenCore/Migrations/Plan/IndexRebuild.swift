/// An index whose definition changes, rebuilt without a moment when it is missing: the new definition is
/// built CONCURRENTLY under a temporary name while the old index keeps serving queries (and, for a unique
/// index, keeps enforcing), then the old one is dropped CONCURRENTLY and the new one takes the name.
enum IndexRebuild {
    static func add(replacing old: IndexSnapshot, with new: IndexSnapshot, to builder: inout UnitBuilder) {
        let temporary = ImplicitRelations.rebuiltIndex(new.name)
        builder.createIndexes.append(MigrationStatement(
            AlterSQL.createIndexConcurrently(new, named: temporary),
            comments: ["\(new.name) gets a new definition: built next to the old one, which serves until it is replaced."]
                + (new.unique ? ["Fails if two active rows share a value; the invalid index it leaves is dropped before a retry."] : [])))
        builder.dropIndexes.append(MigrationStatement(AlterSQL.dropIndexConcurrently(old.name),
                                                      comments: ["The old definition of \(old.name): \(old.definition)"]))
        builder.indexRenames.append(MigrationStatement(AlterSQL.renameIndex(from: temporary, to: new.name),
                                                       squawkIgnores: ["renaming-object"]))
    }
}

/// How the summary describes an index that changes.
enum IndexWording {
    static func change(from old: IndexSnapshot, to new: IndexSnapshot) -> String {
        var parts: [String] = []
        if old.partial != new.partial {
            parts.append(new.partial ? "now WHERE deleted_at IS NULL" : "now over every row (include_deleted)")
        }
        if old.unique != new.unique { parts.append(new.unique ? "now unique" : "no longer unique") }
        if old.columns != new.columns { parts.append("columns (\(old.columns.joined(separator: ", "))) → (\(new.columns.joined(separator: ", ")))") }
        if old.method != new.method { parts.append("\(old.method) → \(new.method)") }
        if old.operatorClass != new.operatorClass { parts.append("\(old.operatorClass ?? "default") → \(new.operatorClass ?? "default") operators") }
        return (parts.isEmpty ? ["new definition"] : parts).joined(separator: ", ") + " (rebuilt CONCURRENTLY)"
    }
}
