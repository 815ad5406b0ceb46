import ConveneCore
import ConveneStore
import ConveneWeb
import Foundation

/// A parser under fuzzing: it takes any bytes and must neither crash nor hang, and its output must
/// keep the promises the rest of Convene relies on.
enum FuzzTarget: String, CaseIterable {
    case command, frontmatter, plan, sanitizer, form, cache

    /// Runs one input; returns a broken promise, if any (a crash or hang shows by itself).
    func run(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .command:
            if let command = try? CommandParser.parse(text) {
                if case .note(let note) = command, note.isEmpty { return "an empty note was accepted" }
            }
            return nil
        case .frontmatter:
            let result = ActivityParser.parse(file: "activities/fuzz.md", text: text)
            if result.activity == nil && result.problems.isEmpty { return "a file was refused without a problem" }
            if result.problems.contains(where: { $0.line < 1 }) { return "a problem without a line" }
            return nil
        case .plan:
            let result = PlanParser.parse(file: "sessions/fuzz.yaml", text: text)
            if result.plan == nil && result.problems.isEmpty { return "a plan was refused without a problem" }
            return nil
        case .sanitizer:
            for output in [TerminalText.sanitize(text), TerminalText.sanitize(text, singleLine: true)] {
                for scalar in output.unicodeScalars {
                    let v = scalar.value
                    if (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                        || (0x2066...0x2069).contains(v) || v == 0x061C
                    {
                        return "control character U+\(String(v, radix: 16)) survived"
                    }
                }
            }
            return nil
        case .form:
            let fields = FormDecoder.decode(text)
            if fields.keys.contains(where: { $0.contains("&") }) { return "a field name kept an &" }
            return nil
        case .cache:
            // A damaged library cache is refused or read; what is read writes back to the same library.
            guard let library = LibraryCache.cached(Data(bytes), fingerprint: "fuzz") else { return nil }
            guard let again = LibraryCache.cached(Data(LibraryCache.encode(library, fingerprint: "fuzz")), fingerprint: "fuzz") else {
                return "a cache that was read could not be read back"
            }
            if again.activities != library.activities || again.plans != library.plans || again.problems != library.problems {
                return "a cache read back differently"
            }
            return nil
        }
    }
}
