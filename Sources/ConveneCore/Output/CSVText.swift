/// RFC 4180 CSV, written byte by byte: a field is quoted only when it holds a comma, a double quote,
/// a carriage return or a line feed, and its quotes are doubled. Rows end with a line feed.
///
/// Why bytes: the export writes hundreds of thousands of fields, and a String search per field for
/// each special character (what the CSV package did) took seconds; one pass over the UTF-8 bytes
/// decides and copies a field. UTF-8 keeps every multi-byte character intact, since none of its
/// bytes can equal an ASCII delimiter.
public enum CSVText {
    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// The whole table as text: the header first, then the rows.
    public static func render(header: [String], rows: [[String]]) -> String {
        var table = Table(header: header, capacity: 64 * (rows.count + 1))
        for row in rows { append(row: row, to: &table.bytes) }
        return table.text
    }

    /// A table written row by row straight into its bytes, so a long export builds no array of rows.
    public struct Table {
        public fileprivate(set) var bytes: [UInt8] = []

        public init(header: [String], capacity: Int = 0) {
            bytes.reserveCapacity(capacity)
            CSVText.append(row: header, to: &bytes)
        }

        public mutating func row(_ fields: String...) {
            CSVText.append(row: fields, to: &bytes)
        }

        /// A row already written by `CSVText.bytes(of:)`: a row repeated many times is encoded once.
        public mutating func append(_ row: [UInt8]) {
            bytes.append(contentsOf: row)
        }

        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// One row's bytes with its line feed.
    public static func bytes(of row: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        append(row: row, to: &bytes)
        return bytes
    }

    /// Appends one row and its line feed.
    public static func append(row: [String], to bytes: inout [UInt8]) {
        for (index, field) in row.enumerated() {
            if index > 0 { bytes.append(comma) }
            append(field: field, to: &bytes)
        }
        bytes.append(lf)
    }

    static func append(field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { utf8 in
            let needsQuotes = utf8.contains { $0 == comma || $0 == quote || $0 == cr || $0 == lf }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(quote)
            for byte in utf8 {
                if byte == quote { bytes.append(quote) }
                bytes.append(byte)
            }
            bytes.append(quote)
        }
    }
}
