import ConveneCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads lines from the keyboard with echo off: every prompt of a pass round. Nothing typed is shown
/// until Enter (the close word may be typed at any prompt, and who knows until Enter), and the reader
/// keeps nothing between lines: no history, no kill buffer, a new one for each participant.
public final class UnechoedReader: LineReading {
    let output: OutputSink
    /// Always private: no line of a round is kept anywhere.
    public var isPrivate: Bool {
        get { true }
        set {}
    }

    public init(output: OutputSink) {
        self.output = output
    }

    public func readLine(prompt: String) -> LineInput { readSecret(prompt: prompt) }

    /// The terminal goes quiet before the prompt is drawn, so a key typed the moment the prompt
    /// appears is not echoed by the terminal driver either.
    public func readSecret(prompt: String) -> LineInput {
        Self.withoutEcho {
            output.write(TerminalText.sanitize(prompt, singleLine: true))
            defer { output.write("\n") }
            var line = UnechoedLine()
            while true {
                guard let byte = Self.readByte() else { return line.bytes.isEmpty ? .endOfInput : .line(line.text) }
                switch line.feed(byte) {
                case .more: continue
                case .line(let text): return .line(text)
                case .interrupted: return .interrupted
                case .endOfInput: return .endOfInput
                }
            }
        }
    }

    public func participantReader() -> LineReading { UnechoedReader(output: output) }

    public func withoutEcho<T>(_ body: () -> T) -> T { Self.withoutEcho(body) }

    /// Runs `body` with standard input, when it is a terminal, in non-canonical mode without echo or
    /// signals (Ctrl-C and Ctrl-D arrive as keys); the settings before are restored after.
    static func withoutEcho<T>(_ body: () -> T) -> T {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        // Each key as it comes, with no timeout.
        withUnsafeMutableBytes(of: &quiet.c_cc) { keys in
            keys[Int(VMIN)] = 1
            keys[Int(VTIME)] = 0
        }
        tcsetattr(0, TCSANOW, &quiet)
        defer { tcsetattr(0, TCSANOW, &saved) }
        return body()
    }

    static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(0, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }
}
