import CSV
import Foundation
import Testing

@testable import ConveneCore

/// The export's CSV: quoted only where needed, quotes doubled, and read back field for field by an
/// independent parser (CSV.swift).
@Suite struct CSVTextTests {
    @Test func plainFieldsAreNotQuotedAndEveryRowEndsWithALineFeed() {
        #expect(CSVText.render(header: ["a", "b"], rows: [["1", ""], ["x y", "2.5"]]) == "a,b\n1,\nx y,2.5\n")
    }

    @Test func commasQuotesAndLineBreaksAreQuoted() {
        let text = CSVText.render(header: ["f"], rows: [["a,b"], ["say \"hi\""], ["two\nlines"], ["cr\r\nlf"], ["\""]])
        #expect(text == "f\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"two\nlines\"\n\"cr\r\nlf\"\n\"\"\"\"\n")
    }

    @Test func everyFieldReadsBackUnchanged() throws {
        let rows = [
            ["comment", "Coalición de Lectura, “Mañana”", "naïve \"quoted\" text", "line one\nline two"],
            ["emoji 👩🏽‍🏫", "日本語", "", "tab\there"],
            ["ends with quote\"", ",leading comma", "\r\n", "plain"],
        ]
        let text = CSVText.render(header: ["a", "b", "c", "d"], rows: rows)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var read: [[String]] = []
        while let row = reader.next() { read.append(row) }
        #expect(reader.headerRow == ["a", "b", "c", "d"])
        #expect(read == rows)
    }
}
