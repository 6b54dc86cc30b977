import Foundation

/// Numbers for generated tests: distinct values for distinct `n` within a field's bounds, never trapping.
extension FixtureVariants {
    /// The integer numbered `n` among `minimum ... maximum`, counting up from `start` and wrapping to
    /// `minimum` past `maximum`; `start` must lie within the bounds. Wide bounds never overflow.
    public static func integer(_ n: Int, minimum: Int64, maximum: Int64, start: Int64) -> Int64 {
        let span = UInt64(bitPattern: maximum &- minimum)
        let offset = UInt64(bitPattern: start &- minimum)
        let step = UInt64(n.magnitude)
        let k: UInt64
        if span == .max {
            k = offset &+ step
        } else {
            let count = span + 1
            let a = offset % count
            let b = step % count
            k = a >= count - b ? a - (count - b) : a + b
        }
        return minimum &+ Int64(bitPattern: k)
    }

    /// How many integers lie within the bounds, saturated at `Int.max`.
    public static func integerCapacity(minimum: Int64, maximum: Int64) -> Int {
        let span = UInt64(bitPattern: maximum &- minimum)
        return span >= UInt64(Int.max) ? Int.max : Int(span) + 1
    }

    /// The double numbered `n` within the bounds, from `start`: whole steps (`start + n`) where the bounds
    /// leave room for ten million of them, otherwise successive doubles (one unit in the last place apart).
    public static func double(_ n: Int, minimum: Double, maximum: Double, start: Double) -> Double {
        if usesWholeSteps(maximum: maximum, start: start) {
            return start + Double(n.magnitude % 10_000_000)
        }
        let key = integer(n, minimum: orderKey(minimum), maximum: orderKey(maximum), start: orderKey(start))
        return key >= 0 ? Double(bitPattern: UInt64(key)) : -Double(bitPattern: UInt64(-key))
    }

    /// How many distinct doubles `double(_:minimum:maximum:start:)` yields, saturated at `Int.max`.
    public static func doubleCapacity(minimum: Double, maximum: Double, start: Double) -> Int {
        if usesWholeSteps(maximum: maximum, start: start) { return 10_000_000 }
        return integerCapacity(minimum: orderKey(minimum), maximum: orderKey(maximum))
    }

    private static func usesWholeSteps(maximum: Double, start: Double) -> Bool {
        start.magnitude <= 1e6 && maximum - start >= 1e7
    }

    /// A key that orders finite doubles as integers: zero for both zeros, the bit pattern above it, its
    /// negation below.
    private static func orderKey(_ value: Double) -> Int64 {
        value >= 0 ? Int64(bitPattern: (value + 0).bitPattern) : -Int64(bitPattern: (-value).bitPattern)
    }

    /// Where decimals of a field start and how far they step: `up` steps above `start`, `down` below it.
    public struct DecimalSteps: Sendable, Hashable {
        /// The first value (the one for `n` = 0).
        public let start: Decimal
        /// The distance between neighbouring values, a power of ten no finer than the field's scale.
        public let step: Decimal
        /// How many steps fit above `start` within the bounds.
        public let up: Int
        /// How many steps fit below `start` within the bounds.
        public let down: Int

        /// Creates steps.
        public init(start: Decimal, step: Decimal, up: Int, down: Int) {
            self.start = start
            self.step = step
            self.up = up
            self.down = down
        }

        /// How many distinct values the steps give.
        public var capacity: Int { up + down + 1 }
    }

    /// The steps of a `numeric(precision, scale)` field within its bounds: `start` is 1 clamped into the
    /// bounds and the type's range (below 1 for `numeric(p, p)`), steps are a power of ten no finer than the
    /// scale (nor than 10^-8) and coarse enough that every value is exact in `Decimal`'s 38 digits.
    public static func decimalSteps(precision: Int, scale: Int, minimum: Decimal?, maximum: Decimal?) -> DecimalSteps {
        let integerDigits = precision - scale
        let fraction = min(scale, 20)
        let largest: Decimal
        if integerDigits >= 30 {
            largest = Decimal(sign: .plus, exponent: 30, significand: 1)
        } else {
            let text = (integerDigits == 0 ? "0" : String(repeating: "9", count: integerDigits))
                + (fraction == 0 ? "" : "." + String(repeating: "9", count: fraction))
            largest = Decimal(string: text) ?? 0
        }
        let low = max(minimum ?? -largest, -largest)
        let high = min(maximum ?? largest, largest)
        let start = min(max(1, low), high)
        let magnitude = start.isZero ? 0 : Int(log10(NSDecimalNumber(decimal: start.magnitude).doubleValue).rounded(.down))
        let exponent = max(-min(scale, 8), magnitude - 20)
        let step = Decimal(sign: .plus, exponent: exponent, significand: 1)
        return DecimalSteps(start: start, step: step, up: stepCount(high - start, step), down: stepCount(start - low, step))
    }

    /// The decimal numbered `n`: `start`, then upwards step by step, then downwards from below `start`.
    public static func decimal(_ n: Int, _ steps: DecimalSteps) -> Decimal {
        let k = Int(n.magnitude % UInt(steps.capacity))
        return k <= steps.up ? steps.start + Decimal(k) * steps.step : steps.start - Decimal(k - steps.up) * steps.step
    }

    /// How many whole steps fit in `distance`, at most a billion.
    private static func stepCount(_ distance: Decimal, _ step: Decimal) -> Int {
        guard distance > 0 else { return 0 }
        var quotient = distance / step
        guard quotient < 1_000_000_000 else { return 1_000_000_000 }
        var exact = quotient
        NSDecimalRound(&quotient, &exact, 0, .down)
        return NSDecimalNumber(decimal: quotient).intValue
    }
}
