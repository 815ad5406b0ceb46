import ConveneCore

/// Makes new inputs from a corpus: flips, inserts tokens that matter to the parsers, splices,
/// truncates. Deterministic for a seed.
struct Mutator {
    var random: SeededGenerator
    let tokens: [[UInt8]] = [
        "---", "\n", ":", "{", "}", "[", "]", "- ", "## ", "1. ", "(5 min)", "min", "\"", "'", "#", "&", "=", "%", "%ZZ", "+",
        "\u{1B}[2J", "\u{1B}]52;c;", "\u{07}", "\u{9B}", "\u{202E}", "\u{0}", "\r", "/", "/goto ", "/commit a: b by ", "--scale",
        "*a", "&a", "!!binary", "? ", "|", ">", "\t", "9999999999999999999999", "-1", "\u{FEFF}", "é", "🙂",
    ].map { Array($0.utf8) }

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    mutating func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int(random.next() % 4 + 1) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count + 1))
            switch random.next() % 7 {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] ^= UInt8(1 << (random.next() % 8))
            case 1:
                bytes.insert(contentsOf: tokens[Int(random.next() % UInt64(tokens.count))], at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int(random.next() % 16))
                bytes.removeSubrange(min(position, end)..<end)
            case 3:
                let other = corpus[Int(random.next() % UInt64(corpus.count))]
                if !other.isEmpty {
                    let start = Int(random.next() % UInt64(other.count))
                    bytes.insert(contentsOf: other[start..<min(other.count, start + Int(random.next() % 64))], at: position)
                }
            case 4:
                bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 5 where bytes.count > 1:
                bytes = Array(bytes.prefix(position))
            default:
                let token = tokens[Int(random.next() % UInt64(tokens.count))]
                for _ in 0..<Int(random.next() % 8) { bytes.insert(contentsOf: token, at: min(position, bytes.count)) }
            }
        }
        return Array(bytes.prefix(64 * 1024))
    }
}
