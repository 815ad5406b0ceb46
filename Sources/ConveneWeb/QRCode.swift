import CQREncode

/// A QR code of a URL drawn with Unicode half blocks, two modules per character row, light modules
/// as blocks (as `qrencode -t UTF8` does), so it scans on the usual dark terminal.
public enum QRCode {
    /// Lines of the code, or nil when it would not fit in `width` columns.
    public static func lines(for text: String, width: Int) -> [String]? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        let quiet = 2
        let total = size + 2 * quiet
        guard total <= width else { return nil }
        func dark(_ x: Int, _ y: Int) -> Bool {
            let (mx, my) = (x - quiet, y - quiet)
            guard (0..<size).contains(mx), (0..<size).contains(my) else { return false }
            return code.pointee.data[my * size + mx] & 1 == 1
        }
        var lines: [String] = []
        for y in stride(from: 0, to: total, by: 2) {
            var line = ""
            for x in 0..<total {
                let top = !dark(x, y)
                let bottom = y + 1 < total ? !dark(x, y + 1) : false
                line += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " "
            }
            lines.append(line)
        }
        return lines
    }
}
