/// What a plan file or `--item` may say about an item.
extension BusinessItem {
    /// An item takes at least a minute and at most a long afternoon.
    public static let minutesRange = 1...240

    /// Why a title or lead cannot be shown as typed, or nil. Control characters could rewrite a
    /// terminal; a title longer than a line is a paragraph, not an agenda item.
    public static func textProblem(_ text: String, field: String) -> String? {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "\"\(field)\" must be one line of text, without control characters"
        }
        if text.count > maxTitleLength {
            return "\"\(field)\" is \(text.count) characters; at most \(maxTitleLength) fit an agenda line"
        }
        return nil
    }
}
