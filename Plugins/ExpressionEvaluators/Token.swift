import FazhiBase

/// A token of an expression, with its place as offsets in Unicode scalars from the start of the text.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case number(FixedPoint)
        case word(String)
        case symbol(Symbol)
        case end
    }

    enum Symbol: String, Sendable {
        case plus = "+", minus = "-", times = "*", divide = "/"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
        case open = "(", close = ")", comma = ","
    }

    var kind: Kind
    var start: Int
    var end: Int

    /// The token as shown in "found …".
    var shown: String {
        switch kind {
        case .number(let v): "\"\(v)\""
        case .word(let w): "\"\(w)\""
        case .symbol(let s): "\"\(s.rawValue)\""
        case .end: "the end of the expression"
        }
    }
}

/// A problem in the text of an expression, at scalar offsets `start..<end`.
struct ExprError: Error {
    var message: String
    var start: Int
    var end: Int
    var hint: String?
}

/// Splits an expression into tokens. Whitespace (including U+3000) separates tokens.
enum Lexer {
    static let maxTokens = 20_000

    static func tokens(_ text: [Unicode.Scalar]) throws(ExprError) -> [Token] {
        var out: [Token] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        func isWordStart(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
        while i < text.count {
            let c = text[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{3000}" { i += 1; continue }
            if out.count >= maxTokens {
                throw ExprError(message: "the expression is too long (more than \(maxTokens) tokens)", start: i, end: i + 1)
            }
            let start = i
            if isDigit(c) || (c == "." && i + 1 < text.count && isDigit(text[i + 1])) {
                while i < text.count, isDigit(text[i]) || text[i] == "." { i += 1 }
                if i < text.count, text[i] == "%" { i += 1 }
                if i < text.count, isWordStart(text[i]) {
                    throw ExprError(message: "expected an operator after a number, found \"\(text[i])\"", start: i, end: i + 1,
                                    hint: "write * to multiply")
                }
                var literal = ""
                literal.unicodeScalars.append(contentsOf: text[start..<i])
                switch NumberParser.parse(literal) {
                case .success(let parsed):
                    out.append(Token(kind: .number(parsed.value), start: start, end: i))
                case .failure(.tooPrecise):
                    throw ExprError(message: "\"\(literal)\" has more than six decimal places", start: start, end: i)
                case .failure:
                    throw ExprError(message: "\"\(literal)\" is not a number", start: start, end: i)
                }
                continue
            }
            if isWordStart(c) {
                while i < text.count, isWordStart(text[i]) || isDigit(text[i]) { i += 1 }
                var word = ""
                word.unicodeScalars.append(contentsOf: text[start..<i])
                out.append(Token(kind: .word(word), start: start, end: i))
                continue
            }
            let next: Unicode.Scalar? = i + 1 < text.count ? text[i + 1] : nil
            let symbol: Token.Symbol
            var width = 1
            switch c {
            case "+": symbol = .plus
            case "-": symbol = .minus
            case "*": symbol = .times
            case "/": symbol = .divide
            case "(": symbol = .open
            case ")": symbol = .close
            case ",": symbol = .comma
            case "<": if next == "=" { symbol = .lessEqual; width = 2 } else { symbol = .less }
            case ">": if next == "=" { symbol = .greaterEqual; width = 2 } else { symbol = .greater }
            case "=":
                guard next == "=" else {
                    throw ExprError(message: "unexpected \"=\"", start: i, end: i + 1, hint: "use == to compare")
                }
                symbol = .equal
                width = 2
            case "!":
                guard next == "=" else {
                    throw ExprError(message: "unexpected \"!\"", start: i, end: i + 1, hint: "use not, or != to compare")
                }
                symbol = .notEqual
                width = 2
            case "&", "|":
                throw ExprError(message: "unexpected \"\(c)\"", start: i, end: i + 1, hint: "use \(c == "&" ? "and" : "or")")
            case "%":
                throw ExprError(message: "unexpected \"%\"; a percent sign follows a number (95%)", start: i, end: i + 1)
            default:
                throw ExprError(message: "unexpected character \"\(c)\" in the expression", start: i, end: i + 1)
            }
            i += width
            out.append(Token(kind: .symbol(symbol), start: start, end: i))
        }
        out.append(Token(kind: .end, start: text.count, end: text.count))
        return out
    }
}
