/// A static look at a regular expression's shape, for the one family of patterns that is catastrophic
/// whatever the text: a group repeated without bound whose body can itself match a run of any length in
/// more than one way — `(a+)+`, `(\w+\s?)*`, `(a*b*)*`, `(x|x)*`. A backtracking matcher tries every way
/// of splitting a run between the inner and the outer repetition, so text that almost matches takes time
/// exponential in its length.
///
/// The analysis is conservative: it flags only those shapes (which always have a simpler, equivalent
/// spelling) and stays silent on what it does not understand; the matcher's step bound catches the rest.
enum PatternShape {
    /// The first offending group as written (cut to a short excerpt), or nil.
    static func nestedRepetition(in pattern: String) -> String? {
        var parser = Parser(Array(pattern.unicodeScalars))
        return parser.run().map { group in
            let text = String(String.UnicodeScalarView(group))
            return text.count > 40 ? String(text.prefix(37)) + "…" : text
        }
    }

    /// What one item of a branch can do.
    private struct Item {
        /// It can match the empty string (optional, zero-width, or a group that can).
        var canBeEmpty = false
        /// It can match runs of many lengths by repeating, with backtracking.
        var repeats = false
    }

    /// An open group and the branches read so far.
    private struct Frame {
        var start: Int
        var kind: GroupKind
        var branches: [[Item]] = []
        var items: [Item] = []
        var branchStarts: [Int]
    }

    private enum GroupKind {
        case plain, atomic, lookaround
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        /// Reads the pattern; the first catastrophic group, or nil (also when the syntax is not understood).
        mutating func run() -> ArraySlice<Unicode.Scalar>? {
            var stack = [Frame(start: 0, kind: .plain, branchStarts: [0])]
            while let scalar = peek() {
                switch scalar {
                case "(":
                    guard let kind = openGroup() else { return nil }
                    if let kind { stack.append(Frame(start: groupStart, kind: kind, branchStarts: [index])) }
                    continue
                case ")":
                    guard stack.count > 1 else { return nil }
                    var frame = stack.removeLast()
                    frame.branches.append(frame.items)
                    frame.branchStarts.append(index + 1)
                    index += 1
                    let (minZero, unbounded, possessive) = quantifier()
                    let body = bodyRepeats(frame)
                    let duplicated = hasDuplicateBranches(frame)
                    if frame.kind == .plain, unbounded, !possessive, body || duplicated {
                        return scalars[frame.start..<min(index, scalars.count)]
                    }
                    let nullable = frame.branches.contains { $0.allSatisfy(\.canBeEmpty) }
                    var item = Item()
                    item.canBeEmpty = frame.kind == .lookaround || minZero || nullable
                    item.repeats = frame.kind == .plain && !possessive && (unbounded || body)
                    stack[stack.count - 1].items.append(item)
                case "|":
                    stack[stack.count - 1].branches.append(stack[stack.count - 1].items)
                    stack[stack.count - 1].items = []
                    index += 1
                    stack[stack.count - 1].branchStarts.append(index)
                default:
                    guard let zeroWidth = atom() else { return nil }
                    let (minZero, unbounded, possessive) = quantifier()
                    var item = Item()
                    item.canBeEmpty = zeroWidth || minZero
                    item.repeats = !zeroWidth && unbounded && !possessive
                    stack[stack.count - 1].items.append(item)
                }
            }
            return nil
        }

        private var groupStart = 0

        /// After `(`: the kind of group, `.some(nil)` for a comment or flag setting (no group), nil when
        /// the syntax is not understood or free-spacing mode is turned on.
        mutating func openGroup() -> GroupKind?? {
            groupStart = index
            index += 1
            guard peek() == "?" else { return .some(.plain) }
            index += 1
            switch peek() {
            case ":": index += 1; return .some(.plain)
            case ">": index += 1; return .some(.atomic)
            case "=", "!": index += 1; return .some(.lookaround)
            case "#":
                while let scalar = peek(), scalar != ")" { index += 1 }
                index += 1
                return .some(nil)
            case "<":
                if peek(1) == "=" || peek(1) == "!" { index += 2; return .some(.lookaround) }
                while let scalar = peek(), scalar != ">" { index += 1 }
                index += 1
                return .some(.plain)
            default:
                // Flags: `(?i)` or `(?i:…)`; free spacing (`x`) changes what whitespace means: give up.
                var flags = ""
                while let scalar = peek(), scalar != ")", scalar != ":" {
                    flags.unicodeScalars.append(scalar)
                    index += 1
                }
                guard !flags.contains("x"), let end = peek() else { return nil }
                index += 1
                return end == ")" ? .some(nil) : .some(.plain)
            }
        }

