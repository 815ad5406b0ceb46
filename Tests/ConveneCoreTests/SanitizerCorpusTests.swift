import Foundation
import Testing

@testable import ConveneCore

/// Hostile text from participants or library files must never drive the terminal.
@Suite struct SanitizerCorpusTests {
    static let corpus: [String] = [
        "\u{1B}[2J", "\u{1B}[3J", "\u{1B}[H", "\u{1B}[31mred\u{1B}[0m", "\u{1B}[?1049h", "\u{1B}[6n",
        "\u{1B}]0;evil title\u{07}", "\u{1B}]52;c;cm0gLXJmIH4=\u{07}", "\u{1B}]52;c;cm0gLXJmIH4=\u{1B}\\",
        "\u{1B}]8;;http://evil.example\u{07}click\u{1B}]8;;\u{07}", "\u{1B}P$q\"p\u{1B}\\", "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;eA==\u{07}\u{1B}\\",
        "\u{1B}_APC\u{1B}\\", "\u{1B}^PM\u{1B}\\", "\u{1B}X sos \u{1B}\\", "\u{1B}c", "\u{1B}7\u{1B}8", "\u{1B}#8",
        "\u{9B}2J", "\u{9D}52;c;eA==\u{9C}", "\u{90}q\u{9C}", "\u{85}", "\u{8D}reverse index",
        "user\u{202E}gpj.exe", "\u{202A}\u{202B}\u{202C}\u{202D}", "\u{2066}\u{2067}\u{2068}\u{2069}", "\u{061C}arabic mark",
        "NUL\u{0}inside", "all good\rEVIL OVERWRITE", "bell\u{07}\u{07}\u{07}", "back\u{08}\u{08}\u{08}space", "form\u{0C}feed",
        "vertical\u{0B}tab", "del\u{7F}ete", "shift\u{0E}out\u{0F}in", "line\u{2028}separator\u{2029}para",
        String(repeating: "\u{1B}[31m", count: 20_000), String(repeating: "x", count: 100_000) + "\u{1B}]52;c;eA==\u{07}",
    ]

    static func isClean(_ output: String) -> Bool {
        for scalar in output.unicodeScalars {
            let v = scalar.value
            if v < 0x20 && v != 0x0A && v != 0x09 { return false }
            if (0x7F...0x9F).contains(v) { return false }
            if [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                return false
            }
        }
        return true
    }

    @Test func corpusHasAtLeastThirtyHostileStrings() {
        #expect(Self.corpus.count >= 30)
    }

    @Test(arguments: corpus.indices)
    func everyHostileStringComesOutClean(_ index: Int) {
        let input = Self.corpus[index]
        #expect(Self.isClean(TerminalText.sanitize(input)))
        #expect(Self.isClean(TerminalText.sanitize(input, singleLine: true)))
        #expect(!TerminalText.sanitize(input, singleLine: true).contains("\n"))
    }

    @Test func randomBytesComeOutClean() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...64, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(Self.isClean(TerminalText.sanitize(text)))
        }
        for _ in 0..<5_000 {
            let scalars = (0..<Int.random(in: 0...32, using: &random)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x3000, using: &random))
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            #expect(Self.isClean(TerminalText.sanitize(text)))
        }
    }

    @Test func summariesAndCardsAreSanitized() throws {
        let hostile = "\u{1B}]52;c;eA==\u{07}\u{202E}note"
        let facilitator = Facilitator(library: Fixtures.library)
        var state = try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "G\u{1B}[2J", at: Fixtures.t0).state
        state = try facilitator.step(state, .note(hostile), at: Fixtures.t0).state
        state = try facilitator.step(state, .conflict(hostile), at: Fixtures.t0).state
        state = try facilitator.step(state, .spoke(hostile), at: Fixtures.t0).state
        let end = try facilitator.step(state, .end(out: nil), at: Fixtures.t0.addingTimeInterval(60))
        #expect(Self.isClean(end.output.map { $0.text }.joined(separator: "\n")))
        #expect(Self.isClean(try SessionSummary(state: end.state, library: Fixtures.library).json()))
    }
}
