/// Checks for whole-number option values, run as the value is parsed: the parser then reports
/// "The value '-5' is invalid for '--minutes <minutes>': REASON", which main.swift prints as
/// "--minutes: REASON" (ArgumentErrorText). Options that use these parse `.unconditional`ly, so
/// that a negative number reaches the check instead of being taken for an option.
enum CountArgument {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// A number of `unit` (minutes, people), at least 1.
    static func positive(_ unit: String) -> @Sendable (String) throws -> Int {
        { text in
            guard let number = Int(text), number > 0 else { throw Problem(description: "must be a positive number of \(unit), got \(text)") }
            return number
        }
    }
}