        /// Reads one atom other than a group; whether it is zero-width, or nil when not understood.
        mutating func atom() -> Bool? {
            guard let scalar = peek() else { return nil }
            index += 1
            switch scalar {
            case "^", "$": return true
            case "[": return skipClass() ? false : nil
            case "\\":
                guard let escaped = peek() else { return nil }
                index += 1
                switch escaped {
                case "b", "B", "A", "z", "Z", "G": return true
                case "Q":
                    while index < scalars.count, !(peek() == "\\" && peek(1) == "E") { index += 1 }
                    index += 2
                    return false
                case "p", "P", "N", "x":
                    if peek() == "{" {
                        while let next = peek(), next != "}" { index += 1 }
                        index += 1
                    } else if escaped == "x" {
                        index += 2
                    } else if escaped != "N" {
                        index += 1
                    }
                    return false
                case "u": index += 4; return false
                case "U": index += 8; return false
                case "c": index += 1; return false
                case "0":
                    var digits = 0
                    while digits < 3, let next = peek(), ("0"..."7").contains(next) { index += 1; digits += 1 }
                    return false
                default: return false
                }
            default: return false
            }
        }

        /// Skips a character class after its `[`, nested classes included; false when unterminated.
        mutating func skipClass() -> Bool {
            var depth = 1
            if peek() == "^" { index += 1 }
            if peek() == "]" { index += 1 }
            while let scalar = peek() {
                index += 1
                switch scalar {
                case "\\": index += 1
                case "[": depth += 1
                case "]":
                    depth -= 1
                    if depth == 0 { return true }
                default: break
                }
            }
            return false
        }

        /// Reads the quantifier after an atom, if any: whether it allows zero, whether it allows many
        /// (unbounded, or more than 8), and whether it is possessive.
        mutating func quantifier() -> (minZero: Bool, unbounded: Bool, possessive: Bool) {
            var result = (minZero: false, unbounded: false, possessive: false)
            switch peek() {
            case "*": result = (true, true, false); index += 1
            case "+": result = (false, true, false); index += 1
            case "?": result = (true, false, false); index += 1
            case "{":
                var cursor = index + 1
                var numbers: [String] = [""]
                while cursor < scalars.count, scalars[cursor] != "}" {
                    if scalars[cursor] == "," { numbers.append("") } else { numbers[numbers.count - 1].unicodeScalars.append(scalars[cursor]) }
                    cursor += 1
                }
                guard cursor < scalars.count, let low = Int(numbers[0]), numbers.count <= 2 else { return result }
                index = cursor + 1
                let high = numbers.count == 2 ? Int(numbers[1]) : low
                result = (low == 0, high.map { $0 > 8 } ?? true, false)
            default: return result
            }
            if peek() == "?" { index += 1 } else if peek() == "+" { index += 1; result.possessive = true }
            return result
        }

        /// Whether some branch of the group is made only of items that can be empty or that repeat, at
        /// least one of which repeats: such a body splits one run in many ways.
        func bodyRepeats(_ frame: Frame) -> Bool {
            guard frame.kind == .plain else { return false }
            return frame.branches.contains { branch in
                branch.contains(where: \.repeats) && branch.allSatisfy { $0.repeats || $0.canBeEmpty }
            }
        }

        /// Whether two branches of the group are written the same (`(a|a)*`).
        func hasDuplicateBranches(_ frame: Frame) -> Bool {
            guard frame.kind == .plain, frame.branchStarts.count > 2 else { return false }
            var seen: Set<String> = []
            for (start, end) in zip(frame.branchStarts, frame.branchStarts.dropFirst()) where start < end {
                let text = String(String.UnicodeScalarView(scalars[start..<(end - 1)]))
                if !seen.insert(text).inserted { return true }
            }
            return false
        }
    }
}
