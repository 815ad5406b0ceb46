import Testing

@testable import ConveneCore

@Suite struct TerminalTextTests {
    @Test(arguments: [
        "\u{1B}[2J\u{1B}[3J", "\u{1B}]52;c;ZXZpbA==\u{07}", "\u{1B}]8;;https://x.example\u{1B}\\link\u{1B}]8;;\u{1B}\\",
        "\u{1B}P+q\u{1B}\\", "\u{9B}31m", "abc\u{202E}fed", "\u{2066}x\u{2069}", "a\u{061C}b", "nul\u{0}byte", "over\rwrite",
        "\u{7F}del", "\u{85}next-line",
    ])
    func hostileTextHasNoControlCharacters(_ input: String) {
        let output = TerminalText.sanitize(input)
        for scalar in output.unicodeScalars {
            #expect(!(scalar.value < 0x20 && scalar != "\n" && scalar != "\t"))
            #expect(!(0x7F...0x9F).contains(scalar.value))
            #expect(![0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(scalar.value))
        }
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "Café — ¿qué tal? 信頼 👍\nsecond line\ttab"
        #expect(TerminalText.sanitize(text) == text)
        #expect(TerminalText.sanitize("a\nb", singleLine: true) == "a b")
    }

    @Test func wrapKeepsWordsAndHangsListItems() {
        let lines = TerminalText.wrap("- one two three four five six", width: 20)
        #expect(lines == ["- one two three four", "  five six"])
    }
}
