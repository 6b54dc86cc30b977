extension DatabaseExecutor {
    /// Nothing observed: the default for an executor that does not say (see ``DatabaseExecutor/observability``).
    public var observability: Observability { .off }
}

extension Database {
    /// The database's ``Options/observability``.
    public var observability: Observability { options.observability }
}

extension Transaction {
    /// The observability of the database the transaction belongs to.
    public var observability: Observability { environment.options.observability }
}
