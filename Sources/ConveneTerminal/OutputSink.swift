import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where text goes: standard output and error in the program, a buffer in tests.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
}

/// Writes straight to file descriptors 1 and 2, unbuffered, so output and libedit's own drawing
/// never interleave out of order.
public final class StandardOutput: OutputSink {
    public init() {}

    public func write(_ text: String) { Self.write(text, to: 1) }
    public func writeError(_ text: String) { Self.write(text, to: 2) }

    static func write(_ text: String, to fd: Int32) {
        // From the string's own UTF-8 storage: a long output is not copied first.
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
