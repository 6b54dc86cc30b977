/// Equality of two values of a generated type, field by field.
///
/// Generated models and create requests spell out `==` as one call of ``equal(_:_:_:)`` with a key path
/// per stored property, instead of letting Swift derive it. A derived `==` compares each property with
/// `==`, and the type checker resolves each of those against every `==` overload in scope (Foundation's,
/// NIO's, Taxiway's typed columns'): it was the costliest function body the compiler checked in generated
/// code, about 10 ms for a 14-field model in a debug build. The call below costs about a tenth of that and
/// compares the same properties in the same order, with each property type's own `==`, so it agrees with
/// the derived `hash(into:)` that the types keep.
public enum Fieldwise {
    /// Whether `lhs` and `rhs` are equal in every property that `fields` names, compared in order and
    /// stopping at the first that differs.
    @inlinable
    public static func equal<Root, each Value: Equatable>(
        _ lhs: Root, _ rhs: Root, _ fields: repeat KeyPath<Root, each Value>
    ) -> Bool {
        for field in repeat each fields {
            guard lhs[keyPath: field] == rhs[keyPath: field] else { return false }
        }
        return true
    }
}
