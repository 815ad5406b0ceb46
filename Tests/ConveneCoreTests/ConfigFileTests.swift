import ConveneCore
import Testing

@Suite struct ConfigFileTests {
    @Test func flatKeysWithCommentsAndQuotesAreReadWithTheirLines() throws {
        let file = try ConfigFile.parse(
            "# defaults\ngroup: \"Reading Coalition: steering\"\n\nlanguage: es  # the pass round\nweb: 127.0.0.1:8091\n", path: "c.yaml")
        #expect(
            file.entries == [
                .init(key: "group", value: "Reading Coalition: steering", line: 2),
                .init(key: "language", value: "es", line: 4),
                .init(key: "web", value: "127.0.0.1:8091", line: 5),
            ])
        #expect(try ConfigFile.parse("# nothing set yet\n", path: "c.yaml").entries.isEmpty)
    }

    @Test func whatIsNotFlatKeyValueIsRefusedWithItsLine() {
        let cases: [(String, ConfigError)] = [
            (
                "group: G\nlanguage: [en, es]\n",
                ConfigError(file: "c.yaml", line: 2, key: "language", message: "expected a single value, not a list or a mapping")
            ),
            (
                "group: G\nweb:\n  port: 8080\n",
                ConfigError(file: "c.yaml", line: 2, key: "web", message: "expected a single value, not a list or a mapping")
            ),
            ("- group\n", ConfigError(file: "c.yaml", line: 1, key: nil, message: "expected lines of key: value")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try ConfigFile.parse(text, path: "c.yaml") }
        }
        // Malformed YAML: the line YAML stopped at, and no key.
        do {
            _ = try ConfigFile.parse("group: G\ncolor: \"on\n", path: "c.yaml")
            Issue.record("an unclosed quote was read")
        } catch {
            #expect(error.key == nil)
            #expect(error.line >= 2, "\(error)")
            #expect(error.description.hasPrefix("c.yaml:\(error.line): not valid YAML"), "\(error)")
        }
        #expect(throws: ConfigError.self) { try ConfigFile.parse("group: A\ngroup: B\n", path: "c.yaml") }
    }

    @Test func aWebAddressIsReadInOnePlace() {
        #expect(WebBind(parsing: "192.168.1.20:8080") == WebBind(address: "192.168.1.20", port: 8080))
        #expect(WebBind(parsing: ":8091") == WebBind(address: nil, port: 8091))
        #expect(WebBind(parsing: "127.0.0.1") == WebBind(address: "127.0.0.1", port: nil))
        #expect(WebBind(parsing: "127.0.0.1:notaport") == nil)
        #expect(WebBind(parsing: "127.0.0.1:70000") == nil)
    }
}
