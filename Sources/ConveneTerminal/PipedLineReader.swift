#if canImport(Glibc)
    import Glibc
#endif

/// Reads lines from a non-terminal standard input, without prompt or echo, so a session can be
/// scripted. Lines are checked as UTF-8 here rather than silently repaired.
public final class PipedLineReader: LineReading {
    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    var atEnd = false
    public private(set) var lineNumber = 0
    public var isPrivate = false
    /// Called about four times a second while the pipe has no whole line yet: a script's reader
    /// waits here between commands, so what happens meanwhile (a phone that found the room full)
    /// is shown when it happens. It runs on the reading thread, between two whole replies, so its
    /// lines never land in the middle of another.
    public var whileWaiting: (() -> Void)?

    public init(fd: Int32 = 0) {
        self.fd = fd
    }

    public func readLine(prompt: String) -> LineInput {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let bytes = Array(buffer[start..<newline])
                start = newline + 1
                compact()
                return decode(bytes)
            }
            if atEnd {
                guard start < buffer.count else { return .endOfInput }
                let bytes = Array(buffer[start...])
                start = buffer.count
                return decode(bytes)
            }
            fill()
        }
    }

    /// Piped input is never echoed anyway.
    public func readSecret(prompt: String) -> LineInput { readLine(prompt: prompt) }

    /// A script passes no keyboard: the same pipe serves every participant.
    public func participantReader() -> LineReading { self }

    func decode(_ bytes: [UInt8]) -> LineInput {
        lineNumber += 1
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .invalid("input line \(lineNumber) is not valid UTF-8 text: nothing was saved from it")
        }
        return .line(text)
    }

    func fill() {
        if let whileWaiting {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 250)
            if ready == 0 {
                whileWaiting()
                return
            }
            if ready < 0, errno == EINTR { return }
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { return }
        if count <= 0 {
            atEnd = true
            return
        }
        buffer.append(contentsOf: chunk[0..<count])
    }

    func compact() {
        if start > 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
