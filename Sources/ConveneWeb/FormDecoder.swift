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

    public static func decode(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = unescape(parts[0])
            let value = parts.count > 1 ? unescape(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    static func unescape(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return (spaced.removingPercentEncoding ?? spaced).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
