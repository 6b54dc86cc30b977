extension EntityTraitsReader {
    /// The keys of `append_only:` when it is a mapping.
    static let appendOnlyKeys = ["partition"]
    /// The keys of `append_only: { partition: … }`.
    static let partitionKeys = ["by", "interval", "ahead"]

    /// `append_only: true|false`, or a mapping of its settings:
    ///
    /// ```yaml
    /// append_only:
    ///   partition: { by: created_at, interval: month, ahead: 3 }   # by and ahead optional
    /// ```
    func readAppendOnly(into log: inout DiagnosticLog) -> AppendOnlyTrait? {
        guard let node = reader.mapping["append_only"] else { return nil }
        let location = reader.keyLocation(of: "append_only")
        switch node {
        case .scalar(let scalar):
            guard let value = scalar.bool else {
                log.error("'append_only' in the spec must be true, false or a mapping, not \(node.kindDescription)",
                          at: node.location,
                          hint: "write `append_only: true`, or `append_only: { partition: { interval: month } }` to partition by time")
                return nil
            }
            return value ? AppendOnlyTrait(location: location) : nil
        case .mapping(let mapping):
            let settings = MappingReader(mapping: mapping, subject: "'append_only'")
            settings.checkKeys(known: Self.appendOnlyKeys, into: &log)
            var trait = AppendOnlyTrait(location: location)
            if let partition = mapping["partition"] {
                trait.partitioning = readPartitioning(partition, into: &log)
            }
            return trait
        default:
            log.error("'append_only' in the spec must be true, false or a mapping, not \(node.kindDescription)",
                      at: node.location,
                      hint: "write `append_only: true`, or `append_only: { partition: { interval: month } }` to partition by time")
            return nil
        }
    }

    /// `partition: { by: created_at, interval: day|week|month, ahead: N }`.
    private func readPartitioning(_ node: SyntaxNode, into log: inout DiagnosticLog) -> AppendOnlyTrait.Partitioning? {
        guard case .mapping(let mapping) = node else {
            log.error("'partition' in 'append_only' must be a mapping, not \(node.kindDescription)", at: node.location,
                      hint: "write `partition: { interval: month }` (day, week or month; optional `ahead: 3`)")
            return nil
        }
        let settings = MappingReader(mapping: mapping, subject: "'partition'")
        settings.checkKeys(known: Self.partitionKeys, into: &log)
        var isValid = true
        if settings.has("by") {
            let column = settings.string("by", into: &log)
            if let column, column != "created_at" {
                log.error("an append-only table can only be partitioned by created_at, not '\(column)'", at: settings.location(of: "by"),
                          hint: "created_at is set by the database on insert, so every row has one and lands in a partition made ahead; remove `by:` or write `by: created_at`")
            }
            isValid = column == "created_at"
        }
        let interval = settings.choice("interval", as: AppendOnlyTrait.Interval.self, required: true, into: &log)
        var ahead: Int?
        if let node = mapping["ahead"] {
            let range = AppendOnlyTrait.Partitioning.aheadRange
            if case .scalar(let scalar) = node, let value = scalar.integer, range.contains(value) {
                ahead = value
            } else {
                isValid = false
                log.error("'ahead' in 'partition' must be a whole number between \(range.lowerBound) and \(range.upperBound), not \(node.kindDescription)",
                          at: node.location,
                          hint: "the number of partitions after the current one that the maintenance function keeps ready (default \(AppendOnlyTrait.Partitioning.defaultAhead))")
            }
        }
        guard isValid, let interval else { return nil }
        return AppendOnlyTrait.Partitioning(interval: interval, ahead: ahead ?? AppendOnlyTrait.Partitioning.defaultAhead)
    }
}
