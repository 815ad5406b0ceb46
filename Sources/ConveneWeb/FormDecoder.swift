import ConveneCore
import Foundation

/// Decodes an application/x-www-form-urlencoded body. Unknown, repeated or malformed fields are
/// tolerated: the first value of a name wins; bad percent-escapes leave the raw text. A browser sends
/// a textarea's line breaks as CR LF: they arrive as one newline.
public enum FormDecoder {
    /// Whether any field holds a control character other than newline and tab (the rule is the
    /// pass round's too: `PulseAnswer.hasControlCharacters`).
    public static func hasControlCharacters(_ fields: [String: String]) -> Bool {
        fields.contains { PulseAnswer.hasControlCharacters($0.key) || PulseAnswer.hasControlCharacters($0.value) }
    }

    /// The fields with each control character made a space: what a refused form shows back to be
    /// checked and sent again (nothing is stored from it).
    public static func withoutControlCharacters(_ fields: [String: String]) -> [String: String] {
        fields.mapValues { value in
            guard PulseAnswer.hasControlCharacters(value) else { return value }
            return String(String.UnicodeScalarView(value.unicodeScalars.map { PulseAnswer.hasControlCharacters(String($0)) ? " " : $0 }))
        }
    }

    public static func decode(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = unescape(pair[..<(equals ?? pair.endIndex)])
            let value = equals.map { unescape(pair[pair.index(after: $0)...]) } ?? ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// `+` as a space and `%XX` as its byte, over the bytes (Foundation's string searches cost a
    /// tenth of every answer's time). A bad escape, or bytes that are not UTF-8, leave the raw text.
    static func unescape(_ text: Substring.UTF8View) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let high = text.index(after: index)
                guard high < text.endIndex, text.index(after: high) < text.endIndex,
                    let h = hexValue(text[high]), let l = hexValue(text[text.index(after: high)])
                else { return raw(text) }
                bytes.append(h << 4 | l)
                index = text.index(after: high)
            } else {
                bytes.append(byte)
            }
            index = text.index(after: index)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { return raw(text) }
        return decoded.contains("\r\n") ? decoded.replacingOccurrences(of: "\r\n", with: "\n") : decoded
    }

    static func raw(_ text: Substring.UTF8View) -> String {
        String(decoding: text.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
